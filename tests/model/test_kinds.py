"""The kind registry: adding a kind is one model class and one row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

import pytest

from sahel_facts.model.claims import ClaimBase
from sahel_facts.model.ids import CountryRef
from sahel_facts.model.kinds import KINDS, Registry
from sahel_facts.model.records import expected_path, family_for_path


class Sighting(ClaimBase):
    """A toy claim kind: a force seen in a country."""

    times: ClassVar[tuple[Literal["date", "valid", "as_of"], ...]] = ("as_of",)
    subject_fields = ("country",)

    kind: Literal["sighting"]
    country: CountryRef
    """Where the force was seen."""


@pytest.fixture
def toy() -> Iterator[None]:
    KINDS.add(Sighting)  # the one row
    try:
        yield
    finally:
        KINDS.remove("sighting")


def test_a_toy_kind_gets_schema_table_template_folder_and_cli_choice(toy, tmp_path):
    from sahel_facts.cli import parser
    from sahel_facts.model.kinds import FAMILIES
    from sahel_facts.package.tables import all_tables
    from sahel_facts.schema import family_schema
    from sahel_facts.template import create, template

    assert "Sighting" in str(family_schema(FAMILIES["claim"]))
    assert "claim_sighting" in {t.name for t in all_tables()}
    path, text = template("sighting", "claim:seen")
    assert path == "facts/claims/sighting/seen.yaml" and "kind: sighting" in text
    assert family_for_path(path) is FAMILIES["claim"]
    record = FAMILIES["claim"].adapter.validate_python(
        {
            "id": "claim:seen",
            "kind": "sighting",
            "summary": "Seen.",
            "country": "country:NER",
            "as_of": "2024-05",
            "evidence": [{"source": "source:s", "claimant": "the source"}],
        }
    )
    assert isinstance(record, Sighting) and expected_path(record) == path and record.lane == "country:NER"
    (tmp_path / "facts").mkdir()
    assert create(tmp_path, "sighting", "seen") == path and (tmp_path / path).is_file()
    args = parser().parse_args(["new", "sighting", "seen", str(tmp_path)])
    assert args.kind == "sighting"


def test_removing_the_toy_kind_leaves_no_trace(toy):
    KINDS.remove("sighting")
    from sahel_facts.package.tables import all_tables

    assert "claim_sighting" not in {t.name for t in all_tables()}
    KINDS.add(Sighting)  # for the fixture to remove


def test_a_kind_needs_a_known_prefix_and_its_own_folder():
    registry = Registry()
    with pytest.raises(TypeError, match="not an entity, source or claim"):
        registry.add(ClaimBase.__base__)  # type: ignore[arg-type]
    registry.add(Sighting)
    with pytest.raises(ValueError, match="clashes"):
        registry.add(Sighting)


def test_a_time_field_the_kind_does_not_use_is_refused():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="date is not used by a sighting claim, which takes as_of"):
        Sighting(
            id="claim:x",
            kind="sighting",
            summary="x",
            country="country:NER",
            date="2024-05",
            evidence=[{"source": "source:s", "claimant": "the source"}],
        )
