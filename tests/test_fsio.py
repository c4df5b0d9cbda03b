"""Atomic writes, the leftovers of killed writes, and a guard that every file the toolkit writes goes through fsio."""

from __future__ import annotations

import ast
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import RepositoryLock, remove_stale_temporaries, write_bytes_atomic, write_text_atomic

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
    with pytest.raises(RoadmapError, match="cannot write: No space left on device") as refused:
        write_bytes_atomic(target, b"new\n")
    assert refused.value.path == target and refused.value.hint and "disk space" in refused.value.hint
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


# --- one run at a time per repository ---------------------------------------------------------------

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="no flock on Windows: the lock is a no-op there")


def _start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "roadmapi18n", *args, "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@unix_only
def test_build_waits_while_another_run_writes_to_the_repository(mini_project: Path) -> None:
    with RepositoryLock(mini_project, exclusive=True):
        build = _start(mini_project, "build")
        assert build.stderr is not None
        # The build says it waits as soon as it finds the lock taken (or, were there no lock, it ends: EOF).
        ready, _, _ = select.select([build.stderr], [], [], 60)
        assert ready, "the build neither waited nor finished within 60 s"
        first = build.stderr.readline()
        assert first == f"waiting: another roadmapi18n run is working in {mini_project.resolve()}\n"
        assert build.poll() is None
        assert not (mini_project / "locales" / "roadmap.pot").exists()
    _, err = build.communicate(timeout=60)
    assert build.returncode == 0, first + err
    assert (mini_project / "locales" / "roadmap.pot").exists()


@unix_only
def test_readers_share_the_repository(mini_project: Path) -> None:
    subprocess.run([sys.executable, "-m", "roadmapi18n", "build", "--root", str(mini_project)], check=True)
    with RepositoryLock(mini_project, exclusive=False):
        check = _start(mini_project, "check")
        _, err = check.communicate(timeout=60)
    assert check.returncode == 0, err
    assert "waiting" not in err


@unix_only
def test_a_killed_run_leaves_no_lock_behind(mini_project: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time, fcntl; fd = os.open(sys.argv[1], os.O_RDONLY); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
            str(mini_project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    holder.kill()
    holder.wait()
    build = subprocess.run(
        [sys.executable, "-m", "roadmapi18n", "build", "--root", str(mini_project)], capture_output=True, text=True
    )
    assert build.returncode == 0 and "waiting" not in build.stderr


@unix_only
def test_in_process_runs_let_go_of_the_lock(mini_project: Path) -> None:
    """Embedding the typer app (CliRunner, another CLI) runs commands in one process: each must release its lock."""
    from typer.testing import CliRunner

    from roadmapi18n.cli import app

    codes: list[int] = []

    def twice() -> None:
        for _ in range(2):
            codes.append(CliRunner().invoke(app, ["build", "--root", str(mini_project)]).exit_code)

    worker = threading.Thread(target=twice, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the second run waited for the first one's lock"
    assert codes == [0, 0]
