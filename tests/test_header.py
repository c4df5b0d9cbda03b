"""Header helpers: complete, in gettext's order, and accepted by msgfmt --check."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Gettext
from roadmapi18n.catalog import HEADER_ORDER, Catalog, Message, make_header, plural_forms_for, write_po
from roadmapi18n.po.plurals import GETTEXT_PLURAL_FORMS, cldr_plural_forms, gettext_plural_forms

LOCALES = ["vi", "zh_Hant", "fr", "ru", "ar", "pt_BR", "ja"]


def test_fields_in_gettext_order() -> None:
    headers = make_header("Demo 1.0", "vi", language_team="Vietnamese", pot_creation_date="2024-01-01 00:00+0000")
    assert tuple(headers)[: len(HEADER_ORDER)] == HEADER_ORDER
    assert headers["Plural-Forms"] == "nplurals=1; plural=0;"
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert headers["PO-Revision-Date"] == "2024-01-01 00:00+0000", "no clock: same input, same bytes"


def test_template_header_has_no_language_or_plural_forms() -> None:
    headers = make_header("Demo 1.0", None)
    assert headers["Language"] == "" and "Plural-Forms" not in headers


@pytest.mark.parametrize("locale", ["vi", "fr", "fr_CA", "pt_BR", "pt", "es", "it", "ru", "sl"], ids=str)
def test_gettext_formula_wins_where_gettext_has_one(locale: str) -> None:
    """Whatever CLDR says this year, a language msginit knows gets msginit's formula."""
    assert plural_forms_for(locale) == gettext_plural_forms(locale) is not None


@pytest.mark.parametrize("locale", ["zh_Hant", "zh_Hans", "ar", "ca", "cy"], ids=str)
def test_cldr_formula_where_gettext_has_none(locale: str) -> None:
    assert gettext_plural_forms(locale) is None
    assert plural_forms_for(locale) == cldr_plural_forms(locale)


def test_a_newer_cldr_does_not_change_what_a_french_catalog_gets(monkeypatch: pytest.MonkeyPatch) -> None:
    """babel 2.19's French rule (three forms) is fed in; the header keeps gettext's two."""
    import types

    import babel.messages.plurals as babel_plurals

    three_forms = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    monkeypatch.setattr(babel_plurals, "get_plural", lambda locale: types.SimpleNamespace(plural_forms=three_forms))
    assert cldr_plural_forms("fr").startswith("nplurals=3;")
    assert make_header("Demo", "fr")["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert make_header("Demo", "ar")["Plural-Forms"].startswith("nplurals=3;"), "CLDR still decides for Arabic"


@pytest.mark.gettext
@pytest.mark.parametrize("language", sorted(GETTEXT_PLURAL_FORMS), ids=str)
def test_gettext_table_is_what_msginit_writes(gettext: Gettext, tmp_path: Path, language: str) -> None:
    """The table is msginit's: each formula is the one the installed GNU msginit writes for the language."""
    import subprocess

    template = tmp_path / "x.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    done = subprocess.run(
        ["msginit", "--no-translator", "-l", language, "-i", str(template), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"Plural-Forms: {GETTEXT_PLURAL_FORMS[language]}\\n" in done.stdout.replace('"\n"', "")


@pytest.mark.gettext
@pytest.mark.parametrize("locale", LOCALES, ids=str)
def test_catalog_with_made_header_passes_msgfmt_check(gettext: Gettext, tmp_path: Path, locale: str) -> None:
    headers = make_header("Demo 1.0", locale, language_team=locale, pot_creation_date="2024-01-01 00:00+0000")
    nplurals = int(headers["Plural-Forms"].split(";")[0].split("=")[1])
    plural = Message(
        "{n} file", msgid_plural="{n} files", msgstr_plural=["{n} x"] * nplurals, flags=["python-brace-format"]
    )
    path = tmp_path / f"{locale}.po"
    write_po(path, Catalog(headers=headers, messages=[Message("Hello", "x"), plural]))
    gettext.check(path)
