"""Lanes: a panel for the country a claim happens in, a row for the side of its actor."""

from __future__ import annotations

from sahel_facts.plot import lanes
from tests.plot.sample import timeline_facts


def test_the_panels_are_the_countries_where_the_datas_places_lie():
    facts = timeline_facts()
    assert lanes.hosts(facts) == {"country:MLI", "country:NER"}  # France has no place in the data


def test_a_claim_is_in_the_country_it_happens_in_and_the_row_of_its_actors_country():
    facts = timeline_facts()
    found = lanes.lanes(facts, list(facts.claims()))
    assert found["claim:fr-to-mali"] == lanes.Lane("country:MLI", "country:FRA")  # French forces: France's row
    assert found["claim:niger-orders-out"] == lanes.Lane("country:NER", "country:NER")  # Niger's own authorities
    assert found["claim:mission-launched"] == lanes.Lane("country:MLI", "org:mission")  # a mission of no country
    assert found["claim:both-agree"].panel == lanes.SEVERAL  # names Mali and Niger, happens in neither alone
    assert found["claim:someone-speaks"].panel == lanes.ELSEWHERE  # names no country of the data
    assert lanes.title(facts, "country:NER", "country:NER") == "authorities"
    assert lanes.title(facts, "country:FRA", "country:NER") == "France"


def test_forces_with_one_claim_in_a_panel_share_a_row_when_there_are_several():
    facts = timeline_facts()
    claims = [facts["claim:fr-to-mali"], facts["claim:mission-launched"], facts["claim:fr-in-mali"]]
    assert {lane.row for lane in lanes.lanes(facts, claims).values()} == {"country:FRA", "org:mission"}
    alone = [facts["claim:fr-to-mali"], facts["claim:mission-launched"], facts["claim:niger-orders-out"]]
    rows = {lane.row for lane in lanes.lanes(facts, [*alone, facts["claim:fr-leaves-gao"]]).values()}
    assert rows == {"country:FRA", "org:mission", "country:NER"}
    lonely = lanes.lanes(facts, [facts["claim:mission-launched"], facts["claim:both-agree"], facts["claim:fr-to-mali"]])
    assert lonely["claim:mission-launched"].row == lanes.OTHERS and lonely["claim:fr-to-mali"].row == lanes.OTHERS
