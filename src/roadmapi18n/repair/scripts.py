"""Which writing systems a locale uses, so that a repair never slips a foreign one into a text unnoticed.

Mojibake repair turns bytes into characters; a wrong turn usually lands in a
script the text has no business containing (a Han character in Vietnamese, a
Cyrillic letter in Chinese). CLDR says which script a locale is written in
(babel's likely subtags: ``vi`` → ``vi_Latn_VN``, ``zh_Hant`` → Han), and
every locale also writes Latin (names, code, URLs) and the script-neutral
characters (digits, punctuation, emoji: Unicode's Common and Inherited).

The engine uses this twice: a guessed character must be in a script the
locale uses (lossy recovery never proposes another), and a decoded one that
is not is reported (:class:`ForeignChar`), which makes ``repair --check``
fail and a catalog entry fuzzy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

__all__ = ["ForeignChar", "ScriptSet", "document_scripts", "locale_scripts", "script_name"]

_EVERYWHERE = ("Zyyy", "Zinh", "Latn")
"""Common (digits, punctuation, emoji), Inherited (combining marks) and Latin: in every locale's technical text."""

_COMPOSITE = {
    "Hant": ("Hani", "Bopo"),
    "Hans": ("Hani",),
    "Hanb": ("Hani", "Bopo"),
    "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang", "Hani"),
}
"""ISO 15924 codes CLDR uses that name a mix of Unicode scripts."""

_NAMED = (
    ("Hani", "Han"),
    ("Hang", "Hangul"),
    ("Hira", "Hiragana"),
    ("Kana", "Katakana"),
    ("Bopo", "Bopomofo"),
    ("Cyrl", "Cyrillic"),
    ("Grek", "Greek"),
    ("Arab", "Arabic"),
    ("Hebr", "Hebrew"),
    ("Thai", "Thai"),
    ("Deva", "Devanagari"),
    ("Armn", "Armenian"),
    ("Geor", "Georgian"),
    ("Latn", "Latin"),
)


@dataclass(frozen=True, slots=True)
class ScriptSet:
    """A set of Unicode scripts (ISO 15924 codes) and a fast test for characters outside it."""

    codes: frozenset[str]
    pattern: Any
    """A compiled ``regex`` matching one character of a script outside :attr:`codes`."""

    def allows(self, char: str) -> bool:
        """Whether every character of ``char`` (one or a few code points) is in these scripts.

        >>> locale_scripts("vi").allows("ệ"), locale_scripts("vi").allows("恁")
        (True, False)
        """
        return self.pattern.search(char) is None

    def foreign(self, text: str) -> list[tuple[int, str]]:
        """``(offset, char)`` of every character of ``text`` outside these scripts.

        >>> locale_scripts("zh_Hant").foreign("大語言模型 LLM，ok 🧑‍🔬")
        []
        """
        return [(match.start(), match.group()) for match in self.pattern.finditer(text)]

    def union(self, codes: Iterable[str]) -> ScriptSet:
        """These scripts and ``codes``."""
        return script_set(self.codes | frozenset(codes))


@cache
def script_set(codes: frozenset[str]) -> ScriptSet:
    """The :class:`ScriptSet` of ``codes`` (cached: there are few distinct sets)."""
    inside = "".join(f"\\p{{sc={code}}}" for code in sorted(codes))
    return ScriptSet(codes, regex.compile(f"[^\\x00-\\x7f{inside}]"))


@cache
def locale_scripts(locale: str | None) -> ScriptSet:
    """The scripts text in ``locale`` is written in, with Latin, Common and Inherited; everything for None.

    >>> sorted(locale_scripts("zh_Hant").codes)
    ['Bopo', 'Hani', 'Latn', 'Zinh', 'Zyyy']
    >>> sorted(locale_scripts("vi").codes)
    ['Latn', 'Zinh', 'Zyyy']
    """
    codes = set(_EVERYWHERE)
    code = _main_script(locale) if locale else None
    if code is None:
        return script_set(frozenset(codes))
    codes.update(_COMPOSITE.get(code, (code,)))
    return script_set(frozenset(codes))


def _main_script(locale: str) -> str | None:
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    if parsed.script:
        return str(parsed.script)
    likely = get_global("likely_subtags")
    for key in (str(parsed), parsed.language):
        found = likely.get(key)
        if found:
            parts = str(found).split("_")
            if len(parts) > 1 and len(parts[1]) == 4:
                return parts[1]
    return None


def document_scripts(text: str) -> frozenset[str]:
    """The scripts of the non-ASCII letters in ``text`` (ISO 15924 codes), for a text whose locale nobody gave.

    >>> sorted(document_scripts("Mô hình 大模型"))
    ['Hani', 'Latn']
    """
    found: set[str] = set()
    for char in set(text):
        if char.isascii() or not char.isalpha():
            continue
        found.add(_script_code(char))
    return frozenset(found)


@cache
def _script_code(char: str) -> str:
    for code, _ in _NAMED:
        if regex.match(f"\\p{{sc={code}}}", char):
            return code
    for code in ("Zyyy", "Zinh"):
        if regex.match(f"\\p{{sc={code}}}", char):
            return code
    # Any other script: ask the regex engine for the script property by trying its name.
    name = unicodedata.name(char, "").split(" ")[0].title()
    try:
        if name and regex.match(f"\\p{{sc={name}}}", char):
            return name
    except regex.error:
        pass
    return "Zzzz"


def script_name(char: str) -> str:
    """A human name for the script of ``char``.

    >>> script_name("恁"), script_name("Ж")
    ('Han', 'Cyrillic')
    """
    code = _script_code(char)
    for known, name in _NAMED:
        if known == code:
            return name
    return "an unknown script" if code == "Zzzz" else code


@dataclass(frozen=True, slots=True)
class ForeignChar:
    """A character a repair put into a text although the locale does not write its script."""

    column: int
    """1-based column in the repaired line."""
    char: str
    script: str
    """Human name of its script (``Han``)."""

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {"column": self.column, "char": self.char, "script": self.script}
