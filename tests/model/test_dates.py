"""EDTF dates: the supported subset, and the bounds computed for each value."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from sahel_facts.model.dates import EDTF, Interval, bounds


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2024-05-01", date(2024, 5, 1), date(2024, 5, 1)),
        ("2024-03", date(2024, 3, 1), date(2024, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-05~", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-12?", date(2024, 11, 1), date(2025, 1, 31)),
        ("2024-05-01%", date(2024, 4, 30), date(2024, 5, 2)),
        ("2024~", date(2023, 1, 1), date(2025, 12, 31)),
        ("202X", date(2020, 1, 1), date(2029, 12, 31)),
        ("2024-XX", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-05-XX", date(2024, 5, 1), date(2024, 5, 31)),
        ("2024-05-03/2024-05-06", date(2024, 5, 3), date(2024, 5, 6)),
        ("2024-05/2024-05-10", date(2024, 5, 1), date(2024, 5, 10)),
        ("2023-07-26/..", date(2023, 7, 26), None),
        ("../2024-05", None, date(2024, 5, 31)),
        ("2024-06-07/", date(2024, 6, 7), None),  # EDTF, so a package holding it loads; T604 refuses it in facts
    ],
)
def test_bounds(text, earliest, latest):
    value = EDTF.parse(text)
    assert (value.earliest, value.latest) == (earliest, latest)
    assert value == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2024-02-30", "not a valid EDTF date"),
        ("2024-13", "not a valid EDTF date"),
        ("garbage", "not a supported EDTF date"),
        ("2024-05-01T10:00", "not a supported EDTF date"),
        ("2004-XX-05", "not a supported EDTF date"),
        ("2024-21", "season"),
        ("2024-05/2024-22", "season"),
        ("0000", "before year 1"),
        ("../..", "neither a start nor an end"),
        ("/", "neither a start nor an end"),
        ("2024-05-06/2024-05-03", "ends before it starts"),
        ("2024-06/2024-05-15", "ends before it starts"),
    ],
)
def test_invalid_dates_say_why(text, says):
    with pytest.raises(ValueError, match=says):
        EDTF.parse(text)


def test_in_a_model_the_errors_have_their_own_types():
    adapter = TypeAdapter(EDTF)
    assert adapter.validate_python("2024-05").latest == date(2024, 5, 31)
    for text, kind in [("2024-13", "edtf"), ("2024-05-06/2024-05-03", "interval_order")]:
        with pytest.raises(ValidationError) as caught:
            adapter.validate_python(text)
        assert caught.value.errors()[0]["type"] == kind


def test_a_validity_must_be_an_interval():
    adapter = TypeAdapter(Interval)
    assert adapter.validate_python("2024-05/..").is_open
    with pytest.raises(ValidationError, match="single date"):
        adapter.validate_python("2024-05")


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
qualifiers = st.sampled_from(["", "~", "?", "%"])


@st.composite
def single_dates(draw) -> str:
    day = draw(days)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
    return text + draw(qualifiers)


@given(single_dates())
def test_earliest_never_after_latest_and_the_day_is_inside(text):
    low, high = bounds(text)
    assert low <= high
    plain = text.rstrip("~?%")
    first = date.fromisoformat((plain + "-01-01")[:10] if len(plain) == 4 else (plain + "-01")[:10])
    assert low <= first <= high  # the first day the text names is always inside its bounds
    assert high.isoformat()[: len(plain)] >= plain
    if plain == text:  # unqualified: the bounds are exactly the day, month or year named
        assert low == first and high.isoformat()[: len(plain)] == plain


@given(single_dates(), single_dates())
def test_intervals_are_ordered_or_refused(a, b):
    (a_low, _), (_, b_high) = bounds(a), bounds(b)
    if a_low <= b_high:
        assert bounds(f"{a}/{b}") == (a_low, b_high)
    else:
        with pytest.raises(ValueError, match="ends before it starts"):
            bounds(f"{a}/{b}")


plain_parts = st.tuples(
    st.integers(1000, 2999).map(str),
    st.one_of(st.none(), st.integers(0, 24).map(lambda m: f"{m:02d}")),
    st.one_of(st.none(), st.integers(0, 32).map(lambda d: f"{d:02d}")),
    st.sampled_from(["", "~", "?", "%"]),
)


def _plain(parts) -> str:
    year, month, day, qualifier = parts
    text = year + (f"-{month}" + (f"-{day}" if day else "") if month else "")
    return text + qualifier


plain_intervals = st.tuples(plain_parts, plain_parts).map(lambda p: f"{_plain(p[0])}/{_plain(p[1])}")


@given(st.one_of(plain_parts.map(_plain), plain_intervals))
def test_the_calendar_check_agrees_with_the_edtf_package(text):
    from hypothesis import assume

    from sahel_facts.model import dates

    try:
        dates._no_seasons(text)
    except ValueError:
        assume(False)  # seasons are refused before either check, by policy

    def verdict(check) -> bool:
        try:
            check(text)
        except ValueError:
            return False
        return True

    assert verdict(dates._calendar_verdict) == verdict(dates._edtf_verdict), text
