"""Disagreeing claims found from sorted lists: the same pairs as comparing every pair, at near-linear cost."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from sahel_facts.check import conflicts, time
from sahel_facts.check.corpus import Corpus, Entry
from sahel_facts.check.sweep import _Live, disagreeing
from sahel_facts.model.claims import ClaimBase, Distance, TroopCount, Withdrawal
from sahel_facts.model.dates import bounds
from sahel_facts.read.safe_yaml import read_bytes
from tests.strategies import edtf_values

START = date(2024, 1, 1)


@st.composite
def near_dates(draw, span: int = 100) -> str:
    """EDTF dates within ``span`` days, so that gaps of about the event window (31 days) and shared days are common."""

    def one() -> str:
        day = START + timedelta(days=draw(st.integers(0, span)))
        form = draw(st.sampled_from(["day", "day", "month", "qualified"]))
        return {"day": day.isoformat(), "month": day.isoformat()[:7], "qualified": day.isoformat()[:7] + "~"}[form]

    shape = draw(st.sampled_from(["one", "one", "interval", "open-end", "open-start"]))
    if shape == "interval":
        first, second = sorted([one(), one()], key=lambda d: bounds(d)[0])
        return f"{first}/{second}" if bounds(first)[0] <= bounds(second)[1] else first
    return {"one": one, "open-end": lambda: one() + "/..", "open-start": lambda: "../" + one()}[shape]()


DOCUMENT = read_bytes(b"id: claim:x\n")
EVIDENCE = [{"source": "source:s", "claimant": "the source"}]


def _entry(claim: ClaimBase) -> Entry:
    return Entry(f"facts/claims/{claim.kind}/{claim.id.split(':')[1]}.yaml", DOCUMENT, claim)


def _withdrawal(number: int, date: str, **more) -> Withdrawal:
    return Withdrawal.model_validate(
        {
            "id": f"claim:w{number}",
            "kind": "withdrawal",
            "summary": "A withdrawal.",
            "force": "org:f",
            "country": "country:NER",
            "stage": "completed",
            "date": date,
            "evidence": EVIDENCE,
            **more,
        }
    )


figures = st.fixed_dictionaries(
    {"low": st.integers(0, 40), "width": st.integers(0, 40), "qualifier": st.sampled_from(["exact", "about", "vague"])}
)


def _quantity(figure: dict, unit: str) -> dict:
    if figure["qualifier"] == "vague":
        return {
            "low": figure["low"],
            "high": figure["low"] + figure["width"],
            "qualifier": "vague",
            "unit": unit,
            "text": "some",
        }
    return {"value": figure["low"], "qualifier": figure["qualifier"], "unit": unit, "text": "some"}


@st.composite
def groups(draw) -> list[ClaimBase]:
    """A conflict group of up to 12 claims of one kind, some linked to earlier ones."""
    kind = draw(st.sampled_from(["withdrawal", "troop_count", "distance"]))
    claims: list[ClaimBase] = []
    for number in range(draw(st.integers(1, 12))):
        links = {}
        if claims and draw(st.booleans()):
            links["conflicts_with"] = [draw(st.sampled_from(claims)).id]
        if kind == "withdrawal":
            claims.append(_withdrawal(number, draw(near_dates() | edtf_values), **links))
        elif kind == "troop_count":
            same_days = st.integers(0, 3).map(lambda d: (START + timedelta(days=d)).isoformat())
            as_of = draw(st.none() | same_days | near_dates(span=6) | near_dates() | edtf_values)
            count = draw(st.just("unknown") | figures.map(lambda f: _quantity(f, "personnel")))
            claims.append(
                TroopCount.model_validate(
                    {
                        "id": f"claim:t{number}",
                        "kind": "troop_count",
                        "summary": "A count.",
                        "force": "org:f",
                        "country": "country:NER",
                        "count": count,
                        "evidence": EVIDENCE,
                        **links,
                        **({"as_of": as_of} if as_of else {}),
                    }
                )
            )
        else:
            units = draw(st.lists(st.sampled_from(["km", "mi"]), min_size=1, max_size=3))
            measures = [_quantity(draw(figures), unit) for unit in units]
            claims.append(
                Distance.model_validate(
                    {
                        "id": f"claim:d{number}",
                        "kind": "distance",
                        "summary": "A distance.",
                        "origin": "place:a",
                        "destination": "place:b",
                        "measures": measures,
                        "evidence": EVIDENCE,
                        **links,
                    }
                )
            )
    return claims


@given(groups())
def test_the_pairs_found_are_the_pairs_that_disagree(claims):
    members = [(_entry(c), c) for c in claims]
    found = [
        frozenset((claim.id, other.id))
        for (_, claim), others in disagreeing(members, conflicts._linked, limit=None)
        for _, other in others
    ]
    expected = {
        frozenset((a.id, b.id)) for a, b in combinations(claims, 2) if a.disagreement(b) and not conflicts._linked(a, b)
    }
    assert len(found) == len(set(found))  # each pair once
    assert set(found) == expected


def _corpus(claims: list[ClaimBase]) -> Corpus:
    corpus = Corpus(root=None)  # type: ignore[arg-type] - no file is read
    for claim in claims:
        corpus.add(_entry(claim))
    return corpus


def test_three_thousand_disagreeing_withdrawals_cost_comparisons_in_proportion(monkeypatch):
    calls = {"disagreement": 0, "linked": 0}
    original_disagreement, original_linked = ClaimBase.disagreement, conflicts._linked

    def counted_disagreement(self, other):
        calls["disagreement"] += 1
        return original_disagreement(self, other)

    def counted_linked(a, b):
        calls["linked"] += 1
        return original_linked(a, b)

    monkeypatch.setattr(ClaimBase, "disagreement", counted_disagreement)
    monkeypatch.setattr(conflicts, "_linked", counted_linked)
    size = 3000  # every one within a month of every other: 4.5 million disagreeing pairs
    claims = [_withdrawal(n, f"2024-03-{1 + n % 28:02d}") for n in range(size)]
    findings = list(conflicts.unlinked_conflicts(_corpus(claims)))
    assert len(findings) == size - size // 28 - 1  # all but those on the first day
    assert calls["disagreement"] <= 2 * size and calls["linked"] <= 4 * size
    assert "and more" in findings[0].message


def test_a_finding_names_the_nearest_claim_and_a_few_more():
    claims = [_withdrawal(n, f"2024-03-0{n + 1}") for n in range(4)]
    messages = sorted(f.message for f in conflicts.unlinked_conflicts(_corpus(claims)))
    assert messages[-1].startswith("disagrees with claim:w2 (facts/claims/withdrawal/w2.yaml) on dates 2024-03-04")
    assert messages[-1].endswith("; it also disagrees, unlinked, with claim:w1, claim:w0")


def test_open_and_timeless_figures_are_compared_by_a_sweep_not_pairwise(monkeypatch):
    calls = {"linked": 0}
    original_linked = conflicts._linked

    def counted_linked(a, b):
        calls["linked"] += 1
        return original_linked(a, b)

    monkeypatch.setattr(conflicts, "_linked", counted_linked)
    size = 3000  # open-ended, so every time meets every other; all figures agree
    counts = [
        TroopCount.model_validate(
            {
                "id": f"claim:t{n}",
                "kind": "troop_count",
                "summary": "A count.",
                "force": "org:f",
                "country": "country:NER",
                "as_of": f"{2000 + n % 20}/..",
                "evidence": EVIDENCE,
                "count": {"value": 100, "qualifier": "about", "unit": "personnel", "text": "about 100"},
            }
        )
        for n in range(size)
    ]
    assert list(conflicts.unlinked_conflicts(_corpus(counts))) == []
    assert calls["linked"] == 0


def _lines_run(code, run) -> int:
    """How many lines of ``code`` (a function's) run while ``run()`` runs: its steps, counted, not timed."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if frame.f_code is not code:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def test_withdrawal_order_looks_up_rather_than_scans():
    size = 1000  # one force leaving one country, from 1,000 facilities
    claims = [
        _withdrawal(
            n, f"2024-03-{1 + n % 28:02d}", stage=["announced", "began", "completed"][n % 3], facility=f"facility:f{n}"
        )
        for n in range(size)
    ]
    corpus = _corpus(claims)
    steps = _lines_run(time.withdrawal_order.__code__, lambda: list(time.withdrawal_order(corpus)))
    assert steps <= 40 * size  # a scan of every other claim's stage and facility would be some 3,000 a claim


_FIGURES = st.sampled_from([0.0, 1.0, 2.5, 10.0, 10.0, 1e6])


@given(st.lists(st.tuples(st.booleans(), _FIGURES, _FIGURES, _FIGURES, _FIGURES), max_size=60))
def test_live_claims_are_those_a_plain_scan_finds_in_the_same_order(steps):
    """The live set of a figure sweep (sorted lists) gives, after any adds and drops, what scanning it would."""
    live, kept = _Live(), {}
    for number, (add, a, b, low, high) in enumerate(steps):
        least, most = min(a, b), max(a, b)
        if add or not kept:
            live.add(least, most, number)
            kept[number] = (least, most)
        else:
            gone = sorted(kept)[int(a) % len(kept)]
            live.drop(*kept.pop(gone), gone)
        low, high = min(low, high), max(low, high)
        below = sorted(((m, n) for n, (_, m) in kept.items() if m < low), reverse=True)
        above = sorted((lo, n) for n, (lo, _) in kept.items() if lo > high)
        assert list(live.apart(low, high)) == [n for _, n in below] + [n for _, n in above]
