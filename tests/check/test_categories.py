"""X306: a field that asks for an operation, a mission or an alliance names an organisation of that category."""

from __future__ import annotations

import pytest

from sahel_facts.validate import validate
from tests.conftest import line_of

MISSION = "facts/claims/mission/minusma-launched.yaml"
MEMBERSHIP = "facts/claims/membership/niger-leaves.yaml"
ORGS = {
    "facts/organisations/minusma.yaml": """
        id: org:minusma
        kind: organisation
        name: MINUSMA
        category: international_mission
    """,
    "facts/organisations/g5-sahel.yaml": """
        id: org:g5-sahel
        kind: organisation
        name: G5 Sahel
        category: international_organisation
    """,
}
CLAIMS = {
    MISSION: """
        id: claim:minusma-launched
        kind: mission
        summary: The Security Council set up MINUSMA.
        mission: org:minusma
        action: launched
        date: 2013-04-25
        evidence:
          - source: source:test-source
            claimant: the source
    """,
    MEMBERSHIP: """
        id: claim:niger-leaves
        kind: membership
        summary: Niger announced it was leaving the G5 Sahel.
        member: country:NER
        organisation: org:g5-sahel
        action: left
        stage: announced
        date: 2023-12-02
        evidence:
          - source: source:test-source
            claimant: the source
    """,
}


def test_a_mission_and_a_membership_naming_the_right_categories_pass(make_tree):
    assert validate(make_tree({**ORGS, **CLAIMS})).findings == []


@pytest.mark.parametrize(
    ("path", "field", "wanted"),
    [
        (MISSION, "mission: org:minusma", "military_operation or international_mission"),
        (MEMBERSHIP, "organisation: org:g5-sahel", "international_organisation or alliance"),
    ],
)
def test_an_organisation_of_another_category_is_found_at_its_field(make_tree, path, field, wanted):
    text = CLAIMS[path].replace(field, field.split(":")[0] + ": org:test-force")  # armed forces
    root = make_tree({**ORGS, **CLAIMS, path: text})
    [f] = validate(root).findings
    assert (f.path, f.line, f.check) == (path, line_of(root / path, field.split(":")[0] + ":"), "X306")
    assert "'org:test-force' is an organisation of category armed_forces" in f.message and wanted in f.message


def test_a_missing_organisation_is_a_reference_finding_only(make_tree):
    text = CLAIMS[MISSION].replace("mission: org:minusma", "mission: org:gone")
    [f] = validate(make_tree({**ORGS, **CLAIMS, MISSION: text})).findings
    assert f.check == "X303"
