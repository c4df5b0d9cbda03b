"""``roadmapi18n build`` and ``roadmapi18n check`` without options skip typer's parameter machinery: same results."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from roadmapi18n.synth_roadmap import synth_roadmap


def _run(root: Path, *args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "roadmapi18n", *args], cwd=root, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_roadmap(tmp_path_factory.mktemp("dispatch") / "project", 120, locales=2, seed=3).root


def test_bare_and_optioned_commands_agree(stale: Path, tmp_path: Path) -> None:
    direct, through_typer = tmp_path / "direct", tmp_path / "typer"
    shutil.copytree(stale, direct)
    shutil.copytree(stale, through_typer)
    # A stale tree: check fails the same way.
    assert _run(direct, "check") == _run(through_typer, "check", "--format", "text")
    assert _run(direct, "check")[0] == 1
    # build writes the same files and reports the same statuses.
    built_direct, built_typer = _run(direct, "build"), _run(through_typer, "build", "--root", str(through_typer))
    assert built_direct == built_typer and built_direct[0] == 0
    assert _run(direct, "check") == _run(through_typer, "check", "--format", "text")
    assert _run(direct, "check")[0] == 0


def test_user_errors_still_exit_2(tmp_path: Path) -> None:
    assert _run(tmp_path, "check")[0] == 2
    assert _run(tmp_path, "check")[1:] == _run(tmp_path, "check", "--format", "text")[1:]
