"""The three record families, and where each record's file lives under ``facts/``.

======== ================================ ===================================
family   kinds                            file
======== ================================ ===================================
entity   country, organisation, person,   ``facts/countries/NER.yaml``,
         place, facility                  ``facts/organisations/us-africom.yaml`` ...
source   (one model; ``kind`` is its type) ``facts/sources/SLUG.yaml``
claim    deployment, withdrawal, ...      ``facts/claims/KIND/SLUG.yaml``
======== ================================ ===================================

One record a file, the file named after the ID's slug, so that pull requests touch few
files and never conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, get_args

from pydantic import TypeAdapter

from .claims import CLAIM_TYPES, Claim, ClaimBase
from .entities import ENTITY_TYPES, Entity, EntityBase
from .ids import split_id
from .sources import Source

#: Any record of any family.
Record = EntityBase | Source | ClaimBase

#: The folder under ``facts/`` of each entity kind.
ENTITY_FOLDERS: dict[str, str] = {
    "country": "countries",
    "organisation": "organisations",
    "person": "persons",
    "place": "places",
    "facility": "facilities",
}


def kind_of(model: type) -> str:
    """The ``kind`` a model of an entity or claim stands for (its Literal's one value)."""
    return get_args(model.model_fields["kind"].annotation)[0]


CLAIM_KINDS: tuple[str, ...] = tuple(map(kind_of, CLAIM_TYPES))
ENTITY_KINDS: tuple[str, ...] = tuple(map(kind_of, ENTITY_TYPES))
#: The model of every entity and claim kind (sources are one model whatever their kind).
MODEL_OF_KIND: dict[str, type[EntityBase] | type[ClaimBase]] = {kind_of(m): m for m in (*ENTITY_TYPES, *CLAIM_TYPES)}


@dataclass(frozen=True)
class Family:
    """A record family: its model, its ID prefixes and its committed JSON Schema."""

    name: str
    """entity, source or claim."""
    annotation: Any
    """The pydantic type records of the family validate against."""
    prefixes: tuple[str, ...]
    """The ID prefixes of the family."""

    @cached_property
    def adapter(self) -> TypeAdapter:
        """Validates a mapping into a record of this family."""
        return TypeAdapter(self.annotation)

    @property
    def schema_file(self) -> str:
        """The committed JSON Schema's path, relative to the repository root."""
        return f"schema/{self.name}.schema.json"


FAMILIES: dict[str, Family] = {
    "entity": Family("entity", Entity, ("country", "org", "person", "place", "facility")),
    "source": Family("source", Source, ("source",)),
    "claim": Family("claim", Claim, ("claim",)),
}
_FAMILY_OF_FOLDER = {**{folder: "entity" for folder in ENTITY_FOLDERS.values()}, "sources": "source", "claims": "claim"}


def field_order(model: type) -> list[str]:
    """The order fields are written in: ID, kind, summary or name, the kind's own fields, then the shared ones."""
    shared = next((b for b in (ClaimBase, EntityBase) if issubclass(model, b)), None)
    own = [n for n in model.model_fields if shared is None or n not in shared.model_fields]
    first = [n for n in ("id", "kind", "summary", "name") if n in model.model_fields]
    return list(dict.fromkeys([*first, *own, *model.model_fields]))


def family_of(record_id: str) -> Family | None:
    """The family of an ID, by its prefix; None for an unknown prefix."""
    prefix = split_id(record_id)[0]
    return next((f for f in FAMILIES.values() if prefix in f.prefixes), None)


def family_for_path(relpath: str) -> Family | None:
    """The family a file under ``facts/`` must hold, by its first folder; None if none fits."""
    parts = relpath.split("/")
    if len(parts) < 3 or parts[0] != "facts":
        return None
    name = _FAMILY_OF_FOLDER.get(parts[1])
    return FAMILIES[name] if name else None


def schema_line(path: str, family: Family) -> str:
    """The first line of a record file at ``path``: where editors find the family's JSON Schema."""
    depth = path.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{family.schema_file}"


_PREFIX_OF_FOLDER = {
    "countries": "country",
    "organisations": "org",
    "persons": "person",
    "places": "place",
    "facilities": "facility",
    "sources": "source",
    "claims": "claim",
}


def id_from_path(relpath: str) -> str | None:
    """The ID a file's place names (``facts/organisations/x.yaml`` is ``org:x``), for files that cannot be read."""
    parts = relpath.removesuffix(".yaml").split("/")
    prefix = _PREFIX_OF_FOLDER.get(parts[1]) if len(parts) >= 3 and parts[0] == "facts" else None
    return f"{prefix}:{parts[-1]}" if prefix else None


def record_path(record_id: str, kind: str) -> str:
    """Where the file of a record with ``record_id`` and ``kind`` belongs, relative to the repository root."""
    prefix, slug = split_id(record_id)
    if prefix == "source":
        return f"facts/sources/{slug}.yaml"
    if prefix == "claim":
        return f"facts/claims/{kind}/{slug}.yaml"
    return f"facts/{ENTITY_FOLDERS[kind]}/{slug}.yaml"


def expected_path(record: Record) -> str:
    """Where ``record``'s file belongs, relative to the repository root."""
    return record_path(record.id, record.kind)
