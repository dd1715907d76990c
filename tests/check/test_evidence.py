"""E401-E404: quotes verbatim in their snapshots, snapshots as pinned, locators right."""

from __future__ import annotations

import os

import pytest

from sahel_facts.check import evidence
from sahel_facts.check.corpus import Corpus, Entry
from sahel_facts.model.claims import ClaimBase
from sahel_facts.validate import validate
from tests.conftest import REPO, found, line_of

ARTICLE = "facts/sources/russian-troops-deployed-to-niger-airbase.yaml"
COUNT = "facts/claims/troop_count/russian-troops-niger-may-2024.yaml"


def test_normalise_only_whitespace_and_quote_marks():
    assert evidence.normalise("  “It’s”\n  here\t now ") == '"It\'s" here now'
    assert evidence.normalise("troops… At") == "troops… At"  # an ellipsis is not a quote mark


def test_every_quote_of_the_repository_verifies(repository):
    result = repository  # clean: tests/test_validate.py asserts it
    quoted = [
        e for e in result.corpus.entries if isinstance(e.record, ClaimBase) and any(i.quote for i in e.record.evidence)
    ]
    assert len(quoted) >= 25


def _quotes():
    corpus = validate(REPO).corpus  # at collection, before fixtures exist
    for entry in corpus.entries:
        if isinstance(entry.record, ClaimBase):
            for index, item in enumerate(entry.record.evidence):
                if item.quote:
                    yield pytest.param(entry.path, index, id=f"{entry.path.rsplit('/', 1)[1]}#{index}")


@pytest.mark.parametrize(("path", "index"), list(_quotes()))
def test_changing_one_word_of_any_quote_is_found_at_its_line(path, index, repository):
    corpus = repository.corpus
    entry = next(e for e in corpus.entries if e.path == path)
    item = entry.record.evidence[index]
    words = item.quote.split()
    position = len(words) // 2
    words[position] = "Xanadu" if words[position] != "Xanadu" else "Yonder"
    changed = item.model_copy(update={"quote": " ".join(words)})
    record = entry.record.model_copy(
        update={"evidence": [*entry.record.evidence[:index], changed, *entry.record.evidence[index + 1 :]]}
    )
    mutated = Corpus(corpus.root)
    for other in corpus.entries:
        mutated.add(Entry(other.path, other.document, record) if other is entry else other)
    [finding] = evidence.quotes_verbatim(mutated)
    expected = entry.document.locate(("evidence", index, "quote"))
    assert (finding.path, finding.line, finding.col, finding.check) == (path, expected.line, expected.col, "E401")


def test_a_changed_word_in_the_file_is_found_with_a_hint(dataset):
    root = dataset({COUNT: ("approximately 60 Russian troops are", "approximately 60 Russian soldiers are")})
    [finding] = [f for f in validate(root).findings]
    assert (finding.path, finding.line, finding.check) == (COUNT, line_of(root / COUNT, "quote:"), "E401")
    assert "60 Russian" in finding.hint and "troops are currently" in finding.hint


def test_one_digit_of_the_hash_is_found_at_the_hash(dataset):
    root = dataset({ARTICLE: ("sha256: 0937ee", "sha256: 1937ee")})
    [finding] = validate(root).findings
    assert (finding.path, finding.line, finding.check) == (ARTICLE, line_of(root / ARTICLE, "sha256:"), "E402")


def test_a_changed_snapshot_is_found(dataset):
    root = dataset()
    snapshot = root / "sources/russian-troops-deployed-to-niger-airbase.txt"
    snapshot.write_bytes(snapshot.read_bytes().replace(b"approximately 60", b"approximately 70"))
    assert found(validate(root), "E") == [(ARTICLE, line_of(root / ARTICLE, "sha256:"), "E402")]


def test_missing_and_linked_snapshots_are_refused(dataset, tmp_path_factory):
    root = dataset()
    snapshot = root / "sources/russian-troops-deployed-to-niger-airbase.txt"
    outside = tmp_path_factory.mktemp("outside") / "copy.txt"
    outside.write_bytes(snapshot.read_bytes())
    snapshot.unlink()
    assert [f.check for f in validate(root).findings] == ["E402"]
    os.symlink(outside, snapshot)
    [finding] = validate(root).findings
    assert finding.check == "E402" and "symbolic link" in finding.message


def test_a_quote_needs_an_archived_source(dataset):
    claim = "facts/claims/withdrawal/us-troops-leave-chad-2024-04-30.yaml"
    root = dataset({claim: ("  claimant: the source", "  quote: US troops left Chad\n  claimant: the source")})
    assert found(validate(root), "E") == [(claim, line_of(root / claim, "quote:"), "E403")]


def test_a_wrong_paragraph_is_found_and_the_right_one_named(dataset):
    root = dataset({COUNT: ("locator: paragraph 7", "locator: paragraph 8")})
    [finding] = validate(root).findings
    assert (finding.check, finding.line) == ("E404", line_of(root / COUNT, "locator:"))
    assert finding.hint == "it is in paragraph 7"


def test_snapshot_paths_cannot_leave_sources():
    from pydantic import TypeAdapter, ValidationError

    from sahel_facts.model.sources import SnapshotPath

    for bad in ["sources/../facts/x", "/etc/passwd", "sources/a/../../x", "facts/x.txt", "sources/.hidden"]:
        with pytest.raises(ValidationError):
            TypeAdapter(SnapshotPath).validate_python(bad)
