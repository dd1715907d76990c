"""Record IDs and references between records.

An ID is a family prefix and a slug: ``country:NER``, ``org:us-africom``,
``person:lloyd-austin``, ``place:niamey``, ``facility:air-base-101``,
``source:dod-news-2024-03-18``, ``claim:russian-troops-air-base-101``. A country's slug
is its ISO 3166-1 alpha-3 code; every other slug is lower-case ASCII words joined by
hyphens, so that no two IDs can look alike (no Unicode confusables) and every ID is a
safe file name. An ID is never reused, even when its record is retracted.

A field that points at another record is typed with :func:`Ref`, which both constrains
the prefix and tells the reference check which families the target may belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints

#: Prefix of each family's IDs, and the family or entity kind it names.
PREFIXES: dict[str, str] = {
    "country": "country",
    "org": "organisation",
    "person": "person",
    "place": "place",
    "facility": "facility",
    "source": "source",
    "claim": "claim",
}
#: The longest ID allowed, so that file names stay short.
MAX_ID = 100
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
COUNTRY_SLUG = r"[A-Z]{3}"


def id_pattern(*prefixes: str) -> str:
    """The regular expression (anchored) of IDs with any of ``prefixes``."""
    alternatives = [f"country:{COUNTRY_SLUG}" if p == "country" else f"{p}:{SLUG}" for p in prefixes]
    return "^(?:" + "|".join(alternatives) + ")$"


ANY_ID = re.compile(id_pattern(*PREFIXES))


@dataclass(frozen=True)
class RefTo:
    """Marks a field as a reference to a record whose ID has one of ``prefixes``."""

    prefixes: tuple[str, ...]


def Ref(*prefixes: str) -> type[str]:  # noqa: N802 - used as a type
    """A string type for a reference to a record of one of ``prefixes``' families."""
    unknown = set(prefixes) - set(PREFIXES)
    if unknown:
        raise ValueError(f"unknown ID prefixes {sorted(unknown)}")
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(pattern=id_pattern(*prefixes), max_length=MAX_ID), RefTo(prefixes)
    ]


def Id(prefix: str) -> type[str]:  # noqa: N802 - used as a type
    """A string type for a record's own ID in the ``prefix`` family."""
    return Annotated[str, StringConstraints(pattern=id_pattern(prefix), max_length=MAX_ID)]  # type: ignore[return-value]


def split_id(record_id: str) -> tuple[str, str]:
    """The prefix and slug of ``record_id`` (``"org:us-africom"`` -> ``("org", "us-africom")``)."""
    prefix, _, slug = record_id.partition(":")
    return prefix, slug


CountryRef = Ref("country")
OrgRef = Ref("org")
PersonRef = Ref("person")
PlaceRef = Ref("place")
FacilityRef = Ref("facility")
SourceRef = Ref("source")
ClaimRef = Ref("claim")
#: Any entity: a country, organisation, person, place or facility.
EntityRef = Ref("country", "org", "person", "place", "facility")
#: A place or a facility: something with a location.
LocationRef = Ref("place", "facility")
#: An actor that can act or speak: a country, an organisation or a person.
ActorRef = Ref("country", "org", "person")
