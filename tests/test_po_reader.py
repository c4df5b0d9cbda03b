"""The strict PO reader: the bad-input corpus, what it normalises, fuzzing, and round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from po_strategies import catalogs
from roadmapi18n.catalog import Catalog, Message, format_po, parse_po, read_po
from roadmapi18n.errors import RoadmapError

BAD = Path(__file__).parent / "data" / "bad_po"

# file name -> (line, words the message must contain). Every file in tests/data/bad_po is listed.
EXPECTED: dict[str, tuple[int, str]] = {
    "backslash_newline.po": (6, "unterminated string"),
    "charset_mismatch.po": (6, "not valid UTF-8 (byte 0xe0); its header declares charset=UTF-8"),
    "comment_after_previous.po": (6, "a comment line between '#|' lines and their msgid"),
    "comment_trailing_backslash.po": (5, "a comment line ends with a backslash, which gettext joins"),
    "conflict_markers.po": (6, "unresolved merge conflict marker '<<<<<<<'"),
    "declared_latin1.po": (3, "the header declares charset=ISO-8859-1"),
    "duplicate_entry.po": (8, "duplicate entry: msgid 'Hello' is already defined at line 5"),
    "duplicate_obsolete.po": (
        9,
        "duplicate entry (obsolete): msgid 'Hello' with msgctxt 'unit.1' is already defined at line 5",
    ),
    "header_line_without_colon.po": (1, "header line 'this line has no colon' is not 'Name: value'"),
    "invalid_escape.po": (6, "invalid escape sequence '\\\\U'"),
    "missing_msgid_plural.po": (6, "msgstr[N] in an entry without msgid_plural"),
    "missing_msgstr.po": (5, "msgid without msgstr (found another msgid at line 7)"),
    "mixed_obsolete.po": (6, "mixes obsolete '#~' lines with live lines"),
    "msgctxt_without_msgid.po": (5, "msgctxt without msgid"),
    "msgstr_before_msgid.po": (5, "msgstr without msgid before it"),
    "no_charset_non_ascii.po": (1, "non-ASCII text at line 2, but the header declares no charset"),
    "nul_escape.po": (6, "escape sequence '\\\\000' makes the byte 0x00"),
    "orphan_string.po": (6, "a string line that continues nothing"),
    "plural_index_gap.po": (8, "msgstr[2] where msgstr[1] was expected"),
    "plural_with_msgstr.po": (7, "a plural entry needs msgstr[0], msgstr[1], ... instead of msgstr"),
    "previous_without_msgid.po": (6, "'#| msgctxt' without '#| msgid'"),
    "second_msgstr.po": (7, "a second msgstr (msgstr) in one entry"),
    "stray_text.po": (7, "unexpected text 'Translator: please check this'"),
    "text_after_string.po": (5, "unexpected text 'trailing' where a quoted string should be"),
    "truncated_file.po": (8, "msgid without msgstr (found the end of the file"),
    "truncated_string.po": (6, "unterminated string (no closing quote)"),
    "unterminated_continuation.po": (7, "unterminated string (no closing quote)"),
    "utf16.po": (1, "the file is UTF-16, not UTF-8"),
    # A project's catalog must be whole (read_po with root=): these parse, but were cut short or pasted.
    "empty.po": (1, "the catalog is empty"),
    "cut_in_comment.po": (10, "the file ends inside a line (no newline at its end): it looks cut short"),
    "trailing_comments.po": (9, "the file ends with comment lines (from line 9) of an entry that never comes"),
    "no_header.po": (1, "the catalog has no header entry"),
    # msgfmt -c's rule: as many plural forms as the header's nplurals, no more, no fewer.
    "plural_forms_above_nplurals.po": (6, "this plural entry has 2 plural forms, but the header declares nplurals=1"),
    "plural_forms_below_nplurals.po": (6, "this plural entry has 2 plural forms, but the header declares nplurals=3"),
}
WHOLE_ONLY = {"empty.po", "cut_in_comment.po", "trailing_comments.po", "no_header.po"}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_bad_input_is_refused_with_file_line_and_fix(path: Path) -> None:
    line, words = EXPECTED[path.name]
    with pytest.raises(RoadmapError) as caught:
        read_po(path, root=path.parent)  # as a project reads its own catalogs
    error = caught.value
    assert error.path == path
    assert error.line == line
    assert words in error.message
    assert error.hint, "every refusal says how to fix it"
    assert str(error).startswith(f"{path}:{line}")


@pytest.mark.parametrize("name", sorted(WHOLE_ONLY), ids=str)
def test_files_named_on_the_command_line_may_be_cut_as_gettext_allows(name: str) -> None:
    """``merge`` stands in for msgmerge, which reads these: only a project's own catalogs must be whole."""
    catalog = read_po(BAD / name)
    assert len(catalog.messages) <= 2


def test_missing_file_is_a_roadmap_error(tmp_path: Path) -> None:
    with pytest.raises(RoadmapError, match="file not found"):
        read_po(tmp_path / "nope.po")


HEADER = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (b"\xef\xbb\xbf" + HEADER + b'msgid "a"\nmsgstr "b"\n', "byte-order mark"),
        (HEADER.replace(b"\n", b"\r\n") + b'msgid "a"\r\nmsgstr "b"\r\n', "CRLF"),
        (b'msgid ""\nmsgstr "Content-Type:text/plain; charset=UTF-8"\n', "rewrote the header"),
        (HEADER + b'#, fuzzy, fuzy\nmsgid "a"\nmsgstr "b"\n', "'fuzy' (line 5)"),
        (HEADER + b'#, fuzzy\n#, python-format\nmsgid "a"\nmsgstr "b"\n', "several '#,' lines"),
        (HEADER + b'#: a.py:1 a.py:1\nmsgid "a"\nmsgstr "b"\n', "'a.py:1' (line 5)"),
        (HEADER + b'msgid "a"\nmsgstr "b"\n\n# left over\n', "from line 8 to the end"),
    ],
    ids=[
        "bom",
        "crlf",
        "header-layout",
        "unknown-flag",
        "stacked-flag-lines",
        "duplicate-reference",
        "trailing-comment",
    ],
)
def test_harmless_input_is_normalised_and_noted(data: bytes, note: str) -> None:
    catalog = parse_po(data, path=Path("x.po"))
    assert any(note in text for text in catalog.notes), catalog.notes
    assert catalog.messages[0].msgstr == "b" if catalog.messages else catalog.headers


def test_stacked_flag_lines_keep_fuzzy() -> None:
    # gettext 0.21 keeps only the last '#,' line and so would publish an unreviewed translation.
    catalog = parse_po(HEADER + b'#, fuzzy\n#, python-format\nmsgid "a"\nmsgstr "b"\n', path=Path("x.po"))
    assert catalog.messages[0].fuzzy
    assert "#, fuzzy, python-format\n" in format_po(catalog)


def test_crlf_and_bom_read_like_the_clean_file() -> None:
    clean = HEADER + b'#. note\nmsgid "a"\nmsgstr ""\n"b\\n"\n"c"\n'
    dirty = b"\xef\xbb\xbf" + clean.replace(b"\n", b"\r\n")
    assert parse_po(dirty, path=Path("x.po")) == parse_po(clean, path=Path("x.po"))


def test_error_inside_a_fast_path_entry_points_at_its_line() -> None:
    data = HEADER + b'msgid "a"\nmsgstr "b"\n\n#. note\nmsgid "c"\nmsgstr ""\n"ok"\n"bad \\q"\n'
    with pytest.raises(RoadmapError) as caught:
        parse_po(data, path=Path("x.po"))
    assert (caught.value.line, caught.value.column) == (12, 6)


def test_entry_lines_and_fields() -> None:
    data = (
        HEADER
        + (
            "# translator\n#. extracted\n#: a.py:1 b.py\n#, fuzzy, python-brace-format\n"
            '#| msgctxt "old"\n#| msgid "Old {n}"\nmsgctxt "id"\nmsgid "New {n}"\nmsgstr "Mới {n}"\n\n'
            'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "một"\nmsgstr[1] ""\n\n#~ msgid "gone"\n#~ msgstr "mất"\n'
        ).encode()
    )
    catalog = parse_po(data, path=Path("x.po"))
    first, plural, gone = catalog.messages
    assert first == Message(
        msgid="New {n}",
        msgstr="Mới {n}",
        msgctxt="id",
        flags=["fuzzy", "python-brace-format"],
        translator_comments=["translator"],
        extracted_comments=["extracted"],
        references=["a.py:1", "b.py"],
        previous_msgctxt="old",
        previous_msgid="Old {n}",
    )
    assert [first.lineno, plural.lineno, gone.lineno] == [5, 15, 20]
    assert (first.fuzzy, first.translated, plural.translated, plural.has_translation) == (True, False, False, True)
    assert gone.obsolete and [m.msgid for m in catalog.obsolete()] == ["gone"]
    assert catalog.by_context()["id"] is first and catalog.find("one") is plural


def test_fuzzy_setter_adds_and_removes_the_flag() -> None:
    message = Message("a", "b", flags=["python-format"])
    message.fuzzy = True
    assert message.flags == ["fuzzy", "python-format"]
    message.fuzzy = False
    assert message.flags == ["python-format"] and message.translated


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_round_trip(catalog: Catalog) -> None:
    text = format_po(catalog)
    assert parse_po(text.encode("utf-8"), path=Path("x.po")) == catalog


_KEYWORD_LINE = re.compile(r"^((?:#~ |#\| |#~\| )?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) .*)$", re.M)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_line_by_line_reader_agrees_with_fast_path(catalog: Catalog) -> None:
    # A trailing space after each keyword line keeps every entry off the one-regex fast path.
    text = format_po(catalog)
    slow = _KEYWORD_LINE.sub(r"\1 ", text)
    assert parse_po(slow.encode("utf-8"), path=Path("x.po")) == parse_po(text.encode("utf-8"), path=Path("x.po"))


_FRAGMENTS = [
    'msgid "', 'msgstr "', 'msgctxt "', 'msgid_plural "', "msgstr[0] ", "msgstr[1] ", '"', '\\"', "\\",
    "\\n", "\\x4", "\\0", "\n", "\n\n", "#~ ", "#| ", "#~| ", "#, fuzzy", "#: a:1", "# c", "#.", " ",
    "\t", "\r\n", "é", "\ufeff", "<<<<<<< HEAD", "=======", "x", "\x00", "\x04", "msgid", '""',
]  # fmt: skip


@settings(max_examples=250, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
@example('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n')
def test_fuzz_reader_parses_or_refuses(text: str) -> None:
    data = (HEADER.decode() + text).encode("utf-8")
    for candidate in (data, text.encode("utf-8", "surrogatepass")):
        try:
            parse_po(candidate, path=Path("fuzz.po"))
        except RoadmapError as error:
            assert error.line is None or error.line >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(max_messages=5), st.data())
def test_fuzz_damaged_files_parse_or_refuse(catalog: Catalog, data: st.DataObject) -> None:
    raw = bytearray(format_po(catalog).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        if not raw:
            break
        at = data.draw(st.integers(0, len(raw) - 1))
        if data.draw(st.booleans()):
            del raw[at : at + data.draw(st.integers(1, 5))]
        else:
            raw[at:at] = data.draw(st.sampled_from([b'"', b"\\", b"\n", b"#~ ", b"\xff", b"msgstr ", b"\r"]))
    try:
        parse_po(bytes(raw), path=Path("damaged.po"))
    except RoadmapError as error:
        assert error.line is None or 1 <= error.line <= raw.count(b"\n") + 1
