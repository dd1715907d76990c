"""A user's install: the wheel in a fresh virtual environment, loading with no network; a contributor's
editable install, which works whatever state the facts are in."""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

import sahel_facts
from sahel_facts import load
from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built as a user's pip builds it."""
    wheels = tmp_path_factory.mktemp("wheels")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [built] = wheels.glob("sahel_facts-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed, and no extra: its python."""
    env = tmp_path_factory.mktemp("env")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return python


def test_wheel_in_a_fresh_venv_loads_offline(installed, tmp_path):
    code = "import sahel_facts; print(sahel_facts.load())"
    done = subprocess.run(
        [*_offline(), str(installed), "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"<FactBase {sahel_facts.__version__}: {len(load(REPO))} records")


def test_the_wheel_declares_both_licences_and_ships_the_json_schemas(wheel):
    info = f"sahel_facts-{sahel_facts.__version__}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = email.message_from_bytes(archive.read(f"{info}/METADATA"))
        schemas = {n.rsplit("/", 1)[1]: archive.read(n) for n in names if n.startswith("sahel_facts/_schema/")}
        licences = {n.rsplit("/", 1)[1]: archive.read(n) for n in names if n.startswith(f"{info}/licenses/")}
    assert meta["License-Expression"] == "MIT AND CC-BY-4.0"
    assert sorted(meta.get_all("License-File")) == ["LICENSE", "LICENSE-DATA.md"]
    assert licences == {name: (REPO / name).read_bytes() for name in ("LICENSE", "LICENSE-DATA.md")}
    assert b"CC-BY-4.0" in licences["LICENSE-DATA.md"] and b"MIT License" in licences["LICENSE"]
    assert schemas == {p.name: p.read_bytes() for p in (REPO / "schema").glob("*.schema.json")}
    assert {"claim.schema.json", "entity.schema.json", "source.schema.json"} <= set(schemas)


def test_an_installed_library_reads_its_json_schemas(installed, tmp_path):
    code = (
        "import json; from sahel_facts.schema import shipped; "
        "print(json.dumps({name: json.loads(f.read_text())['$id'] for name, f in shipped().items()}))"
    )
    done = subprocess.run([str(installed), "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = {p.name: json.loads(p.read_text())["$id"] for p in (REPO / "schema").glob("*.schema.json")}
    assert json.loads(done.stdout) == expected


def test_build_without_pyarrow_skips_parquet_saying_why_and_leaves_no_stale_tables(installed, tmp_path):
    done = subprocess.run([str(installed), "-c", "import pyarrow"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0, "the wheel's environment has pyarrow, though no extra was asked for"
    out = tmp_path / "out"
    stale = out / f"sahel-facts-{sahel_facts.__version__}-parquet"
    stale.mkdir(parents=True)
    (stale / "claims.parquet").write_bytes(b"tables of other data")
    done = subprocess.run(
        [str(installed.with_name("sahel-facts")), "build", str(REPO), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SAHEL_FACTS_CACHE": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "no Parquet tables: pyarrow is not installed" in done.stderr
    assert "pip install 'sahel-facts[parquet]'" in done.stderr
    assert (out / f"sahel-facts-{sahel_facts.__version__}.zip").is_file()
    assert not stale.exists(), "Parquet tables of an earlier build are left to pass for these data"


def test_an_editable_install_works_with_a_broken_fact_and_bundles_no_stale_package(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(".*", "dist", "build", "*.egg-info", "__pycache__"))
    broken = checkout / "facts/countries/TCD.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("iso_alpha2: TD", "iso_alpha2: td"), encoding="utf-8")
    stale = checkout / "sahel_facts/_data/datapackage.json"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text("{}")
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    done = subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "-e", str(checkout)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not stale.exists(), "a package that is not this checkout's is left to pass for it"
    done = subprocess.run(
        [str(env / "bin" / "sahel-facts"), "validate", str(checkout)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1 and "facts/countries/TCD.yaml:" in done.stdout and " M203 " in done.stdout, done.stdout
    done = subprocess.run(
        [str(env / "bin" / "python"), "-c", "import sahel_facts; sahel_facts.load()"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1 and "no bundled data package" in done.stderr, done.stderr[-2000:]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "wheels"), str(checkout)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode != 0 and "M203" in done.stdout + done.stderr, "a wheel is built from a broken fact"


def test_every_dependency_runs_on_the_python_the_project_says_it_needs():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [floor] = re.fullmatch(r">=\s*(3\.\d+)", project["project"]["requires-python"]).groups()
    needed = {}
    waiting, seen = ["sahel-facts"], set()
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        needs = metadata.metadata(name).get("Requires-Python")
        if needs and not SpecifierSet(needs).contains(f"{floor}.0"):
            needed[name] = needs
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                waiting.append(requirement.name)
    assert needed == {}, f"requires-python >={floor}, but these need more: {needed}"
    assert f"Programming Language :: Python :: {floor}" in project["project"]["classifiers"]
    assert project["tool"]["ruff"]["target-version"] == "py" + floor.replace(".", "")
    assert project["tool"]["mypy"]["python_version"] == floor


def _offline() -> list[str]:
    """A prefix that runs a command with no network (its own empty network namespace), where possible."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []  # pragma: no cover - the test still proves the wheel carries its data
