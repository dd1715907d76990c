"""What a kind means, on the kind: which withdrawals end which presence."""

from __future__ import annotations

from typing import Any

import pytest

from sahel_facts.model.claims import ClaimBase, FacilityUse, Handover, TroopCount, Withdrawal

EVIDENCE = [{"source": "source:s", "claimant": "the source"}]


def _withdrawal(**fields: Any) -> Withdrawal:
    given = {"force": "org:f", "country": "country:NER", "stage": "completed", "extent": "all", "date": "2024-07-07"}
    given.update(fields)
    return Withdrawal.model_validate(
        {"id": "claim:w", "kind": "withdrawal", "summary": "Left.", "evidence": EVIDENCE, **given}
    )


def _count(**fields: Any) -> TroopCount:
    given = {"force": "org:f", "country": "country:NER", "as_of": "2024-03", **fields}
    return TroopCount.model_validate(
        {"id": "claim:c", "kind": "troop_count", "summary": "Some.", "count": "unknown", "evidence": EVIDENCE, **given}
    )


def _use(relation: str, user: str = "country:USA") -> FacilityUse:
    return FacilityUse.model_validate(
        {
            "id": "claim:u",
            "kind": "facility_use",
            "summary": "Used.",
            "user": user,
            "country": "country:NER",
            "facility": "facility:b",
            "relation": relation,
            "valid": "2019/..",
            "evidence": EVIDENCE,
        }
    )


@pytest.mark.parametrize(
    ("withdrawal", "claim", "ends"),
    [
        (_withdrawal(), _count(), True),
        (_withdrawal(stage="began"), _count(), False),  # only a completed withdrawal ends a presence
        (_withdrawal(stage="announced"), _count(), False),
        (_withdrawal(extent="part"), _count(), False),  # some of the force stayed
        (_withdrawal(extent="unknown"), _count(), False),  # the sources do not say all left
        (_withdrawal(force="org:g"), _count(), False),  # another force
        (_withdrawal(country="country:TCD"), _count(), False),  # another country
        (_withdrawal(facility="facility:b"), _count(), False),  # leaving one base is not leaving the country
        (_withdrawal(facility="facility:b"), _count(facility="facility:b"), True),
        (_withdrawal(), _count(facility="facility:b"), True),  # leaving the country is leaving its bases
        (_withdrawal(date="2023-12"), _count(as_of="2024-03"), False),  # over before the count was made
        (_withdrawal(date="../2024-09-15"), _count(), True),  # "by 15 September" can come after March
        (_withdrawal(facility="facility:b"), _use("stationed_at", "org:f"), True),
        (_withdrawal(facility="facility:b"), _use("built", "org:f"), False),  # a base built stays built
    ],
)
def test_a_completed_withdrawal_ends_the_same_forces_presence(withdrawal: Withdrawal, claim: ClaimBase, ends: bool):
    assert withdrawal.ends(claim) is ends


def test_a_countrys_armed_forces_leaving_ends_that_countrys_use():
    use = _use("operates")
    assert not _withdrawal().ends(use)
    assert _withdrawal().ends(use, force_country="country:USA")
    assert not _withdrawal().ends(use, force_country="country:FRA")


def test_kinds_that_place_no_one_are_never_ended():
    assert _withdrawal().presence is None
    assert not _withdrawal().ends(_withdrawal(date="2024-01-01"))


def _handover(**fields: Any) -> Handover:
    given = {"facility": "facility:b", "country": "country:NER", "from_force": "org:f", "to": "country:NER"}
    given.update({"date": "2024-07-07", **fields})
    return Handover.model_validate(
        {"id": "claim:h", "kind": "handover", "summary": "Handed.", "evidence": EVIDENCE, **given}
    )


@pytest.mark.parametrize(
    ("handover", "claim", "ends"),
    [
        (_handover(), _count(facility="facility:b"), True),  # handing the base over ends the force's presence there
        (_handover(), _use("stationed_at", "org:f"), True),
        (_handover(), _count(), False),  # the force may stay elsewhere in the country
        (_handover(facility="facility:c"), _count(facility="facility:b"), False),  # another base
        (_handover(from_force="org:g"), _count(facility="facility:b"), False),  # another force handed over
        (_handover(country="country:TCD"), _count(facility="facility:b"), False),
        (_handover(date="2023-12"), _count(facility="facility:b"), False),  # over before the count was made
        (_handover(from_force="country:USA"), _use("operates"), True),  # a country handing over its use
        (_handover(), _use("built", "org:f"), False),  # a base built stays built
    ],
)
def test_a_handover_ends_the_presence_of_the_force_handing_over(handover: Handover, claim: ClaimBase, ends: bool):
    assert handover.ends(claim) is ends


def test_which_kinds_end_a_presence_is_said_on_the_kind():
    assert _handover().ending == ("org:f", "country:NER", "facility:b")
    assert _withdrawal().ending == ("org:f", "country:NER", None)
    assert _withdrawal(extent="part").ending is None
    assert _count().ending is None and not _count().ends(_count(as_of="2025"))
    undated = _handover(date=None)
    assert undated.ending is None and not undated.ends(_count(facility="facility:b"))
