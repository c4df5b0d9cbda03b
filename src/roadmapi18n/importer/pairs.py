"""Inside a matched group: which legacy block is which canonical slot.

Blocks are first sorted out: structural ones (images, separators, links to
other READMEs) are dropped, resource labels (``📚 …:``) and table header rows
are kept aside as label votes. The rest is matched with the group's slots by
:func:`~roadmapi18n.importer.matching.match` — anchors (URLs, emoji) in any
order, then content (shared names, English similarity), then position.
A last pass matches blocks left over anywhere by a URL that names one slot
of the whole roadmap (a resource that moved to another section).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from roadmapi18n.importer.blocks import Block, Kind
from roadmapi18n.importer.canon import Canon, Group, Role, Slot
from roadmapi18n.importer.groups import GroupMatch
from roadmapi18n.importer.inline import emoji_key, link_targets, name_keys, person_names, plain, split_emoji
from roadmapi18n.importer.language import english_reason
from roadmapi18n.importer.matching import Match, match
from roadmapi18n.importer.shapes import part_entry, resource, row, topic
from roadmapi18n.importer.similarity import english_similarity

_IMAGE_ONLY = re.compile(r"^(?:\s*(?:\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)|<[^>]+>)\s*)+$")
_LABEL = re.compile(r"^\s*📚")
_PARAGRAPH_ROLES = frozenset(
    {Role.INTRO, Role.PARTS_LEAD, Role.ASSISTANTS_LEAD, Role.ACK_TEXT, Role.THANKS_LEAD, Role.DISCLAIMER}
)
_ITEM_ROLES = frozenset({Role.PART_ENTRY, Role.ASSISTANT, Role.THANKS})
_STRONG_CONTENT = 2.0
_PEOPLE_ROLES = frozenset({Role.THANKS})
"""Slots about people: the names a translation keeps (``Thomas Thelen``) identify them."""
_LINKED_ROLES = frozenset({Role.RESOURCE, Role.NOTEBOOK, Role.HEADER_LINK, Role.ASSISTANT})
"""Slots a URL identifies: a different URL in the same position is probably a different item."""


@dataclass(frozen=True, slots=True)
class Pair:
    """A legacy block matched with a canonical slot."""

    block: Block
    slot: Slot
    group: Group
    evidence: tuple[str, ...]
    strong: bool
    """True when the match is unambiguous: an anchor, clear content evidence, or order in a run of equal length."""
    how: str = "anchor"
    """``heading``, ``anchor`` (a shared URL or emoji), ``content`` or ``position``."""


@dataclass(frozen=True, slots=True)
class Leftover:
    """A legacy block that matched nothing, with the heading it sits under."""

    block: Block
    heading: str
    reason: str


@dataclass(frozen=True, slots=True)
class SortedBlocks:
    """The blocks of one legacy group, sorted out."""

    content: tuple[Block, ...]
    labels: tuple[Block, ...]
    """Resource-label paragraphs (``📚 References:``) and table header rows."""
    boundary: int | None
    """Line of the first resource label: items above it are topics, items below resources."""


def sort_blocks(blocks: Iterable[Block]) -> SortedBlocks:
    """Split off structural blocks and label blocks."""
    content: list[Block] = []
    labels: list[Block] = []
    for block in blocks:
        if _structural(block):
            continue
        if (block.kind is Kind.PARAGRAPH and _LABEL.match(block.text)) or (block.kind is Kind.ROW and block.header):
            labels.append(block)
        else:
            content.append(block)
    boundary = next((b.line for b in labels if b.kind is Kind.PARAGRAPH), None)
    return SortedBlocks(tuple(content), tuple(labels), boundary)


def _structural(block: Block) -> bool:
    """Images, HTML line breaks, links to other files: layout, not text."""
    if block.kind is Kind.LINK:
        return not block.url.startswith(("http://", "https://"))
    if block.kind is Kind.PARAGRAPH:
        return not block.text.strip() or bool(_IMAGE_ONLY.match(block.text))
    return False


def pair_group(found: GroupMatch, locale: str) -> tuple[list[Pair], list[Leftover], SortedBlocks]:
    """Match the content blocks of one legacy group with the slots of its canonical group.

    An English copy of a translated block (a stray copy of a table left above its translation) is set
    aside first, so the translated copy takes the place: it is reported, not matched.
    """
    group, blocks = found.group, sort_blocks(found.legacy.blocks)
    copies = english_copies(blocks.content, locale)
    blocks = dataclasses.replace(blocks, content=tuple(b for b in blocks.content if id(b) not in copies))
    slots = [s for s in group.slots if s.role is not Role.HEADING or found.legacy.heading is None]
    if found.legacy.heading is not None:
        heading_slot = group.of(Role.HEADING)
        why = "heading matched by " + ", ".join(found.evidence)
        pairs = [_pair(found, found.legacy.heading, heading_slot[0], why, "heading")] if heading_slot else []
    else:
        pairs = []
    matches = match(
        blocks.content,
        slots,
        lambda b, s: _score(b, s, blocks.boundary),
        _block_anchors,
        _slot_anchors,
        strong=_STRONG_CONTENT,
    )
    pairs += [_pair(found, m.left, m.right, _how(m), m.how, strong=_strong(m)) for m in matches]
    matched = {id(m.left) for m in matches}
    label = found.legacy.label
    rest = [Leftover(b, label, "no matching place in the roadmap") for b in blocks.content if id(b) not in matched]
    rest += [Leftover(b, label, f"an English copy of line {copy.line}, which is used") for b, copy in copies.values()]
    return pairs, rest, blocks


def english_copies(blocks: Sequence[Block], locale: str) -> dict[int, tuple[Block, Block]]:
    """English blocks that repeat a translated block of the same kind with the same links and emoji.

    Keyed by ``id(block)`` of the English copy, with the translated block it copies.
    """
    same: dict[tuple[Kind, frozenset[Hashable]], list[Block]] = {}
    for block in blocks:
        anchors = _block_anchors(block)
        if anchors:
            same.setdefault((block.kind, anchors), []).append(block)
    copies: dict[int, tuple[Block, Block]] = {}
    for twins in same.values():
        translated = [b for b in twins if english_reason(plain(_text(b)), "", locale) is None]
        if translated and len(translated) < len(twins):
            copies.update((id(b), (b, translated[0])) for b in twins if b not in translated)
    return copies


def _pair(found: GroupMatch, block: Block, slot: Slot, why: str, how: str, *, strong: bool = True) -> Pair:
    evidence = (why, f"{found.group.where}{_position(found.group, slot)}")
    return Pair(block, slot, found.group, evidence, strong and found.strong, how)


def _position(group: Group, slot: Slot) -> str:
    if slot.role in (Role.HEADING, Role.INTRO):
        return f" › {slot.role.value}"
    same = group.of(slot.role)
    return f" › {slot.role.value} {same.index(slot) + 1}" if slot in same else ""


def _strong(m: Match[Block, Slot]) -> bool:
    """Anchors and clear content are strong; order alone only for slots no URL identifies."""
    if m.how == "anchor" or m.score >= _STRONG_CONTENT:
        return True
    return m.run and not m.right.url and m.right.role not in _LINKED_ROLES


def _how(m: Match[Block, Slot]) -> str:
    if m.how == "anchor":
        shared = sorted(str(a) for a in _block_anchors(m.left) & _slot_anchors(m.right))
        return "same " + (f"emoji {m.right.emoji}" if shared[0].startswith("emoji:") else f"link {shared[0]}")
    if m.how == "content":
        return _content_evidence(m.left, m.right)
    return "position only" + (", in a run of equal length" if m.run else "")


def _content_evidence(block: Block, slot: Slot) -> str:
    shared = sorted(_block_names(block, slot.role) & _slot_names(slot))
    parts = [f"shared names {', '.join(shared[:4])}"] if shared else []
    similarity = english_similarity(_title(block, slot.role), next(iter(slot.texts.values())).source)
    if similarity >= 80:
        parts.append(f"its title is {similarity:.0f}% like the English title")
    return "; ".join(parts) or "content"


# --- compatibility and scores ---------------------------------------------------------------------


def _fits(block: Block, slot: Slot, boundary: int | None) -> bool:
    role = slot.role
    if block.kind is Kind.HEADING:
        return role is Role.HEADING
    if block.kind is Kind.LINK:
        return role is Role.HEADER_LINK
    if block.kind is Kind.ROW:
        return role is Role.NOTEBOOK
    if block.kind is Kind.PARAGRAPH:
        return role in _PARAGRAPH_ROLES
    if role is Role.PART_ENTRY:
        return block.ordered
    if role in _ITEM_ROLES:
        return True
    if role in (Role.TOPIC, Role.RESOURCE):
        return _item_role(block, boundary) is role
    return False


def _item_role(block: Block, boundary: int | None) -> Role | None:
    """Topic or resource: by position around the resource label if there is one, else by shape."""
    if boundary is not None:
        return Role.TOPIC if block.line < boundary else Role.RESOURCE
    if topic(block.text) is not None:
        return Role.TOPIC
    return Role.RESOURCE if resource(block.text) is not None else None


def _score(block: Block, slot: Slot, boundary: int | None) -> float | None:
    """Content score of a pair; None when the kinds do not fit or their links contradict each other."""
    if not _fits(block, slot, boundary):
        return None
    mine, theirs = _urls(block), slot.anchors
    score = 3.0 * len(_block_anchors(block) & _slot_anchors(slot))
    content = float(min(3, len(_block_names(block, slot.role) & _slot_names(slot))))
    if english_similarity(_title(block, slot.role), next(iter(slot.texts.values())).source) >= 80:
        content += 2.0
    if slot.role in _LINKED_ROLES and mine and theirs and not mine & theirs and content < _STRONG_CONTENT:
        return None  # another link in the same place is another item, unless its words say otherwise
    return score + content


def _urls(block: Block) -> frozenset[str]:
    return frozenset(str(a) for a in _block_anchors(block) if not str(a).startswith("emoji:"))


def _block_anchors(block: Block) -> frozenset[Hashable]:
    anchors: set[Hashable] = set(link_targets(_text(block)))
    if block.url:
        anchors.update(link_targets(f"[x]({block.url})"))
    emoji = _block_emoji(block)
    if emoji:
        anchors.add("emoji:" + emoji)
    return frozenset(anchors)


def _slot_anchors(slot: Slot) -> frozenset[Hashable]:
    anchors: set[Hashable] = set(slot.anchors)
    if slot.emoji and slot.role is not Role.HEADING:
        anchors.add("emoji:" + emoji_key(slot.emoji))
    return frozenset(anchors)


def _block_emoji(block: Block) -> str:
    first = block.cells[0] if block.cells else block.text
    return emoji_key(split_emoji(first)[0])


def _slot_names(slot: Slot) -> frozenset[str]:
    names = frozenset().union(*(name_keys(text.source) for text in slot.texts.values()))
    if slot.role in _PEOPLE_ROLES:
        names |= frozenset().union(*(person_names(text.source) for text in slot.texts.values()))
    return names


def _block_names(block: Block, role: Role) -> frozenset[str]:
    names = name_keys(_text(block))
    return names | person_names(_text(block)) if role in _PEOPLE_ROLES else names


def _text(block: Block) -> str:
    return " | ".join(block.cells) if block.cells else block.text


def _title(block: Block, role: Role) -> str:
    """The part of a block that corresponds to the slot's first unit (its title or name)."""
    if role is Role.TOPIC:
        shape = topic(block.text)
        return shape.title if shape else block.text
    if role is Role.RESOURCE:
        found = resource(block.text)
        return found.title if found else block.text
    if role is Role.NOTEBOOK:
        return row(block.cells).name
    if role is Role.PART_ENTRY:
        entry = part_entry(block.text)
        return entry.title if entry else block.text
    return plain(block.text)


# --- blocks left over: a last chance by URL across the whole roadmap ------------------------------


def rescue_by_url(
    leftovers: Sequence[Leftover], canon: Canon, taken: set[tuple[str, str, str]]
) -> tuple[list[Pair], list[Leftover]]:
    """Match left-over items and rows to a free slot of the same role anywhere, by a URL only that slot has."""
    pairs: list[Pair] = []
    rest: list[Leftover] = []
    for left in leftovers:
        slot_group = _unique_slot(left.block, canon, taken)
        if slot_group is None:
            rest.append(left)
            continue
        slot, group = slot_group
        taken.add(slot_key(group, slot))
        url = sorted(_block_anchors(left.block) & _slot_anchors(slot), key=str)[0]
        evidence = (f"same link {url}", f"{group.where}{_position(group, slot)}", f"moved from {left.heading}")
        pairs.append(Pair(left.block, slot, group, evidence, True))
    return pairs, rest


def _unique_slot(block: Block, canon: Canon, taken: set[tuple[str, str, str]]) -> tuple[Slot, Group] | None:
    urls = {a for a in _block_anchors(block) if not str(a).startswith("emoji:")}
    if not urls or block.kind not in (Kind.ITEM, Kind.ROW):
        return None
    found = [
        (slot, group)
        for group in canon.groups
        for slot in group.slots
        if slot.role in (Role.TOPIC, Role.RESOURCE, Role.NOTEBOOK)
        and urls & slot.anchors
        and slot_key(group, slot) not in taken
        and _fits(block, slot, None)
    ]
    return found[0] if len(found) == 1 else None


def slot_key(group: Group, slot: Slot) -> tuple[str, str, str]:
    """Identity of a slot across the roadmap."""
    return group.key, slot.role.value, slot.key
