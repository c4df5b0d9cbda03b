"""The PO writer: the exact bytes ``msgcat --no-wrap`` writes (GNU gettext 0.21).

The project's style is ``msgcat --no-wrap``: no string is broken at the page
width, so a translation's diff is one line per paragraph. The rules below were
found by running msgcat on many inputs (see ``tests/test_po_writer.py``):

* entries are separated by one blank line; the header comes first, then live
  entries in order, then obsolete (``#~``) ones; an obsolete entry with no
  translation is dropped;
* within an entry: ``# `` translator comments, ``#.`` extracted comments,
  ``#:`` references, ``#,`` flags, ``#|`` previous fields, then ``msgctxt``,
  ``msgid``, ``msgid_plural``, ``msgstr`` or ``msgstr[N]``;
* an empty comment is written ``#`` / ``#.`` with no trailing space; a comment
  ending in a backslash gets a trailing space, since gettext would join it with
  the next line;
* references are wrapped at 79 columns (counted in bytes) even with
  ``--no-wrap``: a reference moves to a new ``#:`` line when the line would
  pass 79 columns and already holds one; a leading ``./`` is not written
  (``./a.py:1`` → ``a.py:1``; repeated ones too, duplicates are kept);
* flags are written in gettext's fixed order, see :mod:`roadmapi18n.po.flags`;
* a string holding a newline anywhere but at its very end is written as
  ``""`` followed by one line per newline-terminated piece;
* escapes: ``\\\\ \\" \\a \\b \\t \\n \\v \\f \\r``; every other character,
  control characters included, is written as itself.

``format_po(catalog, wrap=True)`` wraps the strings at the page width instead, as ``msgcat -w`` and
msgmerge do (:mod:`roadmapi18n.po.wrap`); only ``roadmapi18n merge`` asks for that.

One deliberate difference: a catalog with a header and no messages is written
with its header, where msgcat writes an empty file unless given ``--force-po``
(an empty file would lose the header's Language and Plural-Forms).
"""

from __future__ import annotations

import re
import sys

from roadmapi18n.po.flags import canonical_flags
from roadmapi18n.po.model import Catalog, Message

PAGE_WIDTH = 79  # gettext's default page width: references always wrap at it, strings when asked
# The characters gettext writes as a backslash and a letter (the wrapper in po/wrap.py uses them too).
ESCAPE_LETTERS = {"\\": "\\", '"': '"', "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}
ESCAPES = str.maketrans({char: "\\" + letter for char, letter in ESCAPE_LETTERS.items()})
NEEDS_ESCAPE = re.compile('[\\\\"\a\b\t\n\v\f\r]')
_PIECES = re.compile(r"[^\n]*\n|[^\n]+")


def escape(text: str) -> str:
    r"""Escape ``text`` for a PO string, as gettext does.

    >>> escape('say "hi"\tnow\n')
    'say \\"hi\\"\\tnow\\n'
    """
    return text.translate(ESCAPES)


def string_lines(keyword: str, value: str, prefix: str = "") -> list[str]:
    """The lines for ``keyword "value"``, split after each inner newline like msgcat --no-wrap.

    >>> string_lines("msgid", "a\\nb")
    ['msgid ""', '"a\\\\n"', '"b"']
    """
    if "\n" not in value[:-1]:
        if NEEDS_ESCAPE.search(value) is not None:
            value = value.translate(ESCAPES)
        return [f'{prefix}{keyword} "{value}"']
    lines = [f'{prefix}{keyword} ""']
    lines.extend(f'{prefix}"{piece.translate(ESCAPES)}"' for piece in _PIECES.findall(value))
    return lines


def comment_lines(marker: str, text: str) -> list[str]:
    """``# text`` / ``#. text`` lines; a comment with newlines becomes one line per piece.

    gettext joins a line that ends in a backslash with the next one, even in a
    comment, so such a line gets a trailing space.
    """
    if "\n" not in text and not text.endswith("\\"):
        return [f"{marker} {text}" if text else marker]  # the common case, without the split
    return [
        (f"{marker} {line}" + (" " if line.endswith("\\") else "")) if line else marker for line in text.split("\n")
    ]


def shown_reference(reference: str) -> str:
    """A reference as gettext writes it: without leading ``./`` (write-po.c strips them).

    >>> shown_reference("././src/a.py:3")
    'src/a.py:3'
    """
    while reference.startswith("./"):
        reference = reference[2:]
    return reference


def reference_lines(references: list[str], page_width: int = PAGE_WIDTH) -> list[str]:
    """``#:`` lines holding ``references``, wrapped at ``page_width`` columns as gettext does (in bytes)."""
    lines: list[str] = []
    current = "#:"
    column = 2
    for reference in references:
        if reference.startswith("./"):
            reference = shown_reference(reference)
        width = len(reference.encode("utf-8")) + 1
        if column > 2 and 0 < page_width < column + width:  # gettext compares unsigned: -w -5 never wraps them
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += width
    lines.append(current)
    return lines


def _add_message_lines(
    message: Message, lines: list[str], page_width: int = PAGE_WIDTH, wrap: bool = False, charset: str | None = None
) -> None:
    """Append the lines of one entry to ``lines`` (the writer's hot loop: common cases inlined).

    References are wrapped at ``page_width``; the strings too when ``wrap``, unless the entry is
    flagged ``no-wrap``.
    """
    add = lines.append
    for comment in message.translator_comments:
        if "\n" in comment or comment.endswith("\\"):
            lines.extend(comment_lines("#", comment))
        else:
            add(f"# {comment}" if comment else "#")
    for comment in message.extracted_comments:
        if "\n" in comment or comment.endswith("\\"):
            lines.extend(comment_lines("#.", comment))
        else:
            add(f"#. {comment}" if comment else "#.")
    references = message.references
    if len(references) == 1 and not references[0].startswith("./"):
        add(f"#: {references[0]}")
    elif references:
        lines.extend(reference_lines(references, page_width))
    wrap_at = None
    if message.flags:
        flags = canonical_flags(message.flags, has_translation=message.has_translation, obsolete=message.obsolete)
        if flags:
            add("#, " + ", ".join(flags))
        if wrap and "no-wrap" not in message.flags:
            wrap_at = _WrapAt(page_width, message.flags, charset)
    elif wrap:
        wrap_at = _WrapAt(page_width, [], charset)
    prefix, previous = ("#~ ", "#~| ") if message.obsolete else ("", "#| ")
    if message.previous_msgctxt is not None:
        _add_string(lines, "msgctxt", message.previous_msgctxt, previous, wrap_at)
    if message.previous_msgid is not None:
        _add_string(lines, "msgid", message.previous_msgid, previous, wrap_at)
    if message.previous_msgid_plural is not None:
        _add_string(lines, "msgid_plural", message.previous_msgid_plural, previous, wrap_at)
    if message.msgctxt is not None:
        _add_string(lines, "msgctxt", message.msgctxt, prefix, wrap_at)
    _add_string(lines, "msgid", message.msgid, prefix, wrap_at)
    if message.msgid_plural is None:
        _add_string(lines, "msgstr", message.msgstr, prefix, wrap_at)
    else:
        _add_string(lines, "msgid_plural", message.msgid_plural, prefix, wrap_at)
        for index, form in enumerate(message.msgstr_plural or [""]):
            _add_string(lines, f"msgstr[{index}]", form, prefix, wrap_at)


class _WrapAt:
    """How one entry's strings are wrapped: the page width, the entry's flags (whose first format keeps its
    directives whole), and the catalog's charset (a CJK one makes characters wider)."""

    __slots__ = ("charset", "flags", "width")

    def __init__(self, width: int, flags: list[str], charset: str | None = None) -> None:
        self.width = width
        self.flags = flags
        self.charset = charset

    def lines(self, keyword: str, value: str, prefix: str) -> list[str]:
        # Imported here: only a string that needs wrapping needs the line-break tables.
        from roadmapi18n.po.wrap import CJK_CHARSETS, directive_format, wrapped_string_lines

        directives = directive_format(self.flags) if self.flags else None
        cjk = (self.charset or "").upper() in CJK_CHARSETS
        return wrapped_string_lines(keyword, value, prefix, width=self.width, directives=directives, cjk=cjk)


def _add_string(lines: list[str], keyword: str, value: str, prefix: str, wrap_at: _WrapAt | None = None) -> None:
    """Append the lines of ``keyword "value"``: one line when it holds no newline, no escape and fits."""
    if (
        "\n" not in value[:-1]
        and NEEDS_ESCAPE.search(value) is None
        and (wrap_at is None or _fits(len(prefix) + len(keyword) + 3, value, wrap_at.width))
    ):
        lines.append(f'{prefix}{keyword} "{value}"')
        return
    if wrap_at is None or _unbroken(keyword, value, prefix, wrap_at.width):
        lines.extend(string_lines(keyword, value, prefix))
    else:
        lines.extend(wrap_at.lines(keyword, value, prefix))


def _fits(taken: int, shown: str, width: int) -> bool:
    """Whether ``shown`` fits after ``taken`` columns, for certain: no character is wider than two columns, and
    an ASCII one is at most one."""
    length = taken + len(shown)
    return length + len(shown) <= width or (length <= width and shown.isascii())


def _unbroken(keyword: str, value: str, prefix: str, width: int) -> bool:
    """Whether gettext's wrapping leaves the string as :func:`string_lines` writes it: every line fits (the
    common case of a header, whose fields each end in a newline, spared the line-break tables)."""
    if "\n" not in value[:-1]:
        return _fits(len(prefix) + len(keyword) + 3, value.translate(ESCAPES), width)
    return all(_fits(len(prefix) + 2, piece.translate(ESCAPES), width) for piece in _PIECES.findall(value))


def render_header(headers: dict[str, str]) -> str:
    """The header entry's msgstr: one ``Name: value\\n`` line per field."""
    return "".join(f"{name}: {value}\n" for name, value in headers.items())


def header_lines(
    catalog: Catalog, page_width: int = PAGE_WIDTH, wrap: bool = False, charset: str | None = None
) -> list[str]:
    """The lines of the header entry (``msgid ""``)."""
    msgstr = render_header(catalog.headers)
    lines = list(catalog.header_comments)
    flags = canonical_flags(catalog.header_flags, has_translation=msgstr != "")
    if flags:
        lines.append("#, " + ", ".join(flags))
    lines.append('msgid ""')
    if wrap and "no-wrap" not in catalog.header_flags:
        _add_string(lines, "msgstr", msgstr, "", _WrapAt(page_width, [], charset))
    else:
        lines.extend(string_lines("msgstr", msgstr))
    return lines


def format_po(catalog: Catalog, *, page_width: int | None = PAGE_WIDTH, wrap: bool = False) -> str:
    """The PO text of ``catalog``, byte-identical to ``msgcat --no-wrap`` output for it.

    With ``wrap``, strings are wrapped at ``page_width`` as ``msgcat -w PAGE_WIDTH`` wraps them
    (:mod:`roadmapi18n.po.wrap`); references are wrapped at ``page_width`` either way, and not at all
    when it is None.
    """
    if page_width is None:
        page_width, wrap = sys.maxsize, False
    charset = catalog.charset if wrap else None
    # One flat list of lines, entries separated by an empty line: the same text as joining
    # each entry's lines, without a list per entry.
    lines: list[str] = []
    if catalog.has_header:
        lines.extend(header_lines(catalog, page_width, wrap, charset))
        lines.append("")
    for message in catalog.messages:
        if not message.obsolete:
            _add_message_lines(message, lines, page_width, wrap, charset)
            lines.append("")
    # msgcat drops obsolete entries that carry no translation: there is nothing left to keep.
    for message in catalog.messages:
        if message.obsolete and message.has_translation:
            _add_message_lines(message, lines, page_width, wrap, charset)
            lines.append("")
    return "\n".join(lines)  # the final "" gives the last entry its one closing newline
