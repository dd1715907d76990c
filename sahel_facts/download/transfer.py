"""One HTTP(S) GET into an open file: at most ``limit`` bytes, within a deadline.

The server is untrusted; what it can do, and what stops it:

- an endless or oversized body: reading stops at ``limit + 1`` bytes, counted after
  decoding, and a Content-Length over the limit is refused before the body is read;
- a compressed body: ``identity`` is asked for, but ``gzip`` and ``deflate`` are decoded
  in bounded steps (so a bomb stops at the same limit); any other or stacked encoding is refused;
- a slow server (a byte a second never times a socket out): one deadline covers connecting,
  the answer's headers, redirects and the body; when it passes, a watchdog shuts the
  sockets, whatever call is waiting on them;
- redirects: followed (at most urllib's 10) to http or https only, never from https to
  http, and a redirect's own body is never read;
- a cut-off body: fewer bytes than the Content-Length announced, or a compressed stream
  that does not end.

Any failure is a :class:`TransferError` saying what the server did.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import re
import signal
import socket
import ssl
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from ..version import __version__

#: Bytes read or written at a time (and the most a compressed step may expand to).
CHUNK = 1 << 16
#: Schemes that are fetched: plain and TLS HTTP, nothing else (no file:, ftp:, data:).
SCHEMES = ("http", "https")


class TransferError(Exception):
    """A download that failed, and how; the caller adds which version and address."""


@dataclass(frozen=True)
class Received:
    """What was written: its size in bytes (decoded) and its SHA-256 as lower-case hex."""

    size: int
    sha256: str


def get(url: str, out: IO[bytes], limit: int, deadline: float) -> Received:
    """Write the body at ``url`` (decoded) to ``out``; TransferError past ``limit`` bytes or ``deadline`` seconds."""
    if urlsplit(url).scheme not in SCHEMES:
        raise TransferError(f"{url} is not an http or https address")
    with _Watchdog(deadline) as watchdog:
        try:
            return _get(url, out, limit, watchdog)
        except (TransferError, OSError, http.client.HTTPException, ValueError, zlib.error) as exc:
            if watchdog.expired:  # whatever the shut sockets made the reading code say
                raise TransferError(f"no complete answer within the deadline of {deadline:g} s") from None
            if isinstance(exc, TransferError):
                raise
            raise TransferError(_describe(exc)) from None


def _get(url: str, out: IO[bytes], limit: int, watchdog: _Watchdog) -> Received:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _Connections(watchdog),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(
        url, headers={"Accept-Encoding": "identity", "User-Agent": f"sahel-facts/{__version__}"}
    )
    with opener.open(request, timeout=watchdog.seconds) as response:
        try:
            return _read(response, out, limit, watchdog)
        except TransferError as exc:
            if response.url != url:
                raise TransferError(f"redirected to {response.url}: {exc}") from None
            raise


def _read(response: http.client.HTTPResponse, out: IO[bytes], limit: int, watchdog: _Watchdog) -> Received:
    """Copy the body to ``out``, decoded, checking it against ``limit`` and the Content-Length announced."""
    if response.status != 200:
        raise TransferError(f"the server answered {response.status} {response.reason}, not 200 OK")
    announced = None if response.chunked else _content_length(response.headers)
    inflate = _decoder(response.headers)
    most = limit if inflate is None else limit + limit // 64 + 4096  # on the wire; compression adds a little
    if announced is not None and announced > most:
        raise TransferError(f"the server announces {announced:,} bytes, more than the {limit:,} bytes expected")
    digest, size, wire = hashlib.sha256(), 0, 0
    while True:
        chunk = response.read1(CHUNK if inflate else min(CHUNK, limit + 1 - size))
        if watchdog.expired:
            raise TransferError("deadline")
        if not chunk:
            break
        wire += len(chunk)
        if wire > most:
            raise TransferError(f"the server sent more than the {limit:,} bytes expected")
        for piece in inflate.feed(chunk) if inflate else (chunk,):
            size += len(piece)
            if size > limit:
                raise TransferError(f"the server sent more than the {limit:,} bytes expected (counted decoded)")
            digest.update(piece)
            out.write(piece)
    if announced is not None and wire < announced:
        raise TransferError(f"the transfer was cut off after {wire:,} of the {announced:,} bytes announced")
    if inflate is not None:
        inflate.finish()
    return Received(size, digest.hexdigest())


def _content_length(headers: Message) -> int | None:
    """The Content-Length announced, if any: one count of bytes, or TransferError."""
    values = {v.strip() for v in headers.get_all("Content-Length") or []}
    if not values:
        return None
    if len(values) > 1 or not re.fullmatch(r"[0-9]{1,18}", next(iter(values))):
        raise TransferError(f"the server announces a Content-Length of {', '.join(sorted(values))!r}: not a size")
    return int(values.pop())


def _decoder(headers: Message) -> _Inflate | None:
    """How to decode the body: None for none, or an inflater for gzip or deflate; TransferError otherwise."""
    codings = [c.strip().lower() for h in headers.get_all("Content-Encoding") or [] for c in h.split(",")]
    codings = [c for c in codings if c not in ("", "identity")]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflate(16 + zlib.MAX_WBITS if "gzip" in codings[0] else zlib.MAX_WBITS)
    raise TransferError(f"the server sent Content-Encoding {', '.join(codings)}, which is not decoded (only gzip)")


class _Inflate:
    """A gzip or zlib stream, decoded CHUNK bytes at most at a time, however much it expands."""

    def __init__(self, wbits: int) -> None:
        self._stream = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            if self._stream.eof:
                raise TransferError("the server sent data after the end of the compressed body")
            piece = self._stream.decompress(data, CHUNK)
            data = self._stream.unconsumed_tail
            yield piece
        if self._stream.unused_data:
            raise TransferError("the server sent data after the end of the compressed body")

    def finish(self) -> None:
        if not self._stream.eof:
            raise TransferError("the compressed body was cut off before its end")


#: Signals only the main thread takes while a download runs: an interrupt and a request to end.
MAIN_THREAD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


class _Watchdog:
    """Shuts every socket it watches once ``seconds`` have passed, so that no read waits past them."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        # The timer's thread must not take a signal meant for the main thread: one the kernel
        # gave it (SIGINT, SIGTERM) would not interrupt the main thread's blocking read, which
        # would then wait out its timeout. A thread inherits its creator's signal mask, so it
        # is started with them blocked.
        mask = getattr(signal, "pthread_sigmask", None)
        before = mask(signal.SIG_BLOCK, MAIN_THREAD_SIGNALS) if mask else None
        try:
            self._timer.start()
        finally:
            if mask and before is not None:
                mask(signal.SIG_SETMASK, before)
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or a TCP socket now wrapped in TLS (that one is watched)
        sock.shutdown(socket.SHUT_RDWR)


class _Watched(http.client.HTTPConnection):
    """An HTTP connection whose sockets (the TCP one, and the TLS one over it) the watchdog may shut."""

    def __init__(self, host: str, *, watchdog: _Watchdog, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._watchdog = watchdog
        self._create_connection = self._watched_socket  # what connect() opens the TCP socket with

    def _watched_socket(self, address: tuple[str, int], timeout: Any, source: Any = None) -> socket.socket:
        sock = socket.create_connection(address, timeout, source)
        self._watchdog.watch(sock)
        return sock

    def connect(self) -> None:
        super().connect()
        self._watchdog.watch(self.sock)


class _WatchedTLS(_Watched, http.client.HTTPSConnection):
    """The same over TLS."""


class _Connections(urllib.request.AbstractHTTPHandler):
    """Opens http and https addresses over watched connections."""

    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self._watchdog = watchdog
        self._tls = _trusting()

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._plain, req)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._secure, req, context=self._tls)

    def _plain(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        return _Watched(host, watchdog=self._watchdog, **kwargs)

    def _secure(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        return _WatchedTLS(host, watchdog=self._watchdog, **kwargs)

    http_request = urllib.request.AbstractHTTPHandler.do_request_
    https_request = urllib.request.AbstractHTTPHandler.do_request_


def _trusting() -> ssl.SSLContext:
    """TLS that verifies servers against the system's authorities and Mozilla's (certifi), so that
    a Python without a system store (python.org's on macOS) and a site's own authority both work."""
    import certifi

    context = ssl.create_default_context()
    context.load_verify_locations(certifi.where())
    return context


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http or https only (never https to http), without reading their bodies."""

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> http.client.HTTPResponse | None:
        fp.close()  # urllib would read a redirect's body to its end, and it may have none
        location = headers.get("Location") or headers.get("URI")
        if location is not None:
            target = urljoin(req.full_url, location.strip())
            scheme = urlsplit(target).scheme
            if scheme not in SCHEMES or (req.type == "https" and scheme != "https"):
                raise TransferError(f"redirected to {target}: only http and https (never https to http) are followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _describe(exc: BaseException) -> str:
    """What an exception from urllib or http.client says the server did."""
    if isinstance(exc, urllib.error.HTTPError):
        exc.close()
        return f"the server answered {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    if isinstance(exc, TimeoutError):
        return "the server stopped answering"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
