"""G501-G505: places inside their countries, distances and directions that fit the coordinates."""

from __future__ import annotations

import pytest

from sahel_facts.check.geography import rounding
from sahel_facts.validate import validate
from tests.conftest import found, line_of

DISTANCE = "facts/claims/distance/niamey-to-agadez-drone-base.yaml"
AB201 = "facts/facilities/air-base-201.yaml"


@pytest.mark.parametrize(("value", "half_unit"), [(750, 5), (735, 0.5), (460, 5), (1000, 50), (12.5, 0.05), (0, 0.5)])
def test_rounding_of_a_stated_figure(value, half_unit):
    assert rounding(value) == pytest.approx(half_unit)


@pytest.mark.parametrize("wrong", ["850", "650", "1750"])
def test_a_changed_distance_is_found_at_its_value(dataset, wrong):
    root = dataset({DISTANCE: ("- value: 750", f"- value: {wrong}")})
    findings = found(validate(root), "G")
    assert (DISTANCE, line_of(root / DISTANCE, f"value: {wrong}"), "G502") in findings


def test_a_nearby_rounding_still_fits(dataset):
    root = dataset({DISTANCE: ("- value: 750", "- value: 740")})
    assert found(validate(root), "G") == []


def test_units_that_disagree(dataset):
    root = dataset({DISTANCE: ("- value: 460", "- value: 520")})
    assert (DISTANCE, line_of(root / DISTANCE, "value: 520"), "G503") in found(validate(root), "G")


def test_a_wrong_direction(dataset):
    root = dataset({DISTANCE: ("direction: northeast", "direction: southwest")})
    assert found(validate(root), "G") == [(DISTANCE, line_of(root / DISTANCE, "direction:"), "G504")]


def test_coordinates_outside_the_country(dataset):
    root = dataset({AB201: ("lat: 16.95028\n  lon: 8.01389", "lat: 8.01389\n  lon: 16.95028")})
    findings = found(validate(root), "G")
    assert (AB201, line_of(root / AB201, "coordinates:"), "G501") in findings


def test_a_wrong_alpha2_code(dataset):
    root = dataset({"facts/countries/TCD.yaml": ("iso_alpha2: TD", "iso_alpha2: CH")})
    path = root / "facts/countries/TCD.yaml"
    assert found(validate(root), "G") == [("facts/countries/TCD.yaml", line_of(path, "iso_alpha2"), "G505")]


def test_a_facility_a_claim_names_lies_in_the_claims_country(make_tree):
    base = "facts/facilities/gao-base.yaml"
    claim = "facts/claims/handover/gao-handed-over.yaml"
    files = {
        "facts/countries/MLI.yaml": "id: country:MLI\nkind: country\nname: Mali\niso_alpha2: ML\n",
        base: "id: facility:gao-base\nkind: facility\nname: Gao base\ncategory: military_base\ncountry: country:MLI\n",
        claim: "id: claim:gao-handed-over\nkind: handover\nsummary: The base was handed over.\n"
        "facility: facility:gao-base\ncountry: country:MLI\nfrom_force: org:test-force\nto: country:MLI\n"
        "date: 2022-08-15\nevidence:\n  - source: source:test-source\n    claimant: the source\n",
    }
    assert validate(make_tree(files)).findings == []
    wrong = files[claim].replace("country: country:MLI\nfrom_force", "country: country:NER\nfrom_force")
    root = make_tree({**files, claim: wrong})
    [f] = validate(root).findings
    assert (f.path, f.line, f.check) == (claim, line_of(root / claim, "facility:"), "G512")
    assert f.message == "facility:gao-base lies in country:MLI, but the claim's country is country:NER"
