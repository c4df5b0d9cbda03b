"""The shipped GitHub workflows and action: valid for GitHub, and every roadmapi18n command they run exists.

The schemas are SchemaStore's, as vendored by check-jsonschema (no network). The action's scripts are run
with bash against stand-ins for python and roadmapi18n that record how they are called; the recorded
command lines are then parsed by roadmapi18n's own command-line parser.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML

from roadmapi18n.cli import app

REPO = Path(__file__).parent.parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTION = REPO / "action.yml"


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _schema(name: str) -> Any:
    pytest.importorskip("check_jsonschema", reason="pip install check-jsonschema (a test dependency)")
    return json.loads(resources.files("check_jsonschema.builtin_schemas.vendor").joinpath(name).read_text("utf-8"))


@pytest.mark.parametrize(
    ("path", "schema"),
    [*((path, "github-workflows.json") for path in WORKFLOWS), (ACTION, "github-actions.json")],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_valid_for_github(path: Path, schema: str) -> None:
    import jsonschema

    document = _schema(schema)
    errors = list(jsonschema.validators.validator_for(document)(document).iter_errors(_yaml(path)))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def assert_command_exists(argv: list[str]) -> None:
    """``argv`` (after ``roadmapi18n``) names a command and options it accepts."""
    commands: dict[str, Any] = getattr(typer.main.get_command(app), "commands", {})
    name, *args = argv
    assert name in commands, f"no command {name!r}"
    try:
        commands[name].make_context(name, list(args))
    except Exception as error:  # typer's (vendored) click raises its own UsageError subclasses
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        raise AssertionError(f"roadmapi18n {shlex.join(argv)}: {message}") from None


def _workflow_commands() -> list[tuple[str, list[str]]]:
    found = []
    for path in WORKFLOWS:
        for job in _yaml(path)["jobs"].values():
            for step in job["steps"]:
                for line in step.get("run", "").splitlines():
                    words = shlex.split(line.split("|")[0], comments=True) if "roadmapi18n " in line else []
                    if words and words[0] == "roadmapi18n":
                        found.append((path.name, words[1:]))
    return found


@pytest.mark.parametrize(("workflow", "argv"), _workflow_commands(), ids=lambda value: str(value))
def test_workflow_commands_exist(workflow: str, argv: list[str]) -> None:
    assert_command_exists([word for word in argv if not word.startswith("$")])


def test_pull_request_workflow() -> None:
    """From a fork too: the plain pull_request event (read-only, no secrets), GitHub's merge commit, the action."""
    workflow = _yaml(REPO / ".github" / "workflows" / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]  # never pull_request_target: it would run forks' code with secrets
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    checkout, action = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 2
    assert action == {"uses": "./", "with": {"base": "HEAD^1"}}


def test_rebuild_workflow() -> None:
    """On the main branch: build, commit what it wrote, then the strict check."""
    workflow = _yaml(REPO / ".github" / "workflows" / "rebuild.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]} and workflow["permissions"] == {"contents": "write"}
    runs = [step.get("run", "") for step in next(iter(workflow["jobs"].values()))["steps"]]
    build = next(i for i, run in enumerate(runs) if run.startswith("roadmapi18n build"))
    commit = next(i for i, run in enumerate(runs) if "git commit" in run)
    assert build < commit < runs.index("roadmapi18n check --format github")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_a_command_piped_into_tee_fails_its_step(path: Path) -> None:
    """GitHub runs a step's script with `bash -e` unless `shell: bash` is given (then `-eo pipefail`): without
    it, `roadmapi18n build | tee log` succeeds when build fails, and the next step commits or opens a pull
    request from a failed run."""
    for job in _yaml(path)["jobs"].values():
        for step in job["steps"]:
            run = step.get("run", "")
            if re.search(r"\|\s*tee\b", run):
                assert step.get("shell") == "bash" or "pipefail" in run, (path.name, step.get("name"))


# -- the action's scripts, run --------------------------------------------------------------------


def _stand_in(path: Path, log: Path, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" "--" >> "{log}"\n{body}', encoding="utf-8")
    path.chmod(0o755)


def _run_action(tmp_path: Path, inputs: dict[str, str]) -> list[list[str]]:
    """Run the action's shell steps as the runner would; return each command line the stand-ins saw."""
    action = _yaml(ACTION)
    log, temp, bin_dir = tmp_path / "calls.log", tmp_path / "runner-temp", tmp_path / "bin"
    _stand_in(bin_dir / "python", log)
    _stand_in(temp / "roadmapi18n" / "bin" / "python", log)
    _stand_in(temp / "roadmapi18n" / "bin" / "roadmapi18n", log)
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values = {**defaults, **inputs}
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        assert step["shell"] == "bash"
        step_env = {key: _expand(value, values) for key, value in step.get("env", {}).items()}
        assert "${{" not in step["run"], "inputs reach the scripts as environment variables only"
        subprocess.run(["bash", "-e", "-c", step["run"]], env={**env, **step_env}, check=True, cwd=tmp_path)
    calls, current = [], []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line == "--":
            calls.append(current)
            current = []
        else:
            current.append(line)
    return calls


def _expand(value: str, inputs: dict[str, str]) -> str:
    prefix, _, name = value.strip("${} ").partition(".")
    assert prefix == "inputs" and name in inputs, value
    return inputs[name]


def test_action_installs_into_its_own_environment(tmp_path: Path) -> None:
    venv, install, _ = _run_action(tmp_path, {})
    temp = tmp_path / "runner-temp" / "roadmapi18n"
    assert venv == [str(tmp_path / "bin" / "python"), "-m", "venv", str(temp)]
    assert install[:4] == [str(temp / "bin" / "python"), "-m", "pip", "install"] and install[-1] == str(REPO)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({}, ["check", "--root", ".", "--format", "github"]),
        ({"args": "--min-coverage vi=40", "root": "docs"}, ["check", "--root", "docs", "--format", "github"]),
        ({"base": "HEAD^1"}, ["pr-check", "--base", "HEAD^1", "--summary", "SUMMARY", "--root", "."]),
        ({"base": "origin/main", "summary": "false", "args": "--locale vi"}, ["pr-check", "--base", "origin/main"]),
    ],
    ids=["check", "check-with-args", "pull-request", "pull-request-no-summary"],
)
def test_action_runs_a_command_that_exists(tmp_path: Path, inputs: dict[str, str], expected: list[str]) -> None:
    *_, check = _run_action(tmp_path, inputs)
    argv = [word.replace(str(tmp_path / "summary.md"), "SUMMARY") for word in check[1:]]
    assert argv[: len(expected)] == expected
    assert ("--summary" in argv) == (inputs.get("base", "") != "" and inputs.get("summary") != "false")
    assert argv[argv.index("--format") + 1] == "github"
    extra = inputs.get("args", "").split()
    assert argv[len(argv) - len(extra) :] == extra
    assert_command_exists(argv)
