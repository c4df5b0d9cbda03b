"""gettext's ``#,`` flag rules, found by experiment with GNU gettext 0.21.

gettext does not keep flags as text: it reads them into a fixed set of
properties and writes that set back in a fixed order. So ``msgcat`` reorders
flags, lets a later flag override an earlier one (``c-format, no-c-format``
→ ``no-c-format``), drops ``wrap``, ``impossible-*-format`` and every flag it
does not know, writes ``fuzzy`` only when the entry has a translation and
``range:`` only on live entries.
:func:`canonical_flags` reproduces that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# gettext 0.21's format_language[] table, in the order msgcat writes the flags.
FORMAT_LANGUAGES: tuple[str, ...] = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
    "gfc-internal", "ycp",
)  # fmt: skip
_LANGUAGE_SET = frozenset(FORMAT_LANGUAGES)
# gettext tokenises a flag line on whitespace and commas.
_FLAG_SPLIT = re.compile(r"[\s,]+")
_RANGE = re.compile(r"range: ([0-9]+)\.\.([0-9]+)")
_FORMAT_PREFIXES = (("no-", "no"), ("possible-", "possible"), ("impossible-", "impossible"))


def tokenize_flags(text: str) -> list[str]:
    """Split the text after ``#,`` into flags the way gettext does.

    >>> tokenize_flags(" fuzzy,c-format  range: 0..5")
    ['fuzzy', 'c-format', 'range: 0..5']
    """
    tokens = [token for token in _FLAG_SPLIT.split(text) if token]
    flags: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        # "range:" takes the next token as its value, whatever it is (as gettext does).
        if token == "range:" and index + 1 < len(tokens):
            token = f"range: {tokens[index + 1]}"
            index += 1
        flags.append(token)
        index += 1
    return flags


def _format_flag(flag: str) -> tuple[str, str] | None:
    """``(language, state)`` for a ``*-format`` flag gettext knows, else ``None``."""
    if not flag.endswith("-format"):
        return None
    name, state = flag[: -len("-format")], "yes"
    for prefix, prefix_state in _FORMAT_PREFIXES:
        if name.startswith(prefix):
            name, state = name[len(prefix) :], prefix_state
            break
    return (name, state) if name in _LANGUAGE_SET else None


def _range_flag(flag: str) -> tuple[int, int] | None:
    match = _RANGE.match(flag)
    if match is None:
        return None
    low, high = int(match.group(1)), int(match.group(2))
    return (low, high) if low <= high else None


def is_known_flag(flag: str) -> bool:
    """Whether gettext understands ``flag`` (unknown flags are dropped by every gettext tool).

    >>> is_known_flag("python-brace-format"), is_known_flag("fuzy")
    (True, False)
    """
    return flag in ("fuzzy", "wrap", "no-wrap") or _format_flag(flag) is not None or _range_flag(flag) is not None


def format_states(flags: Sequence[str]) -> dict[str, str]:
    """``{language: "yes" | "no" | "possible" | "impossible"}`` from the ``*-format`` flags, later ones winning.

    >>> format_states(["fuzzy", "c-format", "no-python-format"])
    {'c': 'yes', 'python': 'no'}
    """
    states: dict[str, str] = {}
    for flag in flags:
        known = _format_flag(flag)
        if known is not None:
            states[known[0]] = known[1]
    return states


def flag_range(flags: Sequence[str]) -> tuple[int, int] | None:
    """The ``range: low..high`` flag as ``(low, high)``, if any (the last one wins, as in gettext)."""
    found = None
    for flag in flags:
        found = _range_flag(flag) or found
    return found


def canonical_flags(flags: Sequence[str], *, has_translation: bool, obsolete: bool = False) -> list[str]:
    """The flags as ``msgcat`` writes them: gettext's order, later flags winning, unknown ones dropped.

    ``fuzzy`` is kept only when the entry has a translation, and ``range:`` only
    on live entries, as gettext does.

    >>> canonical_flags(["python-format", "fuzzy", "no-wrap", "wrap", "c-format"], has_translation=True)
    ['fuzzy', 'c-format', 'python-format']
    """
    if not flags:
        return []
    return list(_canonical(tuple(flags), has_translation, obsolete))


@lru_cache(maxsize=1024)
def _canonical(flags: tuple[str, ...], has_translation: bool, obsolete: bool) -> tuple[str, ...]:
    # A catalog repeats a handful of flag combinations: each is worked out once.
    fuzzy = False
    formats: dict[str, str] = {}
    span: tuple[int, int] | None = None
    wrap: str | None = None
    for flag in flags:
        if flag == "fuzzy":
            fuzzy = True
        elif flag in ("wrap", "no-wrap"):
            wrap = flag
        elif (known := _format_flag(flag)) is not None:
            formats[known[0]] = known[1]
        elif (found := _range_flag(flag)) is not None:
            span = found
    result = ["fuzzy"] if fuzzy and has_translation else []
    for language in FORMAT_LANGUAGES:
        state = formats.get(language)
        if state in ("yes", "possible"):
            result.append(f"{language}-format")
        elif state == "no":
            result.append(f"no-{language}-format")
    if span is not None and not obsolete:
        result.append(f"range: {span[0]}..{span[1]}")
    if wrap == "no-wrap":
        result.append("no-wrap")
    return tuple(result)
