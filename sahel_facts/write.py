"""Write a record as a YAML file in the project's form, which the safe reader reads back unchanged.

The schema comment first, then the fields in model order, defaults and empty values
left out, long text folded. Strings that YAML could read as something else (a date,
``NO``, ``060``) are quoted, so reading the file gives back the same record.
"""

from __future__ import annotations

import yaml

from .model.records import Record, expected_path, family_of, field_order, schema_line

#: Text longer than this is written as a folded block.
FOLD_OVER = 72


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]  # PyYAML is untyped
    """PyYAML's safe dumper, folding long text and indenting lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > FOLD_OVER and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def to_yaml(record: Record) -> str:
    """The text of ``record``'s file."""
    family = family_of(record.id)
    assert family is not None
    data = record.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {name: data[name] for name in field_order(type(record)) if name in data}
    body: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, default_flow_style=False)
    return schema_line(expected_path(record), family) + "\n" + body
