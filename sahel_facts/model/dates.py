"""Dates with their precision and uncertainty: the EDTF subset sahel-facts uses.

Every date in a record is an Extended Date/Time Format string (Library of Congress,
ISO 8601-2), levels 0 and 1, validated by the ``edtf`` package:

- a day, month or year: ``2024-05-01``, ``2024-03``, ``2024``;
- with unspecified digits: ``2024-05-XX``, ``2024-XX``, ``202X``;
- qualified as uncertain ``?``, approximate ``~`` or both ``%``: ``2024-05~``;
- an interval of two of those: ``2024-05-15/2024-05-19``, with ``..`` for an end no
  source gives (``2023-07-26/..``: still going on, or its end not known; ``../2024-09-15``:
  by 15 September). EDTF also allows an empty side (``2023-07-26/``), which the models
  accept (a package built with one still loads) and the validator refuses (T604), so that
  the facts write every interval one way.

Left out on purpose: times of day, seasons (hemisphere-bound, and meaningless in the
Sahel's wet and dry seasons), years before 1 or after 9999, and level 2.

Each value exposes :attr:`EDTF.earliest` and :attr:`EDTF.latest`, the first and last
day it can mean, computed here rather than by ``edtf`` (whose bounds for qualified and
open dates are heuristics). A qualified date widens by one unit of its precision each
way: ``2024-05~`` runs from 2024-04-01 to 2024-06-30. An open or unknown end has no
bound: ``None``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .base import anchored, shown

_DAY = r"(?:[0-9]{2}|XX)"
_YEAR = r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)"
#: One date of the subset (not an interval), with an optional qualifier.
SINGLE = rf"{_YEAR}(?:-(?:[0-9]{{2}}(?:-{_DAY})?|XX(?:-XX)?))?[?~%]?"
#: The whole subset, as a regular expression the JSON Schemas carry too.
PATTERN = rf"^(?:{SINGLE}|(?:{SINGLE}|\.\.)?/(?:{SINGLE}|\.\.)?)$"
#: Intervals only, for a state's validity.
INTERVAL_PATTERN = rf"^(?:{SINGLE}|\.\.)?/(?:{SINGLE}|\.\.)?$"

_PARTS = re.compile(r"^(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<qualifier>[?~%])?$")
_FULL = anchored(PATTERN)
_LEVEL_0_AND_1 = frozenset({"Date", "UncertainOrApproximate", "Unspecified", "Interval", "Level1Interval"})

HELP = (
    "use an EDTF date: YYYY, YYYY-MM or YYYY-MM-DD, optionally with ~ (approximate), "
    "? (uncertain) or % (both), X for unknown digits (2024-05-XX), "
    "or an interval START/END with '..' for an open end"
)


def _invalid(message: str) -> PydanticCustomError:
    """A bad date, as a ValueError that pydantic reports with the type ``edtf``."""
    return PydanticCustomError("edtf", message)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return date.min if months < 0 else date.max
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _single_bounds(text: str) -> tuple[date, date]:
    """The first and last day one non-interval date of the subset can mean."""
    parts = _PARTS.match(text)
    if parts is None:  # pragma: no cover - PATTERN admitted it, so _PARTS matches
        raise _invalid(f"'{shown(text)}' is not a supported EDTF date; {HELP}")
    year, month, day, qualifier = parts.group("year", "month", "day", "qualifier")
    first_year, last_year = int(year.replace("X", "0")), int(year.replace("X", "9"))
    if first_year < 1:
        raise _invalid(f"year {year} is before year 1, which sahel-facts does not support")
    if month is None or month == "XX":
        low, high = date(first_year, 1, 1), date(last_year, 12, 31)
        step_months = 12 * 10 ** year.count("X")
    elif day is None or day == "XX":
        m = int(month)
        low = date(first_year, m, 1)
        high = date(last_year, m, calendar.monthrange(last_year, m)[1])
        step_months = 1
    else:
        low = high = date(first_year, int(month), int(day))
        step_months = 0
    if qualifier:
        if step_months:
            low = _add_months(low, -step_months)
            high = _add_months(high.replace(day=1), step_months)
            high = high.replace(day=calendar.monthrange(high.year, high.month)[1])
        else:
            low = date.fromordinal(max(low.toordinal() - 1, 1))
            high = date.fromordinal(min(high.toordinal() + 1, date.max.toordinal()))
    return low, high


def _edtf_verdict(text: str) -> None:
    """Validate with the ``edtf`` package (level 0 and 1 only); raise a message for contributors."""
    from edtf import parse_edtf  # deferred: importing edtf costs pyparsing's start-up

    try:
        parsed = parse_edtf(text)
    except Exception:  # edtf's parse error is not a ValueError
        raise _invalid(
            f"'{shown(text)}' is not a valid EDTF date (is every day and month on the calendar?); {HELP}"
        ) from None
    kind = type(parsed).__name__
    if kind == "Season":
        raise _invalid(f"'{shown(text)}' is an EDTF season, which sahel-facts does not support: use a month interval")
    if kind not in _LEVEL_0_AND_1:
        raise _invalid(f"'{shown(text)}' uses EDTF level 2, which sahel-facts does not support; {HELP}")


def _no_seasons(text: str) -> None:
    """Refuse seasons and sub-year groupings (months 21 to 41), alone or in an interval."""
    for side in text.split("/"):
        parts = _PARTS.match(side)
        month = parts.group("month") if parts else None
        if month and month.isdigit() and 21 <= int(month) <= 41:
            raise _invalid(
                f"'{shown(text)}' holds an EDTF season or sub-year grouping, which sahel-facts does not "
                "support: use a month interval"
            )


def _calendar_verdict(text: str) -> None:
    """Validate a plain form (no unspecified digits) on the calendar: what EDTF asks of it, without parsing."""
    for side in text.split("/"):
        if side in ("", ".."):
            continue
        try:
            _single_bounds(side)
        except PydanticCustomError:
            raise
        except ValueError:  # the calendar's: no such month or day
            raise _invalid(
                f"'{shown(text)}' is not a valid EDTF date (is every day and month on the calendar?); {HELP}"
            ) from None


@lru_cache(maxsize=1 << 16)
def bounds(text: str) -> tuple[date | None, date | None]:
    """The earliest and latest day ``text`` can mean; ``None`` for an open or unknown end.

    Raises ``ValueError`` with a message for contributors when ``text`` is not a valid
    date of the subset described in this module: a ``PydanticCustomError`` of type
    ``edtf``, or ``interval_order`` for an interval that ends before it starts.

    Values with unspecified digits (``2024-XX``) are validated by the ``edtf`` package.
    Plain forms (a day, month or year, qualified or not, and intervals of them) are
    checked on the calendar directly, which is what EDTF asks of them: ``edtf`` takes
    milliseconds a parse, the calendar microseconds (a test shows the two agree).
    """
    if not _FULL.match(text):
        raise _invalid(f"'{shown(text)}' is not a supported EDTF date; {HELP}")
    _no_seasons(text)
    if "X" in text:
        _edtf_verdict(text)
    else:
        _calendar_verdict(text)
    if "/" not in text:
        return _single_bounds(text)
    start, end = text.split("/")
    if start in ("", "..") and end in ("", ".."):
        raise _invalid(f"interval '{shown(text)}' has neither a start nor an end")
    low = _single_bounds(start)[0] if start not in ("", "..") else None
    high = _single_bounds(end)[1] if end not in ("", "..") else None
    if low and high and low > high:
        raise PydanticCustomError("interval_order", f"interval '{shown(text)}' ends before it starts")
    return low, high


def before(a: date | None, b: date | None) -> bool:
    """True when ``a`` is a bound strictly before ``b`` (an open bound is never before)."""
    return a is not None and b is not None and a < b


class EDTF(str):
    """A validated EDTF date or interval, as written, that knows its bounds."""

    __slots__ = ()

    @property
    def earliest(self) -> date | None:
        """The first day this value can mean; ``None`` when the start is open or unknown."""
        return bounds(self)[0]

    @property
    def latest(self) -> date | None:
        """The last day this value can mean; ``None`` when the end is open or unknown."""
        return bounds(self)[1]

    @property
    def is_interval(self) -> bool:
        """True for ``START/END``, false for a single (possibly imprecise) date."""
        return "/" in self

    @property
    def is_open(self) -> bool:
        """True for an interval that is still going on (``START/..``)."""
        return self.endswith("/..")

    def disjoint(self, other: EDTF) -> bool:
        """True when no day can be both: one ends before the other can start (open ends never do)."""
        return before(self.latest, other.earliest) or before(other.latest, self.earliest)

    def apart(self, other: EDTF) -> int | None:
        """The fewest days that can lie between the two (0 when they can meet); None when a bound is open."""
        gaps = [
            (b.earliest - a.latest).days
            for a, b in ((self, other), (other, self))
            if a.latest is not None and b.earliest is not None
        ]
        return max(0, *gaps) if gaps else None

    @classmethod
    def parse(cls, text: str) -> EDTF:
        """Validate ``text``; raise ``ValueError`` with a message for contributors."""
        bounds(text)
        return cls(text)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls.parse, core_schema.str_schema(), serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": PATTERN,
            "description": "An EDTF (levels 0-1) date or interval: 2024-05-01, 2024-03, 2024-05~, 2023-07-26/..",
        }


def _require_interval(value: EDTF) -> EDTF:
    if not value.is_interval:
        raise _invalid(f"'{shown(value)}' is a single date; a validity is an interval START/END (use '..' if open)")
    return value


#: An EDTF interval: when a state (a deployment, a role, an entity) held.
Interval = Annotated[
    EDTF,
    AfterValidator(_require_interval),
    WithJsonSchema({"type": "string", "pattern": INTERVAL_PATTERN, "description": "An EDTF interval START/END"}),
]
