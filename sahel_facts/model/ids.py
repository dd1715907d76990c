"""Record IDs and references between records.

An ID is a prefix and a slug: ``country:NER``, ``org:us-africom``,
``person:lloyd-austin``, ``place:niamey``, ``facility:air-base-101``,
``source:dod-news-2024-03-18``, ``claim:russian-troops-air-base-101``. The prefix is
the ID's namespace (which kinds use which prefix is said by the kind registry,
:mod:`sahel_facts.model.kinds`); the slug is lower-case ASCII words joined by hyphens,
except a country's, which is its ISO 3166-1 alpha-3 code. So no two IDs can look alike
(no Unicode confusables) and every ID is a safe file name. An ID is never reused, even
when its record is retracted.

A field that points at another record is typed ``Annotated[str, RefTo(prefix, ...)]``
(the aliases below): the marker both constrains the value and tells the reference
check which records the target may be. A record's own ID is ``Annotated[str, IdOf(prefix)]``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .base import anchored, shown

#: The ID prefixes, each with the form of its slugs (a regular expression).
PREFIXES: dict[str, str] = {
    "country": r"[A-Z]{3}",
    "org": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "person": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "place": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "facility": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "source": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "claim": r"[a-z0-9]+(?:-[a-z0-9]+)*",
}
#: The longest ID allowed, so that file names stay short.
MAX_ID = 100


def id_pattern(*prefixes: str) -> str:
    """The regular expression (anchored) of IDs with any of ``prefixes``."""
    unknown = sorted(set(prefixes) - set(PREFIXES))
    if unknown or not prefixes:
        raise ValueError(f"unknown ID prefixes {unknown}; known: {', '.join(PREFIXES)}")
    return "^(?:" + "|".join(f"{p}:{PREFIXES[p]}" for p in prefixes) + ")$"


#: Any well-formed ID.
ANY_ID = anchored(id_pattern(*PREFIXES))


class _IdForm:
    """An ID-shaped string: a pydantic annotation that checks the form and says what it expects."""

    __slots__ = ("_pattern", "prefixes")

    def __init__(self, *prefixes: str) -> None:
        self.prefixes: tuple[str, ...] = prefixes
        """The prefixes an ID here may have."""
        self._pattern = anchored(id_pattern(*prefixes))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _IdForm) and type(other) is type(self) and other.prefixes == self.prefixes

    def __hash__(self) -> int:
        return hash((type(self), self.prefixes))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.prefixes))})"

    def _check(self, value: str) -> str:
        if not self._pattern.match(value):
            expected = " or ".join(f"{p}:{'ISO' if p == 'country' else 'some-slug'}" for p in self.prefixes)
            raise PydanticCustomError(
                "id_form",
                "'{value}' is not a valid ID here (expected {expected})",
                {
                    "value": shown(value),
                    "expected": expected,
                },
            )
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, core_schema.str_schema(max_length=MAX_ID))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "maxLength": MAX_ID, "pattern": id_pattern(*self.prefixes)}


class RefTo(_IdForm):
    """Marks a field as a reference to a record whose ID has one of ``prefixes``."""

    __slots__ = ()


class IdOf(_IdForm):
    """Marks a field as a record's own ID, in the ``prefix`` namespace."""

    __slots__ = ()


def split_id(record_id: str) -> tuple[str, str]:
    """The prefix and slug of ``record_id`` (``"org:us-africom"`` -> ``("org", "us-africom")``)."""
    prefix, _, slug = record_id.partition(":")
    return prefix, slug


CountryRef = Annotated[str, RefTo("country")]
OrgRef = Annotated[str, RefTo("org")]
PersonRef = Annotated[str, RefTo("person")]
PlaceRef = Annotated[str, RefTo("place")]
FacilityRef = Annotated[str, RefTo("facility")]
SourceRef = Annotated[str, RefTo("source")]
ClaimRef = Annotated[str, RefTo("claim")]
#: Any entity: a country, organisation, person, place or facility.
EntityRef = Annotated[str, RefTo("country", "org", "person", "place", "facility")]
#: A place or a facility: something with a location.
LocationRef = Annotated[str, RefTo("place", "facility")]
#: An actor that can act or speak: a country, an organisation or a person.
ActorRef = Annotated[str, RefTo("country", "org", "person")]
#: An organisation, or a country standing for its forces.
ForceRef = Annotated[str, RefTo("org", "country")]
