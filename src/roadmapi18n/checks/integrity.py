"""Does a translation keep what must not change? The judge's verdict for one entry, and relative link targets.

Inside a roadmap, every translation is judged where its README puts it
(:mod:`roadmapi18n.publish`); :func:`check_translation` judges an entry alone,
as a paragraph (entries of catalogs whose roadmap does not load, or that no
roadmap unit uses).

>>> [p.code for p in check_translation("See [docs](https://a.b/c).", "Xem [tài liệu](https://evil.example).")]
['link-target']
>>> check_translation("See [docs](https://a.b/c) and [more](https://a.b/d).", "[Thêm](https://a.b/d), [tài liệu](https://a.b/c).")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right

from roadmapi18n.judge import PARAGRAPH, Problem, judge

__all__ = ["Problem", "check_translation", "link_targets", "relative_targets"]

# A Markdown link or image destination: `](` then `<...>` or a run without spaces in which
# parentheses nest (one level, as CommonMark allows balanced ones).
_MD_LINK = re.compile(r"\]\(\s*(?:<([^>\n]*)>|((?:[^()\s]|\([^()\s]*\))+))")
_HTML_ATTR = re.compile(r"""\b(?:href|src|srcset|action|formaction|poster|xlink:href)\s*=\s*["']?([^"'\s>]+)""", re.I)
_TAG = re.compile(r"<[A-Za-z][^>]*>")
# As written, for carrying a translation across an English edit (sync); what is published is decided by the judge.
_REF_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_BARE_URL = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)[^\s<>]*[^\s<>?!.,:;*_~'\")\]]")
_NOT_RELATIVE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|#|/|www\.|\{)")


def check_translation(source: str, translation: str, *, brace_format: bool = False) -> list[Problem]:
    """Everything that keeps ``translation`` from replacing ``source`` in a paragraph of its own."""
    return judge(source, translation, PARAGRAPH, brace_format=brace_format)


def link_targets(text: str) -> list[str]:
    """Every link or image target in inline Markdown/HTML, as written, in order of appearance.

    For rewriting targets in a translation (``sync`` carries translations across changed URLs), not
    for deciding what may be published: that is :mod:`roadmapi18n.judge`'s business, with GitHub's parser.

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
