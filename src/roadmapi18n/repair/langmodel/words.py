"""A word model for languages that separate words with spaces (Vietnamese syllables, English words).

Between two fixed non-letter characters lies a *block*: a few letters, some of
them damaged. Every combination of candidates in a block is spelled out and
scored as the words it makes, with wordfreq's frequencies for the language,
penalties for unknown words and for impossible capitalisation (``vIệt``), and
the symbol priors for non-letters. Blocks are short, so enumeration is exact;
the block combinations become lattice edges, and the lattice gives the
confidences.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, product

from roadmapi18n.repair.langmodel.lattice import Choice, Edge, Option, Position, Restored, best_path
from roadmapi18n.repair.langmodel.priors import IMPLAUSIBLE, PAIR_CONTEXT, char_cost, pair_bonus

__all__ = ["WordModel", "load_word_model"]

OOV_WORD = 17.0
"""Cost of a well-formed word the list does not have."""
FOREIGN_LETTERS = 14.0
"""Extra cost per letter from a script the language does not use."""
BAD_CASE = 8.0
"""Extra cost for a word that is neither lower case, Title case nor UPPER case."""
CAPITAL_INSIDE = 6.0
"""Extra cost for a guessed capital letter after the first letter of a word."""
MAX_COMBINATIONS = 4096
"""The most readings of one word that are spelled out (see :func:`_bounded_spans`)."""
PRUNED = 6
"""Candidates kept per damaged letter of a word whose readings would be more than :data:`MAX_COMBINATIONS`."""
KEEP_COST = 14.0
"""Cost per character of leaving characters as they were when they make no word."""


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


@dataclass(slots=True)
class WordModel:
    """Word frequencies for one language, and the letters that language writes with."""

    language: str
    words: dict[str, float]
    """Case-folded word -> cost (``-log`` frequency)."""
    alphabet: frozenset[str]
    """Case-folded letters seen in the word list (letters outside it are foreign)."""

    def adapted(self, context: Iterable[str]) -> WordModel:
        """Words are short and the lists large: the document adds nothing this model uses."""
        return self

    def refined(self, restored: Iterable[Restored]) -> WordModel:
        """Nothing to learn from a first pass either."""
        return self

    def excluding(self, *restored: Restored) -> WordModel:
        """Nothing was learnt, so nothing to leave out."""
        return self

    def preload(self) -> None:
        """Everything is loaded with the word list."""

    def decide(self, positions: Sequence[Position]) -> list[Choice]:
        """Choose an option at every position, block by block (quotes and brackets see the whole line)."""
        texts = [self._provisional(position) for position in positions]
        return best_path(positions, self._edges(positions, texts))

    def _provisional(self, position: Position) -> str:
        if position.fixed:
            return position.options[0].text
        return min(position.options, key=lambda option: 0.0 if option.keep else char_cost(option.text, "", "")).text

    def token_cost(self, token: str) -> float:
        """Cost of one word as written (frequency, foreign letters, capitalisation).

        >>> WordModel("vi", {"về": 5.0}, frozenset("vềe"), ).token_cost("Về")
        5.0
        """
        folded = token.casefold()
        cost = self.words.get(folded)
        if cost is None:
            foreign = sum(1 for char in folded if _is_letter(char) and char not in self.alphabet)
            cost = OOV_WORD + FOREIGN_LETTERS * foreign
        if not (token.islower() or token.isupper() or token.istitle() or not token.isalpha()):
            cost += BAD_CASE
        return cost

    def _edges(self, positions: Sequence[Position], texts: list[str]) -> list[Edge]:
        line = "".join(texts)
        offsets = [0, *accumulate(len(text) for text in texts)]
        edges: list[Edge] = []
        start = 0
        n = len(positions)
        while start < n:
            if positions[start].fixed and not _is_letter(positions[start].options[0].text[:1] or " "):
                edges.append(Edge(start, start + 1, (0,), 0.0))
                start += 1
                continue
            end = start
            while end < n and not (positions[end].fixed and not _is_letter(positions[end].options[0].text[:1] or " ")):
                end += 1
            for first, last in _bounded_spans(positions, start, end):
                # What a block sees of the line around it, at most PAIR_CONTEXT characters each side (see there).
                before = line[max(0, offsets[first] - PAIR_CONTEXT) : offsets[first]]
                after = line[offsets[last] : offsets[last] + PAIR_CONTEXT]
                edges.extend(self._block(positions, first, last, before, after))
            start = end
        return edges

    def _block(self, positions: Sequence[Position], start: int, end: int, before: str, after: str) -> list[Edge]:
        block = positions[start:end]
        choices: list[list[int]] = [list(range(len(position.options))) for position in block]
        total = math.prod(len(choice) for choice in choices)
        if total > MAX_COMBINATIONS:
            choices = [self._pruned(position) for position in block]
        edges: list[Edge] = []
        for picks in product(*choices):
            options = [block[i].options[pick] for i, pick in enumerate(picks)]
            edges.append(Edge(start, end, tuple(picks), self._spelling_cost(options, block, before, after)))
        return edges

    def _pruned(self, position: Position) -> list[int]:
        ranked = sorted(range(len(position.options)), key=lambda i: char_cost(position.options[i].text[:1], "", ""))
        return ranked[:PRUNED]

    def _spelling_cost(self, options: list[Option], block: Sequence[Position], before: str, after: str) -> float:
        cost = 0.0
        word: list[str] = []
        for option, position in zip(options, block, strict=True):
            char = option.text
            if option.keep:
                cost += 0.0 if all(_is_letter(c) for c in char) else KEEP_COST * len(char)
                word.append(char)
                continue
            if _is_letter(char[:1] or " "):
                if word and not position.fixed and char.isupper():
                    cost += CAPITAL_INSIDE  # a guessed capital in mid-word: Bỏ, not BỐ
                word.append(char)
                continue
            if word:
                cost += self.token_cost("".join(word))
                word = []
            if not position.fixed:
                cost += char_cost(char, before, after) + pair_bonus(char, before, after)
        if word:
            cost += self.token_cost("".join(word))
        return min(cost, IMPLAUSIBLE * 4)


def _bounded_spans(positions: Sequence[Position], start: int, end: int) -> list[tuple[int, int]]:
    """The run of letters ``start:end`` cut into spans of at most :data:`MAX_COMBINATIONS` readings each.

    A word has a few damaged letters, and its readings are spelled out in full. A run
    of dozens (mojibake of another script read as letters) would have billions even
    with :data:`PRUNED` candidates per letter: it is cut where the count would pass the
    bound, so each piece is spelled as a word of its own and a line costs linear time.
    """
    spans: list[tuple[int, int]] = []
    first, readings = start, 1  # readings of first:index with PRUNED candidates at most per letter
    for index in range(start, end):
        count = min(len(positions[index].options), PRUNED)
        if readings * count > MAX_COMBINATIONS and index > first:
            spans.append((first, index))
            first, readings = index, 1
        readings *= count
    spans.append((first, end))
    return spans


@cache
def load_word_model(language: str) -> WordModel:
    """The word model for a wordfreq language code (``"vi"``, ``"en"``), loaded once per process."""
    import wordfreq

    # wordfreq logs a warning when it serves a nearest-match list (Khmer gets English); with no handler
    # configured that lands on the CLI's stderr. Its notices are not ours to show.
    quiet = logging.getLogger("wordfreq")
    previous = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        frequencies = wordfreq.get_frequency_dict(language, wordlist="best")
    except LookupError:
        frequencies = {}
    finally:
        quiet.setLevel(previous)
    words = {word: -math.log(frequency) for word, frequency in frequencies.items() if frequency > 0}
    alphabet = frozenset(char for word in words for char in word if _is_letter(char))
    return WordModel(language=language, words=words, alphabet=alphabet)
