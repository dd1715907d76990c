"""E401-E404: quotes verbatim in their snapshots, snapshots as pinned, locators right."""

from __future__ import annotations

import hashlib
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
        mutated.add(Entry(other.path, other.places, record) if other is entry else other)
    [finding] = evidence.quotes_verbatim(mutated)
    expected = entry.places.locate(("evidence", index, "quote"))
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


def test_a_snapshot_whose_sources_folder_is_a_link_is_refused(dataset, tmp_path_factory):
    root = dataset()
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "sources"
    os.replace(root / "sources", elsewhere)
    os.symlink(elsewhere, root / "sources")
    findings = validate(root).findings
    assert findings and {f.check for f in findings} == {"E402"}
    assert all("symbolic link" in f.message for f in findings)


def test_a_quote_needs_an_archived_source(dataset):
    claim = "facts/claims/withdrawal/us-troops-leave-chad-2024-04-30.yaml"
    cited = "- source: source:cnn-2024-05-01-chad\n"
    root = dataset({claim: (cited, cited + "  quote: US troops left Chad\n")})
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


QUOTE = (
    "quote: >-\n    According to officials in Niger, approximately 60 Russian troops are currently in the\n    country."
)


def _edit_snapshot(root, old: bytes, new: bytes) -> None:
    """Change the archived article and record its new sha256, as a curator would."""
    snapshot = root / "sources/russian-troops-deployed-to-niger-airbase.txt"
    before = snapshot.read_bytes()
    assert before.count(old) == 1
    snapshot.write_bytes(before.replace(old, new))
    source = root / ARTICLE
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(hashlib.sha256(before).hexdigest(), hashlib.sha256(snapshot.read_bytes()).hexdigest()),
        encoding="utf-8",
    )


def test_a_quote_typed_decomposed_matches_the_same_text_composed(dataset):
    root = dataset({COUNT: ("officials in Niger, approximately", "officials in Nige\u0301r, approximately")})
    _edit_snapshot(root, b"officials in Niger, approximately", "officials in Nigér, approximately".encode())
    assert validate(root).findings == []
    assert evidence.normalise("arme\u0301es") == evidence.normalise("armées") == "armées"


@pytest.mark.parametrize(
    ("inserted", "named"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
        ("\u043e", "U+043E CYRILLIC SMALL LETTER O"),  # looks like an o
    ],
)
def test_an_invisible_difference_is_named_in_the_hint(dataset, inserted, named):
    quote = "According to officials in Niger, appr" + inserted + "oximately 60 Russian troops"
    if inserted == "\u043e":
        quote = "According to officials in Niger, appr\u043eximately 60 Russian troops"
    root = dataset({COUNT: (QUOTE, f'quote: "{quote}"')})
    [finding] = validate(root).findings
    assert finding.check == "E401"
    assert f"the quote has {named} where the source has U+" in finding.hint
    assert inserted not in finding.hint  # shown escaped or named, never as itself


def test_a_control_character_of_the_snapshot_is_escaped_in_a_hint(dataset):
    root = dataset({COUNT: (QUOTE, "quote: According to officials in Niger, approximately 61 Russian troops")})
    _edit_snapshot(root, b"approximately 60 Russian", b"approximately 6\x1b[2J0 Russian")
    [finding] = validate(root).findings
    assert finding.check == "E401" and "\x1b" not in str(finding) and "\\x1b[2J" in finding.hint


@pytest.mark.parametrize("quote", ["x", "Niger", "in Niger,", "'... ... ...'", "officials in"])
def test_a_quote_too_short_to_prove_anything_is_refused(dataset, quote):
    root = dataset({COUNT: (QUOTE, f'quote: "{quote}"')})
    assert found(validate(root), "E405") == [(COUNT, line_of(root / COUNT, "quote:"), "E405")]


def test_a_quote_of_fifteen_letters_is_long_enough(dataset):
    root = dataset({COUNT: (QUOTE, "quote: officials in Niger")})  # 15 letters, in paragraph 7
    assert validate(root).findings == []


@pytest.mark.parametrize(
    ("locator", "says", "hint"),
    [
        ("paragraph 0", "count from 1", "the headline is paragraph 1"),
        ("paragraph -1", "count from 1", "the headline is paragraph 1"),
        ("paragraph 007", "not written 'paragraph N'", "write 'paragraph 7'"),
        ("Paragraph 7", "not written 'paragraph N'", "write 'paragraph 7'"),
        ("para. 7", "not written 'paragraph N'", "write 'paragraph 7'"),
        ("7th paragraph", "not written 'paragraph N'", "write 'paragraph 7'"),
        ("seventh paragraph", "not written 'paragraph N'", "write 'paragraph 7'"),
        ("paragraphs 7 to 8", "not written 'paragraphs N-M'", "write 'paragraphs 7-8'"),
        ("paragraphs 8-7", "not written 'paragraphs N-M'", "write 'paragraphs 7-8'"),
        ("paragraphs 7", "one paragraph is 'paragraph N'", "write 'paragraph 7'"),
        ("paragraphs 8, 7", "in order and apart", "write 'paragraphs 1, 3-4 and 6'"),
        ("paragraphs 6-7, 7-8", "in order and apart", "write 'paragraphs 1, 3-4 and 6'"),
        ("paragraph 7; Paragraph 8", "not written 'paragraph N'", "write 'paragraph 8'"),
        ("paragraph 1" + "0" * 30, "more than", "check the number"),
        pytest.param("paragraph 1" + "0" * 5000, "more than", "check the number", id="too-long-for-int"),
    ],
)
def test_a_paragraph_locator_written_another_way_is_refused(dataset, locator, says, hint):
    root = dataset({COUNT: ("locator: paragraph 7", f"locator: '{locator}'")})
    [finding] = validate(root).findings
    assert (finding.path, finding.line, finding.check) == (COUNT, line_of(root / COUNT, "locator:"), "E406")
    assert says in finding.message and finding.hint == hint


@pytest.mark.parametrize(
    "locator",
    [
        "paragraphs 6-7",
        "paragraphs 7-8",
        "paragraphs 1 and 7",
        "paragraphs 1, 3-4 and 7",
        "paragraph 7; the photo caption",
        "paragraph 40 (approximately)",  # counted by eye: not checked
        "section 2",
        "the last paragraph",
    ],
)
def test_a_range_of_paragraphs_holding_the_quote_or_a_locator_in_words_passes(dataset, locator):
    assert validate(dataset({COUNT: ("locator: paragraph 7", f"locator: {locator}")})).findings == []


def test_a_quote_across_paragraphs_is_named_as_a_range(dataset):
    root = dataset()
    snapshot = root / "sources/russian-troops-deployed-to-niger-airbase.txt"
    paragraphs = snapshot.read_text(encoding="utf-8").split("\n\n")
    across = " ".join(paragraphs[6].split()[-4:] + paragraphs[7].split()[:4])
    (root / COUNT).write_text((root / COUNT).read_text().replace(QUOTE, f'quote: "{across}"'), encoding="utf-8")
    [finding] = validate(root).findings
    assert finding.check == "E404" and finding.hint == "it is in paragraphs 7-8"


def test_a_paragraph_past_the_end_is_found_without_a_quote(dataset):
    root = dataset({COUNT: ("  " + QUOTE + "\n", "")})
    assert validate(root).findings == []
    root = dataset({COUNT: ("locator: paragraph 7", "locator: paragraph 99")})
    [finding] = validate(root).findings
    assert (
        finding.check == "E404"
        and "has 47 paragraphs" not in finding.message
        and "so no paragraph 99" in (finding.message)
    )


def test_past_the_hint_budget_a_wrong_quote_is_still_found_without_a_hint(dataset, monkeypatch):
    root = dataset({COUNT: ("approximately 60 Russian troops are", "approximately 60 Russian soldiers are")})
    monkeypatch.setattr(evidence, "HINT_BUDGET", 1000)  # far less than one search of the snapshot
    [finding] = validate(root).findings
    assert finding.check == "E401" and finding.hint.startswith("no hint")


@pytest.mark.parametrize(
    ("locator", "says"),
    [
        ("paragraphs 1 and 3-5", "not in paragraphs 1 and 3-5 of"),  # the quote is in paragraph 7
        ("paragraph 2; the photo caption", "not in paragraph 2; the photo caption of"),
        ("paragraphs 1, 7 and 99", "so no paragraph 99"),
    ],
)
def test_every_span_of_a_list_is_checked(dataset, locator, says):
    [finding] = validate(dataset({COUNT: ("locator: paragraph 7", f"locator: {locator}")})).findings
    assert finding.check == "E404" and says in finding.message
