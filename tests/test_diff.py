"""diff: what a user reads before upgrading."""

from __future__ import annotations

import json
import subprocess
import sys

from sahel_facts import load
from sahel_facts.diff import diff, render
from sahel_facts.factbase import FactBase


def test_a_package_against_itself_is_empty(built_package):
    facts = load(built_package)
    result = diff(facts, facts)
    assert result.empty and "No differences." in render(result)


def test_one_changed_claim_is_reported_field_by_field(built_package):
    old = load(built_package)
    target = old["claim:russian-troops-niger-may-2024"]
    changed = target.model_copy(update={"count": target.count.model_copy(update={"value": 70})})
    new = FactBase([changed if r.id == target.id else r for r in old], "0.2.0")
    result = diff(old, new)
    claims = result.families["claim"]
    assert (claims.added, claims.removed) == ([], [])
    [change] = claims.changed
    assert change.id == target.id
    assert [(c.path, c.old, c.new) for c in change.fields] == [("count.value", 60, 70)]
    assert result.families["entity"].empty and result.families["source"].empty


def test_a_link_dropped_and_a_claim_retracted_read_as_a_correction(built_package):
    old = load(built_package)
    linked = next(c for c in old.claims() if len(c.conflicts_with) == 1)
    corrected = linked.model_copy(
        update={"conflicts_with": (), "status": "retracted", "status_reason": "No source gives this."}
    )
    new = FactBase([corrected if r.id == linked.id else r for r in old], "0.2.0")
    result = diff(old, new)
    assert [(c.id, c.standing, c.reason) for c in result.corrections] == [
        (linked.id, "retracted", "No source gives this.")
    ]
    assert f"corrections: 1\n  ! {linked.id} retracted: No source gives this." in render(result)
    assert result.to_dict()["corrections"] == [
        {"id": linked.id, "standing": "retracted", "reason": "No source gives this."}
    ]
    [change] = result.families["claim"].changed
    assert [(c.path, c.old, c.new) for c in change.fields] == [
        ("conflicts_with[0]", linked.conflicts_with[0], None),
        ("status", "active", "retracted"),
        ("status_reason", None, "No source gives this."),
    ]


def test_added_and_removed(built_package):
    old = load(built_package)
    new = FactBase([r for r in old if r.id != "claim:russia-invades-ukraine-2022-02"], "0.2.0")
    result = diff(old, new)
    assert result.families["claim"].removed == ["claim:russia-invades-ukraine-2022-02"]
    assert diff(new, old).families["claim"].added == ["claim:russia-invades-ukraine-2022-02"]
    shown = render(result)
    assert "claim:russia-invades-ukraine-2022-02" in shown and "removed" in shown.lower()


def test_diff_command_json(built_package):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sahel_facts",
            "diff",
            str(built_package),
            str(built_package.with_suffix("")),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["counts"]["claim"] == {"added": 0, "removed": 0, "changed": 0}


def test_diff_command_usage_error(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "diff", str(tmp_path / "a.zip"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
