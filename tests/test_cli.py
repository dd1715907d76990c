"""The command line as a user runs it: a real process, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sahel_facts.check import catalogue
from tests.conftest import HOSTILE, REPO


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sahel_facts", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_validate_the_repository_exits_0():
    done = run("validate", str(REPO))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("No findings:")


def test_validate_defaults_to_the_current_folder(make_tree):
    root = make_tree()
    assert run("validate", cwd=root).returncode == 0


def test_missing_root_is_a_usage_error(tmp_path):
    done = run("validate", str(tmp_path / "nope"))
    assert done.returncode == 2
    assert "no such folder" in done.stderr and "Traceback" not in done.stderr


def test_bad_format_is_a_usage_error(make_tree):
    done = run("validate", str(make_tree()), "--format", "xml")
    assert done.returncode == 2 and "invalid choice" in done.stderr


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_exits_1_with_a_located_finding(make_tree, name):
    raw, check = HOSTILE[name]
    folder = "places" if name == "nan-coordinates" else "countries"
    root = make_tree({f"facts/{folder}/{name}.yaml": raw})
    done = run("validate", str(root))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert any(
        line.startswith(f"facts/{folder}/{name}.yaml:") and f": {check} " in line for line in done.stdout.splitlines()
    ), done.stdout


def test_checks_lists_every_check():
    done = run("checks")
    assert done.returncode == 0
    assert [line.split()[0] for line in done.stdout.splitlines()] == [rule.code for rule in catalogue()]


def test_schema_check_passes_on_the_repository():
    assert run("schema", "--check", str(REPO)).returncode == 0


def test_schema_writes_and_then_checks(tmp_path):
    assert run("schema", str(tmp_path)).returncode == 0
    assert run("schema", "--check", str(tmp_path)).returncode == 0
    (tmp_path / "schema/source.schema.json").write_text("{}")
    done = run("schema", "--check", str(tmp_path))
    assert done.returncode == 1 and "schema/source.schema.json" in done.stdout


def test_help_and_version():
    assert "validate" in run("--help").stdout
    assert run("--version").stdout.startswith("sahel-facts ")


def test_an_internal_error_exits_3_with_one_line_and_debug_shows_it(monkeypatch, capsys):
    from sahel_facts import cli

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_checks", broken)
    assert cli.main(["checks"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err and "--debug" in err
    with pytest.raises(RuntimeError, match="boom"):
        cli.main(["--debug", "checks"])


def test_a_library_error_exits_2_naming_the_command(tmp_path, capsys):
    from sahel_facts import cli

    with pytest.raises(SystemExit) as refused:
        cli.main(["new", "withdrawl", "x", str(tmp_path)])
    assert refused.value.code == 2 and "withdrawal" in capsys.readouterr().err  # argparse names the choices
    (tmp_path / "facts").mkdir()
    assert cli.main(["diff", str(tmp_path / "nope"), str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.startswith("sahel-facts diff: error: ")
