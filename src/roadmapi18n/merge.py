"""Merge a translated catalog with a new template: msgmerge's semantics, near-linear time.

Two ways to match old entries to the template's:

* ``match_on="message"`` is a drop-in for ``msgmerge --previous OLD.po NEW.pot``
  (GNU gettext 0.21): an exact ``(msgctxt, msgid)`` match keeps the translation;
  otherwise the most similar old translation (similarity > 0.6, gettext's
  fstrcmp measure, with its small bonus for a candidate in the same or no
  context) is copied in, marked fuzzy, with the old ``#| msgctxt``/``#| msgid``.
  As msgmerge does, every old translated entry is a candidate (obsolete and
  already-used ones too), an obsolete entry whose key comes back is revived,
  and old entries nothing used become obsolete (``#~``).
* ``match_on="context"`` is the roadmap mode, where ``msgctxt`` is a stable ID:
  same ID and text → kept; same ID, new text → fuzzy with ``#| msgid`` = old
  English; a new ID → matched by similarity, one to one, against translated
  entries whose ID is gone (a renamed unit) → fuzzy with ``#| msgctxt`` and
  ``#| msgid``; IDs gone for good → obsolete. An entry whose translation a
  renamed unit took stays obsolete as well: if its ID and English come back
  (a passage restored, a topic moved away and back), it is confirmed again.

Exact matches go through dictionaries. Similarity is computed only for the
leftovers, and only against a few candidates each: an inverted index of word
pairs (and of character trigrams for short texts) proposes the old entries
sharing the most of the rarest tokens, and rapidfuzz's Indel distance scores
them with gettext's fstrcmp formula. That makes a 20,000-message merge take
a fraction of a second where msgmerge compares every pair. Pools of at most
200 candidates are scored in full, so small merges choose exactly what
msgmerge chooses; on large ones a new message that only loosely resembles an
old one (similarity below about 0.8, sharing few word pairs) may get no
suggestion where msgmerge would propose one.

Entries merged from an old one take translator comments from it and
extracted comments, references and flags (other than fuzzy) from the
template, as msgmerge does. The header keeps the old fields, with
POT-Creation-Date and Report-Msgid-Bugs-To from the template.

Differences from msgmerge, on purpose or not yet done: strings are compared
as Unicode characters (gettext 0.21 compares bytes, which only matters for
non-ASCII source text); msgmerge also marks an entry fuzzy when its
translation fails the new format-string check (e.g. ``c-format``), which we do
not run; obsolete entries in the *template* are ignored (msgmerge revives them
as live entries).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Literal

from roadmapi18n.catalog import HEADER_ORDER, Catalog, Message, MessageKey, read_po
from roadmapi18n.perf import gc_paused

MatchOn = Literal["context", "message"]

FUZZY_THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD: a candidate must be more similar than this."""
CONTEXT_BONUS = 0.00001
"""msgmerge's tie-breaker for a candidate with the same msgctxt or none."""
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
# How many candidates the index proposes per message, and how many postings it will count.
_CANDIDATES = 12
_EXHAUSTIVE = 200  # candidate pools up to this size are scored in full
_SHORT_MESSAGE_MAX = 28  # msgmerge: bytes; longer entries are never candidates for a msgid under 4 characters
_SHORT = 40  # characters: texts up to this long are indexed by character trigrams too
_WORK = 800
_COMMON = 1000
_SHORTLIST = 40
_CLEAR = 0.8  # a word-index match this close needs no second opinion from the character index


@dataclass(slots=True)
class MergeStats:
    """What the merge did, and the state of the merged catalog."""

    kept: int = 0
    """Template entries that found an old entry with the same key."""
    changed: int = 0
    """Context mode: same msgctxt, new msgid; the old translation is kept as fuzzy."""
    renamed: int = 0
    """Template entries matched by similarity to an old entry with another key (fuzzy)."""
    new: int = 0
    """Template entries with no old entry to take a translation from."""
    translated: int = 0
    """Live entries of the result with a translation that is not fuzzy."""
    fuzzy: int = 0
    """Live entries of the result that are fuzzy (need review)."""
    untranslated: int = 0
    """Live entries of the result with no translation."""
    obsolete: int = 0
    """Obsolete (``#~``) entries of the result."""


@dataclass(slots=True)
class MergeResult:
    """The merged catalog and what happened."""

    catalog: Catalog
    stats: MergeStats = field(default_factory=MergeStats)


def merge_files(old_po: Path, pot: Path, *, match_on: MatchOn = "message", fuzzy: bool = True) -> MergeResult:
    """Read both files strictly and merge them (nothing is written)."""
    return merge_catalogs(read_po(old_po), read_po(pot), match_on=match_on, fuzzy=fuzzy)


def merge_catalogs(
    old: Catalog, template: Catalog, *, match_on: MatchOn = "message", fuzzy: bool = True
) -> MergeResult:
    """Merge ``old`` translations into ``template``: template order, then obsolete entries.

    ``fuzzy=False`` turns off similarity matching (``msgmerge --no-fuzzy-matching``).
    Neither input is modified.
    """
    if match_on not in ("context", "message"):
        raise ValueError(f"match_on must be 'context' or 'message', not {match_on!r}")
    with gc_paused():
        merger = _Merger(old, template)
        if match_on == "message":
            merger.match_messages(fuzzy=fuzzy)
        else:
            merger.match_contexts(fuzzy=fuzzy)
        return merger.result()


class _Merger:
    def __init__(self, old: Catalog, template: Catalog) -> None:
        self.old = old
        self.template = template
        self.refs = [m for m in template.messages if not m.obsolete]
        self.nplurals = old.nplurals or 2
        # For each template entry: the merged message (None until matched).
        self.merged: list[Message | None] = [None] * len(self.refs)
        self.used: set[int] = set()  # indexes into old.messages
        self.lent: set[int] = set()  # context mode: entries of gone IDs whose translation a renamed unit took
        self.stats = MergeStats()
        self.by_key: dict[MessageKey, int] = {m.key: i for i, m in enumerate(old.messages)}

    # -- matching -------------------------------------------------------------------------------

    def match_exact(self) -> None:
        for position, ref in enumerate(self.refs):
            index = self.by_key.get(ref.key)
            if index is not None:
                self.merged[position] = merge_message(self.old.messages[index], ref, nplurals=self.nplurals)
                self.used.add(index)
                self.stats.kept += 1

    def match_messages(self, *, fuzzy: bool) -> None:
        """msgmerge: exact keys, then the best old translation anywhere (reuse allowed)."""
        self.match_exact()
        leftovers = [position for position, merged in enumerate(self.merged) if merged is None]
        if not fuzzy or not leftovers:
            return
        candidates = [i for i, m in enumerate(self.old.messages) if m.has_translation and m.key != (None, "")]
        queries = [self.refs[position].msgid for position in leftovers]
        index = SimilarityIndex([self.old.messages[i].msgid for i in candidates], queries)
        for position in leftovers:
            ref = self.refs[position]
            best = self._best(ref, index, candidates)
            if best is not None:
                self._take(position, best, same_context=False)

    def match_contexts(self, *, fuzzy: bool) -> None:
        """Roadmap mode: exact keys, then same msgctxt, then renamed IDs by similarity (one to one)."""
        self.match_exact()
        by_context: dict[str, int] = {}
        for index, message in enumerate(self.old.messages):
            if message.msgctxt is None or index in self.used:
                continue
            current = by_context.get(message.msgctxt)
            # A live entry wins over an obsolete one with the same ID.
            if current is None or (self.old.messages[current].obsolete and not message.obsolete):
                by_context[message.msgctxt] = index
        for position, ref in enumerate(self.refs):
            if self.merged[position] is not None or ref.msgctxt is None:
                continue
            same = by_context.get(ref.msgctxt)
            if same is not None and same not in self.used and self.old.messages[same].has_translation:
                self._take(position, same, same_context=True)
        if fuzzy:
            self._match_renamed()

    def _match_renamed(self) -> None:
        live_contexts = {ref.msgctxt for ref in self.refs}
        leftovers = [position for position, merged in enumerate(self.merged) if merged is None]
        candidates = [
            i
            for i, m in enumerate(self.old.messages)
            if i not in self.used and m.has_translation and m.msgctxt not in live_contexts and m.key != (None, "")
        ]
        if not leftovers or not candidates:
            return
        queries = [self.refs[position].msgid for position in leftovers]
        index = SimilarityIndex([self.old.messages[i].msgid for i in candidates], queries)
        # Score every plausible pair, then pair them off best first: a renamed unit takes one old entry.
        pairs: list[tuple[float, int, int]] = []
        for position in leftovers:
            ref = self.refs[position]
            for local, weight in self._scored(ref, index, candidates):
                pairs.append((-weight, position, candidates[local]))
        pairs.sort()
        for _, position, old_index in pairs:
            if self.merged[position] is None and old_index not in self.used:
                self._take(position, old_index, same_context=False)
                # Its ID may come back (a topic moved away and back, a passage restored): it stays as
                # an obsolete entry too, so the translation is found again by its own ID and English.
                self.lent.add(old_index)

    def _scored(self, ref: Message, index: SimilarityIndex, candidates: list[int]) -> list[tuple[int, float]]:
        """(local candidate number, weight) for the index's proposals above the threshold.

        The character index is asked too when the word index found nothing clearly close.
        """
        proposals = index.propose(ref.msgid)
        scored = self._weigh(ref, proposals, candidates)
        if max((weight for _, weight in scored), default=0.0) < _CLEAR:
            scored += self._weigh(ref, index.propose_more(ref.msgid, proposals), candidates)
        return scored

    def _weigh(self, ref: Message, proposals: list[int], candidates: list[int]) -> list[tuple[int, float]]:
        scored = []
        for local in proposals:
            message = self.old.messages[candidates[local]]
            bonus = CONTEXT_BONUS if message.msgctxt is None or message.msgctxt == ref.msgctxt else 0.0
            weight = similarity(ref.msgid, message.msgid) + bonus
            if weight > FUZZY_THRESHOLD:
                scored.append((local, weight))
        return scored

    def _best(self, ref: Message, index: SimilarityIndex, candidates: list[int]) -> int | None:
        """The old entry msgmerge would pick among the proposals.

        msgmerge (its msgl-fsearch.c index) only considers entries sharing a
        character 4-gram with the msgid, or, for a msgid under 4 characters,
        entries of a comparable length; it keeps the highest weight, and on a
        tie the entry sharing more 4-grams (short texts: the shorter one), then
        the earlier one.
        """
        query = ref.msgid
        grams = _four_grams(query)
        best: tuple[float, int, int] | None = None
        chosen: int | None = None
        for local, weight in self._scored(ref, index, candidates):
            text = self.old.messages[candidates[local]].msgid
            if grams:
                shared = sum(grams[gram] for gram in set(_four_gram_list(text)) if gram in grams)
                if not shared:
                    continue
            else:
                size, low, high = len(text.encode()), *_short_window(query)
                if not low <= size <= high:
                    continue
                shared = -size
            key = (weight, shared, -candidates[local])
            if best is None or key > best:
                best, chosen = key, candidates[local]
        return chosen

    def _take(self, position: int, index: int, *, same_context: bool) -> None:
        """Fill template entry ``position`` from old entry ``index`` as a fuzzy match."""
        old_message = self.old.messages[index]
        merged = merge_message(old_message, self.refs[position], nplurals=self.nplurals, force_fuzzy=True)
        if same_context:
            # Context mode, same ID: only the English changed, so no '#| msgctxt' (unless the
            # old entry was already fuzzy: then its own '#|' lines say what it was made for).
            if not old_message.fuzzy:
                merged.previous_msgctxt = None
            self.stats.changed += 1
        else:
            self.stats.renamed += 1
        self.merged[position] = merged
        self.used.add(index)

    # -- output ---------------------------------------------------------------------------------

    def result(self) -> MergeResult:
        stats = self.stats
        messages: list[Message] = []
        for position, ref in enumerate(self.refs):
            merged = self.merged[position]
            if merged is None:
                merged = new_message(ref, nplurals=self.nplurals)
                stats.new += 1
            messages.append(merged)
            if merged.fuzzy and merged.has_translation:
                stats.fuzzy += 1
            elif merged.translated:
                stats.translated += 1
            else:
                stats.untranslated += 1
        for index, message in enumerate(self.old.messages):
            kept = index not in self.used or index in self.lent
            if kept and message.has_translation and message.key != (None, ""):
                messages.append(obsolete_message(message))
                stats.obsolete += 1
        catalog = Catalog(
            headers=merge_headers(self.old.headers, self.template.headers) if self.old.has_header else {},
            header_comments=list(self.old.header_comments),
            header_flags=list(self.old.header_flags),
            messages=messages,
        )
        return MergeResult(catalog, stats)


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp: (len(a) + len(b) - insertions - deletions) / (len(a) + len(b)), in characters.

    >>> similarity("Save file", "Save files")
    0.9473684210526315
    """
    from rapidfuzz.distance import Indel  # imported on first use: most builds never compare texts

    total = len(a) + len(b)
    return (total - Indel.distance(a, b)) / total if total else 1.0


def _four_gram_list(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


def _four_grams(text: str) -> Counter[str]:
    """The character 4-grams of ``text`` with their multiplicity (empty under 4 characters)."""
    return Counter(_four_gram_list(text))


def _short_window(text: str) -> tuple[int, int]:
    """msgmerge's byte-length window for candidates of a msgid under 4 characters."""
    size = len(text.encode())
    factor = 2 / FUZZY_THRESHOLD - 1
    return math.ceil(size / factor), min(int(size * factor), _SHORT_MESSAGE_MAX)


# -- building merged messages ---------------------------------------------------------------------


def _template_flags(ref: Message) -> list[str]:
    return [flag for flag in ref.flags if flag != "fuzzy"]


def merge_message(old: Message, ref: Message, *, nplurals: int, force_fuzzy: bool = False) -> Message:
    """The template entry ``ref`` carrying ``old``'s translation, as msgmerge's message_merge does.

    A change between singular and plural, or of the msgid_plural, also makes the entry fuzzy. The
    previous fields are the old entry's own ``#|`` lines if it was fuzzy,
    its msgctxt/msgid if it is made fuzzy now, and none otherwise.
    """
    merged = new_message(ref, nplurals=nplurals)
    merged.translator_comments = list(old.translator_comments)
    if ref.msgid_plural is not None:
        if old.msgid_plural is not None:
            merged.msgstr_plural = list(old.msgstr_plural)
            force_fuzzy = force_fuzzy or old.msgid_plural != ref.msgid_plural
        else:
            merged.msgstr_plural = [old.msgstr] * nplurals
            force_fuzzy = True
    elif old.msgid_plural is not None:
        merged.msgstr = old.msgstr_plural[0] if old.msgstr_plural else ""
        force_fuzzy = True
    else:
        merged.msgstr = old.msgstr
    fuzzy = (old.fuzzy or force_fuzzy) and merged.has_translation
    if fuzzy:
        merged.flags.insert(0, "fuzzy")
    if old.fuzzy:
        merged.previous_msgctxt = old.previous_msgctxt
        merged.previous_msgid = old.previous_msgid
        merged.previous_msgid_plural = old.previous_msgid_plural
    elif fuzzy:
        merged.previous_msgctxt = old.msgctxt
        merged.previous_msgid = old.msgid
        merged.previous_msgid_plural = old.msgid_plural
    return merged


def new_message(ref: Message, *, nplurals: int) -> Message:
    """An untranslated copy of template entry ``ref`` (plural forms sized for the catalog's language)."""
    return Message(
        msgid=ref.msgid,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        msgstr_plural=[""] * nplurals if ref.msgid_plural is not None else [],
        flags=_template_flags(ref),
        translator_comments=list(ref.translator_comments),
        extracted_comments=list(ref.extracted_comments),
        references=list(ref.references),
    )


def obsolete_message(old: Message) -> Message:
    """``old`` as an obsolete entry: msgmerge drops its extracted comments and references."""
    return Message(
        msgid=old.msgid,
        msgstr=old.msgstr,
        msgctxt=old.msgctxt,
        msgid_plural=old.msgid_plural,
        msgstr_plural=list(old.msgstr_plural),
        flags=list(old.flags),
        translator_comments=list(old.translator_comments),
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid=old.previous_msgid,
        previous_msgid_plural=old.previous_msgid_plural,
        obsolete=True,
    )


def merge_headers(old: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """msgmerge's header: the old fields, POT-Creation-Date and Report-Msgid-Bugs-To from the template.

    Known fields come first in gettext's order, then the old catalog's others in their order.
    """
    merged: dict[str, str] = {}
    for name in HEADER_ORDER:
        if name in _FROM_TEMPLATE and name in template:
            merged[name] = template[name]
        elif name in old:
            merged[name] = old[name]
    for name, value in old.items():
        if name not in merged:
            merged[name] = value
    return merged


# -- the similarity index -------------------------------------------------------------------------


def _word_tokens(lowered: str) -> set[str]:
    """Adjacent word pairs (words split at spaces, punctuation kept); the words too for very short texts.

    Pairs are what tells sentences apart (single words are shared by thousands),
    and one edit changes only two or three of them.

    >>> sorted(_word_tokens("save the file."))
    ['save the', 'the file.']
    """
    words = lowered.split()
    if len(words) < 3:
        return set(words)
    return {f"{a} {b}" for a, b in pairwise(words)}


def _char_tokens(lowered: str) -> set[str]:
    """Character trigrams, for short texts only (empty for long ones).

    Short texts are mostly common words, and scripts written without spaces
    (CJK) make a few long "words": there words do not tell texts apart, and
    character trigrams do. Long texts get none, to keep the index small.
    """
    if len(lowered) > _SHORT:
        return set()
    return {lowered[i : i + 3] for i in range(max(len(lowered) - 2, 1))}


class _Postings:
    """One inverted index: token → numbers of the texts that contain it."""

    def __init__(self) -> None:
        self.lists: dict[str, list[int]] = {}
        self.sizes: dict[int, int] = {}

    def add(self, number: int, tokens: set[str], wanted: set[str] | None = None) -> None:
        """Index text ``number``; with ``wanted``, only its tokens some query will look up get a posting."""
        self.sizes[number] = len(tokens)
        lists = self.lists
        for token in tokens if wanted is None else tokens & wanted:
            posting = lists.get(token)
            if posting is None:
                lists[token] = [number]
            else:
                posting.append(number)

    def propose(self, tokens: set[str], limit: int) -> list[int]:
        """The ``limit`` texts whose tokens overlap most with ``tokens`` (Dice), rarest tokens counted first."""
        # Sorted by size, then token: a set's order changes with PYTHONHASHSEED, and which postings
        # fit the work budget (and so which texts are proposed) must not, or merges would differ by run.
        found = sorted((len(posting), token) for token in tokens if (posting := self.lists.get(token)) is not None)
        postings = [self.lists[token] for _, token in found]
        # Count the rarest tokens within a work budget, but at least a third of them: an edit
        # changes a few tokens, and they may be the rarest ones, so the predecessor still shows.
        required = len(postings) // 3 + 1
        counts: Counter[int] = Counter()
        work = 0
        for done, posting in enumerate(postings):
            size = len(posting)
            # Tokens in more than _COMMON texts say little and cost much: counted only if nothing rarer is.
            if counts and (size > _COMMON or (done >= required and work + size > _WORK)):
                break
            # Counter.update on a list counts in C: the hot loop of the whole merge.
            counts.update(posting)
            work += size
        # Rerank the best counts by Dice overlap, so a short text made of common words is not
        # drowned by long texts that happen to contain the same words.
        if len(counts) <= limit:
            return list(counts)
        sizes, total = self.sizes, len(tokens)
        shortlist = counts.most_common(_SHORTLIST)
        shortlist.sort(key=lambda item: item[1] / (sizes[item[0]] + total), reverse=True)
        return [number for number, _ in shortlist[:limit]]


class SimilarityIndex:
    """Propose, for a text, the few indexed texts most likely to be the most similar to it.

    Two inverted indexes, one of words and word pairs, one of character
    trigrams for short texts. Each proposes the texts sharing the most of the
    query's rarest tokens; the union of both lists is what gets scored. No
    query ever looks at every indexed text.
    """

    def __init__(self, texts: list[str], queries: Iterable[str] | None = None) -> None:
        """Index ``texts``; given every text that will be asked about (``queries``), only their tokens.

        Proposals are the same either way: a token no query has is never looked up.
        Knowing the queries makes the index a fraction of the size (a merge asks
        about the few messages without an exact match, and indexes all the others).
        """
        self.words = _Postings()
        self.chars = _Postings()
        # A few hundred texts are cheaper to score all than to index: then every text is proposed,
        # which makes small merges choose exactly what msgmerge chooses.
        self.everything = list(range(len(texts))) if len(texts) <= _EXHAUSTIVE else None
        if self.everything is not None:
            return
        wanted_words: set[str] | None = None
        wanted_chars: set[str] | None = None
        if queries is not None:
            wanted_words, wanted_chars = set(), set()
            for query in queries:
                lowered = query.lower()
                wanted_words |= _word_tokens(lowered)
                wanted_chars |= _char_tokens(lowered)
        for number, text in enumerate(texts):
            lowered = text.lower()
            self.words.add(number, _word_tokens(lowered), wanted_words)
            chars = _char_tokens(lowered)
            if chars:
                self.chars.add(number, chars, wanted_chars)

    def propose(self, text: str, limit: int = _CANDIDATES) -> list[int]:
        """Up to ``limit`` indexed text numbers worth scoring against ``text``, from the word index."""
        if self.everything is not None:
            return self.everything
        return self.words.propose(_word_tokens(text.lower()), limit)

    def propose_more(self, text: str, seen: list[int], limit: int = _CANDIDATES) -> list[int]:
        """More proposals for a short text, from the character index (those not in ``seen``)."""
        chars = _char_tokens(text.lower()) if self.everything is None else None
        return [n for n in self.chars.propose(chars, limit) if n not in seen] if chars else []
