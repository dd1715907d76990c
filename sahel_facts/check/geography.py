"""Checks that places are where they say, and that stated distances fit the map.

Tolerances are explicit. A point may lie outside its country's outline box by a margin
that grows with how rough the point is (:data:`POINT_SLACK_KM`). A stated distance is
compared with the geodesic between its endpoints' coordinates, allowing: the rounding
of the figure as written (750 is good to the nearest 10, so +-5), the slack of each
endpoint's point, and the qualifier's latitude (:meth:`~sahel_facts.model.quantity.Quantity.bounds`: "about" allows
10%). A distance given in two units must agree with itself within both roundings.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from .. import borders, geo
from ..findings import Finding, rule
from ..model.base import shown
from ..model.claims import ClaimBase, Distance
from ..model.entities import Coordinates, Country, EntityBase, Facility, Place
from ..model.quantity import Quantity
from .corpus import Corpus, Entry, attribute

IN_COUNTRY = rule("G501", "in-country", "coordinates lie in their country's bounding box")
DISTANCE = rule("G502", "distance", "a stated distance fits the geodesic between its endpoints")
DISTANCE_UNITS = rule("G503", "distance-units", "a distance in two units agrees with itself")
DIRECTION = rule("G504", "direction", "a stated direction fits the bearing between the endpoints")
ISO_CODES = rule("G505", "iso-codes", "a country's codes are ISO 3166-1's")
CLAIM_COUNTRY = rule("G512", "claim-country", "a place or facility a claim names lies in the claim's country")
IN_BORDERS = rule("G513", "in-borders", "coordinates lie within their country's borders (Natural Earth 1:50m)")

#: The fields of a claim that name where in its ``country`` it happened.
LOCATED_FIELDS = ("place", "facility")

#: How far (km) a point of each precision may be from the thing it stands for.
POINT_SLACK_KM: dict[str, float] = {"exact": 0.5, "near": 10, "city": 25, "region": 250, "country": 1000}
#: How far (km) Natural Earth's 1:50m border lines may lie from the true border, added to a point's slack.
BORDER_KM = 5.0
#: Most a rounded figure's rounding may be taken to be, as a share of the figure.
MAX_ROUNDING_SHARE = 0.05
#: Degrees of bearing a compass point covers either side (eight points), plus slack.
COMPASS_HALF_SECTOR = 22.5 + 5


def rounding(value: float) -> float:
    """Half the unit a stated figure is rounded to: 750 -> 5, 735 -> 0.5, 1000 -> 50 (capped at 5%)."""
    value = float(value)
    if value != int(value):
        decimals = len(repr(float(value)).split(".")[1])
        return 0.5 * 10.0**-decimals
    number, zeros = int(value), 0
    while number and number % 10 == 0:
        number, zeros = number // 10, zeros + 1
    return min(0.5 * float(10**zeros), MAX_ROUNDING_SHARE * value) if value else 0.5


def _point(corpus: Corpus, record_id: str) -> Coordinates | None:
    found = attribute(corpus.record(record_id), "coordinates")
    return found if isinstance(found, Coordinates) else None


def _points(corpus: Corpus) -> Iterator[tuple[Entry, Coordinates, str]]:
    """Each place or facility with coordinates and a country: its entry, its point and its country's alpha-3 code."""
    for entry, record in corpus.of(EntityBase):
        if isinstance(record, (Place, Facility)) and record.coordinates is not None and record.country is not None:
            yield entry, record.coordinates, record.country.split(":")[1]


@IN_COUNTRY.check
def in_country(corpus: Corpus) -> Iterator[Finding]:
    """G501: a place's or facility's coordinates lie within its country's bounding box."""
    for entry, point, alpha3 in _points(corpus):
        shape = geo.country_shape(alpha3)
        if shape is None:
            continue
        west, south, east, north = shape.bbox
        margin = POINT_SLACK_KM[point.precision] / 111.0  # degrees, generously at these latitudes
        if not (south - margin <= point.lat <= north + margin and west - margin <= point.lon <= east + margin):
            yield entry.finding(
                ("coordinates",),
                IN_COUNTRY,
                f"({point.lat}, {point.lon}) is outside {shape.name}'s bounding box "
                f"({south:.2f} to {north:.2f} N, {west:.2f} to {east:.2f} E)",
                "check the sign and order of latitude and longitude",
            )


@IN_BORDERS.check
def in_borders(corpus: Corpus) -> Iterator[Finding]:
    """G513: a point lies within its country's borders, or no further outside than its slack and BORDER_KM.

    Only countries the shipped borders cover (northern and western Africa); G501 holds the
    rest to their bounding boxes.
    """
    for entry, point, alpha3 in _points(corpus):
        country = borders.country(alpha3)
        if country is None:
            continue
        km, limit = country.km_outside(point.lat, point.lon), POINT_SLACK_KM[point.precision] + BORDER_KM
        if km > limit:
            yield entry.finding(
                ("coordinates",),
                IN_BORDERS,
                f"({point.lat}, {point.lon}) is {km:.1f} km outside {country.name}'s borders; "
                f"at most {limit:g} km is allowed for a point of precision {point.precision}",
                "check the point against its source, and the record's country",
            )


@ISO_CODES.check
def country_codes(corpus: Corpus) -> Iterator[Finding]:
    """G505: a country's alpha-2 code is the one ISO 3166-1 gives its alpha-3 code."""
    for entry, record in corpus.of(Country):
        shape = geo.country_shape(record.iso_alpha3)
        if shape is None:
            yield entry.finding(("id",), ISO_CODES, f"{record.iso_alpha3} is not an ISO 3166-1 alpha-3 code")
        elif shape.alpha2 != record.iso_alpha2:
            yield entry.finding(
                ("iso_alpha2",),
                ISO_CODES,
                f"{record.iso_alpha3}'s alpha-2 code is {shape.alpha2}, not {record.iso_alpha2}",
            )


def _bounds_km(measure: Quantity) -> tuple[float, float] | None:
    """The least and most a stated length can mean, in km, its rounding allowed for; None for a vague one."""
    if measure.qualifier == "vague":
        return None
    low, high = measure.bounds()
    if measure.qualifier in ("exact", "about"):
        low, high = low - rounding(low), high + rounding(high)
    return geo.to_km(low, measure.unit), geo.to_km(high, measure.unit)


@DISTANCE.check
def distance_fits_coordinates(corpus: Corpus) -> Iterator[Finding]:
    """G502: a stated distance agrees with the geodesic between its endpoints, within tolerance."""
    for entry, claim in corpus.of(Distance):
        a, b = _point(corpus, claim.origin), _point(corpus, claim.destination)
        if a is None or b is None:
            continue
        line = geo.geodesic(a.lat, a.lon, b.lat, b.lon)
        slack = POINT_SLACK_KM[a.precision] + POINT_SLACK_KM[b.precision]
        for index, measure in enumerate(claim.measures):
            bounds = _bounds_km(measure)
            if bounds is None:
                continue
            low, high = bounds[0] - slack, bounds[1] + slack
            if not low <= line.km <= high:
                figure = measure.value if measure.value is not None else (measure.low or measure.high)
                yield entry.finding(
                    ("measures", index, "value"),
                    DISTANCE,
                    f"{measure.qualifier} {figure} {measure.unit} does not fit the {line.km:.1f} km between the "
                    f"endpoints' coordinates (it allows {max(low, 0):.1f} to {high:.1f} km)",
                    "check the figure, its unit, and the endpoints' coordinates",
                )


@DISTANCE_UNITS.check
def distance_units_agree(corpus: Corpus) -> Iterator[Finding]:
    """G503: a distance stated in two units says the same length in both, within their rounding."""
    for entry, claim in corpus.of(Distance):
        stated = [(i, m.value, m) for i, m in enumerate(claim.measures) if m.value is not None]
        for (_, a, first), (j, b, second) in pairwise(stated):
            gap = abs(geo.to_km(a, first.unit) - geo.to_km(b, second.unit))
            allowed = geo.to_km(rounding(a), first.unit) + geo.to_km(rounding(b), second.unit)
            if gap > allowed:
                yield entry.finding(
                    ("measures", j, "value"),
                    DISTANCE_UNITS,
                    f"{second.value} {second.unit} is {gap:.1f} km away from {first.value} {first.unit} "
                    f"(their rounding allows {allowed:.1f} km)",
                )


@DIRECTION.check
def direction_fits_coordinates(corpus: Corpus) -> Iterator[Finding]:
    """G504: a stated compass direction agrees with the bearing between the endpoints."""
    for entry, claim in corpus.of(Distance):
        a, b = _point(corpus, claim.origin), _point(corpus, claim.destination)
        stated = geo.compass_point(claim.direction) if claim.direction else None
        if a is None or b is None or stated is None:
            continue
        bearing = geo.geodesic(a.lat, a.lon, b.lat, b.lon).bearing
        if geo.angle_between(bearing, stated) > COMPASS_HALF_SECTOR:
            yield entry.finding(
                ("direction",),
                DIRECTION,
                f"'{shown(claim.direction)}' but the bearing between the coordinates is {bearing:.0f}°",
            )


@CLAIM_COUNTRY.check
def located_in_claim_country(corpus: Corpus) -> Iterator[Finding]:
    """G512: the place or facility a claim names (a handover's base, an attack's town) lies in the claim's country."""
    for entry, claim in corpus.of(ClaimBase):
        country = attribute(claim, "country")
        if not isinstance(country, str):
            continue
        for name in LOCATED_FIELDS:
            target = attribute(claim, name)
            found = corpus.record(target) if isinstance(target, str) else None
            where = found.country if isinstance(found, (Place, Facility)) else None
            if where is not None and where != country:
                yield entry.finding(
                    (name,),
                    CLAIM_COUNTRY,
                    f"{target} lies in {where}, but the claim's country is {country}",
                    "correct the claim's country, or the place's or facility's country",
                )
