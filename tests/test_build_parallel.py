"""``build`` on a large roadmap plans the locales in forked worker processes: the same bytes as one process.

``ROADMAPI18N_JOBS`` forces the number of processes, so these tests take the
parallel path on small projects (a real large roadmap takes it by itself: see
``_jobs``). Each one checks that the parallel path really ran.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import roadmapi18n.build as build_module
from roadmapi18n import perf as perf_module
from roadmapi18n.build import JOBS_ENVIRONMENT, _jobs, plan_build
from roadmapi18n.catalog import format_po, read_po
from roadmapi18n.cli import app
from roadmapi18n.project import Project
from roadmapi18n.suggest import is_suggestion
from roadmapi18n.synth_roadmap import synth_roadmap
from test_cli_errors import run

EPOCH = "1700000000"  # SOURCE_DATE_EPOCH: the two builds' dates cannot differ


def _tree(root: Path) -> dict[Path, bytes]:
    return {path.relative_to(root): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _build(root: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """``roadmapi18n build`` in ``root`` with ``jobs`` processes; how many times the workers were asked."""
    monkeypatch.setenv(JOBS_ENVIRONMENT, str(jobs))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    calls = []
    real = build_module._Workers.results

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(build_module._Workers, "results", spy)
    result = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return len(calls)


def test_workers_write_the_same_tree_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's shape (edited, renamed, removed and added units in three locales), built both ways."""
    pristine = synth_roadmap(tmp_path / "pristine", 400, locales=3, seed=11).root
    alone, together = tmp_path / "alone", tmp_path / "together"
    shutil.copytree(pristine, alone)
    shutil.copytree(pristine, together)
    assert _build(alone, 1, monkeypatch) == 0
    assert _build(together, 2, monkeypatch) == 1
    assert _tree(together) == _tree(alone)
    assert _tree(alone) != _tree(pristine)  # the build had work to do


def test_locales_suggesting_from_each_other_get_the_same_suggestions(
    shipped_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """zh_Hant and zh_Hans suggest from each other: a worker works out the other's README itself or is given it."""
    part = shipped_project / "roadmap" / "parts" / "fundamentals.yaml"
    text = part.read_text(encoding="utf-8")
    old = "This is crucial for understanding many algorithms, especially those used in deep learning."
    assert old in text
    part.write_text(text.replace(old, "This underlies many algorithms, deep learning's above all."), encoding="utf-8")
    # A new zh_Hans catalog: every unit zh_Hant shows translated becomes an OpenCC suggestion in it.
    (shipped_project / "locales" / "zh_Hans" / "LC_MESSAGES" / "roadmap.po").unlink()
    # A confirmed zh_Hant translation whose link goes somewhere else: withheld (so not suggested), and warned about.
    zh_po = shipped_project / "locales" / "zh_Hant" / "LC_MESSAGES" / "roadmap.po"
    zh = read_po(zh_po)
    broken = next(m for m in zh.messages if m.translated and not m.obsolete and "](http" in m.msgstr)
    broken.msgstr = broken.msgstr.replace("](http", "](https://evil.example/?", 1)
    zh_po.write_text(format_po(zh), encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(shipped_project, other)
    assert _build(shipped_project, 1, monkeypatch) == 0
    assert _build(other, 3, monkeypatch) == 1
    assert _tree(other) == _tree(shipped_project)
    statuses = {status.code: status for status in plan_build(Project.open(other)).statuses}
    assert [entry.unit for entry in statuses["zh_Hant"].withheld_entries] == [broken.msgctxt]
    suggested = [
        m for m in read_po(other / "locales" / "zh_Hans" / "LC_MESSAGES" / "roadmap.po").messages if is_suggestion(m)
    ]
    assert len(suggested) > 100


def test_a_broken_catalog_read_by_a_worker_is_reported_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = synth_roadmap(tmp_path / "project", 300, locales=3, seed=3).root
    catalogs = sorted((root / "locales").glob("*/LC_MESSAGES/roadmap.po"))
    broken = catalogs[-1]
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    before = _tree(root)
    monkeypatch.setenv(JOBS_ENVIRONMENT, "2")
    result = run(capsys, monkeypatch, "build", "--root", root)
    assert result.code == 2, result
    assert result.first_error.startswith(f"error: {broken}:"), result.stderr  # the file, and the line
    assert "Traceback" not in result.stderr
    assert _tree(root) == before


@pytest.mark.parametrize("setting", ["0", "two", "-1"])
def test_a_bad_jobs_setting_is_a_clear_error(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], setting: str
) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, setting)
    before = _tree(shipped_project)
    result = run(capsys, monkeypatch, "build", "--root", shipped_project)
    assert result.code == 2, result
    assert result.first_error.startswith(f"error: {JOBS_ENVIRONMENT}={setting!r} is not a number of processes")
    assert "set it to 1" in result.stderr and "Traceback" not in result.stderr
    assert _tree(shipped_project) == before


def test_only_a_large_roadmap_in_several_locales_is_planned_in_parallel(
    shipped_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(JOBS_ENVIRONMENT, raising=False)
    monkeypatch.setattr(build_module.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    project = Project.open(shipped_project)
    units = sum(1 for _ in project.roadmap.texts())
    assert _jobs(project, 3) == 1  # the shipped roadmap: a fraction of a second, not worth a worker
    monkeypatch.setattr(build_module, "_PARALLEL_FROM", units * 3)
    assert _jobs(project, 3) == 3
    assert _jobs(project, 8) == 4  # no more processes than cores
    assert _jobs(project, 1) == 1  # one locale: nothing to share out
    monkeypatch.setenv(JOBS_ENVIRONMENT, "2")
    assert _jobs(project, 1) == 1 and _jobs(project, 3) == 2
    monkeypatch.setattr(perf_module.sys, "platform", "darwin")  # workers are forked on Linux only
    assert _jobs(project, 3) == 1


_STALLED_BUILD = """
import sys, time
import roadmapi18n.build as build

def stalled(*args):
    time.sleep(120)  # a worker busy with a large locale

build._plan_locale_in_worker = stalled
sys.argv = ["roadmapi18n", "build", "--root", sys.argv[1]]
from roadmapi18n.cli import main
main()
"""


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_killed_build_leaves_no_worker_holding_the_repository_lock(tmp_path: Path) -> None:
    """SIGKILL the build while its workers are busy: they die with it, and the next build can take the lock."""
    import fcntl

    root = synth_roadmap(tmp_path / "project", 300, locales=3, seed=5).root
    env = {**os.environ, JOBS_ENVIRONMENT: "2", "ROADMAPI18N_PROGRESS": "0"}
    build = subprocess.Popen(
        [sys.executable, "-c", _STALLED_BUILD, str(root)], env=env, start_new_session=True, stderr=subprocess.PIPE
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
            workers = _children(build.pid)
        assert len(workers) == 2, build.stderr.read() if build.poll() is not None and build.stderr else workers
        build.kill()
        build.wait()
        deadline = time.monotonic() + 10
        while any(_alive(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(worker) for worker in workers)
        folder = os.open(root, os.O_RDONLY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if anything still holds the lock
        finally:
            os.close(folder)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)


_DYING_WORKER_BUILD = """
import os, signal, sys
import roadmapi18n.build as build

def killed(*args):
    os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer, say

build._plan_locale_in_worker = killed
sys.argv = ["roadmapi18n", "build", "--root", sys.argv[1]]
from roadmapi18n.cli import main
main()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_worker_that_dies_fails_the_build_clearly_instead_of_hanging(tmp_path: Path) -> None:
    root = synth_roadmap(tmp_path / "project", 300, locales=3, seed=5).root
    before = _tree(root)
    env = {**os.environ, JOBS_ENVIRONMENT: "2", "ROADMAPI18N_PROGRESS": "0"}
    done = subprocess.run(
        [sys.executable, "-c", _DYING_WORKER_BUILD, str(root)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: a worker process of the build ended abruptly"), done.stderr
    assert f"{JOBS_ENVIRONMENT}=1 roadmapi18n build" in done.stderr and "Traceback" not in done.stderr
    assert _tree(root) == before


def test_a_worker_that_died_before_a_submission_is_the_same_clear_error() -> None:
    """A worker killed before the pool took the next locale: submit itself raises, not the result (this raced
    with the test above, which then ended in a traceback)."""
    from concurrent.futures.process import BrokenProcessPool

    from roadmapi18n.build import _Workers
    from roadmapi18n.errors import RoadmapError

    class BrokenPool:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("A child process terminated abruptly")

    workers = object.__new__(_Workers)
    workers.pool, workers.pending = BrokenPool(), {}  # type: ignore[assignment]
    with pytest.raises(RoadmapError, match="a worker process of the build ended abruptly") as raised:
        workers._submit("vi", None)
    assert f"{JOBS_ENVIRONMENT}=1 roadmapi18n build" in (raised.value.hint or "")
