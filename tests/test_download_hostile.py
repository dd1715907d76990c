"""Downloads from a hostile server: a real HTTP server on 127.0.0.1 that answers as badly as it can.

Whatever the server does, a fetch gives the verified package or a DownloadError, within its
deadline and size cap, and the cache never holds anything but verified packages.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from sahel_facts import download, releases
from sahel_facts.download import DownloadError, fetch
from sahel_facts.loader import from_zip
from sahel_facts.package.build import build
from tests.conftest import REPO

VERSION = "9.1.0"
#: A server never sends more than this, so that a client without a cap still ends.
SAFETY = 256 << 20
#: Generous: a fetch that has not returned by then hangs.
BOUND = 60

Route = Callable[["Handler"], None]


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers each path with the route registered for its first segment, writing raw bytes."""

    server: Hostile

    def do_GET(self) -> None:
        self.close_connection = True
        route = self.server.routes.get(self.path.split("/")[1])
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(OSError):  # the client hung up: what a refusing client does
            route(self)

    def log_message(self, *args) -> None:
        pass


class Hostile(http.server.ThreadingHTTPServer):
    """A real server on 127.0.0.1 in a thread; ``routes`` maps a path's first segment to an answer."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.server_port}"
        self.routes: dict[str, Route] = {}
        self.stopping = threading.Event()
        self.sent: dict[str, int] = {}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self.thread.join(BOUND)


@pytest.fixture(scope="module")
def release_zip(tmp_path_factory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("release"), version=VERSION).zip


@pytest.fixture(scope="module")
def good(release_zip) -> bytes:
    return release_zip.read_bytes()


@pytest.fixture(scope="module", autouse=True)
def registered(tmp_path_factory, release_zip) -> Iterator[releases.Release]:
    """VERSION is in the registry, with its sha256 and size (9.9.9 is not)."""
    registry = tmp_path_factory.mktemp("registry") / "releases.json"
    registry.write_text("{}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(releases, "registry_path", lambda: registry)
        yield releases.register(VERSION, release_zip)


@pytest.fixture(scope="module")
def server() -> Iterator[Hostile]:
    hostile = Hostile()
    yield hostile
    hostile.stop()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SAHEL_FACTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SAHEL_FACTS_BASE_URL", raising=False)
    return tmp_path / "cache"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def answer(status: str, headers: dict[str, str], body: bytes = b"") -> Route:
    """A route writing this status line, these headers and this body, then hanging up."""

    def route(handler: Handler) -> None:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        handler.wfile.write(f"HTTP/1.1 {status}\r\n{head}Connection: close\r\n\r\n".encode() + body)

    return route


def endless(handler: Handler, name: str, chunks: Iterator[bytes], safety: int = SAFETY) -> None:
    """Write ``chunks`` until the client hangs up, the server stops or ``safety`` bytes are sent."""
    handler.server.sent[name] = 0
    for chunk in chunks:
        if handler.server.stopping.is_set() or handler.server.sent[name] > safety:
            return
        handler.wfile.write(chunk)
        handler.server.sent[name] += len(chunk)


def zeros() -> Iterator[bytes]:
    while True:
        yield bytes(1 << 16)


def bomb() -> Iterator[bytes]:
    """A gzip stream that expands 1000 times: endless zeros, compressed as they are sent."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    while True:
        yield squeeze.compress(bytes(1 << 20)) + squeeze.flush(zlib.Z_SYNC_FLUSH)


def drip(data: bytes, pause: float) -> Callable[[Handler], None]:
    """Send ``data`` a byte at a time, ``pause`` seconds apart (a byte a second never times a socket out)."""

    def route(handler: Handler) -> None:
        for byte in data:
            if handler.server.stopping.wait(pause):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return route


def within(call: Callable[[], object]) -> object:
    """``call``'s result or exception, asserting it returns within BOUND seconds instead of hanging."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BOUND)
    assert outcome, f"still running after {BOUND} s: the deadline did not stop it"
    return outcome[0]


def kept(cache: Path) -> list[str]:
    """Every file in the cache folder, partial or not."""
    return sorted(p.name for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


# ---------------------------------------------------------------------------- size caps


def test_an_endless_body_stops_at_the_registered_size(server, registered, cache):
    server.routes["endless"] = lambda h: (answer("200 OK", {})(h), endless(h, "endless", zeros()))
    with pytest.raises(DownloadError, match=f"more than the {registered.size:,} bytes"):
        fetch(VERSION, url=f"{server.url}/endless")
    assert kept(cache) == []


def test_a_gzip_bomb_stops_at_the_registered_size_decoded(server, registered, cache):
    server.routes["bomb"] = lambda h: (
        answer("200 OK", {"Content-Encoding": "gzip"})(h),
        endless(h, "bomb", bomb(), SAFETY // 1000),
    )
    with pytest.raises(DownloadError, match=f"more than the {registered.size:,} bytes"):
        fetch(VERSION, url=f"{server.url}/bomb")
    assert kept(cache) == []


def test_an_unregistered_build_is_capped_by_max_bytes(server, good, cache):
    server.routes["big"] = lambda h: (answer("200 OK", {})(h), endless(h, "big", zeros()))
    with pytest.raises(DownloadError, match="more than the 1,000 bytes"):
        fetch("9.9.9", sha(good), f"{server.url}/big", max_bytes=1000)
    assert kept(cache) == []


def test_a_content_length_over_the_size_is_refused_before_the_body(server, registered, good, cache):
    server.routes["long"] = answer("200 OK", {"Content-Length": str(10 * registered.size)}, good)
    with pytest.raises(DownloadError, match=f"announces {10 * registered.size:,} bytes"):
        fetch(VERSION, url=f"{server.url}/long")
    assert kept(cache) == []


@pytest.mark.parametrize("change", [b"x", -1])
def test_a_body_of_the_wrong_size(server, registered, good, cache, change):
    body = good + change if isinstance(change, bytes) else good[:change]
    server.routes["size"] = answer("200 OK", {"Content-Length": str(len(body))}, body)
    with pytest.raises(DownloadError, match=f"{VERSION}.*(more than the {registered.size:,}|{len(body):,} bytes)"):
        fetch(VERSION, url=f"{server.url}/size")
    assert kept(cache) == []


def test_a_content_length_lie_is_a_cut_off_transfer(server, registered, good, cache):
    server.routes["lie"] = answer("200 OK", {"Content-Length": str(len(good))}, good[:100])
    with pytest.raises(DownloadError, match=f"cut off after 100 of the {len(good):,} bytes"):
        fetch(VERSION, url=f"{server.url}/lie")
    assert kept(cache) == []


@pytest.mark.parametrize("encoding", ["br", "gzip, gzip", "compress"])
def test_an_encoding_that_was_not_asked_for(server, registered, good, cache, encoding):
    server.routes["enc"] = answer("200 OK", {"Content-Encoding": encoding}, good)
    with pytest.raises(DownloadError, match="Content-Encoding"):
        fetch(VERSION, url=f"{server.url}/enc")
    assert kept(cache) == []


def test_a_gzipped_release_is_decoded_and_verified(server, registered, good, cache):
    server.routes["gz"] = answer("200 OK", {"Content-Encoding": "gzip"}, squeezed(good, "gzip"))
    path = fetch(VERSION, url=f"{server.url}/gz")
    assert path.read_bytes() == good and kept(cache) == [path.name]


# ---------------------------------------------------------------------------- the deadline


def test_a_slow_drip_body_is_stopped_by_the_deadline(server, registered, good, cache):
    server.routes["drip"] = lambda h: (
        answer("200 OK", {"Content-Length": str(len(good))})(h),
        drip(good, 0.2)(h),
    )
    caught = within(lambda: fetch(VERSION, url=f"{server.url}/drip", deadline=2))
    assert isinstance(caught, DownloadError) and "deadline of 2 s" in str(caught)
    assert kept(cache) == []


def test_slow_drip_headers_are_stopped_by_the_deadline(server, registered, cache):
    server.routes["headers"] = drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000, 0.2)
    caught = within(lambda: fetch(VERSION, url=f"{server.url}/headers", deadline=2))
    assert isinstance(caught, DownloadError) and "deadline of 2 s" in str(caught)
    assert kept(cache) == []


def test_the_fetch_command_takes_a_deadline(server, registered, good, cache):
    server.routes["drip-cli"] = lambda h: (
        answer("200 OK", {"Content-Length": str(len(good))})(h),
        drip(good, 0.2)(h),
    )
    env = {**os.environ, "SAHEL_FACTS_CACHE": str(cache)}
    code = (
        "import sys; from pathlib import Path; from sahel_facts import releases, cli;"
        f"releases.registry_path = lambda: Path({str(releases.registry_path())!r});"
        f"sys.exit(cli.main(['fetch', {VERSION!r}, '--url', {server.url + '/drip-cli'!r}, '--deadline', '2']))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=BOUND)
    assert done.returncode == 1 and "deadline of 2 s" in done.stderr and "Traceback" not in done.stderr
    assert kept(cache) == []


# ---------------------------------------------------------------------------- redirects


@pytest.fixture
def elsewhere(good) -> Iterator[Hostile]:
    other = Hostile()
    other.routes["zips"] = answer("200 OK", {"Content-Length": str(len(good))}, good)
    yield other
    other.stop()


def test_a_redirect_elsewhere_is_followed_and_verified_without_reading_its_body(
    server, registered, good, cache, elsewhere
):
    def route(handler: Handler) -> None:
        answer("302 Found", {"Location": f"{elsewhere.url}/zips/{registered.file}"})(handler)
        endless(handler, "redirect", zeros())

    server.routes["moved"] = route
    assert fetch(VERSION, url=f"{server.url}/moved").read_bytes() == good
    assert server.sent["redirect"] < 64 << 20  # the redirect's own (endless) body was not read


def test_a_redirect_to_a_hostile_body_elsewhere_is_capped(server, registered, cache, elsewhere):
    elsewhere.routes["endless"] = lambda h: (answer("200 OK", {})(h), endless(h, "endless", zeros()))
    server.routes["away"] = answer("302 Found", {"Location": f"{elsewhere.url}/endless/{registered.file}"})
    with pytest.raises(DownloadError, match=f"{elsewhere.url}.*more than the {registered.size:,} bytes"):
        fetch(VERSION, url=f"{server.url}/away")
    assert kept(cache) == []


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x.zip", "data:,hello"])
def test_a_redirect_off_http_is_refused(server, registered, cache, location):
    server.routes["off"] = answer("301 Moved Permanently", {"Location": location})
    with pytest.raises(DownloadError, match="only http and https"):
        fetch(VERSION, url=f"{server.url}/off")
    assert kept(cache) == []


def test_a_redirect_loop_is_refused(server, registered, cache):
    server.routes["loop"] = answer("302 Found", {"Location": f"{server.url}/loop/{registered.file}"})
    with pytest.raises(DownloadError, match="redirect"):
        fetch(VERSION, url=f"{server.url}/loop")
    assert kept(cache) == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    """A self-signed certificate for 127.0.0.1, made with openssl; its key is beside it."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed, so no certificate for a local https server")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    request = "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
    subprocess.run(
        ["openssl", *request.split(), "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=BOUND,
    )
    return cert


@pytest.fixture
def secure(certificate, good) -> Iterator[Hostile]:
    """An https server on 127.0.0.1 with the self-signed certificate."""
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificate, certificate.parent / "key.pem")
    server = Hostile(tls)
    server.routes["zips"] = answer("200 OK", {"Content-Length": str(len(good))}, good)
    yield server
    server.stop()


def test_https_is_verified_against_the_trusted_authorities(secure, certificate, registered, good, cache, monkeypatch):
    with pytest.raises(DownloadError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch(VERSION, url=f"{secure.url}/zips")
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # now trusted, as a system authority would be
    assert fetch(VERSION, url=f"{secure.url}/zips").read_bytes() == good


def test_https_drip_is_stopped_by_the_deadline(secure, certificate, registered, good, cache, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    secure.routes["drip"] = lambda h: (answer("200 OK", {})(h), drip(good, 0.2)(h))
    caught = within(lambda: fetch(VERSION, url=f"{secure.url}/drip", deadline=2))
    assert isinstance(caught, DownloadError) and "deadline of 2 s" in str(caught)
    assert kept(cache) == []


def test_a_redirect_from_https_to_http_is_refused(secure, certificate, server, registered, good, cache, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    server.routes["zips"] = answer("200 OK", {"Content-Length": str(len(good))}, good)
    secure.routes["down"] = answer("302 Found", {"Location": f"{server.url}/zips/{registered.file}"})
    with pytest.raises(DownloadError, match="never https to http"):
        fetch(VERSION, url=f"{secure.url}/down")
    assert kept(cache) == []


# ---------------------------------------------------------------------------- verification before caching


def _with_descriptor(good: bytes, tmp_path: Path, change: Callable[[dict], None]) -> bytes:
    source = tmp_path / "source.zip"
    source.write_bytes(good)
    with zipfile.ZipFile(source) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    name = "datapackage.json"  # at the zip's root
    described = json.loads(members[name])
    change(described)
    members[name] = json.dumps(described).encode()
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return hostile.read_bytes()


@pytest.fixture
def register(tmp_path, monkeypatch) -> Callable[[bytes], str]:
    """Register these bytes as VERSION's zip, in a registry of this test's; their sha256."""

    def registering(data: bytes) -> str:
        folder = tmp_path / "registered"
        folder.mkdir()
        (folder / f"sahel-facts-{VERSION}.zip").write_bytes(data)
        (folder / "releases.json").write_text("{}")
        monkeypatch.setattr(releases, "registry_path", lambda: folder / "releases.json")
        return releases.register(VERSION, folder / f"sahel-facts-{VERSION}.zip").sha256

    return registering


def _bytes_in_words(described: dict) -> None:
    for resource in described["resources"]:
        resource["bytes"] = "lots"


def _escaping_path(described: dict) -> None:
    for resource in described["resources"]:
        resource["path"] = "../../escaped.csv"


@pytest.mark.parametrize("change", [_bytes_in_words, _escaping_path])
def test_a_right_sha_hostile_descriptor_never_enters_the_cache(server, good, cache, tmp_path, change, register):
    hostile = _with_descriptor(good, tmp_path, change)
    assert register(hostile) == sha(hostile)
    server.routes["hostile"] = answer("200 OK", {"Content-Length": str(len(hostile))}, hostile)
    for _ in range(2):  # and the next fetch does not find it cached
        with pytest.raises(DownloadError, match=f"version {VERSION} from {server.url}/hostile"):
            fetch(VERSION, url=f"{server.url}/hostile")
        assert kept(cache) == []


def test_a_cached_file_that_no_longer_verifies_is_discarded(server, good, cache, tmp_path, register):
    hostile = _with_descriptor(good, tmp_path, _bytes_in_words)
    register(hostile)
    cache.mkdir()
    (cache / f"sahel-facts-{VERSION}.zip").write_bytes(hostile)
    server.routes["hostile"] = answer("200 OK", {"Content-Length": str(len(hostile))}, hostile)
    with pytest.raises(DownloadError, match=f"version {VERSION} from {server.url}/hostile"):
        fetch(VERSION, url=f"{server.url}/hostile")
    assert kept(cache) == []


def test_a_tampered_cached_file_is_replaced_by_a_verified_download(server, registered, good, cache):
    cache.mkdir()
    (cache / registered.file).write_bytes(good[:-1] + b"!")
    server.routes["zips"] = answer("200 OK", {"Content-Length": str(len(good))}, good)
    assert fetch(VERSION, url=f"{server.url}/zips").read_bytes() == good
    assert kept(cache) == [registered.file]


# ---------------------------------------------------------------------------- partial files


@pytest.mark.parametrize(("signum", "status", "says"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "")])
def test_an_interrupted_or_terminated_download_leaves_nothing(server, registered, good, cache, signum, status, says):
    started = threading.Event()

    def route(handler: Handler) -> None:
        answer("200 OK", {"Content-Length": str(len(good))}, good[: len(good) // 2])(handler)
        handler.wfile.flush()
        started.set()
        handler.server.stopping.wait(BOUND)

    server.routes["hang"] = route
    env = {**os.environ, "SAHEL_FACTS_CACHE": str(cache)}
    code = (  # SIGINT as a terminal gives it, whatever this test run inherited (a background shell ignores it)
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler);"
        "import sys; from pathlib import Path; from sahel_facts import download, releases, cli;"
        f"releases.registry_path = lambda: Path({str(releases.registry_path())!r});"
        f"sys.exit(cli.main(['fetch', {VERSION!r}, '--url', {server.url + '/hang'!r}]))"
    )
    child = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert started.wait(BOUND)
        for _ in range(BOUND * 10):  # until the partial file holds what was sent
            if any(p.stat().st_size for p in cache.glob("*") if p.is_file()):
                break
            time.sleep(0.1)
        assert kept(cache), "no partial file appeared"
        child.send_signal(signum)
        _, err = child.communicate(timeout=BOUND)
    finally:
        child.kill()
    assert child.returncode == status and says in err
    assert kept(cache) == []


def test_a_stale_partial_file_left_by_a_killed_process_is_swept(server, registered, good, cache):
    cache.mkdir()
    stale = cache / f".{registered.file}.abc123.partial"
    stale.write_bytes(good[:100])
    fresh = cache / f".{registered.file}.def456.partial"  # another process's download under way
    fresh.write_bytes(good[:100])
    day = 24 * 3600
    os.utime(stale, (time.time() - 2 * day, time.time() - 2 * day))
    server.routes["zips"] = answer("200 OK", {"Content-Length": str(len(good))}, good)
    fetch(VERSION, url=f"{server.url}/zips")
    assert kept(cache) == sorted([registered.file, fresh.name])


# ---------------------------------------------------------------------------- what is asked for


@pytest.mark.parametrize("digest", ["", "abc", "g" * 64, "0" * 63, "0" * 65, "sha256:", " " + "0" * 64])
def test_a_malformed_sha256_is_refused(digest, cache):
    with pytest.raises(DownloadError, match="not a sha256"):
        fetch(VERSION, digest, "http://127.0.0.1:9")
    assert kept(cache) == []


@pytest.mark.parametrize("version", ["0.1.0\n", "../x", "0.1.0/../../x", "", "1" * 200 + ".0.0", "0.1.0-a/b"])
def test_a_malformed_version_is_refused(version, cache):
    with pytest.raises(DownloadError, match="not a version number"):
        fetch(version, "0" * 64, "http://127.0.0.1:9")
    assert kept(cache) == []


@pytest.mark.parametrize("url", ["file:///etc", "ftp://127.0.0.1/", "127.0.0.1:9", "http://[::1", "http:///x"])
def test_a_release_address_that_is_not_http(url, cache):
    with pytest.raises(DownloadError, match="not an http"):
        fetch("9.9.9", "0" * 64, url)


@pytest.mark.parametrize(("deadline", "max_bytes"), [(0, 1), (-1, 1), (float("nan"), 1), (float("inf"), 1), (1, 0)])
def test_a_deadline_or_cap_that_is_not_positive(deadline, max_bytes, cache):
    with pytest.raises(DownloadError, match="positive"):
        fetch("9.9.9", "0" * 64, "http://127.0.0.1:9", deadline=deadline, max_bytes=max_bytes)


def test_a_cache_folder_that_is_a_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SAHEL_FACTS_CACHE", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(DownloadError, match="cannot make the cache folder"):
        fetch("9.9.9", "0" * 64, "http://127.0.0.1:9")
    assert download.cached_versions() == {VERSION: False}


@pytest.mark.parametrize("digest", ["", "../x", "0" * 63])
def test_the_fetch_command_refuses_a_malformed_sha256_as_a_usage_error(digest, cache):
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "fetch", "0.1.0", "--sha256", digest, "--url", "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=BOUND,
        env={**os.environ, "SAHEL_FACTS_CACHE": str(cache)},
    )
    assert done.returncode == 2, done.stderr
    assert "is not a sha256" in done.stderr and "internal error" not in done.stderr


# ---------------------------------------------------------------------------- any answer at all

STATUSES = st.one_of(
    st.just("200 OK"),
    st.sampled_from(["206 Partial Content", "204 No Content", "302 Found", "404 Nope", "500 Oops", "x", "200"]),
)
HEADER_NAMES = st.sampled_from(["Content-Length", "Content-Encoding", "Transfer-Encoding", "Location", "X-Other"])
HEADER_VALUES = st.one_of(
    st.sampled_from(
        ["gzip", "deflate", "identity", "chunked", "-1", "0", "99999999999", "1, 2", "/zips/x", "file:///"]
    ),
    st.integers(min_value=0, max_value=200_000).map(str),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
)


def squeezed(data: bytes, coding: str) -> bytes:
    """``data`` as a gzip or (zlib-wrapped) deflate stream."""
    squeeze = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS)
    return squeeze.compress(data) + squeeze.flush()


@st.composite
def bodies(draw, good: bytes) -> bytes:
    kind = draw(st.sampled_from(["good", "cut", "padded", "gzip", "deflate", "junk", "flipped"]))
    if kind == "good":
        return good
    if kind == "cut":
        return good[: draw(st.integers(0, len(good) - 1))]
    if kind == "padded":
        return good + draw(st.binary(min_size=1, max_size=100))
    if kind in ("gzip", "deflate"):
        return squeezed(good, kind)
    if kind == "flipped":
        at = draw(st.integers(0, len(good) - 1))
        return good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1 :]
    return draw(st.binary(max_size=2000))


@st.composite
def answers(draw, good: bytes) -> bytes:
    """Raw bytes of an answer: an honest one in some form, or anything at all."""
    if draw(st.booleans()):
        status, coding = "200 OK", draw(st.sampled_from(["identity", "gzip", "deflate"]))
        body = good if coding == "identity" else squeezed(good, coding)
        headers = [("Content-Encoding", coding)] if draw(st.booleans()) or coding != "identity" else []
    else:
        status = draw(STATUSES)
        headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=3))
        body = draw(bodies(good))
    if draw(st.booleans()):
        headers.append(("Content-Length", str(len(body))))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    return f"HTTP/1.1 {status}\r\n{head}Connection: close\r\n\r\n".encode() + body


@pytest.fixture(scope="module")
def fuzzed(server, registered, good, tmp_path_factory) -> Iterator[tuple[Hostile, Path]]:
    """The hostile server and a cache folder, for an example of any answer at all."""
    server.routes["zips"] = answer("200 OK", {"Content-Length": str(len(good))}, good)
    cache = tmp_path_factory.mktemp("fuzz-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAHEL_FACTS_CACHE", str(cache))
        yield server, cache


@given(data=st.data())
def test_any_answer_gives_the_verified_package_or_a_download_error(fuzzed, good, registered, data):
    server, cache = fuzzed
    raw = data.draw(answers(good))
    server.routes["fuzz"] = lambda handler: handler.wfile.write(raw)
    for stale in cache.iterdir():
        stale.unlink()
    try:
        path = fetch(VERSION, url=f"{server.url}/fuzz", deadline=10)
    except DownloadError as exc:
        event("refused: " + str(exc).split(f"{server.url}/fuzz/{registered.file}")[1][:40])
        assert kept(cache) == []
    else:
        event("verified")
        assert path.read_bytes() == good and kept(cache) == [registered.file]
        assert from_zip(path).version == VERSION
    assert not list(cache.glob(".*"))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a thread's signal mask from /proc (Linux)")
def test_the_watchdog_thread_leaves_interrupts_to_the_main_thread():
    """A SIGINT the kernel gave the watchdog's thread would not interrupt the main thread's blocking read."""
    from sahel_facts.download.transfer import MAIN_THREAD_SIGNALS, _Watchdog

    with _Watchdog(30) as watchdog:
        tid = watchdog._timer.native_id
        status = Path(f"/proc/self/task/{tid}/status").read_text()
    blocked = int(next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1], 16)
    for signum in MAIN_THREAD_SIGNALS:
        assert blocked & (1 << (signum - 1)), signal.Signals(signum).name
    main = Path(f"/proc/self/task/{threading.get_native_id()}/status").read_text()
    main_blocked = int(next(line for line in main.splitlines() if line.startswith("SigBlk:")).split()[1], 16)
    assert not main_blocked & (1 << (signal.SIGINT - 1))
