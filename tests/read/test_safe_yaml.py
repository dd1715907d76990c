"""The safe YAML reader: what it keeps, what it refuses, and where it says so."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_facts.read.safe_yaml import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_VALUES,
    Position,
    ReadError,
    _parse_placed,
    parse,
    read_bytes,
    read_placed,
)


def refusal(raw: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_bytes(raw)
    return caught.value


def test_scalars_are_kept_as_written():
    doc = read_bytes(b"date: 2024-05-01\nflag: NO\nn: 060\nf: 1e3\nq: 'x'\nnothing:\ntilde: ~\nempty: ''\n")
    assert doc.data == {
        "date": "2024-05-01",
        "flag": "NO",
        "n": "060",
        "f": "1e3",
        "q": "x",
        "nothing": None,
        "tilde": None,
        "empty": "",
    }


def test_positions_of_keys_and_items():
    doc = read_bytes(b"a: 1\nlist:\n  - x\n  - k: v\n")
    assert doc.positions[("a",)] == Position(1, 1)
    assert doc.positions[("list", 1)] == Position(4, 5)
    assert doc.positions[("list", 1, "k")] == Position(4, 5)
    assert doc.locate(("list", 1, "missing")) == Position(4, 5)
    assert doc.locate(("nowhere", 3)) == Position(1, 1)


@pytest.mark.parametrize(
    ("raw", "code", "line", "col"),
    [
        (b"a: 1\nb: 2\na: 3\n", "R103", 3, 1),
        (b"a: &x [1]\n", "R104", 1, 4),
        (b"a: [1]\nb: *x\n", "R104", 2, 4),
        (b"<<: {a: 1}\n", "R104", 1, 1),
        (b"a: !!python/object:os.system x\n", "R105", 1, 4),
        (b"a: !!str 060\n", "R105", 1, 4),
        (b"? [a]\n: 1\n", "R106", 1, 3),
        (b"a: 1\n---\nb: 2\n", "R107", 2, 1),
        (b"- a\n", "R109", 1, 1),
        (b"", "R109", 1, 1),
        (b"a: [1\n", "R100", 2, 1),
        (b"a: 1\nb: x\x00y\n", "R102", 2, 5),
        (b"a: 1\nb: \xc3\x28\n", "R102", 2, 4),
        (b"\xef\xbb\xbfa: 1\n", "R102", 1, 1),
        (b"a: " + b"[" * (MAX_DEPTH + 5), "R108", 1, len("a: ") + MAX_DEPTH),  # level 33: the 32nd [
    ],
)
def test_refusals_are_located(raw, code, line, col):
    error = refusal(raw)
    assert (error.rule.code, error.position) == (code, Position(line, col)), error.message


BILLION_LAUGHS = b"""\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_refused_at_the_first_anchor():
    error = refusal(BILLION_LAUGHS)
    assert (error.rule.code, error.position) == ("R104", Position(1, 4))


def test_deep_nesting_is_refused_without_recursion():
    assert refusal(b"[" * 10_000).rule.code == "R108"
    assert refusal(b"a:\n" + b"".join(b" " * i + b"a:\n" for i in range(1, 200))).rule.code == "R108"


def test_oversized_bytes_are_refused():
    assert refusal(b"a: '" + b"x" * MAX_BYTES + b"'\n").rule.code == "R101"


def test_quoted_null_words_stay_strings():
    assert read_bytes(b"a: 'null'\nb: \"~\"\n").data == {"a": "null", "b": "~"}


def test_more_values_than_the_cap_is_refused_where_the_first_extra_starts():
    # The top mapping and the list count, the key does not: MAX_VALUES - 2 items fit exactly.
    fits = b"a: [" + b",".join([b"x"] * (MAX_VALUES - 2)) + b"]\n"
    assert len(read_bytes(fits).data["a"]) == MAX_VALUES - 2
    error = refusal(b"a: [" + b",".join([b"x"] * (MAX_VALUES - 1)) + b"]\n")
    assert (error.rule.code, error.position) == ("R115", Position(1, 4 + 2 * (MAX_VALUES - 2) + 1))
    many_keys = b"".join(b"k%d: v\n" % i for i in range(MAX_VALUES - 1))  # keys are not values
    assert len(read_bytes(many_keys).data) == MAX_VALUES - 1


# The reader reads a file's data without positions first, and works the positions out only
# when asked (or when it refuses the file, to say where): whatever the text, that must give
# what reading with positions gives, refusals included.
_KEYS = st.sampled_from(["a", "b", "<<", "~", "'<<'", "[k]", "? k", "&x a", "!!str b", "k"])
_VALUES = st.sampled_from(
    ["1", "", "~", "null", "''", "x y", "*x", "&x v", "!!str 060", "[1, 2]", "{a: 1, a: 2}", "{b: [c]}", "'q",
     '"d\\x07"', "\x07", "é", "---", "- z"]
)  # fmt: skip
_LINES = st.tuples(st.sampled_from(["", "  ", "    "]), st.sampled_from(["", "- "]), _KEYS, _VALUES).map(
    lambda p: f"{p[0]}{p[1]}{p[2]}: {p[3]}"
)
_TEXTS = st.lists(st.one_of(_LINES, st.sampled_from(["---", "- x", "a:", "  - y", "#c"])), max_size=8).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_data_read_without_positions_is_what_the_positional_reader_gives(text):
    _as_the_positional_reader_reads(text)


def _as_the_positional_reader_reads(text: str) -> None:
    try:
        expected: tuple[object, ...] = _parse_placed(text)
    except ReadError as error:
        expected = (error.rule, error.message, error.position, error.hint)
    try:
        document = parse(text)
    except ReadError as error:
        got: tuple[object, ...] = (error.rule, error.message, error.position, error.hint)
    else:
        got = (document.data, document.positions)  # a file parse() took is one the positional reader takes
    assert got == expected


def test_positions_are_worked_out_when_first_asked_for():
    document = parse("a: 1\nlist:\n  - x\n  - k: v\n")
    assert document.data == {"a": "1", "list": ["x", {"k": "v"}]}
    assert document.locate(("list", 1, "k")) == Position(4, 5)
    assert document.positions == _parse_placed("a: 1\nlist:\n  - x\n  - k: v\n")[1]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1),  # as deep as allowed
        "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH,  # one deeper
        "a: [" + ",".join(["x"] * (MAX_VALUES - 2)) + "]",  # as many values as allowed
        "a: [" + ",".join(["x"] * (MAX_VALUES - 1)) + "]",  # one more
        "".join(f"k{i}: v\n" for i in range(MAX_VALUES - 1)),  # keys are not values
        "".join(f"k{i}: v\n" for i in range(MAX_VALUES)),
    ],
)
def test_the_limits_are_where_the_positional_reader_has_them(text):
    _as_the_positional_reader_reads(text)


def test_read_placed_is_read_bytes_with_its_positions():
    raw = b"a: 1\nlist:\n  - x\n  - k: v\n"
    placed, read = read_placed(raw), read_bytes(raw)
    assert (placed.data, placed.positions) == (read.data, read.positions)
    assert placed._positions is not None  # worked out already
