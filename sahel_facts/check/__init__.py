"""Every check sahel-facts runs, by ID, in one place.

IDs are grouped by stage: ``R1xx`` reading a file, ``M2xx`` the record model,
``X3xx`` checks across records. Reading and model checks are done by their stages
(:mod:`sahel_facts.read`, :mod:`sahel_facts.model.validate`); each cross-record check
is a small function over the :class:`~sahel_facts.check.corpus.Corpus` that yields
findings, run in the order of :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..findings import Finding
from . import references, structure
from .corpus import Corpus


@dataclass(frozen=True)
class Check:
    """A rule, its stable ID and name, and (for cross-record checks) the function that applies it."""

    code: str
    name: str
    summary: str
    run: Callable[[Corpus], Iterable[Finding]] | None = None


#: Rules applied while reading a file or building its record.
STAGE_CHECKS: tuple[Check, ...] = (
    Check("R100", "yaml-syntax", "the file is well-formed YAML"),
    Check("R101", "file-size", "a record file is at most 1 MiB"),
    Check("R102", "encoding", "UTF-8 without a byte-order mark, no control characters"),
    Check("R103", "duplicate-key", "no key appears twice in a mapping"),
    Check("R104", "no-aliases", "no anchors, aliases or merge keys"),
    Check("R105", "no-tags", "no YAML tags"),
    Check("R106", "plain-keys", "keys are plain strings"),
    Check("R107", "one-document", "one YAML document, one record, a file"),
    Check("R108", "nesting", "nesting at most 32 levels deep"),
    Check("R109", "mapping", "the file holds one mapping"),
    Check("R110", "no-symlinks", "symbolic links are not followed"),
    Check("R111", "suffix", "record files end in .yaml"),
    Check("R112", "readable", "the file can be opened and read"),
    Check("M201", "unknown-field", "every field is one the model declares"),
    Check("M202", "missing-field", "every required field is given"),
    Check("M203", "field-value", "every value has the type, form and range its field needs"),
    Check("M204", "edtf-date", "dates are valid EDTF of the supported subset"),
    Check("M205", "interval-order", "an interval does not end before it starts"),
    Check("M206", "kind", "the kind is one the family knows"),
)

#: Checks across records, in the order they run.
CHECKS: tuple[Check, ...] = (
    Check("X301", "duplicate-id", "each ID belongs to one record", structure.duplicate_ids),
    Check("X302", "file-location", "a file is named after its ID, in its kind's folder", structure.file_location),
    Check("X303", "reference", "every referenced ID exists", references.dangling_references),
)

#: Every check by ID.
CATALOGUE: dict[str, Check] = {c.code: c for c in STAGE_CHECKS + CHECKS}
