"""Undoing what translators' tools do to a catalog: Babel's "# | msgid" comments read back as previous fields."""

from __future__ import annotations

from pathlib import Path

from roadmapi18n.catalog import format_po, parse_po
from roadmapi18n.po.editors import restore_previous_fields

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog(entry: str) -> str:
    return HEADER + entry


def _restored(entry: str) -> str:
    catalog = parse_po(_catalog(entry).encode("utf-8"), path=Path("vi.po"))
    return format_po(restore_previous_fields(catalog))


def test_wrapped_comments_become_the_previous_fields_again() -> None:
    babel = (
        "# imported from the legacy README\n"
        '# | msgctxt "a.b"\n'
        '# | msgid "A long \\"quoted\\" English text that Babel wrapped over two comment\n'
        '# lines, with a\\ttab"\n'
        "#, fuzzy\n"
        'msgctxt "a.b"\nmsgid "New English"\nmsgstr "Bản dịch"\n'
    )
    assert _restored(babel) == _catalog(
        "# imported from the legacy README\n"
        "#, fuzzy\n"
        '#| msgctxt "a.b"\n'
        '#| msgid "A long \\"quoted\\" English text that Babel wrapped over two comment lines, with a\\ttab"\n'
        'msgctxt "a.b"\nmsgid "New English"\nmsgstr "Bản dịch"\n'
    )


def test_continued_strings_and_plurals() -> None:
    babel = (
        '# | msgid ""\n# | "One "\n# | "file"\n# | msgid_plural "%d files"\n#, fuzzy\n'
        'msgid "A file"\nmsgid_plural "%d files"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    )
    restored = parse_po(_restored(babel).encode("utf-8"), path=Path("vi.po")).messages[0]
    assert (restored.previous_msgid, restored.previous_msgid_plural, restored.translator_comments) == (
        "One file",
        "%d files",
        [],
    )


def test_comments_that_do_not_read_are_left_as_they_are() -> None:
    for entry in (
        '# | msgid "never closed\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n',  # a string with no end
        '# | msgid "bad \\q escape"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n',
        '# | msgctxt "only a context"\nmsgid "a"\nmsgstr "b"\n',  # no msgid
    ):
        assert _restored(entry) == _catalog(entry), entry


def test_a_catalog_without_such_comments_is_the_same_object() -> None:
    catalog = parse_po(_catalog('# | a note\nmsgid "a"\nmsgstr "b"\n').encode("utf-8"), path=Path("vi.po"))
    assert restore_previous_fields(catalog) is catalog
