"""The installed library's version (the data package carries the same number)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sahel-facts")
except PackageNotFoundError:  # pragma: no cover - running from a checkout without installing
    __version__ = "0.0.0+unknown"
