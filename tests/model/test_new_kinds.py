"""The kinds of issue 15: membership, mission, handover and attack, and the widened withdrawal and expulsion order."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sahel_facts.model.claims import Attack, ExpulsionOrder, Handover, Withdrawal
from sahel_facts.model.entities import Organisation, Place
from sahel_facts.model.institutions import Membership, Mission
from sahel_facts.model.kinds import KINDS

EVIDENCE = [{"source": "source:s", "claimant": "the source"}]


def _claim(model: type, kind: str, **fields: Any) -> Any:
    return model.model_validate(
        {"id": "claim:x", "kind": kind, "summary": "It happened.", "evidence": EVIDENCE, **fields}
    )


def _handover(**fields: Any) -> Handover:
    given = {
        "facility": "facility:gao-base",
        "country": "country:MLI",
        "from_force": "org:french-armed-forces",
        "to": "org:malian-armed-forces",
        "date": "2022-08-15",
        **fields,
    }
    return _claim(Handover, "handover", **given)


def _mission(**fields: Any) -> Mission:
    given = {"mission": "org:minusma", "action": "launched", "date": "2013-04-25", **fields}
    return _claim(Mission, "mission", **given)


def _attack(**fields: Any) -> Attack:
    return _claim(Attack, "attack", country="country:MLI", date="2024-07-27", **fields)


def test_the_new_kinds_are_registered_with_their_folders():
    for name in ("membership", "mission", "handover", "attack"):
        assert KINDS[name].folder == f"claims/{name}"
        assert KINDS[name].prefix == "claim"


def test_a_membership_says_what_happened_and_at_which_stage():
    claim = _claim(
        Membership,
        "membership",
        member="country:MLI",
        organisation="org:g5-sahel",
        action="left",
        stage="announced",
        date="2022-05-15",
    )
    assert claim.subject == ("country:MLI", "org:g5-sahel")
    assert claim.conflict_group() == ("membership", "country:MLI", "org:g5-sahel", "left", "announced")
    with pytest.raises(ValidationError, match="joined"):
        _claim(Membership, "membership", member="country:MLI", organisation="org:g5-sahel", action="quit",
               stage="effective", date="2022-06-30")  # fmt: skip
    with pytest.raises(ValidationError, match="announced"):
        _claim(Membership, "membership", member="country:MLI", organisation="org:g5-sahel", action="left",
               stage="began", date="2022-06-30")  # fmt: skip


def test_a_membership_is_an_event():
    with pytest.raises(ValidationError, match="valid is not used by a membership claim"):
        _claim(Membership, "membership", member="country:MLI", organisation="org:g5-sahel", action="joined",
               stage="effective", valid="2014/2022")  # fmt: skip


def test_a_missions_mandate_cannot_end_before_the_claims_date():
    assert _mission(action="mandate_extended", until="2014-06-30").until is not None
    assert _mission(until="2013-04-25").until is not None  # the same day is not before
    with pytest.raises(ValidationError, match="until 2013-01 is before the claim's date 2013-04-25"):
        _mission(until="2013-01")


def test_a_mission_names_its_authority_instrument_and_strength():
    claim = _mission(
        countries=["country:MLI"],
        authority="org:un-security-council",
        instrument="Resolution 2100 (2013)",
        strength={"value": 11200, "qualifier": "at_most", "high": 11200, "unit": "personnel", "text": "unknown"},
    )
    assert claim.subject == ("org:minusma", "country:MLI", "org:un-security-council")
    with pytest.raises(ValidationError, match="mandate_extended"):
        _mission(action="renewed")


def test_a_handover_passes_between_two_actors():
    assert _handover().lane == "org:french-armed-forces"  # the force handing over: its lane ends there
    with pytest.raises(ValidationError, match="from_force and to are the same"):
        _handover(to="org:french-armed-forces")


def test_an_attacks_casualties_count_people():
    killed = {"value": 47, "qualifier": "exact", "unit": "people", "text": "47"}
    attack = _attack(targets=["org:wagner-group"], killed=killed, wounded="unknown")
    assert attack.lane == "org:wagner-group"
    assert _attack(perpetrators_text="armed men").lane == "country:MLI"  # no target named: the country
    with pytest.raises(ValidationError, match="killed counts people"):
        _attack(killed={**killed, "unit": "personnel"})


def test_attacks_disagree_on_their_death_tolls():
    one = _attack(place="place:tinzaouaten", killed={"value": 47, "unit": "people", "text": "47"})
    other = _attack(place="place:tinzaouaten", killed={"value": 84, "unit": "people", "text": "84"})
    assert one.conflict_group() == other.conflict_group()
    assert one.disagreement(other) == "killed 47 and 84"


def test_an_expulsion_order_can_target_a_person_and_set_a_deadline():
    order = _claim(
        ExpulsionOrder,
        "expulsion_order",
        issuer="org:mali-transitional-government",
        target="person:joel-meyer",
        country="country:MLI",
        deadline="2022-02-03",
        date="2022-01-31",
    )
    assert order.deadline is not None and str(order.deadline) == "2022-02-03"
    with pytest.raises(ValidationError, match="not a valid ID"):
        _claim(ExpulsionOrder, "expulsion_order", issuer="country:MLI", target="place:gao", country="country:MLI")


def test_a_withdrawal_names_its_destination_and_deadline():
    given = {"force": "org:f", "country": "country:MLI", "stage": "completed", "extent": "all", "date": "2022-08-15"}
    for destination in ("country:NER", "place:niamey", "facility:air-base-101"):
        claim = _claim(Withdrawal, "withdrawal", destination=destination, deadline="2022-08", **given)
        assert claim.destination == destination
    with pytest.raises(ValidationError, match="not a valid ID"):
        _claim(Withdrawal, "withdrawal", destination="org:g", **given)


def test_old_withdrawals_and_orders_stay_valid():
    assert _claim(Withdrawal, "withdrawal", force="org:f", country="country:MLI", stage="began").destination is None
    order = _claim(ExpulsionOrder, "expulsion_order", issuer="country:NER", target="country:FRA", country="country:NER")
    assert order.deadline is None


def test_operations_and_alliances_are_organisations():
    for category in ("military_operation", "alliance", "international_mission"):
        org = Organisation.model_validate({"id": "org:x", "kind": "organisation", "name": "X", "category": category})
        assert org.category == category


@pytest.mark.parametrize(("value", "ok"), [("2440485", True), ("0123", False), ("Q3674", False), ("", False)])
def test_a_places_geonames_id_is_digits(value: str, ok: bool):
    data = {"id": "place:niamey", "kind": "place", "name": "Niamey", "category": "city", "geonames": value}
    if ok:
        assert Place.model_validate(data).geonames == value
    else:
        with pytest.raises(ValidationError, match="geonames"):
            Place.model_validate(data)
