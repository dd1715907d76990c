"""Every code example in the README runs, as written, against the repository's own build.

Python and SQL blocks run in fresh processes in the folder they name files from; the
shell commands run in a copy of the tree; R runs where Rscript and readr are installed.
Exempt, and said so: usage synopses (``[ROOT]``), the install and test commands (which
`.ci/run` runs as written), and ``sahel-facts serve`` (tests/test_serve.py runs it with
a real server and browser). A block of a language this test does not know fails it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import sahel_facts
from sahel_facts import releases
from sahel_facts.package.build import build
from tests.conftest import REPO
from tests.test_download import Server

README = (REPO / "README.md").read_text(encoding="utf-8")
#: Every fenced block: its language and its text, in README order.
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```", README, re.S | re.M)
#: Shell lines another test or CI runs as written.
EXEMPT = ("python3 -m venv", "pip install", "sahel-facts serve")


def blocks(language: str) -> list[str]:
    return [text for lang, text in BLOCKS if lang == language]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """A copy of the tree built as the README says (`sahel-facts build . --out dist`), in a folder of its own."""
    tree = tmp_path_factory.mktemp("tree")
    for part in ("facts", "sources"):
        shutil.copytree(REPO / part, tree / part)
    return tree


@pytest.fixture(scope="module")
def built(dist) -> Path:
    out = dist / "dist"
    build(dist, out)
    return out


@pytest.fixture(scope="module")
def served(built) -> Iterator[str]:
    """The current version's zip on a real HTTP server on 127.0.0.1, as a release address would serve it."""
    server = Server(built)
    yield server.url
    server.stop()


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{shlex.join(command)} in {cwd}:\n{done.stdout}\n{done.stderr}"
    return done


def environment(cache: Path, url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "SAHEL_FACTS_CACHE": str(cache)}
    env.pop("SAHEL_FACTS_BASE_URL", None)
    if url:
        env["SAHEL_FACTS_BASE_URL"] = url
    return env


def test_every_block_is_of_a_language_this_test_runs():
    assert {lang for lang, _ in BLOCKS} <= {"sh", "python", "sql", "r", "yaml"}


def test_python_examples_run(built, served, tmp_path):
    registered = releases.read().get(sahel_facts.__version__) is not None
    for text in blocks("python"):
        if "version=" in text and not registered:
            pytest.fail("the README pins a version that is not registered: register it or change the README")
        folder = built / f"sahel-facts-{sahel_facts.__version__}" if ".csv" in text else REPO
        run([sys.executable, "-c", text], folder, environment(tmp_path / "cache", served))


DUCKDB = """
import sys, duckdb
for statement in (s.strip() for s in sys.argv[1].split(";")):
    if statement.strip("- \\n") and not all(line.startswith("--") for line in statement.splitlines()):
        rows = duckdb.sql(statement).fetchall()
        assert rows, f"no rows from: {statement}"
"""


def test_sql_examples_run_in_duckdb(built):
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    for text in blocks("sql"):
        folder = built if "parquet" in text else built / f"sahel-facts-{sahel_facts.__version__}"
        run([sys.executable, "-c", DUCKDB, text], folder)  # DuckDB in a process of its own, as users run it


def test_r_examples_run_where_r_is_installed(built):
    rscript = shutil.which("Rscript")
    if rscript is None or subprocess.run([rscript, "-e", "library(readr)"], capture_output=True).returncode:
        pytest.skip("Rscript with readr is not installed here")
    for text in blocks("r"):
        run([rscript, "-e", text], built / f"sahel-facts-{sahel_facts.__version__}")


def shell_lines() -> list[str]:
    lines = []
    for text in blocks("sh"):
        for line in text.splitlines():
            command = line.split("  #")[0].split(" # ")[0].strip()
            if command and not command.startswith("#") and "[" not in command and not command.startswith(EXEMPT):
                lines.append(command)
    return lines


def test_shell_examples_run(dist, built, served, tmp_path):
    registered = releases.read().get(sahel_facts.__version__) is not None
    bin_folder = Path(sys.executable).parent
    env = environment(tmp_path / "cache", served)
    env["PATH"] = f"{bin_folder}{os.pathsep}{env['PATH']}"
    lines = shell_lines()
    assert any(line.startswith("sahel-facts") for line in lines)
    for line in lines:
        if "fetch" in line and "--list" not in line and not registered:
            pytest.fail(f"the README fetches a version that is not registered: {line}")
        run(["bash", "-c", line], dist, env)
