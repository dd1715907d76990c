"""Quantities as sources state them: a figure, its range, and how exact it is.

"approximately 60 troops" is ``{value: 60, qualifier: about, unit: personnel, text:
"approximately 60"}``; "dozens of troops" is ``{low: 24, qualifier: vague, unit:
personnel, text: "dozens"}``: a vague quantity never carries an invented point.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import Frozen, Known, Text

#: How exact a stated figure is.
Qualifier = Literal["exact", "about", "at_least", "at_most", "more_than", "less_than", "vague"]
#: What a quantity counts or measures.
Unit = Literal["personnel", "people", "km", "mi", "usd", "facilities", "aircraft"]
#: A non-negative figure, at most a trillion (no stated figure in this field is larger).
Number = Annotated[int | float, Field(ge=0, le=1_000_000_000_000)]


class Quantity(Frozen):
    """A figure as a source gives it."""

    value: Number | None = None
    """The stated figure; absent when the source gives only a range or a vague word."""
    low: Number | None = None
    """The least the figure can be, where the source bounds it."""
    high: Number | None = None
    """The most the figure can be, where the source bounds it."""
    qualifier: Qualifier = "exact"
    """How exact it is: exact, about, at_least, at_most, more_than, less_than, or vague."""
    unit: Unit
    """What is counted or measured."""
    text: Known[Text]
    """The figure as written in the source, e.g. "approximately 60"; unknown when we cite a source we do not hold."""

    def bounds(self) -> tuple[float, float]:
        """The least and most the figure can mean: ``about`` allows 10% either way, an open side is infinite."""
        slack = 0.1 if self.qualifier == "about" else 0.0
        low = self.low if self.low is not None else self.value
        high = self.high if self.high is not None else self.value
        if self.qualifier in ("at_least", "more_than", "vague") and self.high is None:
            high = None
        if self.qualifier in ("at_most", "less_than") and self.low is None:
            low = 0
        least = float(low or 0) * (1 - slack)
        most = float(high) * (1 + slack) if high is not None else math.inf
        return least, most

    def disjoint(self, other: Quantity) -> bool:
        """True when the two figures, in one unit, cannot be the same (different units never compare)."""
        if self.unit != other.unit:
            return False
        (a_low, a_high), (b_low, b_high) = self.bounds(), other.bounds()
        return a_high < b_low or b_high < a_low

    @model_validator(mode="after")
    def _consistent(self) -> Quantity:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        if self.value is not None:
            if self.low is not None and self.value < self.low:
                raise ValueError(f"value {self.value} is below low {self.low}")
            if self.high is not None and self.value > self.high:
                raise ValueError(f"value {self.value} is above high {self.high}")
        needs = {
            "exact": "value",
            "about": "value",
            "at_least": "low",
            "more_than": "low",
            "at_most": "high",
            "less_than": "high",
        }.get(self.qualifier)
        if needs and getattr(self, needs) is None:
            raise ValueError(f"a quantity qualified '{self.qualifier}' needs a {needs}")
        if self.qualifier == "vague" and self.value is not None:
            raise ValueError("a vague quantity carries no value: give low and/or high, never an invented point")
        if self.qualifier == "vague" and self.low is None and self.high is None:
            raise ValueError("a vague quantity needs a low or a high bound")
        return self
