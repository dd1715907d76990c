"""Quantities: ranges ordered, qualifiers that need a figure have one, vague ones none."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sahel_facts.model.quantity import Quantity


def q(**fields):
    return Quantity.model_validate({"unit": "personnel", "text": "as written", **fields})


def test_valid_quantities():
    assert q(value="60", qualifier="about").value == 60
    assert q(low="24", qualifier="vague").low == 24
    assert q(value=1000, low=900, high=1100, qualifier="about").high == 1100
    assert q(low=50, qualifier="at_least").value is None


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"low": 10, "high": 5, "qualifier": "vague"}, "low 10 is above high 5"),
        ({"value": 4, "low": 5, "qualifier": "about"}, "below low"),
        ({"value": 7, "high": 5, "qualifier": "about"}, "above high"),
        ({"qualifier": "about", "low": 3}, "needs a value"),
        ({"qualifier": "exact"}, "needs a value"),
        ({"qualifier": "at_least", "value": 3}, "needs a low"),
        ({"qualifier": "vague", "value": 24}, "no value"),
        ({"qualifier": "vague"}, "needs a low or a high"),
        ({"value": "-1"}, "greater than or equal to 0"),
        ({"value": "nan"}, "finite number"),
        ({"value": 1, "qualifier": "roughly"}, "Input should be"),
    ],
)
def test_invalid_quantities(fields, says):
    with pytest.raises(ValidationError, match=says):
        q(**fields)
