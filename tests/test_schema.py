"""The committed JSON Schemas: current, valid Draft 2020-12, and in agreement with the models."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sahel_facts import schema
from sahel_facts.model.records import FAMILIES
from tests.conftest import REPO


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

# Valid records of every family, typed as JSON (numbers as numbers): the same data
# both validators read.
ref = st.sampled_from(["org:us-africom", "org:test-force"])
text = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=20).filter(
    str.strip
)
evidence = st.fixed_dictionaries(
    {"source": st.just("source:s"), "claimant": text},
    optional={"quote": text, "locator": text},
)
quantity = st.one_of(
    st.fixed_dictionaries(
        {
            "value": st.integers(0, 10_000),
            "qualifier": st.sampled_from(["exact", "about"]),
            "unit": st.just("personnel"),
            "text": text,
        }
    ),
    st.fixed_dictionaries(
        {"low": st.integers(0, 100), "qualifier": st.just("vague"), "unit": st.just("personnel"), "text": text}
    ),
)
claims = st.one_of(
    st.fixed_dictionaries(
        {
            "id": st.just("claim:c"),
            "kind": st.just("deployment"),
            "summary": text,
            "force": ref,
            "country": st.just("country:NER"),
            "evidence": st.lists(evidence, min_size=1, max_size=2),
        },
        optional={"date": st.sampled_from(["2024-05", "2024-05-01~", "2023-07-26/.."]), "role": text},
    ),
    st.fixed_dictionaries(
        {
            "id": st.just("claim:c"),
            "kind": st.just("troop_count"),
            "summary": text,
            "force": ref,
            "country": st.just("country:NER"),
            "count": quantity,
            "evidence": st.lists(evidence, min_size=1, max_size=2),
        },
        optional={"as_of": st.just("2024-05-03/2024-05-06")},
    ),
)
entities = st.one_of(
    st.fixed_dictionaries(
        {"id": st.just("country:NER"), "kind": st.just("country"), "name": text, "iso_alpha2": st.just("NE")},
        optional={"aliases": st.lists(text, max_size=2)},
    ),
    st.fixed_dictionaries(
        {
            "id": st.just("facility:f"),
            "kind": st.just("facility"),
            "name": text,
            "category": st.sampled_from(["air_base", "airport"]),
            "country": st.just("country:NER"),
        },
        optional={
            "coordinates": st.fixed_dictionaries(
                {
                    "lat": st.floats(-90, 90),
                    "lon": st.floats(-180, 180),
                    "precision": st.sampled_from(["exact", "near"]),
                    "source": st.just("source:s"),
                }
            ),
            "icao": st.just("DRRN"),
        },
    ),
)
sources = st.fixed_dictionaries(
    {
        "id": st.just("source:s"),
        "kind": st.sampled_from(["news_article", "dataset"]),
        "title": st.one_of(st.just("unknown"), text),
        "publisher": st.one_of(st.just("unknown"), text),
        "authors": st.one_of(st.just("unknown"), st.lists(text, max_size=2)),
        "url": st.just("unknown"),
        "published": st.sampled_from(["unknown", "2024-05-03"]),
        "language": st.just("en"),
    },
)
records = st.one_of(
    st.tuples(st.just("claim"), claims), st.tuples(st.just("entity"), entities), st.tuples(st.just("source"), sources)
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


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_valid_records_pass_both(pair):
    family, record = pair
    FAMILIES[family].adapter.validate_python(record)
    assert list(VALIDATORS[family].iter_errors(record)) == []


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.sampled_from(BREAKAGES))
def test_structurally_broken_records_fail_both(pair, breakage):
    family, record = pair
    broken = breakage(record)
    with pytest.raises(ValidationError):
        FAMILIES[family].adapter.validate_python(broken)
    assert list(VALIDATORS[family].iter_errors(broken)) != []
