"""Matched blocks → the legacy text of each unit they carry.

A topic item gives its title (the bold part) and description, a resource its
link text and description, a notebook row its name and description, a
parts-list entry the part's title and summary, a heading its title. Interface
labels are read where they appear: table headers, ``📚 References:``, the
``Article`` link text, the Colab badge's alt text, ``by Author``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from roadmapi18n.importer.blocks import Block, Kind
from roadmapi18n.importer.canon import Role, Slot
from roadmapi18n.importer.inline import split_emoji
from roadmapi18n.importer.pairs import Pair, SortedBlocks
from roadmapi18n.importer.shapes import heading, part_entry, resource, row, same_url, single_link, topic, unwrap
from roadmapi18n.model import Text

# Tried only where a run of spaces starts: from every space of a long run, it cost the square of the run's length.
_TRAILING_COLON = re.compile(r"(?<!\s)\s*[:：]\s*$")
_SPACES = re.compile(r"[ \t\r\n]+")
_ESCAPED = re.compile(r"\\([\[\]|])")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the legacy file says for one unit, and why we think so."""

    unit: Text
    text: str
    line: int
    end_line: int
    evidence: tuple[str, ...]
    strong: bool
    priority: int = 0
    """Lower wins when two blocks give different texts for the same unit (a heading beats the parts list)."""
    concerns: tuple[str, ...] = ()
    """Doubts that come from the context, not the text (the list a lead line introduces changed length)."""
    label: bool = False
    """An interface label, read wherever it appears: its wordings are votes, and a clear majority wins."""


def candidates(pair: Pair) -> list[Candidate]:
    """The units a matched block carries, with their legacy texts."""
    texts = _split(pair.block, pair.slot)
    priority = 1 if pair.slot.role is Role.PART_ENTRY else 0
    return [
        Candidate(unit, _clean(text, unit), pair.block.line, pair.block.end_line, pair.evidence, pair.strong, priority)
        for name, text in texts.items()
        if (unit := pair.slot.texts.get(name)) is not None and _clean(text, unit)
    ]


def _split(block: Block, slot: Slot) -> Mapping[str, str]:
    role = slot.role
    if block.kind is Kind.HEADING:
        return {"title": heading(block.text).title}
    if role in (Role.TOPIC, Role.ASSISTANT):
        found = topic(split_emoji(block.text)[1])
        if found is None:
            return {}
        title = _unlink(found.title, slot.url)
        return {"title": title, "name": title, "description": found.description}
    if role is Role.RESOURCE:
        res = resource(block.text, slot.author)
        return {"title": res.title, "description": res.description} if res else {}
    if role is Role.NOTEBOOK:
        cells = row(block.cells)
        return {"name": cells.name, "description": cells.description}
    if role is Role.PART_ENTRY:
        entry = part_entry(block.text)
        return {"title": entry.title, "summary": entry.summary} if entry else {}
    if role is Role.HEADER_LINK:
        return {"label": block.text}
    if role is Role.DISCLAIMER:
        return {"text": unwrap(block.text)}
    return {"text": block.text}


def _unlink(title: str, url: str) -> str:
    """``**[Title](url)**`` written for a topic whose own link is ``url``: the title is the link text."""
    linked = single_link(title)
    return linked[0] if linked and url and same_url(linked[1], url) else title


def _clean(text: str, unit: Text | None = None) -> str:
    """The unit's text as a catalog holds it: escapes undone, spaces trimmed, no emoji the English lacks."""
    text = _SPACES.sub(" ", _ESCAPED.sub(r"\1", text)).strip(" \t\r\n")  # keep no-break spaces
    if unit is not None and not split_emoji(unit.source)[0]:
        text = split_emoji(text)[1]
    return text


def label_candidates(
    sorted_blocks: SortedBlocks, pairs: list[Pair], labels: Mapping[str, Text], resources_label: str, where: str
) -> Iterator[Candidate]:
    """Interface labels as this group shows them."""
    for block in sorted_blocks.labels:
        if block.kind is Kind.ROW:
            yield from _header_labels(block, labels, where)
        elif resources_label in labels:
            text = _label_text(split_emoji(block.text)[1])
            yield _label(labels[resources_label], text, block, f"resource label of {where}")
    for pair in pairs:
        yield from _pair_labels(pair, labels)


def _label_text(text: str) -> str:
    """``**References**:`` or ``**References:**`` → ``References``."""
    return _TRAILING_COLON.sub("", unwrap(_TRAILING_COLON.sub("", unwrap(text))))


def _header_labels(block: Block, labels: Mapping[str, Text], where: str) -> Iterator[Candidate]:
    names = ["notebook", "description"] + (["article"] if len(block.cells) >= 4 else []) + ["colab-column"]
    for name, cell in zip(names, block.cells, strict=False):
        if name in labels:
            yield _label(labels[name], unwrap(cell), block, f"table header of {where}")


def _pair_labels(pair: Pair, labels: Mapping[str, Text]) -> Iterator[Candidate]:
    if pair.slot.role is Role.NOTEBOOK:
        cells = row(pair.block.cells)
        if cells.article_label and "article" in labels:
            yield _label(labels["article"], cells.article_label, pair.block, "article link of a notebook row")
        if cells.colab_label and "open-in-colab" in labels:
            yield _label(labels["open-in-colab"], cells.colab_label, pair.block, "Colab badge of a notebook row")
    elif pair.slot.role is Role.RESOURCE and pair.slot.author and "by-author" in labels:
        res = resource(pair.block.text, pair.slot.author)
        if res and pair.slot.author in res.middle:
            text = res.middle.replace(pair.slot.author, "{author}", 1)
            yield _label(labels["by-author"], text, pair.block, f"author of {pair.slot.author!r}")


def _label(unit: Text, text: str, block: Block, how: str) -> Candidate:
    return Candidate(unit, _clean(text, unit), block.line, block.end_line, (how,), True, label=True)
