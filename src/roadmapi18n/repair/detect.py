"""Is this text mojibake, and if so, which misreading explains the whole document?

Two questions, answered cheaply first:

- the *fast path*: text that is pure ASCII, or has no character from the
  "mojibake alphabet" (what the known code pages make of bytes 0x80-0xFF, plus
  U+FFFD), cannot be mojibake from those code pages; one precompiled regex says so;
- the *document profile*: for each code page, turn the non-ASCII runs back into
  bytes and count how many of them parse as UTF-8 (strong evidence: 3- and 4-byte
  characters; medium: 2-byte Latin letters; weak: other 2-byte characters), how
  many lack bytes in a way only dropped bytes explain, and which bytes never
  occur. The code page with the most evidence wins; the document is lossy if
  some characters lack bytes, and the bytes it may have lost are the code page's
  undefined bytes and soft hyphen that never show up in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmapi18n.repair.codecs import CODECS, ByteCodec
from roadmapi18n.repair.lossy import candidates
from roadmapi18n.repair.units import REPLACEMENT, Unit, iter_islands

__all__ = [
    "ALPHABET",
    "SHAPE",
    "Evidence",
    "Profile",
    "has_mojibake_shape",
    "maybe_mojibake",
    "plausible",
    "profile_document",
    "unit_strength",
]


def _alphabet() -> re.Pattern[str]:
    chars = {REPLACEMENT}
    for codec in CODECS:
        chars.update(codec.encode_map)
    ranges = "".join(re.escape(char) for char in sorted(chars))
    return re.compile(f"[{ranges}]")


ALPHABET: re.Pattern[str] = _alphabet()
"""Matches any character mojibake from the known code pages can contain (and U+FFFD)."""


def _shape() -> re.Pattern[str]:
    def klass(chars: set[str]) -> str:
        return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"

    # One alternative per code page: a lead from one page followed by a continuation from
    # another is no evidence (Vietnamese "đã" would otherwise match, đ being a cp1250 lead).
    branches = [REPLACEMENT]
    for codec in CODECS:
        leads = {char for char, byte in codec.encode_map.items() if 0xC2 <= byte <= 0xF4}
        continuations = {char for char, byte in codec.encode_map.items() if 0x80 <= byte <= 0xBF}
        branches.append(klass(leads) + klass(continuations))
    return re.compile("|".join(branches))


SHAPE: re.Pattern[str] = _shape()
"""A UTF-8 lead byte followed by a continuation byte, as some code page shows them; or U+FFFD."""


# Latin letters a 2-byte mojibake sequence decodes to in the languages we care about
# (Latin-1, Latin Extended-A, and Vietnamese ơ ư from Extended-B).
_MEDIUM = re.compile("[\u00a0-\u017f\u01a0\u01a1\u01af\u01b0]")

_LETTERS_ELSEWHERE = re.compile("[\u0400-\u04ff]")

# Blocks real text uses; a decode landing elsewhere (NKo, Syriac, Samaritan, private use...)
# is more likely an accident of clean text than a repair.
_PLAUSIBLE = re.compile(
    "["
    "\u00a0-\u036f\u0370-\u03ff\u0400-\u04ff\u0500-\u052f\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0e7f"
    "\u1e00-\u1fff\u2000-\u206f\u2070-\u20ff\u2100-\u23ff\u2460-\u27bf\u2900-\u2bff\u2e80-\u2fdf"
    "\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u3190-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe00-\ufe0f\ufe30-\ufe4f\uff00-\uffef"
    "\U0001f000-\U0001faff\U00020000-\U0003134f\U000e0020-\U000e007f"
    "]"
)


def maybe_mojibake(text: str) -> bool:
    """False when ``text`` certainly holds no mojibake (the fast path); True when it needs a closer look.

    >>> maybe_mojibake("plain ASCII"), maybe_mojibake("資料，「完成」"), maybe_mojibake("Kh√°c")
    (False, False, True)
    """
    return not text.isascii() and ALPHABET.search(text) is not None


def has_mojibake_shape(text: str) -> bool:
    """Whether ``text`` shows a lead-then-continuation pair or a U+FFFD: the gate before any real work.

    >>> has_mojibake_shape("Tiếng Việt “ok”"), has_mojibake_shape("Kh√°c")
    (False, True)
    """
    return not text.isascii() and SHAPE.search(text) is not None


def plausible(char: str) -> bool:
    """Whether a decoded character belongs to a block running text uses.

    >>> plausible("á"), plausible("\\u07eb")
    (True, False)
    """
    return _PLAUSIBLE.match(char) is not None


def unit_strength(unit: Unit) -> int:
    """How strongly a complete unit says "this is mojibake": 3 strong, 2 medium, 1 weak, 0 none.

    >>> unit_strength(Unit(0, 3, "complete", (0xE6, 0xAD, 0xA4)))
    3
    """
    char = unit.decoded()
    if char is None:
        return 0
    if "\x80" <= char <= "\x9f" or (ALPHABET.match(char) and not _LETTERS_ELSEWHERE.match(char)):
        # Decoding to something a code page makes of a high byte (C1 controls, ƒ, ˆ, √, Apple's
        # private-use logo...) is how mojibake of mojibake peels: this was the outer layer.
        return 3 if len(unit.data) >= 3 else 2
    if not plausible(char):
        return 0
    if len(unit.data) >= 3:
        return 3
    return 2 if _MEDIUM.match(char) else 1


@dataclass(slots=True)
class Evidence:
    """What one code page explains in a document."""

    strong: int = 0
    medium: int = 0
    weak: int = 0
    gaps: int = 0
    """Units that lack bytes, in islands that are otherwise all mojibake, with at least one candidate."""
    strays: int = 0
    """Bytes that cannot be part of UTF-8 where they stand."""
    island_chars: int = 0
    explained_chars: int = 0
    seen_bytes: set[int] = field(default_factory=set)

    @property
    def score(self) -> float:
        """One number to rank code pages by."""
        return 3.0 * self.strong + self.medium + 0.5 * self.weak + 0.5 * self.gaps - 0.25 * self.strays

    @property
    def established(self) -> bool:
        """Whether this is enough to treat the document as mojibake in this code page."""
        if self.strong >= 1 or self.medium >= 2 or self.gaps >= 6:
            return True
        coverage = self.explained_chars / self.island_chars if self.island_chars else 0.0
        return self.weak >= 4 and coverage >= 0.5


@dataclass(frozen=True, slots=True)
class Profile:
    """The misreading that explains a document: code page, what it may have lost, the evidence."""

    codec: ByteCodec
    drop: frozenset[int]
    """Bytes that may have vanished (empty: nothing lost, lossless)."""
    evidence: Evidence
    lossy: bool
    """Whether some characters lack bytes."""

    @property
    def decode_weak(self) -> bool:
        """Whether weak (non-Latin 2-byte) decodes are part of this document's mojibake, not accidents."""
        total = self.evidence.strong + self.evidence.medium + self.evidence.weak
        return total > 0 and self.evidence.weak >= 0.3 * total

    @property
    def label(self) -> str:
        """``utf-8 read as <code page>`` for reports."""
        return f"utf-8 read as {self.codec.label}"


def _evidence(lines: Iterable[str], codec: ByteCodec) -> Evidence:
    evidence = Evidence()
    drop_all = codec.droppable
    for line in lines:
        if not maybe_mojibake(line):
            continue
        for island in iter_islands(line, codec):
            units = island.units
            evidence.island_chars += island.end - island.start
            clean_island = len(units) > 1 and all(unit.kind != "stray" for unit in units)
            for unit in units:
                evidence.seen_bytes.update(unit.data)
                if unit.kind == "complete":
                    strength = unit_strength(unit)
                    if strength:
                        evidence.explained_chars += unit.end - unit.start
                    if strength == 3:
                        evidence.strong += 1
                    elif strength == 2:
                        evidence.medium += 1
                    elif strength == 1:
                        evidence.weak += 1
                elif unit.kind == "gap":
                    if clean_island and candidates(unit, drop_all, codec.undefined):
                        evidence.gaps += 1
                        evidence.explained_chars += unit.end - unit.start
                else:
                    evidence.strays += 1
    return evidence


def profile_document(lines: Iterable[str]) -> Profile | None:
    """The code page whose misreading best explains ``lines``, or None if the text looks clean.

    >>> profile_document(["### Kh√°c", "M√¥ h√¨nh"]).label
    'utf-8 read as mac_roman'
    >>> profile_document(["Tiếng Việt, “curly” quotes, 資料。"]) is None
    True
    """
    suspects = [line for line in lines if maybe_mojibake(line)]
    if not suspects:
        return None
    best: tuple[tuple[float, int, int], ByteCodec, Evidence] | None = None
    for priority, codec in enumerate(CODECS):
        evidence = _evidence(suspects, codec)
        if not evidence.established:
            continue
        # On equal evidence, a page whose undefined bytes are exactly the ones a large text
        # never shows explains that absence; in a small text absence means nothing.
        absent = len(_absent_droppable(codec, evidence)) if evidence.strong + evidence.gaps >= 100 else 0
        key = (evidence.score, absent, -priority)
        if best is None or key > best[0]:
            best = (key, codec, evidence)
    if best is None:
        return None
    _, codec, evidence = best
    drop = frozenset(_absent_droppable(codec, evidence))
    lossy = evidence.gaps > 0 and bool(drop)
    return Profile(codec=codec, drop=drop if lossy else frozenset(), evidence=evidence, lossy=lossy)


def _absent_droppable(codec: ByteCodec, evidence: Evidence) -> set[int]:
    # A byte the page can lose but that the text shows somewhere (as a C1 control or a
    # soft hyphen) was evidently not lost.
    return set(codec.droppable) - evidence.seen_bytes
