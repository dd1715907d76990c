"""Serve a built package's SQLite database with Datasette, on this machine only.

``sahel-facts build`` writes ``sahel-facts-VERSION.sqlite`` and its Datasette metadata,
``sahel-facts-VERSION.metadata.json``, side by side; :func:`serve` runs Datasette on
127.0.0.1 over that database (read-only: opened as immutable) with that metadata.
Datasette and its map plugin come with the ``serve`` extra.
"""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SahelFactsError
from .package.build import VERSION
from .version import __version__

#: Where Datasette listens: this machine only.
HOST = "127.0.0.1"
#: Datasette's usual port.
PORT = 8001
#: The name (and address) Datasette serves the database under, whatever its file is called.
NAME = "sahel-facts"
#: How the metadata's file name ends, after the database's stem.
METADATA = ".metadata.json"
EXTRA = "pip install 'sahel-facts[serve]'"


class ServeError(SahelFactsError):
    """The database cannot be served: it or its metadata is missing or unreadable, or Datasette is not installed."""


@dataclass(frozen=True)
class Served:
    """A database to serve and the metadata Datasette shows with it."""

    database: Path
    metadata: dict[str, Any]


def database_for(path: Path | None = None, version: str | None = None, out: Path = Path("dist")) -> Path:
    """The SQLite file to serve: ``path``, or else ``OUT/sahel-facts-VERSION.sqlite`` (the build's)."""
    if path is not None:
        if version is not None:
            raise ServeError("give a database or --version, not both")
        return path
    version = version or __version__
    if not VERSION.fullmatch(version):
        raise ServeError(f"{version!r} is not a version a build names its files with")
    return out / f"sahel-facts-{version}.sqlite"


def prepare(database: Path) -> Served:
    """The database and its metadata (from the file beside it), keyed by the name it is served under."""
    if not database.is_file():
        raise ServeError(f"{database}: no such database; 'sahel-facts build' writes it (or give its path)")
    beside = database.with_name(database.stem + METADATA)
    try:
        metadata = json.loads(beside.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ServeError(f"{beside}: the metadata 'sahel-facts build' writes beside the database is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServeError(f"{beside}: cannot be read as JSON ({exc})") from None
    databases = metadata.get("databases") if isinstance(metadata, dict) else None
    if not isinstance(databases, dict) or len(databases) != 1:
        raise ServeError(f"{beside}: not the metadata of one database")
    # The file names the database for a plain 'datasette FILE --metadata ...'; here it is NAME,
    # which needs no escaping in addresses (Datasette escapes a name's dots).
    metadata["databases"] = {NAME: next(iter(databases.values()))}
    return Served(database, metadata)


def serve(served: Served, port: int = PORT) -> None:
    """Run Datasette on 127.0.0.1:``port`` until interrupted."""
    try:
        import uvicorn
        from datasette.app import Datasette
        from datasette.database import Database
    except ImportError:
        raise ServeError(f"serving needs Datasette: {EXTRA}") from None
    _check_port(port)
    app = Datasette([], metadata=served.metadata)
    app.add_database(Database(app, path=str(served.database), is_mutable=False), name=NAME)
    asyncio.run(app.invoke_startup())
    print(f"serving {served.database} on http://{HOST}:{port}/{NAME}/chronology", flush=True)
    uvicorn.run(app.app(), host=HOST, port=port, log_level="warning", lifespan="on", workers=1)


def _check_port(port: int) -> None:
    """Refuse a port that is out of range or that something else listens on, before starting."""
    if not 0 < port < 65536:
        raise ServeError(f"port {port} is not a port: give 1 to 65535")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a closed port is free
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            raise ServeError(f"{HOST}:{port} cannot be used ({exc.strerror}): choose another with --port") from None
