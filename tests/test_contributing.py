"""The contributor's path: sahel-facts new, fill in, validate; workflows that call real commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import sahel_facts
from sahel_facts.cli import parser
from sahel_facts.model.kinds import KINDS
from tests.conftest import REPO, line_of

CLAIM = "facts/claims/statement/langley-extremists-test.yaml"
QUOTE = "He highlighted violent extremist organizations as the primary threat to stability in Africa."


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sahel_facts", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def fill(path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def annotations(stdout: str) -> list[tuple[str, int, str]]:
    return [
        (m[0], int(m[1]), m[2])
        for m in re.findall(r"^::error file=([^,]+),line=(\d+),col=\d+,title=(\w+)::", stdout, re.M)
    ]


def test_a_newcomer_adds_a_statement(dataset):
    root = dataset()
    done = run("new", "statement", "langley-extremists-test", cwd=root)
    assert done.returncode == 0, done.stderr
    path = root / CLAIM
    assert run("validate", cwd=root).returncode == 1  # the empty template does not pass
    fill(
        path,
        {
            "\nsummary:\n": "\nsummary: Gen. Michael Langley named violent extremists the main threat in Africa.\n",
            "\nspeaker:\n": "\nspeaker: person:michael-langley\n",
            "\nfidelity:\n": "\nfidelity: summarised\n",
            "    source:\n": "    source: source:russian-troops-deployed-to-niger-airbase\n",
            "    # quote:\n": f"    quote: {QUOTE}\n",
            "    # locator:\n": "    locator: paragraph 16\n",
            "    claimant:\n": "    claimant: person:michael-langley\n",
        },
    )
    done = run("validate", cwd=root)
    assert done.returncode == 0, done.stdout

    fill(path, {"# date:\n": "date: 2024-02-30\n"})
    done = run("validate", "--format", "github", cwd=root)
    assert done.returncode == 1
    assert annotations(done.stdout) == [(CLAIM, line_of(path, "date: 2024-02-30"), "M204")]

    fill(path, {"date: 2024-02-30\n": "date: 2024-02\n", "primary threat": "main threat"})
    done = run("validate", "--format", "github", cwd=root)
    assert done.returncode == 1
    assert annotations(done.stdout) == [(CLAIM, line_of(path, "quote:"), "E401")]


def test_new_refuses_an_existing_id_and_an_unknown_kind(dataset):
    root = dataset()
    taken = run("new", "withdrawal", "claim:us-troops-leave-chad-2024-05-01", cwd=root)
    assert taken.returncode == 2 and "already used" in taken.stderr
    assert run("new", "battle", "claim:x", cwd=root).returncode == 2
    assert run("new", "person", "org:x", cwd=root).returncode == 2
    assert not (root / "facts/claims/battle").exists()


@pytest.mark.parametrize("kind", KINDS.names())
def test_every_template_parses_and_lists_its_required_fields(kind):
    from sahel_facts.template import template

    model = KINDS[kind].model
    path, text = template(kind, f"{KINDS[kind].prefix}:{'NIG' if kind == 'country' else 'x'}")
    data = yaml.safe_load(text)
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert data["id"].endswith(("NIG", "x")) and path == KINDS[kind].path(data["id"])
    required = {name for name, info in model.model_fields.items() if info.is_required()}
    assert set(data) == required, "required fields are written out, optional ones commented out"
    for name in set(model.model_fields) - required:
        assert re.search(rf"^# {name}:", text, re.M), f"optional field {name} is not offered"


def _steps(workflow: str) -> list[dict]:
    data = yaml.safe_load((REPO / ".github/workflows" / workflow).read_text())
    assert data.get("on") or data.get(True)  # YAML 1.1 reads the key 'on' as true
    return [step for job in data["jobs"].values() for step in job["steps"]]


def _sahel_facts_calls(script: str) -> list[list[str]]:
    calls = []
    for command in re.split(r"&&|\n|;", script):
        words = shlex.split(
            command.replace("$GITHUB_REF_NAME", "v" + sahel_facts.__version__).replace(
                "${GITHUB_REF_NAME#v}", sahel_facts.__version__
            )
        )
        for index, word in enumerate(words):
            if word.endswith("sahel-facts"):
                calls.append(words[index + 1 :])
    return calls


@pytest.mark.parametrize("workflow", ["ci.yml", "release.yml"])
def test_workflow_steps_call_commands_that_exist(workflow):
    steps = _steps(workflow)
    scripts = [s["run"] for s in steps if "run" in s]
    calls = [call for script in scripts for call in _sahel_facts_calls(script)]
    assert calls, "the workflow calls sahel-facts"
    for call in calls:
        parser().parse_args(call)  # exits on an unknown command or option
    everything = "\n".join(scripts)
    assert "frictionless validate" in everything
    for tool in set(re.findall(r"\.venv/bin/([\w-]+)", everything)):  # installed by the README's install
        assert (Path(sys.executable).parent / tool).exists(), tool
    assert all(s["uses"].split("@")[1].startswith("v") for s in steps if "uses" in s)


def test_ci_runs_the_readme_install_and_the_github_format():
    scripts = "\n".join(s.get("run", "") for s in _steps("ci.yml"))
    readme = (REPO / "README.md").read_text()
    install = re.search(r"^(python3 -m venv \.venv && \.venv/bin/pip install -e \"\.\[test\]\")", readme, re.M)
    assert install and install.group(1) in scripts
    assert "validate . --format github" in scripts and "python -m pytest" in scripts


def test_pre_commit_hook_and_citation():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "sahel-facts validate" and hook["pass_filenames"] is False
    parser().parse_args(hook["entry"].split()[1:])
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["version"] == sahel_facts.__version__
    assert {"message", "title", "authors"} <= set(citation)
