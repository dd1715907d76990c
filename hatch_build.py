"""Hatch build hook: bundle the data package of this version, and the JSON Schemas, into the wheel and the sdist.

It validates ``facts/`` and builds the package with sahel-facts itself, into
``sahel_facts/_data/`` (ignored by git), so that ``sahel_facts.load()`` works offline
from an installed wheel. The package is dated by its data (see
``sahel_facts.package.build.created_time``), so a wheel built from the sdist carries
the same bytes as one built from the checkout.

A wheel or sdist is not built from facts with findings. An editable install
(``pip install -e .``) is: it reads ``sahel_facts/_data`` from the checkout, which is
rebuilt when the facts validate and removed when they do not (so that no stale package
passes for this checkout's), and a contributor with a broken record can still install
the tool that says what is wrong with it.

The committed JSON Schemas (``schema/*.schema.json``) are copied to
``sahel_facts/_schema/`` (ignored by git), so that an installed library carries them
(``sahel_facts.schema.shipped()``), an editable install included.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA = Path("sahel_facts") / "_data"
SCHEMAS = Path("sahel_facts") / "_schema"


class BundleDataPackage(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        data = root / DATA
        self._schemas(root)
        if version == "editable":
            self._editable(root, data)
            return
        if (root / "facts").is_dir():
            self._build(root, data)
        if not (data / "datapackage.json").is_file():
            raise RuntimeError("no facts/ to build and no bundled package in sahel_facts/_data")
        build_data.setdefault("force_include", {})[str(data)] = str(DATA)
        build_data["force_include"][str(root / SCHEMAS)] = str(SCHEMAS)

    def _schemas(self, root: Path) -> None:
        """Copy the committed JSON Schemas into the library, replacing an earlier copy (a wheel from an sdist:
        the sdist's copy)."""
        target = root / SCHEMAS
        if target.is_symlink():
            raise RuntimeError(f"{target} is a symbolic link: the schemas are bundled into a real folder only")
        committed = sorted((root / "schema").glob("*.schema.json"))
        if not committed:
            if (target / "claim.schema.json").is_file():
                return
            raise RuntimeError("no JSON Schemas in schema/ to bundle")
        if target.exists():
            shutil.rmtree(target)
        target.mkdir()
        for path in committed:
            shutil.copyfile(path, target / path.name)

    def _editable(self, root: Path, data: Path) -> None:
        """Rebuild the checkout's package if its facts validate; otherwise remove it, and install anyway."""
        if not (root / "facts").is_dir():
            return
        try:
            self._build(root, data)
        except Exception as exc:  # the install goes on: sahel-facts validate reports the facts' findings
            self.app.display_warning(
                f"sahel-facts: no data package bundled ({exc}); run 'sahel-facts validate', "
                "fix the findings and install again"
            )
            if data.is_dir() and not data.is_symlink():
                shutil.rmtree(data)

    def _build(self, root: Path, data: Path) -> None:
        if data.is_symlink():
            raise RuntimeError(f"{data} is a symbolic link: the data package is bundled into a real folder only")
        sys.path.insert(0, str(root))
        try:
            from sahel_facts.package.build import BuildError, build
        finally:
            sys.path.pop(0)
        with tempfile.TemporaryDirectory() as out:
            try:
                built = build(root, out, version=self.metadata.version)
            except BuildError as exc:
                shown = "\n".join(str(f) for f in exc.findings[:20])
                raise RuntimeError(f"the data package does not build: {exc}\n{shown}") from None
            if data.exists():
                shutil.rmtree(data)
            shutil.copytree(built.folder, data)
