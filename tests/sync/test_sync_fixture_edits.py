"""Edits of the latest upstream README (713c366) synced into the shipped project: what sync keeps, refuses, reports.

Each test builds a small edit of the fixture the way an upstream commit would make it, and syncs it into a
copy of this repository's roadmap and catalogs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from roadmapi18n.cli import main
from sync_helpers import DATA

LATEST = (DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8")


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """``roadmapi18n ARGS`` as the console script runs it: exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["roadmapi18n", *args])
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    return code, capsys.readouterr().err


# --- a notebook table the schema cannot hold is refused ----------------------------------------------


def _with_level_column(readme: str) -> str:
    """The Tools table with a 'Level' column of plain text between Description and the Colab badge."""
    lines, inside = [], False
    for line in readme.split("\n"):
        inside = (inside or line == "### Tools") and line != "### Fine-tuning"
        if inside and line.startswith("| Notebook |"):
            line = "| Notebook | Description | Level | Notebook |"
        elif inside and line.startswith("|----"):
            line = "|---|---|---|---|"
        elif inside and line.startswith("| "):
            name, description, rest = line.split(" | ", 2)
            line = f"{name} | {description} | Beginner | {rest}"
        lines.append(line)
    return "\n".join(lines)


def test_a_column_the_notebook_tables_have_no_slot_for_is_refused_and_nothing_is_written(
    shipped_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream = shipped_project / "upstream.md"
    upstream.write_text(_with_level_column(LATEST), encoding="utf-8")
    before = _snapshot(shipped_project)
    code, err = _main(capsys, monkeypatch, "sync", str(upstream), "--root", str(shipped_project))
    assert code == 2 and "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"error: {upstream}:32: ") and "'Tools'" in first, err
    assert "'Level'" in first and "'Beginner'" in first and "line 34" in first and "nothing was written" in first
    assert "extend roadmapi18n's notebook table schema" in err and "sync a revision without" in err
    assert _snapshot(shipped_project) == before
