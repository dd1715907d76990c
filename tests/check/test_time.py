"""T601-T603: dates within entity lives, withdrawals in order, observations not after publication."""

from __future__ import annotations

from sahel_facts.validate import validate
from tests.conftest import found, line_of

ORDER = "facts/claims/expulsion_order/niger-orders-us-troops-out-march-2024.yaml"
DONE = "facts/claims/withdrawal/us-withdrawal-air-base-101-complete.yaml"
COUNT = "facts/claims/troop_count/russian-troops-niger-may-2024.yaml"


def test_a_claim_before_its_entity_existed(dataset):
    # The order is issued by the CNSP, which exists from the coup of 26 July 2023.
    root = dataset({ORDER: ("date: 2024-03", "date: 2023-03")})
    assert found(validate(root), "T") == [(ORDER, line_of(root / ORDER, "date: 2023-03"), "T601")]


def test_completed_before_it_began(dataset):
    root = dataset({DONE: ("date: '2024-07-07'", "date: '2024-05-07'")})
    assert found(validate(root), "T") == [(DONE, line_of(root / DONE, "date:"), "T602")]


def test_an_observation_after_its_source(dataset):
    root = dataset({COUNT: ("as_of: 2024-05-02/2024-05-06", "as_of: 2024-06")})
    assert found(validate(root), "T") == [(COUNT, line_of(root / COUNT, "as_of:"), "T603")]
