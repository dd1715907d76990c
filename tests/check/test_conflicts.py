"""C701-C703: disagreeing claims are linked, links go both ways, and link only what cannot both hold."""

from __future__ import annotations

from sahel_facts.validate import validate
from tests.conftest import found, line_of

CNN = "facts/claims/withdrawal/us-troops-leave-chad-2024-04-30.yaml"
ARTICLE = "facts/claims/withdrawal/us-troops-leave-chad-2024-05-01.yaml"
COUNT = "facts/claims/troop_count/russian-troops-niger-may-2024.yaml"
LINK_TO_ARTICLE = "conflicts_with:\n- claim:us-troops-leave-chad-2024-05-01\n"
LINK_TO_CNN = "conflicts_with:\n- claim:us-troops-leave-chad-2024-04-30\n"


def test_an_unlinked_disagreement_is_found(dataset):
    root = dataset({CNN: (LINK_TO_ARTICLE, ""), ARTICLE: (LINK_TO_CNN, "")})
    [finding] = validate(root).findings
    assert (finding.path, finding.check) == (ARTICLE, "C701")
    assert "2024-04-30" in finding.message and CNN in finding.message


def test_a_one_way_link_is_found(dataset):
    root = dataset({CNN: (LINK_TO_ARTICLE, "")})
    assert [(p, c) for p, _, c in found(validate(root), "C")] == [(ARTICLE, "C702")]


def test_a_retracted_claim_needs_no_link(dataset):
    root = dataset(
        {
            CNN: (LINK_TO_ARTICLE, "status: retracted\nstatus_reason: a test retraction\n"),
            ARTICLE: (LINK_TO_CNN, ""),
        }
    )
    assert validate(root).findings == []


def test_counts_that_cannot_both_hold(dataset, tmp_path):
    root = dataset()
    twin = (root / COUNT).read_text().replace("russian-troops-niger-may-2024", "russian-troops-niger-may-2024-b")
    twin = twin.replace("value: 60", "value: 100")
    twin_path = COUNT.replace(".yaml", "-b.yaml")
    (root / twin_path).write_text(twin)
    [finding] = validate(root).findings
    assert finding.check == "C701"
    assert {finding.path, finding.message.split("(")[1].split(")")[0]} == {COUNT, twin_path}
    agreeing = twin.replace("value: 100", "value: 65")
    (root / COUNT.replace(".yaml", "-b.yaml")).write_text(agreeing)
    assert [(p, c) for p, _, c in found(validate(root), "C")] == []


def test_a_figure_written_over_two_lines_keeps_the_finding_on_one_line(dataset):
    root = dataset()
    twin = (root / COUNT).read_text().replace("russian-troops-niger-may-2024", "russian-troops-niger-may-2024-b")
    twin = twin.replace("value: 60", "value: 100").replace("text: approximately 60", 'text: "about\\n100"')
    (root / COUNT.replace(".yaml", "-b.yaml")).write_text(twin)
    [finding] = validate(root).findings
    assert finding.check == "C701" and "\n" not in str(finding)
    assert "about\\n100" in finding.message


NEAR = "facts/claims/facility_use/us-troops-stationed-air-base-101-may-2024.yaml"


def test_a_link_between_claims_that_can_both_hold_is_found(dataset):
    # 30 April and "April 2024" can be the same day: the conflict check's rules find no disagreement
    root = dataset({ARTICLE: ("date: '2024-05-01'", "date: 2024-04"), CNN: ("date: '2024-04-30'", "date: 2024-04")})
    got = [(f.path, f.check, f.message) for f in validate(root).findings]
    assert sorted(got) == [
        (CNN, "C703", "linked as a conflict with claim:us-troops-leave-chad-2024-05-01, but their dates can both hold"),
        (
            ARTICLE,
            "C703",
            "linked as a conflict with claim:us-troops-leave-chad-2024-04-30, but their dates can both hold",
        ),
    ]


REASON = """conflict_reason: >-
  They disagree on proximity: whether the Russian troops at Air Base 101 in early May 2024 were
  near the US troops there. Both are observations of the same days at the same base, so their
  times cannot reconcile them, and facility_use claims are not compared by the conflict check.
"""


def test_a_link_the_conflict_check_cannot_see_needs_its_reason(dataset):
    root = dataset({NEAR: (REASON, "")})
    [finding] = validate(root).findings
    assert (finding.path, finding.line, finding.check) == (NEAR, line_of(root / NEAR, "- claim:russian"), "C703")
    assert "never compares facility_use claims" in finding.message


def test_a_reason_without_a_link_is_refused(dataset):
    root = dataset({CNN: (LINK_TO_ARTICLE, "conflict_reason: Some reason or other.\n"), ARTICLE: (LINK_TO_CNN, "")})
    assert [(f.path, f.check) for f in validate(root).findings] == [(CNN, "M203")]
