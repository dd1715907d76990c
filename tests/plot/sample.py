"""Small fact bases for the pictures' tests: every way a date can be known, and towns close together."""

from __future__ import annotations

from sahel_facts.factbase import FactBase
from sahel_facts.model.records import family_of

SOURCE = {
    "id": "source:s",
    "kind": "news_article",
    "title": "unknown",
    "publisher": "unknown",
    "authors": "unknown",
    "url": "unknown",
    "published": "unknown",
    "language": "en",
}


def claim(kind: str, slug: str, **fields: object) -> dict[str, object]:
    """A claim record of ``kind`` with one piece of evidence."""
    evidence = [{"source": "source:s", "claimant": "the source"}]
    return {"id": f"claim:{slug}", "kind": kind, "summary": "It happened.", "evidence": evidence, **fields}


def country(code: str, name: str, alpha2: str) -> dict[str, object]:
    return {"id": f"country:{code}", "kind": "country", "name": name, "iso_alpha2": alpha2}


def town(slug: str, name: str, code: str, lat: float, lon: float) -> dict[str, object]:
    point = {"lat": lat, "lon": lon, "precision": "city", "source": "source:s"}
    return {"id": f"place:{slug}", "kind": "place", "name": name, "category": "city", "country": f"country:{code}",
            "coordinates": point}  # fmt: skip


def build(raw: list[dict[str, object]]) -> FactBase:
    return FactBase([family_of(str(r["id"])).adapter.validate_python(r) for r in [SOURCE, *raw]])


def timeline_facts() -> FactBase:
    """French forces in Mali and Niger, with a point, a month, an approximate month, an open start, a state that
    goes on, two claims in conflict, an agreement of both countries and a statement of nobody's country."""
    mali, niger = {"country": "country:MLI"}, {"country": "country:NER"}
    raw = [
        country("MLI", "Mali", "ML"),
        country("NER", "Niger", "NE"),
        country("FRA", "France", "FR"),
        {"id": "org:fr", "kind": "organisation", "name": "French Armed Forces", "category": "armed_forces",
         "country": "country:FRA"},
        {"id": "org:mission", "kind": "organisation", "name": "A United Nations mission with a long name",
         "aliases": ["UNM"], "category": "international_mission"},
        {"id": "person:nobody", "kind": "person", "name": "A Commentator"},
        {"id": "facility:gao-base", "kind": "facility", "name": "Gao base", "category": "military_base", **mali},
        town("niamey", "Niamey", "NER", 13.51, 2.11),
        claim("deployment", "fr-to-mali", force="org:fr", date="2013-01-11", **mali),
        claim("troop_count", "fr-in-mali", force="org:fr", as_of="2014-06-01", **mali,
              count={"value": 3000, "unit": "personnel", "text": "3,000 soldiers"}),
        claim("withdrawal", "fr-leaves-gao", force="org:fr", facility="facility:gao-base", stage="completed",
              extent="all", date="2022-08", **mali),
        claim("withdrawal", "fr-leaves-gao-approx", force="org:fr", facility="facility:gao-base", stage="completed",
              extent="all", date="2022-08~", **mali),
        claim("expulsion_order", "niger-orders-out", issuer="country:NER", target="org:fr", date="../2023-08-03",
              **niger),
        claim("deployment", "fr-in-niger", force="org:fr", valid="2015-01-01/..", **niger),
        claim("mission", "mission-launched", mission="org:mission", action="launched", countries=["country:MLI"],
              date="2013-04-25"),
        claim("withdrawal", "fr-out-of-niger-a", force="org:fr", stage="announced", extent="all",
              date="2023-09-24", conflicts_with=["claim:fr-out-of-niger-b"], **niger),
        claim("withdrawal", "fr-out-of-niger-b", force="org:fr", stage="announced", extent="all",
              date="2023-09-25", **niger),
        claim("agreement", "both-agree", parties=["country:MLI", "country:NER"], name="A pact", action="concluded",
              date="2023-09-16"),
        claim("statement", "someone-speaks", speaker="person:nobody", fidelity="summarised", date="2020-02-02"),
    ]  # fmt: skip
    return build(raw)


def crowded_facts() -> FactBase:
    """Towns far apart and towns close together, facilities with and without points, and a stated distance."""
    raw = [
        country("NER", "Niger", "NE"),
        country("SEN", "Senegal", "SN"),
        country("TCD", "Chad", "TD"),
        town("niamey", "Niamey", "NER", 13.51366, 2.1098),
        town("ouallam", "Ouallam", "NER", 14.31641, 2.08597),
        town("tillia", "Tillia", "NER", 16.12333, 4.78972),
        town("agadez", "Agadez", "NER", 16.97333, 7.99111),
        town("dakar", "Dakar", "SEN", 14.6937, -17.44406),
        town("abeche", "Abéché", "TCD", 13.82916, 20.8324),
        {"id": "place:nowhere", "kind": "place", "name": "Nowhere", "category": "city", "country": "country:TCD"},
        {"id": "facility:ab101", "kind": "facility", "name": "Air Base 101", "category": "air_base",
         "country": "country:NER", "place": "place:niamey",
         "coordinates": {"lat": 13.4815, "lon": 2.18361, "precision": "near", "source": "source:s"}},
        {"id": "facility:airport", "kind": "facility", "name": "Diori Hamani International Airport",
         "category": "airport", "country": "country:NER", "place": "place:niamey",
         "coordinates": {"lat": 13.4815, "lon": 2.18361, "precision": "exact", "source": "source:s"}},
        {"id": "facility:french-base", "kind": "facility", "name": "French projected air base, Niamey",
         "category": "air_base", "country": "country:NER", "place": "place:niamey"},
        {"id": "facility:ab201", "kind": "facility", "name": "Air Base 201", "category": "drone_base",
         "country": "country:NER", "place": "place:agadez",
         "coordinates": {"lat": 16.95028, "lon": 8.01389, "precision": "near", "source": "source:s"}},
        {"id": "facility:lost", "kind": "facility", "name": "A base nobody located", "category": "military_base",
         "country": "country:TCD", "place": "place:nowhere"},
        claim("distance", "niamey-to-agadez", origin="facility:ab101", destination="facility:ab201",
              measures=[{"value": 750, "unit": "km", "qualifier": "about", "text": "about 750 km"}]),
    ]  # fmt: skip
    return build(raw)
