"""Does a translation keep what must not change? Link targets, code, markup, placeholders, emoji.

Pure functions on two strings (English source, translation), used by the
``integrity`` check and usable by the importer and the property tests.
Regular expressions rather than a Markdown parse: they run on every entry of
every catalog, and a unit is one line of inline Markdown. Each rule starts
with a substring test so that plain prose costs a few ``in`` checks.

>>> [p.code for p in check_translation("See [docs](https://a.b/c).", "Xem [tài liệu](https://evil.example).")]
['link-target']
>>> check_translation("See [docs](https://a.b/c) and [more](https://a.b/d).", "[Thêm](https://a.b/d), [tài liệu](https://a.b/c).")
[]
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from string import Formatter

import regex

# A Markdown link or image destination: `](` then `<...>` or a run without spaces in which
# parentheses nest (one level, as CommonMark allows balanced ones). The closing `)` is not
# required, so a link with any title syntax ('...', (...)) is still seen.
_MD_LINK = re.compile(r"\]\(\s*(?:<([^>\n]*)>|((?:[^()\s]|\([^()\s]*\))+))")
# A link reference definition `[label]: destination` at the start of a line defines a link target too.
_REF_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
_HTML_ATTR = re.compile(r"""\b(?:href|src|srcset|action|formaction|poster|xlink:href)\s*=\s*["']?([^"'\s>]+)""", re.I)
_TAG = re.compile(r"<[A-Za-z][^>]*>")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
# GitHub turns bare URLs into links (GFM autolink extension); trailing punctuation is not part of them.
_BARE_URL = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)[^\s<>]*[^\s<>?!.,:;*_~'\")\]]")
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>")
_EVENT_ATTR = re.compile(r"<[^>]*?\s(on[a-z]+)\s*=", re.I)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_SIMPLE_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# Anything any rule below looks at (except emoji); text without it is plain prose.
_MAYBE_MARKUP = re.compile(r"[\[\]<`*_~{}\n]|://|www\.|^[\s\d#>+|-]")
_NOT_RELATIVE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|#|/|www\.|\{)")
_DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file):", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_NUMBERED = re.compile(r"^\s{0,3}(\d{1,9})[.)](?=\s|$)")
# Block syntax a unit must not gain or lose at its start: headings, quotes, bullets, tables, rules.
_BLOCK_START = re.compile(r"^\s{0,3}(#{1,6}(?=\s|$)|>|[-+*](?=\s)|\||(?:-\s*){3,}$|(?:\*\s*){3,}$|(?:_\s*){3,}$)")
_EMPHASIS_MARKERS = (("**", "bold"), ("__", "bold"), ("~~", "strikethrough"))
# Emoji (Unicode Extended_Pictographic, and flag letters); © and ® are excluded: translators may drop them.
_EMOJI = regex.compile(r"(?![\u00a9\u00ae])[\p{Extended_Pictographic}\p{Regional_Indicator}]")


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a translation breaks its source."""

    code: str
    """Short stable name: ``link-target``, ``unsafe-link``, ``raw-html``, ``code-span``, ``emphasis``, …"""
    message: str


def link_targets(text: str) -> list[str]:
    """Every link or image target in inline Markdown/HTML, in order of appearance.

    >>> link_targets('[a](https://x.y/1) <a href="https://x.y/2">b</a> <https://x.y/3> see www.x.y/4.')
    ['https://x.y/1', 'https://x.y/2', 'https://x.y/3', 'www.x.y/4']
    >>> link_targets("[w](https://en.wikipedia.org/wiki/Foo_(bar) 'title')")
    ['https://en.wikipedia.org/wiki/Foo_(bar)']
    """
    if "](" not in text and "<" not in text and "]:" not in text and "://" not in text and "www." not in text:
        return []
    found: list[tuple[int, int, str]] = []
    for match in _MD_LINK.finditer(text):
        group = 1 if match.group(1) is not None else 2
        found.append((match.start(group), match.end(group), match.group(group)))
    for pattern in (_REF_DEFINITION, _AUTOLINK):
        found += [(m.start(1), m.end(1), m.group(1)) for m in pattern.finditer(text)]
    found += [(start, start + len(target), target) for start, target in _html_targets(text)]
    if "://" in text or "www." in text:
        taken = sorted((start, end) for start, end, _ in found)
        starts = [start for start, _ in taken]
        for m in _BARE_URL.finditer(text):
            index = bisect_right(starts, m.start()) - 1
            if index < 0 or m.start() >= taken[index][1]:
                found.append((m.start(), m.end(), m.group()))
    return [target for _, _, target in sorted(found)]


def relative_targets(document: str) -> list[tuple[int, str]]:
    """(offset, target) of every link or image in a Markdown document whose target is a relative path.

    >>> relative_targets('![a](img/a.png) [b](https://x.y) <img src="b.svg"> [c](#top)')
    [(5, 'img/a.png'), (43, 'b.svg')]
    """
    found = []
    for m in _MD_LINK.finditer(document):
        group = 1 if m.group(1) is not None else 2
        found.append((m.start(group), m.group(group)))
    found += _html_targets(document)
    return sorted((offset, target) for offset, target in found if target and not _NOT_RELATIVE.match(target))


def _html_targets(text: str) -> list[tuple[int, str]]:
    """(offset, value) of the URL attributes of every HTML tag (searching whole documents for attributes is slow)."""
    if "<" not in text:
        return []
    return [
        (tag.start() + m.start(1), m.group(1)) for tag in _TAG.finditer(text) for m in _HTML_ATTR.finditer(tag.group())
    ]


def code_spans(text: str) -> list[str]:
    """Contents of inline code spans, in order.

    >>> code_spans("run `pip install x` then ``a ` b``")
    ['pip install x', 'a ` b']
    """
    return [m.group(2) for m in _CODE_SPAN.finditer(text)] if "`" in text else []


def check_translation(source: str, translation: str, *, brace_format: bool = False) -> list[Problem]:
    """Everything ``translation`` changes that a translation must not change; empty when it is sound.

    ``brace_format``: the entry is a ``python-brace-format`` string (``str.format`` is called on it),
    so its ``{fields}`` must be exactly the English's and the string must be a valid format string.
    """
    if not translation:
        return []
    if _MAYBE_MARKUP.search(translation) is None and _MAYBE_MARKUP.search(source) is None:
        return _emoji(source, translation)  # plain prose: only the emoji rule can apply
    problems: list[Problem] = []
    for rule in _RULES:
        problems += rule(source, translation)
    problems += _placeholders(source, translation, brace_format=brace_format)
    return problems


def _links(source: str, translation: str) -> list[Problem]:
    theirs, ours = link_targets(translation), set(link_targets(source))
    if not theirs and not ours:
        return []
    problems = []
    unsafe = sorted({t for t in theirs if t not in ours and _DANGEROUS_SCHEME.match(_normalise_url(t))})
    if unsafe:
        problems.append(Problem("unsafe-link", f"link target {', '.join(unsafe)} uses a script, data or file scheme"))
    added, removed = sorted(set(theirs) - ours - set(unsafe)), sorted(ours - set(theirs))
    if added or removed:
        parts = (["adds " + ", ".join(added)] if added else []) + (["drops " + ", ".join(removed)] if removed else [])
        problems.append(Problem("link-target", "link targets differ from the English: " + "; ".join(parts)))
    return problems


def _normalise_url(target: str) -> str:
    """What a browser sees: entities decoded, whitespace and control characters removed."""
    return _URL_NOISE.sub("", html.unescape(target))


def _html(source: str, translation: str) -> list[Problem]:
    if "<" not in translation:
        return []
    allowed = Counter(tag.lower() for tag in _HTML_TAG.findall(source))
    extra = Counter(tag.lower() for tag in _HTML_TAG.findall(translation)) - allowed
    handlers = {a.lower() for a in _EVENT_ATTR.findall(translation)} - {a.lower() for a in _EVENT_ATTR.findall(source)}
    problems = []
    if extra:
        problems.append(Problem("raw-html", f"raw HTML the English lacks: <{'>, <'.join(sorted(extra))}>"))
    if handlers:
        problems.append(Problem("raw-html", f"HTML event handler the English lacks: {', '.join(sorted(handlers))}"))
    return problems


def _code(source: str, translation: str) -> list[Problem]:
    if "`" not in source and "`" not in translation:
        return []
    ours, theirs = Counter(code_spans(source)), Counter(code_spans(translation))
    if ours != theirs:
        changed = sorted((theirs - ours).keys()) or sorted((ours - theirs).keys())
        return [Problem("code-span", f"`code` spans must be kept exactly as in the English (differs: {changed[0]!r})")]
    if translation.count("`") % 2 and not source.count("`") % 2:
        return [Problem("code-span", "unbalanced ` (code) marker")]
    return []


def _emphasis(source: str, translation: str) -> list[Problem]:
    problems = []
    for marker, name in _EMPHASIS_MARKERS:
        if marker in translation and translation.count(marker) % 2 and not source.count(marker) % 2:
            problems.append(Problem("emphasis", f"unbalanced {marker} ({name}) markers"))
    return problems


def _placeholders(source: str, translation: str, *, brace_format: bool) -> list[Problem]:
    if "{" not in source and "{" not in translation and not (brace_format and "}" in translation):
        return []
    if brace_format:
        ours = _format_fields(source)
        theirs = _format_fields(translation)
        if theirs is None:
            return [Problem("placeholder", "not a valid format string: write a literal brace as {{ or }}")]
        if ours is not None and ours != theirs:
            return [Problem("placeholder", f"placeholders must be exactly {' '.join(sorted(ours)) or 'none'}")]
        return []
    simple_ours, simple_theirs = set(_SIMPLE_PLACEHOLDER.findall(source)), set(_SIMPLE_PLACEHOLDER.findall(translation))
    if simple_ours != simple_theirs:
        return [Problem("placeholder", f"placeholders must be {' '.join(sorted(simple_ours)) or 'none'}")]
    return []


def _format_fields(text: str) -> set[str] | None:
    """The replacement fields of a ``str.format`` string, as written (``{name}``, ``{0:>5}``), or None if invalid.

    >>> sorted(_format_fields("{a} of {b!r:>3} {{x}}") or ())
    ['{a}', '{b!r:>3}']
    >>> _format_fields("{a") is None, _format_fields("a }") is None
    (True, True)
    """
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:
        return None
    fields = set()
    for _, name, spec, conversion in parsed:
        if name is not None:
            fields.add("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return fields


def _emoji(source: str, translation: str) -> list[Problem]:
    if source.isascii():
        return []
    missing = set(_EMOJI.findall(source)) - set(_EMOJI.findall(translation))
    if missing:
        return [Problem("emoji", f"emoji dropped: {' '.join(sorted(missing))}")]
    return []


def _numbering(source: str, translation: str) -> list[Problem]:
    if not (source[:1].isspace() or source[:1].isdigit() or translation[:1].isspace() or translation[:1].isdigit()):
        return []
    ours, theirs = _NUMBERED.match(source), _NUMBERED.match(translation)
    if ours and (not theirs or int(theirs.group(1)) != int(ours.group(1))):
        return [Problem("numbering", f"keep the list number {ours.group(1)}. at the start")]
    if theirs and not ours:
        return [Problem("numbering", f"the English is not a numbered list item: drop {theirs.group(0).strip()!r}")]
    return []


def _block_start(source: str, translation: str) -> list[Problem]:
    ours, theirs = _BLOCK_START.match(source), _BLOCK_START.match(translation)
    mark_ours = ours.group(1).strip() if ours else ""
    mark_theirs = theirs.group(1).strip() if theirs else ""
    if mark_ours != mark_theirs:
        what = f"starts with {mark_theirs!r}" if mark_theirs else f"drops the leading {mark_ours!r}"
        return [Problem("block-start", f"the translation {what}, which changes the Markdown block structure")]
    return []


def _line_break(source: str, translation: str) -> list[Problem]:
    if translation.strip("\n").count("\n") > source.strip("\n").count("\n"):
        return [Problem("line-break", "line break the English lacks (it breaks lists and tables in the README)")]
    return []


_RULES = (_links, _html, _code, _emphasis, _emoji, _numbering, _block_start, _line_break)
