"""Header helpers: complete, in gettext's order, and accepted by msgfmt --check."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Gettext
from roadmapi18n.catalog import HEADER_ORDER, Catalog, Message, make_header, plural_forms_for, write_po

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


@pytest.mark.parametrize(("locale", "nplurals"), [("vi", 1), ("zh_Hant", 1), ("fr", 2), ("ru", 3), ("ar", 6)], ids=str)
def test_plural_forms_from_cldr(locale: str, nplurals: int) -> None:
    assert plural_forms_for(locale).startswith(f"nplurals={nplurals};")


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
