"""The library's promises about itself: one version everywhere, and a light import."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from importlib.metadata import version

import sahel_facts
from tests.conftest import REPO


def test_versions_agree(built_package):
    with zipfile.ZipFile(built_package) as archive:
        described = json.loads(archive.read("datapackage.json"))  # at the zip's root
    assert sahel_facts.__version__ == version("sahel-facts") == described["version"]
    pyproject = (REPO / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == sahel_facts.__version__


def test_the_changelog_has_an_entry_for_the_version():
    changelog = (REPO / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(sahel_facts.__version__)}\]", changelog, re.M)


def test_import_stays_light():
    heavy = ("frictionless", "pandas", "pydantic", "yaml")
    code = f"import sys, sahel_facts; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
