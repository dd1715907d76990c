"""The committed JSON Schemas: current, valid Draft 2020-12, and in agreement with the models."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sahel_facts import schema
from sahel_facts.model.kinds import FAMILIES
from sahel_facts.model.records import family_of
from tests.conftest import REPO
from tests.strategies import trees


def test_committed_schemas_match_the_models():
    assert schema.drifted(REPO) == [], "run 'sahel-facts schema' and commit the result"


def test_drift_is_detected(tmp_path):
    schema.write(tmp_path)
    assert schema.drifted(tmp_path) == []
    path = tmp_path / FAMILIES["claim"].schema_file
    path.write_text(path.read_text().replace('"summary"', '"sumary"', 1))
    assert schema.drifted(tmp_path) == ["schema/claim.schema.json"]


def test_metaschema_errors_are_reported(tmp_path):
    schema.write(tmp_path)
    assert schema.metaschema_errors(tmp_path) == []
    (tmp_path / "schema/entity.schema.json").write_text('{"type": "no-such-type"}')
    (tmp_path / "schema/source.schema.json").write_text("{not json")
    problems = schema.metaschema_errors(tmp_path)
    assert problems[0].startswith("schema/entity.schema.json: type: ")
    assert problems[1].startswith("schema/source.schema.json: cannot be read as JSON")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_schema_is_valid_draft_2020_12(family):
    document = json.loads((REPO / FAMILIES[family].schema_file).read_text())
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"urn:sahel-facts:schema:{family}"
    jsonschema.Draft202012Validator.check_schema(document)


VALIDATORS = {
    name: jsonschema.Draft202012Validator(json.loads((REPO / family.schema_file).read_text()))
    for name, family in FAMILIES.items()
}

# Valid records of every family and kind, typed as JSON (numbers as numbers): the same
# data both validators read.
records = (
    trees()
    .flatmap(lambda tree: st.sampled_from(tree.records))
    .map(lambda record: (family_of(record.id).name, record.model_dump(mode="json", exclude_none=True)))
)


# Structural breakages: each makes a record invalid for both validators.
def _drop_required(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "id"}


def _add_unknown(record: dict) -> dict:
    return {**record, "no_such_field": "x"}


def _bad_kind(record: dict) -> dict:
    return {**record, "kind": "no_such_kind"}


def _wrong_type(record: dict) -> dict:
    return {**record, "id": ["not", "a", "string"]}


def _bad_id(record: dict) -> dict:
    return {**record, "id": record["id"].upper() + " x"}


BREAKAGES = [_drop_required, _add_unknown, _bad_kind, _wrong_type, _bad_id]


@given(records)
def test_valid_records_pass_both(pair):
    family, record = pair
    FAMILIES[family].adapter.validate_python(record)
    assert list(VALIDATORS[family].iter_errors(record)) == []


@given(records, st.sampled_from(BREAKAGES))
def test_structurally_broken_records_fail_both(pair, breakage):
    family, record = pair
    broken = breakage(record)
    with pytest.raises(ValidationError):
        FAMILIES[family].adapter.validate_python(broken)
    assert list(VALIDATORS[family].iter_errors(broken)) != []
