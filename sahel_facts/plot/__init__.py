"""Pictures of the facts: a timeline and a map (matplotlib, the ``plot`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

FORMATS = (".png", ".svg")


def save(figure: Any, path: Path) -> Path:
    """Write ``figure`` as PNG or SVG, by ``path``'s suffix."""
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"{path}: write a .png or an .svg")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None} if path.suffix.lower() == ".png" else {"Date": None})
    return path
