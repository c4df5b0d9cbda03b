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
  same ID and text → kept; same ID, English changed only in link targets or
  markup → kept, link targets rewritten (:func:`~roadmapi18n.sync.carry.follow_english`);
  same ID, new wording → fuzzy with ``#| msgid`` = old English (or, if an ID
  that is gone holds a translation confirmed for exactly the new English, that
  one, confirmed); a new ID → matched by similarity, one to one, against
  translated entries whose ID is gone (a renamed unit) → fuzzy with
  ``#| msgctxt`` and ``#| msgid``, or kept as it was when the English is
  identical; IDs gone for good → obsolete. An entry whose translation a
  renamed unit took as a fuzzy suggestion, or a confirmed one a reworded unit
  took, stays obsolete as well: if its ID and English come back (a revert, an
  older revision synced, a topic reworded while moved away and moved back), it
  is confirmed again.

Exact matches go through dictionaries. Similarity is computed only for the
leftovers, and only against a few candidates each: an inverted index of word
pairs (and of character trigrams for short texts) proposes the old entries
sharing the most of the rarest tokens, every entry sharing a token only a
handful have, the entries about as long that start or end with the same
eight letters and digits, and, for a short text, the entries that differ from
it only in case, punctuation and one letter; the Indel distance (rapidfuzz's, or a
pure-Python one when there is little to score) scores them with gettext's
fstrcmp formula. That makes a 15,000-message merge take
seconds where msgmerge takes most of a minute. Pools of at most 200
candidates are scored in full, so small merges choose exactly what msgmerge
chooses; on large ones a new message that only loosely resembles an old one
(similarity below 0.85) may get no suggestion, or another as loose, where
msgmerge would propose one.

Entries merged from an old one take translator comments from it and
extracted comments, references and flags (other than fuzzy) from the
template, as msgmerge does. So does the header entry, whose fields are the
old ones, with POT-Creation-Date and Report-Msgid-Bugs-To from the template
and a Language added from the Language-Team where there is none.

As msgmerge does, an entry whose translation no longer satisfies a format
flag the template newly gives it (``c-format``, ``python-brace-format``...:
see :mod:`roadmapi18n.po.formats`), or whose ``range:`` the template widened,
becomes fuzzy: a catalog that passed ``msgfmt -c`` still passes it.
Compendia (``msgmerge -C``) are extra old entries that are used like the
catalog's own but never become obsolete.

Differences from msgmerge, on purpose (README.md lists them, each tested):
strings are compared as Unicode characters (gettext 0.21 compares bytes,
which only matters for non-ASCII source text); obsolete entries in the
*template* are ignored.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence, Set
from itertools import pairwise
from operator import itemgetter
from pathlib import Path

# Only the catalog layer's core: `roadmapi18n merge` starts in a few milliseconds (see merge_cli.py).
from roadmapi18n.perf import gc_paused
from roadmapi18n.po.flags import flag_range, format_states
from roadmapi18n.po.header import HEADER_ORDER
from roadmapi18n.po.model import Catalog, Message, MessageKey, Record
from roadmapi18n.po.reader import read_po

# typing is left out at run time: its import costs ~3 ms, a tenth of `roadmapi18n merge`'s start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    MatchOn = Literal["context", "message"]
else:
    MatchOn = str

FUZZY_THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD: a candidate must be more similar than this."""
CONTEXT_BONUS = 0.00001
"""msgmerge's tie-breaker for a candidate with the same msgctxt or none."""
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
# How many candidates the index proposes per message, and how many postings it will count.
_CANDIDATES = 60  # scored in C (rapidfuzz): many proposals cost little
_WINDOW_SCAN = 1500  # a short text is scored against every text of a suitable length when there are this few
_EXHAUSTIVE = 200  # candidate pools up to this size are scored in full
_SHORT_MESSAGE_MAX = 28  # msgmerge: bytes; longer entries are never candidates for a msgid under 4 characters
_SHORT = 40  # characters: texts up to this long are indexed by character trigrams and near keys too
# A short text with this many letters and digits also has near keys with one of them dropped (a longer one
# can be 0.85 similar with several edits, and its many trigrams find it).
_NEAR_LETTERS = (5, 20)
# End keys: a text's first and last _ENDS letters and digits, each with its length band (bands 1.2 times wider
# each); a key more than _ENDS_CAP texts share proposes none of them.
_ENDS = 8
_ENDS_CAP = 100
_WORK = 800
_COMMON = 1000
_SHORTLIST = 120
_RARE = 8  # a token in at most this many texts proposes them all, however they rank
_second = itemgetter(1)
# A merge scores in pure Python (about 0.2 µs a character) while its fuzzy matching is projected to
# compare at most this many characters: half as long as importing rapidfuzz takes (~15 ms), which a
# small catalog then never does.
_PURE_PYTHON_WORK = 40_000
# Placeholders in any syntax stand for their name alone, so "%(name)s" and "{name}" make the same word.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[-+ #0-9.*]*[A-Za-z]|\{(\w*)[^{}\s]*\}|%[-+ #0-9.*$]*[A-Za-z@]")
# What a near key leaves out: ASCII punctuation, spaces and control characters (dropped in C by str.translate).
_NOT_LETTERS = dict.fromkeys(code for code in range(128) if not chr(code).isalnum())
_NOT_LETTER_BYTES = bytes(_NOT_LETTERS)
# Punctuation is not part of a word ("file." is "file"); str.translate drops it in C.
_PUNCTUATION = str.maketrans(dict.fromkeys('.,:;!?()[]{}<>"“”‘…/\\|*=+', " "))


class MergeStats(Record):
    """What the merge did, and the state of the merged catalog."""

    # Field order, as a dataclass declares it: the constructor's, repr's and =='s.
    __slots__ = ("kept", "changed", "renamed", "new", "translated", "fuzzy", "untranslated", "obsolete")  # noqa: RUF023

    kept: int
    """Template entries that found an old entry with the same key."""
    changed: int
    """Context mode: same msgctxt, new msgid; the old translation is kept as fuzzy."""
    renamed: int
    """Template entries matched by similarity to an old entry with another key (fuzzy)."""
    new: int
    """Template entries with no old entry to take a translation from."""
    translated: int
    """Live entries of the result with a translation that is not fuzzy."""
    fuzzy: int
    """Live entries of the result that are fuzzy (need review)."""
    untranslated: int
    """Live entries of the result with no translation."""
    obsolete: int
    """Obsolete (``#~``) entries of the result."""

    def __init__(
        self,
        kept: int = 0,
        changed: int = 0,
        renamed: int = 0,
        new: int = 0,
        translated: int = 0,
        fuzzy: int = 0,
        untranslated: int = 0,
        obsolete: int = 0,
    ) -> None:
        self.kept, self.changed, self.renamed, self.new = kept, changed, renamed, new
        self.translated, self.fuzzy, self.untranslated, self.obsolete = translated, fuzzy, untranslated, obsolete


class MergeResult(Record):
    """The merged catalog and what happened."""

    __slots__ = ("catalog", "stats")

    catalog: Catalog
    stats: MergeStats

    def __init__(self, catalog: Catalog, stats: MergeStats | None = None) -> None:
        self.catalog = catalog
        self.stats = MergeStats() if stats is None else stats


def merge_files(
    old_po: Path,
    pot: Path,
    *,
    match_on: MatchOn = "message",
    fuzzy: bool = True,
    compendia: Sequence[Path] = (),
) -> MergeResult:
    """Read the files strictly and merge them (nothing is written)."""
    return merge_catalogs(
        read_po(old_po), read_po(pot), match_on=match_on, fuzzy=fuzzy, compendia=[read_po(p) for p in compendia]
    )


def merge_catalogs(
    old: Catalog,
    template: Catalog,
    *,
    match_on: MatchOn = "message",
    fuzzy: bool = True,
    compendia: Sequence[Catalog] = (),
) -> MergeResult:
    """Merge ``old`` translations into ``template``: template order, then obsolete entries.

    ``fuzzy=False`` turns off similarity matching (``msgmerge --no-fuzzy-matching``).
    ``compendia`` are more old translations (``msgmerge -C``), used after ``old``'s own.
    No input is modified.
    """
    if match_on not in ("context", "message"):
        raise ValueError(f"match_on must be 'context' or 'message', not {match_on!r}")
    with gc_paused():
        merger = _Merger(old, template, compendia)
        if match_on == "message":
            merger.match_messages(fuzzy=fuzzy)
        else:
            merger.match_contexts(fuzzy=fuzzy)
        return merger.result()


class _Merger:
    def __init__(self, old: Catalog, template: Catalog, compendia: Sequence[Catalog] = ()) -> None:
        self.old = old
        self.template = template
        self.refs = [m for m in template.messages if not m.obsolete]
        self.nplurals = old.nplurals or 2
        self.plural_forms = old.headers.get("Plural-Forms", "")
        # The old entries, then the compendia's live ones: indexes below `own` are the catalog's own.
        self.pool = list(old.messages)
        self.own = len(self.pool)
        self.by_key: dict[MessageKey, int] = {m.key: i for i, m in enumerate(old.messages)}
        for compendium in compendia:
            for message in compendium.messages:
                if not message.obsolete and message.key not in self.by_key:
                    self.by_key[message.key] = len(self.pool)
                    self.pool.append(message)
        # For each template entry: the merged message (None until matched).
        self.merged: list[Message | None] = [None] * len(self.refs)
        self.used: set[int] = set()  # indexes into self.pool
        self.lent: set[int] = set()  # context mode: entries a renamed or reworded unit took, kept obsolete too
        self.stats = MergeStats()
        self.context_mode = False

    # -- matching -------------------------------------------------------------------------------

    def match_exact(self) -> None:
        for position, ref in enumerate(self.refs):
            index = self.by_key.get(ref.key)
            if index is not None:
                self.merged[position] = merge_message(
                    self.pool[index], ref, nplurals=self.nplurals, plural_forms=self.plural_forms
                )
                self.used.add(index)
                self.stats.kept += 1

    def match_messages(self, *, fuzzy: bool) -> None:
        """msgmerge: exact keys, then the best old translation anywhere (reuse allowed)."""
        self.match_exact()
        leftovers = [position for position, merged in enumerate(self.merged) if merged is None]
        if not fuzzy or not leftovers:
            return
        candidates = [i for i, m in enumerate(self.pool) if m.has_translation and m.key != (None, "")]
        queries = [self.refs[position].msgid for position in leftovers]
        index = SimilarityIndex([self.pool[i].msgid for i in candidates], queries)
        for position in leftovers:
            ref = self.refs[position]
            best = self._best(ref, index, candidates)
            if best is not None:
                self._take(position, best, same_context=False)

    def match_contexts(self, *, fuzzy: bool) -> None:
        """Roadmap mode: exact keys, then same msgctxt, then renamed IDs by similarity (one to one)."""
        self.context_mode = True
        self.match_exact()
        by_context: dict[str, int] = {}
        for index, message in enumerate(self.pool):
            if message.msgctxt is None or index in self.used:
                continue
            current = by_context.get(message.msgctxt)
            # A live entry wins over an obsolete one with the same ID.
            if current is None or (self.pool[current].obsolete and not message.obsolete):
                by_context[message.msgctxt] = index
        from roadmapi18n.sync.carry import follow_english

        confirmed_elsewhere = self._confirmed_under_gone_ids() if fuzzy else {}
        for position, ref in enumerate(self.refs):
            if self.merged[position] is not None or ref.msgctxt is None:
                continue
            same = by_context.get(ref.msgctxt)
            if same is None or same in self.used or not self.pool[same].has_translation:
                continue
            old = self.pool[same]
            # Only link targets or markup changed: the translation stays confirmed, its targets rewritten.
            followed = None if old.fuzzy or old.is_plural else follow_english(old.msgid, ref.msgid, old.msgstr)
            restored = confirmed_elsewhere.get((ref.msgid, ref.msgid_plural))
            if followed is not None:
                merged = merge_message(old, ref, nplurals=self.nplurals, plural_forms=self.plural_forms)
                merged.msgstr = followed
                self.merged[position] = merged
                self.used.add(same)
                self.stats.kept += 1
            elif restored is not None and restored not in self.used:
                # New wording, but a translation confirmed for exactly this English is kept under a gone
                # ID (the unit had that ID when it last said this): it is taken back as it was, as for
                # a renamed unit, and this ID's entry, for other English, becomes obsolete.
                self._take(position, restored, same_context=False)
            else:
                self._take(position, same, same_context=True)
                if not old.fuzzy:
                    # Reworded: the translation stays confirmed for its own English in an obsolete entry,
                    # so that if that English comes back (a revert, an older revision synced), so does it.
                    self.lent.add(same)
        if fuzzy:
            self._match_renamed()

    def _confirmed_under_gone_ids(self) -> dict[tuple[str, str | None], int]:
        """(msgid, msgid_plural) → the first unused confirmed entry of an ID the template no longer has."""
        live_contexts = {ref.msgctxt for ref in self.refs}
        found: dict[tuple[str, str | None], int] = {}
        for index in range(self.own):
            message = self.pool[index]
            if index not in self.used and message.msgctxt not in live_contexts and message.translated:
                found.setdefault((message.msgid, message.msgid_plural), index)
        return found

    def _match_renamed(self) -> None:
        live_contexts = {ref.msgctxt for ref in self.refs}
        leftovers = [position for position, merged in enumerate(self.merged) if merged is None]
        candidates = [
            i
            for i, m in enumerate(self.pool)
            if i not in self.used and m.has_translation and m.msgctxt not in live_contexts and m.key != (None, "")
        ]
        if not leftovers or not candidates:
            return
        queries = [self.refs[position].msgid for position in leftovers]
        index = SimilarityIndex([self.pool[i].msgid for i in candidates], queries)
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
                merged = self.merged[position]
                if merged is not None and merged.fuzzy:
                    # Only a suggestion for other English: should the old ID and English come back (a
                    # passage restored), the old entry, kept obsolete too, gives the translation back.
                    self.lent.add(old_index)

    def _scored(self, ref: Message, index: SimilarityIndex, candidates: list[int]) -> list[tuple[int, float]]:
        """(local candidate number, weight) for the indexes' proposals above the threshold."""
        proposals = index.propose(ref.msgid)
        proposals += index.propose_more(ref.msgid, proposals)
        return self._weigh(ref, index, proposals, candidates)

    def _weigh(
        self, ref: Message, index: SimilarityIndex, proposals: list[int], candidates: list[int]
    ) -> list[tuple[int, float]]:
        """The proposals more similar than the threshold (with msgmerge's context bonus), and their weight."""
        # The cut-off lets through anything within rounding of the threshold; the weight is then
        # computed with fstrcmp's own formula, so ties and the threshold are decided as msgmerge does.
        scored = []
        for local, score in index.similar(ref.msgid, proposals, FUZZY_THRESHOLD - 1e-6):
            message = self.pool[candidates[local]]
            bonus = CONTEXT_BONUS if message.msgctxt is None or message.msgctxt == ref.msgctxt else 0.0
            weight = score + bonus
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
            text = self.pool[candidates[local]].msgid
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
        old_message = self.pool[index]
        ref = self.refs[position]
        # Context mode: a unit whose ID changed but whose English did not keeps its translation as it was.
        same_text = (
            self.context_mode
            and not same_context
            and (old_message.msgid, old_message.msgid_plural) == (ref.msgid, ref.msgid_plural)
        )
        merged = merge_message(
            old_message, ref, nplurals=self.nplurals, plural_forms=self.plural_forms, force_fuzzy=not same_text
        )
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
        # Context mode: a fuzzy entry left behind by its own unit, with the translation the unit now has, holds
        # nothing a translator wrote that the catalog does not keep (a rewording reverted: the unit's confirmed
        # entry is back). It is not kept obsolete.
        live = {m.msgctxt: m.translations for m in messages} if self.context_mode else {}
        for index, message in enumerate(self.old.messages):  # compendium entries never become obsolete
            kept = index not in self.used or index in self.lent
            if message.fuzzy and index not in self.used and live.get(message.msgctxt) == message.translations:
                kept = False
            if kept and message.has_translation and message.key != (None, ""):
                messages.append(obsolete_message(message))
                stats.obsolete += 1
        catalog = Catalog(messages=messages)
        if self.old.has_header:  # as in msgmerge, a catalog without a header entry gets none
            catalog.headers = merge_headers(self.old.headers, self.template.headers)
            catalog.header_comments = merge_header_comments(self.old.header_comments, self.template.header_comments)
            catalog.header_flags = ["fuzzy"] if "fuzzy" in self.old.header_flags else []
            catalog.header_flags += [flag for flag in self.template.header_flags if flag != "fuzzy"]
            catalog.keep_header_entry()
        return MergeResult(catalog, stats)


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp: (len(a) + len(b) - insertions - deletions) / (len(a) + len(b)), in characters.

    >>> similarity("Save file", "Save files")
    0.9473684210526315
    """
    total = len(a) + len(b)
    # len(a) + len(b) - insertions - deletions is twice the longest common subsequence.
    return 2 * _common_length(_char_masks(a), len(a), b) / total if total else 1.0


def _char_masks(pattern: str) -> dict[str, int]:
    """For each character of ``pattern``, the bit mask of its positions (bit i = character i)."""
    masks: dict[str, int] = {}
    for position, char in enumerate(pattern):
        masks[char] = masks.get(char, 0) | 1 << position
    return masks


def _common_length(masks: dict[str, int], size: int, text: str) -> int:
    """The length of the longest common subsequence of ``text`` and the ``size``-character pattern of ``masks``.

    Bit-parallel (Allison and Dix; Hyyrö): one step of big-integer arithmetic per character of ``text``.

    >>> _common_length(_char_masks("Save file"), 9, "Save files")
    9
    """
    full = (1 << size) - 1
    row = full
    get = masks.get
    for char in text:
        matches = row & get(char, 0)
        row = (row + matches) | (row - matches)
    return size - (row & full).bit_count()


def _similar_in_python(query: str, texts: list[str], cutoff: float) -> list[tuple[int, float]]:
    """(number, fstrcmp similarity) of the ``texts`` that rapidfuzz's Indel scorer with ``score_cutoff`` keeps.

    >>> _similar_in_python("Save file", ["Save files", "Open", "Save a file"], 0.6)
    [(0, 0.9473684210526315), (2, 0.9)]
    """
    masks, size = _char_masks(query), len(query)
    found = []
    for number, text in enumerate(texts):
        total = size + len(text)
        if not total:
            found.append((number, 1.0))
            continue
        common = _common_length(masks, size, text)
        # rapidfuzz's own test, float for float (normalized distance <= 1 - cutoff), so that both ways let the
        # same texts through: at exactly the cutoff ('aa' against 'aaa' at 0.8) it keeps nothing.
        if (total - 2 * common) / total <= 1.0 - cutoff:
            found.append((number, 2 * common / total))
    return found


def _similar_with_rapidfuzz(query: str, texts: list[str], cutoff: float) -> list[tuple[int, float]]:
    """What :func:`_similar_in_python` returns, with the texts filtered in one C call."""
    # Imported here: most merges need no similarity at all, and small ones score in pure Python.
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    found = process.extract(query, texts, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None)
    # The exact fstrcmp value from the integer distance (len(a) + len(b) - distance is twice the common
    # subsequence, so the float is the one similarity() gives), also in C.
    size, distance = len(query), Indel.distance
    scored = []
    for number in sorted(number for _, _, number in found):
        text = texts[number]
        total = size + len(text)
        scored.append((number, (total - distance(query, text)) / total if total else 1.0))
    return scored


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


def merge_header_comments(old: list[str], template: list[str]) -> list[str]:
    """The header entry's comment lines as msgmerge merges any entry's: the translator's (``#``) from the
    old catalog, the extracted ones (``#.``) and references (``#:``) from the template. (Its flags too: fuzzy
    from the old catalog, the others from the template.)"""
    from_template = ("#.", "#:")
    return [line for line in old if not line.startswith(from_template)] + [
        line for line in template if line.startswith(from_template)
    ]


def merge_message(
    old: Message, ref: Message, *, nplurals: int, plural_forms: str = "", force_fuzzy: bool = False
) -> Message:
    """The template entry ``ref`` carrying ``old``'s translation, as msgmerge's message_merge does.

    A change between singular and plural, or of the msgid_plural, also makes the entry fuzzy, and so
    does a translation that fails a format flag the template added or a ``range:`` it widened
    (``plural_forms``, the catalog's Plural-Forms, says which plural forms are checked strictly).
    The previous fields are the old entry's own ``#|`` lines if it was fuzzy,
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
    if not fuzzy and merged.has_translation and _flags_changed(old.flags, ref.flags):
        fuzzy = fails_new_format_rules(old, ref, merged.translations, plural_forms)
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


def _flags_changed(old: list[str], new: list[str]) -> bool:
    """Whether the template brings a flag the old entry lacks, or drops its ``range:`` (the common case: no)."""
    return any(flag not in old for flag in new) or any(flag.startswith("range:") and flag not in new for flag in old)


def fails_new_format_rules(old: Message, ref: Message, translations: list[str], plural_forms: str) -> bool:
    """msgmerge's rules that keep ``msgfmt -c`` passing: a new format flag the translation fails,
    or a ``range:`` the template widened (or dropped).

    >>> fails_new_format_rules(Message("%d"), Message("%d files", flags=["c-format"]), ["%s Dateien"], "")
    True
    """
    from roadmapi18n.po.formats import entry_format_error

    old_states = format_states(old.flags)
    span = flag_range(ref.flags)
    for language, state in format_states(ref.flags).items():
        if state not in ("yes", "possible") or old_states.get(language) in ("yes", "possible"):
            continue  # no new promise: a translation failing an old flag already failed msgfmt -c
        if entry_format_error(
            language, ref.msgid, ref.msgid_plural, translations, plural_forms=plural_forms, span=span
        ):
            return True
    old_span = flag_range(old.flags)
    return old_span is not None and (span is None or span[0] < old_span[0] or span[1] > old_span[1])


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

    Known fields come first in gettext's order, then the old catalog's others in their order. As in
    msgmerge, a known field's name is matched whatever its case and written in gettext's, and a catalog
    with a Language-Team but no Language gets one, from the team's name (:func:`language_of_team`).
    """
    known = {name.lower(): name for name in HEADER_ORDER}
    old_known = {known[name.lower()]: value for name, value in old.items() if name.lower() in known}
    template_known = {name: template[name] for name in _FROM_TEMPLATE if name in template}  # here, case counts
    if "Language-Team" in old_known and "Language" not in old_known:
        from roadmapi18n.po.team_languages import language_of_team

        old_known["Language"] = language_of_team(old_known["Language-Team"])
    merged: dict[str, str] = {}
    for name in HEADER_ORDER:
        if name in _FROM_TEMPLATE and name in template_known:
            merged[name] = template_known[name]
        elif name in old_known:
            merged[name] = old_known[name]
    for name, value in old.items():
        if name.lower() not in known:
            merged[name] = value
    return merged


# -- the similarity index -------------------------------------------------------------------------


def _placeholders_as_names(lowered: str) -> str:
    """``lowered`` with each placeholder, whatever its syntax, replaced by its name between spaces."""
    if "%" in lowered or "{" in lowered:
        return _PLACEHOLDER.sub(lambda match: f" {match.group(1) or match.group(2) or ''} ", lowered)
    return lowered


def _word_tokens(lowered: str) -> set[str]:
    """Adjacent word pairs (placeholders reduced to their names, punctuation dropped); words of very short texts.

    Pairs are what tells sentences apart (single words are shared by thousands),
    and one edit changes only two or three of them. A placeholder counts as its
    name, whatever its syntax: a message whose ``%(n)s`` became ``{n}`` keeps its pairs.

    >>> sorted(_word_tokens("save the file."))
    ['save the', 'the file']
    >>> _word_tokens("version %(id)s of %(object)s.") == _word_tokens("version {id} of {object}.")
    True
    """
    words = _placeholders_as_names(lowered).translate(_PUNCTUATION).split()
    if len(words) < 3:
        return set(words)
    return {f"{a} {b}" for a, b in pairwise(words)}


def _near_keys(lowered: str) -> set[str]:
    """A short text's letters and digits alone (placeholders as their names) and, with 5 to 20 of them, every
    way of dropping one: two texts share a key when they differ only in case, punctuation, spacing and a letter.

    Such near twins ("Changed:" and "Change:", "Label description" and "label_description") are what
    msgmerge proposes first, and the trigram index can miss them: thousands of short texts share
    their common trigrams, and the rare ones are those the edit changed.

    >>> sorted(_near_keys("ok!"))
    ['ok']
    >>> "labeldescription" in _near_keys("label_description") and "change" in _near_keys("changed:")
    True
    """
    plain = _placeholders_as_names(lowered).translate(_NOT_LETTERS)
    if not _NEAR_LETTERS[0] <= len(plain) <= _NEAR_LETTERS[1]:
        return {plain} if plain else set()
    return {plain, *[plain[:cut] + plain[cut + 1 :] for cut in range(len(plain))]}


def _end_keys(lowered: str, *, near_bands: bool = False) -> set[bytes]:
    """The text's first and its last letters and digits (placeholders as their names), with its length band;
    ``near_bands``: with the bands on either side too (a query's keys: the edit may have crossed a band).

    Texts that start alike and are about as long are often one edit apart however common their words
    are: "Translations made" for "Translation added", where every rare trigram is one the edit changed,
    or "%(num)d pages have been published" for "%(num)d page has been unpublished", where it changed
    every word pair. Texts too short for such keys have none. (In UTF-8 bytes: bytes.translate drops
    ASCII punctuation several times faster than str.translate, and the keys need only be consistent.)

    >>> sorted(_end_keys("translations made"))
    [b'<translat15', b'>ionsmade15']
    """
    plain = _placeholders_as_names(lowered).encode().translate(None, _NOT_LETTER_BYTES)
    size = len(plain)
    if size < _ENDS + 4:
        return set()
    band = int(math.log(size, 1.2))
    head, tail = b"<" + plain[:_ENDS], b">" + plain[-_ENDS:]
    if not near_bands:
        tag = b"%d" % band
        return {head + tag, tail + tag}
    tags = [b"%d" % near for near in (band - 1, band, band + 1)]
    return {end + tag for end in (head, tail) for tag in tags}


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
        self.lists: dict[str | bytes, list[int]] = {}
        self.sizes: dict[int, int] = {}

    def add(self, number: int, tokens: Set[str | bytes], wanted: Set[str | bytes] | None = None) -> None:
        """Index text ``number``; with ``wanted``, only its tokens some query will look up get a posting."""
        self.sizes[number] = len(tokens)
        lists = self.lists
        for token in tokens if wanted is None else tokens & wanted:
            posting = lists.get(token)
            if posting is None:
                lists[token] = [number]
            else:
                posting.append(number)

    def sharing_any(self, tokens: Set[str | bytes], limit: int) -> list[int]:
        """Up to ``limit`` texts that have at least one of ``tokens``: those with the fewest tokens first."""
        found = {number for token in tokens for number in self.lists.get(token, ())}
        return sorted(found, key=lambda number: (self.sizes[number], number))[:limit]

    def propose(self, tokens: Set[str | bytes], limit: int) -> list[int]:
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
        # Counter.most_common(n) runs heapq.nlargest, a Python loop over every count; a sort in C is faster
        # and orders ties the same way (both are stable: first counted, first listed).
        shortlist = sorted(counts.items(), key=_second, reverse=True)[:_SHORTLIST]
        shortlist.sort(key=lambda item: item[1] / (sizes[item[0]] + total), reverse=True)
        proposed = [number for number, _ in shortlist[:limit]]
        # Counts weigh every token alike, so a text sharing one rare token ("two-factor emergency") and
        # nothing else can rank below dozens sharing one common one ("has been"): the few texts of a rare
        # token are proposed whatever their rank (postings are sorted rarest first).
        rare: list[int] = []
        for posting in postings:
            if len(posting) > _RARE:
                break
            rare += posting
        if rare:
            chosen = set(proposed)
            proposed += [number for number in dict.fromkeys(rare) if number not in chosen]
        return proposed


class SimilarityIndex:
    """Propose, for a text, the few indexed texts most likely to be the most similar to it.

    Four inverted indexes: word pairs (placeholders reduced to their names);
    end keys (see :func:`_end_keys`); for short texts, character trigrams and
    near keys (see :func:`_near_keys`). Pairs and trigrams propose the texts
    sharing the most of the query's rarest tokens, and all the texts of a token
    that only a few have; end keys propose the texts about as long that start
    or end alike; near keys a short text's near twins. The union is scored in one C call. A
    short query whose possible matches (by length) are few is scored against
    all of them, and so is every query of a small pool.
    When the queries are known and few enough, they are scored in pure Python
    instead (same scores), and rapidfuzz is never imported.
    """

    def __init__(self, texts: list[str], queries: Iterable[str] | None = None) -> None:
        """Index ``texts``; given every text that will be asked about (``queries``), only their tokens.

        Proposals are the same either way: a token no query has is never looked up.
        Knowing the queries makes the index a fraction of the size (a merge asks
        about the few messages without an exact match, and indexes all the others).
        """
        self.words = _Postings()
        self.chars = _Postings()
        self.near = _Postings()
        self.ends = _Postings()
        queries = None if queries is None else list(queries)
        # What similar() needs to choose how to score: the queries still to come and the work done so far.
        self._queries_left = math.inf if queries is None else len(queries)
        self._work = 0
        self._in_python = True
        # Sorted by length: a text less than 3/7 or more than 7/3 times as long as the query can never
        # be more than 0.6 similar, so a scan of "every text" only looks at the others.
        self.texts = texts
        by_length = sorted((len(text), number) for number, text in enumerate(texts))
        self.sizes_only = [size for size, _ in by_length]
        self.numbers_by_length = [number for _, number in by_length]
        # A few hundred texts are cheaper to score all than to index: then every text is proposed,
        # which makes small merges choose exactly what msgmerge chooses.
        self.everything = list(range(len(texts))) if len(texts) <= _EXHAUSTIVE else None
        if self.everything is not None:
            return
        wanted_words: set[str] | None = None
        wanted_chars: set[str] | None = None
        wanted_near: set[str] | None = None
        wanted_ends: set[bytes] | None = None
        if queries is not None:
            wanted_words, wanted_chars, wanted_near, wanted_ends = set(), set(), set(), set()
            for query in queries:
                lowered = query.lower()
                wanted_words |= _word_tokens(lowered)
                wanted_ends |= _end_keys(lowered, near_bands=True)
                if len(lowered) <= _SHORT and not self._scanned(query):
                    wanted_chars |= _char_tokens(lowered)
                    wanted_near |= _near_keys(lowered)
        # Short texts get trigrams and near keys only if a short query will look them up.
        short = wanted_chars is None or bool(wanted_chars or wanted_near)
        ends = wanted_ends is None or bool(wanted_ends)
        end_lists = self.ends.lists
        for number, text in enumerate(texts):
            lowered = text.lower()
            self.words.add(number, _word_tokens(lowered), wanted_words)
            if ends:
                # Two keys a text, few of them wanted: cheaper inline than through _Postings.add.
                for key in _end_keys(lowered):
                    if wanted_ends is None or key in wanted_ends:
                        end_lists.setdefault(key, []).append(number)
            if short and len(lowered) <= _SHORT:
                self.chars.add(number, _char_tokens(lowered), wanted_chars)
                self.near.add(number, _near_keys(lowered), wanted_near)

    def _window(self, text: str) -> tuple[int, int]:
        """The slice of :attr:`numbers_by_length` holding the texts long enough and short enough to match ``text``."""
        size = len(text)
        return bisect_left(self.sizes_only, size * 3 // 7), bisect_right(self.sizes_only, -(-size * 7 // 3))

    def _scanned(self, text: str) -> bool:
        """Whether a short ``text`` is scored against every text of a suitable length (they are few enough)."""
        low, high = self._window(text)
        return high - low <= _WINDOW_SCAN

    def propose(self, text: str, limit: int = _CANDIDATES) -> list[int]:
        """Up to ``limit`` indexed text numbers worth scoring against ``text``, from the word index."""
        if self.everything is not None:
            low, high = self._window(text)
            return self.numbers_by_length[low:high]
        return self.words.propose(_word_tokens(text.lower()), limit)

    def similar(self, query: str, numbers: list[int], cutoff: float) -> list[tuple[int, float]]:
        """(number, fstrcmp similarity) of the indexed texts ``numbers`` at least ``cutoff`` similar to ``query``.

        In pure Python while the work projected for all the queries stays small
        (importing rapidfuzz would cost more than it saves), else with rapidfuzz.
        Both give the same result: text numbers in the given order, exact similarities.
        """
        texts = list(map(self.texts.__getitem__, numbers))
        self._queries_left -= 1
        if self._in_python:
            work = sum(map(len, texts))
            self._work += work
            self._in_python = self._work + work * self._queries_left <= _PURE_PYTHON_WORK
        scorer = _similar_in_python if self._in_python else _similar_with_rapidfuzz
        found = scorer(query, texts, cutoff)
        return [(numbers[position], score) for position, score in found]

    def propose_more(self, text: str, seen: list[int], limit: int = _CANDIDATES) -> list[int]:
        """More proposals (those not in ``seen``): the texts sharing an end key (:func:`_end_keys`) that few
        share; for a short text, also every text of a length that can match, when there are few enough, else
        the character index's."""
        if self.everything is not None:
            return []
        lowered = text.lower()
        proposed = [
            number
            for key in sorted(_end_keys(lowered, near_bands=True))
            if len(posting := self.ends.lists.get(key, ())) <= _ENDS_CAP
            for number in posting
        ]
        chars = _char_tokens(lowered)
        # Short texts share their common trigrams with thousands of others, so ranking by shared tokens
        # can miss "Change:" for "Changed:". Scoring every text of a suitable length (in C) cannot, where
        # they are few enough; where they are not, the near keys find such twins.
        if chars and self._scanned(text):
            low, high = self._window(text)
            proposed += self.numbers_by_length[low:high]
        elif chars:
            proposed += self.near.sharing_any(_near_keys(lowered), limit) + self.chars.propose(chars, limit)
        known = set(seen)
        return list(dict.fromkeys(number for number in proposed if number not in known))
