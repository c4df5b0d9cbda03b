"""The upstream English README → the roadmap's YAML data (no IDs yet).

The README is read with the importer's block parser (:func:`parse_blocks`,
``layout=True``), the same code that reads translated READMEs, and the blocks
are walked in order, the way the course is laid out: the centred header, the
list of parts, the notebooks, one ``##`` per part with its ``### N.`` sections,
the acknowledgements. What has a typed slot fills it; everything else becomes
a generic block (paragraph, alert, image, raw HTML, rule, heading) placed
after the typed element it follows, so nothing is dropped.

The result is plain data in the YAML's shape (:mod:`roadmapi18n.schema`): a
course mapping and one mapping per part, without ``id`` keys. The matcher gives
them IDs; the YAML editor writes them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmapi18n.errors import RoadmapError
from roadmapi18n.importer.blocks import Block, Kind, parse_blocks
from roadmapi18n.importer.inline import emoji_key, link_targets, split_emoji

Data = dict[str, Any]

_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
# The label runs to the first "*" or ":" and is read whole (the caller strips it): tried one character at a time,
# with two runs of spaces around the colon to split, a "📚" line holding 5,000 spaces took minutes.
_LABEL = re.compile(r"^📚\s*+(\*\*)?(?P<label>[^*:]++)(\*\*)?\s*:?\s*$")
_PART_ENTRY = re.compile(r"^(?P<emoji>\S+)\s+\*\*(?P<title>.+?)\*\*\s*(?P<summary>.*)$")
_TOPIC_FORMS = (
    # **[Title](url)**: description   (the colon may be missing upstream)
    re.compile(r"^\*\*\[(?P<title>(?:\\.|[^\]\\])+)\]\((?P<url>[^)\s]+)\)\*\*(?P<colon>:?)\s+(?P<description>\S.*)$"),
    # [**Title**](url): description
    re.compile(r"^\[\*\*(?P<title>.+?)\*\*\]\((?P<url>[^)\s]+)\)(?P<colon>:?)\s+(?P<description>\S.*)$"),
    # **Title**: description
    re.compile(r"^\*\*(?P<title>.+?)\*\*(?P<colon>:?)\s+(?P<description>\S.*)$"),
)
_RESOURCE = re.compile(
    r"^\[(?P<title>(?:\\.|[^\]\\])+)\]\((?P<url>[^)\s]+)\)(?:\s+by\s+(?P<author>.+?))?:\s+(?P<description>\S.*)$"
)
_ASSISTANT = re.compile(r"^(?P<emoji>\S+)\s+\[\*\*(?P<name>.+?)\*\*\]\((?P<url>[^)\s]+)\):\s+(?P<description>\S.*)$")
_MD_IMAGE = re.compile(r"^!\[(?P<alt>(?:\\.|[^\]\\])*)\]\((?P<src>[^)\s]+)\)")
_MD_LINKED_IMAGE = re.compile(r"^\[!\[(?P<alt>(?:\\.|[^\]\\])*)\]\((?P<src>[^)\s]+)\)\]\((?P<link>[^)\s]+)\)")
_HTML_IMAGE = re.compile(r"^(?:<a\s(?P<a>[^>]*)>\s*)?<img\s(?P<img>[^>]*?)\s*/?>(?(a)\s*</a>)", re.IGNORECASE)
# A name starts where a run of name characters starts, and is read whole: tried from inside a run, as it was, a
# tag holding a long run of letters and no "=" cost the square of the run's length (a minute for 90 KB).
_ATTRIBUTE = re.compile(r"""(?<![a-zA-Z-])([a-zA-Z-]++)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_COLAB = re.compile(r"""<a\s[^>]*href\s*=\s*"(?P<url>[^"]+)"[^>]*>\s*<img\s(?P<img>[^>]*?)/?>\s*</a>""", re.I)
_CELL_LINK = re.compile(r"^\[(?P<text>(?:\\.|[^\]\\])+)\]\((?P<url>[^)\s]+)\)$")
_EMPHASIS_LINE = re.compile(r"^\*(?!\*)(?P<text>.+)\*$")

_TABLE_COLUMNS = {
    3: ("notebook", "description", "colab-column"),
    4: ("notebook", "description", "article", "colab-column"),
}
"""The notebook table layouts the schema holds: the label each column's header is."""
_COLUMN_ORDINALS = {"notebook": "first", "description": "second", "article": "third", "colab-column": "last"}
_UNFIT_TABLE_HINT = (
    "the roadmap's notebook tables are Notebook | Description | [Article](url) | Colab badge, the Article column "
    "optional, with one header per column for every table: extend roadmapi18n's notebook table schema "
    "(roadmapi18n.schema, the sync reader, render) to hold this, or sync a revision without it"
)


@dataclass
class Upstream:
    """An upstream README read into the roadmap's YAML shape."""

    course: Data
    """``course.yaml``'s mapping; its ``parts`` key is filled in by the matcher (IDs)."""
    parts: list[Data]
    """One ``parts/<id>.yaml`` mapping per part, in order."""
    lines: dict[int, int] = field(default_factory=dict)
    """``id()`` of a mapping → the README line it was read from (for the report)."""
    generic: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, kind, where) of every generic block made: what the typed schema had no slot for."""
    unread: list[tuple[int, str]] = field(default_factory=list)
    """(line, text) of blocks that could not be placed at all."""
    warnings: list[tuple[int, str]] = field(default_factory=list)
    """(line, text) of what was read, but likely not as the author meant (a part missing from the list of parts)."""

    def line(self, data: Data) -> int:
        """The README line ``data`` was read from (0 if unknown)."""
        return self.lines.get(id(data), 0)


def read_upstream(markdown: str, *, source: str | Path = "README.md") -> Upstream:
    """Read the course README ``markdown`` into YAML-shaped data.

    What the schema could only hold by dropping text the README shows (a notebook table of
    another shape) is a :class:`RoadmapError` naming ``source`` and the line.

    >>> up = read_upstream("The course:\\n\\n1. 🧩 **Basics** covers basics.\\n\\n## 🧩 Basics\\n\\n### 1. Math\\n\\n"
    ...                    "- **Algebra**: Vectors.\\n\\n## Acknowledgements\\n\\nThanks.\\n")
    >>> up.parts[0]["title"], up.parts[0]["sections"][0]["topics"][0]["description"]
    ('Basics', 'Vectors.')
    """
    return _Reader(markdown, source).read()


class _Reader:
    def __init__(self, markdown: str, source: str | Path = "README.md") -> None:
        self.source = source
        self.lines = markdown.splitlines()
        self.blocks = list(_split_toggle_ends(parse_blocks(markdown, layout=True)))
        self.up = Upstream(course={}, parts=[])
        self.course_blocks: list[Data] = []
        # The notebook tables share one header per column and one badge: the first seen, where it was.
        self.table_headers: dict[str, tuple[str, str, int]] = {}
        self.badge: dict[str, tuple[str, int]] = {}

    # -- helpers -----------------------------------------------------------------------------------

    def mark(self, data: Data, block: Block) -> Data:
        self.up.lines[id(data)] = block.line
        return data

    def raw(self, blocks: list[Block]) -> str:
        """The source lines of ``blocks``, as written."""
        first, last = blocks[0].line, max(b.end_line for b in blocks)
        return "\n".join(self.lines[first - 1 : last]).strip("\n")

    def generic(self, blocks: list[Block], at: str, where: str) -> list[Data]:
        """Generic blocks for ``blocks`` (consecutive list items or rows become one raw block)."""
        made: list[Data] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind in (Kind.ITEM, Kind.ROW):
                end = index
                while end + 1 < len(blocks) and blocks[end + 1].kind is block.kind:
                    end += 1
                made.append(self.mark({"kind": "html", "at": at, "html": self.raw(blocks[index : end + 1])}, block))
                index = end + 1
                continue
            data = self.generic_block(block, at)
            if data is not None:
                made.append(self.mark(data, block))
            index += 1
        for data in made:
            self.up.generic.append((self.up.line(data), str(data["kind"]), where))
        return made

    def generic_block(self, block: Block, at: str) -> Data | None:
        if block.kind is Kind.RULE:
            return {"kind": "rule", "at": at}
        if block.kind is Kind.HEADING and 2 <= block.level <= 4:
            return {"kind": f"h{block.level}", "at": at, "text": block.text}
        if block.kind is Kind.HTML:
            return {"kind": "html", "at": at, "html": block.text}
        if block.kind is Kind.PARAGRAPH and block.alert:
            return {"kind": "alert", "at": at, "alert": block.alert, "text": block.text}
        if block.kind is Kind.PARAGRAPH and not block.quote:
            image, rest = split_image(block.text)
            if image is not None and not rest:
                return {**image, "at": at}
            return {"kind": "paragraph", "at": at, "text": block.text}
        if block.kind is Kind.LINK:
            return None  # part of an HTML block already kept whole
        return {"kind": "html", "at": at, "html": self.raw([block])}

    # -- the document ------------------------------------------------------------------------------

    def read(self) -> Upstream:
        regions = list(_regions(self.blocks))
        preamble = regions[0][1] if regions and regions[0][0] is None else []
        headed = [(h, body) for h, body in regions if h is not None]
        entries = self.preamble(preamble)
        claimed = _claim_entries(headed, entries)
        part_index = {id(h): i for i, (h, _) in enumerate(headed) if id(h) in claimed}
        notebooks_at = next(
            (
                i
                for i, (h, body) in enumerate(headed)
                if id(h) not in part_index and any(b.kind is Kind.ROW for b in body)
            ),
            None,
        )
        last_part = max((part_index[id(h)] for h, _ in headed if id(h) in part_index), default=-1)
        # The acknowledgements follow the last part; a region shaped as a part (numbered ### sections) that the
        # list of parts does not name is not them, wherever it stands.
        closing_at = next(
            (
                i
                for i in range(last_part + 1, len(headed))
                if i != notebooks_at and not _has_numbered_sections(headed[i][1])
            ),
            None,
        )
        # No closing section: a disclaimer may still close the course, after the rule that ends the last part.
        closing_blocks: list[Block] = []
        if closing_at is None and last_part >= 0:
            heading, body = headed[last_part]
            cut = _disclaimer_after_rule(body)
            if cut is not None:
                headed[last_part], closing_blocks = (heading, body[: cut + 1]), body[cut + 1 :]
        at = "assistants"
        current_part: Data | None = None
        for index, (heading, body) in enumerate(headed):
            if index in part_index.values():
                entry = claimed[id(heading)]
                current_part = self.part(heading, body, entry)
                continue
            if index == notebooks_at:
                self.notebooks(heading, body)
                at = "tables"
                continue
            if index == closing_at:
                self.closing(heading, body)
                at = "end"
                current_part = None
                continue
            # A level-2 heading the course has no slot for: a generic heading and its blocks.
            if _has_numbered_sections(body):
                self.up.warnings.append(
                    (
                        heading.line,
                        f"'## {heading.text}' has numbered '###' sections, like a part, but is not in the list of "
                        "parts: kept as generic blocks (headings, paragraphs, raw lists) where it stands; add it to "
                        "the list of parts upstream to make it a translatable part",
                    )
                )
            blocks = [heading, *body]
            if current_part is not None:
                current_part.setdefault("blocks", []).extend(self.generic(blocks, "end", current_part["title"]))
            else:
                self.course_blocks += self.generic(blocks, at, "course")
        if closing_blocks:
            self.closing(None, closing_blocks)
        for entry in entries:
            if not entry.get("_found"):
                self.up.unread.append((self.up.line(entry), f"part {entry['title']!r} listed but has no heading"))
        if self.course_blocks:
            self.up.course["blocks"] = self.course_blocks
        return self.up

    def preamble(self, blocks: list[Block]) -> list[Data]:
        """Header, introduction, list of parts, assistants; returns the list's entries."""
        course = self.up.course
        rest = self.header(blocks)
        first_ordered = next((i for i, b in enumerate(rest) if b.kind is Kind.ITEM and b.ordered), None)
        if first_ordered is None:
            self.course_blocks += self.generic(rest, "header", "introduction")
            return []
        end = first_ordered
        while end < len(rest) and rest[end].kind is Kind.ITEM and rest[end].ordered:
            end += 1
        lead_at = first_ordered - 1
        before, lead = (rest[:lead_at], rest[lead_at]) if lead_at >= 0 else (rest[:0], None)
        self.course_blocks += self.generic(before, "header", "introduction")
        if lead is not None and lead.kind is Kind.PARAGRAPH:
            image, text = split_image(lead.text)
            if image is not None and text:
                self.course_blocks.append(self.mark({**image, "at": "header", "inline": True}, lead))
                self.up.generic.append((lead.line, "image", "introduction"))
            course["parts_lead"] = text or lead.text
        entries = []
        for block in rest[first_ordered:end]:
            match = _PART_ENTRY.match(block.text)
            if match:
                entries.append(
                    self.mark({"emoji": match["emoji"], "title": match["title"], "summary": match["summary"]}, block)
                )
            else:
                self.up.unread.append((block.line, block.text))
        self.assistants(rest[end:])
        return entries

    def header(self, blocks: list[Block]) -> list[Block]:
        """The centred HTML header (title or banner, links); returns the blocks after it."""
        course = self.up.course
        course.setdefault("links", [])
        if blocks and blocks[0].kind is Kind.HEADING and blocks[0].level == 1:
            # Older revisions (2023) open with a Markdown title and a centred <p> of links.
            emoji, title = split_emoji(blocks[0].text)
            if emoji:
                course["emoji"] = emoji
            course["title"] = title
            blocks = blocks[1:]
        if not blocks or blocks[0].kind is not Kind.HTML:
            return blocks
        div = blocks[0]
        inside = [b for b in blocks[1:] if b.line <= div.end_line and b.kind in (Kind.HEADING, Kind.LINK)]
        rest = [b for b in blocks[1:] if b.line > div.end_line]
        for block in inside:
            if block.kind is Kind.HEADING:
                emoji, title = split_emoji(html.unescape(block.text))
                if emoji:
                    course["emoji"] = emoji
                course["title"] = title
        banner = re.search(r"<img\s([^>]*)>", div.text, re.IGNORECASE)
        if banner and not re.search(r"<a\s[^>]*>\s*<img", div.text, re.IGNORECASE):
            attributes = _attributes(banner.group(1))
            course["banner"] = {"src": attributes.get("src", "")}
            if attributes.get("alt"):
                course["banner"]["alt"] = attributes["alt"]
        links = []
        for block in inside:
            # Relative links are a language switcher (ours, in a README this tool rendered), not the course's.
            if block.kind is Kind.LINK and block.url.startswith(("http://", "https://")):
                line = self.lines[block.line - 1]
                emoji = _TAG.sub("", line[: line.find("<a")]).replace("•", "").strip()
                link = {"emoji": emoji, "label": html.unescape(block.text), "url": html.unescape(block.url)}
                if not emoji:
                    del link["emoji"]  # older revisions' header links had none
                links.append(self.mark(link, block))
        course["links"] = links
        # The <br/> that follows the header is part of the layout render always writes.
        if rest and rest[0].kind is Kind.HTML and rest[0].text.strip().lower() in ("<br/>", "<br>", "<br />"):
            rest = rest[1:]
        return rest

    def assistants(self, blocks: list[Block]) -> None:
        """The optional assistants (a lead paragraph and its list); other blocks become generic ones."""
        for index, block in enumerate(blocks):
            items = list(_run(blocks, index + 1, lambda b: b.kind is Kind.ITEM and not b.ordered))
            if block.kind is not Kind.PARAGRAPH or not items or not all(_ASSISTANT.match(i.text) for i in items):
                continue
            self.course_blocks += self.generic(blocks[:index], "parts", "introduction")
            found = []
            for item in items:
                match = _ASSISTANT.match(item.text)
                assert match is not None
                found.append(self.mark({k: match[k] for k in ("emoji", "name", "url", "description")}, item))
            self.up.course["assistants"] = {"lead": block.text, "items": found}
            self.course_blocks += self.generic(blocks[index + 1 + len(items) :], "assistants", "introduction")
            return
        self.course_blocks += self.generic(blocks, "parts", "introduction")

    # -- notebooks ---------------------------------------------------------------------------------

    def notebooks(self, heading: Block, body: list[Block]) -> None:
        emoji, title = split_emoji(heading.text)
        notebooks: Data = {"emoji": emoji, "title": title}
        self.up.course["notebooks"] = notebooks
        tables: list[Data] = []
        at = "notebooks"
        index = 0
        while index < len(body):
            block = body[index]
            if block.kind is Kind.PARAGRAPH and "intro" not in notebooks and not tables and not block.quote:
                notebooks["intro"] = block.text
            elif _toggle(block) is not None and "toggle" not in notebooks and not tables:
                notebooks["toggle"] = _toggle(block)
            elif _is_toggle_end(block) and "toggle" in notebooks:
                at = "tables"
            elif block.kind is Kind.HEADING and block.level == 3 and index + 1 < len(body):
                rows = list(_run(body, index + 1, lambda b: b.kind is Kind.ROW))
                if rows:
                    tables.append(self.table(block, rows))
                    index += 1 + len(rows)
                    at = "tables"
                    continue
                self.course_blocks += self.generic([block], at, "notebooks")
            else:
                self.course_blocks += self.generic([block], at, "notebooks")
            index += 1
        notebooks["tables"] = tables

    def table(self, heading: Block, rows: list[Block]) -> Data:
        head = rows[0] if rows[0].header else None
        body = rows[1:] if head else rows
        labels = self.up.course.setdefault("labels", {})
        width = len((head or rows[0]).cells)
        names = _TABLE_COLUMNS.get(width)
        if names is None:
            raise self.unfit(
                heading,
                head or rows[0],
                f"has {width} columns: the roadmap's have 3 (Notebook | Description | Colab) "
                "or 4 (Notebook | Description | Article | Colab)",
            )
        article_column = "article" in names
        if head is not None:
            for name, cell in zip(names, head.cells, strict=True):
                first, table, line = self.table_headers.setdefault(name, (cell, heading.text, head.line))
                if cell != first:
                    raise self.unfit(
                        heading,
                        head,
                        f"its {_COLUMN_ORDINALS[name]} column is headed {cell!r}, but {first!r} in the table "
                        f"{table!r} (line {line}): the tables share one header per column",
                    )
                labels.setdefault(name, cell)
        for row in body:
            self.check_row(heading, head or rows[0], row, names)
        notebooks = [self.notebook(row, article_column) for row in body]
        table_data: Data = {"title": heading.text}
        if not article_column:
            table_data["article_column"] = False
        table_data["notebooks"] = notebooks
        return self.mark(table_data, heading)

    def check_row(self, heading: Block, head: Block, row: Block, names: tuple[str, ...]) -> None:
        """Refuse a cell whose text the notebook's slots cannot hold (render would drop it)."""
        header = dict(zip(names, head.cells, strict=True)) if head.header else {}
        for name, cell in zip(names, row.cells, strict=False):
            column = f"its {_COLUMN_ORDINALS[name]} column" + (f" ({header[name]!r})" if name in header else "")
            # An article link whose text is not the label ("Tweet" in 2023) only renders differently: reported.
            if name == "article" and cell and not _CELL_LINK.match(cell):
                raise self.unfit(heading, head, f"{column} holds {cell!r} (line {row.line}), not a link to an article")
            if name != "colab-column" or not cell:
                continue
            badge = _COLAB.fullmatch(cell)
            if badge is None:
                if _is_placeholder(cell):
                    continue  # "W.I.P." (2023): no notebook yet, no text worth a slot; reported as a difference
                raise self.unfit(
                    heading, head, f"{column} holds {cell!r} (line {row.line}), not an 'Open In Colab' badge"
                )
            for attribute, value in _attributes(badge["img"]).items():
                if attribute not in ("alt", "src"):
                    continue
                first, line = self.badge.setdefault(attribute, (value, row.line))
                if value != first:
                    raise self.unfit(
                        heading,
                        head,
                        f"the Colab badge's {attribute} is {value!r} (line {row.line}), but {first!r} (line {line}): "
                        "every badge is the same",
                    )

    def unfit(self, heading: Block, head: Block, what: str) -> RoadmapError:
        return RoadmapError(
            f"the notebook table {heading.text!r} does not fit the roadmap's notebook tables: {what}; "
            "nothing was written",
            path=self.source,
            line=head.line,
            hint=_UNFIT_TABLE_HINT,
        )

    def notebook(self, row: Block, article_column: bool) -> Data:
        cells = list(row.cells)
        first = cells[0] if cells else ""
        emoji, name = split_emoji(first)
        notebook: Data = {}
        if emoji:
            notebook["emoji"] = emoji
        link = _CELL_LINK.match(name)
        notebook["name"] = link["text"] if link else name
        if link:
            notebook["url"] = link["url"]
        notebook["description"] = cells[1] if len(cells) > 1 else ""
        if article_column and len(cells) > 2:
            article = _CELL_LINK.match(cells[2])
            if article:
                notebook["article"] = article["url"]
                self.up.course.setdefault("labels", {}).setdefault("article", article["text"])
        colab = _COLAB.search(cells[-1]) if len(cells) > 2 else None
        if colab:
            notebook["colab"] = html.unescape(colab["url"])
            badge = _attributes(colab["img"])
            notebooks = self.up.course["notebooks"]
            if badge.get("src"):
                notebooks.setdefault("colab_badge", badge["src"])
            if badge.get("alt"):
                self.up.course.setdefault("labels", {}).setdefault("open-in-colab", badge["alt"])
        return self.mark(notebook, row)

    # -- parts and sections ------------------------------------------------------------------------

    def part(self, heading: Block, body: list[Block], entry: Data) -> Data:
        entry["_found"] = True
        emoji, title = split_emoji(heading.text)
        part: Data = {"emoji": emoji or entry["emoji"], "title": title or entry["title"], "summary": entry["summary"]}
        self.mark(part, heading)
        self.up.parts.append(part)
        blocks: list[Data] = []
        at = "intro"
        sections: list[Data] = []
        bullets: list[str] = []
        starts = [i for i, b in enumerate(body) if b.kind is Kind.HEADING and b.level == 3 and _NUMBERED.match(b.text)]
        head = body[: starts[0]] if starts else body
        for block in head:
            if block.kind is Kind.PARAGRAPH and "intro" not in part and not block.quote and not part.get("image"):
                image, _ = split_image(block.text)
                if image is None:
                    part["intro"] = block.text
                    continue
            if _toggle(block) is not None and "toggle" not in part:
                part["toggle"] = _toggle(block)
                continue
            if block.kind is Kind.PARAGRAPH and "image" not in part:
                image, rest = split_image(block.text)
                if image is not None and not rest and "link" not in image and "html" not in image:
                    part["image"] = image["src"]
                    if image.get("text"):
                        part["image_alt"] = image["text"]
                    at = "image"
                    continue
            blocks += self.generic([block], at, title)
        ends = [*starts[1:], len(body)] if starts else []
        tail: list[Block] = []
        for start, end in zip(starts, ends, strict=True):
            section_blocks = body[start + 1 : end]
            # The toggle's end and what follows it close the part, not the last section.
            closing = _toggle_end(section_blocks)
            if closing is not None:
                tail = section_blocks[closing + 1 :]
                section_blocks = section_blocks[:closing]
            sections.append(self.section(body[start], section_blocks, bullets, title))
        blocks += self.generic([b for b in tail if b.kind is not Kind.RULE], "end", title)
        if bullets:
            part["bullet"] = max(("*", "-"), key=bullets.count)
        labels = [s.pop("_label") for s in sections if "_label" in s]
        if labels:
            label_name = "resources" if labels[0][1] else "references"
            part["resources_label"] = label_name
            self.up.course.setdefault("labels", {}).setdefault(label_name, labels[0][0])
        if blocks:
            part["blocks"] = blocks
        part["sections"] = sections
        return part

    def section(self, heading: Block, body: list[Block], bullets: list[str], part_title: str) -> Data:
        number = _NUMBERED.match(heading.text)
        assert number is not None
        section: Data = {"title": number.group(2)}
        self.mark(section, heading)
        topics: list[Data] = []
        resources: list[Data] = []
        blocks: list[Data] = []
        where = f"{part_title} › {section['title']}"
        # Images between the heading and the introduction (a picture of the section) go after the heading,
        # so the paragraph after them stays the introduction and keeps its ID.
        images = next((i for i, block in enumerate(body) if not _is_image(block)), len(body))
        if images and images < len(body) and _is_intro(body[images]):
            blocks += self.generic(body[:images], "heading", where)
            body = body[images:]
        at = "intro"
        label_seen = False
        folded: tuple[str, int, int] | None = None  # a toggle folding the resources: summary, first item, end
        for index, block in enumerate(body):
            if index == 0 and _is_intro(block):
                section["intro"] = block.text
                continue
            if not label_seen and (folded := _resources_toggle(body, index)) is not None:
                # In place of the label: the toggle's summary; its items are the resources.
                label_seen = True
                section["resources_toggle"] = folded[0]
                at = "topics"
            if folded is not None and index < folded[1]:
                continue  # the toggle's opening (one block, or <details> then <summary>)
            if folded is not None and index == folded[2]:
                at = "end"
                continue  # its </details>
            label = _LABEL.match(block.text) if block.kind is Kind.PARAGRAPH else None
            if label and not label_seen:
                label_seen = True
                section["_label"] = (label["label"].strip(), not block.text.replace(" ", "").startswith("📚**"))
                at = "topics"
                continue
            if block.kind is Kind.ITEM and block.level == 1 and not block.ordered:
                bullets.append(self.lines[block.line - 1].lstrip()[:1])
                if not label_seen:
                    topic = _topic(block.text)
                    if topic is not None:
                        topics.append(self.mark(topic, block))
                        at = "topics"
                        continue
                elif folded is None or index < folded[2]:  # after a folded list's end: no more resources
                    resource = _resource(block.text)
                    if resource is not None:
                        resources.append(self.mark(resource, block))
                        at = "end"
                        continue
            if block.kind is Kind.RULE and index == len(body) - 1:
                continue  # the separator before the next section, written by render
            blocks += self.generic([block], at, where)
        section["topics"] = topics
        if resources:
            section["resources"] = resources
        if blocks:
            section["blocks"] = blocks
        return section

    # -- closing -----------------------------------------------------------------------------------

    def closing(self, heading: Block | None, body: list[Block]) -> None:
        """The acknowledgements under ``heading`` and the disclaimer; without a heading, the disclaimer alone."""
        course = self.up.course
        acknowledgements: Data = {"title": heading.text if heading is not None else ""}
        thanks: list[Data] = []
        index = 0
        rest: list[Block] = []
        while index < len(body):
            block = body[index]
            items = list(_run(body, index + 1, lambda b: b.kind is Kind.ITEM))
            if block.kind is Kind.PARAGRAPH and items and "thanks_lead" not in acknowledgements:
                acknowledgements["thanks_lead"] = block.text
                thanks = [self.mark({"text": item.text}, item) for item in items]
                index += 1 + len(items)
                continue
            emphasis = _EMPHASIS_LINE.match(block.text) if block.kind is Kind.PARAGRAPH else None
            if emphasis and not _one_emphasis(block.text):
                emphasis = None  # "*a* and *b*": two spans, not one emphasised line
            if emphasis and "disclaimer" not in course:
                course["disclaimer"] = emphasis["text"]
                rest = body[index + 1 :]
                break
            if block.kind is Kind.PARAGRAPH and "text" not in acknowledgements:
                acknowledgements["text"] = block.text
            else:
                self.course_blocks += self.generic([block], "end", "closing")
            index += 1
        acknowledgements["thanks"] = thanks
        if heading is not None:
            course["acknowledgements"] = acknowledgements
        self.course_blocks += self.generic(rest, "end", "closing")


# --- pieces ---------------------------------------------------------------------------------------


def split_image(text: str) -> tuple[Data | None, str]:
    """A leading image of a paragraph (Markdown or an HTML ``<img>``, linked or not) and the text after it.

    >>> image, rest = split_image('<a href="https://a.example"><img align="right" src="c.png" alt="Cover"/></a>Text')
    >>> image["src"], image["text"], image["link"], image["align"], image["html"], rest
    ('c.png', 'Cover', 'https://a.example', 'right', 'img', 'Text')
    >>> split_image("![](img/x.png)")
    ({'kind': 'image', 'src': 'img/x.png'}, '')
    """
    image: Data
    linked = _MD_LINKED_IMAGE.match(text)
    plain = _MD_IMAGE.match(text)
    tag = _HTML_IMAGE.match(text)
    if linked:
        image = {"kind": "image", "src": linked["src"], "text": linked["alt"], "link": linked["link"]}
        end = linked.end()
    elif plain:
        image = {"kind": "image", "src": plain["src"], "text": plain["alt"]}
        end = plain.end()
    elif tag:
        attributes = _attributes(tag["img"])
        image = {"kind": "image", "src": attributes.get("src", ""), "text": attributes.get("alt", ""), "html": "img"}
        link = _attributes(tag["a"] or "").get("href")
        if link:
            image["link"] = link
        for name in ("align", "width"):
            if attributes.get(name):
                image[name] = attributes[name]
        end = tag.end()
    else:
        return None, text
    if not image["text"]:
        del image["text"]
    if not image["src"]:
        return None, text
    return image, text[end:].strip()


def _is_image(block: Block) -> bool:
    """A paragraph that is one image and nothing else."""
    if block.kind is not Kind.PARAGRAPH or block.quote:
        return False
    image, rest = split_image(block.text)
    return image is not None and not rest


def _is_intro(block: Block) -> bool:
    """A paragraph that can be a section's introduction: not a quote, not opening with an image."""
    return block.kind is Kind.PARAGRAPH and not block.quote and split_image(block.text)[0] is None


def _is_placeholder(cell: str) -> bool:
    """Plain words in a Colab cell ("W.I.P."): no link, image or HTML that dropping it would lose.

    >>> _is_placeholder("W.I.P."), _is_placeholder("[Kaggle](https://kaggle.com/k)"), _is_placeholder("<b>soon</b>")
    (True, False, False)
    """
    return not link_targets(cell) and not _TAG.search(cell) and "://" not in cell


def _one_emphasis(text: str) -> bool:
    """Whether ``text`` is one emphasised span from end to end (``*…*``), as CommonMark reads it.

    >>> _one_emphasis("*Disclaimer: not *affiliated**"), _one_emphasis("*a* and *b*")
    (True, False)
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parseInline(text)[0].children or []
    depth = 0
    for index, token in enumerate(tokens):
        depth += token.type == "em_open"
        depth -= token.type == "em_close"
        if depth == 0 and index < len(tokens) - 1:
            return False
    return bool(tokens) and tokens[0].type == "em_open" and tokens[-1].type == "em_close"


def _attributes(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTRIBUTE.finditer(text)
    }


def _topic(text: str) -> Data | None:
    for form in _TOPIC_FORMS:
        match = form.match(text)
        if match:
            topic: Data = {"title": match["title"]}
            if match.groupdict().get("url"):
                topic["url"] = match["url"]
            topic["description"] = match["description"]
            if not match["colon"]:
                topic["colon"] = False
            return topic
    return None


def _resource(text: str) -> Data | None:
    match = _RESOURCE.match(text)
    if not match:
        return None
    resource: Data = {"title": match["title"], "url": match["url"]}
    if match["author"]:
        resource["author"] = match["author"]
    resource["description"] = match["description"]
    return resource


def _toggle(block: Block) -> str | None:
    """The summary of a ``<details>`` opening block, or None."""
    if block.kind is not Kind.HTML or not block.text.lower().lstrip().startswith("<details"):
        return None
    summary = _SUMMARY.search(block.text)
    if summary is None or block.text.lower().count("<details") != 1 or "</details" in block.text.lower():
        return None
    text = html.unescape(_TAG.sub("", summary.group(1))).strip()
    return text or None


def _is_toggle_end(block: Block) -> bool:
    return block.kind is Kind.HTML and block.text.strip().lower() == "</details>"


_DETAILS_ALONE = re.compile(r"^\s*<details(?:\s[^>]*)?>\s*$", re.IGNORECASE)
_SUMMARY_ALONE = re.compile(r"^\s*<summary>.*</summary>\s*$", re.IGNORECASE | re.DOTALL)


def _toggle_opening(blocks: list[Block], start: int) -> tuple[str, int] | None:
    """A ``<details>`` toggle opening at ``blocks[start]``: its summary, and the index of the block after it.

    One HTML block (``<details>`` and its ``<summary>``, on one line or two), or two (``<details …>``, a blank
    line, then the ``<summary>``): GitHub shows both alike.
    """
    block = blocks[start]
    summary = _toggle(block)
    if summary is not None:
        return summary, start + 1
    if block.kind is not Kind.HTML or not _DETAILS_ALONE.match(block.text) or start + 1 >= len(blocks):
        return None
    after = blocks[start + 1]
    if after.kind is not Kind.HTML or not _SUMMARY_ALONE.match(after.text) or after.text.lower().count("<summary") != 1:
        return None
    summary = _toggle(Block(Kind.HTML, block.line, after.end_line, f"<details>{after.text}"))
    return (summary, start + 2) if summary is not None else None


def _resources_toggle(blocks: list[Block], start: int) -> tuple[str, int, int] | None:
    """A toggle folding a section's resource list, opening at ``blocks[start]``: (summary, index of the first
    item, index of its ``</details>``). Between them only resources (one at least), as the section lists them."""
    opening = _toggle_opening(blocks, start)
    if opening is None:
        return None
    summary, first = opening
    end = first
    while end < len(blocks) and blocks[end].kind is Kind.ITEM and blocks[end].level == 1 and not blocks[end].ordered:
        if _resource(blocks[end].text) is None:
            return None
        end += 1
    if end == first or end == len(blocks) or not _is_toggle_end(blocks[end]):
        return None
    return summary, first, end


def _toggle_end(blocks: list[Block]) -> int | None:
    """The first ``</details>`` among a section's blocks that no resources toggle of the section opened."""
    index = 0
    while index < len(blocks):
        folded = _resources_toggle(blocks, index)
        if folded is not None:
            index = folded[2] + 1
            continue
        if _is_toggle_end(blocks[index]):
            return index
        index += 1
    return None


def _split_toggle_ends(blocks: list[Block]) -> Iterator[Block]:
    """The blocks, with an HTML block of several ``</details>`` lines (two toggles closing at once) cut into one
    block per line: the resources toggle of a part's last section, then the part's toggle."""
    for block in blocks:
        lines = block.text.split("\n")
        if block.kind is not Kind.HTML or len(lines) < 2 or any(line.strip().lower() != "</details>" for line in lines):
            yield block
            continue
        for offset, line in enumerate(lines):
            yield Block(Kind.HTML, block.line + offset, block.line + offset, line.strip())


def _regions(blocks: list[Block]) -> Iterator[tuple[Block | None, list[Block]]]:
    """(level-2 heading or None for the preamble, the blocks under it)."""
    heading: Block | None = None
    body: list[Block] = []
    for block in blocks:
        if block.kind is Kind.HEADING and block.level == 2:
            yield heading, body
            heading, body = block, []
        else:
            body.append(block)
    yield heading, body


def _run(blocks: list[Block], start: int, accept: Any) -> Iterator[Block]:
    """The blocks from ``start`` on while ``accept(block)`` holds."""
    for block in blocks[start:]:
        if not accept(block):
            return
        yield block


def _disclaimer_after_rule(body: list[Block]) -> int | None:
    """Where a part's body ends with ``---`` and an emphasised line, the course's disclaimer: the rule's index.

    Only after the part's last numbered section has begun: what a course without an acknowledgements section
    keeps of its closing (``---`` then ``*Disclaimer: …*``, then whatever ends the README).
    """
    starts = [i for i, b in enumerate(body) if b.kind is Kind.HEADING and b.level == 3 and _NUMBERED.match(b.text)]
    for index in range(starts[-1] if starts else 0, len(body) - 1):
        rule, line = body[index], body[index + 1]
        if rule.kind is not Kind.RULE or line.kind is not Kind.PARAGRAPH or line.quote:
            continue
        if _EMPHASIS_LINE.match(line.text) and _one_emphasis(line.text):
            return index
    return None


def _has_numbered_sections(body: list[Block]) -> bool:
    """Whether a ``##`` region holds ``### N. Title`` sections: the shape of a part."""
    return any(b.kind is Kind.HEADING and b.level == 3 and _NUMBERED.match(b.text) for b in body)


def _claim_entries(headed: list[tuple[Block, list[Block]]], entries: list[Data]) -> dict[int, Data]:
    """Which level-2 heading opens which entry of the list of parts (``id()`` of the heading → entry).

    Same title first; then, for a heading with numbered sections under it, the same emoji.
    """
    claimed: dict[int, Data] = {}
    taken: set[int] = set()
    for heading, _ in headed:
        title = split_emoji(heading.text)[1].casefold()
        entry = next((e for e in entries if id(e) not in taken and e["title"].casefold() == title), None)
        if entry is not None:
            claimed[id(heading)] = entry
            taken.add(id(entry))
    for heading, body in headed:
        emoji = split_emoji(heading.text)[0]
        if id(heading) in claimed or not _has_numbered_sections(body) or not emoji:
            continue
        entry = next((e for e in entries if id(e) not in taken and emoji_key(e["emoji"]) == emoji_key(emoji)), None)
        if entry is not None:
            claimed[id(heading)] = entry
            taken.add(id(entry))
    return claimed
