"""Evidence: where a claim comes from, in the source's own words, and who asserts it."""

from __future__ import annotations

from .base import Frozen, Name, Text
from .ids import SourceRef


class Evidence(Frozen):
    """One source's support for a claim.

    The ``claimant`` is who asserts the claim in that source ("top US officials",
    "officials in Niger", or an entity ID such as ``person:lloyd-austin``), kept apart
    from the source's publisher: a newspaper that reports what officials said is not
    the one who said it. "the source" means the document asserts it in its own voice.
    """

    source: SourceRef
    """The source record that supports the claim."""
    quote: Text | None = None
    """The passage that supports the claim, verbatim from the archived snapshot of the source."""
    locator: Text | None = None
    """Where in the source: "paragraph 3" (3rd blank-line-separated block of the snapshot, headline = 1)."""
    claimant: Name
    """Who asserts it: an entity ID, a description in the source's words, or "the source"."""
