"""The command line as a user runs it: a real process, exit codes, no tracebacks."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest

from sahel_facts.check import catalogue
from tests.conftest import HOSTILE, MINIMAL, REPO


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


#: What a command that does not need them must not import: the models and their libraries, the
#: validator, the loader, and the optional extras.
HEAVY = (
    "pydantic",
    "yaml",
    "edtf",
    "jsonschema",
    "frictionless",
    "matplotlib",
    "pandas",
    "sahel_facts.model",
    "sahel_facts.validate",
    "sahel_facts.loader",
)


def imported_by(*args: str) -> list[str]:
    """The modules of :data:`HEAVY` that running ``sahel-facts ARGS`` imports, in a fresh interpreter."""
    code = (
        "import sys\nfrom sahel_facts.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    return ast.literal_eval(done.stderr.splitlines()[-1])


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("validate", "--help"), ("plot", "--help")])
def test_version_and_help_import_nothing_heavy(args):
    assert imported_by(*args) == []


@pytest.mark.parametrize("args", [("new", "--help"), ("checks",)])
def test_a_command_imports_what_it_uses(args):
    unused = {"frictionless", "matplotlib", "pandas", "sahel_facts.loader", "sahel_facts.validate"}
    assert unused.isdisjoint(imported_by(*args))  # they need the models (new lists the kinds), not these


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


def test_a_report_on_a_strict_stdout_escapes_what_it_cannot_encode(make_tree):
    root = make_tree(
        {"facts/countries/NER.yaml": "id: country:NER\nkind: country\nname: Niger\niso_alpha2: NE\nnàme: x\n"}
    )
    done = subprocess.run(
        [sys.executable, "-m", "sahel_facts", "validate", str(root)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii:strict"},
        timeout=120,
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"unknown field 'n\\xe0me'" in done.stdout


def _without_matplotlib(*args: str, cwd) -> subprocess.CompletedProcess:
    """The command as run where the plot extra is not installed (matplotlib cannot be imported)."""
    code = (
        "import sys; sys.modules['matplotlib'] = None; from sahel_facts.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("command", [("plot", "timeline", "."), ("docs", ".")])
def test_pictures_without_the_plot_extra_say_how_to_install_it_and_write_nothing(make_tree, command):
    root = make_tree()
    done = _without_matplotlib(*command, cwd=root)
    assert done.returncode == 2, done.stderr
    assert "pip install 'sahel-facts[plot]'" in done.stderr and "Traceback" not in done.stderr
    assert not (root / "docs").exists() and not (root / "timeline.png").exists()


def test_docs_on_a_tree_with_findings_names_them_and_writes_nothing(make_tree):
    root = make_tree({"facts/countries/NER.yaml": "id: country:NER\nkind: country\nname: Niger\n"})
    done = run("docs", ".", cwd=root)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "facts/countries/NER.yaml" in done.stderr and "iso_alpha2" in done.stderr
    assert not (root / "docs").exists()


def test_a_timeline_of_a_tree_with_no_dated_claim_is_an_error_not_an_empty_picture(make_tree):
    undated = re.sub(r"\n *date: 2024-05", "", MINIMAL["facts/claims/deployment/test-deployment.yaml"])
    root = make_tree({"facts/claims/deployment/test-deployment.yaml": undated})
    done = run("plot", "timeline", ".", cwd=root)
    assert done.returncode == 2 and "no dated claim to draw" in done.stderr and "Traceback" not in done.stderr
    assert not (root / "timeline.png").exists()
