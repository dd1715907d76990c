"""The release registry: registered into the repository it is run for, read and written only as a plain file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

import sahel_facts
from sahel_facts import releases

VERSION = sahel_facts.__version__


def _release(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "sahel_facts", "release", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )


@pytest.fixture
def repository_root(tmp_path, built_package):
    """A repository root with an empty registry, a CITATION.cff and a pyproject.toml, and the built zip in its dist/."""
    root = tmp_path / "repository"
    (root / "sahel_facts").mkdir(parents=True)
    (root / "sahel_facts/releases.json").write_text("{}\n")
    (root / "CITATION.cff").write_text(f"cff-version: 1.2.0\nversion: {VERSION}\n")
    (root / "pyproject.toml").write_text('[project]\nname = "sahel-facts"\n')
    (root / "dist").mkdir()
    shutil.copy(built_package, root / "dist" / built_package.name)
    return root


def test_register_writes_the_registry_of_the_root_it_is_run_for(repository_root):
    shipped = releases.registry_path().read_bytes()
    zipped = repository_root / "dist" / f"sahel-facts-{VERSION}.zip"
    done = _release(repository_root, "register", str(zipped), str(repository_root))
    assert done.returncode == 0, done.stderr
    registry = repository_root / "sahel_facts/releases.json"
    assert releases.read(registry) == {VERSION: releases.entry_for(zipped)}
    assert releases.registry_path().read_bytes() == shipped
    assert sorted(p.name for p in registry.parent.iterdir()) == ["releases.json"]


def test_a_registry_that_is_a_symbolic_link_is_refused_and_its_target_untouched(repository_root, tmp_path_factory):
    victim = tmp_path_factory.mktemp("victim") / "releases.json"
    victim.write_text("{}\n")
    registry = repository_root / "sahel_facts/releases.json"
    registry.unlink()
    registry.symlink_to(victim)
    done = _release(repository_root, "register", f"dist/sahel-facts-{VERSION}.zip", ".")
    assert done.returncode == 2, done.stderr
    assert "sahel_facts/releases.json is a symbolic link" in done.stderr
    assert victim.read_text() == "{}\n" and registry.is_symlink()


ENTRY = {"file": f"sahel-facts-{VERSION}.zip", "sha256": "0" * 64, "size": 1}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[]", "not a JSON object"),
        ("{", "not a release registry"),
        (json.dumps({"latest": ENTRY}), "release 'latest': not a semantic version"),
        (json.dumps({VERSION: {**ENTRY, "size": "1"}}), "size '1' is not a positive number of bytes"),
        (json.dumps({VERSION: {**ENTRY, "size": True}}), "size True is not a positive number of bytes"),
        (json.dumps({VERSION: {**ENTRY, "sha256": "X" * 64}}), "is not 64 lower-case hexadecimal digits"),
        (json.dumps({VERSION: {**ENTRY, "file": "../../x.zip"}}), "file '../../x.zip' is not sahel-facts-"),
        (json.dumps({VERSION: [1, 2]}), "an entry is an object of file, sha256 and size"),
        (" " * (releases.MAX_REGISTRY + 1) + "{}", "byte limit"),
    ],
)
def test_a_registry_that_is_not_one_is_refused_naming_the_file(tmp_path, content, says):
    registry = tmp_path / "releases.json"
    registry.write_text(content)
    with pytest.raises(releases.RegistryError, match=f"{registry}.*{says}"):
        releases.read(registry)


def test_a_registry_that_is_a_fifo_is_refused_not_waited_on(tmp_path):
    registry = tmp_path / "releases.json"
    os.mkfifo(registry)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            releases.read(registry)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert not reader.is_alive(), "reading a FIFO as the registry waits for a writer"
    assert [type(e) for e in outcome] == [releases.RegistryError]


def test_checking_a_release_with_a_zip_that_is_not_there_says_so(repository_root):
    (repository_root / "CHANGELOG.md").write_text(f"## [{VERSION}] - 2026-12-01\n")
    zipped = repository_root / "dist" / f"sahel-facts-{VERSION}.zip"
    assert _release(repository_root, "register", str(zipped), ".").returncode == 0
    zipped.unlink()
    done = _release(repository_root, "check", f"v{VERSION}", "--zip", str(zipped))
    assert done.returncode == 2, done.stderr
    assert f"{zipped}: cannot be read" in done.stderr and "internal error" not in done.stderr


def test_cutting_a_release_as_the_readme_says_registers_checks_and_serves_it(repository_root, monkeypatch, tmp_path):
    """The maintainer's steps on a built zip: register it, check the tag, publish it at the Releases address;
    then a user fetches the version by number alone, verified against the registry, from a real server."""
    from sahel_facts.citation import RELEASES, project_urls
    from sahel_facts.download import fetch
    from tests.test_download import Server

    www = tmp_path / "www"
    server = Server(www)
    try:
        address = f"{server.url}/download/v{{version}}"
        (repository_root / "CHANGELOG.md").write_text(f"# Changelog\n\n## [{VERSION}] - 2026-12-01\n")
        (repository_root / "pyproject.toml").write_text(
            f'[project]\nname = "sahel-facts"\n\n[project.urls]\nRepository = "{server.url}/repo"\n'
            f'Releases = "{address}"\n'
        )
        (repository_root / "CITATION.cff").write_text(
            f"cff-version: 1.2.0\ntitle: t\nversion: {VERSION}\ndate-released: 2026-12-01\n"
            f"url: {server.url}/repo\nrepository-code: {server.url}/repo\n"
        )
        zipped = repository_root / "dist" / f"sahel-facts-{VERSION}.zip"
        done = _release(repository_root, "register", str(zipped), ".")
        assert done.returncode == 0, done.stderr
        registry = repository_root / "sahel_facts/releases.json"
        entry = json.loads(registry.read_text())[VERSION]
        assert entry == {
            "file": zipped.name,
            "sha256": releases.entry_for(zipped).sha256,
            "size": zipped.stat().st_size,
        }
        done = _release(repository_root, "check", f"v{VERSION}", "--zip", str(zipped))
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")

        published = www / "download" / f"v{VERSION}"
        published.mkdir(parents=True)
        shutil.copy(zipped, published / zipped.name)
        monkeypatch.setattr(releases, "registry_path", lambda: registry)
        monkeypatch.setenv("SAHEL_FACTS_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("SAHEL_FACTS_BASE_URL", project_urls(repository_root)[RELEASES])
        path = fetch(VERSION)
        assert path.read_bytes() == zipped.read_bytes()
        assert sahel_facts.load(version=VERSION).version == VERSION
    finally:
        server.stop()


def test_a_release_without_an_address_to_download_it_from_is_refused(repository_root):
    (repository_root / "CHANGELOG.md").write_text(f"## [{VERSION}] - 2026-12-01\n")
    (repository_root / "pyproject.toml").write_text('[project]\nname = "sahel-facts"\n')
    (repository_root / "CITATION.cff").write_text(
        f"cff-version: 1.2.0\nversion: {VERSION}\ndate-released: 2026-12-01\n"
    )
    done = _release(repository_root, "check", f"v{VERSION}")
    assert done.returncode == 1, done.stderr
    assert "CITATION.cff has no url" in done.stdout
    assert "pyproject.toml has no http(s) [project.urls] Releases" in done.stdout
