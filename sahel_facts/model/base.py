"""What every model shares: frozen, closed records, safe text, and the value "unknown".

Models forbid fields they do not declare (a misspelt field is an error, not lost
data), are frozen (a loaded fact cannot be changed by accident), and refuse NaN and
infinity. Text fields refuse control characters and bidirectional overrides, which
can hide or reorder what a reviewer sees.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal, TypeVar, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, WithJsonSchema

#: What a field holds when the source does not say: better than a guess.
UNKNOWN = "unknown"
Unknown = Literal["unknown"]

# C0 and C1 controls except tab, line feed and carriage return; bidi embeddings,
# overrides and isolates.
_FORBIDDEN = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069"
TEXT_PATTERN = f"^[^{_FORBIDDEN}]+$"
_TEXT = re.compile(f"[{_FORBIDDEN}]")


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("text is empty")
    bad = _TEXT.search(value)
    if bad:
        raise ValueError(
            f"control or bidirectional-override character U+{ord(bad.group()):04X} at character {bad.start() + 1}"
        )
    return value


#: Human-readable text: not blank, no control characters, no bidi overrides.
Text = Annotated[
    str,
    AfterValidator(_check_text),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}),
]

#: What each string pattern of the models means, in words, for messages: filled by :func:`form`.
FORMS: dict[str, str] = {}


def form(pattern: str, meaning: str, max_length: int | None = None) -> StringConstraints:
    """The constraint of a string of a set form, whose ``meaning`` findings give when a value lacks it.

    Used as ``Annotated[str, form(r"^[A-Z]{2}$", "two capital letters")]``.
    """
    FORMS[pattern] = meaning
    return StringConstraints(pattern=pattern, max_length=max_length)


T = TypeVar("T")
#: A value, or "unknown" where the source does not give it.
Known = Union[T, Unknown]  # noqa: UP007 - a generic alias, subscripted at runtime


class Frozen(BaseModel):
    """Base of every model: unknown fields rejected, values immutable, no NaN."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        use_attribute_docstrings=True,
        validate_default=False,
    )


class RecordBase(Frozen):
    """What every record has, whatever its family: an ID and a kind.

    Each kind's model narrows both: its ``id`` to its namespace (``Annotated[str,
    IdOf("claim")]``) and its ``kind`` to one value (``Literal["withdrawal"]``), or, for
    sources, to the document types.
    """

    unique_fields: ClassVar[tuple[tuple[str, ...], ...]] = ()
    """Sets of fields whose values no two records of the kind share (a country's ISO codes)."""

    id: str
    """The record's stable ID: a prefix and a slug, ``claim:us-troops-leave-chad``."""
    kind: str
    """What sort of record it is."""
