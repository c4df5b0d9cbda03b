r"""PO strings wrapped at a page width, as GNU gettext's PO writer wraps them (``msgmerge``, ``msgcat -w N``).

gettext (write-po.c) writes a string one ``\n``-terminated piece at a time and breaks each piece
where libunistring's line breaking (Unicode's UAX #14) allows, greedily, so that no line passes the
page width (79 by default) with its quotes, unless one unbreakable run is longer than that:

* the breaking looks at the escaped text: ``\"`` is a backslash and a quote to it, and it never
  breaks inside an escape or just before the ``\n`` that ends a piece;
* it never breaks inside a format directive of the entry's first format flag (``c-format``,
  ``python-format``, ...), only before one;
* a string that is broken, or holds a newline before its end, or whose keyword alone passes the
  width, starts with ``msgid ""`` and puts all its text on the lines after it;
* columns are character widths (two for East Asian wide characters), not bytes.

Where a break is allowed comes from :mod:`roadmapi18n.po.line_break_data`, which
``scripts/gettext_line_breaks.py`` builds by asking msgcat itself. The rules that involve more than
one pair of characters are here: spaces, combining marks, zero-width joiner and space, regional
indicator pairs, and Hebrew letter + hyphen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import accumulate, pairwise

from roadmapi18n.po import line_break_data as _data
from roadmapi18n.po.writer import ESCAPE_LETTERS, ESCAPES, NEEDS_ESCAPE

_INDEX = {name: number for number, name in enumerate(_data.CLASS_NAMES)}
_CM, _ZWJ, _SP, _BK = _INDEX["CM"], _INDEX["ZWJ"], _INDEX["SP"], _INDEX["BK"]
_ZW, _RI, _HL, _HY, _BA, _AL = _INDEX["ZW"], _INDEX["RI"], _INDEX["HL"], _INDEX["HY"], _INDEX["BA"], _INDEX["AL"]
# _BREAK[before][after]: 2 a break, 1 a break only after spaces, 0 none.
_BREAK = tuple(tuple({"D": 2, "I": 1, "P": 0}[letter] for letter in row) for row in _data.PAIRS)

# Directives for the wrap's "no break inside" rule, per format flag (gettext uses the first flag of
# the entry in its own order). The languages not listed keep nothing whole (probed with msgcat), or
# their directives hold no space or hyphen.
_C_DIRECTIVE = (
    r"%(?:[0-9]+\$)?[-+ #0'I]*(?:\*(?:[0-9]+\$)?|[0-9]+)?(?:\.(?:\*(?:[0-9]+\$)?|[0-9]*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspnm%]"
)
_PYTHON_DIRECTIVE = r"%(?:\([^)]*\))?[-+ #0]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]*))?[hlL]?[diouxXeEfFgGcrsa%]"
# The other printf-like languages: msgcat keeps "%-s", "% d" and "%1$-s" whole under each, and the
# conversions (and "*" widths) each accepts were probed one by one; an invalid directive keeps nothing.
_PRINTF_CONVERSIONS = {  # language: (conversions, "*" widths, size letters such as "%ld")
    "javascript": ("bcdfjosxX%", False, ""),
    "elisp": ("cdefgiosxEGSX%", True, ""),
    "librep": ("cdosxSX%", False, ""),
    "ruby": ("abcdefgiopsuxABEGX%", True, ""),
    "awk": ("cdefgiosuxEGX%", True, ""),
    "boost": ("cdefginopstuxCEGSTX", True, "hh|h|ll|l|L|t"),
    "tcl": ("cdefgiosuxEGX", True, "h|l"),
    "perl": ("bcdefginopsuxDEFGOUX%", True, "h|ll|l|L|q|V"),
    "php": ("bcdefosuxX", False, "l"),
}


def _printf_directive(conversions: str, star: bool, sizes: str) -> str:
    number = r"(?:\*|[0-9]+)" if star else "(?:[0-9]+)"
    tail = rf"{number}?(?:\.{number}?)?(?:{sizes})?[{re.escape(conversions)}]"
    # Ruby's references by name too: %{name}, %<name>d.
    named = r"\{[^}]*\}|<[^>]*>[-+ #0]*" + tail + "|" if conversions.startswith("abc") else ""
    return rf"%(?:{named}(?:[0-9]+\$)?[-+ #0']*{tail})"


DIRECTIVE_FORMATS = {
    "c": _C_DIRECTIVE,
    "objc": _C_DIRECTIVE,
    "python": _PYTHON_DIRECTIVE,
    **{name: _printf_directive(*spec) for name, spec in _PRINTF_CONVERSIONS.items()},
}
"""Format language → the regular expression of its directives (compiled when a string of it is wrapped)."""


@cache
def _directive_pattern(kind: str) -> re.Pattern[str] | None:
    source = DIRECTIVE_FORMATS.get(kind)
    return None if source is None else re.compile(source)


# gettext's order of format languages (enum format_type): an entry's directives are those of the first it has.
_FORMAT_ORDER = [
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
]


def directive_format(flags: list[str]) -> str | None:
    """The format whose directives the wrap keeps whole: the first of gettext's order the flags allow."""
    allowed = {flag.removesuffix("-format").removeprefix("possible-") for flag in flags if flag.endswith("-format")}
    return next((name for name in _FORMAT_ORDER if name in allowed), None)


def _directive_insides(text: str, kind: str | None) -> set[int]:
    """Positions of ``text`` inside a directive, its first character excepted (no break may fall there)."""
    if kind == "python-brace":
        return _brace_insides(text)
    pattern = _directive_pattern(kind or "")
    if pattern is None or "%" not in text:
        return set()
    inside: set[int] = set()
    position = text.find("%")
    while position >= 0:
        match = pattern.match(text, position)
        if match is None:
            break  # gettext's parser stops at the first invalid directive
        inside.update(range(position + 1, match.end()))
        position = text.find("%", match.end())
    return inside


def _brace_insides(text: str) -> set[int]:
    """Where msgcat 0.21 does not break a python-brace-format string: near the string's start.

    gettext's brace parser records each field's directive marks relative to the field's own ``{``
    rather than to the string, so a field of length n forbids breaks at positions 1..n-1 of the
    *string* (the shortest field wins: its end mark comes first), while the field itself may be
    broken like text ("{obj." | "attr}"). Found by probing msgcat; fields after an invalid one leave
    no marks (the parser stops there).
    """
    if "{" not in text:
        return set()
    lengths: list[int] = []
    position = text.find("{")
    while position >= 0:
        if text.startswith("{{", position):
            position = text.find("{", position + 2)
            continue
        field = _BRACE_FIELD.match(text, position)
        if field is None:
            break
        lengths.append(field.end() - position)
        position = text.find("{", field.end())
    return set(range(1, min(lengths))) if lengths else set()


_BRACE_NAME = r"(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)"
# A field gettext accepts: a name, attributes or indexes, then a format spec (one nested field, or the
# standard mini-language: "{x:%Y}" is refused) and the closing brace.
_BRACE_FIELD = re.compile(
    rf"\{{{_BRACE_NAME}(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]{{}}]+\])*"
    rf"(?::(?:\{{{_BRACE_NAME}\}}|(?:.?[<>=^])?[-+ ]?#?0?[0-9]*,?(?:\.[0-9]+)?[a-zA-Z%]?))?\}}"
)


@lru_cache(maxsize=4096)
def _char_info(char: str) -> tuple[int, int]:
    """(line-break class number, column width) of a character."""
    code = ord(char)
    number = _data.CLASSES[bisect_right(_data.CLASS_STARTS, code) - 1]
    width = _data.WIDTHS[bisect_right(_data.WIDTH_STARTS, code) - 1]
    return number, width


_ID, _AI = _INDEX["ID"], _INDEX["AI"]
# The charsets libunistring calls CJK (is_cjk_encoding): in them, East Asian ambiguous characters break
# like ideographs, and every character from U+00A1 to U+FF60 that is one column elsewhere is two.
CJK_CHARSETS = frozenset({"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"})


@lru_cache(maxsize=4096)
def _cjk_char_info(char: str) -> tuple[int, int]:
    """(line-break class number, column width) of a character in a catalog written in a CJK charset."""
    number, width = _char_info(char)
    code = ord(char)
    if width == 1 and 0xA1 <= code < 0xFF61 and code != 0x20A9:
        width = 2
    return (_ID if number == _AI else number), width


def _break_opportunities(chars: list[str], info: Callable[[str], tuple[int, int]] = _char_info) -> list[int]:
    """Per character: 2 a break is allowed before it, 1 a mandatory break (a line separator), 0 none."""
    result = [0] * len(chars)
    before = -1  # class of the last character that was not a space; -1 at the start or after a line separator
    before_before = -1
    spaces = False
    regional_run = 0
    after_zwj = False
    marked = False  # a combining mark follows the last base character
    for position, char in enumerate(chars):
        kind = info(char)[0]
        if kind == _BK:
            result[position] = 1
            before, before_before, spaces, after_zwj, marked = -1, -1, False, False, False
            continue
        if kind == _SP:
            spaces = True
            continue
        if kind in (_CM, _ZWJ):
            joiner = kind == _ZWJ
            if before >= 0 and before != _ZW and not spaces:
                after_zwj = joiner  # a mark belongs to the character before it...
                marked = True  # ...but hides it from the Hebrew-hyphen rule (as in libunistring)
                continue
            # A mark at the start, after spaces or after a zero-width space stands alone, as a letter;
            # after spaces a line may start with it whatever came before them (msgcat breaks "( \u0301").
            if before >= 0 and (spaces or before == _ZW):
                result[position] = 2
            before_before, before, spaces, regional_run, after_zwj = -1, _AL, False, 0, joiner
            continue
        if before < 0:
            pass
        elif before == _ZW and kind != _ZW:  # a break after a zero-width space, never before one
            result[position] = 2
        elif after_zwj and not spaces:
            pass
        elif before == _RI and kind == _RI and not spaces:
            if regional_run % 2 == 0:
                result[position] = 2
        elif before_before == _HL and before in (_HY, _BA) and not spaces:
            pass
        else:
            allowed = _BREAK[before][kind]
            if allowed == 2 or (allowed == 1 and spaces):
                result[position] = 2
        regional_run = (1 if spaces else regional_run + 1) if kind == _RI else 0
        before_before, before = (-1 if spaces or marked else before), kind
        spaces = after_zwj = marked = False
    return result


def _escaped_piece(piece: str, offset: int, inside: set[int]) -> tuple[list[str], list[bool]]:
    """The piece as written (escapes as two characters) and, per character, whether a break is forbidden."""
    chars: list[str] = []
    forbidden: list[bool] = []
    for position, char in enumerate(piece, offset):
        escape = ESCAPE_LETTERS.get(char)
        chars.append("\\" if escape is not None else char)
        forbidden.append(position in inside)
        if escape is not None:
            chars.append(escape)
            forbidden.append(True)
    if piece.endswith("\n"):
        forbidden[-2] = True  # never just before the "\n" that ends the piece
    return chars, forbidden


_PIECES = re.compile(r"[^\n]*\n|[^\n]+")
# The fast path: text is rewritten as one letter per character naming its class, and regular expressions
# find the breaks. It covers every class whose rule looks only at the characters on either side of the
# break (and the spaces between): not marks, joiners, zero-width spaces, regional indicators, Hebrew
# letters (their hyphen rule looks two back) or line separators, which take the character-by-character path.
_LETTER = list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[: len(_data.CLASS_NAMES)])
_SPECIAL = frozenset({_CM, _ZWJ, _ZW, _RI, _HL, _BK})
_class_letters: dict[int, str] = {}  # code point → its class letter, for the characters seen so far
_width_digits: dict[int, str] = {}  # code point → its width as a digit
_special_chars: set[str] = set()  # the characters seen so far that need the slow path
_known_chars: set[str] = set()


def _plain_classes() -> frozenset[int]:
    """Letters, digits and their like: no two of them may break apart without a space, so every break
    between two characters touches a character of another class (punctuation, ideographs...)."""
    plain: set[int] = set()
    for kind in (_AL, _INDEX["NU"], _INDEX["AI"], _INDEX["XX"], _INDEX["SA"], _INDEX["QU"], _INDEX["GL"]):
        if all(_BREAK[kind][other] != 2 and _BREAK[other][kind] != 2 for other in (*plain, kind)):
            plain.add(kind)
    return frozenset(plain)


_PLAIN = _plain_classes()
_NOT_PLAIN = re.compile(f"[^{''.join(_LETTER[kind] for kind in _PLAIN)}{_LETTER[_SP]}]")
_DIRECT_PAIRS = frozenset(
    _LETTER[before] + _LETTER[after]
    for before, row in enumerate(_BREAK)
    for after, allowed in enumerate(row)
    if allowed == 2
)


def _learn(chars: set[str]) -> None:
    for char in chars:
        number, width = _char_info(char)
        _class_letters[ord(char)] = _LETTER[number]
        _width_digits[ord(char)] = str(width)
        if number in _SPECIAL:
            _special_chars.add(char)
    _known_chars.update(chars)


_SPACE_LETTER = _LETTER[_SP]
_SPACED_PAIRS = frozenset(
    _LETTER[before] + _LETTER[after]
    for before, row in enumerate(_BREAK)
    for after, allowed in enumerate(row)
    if allowed
)
_SPACE_RUN = re.compile(f"{_SPACE_LETTER}+")


class _LazyBreaks:
    """The breaks of a piece on the fast path, looked for only near where each line must end.

    Listing every break opportunity costs Python work per space; a line needs only the last one that
    fits (or, when none fits, the first one after). ``letters`` has one letter per character naming its
    class; ``columns[i]`` is the width before position i; no break may fall at a ``forbidden`` position.
    """

    __slots__ = ("columns", "forbidden", "letters")

    def __init__(self, letters: str, columns: Sequence[int], forbidden: set[int]) -> None:
        self.letters, self.columns, self.forbidden = letters, columns, forbidden

    def broken(self, limit: int, start: int) -> bool:
        """Whether a first line starting at column ``start`` breaks: it passes the limit and can break."""
        return start + self.columns[-1] > limit and self._next(1) is not None

    def chosen(self, limit: int, start: int) -> list[int]:
        columns, last_position = self.columns, len(self.letters) - 1
        chosen: list[int] = []
        line_start, column = 0, start
        while column + columns[-1] - columns[line_start] > limit:
            bound = min(bisect_right(columns, limit - column + columns[line_start]) - 1, last_position)
            found = self._last(line_start + 1, bound)
            if found is None:  # nothing fits: the line runs over, to the first break there is
                found = self._next(max(bound + 1, line_start + 1))
                if found is None:
                    break
            chosen.append(found)
            line_start, column = found, 0
        return chosen

    def _direct(self, low: int, high: int) -> Iterator[int]:
        """Breaks between two characters at positions low..high, in order (every one touches a non-letter)."""
        letters, forbidden = self.letters, self.forbidden
        for match in _NOT_PLAIN.finditer(letters, max(low - 1, 0), high + 1):
            position = match.start()
            before = letters[position - 1 : position + 1] if position else ""
            if low <= position <= high and before in _DIRECT_PAIRS and position not in forbidden:
                yield position
            after = position + 1
            if low <= after <= high and letters[position : after + 1] in _DIRECT_PAIRS and after not in forbidden:
                yield after

    def _spaced(self, run_start: int, run_end: int) -> bool:
        """Whether a line may break after the spaces at run_start..run_end-1."""
        letters = self.letters
        return (
            run_start > 0
            and run_end < len(letters)
            and letters[run_start - 1] + letters[run_end] in _SPACED_PAIRS
            and run_end not in self.forbidden
        )

    def _last(self, low: int, high: int) -> int | None:
        """The last break at a position in low..high."""
        if high < low:
            return None
        letters = self.letters
        best = max(self._direct(low, high), default=None)
        space = letters.rfind(_SPACE_LETTER, 0, high)
        while space >= 0 and space + 1 >= low and (best is None or space + 1 > best):
            run_end = space + 1
            run_start = space  # back to the run's first space (not by slicing: that copies the text each line)
            while run_start > 0 and letters[run_start - 1] == _SPACE_LETTER:
                run_start -= 1
            if (run_end < high or letters[run_end] != _SPACE_LETTER) and self._spaced(run_start, run_end):
                return run_end
            space = letters.rfind(_SPACE_LETTER, 0, run_start)
        return best

    def _next(self, low: int) -> int | None:
        """The first break at a position from low on, looked for in windows that double: a search to the
        end of the text for every line would make a long text without breaks quadratic."""
        letters = self.letters
        size = 128
        while low < len(letters):
            high = min(low + size, len(letters) - 1)
            direct = next(self._direct(low, high), None)
            search = max(low - 1, 0)
            while search > 0 and letters[search - 1] == _SPACE_LETTER:
                search -= 1  # from the start of a run the search would land inside
            for run in _SPACE_RUN.finditer(letters, search, direct if direct is not None else high + 1):
                if low <= run.end() <= high and self._spaced(run.start(), run.end()):
                    return run.end()
            if direct is not None:
                return direct
            low, size = high + 1, size * 2
        return None


class _ListedBreaks:
    """The breaks of a piece on the character-by-character path: every opportunity, and the line separators."""

    __slots__ = ("columns", "mandatory", "opportunities")

    def __init__(self, opportunities: list[int], mandatory: set[int], columns: Sequence[int]) -> None:
        self.opportunities, self.mandatory, self.columns = opportunities, mandatory, columns

    def broken(self, limit: int, start: int) -> bool:
        if self.mandatory:
            return bool(self.chosen(limit, start))
        # Without line separators, a line breaks where it can exactly when the text passes the limit.
        return bool(self.opportunities) and start + self.columns[-1] > limit

    def chosen(self, limit: int, start: int) -> list[int]:
        return _chosen(self.opportunities, self.mandatory, self.columns, limit, start)


def _fast_breaks(text: str, forbidden: set[int]) -> _LazyBreaks | None:
    """The breaks of ``text`` on the fast path, or None when it needs the slow path."""
    unseen = set(text) - _known_chars
    if unseen:
        _learn(unseen)
    if not _special_chars.isdisjoint(text):
        return None
    letters = text.translate(_class_letters)
    columns: Sequence[int] = range(len(text) + 1)  # one column each, as printable ASCII is
    if not (text.isascii() and text.isprintable()):
        digits = text.translate(_width_digits)
        if digits.count("1") != len(digits):
            columns = [0, *accumulate(map(int, digits))]
    return _LazyBreaks(letters, columns, forbidden)


def _chosen(opportunities: list[int], mandatory: set[int], columns: Sequence[int], limit: int, start: int) -> list[int]:
    """Where lines break: at the last opportunity before a line would pass ``limit`` (``columns[i]``: the width of
    the text before position i; a mandatory break only restarts the count, as libunistring does)."""
    chosen: list[int] = []
    last = -1
    column = start
    previous = 0
    for position in opportunities:
        piece = columns[position] - columns[previous]
        if last >= 0 and column + piece > limit:
            chosen.append(last)
            column = 0
        if position in mandatory:  # the separator itself takes no column
            last, column, previous = -1, 0, position + 1
            continue
        last = position
        column += piece
        previous = position
    if last >= 0 and column + columns[-1] - columns[previous] > limit:
        chosen.append(last)
    return chosen


def _piece_breaks(piece: str, offset: int, inside: set[int], cjk: bool) -> tuple[str, _LazyBreaks | _ListedBreaks]:
    """The piece as written, and where it may or must break."""
    escapes = NEEDS_ESCAPE.search(piece) is not None
    directives = {position - offset for position in inside if offset <= position < offset + len(piece)}
    if not (escapes and directives) and not cjk:  # the slow path maps positions through escapes, and knows CJK
        text = piece.translate(ESCAPES) if escapes else piece
        forbidden = directives
        if escapes:  # never inside an escape, nor just before the "\n" that ends a piece
            forbidden = {match.start() + 1 for match in _ESCAPE_PAIR.finditer(text)}
            if piece.endswith("\n"):
                forbidden.add(len(text) - 2)
        fast = _fast_breaks(text, forbidden)
        if fast is not None:
            return text, fast
    info = _cjk_char_info if cjk else _char_info
    chars, forbidden_at = _escaped_piece(piece, offset, inside)
    allowed = _break_opportunities(chars, info)
    opportunities = [
        position for position, kind in enumerate(allowed) if kind == 1 or (kind and not forbidden_at[position])
    ]
    mandatory = {position for position, kind in enumerate(allowed) if kind == 1}
    columns = [0, *accumulate(info(char)[1] for char in chars)]
    return "".join(chars), _ListedBreaks(opportunities, mandatory, columns)


_ESCAPE_PAIR = re.compile(r"\\.")


def wrapped_string_lines(
    keyword: str, value: str, prefix: str = "", *, width: int = 79, directives: str | None = None, cjk: bool = False
) -> list[str]:
    r"""The lines for ``keyword "value"`` wrapped at ``width`` columns, as gettext writes them (``cjk``: in a
    catalog written in one of :data:`CJK_CHARSETS`).

    >>> wrapped_string_lines("msgid", "one two three", width=30)
    ['msgid "one two three"']
    >>> wrapped_string_lines("msgid", "one two three four five six", width=20)
    ['msgid ""', '"one two three "', '"four five six"']
    """
    pieces = _PIECES.findall(value) or [""]
    after_break = len(prefix) + 1  # a continuation line's text starts after the prefix and the quote
    # Room for the closing quote; in gettext's int arithmetic (a width near -2**31 wraps round to a large one).
    limit = (width - 1 - after_break + 2**31) % 2**32 - 2**31
    lines: list[str] = []
    first = True
    inside = _directive_insides(value, directives) if directives else set()
    offset = 0
    for number, piece in enumerate(pieces):
        text, breaks = _piece_breaks(piece, offset, inside, cjk)
        offset += len(piece)
        chosen: list[int] = []
        if first:
            start = len(prefix) + len(keyword) + 2 - after_break
            if text and (number < len(pieces) - 1 or start > limit or breaks.broken(limit, start)):
                lines.append(f'{prefix}{keyword} ""')
                first = False
        if not first:
            chosen = breaks.chosen(limit, 0)
        head = f'{prefix}{keyword} "' if first else f'{prefix}"'
        for begin, end in pairwise([0, *chosen, len(text)]):
            lines.append(f'{head}{text[begin:end]}"')
            head = f'{prefix}"'
        first = False
    return lines
