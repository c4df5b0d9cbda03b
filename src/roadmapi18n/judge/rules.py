"""Rules on a translation's characters, before any Markdown: placeholders, emoji, lines, invisible characters.

These need no parser: ``{placeholders}`` are ``str.format`` fields, not
Markdown; an emoji or a line break is a character. Everything about what the
Markdown renders to is judged by :mod:`roadmapi18n.judge.compare`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from string import Formatter

import regex

_SIMPLE_PLACEHOLDER = regex.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# Emoji (Unicode Extended_Pictographic, and flag letters); © and ® are excluded: translators may drop them.
_EMOJI = regex.compile(r"(?![\u00a9\u00ae])[\p{Extended_Pictographic}\p{Regional_Indicator}]")
# Bidirectional controls: they reorder what follows them on screen (the "Trojan Source" characters).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that have a legitimate use in text: joiners inside emoji sequences and scripts.
_ALLOWED_INVISIBLE = frozenset("\u200c\u200d")
_EMOJI_TAGS = range(0xE0020, 0xE0080)
# Characters str.isprintable() refuses that are not invisible formatting: line ends, the joiners, spaces.
_VISIBLE_ENOUGH = dict.fromkeys(map(ord, "\n\r\u200c\u200d\u00a0\u2002\u2003\u2009\u202f\u3000"))
_BLACK_FLAG = "\U0001f3f4"


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a translation breaks its source."""

    code: str
    """Short stable name: ``link-target``, ``raw-html``, ``block-structure``, ``invisible``, …"""
    message: str


def character_problems(source: str, translation: str, *, brace_format: bool = False) -> list[Problem]:
    """What is wrong with ``translation``'s characters, whatever Markdown they make.

    >>> [p.code for p in character_problems("Thanks 🙏", "Cảm ơn\\u202e")]
    ['emoji', 'invisible']
    """
    return [
        *_placeholders(source, translation, brace_format=brace_format),
        *_emoji(source, translation),
        *_line_break(source, translation),
        *invisible_problems(source, translation),
    ]


def _placeholders(source: str, translation: str, *, brace_format: bool) -> list[Problem]:
    if "{" not in source and "{" not in translation and not (brace_format and "}" in translation):
        return []
    if brace_format:
        ours = format_fields(source)
        theirs = format_fields(translation)
        if theirs is None:
            return [Problem("placeholder", "not a valid format string: write a literal brace as {{ or }}")]
        if ours is not None and ours != theirs:
            return [Problem("placeholder", f"placeholders must be exactly {' '.join(sorted(ours)) or 'none'}")]
        return []
    simple_ours, simple_theirs = set(_SIMPLE_PLACEHOLDER.findall(source)), set(_SIMPLE_PLACEHOLDER.findall(translation))
    if simple_ours != simple_theirs:
        return [Problem("placeholder", f"placeholders must be {' '.join(sorted(simple_ours)) or 'none'}")]
    return []


def format_fields(text: str) -> set[str] | None:
    """The replacement fields of a ``str.format`` string, as written (``{name}``, ``{0:>5}``), or None if invalid.

    >>> sorted(format_fields("{a} of {b!r:>3} {{x}}") or ())
    ['{a}', '{b!r:>3}']
    >>> format_fields("{a") is None, format_fields("a }") is None
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


def _line_break(source: str, translation: str) -> list[Problem]:
    ours = source.strip("\n").count("\n") + source.count("\r")
    if translation.strip("\n").count("\n") + translation.count("\r") > ours:
        return [Problem("line-break", "line break the English lacks (it breaks lists and tables in the README)")]
    return []


def invisible_characters(text: str) -> list[str]:
    """Characters of ``text`` a reader cannot see that can change what is shown: controls, bidi and other
    formatting characters, private-use and unassigned code points, line and paragraph separators.

    Zero-width (non-)joiners and the tag characters of a flag emoji are not counted.

    >>> [f"U+{ord(c):04X}" for c in invisible_characters("a\\u202eb\\u200bc\\u200d\\t")]
    ['U+202E', 'U+200B', 'U+0009']
    """
    if text.isprintable() or text.translate(_VISIBLE_ENOUGH).isprintable():
        return []
    found = []
    for ch in text:
        if ch in "\n\r" or ch in _ALLOWED_INVISIBLE or (ch.isprintable() and ch not in BIDI_CONTROLS):
            continue
        if ord(ch) in _EMOJI_TAGS and _BLACK_FLAG in text:
            continue
        if unicodedata.category(ch) in ("Zs",):
            continue  # spaces (no-break, thin...) are visible as space
        found.append(ch)
    return found


def invisible_problems(source: str, translation: str) -> list[Problem]:
    """Invisible characters (:func:`invisible_characters`) in ``translation`` that ``source`` lacks."""
    allowed = set(invisible_characters(source))
    extra = [ch for ch in dict.fromkeys(invisible_characters(translation)) if ch not in allowed]
    if not extra:
        return []
    names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in extra)
    why = "it reorders what readers see" if any(ch in BIDI_CONTROLS for ch in extra) else "readers cannot see it"
    return [Problem("invisible", f"invisible character the English lacks: {names} ({why})")]
