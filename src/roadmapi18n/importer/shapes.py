"""The shapes of legacy blocks: a topic item, a resource item, a parts-list entry, a notebook row, a heading.

Each parser takes a block's raw inline Markdown and returns its parts (still
raw Markdown), or None when the block does not have that shape. Colons may
be ASCII or full-width (``：``), as Chinese translations write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmapi18n.importer.inline import link_targets, normalize_url, split_emoji

_COLON = r"\s*[:：]\s*"
_LINK_TEXT = r"(?:\\.|[^\]\\])*"
_TOPIC_LINKED = re.compile(rf"^\[\*\*(?P<t>{_LINK_TEXT})\*\*\]\((?P<u>[^)\s]+)\){_COLON}(?P<d>.*)$", re.S)
_TOPIC_BOLD = re.compile(rf"^\*\*(?P<t>.+?)\*\*{_COLON}(?P<d>.*)$", re.S)
_TOPIC_COLON_IN_BOLD = re.compile(r"^\*\*(?P<t>.+?)[:：]\*\*\s*(?P<d>.*)$", re.S)
_RESOURCE = re.compile(
    rf"^\[(?P<t>{_LINK_TEXT})\]\((?P<u>[^)\s]+)\)(?P<m>(?:\[[^\]]*\]\([^)]*\)|[^:：\[])*?){_COLON}(?P<d>.*)$", re.S
)
_PART_ENTRY = re.compile(
    rf"^(?:\[\*\*(?P<lt>{_LINK_TEXT})\*\*\]\([^)]*\)|\*\*(?P<t>.+?)\*\*)\s*[:：]?\s*(?P<s>.*)$", re.S
)
_NUMBERED = re.compile(r"^(\d+)\s*[.．、]\s*(.*)$", re.S)
_WHOLE_BOLD = re.compile(r"^\*\*(.+)\*\*$", re.S)
_WHOLE_EMPHASIS = re.compile(r"^([*_])(.+)\1$", re.S)
_LINK_ONLY = re.compile(rf"^\[(?P<t>{_LINK_TEXT})\]\((?P<u>[^)\s]+)\)$")
_IMG_ALT = re.compile(r"""<img\s[^>]*?alt\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_COLAB = "colab.research.google.com"


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading split into emoji, section number and title."""

    emoji: str
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Topic:
    """``**Title**: description`` or ``[**Title**](url): description``."""

    title: str
    url: str
    description: str


@dataclass(frozen=True, slots=True)
class Resource:
    """``[Title](url) by Author: description``."""

    title: str
    url: str
    middle: str
    """What sits between the link and the colon (``by Jay Alammar``), stripped."""
    description: str


@dataclass(frozen=True, slots=True)
class PartEntry:
    """``🧩 **Title** summary`` in the introduction's list of parts."""

    emoji: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class Row:
    """A notebook table row."""

    emoji: str
    name: str
    description: str
    anchors: frozenset[str]
    article_label: str
    colab_label: str


def heading(text: str) -> Heading:
    """Split ``🧩 2. **Title**`` into emoji, number and title.

    >>> heading("🧑‍🔬 **Nhà nghiên cứu LLM**")
    Heading(emoji='🧑\\u200d🔬', number=0, title='Nhà nghiên cứu LLM')
    >>> heading("4. Supervised Fine-Tuning")
    Heading(emoji='', number=4, title='Supervised Fine-Tuning')
    """
    emoji, rest = split_emoji(text)
    number = 0
    numbered = _NUMBERED.match(rest)
    if numbered:
        number, rest = int(numbered.group(1)), numbered.group(2)
    return Heading(emoji, number, unwrap(rest))


def unwrap(text: str) -> str:
    """Drop bold or emphasis markers around the whole text."""
    text = text.strip()
    for pattern in (_WHOLE_BOLD, _WHOLE_EMPHASIS):
        match = pattern.match(text)
        if match and "**" not in match.group(match.lastindex or 1):
            text = match.group(match.lastindex or 1).strip()
    return text


def topic(text: str) -> Topic | None:
    """Parse a topic item.

    >>> topic("[**LoRA**](https://arxiv.org/abs/2106.09685)：一種技術")
    Topic(title='LoRA', url='https://arxiv.org/abs/2106.09685', description='一種技術')
    """
    match = _TOPIC_LINKED.match(text)
    if match:
        return Topic(match["t"].strip(), match["u"], match["d"].strip())
    match = _TOPIC_BOLD.match(text) or _TOPIC_COLON_IN_BOLD.match(text)
    if match:
        return Topic(match["t"].strip(), "", match["d"].strip())
    return None


def resource(text: str, author: str = "") -> Resource | None:
    """Parse a resource item; knowing the author finds the colon even when a translated ``by`` has one.

    >>> found = resource("[LLM Security](https://llmsecurity.net/) by [@llm_sec](https://x.com/llm_sec):Extensive list")
    >>> found.title, found.middle, found.description
    ('LLM Security', 'by [@llm_sec](https://x.com/llm_sec)', 'Extensive list')
    >>> resource("[A](https://a.org) 作者：Ann Lee：好文章", author="Ann Lee").description
    '好文章'
    """
    match = None
    if author and author in text:
        pattern = rf"^\[(?P<t>{_LINK_TEXT})\]\((?P<u>[^)\s]+)\)(?P<m>.*?{re.escape(author)}[^:：]*?){_COLON}(?P<d>.*)$"
        match = re.match(pattern, text, re.S)
    match = match or _RESOURCE.match(text)
    if not match:
        return None
    return Resource(match["t"].strip(), match["u"], match["m"].strip(), match["d"].strip())


def part_entry(text: str) -> PartEntry | None:
    """Parse an entry of the introduction's list of parts."""
    emoji, rest = split_emoji(text)
    match = _PART_ENTRY.match(rest)
    if not match:
        return None
    return PartEntry(emoji, (match["lt"] or match["t"] or "").strip(), match["s"].strip())


def row(cells: tuple[str, ...]) -> Row:
    """Split a notebook row into name, description and the URLs that identify it."""
    emoji, name = split_emoji(cells[0] if cells else "")
    linked = _LINK_ONLY.match(name)
    if linked:
        name = linked["t"]
    numbered = _NUMBERED.match(name)
    if numbered:
        name = numbered.group(2)
    anchors = frozenset(url for cell in cells for url in link_targets(cell))
    article = colab = ""
    for cell in cells[2:]:
        link = _LINK_ONLY.match(cell.strip())
        if link and _COLAB not in link["u"]:
            article = link["t"].strip()
        alt = _IMG_ALT.search(cell)
        if alt and _COLAB in cell:
            colab = alt.group(1).strip()
    description = cells[1] if len(cells) > 1 else ""
    return Row(emoji, name.strip(), description.strip(), anchors, article, colab)


def single_link(text: str) -> tuple[str, str] | None:
    """``[text](url)`` and nothing else → (text, url)."""
    linked = _LINK_ONLY.match(text.strip())
    return (linked["t"], linked["u"]) if linked else None


def same_url(a: str, b: str) -> bool:
    """True when two URLs are the same once normalised."""
    return bool(a) and bool(b) and normalize_url(a) == normalize_url(b)
