"""gettext catalogs: the model, a strict reader, a gettext-exact writer and the .mo compiler.

This module is the public face of the catalog layer; the parts live in
:mod:`roadmapi18n.po` (``model``, ``reader``, ``writer``, ``flags``, ``header``,
``mo``). The project's PO style is ``msgcat --no-wrap`` (GNU gettext 0.21):
:func:`format_po` returns exactly the bytes ``msgcat --no-wrap`` writes for
the same catalog, so Poedit, Weblate and msgmerge produce no diff churn.
:func:`read_po` refuses damaged files with a
:class:`~roadmapi18n.errors.RoadmapError` (file, line, fix) and reports what
it normalised in :attr:`Catalog.notes`.

>>> catalog = parse_po(b'msgid "Hello"\\nmsgstr "Xin chao"\\n', path=Path("vi.po"))
>>> catalog.messages[0].translated
True
>>> format_po(catalog)
'msgid "Hello"\\nmsgstr "Xin chao"\\n'
"""

from __future__ import annotations

from pathlib import Path

from roadmapi18n.fsio import write_bytes_atomic, write_text_atomic
from roadmapi18n.po.flags import FORMAT_LANGUAGES, canonical_flags, is_known_flag
from roadmapi18n.po.header import CONTENT_TYPE, HEADER_ORDER, make_header
from roadmapi18n.po.mo import compile_mo
from roadmapi18n.po.model import Catalog, Message, MessageKey
from roadmapi18n.po.plurals import plural_forms_for
from roadmapi18n.po.reader import parse_po, read_po
from roadmapi18n.po.writer import format_po, render_header

__all__ = [
    "CONTENT_TYPE",
    "FORMAT_LANGUAGES",
    "HEADER_ORDER",
    "Catalog",
    "Message",
    "MessageKey",
    "canonical_flags",
    "compile_mo",
    "format_po",
    "is_known_flag",
    "make_header",
    "parse_po",
    "plural_forms_for",
    "read_po",
    "render_header",
    "write_mo",
    "write_po",
]


def write_po(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` atomically in msgcat --no-wrap style; return whether the file changed."""
    return write_text_atomic(path, format_po(catalog))


def write_mo(path: Path, catalog: Catalog) -> bool:
    """Compile ``catalog`` and write the .mo atomically; return whether the file changed."""
    return write_bytes_atomic(path, compile_mo(catalog))
