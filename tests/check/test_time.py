"""T601-T604: dates within entity lives, withdrawals in order, observations not after publication, intervals one way."""

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


BAZOUM = "facts/persons/mohamed-bazoum.yaml"
AFTER_COUP = "facts/claims/deployment/us-forces-niger-force-protection-after-coup.yaml"


def test_an_interval_with_an_empty_side_is_written_one_way(dataset):
    root = dataset(
        {
            AFTER_COUP: ("valid: 2023-07-26/..", "valid: 2023-07-26/"),
            BAZOUM: ("valid: 2021-04-02/2023-07-26", "valid: /2023-07-26"),
        }
    )
    got = {(f.path, f.line, f.col, f.check, f.hint) for f in validate(root).findings}
    assert got == {
        (
            AFTER_COUP,
            line_of(root / AFTER_COUP, "valid:"),
            1,
            "T604",
            "write '2023-07-26/..' ('..' for an end no source gives)",
        ),
        (
            BAZOUM,
            line_of(root / BAZOUM, "valid:"),
            3,
            "T604",
            "write '../2023-07-26' ('..' for an end no source gives)",
        ),
    }
