"""Does a translation keep what must not change? Link targets, code, markup, placeholders, emoji.

Pure functions on two strings (English source, translation), shared by the
``integrity`` check, the importer (a legacy translation whose links differ can
only be fuzzy) and the property tests (rendering never emits a link target the
English lacks). Regular expressions rather than a Markdown parse: they run on
every entry of every catalog, and a unit is one line of inline Markdown.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|javascript|data|vbscript):[^>\s]*)>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)\b[^>]*>")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_DANGEROUS_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s")
# Extended pictographic emoji: the ranges used by the course's headings and lists.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff\u3030\u303d\u3297\u3299]"
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a translation breaks its source."""

    code: str
    """Short stable name: ``link-target``, ``unsafe-link``, ``raw-html``, ``code-span``, ``emphasis``, …"""
    message: str


def link_targets(text: str) -> list[str]:
    """Every link or image target in inline Markdown/HTML, in order.

    >>> link_targets('[a](https://x.y/1) <a href="https://x.y/2">b</a> <https://x.y/3>')
    ['https://x.y/1', 'https://x.y/2', 'https://x.y/3']
    """
    if "](" not in text and "<" not in text:
        return []
    found = [(m.start(), m.group(1)) for m in _MD_LINK.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _HTML_ATTR.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _AUTOLINK.finditer(text)]
    return [target for _, target in sorted(found)]


def code_spans(text: str) -> list[str]:
    """Contents of inline code spans, in order."""
    return [m.group(2) for m in _CODE_SPAN.finditer(text)] if "`" in text else []


def check_translation(source: str, translation: str) -> list[Problem]:
    """Everything ``translation`` changes that a translation must not change; empty when it is sound."""
    if not translation:
        return []
    problems: list[Problem] = []
    problems += _links(source, translation)
    problems += _html(source, translation)
    problems += _code(source, translation)
    problems += _emphasis(source, translation)
    problems += _placeholders(source, translation)
    problems += _emoji(source, translation)
    problems += _numbering(source, translation)
    return problems


def _links(source: str, translation: str) -> list[Problem]:
    problems: list[Problem] = []
    theirs = link_targets(translation)
    if not theirs and "](" not in source and "<" not in source:  # no targets on either side
        return problems
    for target in theirs:
        if _DANGEROUS_SCHEME.match(target):
            problems.append(Problem("unsafe-link", f"link target {target!r} uses a script/data scheme"))
    ours = set(link_targets(source))
    added = sorted(set(theirs) - ours)
    removed = sorted(ours - set(theirs))
    if added or removed:
        parts = []
        if added:
            parts.append("adds " + ", ".join(added))
        if removed:
            parts.append("drops " + ", ".join(removed))
        problems.append(Problem("link-target", "link targets differ from the English: " + "; ".join(parts)))
    return problems


def _html(source: str, translation: str) -> list[Problem]:
    if "<" not in translation:
        return []
    allowed = Counter(tag.lower() for tag in _HTML_TAG.findall(source))
    extra = Counter(tag.lower() for tag in _HTML_TAG.findall(translation)) - allowed
    if extra:
        return [Problem("raw-html", f"raw HTML the English lacks: <{'>, <'.join(sorted(extra))}>")]
    return []


def _code(source: str, translation: str) -> list[Problem]:
    if "`" not in source and "`" not in translation:
        return []
    if Counter(code_spans(source)) != Counter(code_spans(translation)):
        return [Problem("code-span", "`code` spans must be kept exactly as in the English")]
    return []


def _emphasis(source: str, translation: str) -> list[Problem]:
    problems = []
    for marker, name in (("**", "bold"), ("`", "code")):
        if translation.count(marker) % 2 and not source.count(marker) % 2:
            problems.append(Problem("emphasis", f"unbalanced {marker} ({name}) markers"))
    return problems


def _placeholders(source: str, translation: str) -> list[Problem]:
    if "{" not in source and "{" not in translation:
        return []
    ours, theirs = set(_PLACEHOLDER.findall(source)), set(_PLACEHOLDER.findall(translation))
    if ours != theirs:
        return [Problem("placeholder", f"placeholders must be {' '.join(sorted(ours)) or 'none'}")]
    return []


def _emoji(source: str, translation: str) -> list[Problem]:
    if source.isascii():  # every emoji the pattern knows is outside ASCII
        return []
    missing = set(_EMOJI.findall(source)) - set(_EMOJI.findall(translation))
    if missing:
        return [Problem("emoji", f"emoji dropped: {' '.join(sorted(missing))}")]
    return []


def _numbering(source: str, translation: str) -> list[Problem]:
    ours, theirs = _NUMBERED.match(source), _NUMBERED.match(translation)
    if ours and (not theirs or theirs.group(1) != ours.group(1)):
        return [Problem("numbering", f"keep the list number {ours.group(1)}.")]
    return []
