"""Quantities: ranges ordered, qualifiers that need a figure have one, vague ones none."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sahel_facts.model.quantity import Quantity
from tests.conftest import line_of


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


@pytest.mark.parametrize(
    ("rel", "old"),
    [
        ("facts/claims/distance/niamey-to-agadez-drone-base.yaml", "- value: 750"),
        ("facts/claims/expenditure/air-base-201-cost-about-110-million.yaml", "  value: 110000000"),
    ],
)
def test_a_number_of_hundreds_of_digits_is_a_finding_not_an_overflow(dataset, rel, old):
    from sahel_facts.validate import validate

    huge = old.split(":")[0] + ": " + "9" * 309
    root = dataset({rel: (old, huge)})
    result = validate(root)
    assert [(f.path, f.line, f.check) for f in result.findings] == [(rel, line_of(root / rel, huge), "M203")]
    assert "less than or equal to 1000000000000" in result.findings[0].message
