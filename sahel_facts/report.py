"""Write validation findings for people (text), tools (json) and GitHub Actions (github).

File names and messages (which quote keys and values) come from untrusted files, so no
format prints a control, bidi, zero-width or line-separator character as it is: text,
annotations and the step summary write it as a visible escape (:func:`~.findings.visible`),
JSON as a ``\\uXXXX`` escape, which decodes back to the very name.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from .findings import RULES, Finding, visible

if TYPE_CHECKING:  # pragma: no cover - the command line imports FORMATS without the validator
    from .validate import Result

FORMATS = ("text", "json", "github")
#: GitHub shows at most ten error annotations a step and drops the rest silently.
GITHUB_ANNOTATIONS = 10


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary_line(result: Result) -> str:
    """The closing count: findings, the files they are in, and the records that are valid."""
    records = len(result.corpus.entries)
    if result.ok:
        return f"No findings: {_count(records, 'record')} in {_count(result.files, 'file')}, all valid."
    files = len({f.path for f in result.findings})
    read = _count(result.files, "record file")
    return f"{_count(len(result.findings), 'finding')} in {_count(files, 'file')} ({read} read)."


def write_text(result: Result, out: TextIO) -> None:
    """One finding a line, ``PATH:LINE:COL: CHECK-ID message``, then the count."""
    for finding in result.findings:
        print(finding, file=out)
    print(summary_line(result), file=out)


def write_json(result: Result, out: TextIO) -> None:
    """Every finding as JSON, with counts."""
    document = {
        "ok": result.ok,
        "files": result.files,
        "records": len(result.corpus.entries),
        "findings": [{**f.to_dict(), "check_name": RULES[f.check].name} for f in result.findings],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    out.write(_NON_ASCII.sub(_json_escape, text) + "\n")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _json_escape(match: re.Match[str]) -> str:
    """A non-ASCII character as it is where :func:`visible` keeps it, else as JSON's escape of it."""
    char = match.group()
    return char if visible(char) == char else json.dumps(char)[1:-1]


def _escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded, as the runner decodes them."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property (``file=``, ``title=``): as data, and ``:`` and ``,`` percent-encoded too."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def most_useful(findings: Sequence[Finding], limit: int = GITHUB_ANNOTATIONS) -> list[Finding]:
    """At most ``limit`` findings, the first of each file before any second of one."""
    firsts = list({f.path: f for f in reversed(findings)}.values())[::-1]
    chosen = {id(f) for f in firsts}
    rest = [f for f in findings if id(f) not in chosen]
    return (firsts + rest)[:limit]


def write_github(result: Result, out: TextIO) -> None:
    """Up to ten ``::error`` annotations; the whole report to ``$GITHUB_STEP_SUMMARY`` if set."""
    for f in most_useful(result.findings):
        title = _escape_property(f.check)
        path = _escape_property(visible(f.path))
        message = _escape_data(visible(f"{f.message} (hint: {f.hint})" if f.hint else f.message))
        print(f"::error file={path},line={f.line},col={f.col},title={title}::{message}", file=out)
    hidden = len(result.findings) - min(len(result.findings), GITHUB_ANNOTATIONS)
    print(summary_line(result) + (f" {hidden} more in the step summary." if hidden else ""), file=out)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8", errors="backslashreplace") as summary:
            summary.write("## sahel-facts validate\n\n" + summary_line(result) + "\n\n")
            if result.findings:
                summary.write("| file | line | col | check | message |\n| --- | --- | --- | --- | --- |\n")
                for f in result.findings:
                    cells = [
                        f.path,
                        str(f.line),
                        str(f.col),
                        f.check,
                        f.message + (f" (hint: {f.hint})" if f.hint else ""),
                    ]
                    summary.write("| " + " | ".join(_cell(c) for c in cells) + " |\n")


def _cell(text: str) -> str:
    """A Markdown table cell: visible, HTML and the cell separator escaped."""
    return html.escape(visible(text), quote=False).replace("|", "\\|")


WRITERS = {"text": write_text, "json": write_json, "github": write_github}
