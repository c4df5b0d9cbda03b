"""Align a legacy README with the canonical roadmap: the pure core of ``roadmapi18n import``.

Blocks → groups → matched groups → matched blocks → unit candidates →
proposals. A candidate left in English is reported, never proposed; a unit
with several legacy texts takes the most frequent (a heading beats the parts
list) and becomes fuzzy when they disagree.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence

from roadmapi18n.importer.blocks import parse_blocks
from roadmapi18n.importer.canon import Canon, Role, canon
from roadmapi18n.importer.groups import GroupMatch, LegacyGroup, course_start, legacy_groups, match_groups
from roadmapi18n.importer.language import doubts, english_reason, names_a_count
from roadmapi18n.importer.pairs import Leftover, Pair, pair_group, rescue_by_url, slot_key, sort_blocks
from roadmapi18n.importer.report import Alignment, Extra, LeftInEnglish, Proposal, SectionMatch, Status
from roadmapi18n.importer.similarity import english_similarity
from roadmapi18n.importer.units import Candidate, candidates, label_candidates
from roadmapi18n.model import Roadmap

_BEFORE_THE_COURSE = "before the course's own header (the file's own preamble)"
_RELATED = 50.0
"""English similarity that ties an English passage to a unit matched only weakly."""
_LISTS = {Role.PARTS_LEAD: Role.PART_ENTRY, Role.ASSISTANTS_LEAD: Role.ASSISTANT, Role.THANKS_LEAD: Role.THANKS}


def align(roadmap: Roadmap, legacy_markdown: str, *, locale: str, exact_english: bool = False) -> Alignment:
    """Propose translations for the units of ``roadmap`` from a legacy README in ``locale``.

    ``exact_english``: ``roadmap`` is the very English the README translates (``import --english``),
    so names a translation leaves out or writes differently are not signs that the English changed.
    """
    model = canon(roadmap)
    blocks = parse_blocks(legacy_markdown)
    start = course_start(blocks, model)
    groups = legacy_groups(blocks[start:])
    matches = match_groups(groups, model)
    pairs, leftovers, found = _pair_all(groups, matches, model, locale)
    leftovers += [Leftover(b, "(document start)", _BEFORE_THE_COURSE) for b in blocks[:start]]
    found += [c for p in pairs for c in candidates(p)]
    proposals, english = _decide(_with_list_doubts(found, pairs, model), locale, stale_signs=not exact_english)
    order = {text.id: n for n, text in enumerate(roadmap.texts())}
    return Alignment(
        locale=locale,
        proposals=tuple(sorted(proposals, key=lambda p: order[p.unit_id])),
        left_in_english=tuple(sorted(english, key=lambda e: order[e.unit_id])),
        extras=tuple(_extra(left) for left in sorted(leftovers, key=lambda left: left.block.line)),
        sections=tuple(_sections(groups, matches)),
        missing=tuple(g.where for g in model.groups if g.key not in {m.group.key for m in matches}),
        units=len(order),
    )


def _pair_all(
    groups: Sequence[LegacyGroup], matches: Sequence[GroupMatch], model: Canon, locale: str
) -> tuple[list[Pair], list[Leftover], list[Candidate]]:
    """Pairs of every matched group, then a rescue by URL for what is left anywhere."""
    pairs: list[Pair] = []
    leftovers: list[Leftover] = []
    labels: list[Candidate] = []
    for found in matches:
        group_pairs, rest, sorted_blocks = pair_group(found, locale)
        kept = [p for p in group_pairs if _related(p, locale)]
        pairs += kept
        leftovers += rest
        leftovers += [Leftover(p.block, found.legacy.label, _unrelated_reason(p)) for p in group_pairs if p not in kept]
        labels += label_candidates(sorted_blocks, kept, model.labels, found.group.label, found.group.where)
    matched = {m.legacy.index for m in matches}
    for group in groups:
        if group.index not in matched:
            leftovers += _unmatched_group(group)
    rescued, rest_all = rescue_by_url(leftovers, model, {slot_key(p.group, p.slot) for p in pairs})
    return pairs + rescued, rest_all, labels


def _related(pair: Pair, locale: str) -> bool:
    """Whether a pair carries anything: a heading or link match, a translation, or English close to the source.

    English matched by position only and unlike the unit's source is other content (``W.I.P.``), not the unit.
    """
    found = candidates(pair)
    if not found:
        return False
    if pair.how in ("heading", "anchor"):
        return True
    return any(
        english_reason(c.text, c.unit.source, locale) is None or english_similarity(c.text, c.unit.source) >= _RELATED
        for c in found
    )


def _unrelated_reason(pair: Pair) -> str:
    if not candidates(pair):
        return f"not in the shape of a {pair.slot.role.value} (nothing to split into units)"
    return f"English text at the place of {pair.group.where} › {pair.slot.role.value} that does not match it"


def _unmatched_group(group: LegacyGroup) -> list[Leftover]:
    head = [Leftover(group.heading, group.label, "heading not in the roadmap")] if group.heading else []
    why = "under a heading the roadmap does not have"
    return head + [Leftover(b, group.label, why) for b in sort_blocks(group.blocks).content]


def _with_list_doubts(found: list[Candidate], pairs: Sequence[Pair], model: Canon) -> list[Candidate]:
    """A lead line that counts (``divided into two parts:``) is suspect when the list it introduces changed length.

    A lead that names no count (``Special thanks to:``) reads the same whatever the list's length.
    """
    sizes: dict[str, str] = {}
    for group in model.groups:
        for lead, item in _LISTS.items():
            for slot in group.of(lead):
                legacy = sum(1 for p in pairs if p.group is group and p.slot.role is item)
                now = len(group.of(item))
                if legacy and legacy != now:
                    for text in slot.texts.values():
                        sizes[text.id] = f"the list it introduces had {_items(legacy)}, it now has {now}"
    return [
        dataclasses.replace(c, concerns=(sizes[c.unit.id],))
        if c.unit.id in sizes and (names_a_count(c.unit.source) or names_a_count(c.text))
        else c
        for c in found
    ]


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _decide(
    found: Iterable[Candidate], locale: str, *, stale_signs: bool
) -> tuple[list[Proposal], list[LeftInEnglish]]:
    """Per unit: a proposal from the translated candidates, else the passage left in English."""
    by_unit: dict[str, list[Candidate]] = {}
    for candidate in found:
        by_unit.setdefault(candidate.unit.id, []).append(candidate)
    proposals: list[Proposal] = []
    english: list[LeftInEnglish] = []
    for group in by_unit.values():
        translated = [c for c in group if english_reason(c.text, c.unit.source, locale) is None]
        if translated:
            proposals.append(_proposal(translated, locale, stale_signs=stale_signs))
            continue
        first = min(group, key=lambda c: (c.priority, c.line))
        reason = english_reason(first.text, first.unit.source, locale) or ""
        english.append(LeftInEnglish(first.unit.id, first.line, first.text, reason))
    return proposals, english


def _proposal(found: list[Candidate], locale: str, *, stale_signs: bool = True) -> Proposal:
    """The most frequent text (ties: priority, then document order); fuzzy unless strong and undoubted.

    Other texts for the same unit are a doubt, except for an interface label whose wording has a clear
    majority (:func:`_clear_majority`): the translator chose it, and the others are listed as a note.
    """
    votes = Counter(c.text for c in found)
    ranked = sorted(found, key=lambda c: (-votes[c.text], c.priority, c.line))
    best = ranked[0]
    chosen = [c for c in found if c.text == best.text]
    evidence = list(dict.fromkeys(e for c in chosen for e in c.evidence))
    concerns = list(dict.fromkeys(n for c in chosen for n in c.concerns))
    concerns += doubts(best.text, best.unit.source, locale, stale_signs=stale_signs)
    others = _other_wordings(found, best.text)
    notes: list[str] = []
    if others and all(c.label for c in found) and _clear_majority(votes, best.text):
        majority = f"{votes[best.text]} of {len(found)}"
        notes.append(f"{OTHER_WORDINGS}{'; '.join(others)} (the majority wording, {majority}, is used)")
    else:
        concerns += [f"line {line} has another text: {text!r}" for line, text in _other_lines(found, best.text)]
    if not any(c.strong for c in chosen):
        concerns.insert(0, "weak match: " + "; ".join(evidence[:1]))
    status = Status.TRANSLATED if not concerns else Status.FUZZY
    return Proposal(
        best.unit.id,
        best.unit.source,
        best.text,
        status,
        best.line,
        best.end_line,
        tuple(evidence),
        tuple(concerns),
        tuple(notes),
    )


OTHER_WORDINGS = "other wordings in the legacy file: "
"""How the note listing a label's minority wordings starts (the importer's comment, replaced on re-import)."""
_MAJORITY_VOTES = 3
"""A label's wording needs at least this many occurrences to outvote the others."""


def _clear_majority(votes: Counter[str], best: str) -> bool:
    """At least :data:`_MAJORITY_VOTES` votes and twice as many as all the other wordings together.

    >>> _clear_majority(Counter({"參考資料": 9, "參考文獻": 3}), "參考資料")
    True
    >>> _clear_majority(Counter({"Tài nguyên": 3, "Tài nguyên học tập": 2}), "Tài nguyên")
    False
    """
    others = sum(votes.values()) - votes[best]
    return votes[best] >= _MAJORITY_VOTES and votes[best] >= 2 * others


def _other_lines(found: Iterable[Candidate], best: str) -> list[tuple[int, str]]:
    return sorted({(c.line, c.text) for c in found if c.text != best})


def _other_wordings(found: Iterable[Candidate], best: str) -> list[str]:
    """``'參考文獻' (lines 242, 258)`` for each wording other than ``best``, in order of first appearance."""
    lines: dict[str, list[int]] = {}
    for line, text in _other_lines(found, best):
        lines.setdefault(text, []).append(line)
    return [f"{text!r} (line{'s' if len(at) > 1 else ''} {', '.join(map(str, at))})" for text, at in lines.items()]


def _extra(left: Leftover) -> Extra:
    block = left.block
    return Extra(block.line, block.end_line, block.kind.value, left.heading, str(block), left.reason)


def _sections(groups: Sequence[LegacyGroup], matches: Sequence[GroupMatch]) -> Iterable[SectionMatch]:
    by_index = {m.legacy.index: m for m in matches}
    for group in groups:
        found = by_index.get(group.index)
        line = group.heading.line if group.heading is not None else 1
        if found is None:
            yield SectionMatch(line, group.label, None, "", ())
        else:
            yield SectionMatch(line, group.label, found.group.key, found.group.where, found.evidence)
