"""sahel-facts: hand-curated, versioned facts about military deployments in Africa's Sahel.

``sahel_facts.load()`` returns the fact base bundled with this installation, offline;
``sahel_facts.load(path)`` reads a fact tree or a built data package. Importing the
package is cheap: the models, frictionless, pandas and the downloader load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SahelFactsError
from .version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from .factbase import FactBase

__all__ = ["FactBase", "LoadError", "SahelFactsError", "__version__", "load"]


def load(
    path: str | Path | None = None,
    *,
    version: str | None = None,
    sha256: str | None = None,
    deadline: float | None = None,
) -> FactBase:
    """The fact base: bundled (no arguments), from a fact tree, package folder, descriptor or zip
    (``path``), or a released package downloaded, verified and cached (``version``; a download
    gives up after ``deadline`` seconds, by default those of :data:`sahel_facts.download.DEADLINE`)."""
    from .loader import LoadError, load_path

    if version is None:
        if sha256 is not None or deadline is not None:
            raise LoadError("sha256 and deadline go with version")
        return load_path(path)
    if path is not None:
        raise LoadError("give a path or a version, not both")
    from .download import DEADLINE, load_release

    return load_release(version, sha256, deadline=DEADLINE if deadline is None else deadline)


def __getattr__(name: str) -> Any:
    if name == "FactBase":
        from .factbase import FactBase

        return FactBase
    if name == "LoadError":
        from .loader import LoadError

        return LoadError
    raise AttributeError(f"module 'sahel_facts' has no attribute {name!r}")
