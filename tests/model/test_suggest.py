"""'Did you mean' hints: the closest known name, at a cost that does not grow with the names."""

from __future__ import annotations

from sahel_facts.model import suggest
from sahel_facts.model.entities import Organisation
from sahel_facts.model.suggest import Suggester
from sahel_facts.model.validate import _fields_of
from sahel_facts.validate import validate
from tests.conftest import MINIMAL


def test_the_closest_name_is_suggested():
    fields = Suggester(["date_text", "evidence", "facility", "force", "country"])
    assert fields.closest("evidense") == "evidence"
    assert fields.closest("Date-Text") == "date_text"  # case, '-' and '_' aside: one look-up
    assert fields.closest("zzz") is None
    assert fields.closest("x" * 10_000) is None


def test_each_question_compares_a_bounded_number_of_names():
    ids = Suggester([f"org:force-number-{i}" for i in range(20_000)] + ["org:test-force"])
    for i in range(500):
        ids.closest(f"org:tset-force-{i}")
    assert ids.closest("org:test-forc") == "org:test-force"
    assert ids.compared <= 501 * suggest.SHORTLIST  # not 501 * 20,001


def test_a_limited_suggester_stops_comparing_but_still_looks_up():
    ids = Suggester(["org:test-force", "country:NER"], limit=2)
    assert ids.closest("org:test-forc") == "org:test-force"
    ids.closest("org:tst-force")
    assert ids.closest("org:test-frc") is None  # past the limit: no comparing
    assert ids.closest("COUNTRY:ner") == "country:NER"  # the look-up still answers
    assert ids.questions == 2


def test_a_file_of_many_unknown_fields_costs_a_bounded_comparison_each(make_tree):
    org = "facts/organisations/test-force.yaml"
    keys = "".join(f"        nme{i}: x\n" for i in range(3000))
    before = _fields_of(Organisation).compared
    result = validate(make_tree({org: MINIMAL[org].rstrip() + "\n" + keys + "        catgory: x\n"}))
    assert len(result.findings) == 3001
    assert result.findings[-1].hint == "did you mean 'category'?"
    assert _fields_of(Organisation).compared - before <= 3001 * suggest.SHORTLIST
