"""The package's tables: derived from the models, and nothing lost on the way back."""

from __future__ import annotations

from sahel_facts.model.kinds import KINDS
from sahel_facts.package.tables import all_tables, records, tables


def test_a_table_for_each_family_and_kind():
    names = {t.name for t in all_tables()}
    assert {"entities", "sources", "claims", "evidence", "person_roles", "distance_measures"} <= names
    assert {f"claim_{k}" for k in KINDS.names("claim")} <= names
    assert {f"entity_{k}" for k in KINDS.names("entity")} <= names


def test_dates_carry_their_bounds_and_quantities_are_flat():
    claims = {t.name: t for t in all_tables()}["claims"]
    names = [c.name for c in claims.columns]
    assert names[names.index("date") : names.index("date") + 3] == ["date", "date_earliest", "date_latest"]
    counts = [c.name for c in {t.name: t for t in all_tables()}["claim_troop_count"].columns]
    assert {"count_value", "count_low", "count_high", "count_qualifier", "count_unit", "count_text"} <= set(counts)


def test_nothing_is_lost_through_the_tables(repository):
    original = [e.record for e in repository.corpus.entries]
    rows = tables(original)
    back = {r.id: r for r in records(rows)}
    assert len(back) == len(original)
    for record in original:
        assert back[record.id] == record, record.id


def test_rows_name_the_derived_days(repository):
    rows = tables([e.record for e in repository.corpus.entries])
    chad = next(r for r in rows["claims"] if r["id"] == "claim:us-troops-leave-chad-2024-05-01")
    assert (chad["date"], chad["date_earliest"], chad["date_latest"]) == ("2024-05-01", "2024-05-01", "2024-05-01")
    unclear = next(r for r in rows["claim_troop_count"] if r["id"] == "claim:us-troops-air-base-101-unclear-may-2024")
    count = {name: cell for name, cell in unclear.items() if name.startswith("count_")}
    assert set(count.values()) == {"unknown"}, count  # count: unknown, in every column of it
    undated = next(r for r in rows["sources"] if r["published"] == "unknown")
    assert undated["published_earliest"] == undated["published_latest"] == "unknown"
    given = next(r for r in rows["claim_troop_count"] if r["count_value"] not in ("", "unknown"))
    assert "" in given.values()  # a part of a known count that is not given stays empty


def test_unknown_nested_objects_and_dates_come_back_unknown(repository):
    original = [e.record for e in repository.corpus.entries]
    rows = tables(original)
    back = {r.id: r for r in records(rows)}
    unknown = [
        r for r in original if getattr(r, "count", None) == "unknown" or getattr(r, "published", None) == "unknown"
    ]
    assert unknown, "the repository has an unknown count and an unknown publication date"
    assert all(back[r.id] == r for r in unknown)
