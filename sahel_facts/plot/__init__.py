"""Pictures of the facts: a timeline and a map (matplotlib, the ``plot`` extra)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SahelFactsError

if TYPE_CHECKING:  # pragma: no cover
    from ..factbase import FactBase

FORMATS = (".png", ".svg")
PICTURES = ("timeline", "map")


class PlotError(SahelFactsError):
    """A picture that cannot be drawn: matplotlib missing, nothing to draw, or a file it cannot write."""


def draw(picture: str, facts: FactBase, since: date | None = None, until: date | None = None) -> Any:
    """The figure of ``picture`` (timeline or map) for ``facts``; PlotError when there is nothing to draw.

    ``since`` and ``until`` keep the timeline to the claims that can fall between those days.
    """
    try:
        import matplotlib  # noqa: F401 - the plot modules import it only when they draw

        from . import map as map_plot
        from . import timeline
    except ImportError:
        raise PlotError("plotting needs matplotlib: pip install 'sahel-facts[plot]'") from None
    if picture == "timeline":
        window = " and ".join(
            f"--{name} {day.isoformat()}" for name, day in (("since", since), ("until", until)) if day is not None
        )
        if since is not None and until is not None and since > until:
            raise PlotError(f"{window}: --since is after --until, so no day lies between them")
        if not timeline.marks(facts, since, until):
            within = f" within {window}" if window else ""
            raise PlotError(f"no dated claim to draw{within}: the timeline would be empty")
        return timeline.draw(facts, since, until)
    if picture == "map":
        return map_plot.draw(facts)
    raise PlotError(f"no picture {picture!r}; one of: {', '.join(PICTURES)}")


def save(figure: Any, path: Path) -> Path:
    """Write ``figure`` as PNG or SVG, by ``path``'s suffix."""
    if path.suffix.lower() not in FORMATS:
        raise PlotError(f"{path}: write a .png or an .svg")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, metadata={"Software": None} if path.suffix.lower() == ".png" else {"Date": None})
    except OSError as exc:
        raise PlotError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
