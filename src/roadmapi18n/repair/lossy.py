"""Enumerate what a damaged character could have been: every way to put the dropped bytes back.

A ``gap`` unit keeps its lead byte and some continuation bytes. The missing
ones were bytes the code page could not carry (its *drop set*), at positions we
do not know. :func:`candidates` tries every position and every droppable byte,
keeps the fills that are valid UTF-8 for an assigned character, and says which
bytes it inserted where, so a plan can replay the exact guess.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

from roadmapi18n.repair.units import WILDCARD, Unit

__all__ = ["Candidate", "candidates", "is_assigned"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible original character for a damaged unit."""

    char: str
    """The character the completed bytes spell."""
    inserted: tuple[tuple[int, int], ...]
    """(index in the completed byte sequence, byte) for every dropped byte put back."""
    replaced: tuple[tuple[int, int], ...] = ()
    """(index in the completed byte sequence, byte) for every U+FFFD guessed."""

    @property
    def guessed(self) -> tuple[tuple[int, int], ...]:
        """Every guessed byte, inserted or replaced, by index."""
        return tuple(sorted(self.inserted + self.replaced))


def _emoji_range(code: int) -> bool:
    # Python 3.11 knows Unicode 14; later emoji are still real characters.
    return 0x1F000 <= code <= 0x1FAFF


def is_assigned(char: str) -> bool:
    """Whether ``char`` is a real, visible-or-format character worth proposing (not unassigned, private, surrogate).

    >>> is_assigned("此"), is_assigned("\\uf078")
    (True, False)
    """
    category = unicodedata.category(char)
    if category in ("Co", "Cs"):
        return False
    if category == "Cn":
        return _emoji_range(ord(char))
    return True


def candidates(unit: Unit, drop: frozenset[int], undefined: frozenset[int]) -> tuple[Candidate, ...]:
    """All characters ``unit`` could have been, given the bytes that can vanish or become U+FFFD.

    >>> [c.char for c in candidates(Unit(0, 2, "gap", (0xE6, 0xA4), 1), frozenset({0xAD}), frozenset())]
    ['此', '椭']
    """
    return _candidates(unit.data, unit.missing, drop, undefined)


@lru_cache(maxsize=65536)
def _candidates(
    data: tuple[int, ...], missing: int, drop: frozenset[int], undefined: frozenset[int]
) -> tuple[Candidate, ...]:
    size = len(data) + missing
    found: dict[str, Candidate] = {}
    wildcard_values = sorted(undefined) if WILDCARD in data else []
    for positions in combinations(range(1, size), missing):
        for fill in product(sorted(drop), repeat=missing):
            completed, inserted = _complete(data, positions, fill)
            for filled, replaced in _fill_wildcards(completed, wildcard_values):
                _add(found, filled, inserted, replaced)
    return tuple(found.values())


def _complete(
    data: tuple[int, ...], positions: tuple[int, ...], fill: tuple[int, ...]
) -> tuple[list[int], list[tuple[int, int]]]:
    completed: list[int] = []
    inserted: list[tuple[int, int]] = []
    source = iter(data)
    filler = iter(fill)
    wanted = set(positions)
    for index in range(len(data) + len(positions)):
        if index in wanted:
            byte = next(filler)
            inserted.append((index, byte))
        else:
            byte = next(source)
        completed.append(byte)
    return completed, inserted


def _fill_wildcards(completed: list[int], values: Iterable[int]) -> Iterable[tuple[list[int], list[tuple[int, int]]]]:
    holes = [index for index, byte in enumerate(completed) if byte == WILDCARD]
    if not holes:
        yield completed, []
        return
    for fill in product(list(values), repeat=len(holes)):
        filled = list(completed)
        for index, byte in zip(holes, fill, strict=True):
            filled[index] = byte
        yield filled, list(zip(holes, fill, strict=True))


def _add(
    found: dict[str, Candidate], completed: list[int], inserted: list[tuple[int, int]], replaced: list[tuple[int, int]]
) -> None:
    try:
        char = bytes(completed).decode("utf-8")
    except UnicodeDecodeError:
        return
    if len(char) == 1 and is_assigned(char) and char not in found:
        found[char] = Candidate(char, tuple(inserted), tuple(replaced))
