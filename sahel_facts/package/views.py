"""The SQL views a journalist starts from, derived from the kind registry and the package's tables.

- ``claim_subjects``: each claim's country (its ``country`` field; for a kind without one,
  the last of its ``subject_fields`` that names only countries: an invasion's target, a
  mission's first country) and actor (the entity its timeline lane is named after: the
  first of its ``subject_fields`` that is given, the first item of a list).
- ``chronology``: every active claim in time order (earliest day it can mean, then latest;
  timeless claims last): its date as written, country and actor by name, kind, summary,
  the title and address of its first source, the claims it conflicts with, and its rank.
- ``disputed``: each pair of claims linked by ``conflicts_with``, side by side.
- ``locations``: every entity with coordinates (facilities, places), named, with
  ``latitude`` and ``longitude`` columns for a map.

Kinds added to the registry, or tables a kind does not have, need no change here.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model.claims import TIME_FIELDS, ClaimBase
from ..model.introspect import ref_of
from ..model.kinds import KINDS
from .tables import CLAIM_BASE, layout

Columns = Mapping[str, tuple[str, ...]]

#: What each view holds, for Datasette's metadata.
DESCRIPTIONS = {
    "claim_subjects": "Each claim's country (its country field; for a kind without one, the last entity it is "
    "about that can only be a country, such as an invasion's target) and actor "
    "(the entity its timeline lane is named after: the first entity it is about).",
    "chronology": "Every active claim in time order, with its country and actor by name, its first source "
    "and the claims it conflicts with. Start here.",
    "disputed": "Claims that conflict, side by side: one row a pair linked by conflicts_with.",
    "locations": "Every facility and place with coordinates, for the map.",
}
#: What each view's columns mean, for Datasette's metadata.
COLUMNS = {
    "claim_subjects": {
        "claim_id": "The claim's ID",
        "country_id": "ID of the country the claim is about, where its kind names one",
        "actor_id": "ID of the entity the claim's timeline lane is named after",
    },
    "chronology": {
        "claim_id": "The claim's ID",
        "date": "The claim's time as written (EDTF): its date, validity interval or observation day",
        "earliest": "The earliest day that time can mean",
        "latest": "The latest day that time can mean",
        "country": "The country the claim is about, by name",
        "actor": "The force or actor the claim is about (its timeline lane), by name",
        "kind": "What sort of claim",
        "summary": "The claim in one sentence, in our own words",
        "source_title": "Title of the first source of its evidence (empty when unknown)",
        "source_url": "Address of that source (empty when unknown)",
        "conflicts": "IDs of the claims it conflicts with",
        "rank": "How it stands against claims that conflict with it: preferred, normal or deprecated",
    },
    "locations": {
        "id": "The entity's ID",
        "kind": "facility or place",
        "name": "Its usual English name",
        "category": "What sort of site or place it is",
        "country": "The country it lies in, by name",
        "latitude": "Latitude in decimal degrees, north positive",
        "longitude": "Longitude in decimal degrees, east positive",
        "precision": "How close the point is to the thing",
    },
}
SIDE = {
    "date": "its time as written (EDTF)",
    "summary": "the claim in one sentence",
    "rank": "how it stands: preferred, normal or deprecated",
    "source_title": "title of its first source",
    "source_url": "address of its first source",
}
COLUMNS["disputed"] = {
    "kind": "What sort of claims they are",
    "country": "The country the first claim is about, by name",
    "actor": "The actor the first claim is about, by name",
    **{
        f"{side}_{name}": f"The {which} claim's {what}"
        for side, which in (("one", "first"), ("two", "other"))
        for name, what in {"id": "ID", **SIDE}.items()
    },
    "reason": "What they disagree on, where a curator wrote it down (conflict_reason)",
}


def _value(model: type[ClaimBase], name: str) -> str:
    """The SQL for a field's entity ID: its column, or a list's first item."""
    listed = any(c.name == name and c.type == "array" for c in layout(model, CLAIM_BASE).columns)
    return f"json_extract(k.\"{name}\", '$[0]')" if listed else f'k."{name}"'


def _actor(columns: tuple[str, ...], model: type[ClaimBase]) -> str:
    """The SQL for a claim's actor: the first given of its subject fields."""
    found = [_value(model, name) for name in model.subject_fields if name in columns]
    return f"COALESCE({', '.join(found)})" if len(found) > 1 else (found[0] if found else "NULL")


def _country(columns: tuple[str, ...], model: type[ClaimBase]) -> str:
    """The SQL for a claim's country: its ``country`` field, else its last subject field that names only countries."""
    if "country" in columns:
        return 'k."country"'
    only = [
        name
        for name in model.subject_fields
        if name in columns and (found := ref_of(model.model_fields[name])) and found.prefixes == ("country",)
    ]
    return _value(model, only[-1]) if only else "NULL"


def claim_subjects(tables: Columns) -> str:
    """``claim_subjects``: a claim's country and actor IDs, one select a claim kind whose table there is."""
    selects = []
    for model in KINDS.models("claim"):
        assert issubclass(model, ClaimBase)
        table = f"claim_{KINDS.of_model(model).name}"
        if table not in tables:
            continue
        country, actor = _country(tables[table], model), _actor(tables[table], model)
        selects.append(f'SELECT k.id AS claim_id, {country} AS country_id, {actor} AS actor_id FROM "{table}" k')
    body = "\nUNION ALL\n".join(selects) or "SELECT NULL AS claim_id, NULL AS country_id, NULL AS actor_id WHERE 0"
    return f"CREATE VIEW claim_subjects AS\n{body}"


def _time(alias: str, suffix: str = "") -> str:
    return "COALESCE(" + ", ".join(f'{alias}."{t}{suffix}"' for t in TIME_FIELDS) + ")"


def chronology() -> str:
    """``chronology``: active claims in time order, with names, first source and conflicts."""
    return f"""CREATE VIEW chronology AS
SELECT c.id AS claim_id, {_time("c")} AS "date", {_time("c", "_earliest")} AS earliest,
  {_time("c", "_latest")} AS latest, country.name AS country, actor.name AS actor, c.kind, c.summary,
  s.title AS source_title, s.url AS source_url,
  (SELECT group_concat(value, ', ') FROM json_each(c.conflicts_with)) AS conflicts, c.rank
FROM claims c
LEFT JOIN claim_subjects k ON k.claim_id = c.id
LEFT JOIN entities country ON country.id = k.country_id
LEFT JOIN entities actor ON actor.id = k.actor_id
LEFT JOIN evidence e ON e.claim_id = c.id AND e."index" = 0
LEFT JOIN sources s ON s.id = e.source
WHERE c.status = 'active'
ORDER BY COALESCE(earliest, latest) IS NULL, COALESCE(earliest, latest), latest, c.id"""


def _side(name: str) -> str:
    return (
        f"{name}.id AS {name}_id, {_time(name)} AS {name}_date, {name}.summary AS {name}_summary, "
        f"{name}.rank AS {name}_rank, {name}_source.title AS {name}_source_title, "
        f"{name}_source.url AS {name}_source_url"
    )


def _first_source(name: str) -> str:
    return (
        f'LEFT JOIN evidence {name}_evidence ON {name}_evidence.claim_id = {name}.id AND {name}_evidence."index" = 0\n'
        f"LEFT JOIN sources {name}_source ON {name}_source.id = {name}_evidence.source"
    )


def disputed() -> str:
    """``disputed``: one row a pair of claims linked by ``conflicts_with`` (either way), side by side."""
    return f"""CREATE VIEW disputed AS
WITH pairs AS (
  SELECT DISTINCT min(c.id, j.value) AS first, max(c.id, j.value) AS second
  FROM claims c, json_each(c.conflicts_with) j
)
SELECT one.kind AS kind, country.name AS country, actor.name AS actor, {_side("one")}, {_side("two")},
  COALESCE(one.conflict_reason, two.conflict_reason) AS reason
FROM pairs
JOIN claims one ON one.id = pairs.first
JOIN claims two ON two.id = pairs.second
{_first_source("one")}
{_first_source("two")}
LEFT JOIN claim_subjects k ON k.claim_id = one.id
LEFT JOIN entities country ON country.id = k.country_id
LEFT JOIN entities actor ON actor.id = k.actor_id
ORDER BY one.id, two.id"""


def locations(tables: Columns) -> str:
    """``locations``: the entities whose kind table has coordinates (``X_lat`` and ``X_lon``), named."""
    selects = []
    for name, columns in tables.items():
        if not name.startswith("entity_"):
            continue
        pairs = [c.removesuffix("_lat") for c in columns if c.endswith("_lat") and f"{c[:-4]}_lon" in columns]
        if not pairs:
            continue
        point = pairs[0]
        category = 't."category"' if "category" in columns else "NULL"
        country = "country.name" if "country" in columns else "NULL"
        join = 'LEFT JOIN entities country ON country.id = t."country"' if "country" in columns else ""
        precision = f't."{point}_precision"' if f"{point}_precision" in columns else "NULL"
        selects.append(
            f"SELECT e.id, e.kind, e.name, {category} AS category, {country} AS country, "
            f't."{point}_lat" AS latitude, t."{point}_lon" AS longitude, {precision} AS precision '
            f'FROM "{name}" t JOIN entities e ON e.id = t.id {join} WHERE t."{point}_lat" IS NOT NULL'
        )
    body = "\nUNION ALL\n".join(selects) or (
        "SELECT NULL AS id, NULL AS kind, NULL AS name, NULL AS category, NULL AS country, "
        "NULL AS latitude, NULL AS longitude, NULL AS precision WHERE 0"
    )
    return f"CREATE VIEW locations AS\nSELECT * FROM (\n{body}\n) ORDER BY kind, name, id"


def create_views(tables: Columns) -> list[str]:
    """Every view's ``CREATE VIEW``, given the database's tables and their columns."""
    return [claim_subjects(tables), chronology(), disputed(), locations(tables)]
