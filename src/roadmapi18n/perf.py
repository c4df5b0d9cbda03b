"""Performance helpers shared by the hot paths."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

JOBS_ENVIRONMENT = "ROADMAPI18N_JOBS"
"""How many processes ``build`` and ``repair`` may use (1: never fork); unset, they choose."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Reading or merging a large catalog allocates hundreds of thousands of lists
    and dataclasses and no reference cycles; the collector's repeated passes over
    them cost about as much as the work itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def jobs_setting() -> int | None:
    """``ROADMAPI18N_JOBS`` as a number of processes (None when unset); an error naming it when it is not one."""
    from roadmapi18n.errors import RoadmapError

    setting = os.environ.get(JOBS_ENVIRONMENT, "").strip()
    if not setting:
        return None
    if not setting.isdigit() or int(setting) < 1:
        raise RoadmapError(
            f"{JOBS_ENVIRONMENT}={setting!r} is not a number of processes",
            hint="set it to 1 (one process) or more, or unset it to let roadmapi18n choose",
        )
    return int(setting)


def can_fork() -> bool:
    """Whether work may be handed to forked processes here: Linux (elsewhere forking is unsafe or missing),
    and not inside a worker already (a build's workers do not fork again)."""
    import multiprocessing

    return sys.platform.startswith("linux") and multiprocessing.parent_process() is None


def usable_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def die_with_parent(parent: int) -> None:
    """In a new worker: be killed when the process that forked it ends, however it ends.

    A worker holds a copy of every descriptor its parent had, a repository lock's among them: left
    behind by a killed parent (SIGKILL, an out-of-memory kill, a cancelled CI job), it would keep the
    lock, and the next build would wait for it for ever.
    """
    import ctypes
    import signal  # here, not at the top: `roadmapi18n merge` imports this module and never forks

    set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)
