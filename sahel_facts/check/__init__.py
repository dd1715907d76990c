"""Every check sahel-facts runs, by ID, in one place.

IDs are grouped by stage: ``R1xx`` reading a file, ``M2xx`` the record model,
``X3xx`` the tree's structure and references, ``E4xx`` evidence against archived
sources, ``G5xx`` geography, ``T6xx`` time, ``C7xx`` conflicts between claims.
Reading and model checks are done by their stages (:mod:`sahel_facts.read`,
:mod:`sahel_facts.model.validate`); each cross-record check is a small function over
the :class:`~sahel_facts.check.corpus.Corpus` that yields findings, run in the order
of :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..findings import Finding
from . import conflicts, evidence, geography, references, structure, time
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
    Check("X304", "schema-line", "a file's first line points editors at its JSON Schema", structure.schema_comment),
    Check("E402", "snapshot-hash", "an archived source is the file its sha256 pins", evidence.snapshot_hashes),
    Check(
        "E401",
        "quote",
        "a quote is verbatim in its source's snapshot (E403: only snapshots are quoted)",
        evidence.quotes_verbatim,
    ),
    Check("E404", "locator", "a quote's 'paragraph N' is where the quote is", evidence.locators),
    Check("G501", "in-country", "coordinates lie in their country's bounding box", geography.in_country),
    Check(
        "G502",
        "distance",
        "a stated distance fits the geodesic between its endpoints",
        geography.distance_fits_coordinates,
    ),
    Check("G503", "distance-units", "a distance in two units agrees with itself", geography.distance_units_agree),
    Check(
        "G504",
        "direction",
        "a stated direction fits the bearing between the endpoints",
        geography.direction_fits_coordinates,
    ),
    Check("G505", "iso-codes", "a country's codes are ISO 3166-1's", geography.country_codes),
    Check(
        "T601",
        "entity-validity",
        "a claim's time is within the life of the entities it names",
        time.within_entity_validity,
    ),
    Check("T602", "withdrawal-order", "a withdrawal completes no earlier than it began", time.withdrawal_order),
    Check(
        "T603", "as-of", "an observation is not dated after its source was published", time.observed_before_publication
    ),
    Check(
        "C701", "unlinked-conflict", "claims that disagree on the same thing are linked", conflicts.unlinked_conflicts
    ),
    Check("C702", "mutual-links", "conflicts_with links go both ways", conflicts.links_are_mutual),
)

#: Codes some checks above report besides their own.
EXTRA_CODES: tuple[Check, ...] = (
    Check("E403", "quote-needs-snapshot", "a quote's source has an archived snapshot (reported by E401's check)"),
)

STAGES = "RMXEGTC"
#: Every check by ID, in pipeline order.
CATALOGUE: dict[str, Check] = {
    c.code: c for c in sorted(STAGE_CHECKS + CHECKS + EXTRA_CODES, key=lambda c: (STAGES.index(c.code[0]), c.code))
}
