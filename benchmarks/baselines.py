"""What sahel-facts is measured against: the floors (the least any reader must do) and the peers.

Run as a script, it runs one floor in a fresh process, for the whole-process and memory figures:

    python benchmarks/baselines.py yaml ROOT        # CSafeLoader over every facts/**/*.yaml
    python benchmarks/baselines.py orjson FILE      # orjson.loads of a records.json
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve()
#: Files given to one check-jsonschema process (its command line stays short enough).
BATCH = 2000


def yaml_floor(root: Path) -> None:
    """Parse every ``facts/**/*.yaml`` under ``root`` with yaml.CSafeLoader: the floor of cold validation."""
    import yaml

    for path in sorted((root / "facts").rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def orjson_floor(records: Path) -> None:
    """Read and decode ``records.json`` with orjson: the floor of ``load()``."""
    import orjson

    orjson.loads(records.read_bytes())


def frictionless_rows(descriptor: Path) -> int:
    """Read every row of every tabular resource of the package (not the JSON ``records``); return how many rows."""
    from frictionless import Package
    from frictionless.resources import TableResource

    rows = 0
    for resource in Package(str(descriptor)).resources:
        if isinstance(resource, TableResource):
            rows += len(resource.read_rows())
    return rows


def jsonschema_commands(root: Path, repo: Path) -> list[list[str]]:
    """check-jsonschema command lines checking every record file under ``root`` against its family's schema."""
    from sahel_facts.model.records import family_for_path

    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    by_schema: dict[str, list[str]] = {}
    for path in sorted((root / "facts").rglob("*.yaml")):
        family = family_for_path(path.relative_to(root).as_posix())
        if family is not None:  # every generated file has one
            by_schema.setdefault(family.schema_file, []).append(str(path))
    return [
        [tool, "--schemafile", str(repo / schema), *files[start : start + BATCH]]
        for schema, files in by_schema.items()
        for start in range(0, len(files), BATCH)
    ]


def floor_command(floor: str, path: Path) -> list[str]:
    """The command line running ``floor`` ('yaml' or 'orjson') on ``path`` in a fresh interpreter."""
    return [sys.executable, str(SCRIPT), floor, str(path)]


if __name__ == "__main__":
    {"yaml": yaml_floor, "orjson": orjson_floor}[sys.argv[1]](Path(sys.argv[2]))
