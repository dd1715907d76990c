"""The README's promises: its counts are the dataset's, its example record is a real file."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from sahel_facts.model.claims import ClaimBase
from sahel_facts.model.sources import Source
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_counts_table_matches_the_dataset(repository):
    block = README.split("<!-- counts: kept true by tests/test_readme.py -->")[1].split("<!-- /counts -->")[0]
    stated = {
        (family, kind): int(n) for family, kind, n in re.findall(r"^\| (\w+) \| ([\w() ]+) \| (\d+) \|$", block, re.M)
    }
    actual: Counter = Counter()
    for entry in repository.corpus.entries:
        record = entry.record
        family = "claim" if isinstance(record, ClaimBase) else "source" if isinstance(record, Source) else "entity"
        actual[(family, "(all kinds)" if family == "source" else record.kind)] += 1
    assert stated == dict(actual)


def test_example_record_is_the_file_it_names():
    name, body = re.search(r"A claim, `([^`]+)`:\n\n```yaml\n(.*?)```", README, re.S).groups()
    assert body == (REPO / name).read_text(encoding="utf-8")


NEWER_KINDS = "## Worked examples of the newer kinds\n"


def test_contributing_examples_are_the_files_they_show():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split(NEWER_KINDS)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    commands = re.findall(r"^sahel-facts new \w+ (\S+)$", text, re.M)
    assert len(blocks) == len(commands) == 2
    for record_id, block in zip(commands, blocks, strict=True):
        [path] = [p for p in REPO.glob("facts/**/*.yaml") if p.read_text(encoding="utf-8") == block]
        assert f"id: {record_id}\n" in block, path


def test_contributing_shows_a_valid_record_of_each_newer_kind():
    from sahel_facts.model.kinds import KINDS
    from sahel_facts.model.records import expected_path

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert text.count(NEWER_KINDS) == 1
    section = text.split(NEWER_KINDS)[1].split("\n## ")[0]
    shown = {}
    for block in re.findall(r"```yaml\n(.*?)```", section, re.S):
        assert block.startswith("# yaml-language-server: $schema=../../../schema/claim.schema.json\n")
        record = KINDS.adapter("claim").validate_python(yaml.safe_load(block))  # a valid claim of its kind
        shown[record.kind] = block
        path = REPO / expected_path(record)
        if path.exists():  # the record of the dataset it is: the same file, byte for byte
            assert path.read_text(encoding="utf-8") == block, path
    assert {"membership", "mission", "handover", "attack", "expulsion_order"} <= set(shown)


def test_the_checks_table_names_every_stage():
    from sahel_facts.check import catalogue
    from sahel_facts.findings import STAGES

    rows = re.findall(r"^\| `([A-Z])(\d)xx` \| (\w+) \|", README, re.M)
    assert [letter for letter, _, _ in rows] == list(STAGES)
    for rule in catalogue():
        assert (rule.code[0], rule.code[1]) in {(letter, digit) for letter, digit, _ in rows}, rule.code
