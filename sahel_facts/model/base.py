"""What every model shares: frozen, closed records, safe text, and the value "unknown".

Models forbid fields they do not declare (a misspelt field is an error, not lost
data), are frozen (a loaded fact cannot be changed by accident), and refuse NaN and
infinity. Text fields refuse control characters and bidirectional overrides, which
can hide or reorder what a reviewer sees. Names and other text that identifies
something (:data:`Name`) must also look exactly like what they hold: no invisible
characters, composed Unicode (NFC), single plain spaces, so that what a reader sees
is what a search finds.
"""

from __future__ import annotations

import re
import unicodedata
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
# Unicode's Default_Ignorable_Code_Point characters (zero-width spaces and joiners, bidi
# marks, soft hyphen, variation selectors, fillers, tags) and the interlinear annotation
# marks: nothing shows where they are. Those outside the BMP are checked by the model only,
# as JSON Schema's patterns cannot name them portably.
_IGNORABLE_BMP = (
    "\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f"
    "\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb"
)
_IGNORABLE_ASTRAL = "\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a\\U000e0000-\\U000e0fff"
_INVISIBLE = re.compile(f"[{_FORBIDDEN}{_IGNORABLE_BMP}{_IGNORABLE_ASTRAL}]")
#: White space other than the plain space (``\s`` is :meth:`str.isspace`'s set).
_NOT_PLAIN_SPACE = re.compile(r"[^\S ]")
#: What a name's JSON Schema allows: text of visible characters separated by single plain spaces.
NAME_PATTERN = f"^[^\\s{_FORBIDDEN}{_IGNORABLE_BMP}]+(?: [^\\s{_FORBIDDEN}{_IGNORABLE_BMP}]+)*$"


#: The longest piece of input a message repeats.
SHOWN = 80


def shown(value: object, limit: int = SHOWN) -> str:
    """``value`` as a message repeats it: cut to ``limit`` characters, escaped if anything in it is invisible.

    A finding is one line: a line break, an escape sequence or a zero-width character of
    the input must show as ``\\n``, ``\\x1b``, ``\\u200b``, never act on the reader's terminal.
    """
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= limit else text[:limit] + "..."
    return text if text.isprintable() else "".join(visible(c) for c in text)


def visible(char: str) -> str:
    """A character as a message shows it: itself if printable, else its escape (``\\n``, ``\\u200b``)."""
    return char if char.isprintable() else char.encode("unicode_escape").decode("ascii")


def anchored(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern ``^...$`` compiled to match whole strings only.

    In Python, ``$`` also matches before a final line break, so ``"org:x\\n"`` would pass
    ``^org:x$``; JSON Schema's ``$`` does not. ``\\Z`` keeps the two in step.
    """
    if not pattern.endswith("$"):
        raise ValueError(f"{pattern!r} is not anchored at its end")
    return re.compile(pattern[:-1] + "\\Z")


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


def describe(char: str) -> str:
    """A character by its code point and Unicode name: ``U+200B ZERO WIDTH SPACE``, ``U+000A (a control)``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '') or '(a control)'}"


def _check_name(value: str) -> str:
    _check_text(value)
    hidden = _INVISIBLE.search(value)
    if hidden:
        raise ValueError(
            f"invisible character {describe(hidden.group())} at character {hidden.start() + 1}: "
            "a name shows every character it holds"
        )
    space = _NOT_PLAIN_SPACE.search(value)
    if space:
        raise ValueError(
            f"{describe(space.group())} at character {space.start() + 1}: words in a name are separated by plain spaces"
        )
    if value != value.strip(" ") or "  " in value:
        raise ValueError("a name has no spaces at its ends and single spaces between words")
    if value.isascii():  # one alphabet, and already composed: the two checks below cannot fail
        return value
    _one_script_a_word(value)
    composed = unicodedata.normalize("NFC", value)
    if composed != value:
        at = next((i for i, (a, b) in enumerate(zip(value, composed, strict=False)) if a != b), len(composed))
        end = next((i for i in range(at + 1, len(value)) if not unicodedata.combining(value[i])), len(value))
        raise ValueError(
            f"character {at + 1} is {' + '.join(map(describe, value[at:end]))}, not composed Unicode (NFC): "
            f"write it composed, as in '{composed[max(0, at - 10) : at + 10]}'"
        )
    return value


#: Alphabets whose letters look alike: a word mixing them looks like a word it is not ("Fоrce", Cyrillic о).
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
_WORD = re.compile(r"[^\W\d_]+")


def _one_script_a_word(value: str) -> None:
    """Refuse a word whose letters come from two of the look-alike alphabets."""
    for word in _WORD.finditer(value):
        scripts: dict[str, int] = {}
        for offset, char in enumerate(word.group()):
            script = unicodedata.name(char, "").split(" ")[0]
            if script in _LOOKALIKE_SCRIPTS:
                scripts.setdefault(script, word.start() + offset)
        if len(scripts) > 1:
            at = max(scripts.values())
            raise ValueError(
                f"'{word.group()}' mixes {' and '.join(s.title() for s in scripts)} letters ({describe(value[at])} "
                f"at character {at + 1}), so it looks like a word it is not"
            )


#: Text that names or identifies something (an entity's name and aliases, a source's title, a
#: claimant): :data:`Text`, and also no invisible characters, composed Unicode (NFC), and single
#: plain spaces between words, so that it looks exactly like what it holds.
Name = Annotated[
    str,
    AfterValidator(_check_name),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": NAME_PATTERN}),
]

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
