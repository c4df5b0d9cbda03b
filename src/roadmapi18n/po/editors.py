"""What translators' tools do to a catalog, undone where the catalog still says what it was.

Babel (``read_po``/``write_po``, 2.19 and earlier) reads the ``#|`` lines of a
fuzzy entry (the English it was translated from) as translator comments and
writes them back as ``# | msgid "…"``, wrapping long ones over several comment
lines. A tool built on it would take the old English away from every fuzzy
entry for good; the build reads such comments back as the fields they were.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from roadmapi18n.errors import RoadmapError
from roadmapi18n.po.model import Catalog, Message
from roadmapi18n.po.reader import parse_po

# "| msgid "…"", "| msgctxt "…"", "| msgid_plural "…"", or a string continuing the field before: "| "…"".
_PREVIOUS_LINE = re.compile(r'\| (?:(msgctxt|msgid|msgid_plural) )?(".*)$')
_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
_FIELDS = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}


def restore_previous_fields(catalog: Catalog) -> Catalog:
    """``catalog`` with the previous-English fields a Babel save turned into comments (the same object
    when there are none; the entries it restores are copies, the catalog read from disk is not changed)."""
    restored: dict[int, Message] = {}
    for index, message in enumerate(catalog.messages):
        if message.previous_msgid is None and any(c.startswith("| msg") for c in message.translator_comments):
            fixed = _restored(message)
            if fixed is not None:
                restored[index] = fixed
    if not restored:
        return catalog
    result = copy.copy(catalog)
    result.messages = [restored.get(index, message) for index, message in enumerate(catalog.messages)]
    return result


def _restored(message: Message) -> Message | None:
    """A copy of ``message`` with its ``| msgid "…"`` comments as previous fields, or None if they do not read."""
    comments = message.translator_comments
    segments: dict[str, list[str]] = {}
    kept: list[str] = []
    field: str | None = None
    index = 0
    while index < len(comments):
        match = _PREVIOUS_LINE.match(comments[index])
        if match is None or (match[1] is None and field is None):
            kept.append(comments[index])
            field = None
            index += 1
            continue
        field = match[1] or field
        assert field is not None
        text = match[2]
        index += 1
        # Babel wraps a long comment at spaces: the string goes on in the next lines, one space dropped each.
        while not _closed(text) and index < len(comments):
            text += " " + comments[index]
            index += 1
        segments.setdefault(field, []).append(text)
    if "msgid" not in segments:
        return None
    fixed = copy.copy(message)
    for keyword, strings in segments.items():
        value = _decoded(strings)
        if value is None:
            return None
        setattr(fixed, _FIELDS[keyword], value)
    fixed.translator_comments = kept
    return fixed


def _closed(text: str) -> bool:
    """Whether ``text`` is one whole quoted string: it ends in a quote no backslash escapes."""
    if len(text) < 2 or not text.endswith('"'):
        return False
    backslashes = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _decoded(strings: list[str]) -> str | None:
    """The value of PO strings (``"a"`` ``"b"`` → ``ab``), read by the catalog reader, or None if they do not read."""
    source = _HEADER + "msgid " + "\n".join(strings) + '\nmsgstr ""\n'
    try:
        (message,) = parse_po(source.encode("utf-8"), path=Path("<previous English>")).messages
    except (RoadmapError, ValueError):
        return None
    return message.msgid
