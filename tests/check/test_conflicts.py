"""C701-C702: disagreeing claims are linked, and links go both ways."""

from __future__ import annotations

from sahel_facts.validate import validate
from tests.conftest import found

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
