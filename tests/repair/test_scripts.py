"""A text never silently gains characters of a script its locale does not write.

Lossy guesses are limited to the locale's scripts (plus Latin, digits,
punctuation and emoji, which every locale's technical text has). A lossless
decoding is certain about the bytes, so it is applied, but a character of a
foreign script it brings in is reported: the report marks it, ``repair``
says so on stderr and exits 1 (``--check`` too), and a catalog entry or an
imported translation becomes fuzzy with a comment naming it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.importer.apply import _uncertain
from roadmapi18n.repair import find_mojibake, repair_catalog, repair_text
from roadmapi18n.repair.catalogs import COMMENT_PREFIX
from roadmapi18n.repair.langmodel.priors import is_han
from roadmapi18n.repair.simulate import damaged_positions, misread
from test_cli_errors import run

from .conftest import SEED_DROP, lines

VIETNAMESE = "Mô hình ngôn ngữ lớn được chia thành hai phần."
QUOTE = "Mô hình Qwen (通義千問) của Alibaba."
"""Vietnamese quoting a Chinese name: the Han characters are right, but a person must see them."""


def test_a_lossy_guess_is_never_a_script_the_locale_does_not_write() -> None:
    """Chinese with lost bytes, repaired as if it were Vietnamese: no lost byte becomes a Han character."""
    clean = "\n".join(lines("zh_Hant.heldout.txt")[:40])
    broken = misread(clean, "cp1254", drop=SEED_DROP)
    result = repair_text(broken, locale="vi")
    guessed = [guess.chosen for guess in result.guesses if not guess.kept]
    assert not any(is_han(char) for text in guessed for char in text)
    assert find_mojibake(result.text)  # the Han readings were there: the guard left those characters alone
    assert result.foreign  # while the complete (lossless) ones decode to Han, and are marked
    as_chinese = repair_text(broken, locale="zh_Hant")
    assert any(is_han(guess.chosen) for guess in as_chinese.guesses if not guess.kept)


def test_every_damaged_han_character_is_a_guess_or_left_alone_in_vietnamese() -> None:
    clean = "\n".join(lines("zh_Hant.heldout.txt")[:40])
    result = repair_text(misread(clean, "cp1254", drop=SEED_DROP), locale="vi")
    for want, got in zip(clean.split("\n"), result.text.split("\n"), strict=True):
        damaged = set(damaged_positions(want, SEED_DROP))
        if len(want) == len(got):
            assert not any(index in damaged and is_han(got[index]) for index in range(len(got)))


def test_a_decoded_foreign_character_is_applied_and_marked() -> None:
    broken = misread(f"{VIETNAMESE}\n{QUOTE}", "mac_roman")
    result = repair_text(broken, locale="vi")
    assert result.text == f"{VIETNAMESE}\n{QUOTE}"
    assert [(char.column, char.char, char.script) for char in result.foreign] == [
        (QUOTE.index(char) + 1, char, "Han") for char in "通義千問"
    ]
    assert result.needs_review
    assert "CHECK" in result.format_text() and "Han" in result.format_text()
    assert result.to_dict()["foreign"] == 4
    assert result.to_dict()["lines"][1]["foreign"][0] == {
        "column": QUOTE.index("通") + 1,
        "char": "通",
        "script": "Han",
    }


def test_no_mark_where_the_locale_writes_the_script_or_the_text_had_it() -> None:
    broken = misread(QUOTE, "mac_roman")
    assert repair_text(broken, locale="zh_Hant").foreign == ()
    assert repair_text(broken).foreign == ()  # no locale given: nothing to compare with
    # Han already in the line before the repair is not gained by it.
    mixed = "通義千問: " + misread(VIETNAMESE, "mac_roman")
    assert repair_text(mixed, locale="vi").foreign == ()


def test_a_catalog_entry_with_a_foreign_character_becomes_fuzzy() -> None:
    catalog = Catalog(
        headers={"Language": "vi"},
        messages=[Message("Model", misread(VIETNAMESE, "mac_roman")), Message("Qwen", misread(QUOTE, "mac_roman"))],
    )
    result = repair_catalog(catalog)
    plain, quoted = result.catalog.messages
    assert (plain.msgstr, plain.fuzzy, plain.translator_comments) == (VIETNAMESE, False, [])
    assert (quoted.msgstr, quoted.fuzzy) == (QUOTE, True)
    assert quoted.translator_comments[-1].startswith(COMMENT_PREFIX)
    assert "'通' (Han)" in quoted.translator_comments[-1]
    assert [entry.fuzzy for entry in result.entries] == [False, True]


def test_an_imported_translation_with_a_foreign_character_is_uncertain() -> None:
    result = repair_text(misread(f"{VIETNAMESE}\n{QUOTE}", "mac_roman"), locale="vi")
    found = _uncertain(result)
    assert [(u.line, u.char) for u in found] == [(2, char) for char in "通義千問"]
    assert "Han, not a script of vi" in found[0].describe()


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    """``roadmapi18n ARGS`` in-process (tests/test_cli_errors.py's runner): exit code and stderr."""
    done = run(capsys, monkeypatch, *args)
    return done.code, done.stderr


def test_cli_writes_but_says_so_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "legacy.md"
    source.write_text(misread(f"{VIETNAMESE}\n{QUOTE}\n", "mac_roman"), encoding="utf-8")
    out = tmp_path / "out.md"
    code, err = _run(monkeypatch, capsys, "repair", source, "--locale", "vi", "-o", out)
    assert code == 1
    assert out.read_text(encoding="utf-8") == f"{VIETNAMESE}\n{QUOTE}\n"
    assert "warning:" in err and "4 character(s) of a script vi does not write" in err
    assert _run(monkeypatch, capsys, "repair", source, "--locale", "vi", "--check")[0] == 1
    # The same file in the locale it belongs to: repaired, nothing to check.
    assert _run(monkeypatch, capsys, "repair", source, "--locale", "zh_Hant", "-o", out)[0] == 0


def test_cli_exit_0_on_a_clean_repair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "legacy.md"
    source.write_text(misread(f"{VIETNAMESE}\n", "mac_roman"), encoding="utf-8")
    code, err = _run(monkeypatch, capsys, "repair", source, "--locale", "vi", "-o", tmp_path / "out.md")
    assert code == 0 and "warning" not in err
