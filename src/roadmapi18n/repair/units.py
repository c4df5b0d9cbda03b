"""From mojibake characters back to the UTF-8 bytes they were, one character-sized unit at a time.

This is the one in-between format of the engine. A line is cut into *islands*
(maximal runs of non-ASCII characters that the suspected code page can produce);
each island is turned back into bytes and parsed into :class:`Unit` objects:

- ``complete``: a lead byte with all its continuation bytes (a lossless decode),
- ``gap``: a lead byte with fewer continuation bytes than it needs (bytes were dropped),
- ``stray``: a byte that cannot start a UTF-8 character here (the island is not all mojibake).

Every dropped byte is a continuation byte (0x80-0xBF) in the code pages we know,
so lead bytes always survive and the cut into units is unambiguous; what a gap
unit lacks is *which* bytes went missing and where, which :mod:`.lossy` enumerates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from roadmapi18n.repair.codecs import WILDCARD_CHAR, ByteCodec

__all__ = ["REPLACEMENT", "WILDCARD", "Island", "Unit", "iter_islands", "parse_island", "utf8_length"]

REPLACEMENT = "\ufffd"
WILDCARD = -1
"""Stands for a byte that a decoder replaced with U+FFFD: one of the code page's undefined bytes."""

UnitKind = Literal["complete", "gap", "stray"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One character's worth of bytes found in an island."""

    start: int
    """Offset of its first character in the line."""
    end: int
    """Offset just past its last character in the line."""
    kind: UnitKind
    """``complete``, ``gap`` or ``stray`` (see the module docstring)."""
    data: tuple[int, ...]
    """The bytes that survived, in order; :data:`WILDCARD` for a U+FFFD."""
    missing: int = 0
    """How many continuation bytes a ``gap`` unit lacks."""

    @property
    def has_wildcard(self) -> bool:
        """Whether a U+FFFD stands in for one of the bytes."""
        return WILDCARD in self.data

    def decoded(self) -> str | None:
        """The character a complete unit without wildcards spells, else None.

        >>> Unit(0, 2, "complete", (0xC3, 0xA1)).decoded()
        'á'
        """
        if self.kind != "complete" or WILDCARD in self.data:
            return None
        return _utf8(self.data)


@lru_cache(maxsize=1 << 16)
def _utf8(data: tuple[int, ...]) -> str | None:
    """The character the bytes ``data`` spell in UTF-8, or None; remembered (a document spells the same
    characters over and over, and its units are decoded several times each)."""
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True, slots=True)
class Island:
    """A maximal run of non-ASCII characters one code page can produce, and its units."""

    start: int
    end: int
    units: tuple[Unit, ...]


def utf8_length(lead: int) -> int:
    """How many bytes a UTF-8 character starting with ``lead`` has (0 if it cannot start one).

    >>> utf8_length(0xE6), utf8_length(0xA4)
    (3, 0)
    """
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _is_continuation(byte: int) -> bool:
    return byte == WILDCARD or 0x80 <= byte <= 0xBF


_ISLAND = re.compile("[\x80-\xff\u0100]+")
"""A run of bytes in a line spelled by :attr:`ByteCodec.byte_map` (U+0100 stands for a U+FFFD)."""
_ISLAND_BYTES = re.compile(rb"[\x80-\xff]+")


def iter_islands(line: str, codec: ByteCodec) -> Iterator[Island]:
    """Yield the islands of ``line`` under ``codec``, each parsed into units.

    >>> from roadmapi18n.repair.codecs import codec_by_name
    >>> [u.kind for i in iter_islands("Kh√°c", codec_by_name("mac_roman")) for u in i.units]
    ['complete']
    """
    if line.isascii():
        return
    if REPLACEMENT not in line:
        # The fast spelling: every character one byte, "?" for those the page never produces.
        for found in _ISLAND_BYTES.finditer(codec.spell(line)):
            start, end = found.span()
            yield Island(start, end, parse_island(found.group(), range(start, end)))
        return
    for match in _ISLAND.finditer(line.translate(codec.byte_map)):
        start, end = match.span()
        data = [WILDCARD if char == WILDCARD_CHAR else ord(char) for char in match.group()]
        yield Island(start, end, parse_island(data, range(start, end)))


def parse_island(data: Sequence[int], offsets: Sequence[int]) -> tuple[Unit, ...]:
    """Cut an island's bytes into units; ``offsets[i]`` is the line offset of byte ``i``."""
    units: list[Unit] = []
    i, n = 0, len(data)
    while i < n:
        lead = data[i]
        need = 0 if lead == WILDCARD else utf8_length(lead)
        if need < 2:
            units.append(Unit(offsets[i], offsets[i] + 1, "stray", (lead,)))
            i += 1
            continue
        j = i + 1
        while j < n and j - i < need and _is_continuation(data[j]):
            j += 1
        present = tuple(data[i:j])
        if len(present) == need:
            units.append(Unit(offsets[i], offsets[j - 1] + 1, "complete", present))
        else:
            units.append(Unit(offsets[i], offsets[j - 1] + 1, "gap", present, missing=need - len(present)))
        i = j
    return tuple(units)
