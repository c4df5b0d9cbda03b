"""A synthetic roadmap project of any size, for benchmarks and tests: YAML, catalogs, READMEs and the truth.

:func:`synth_roadmap` writes a complete project (``roadmapi18n.toml``,
``roadmap/course.yaml``, ``roadmap/parts/*.yaml``, ``locales/``) the way it
looks between two builds: the tree was built from an *old* roadmap whose
catalogs are partly translated (60% by default, some of it fuzzy), then the
roadmap YAML was edited (10% of the section texts reworded, 5% of the units
removed, as many added, a few IDs renamed) and ``build`` has not run since.
The returned :class:`SynthRoadmap` says what happened to every unit, so a test
can check what ``build`` must make of it.

Texts are sentences over a Zipf-like vocabulary (see :mod:`roadmapi18n.synth`);
translations are the English with its letters changed into the locale's
script, links, code spans and placeholders kept, so every integrity check
passes and every translation is non-ASCII, as real ones are. Everything is
derived from ``seed``.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmapi18n.catalog import Catalog, Message, format_po, make_header
from roadmapi18n.fsio import write_text_atomic
from roadmapi18n.synth import _Writer

if TYPE_CHECKING:
    from roadmapi18n.project import Project

LOCALES: tuple[str, ...] = ("vi", "zh_Hant", "fr", "de", "ja", "ru", "es", "ko", "pt_BR", "it", "pl", "tr", "uk", "id")
"""Target locales in the order they are taken: ``locales=3`` means vi, zh_Hant and fr."""
SECTION_TOPICS = 16
SECTION_RESOURCES = 8
SECTIONS_PER_PART = 100
_POT_DATE = "2024-01-01 00:00+0000"
_LABELS = {
    "notebook": "Notebook",
    "description": "Description",
    "article": "Article",
    "colab-column": "Colab",
    "open-in-colab": "Open In Colab",
    "resources": "Resources",
    "references": "References",
    "by-author": "by {author}",
    "translation-status": "This translation is {percent}% complete ({translated} of {total} passages). "
    "Help translate it in [{catalog}]({catalog}).",
}

Node = dict[str, Any]


@dataclass(slots=True)
class LocaleTruth:
    """The state of each unit in one locale's catalog before the roadmap was edited."""

    translated: set[str] = field(default_factory=set)
    """Units with a confirmed (non-fuzzy) translation."""
    fuzzy: dict[str, str] = field(default_factory=dict)
    """Units with a fuzzy translation → the ``#| msgid`` it was made for."""
    obsolete: set[str] = field(default_factory=set)
    """IDs of the obsolete (``#~``) entries the catalog already held."""

    def has_translation(self, unit: str) -> bool:
        """Whether the old catalog held a translation (fuzzy or not) for ``unit``."""
        return unit in self.translated or unit in self.fuzzy


@dataclass(slots=True)
class SynthRoadmap:
    """Where the project is, and what happened to its units between the old build and the edited YAML."""

    root: Path
    units: int
    """Translatable units in the edited roadmap (the old one had as many)."""
    locales: dict[str, LocaleTruth]
    old_text: dict[str, str]
    """Every unit of the old roadmap → its English."""
    edited: dict[str, str] = field(default_factory=dict)
    """Units whose English was reworded → the new English."""
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    """New unit ID → the old ID of the same text (a topic whose ``id`` changed)."""


# -- translations ----------------------------------------------------------------------------------

# Kept as written: link targets, code spans, placeholders, bare URLs.
_KEEP = re.compile(r"(\]\([^)]*\)|`[^`]*`|\{[a-z_]+\}|https?://\S+)")
_LATIN = {
    "vi": str.maketrans("aeioudAEIOUD", "ạêịơưđẠÊỊƠƯĐ"),
    "fr": str.maketrans("eacuoE", "éàçûôÉ"),
    "de": str.maketrans("aouAOUs", "äöüÄÖÜß"),
    "es": str.maketrans("aeionu", "áéíóñú"),
    "pt_BR": str.maketrans("aeocu", "ãéôçú"),
    "it": str.maketrans("aeiou", "àèìòù"),
    "pl": str.maketrans("aeloszn", "ąęłóśżń"),
    "tr": str.maketrans("cgiosu", "çğıöşü"),
    "id": str.maketrans("e", "é"),
}
_CYRILLIC = str.maketrans("abvgdeziklmnoprstufhcy", "абвгдезиклмнопрстуфхцы")
_BLOCKS = {"zh_Hant": (0x4E00, 20000), "ja": (0x3041, 86), "ko": (0xAC00, 11000)}


def translate(text: str, code: str) -> str:
    """A stand-in translation of ``text`` into ``code``: other letters, same links, code and placeholders.

    >>> translate("See [the docs](https://a.b/c) and `x`.", "vi")
    'Sêê [thê đơcs](https://a.b/c) ạnđ `x`.'
    """
    pieces = _KEEP.split(text)
    for index in range(0, len(pieces), 2):
        pieces[index] = _translate_plain(pieces[index], code)
    translated = "".join(pieces)
    return translated if translated != text else f"{text} ({code})"  # a copy of the English is no translation


def _translate_plain(text: str, code: str) -> str:
    if code in _BLOCKS:
        start, size = _BLOCKS[code]
        return " ".join(_word_chars(word, start, size) for word in text.split(" "))
    if code in ("ru", "uk"):
        return text.lower().translate(_CYRILLIC)
    return text.translate(_LATIN.get(code, _LATIN["fr"]))


def _word_chars(word: str, start: int, size: int) -> str:
    match = _WORD_PARTS.match(word)
    assert match is not None
    head, letters, tail = match.groups()
    if not letters:
        return word
    digest = zlib.crc32(letters.lower().encode())
    chars = "".join(chr(start + (digest >> shift) % size) for shift in range(0, 8 * (1 + len(letters) // 5), 8))
    return head + chars + tail


_WORD_PARTS = re.compile(r"(\W*)(.*?)(\W*)$", re.S)


# -- the roadmap as YAML-ready nodes --------------------------------------------------------------


class _Content:
    """Titles, sentences and IDs for the roadmap's nodes, from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.writer = _Writer(rng)
        self.cumulative = list(_accumulate(self.writer.weights))
        self.counter = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def title(self) -> str:
        words = self.rng.choices(self.writer.words, cum_weights=self.cumulative, k=self.rng.randint(2, 5))
        return " ".join(words).capitalize()

    def sentence(self) -> str:
        return self.writer.sentence()

    def topic(self) -> Node:
        node: Node = {"id": self.next_id("t"), "title": self.title()}
        if self.rng.random() < 0.3:
            node["url"] = f"https://example.org/{node['id']}"
        node["description"] = self.sentence()
        return node

    def resource(self) -> Node:
        node: Node = {"id": self.next_id("r"), "title": self.title(), "url": f"https://example.com/{self.counter}"}
        if self.rng.random() < 0.5:
            node["author"] = self.title()
        node["description"] = self.sentence()
        return node

    def section(self, units: int) -> Node:
        """A section of exactly ``units`` units (at least 1)."""
        node: Node = {"id": self.next_id("s"), "title": self.title()}
        rest = units - 1
        if rest % 2:
            node["intro"] = self.sentence()
            rest -= 1
        resources = min(SECTION_RESOURCES, rest // 6)
        node["topics"] = [self.topic() for _ in range(rest // 2 - resources)]
        if resources:
            node["resources"] = [self.resource() for _ in range(resources)]
        return node


def _accumulate(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _course(content: _Content, part_ids: list[str]) -> Node:
    return {
        "emoji": "🗺️",
        "title": "Synthetic Course",
        "links": [{"id": "home", "emoji": "🏠", "label": "Home page", "url": "https://example.org/"}],
        "parts_lead": "The course is divided into these parts:",
        "assistants": {
            "lead": "Ask an **assistant** about the course:",
            "items": [
                {
                    "id": "helper",
                    "emoji": "🤖",
                    "name": "Helper",
                    "url": "https://example.org/helper",
                    "description": content.sentence(),
                },
            ],
        },
        "notebooks": {
            "emoji": "📝",
            "title": "Notebooks",
            "intro": content.sentence(),
            "colab_badge": "https://colab.research.google.com/assets/colab-badge.svg",
            "tables": [
                {
                    "id": "tools",
                    "title": "Tools",
                    "notebooks": [
                        {
                            "id": f"nb{n}",
                            "emoji": "🧪",
                            "name": content.title(),
                            "description": content.sentence(),
                            "article": f"https://example.org/article/{n}",
                            "colab": f"https://colab.example.org/{n}",
                        }
                        for n in range(3)
                    ],
                }
            ],
        },
        "parts": part_ids,
        "acknowledgements": {
            "title": "Acknowledgements",
            "text": content.sentence(),
            "thanks_lead": "Special thanks to:",
            "thanks": [{"id": "everyone", "text": "Everyone who sent a correction"}],
        },
        "disclaimer": "Disclaimer: this course is generated.",
        "labels": dict(_LABELS),
    }


_COURSE_UNITS = 1 + 1 + 1 + 1 + 2 + 2 + 1 + 3 * 2 + 3 + 1 + 1 + len(_LABELS)
"""Units of :func:`_course`: title, link, parts lead, assistants lead, assistant, notebooks title/intro,
table title, notebooks, acknowledgements title/text/lead, thanks, disclaimer, labels."""


def _parts(content: _Content, units: int) -> dict[str, Node]:
    """Parts of 3 units each plus sections of 50 units, totalling ``units``."""
    section_units = 2 + 2 * SECTION_TOPICS + 2 * SECTION_RESOURCES
    sections = max(1, -(-units // section_units))
    count = max(1, min(-(-sections // SECTIONS_PER_PART), 99))
    while count > 1 and units - 3 * count < sections:
        count -= 1
    rest = units - 3 * count
    if rest < 1:
        raise ValueError(f"a synthetic roadmap needs at least {_COURSE_UNITS + 4} units")
    sizes = [section_units] * (rest // section_units)
    if rest % section_units:
        sizes.append(rest % section_units)
    parts: dict[str, Node] = {}
    for number in range(count):
        part_id = f"part-{number + 1:02d}"
        parts[part_id] = {
            "emoji": "📘",
            "title": f"Part {number + 1}: {content.title()}",
            "summary": content.sentence(),
            "intro": content.sentence(),
            "resources_label": "resources" if number % 2 else "references",
            "bullet": "-" if number % 2 else "*",
            "sections": [content.section(size) for size in sizes[number::count]],
        }
    return parts


def _section_units(part_id: str, section: Node) -> Iterator[tuple[str, Node, str]]:
    """(unit ID, the node holding it, its key) for every unit of a section, in document order."""
    base = f"{part_id}.{section['id']}"
    yield f"{base}.title", section, "title"
    if "intro" in section:
        yield f"{base}.intro", section, "intro"
    for kind in ("topics", "resources"):
        for item in section.get(kind, []):
            yield f"{base}.{kind}.{item['id']}.title", item, "title"
            yield f"{base}.{kind}.{item['id']}.description", item, "description"


# -- YAML -----------------------------------------------------------------------------------------

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text and set(text) <= _PLAIN and text[0].isalpha():
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _yaml_lines(node: Node, indent: str = "") -> Iterator[str]:
    for key, value in node.items():
        if isinstance(value, dict):
            yield f"{indent}{key}:"
            yield from _yaml_lines(value, indent + "  ")
        elif isinstance(value, list):
            yield f"{indent}{key}:" if value else f"{indent}{key}: []"
            for item in value:
                if isinstance(item, dict):
                    lines = list(_yaml_lines(item, indent + "    "))
                    yield f"{indent}  - {lines[0].lstrip()}"
                    yield from lines[1:]
                else:
                    yield f"{indent}  - {_scalar(item)}"
        else:
            yield f"{indent}{key}: {_scalar(value)}"


def _write_yaml(path: Path, node: Node, comment: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, f"# {comment}\n" + "\n".join(_yaml_lines(node)) + "\n")


def _write_roadmap(root: Path, course: Node, parts: dict[str, Node]) -> None:
    _write_yaml(root / "roadmap" / "course.yaml", course, "Synthetic course (roadmapi18n.synth_roadmap).")
    for part_id, part in parts.items():
        _write_yaml(root / "roadmap" / "parts" / f"{part_id}.yaml", part, f"Synthetic part {part_id}.")


def _write_config(root: Path, codes: list[str]) -> None:
    lines = ['name = "Synthetic Course"', 'roadmap = "roadmap/course.yaml"', 'source_readme = "roadmap/README.md"', ""]
    for code in codes:
        lines += ["[[locales]]", f'code = "{code}"', f'label = "{code}"', ""]
    write_text_atomic(root / "roadmapi18n.toml", "\n".join(lines))


# -- the generator --------------------------------------------------------------------------------


def synth_roadmap(
    root: Path,
    units: int,
    *,
    locales: int = 3,
    seed: int = 0,
    translated: float = 0.60,
    fuzzy: float = 0.05,
    obsolete: float = 0.01,
    edited: float = 0.10,
    removed: float = 0.05,
    renamed: float = 0.005,
) -> SynthRoadmap:
    """Write a built-then-edited roadmap project of ``units`` units and ``locales`` locales under ``root``.

    Of the old roadmap's units, each locale has ``translated`` translated (of
    them ``fuzzy`` as fuzzy) and ``obsolete`` × units obsolete entries. Then
    ``edited`` of the section texts are reworded, topics and resources holding
    ``removed`` of the units are deleted and as many topic units added, and
    ``renamed`` of the topics get a new ID. ``root`` must be empty or missing.
    """
    from roadmapi18n.build import plan_build, write_plan
    from roadmapi18n.project import Project

    if not 1 <= locales <= len(LOCALES):
        raise ValueError(f"locales must be between 1 and {len(LOCALES)}")
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise ValueError(f"{root} is not empty")
    rng = random.Random(seed)
    content = _Content(rng)
    parts = _parts(content, units - _COURSE_UNITS)
    course = _course(content, list(parts))
    codes = list(LOCALES[:locales])
    _write_config(root, codes)
    _write_roadmap(root, course, parts)

    project = Project.open(root)
    old_text = {text.id: text.source for text in project.roadmap.texts()}
    truth = SynthRoadmap(root, len(old_text), {}, old_text)
    # The old build: a template, then catalogs translated as the generator decides, then READMEs.
    pot = plan_build(project, locales=[], catalogs=False, readmes=False).outputs[project.config.pot_path]
    pot = pot.replace(pot.split("POT-Creation-Date: ", 1)[1].split("\\n", 1)[0], _POT_DATE, 1)
    project.config.pot_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(project.config.pot_path, pot)
    for code in codes:
        state = truth.locales[code] = LocaleTruth()
        catalog = _old_catalog(project, code, rng, state, translated=translated, fuzzy=fuzzy, obsolete=obsolete)
        path = project.config.po_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, format_po(catalog))
    write_plan(plan_build(Project.open(root)))

    _edit(content, parts, truth, edited=edited, removed=removed, renamed=renamed)
    _write_roadmap(root, course, parts)
    return truth


def _old_catalog(
    project: Project,
    code: str,
    rng: random.Random,
    state: LocaleTruth,
    *,
    translated: float,
    fuzzy: float,
    obsolete: float,
) -> Catalog:
    messages: list[Message] = []
    writer = _Writer(rng)
    for text in project.roadmap.texts():
        message = Message(text.source, msgctxt=text.id)
        if rng.random() < translated:
            message.msgstr = translate(text.source, code)
            if rng.random() < fuzzy:
                message.flags = ["fuzzy"]
                message.previous_msgid = writer.edit(text.source)
                state.fuzzy[text.id] = message.previous_msgid
            else:
                state.translated.add(text.id)
        messages.append(message)
    for number in range(int(len(messages) * obsolete)):
        source = writer.sentence()
        unit = f"gone.unit-{number}"
        messages.append(Message(source, translate(source, code), unit, obsolete=True))
        state.obsolete.add(unit)
    headers = make_header("Synthetic Course", code, pot_creation_date=_POT_DATE)
    return Catalog(headers=headers, messages=messages)


def _edit(
    content: _Content, parts: dict[str, Node], truth: SynthRoadmap, *, edited: float, removed: float, renamed: float
) -> None:
    """Reword, remove, add and rename units in ``parts`` in place, recording each change in ``truth``."""
    rng = content.rng
    sections = [(part_id, section) for part_id, part in parts.items() for section in part["sections"]]
    units = [unit for part_id, section in sections for unit in _section_units(part_id, section)]
    rng.shuffle(units)
    for unit, node, key in units[: int(truth.units * edited)]:
        text = node[key]
        while text == node[key]:
            text = content.writer.edit(node[key])
        node[key] = text
        truth.edited[unit] = text
    removals = int(truth.units * removed) // 2
    for _ in range(removals):
        part_id, section = rng.choice(sections)
        kind = "resources" if section.get("resources") and rng.random() < 0.3 else "topics"
        items = section.get(kind) or []
        if not items:
            continue
        item = items.pop(rng.randrange(len(items)))
        base = f"{part_id}.{section['id']}.{kind}.{item['id']}"
        for key in ("title", "description"):
            truth.removed.append(f"{base}.{key}")
            truth.edited.pop(f"{base}.{key}", None)
    for _ in range(len(truth.removed) // 2):
        part_id, section = rng.choice(sections)
        topic = content.topic()
        section["topics"].insert(rng.randrange(len(section["topics"]) + 1), topic)
        base = f"{part_id}.{section['id']}.topics.{topic['id']}"
        truth.added += [f"{base}.title", f"{base}.description"]
    candidates = [
        (part_id, section, topic)
        for part_id, section in sections
        for topic in section["topics"]
        if f"{part_id}.{section['id']}.topics.{topic['id']}.title" in truth.old_text
    ]
    for part_id, section, topic in rng.sample(candidates, min(len(candidates), int(truth.units * renamed / 2))):
        base = f"{part_id}.{section['id']}.topics."
        new_id = content.next_id("renamed-t")
        for key in ("title", "description"):
            old_unit, new_unit = f"{base}{topic['id']}.{key}", f"{base}{new_id}.{key}"
            truth.renamed[new_unit] = old_unit
            if old_unit in truth.edited:  # a renamed unit keeps its old text, so its similarity says who it was
                del truth.edited[old_unit]
                topic[key] = truth.old_text[old_unit]
        topic["id"] = new_id


def iter_truth_ids(truth: SynthRoadmap) -> Iterator[str]:
    """Every unit ID of the edited roadmap, as the generator computes it (document order not kept)."""
    gone = set(truth.removed) | set(truth.renamed.values())
    yield from (unit for unit in truth.old_text if unit not in gone)
    yield from truth.added
    yield from truth.renamed
