"""The writer: byte-identical to ``msgcat --no-wrap`` (GNU gettext 0.21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import DATA, Gettext
from po_strategies import catalogs
from roadmapi18n.catalog import Catalog, Message, canonical_flags, format_po, parse_po, read_po, write_po
from roadmapi18n.po.writer import reference_lines, string_lines

FIXTURES = sorted(p for p in (DATA / "po").glob("*.po") if not p.name.endswith(".expect.po"))


def test_showcase_is_already_in_canonical_form() -> None:
    path = DATA / "po" / "showcase.po"
    assert format_po(read_po(path)) == path.read_text(encoding="utf-8")


def test_messy_input_is_written_as_msgcat_writes_it() -> None:
    # messy.expect.po is what `msgcat --no-wrap messy.po` printed; the gettext test below re-checks it.
    catalog = read_po(DATA / "po" / "messy.po")
    assert format_po(catalog) == (DATA / "po" / "messy.expect.po").read_text(encoding="utf-8")


@pytest.mark.gettext
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixtures_equal_msgcat_output(gettext: Gettext, path: Path) -> None:
    assert format_po(read_po(path)) == gettext.msgcat(path)


@pytest.mark.gettext
def test_showcase_passes_msgfmt_check(gettext: Gettext) -> None:
    gettext.check(DATA / "po" / "showcase.po")


@pytest.mark.gettext
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(catalogs(max_messages=25))
def test_random_catalogs_are_msgcat_fixed_points(gettext: Gettext, tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "random.po"
    write_po(path, catalog)
    assert gettext.msgcat(path) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "lines"),
    [
        ("", ['msgid ""']),
        ("one line", ['msgid "one line"']),
        ("ends with newline\n", ['msgid "ends with newline\\n"']),
        ("\n", ['msgid "\\n"']),
        ("\n\n", ['msgid ""', '"\\n"', '"\\n"']),
        ("a\nb", ['msgid ""', '"a\\n"', '"b"']),
        ("a\nb\n", ['msgid ""', '"a\\n"', '"b\\n"']),
        ('tab\t"q" \\ \r', ['msgid "tab\\t\\"q\\" \\\\ \\r"']),
        ("\x01\x7f é 中", ['msgid "\x01\x7f é 中"']),
    ],
    ids=[
        "empty",
        "plain",
        "final-newline",
        "only-newline",
        "two-newlines",
        "inner-newline",
        "two-pieces",
        "escapes",
        "raw-controls",
    ],
)
def test_string_lines(value: str, lines: list[str]) -> None:
    assert string_lines("msgid", value) == lines


def test_obsolete_and_previous_prefixes() -> None:
    message = Message("a\nb", "x", previous_msgid="p\nq", obsolete=True)
    assert format_po(Catalog(messages=[message])) == (
        '#~| msgid ""\n#~| "p\\n"\n#~| "q"\n#~ msgid ""\n#~ "a\\n"\n#~ "b"\n#~ msgstr "x"\n'
    )


@pytest.mark.parametrize(
    ("references", "lines"),
    [
        (["a" * 36 + ":1", "b" * 35 + ":2"], ["#: " + "a" * 36 + ":1 " + "b" * 35 + ":2"]),
        (["a" * 36 + ":1", "b" * 36 + ":2"], ["#: " + "a" * 36 + ":1", "#: " + "b" * 36 + ":2"]),
        (["é" * 36 + ":1", "b:2"], ["#: " + "é" * 36 + ":1", "#: b:2"]),
        (["x" * 100, "y:1"], ["#: " + "x" * 100, "#: y:1"]),
    ],
    ids=["exactly-79-columns", "80-columns-wraps", "width-in-bytes", "overlong-alone"],
)
def test_reference_wrapping(references: list[str], lines: list[str]) -> None:
    assert reference_lines(references) == lines


@pytest.mark.parametrize(
    ("flags", "translated", "expected"),
    [
        (["python-format", "fuzzy"], True, ["fuzzy", "python-format"]),
        (["fuzzy"], False, []),
        (["c-format", "no-c-format"], True, ["no-c-format"]),
        (["no-python-format", "possible-python-format"], True, ["python-format"]),
        (["impossible-c-format"], True, []),
        (["no-wrap", "wrap"], True, []),
        (["no-wrap", "range: 1..3", "python-brace-format"], True, ["python-brace-format", "range: 1..3", "no-wrap"]),
        (["range: 5..2", "fuzy", "rust-format"], True, []),
    ],
    ids=[
        "order",
        "fuzzy-needs-translation",
        "last-wins",
        "possible-written-plain",
        "impossible-dropped",
        "wrap-dropped",
        "range-and-no-wrap",
        "unknown-dropped",
    ],
)
def test_canonical_flags(flags: list[str], translated: bool, expected: list[str]) -> None:
    assert canonical_flags(flags, has_translation=translated) == expected


@pytest.mark.gettext
def test_comment_ending_in_backslash_stays_one_line(gettext: Gettext, tmp_path: Path) -> None:
    # gettext joins a line ending in a backslash with the next one, comments included.
    catalog = Catalog(messages=[Message("a", "x", translator_comments=["C:\\"], extracted_comments=["\\"])])
    path = tmp_path / "x.po"
    write_po(path, catalog)
    assert path.read_text() == '# C:\\ \n#. \\ \nmsgid "a"\nmsgstr "x"\n'
    assert gettext.msgcat(path) == path.read_text()


def test_untranslated_obsolete_entries_are_dropped() -> None:
    catalog = Catalog(messages=[Message("a", "x"), Message("b", "", obsolete=True), Message("c", "y", obsolete=True)])
    assert format_po(catalog) == 'msgid "a"\nmsgstr "x"\n\n#~ msgid "c"\n#~ msgstr "y"\n'


def test_write_po_reports_change_and_round_trips(tmp_path: Path) -> None:
    catalog = read_po(DATA / "po" / "showcase.po")
    path = tmp_path / "vi.po"
    assert write_po(path, catalog) is True
    assert write_po(path, catalog) is False
    assert parse_po(path.read_bytes(), path=path) == catalog


@pytest.mark.gettext
def test_an_empty_header_entry_is_kept_as_gettext_keeps_it(gettext: Gettext, tmp_path: Path) -> None:
    """``msgid ""`` with an empty msgstr and no comment: msgcat and msgmerge write it back, msgfmt leaves it out of
    the .mo (an untranslated entry); a file without one still gets none."""
    from roadmapi18n.po.mo import compile_mo

    path = tmp_path / "empty-header.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    catalog = read_po(path)
    assert catalog.has_header and catalog.headers == {}
    assert format_po(catalog) == gettext.msgcat(path) == path.read_text(encoding="utf-8")
    assert compile_mo(catalog) == gettext.msgfmt(path, tmp_path / "ref.mo")
    without = tmp_path / "no-header.po"
    without.write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert format_po(read_po(without)) == 'msgid "a"\nmsgstr "b"\n'
