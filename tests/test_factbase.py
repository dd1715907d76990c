"""The questions users ask of the fact base, answered on the real dataset."""

from __future__ import annotations

from datetime import date

import pytest

from sahel_facts import load
from sahel_facts.factbase import FactBase
from sahel_facts.model.dates import EDTF
from tests.conftest import REPO
from tests.presence import handover_facts


@pytest.fixture(scope="module")
def facts() -> FactBase:
    return load(REPO)


def test_records_by_id(facts):
    assert facts["facility:air-base-101"].name == "Air Base 101"
    assert "country:NER" in facts and "country:XXX" not in facts
    with pytest.raises(KeyError, match="no record 'country:XXX'"):
        facts["country:XXX"]
    assert facts.get("country:XXX") is None


def test_entities_by_name_or_alias(facts):
    assert [e.id for e in facts.find("  airbase   101 ")] == ["facility:air-base-101"]
    assert facts.entity("AFRICOM").id == "org:us-africom"
    assert facts.entity("country:TCD").name == "Chad"
    assert facts.entity("NER").id == facts.entity("ne").id == "country:NER"
    with pytest.raises(LookupError, match="no entity 'Atlantis'"):
        facts.entity("Atlantis")
    with pytest.raises(LookupError, match="did you mean 'niger'"):
        facts.entity("Nigr")


def test_claims_by_kind_entity_and_time(facts):
    chad = facts.claims(kind="withdrawal", involving="country:TCD")
    assert {"claim:us-troops-leave-chad-2024-05-01", "claim:us-troops-leave-chad-2024-04-30"} <= {c.id for c in chad}
    assert all(c.kind == "withdrawal" and "country:TCD" in c.subject for c in chad)
    austin = {c.id for c in facts.claims(involving="person:lloyd-austin")}
    assert "claim:austin-russians-separate-compound" in austin
    july = facts.claims(kind="withdrawal", start=date(2024, 7, 1), end=date(2024, 7, 31))
    # "complete by 15 September" (../2024-09-15) can fall in July too; 7 July can only.
    assert {"claim:us-withdrawal-air-base-101-complete", "claim:us-withdrawal-from-niger-complete-2024-09"} <= {
        c.id for c in july
    }
    for claim in july:  # each could have happened in July, and none of the rest could
        assert claim.date is not None and not claim.date.disjoint(EDTF("2024-07"))
    others = set(facts.claims(kind="withdrawal")) - set(july)
    assert all(c.date is None or c.date.disjoint(EDTF("2024-07")) for c in others)
    june = facts.claims(kind="withdrawal", start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert "claim:us-withdrawal-air-base-101-complete" not in {c.id for c in june}
    assert all(c.kind == "statement" for c in facts.claims(kind="statement"))


def test_as_of_gives_states_in_force_and_the_latest_observation(facts):
    april = {c.id for c in facts.as_of(date(2024, 4, 20))}
    assert "claim:russian-advisors-niger-about-100-2024-04-10" in april  # observed 10 April
    may = {c.id for c in facts.as_of(date(2024, 5, 4))}
    assert "claim:russian-troops-niger-may-2024" in may  # observed 2-6 May
    assert "claim:russian-advisors-niger-about-100-2024-04-10" not in may  # an earlier count of the same force
    assert "claim:us-personnel-niger-march-2024" in may  # latest US count in Niger by then
    assert "claim:air-base-201-handed-over-to-niger-2024-08-05" not in may
    august = {c.id for c in facts.as_of(date(2024, 8, 10), involving="facility:air-base-201")}
    assert "claim:air-base-201-handed-over-to-niger-2024-08-05" in august  # handed over on 5 August
    assert "claim:air-base-201-returned-to-niger" not in august  # retracted: no source gives its 6 August


def test_a_completed_withdrawal_ends_the_presence_it_undoes(facts):
    ended = {
        "claim:us-troops-stationed-air-base-101-may-2024": date(2024, 7, 7),  # Air Base 101 handed over
        "claim:us-personnel-niger-march-2024": date(2024, 9, 15),  # out of Niger by 15 September
        "claim:us-forces-niger-force-protection-after-coup": date(2024, 9, 15),  # valid from 2023-07-26, open
    }
    for claim_id, day in ended.items():
        assert facts.ended(facts[claim_id]) == day
        assert claim_id in {c.id for c in facts.as_of(day)}
        assert claim_id not in {c.id for c in facts.as_of(date(2030, 1, 1))}
    # a facility's withdrawal leaves the country-wide figure standing; building a base is not undone
    assert "claim:us-personnel-niger-march-2024" in {c.id for c in facts.as_of(date(2024, 8, 1))}
    assert facts.ended(facts["claim:us-built-air-base-201"]) is None
    # no open presence outlives a completed withdrawal or a handover of its actor from its place
    enders = [c for c in facts.claims() if c.ending is not None]
    assert {c.kind for c in enders} >= {"withdrawal"}
    for claim in facts.as_of(date(2030, 1, 1)):
        for ender in enders:
            leaving = facts[ender.ending[0]]
            home = leaving.country if getattr(leaving, "category", None) == "armed_forces" else None
            assert not ender.ends(claim, home), (claim.id, ender.id)


def test_evidence_sources_and_conflicts(facts):
    coup = "claim:niger-coup-2023-07-26"
    assert facts.evidence(coup) == list(facts[coup].evidence) and facts.evidence(coup)
    assert facts.sources_of(coup)[0].id == "source:russian-troops-deployed-to-niger-airbase"
    assert [c.id for c in facts.conflicts("claim:us-troops-leave-chad-2024-04-30")] == [
        "claim:us-troops-leave-chad-2024-05-01"
    ]
    with pytest.raises(KeyError, match="not a claim"):
        facts.evidence("country:NER")


def test_subject_is_what_the_kind_says_a_claim_is_about(facts):
    claim = facts["claim:us-troops-leave-chad-2024-05-01"]
    assert claim.subject == ("org:us-armed-forces", "country:TCD")
    assert claim.lane == "org:us-armed-forces"
    assert claim.conflict_group() == ("withdrawal", "org:us-armed-forces", "country:TCD", None, "completed")


def test_to_pandas(facts):
    pandas = pytest.importorskip("pandas")
    frame = facts.to_pandas("claim_troop_count")
    assert len(frame) == len(facts.claims(kind="troop_count", include_inactive=True))
    assert pandas.api.types.is_numeric_dtype(frame["count_value"])
    unknown = facts.claims(kind="troop_count", include_inactive=True)
    unknown_ids = {c.id for c in unknown if c.count == "unknown"}
    assert unknown_ids, "the repository has a troop count its sources do not know"
    rows = frame[frame["id"].isin(unknown_ids)]
    assert rows["count_value"].isna().all() and (rows["count_text"] == "unknown").all()
    claims = facts.to_pandas("claims")
    assert str(claims["date_earliest"].dtype).startswith("datetime64")
    with pytest.raises(KeyError, match="no table"):
        facts.to_pandas("nope")


def test_repr_says_what_is_there(facts):
    counts = (len(facts.records), len(facts.claims()), len(facts.entities), len(facts.sources))
    assert repr(facts).startswith("<FactBase: {} records ({} active claims, {} entities, {} sources)".format(*counts))
    assert counts[0] == counts[2] + counts[3] + len(facts.claims(include_inactive=True))


@pytest.fixture(scope="module")
def handed_over() -> FactBase:
    return handover_facts()


def test_a_handover_ends_the_presence_of_the_force_handing_over(handed_over):
    ended = date(2022, 8, 15)
    assert handed_over.ended(handed_over["claim:fr-at-gao"]) == ended
    assert handed_over.ended(handed_over["claim:france-uses-gao"]) == ended  # France's use, through its forces
    assert handed_over.ended(handed_over["claim:fr-in-mali"]) is None  # the rest of Mali: a partial withdrawal
    assert {c.id for c in handed_over.as_of(ended)} >= {"claim:fr-at-gao", "claim:france-uses-gao"}
    assert {c.id for c in handed_over.as_of(date(2022, 8, 16))} == {"claim:fr-in-mali"}
