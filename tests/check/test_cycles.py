"""X305: chains of supersedes, merged_into, parent, successor and republication_of end somewhere."""

from __future__ import annotations

import pytest

from sahel_facts.check.cycles import components
from sahel_facts.validate import validate
from tests.conftest import MINIMAL, line_of

ORG = "facts/organisations/test-force.yaml"
CLAIM = MINIMAL["facts/claims/deployment/test-deployment.yaml"]


def _claim(slug: str, extra: str = "") -> tuple[str, str]:
    text = CLAIM.replace("claim:test-deployment", f"claim:{slug}").replace("date: 2024-05", "date: 2024-05\n" + extra)
    return f"facts/claims/deployment/{slug}.yaml", text


def _claims(links: dict[str, str]) -> dict[str, str]:
    return dict(_claim(slug, extra) for slug, extra in links.items())


def _supersedes(*targets: str) -> str:
    return "        supersedes: [" + ", ".join(f"claim:{t}" for t in targets) + "]"


def _merged(target: str) -> str:
    return f"        status: merged\n        status_reason: a test merge\n        merged_into: claim:{target}"


def test_two_claims_superseding_each_other_are_one_finding_naming_both(make_tree):
    root = make_tree(_claims({"a": _supersedes("b"), "b": _supersedes("a")}))
    [finding] = validate(root).findings
    path = "facts/claims/deployment/a.yaml"
    assert (finding.path, finding.line, finding.check) == (path, line_of(root / path, "supersedes:"), "X305")
    assert "supersedes goes round in a loop: claim:a → claim:b → claim:a" in finding.message


def test_a_longer_loop_and_the_records_caught_in_it(make_tree):
    root = make_tree(
        _claims({"a": _supersedes("b"), "b": _supersedes("c", "d"), "c": _supersedes("a"), "d": _supersedes("b")})
    )
    [finding] = validate(root).findings
    assert finding.message == (
        "supersedes goes round in a loop: claim:a → claim:b → claim:c → claim:a; also in the loop: claim:d"
    )
    assert (finding.line, finding.col) == (8, 14)  # at the item of the list that leads on round the loop


def test_two_separate_loops_are_two_findings(make_tree):
    links = {"a": _supersedes("b"), "b": _supersedes("a"), "c": _supersedes("d"), "d": _supersedes("c")}
    findings = validate(make_tree(_claims(links))).findings
    assert [(f.path.rsplit("/", 1)[1], f.check) for f in findings] == [("a.yaml", "X305"), ("c.yaml", "X305")]


def test_merged_claims_in_a_loop_and_a_chain_that_ends_in_one(make_tree):
    root = make_tree(_claims({"a": _merged("b"), "b": _merged("c"), "c": _merged("b")}))
    [finding] = validate(root).findings
    assert finding.path.endswith("/b.yaml") and "merged_into goes round in a loop: claim:b → claim:c → claim:b" in (
        finding.message
    )


def test_a_chain_that_ends_is_fine(make_tree):
    links = {"a": _supersedes("b"), "b": _supersedes("c"), "c": "", "d": _merged("a")}
    assert validate(make_tree(_claims(links))).findings == []


@pytest.mark.parametrize("field", ["parent", "successor"])
def test_organisations_in_a_loop(make_tree, field):
    other = MINIMAL[ORG].replace("org:test-force", "org:other-force") + f"    {field}: org:test-force\n"
    mine = MINIMAL[ORG].rstrip() + f"\n        {field}: org:other-force\n"
    root = make_tree({ORG: mine, "facts/organisations/other-force.yaml": other.replace("\n    ", "\n        ")})
    [finding] = validate(root).findings
    assert (finding.path, finding.check) == ("facts/organisations/other-force.yaml", "X305")
    assert f"{field} goes round in a loop: org:other-force → org:test-force → org:other-force" in finding.message


def test_an_organisation_that_is_its_own_parent(make_tree):
    [finding] = validate(make_tree({ORG: MINIMAL[ORG].rstrip() + "\n        parent: org:test-force\n"})).findings
    assert (finding.path, finding.line, finding.check) == (ORG, 7, "X305")
    assert "org:test-force → org:test-force" in finding.message


def test_sources_republishing_each_other(make_tree):
    source = MINIMAL["facts/sources/test-source.yaml"]
    one = source.rstrip() + "\n        republication_of: source:other-source\n"
    two = source.replace("source:test-source", "source:other-source").rstrip()
    two += "\n        republication_of: source:test-source\n"
    root = make_tree({"facts/sources/test-source.yaml": one, "facts/sources/other-source.yaml": two})
    [finding] = validate(root).findings
    assert finding.check == "X305" and "republication_of goes round in a loop" in finding.message


def test_a_long_chain_is_walked_without_recursion():
    size = 50_000
    graph = {f"n{i}": [(f"n{i + 1}", ("parent",))] for i in range(size)}
    graph[f"n{size}"] = [("n0", ("parent",))]
    [members] = list(components(graph))
    assert len(members) == size + 1
    graph[f"n{size}"] = []
    assert list(components(graph)) == []
