"""Findings, and the rules they report: each rule declared once, by the module that applies it.

A rule has a stable code whose letter is its stage: ``R1xx`` reading a file, ``M2xx``
the record model, ``X3xx`` the tree's structure and references, ``E4xx`` evidence
against archived sources, ``G5xx`` geography, ``T6xx`` time, ``C7xx`` conflicts
between claims. A module declares its rules with :func:`rule` and makes findings with
:meth:`Rule.at`; a cross-record check is a function decorated with :meth:`Rule.check`.
:data:`RULES` is the one list the validator, ``sahel-facts checks``, the README's table
and the reports all read, and a finding with a code no rule declares cannot be made.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

#: A character a report may not print as it is: anything outside printable ASCII is looked at.
_SUSPECT = re.compile(r"[^ -~]")


def _visible_char(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable() or unicodedata.category(char) == "Zs":
        return char  # letters of any script, and spaces, stay as they are
    return char.encode("unicode_escape").decode("ascii")  # \n, \x1b, \u202e, \U000e0041


def visible(text: str) -> str:
    """``text`` safe to print on one line of a report: each control, format (bidi, zero-width),
    line-separator or surrogate character written as its Python escape (``\\n``, ``\\u202e``).

    A file name or key cannot then forge a line of a report, or hide or reorder text in it.
    Backslashes stay as they are, so a name's undecodable bytes shown as ``\\xff`` read the same.
    """
    return _SUSPECT.sub(_visible_char, text)


#: The stages, by the letter that starts their codes, in pipeline order.
STAGES: dict[str, str] = {
    "R": "read",
    "M": "model",
    "X": "structure",
    "E": "evidence",
    "G": "geography",
    "T": "time",
    "C": "conflicts",
}
_CODE = re.compile(r"^([RMXEGTC])([1-7])[0-9]{2}$")

#: A cross-record check: it takes the corpus of valid records and yields findings.
CheckFunction = Callable[[Any], Iterable["Finding"]]
F = TypeVar("F", bound=CheckFunction)


@dataclass(eq=False)
class Rule:
    """A rule: its stable code and name, what it asks in one line, and (for a cross-record check) its function."""

    code: str
    """The stable ID, e.g. C701."""
    name: str
    """A short name, e.g. unlinked-conflict."""
    summary: str
    """What the rule asks of the data, in one line."""
    run: CheckFunction | None = None
    """The function that applies it across records; None where a stage applies it while reading or modelling."""

    @property
    def stage(self) -> str:
        """The stage the rule belongs to: read, model, structure, evidence, geography, time or conflicts."""
        return STAGES[self.code[0]]

    def at(self, path: str, line: int, col: int, message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at ``path``, ``line``, ``col``."""
        return Finding(path, line, col, self.code, message, hint)

    def check(self, function: F) -> F:
        """Decorator: ``function`` is the cross-record check that applies this rule."""
        if self.run is not None:
            raise ValueError(f"{self.code} already has a check function")
        self.run = function
        return function


#: Every rule, by code, in the order declared (see :func:`catalogue` for pipeline order).
RULES: dict[str, Rule] = {}


def rule(code: str, name: str, summary: str) -> Rule:
    """Declare a rule; its code's letter and first digit name its stage, and a code is declared once."""
    match = _CODE.match(code)
    if match is None or "RMXEGTC".index(match.group(1)) + 1 != int(match.group(2)):
        raise ValueError(f"{code!r} is not a rule code: a stage letter, its digit (R1, M2 ... C7), two digits")
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    RULES[code] = declared = Rule(code, name, summary)
    return declared


def catalogue() -> list[Rule]:
    """Every declared rule in pipeline order (stage, then code)."""
    return sorted(RULES.values(), key=lambda r: ("RMXEGTC".index(r.code[0]), r.code))


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the fact tree.

    ``path`` is relative to the validated ROOT, with forward slashes; ``line`` and
    ``col`` are 1-based; ``check`` is the code of the rule broken (one of
    :data:`RULES`); ``hint`` says how to fix it, where that helps.
    """

    path: str
    line: int
    col: int
    check: str
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        if self.check not in RULES:
            raise ValueError(f"no rule {self.check!r} is declared: a finding names a declared rule")

    def __str__(self) -> str:
        """The finding as one line of a report, ``PATH:LINE:COL: CHECK message (hint: ...)``, made :func:`visible`."""
        text = f"{self.path}:{self.line}:{self.col}: {self.check} {self.message}"
        return visible(f"{text} (hint: {self.hint})" if self.hint else text)

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON-ready data."""
        return asdict(self)
