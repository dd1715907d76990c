"""A small fact base where a force hands a base over: shared by the fact base and timeline tests."""

from __future__ import annotations

from sahel_facts.factbase import FactBase
from sahel_facts.model.records import family_of


def _record(kind: str, slug: str, **fields: object) -> dict[str, object]:
    evidence = [{"source": "source:s", "claimant": "the source"}]
    return {"id": f"claim:{slug}", "kind": kind, "summary": "It happened.", "evidence": evidence, **fields}


def handover_facts() -> FactBase:
    """French forces at a base in Mali and in Mali, the base handed to Mali's forces, then a partial withdrawal."""
    base = {"facility": "facility:gao-base", "country": "country:MLI"}
    raw = [
        {"id": "country:MLI", "kind": "country", "name": "Mali", "iso_alpha2": "ML"},
        {"id": "country:FRA", "kind": "country", "name": "France", "iso_alpha2": "FR"},
        {"id": "org:fr", "kind": "organisation", "name": "French Armed Forces", "category": "armed_forces",
         "country": "country:FRA"},
        {"id": "org:ml", "kind": "organisation", "name": "Malian Armed Forces", "category": "armed_forces",
         "country": "country:MLI"},
        {"id": "facility:gao-base", "kind": "facility", "name": "Gao base", "category": "military_base",
         "country": "country:MLI"},
        {"id": "source:s", "kind": "news_article", "title": "unknown", "publisher": "unknown", "authors": "unknown",
         "url": "unknown", "published": "unknown", "language": "en"},
        _record("deployment", "fr-at-gao", force="org:fr", valid="2013-02/..", **base),
        _record("facility_use", "france-uses-gao", user="country:FRA", relation="operates", valid="2014/..", **base),
        _record("troop_count", "fr-in-mali", force="org:fr", country="country:MLI", as_of="2021-06",
                count="unknown"),
        _record("handover", "gao-to-mali", from_force="org:fr", to="org:ml", date="2022-08-15", **base),
        _record("withdrawal", "fr-partly-out", force="org:fr", country="country:MLI", stage="completed",
                extent="part", date="2022-08-16"),
    ]  # fmt: skip
    return FactBase([family_of(str(r["id"])).adapter.validate_python(r) for r in raw])
