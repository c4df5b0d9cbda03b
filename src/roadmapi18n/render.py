"""Render the roadmap model, in one locale, to a GitHub-flavoured Markdown README.

Rendering is a pure function of the model, the confirmed translations and the
README's location: same inputs, same bytes. Untranslated units show their
English source. Relative paths (images, the language switcher, the catalog
link) are computed from the folder the README is written to.

The English README reproduces the upstream course's own Markdown (``sync``
checks that it does): blocks, their text, every URL, the headings. So the
layout here follows the course's, generic blocks included, and adds only the
language switcher and, in a translation, the status line.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from roadmapi18n.model import Block, NotebookTable, Part, Resource, Roadmap, Section, Text
from roadmapi18n.schema import placeholder_problem


@dataclass(frozen=True, slots=True)
class Language:
    """An entry of the language switcher."""

    code: str
    label: str
    readme: Path


@dataclass(frozen=True, slots=True)
class RenderTarget:
    """Where and for whom a README is rendered."""

    locale: str
    readme: Path
    """Absolute path the README will be written to (relative links start from its folder)."""
    roadmap_dir: Path
    """Folder that image paths in the YAML are relative to."""
    languages: Sequence[Language]
    """All languages, source first, for the switcher."""
    catalog: Path | None = None
    """The locale's .po file, linked from the translation status line (None for the source locale)."""
    badge: Path | None = None
    """The locale's coverage badge, shown at the start of the status line (None: no badge)."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many units show a confirmed translation."""

    translated: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so 99.6% never reads as complete."""
        return self.translated * 100 // self.total if self.total else 100


def coverage(roadmap: Roadmap, translations: Mapping[str, str]) -> Coverage:
    """Count units with a translation (a confirmed copy of the English too: a name kept as it is)."""
    total = translated = 0
    for text in roadmap.texts():
        total += 1
        if translations.get(text.id):
            translated += 1
    return Coverage(translated, total)


Mark = Callable[[Text, str], str]
"""``mark(unit, shown_text)``: wraps each unit's text as it enters the README (see :mod:`roadmapi18n.publish`)."""


def render_readme(
    roadmap: Roadmap,
    translations: Mapping[str, str],
    target: RenderTarget,
    *,
    mark: Mark | None = None,
    withheld: int = 0,
) -> str:
    """The README for ``target.locale``: ``translations`` where given, English elsewhere.

    ``translations`` must be what may be published (:func:`roadmapi18n.publish.publish` decides);
    ``withheld`` counts the confirmed translations it left out, which the status line then mentions. With
    ``mark``, every unit's text is wrapped by it before the README's escaping is applied, so the judge
    can find each unit, as rendered, in its surroundings.
    """
    return _Renderer(roadmap, translations, target, mark, withheld).render()


class _Renderer:
    def __init__(
        self,
        roadmap: Roadmap,
        translations: Mapping[str, str],
        target: RenderTarget,
        mark: Mark | None = None,
        withheld: int = 0,
    ) -> None:
        self.roadmap = roadmap
        self.translations = translations
        self.target = target
        self.mark = mark
        self.withheld = withheld
        self.folder = target.readme.parent
        self.out: list[str] = []
        self.glued = ""
        """An inline image waiting to open the next paragraph's first line."""

    # -- helpers ---------------------------------------------------------------------------------

    def t(self, text: Text | None) -> str:
        """The text to show for a unit ("" for none); every unit's text enters the README through here."""
        if text is None:
            return ""
        shown = self.translations.get(text.id) or text.source
        return shown if self.mark is None else self.mark(text, shown)

    def label(self, name: str) -> str:
        return self.t(self.roadmap.labels[name])

    def formatted(self, name: str, **values: object) -> str:
        """A label with its ``{placeholders}`` filled; the English one if the translation's are not plain
        ``{name}`` fields of this label (``check`` reports it: integrity)."""
        text = self.roadmap.labels[name]
        shown = self.translations.get(text.id) or text.source
        if shown != text.source and placeholder_problem(shown, frozenset(values)):
            shown = text.source
        return (shown if self.mark is None else self.mark(text, shown)).format(**values)

    def rel(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.folder)).as_posix()

    def asset(self, path: str) -> str:
        """An image source as seen from the README: URLs as they are, paths relative to its folder."""
        if "://" in path:
            return path
        return self.rel(self.target.roadmap_dir / path)

    def para(self, *lines: str) -> None:
        """Append a block followed by a blank line."""
        if self.glued and lines:
            lines = (self.glued + lines[0], *lines[1:])
            self.glued = ""
        self.out.extend(lines)
        self.out.append("")

    def blocks(self, blocks: Sequence[Block], at: str) -> None:
        """The generic blocks placed after the element ``at``, in their order."""
        for block in blocks:
            if block.at == at:
                self.block(block)

    def block(self, block: Block) -> None:
        kind = block.kind
        if kind == "paragraph":
            self.para(self.t(block.text))
        elif kind == "alert":
            self.para(f"> [!{block.alert}]", f"> {self.t(block.text)}")
        elif kind in ("h2", "h3", "h4"):
            self.para(f"{'#' * int(kind[1])} {self.t(block.text)}")
        elif kind == "rule":
            self.para("---")
        elif kind == "html":
            self.para(*block.html.split("\n"))
        elif kind == "image":
            markup = self.image(block)
            if block.inline:
                self.glued += markup
            else:
                self.para(markup)

    def image(self, block: Block) -> str:
        """An image block as Markdown (``![alt](src)``) or as the HTML ``<img>`` tag the course wrote."""
        src, alt = self.asset(block.src), self.t(block.text)
        if block.html == "img":
            attributes = [("align", block.align), ("width", block.width), ("src", src), ("alt", alt)]
            shown = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes if value or name == "alt")
            image = f"<img {shown}/>"
            return f'<a href="{html.escape(block.link)}">{image}</a>' if block.link else image
        image = f"![{_link_text(alt)}]({src})"
        return f"[{image}]({block.link})" if block.link else image

    def toggle_open(self, summary: Text | None) -> None:
        if summary is not None:
            self.para("<details>", f"<summary>{html.escape(self.t(summary))}</summary>")

    def toggle_close(self, summary: Text | None) -> None:
        if summary is not None:
            self.para("</details>")

    # -- document --------------------------------------------------------------------------------

    def render(self) -> str:
        self.header()
        self.intro()
        self.notebooks()
        for part in self.roadmap.parts:
            self.part(part)
        self.closing()
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out) + "\n"

    def header(self) -> None:
        r = self.roadmap
        links = [
            f'    {link.emoji + " " if link.emoji else ""}<a href="{html.escape(link.url)}">'
            f"{html.escape(self.t(link.label), quote=False)}</a>"
            for link in r.links
        ]
        switcher = " · ".join(
            f"<b>{html.escape(lang.label)}</b>"
            if lang.code == self.target.locale
            else f'<a href="{html.escape(self.rel(lang.readme))}">{html.escape(lang.label)}</a>'
            for lang in self.target.languages
        )
        self.out.append('<div align="center">')
        if r.banner is not None:
            alt = html.escape(self.t(r.banner.alt))
            self.out.append(f'  <img src="{html.escape(self.asset(r.banner.src))}" alt="{alt}">')
        if r.title is not None:
            emoji = f"{r.emoji} " if r.emoji else ""
            self.out.append(f"  <h1>{emoji}{html.escape(self.t(r.title))}</h1>")
        self.out.append('  <p align="center">')
        self.out.append(" •\n".join(links))
        self.out.append("  </p>")
        self.out.append(f'  <p align="center">{switcher}</p>')
        self.out.append("</div>")
        self.para("<br/>")
        if self.target.catalog is not None:
            cov = coverage(self.roadmap, self.translations)
            status = self.formatted(
                "translation-status",
                percent=cov.percent,
                translated=cov.translated,
                total=cov.total,
                catalog=self.rel(self.target.catalog),
            )
            if self.withheld and "translation-withheld" in r.labels:
                status += " " + self.formatted("translation-withheld", withheld=self.withheld)
            badge = f"![{cov.percent}%]({self.rel(self.target.badge)}) " if self.target.badge is not None else ""
            self.para(f"> {badge}{status}")

    def intro(self) -> None:
        r = self.roadmap
        self.blocks(r.blocks, "header")
        self.para(self.t(r.parts_lead))
        self.para(
            *(
                f"{number}. {part.emoji} **{self.t(part.title)}** {self.t(part.summary)}"
                for number, part in enumerate(r.parts, 1)
            )
        )
        self.blocks(r.blocks, "parts")
        if r.assistants_lead is not None:
            self.para(self.t(r.assistants_lead))
        if r.assistants:
            self.para(
                *(
                    f"* {a.emoji} [**{_link_text(self.t(a.name))}**]({a.url}): {self.t(a.description)}"
                    for a in r.assistants
                )
            )
        self.blocks(r.blocks, "assistants")

    def notebooks_heading(self) -> str:
        return f"{self.roadmap.notebooks_emoji} {self.t(self.roadmap.notebooks_title)}"

    def part_heading(self, part: Part) -> str:
        return f"{part.emoji} {self.t(part.title)}"

    def notebooks(self) -> None:
        r = self.roadmap
        if r.notebooks_title is not None:  # None: the course has no notebooks section
            self.para(f"## {self.notebooks_heading()}")
        if r.notebooks_intro is not None:
            self.para(self.t(r.notebooks_intro))
        self.blocks(r.blocks, "notebooks")
        self.toggle_open(r.notebooks_toggle)
        for table in r.notebook_tables:
            self.notebook_table(table)
        self.toggle_close(r.notebooks_toggle)
        self.blocks(r.blocks, "tables")

    def notebook_table(self, table: NotebookTable) -> None:
        columns = [self.label("notebook"), self.label("description")]
        if table.has_article_column:
            columns.append(self.label("article"))
        columns.append(self.label("colab-column"))
        rows = ["| " + " | ".join(_cell(c) for c in columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        badge_alt = _cell_attribute(self.label("open-in-colab"))
        for nb in table.notebooks:
            name = _cell(self.t(nb.name))
            if nb.url:
                name = f"[{_link_text(name)}]({_cell(nb.url)})"
            if nb.emoji:
                name = f"{nb.emoji} {name}"
            cells = [name, _cell(self.t(nb.description))]
            if table.has_article_column:
                cells.append(f"[{_cell(self.label('article'))}]({_cell(nb.article)})" if nb.article else "")
            colab = ""
            if nb.colab:
                badge = f'<img src="{_cell_attribute(self.asset(self.roadmap.colab_badge))}" alt="{badge_alt}">'
                colab = f'<a href="{_cell_attribute(nb.colab)}">{badge}</a>'
            cells.append(colab)
            rows.append("| " + " | ".join(cells) + " |")
        self.para(f"### {self.t(table.title)}")
        self.para(*rows)

    def part(self, part: Part) -> None:
        self.para(f"## {self.part_heading(part)}")
        if part.intro is not None:
            self.para(self.t(part.intro))
        self.blocks(part.blocks, "intro")
        self.toggle_open(part.toggle)
        if part.image:
            self.para(f"![{_link_text(self.t(part.image_alt))}]({self.asset(part.image)})")
            self.blocks(part.blocks, "image")
        for index, section in enumerate(part.sections):
            if index:
                self.para("---")
            self.section(part, section)
        self.toggle_close(part.toggle)
        self.blocks(part.blocks, "end")

    def section(self, part: Part, section: Section) -> None:
        self.para(f"### {section.number}. {self.t(section.title)}")
        self.blocks(section.blocks, "heading")
        if section.intro is not None:
            self.para(self.t(section.intro))
        self.blocks(section.blocks, "intro")
        bullet = part.bullet
        topics = []
        for topic in section.topics:
            title = f"**{self.t(topic.title)}**"
            if topic.url:
                title = f"[{title}]({topic.url})"
            topics.append(f"{bullet} {title}{':' if topic.colon else ''} {self.t(topic.description)}")
        if topics:
            self.para(*topics)
        self.blocks(section.blocks, "topics")
        if section.resources:
            if section.resources_toggle is None:
                heading = self.label(part.resources_label)
                self.para(f"📚 {heading}:" if part.resources_label == "resources" else f"📚 **{heading}**:")
            self.toggle_open(section.resources_toggle)  # a folded list: its summary in place of the label
            self.para(*(f"{bullet} {self.resource(res)}" for res in section.resources))
            self.toggle_close(section.resources_toggle)
        self.blocks(section.blocks, "end")

    def resource(self, res: Resource) -> str:
        link = f"[{_link_text(self.t(res.title))}]({res.url})"
        if res.author:
            link += " " + self.formatted("by-author", author=res.author)
        return f"{link}: {self.t(res.description)}"

    def closing(self) -> None:
        """The acknowledgements and the disclaimer, each only if the course has it, then the last blocks."""
        ack, disclaimer = self.roadmap.acknowledgements, self.roadmap.disclaimer
        if ack is not None or disclaimer is not None:
            self.para("---")
        if ack is not None:
            self.para(f"## {self.t(ack.title)}")
            if ack.text is not None:
                self.para(self.t(ack.text))
            if ack.thanks_lead is not None:
                self.para(self.t(ack.thanks_lead))
            if ack.thanks:
                self.para(*(f"* {self.t(item)}" for item in ack.thanks))
        if disclaimer is not None:
            self.para(f"*{self.t(disclaimer)}*")
        self.blocks(self.roadmap.blocks, "end")


def _cell(text: str) -> str:
    """Make text safe inside a table cell: a bare ``|`` would start a new column."""
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def _cell_attribute(value: str) -> str:
    """An HTML attribute value inside a table cell: escaped, and ``|`` as ``&#124;`` (a bare one splits the row)."""
    return html.escape(value).replace("|", "&#124;")


def _link_text(text: str) -> str:
    """Escape brackets that would end a link's text early."""
    return re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)


_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]")


class _Slugger:
    """GitHub's heading anchors (github-slugger): lowercase, drop punctuation and symbols, spaces to hyphens.

    >>> s = _Slugger()
    >>> s.slug("🧩 LLM Fundamentals"), s.slug("1. Mathematics for Machine Learning"), s.slug("🧩 LLM Fundamentals")
    ('-llm-fundamentals', '1-mathematics-for-machine-learning', '-llm-fundamentals-1')
    """

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, heading: str) -> str:
        text = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", heading).lower()
        kept = "".join(ch for ch in text if ch in " -" or unicodedata.category(ch)[0] in "LMN" or ch == "_")
        base = kept.replace(" ", "-")
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"
