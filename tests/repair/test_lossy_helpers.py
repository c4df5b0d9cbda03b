"""Lossy decisions shared out between forked helper processes: the same repair as in one process, whatever
happens to the helpers (see ``engine._decide_in_helpers``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmapi18n.errors import RoadmapError
from roadmapi18n.perf import JOBS_ENVIRONMENT, can_fork
from roadmapi18n.repair import engine, repair_text
from roadmapi18n.repair.simulate import misread
from test_cli_errors import run

from .conftest import SEED_DROP, lines

pytestmark = pytest.mark.skipif(not can_fork(), reason="helpers are forked on Linux only")


@pytest.fixture(scope="module")
def damaged() -> str:
    """Traditional Chinese (the dev corpus) with seed 002's damage: a couple of hundred guesses."""
    return misread("\n".join(lines("zh_Hant.dev.txt")[:120]), "cp1254", drop=SEED_DROP)


def _repaired(text: str) -> tuple[str, Any, list[tuple[Any, ...]]]:
    result = repair_text(text, locale="zh_Hant")
    guesses = [(g.column, g.original, g.chosen, g.confidence, g.candidates, g.kept) for g in result.guesses]
    return result.text, result.plan, guesses


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The helpers forked by this process (any process, even a small document, may fork while it is patched)."""
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    forked: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(engine.os, "fork", counting_fork)
    return forked


@pytest.fixture(scope="module")
def alone(damaged: str) -> tuple[str, Any, list[tuple[Any, ...]]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(JOBS_ENVIRONMENT, "1")
        return _repaired(damaged)


@pytest.mark.parametrize("jobs", [2, 3])
def test_helpers_repair_exactly_as_one_process(
    damaged: str,
    alone: tuple[str, Any, list[tuple[Any, ...]]],
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    jobs: int,
) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, str(jobs))
    assert len(alone[2]) > 100  # enough guesses for helpers to have work
    assert _repaired(damaged) == alone
    assert len(forks) == jobs - 1


def _fails_in_helpers(original: Callable[..., Any]) -> Callable[..., Any]:
    parent = os.getpid()

    def failing(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            os._exit(3)  # as a helper killed by the out-of-memory killer would vanish
        return original(*args, **kwargs)

    return failing


@pytest.mark.parametrize("where", ["at once", "after its first decisions"])
def test_a_helper_that_dies_costs_time_not_the_repair(
    damaged: str,
    alone: tuple[str, Any, list[tuple[Any, ...]]],
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, "2")
    if where == "at once":
        monkeypatch.setattr(engine, "die_with_parent", _fails_in_helpers(engine.die_with_parent))
    else:
        monkeypatch.setattr(engine, "_decide_again", _fails_in_helpers(engine._decide_again))
    assert _repaired(damaged) == alone  # its lines were decided in this process instead
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # reaped: no zombie left behind


def test_one_job_never_forks(damaged: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, "1")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)

    def no_fork() -> int:
        raise AssertionError("forked with ROADMAPI18N_JOBS=1")

    monkeypatch.setattr(engine.os, "fork", no_fork)
    assert repair_text(damaged, locale="zh_Hant").changed


def test_a_small_document_is_decided_in_one_process(forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, "2")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 200)
    text = misread("\n".join(lines("zh_Hant.dev.txt")[:2]), "cp1254", drop=SEED_DROP)
    assert repair_text(text, locale="zh_Hant").guesses
    assert forks == []


@pytest.mark.parametrize("setting", ["0", "two", "-1"])
def test_a_bad_jobs_setting_is_a_clear_error(
    setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, setting)
    with pytest.raises(RoadmapError, match=JOBS_ENVIRONMENT):
        repair_text(misread("中文不難", "cp1254", drop=SEED_DROP), locale="zh_Hant")
    source = tmp_path / "legacy.md"
    source.write_text(misread("中文不難\n", "cp1254", drop=SEED_DROP), encoding="utf-8")
    done = run(capsys, monkeypatch, "repair", source, "--locale", "zh_Hant", "-o", tmp_path / "out.md")
    assert done.code == 2
    assert f"{JOBS_ENVIRONMENT}={setting!r} is not a number of processes" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.md").exists()


def test_no_process_to_spare_means_one_process(
    damaged: str, alone: tuple[str, Any, list[tuple[Any, ...]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOBS_ENVIRONMENT, "3")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    open_before = len(os.listdir("/proc/self/fd"))

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # what fork says at a process limit

    monkeypatch.setattr(engine.os, "fork", refused)
    assert _repaired(damaged) == alone
    assert len(os.listdir("/proc/self/fd")) == open_before  # no pipe left open
