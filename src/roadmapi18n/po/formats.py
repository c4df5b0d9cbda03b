"""Format-string checks as ``msgfmt -c`` does them (GNU gettext 0.21), for the merge's fuzzy rule.

msgmerge makes an entry fuzzy when the template newly marks it ``c-format``
(or another ``*-format``) and the old translation's directives do not match
the msgid's: it must never turn a catalog that passes ``msgfmt -c`` into one
that does not. :func:`format_error` answers "would ``msgfmt -c`` complain?"
for one language.

Each supported language has a parser that turns a string into its
arguments (``None`` when the string is not a valid format string of that
language) and a comparison as gettext's ``format_check``: *strict* (the
same arguments on both sides) for singular entries and plural forms used
for many numbers, *relaxed* (the translation may leave arguments out) for
the others. Languages without a parser here are answered conservatively
(:data:`CHECKED` lists the ones that have one): a translation is taken as
failing unless it is the msgid itself, so an entry becomes fuzzy rather
than break ``msgfmt -c``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# An argument list: unnumbered/numbered arguments by position (1-based), or named ones by name,
# each with its type. ``kind`` says which: "positional" or "named" ("" when there are none).
Args = tuple[str, dict[int | str, str]]
Parser = Callable[[str], Args | None]

_C_SIZES = re.compile(r"hh|h|ll|l|L|q|j|z|t")


def _c_like(text: str, *, objc: bool = False, translated: bool = True) -> Args | None:
    """C (and Objective-C) ``printf`` directives: ``%[n$][flags][width][.prec][size]conv``.

    glibc's ``I`` flag (the locale's digits) is for translations: in a msgid, gettext reads it as an invalid
    conversion, so that msgfmt checks nothing there.
    """
    flags = " +-#0'I" if translated else " +-#0'"
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    position, length = 0, len(text)

    def add(number: int, kind: str) -> bool:
        if number:
            if unnumbered:
                return False
            numbered.append((number, kind))
        else:
            if numbered:
                return False
            unnumbered.append(kind)
        return True

    while True:
        position = text.find("%", position)
        if position < 0:
            break
        position += 1
        if position >= length:
            return None
        if text[position] == "%":
            position += 1
            continue
        number = 0
        match = re.match(r"([0-9]+)\$", text[position:])
        if match:
            number = int(match.group(1))
            if number == 0:
                return None
            position += match.end()
        while position < length and text[position] in flags:
            position += 1
        for part in ("width", "precision"):
            if part == "precision":
                if position < length and text[position] == ".":
                    position += 1
                else:
                    break
            if position < length and text[position] == "*":
                position += 1
                star = re.match(r"([0-9]+)\$", text[position:])
                star_number = 0
                if star:
                    star_number = int(star.group(1))
                    if star_number == 0:
                        return None
                    position += star.end()
                if bool(star_number) != bool(number) or not add(star_number, "int"):
                    return None
            else:
                while position < length and text[position].isdigit():
                    position += 1
        if position < length and text[position] == "<":
            end = text.find(">", position)
            macro = text[position + 1 : end] if end > 0 else ""
            found = re.fullmatch(r"PRI([diouxX])(8|16|32|64|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64)|MAX|PTR)", macro)
            if found is None:
                return None
            kind = ("int" if found.group(1) in "di" else "uint") + ":" + found.group(2)
            position = end + 1
        else:
            size_match = _C_SIZES.match(text, position)
            size = ""
            if size_match:
                size = "ll" if size_match.group() == "q" else size_match.group()
                position = size_match.end()
            if position >= length:
                return None
            conversion = text[position]
            position += 1
            if conversion in "di":
                kind = f"int:{size}"
            elif conversion in "ouxX":
                kind = f"uint:{size}"
            elif conversion in "eEfFgGaA":
                kind = "double:L" if size == "L" else "double"
            elif conversion == "c":
                kind = "wchar" if size == "l" else "char"
            elif conversion == "s":
                kind = "wstring" if size == "l" else "string"
            elif conversion == "p":
                kind = "pointer"
            elif conversion == "n":
                kind = f"count:{size}"
            elif conversion in "m%":
                continue  # glibc's strerror(errno), or a percent sign with flags: no argument
            elif conversion == "@" and objc:
                kind = "object"
            else:
                return None
        if not add(number, kind):
            return None
    if numbered:
        by_number: dict[int, str] = {}
        for number, kind in numbered:
            if by_number.setdefault(number, kind) != kind:
                return None
        if sorted(by_number) != list(range(1, len(by_number) + 1)):
            return None  # a gap: gettext refuses "argument 3 without argument 2"
        return ("positional", {number: kind for number, kind in by_number.items()})
    return ("positional" if unnumbered else "", {i: kind for i, kind in enumerate(unnumbered, 1)})


_PYTHON = re.compile(r"%(?:\(([^)]*)\))?([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?[hlL]?(.?)", re.S)
_PYTHON_TYPES = {**dict.fromkeys("sra", "any"), "c": "char", **dict.fromkeys("diouxX", "int")}
_PYTHON_TYPES |= dict.fromkeys("eEfFgG", "float")


def _python(text: str) -> Args | None:
    """Python ``%`` directives: all unnamed (a tuple) or all named (a mapping)."""
    unnamed: list[str] = []
    named: dict[int | str, str] = {}
    for match in _PYTHON.finditer(text):
        name, _, width, precision, conversion = match.groups()
        kind = _PYTHON_TYPES.get(conversion)
        if conversion == "%":
            if name is None:
                continue  # "%%", "%5%": a percent sign
            kind = "percent"  # "%(a)%" still names an argument
        if kind is None:
            return None
        stars = [part for part in (width, precision) if part == "*"]
        if name is not None:
            if stars or named.setdefault(name, kind) != kind:
                return None
        else:
            unnamed.extend("int" for _ in stars)
            unnamed.append(kind)
    if named and unnamed:
        return None
    if named:
        return ("named", named)
    return ("positional" if unnamed else "", {i: kind for i, kind in enumerate(unnamed, 1)})


_BRACE_NAME = re.compile(r"[0-9]+|[A-Za-z_][A-Za-z0-9_]*")


def _python_brace(text: str) -> Args | None:
    """Python ``str.format`` fields: ``{name}``, ``{0}``, ``{obj.attr[key]:spec}``; ``{{``/``}}`` literal."""
    names: dict[int | str, str] = {}
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char == "}":
            position += 2 if text.startswith("}}", position) else 1
            continue
        if char != "{":
            position += 1
            continue
        if text.startswith("{{", position):
            position += 2
            continue
        end = _brace_field(text, position + 1, nested=True)
        if end is None:
            return None
        names[text[position + 1 : end - 1]] = "any"  # gettext compares whole fields, "a.b" and "a:>5" included
        position = end
    return ("named" if names else "", names)


def _brace_field(text: str, position: int, *, nested: bool) -> int | None:
    """The position after one ``{...}`` field starting at ``position`` (just after ``{``), or None."""
    name = _BRACE_NAME.match(text, position)
    if name is None:
        return None
    position = name.end()
    length = len(text)
    while position < length and text[position] in ".[":
        if text[position] == ".":
            attribute = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(text, position + 1)
            if attribute is None:
                return None
            position = attribute.end()
        else:
            close = text.find("]", position + 1)
            if close <= position + 1:
                return None
            position = close + 1
    if position < length and text[position] == ":":
        position += 1
        while position < length and text[position] != "}":
            if text[position] == "{":
                if not nested:
                    return None
                inner = _brace_field(text, position + 1, nested=False)
                if inner is None:
                    return None
                position = inner
            else:
                position += 1
    if position >= length or text[position] != "}":
        return None
    return position + 1


_JAVASCRIPT = re.compile(r"%(?:([0-9]+)\$)?([-+ 0I]*)([0-9]*)(?:\.([0-9]*))?(.?)", re.S)
_JAVASCRIPT_TYPES = {"s": "string", "c": "char", "f": "float", "j": "any", **dict.fromkeys("bdoxX", "int")}


def _javascript(text: str) -> Args | None:
    """JavaScript (Gjs/Node ``util.format``-style) ``%`` directives, unnumbered or ``%n$``."""
    numbered: dict[int | str, str] = {}
    unnumbered: list[str] = []
    for match in _JAVASCRIPT.finditer(text):
        number, _, _, _, conversion = match.groups()
        if conversion == "%":
            continue
        kind = _JAVASCRIPT_TYPES.get(conversion)
        if kind is None:
            return None
        if number is not None:
            if unnumbered or int(number) == 0 or numbered.setdefault(int(number), kind) != kind:
                return None
        elif numbered:
            return None
        else:
            unnumbered.append(kind)
    if numbered:
        return ("positional", numbered)
    return ("positional" if unnumbered else "", {i: kind for i, kind in enumerate(unnumbered, 1)})


PARSERS: dict[str, Parser] = {
    "c": _c_like,
    "objc": lambda text: _c_like(text, objc=True),
    "python": _python,
    "python-brace": _python_brace,
    "javascript": _javascript,
}
# How a msgid is read where it differs from a translation.
SOURCE_PARSERS: dict[str, Parser] = {
    "c": lambda text: _c_like(text, translated=False),
    "objc": lambda text: _c_like(text, objc=True, translated=False),
}
CHECKED = frozenset(PARSERS)
"""Format languages checked exactly; the others are answered conservatively."""


def _compatible(language: str, source: str, translation: str, *, strict: bool) -> bool:
    """Whether two argument types agree; relaxed checks accept an untyped argument (found by experiment)."""
    if source == translation or strict:
        return source == translation
    return language == "javascript" and "any" in (source, translation)


def _mismatch(language: str, source: Args, translation: Args, *, strict: bool) -> bool:
    """Whether ``msgfmt -c`` reports a difference between the two argument lists."""
    (source_kind, source_args), (translation_kind, translation_args) = source, translation
    if language == "python" and source_kind and translation_kind and source_kind != translation_kind:
        return True  # one expects a mapping, the other a tuple
    if (
        language == "python"
        and "positional" in (source_kind, translation_kind)
        and len(source_args) != len(translation_args)
    ):
        return True  # gettext compares tuple lengths even in relaxed mode
    extra = [key for key in translation_args if key not in source_args]
    missing = [key for key in source_args if key not in translation_args]
    if language == "python-brace":
        return strict and bool(extra or missing)  # fields have no types; relaxed forms may add or drop some
    if extra or (strict and missing):
        return True
    return any(
        not _compatible(language, source_args[key], kind, strict=strict) for key, kind in translation_args.items()
    )


def format_error(language: str, source: str, translation: str, *, strict: bool = True) -> bool:
    """Whether ``msgfmt -c`` rejects ``translation`` of ``source`` under ``<language>-format``.

    ``strict`` is gettext's equality mode (every argument on both sides).

    >>> format_error("c", "%d files", "%s Dateien"), format_error("python-brace", "{n} files", "{n} Dateien")
    (True, False)
    """
    parser = PARSERS.get(language)
    if parser is None:
        return translation != source  # unknown syntax: only the msgid itself surely passes
    source_args = SOURCE_PARSERS.get(language, parser)(source)
    if source_args is None:
        return False  # msgfmt checks nothing when the msgid is not a valid format string
    translation_args = parser(translation)
    if translation_args is None:
        return True
    return _mismatch(language, source_args, translation_args, strict=strict)


def entry_format_error(
    language: str,
    msgid: str,
    msgid_plural: str | None,
    translations: list[str],
    *,
    plural_forms: str = "",
    span: tuple[int, int] | None = None,
) -> bool:
    """Whether ``msgfmt -c`` rejects one entry's translations under ``<language>-format``.

    Every form is checked against the msgid_plural of a plural entry (the msgid
    otherwise); a plural form is checked strictly only where gettext does so: when
    the Plural-Forms header says it is used for many numbers (and, with a
    ``range:``, for more than one number of the range).
    """
    from roadmapi18n.po.plural_expr import histogram, often, plural_distribution

    source = msgid if msgid_plural is None else msgid_plural
    has_plural_translations = len(translations) > 1
    frequent = often(plural_distribution(plural_forms)) if msgid_plural is not None and plural_forms else None
    for form, text in enumerate(translations):
        strict = (
            msgid_plural is None
            or not has_plural_translations
            or (
                frequent is not None
                and form < len(frequent)
                and frequent[form]
                and not (span is not None and histogram(plural_forms, span[0], span[1], form) <= 1)
            )
        )
        if format_error(language, source, text, strict=strict):
            return True
    return False
