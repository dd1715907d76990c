"""Records of any family, and where each record's file lives, read from the kind registry.

One record a file, the file named after the ID's slug in its kind's folder (see
:mod:`sahel_facts.model.kinds`), so that pull requests touch few files and never conflict.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..findings import rule
from .claims import ClaimBase
from .entities import EntityBase
from .ids import split_id
from .kinds import KINDS, Family
from .sources import Source

FILE_LOCATION = rule("X302", "file-location", "a file is named after its ID, in its kind's folder")

#: Any record of any family.
Record = EntityBase | Source | ClaimBase


def field_order(model: type[BaseModel]) -> list[str]:
    """The order fields are written in: ID, kind, summary or name, the kind's own fields, then the shared ones."""
    shared = next((b for b in (ClaimBase, EntityBase) if issubclass(model, b)), None)
    own = [n for n in model.model_fields if shared is None or n not in shared.model_fields]
    first = [n for n in ("id", "kind", "summary", "name") if n in model.model_fields]
    return list(dict.fromkeys([*first, *own, *model.model_fields]))


def family_of(record_id: str) -> Family | None:
    """The family of an ID, by its prefix; None for an unknown prefix."""
    kinds = KINDS.with_prefix(split_id(record_id)[0])
    return kinds[0].family if kinds else None


def family_for_path(relpath: str) -> Family | None:
    """The family a file under ``facts/`` must hold, by its kind's folder; None if none fits."""
    kind = KINDS.in_folder(relpath)
    return kind.family if kind else None


def schema_line(path: str, family: Family) -> str:
    """The first line of a record file at ``path``: where editors find the family's JSON Schema."""
    depth = path.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{family.schema_file}"


def id_from_path(relpath: str) -> str | None:
    """The ID a file's place names (``facts/organisations/x.yaml`` is ``org:x``), for files that cannot be read."""
    kind = KINDS.in_folder(relpath)
    slug = relpath.rpartition("/")[2].removesuffix(".yaml")
    return f"{kind.prefix}:{slug}" if kind else None


def expected_path(record: Record) -> str:
    """Where ``record``'s file belongs, relative to the repository root."""
    return KINDS.of(record).path(record.id)
