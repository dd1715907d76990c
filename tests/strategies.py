"""Hypothesis strategies for valid records of every family and kind, and whole consistent trees.

Field values are drawn from the models' annotations (references from the IDs already
in the tree, vocabularies from their Literals, dates as EDTF), with the rules models
and cross-record checks impose applied on top: ordered intervals, consistent
quantities, resolving references, quotes taken from generated archived snapshots,
real ISO codes, coordinates inside their country's bounding box, and no
disagreement between claims left unlinked.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel

from sahel_facts import gazetteer, geo
from sahel_facts.check.evidence import MIN_QUOTE
from sahel_facts.model.base import UNKNOWN
from sahel_facts.model.claims import TIME_FIELDS, ClaimBase
from sahel_facts.model.dates import EDTF, bounds
from sahel_facts.model.entities import Country, Facility, Organisation, Person, Place
from sahel_facts.model.introspect import members, ref_of, sequence_item, split
from sahel_facts.model.kinds import KINDS
from sahel_facts.model.records import Record
from sahel_facts.model.sources import Source
from sahel_facts.write import to_yaml

COUNTRIES = [("NER", "NE", "Niger"), ("TCD", "TD", "Chad"), ("MLI", "ML", "Mali"), ("USA", "US", "United States")]
#: A real city (GeoNames ID) and airfield (ICAO code) of each country: G506-G511 hold trees to the gazetteers.
CITIES = {"NER": "2440485", "TCD": "2427123", "MLI": "2460596", "USA": "4140963"}
AIRFIELDS = {"NER": "DRRN", "TCD": "FTTJ", "MLI": "GABS", "USA": "KIAD"}
FORBIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: Letters that show nothing (Hangul fillers): a name refuses them, as it does format characters.
INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0"
_word = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S"], exclude_characters=FORBIDDEN + INVISIBLE_LETTERS),
    min_size=1,
    max_size=10,
)


def _one_alphabet(word: str) -> bool:
    """True unless the word mixes Latin, Cyrillic and Greek letters, which look alike (a name refuses that)."""
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in word}
    return len(scripts & {"LATIN", "CYRILLIC", "GREEK"}) <= 1


#: Text that is also a valid name (model.base.Name): visible words, single plain spaces, composed (NFC).
text = st.lists(_word.filter(_one_alphabet), min_size=1, max_size=3).map(
    lambda words: unicodedata.normalize("NFC", " ".join(words))
)
slugs = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def single_dates(draw, unspecified: bool = True) -> str:
    """One EDTF date of the subset: a day, month or year, maybe qualified or (alone) with unknown digits."""
    day = draw(days).isoformat()
    forms = ["day", "month", "year"] + (["month-xx", "decade"] if unspecified else [])
    form = draw(st.sampled_from(forms))
    value = {"day": day, "month": day[:7], "year": day[:4], "month-xx": day[:7] + "-XX", "decade": day[:3] + "X"}[form]
    return value + draw(st.sampled_from(["", "", "~", "?", "%"]))


@st.composite
def intervals(draw) -> str:
    """An ordered EDTF interval, possibly with an end no source gives (``..``; unknown digits are level 2 there)."""
    first, second = draw(single_dates(unspecified=False)), draw(single_dates(unspecified=False))
    if bounds(first)[0] > bounds(second)[1]:
        first, second = second, first
    if bounds(first)[0] > bounds(second)[1]:  # overlapping qualified dates can still cross: use one twice
        second = first
    shape = draw(st.sampled_from(["closed", "closed", "open-end", "open-start"]))
    return {"closed": f"{first}/{second}", "open-end": f"{first}/..", "open-start": f"../{second}"}[shape]


edtf_values = st.one_of(single_dates(), intervals())


@st.composite
def quantities(draw, unit: str, comparable: bool = True) -> dict[str, Any]:
    """A consistent quantity; with ``comparable`` False, one that never disagrees with another (vague, open above)."""
    said = draw(st.one_of(st.just(UNKNOWN), text))
    if not comparable:
        return {"low": draw(st.integers(0, 10_000)), "qualifier": "vague", "unit": unit, "text": said}
    value = draw(st.integers(0, 10_000) | st.floats(0, 1e6, allow_nan=False, allow_infinity=False))
    qualifier = draw(st.sampled_from(["exact", "about", "at_least", "vague"]))
    if qualifier == "vague":
        return {
            "low": value,
            "high": value + draw(st.integers(0, 100)),
            "qualifier": qualifier,
            "unit": unit,
            "text": said,
        }
    if qualifier == "at_least":
        return {"low": value, "qualifier": qualifier, "unit": unit, "text": said}
    return {"value": value, "qualifier": qualifier, "unit": unit, "text": said}


@dataclass
class Tree:
    """Records, and the archived snapshot files they quote, by path under ROOT."""

    records: list[Record] = field(default_factory=list)
    snapshots: dict[str, bytes] = field(default_factory=dict)

    def ids(self, prefixes: tuple[str, ...]) -> list[str]:
        return [r.id for r in self.records if r.id.split(":")[0] in prefixes]

    def files(self) -> dict[str, bytes]:
        from sahel_facts.model.records import expected_path

        written = {expected_path(r): to_yaml(r).encode() for r in self.records}
        return {**written, **self.snapshots}


def _value(draw, tree: Tree, info: Any, name: str) -> Any:
    """A value for one field, from its annotation."""
    options, optional, known = split(info.annotation)
    ref = ref_of(info)
    if optional and draw(st.booleans()):
        return None
    if known and draw(st.booleans()):
        return UNKNOWN
    kind = options[0]
    if sequence_item(kind) is not None:
        item = members(sequence_item(kind))[0]
        if ref:
            pool = tree.ids(ref.prefixes)
            least = 2 if name == "parties" else 1 if name == "subjects" else 0
            return draw(st.lists(st.sampled_from(pool), min_size=least, max_size=3, unique=True)) if pool else []
        if item is str:
            return draw(st.lists(text, max_size=2))
        raise NotImplementedError(name)
    if ref:
        return draw(st.sampled_from(tree.ids(ref.prefixes)))
    if kind is EDTF:
        return draw(intervals() if name == "valid" else edtf_values)
    if get_origin(kind) is Literal:
        return draw(st.sampled_from(get_args(kind)))
    if kind is str:
        return draw(text)
    raise NotImplementedError(f"{name}: {kind}")


def _fields(draw, tree: Tree, model: type[BaseModel], skip: set[str]) -> dict[str, Any]:
    data = {}
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        if not info.is_required() and draw(st.integers(0, 2)) == 0:
            continue
        value = _value(draw, tree, info, name)
        if value is not None:
            data[name] = value
    return data


def _quote_end(words: list[str], start: int) -> int | None:
    """Where a quote from ``words[start]`` first holds MIN_QUOTE letters or digits, if it can."""
    held = 0
    for end in range(start, len(words)):
        held += sum(c.isalnum() for c in words[end])
        if held >= MIN_QUOTE:
            return end + 1
    return None


@st.composite
def evidence(draw, tree: Tree) -> dict[str, Any]:
    """One evidence item: a quote only from an archived source, taken from its snapshot."""
    source = draw(st.sampled_from([r for r in tree.records if isinstance(r, Source)]))
    item: dict[str, Any] = {"source": source.id}
    if source.snapshot is not None and draw(st.booleans()):
        words = tree.snapshots[source.snapshot.path].decode().split()
        # Long enough to prove something (MIN_QUOTE letters or digits), from a start that allows it:
        ends = [_quote_end(words, start) for start in range(len(words))]
        starts = [start for start, end in enumerate(ends) if end is not None]
        if starts:
            start = draw(st.sampled_from(starts))
            end = min(len(words), (ends[start] or 0) + draw(st.integers(0, 3)))
            item["quote"] = " ".join(words[start:end])
    if draw(st.booleans()):
        item["locator"] = "section " + str(draw(st.integers(1, 9)))
    entities = tree.ids(("country", "org", "person"))
    item["claimant"] = draw(st.one_of(st.sampled_from(entities), text.map(lambda t: "said by " + t)))
    return item


def _claim(draw, tree: Tree, model: type[ClaimBase], slug: str) -> ClaimBase:
    kind = KINDS.of_model(model).name
    data: dict[str, Any] = {"id": f"claim:{slug}", "kind": kind, "summary": draw(text)}
    data.update(
        _fields(
            draw,
            tree,
            model,
            {
                "id",
                "kind",
                "summary",
                "evidence",
                "rank",
                "rank_reason",
                "status",
                "status_reason",
                "merged_into",
                "conflicts_with",
                "conflict_reason",
                "supersedes",
                "measures",
                "count",
                "amount",
                "size",
                "strength",
                "killed",
                "wounded",
            },
        )
    )
    data["evidence"] = draw(st.lists(evidence(tree), min_size=1, max_size=2))
    earlier = tree.ids(("claim",))
    rank = draw(st.sampled_from(["normal", "normal", "preferred", "deprecated"]))
    if rank != "normal":
        data.update(rank=rank, rank_reason=draw(text))
    status = draw(st.sampled_from(["active", "active", "retracted", "merged"] if earlier else ["active", "retracted"]))
    if status != "active":
        data.update(status=status, status_reason=draw(text))
    if status == "merged":
        data["merged_into"] = draw(st.sampled_from(earlier))
    if earlier and draw(st.booleans()):
        data["supersedes"] = [draw(st.sampled_from(earlier))]
    # One time field, of those the kind uses:
    times = {name: data.pop(name) for name in TIME_FIELDS if name in data}
    usable = [name for name in times if name in model.times]
    if usable:
        chosen = draw(st.sampled_from(usable))
        data[chosen] = times[chosen]
    # Rules of the kind, and no unlinked disagreement between claims (C701):
    if kind in ("withdrawal", "expulsion_order", "membership", "mission", "handover"):
        data.pop("date", None)
    if kind == "handover" and data["from_force"] == data["to"]:
        data["to"] = draw(st.sampled_from([i for i in tree.ids(("country", "org", "person")) if i != data["to"]]))
    if kind == "mission" and draw(st.booleans()):
        data["strength"] = draw(quantities("personnel"))
    if kind == "attack":
        for name in ("killed", "wounded"):
            if draw(st.booleans()):
                data[name] = draw(st.one_of(st.just(UNKNOWN), quantities("people", comparable=False)))
    if kind == "troop_count":
        data["count"] = draw(st.one_of(st.just(UNKNOWN), quantities("personnel", comparable=False)))
    if kind == "expenditure":
        data["amount"] = draw(quantities("usd", comparable=False))
    if kind == "withdrawal" and draw(st.booleans()):
        data["size"] = draw(quantities("personnel"))
    if kind == "facility_use" and draw(st.booleans()):
        data["count"] = draw(quantities("facilities"))
    if kind == "distance":
        places = tree.ids(("place", "facility"))
        data["origin"], data["destination"] = draw(st.permutations(places))[:2]
        data["measures"] = draw(
            st.lists(
                st.sampled_from(["km", "mi"]).flatmap(lambda unit: quantities(unit, comparable=False)),
                min_size=1,
                max_size=2,
            )
        )
        data.pop("direction", None)
    if kind == "statement":
        data["fidelity"] = draw(st.sampled_from(["verbatim", "as_reported", "summarised"]))
        data["words"] = None if data["fidelity"] == "summarised" else draw(text)
        data = {k: v for k, v in data.items() if v is not None}
    if kind == "relations" and not data.get("actors") and "actors_text" not in data:
        data["actors_text"] = draw(text)
    return model.model_validate(data)


def _point(draw, country: str) -> dict[str, Any]:
    west, south, east, north = geo.country_shape(country).bbox
    return {
        "lat": round((south + north) / 2, 4),
        "lon": round((west + east) / 2, 4),
        "precision": draw(st.sampled_from(["exact", "near", "city", "region"])),
        "source": "",
    }


@st.composite
def _identified(draw, country: str, kind: str) -> dict[str, Any]:
    """A place's or facility's category, and for a real city or airfield its identifier, name and point.

    A city is a real one (G511 asks a city a claim names for its GeoNames ID, unless no
    GeoNames city has its name, which a drawn name might have); other places are areas.
    """
    if not draw(st.booleans()):
        return {"category": "area"} if kind == "place" else {"category": "air_base"}
    if kind == "place":
        city = gazetteer.city(CITIES[country])
        assert city is not None
        where = {"lat": city.lat, "lon": city.lon, "precision": "city"}
        return {"category": "city", "name": city.name, "geonames": city.geonameid, "coordinates": where}
    airfield = gazetteer.airfield(AIRFIELDS[country])
    assert airfield is not None
    where = {"lat": airfield.lat, "lon": airfield.lon, "precision": "exact"}
    return {"category": draw(st.sampled_from(["air_base", "airport"])), "icao": airfield.icao, "coordinates": where}


@st.composite
def trees(draw, max_claims: int = 8) -> Tree:
    """A consistent tree: entities of every kind, sources (some archived), and claims of any kinds."""
    tree = Tree()
    names = iter(draw(st.lists(slugs, min_size=30 + max_claims, max_size=30 + max_claims, unique=True)))
    for code, alpha2, name in draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True)):
        tree.records.append(Country(id=f"country:{code}", kind="country", name=name, iso_alpha2=alpha2))
    for _ in range(draw(st.integers(1, 3))):
        slug = next(names)
        record: dict[str, Any] = {
            "id": f"source:{slug}",
            "kind": draw(st.sampled_from(["news_article", "dataset"])),
            "title": draw(text | st.just(UNKNOWN)),
            "publisher": draw(text | st.just(UNKNOWN)),
            "authors": draw(st.lists(text, max_size=2) | st.just(UNKNOWN)),
            "url": draw(st.just(UNKNOWN) | st.just(f"https://example.org/{slug}")),
            "published": draw(st.sampled_from([UNKNOWN, "2031", "2032-05", "2035/2036"])),
            "language": "en",
        }
        if draw(st.booleans()):
            body = "\n\n".join(" ".join(draw(st.lists(slugs, min_size=3, max_size=12))) for _ in range(3)).encode()
            path = f"sources/{slug}.txt"
            tree.snapshots[path] = body
            record["snapshot"] = {
                "path": path,
                "sha256": hashlib.sha256(body).hexdigest(),
                "licence": "public domain",
                "archived": "2030-01-01",
            }
        tree.records.append(Source.model_validate(record))
    sources = tree.ids(("source",))
    countries = tree.ids(("country",))
    for _ in range(draw(st.integers(1, 2))):
        tree.records.append(
            Organisation.model_validate(
                {
                    "id": f"org:{next(names)}",
                    "kind": "organisation",
                    "name": draw(text),
                    "category": draw(st.sampled_from(["armed_forces", "junta", "armed_group"])),
                    "country": draw(st.sampled_from(countries)),
                    "aliases": draw(st.lists(text, max_size=2)),
                }
            )
        )
    tree.records.append(
        Person.model_validate(
            {
                "id": f"person:{next(names)}",
                "kind": "person",
                "name": draw(text),
                "roles": [
                    {
                        "title": draw(text),
                        "organisation": draw(st.sampled_from(tree.ids(("org",)))),
                        "valid": draw(intervals()),
                    }
                ],
                "sources": [draw(st.sampled_from(sources))],
            }
        )
    )
    for model, kind in ((Place, "place"), (Facility, "facility"), (Place, "place")):
        country = draw(st.sampled_from(countries))
        record = {"id": f"{kind}:{next(names)}", "kind": kind, "name": draw(text), "country": country}
        record.update(draw(_identified(country.split(":")[1], kind)))
        if "coordinates" not in record and draw(st.booleans()):
            record["coordinates"] = _point(draw, country.split(":")[1])
        if "coordinates" in record:
            record["coordinates"]["source"] = draw(st.sampled_from(sources))
        tree.records.append(model.model_validate(record))
    for model in draw(st.lists(st.sampled_from(KINDS.models("claim")), min_size=1, max_size=max_claims)):
        tree.records.append(_claim(draw, tree, model, next(names)))
    return tree


def day_in(value: EDTF) -> date:
    """A day inside a value's bounds (for as_of probes)."""
    low, high = value.earliest or date(1990, 1, 1), value.latest or date(2031, 1, 1)
    return low + (high - low) // 2 if high >= low else low - timedelta(days=0)
