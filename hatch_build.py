"""Hatch build hook: bundle the data package of this version into the wheel and the sdist.

It validates ``facts/`` and builds the package with sahel-facts itself, into
``sahel_facts/_data/`` (ignored by git), so that ``sahel_facts.load()`` works offline
from an installed wheel. A build from an sdist, which has no git history to date the
package, keeps the ``created`` of the package the sdist carries.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA = Path("sahel_facts") / "_data"


class BundleDataPackage(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        data = root / DATA
        if (root / "facts").is_dir():
            self._build(root, data)
        if not (data / "datapackage.json").is_file():
            raise RuntimeError("no facts/ to build and no bundled package in sahel_facts/_data")
        build_data.setdefault("force_include", {})[str(data)] = str(DATA)

    def _build(self, root: Path, data: Path) -> None:
        sys.path.insert(0, str(root))
        try:
            from sahel_facts.package.build import BuildError, build, created_time
        finally:
            sys.path.pop(0)
        project_version = self.metadata.version
        if "SOURCE_DATE_EPOCH" not in os.environ:
            try:
                created_time(root)
            except BuildError:
                carried = data / "datapackage.json"
                if not carried.is_file():
                    raise
                created = json.loads(carried.read_text(encoding="utf-8"))["created"]
                stamp = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
        with tempfile.TemporaryDirectory() as out:
            try:
                built = build(root, out, version=project_version)
            except BuildError as exc:
                shown = "\n".join(str(f) for f in exc.findings[:20])
                raise RuntimeError(f"the data package does not build: {exc}\n{shown}") from None
            if data.exists():
                shutil.rmtree(data)
            shutil.copytree(built.folder, data)
