"""Does the English README that ``render`` writes reproduce the upstream one?

The contract of ``sync``: every upstream block is present with the same text
(the words a reader sees), every URL is there as often (a multiset), and the
``##``/``###`` headings come in the same order with the same text. The
rendered README may add only the language switcher and the translation status
line. Both documents are read with the same block parser.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from markdown_it.token import Token

from roadmapi18n.importer.blocks import Block, Kind, markdown_tokens, parse_blocks
from roadmapi18n.importer.inline import plain

_ATTRIBUTE_URL = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
SWITCHER = re.compile(r"^.*<p[^>]*>\s*(?:<b>|<a )[^\n]*·.*$", re.MULTILINE)
"""The language switcher line of a README this tool rendered."""


@dataclass
class Fidelity:
    """What the rendered README lacks or adds, compared with upstream."""

    missing_blocks: list[tuple[int, str]] = field(default_factory=list)
    """(upstream line, text) of blocks with no block of the same text in the rendering."""
    extra_blocks: list[tuple[int, str]] = field(default_factory=list)
    """(rendered line, text) of blocks upstream does not have."""
    missing_urls: list[str] = field(default_factory=list)
    extra_urls: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    """Differences in the ``##``/``###`` headings, one line each."""

    @property
    def ok(self) -> bool:
        """True when the rendering reproduces upstream."""
        return not (self.missing_blocks or self.extra_blocks or self.missing_urls or self.extra_urls or self.headings)

    def lines(self) -> list[str]:
        """One human-readable line per difference."""
        return [
            *(
                f"upstream line {line}: block missing from the English README: {_short(text)}"
                for line, text in self.missing_blocks
            ),
            *(f"README line {line}: block upstream does not have: {_short(text)}" for line, text in self.extra_blocks),
            *(f"URL missing: {url}" for url in self.missing_urls),
            *(f"URL upstream does not have: {url}" for url in self.extra_urls),
            *self.headings,
        ]


def compare(upstream: str, rendered: str, *, ours: frozenset[str] = frozenset()) -> Fidelity:
    """Compare the upstream README with the rendered one; ``ours`` are URLs the rendering may add (switcher)."""
    result = Fidelity()
    theirs_parsed, our_parsed = parse_blocks(upstream, layout=True), parse_blocks(rendered, layout=True)
    # The language switcher is ours; a README this tool rendered has it on both sides.
    theirs_parsed = [b for b in theirs_parsed if not (b.kind is Kind.LINK and b.url in ours)]
    our_parsed = [b for b in our_parsed if not (b.kind is Kind.LINK and b.url in ours)]
    theirs_blocks, our_blocks = _texts(theirs_parsed), _texts(our_parsed)
    available = Counter(text for _, text in our_blocks)
    for line, text in theirs_blocks:
        if available[text] > 0:
            available[text] -= 1
        else:
            result.missing_blocks.append((line, text))
    wanted = Counter(text for _, text in theirs_blocks)
    for line, text in our_blocks:
        if wanted[text] > 0:
            wanted[text] -= 1
        else:
            result.extra_blocks.append((line, text))
    theirs_urls = Counter(u for u in urls(upstream) if u not in ours)
    our_urls = Counter(u for u in urls(rendered) if u not in ours)
    result.missing_urls = sorted((theirs_urls - our_urls).elements())
    result.extra_urls = sorted((our_urls - theirs_urls).elements())
    theirs_headings, our_headings = headings(theirs_parsed), headings(our_parsed)
    if theirs_headings != our_headings:
        for index, (a, b) in enumerate(zip(theirs_headings, our_headings, strict=False)):
            if a != b:
                result.headings.append(f"heading {index + 1}: upstream {a!r}, README {b!r}")
                break
        if len(theirs_headings) != len(our_headings):
            result.headings.append(f"{len(theirs_headings)} headings upstream, {len(our_headings)} in the README")
    return result


def _texts(blocks: list[Block]) -> list[tuple[int, str]]:
    """(line, comparable text) of every block that carries text; the language switcher is ours."""
    found = []
    for block in blocks:
        if block.kind is Kind.RULE:
            continue
        if block.kind is Kind.HTML:
            text = SWITCHER.sub("", block.text)
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        elif block.kind in (Kind.LINK, Kind.HEADING):
            text = " ".join(html.unescape(plain(block.text)).split())
        elif block.kind is Kind.ROW:
            text = " | ".join(plain(cell) for cell in block.cells)
        else:
            text = " ".join(plain(block.text).split())
            if block.alert:
                text = f"[!{block.alert}] {text}"
        if text:
            found.append((block.line, f"{block.kind.value}: {text}"))
    return found


def urls(markdown: str) -> list[str]:
    """Every link and image target of a Markdown document, HTML attributes included, in order."""
    found: list[str] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrs.get("href", "")))
            elif token.type == "image":
                found.append(str(token.attrs.get("src", "")))
            elif token.type in ("html_block", "html_inline"):
                found.extend(html.unescape(u) for u in _ATTRIBUTE_URL.findall(token.content))
            if token.children:
                walk(token.children)

    walk(list(markdown_tokens(markdown)))
    return found


def headings(blocks: list[Block]) -> list[str]:
    """The ``##`` and ``###`` headings, in order, as ``## text``."""
    return [
        f"{'#' * b.level} {' '.join(b.text.split())}" for b in blocks if b.kind is Kind.HEADING and b.level in (2, 3)
    ]


def _short(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
