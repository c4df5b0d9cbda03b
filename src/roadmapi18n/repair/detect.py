"""Is this text mojibake, and if so, which misreading explains the whole document?

Three questions, the cheapest first:

- *suspect lines*: a line can only hold mojibake from the known code pages if
  it shows a character some page makes of a UTF-8 lead byte directly followed
  by one it makes of a continuation byte, or a U+FFFD, or a C1 control
  (:data:`SUSPECT`, one precompiled regex; clean Chinese, Vietnamese or
  English lines almost never match, so clean text costs a regex scan);
- *islands*: within a line, each run of characters one code page produces is
  turned back into bytes and cut into units (:mod:`.units`). Every unit adds
  to the island's score, a rough log-likelihood ratio of "mojibake" against
  "clean text": a complete 3-byte character is strong evidence (clean text
  almost never spells one by accident), a lone lead byte (``á`` before a space)
  or a byte that cannot be UTF-8 where it stands is evidence *against*. An
  island is repaired only if its own score is positive and either it holds a
  self-evident unit (a complete 2- to 4-byte character, a U+FFFD) or the whole
  line scores positive (:func:`judge_line`). This is what keeps clean text a
  fixed point however long the document is: every decision rests on the
  island and its line, never on counts that grow with the document.
- the *document profile*: which code page, lossless or lossy, which bytes were
  lost. Each page is scored on (a bounded, evenly spread sample of) the
  suspect lines, counting only what :func:`judge_line` accepts; the best
  established page wins (:func:`rank_profiles`). The document is lossy if
  accepted islands hold characters that lack bytes, and the bytes it may have
  lost are the page's undefined bytes and soft hyphen that never show up in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from roadmapi18n.repair.codecs import CODECS, ByteCodec, char_class
from roadmapi18n.repair.lossy import candidates
from roadmapi18n.repair.scripts import ScriptSet, document_scripts, locale_scripts
from roadmapi18n.repair.units import REPLACEMENT, Island, Unit, iter_islands

__all__ = [
    "ALPHABET",
    "SHAPE",
    "SUSPECT",
    "Evidence",
    "Profile",
    "char_strength",
    "decode_line",
    "has_mojibake_shape",
    "judge_line",
    "maybe_mojibake",
    "plausible",
    "profile_document",
    "rank_profiles",
    "rank_suspects",
    "reads_like_a_word",
    "suspect",
    "unit_strength",
]

SAMPLE_CHARS = 48_000
"""At most this many characters of suspect lines are profiled (evenly spread): the profile costs a bounded time."""


_ALPHABET_CHARS = frozenset({REPLACEMENT}.union(*(codec.encode_map for codec in CODECS)))
ALPHABET: re.Pattern[str] = re.compile(char_class(set(_ALPHABET_CHARS)))
"""Matches any character mojibake from the known code pages can contain (and U+FFFD)."""

SHAPE: re.Pattern[str] = re.compile("|".join([REPLACEMENT, *(codec.pair.pattern for codec in CODECS)]))
"""A UTF-8 lead byte followed by a continuation byte, as one code page shows them; or U+FFFD."""


_FTFY_ONLY = ("cp1253", "cp1257", "cp437")
"""Code pages ftfy knows and this engine does not: a line ftfy could fix there is a suspect too."""


def _pairs(name: str) -> tuple[set[str], set[str]]:
    """The characters code page ``name`` shows for UTF-8 lead bytes and for continuation bytes."""
    leads: set[str] = set()
    continuations: set[str] = set()
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(name)
        except UnicodeDecodeError:
            continue
        if 0xC2 <= byte <= 0xF4:
            leads.add(char)
        elif byte <= 0xBF:
            continuations.add(char)
    return leads, continuations


def _suspect() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # A fast superset first: one lead class and one continuation class over every page (a single
    # two-class pattern scans several times faster than one alternative per page); then the exact
    # test, one alternative per page. Both also match U+FFFD and C1 controls, which ftfy fixes too.
    extra = f"|[{REPLACEMENT}\\x80-\\x9f]"
    all_leads: set[str] = set()
    all_continuations: set[str] = set()
    branches: list[str] = []
    for name in [codec.name for codec in CODECS] + list(_FTFY_ONLY):
        leads, continuations = _pairs(name)
        all_leads |= leads
        all_continuations |= continuations
        branches.append(char_class(leads) + char_class(continuations))
    loose = re.compile(char_class(all_leads) + char_class(all_continuations) + extra)
    return loose, re.compile("|".join(branches) + extra)


SUSPECT, _SUSPECT_EXACTLY = _suspect()
"""Matches (a superset of) wherever a known misreading could have left a trace: use :func:`suspect`."""


def suspect(line: str) -> bool:
    """Whether ``line`` shows a lead byte then a continuation byte as one code page (ours or ftfy's) spells
    them, a U+FFFD or a C1 control: the only lines a repair can change.

    >>> suspect("Kh√°c"), suspect("Tiếng Việt: đó, Đây"), suspect("資料")
    (True, False, False)
    """
    return not line.isascii() and SUSPECT.search(line) is not None and _SUSPECT_EXACTLY.search(line) is not None


# Latin letters a 2-byte mojibake sequence decodes to in the languages we care about
# (Latin-1, Latin Extended-A, Vietnamese ơ ư from Extended-B, and the apostrophe letters ʻ ʼ of Kʼicheʼ or
# Hawaiʻi; not the other modifier letters: Ukrainian Кі is ʳ in Windows-1251).
_MEDIUM = re.compile("[\u00a0-\u017f\u01a0\u01a1\u01af\u01b0\u02bb\u02bc]")

_LETTERS_ELSEWHERE = re.compile("[\u0400-\u04ff]")

# Blocks real text uses: the scripts CLDR locales write and the symbols READMEs hold (box drawing, arrows
# such as ⟶, braille, the styled letters of 𝕏, emoji). A decode landing elsewhere (NKo, Syriac, Samaritan,
# private use...) is more likely an accident of clean text than a repair; a decode landing in a real block
# left out here is not repaired at all, so a block is only left out for a reason.
_PLAUSIBLE_RANGES: tuple[tuple[int, int], ...] = (
    # Two-byte characters (weak evidence unless Latin).
    (0x00A0, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F), (0x0590, 0x05FF), (0x0600, 0x06FF),
    # Three-byte: scripts (Indic, Thai, Lao, Tibetan, Myanmar, Georgian, Hangul Jamo, Ethiopic, Cherokee,
    # Canadian syllabics, Khmer, Mongolian, Ol Chiki, phonetic letters), then Latin and Greek extended.
    (0x0900, 0x0DFF), (0x0E00, 0x0E7F), (0x0E80, 0x0FFF), (0x1000, 0x10FF), (0x1100, 0x11FF), (0x1200, 0x13FF),
    (0x1400, 0x167F), (0x1780, 0x17FF), (0x1800, 0x18AF), (0x19E0, 0x19FF), (0x1C50, 0x1CBF), (0x1D00, 0x1DFF),
    (0x1E00, 0x1FFF),
    # Punctuation and every symbol block up to U+2BFF: arrows, maths, control pictures, box drawing,
    # dingbats, supplemental arrows (⟶), braille.
    (0x2000, 0x2BFF), (0x2C60, 0x2C7F), (0x2D00, 0x2DFF), (0x2E00, 0x2E7F),
    # CJK (radicals to unified ideographs, with kana, bopomofo, Hangul), Yi, Lisu, Vai, Cyrillic and Latin
    # extensions, Myanmar, Ethiopic and Cherokee extensions, Meetei Mayek, Hangul syllables and jamo.
    (0x2E80, 0x9FFF), (0xA000, 0xA69F), (0xA700, 0xA7FF), (0xA960, 0xA97F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F),
    (0xAB00, 0xD7FF),
    # Compatibility ideographs, presentation forms (ligatures, Arabic; not the byte-order mark U+FEFF),
    # variation selectors, vertical and small forms, full- and half-width forms.
    (0xF900, 0xFDCF), (0xFDF0, 0xFEFE), (0xFF00, 0xFFEF),
    # Four-byte: kana supplement, mathematical letters (𝕏), Adlam, emoji and pictographs with the symbols
    # for legacy computing, CJK extensions B to H, tags (flag sequences).
    (0x1B000, 0x1B16F), (0x1D400, 0x1D7FF), (0x1E900, 0x1E95F), (0x1F000, 0x1FBFF), (0x20000, 0x323AF),
    (0xE0020, 0xE007F),
)  # fmt: skip


def _ranges(floor: int = 0) -> str:
    """The plausible ranges from ``floor`` on, as the inside of a character class."""
    return "".join(f"{chr(max(low, floor))}-{chr(high)}" for low, high in _PLAUSIBLE_RANGES if high >= floor)


_PLAUSIBLE = re.compile(f"[{_ranges()}]")

# Unit scores, in nats: roughly log P(unit | mojibake) / P(unit | clean text).
SCORE_STRONG = 6.0
"""A complete 3- or 4-byte character: clean text almost never spells one by accident."""
SCORE_MEDIUM = 3.0
"""A complete 2-byte character that is a Latin letter (``Ã©`` → ``é``)."""
SCORE_WEAK = 1.0
"""A complete 2-byte character of another kind (``Ð¿`` → ``п``): clean Latin-1 text makes these more easily."""
SCORE_IMPLAUSIBLE = -2.0
"""Complete bytes that spell a character no running text uses."""
SCORE_WILDCARD = 2.0
"""A unit holding a U+FFFD: the text certainly lost a byte here."""
SCORE_GAP = {1: 2.0, 2: 0.5}
"""A character that lacks ``n`` bytes but kept a continuation byte (``æ¤``), in a lossy reading."""
SCORE_LONE_LEAD = {1: -1.0, 2: -3.0, 3: -5.0}
"""A lead byte with none of its ``n`` continuation bytes (``á`` before a space): what clean text looks like."""
SCORE_NOT_LOSSY = -4.0
"""A character that lacks bytes, in a lossless reading: as impossible in mojibake as a stray byte."""
SCORE_STRAY = -4.0
"""A byte that cannot be part of UTF-8 where it stands: mojibake never leaves one."""


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


@cache
def char_strength(char: str) -> int:
    """How strongly decoding bytes to ``char`` says "this was mojibake": 3 strong, 2 medium, 1 weak, 0 none.

    The answer depends on the character alone, since its UTF-8 length follows from it.

    >>> char_strength("此"), char_strength("á"), char_strength("п"), char_strength("\\u07eb")
    (3, 2, 1, 0)
    """
    multibyte = ord(char) >= 0x800
    if "\x80" <= char <= "\x9f" or (ALPHABET.match(char) and not _LETTERS_ELSEWHERE.match(char)):
        # Decoding to something a code page makes of a high byte (C1 controls, ƒ, ˆ, √, Apple's
        # private-use logo...) is how mojibake of mojibake peels: this was the outer layer.
        return 3 if multibyte else 2
    if not plausible(char):
        return 0
    if multibyte:
        return 3
    return 2 if _MEDIUM.match(char) else 1


def unit_strength(unit: Unit) -> int:
    """How strongly a complete unit says "this is mojibake": 3 strong, 2 medium, 1 weak, 0 none.

    >>> unit_strength(Unit(0, 3, "complete", (0xE6, 0xAD, 0xA4)))
    3
    """
    char = unit.decoded()
    return 0 if char is None else char_strength(char)


@cache
def _rejected(decode_weak: bool) -> re.Pattern[str]:
    """Matches a decoded character that a line decode must not produce (too weak, or implausible)."""
    floor = 1 if decode_weak else 2
    accepted_low = "".join(re.escape(chr(code)) for code in range(0x80, 0x800) if char_strength(chr(code)) >= floor)
    # From U+0800 on a character is strong exactly when it is plausible or a code page's own.
    own = "".join(re.escape(char) for char in sorted(_ALPHABET_CHARS) if ord(char) >= 0x800)
    return re.compile(f"[^\\x00-\\x7f{accepted_low}{_ranges(0x800)}{own}]")


def decode_line(line: str, codec: ByteCodec, *, decode_weak: bool) -> str | None:
    """``line`` decoded whole, if every non-ASCII character in it is part of mojibake this page explains.

    The fast path of the engine: two C-level calls, no per-character Python.
    None when some character is not from the page, the bytes are not UTF-8
    (a lost byte, clean text) or a decoded character is too weak or implausible.

    >>> from roadmapi18n.repair.codecs import codec_by_name
    >>> decode_line("M√¥ h√¨nh", codec_by_name("mac_roman"), decode_weak=False)
    'Mô hình'
    >>> decode_line("Mô hình", codec_by_name("mac_roman"), decode_weak=False) is None
    True
    """
    try:
        decoded = codec.decode_spelled(line)
    except UnicodeError:
        return None
    if decoded == line or _rejected(decode_weak).search(decoded):
        return None
    return decoded


@dataclass(frozen=True, slots=True)
class JudgedIsland:
    """One island of a line and the verdict on it."""

    island: Island
    score: float
    """Sum of its units' scores (nats)."""
    accepted: bool
    """Whether its units may be repaired."""


def _unit_score(unit: Unit, codec: ByteCodec, lossy: bool) -> tuple[float, bool]:
    """(score, self-evident) for one unit.

    Self-evident are the units clean text (of any language) practically never
    spells: a complete character of three or four bytes, a complete Latin
    letter of two (``Ã©``), a U+FFFD. A two-byte symbol (``Â©``, but also
    Ukrainian ``ВІ`` read as cp1251 bytes) counts, but proves nothing alone.
    """
    if unit.kind == "stray":
        return (0.0 if unit.has_wildcard else SCORE_STRAY), False
    if unit.has_wildcard:
        return SCORE_WILDCARD, True
    if unit.kind == "complete":
        char = unit.decoded()
        strength = 0 if char is None else char_strength(char)
        if strength == 3:
            return SCORE_STRONG, True
        if strength == 2:
            return SCORE_MEDIUM, char is not None and char.isalpha()
        return (SCORE_WEAK if strength == 1 else SCORE_IMPLAUSIBLE), False
    if not lossy or not candidates(unit, codec.droppable, codec.undefined):
        return SCORE_NOT_LOSSY, False
    if len(unit.data) > 1:
        return SCORE_GAP.get(unit.missing, 0.0), False
    return SCORE_LONE_LEAD.get(unit.missing, -5.0), False


def judge_line(line: str, codec: ByteCodec, *, lossy: bool) -> list[JudgedIsland]:
    """The islands of ``line`` under ``codec``, each with its score and whether it may be repaired.

    A line that scores positive as a whole is mojibake (lines are what documents
    are put together from): every island in it may be repaired except one that
    holds a byte UTF-8 cannot have there and scores nothing, and one whose only
    evidence is weak and that reads like a word (below). In a line that does
    not, only an island that scores positive, holds a self-evident unit and
    does not read like a word may be (mojibake pasted into clean text).

    "Reads like a word": letters only, never a capital after a small letter.
    Clean text in a code page's own language is made of such runs (Czech
    ``zvlášť`` is three complete UTF-8 bytes in Windows-1250, and decodes to
    ``ṻ``); mojibake almost never is, since continuation bytes mostly show as
    symbols (``Ã©``, ``â€™``, ``ä¸­``) or start a capital after a small letter
    (``РїСЂ``).

    >>> from roadmapi18n.repair.codecs import codec_by_name
    >>> mac = codec_by_name("mac_roman")
    >>> [(j.score, j.accepted) for j in judge_line("Kh√°c √¥", mac, lossy=False)]
    [(3.0, True), (3.0, True)]
    >>> w1250 = codec_by_name("cp1250")
    >>> [j.accepted for j in judge_line("Milanović and Đây", w1250, lossy=True)]
    [False, False]
    >>> [j.accepted for j in judge_line("kód zvlášť vyhrazený", w1250, lossy=False)]
    [False, False, False]
    """
    # A document's profile judges its lines, then its pass plans the same lines under the same page: the
    # verdicts (immutable) of the last few hundred thousand characters of lines are remembered.
    key = (line, codec, lossy)
    found = _JUDGED.get(key)
    if found is None:
        found = _judged(line, codec, lossy)
        if len(line) <= JUDGED_CHARS:
            if _judged_chars[0] + len(line) > JUDGED_CHARS:
                _JUDGED.clear()
                _judged_chars[0] = 0
            _JUDGED[key] = found
            _judged_chars[0] += len(line)
    return list(found)


JUDGED_CHARS = 1 << 18
"""How many characters of lines :func:`judge_line` remembers the verdicts of, at most (a bound on memory)."""
_JUDGED: dict[tuple[str, ByteCodec, bool], tuple[JudgedIsland, ...]] = {}
_judged_chars = [0]


def _judged(line: str, codec: ByteCodec, lossy: bool) -> tuple[JudgedIsland, ...]:
    scored: list[tuple[Island, float, bool, bool, bool]] = []
    total = 0.0
    for island in iter_islands(line, codec):
        score = 0.0
        evident = stray = False
        complete = 0
        for unit in island.units:
            value, clear = _unit_score(unit, codec, lossy)
            score += value
            evident = evident or clear
            stray = stray or unit.kind == "stray"
            complete += unit.kind == "complete"
        total += score
        wordlike = reads_like_a_word(line[island.start : island.end])
        weak_word = wordlike and not evident and complete == len(island.units)
        scored.append((island, score, evident, (stray and score <= 0) or weak_word, wordlike))
    if total > 0:
        return tuple(JudgedIsland(island, score, not refused) for island, score, _, refused, _ in scored)
    return tuple(
        JudgedIsland(island, score, score > 0 and evident and not wordlike)
        for island, score, evident, _, wordlike in scored
    )


def reads_like_a_word(text: str) -> bool:
    """Letters only, and no capital right after a small letter.

    >>> reads_like_a_word("ášť"), reads_like_a_word("Ã©"), reads_like_a_word("РїСЂ")
    (True, False, False)
    """
    if not text.isalpha():
        return False
    return not any(a.islower() and b.isupper() for a, b in pairwise(text))


@dataclass(slots=True)
class Evidence:
    """What one code page explains in a document (accepted islands only, except strays)."""

    strong: int = 0
    medium: int = 0
    weak: int = 0
    gaps: int = 0
    """Units that lack bytes but kept one, in accepted islands, with at least one candidate."""
    strays: int = 0
    """Bytes that cannot be part of UTF-8 where they stand (anywhere)."""
    island_chars: int = 0
    explained_chars: int = 0
    seen_bytes: set[int] = field(default_factory=set)
    decoded_chars: set[str] = field(default_factory=set)
    """Every character accepted complete units decode to (what the document is written in)."""

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

    def add_decoded(self, decoded: str) -> None:
        """Count a line that decoded whole (every unit complete and accepted)."""
        for char, count in Counter(decoded).items():  # counted in C; one strength per distinct character
            if char.isascii():
                continue
            self.decoded_chars.add(char)
            # Every character of the line's islands is explained (a byte each in the code page): coverage,
            # which weak evidence alone needs (Cyrillic misread as Mac Roman has no 3-byte character).
            spelled = len(char.encode("utf-8")) * count
            self.island_chars += spelled
            self.explained_chars += spelled
            strength = char_strength(char)
            if strength == 3:
                self.strong += count
            elif strength == 2:
                self.medium += count
            else:
                self.weak += count

    def add_judged(self, judged: Iterable[JudgedIsland], codec: ByteCodec) -> None:
        """Count a line's islands as :func:`judge_line` saw them."""
        for verdict in judged:
            island = verdict.island
            self.island_chars += island.end - island.start
            for unit in island.units:
                self.seen_bytes.update(unit.data)
                if unit.kind == "stray":
                    self.strays += 1
                    continue
                if not verdict.accepted:
                    continue
                if unit.kind == "complete":
                    strength = unit_strength(unit)
                    if strength:
                        self.explained_chars += unit.end - unit.start
                        self.decoded_chars.add(unit.decoded() or "")
                    if strength == 3:
                        self.strong += 1
                    elif strength == 2:
                        self.medium += 1
                    elif strength == 1:
                        self.weak += 1
                elif len(unit.data) > 1 and candidates(unit, codec.droppable, codec.undefined):
                    self.gaps += 1
                    self.explained_chars += unit.end - unit.start


@dataclass(frozen=True, slots=True)
class Profile:
    """The misreading that explains a document: code page, what it may have lost, the evidence."""

    codec: ByteCodec
    drop: frozenset[int]
    """Bytes that may have vanished (empty: nothing lost, lossless)."""
    evidence: Evidence
    lossy: bool
    """Whether some characters lack bytes."""
    written_in: frozenset[str] = frozenset()
    """The scripts the document is written in as far as it shows (ISO 15924 codes): of its decoded characters,
    and of the letters no code page makes of a byte."""

    @property
    def scripts(self) -> ScriptSet:
        """The scripts a guessed character may be in when nobody gave a locale: :attr:`written_in`, Latin, and
        the script-neutral characters (see :mod:`.scripts`)."""
        return locale_scripts(None).union(self.written_in)

    @property
    def decode_weak(self) -> bool:
        """Whether weak (non-Latin 2-byte) decodes are part of this document's mojibake, not accidents."""
        total = self.evidence.strong + self.evidence.medium + self.evidence.weak
        return total > 0 and self.evidence.weak >= 0.3 * total

    @property
    def label(self) -> str:
        """``utf-8 read as <code page>`` for reports."""
        return f"utf-8 read as {self.codec.label}"


def _sample(lines: Sequence[str], budget: int = SAMPLE_CHARS) -> Sequence[str]:
    """``lines`` if they are short enough together, else every k-th line, about ``budget`` characters in all."""
    total = sum(map(len, lines))
    if total <= budget:
        return lines
    return lines[:: -(-total // budget)]


def _evidence(lines: Iterable[str], codec: ByteCodec) -> Evidence:
    evidence = Evidence()
    for line in lines:
        if REPLACEMENT not in line and not codec.pair.search(line):
            # No complete character and no character that kept a continuation byte: only
            # lone leads and strays, which can only count against this page.
            continue
        decoded = decode_line(line, codec, decode_weak=True)
        if decoded is not None:
            evidence.add_decoded(decoded)
            evidence.seen_bytes.update(codec.spell(line))
            continue
        evidence.add_judged(judge_line(line, codec, lossy=True), codec)
    return evidence


def rank_profiles(lines: Iterable[str]) -> Iterator[Profile]:
    """Every code page whose misreading is established in ``lines``, the best explanation first (lazily).

    Pages are scored best-first: a page's score can never exceed three times the
    lead-and-continuation pairs it shows (strong units count three, and every
    unit needs a pair or a U+FFFD), so a page whose bound cannot beat the best
    found so far is not scored until a caller asks for a worse explanation.

    >>> [p.codec.name for p in rank_profiles(["### Kh√°c", "M√¥ h√¨nh"])][:1]
    ['mac_roman']
    >>> list(rank_profiles(["Tiếng Việt, “curly” quotes, 資料。"]))
    []
    """
    return rank_suspects([line for line in lines if suspect(line)])


def rank_suspects(suspects: Sequence[str]) -> Iterator[Profile]:
    """:func:`rank_profiles` for lines already known to match :data:`SUSPECT`."""
    if not suspects:
        return
    sample = _sample(suspects)
    joined = "\n".join(sample)
    wildcards = joined.count(REPLACEMENT)
    clean_chars = set(joined) - _ALPHABET_CHARS  # what no code page makes of a byte: the text's own letters
    pending = sorted(
        ((_bound(codec, joined, wildcards), priority, codec) for priority, codec in enumerate(CODECS)),
        key=lambda item: (-item[0], item[1]),
    )
    whole: list[str] = []  # every suspect line, joined once, if a page is established
    scored: list[tuple[tuple[float, int, int], Profile]] = []
    while pending or scored:
        while pending and (not scored or pending[0][0] >= scored[0][0][0]):
            bound, priority, codec = pending.pop(0)
            if bound <= 0:
                continue
            evidence = _evidence(sample, codec)
            if not evidence.established:
                continue
            whole = whole or ["\n".join(suspects)]
            # A byte the page can lose but that the text shows somewhere was evidently not lost.
            absent = _absent(codec, whole[0])
            # On equal evidence, a page whose undefined bytes are exactly the ones a large text
            # never shows explains that absence; in a small text absence means nothing.
            weight = len(absent) if evidence.strong + evidence.gaps >= 100 else 0
            lossy = evidence.gaps > 0 and bool(absent)
            drop = frozenset(absent) if lossy else frozenset()
            written_in = document_scripts("".join(evidence.decoded_chars | clean_chars))
            scored.append(((evidence.score, weight, -priority), Profile(codec, drop, evidence, lossy, written_in)))
            scored.sort(key=lambda item: item[0], reverse=True)
        if not scored:
            return
        yield scored.pop(0)[1]


def _bound(codec: ByteCodec, text: str, wildcards: int) -> float:
    """The highest :attr:`Evidence.score` ``codec`` can reach on ``text``.

    Every unit that scores starts with a lead byte followed by a continuation
    byte (or holds a U+FFFD); a 2-byte character scores 1 at most, a longer one 3.
    """
    pairs = len(codec.pair.findall(text))
    short = len(codec.short_pair.findall(text))
    return 3.0 * (pairs - short) + 1.0 * short + 3.0 * wildcards


def _shown(codec: ByteCodec, byte: int) -> str:
    """The character a text shows where it kept ``byte`` (a C1 control for an undefined byte below 0xA0).

    An undefined byte from 0xA0 up has no character at all: it cannot show, so this returns "" — and
    ``"" in text`` is always true, which would wrongly count it as seen; callers use :func:`_absent`.
    """
    for char, value in codec.encode_map.items():
        if value == byte:
            return char
    return ""


def _absent(codec: ByteCodec, text: str) -> set[int]:
    """The bytes ``codec`` can lose that ``text`` never shows."""
    return {byte for byte in codec.droppable if not (shown := _shown(codec, byte)) or shown not in text}


def profile_document(lines: Iterable[str]) -> Profile | None:
    """The code page whose misreading best explains ``lines``, or None if the text looks clean.

    >>> profile_document(["### Kh√°c", "M√¥ h√¨nh"]).label
    'utf-8 read as mac_roman'
    >>> profile_document(["Tiếng Việt, “curly” quotes, 資料。"]) is None
    True
    """
    return next(rank_profiles(lines), None)
