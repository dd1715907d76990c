"""Labels: short, made from the claim's fields, and placed only where they cover no other."""

from __future__ import annotations

from sahel_facts.plot import labels
from tests.plot.sample import timeline_facts


def test_a_label_says_kind_what_whom_where_and_figure():
    facts = timeline_facts()
    assert labels.short(facts, facts["claim:fr-leaves-gao"]) == "withdrawal completed · Gao base"
    assert labels.short(facts, facts["claim:fr-in-mali"]) == "troop count 3,000"
    assert labels.short(facts, facts["claim:mission-launched"]) == "mission launched"
    assert labels.short(facts, facts["claim:both-agree"]) == "agreement concluded: A pact"
    assert labels.short(facts, facts["claim:niger-orders-out"]) == "expulsion order: French Armed For…"  # cut to fit
    assert all(len(labels.short(facts, c)) <= labels.LIMIT for c in facts.claims())


def test_a_long_name_gives_way_to_its_shortest_alias():
    facts = timeline_facts()
    assert labels.name(facts, "org:mission") == "UNM"
    assert labels.name(facts, "org:fr") == "French Armed Forces"  # short enough as it is
    assert labels.name(facts, "org:not-in-the-data") == "org:not-in-the-data"


def test_place_puts_each_span_in_the_first_tier_it_fits_and_leaves_out_the_rest():
    spans = [(0, 10), (5, 15), (8, 20), (12, 30), (31, 40)]
    assert labels.place(spans, 2) == [0, 1, None, 0, 0]
    assert labels.place(spans, 2, gap=2) == [0, 1, None, 0, 1]
    assert labels.place([], 2) == []
