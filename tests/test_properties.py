"""Properties of the whole pipeline over generated trees: nothing lost, nothing altered."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sahel_facts import load
from sahel_facts.diff import diff
from sahel_facts.factbase import FactBase, in_force
from sahel_facts.model.claims import ClaimBase, Handover, Withdrawal
from sahel_facts.model.dates import bounds
from sahel_facts.model.records import expected_path
from sahel_facts.model.validate import to_record
from sahel_facts.package.build import build
from sahel_facts.read.safe_yaml import read_bytes
from sahel_facts.validate import validate
from sahel_facts.write import to_yaml
from tests.strategies import days, edtf_values, trees


def _write(tree, root: Path) -> Path:
    for rel, data in tree.files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@given(trees())
def test_a_record_written_to_yaml_reads_back_equal(tree):
    for record in tree.records:
        assert to_record(expected_path(record), read_bytes(to_yaml(record).encode())) == record


@given(trees())
def test_validate_build_load_gives_back_every_record_and_builds_are_identical(tree):
    os.environ["SOURCE_DATE_EPOCH"] = "1717200000"
    try:
        with tempfile.TemporaryDirectory() as work:
            root = _write(tree, Path(work) / "tree")
            result = validate(root)
            assert result.ok, [str(f) for f in result.findings]
            first, second = build(root, Path(work) / "a"), build(root, Path(work) / "b")
            assert first.zip.read_bytes() == second.zip.read_bytes()
            assert first.sqlite.read_bytes() == second.sqlite.read_bytes()
            expected = tuple(sorted(tree.records, key=lambda r: r.id))
            assert load(first.zip).records == expected
            assert load(first.folder).records == expected
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@given(edtf_values)
def test_earliest_is_never_after_latest(value):
    low, high = bounds(value)
    assert low is None or high is None or low <= high


def _about(claim: ClaimBase) -> tuple[object, ...]:
    """What an observation is of: its conflict group, or its kind and subject."""
    return claim.conflict_group() or (claim.kind, *claim.subject)


def _over(records, claim: ClaimBase, day: date) -> bool:
    """Whether some claim (a withdrawal, a handover) had ended ``claim`` before ``day``, trying every claim."""
    by_id = {r.id: r for r in records}
    for other in records:
        if isinstance(other, ClaimBase) and other.status == "active" and other.date and other.date.latest:
            leaving = (
                by_id[other.force] if isinstance(other, Withdrawal) else by_id.get(getattr(other, "from_force", ""))
            )
            home = leaving.country if getattr(leaving, "category", None) == "armed_forces" else None
            if other.ends(claim, home) and other.date.latest < day:
                return True
    return False


def _brute_as_of(records, day: date) -> list[str]:
    """as_of by its definition, one claim at a time."""
    claims = [r for r in records if isinstance(r, ClaimBase) and r.status == "active"]
    active = [c for c in claims if not _over(records, c, day)]
    states = {c.id for c in active if c.valid is not None and in_force(c, day)}
    seen = [
        c
        for c in active
        if c.valid is None and c.as_of is not None and (c.as_of.earliest is None or c.as_of.earliest <= day)
    ]
    latest = set()
    for claim in seen:
        mine = claim.as_of.latest or claim.as_of.earliest or date.min
        rivals = [c for c in seen if _about(c) == _about(claim)]
        if all(mine >= (c.as_of.latest or c.as_of.earliest or date.min) for c in rivals):
            latest.add(claim.id)
    return sorted(states | latest)


@st.composite
def _handovers(draw, tree) -> list[Handover]:
    """Dated handovers of the tree's facilities by its forces or countries."""
    made = []
    forces, facilities = tree.ids(("org", "country")), tree.ids(("facility",))
    for number in range(draw(st.integers(0, 2)) if facilities else 0):
        giver = draw(st.sampled_from(forces))
        made.append(
            Handover.model_validate(
                {
                    "id": f"claim:zz-handover-{number}",
                    "kind": "handover",
                    "summary": "A base changed hands.",
                    "facility": draw(st.sampled_from(facilities)),
                    "country": draw(st.sampled_from(tree.ids(("country",)))),
                    "from_force": giver,
                    "to": draw(st.sampled_from([f for f in forces if f != giver] or ["person:nobody"])),
                    "date": draw(edtf_values),
                    "evidence": [{"source": draw(st.sampled_from(tree.ids(("source",)))), "claimant": "the source"}],
                }
            )
        )
    return made


@st.composite
def _withdrawals(draw, tree) -> list[Withdrawal]:
    """Dated withdrawals of the tree's forces from its countries (and bases), of every extent and stage."""
    made = []
    for number in range(draw(st.integers(0, 4))):
        made.append(
            Withdrawal.model_validate(
                {
                    "id": f"claim:zz-withdrawal-{number}",
                    "kind": "withdrawal",
                    "summary": "A force left.",
                    "force": draw(st.sampled_from(tree.ids(("org",)))),
                    "country": draw(st.sampled_from(tree.ids(("country",)))),
                    "facility": draw(st.none() | st.sampled_from(tree.ids(("facility",)) or [None])),
                    "stage": draw(st.sampled_from(["completed", "completed", "began"])),
                    "extent": draw(st.sampled_from(["all", "all", "part", "unknown"])),
                    "date": draw(edtf_values),
                    "evidence": [{"source": draw(st.sampled_from(tree.ids(("source",)))), "claimant": "the source"}],
                }
            )
        )
    return made


@given(trees(), days, st.data())
def test_as_of_agrees_with_a_brute_force_filter(tree, day, data):
    records = [*tree.records, *data.draw(_withdrawals(tree)), *data.draw(_handovers(tree))]
    assert [c.id for c in FactBase(records).as_of(day)] == _brute_as_of(records, day)


@given(trees(), st.data())
def test_diff_finds_nothing_in_itself_and_exactly_one_changed_claim(tree, data):
    facts = FactBase(tree.records, "1.0.0")
    assert diff(facts, facts).empty
    claims = [r for r in tree.records if isinstance(r, ClaimBase)]
    target = data.draw(st.sampled_from(claims))
    changed = target.model_copy(update={"summary": target.summary + " (changed)"})
    result = diff(facts, FactBase([changed if r.id == target.id else r for r in tree.records], "1.0.1"))
    [change] = result.families["claim"].changed
    assert change.id == target.id and [c.path for c in change.fields] == ["summary"]
    assert not any(f.added or f.removed for f in result.families.values())
    assert result.families["entity"].empty and result.families["source"].empty
