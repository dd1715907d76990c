"""Findings: what validation reports, each pinned to a file, a line and a column."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the fact tree.

    ``path`` is relative to the validated ROOT, with forward slashes; ``line`` and
    ``col`` are 1-based; ``check`` is the ID of the rule broken (see
    :data:`sahel_facts.check.CATALOGUE`); ``hint`` says how to fix it, where that helps.
    """

    path: str
    line: int
    col: int
    check: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.check} {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON-ready data."""
        return asdict(self)
