"""Downloading released packages: a real HTTP server on 127.0.0.1 serving real built zips."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

import sahel_facts
from sahel_facts import download, releases
from sahel_facts.download import DownloadError, fetch
from sahel_facts.package.build import build
from tests.conftest import REPO

VERSION = "9.0.0"


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; under /cut/ it promises the whole file and sends half (a cut-off transfer)."""

    def do_GET(self) -> None:
        if self.path.startswith("/cut/"):
            data = (Path(self.directory) / self.path.removeprefix("/cut/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


class Server:
    """A real HTTP server on 127.0.0.1, in a thread, serving ``folder``; stops on request."""

    def __init__(self, folder: Path) -> None:
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
        )
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


@pytest.fixture(scope="module")
def release_zip(tmp_path_factory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("release"), version=VERSION).zip


@pytest.fixture
def served(tmp_path, release_zip):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / release_zip.name).write_bytes(release_zip.read_bytes())
    server = Server(folder)
    yield server, folder
    server.stop()


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SAHEL_FACTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SAHEL_FACTS_BASE_URL", raising=False)
    return tmp_path / "cache"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_download_then_cached_with_the_server_stopped(served, release_zip, cache, monkeypatch):
    server, _ = served
    monkeypatch.setenv("SAHEL_FACTS_BASE_URL", server.url)
    facts = sahel_facts.load(version=VERSION, sha256=sha(release_zip))
    assert facts.version == VERSION and len(facts) == len(sahel_facts.load(REPO))
    assert (cache / release_zip.name).read_bytes() == release_zip.read_bytes()
    server.stop()
    again = sahel_facts.load(version=VERSION, sha256=sha(release_zip))
    assert again.records == facts.records


def test_the_registry_hash_is_used(served, release_zip, tmp_path, monkeypatch):
    server, _ = served
    registry = tmp_path / "releases.json"
    registry.write_text("{}")
    monkeypatch.setattr(releases, "registry_path", lambda: registry)
    releases.register(VERSION, release_zip)
    assert json.loads(registry.read_text())[VERSION]["sha256"] == sha(release_zip)
    path = fetch(VERSION, url=server.url + "/")
    assert sha(path) == sha(release_zip)
    assert download.cached_versions() == {VERSION: True}


def test_tampered_bytes_are_refused_and_not_kept(served, release_zip, cache):
    server, folder = served
    tampered = bytearray(release_zip.read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF
    (folder / release_zip.name).write_bytes(bytes(tampered))
    with pytest.raises(DownloadError, match=rf"version {VERSION} from {server.url}/.*does not match its sha256"):
        fetch(VERSION, sha(release_zip), server.url)
    assert not (cache / release_zip.name).exists()


def test_a_cut_off_transfer_is_refused_and_not_kept(served, release_zip, cache):
    server, _ = served
    with pytest.raises(DownloadError, match=f"version {VERSION}") as caught:
        fetch(VERSION, sha(release_zip), server.url + "/cut")
    assert f"{server.url}/cut/{release_zip.name}" in str(caught.value)
    assert "cut off after" in str(caught.value)  # the transfer was cut, not merely corrupted
    assert not (cache / release_zip.name).exists()


def test_an_unknown_version(served):
    server, _ = served
    with pytest.raises(DownloadError, match="not in the release registry"):
        fetch("7.7.7", url=server.url)
    with pytest.raises(DownloadError, match="not a version number"):
        fetch("latest", url=server.url)
    with pytest.raises(DownloadError, match=rf"cannot download {server.url}/sahel-facts-7\.7\.7\.zip"):
        fetch("7.7.7", "0" * 64, server.url)


def test_a_cached_zip_of_the_old_layout_still_loads_offline(release_zip, cache):
    """Builds before the flat zip put the package in a folder of the zip, records.json among its resources."""
    with zipfile.ZipFile(release_zip) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    described = json.loads(members["datapackage.json"])
    described["resources"].append(described.pop("sahel-facts:records"))
    members["datapackage.json"] = json.dumps(described).encode()
    cache.mkdir()
    old = cache / release_zip.name
    with zipfile.ZipFile(old, "w") as archive:
        for name, data in members.items():
            archive.writestr(f"sahel-facts-{VERSION}/{name}", data)
    facts = sahel_facts.load(version=VERSION, sha256=sha(old))  # no server: the cache alone
    assert facts.version == VERSION and facts.records == sahel_facts.load(release_zip).records


def _hostile(folder: Path, release_zip: Path, extra: dict[str, bytes]) -> str:
    with zipfile.ZipFile(release_zip) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members.update(extra)
    with zipfile.ZipFile(folder / release_zip.name, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return sha(folder / release_zip.name)


def test_a_hostile_zip_is_refused_and_not_kept(served, release_zip, cache, tmp_path):
    server, folder = served
    digest = _hostile(folder, release_zip, {"../../escaped.txt": b"owned"})
    with pytest.raises(DownloadError, match=f"version {VERSION} from {server.url}.*leaves the package"):
        fetch(VERSION, digest, server.url)
    assert not (cache / release_zip.name).exists()
    assert not list(tmp_path.rglob("escaped.txt"))


def test_a_zip_that_is_not_a_package(served, release_zip, cache):
    server, folder = served
    (folder / release_zip.name).write_bytes(b"PK\x03\x04 but not really a zip")
    with pytest.raises(DownloadError, match="not a zip"):
        fetch(VERSION, sha(folder / release_zip.name), server.url)
    assert not (cache / release_zip.name).exists()


def test_offline_without_the_version_cached(release_zip, cache):
    with pytest.raises(DownloadError) as caught:
        fetch(VERSION, sha(release_zip), "http://127.0.0.1:9")
    message = str(caught.value)
    assert f"http://127.0.0.1:9/{release_zip.name}" in message and str(cache / release_zip.name) in message


def test_no_release_address(release_zip):
    with pytest.raises(DownloadError, match="SAHEL_FACTS_BASE_URL"):
        fetch(VERSION, sha(release_zip))


def test_a_released_version_never_changes(release_zip, tmp_path, monkeypatch):
    registry = tmp_path / "releases.json"
    registry.write_text(json.dumps({VERSION: {"file": release_zip.name, "sha256": "0" * 64, "size": 1}}))
    monkeypatch.setattr(releases, "registry_path", lambda: registry)
    with pytest.raises(releases.RegistryError, match="never changes"):
        releases.register(VERSION, release_zip)


@pytest.mark.parametrize(
    "registry",
    [
        "[]",
        '{"0.1.0\\n": {"file": "sahel-facts-0.1.0.zip", "sha256": "%s", "size": 1}}' % ("0" * 64),
        '{"0.1.0": {"file": "../../x.zip", "sha256": "%s", "size": 1}}' % ("0" * 64),
        '{"0.1.0": {"file": "sahel-facts-0.1.0.zip", "sha256": "", "size": 1}}',
        '{"0.1.0": {"file": "sahel-facts-0.1.0.zip", "sha256": "%s", "size": -1}}' % ("0" * 64),
        '{"0.1.0": {"file": "sahel-facts-0.1.0.zip", "sha256": "%s", "size": true}}' % ("0" * 64),
        '{"0.1.0": ["sahel-facts-0.1.0.zip"]}',
    ],
)
def test_a_malformed_registry_is_refused(tmp_path, registry):
    path = tmp_path / "releases.json"
    path.write_text(registry)
    with pytest.raises(releases.RegistryError, match=str(path)):
        releases.read(path)


def test_registering_a_build_describes_exactly_that_build(tmp_path):
    built = build(REPO, tmp_path / "dist")
    registry = tmp_path / "releases.json"
    registry.write_text("{}")
    version, entry = releases.register_zip(built.zip, registry)
    assert version == sahel_facts.__version__
    assert entry == releases.entry_for(build(REPO, tmp_path / "again").zip)
    assert releases.read(registry) == {version: entry}


@pytest.mark.skipif(
    releases.read().get(sahel_facts.__version__) is None, reason="the current version is not released yet"
)
def test_the_shipped_registry_matches_the_build_of_the_current_version(tmp_path):
    entry = releases.read()[sahel_facts.__version__]
    assert entry == releases.entry_for(build(REPO, tmp_path / "dist").zip)


def test_fetch_command_is_quiet_off_a_terminal(served, release_zip, cache):
    server, _ = served
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "fetch", VERSION, "--sha256", sha(release_zip), "--url", server.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(cache / release_zip.name)
    assert done.stderr == ""
    listed = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "fetch", "--list"], capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0 and str(cache) in listed.stdout


def test_release_check(tmp_path):
    good = f"## [{sahel_facts.__version__}] - 2026-12-01\n"
    assert releases.release_problems(f"v{sahel_facts.__version__}", sahel_facts.__version__, good) == []
    problems = releases.release_problems(
        "v9.9.9", sahel_facts.__version__, f"## [{sahel_facts.__version__}] - Unreleased"
    )
    assert len(problems) == 2 and "no release date" in problems[1]


def test_registering_refuses_a_zip_that_is_not_a_package(tmp_path):
    import zipfile

    bogus = tmp_path / "sahel-facts-9.9.9.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("datapackage.json", "{}")
    registry = tmp_path / "releases.json"
    registry.write_text("{}")
    with pytest.raises(releases.RegistryError, match="not a sahel-facts package"):
        releases.register_zip(bogus, registry)
    assert registry.read_text() == "{}"


def test_a_zip_with_the_package_at_its_root_is_fetched_as_one_in_its_folder(served, release_zip, cache):
    """Packages are zipped flat (datapackage.json at the root, as Frictionless tools open them) or, before, in
    a folder: a release of either layout downloads, verifies and loads."""
    server, folder = served
    prefix = f"sahel-facts-{VERSION}/"
    with zipfile.ZipFile(release_zip) as archive:
        members = {i.filename.removeprefix(prefix): archive.read(i) for i in archive.infolist()}
    assert "datapackage.json" in members
    with zipfile.ZipFile(folder / release_zip.name, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = fetch(VERSION, sha(folder / release_zip.name), server.url)
    assert path.read_bytes() == (folder / release_zip.name).read_bytes()
    assert sahel_facts.load(version=VERSION, sha256=sha(path)).records == sahel_facts.load(release_zip).records
