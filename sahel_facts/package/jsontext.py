"""Read a package's JSON files strictly, and say where in the file a problem is.

A package file is untrusted input, and Python's :func:`json.loads` is lenient where it
matters: of a key given twice it keeps the last (so one of two values is silently
lost), and it reads ``NaN``, ``Infinity`` and ``1e999``, which are not JSON numbers.
:func:`parse` refuses all of these, invalid UTF-8, a byte-order mark and nesting too
deep for the parser, each as a :class:`JSONError` with the line and column of the
offence. :func:`positions` maps every key and list item of a well-formed document to
where it starts, so that a problem found later (by a model or a check) can be placed.

The fast path is the C parser with hooks; the slower scan that finds positions runs
only once something is wrong.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..read.safe_yaml import Loc, Position

#: One token of well-formed JSON: a string, a punctuation mark, or a bare literal or number.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
_NOT_NUMBERS = frozenset({"NaN", "Infinity", "-Infinity"})
#: The deepest nesting whose positions are found; deeper, the scan stops (a location is a tuple that long).
MAX_SCAN_DEPTH = 100


class JSONError(ValueError):
    """JSON that :func:`parse` refuses: ``message`` says why, ``position`` where (1-based)."""

    def __init__(self, message: str, position: Position):
        super().__init__(f"{position.line}:{position.col}: {message}")
        self.message = message
        self.position = position


class _RefusedError(Exception):
    """Raised by the fast path's hooks; :func:`parse` then finds where with :func:`_scan`."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _RefusedError
    return found


def _no_constant(name: str) -> float:
    raise _RefusedError


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _RefusedError
    return value


def decode(data: bytes) -> str:
    """``data`` as UTF-8 text without a byte-order mark, or a :class:`JSONError` at the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        raise JSONError(
            f"bytes that are not UTF-8 ({data[exc.start : exc.end]!r})", Position(line, len(good) - good.rfind("\n"))
        ) from None
    if text.startswith("\ufeff"):
        raise JSONError("a byte-order mark: JSON is UTF-8 without one", Position(1, 1))
    return text


def _keys_once(pairs: list[tuple[str, Any]]) -> None:
    if len({key for key, _ in pairs}) != len(pairs):
        raise _RefusedError


def parse(data: bytes) -> Any:
    """The JSON value in ``data``; a :class:`JSONError` for anything malformed or refused (see the module)."""
    return _loads(data, _unique)


def check(data: bytes) -> None:
    """What :func:`parse` does, building nothing: for a file another parser reads (it is quicker)."""
    _loads(data, _keys_once)


def _loads(data: bytes, objects: Any) -> Any:
    text = decode(data)
    try:
        return json.loads(text, object_pairs_hook=objects, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise JSONError(exc.msg, Position(exc.lineno, exc.colno)) from None
    except (_RefusedError, RecursionError, ValueError) as exc:
        # a duplicate key, NaN or Infinity, a number out of range, or nesting too deep: find where
        _, deepest = _scan(text)
        if isinstance(exc, RecursionError):
            raise JSONError(f"nesting over {MAX_SCAN_DEPTH} levels deep, too deep to read", deepest) from None
        raise JSONError(f"not valid JSON ({exc})", Position(1, 1)) from None


def positions(data: bytes) -> dict[Loc, Position]:
    """Where each key and list item of the JSON in ``data`` starts, by location (what was found, if malformed)."""
    return _scan(decode(data))[0]


def _scan(text: str) -> tuple[dict[Loc, Position], Position]:
    """Positions of every key and item, and where nesting first passes :data:`MAX_SCAN_DEPTH`.

    Raises :class:`JSONError` at the first thing :func:`parse` refuses. Each open
    container is a frame: its location, the keys seen (an object) or the next index
    (an array), and the key whose value comes next. Malformed text, or nesting past
    :data:`MAX_SCAN_DEPTH`, ends the scan there.
    """
    found: dict[Loc, Position] = {(): Position(1, 1)}
    stack: list[list[Any]] = []
    line, line_start, counted = 1, 0, 0
    deepest = Position(1, 1)
    for match in _TOKEN.finditer(text):
        token, offset = match.group(), match.start()
        newlines = text.count("\n", counted, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, offset) + 1
        counted = offset
        here = Position(line, offset - line_start + 1)
        if token in ":,":
            continue
        if token in "}]":
            if not stack:
                break
            stack.pop()
            continue
        frame = stack[-1] if stack else None
        if frame is not None and isinstance(frame[1], dict) and frame[2] is None:  # a key
            try:
                key = json.loads(token)
            except ValueError:
                break
            if not isinstance(key, str):
                break
            if key in frame[1]:
                first = frame[1][key]
                raise JSONError(f"duplicate key {key!r} (first at line {first.line}, column {first.col})", here)
            frame[1][key] = found[(*frame[0], key)] = here
            frame[2] = key
            continue
        if frame is None:
            loc: Loc = ()
        elif isinstance(frame[1], dict):
            loc, frame[2] = (*frame[0], frame[2]), None
        else:
            loc = (*frame[0], frame[1])
            found[loc] = here
            frame[1] += 1
        if token in "{[":
            if len(stack) == MAX_SCAN_DEPTH:
                deepest = here
                break
            stack.append([loc, {} if token == "{" else 0, None])
        elif token in _NOT_NUMBERS:
            raise JSONError(f"{token} is not a JSON number", here)
        elif token[0] in "-0123456789":
            _number(token, here)
    return found, deepest


def _number(token: str, here: Position) -> None:
    """Refuse a number Python cannot hold: an integer of thousands of digits, or a float that overflows."""
    try:
        value = float(token) if any(c in token for c in ".eE") else int(token)
    except ValueError:
        raise JSONError(f"the number {token[:20]}... has too many digits", here) from None
    if isinstance(value, float) and math.isinf(value):
        raise JSONError(f"the number {token} is out of range", here)
