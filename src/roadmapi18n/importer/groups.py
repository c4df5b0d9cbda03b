"""Legacy headings → groups of blocks, and which canonical group each one is.

Level-1/2 headings open top groups (notebooks, parts, closing), level-3
headings open groups inside them (sections, notebook tables). Top groups are
matched first — by emoji, by the links of everything under them, by English
title — so a section can then score its number *within the part it sits in*.
Each match is chosen greedily, best score first, so reordered sections match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from roadmapi18n.importer.blocks import Block, Kind
from roadmapi18n.importer.canon import Canon, Group, GroupKind, Role
from roadmapi18n.importer.inline import emoji_key, link_targets
from roadmapi18n.importer.shapes import Heading, heading
from roadmapi18n.importer.similarity import english_similarity

_TOP = (GroupKind.NOTEBOOKS, GroupKind.PART, GroupKind.CLOSING)
_INNER = (GroupKind.SECTION, GroupKind.TABLE, GroupKind.CLOSING)
_ACCEPT = 1.5
"""The least score that matches a group: one anchor, not just a vague title."""
_STRONG = 2.0

_Scorer = Callable[["LegacyGroup", Group], tuple[float, list[str]]]


@dataclass(frozen=True, slots=True)
class LegacyGroup:
    """A legacy heading and the blocks under it (up to the next heading of level 3 or less)."""

    index: int
    heading: Block | None
    """None for the preamble (what comes before the first heading, the title included)."""
    parent: int | None
    """Index of the enclosing top group, for level-3 groups."""
    blocks: tuple[Block, ...]
    shape: Heading
    anchors: frozenset[str]

    @property
    def top(self) -> bool:
        """True for the preamble and level-1/2 groups."""
        return self.heading is None or self.heading.level <= 2

    @property
    def label(self) -> str:
        """The heading as written, for reports."""
        return f"{'#' * self.heading.level} {self.heading.text}" if self.heading else "(document start)"


@dataclass(frozen=True, slots=True)
class GroupMatch:
    """A legacy group matched with a canonical group."""

    legacy: LegacyGroup
    group: Group
    evidence: tuple[str, ...]
    strong: bool


def course_start(blocks: Sequence[Block], canon: Canon) -> int:
    """Index of the block where the course's own header starts (0 unless a preamble of the file's own precedes it).

    A translation may open with a header of its own (``# llm-course-chn``, a licence note) before the
    course's title. Each level-1 heading before the first level-2 one is scored by what identifies the
    course's header whatever the language: the course's emoji, its English title, the links of its header
    line. Only when a later heading wins is the start moved; with no evidence, the document starts at 0.
    """
    intro = canon.group("intro")
    links = frozenset().union(*(slot.anchors for slot in intro.slots if slot.role is Role.HEADER_LINK))
    headings = []
    for index, block in enumerate(blocks):
        if block.kind is Kind.HEADING and block.level == 2:
            break
        if block.kind is Kind.HEADING and block.level == 1:
            headings.append(index)
    if len(headings) < 2:
        return 0  # the first level-1 heading is the title, as it always was
    best, best_score = headings[0], 0.0
    for rank, index in enumerate(headings):
        shape = heading(blocks[index].text)
        score = 3.0 if shape.emoji and intro.emoji and emoji_key(shape.emoji) == emoji_key(intro.emoji) else 0.0
        title = intro.of(Role.HEADING)
        if title and shape.title and english_similarity(shape.title, title[0].texts["title"].source) >= 90:
            score += 3.0
        end = headings[rank + 1] if rank + 1 < len(headings) else len(blocks)
        shared = {url for b in blocks[index + 1 : end] if b.kind is Kind.LINK for url in link_targets(_raw(b))}
        score += 2.0 if shared & links else 0.0
        if score > best_score:
            best, best_score = index, score
    return 0 if best == headings[0] else best


def legacy_groups(blocks: Sequence[Block]) -> list[LegacyGroup]:
    """Cut the document at headings of level 3 or less; the title (a first level-1 heading) stays in the preamble."""
    cuts: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for block in blocks:
        opens = block.kind is Kind.HEADING and block.level <= 3
        if opens and not (block.level == 1 and len(cuts) == 1):
            cuts.append((block, []))
        else:
            cuts[-1][1].append(block)
    if not cuts[0][1] and len(cuts) > 1:
        cuts.pop(0)
    groups: list[LegacyGroup] = []
    parent: int | None = None
    for head, body in cuts:
        if head is not None and head.level <= 2:
            parent = len(groups)
        inner = parent if head is not None and head.level == 3 else None
        shape = heading(head.text) if head else Heading("", 0, "")
        anchors = frozenset(url for block in body for url in link_targets(_raw(block)))
        groups.append(LegacyGroup(len(groups), head, inner, tuple(body), shape, anchors))
    return groups


def _raw(block: Block) -> str:
    return " ".join(block.cells) if block.cells else (f"[{block.text}]({block.url})" if block.url else block.text)


def match_groups(groups: Sequence[LegacyGroup], canon: Canon) -> list[GroupMatch]:
    """Which canonical group each legacy group is (unmatched legacy groups are left out)."""
    found: list[GroupMatch] = []
    preamble = next((g for g in groups if g.heading is None), None)
    if preamble is not None:
        found.append(GroupMatch(preamble, canon.group("intro"), ("start of the document",), True))
    tops = [g for g in groups if g.heading is not None and g.top]
    found += _assign(tops, [c for c in canon.groups if c.kind in _TOP], lambda g, c: _score_top(g, c, groups, canon))
    region = {m.legacy.index: m.group.region for m in found}
    inner = [g for g in groups if g.heading is not None and not g.top]
    found += _assign(inner, [c for c in canon.groups if c.kind in _INNER], lambda g, c: _score_inner(g, c, region))
    return sorted(found, key=lambda m: m.legacy.index)


def _assign(legacy: Sequence[LegacyGroup], candidates: Sequence[Group], scorer: _Scorer) -> list[GroupMatch]:
    """Greedy one-to-one assignment, best score first; ties go to the pair closest in document order."""
    scored = []
    for g in legacy:
        for rank, c in enumerate(candidates):
            score, evidence = scorer(g, c)
            if score >= _ACCEPT:
                scored.append((-score, abs(g.index - rank), g.index, rank, c, g, evidence))
    scored.sort(key=lambda row: row[:4])
    used_legacy: set[int] = set()
    used_canon: set[str] = set()
    found: list[GroupMatch] = []
    for neg_score, _, _, _, c, g, evidence in scored:
        if g.index in used_legacy or c.key in used_canon:
            continue
        used_legacy.add(g.index)
        used_canon.add(c.key)
        found.append(GroupMatch(g, c, tuple(evidence), -neg_score >= _STRONG))
    return found


def _score_top(g: LegacyGroup, c: Group, groups: Sequence[LegacyGroup], canon: Canon) -> tuple[float, list[str]]:
    """Emoji, English title, and the links of the whole region (the group and its level-3 groups)."""
    evidence: list[str] = []
    score = _emoji(g, c, evidence) + _title_score(g, c, evidence)
    mine = g.anchors.union(*(h.anchors for h in groups if h.parent == g.index))
    theirs = c.anchors
    if c.kind is not GroupKind.CLOSING:
        theirs = frozenset().union(*(h.anchors for h in canon.groups if h.region == c.region))
    score += _links(mine, theirs, evidence)
    return score, evidence


def _score_inner(g: LegacyGroup, c: Group, region: dict[int, str]) -> tuple[float, list[str]]:
    """Links, section number within the same part, English title."""
    evidence: list[str] = []
    score = _links(g.anchors, c.anchors, evidence) + _title_score(g, c, evidence)
    same_region = g.parent is not None and region.get(g.parent) == c.region
    if g.shape.number and g.shape.number == c.number and same_region:
        score += 2.0
        evidence.append(f"section number {c.number} under the same part")
    if same_region and score > 0:
        score += 0.5
    return score, evidence


def _emoji(g: LegacyGroup, c: Group, evidence: list[str]) -> float:
    if g.shape.emoji and c.emoji and emoji_key(g.shape.emoji) == emoji_key(c.emoji):
        evidence.append(f"same emoji {c.emoji}")
        return 3.0
    return 0.0


def _title_score(g: LegacyGroup, c: Group, evidence: list[str]) -> float:
    if c.title is None or not g.shape.title:
        return 0.0
    similarity = english_similarity(g.shape.title, c.title.source)
    if similarity >= 90:
        evidence.append(f"English title {c.title.source!r}")
        return 3.0
    if similarity >= 75:
        evidence.append(f"English title close to {c.title.source!r} ({similarity:.0f}%)")
        return 1.5
    return 0.0


def _links(mine: Iterable[str], theirs: frozenset[str], evidence: list[str]) -> float:
    mine = frozenset(mine)
    shared = len(mine & theirs)
    if not shared:
        return 0.0
    evidence.append(f"{shared} shared link{'s' if shared > 1 else ''}")
    return 2.0 + 3.0 * shared / max(1, min(len(mine), len(theirs)))
