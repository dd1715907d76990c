"""The descriptor's Table Schemas: unknown declared a missing value exactly where a column may say it."""

from __future__ import annotations

from sahel_facts.package.descriptor import NOT_GIVEN, UNKNOWN_GIVEN, field_descriptor, table_schema
from sahel_facts.package.integrity import missing_values
from sahel_facts.package.tables import Column, all_tables


def test_unknown_is_missing_exactly_where_a_column_may_say_it():
    for table in all_tables():
        schema = table_schema(table)
        for column, field in zip(table.columns, schema["fields"], strict=True):
            missing = missing_values(schema, field)
            assert ("unknown" in missing) == column.known, (table.name, column.name)
            assert ("" in missing) == (not (column.known and column.required)), (table.name, column.name)
            assert "unknown" not in field.get("categories", ()), (table.name, column.name)


def test_a_required_column_that_may_be_unknown_is_never_empty():
    text = field_descriptor(Column("title", ("title",), "string", required=True, known=True))
    assert text["missingValues"] == [UNKNOWN_GIVEN] and text["constraints"] == {"minLength": 1}
    number = field_descriptor(Column("n", ("n",), "integer", required=True, known=True))
    assert number["missingValues"] == [UNKNOWN_GIVEN] and "constraints" not in number  # "" does not cast
    optional = field_descriptor(Column("n", ("n",), "integer", known=True))
    assert optional["missingValues"] == [NOT_GIVEN, UNKNOWN_GIVEN]
    plain = field_descriptor(Column("name", ("name",), "string", required=True))
    assert "missingValues" not in plain and plain["constraints"] == {"required": True}


def test_frictionless_reads_both_missing_values_and_refuses_an_empty_required_cell(tmp_path):
    import json

    from frictionless import Package

    from sahel_facts.package.descriptor import PROFILE

    columns = [
        Column("id", ("id",), "string", required=True),
        Column("title", ("title",), "string", required=True, known=True),
        Column("count", ("count",), "integer", known=True),
    ]
    (tmp_path / "t.csv").write_text("id,title,count\na,A title,3\nb,unknown,unknown\nc,,\n")
    schema = {"fields": [field_descriptor(c) for c in columns], "missingValues": [NOT_GIVEN], "primaryKey": ["id"]}
    resource = {"name": "t", "path": "t.csv", "type": "table", "schema": schema}
    (tmp_path / "datapackage.json").write_text(json.dumps({"$schema": PROFILE, "resources": [resource]}))
    rows = Package(str(tmp_path / "datapackage.json")).get_resource("t").read_rows()
    assert [r.to_dict() for r in rows] == [
        {"id": "a", "title": "A title", "count": 3},
        {"id": "b", "title": None, "count": None},
        {"id": "c", "title": "", "count": None},
    ]
    assert [[e.field_name for e in r.errors] for r in rows] == [[], [], ["title"]]  # required: never empty
