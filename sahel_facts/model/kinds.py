"""The kind registry: every kind of record, in one table, and everything derived from it.

A kind is a model class and one row: its family (entity, source or claim, from the
model's base class), its ID prefix and its folder under ``facts/``. IDs, folders, the
families' discriminated unions and JSON Schemas, the package's tables, templates, the
data dictionary and the command line's choices are all read from :data:`KINDS`, so
adding a kind is writing its model and adding its row below.

======== ============================== =========== ===================================
family   kinds                          ID prefix   file
======== ============================== =========== ===================================
entity   country, organisation, person, per kind    ``facts/countries/NER.yaml``,
         place, facility                            ``facts/organisations/us-africom.yaml``
source   source (its ``kind`` field is  ``source``  ``facts/sources/SLUG.yaml``
         the document type)
claim    deployment, withdrawal, ...    ``claim``   ``facts/claims/KIND/SLUG.yaml``
======== ============================== =========== ===================================
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import Field, TypeAdapter

from .base import RecordBase
from .claims import (
    Agreement,
    Assessment,
    Attack,
    ClaimBase,
    Coup,
    Deployment,
    Distance,
    Election,
    Expenditure,
    ExpulsionOrder,
    FacilityUse,
    Handover,
    Invasion,
    Protest,
    Relations,
    Statement,
    TroopCount,
    Withdrawal,
)
from .entities import Country, EntityBase, Facility, Organisation, Person, Place
from .ids import PREFIXES, split_id
from .institutions import Membership, Mission
from .sources import Source

FamilyName = Literal["entity", "source", "claim"]


@dataclass(frozen=True)
class Family:
    """A record family: the base its models share, and its committed JSON Schema."""

    name: FamilyName
    """entity, source or claim."""
    base: type[RecordBase]
    """The class every model of the family derives from."""
    table: str
    """The data package's base table of the family: one row a record, with the fields all its kinds share."""

    @property
    def adapter(self) -> TypeAdapter[Any]:
        """Validates a mapping into a record of this family (as the registry stands)."""
        return KINDS.adapter(self.name)

    @property
    def schema_file(self) -> str:
        """The committed JSON Schema's path, relative to the repository root."""
        return f"schema/{self.name}.schema.json"


#: The three families, in the order the package lists them.
FAMILIES: dict[FamilyName, Family] = {
    "entity": Family("entity", EntityBase, "entities"),
    "source": Family("source", Source, "sources"),
    "claim": Family("claim", ClaimBase, "claims"),
}


@dataclass(frozen=True)
class Kind:
    """One kind of record: its name, model, family, ID prefix and folder."""

    name: str
    """The kind's name: the value of ``kind`` in its records (``withdrawal``), or ``source``."""
    model: type[RecordBase]
    """The pydantic model its records validate against."""
    family: Family
    """The family it belongs to."""
    prefix: str
    """The prefix of its records' IDs (``claim``, ``org``...)."""
    folder: str
    """Its records' folder, relative to ``facts/`` (``claims/withdrawal``, ``organisations``)."""

    def path(self, record_id: str) -> str:
        """Where the file of the record ``record_id`` of this kind belongs, relative to ROOT."""
        return f"facts/{self.folder}/{split_id(record_id)[1]}.yaml"


def _literal_kind(model: type[RecordBase]) -> str:
    """The one value of a model's ``kind: Literal[...]``."""
    values = get_args(model.model_fields["kind"].annotation)
    if len(values) != 1 or not isinstance(values[0], str):
        raise TypeError(f"{model.__name__}.kind must be a Literal of one string, the kind's name")
    return values[0]


class Registry:
    """Every kind of record, by name, in the order registered.

    ``version`` changes whenever a kind is added or removed, so that what is derived
    from the registry (adapters, tables) is derived again.
    """

    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}
        self._of_model: dict[type[RecordBase], Kind] = {}
        self._in_folder: dict[str, Kind] = {}
        self._adapters: dict[tuple[int, str], TypeAdapter[Any]] = {}
        self.version = 0
        """Counts changes to the registry."""

    def add(self, model: type[RecordBase], *, prefix: str | None = None, folder: str | None = None) -> Kind:
        """Register ``model`` as a kind: claims and sources need no more; an entity kind names its prefix and folder."""
        family = next((f for f in FAMILIES.values() if issubclass(model, f.base)), None)
        if family is None:
            raise TypeError(f"{model.__name__} is not an entity, source or claim model")
        if family.name == "source":
            name, prefix, folder = "source", "source", "sources"
        elif family.name == "claim":
            name = _literal_kind(model)
            prefix, folder = "claim", f"claims/{name}"
        else:
            name = _literal_kind(model)
            if prefix is None or folder is None:
                raise TypeError(f"entity kind {name} needs its ID prefix and its folder")
        if prefix not in PREFIXES:
            raise ValueError(f"{name}: unknown ID prefix {prefix!r}; add it to model.ids.PREFIXES")
        clash = next((k for k in self._kinds.values() if k.name == name or k.folder == folder), None)
        if clash is not None:
            raise ValueError(f"kind {name} (folder {folder}) clashes with {clash.name} (folder {clash.folder})")
        kind = Kind(name, model, family, prefix, folder)
        self._kinds[name] = kind
        self._of_model[model] = kind
        self._in_folder[folder] = kind
        self.version += 1
        return kind

    def remove(self, name: str) -> None:
        """Unregister a kind (tests use this to undo a toy kind)."""
        kind = self._kinds.pop(name)
        del self._of_model[kind.model]
        del self._in_folder[kind.folder]
        self.version += 1

    def __getitem__(self, name: str) -> Kind:
        try:
            return self._kinds[name]
        except KeyError:
            raise KeyError(f"no kind {name!r}; kinds: {', '.join(self._kinds)}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[Kind]:
        return iter(list(self._kinds.values()))

    def names(self, family: FamilyName | None = None) -> tuple[str, ...]:
        """The kinds' names, of one family or all."""
        return tuple(k.name for k in self if family is None or k.family.name == family)

    def models(self, family: FamilyName) -> tuple[type[RecordBase], ...]:
        """The models of a family's kinds."""
        return tuple(k.model for k in self if k.family.name == family)

    def of(self, record: RecordBase) -> Kind:
        """The kind of a record."""
        return self._of_model[type(record)]

    def of_model(self, model: type[RecordBase]) -> Kind:
        """The kind a model class stands for."""
        return self._of_model[model]

    def in_folder(self, relpath: str) -> Kind | None:
        """The kind a file under ``facts/`` must hold, by its folder; None if no kind's folder it is."""
        if not relpath.startswith("facts/"):
            return None
        return self._in_folder.get(relpath.removeprefix("facts/").rpartition("/")[0])

    def with_prefix(self, prefix: str) -> tuple[Kind, ...]:
        """The kinds whose IDs have ``prefix``."""
        return tuple(k for k in self if k.prefix == prefix)

    def noun(self, prefix: str) -> str:
        """What a record with ``prefix`` is called: its one kind, or its family ("claim")."""
        kinds = self.with_prefix(prefix)
        return kinds[0].name if len(kinds) == 1 else kinds[0].family.name if kinds else prefix

    def annotation(self, family: FamilyName) -> Any:
        """The pydantic type a family's records validate against (a union told apart by ``kind``)."""
        models = self.models(family)
        if family == "source" or len(models) == 1:
            return models[0]
        return Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007 - built from a tuple

    def adapter(self, family: FamilyName) -> TypeAdapter[Any]:
        """Validates a mapping into a record of ``family``; built once per registry version."""
        key = (self.version, family)
        if key not in self._adapters:
            self._adapters[key] = TypeAdapter(self.annotation(family))
        return self._adapters[key]

    def any_record(self) -> Any:
        """The pydantic type of a record of any family, told apart by ``kind``."""
        return Annotated[Union[tuple(k.model for k in self)], Field(discriminator="kind")]  # noqa: UP007


#: The registry: one row a kind.
KINDS = Registry()
KINDS.add(Country, prefix="country", folder="countries")
KINDS.add(Organisation, prefix="org", folder="organisations")
KINDS.add(Person, prefix="person", folder="persons")
KINDS.add(Place, prefix="place", folder="places")
KINDS.add(Facility, prefix="facility", folder="facilities")
KINDS.add(Source)
KINDS.add(Deployment)
KINDS.add(Withdrawal)
KINDS.add(ExpulsionOrder)
KINDS.add(Agreement)
KINDS.add(FacilityUse)
KINDS.add(TroopCount)
KINDS.add(Distance)
KINDS.add(Statement)
KINDS.add(Coup)
KINDS.add(Election)
KINDS.add(Protest)
KINDS.add(Invasion)
KINDS.add(Relations)
KINDS.add(Assessment)
KINDS.add(Expenditure)
KINDS.add(Membership)
KINDS.add(Mission)
KINDS.add(Handover)
KINDS.add(Attack)
