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


# G513: points within their country's borders (Natural Earth 1:50m)

TOWN = "facts/places/town.yaml"


def town(point: str, *, country: str = "NER", precision: str = "city") -> str:
    lat, lon = point.split(", ")
    return (
        f"id: place:town\nkind: place\nname: Town\ncategory: city\ncountry: country:{country}\n"
        f"coordinates: {{lat: {lat}, lon: {lon}, precision: {precision}, source: source:test-source}}\n"
    )


def test_a_point_within_its_countrys_borders_passes(make_tree):
    assert found(validate(make_tree({TOWN: town("13.51366, 2.1098")})), "G513") == []


def test_a_point_in_the_neighbouring_country_says_how_far_outside(make_tree):
    """Kano's point given to a town of Niger: inside Niger's bounding box (G501 passes), not its borders."""
    root = make_tree({TOWN: town("12.0022, 8.5919")})
    result = validate(root)
    assert found(result, "G5") == [(TOWN, line_of(root / TOWN, "coordinates:"), "G513")]
    (finding,) = result.findings
    assert "km outside Niger's borders; at most 30 km is allowed for a point of precision city" in finding.message


def test_a_point_just_across_the_border_is_within_a_towns_slack_not_an_exact_points(make_tree):
    """French Wikipedia's point for Tinzaouaten lies about 1 km beyond Natural Earth's line."""
    mali = {"facts/countries/MLI.yaml": "id: country:MLI\nkind: country\nname: Mali\niso_alpha2: ML\n"}
    near = {**mali, TOWN: town("19.96278, 2.88278", country="MLI")}
    assert found(validate(make_tree(near)), "G513") == []
    far = {**mali, TOWN: town("19.96278, 3.1", country="MLI", precision="exact")}
    assert [f[2] for f in found(validate(make_tree(far)), "G5")] == ["G513"]


def test_a_country_the_borders_do_not_cover_is_left_to_g501(make_tree):
    france = {"facts/countries/FRA.yaml": "id: country:FRA\nkind: country\nname: France\niso_alpha2: FR\n"}
    assert found(validate(make_tree({**france, TOWN: town("48.8566, 2.3522", country="FRA")})), "G5") == []
