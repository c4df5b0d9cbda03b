"""Markdown as GitHub renders it: cmark-gfm's HTML, reduced to what a comparison needs.

GitHub renders READMEs with cmark-gfm (CommonMark plus the table, strikethrough,
autolink, tag-filter and task-list extensions, and footnotes), then sanitises
the HTML. :func:`to_html` runs the same C library through ``cmarkgfm`` with raw
HTML let through, so what we judge is a superset of what GitHub keeps.
:func:`digest` reads that HTML with an HTML tokenizer and keeps what a
translation must not change: link and image targets, elements, comments and
other markup, the block skeleton, code spans, markers left showing, and the
visible text.

>>> d = digest("Read _www.evil.example_\\n\\nA <!-- x -->")
>>> sorted(d.targets), sorted(d.markup)
(['http://www.evil.example'], ['<!-- x -->'])
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_GITHUB_PRE_LANG
"""Raw HTML kept (GitHub keeps it too, minus what its sanitiser removes), footnotes on as on GitHub."""
_SAFE_OPTIONS = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_GITHUB_PRE_LANG
"""cmark's safe mode: each piece of raw HTML becomes a ``<!-- raw HTML omitted -->`` comment."""
_EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")
"""GitHub's extensions, as ``cmarkgfm.github_flavored_markdown_to_html`` attaches them."""


class _MemoryAllocator(ctypes.Structure):
    _fields_ = (
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    )


class _Cmark:
    """cmark-gfm's C functions, called through ctypes from cmarkgfm's own library.

    cmarkgfm's Python functions free neither the parsed tree nor the HTML string: about 70 bytes
    per byte of input stay allocated on every call (1.4 GB after 20,000 calls on a 1.4 KB text),
    and the judge makes thousands of calls. Here every allocation is freed.
    """

    def __init__(self) -> None:
        lib = ctypes.CDLL(cmarkgfm._cmark.__file__)
        pointer = ctypes.c_void_p
        for name, result, arguments in (
            ("cmark_gfm_core_extensions_ensure_registered", None, ()),
            ("cmark_find_syntax_extension", pointer, (ctypes.c_char_p,)),
            ("cmark_parser_new", pointer, (ctypes.c_int,)),
            ("cmark_parser_attach_syntax_extension", ctypes.c_int, (pointer, pointer)),
            ("cmark_parser_feed", None, (pointer, ctypes.c_char_p, ctypes.c_size_t)),
            ("cmark_parser_finish", pointer, (pointer,)),
            ("cmark_parser_get_syntax_extensions", pointer, (pointer,)),
            ("cmark_render_html", pointer, (pointer, ctypes.c_int, pointer)),
            ("cmark_node_free", None, (pointer,)),
            ("cmark_parser_free", None, (pointer,)),
            ("cmark_get_default_mem_allocator", ctypes.POINTER(_MemoryAllocator), ()),
        ):
            function = getattr(lib, name)
            function.restype, function.argtypes = result, arguments
        lib.cmark_gfm_core_extensions_ensure_registered()
        self.extensions = [lib.cmark_find_syntax_extension(name) for name in _EXTENSIONS]
        if not all(self.extensions):
            raise OSError("cmark-gfm lacks one of GitHub's extensions")
        self.free = lib.cmark_get_default_mem_allocator().contents.free
        self.lib = lib

    def to_html(self, markdown: str, options: int) -> str:
        lib, data = self.lib, markdown.encode("utf-8")
        parser = lib.cmark_parser_new(options)
        try:
            for extension in self.extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            try:
                html = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    return ctypes.string_at(html).decode("utf-8")
                finally:
                    self.free(html)
            finally:
                lib.cmark_node_free(root)
        finally:
            lib.cmark_parser_free(parser)


def _load_cmark() -> _Cmark | None:
    try:
        return _Cmark()
    except (OSError, AttributeError):  # a build of cmarkgfm that does not export cmark's functions
        return None


_CMARK = _load_cmark()


def _render(markdown: str, options: int) -> str:
    if _CMARK is not None:
        return _CMARK.to_html(markdown, options)
    html: str = cmarkgfm.github_flavored_markdown_to_html(markdown, options)  # leaks, but renders the same
    return html


def to_html(markdown: str) -> str:
    """``markdown`` rendered by cmark-gfm with GitHub's extensions (raw HTML kept).

    >>> to_html("see www.x.example and <script>")
    '<p>see <a href="http://www.x.example">www.x.example</a> and &lt;script></p>\\n'
    """
    return _render(markdown, _OPTIONS)


_RAW_OMITTED = "<!-- raw HTML omitted -->"


def raw_html_count(markdown: str) -> int:
    """How many pieces of raw HTML cmark-gfm finds in ``markdown`` (its safe mode replaces each by a comment).

    >>> raw_html_count("a <script>x</script> and <b>b</b>"), raw_html_count("a &lt;script> `<b>`")
    (4, 0)
    """
    if "<" not in markdown:
        return 0
    return _render(markdown, _SAFE_OPTIONS).count(_RAW_OMITTED)


# Elements that only format text: a translation may add or drop them freely.
FORMATTING = frozenset({"em", "strong", "del", "code"})
# Elements that make up the block structure (cmark's blocks and HTML's block-level elements).
BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "hr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "section",
        "div",
        "details",
        "summary",
        "article",
        "aside",
        "nav",
        "header",
        "footer",
        "main",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "center",
        "form",
        "fieldset",
        "iframe",
        "object",
        "video",
        "audio",
        "canvas",
        "noscript",
        "address",
        "menu",
        "dialog",
    ]
)
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# Attributes whose value is a URL the browser follows or loads.
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "poster",
        "cite",
        "data",
        "background",
        "xlink:href",
        "ping",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "usemap",
        "codebase",
        "profile",
        "icon",
    ]
)
# Attributes that carry text, not structure: translated freely (link titles, image descriptions).
_TEXT_ATTRIBUTES = frozenset({"title", "alt"})
# Block attributes that change the structure (an ordered list's first number).
_SKELETON_ATTRIBUTES = frozenset({"start"})
# Markers that show literally when they do not pair up: a lone * (of ** or *), ~~, __, a lone backtick.
_LITERAL_MARKERS = re.compile(r"__|~~|[*`]")
_LETTER = re.compile(r"[^\W_]")
_MARKUP_OPEN = re.compile(r"<[A-Za-z!?/]")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(slots=True)
class Digest:
    """What a rendered Markdown fragment shows, in the terms a translation is judged by."""

    targets: Counter[str] = field(default_factory=Counter)
    """Every URL-valued attribute (links, images, autolinks, raw HTML), as the browser reads it (:func:`target_key`)."""
    elements: Counter[str] = field(default_factory=Counter)
    """Elements other than text formatting, as ``name attr1 attr2`` (attribute names, not values)."""
    balance: Counter[str] = field(default_factory=Counter)
    """Per element name: start tags minus end tags, where they differ (an unclosed ``<details>``, a stray ``</li>``)."""
    markup: Counter[str] = field(default_factory=Counter)
    """HTML comments, processing instructions, declarations and CDATA, verbatim."""
    skeleton: list[str] = field(default_factory=list)
    """Block elements' start and end tags, in order: the block structure."""
    code: Counter[str] = field(default_factory=Counter)
    """Contents of inline code spans."""
    literals: Counter[str] = field(default_factory=Counter)
    """Emphasis and code markers shown as text (``*``, ``~~``, ``__``, a backtick) outside code."""
    visible: list[str] = field(default_factory=list)
    """Text and attribute values a reader can see or follow (for what a translation hides)."""
    raw: int = 0
    """Raw HTML pieces (tags, comments, declarations, HTML blocks) the parser found, tag-filtered ones included."""

    def letters(self) -> Counter[str]:
        """The letters and digits of :attr:`visible`."""
        return letters("".join(self.visible))


def letters(text: str) -> Counter[str]:
    """Letters and digits of ``text`` (what a reader reads; markup punctuation left out).

    >>> sorted(letters("a*b* 1!").elements())
    ['1', 'a', 'b']
    """
    return Counter(_LETTER.findall(text))


def target_key(url: str, tag: str, attribute: str) -> str:
    """How a target is counted: the URL, and what loads it unless it is a link (a link made an image differs).

    >>> target_key("https://a.example", "a", "href"), target_key("https://a.example", "img", "src")
    ('https://a.example', 'https://a.example (img src)')
    """
    return url if (tag, attribute) == ("a", "href") else f"{url} ({tag} {attribute})"


def normalise_url(value: str) -> str:
    """A URL attribute as the browser uses it: ASCII whitespace and control characters removed."""
    return _URL_NOISE.sub("", value)


class _Reader(HTMLParser):
    """Builds a :class:`Digest` from cmark-gfm's HTML (cmark escapes text, so every ``<`` is markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.digest = Digest()
        self._code_depth = 0
        self._pre_depth = 0
        self._code_text: list[str] = []
        self.tokens = 0
        """Tags, comments and declarations read (each began with a ``<`` in the HTML)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = self.digest
        self.tokens += 1
        names = []
        for name, value in attrs:
            text = value or ""
            if name in URL_ATTRIBUTES:
                d.targets[target_key(normalise_url(text), tag, name)] += 1
            if name not in _TEXT_ATTRIBUTES:
                names.append(name)
            d.visible.append(text)
        if tag in BLOCKS:
            extra = "".join(f" {n}={v}" for n, v in attrs if n in _SKELETON_ATTRIBUTES)
            d.skeleton.append(f"<{tag}{extra}>")
        if tag not in FORMATTING or names:
            d.elements[" ".join([tag, *sorted(names)])] += 1
        if tag not in _VOID:
            d.balance[tag] += 1
        if tag == "pre":
            self._pre_depth += 1
        elif tag == "code":
            self._code_depth += 1
            self._code_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.digest.balance[tag] -= 1

    def handle_endtag(self, tag: str) -> None:
        d = self.digest
        self.tokens += 1
        if tag in BLOCKS:
            d.skeleton.append(f"</{tag}>")
        d.balance[tag] -= 1
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        elif tag == "code" and self._code_depth:
            self._code_depth -= 1
            if not self._pre_depth:
                d.code["".join(self._code_text)] += 1

    def handle_data(self, data: str) -> None:
        d = self.digest
        d.visible.append(data)
        if self._code_depth:
            self._code_text.append(data)
        elif not self._pre_depth:
            d.literals.update(_LITERAL_MARKERS.findall(data))

    def handle_comment(self, data: str) -> None:
        self._markup(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._markup(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._markup(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._markup(f"<![{data}]>")

    def _markup(self, text: str) -> None:
        self.tokens += 1
        self.digest.markup[text] += 1


# cmark's own HTML, when the Markdown has no "<" (so no raw HTML): tags with lowercase names and
# double-quoted, escaped attribute values, and escaped text between them.
_CMARK_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9:-]*(?:="[^"<]*")?)*) ?(/?)>')
_CMARK_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9:-]*)(?:="([^"]*)")?')


def _read_cmark_html(reader: _Reader, html: str) -> bool:
    """Feed cmark's own HTML to ``reader`` without the general tokenizer (five times faster).

    False, with nothing fed, if the HTML holds anything else (the caller then uses the tokenizer).
    """
    events: list[tuple[str, str, list[tuple[str, str | None]]]] = []
    position = 0
    for match in _CMARK_TAG.finditer(html):
        text = html[position : match.start()]
        if "<" in text:
            return False
        if text:
            events.append(("data", unescape(text), []))
        closing, name, attributes, empty = match.groups()
        if closing:
            events.append(("end", name, []))
        else:
            pairs = (
                [
                    (key, None if value is None else unescape(value))
                    for key, value in _CMARK_ATTRIBUTE.findall(attributes)
                ]
                if attributes
                else []
            )
            events.append(("startend" if empty else "start", name, pairs))
        position = match.end()
    rest = html[position:]
    if "<" in rest:
        return False
    if rest:
        events.append(("data", unescape(rest), []))
    handlers = {
        "data": lambda name, _: reader.handle_data(name),
        "end": lambda name, _: reader.handle_endtag(name),
        "start": reader.handle_starttag,
        "startend": reader.handle_startendtag,
    }
    for kind, name, pairs in events:
        handlers[kind](name, pairs)
    return True


def digest(markdown: str) -> Digest:
    """The :class:`Digest` of ``markdown`` as GitHub renders it."""
    html = to_html(markdown)
    reader = _Reader()
    if "<" in markdown or not _read_cmark_html(reader, html):
        reader = _Reader()
        reader.feed(html)
        reader.close()
    result = reader.digest
    result.raw = raw_html_count(markdown)
    # cmark escapes every "<" of text, so each "<" that opens markup in its HTML is a tag, comment or
    # declaration; one the tokenizer read as text (cut off: "<!X", "<?php" at the end) is markup a
    # browser would still parse (a bogus comment hiding what follows).
    unread = len(_MARKUP_OPEN.findall(html)) - reader.tokens
    if unread > 0:
        result.markup["<unterminated markup>"] += unread
    result.balance = Counter({tag: count for tag, count in result.balance.items() if count})
    return result


# -- a quick test of sameness ------------------------------------------------------------------------
# When neither HTML, an entity, a definition nor a code fence is in the Markdown, two renderings with the
# same tags and attributes (text formatting and text attributes aside), the same code and no more markers
# showing have equal digests in everything the judge compares; regular expressions over cmark's own HTML
# (escaped text, quoted attributes) tell that at C speed. Any difference sends the caller to the digests.

_TEXT_BETWEEN_TAGS = re.compile(r">[^<]+<")
_FORMATTING_TAG = re.compile(r"</?(?:em|strong|del)>")
_TEXT_ATTRIBUTE = re.compile(r' (?:alt|title)="[^"]*"')
_CODE = re.compile(r"<code>([^<]*)</code>")
_PRE = re.compile(r"<pre>.*?</pre>", re.S)
_TAG = re.compile(r"<[^>]*>")


Shape = tuple[bytes, Counter[str]]
"""A rendering's tags (formatting and text attributes left out) and code contents, as a strong hash; and the
markers showing in its text."""


def shape(html: str) -> Shape:
    """The :data:`Shape` of cmark's HTML."""
    tags = _TEXT_ATTRIBUTE.sub("", _FORMATTING_TAG.sub("", _TEXT_BETWEEN_TAGS.sub("><", html.strip())))
    text = _TAG.sub("", _CODE.sub("", _PRE.sub("", html)))
    code = "\x00".join(sorted(_CODE.findall(html)))
    fingerprint = hashlib.blake2b(f"{tags}\x01{code}".encode(), digest_size=20).digest()
    return fingerprint, Counter(_LITERAL_MARKERS.findall(text))


def same_shape(ours: Shape, theirs: Shape) -> bool:
    """Same tags and code, and no marker showing that the English does not show."""
    return ours[0] == theirs[0] and not theirs[1] - ours[1]


def english_shape(markdown: str) -> Shape:
    """:func:`shape` of the English's rendering, cached (by a strong hash of the Markdown: the
    English surroundings repeat in every locale's README, and a README's blocks are many)."""
    key = hashlib.blake2b(markdown.encode(), digest_size=20).digest()
    found = _ENGLISH_SHAPES.get(key)
    if found is None:
        if len(_ENGLISH_SHAPES) >= 1 << 16:
            _ENGLISH_SHAPES.clear()
        found = _ENGLISH_SHAPES[key] = shape(to_html(markdown))
    return found


_ENGLISH_SHAPES: dict[bytes, Shape] = {}


@lru_cache(maxsize=1024)
def english_digest(markdown: str) -> Digest:
    """:func:`digest`, cached: the English surroundings of a unit are the same in every locale's README.

    Callers must not change the result.
    """
    return digest(markdown)
