"""Names and other identifying text look exactly like what they hold; IDs and dates are whole strings."""

from __future__ import annotations

import pytest

from sahel_facts.validate import validate
from tests.conftest import MINIMAL

ORG = "facts/organisations/test-force.yaml"
SOURCE = "facts/sources/test-source.yaml"
CLAIM = "facts/claims/deployment/test-deployment.yaml"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ('"Test\\u200bForce"', "U+200B ZERO WIDTH SPACE"),
        ('"Test\\u200dForce"', "U+200D ZERO WIDTH JOINER"),
        ('"Test\\u2060Force"', "U+2060 WORD JOINER"),
        ('"Test\\ufeffForce"', "U+FEFF"),
        ('"Test\\u00adForce"', "U+00AD SOFT HYPHEN"),
        ('"Test\\u200fForce"', "U+200F RIGHT-TO-LEFT MARK"),
        ('"Test\\u061cForce"', "U+061C ARABIC LETTER MARK"),
        ('"Test\\ufe0fForce"', "U+FE0F VARIATION SELECTOR-16"),
        ('"Test\\U000E0041Force"', "U+E0041 TAG LATIN CAPITAL LETTER A"),
        ('"Test\\u00a0Force"', "U+00A0 NO-BREAK SPACE"),
        ('"Test\\tForce"', "U+0009"),
        ('"Test Force\\n"', "U+000A"),
        ('" Test Force"', "no spaces at its ends"),
        ('"Test  Force"', "single spaces"),
        ('"Forces arme\\u0301es"', "U+0301 COMBINING ACUTE ACCENT"),
    ],
)
def test_a_name_with_an_invisible_difference_is_refused_at_its_line(make_tree, written, says):
    text = MINIMAL[ORG].replace("name: Test Force", f"name: {written}")
    [finding] = validate(make_tree({ORG: text})).findings
    assert (finding.path, finding.line, finding.col, finding.check) == (ORG, 4, 1, "M203")
    assert says in finding.message
    assert "\n" not in str(finding)


def test_an_nfd_name_is_shown_composed_in_the_message(make_tree):
    text = MINIMAL[ORG].replace("name: Test Force", 'name: "Forces arme\\u0301es"')
    [finding] = validate(make_tree({ORG: text})).findings
    assert "NFC" in finding.message and "'Forces armées'" in finding.message


@pytest.mark.parametrize(
    ("path", "old", "new", "line"),
    [
        (ORG, "category: armed_forces", 'category: armed_forces\n        aliases: ["Test\\u200bF"]', 6),
        (SOURCE, "title: A test article", 'title: "A test\\u200b article"', 4),
        (SOURCE, "publisher: unknown", 'publisher: "Te\\u2060st"', 5),
        (SOURCE, "authors: unknown", 'authors: ["Jo\\u200c Doe"]', 6),
        (CLAIM, "claimant: the source", 'claimant: "the\\u200bsource"', 10),
    ],
)
def test_other_identifying_text_refuses_invisible_characters(make_tree, path, old, new, line):
    text = MINIMAL[path].replace(old, new)
    [finding] = validate(make_tree({path: text})).findings
    assert (finding.path, finding.line, finding.check) == (path, line, "M203")
    assert "invisible character" in finding.message


def test_free_text_keeps_what_sources_print(make_tree):
    # A summary or a quote is not a name: a soft hyphen or a joiner there is refused nowhere.
    text = MINIMAL[CLAIM].replace("was deployed", "was de\u00adployed")
    assert validate(make_tree({CLAIM: text})).findings == []


@pytest.mark.parametrize("written", ['"org:test-force\\n"', "|\n          org:test-force"])
def test_an_id_with_a_final_line_break_is_refused(make_tree, written):
    text = MINIMAL[CLAIM].replace("force: org:test-force", f"force: {written}")
    [finding] = validate(make_tree({CLAIM: text})).findings
    assert (finding.line, finding.check) == (5, "M203")
    assert "'org:test-force\\n' is not a valid ID" in finding.message


def test_a_date_with_a_final_line_break_is_refused(make_tree):
    text = MINIMAL[CLAIM].replace("date: 2024-05", 'date: "2024-05\\n"')
    [finding] = validate(make_tree({CLAIM: text})).findings
    assert (finding.line, finding.check) == (7, "M204")


def test_an_escape_sequence_in_an_id_is_shown_escaped(make_tree):
    text = MINIMAL[CLAIM].replace("force: org:test-force", 'force: "org:\\e[31mred"')
    [finding] = validate(make_tree({CLAIM: text})).findings
    assert "\x1b" not in str(finding) and "\\x1b[31mred" in finding.message


@pytest.mark.parametrize(
    ("written", "says"), [("Test F\u043erce", "Latin and Cyrillic"), ("\u039fmega", "Greek and Latin")]
)
def test_a_word_mixing_look_alike_alphabets_is_refused(make_tree, written, says):
    text = MINIMAL[ORG].replace("name: Test Force", f"name: {written}")
    [finding] = validate(make_tree({ORG: text})).findings
    assert (finding.line, finding.check) == (4, "M203") and says in finding.message


@pytest.mark.parametrize("written", ["Москва", "Αθήνα", "Ω-Force", "naïve café", "Forces armées — القوات"])
def test_words_each_in_one_alphabet_are_fine(make_tree, written):
    text = MINIMAL[ORG].replace("name: Test Force", f"name: {written}")
    assert validate(make_tree({ORG: text})).findings == []


def test_a_bad_date_is_shown_escaped(make_tree):
    text = MINIMAL[CLAIM].replace("date: 2024-05", 'date: "2024\\e[2J\\n"')
    [finding] = validate(make_tree({CLAIM: text})).findings
    assert finding.check == "M204" and "'2024\\x1b[2J\\n' is not" in finding.message
