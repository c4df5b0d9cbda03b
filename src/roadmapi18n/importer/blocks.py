"""Legacy Markdown → a flat list of blocks (headings, list items, table rows, paragraphs, header links).

markdown-it-py (CommonMark plus tables) does the parsing; a block keeps its
raw inline Markdown and its 1-based source lines, which is all alignment needs.
The README header that GitHub READMEs write in HTML (``<h1>``, ``<a href>``)
is read line by line into heading and link blocks.

Two readers use it: the importer (a translated README) and ``sync`` (the
upstream English README). ``layout=True`` adds what only sync needs — raw HTML
blocks (``<details>``, the header ``<div>``, centred images) and thematic breaks
— so the importer's stream of blocks stays as it was. Paragraphs inside a
GitHub alert (``> [!NOTE]``) carry the alert's type, without the marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from roadmapi18n.errors import RoadmapError
from roadmapi18n.importer.inline import join_lines


class Kind(StrEnum):
    """What a block is."""

    HEADING = "heading"
    ITEM = "item"
    ROW = "row"
    PARAGRAPH = "paragraph"
    LINK = "link"
    """A link of the HTML header (``<a href="…">label</a>``)."""
    HTML = "html"
    """A raw HTML block, its text the HTML as written (``layout=True`` only)."""
    RULE = "rule"
    """A thematic break, ``---`` (``layout=True`` only)."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the legacy document."""

    kind: Kind
    line: int
    """First source line, 1-based."""
    end_line: int
    """Last source line, 1-based."""
    text: str
    """Raw inline Markdown: heading text without ``#``, item without its bullet, paragraph lines joined."""
    level: int = 0
    """Heading level (1-6); nesting depth of a list item (1 = top level)."""
    ordered: bool = False
    """True for an item of a numbered list."""
    cells: tuple[str, ...] = ()
    """A table row's cells (raw inline Markdown)."""
    header: bool = False
    """True for a table's header row."""
    url: str = ""
    """Target of a header link."""
    quote: bool = False
    """True for a paragraph inside a block quote."""
    alert: str = ""
    """GitHub alert type (``NOTE``, ``TIP``, ``IMPORTANT``, ``WARNING``, ``CAUTION``) of a quoted paragraph
    that opens with ``[!TYPE]``; the marker is not part of ``text``."""

    def __str__(self) -> str:
        return self.text if self.kind is not Kind.ROW else " | ".join(self.cells)


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?:\s|$)")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE)
_A = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_LABEL_LINE = re.compile(r"^\s*📚")
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.IGNORECASE)


MAX_README_BYTES = 1 << 20
"""The largest Markdown file read: twice what GitHub shows of a README (its first 512 KB); the course's is 50 KB."""


def read_markdown_file(path: Path, *, missing_hint: str) -> str:
    """A README's text: UTF-8 (a BOM dropped, CRLF made LF), or a :class:`RoadmapError` saying where it is not.

    Only a regular file (a link named on the command line is followed; a FIFO or device is refused
    without blocking) of at most :data:`MAX_README_BYTES` is read: anything larger cannot be a README.
    """
    from roadmapi18n.fsio import read_input

    try:
        size = path.stat().st_size
        data = read_input(path, follow_symlinks=True) if size <= MAX_README_BYTES else b""
    except FileNotFoundError:
        raise RoadmapError("file not found", path=path, hint=missing_hint) from None
    except OSError as error:
        raise RoadmapError(f"cannot read: {error.strerror}", path=path, hint="check the path and permissions") from None
    if len(data) > MAX_README_BYTES or size > MAX_README_BYTES:
        raise RoadmapError(
            f"the file is {max(size, len(data)) / 1e6:.1f} MB: larger than any README (GitHub shows only the first "
            f"512 KB of one); Markdown files are read up to {MAX_README_BYTES // (1 << 20)} MiB",
            path=path,
            hint="name the README itself, not an archive or several files pasted together",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RoadmapError("file is not valid UTF-8", path=path, line=line, hint="save it as UTF-8") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():  # nothing to import or sync: a wrong path, or a download that failed
        raise RoadmapError("the file is empty", path=path, hint=missing_hint)
    return text


def conflict_marker_lines(text: str) -> list[int]:
    """1-based lines holding git merge-conflict markers (``=======`` only between ``<<<<<<<`` and ``>>>>>>>``).

    >>> conflict_marker_lines("a\\n<<<<<<< HEAD\\nb\\n=======\\nc\\n>>>>>>> x\\nTitle\\n=======\\n")
    [2, 4, 6]
    """
    found: list[int] = []
    open_conflict = False
    for number, line in enumerate(text.splitlines(), 1):
        match = _CONFLICT.match(line)
        if not match:
            continue
        marker = match.group(1)[0]
        if marker == "<":
            open_conflict = True
        elif not open_conflict:
            continue  # a setext underline or a table of '=' is not a marker
        elif marker == ">":
            open_conflict = False
        found.append(number)
    return found


def refuse_conflicts(
    text: str, path: str | Path | None = None, *, command: Literal["import", "sync"] = "import"
) -> None:
    """Raise :class:`RoadmapError` naming the marker lines if ``text`` has unresolved merge conflicts.

    ``command`` is the command refused, as the message and hint name it ("nothing was synced").
    """
    lines = conflict_marker_lines(text)
    if lines:
        shown = ", ".join(str(n) for n in lines)
        raise RoadmapError(
            f"unresolved merge-conflict markers at lines {shown}; nothing was {command}ed",
            path=path,
            line=lines[0],
            hint="resolve the conflict (keep one side, delete the <<<<<<< ======= >>>>>>> lines), "
            f"then {command} again",
        )


def parse_blocks(markdown: str, *, layout: bool = False) -> list[Block]:
    """The blocks of ``markdown`` in document order; with ``layout``, raw HTML blocks and rules too.

    >>> [(b.kind.value, b.text, b.alert) for b in parse_blocks("> [!NOTE]\\n> Read *this*.\\n\\n---\\n", layout=True)]
    [('paragraph', 'Read *this*.', 'NOTE'), ('rule', '---', '')]
    """
    return list(_blocks(markdown_tokens(markdown), markdown.splitlines(), layout=layout))


@lru_cache(maxsize=4)
def markdown_tokens(markdown: str) -> tuple[Token, ...]:
    """markdown-it's tokens for ``markdown`` (CommonMark and tables), parsed once for the callers that share them."""
    return tuple(MarkdownIt("commonmark").enable("table").parse(markdown))


def _blocks(tokens: Sequence[Token], lines: list[str], *, layout: bool) -> Iterator[Block]:
    depth = 0
    quote = 0
    quote_start = -1  # token index of the innermost open block quote
    ordered: list[bool] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "blockquote_open":
            quote += 1
            quote_start = index
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "hr" and layout:
            yield Block(Kind.RULE, *_span(token), "---")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif kind == "list_item_open":
            depth += 1
        elif kind == "list_item_close":
            depth -= 1
        elif kind == "heading_open":
            inline = tokens[index + 1]
            yield Block(Kind.HEADING, *_span(token), inline.content.strip(), level=int(token.tag[1]))
            index += 2
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            if depth:
                yield from _item(token, inline, depth, ordered[-1] if ordered else False)
            elif quote:
                yield _quoted(token, inline, first=quote_start == index - 1)
            else:
                yield from _paragraph(token, inline)
            index += 2
        elif kind == "tr_open":
            close = _row_end(tokens, index)
            yield _row(token, tokens[index:close])
            index = close
        elif kind == "html_block":
            if layout:
                yield Block(Kind.HTML, *_span(token), token.content.rstrip("\n"))
            yield from _html(token)
        index += 1


def _span(token: Token) -> tuple[int, int]:
    start, end = token.map or (0, 1)
    return start + 1, max(start + 1, end)


def _paragraph(token: Token, inline: Token) -> Iterator[Block]:
    start, end = _span(token)
    yield Block(Kind.PARAGRAPH, start, end, join_lines(inline.content.split("\n")))


def _quoted(token: Token, inline: Token, *, first: bool) -> Block:
    """A paragraph of a block quote; the first one of a GitHub alert loses its ``[!TYPE]`` marker."""
    start, end = _span(token)
    text = join_lines(inline.content.split("\n"))
    marker = _ALERT.match(text) if first else None
    if marker:
        return Block(Kind.PARAGRAPH, start, end, text[marker.end() :], quote=True, alert=marker.group(1).upper())
    return Block(Kind.PARAGRAPH, start, end, text, quote=True)


def _item(token: Token, inline: Token, depth: int, ordered: bool) -> Iterator[Block]:
    """A list item's paragraph; a lazy continuation line opening a resource label (📚) is its own paragraph."""
    start, end = _span(token)
    parts = inline.content.split("\n")
    cut = next((i for i, part in enumerate(parts) if i and _LABEL_LINE.match(part)), len(parts))
    yield Block(Kind.ITEM, start, start + cut - 1, join_lines(parts[:cut]), level=depth, ordered=ordered)
    if cut < len(parts):
        yield Block(Kind.PARAGRAPH, start + cut, end, join_lines(parts[cut:]))


def _row_end(tokens: Sequence[Token], index: int) -> int:
    while tokens[index].type != "tr_close":
        index += 1
    return index


def _row(opening: Token, row: Sequence[Token]) -> Block:
    cells = tuple(t.content.strip() for t in row if t.type == "inline")
    header = any(t.type == "th_open" for t in row)
    line, end = _span(opening)
    return Block(Kind.ROW, line, end, " | ".join(cells), cells=cells, header=header)


def _html(token: Token) -> Iterator[Block]:
    """Headings and links of an HTML block, one block per line that holds them."""
    first = (token.map or (0, 1))[0] + 1
    for offset, line in enumerate(token.content.split("\n")):
        number = first + offset
        heading = _H1.search(line)
        if heading:
            yield Block(Kind.HEADING, number, number, _TAG.sub("", heading.group(1)).strip(), level=1)
            continue
        for match in _A.finditer(line):
            label = _TAG.sub("", match.group(2)).strip()
            yield Block(Kind.LINK, number, number, label, url=match.group(1))
