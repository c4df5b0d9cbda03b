"""Atomic writes, the leftovers of killed writes, and a guard that every file the toolkit writes goes through fsio."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from roadmapi18n.fsio import remove_stale_temporaries, write_bytes_atomic, write_text_atomic

SRC = Path(__file__).parent.parent / "src" / "roadmapi18n"


def test_write_reports_change_and_keeps_unchanged_files_untouched(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "roadmap.po"
    assert write_text_atomic(target, "a\n") is True
    stamp = target.stat().st_mtime_ns, target.stat().st_ino
    assert write_text_atomic(target, "a\n") is False
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == stamp
    assert write_text_atomic(target, "b\n") is True
    assert target.read_bytes() == b"b\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.po"]


def test_leftovers_of_a_killed_write_are_removed_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "roadmap.po"
    target.write_bytes(b"old\n")
    stale = [tmp_path / ".roadmap.po.a1b2c3d4.tmp", tmp_path / ".roadmap.po.zz_9x8y7.tmp"]
    kept = [
        tmp_path / ".roadmap.pot.a1b2c3d4.tmp",  # another file's
        tmp_path / ".roadmap.po.short.tmp",  # not mkstemp's shape
        tmp_path / "roadmap.po.a1b2c3d4.tmp",  # not hidden
        tmp_path / ".roadmap.po.A1B2C3D4.tmp",  # mkstemp never uses capitals
    ]
    for path in [*stale, *kept]:
        path.write_bytes(b"partial")
    (tmp_path / ".roadmap.po.dir12345.tmp").mkdir()  # a folder is never removed
    assert write_bytes_atomic(target, b"old\n") is False  # even when the content is already right
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert (tmp_path / ".roadmap.po.dir12345.tmp").is_dir()
    assert remove_stale_temporaries(tmp_path / "missing-folder" / "x.po") == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "roadmap.po"
    target.write_bytes(b"old\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_bytes_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.po"]


_WRITERS = {"write_text", "write_bytes", "mkstemp", "NamedTemporaryFile", "dump"}


def _non_atomic_writes(source: str) -> list[int]:
    """Lines of calls that write files without fsio: Path.write_*, open(..., "w"/"a"/"x"/"+"),
    os.replace/os.rename, tempfile, json.dump."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
        modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
        writes_mode = any(isinstance(mode, str) and set(mode) & set("wax+") for mode in modes)
        if name in _WRITERS or (owner == "os" and name in ("replace", "rename")) or (name == "open" and writes_mode):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("p.write_text('x')", [1]),
        ("open(p, 'w')", [1]),
        ("p.open(mode='a')", [1]),
        ("os.replace(a, b)", [1]),
        ("json.dump(x, f)", [1]),
        ("open(p)\np.read_text()\n'a'.replace('a', 'b')\nwrite_text_atomic(p, 'x')", []),
    ],
    ids=["write_text", "open-w", "open-a", "os.replace", "json.dump", "reads-only"],
)
def test_the_guard_sees_writes(source: str, found: list[int]) -> None:
    assert _non_atomic_writes(source) == found


def test_every_file_the_toolkit_writes_goes_through_fsio() -> None:
    offenders = {
        path.relative_to(SRC).as_posix(): lines
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "fsio.py" and (lines := _non_atomic_writes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
