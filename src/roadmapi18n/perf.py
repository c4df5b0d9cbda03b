"""Performance helpers shared by the hot paths."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
