"""The roadmap as frozen dataclasses: no I/O, no parsing, just the shape of the course.

Every piece of translatable text is a :class:`Text` with a stable ``id`` (the
gettext ``msgctxt``), its English ``source``, the ``text`` currently shown
(English, or a translation after :func:`localize`), and where it was defined.
URLs, authors, emoji and image paths are plain strings: data, never translated.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was written: repository-relative path and 1-based line."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Text:
    """One translatable unit."""

    id: str
    """Stable ID, e.g. ``scientist.fine-tuning.topics.lora.description``; the catalog's msgctxt."""
    source: str
    """The English text (inline Markdown allowed)."""
    origin: Origin
    """Where the English text is defined (becomes the ``#:`` reference)."""
    where: str
    """Human-readable position for translators, e.g. ``The LLM Scientist › 4. Supervised Fine-Tuning``."""
    text: str = ""
    """What renders: the translation when one is confirmed, else the English source."""
    translated: bool = False
    """True when ``text`` is a confirmed (non-fuzzy) translation."""

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.source)


@dataclass(frozen=True, slots=True)
class Block:
    """A generic block: what the typed schema has no slot for, kept in its place (``blocks:`` in the YAML).

    ``at`` names the typed element it follows in its container (see :data:`roadmapi18n.schema.BLOCK_SLOTS`).
    """

    id: str
    kind: str
    """``paragraph``, ``alert``, ``image``, ``html`` (raw, not translated), ``rule`` (``---``), ``h2``…``h4``."""
    at: str
    text: Text | None
    """The paragraph's, alert's or heading's text; an image's alternative text (None: empty)."""
    alert: str = ""
    """Alert type: ``NOTE``, ``TIP``, ``IMPORTANT``, ``WARNING`` or ``CAUTION``."""
    src: str = ""
    """Image source: a path relative to the roadmap folder, or a URL."""
    link: str = ""
    """URL the image links to, or ``""``."""
    align: str = ""
    width: str = ""
    html: str = ""
    """Raw HTML (``kind: html``); an image written as an HTML ``<img>`` tag has ``html: img``."""
    inline: bool = False
    """An image written at the start of the next paragraph, on the same line (a floated cover, say)."""


@dataclass(frozen=True, slots=True)
class Banner:
    """An image heading the centred header, in place of or above the title."""

    src: str
    alt: Text | None


@dataclass(frozen=True, slots=True)
class HeaderLink:
    """A link in the centred header (``🐦 Follow me on X``)."""

    id: str
    emoji: str
    label: Text
    url: str


@dataclass(frozen=True, slots=True)
class Assistant:
    """One of the interactive course assistants listed after the intro."""

    id: str
    emoji: str
    name: Text
    url: str
    description: Text


@dataclass(frozen=True, slots=True)
class Notebook:
    """A row of a notebook table."""

    id: str
    emoji: str
    name: Text
    url: str
    """Link on the notebook's name (the Tools table), or ``""``."""
    description: Text
    article: str
    """URL of the companion article, or ``""``."""
    colab: str
    """URL of the Colab notebook, or ``""`` when it is not known."""


@dataclass(frozen=True, slots=True)
class NotebookTable:
    """One ``### Tools``-style table of notebooks."""

    id: str
    title: Text
    has_article_column: bool
    notebooks: tuple[Notebook, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """A bold topic with its description: ``- **LoRA**: A parameter-efficient technique…``."""

    id: str
    title: Text
    url: str
    """Link on the title, or ``""``."""
    description: Text
    colon: bool = True
    """False where the course writes no colon between the title and the description."""


@dataclass(frozen=True, slots=True)
class Resource:
    """A reference under ``📚 References``: title, URL, optional author, description."""

    id: str
    title: Text
    url: str
    author: str
    description: Text


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of a part (``### 4. Supervised Fine-Tuning``)."""

    id: str
    number: int
    title: Text
    intro: Text | None
    topics: tuple[Topic, ...]
    resources_toggle: Text | None
    """Summary of a ``<details>`` toggle folding the resources, shown in place of their label (None: not folded)."""
    resources: tuple[Resource, ...]
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """One of the three parts of the course."""

    id: str
    emoji: str
    title: Text
    summary: Text
    """One line for the intro's list of parts; follows the bold part title."""
    intro: Text | None
    toggle: Text | None
    """Summary of a ``<details>`` toggle folding the image and sections (None: not folded)."""
    image: str
    """Roadmap image path relative to the roadmap folder, or ``""``."""
    image_alt: Text | None
    """The roadmap image's alternative text (None: empty, as the course writes it)."""
    blocks: tuple[Block, ...]
    resources_label: str
    """Which label heads the resource lists: ``resources`` or ``references``."""
    bullet: str
    """List marker used in this part: ``-`` or ``*``."""
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Acknowledgements:
    """Closing credits: a ``##`` section; every part but its heading may be missing."""

    title: Text
    text: Text | None
    thanks_lead: Text | None
    """The sentence introducing the list of thanks (None: no sentence)."""
    thanks: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Roadmap:
    """The whole course."""

    emoji: str
    title: Text | None
    """The ``<h1>`` of the header (None: no title, e.g. a banner image instead)."""
    banner: Banner | None
    links: tuple[HeaderLink, ...]
    blocks: tuple[Block, ...]
    """Generic blocks of the course level, each placed after the element its ``at`` names."""
    parts_lead: Text
    assistants_lead: Text | None
    assistants: tuple[Assistant, ...]
    notebooks_emoji: str
    notebooks_title: Text | None
    """The notebooks section's heading (None: the course has no notebooks section, nor tables)."""
    notebooks_intro: Text | None
    notebooks_toggle: Text | None
    """Summary of a ``<details>`` toggle folding the notebook tables (None: not folded)."""
    colab_badge: str
    """The 'Open In Colab' badge: a URL, or a path relative to the roadmap folder."""
    notebook_tables: tuple[NotebookTable, ...]
    parts: tuple[Part, ...]
    acknowledgements: Acknowledgements | None
    """The closing section (None: the course has none)."""
    disclaimer: Text | None
    """The emphasised line closing the course (None: none)."""
    labels: Mapping[str, Text] = field(default_factory=dict)
    """Fixed interface strings (table headers, ``References``, ``by {author}``…) by label name."""

    def texts(self) -> Iterator[Text]:
        """Every translatable unit in document order (the order of the catalogs)."""
        return iter(_roadmap_texts(self))


_T = TypeVar("_T")


def _texts(value: object) -> Iterator[Text]:
    found: list[Text] = []
    _collect_texts(value, found)
    return iter(found)


_WALKED: list[tuple[Roadmap, tuple[Text, ...], list[Text]]] = []
"""The last roadmap walked, its labels then, and its texts (build and check walk one roadmap ~20 times)."""


def _roadmap_texts(roadmap: Roadmap) -> list[Text]:
    """The texts of ``roadmap``, collected once: the model is frozen but for the ``labels`` dict, compared too."""
    labels = tuple(roadmap.labels.values())
    if _WALKED:
        last, last_labels, found = _WALKED[0]
        if last is roadmap and len(last_labels) == len(labels) and all(map(operator.is_, last_labels, labels)):
            return found
    found = []
    _collect_texts(roadmap, found)
    _WALKED[:] = [(roadmap, labels, found)]
    return found


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""Field names of each dataclass type met while collecting texts (``dataclasses.fields`` is slow)."""


def _collect_texts(value: object, found: list[Text]) -> None:
    """Append every :class:`Text` inside ``value`` to ``found``, depth first, in field order.

    The model is walked once per locale and per check, so this is a plain recursive
    function over cached field names rather than a chain of generators.
    """
    kind = type(value)
    if kind is str:
        return
    if isinstance(value, Text):
        found.append(value)
        return
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        for name in names:
            _collect_texts(getattr(value, name), found)
    elif isinstance(value, tuple):
        for item in value:
            _collect_texts(item, found)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect_texts(item, found)


def localize(value: _T, translations: Mapping[str, str]) -> _T:
    """Return ``value`` with every :class:`Text` whose id has a translation showing it.

    ``translations`` maps stable IDs to confirmed translations; anything missing
    stays English. Works on any node of the model, the whole :class:`Roadmap` included.
    """
    return _localize(value, translations)  # type: ignore[no-any-return]


def _localize(value: Any, translations: Mapping[str, str]) -> Any:
    if isinstance(value, Text):
        translated = translations.get(value.id)
        if translated:
            return dataclasses.replace(value, text=translated, translated=True)
        return dataclasses.replace(value, text=value.source, translated=False)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _localize(getattr(value, f.name), translations) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_localize(item, translations) for item in value)
    if isinstance(value, Mapping):
        return {key: _localize(item, translations) for key, item in value.items()}
    return value
