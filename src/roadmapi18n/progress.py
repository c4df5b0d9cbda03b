"""Progress bars for long work, on standard error, only where a person is watching.

The core never prints: long-running functions (``repair_text``,
``repair_file``, ``import_legacy``, ``build_project``) take an optional
callback, ``progress(what, done, total)``, and call it as they advance. The
CLI makes that callback with :func:`progress_bar`::

    with progress_bar(enabled=output_format is ReportFormat.text) as progress:
        report = repair_file(path, progress=progress)

The bar (rich, which typer already brings) appears on standard error only if

- standard error is a terminal (so never in CI logs or pipes),
- the caller enables it (``--format json`` output is for programs: no bar),
- and the work has already taken :data:`DELAY` seconds (short commands stay quiet);

it is transient: once the work is done it disappears, leaving the terminal as
the command's own output left it. ``ROADMAPI18N_PROGRESS=0`` turns bars off,
``=1`` shows them even when standard error is not a terminal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["DELAY", "ENVIRONMENT", "ProgressFn", "no_progress", "progress_bar"]

ProgressFn = Callable[[str, int, int], None]
"""``progress(what, done, total)``: ``done`` of ``total`` steps of the work called ``what`` are finished."""

DELAY = 1.0
"""Seconds of work before a bar appears: anything quicker finishes without one."""
REFRESH = 0.1
"""Seconds between two redraws of the bar, at most (and it is redrawn only when the work reports)."""

ENVIRONMENT = "ROADMAPI18N_PROGRESS"
"""``0`` never shows a bar, ``1`` shows one even when standard error is not a terminal."""


def no_progress(what: str, done: int, total: int) -> None:
    """A progress callback that does nothing."""


def wanted(stream: TextIO, *, enabled: bool = True) -> bool:
    """Whether a bar should be drawn on ``stream``.

    >>> import io
    >>> wanted(io.StringIO())
    False
    """
    setting = os.environ.get(ENVIRONMENT, "")
    if not enabled or setting == "0":
        return False
    if setting == "1":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress_bar(
    *,
    enabled: bool = True,
    stream: TextIO | None = None,
    delay: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[ProgressFn]:
    """A progress callback that draws a transient bar on ``stream`` (standard error) when :func:`wanted`.

    The bar starts once ``delay`` seconds (default :data:`DELAY`) have passed since the block began.
    """
    target = stream if stream is not None else sys.stderr
    if not wanted(target, enabled=enabled):
        yield no_progress
        return
    bar = _LazyBar(target, DELAY if delay is None else delay, clock)
    try:
        yield bar.update
    finally:
        bar.close()


class _LazyBar:
    """A rich progress display started only once the work has lasted ``delay`` seconds."""

    def __init__(self, stream: TextIO, delay: float, clock: Callable[[], float]) -> None:
        self.stream = stream
        self.delay = delay
        self.clock = clock
        self.started_at = clock()
        self.drawn_at = -REFRESH
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def update(self, what: str, done: int, total: int) -> None:
        if self.progress is None:
            if self.clock() - self.started_at < self.delay:
                return
            self.progress = self._start()
        task = self.tasks.get(what)
        if task is None:
            task = self.tasks[what] = self.progress.add_task(what, total=total)
        self.progress.update(task, completed=done, total=total)
        now = self.clock()
        if now - self.drawn_at >= REFRESH or done >= total:
            self.progress.refresh()
            self.drawn_at = now

    def _start(self) -> Progress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=self.stream, force_terminal=True if os.environ.get(ENVIRONMENT) == "1" else None)
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            # Redrawn from update(), not by rich's refresh thread: build and repair fork worker processes
            # while a bar is up, and forking a process that runs another thread can deadlock the child
            # (Python 3.12+ warns about it).
            auto_refresh=False,
        )
        progress.start()
        return progress

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
