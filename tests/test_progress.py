"""Progress bars: on a terminal's standard error after a second of work; never in pipes, CI logs or JSON output."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from roadmapi18n import cli, progress
from roadmapi18n.build import build_project
from roadmapi18n.progress import ENVIRONMENT, no_progress, progress_bar, wanted
from roadmapi18n.project import Project
from roadmapi18n.repair import repair_text
from roadmapi18n.repair.simulate import misread

DATA = Path(__file__).parent / "data"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT, raising=False)


def test_only_a_terminal_gets_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    assert wanted(Terminal())
    assert not wanted(io.StringIO())  # a pipe, a file, a CI log
    assert not wanted(Terminal(), enabled=False)  # --format json
    monkeypatch.setenv(ENVIRONMENT, "0")
    assert not wanted(Terminal())
    monkeypatch.setenv(ENVIRONMENT, "1")
    assert wanted(io.StringIO()) and not wanted(io.StringIO(), enabled=False)


def test_nothing_is_drawn_before_the_delay_nor_where_unwanted() -> None:
    clock = Clock()
    stream = Terminal()
    with progress_bar(stream=stream, clock=clock) as report:
        for done in range(1, 50):
            report("repairing", done, 50)
            clock.now += 0.01  # half a second in all: quick work shows nothing
    assert stream.getvalue() == ""
    piped = io.StringIO()
    with progress_bar(stream=piped, clock=clock) as report:
        assert report is no_progress
        clock.now += 10
        report("repairing", 1, 2)
    assert piped.getvalue() == ""


def test_long_work_draws_a_bar_that_goes_away() -> None:
    clock = Clock()
    stream = Terminal()
    with progress_bar(stream=stream, clock=clock) as report:
        report("guessing lost bytes", 1, 40)
        clock.now += 1.5
        report("guessing lost bytes", 20, 40)
        report("guessing lost bytes", 40, 40)
    drawn = stream.getvalue()
    assert "guessing lost bytes" in drawn and "40/40" in drawn


def test_a_bar_runs_no_thread_of_its_own() -> None:
    """build and repair fork workers while a bar is up: a process running another thread must not fork."""
    import threading

    clock = Clock()
    stream = Terminal()
    before = threading.active_count()
    with progress_bar(stream=stream, clock=clock) as report:
        clock.now += 1.5
        for done in range(1, 41):
            report("planning locales", done, 40)
            assert threading.active_count() == before
            clock.now += 0.05
    drawn = stream.getvalue()
    assert "planning locales" in drawn and "40/40" in drawn
    # Redrawn as the work reports, at most every REFRESH seconds: some steps between first and last.
    assert 2 < len(re.findall(r"\b([1-9]|[1-3][0-9])/40\b", drawn)) < 39


def test_repair_reports_its_slow_part() -> None:
    calls: list[tuple[str, int, int]] = []
    text = misread(
        "此 LLM 課程心得分成三個部分\n與大型語言模型相關的筆記本和文章清單。",
        "cp1254",
        drop={0xAD, 0x81, 0x8D, 0x8F, 0x90, 0x9D},
    )
    repair_text(text, locale="zh_Hant", progress=lambda what, done, total: calls.append((what, done, total)))
    guessing = [call for call in calls if call[0] == "guessing lost bytes"]
    assert guessing and all(0 < done <= total for _, done, total in guessing)
    assert guessing[-1][1] == guessing[-1][2]


def test_build_reports_every_output(mini_project: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    build_project(Project.open(mini_project), progress=lambda what, done, total: calls.append((what, done, total)))
    assert [done for _, done, _ in calls] == list(range(1, len(calls) + 1))
    assert calls[-1][1] == calls[-1][2]  # the count of outputs is known before the first one


def _repair(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["roadmapi18n", "repair", *args])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 0
    return capsys.readouterr().err


def test_json_output_never_gets_a_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even forced on and with no delay, ``--format json`` draws nothing; text output does."""
    source = tmp_path / "legacy.md"
    source.write_text(misread("Mô hình ngôn ngữ lớn\n" * 50, "mac_roman"), encoding="utf-8")
    monkeypatch.setenv(ENVIRONMENT, "1")
    monkeypatch.setattr(progress, "DELAY", 0.0)
    err = _repair(monkeypatch, capsys, str(source), "--format", "json", "-o", str(tmp_path / "out.md"))
    assert "decoding" not in err
    err = _repair(monkeypatch, capsys, str(source), "-o", str(tmp_path / "out.md"))
    assert "decoding" in err
