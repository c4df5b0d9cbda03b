"""The shipped pre-commit hook and CI workflow run the check as docs/checks.md says; the docs list every check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent.parent


def _yaml(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_pre_commit_hook() -> None:
    hooks = _yaml(REPO / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h["id"] == "roadmapi18n-check"]
    assert hook["entry"] == "roadmapi18n check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False  # check reads the whole project, never a file list


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("roadmap/parts/fundamentals.yaml", True),
        ("roadmap/README.md", True),
        ("locales/vi/LC_MESSAGES/roadmap.po", True),
        ("locales/roadmap.pot", True),
        ("locales/vi/coverage.svg", True),
        ("roadmapi18n.toml", True),
        ("src/roadmapi18n/cli.py", False),
        ("README.md", False),
        ("docs/roadmapi18n.toml", False),
    ],
    ids=lambda value: str(value),
)
def test_pre_commit_hook_files(path: str, runs: bool) -> None:
    (hook,) = _yaml(REPO / ".pre-commit-hooks.yaml")  # type: ignore[misc]
    assert bool(re.search(hook["files"], path)) is runs  # pre-commit uses re.search


def test_docs_list_every_check_and_rule() -> None:
    from roadmapi18n.checks import registry
    from roadmapi18n.checks.integrity_check import _HINTS

    docs = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in registry().values():
        assert f"| `{check.id}` | {check.severity} |" in docs, check.id
    for rule in [*_HINTS, "unreadable", "bom", "crlf", "charset", "language", "newline"]:
        assert f"| `{rule}` |" in docs, rule
    from roadmapi18n.checks.drift import DRIFT_RULES

    for rule in DRIFT_RULES:
        assert f"| `{rule}` |" in docs, rule
    for verdict in ("fix", "rebuild", "existing"):
        assert f"| `{verdict}` |" in docs, verdict
