"""Read one YAML record safely, keeping every scalar as written and every key's place.

A record file is untrusted input from a pull request. This reader drives libyaml's
parser (``yaml.CSafeLoader``) event by event and builds plain Python data itself, so
that it can refuse, with the line and column of the offence, everything a record has
no use for and an attacker has: tags, anchors and aliases (the "billion laughs"),
merge keys, duplicate keys, complex keys, more than one document, nesting deeper than
:data:`MAX_DEPTH`, more than :data:`MAX_VALUES` values, bytes that are not UTF-8, and
files larger than :data:`MAX_BYTES`. The value cap bounds the time and memory a file
costs (a 1 MiB flow list of 500,000 items took seconds and 250 MB).

Scalars are kept as the strings they were written as: ``2024-05-01``, ``NO`` and
``060`` stay strings, and the models convert them by the type each field expects.
The one exception is null: a plain ``null``, ``~`` or an empty value reads as
``None``, as every YAML version agrees.

Most records are never asked where a key is, so a file is read first without the
positions (:func:`_data`, a third faster); they are worked out when first asked for,
by reading the text again (:func:`_build`), and a file refused is read again with
them at once, so that the refusal says where. Both passes see the same events and
refuse for the same reasons: what is read, and every refusal, are as one positional
pass gives them.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Union

import yaml

from ..findings import Rule, rule

#: The largest record file read, in bytes. A record is a few hundred bytes.
MAX_BYTES = 1 << 20
#: The deepest nesting of mappings and sequences allowed in a record.
MAX_DEPTH = 32
#: What libyaml (as PyYAML 6.0.4 and later ship it) says when flow nesting passes its own limit
#: (about 1,000 levels): its scanner reads that far ahead of the events this reader counts.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
#: The most values (scalars, mappings and sequences, keys aside) in a record. A record has a few dozen.
MAX_VALUES = 10_000

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOM = "\ufeff"

#: A value read from YAML: a string, None, or a list or dict of values.
Value = Union[str, None, list["Value"], dict[str, "Value"]]  # noqa: UP007 - recursive alias
#: Where a value sits in a document: mapping keys and sequence indexes from the top.
Loc = tuple[str | int, ...]


class Position(NamedTuple):
    """A 1-based line and column in a file (a tuple: one is made for every key read)."""

    line: int
    col: int


YAML_SYNTAX = rule("R100", "yaml-syntax", "the file is well-formed YAML")
FILE_SIZE = rule("R101", "file-size", "a record file is at most 1 MiB")
ENCODING = rule("R102", "encoding", "UTF-8 without a byte-order mark, no control characters")
DUPLICATE_KEY = rule("R103", "duplicate-key", "no key appears twice in a mapping")
NO_ALIASES = rule("R104", "no-aliases", "no anchors, aliases or merge keys")
NO_TAGS = rule("R105", "no-tags", "no YAML tags")
PLAIN_KEYS = rule("R106", "plain-keys", "keys are plain strings")
ONE_DOCUMENT = rule("R107", "one-document", "one YAML document, one record, a file")
NESTING = rule("R108", "nesting", "nesting at most 32 levels deep")
MAPPING = rule("R109", "mapping", "the file holds one mapping")
VALUE_COUNT = rule("R115", "value-count", "a record holds at most 10,000 values")


class ReadError(Exception):
    """A file that this reader refuses, with where and why.

    ``rule`` is the rule the file breaks, ``position`` the place of the offence, and
    ``hint`` what to do about it.
    """

    def __init__(self, rule: Rule, message: str, position: Position, hint: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.position = position
        self.hint = hint


class Document:
    """One parsed record file.

    ``data`` is the top-level mapping with every scalar as written; ``positions`` maps
    the location of every key and sequence item to the place it starts in the file.
    Parsed by :func:`parse`, the positions are worked out when first asked for, by
    parsing ``text`` again: most records are never asked where a key is.
    """

    __slots__ = ("_positions", "_text", "data")

    def __init__(self, data: dict[str, Value], positions: dict[Loc, Position] | None = None, text: str = "") -> None:
        self.data = data
        self._positions = positions
        self._text = text

    @property
    def positions(self) -> dict[Loc, Position]:
        """The place of every key and sequence item, by location."""
        if self._positions is None:
            self._positions = _parse_placed(self._text)[1]
            self._text = ""
        return self._positions

    def locate(self, loc: Loc) -> Position:
        """Where ``loc`` is, or its nearest enclosing key when it is absent (a missing field)."""
        positions = self.positions
        for end in range(len(loc), -1, -1):
            found = positions.get(tuple(loc[:end]))
            if found is not None:
                return found
        return Position(1, 1)

    def __repr__(self) -> str:
        return f"Document(data={self.data!r})"


def _offset_position(text: str, offset: int) -> Position:
    """The line and column of character ``offset`` in ``text``."""
    before = text[:offset]
    return Position(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _mark(event: yaml.Event) -> Position:
    return Position(event.start_mark.line + 1, event.start_mark.column + 1)


def too_large(size: int, limit: int = MAX_BYTES) -> ReadError:
    """The error for a record file of ``size`` bytes, over ``limit``."""
    return ReadError(
        FILE_SIZE,
        f"file is {size:,} bytes, over the {limit:,}-byte limit for a record",
        Position(1, 1),
        "a record is one fact: split it, or archive long text under sources/",
    )


def decode(raw: bytes) -> str:
    """Decode a record file's bytes as UTF-8, or raise a located :class:`ReadError`."""
    if len(raw) > MAX_BYTES:
        raise too_large(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        raise ReadError(
            ENCODING,
            f"bytes that are not UTF-8 ({raw[exc.start : exc.end]!r})",
            _offset_position(good, len(good)),
            "save the file as UTF-8",
        ) from None
    if text.startswith(_BOM):
        raise ReadError(ENCODING, "file starts with a byte-order mark", Position(1, 1), "save as UTF-8 without a BOM")
    return text


_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END, _DOC_START, _ALIAS = (
    yaml.MappingEndEvent,
    yaml.SequenceEndEvent,
    yaml.DocumentStartEvent,
    yaml.AliasEvent,
)
_STREAM_END = yaml.StreamEndEvent


def _refuse_decorations(event: yaml.NodeEvent) -> None:
    if event.anchor is not None:
        raise ReadError(
            NO_ALIASES,
            f"anchor &{event.anchor}: anchors and aliases are not allowed",
            _mark(event),
            "write the value out in full",
        )
    if event.tag is not None:
        raise ReadError(NO_TAGS, f"tag {event.tag}: tags are not allowed", _mark(event), "remove the tag")


def _build(loader: yaml.CSafeLoader) -> tuple[Value, dict[Loc, Position], int]:
    """Data, positions and the number of documents, from libyaml's events, one pass, one loop.

    Each open container is a frame: the container, its location, and (for a mapping)
    the key waiting for its value, or None.
    """
    positions: dict[Loc, Position] = {}
    stack: list[list[Any]] = []
    root: Value = None
    documents = 0
    left = MAX_VALUES  # values yet allowed: keys are counted too, and given back
    get = loader.get_event
    while True:
        event = get()
        kind = type(event)
        if kind is _SCALAR or kind is _MAP_START or kind is _SEQ_START:
            if event.anchor is not None or event.tag is not None:
                _refuse_decorations(event)
            left -= 1
            if left < 0:
                raise ReadError(
                    VALUE_COUNT,
                    f"more than {MAX_VALUES:,} values",
                    _mark(event),
                    "a record is one fact: split it, or archive long data under sources/",
                )
            mark = event.start_mark
            if kind is _SCALAR:
                value: Value = None if event.style == "" and event.value in _NULLS else event.value
            else:
                if len(stack) >= MAX_DEPTH:
                    raise ReadError(NESTING, f"nesting deeper than {MAX_DEPTH} levels", _mark(event))
                value = {} if kind is _MAP_START else []
            if not stack:
                root, loc = value, ()
            else:
                frame = stack[-1]
                container, where, pending = frame
                if type(container) is list:
                    loc = (*where, len(container))
                    container.append(value)
                    positions[loc] = Position(mark.line + 1, mark.column + 1)
                elif pending is None:  # a key
                    if kind is not _SCALAR or value is None:
                        raise ReadError(PLAIN_KEYS, "a key must be a plain string", _mark(event))
                    key = event.value
                    if key == "<<" and event.style == "":
                        raise ReadError(
                            NO_ALIASES, "merge key '<<' is not allowed", _mark(event), "write the keys out in full"
                        )
                    if key in container:
                        first = positions[(*where, key)]
                        raise ReadError(
                            DUPLICATE_KEY,
                            f"duplicate key '{key}' (first at line {first.line})",
                            _mark(event),
                            "each key may appear once in a mapping",
                        )
                    positions[(*where, key)] = Position(mark.line + 1, mark.column + 1)
                    frame[2] = key
                    left += 1
                    continue
                else:
                    container[pending] = value
                    loc = (*where, pending)
                    frame[2] = None
            if kind is not _SCALAR:
                stack.append([value, loc, None])
        elif kind is _MAP_END or kind is _SEQ_END:
            stack.pop()
        elif kind is _DOC_START:
            documents += 1
            if documents > 1:
                raise ReadError(ONE_DOCUMENT, "a second YAML document: one record a file", _mark(event))
        elif kind is _ALIAS:
            raise ReadError(NO_ALIASES, f"alias *{event.anchor}: anchors and aliases are not allowed", _mark(event))
        elif kind is _STREAM_END:
            return root, positions, documents


class _RefusedError(Exception):
    """Raised by :func:`_data` where :func:`_build` would raise a :class:`ReadError`: the file is parsed again
    with positions, to say where."""


def _data(loader: yaml.CSafeLoader) -> tuple[Value, int]:
    """:func:`_build` without positions: the data and the number of documents, or :class:`_RefusedError` where
    :func:`_build` refuses the file (and so, the same events read in the same order, for the same reasons).

    The innermost open container and its waiting key are kept in local variables, the
    enclosing ones on a stack: most events are scalars, placed without a look at the stack.
    """
    stack: list[tuple[Any, str | None]] = []  # the enclosing containers, each with its waiting key
    container: Any = None  # the innermost open container; None at the top
    pending: str | None = None  # the key of ``container`` (a mapping) waiting for its value
    root: Value = None
    documents = 0
    left = MAX_VALUES  # values yet allowed: keys are counted too, and given back
    get = loader.get_event
    while True:
        event = get()
        kind = type(event)
        if kind is _SCALAR:
            if event.anchor is not None or event.tag is not None:
                raise _RefusedError
            left -= 1
            if left < 0:
                raise _RefusedError
            value = event.value
            if value in _NULLS and event.style == "":
                value = None
            if type(container) is list:
                container.append(value)
            elif container is None:
                root = value
            elif pending is None:  # a key
                if value is None or value in container or (value == "<<" and event.style == ""):
                    raise _RefusedError
                pending = value
                left += 1
            else:
                container[pending] = value
                pending = None
        elif kind is _MAP_START or kind is _SEQ_START:
            if event.anchor is not None or event.tag is not None:
                raise _RefusedError
            left -= 1
            if left < 0 or len(stack) >= MAX_DEPTH:
                raise _RefusedError
            opened: Value = {} if kind is _MAP_START else []
            if type(container) is list:
                container.append(opened)
            elif container is None:
                root = opened
            elif pending is None:  # a mapping or sequence as a key
                raise _RefusedError
            else:
                container[pending] = opened
            stack.append((container, None))
            container, pending = opened, None
        elif kind is _MAP_END or kind is _SEQ_END:
            container, pending = stack.pop()
        elif kind is _DOC_START:
            documents += 1
            if documents > 1:
                raise _RefusedError
        elif kind is _ALIAS:
            raise _RefusedError
        elif kind is _STREAM_END:
            return root, documents


def parse(text: str) -> Document:
    """Parse one record's text; raise :class:`ReadError` for anything this reader refuses.

    The data is read without positions (they are worked out again when asked for); a
    file refused is parsed again with them, to say where.
    """
    loader = yaml.CSafeLoader(text)
    try:
        root, documents = _data(loader)
    except (_RefusedError, yaml.YAMLError):
        root, documents = None, 0
    finally:
        loader.dispose()
    if documents == 0 or not isinstance(root, dict):
        return Document(*_parse_placed(text))  # raises the ReadError that says where
    return Document(root, text=text)


def _parse_placed(text: str) -> tuple[dict[str, Value], dict[Loc, Position]]:
    """The data and positions of ``text``; raise :class:`ReadError` for anything this reader refuses."""
    loader = yaml.CSafeLoader(text)
    try:
        root, positions, documents = _build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        if exc.problem == _LIBYAML_TOO_DEEP:  # the scanner's own limit, met before the events reach ours
            message = f"nesting deeper than {MAX_DEPTH} levels (the YAML parser gave up here)"
            raise ReadError(NESTING, message, where) from None
        raise ReadError(YAML_SYNTAX, f"YAML syntax: {exc.problem or exc.context}", where) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; only an offset is given
        raise ReadError(
            ENCODING,
            f"character U+{exc.character:04X} is not allowed in YAML",
            _offset_position(text, exc.position),
            "remove control characters; write them as escapes in a double-quoted string if they are data",
        ) from None
    except yaml.YAMLError as exc:
        raise ReadError(YAML_SYNTAX, f"YAML syntax: {exc}", Position(1, 1)) from None
    finally:
        loader.dispose()
    if documents == 0 or root is None:
        raise ReadError(MAPPING, "the file holds no record", Position(1, 1), "a record is a YAML mapping")
    if not isinstance(root, dict):
        raise ReadError(MAPPING, "the top level must be a mapping of field names to values", Position(1, 1))
    positions.setdefault((), Position(1, 1))
    return root, positions


def read_bytes(raw: bytes) -> Document:
    """Decode and parse one record file's bytes."""
    return parse(decode(raw))


def read_placed(raw: bytes) -> Document:
    """:func:`read_bytes`, the positions worked out at once: for a file read again to place its findings."""
    return Document(*_parse_placed(decode(raw)))
