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

One deliberate difference: a catalog with a header and no messages is written
with its header, where msgcat writes an empty file unless given ``--force-po``
(an empty file would lose the header's Language and Plural-Forms).
"""

from __future__ import annotations

import re

from roadmapi18n.po.flags import canonical_flags
from roadmapi18n.po.model import Catalog, Message

REFERENCE_WIDTH = 79
_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"'} | {char: f"\\{letter}" for char, letter in zip("\a\b\t\n\v\f\r", "abtnvfr", strict=True)}
)
_NEEDS_ESCAPE = re.compile('[\\\\"\a\b\t\n\v\f\r]')
_PIECES = re.compile(r"[^\n]*\n|[^\n]+")


def escape(text: str) -> str:
    r"""Escape ``text`` for a PO string, as gettext does.

    >>> escape('say "hi"\tnow\n')
    'say \\"hi\\"\\tnow\\n'
    """
    return text.translate(_ESCAPES)


def string_lines(keyword: str, value: str, prefix: str = "") -> list[str]:
    """The lines for ``keyword "value"``, split after each inner newline like msgcat --no-wrap.

    >>> string_lines("msgid", "a\\nb")
    ['msgid ""', '"a\\\\n"', '"b"']
    """
    if "\n" not in value[:-1]:
        if _NEEDS_ESCAPE.search(value) is not None:
            value = value.translate(_ESCAPES)
        return [f'{prefix}{keyword} "{value}"']
    lines = [f'{prefix}{keyword} ""']
    lines.extend(f'{prefix}"{piece.translate(_ESCAPES)}"' for piece in _PIECES.findall(value))
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


def reference_lines(references: list[str]) -> list[str]:
    """``#:`` lines holding ``references``, wrapped at 79 columns as gettext does (in bytes)."""
    lines: list[str] = []
    current = "#:"
    column = 2
    for reference in references:
        if reference.startswith("./"):
            reference = shown_reference(reference)
        width = len(reference.encode("utf-8")) + 1
        if column > 2 and column + width > REFERENCE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += width
    lines.append(current)
    return lines


def _add_message_lines(message: Message, lines: list[str]) -> None:
    """Append the lines of one entry to ``lines`` (the writer's hot loop: common cases inlined)."""
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
        lines.extend(reference_lines(references))
    if message.flags:
        flags = canonical_flags(message.flags, has_translation=message.has_translation, obsolete=message.obsolete)
        if flags:
            add("#, " + ", ".join(flags))
    prefix, previous = ("#~ ", "#~| ") if message.obsolete else ("", "#| ")
    if message.previous_msgctxt is not None:
        _add_string(lines, "msgctxt", message.previous_msgctxt, previous)
    if message.previous_msgid is not None:
        _add_string(lines, "msgid", message.previous_msgid, previous)
    if message.previous_msgid_plural is not None:
        _add_string(lines, "msgid_plural", message.previous_msgid_plural, previous)
    if message.msgctxt is not None:
        _add_string(lines, "msgctxt", message.msgctxt, prefix)
    _add_string(lines, "msgid", message.msgid, prefix)
    if message.msgid_plural is None:
        _add_string(lines, "msgstr", message.msgstr, prefix)
    else:
        _add_string(lines, "msgid_plural", message.msgid_plural, prefix)
        for index, form in enumerate(message.msgstr_plural or [""]):
            _add_string(lines, f"msgstr[{index}]", form, prefix)


def _add_string(lines: list[str], keyword: str, value: str, prefix: str) -> None:
    """Append :func:`string_lines` for ``keyword "value"`` (one line, no escapes: no list built)."""
    if "\n" not in value[:-1] and _NEEDS_ESCAPE.search(value) is None:
        lines.append(f'{prefix}{keyword} "{value}"')
    else:
        lines.extend(string_lines(keyword, value, prefix))


def render_header(headers: dict[str, str]) -> str:
    """The header entry's msgstr: one ``Name: value\\n`` line per field."""
    return "".join(f"{name}: {value}\n" for name, value in headers.items())


def header_lines(catalog: Catalog) -> list[str]:
    """The lines of the header entry (``msgid ""``)."""
    msgstr = render_header(catalog.headers)
    lines = list(catalog.header_comments)
    flags = canonical_flags(catalog.header_flags, has_translation=msgstr != "")
    if flags:
        lines.append("#, " + ", ".join(flags))
    lines.append('msgid ""')
    lines.extend(string_lines("msgstr", msgstr))
    return lines


def format_po(catalog: Catalog) -> str:
    """The PO text of ``catalog``, byte-identical to ``msgcat --no-wrap`` output for it."""
    # One flat list of lines, entries separated by an empty line: the same text as joining
    # each entry's lines, without a list per entry.
    lines: list[str] = []
    if catalog.has_header:
        lines.extend(header_lines(catalog))
        lines.append("")
    for message in catalog.messages:
        if not message.obsolete:
            _add_message_lines(message, lines)
            lines.append("")
    # msgcat drops obsolete entries that carry no translation: there is nothing left to keep.
    for message in catalog.messages:
        if message.obsolete and message.has_translation:
            _add_message_lines(message, lines)
            lines.append("")
    return "\n".join(lines)  # the final "" gives the last entry its one closing newline
