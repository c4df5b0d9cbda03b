"""The canonical roadmap seen the way a README shows it: groups (under a heading) of slots (blocks).

A slot is one block of the rendered README — a topic item, a resource item, a
notebook row, an intro paragraph — with the translatable units it carries and
the anchors that identify it whatever the language: URLs, emoji, numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from roadmapi18n.importer.inline import link_targets, normalize_url, plain
from roadmapi18n.model import Acknowledgements, NotebookTable, Part, Roadmap, Section, Text


class Role(StrEnum):
    """What a slot is in its group."""

    HEADING = "heading"
    INTRO = "intro"
    HEADER_LINK = "header-link"
    PARTS_LEAD = "parts-lead"
    PART_ENTRY = "part-entry"
    ASSISTANTS_LEAD = "assistants-lead"
    ASSISTANT = "assistant"
    NOTEBOOK = "notebook"
    TOPIC = "topic"
    RESOURCE = "resource"
    ACK_TEXT = "acknowledgements-text"
    THANKS_LEAD = "thanks-lead"
    THANKS = "thanks"
    DISCLAIMER = "disclaimer"


class GroupKind(StrEnum):
    """What a group (the blocks under one heading) is."""

    PREAMBLE = "preamble"
    NOTEBOOKS = "notebooks"
    TABLE = "table"
    PART = "part"
    SECTION = "section"
    CLOSING = "closing"


@dataclass(frozen=True, slots=True)
class Slot:
    """One block of the canonical README and the units it carries."""

    role: Role
    key: str
    """Stable key within the roadmap (the ID of the topic, resource, notebook…)."""
    texts: Mapping[str, Text]
    """Units by field: ``title``/``description`` for a topic, ``name``/``description`` for a notebook…"""
    anchors: frozenset[str] = frozenset()
    """Normalised URLs that identify the block (its own link and the links of its text)."""
    emoji: str = ""
    url: str = ""
    author: str = ""

    @property
    def english(self) -> str:
        """The slot's English words, for similarity."""
        return " ".join(plain(text.source) for text in self.texts.values())


@dataclass(frozen=True, slots=True)
class Group:
    """A heading of the canonical README with the slots under it."""

    key: str
    kind: GroupKind
    region: str
    """``intro``, ``notebooks``, a part ID, or ``closing``: the level-2 heading the group sits under."""
    where: str
    title: Text | None = None
    emoji: str = ""
    number: int = 0
    label: str = ""
    """For sections: which label heads the resources (``resources`` or ``references``)."""
    slots: tuple[Slot, ...] = ()
    anchors: frozenset[str] = field(default=frozenset())

    def of(self, role: Role) -> list[Slot]:
        """The group's slots with ``role``, in order."""
        return [slot for slot in self.slots if slot.role is role]


@dataclass(frozen=True, slots=True)
class Canon:
    """The canonical roadmap as groups, plus the interface labels."""

    groups: tuple[Group, ...]
    labels: Mapping[str, Text]

    def group(self, key: str) -> Group:
        """The group with ``key``."""
        return next(g for g in self.groups if g.key == key)


def canon(roadmap: Roadmap) -> Canon:
    """The groups of ``roadmap`` in README order."""
    groups = [_preamble(roadmap), *_notebooks(roadmap)]
    for part in roadmap.parts:
        groups.append(_part(part))
        groups.extend(_section(part, section) for section in part.sections)
    if roadmap.acknowledgements is not None or roadmap.disclaimer is not None:
        groups.append(_closing(roadmap.acknowledgements, roadmap.disclaimer))
    return Canon(tuple(_with_anchors(g) for g in groups), dict(roadmap.labels))


def _with_anchors(group: Group) -> Group:
    return dataclasses.replace(group, anchors=frozenset(url for slot in group.slots for url in slot.anchors))


def _slot(role: Role, key: str, texts: Mapping[str, Text], *urls: str, **extra: str) -> Slot:
    anchors = {normalize_url(url) for url in urls if url}
    anchors.update(url for text in texts.values() for url in link_targets(text.source))
    return Slot(role, key, dict(texts), frozenset(anchors), **extra)


def _preamble(r: Roadmap) -> Group:
    slots = [_slot(Role.HEADING, "course.title", {"title": r.title}, emoji=r.emoji)] if r.title is not None else []
    slots += [_slot(Role.HEADER_LINK, link.id, {"label": link.label}, link.url, url=link.url) for link in r.links]
    slots.append(_slot(Role.PARTS_LEAD, "parts-lead", {"text": r.parts_lead}))
    slots += [_slot(Role.PART_ENTRY, p.id, {"title": p.title, "summary": p.summary}, emoji=p.emoji) for p in r.parts]
    if r.assistants_lead is not None:
        slots.append(_slot(Role.ASSISTANTS_LEAD, "assistants-lead", {"text": r.assistants_lead}))
    slots += [
        _slot(Role.ASSISTANT, a.id, {"name": a.name, "description": a.description}, a.url, emoji=a.emoji, url=a.url)
        for a in r.assistants
    ]
    return Group("intro", GroupKind.PREAMBLE, "intro", "Introduction", emoji=r.emoji, slots=tuple(slots))


def _notebooks(r: Roadmap) -> Iterator[Group]:
    title = r.notebooks_title
    if title is None:  # the course has no notebooks section
        return
    slots = tuple(_head("notebooks", title, r.notebooks_intro))
    yield Group("notebooks", GroupKind.NOTEBOOKS, "notebooks", title.source, title, r.notebooks_emoji, slots=slots)
    for table in r.notebook_tables:
        yield _table(table, title.source)


def _table(table: NotebookTable, parent: str) -> Group:
    slots = [_slot(Role.HEADING, table.id, {"title": table.title})]
    slots += [
        _slot(
            Role.NOTEBOOK,
            nb.id,
            {"name": nb.name, "description": nb.description},
            nb.url,
            nb.article,
            nb.colab,
            emoji=nb.emoji,
            url=nb.url,
        )
        for nb in table.notebooks
    ]
    where = f"{parent} › {table.title.source}"
    return Group(f"notebooks.{table.id}", GroupKind.TABLE, "notebooks", where, table.title, slots=tuple(slots))


def _head(key: str, title: Text, intro: Text | None) -> list[Slot]:
    """The heading slot, and the intro paragraph's if there is one."""
    slots = [_slot(Role.HEADING, key, {"title": title})]
    if intro is not None:
        slots.append(_slot(Role.INTRO, key, {"text": intro}))
    return slots


def _part(part: Part) -> Group:
    slots = _head(part.id, part.title, part.intro)
    return Group(part.id, GroupKind.PART, part.id, part.title.source, part.title, part.emoji, slots=tuple(slots))


def _section(part: Part, section: Section) -> Group:
    slots = _head(section.id, section.title, section.intro)
    slots += [
        _slot(Role.TOPIC, t.id, {"title": t.title, "description": t.description}, t.url, url=t.url)
        for t in section.topics
    ]
    slots += [
        _slot(
            Role.RESOURCE,
            res.id,
            {"title": res.title, "description": res.description},
            res.url,
            url=res.url,
            author=res.author,
        )
        for res in section.resources
    ]
    where = f"{part.title.source} › {section.number}. {section.title.source}"
    return Group(
        f"{part.id}.{section.id}",
        GroupKind.SECTION,
        part.id,
        where,
        section.title,
        number=section.number,
        label=part.resources_label,
        slots=tuple(slots),
    )


def _closing(ack: Acknowledgements | None, disclaimer: Text | None) -> Group:
    """The closing section: the acknowledgements and the disclaimer, whichever the course has."""
    slots = []
    if ack is not None:
        slots.append(_slot(Role.HEADING, "acknowledgements", {"title": ack.title}))
        if ack.text is not None:
            slots.append(_slot(Role.ACK_TEXT, "acknowledgements-text", {"text": ack.text}))
        if ack.thanks_lead is not None:
            slots.append(_slot(Role.THANKS_LEAD, "thanks-lead", {"text": ack.thanks_lead}))
        slots += [_slot(Role.THANKS, item.id, {"text": item}) for item in ack.thanks]
    if disclaimer is not None:
        slots.append(_slot(Role.DISCLAIMER, "disclaimer", {"text": disclaimer}))
    title = ack.title if ack is not None else None
    where = title.source if title is not None else "Closing"
    return Group("acknowledgements", GroupKind.CLOSING, "closing", where, title, slots=tuple(slots))
