"""Write validation findings for people (text), tools (json) and GitHub Actions (github)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TextIO

from .findings import RULES, Finding
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
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
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
        message = _escape_data(f"{f.message} (hint: {f.hint})" if f.hint else f.message)
        print(f"::error file={_escape_property(f.path)},line={f.line},col={f.col},title={title}::{message}", file=out)
    hidden = len(result.findings) - min(len(result.findings), GITHUB_ANNOTATIONS)
    print(summary_line(result) + (f" {hidden} more in the step summary." if hidden else ""), file=out)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
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
                    summary.write("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")


WRITERS = {"text": write_text, "json": write_json, "github": write_github}
