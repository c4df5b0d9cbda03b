"""compile_mo: the same bytes as msgfmt, and readable by Python's gettext."""

from __future__ import annotations

import gettext as pygettext
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import DATA, Gettext
from po_strategies import catalogs
from roadmapi18n.catalog import Catalog, Message, compile_mo, make_header, read_po, write_mo, write_po


@pytest.mark.gettext
@pytest.mark.parametrize("name", ["showcase.po", "messy.po"], ids=str)
def test_fixture_mo_equals_msgfmt(gettext: Gettext, tmp_path: Path, name: str) -> None:
    path = DATA / "po" / name
    assert compile_mo(read_po(path)) == gettext.msgfmt(path, tmp_path / "ref.mo")


def _msgfmt_ready(catalog: Catalog) -> Catalog:
    """Drop what msgfmt refuses to compile even without -c: strings that disagree on a leading or
    trailing newline, and more plural forms than the header's nplurals."""
    nplurals = catalog.nplurals or 2
    for message in catalog.messages:
        message.msgid = message.msgid.strip("\n")
        message.msgstr = message.msgstr.strip("\n")
        if message.msgid_plural is not None:
            message.msgid_plural = message.msgid_plural.strip("\n")
            message.msgstr_plural = [form.strip("\n") for form in message.msgstr_plural][:nplurals]
    unique = {message.key: message for message in reversed(catalog.messages)}
    catalog.messages = [m for m in catalog.messages if unique.get(m.key) is m and m.key != (None, "")]
    return catalog


@pytest.mark.gettext
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(catalogs(max_messages=30).map(_msgfmt_ready))
def test_random_mo_equals_msgfmt(gettext: Gettext, tmp_path: Path, catalog: Catalog) -> None:
    po = tmp_path / "random.po"
    write_po(po, catalog)
    expected = gettext.msgfmt(po, tmp_path / "ref.mo")
    if expected is None:
        # msgfmt writes no file when nothing compiles; we write a valid .mo with no strings.
        assert compile_mo(catalog)[8:12] == bytes(4)
    else:
        assert compile_mo(catalog) == expected


def test_python_gettext_reads_our_mo(tmp_path: Path) -> None:
    catalog = Catalog(
        headers=make_header(
            "Demo", "fr", pot_creation_date="2024-01-01 00:00+0000", plural_forms="nplurals=2; plural=(n > 1);"
        ),
        messages=[
            Message("Hello", "Bonjour"),
            Message("Open", "Ouvrir (menu)", msgctxt="menu"),
            Message("Open", "Ouvert", msgctxt=""),
            Message("file", msgid_plural="files", msgstr_plural=["fichier", "fichiers"]),
            Message("Draft", "Brouillon", flags=["fuzzy"]),
            Message("Empty", ""),
            Message("Gone", "Parti", obsolete=True),
        ],
    )
    path = tmp_path / "fr.mo"
    assert write_mo(path, catalog) is True
    translations = pygettext.GNUTranslations(io.BytesIO(path.read_bytes()))
    assert translations.gettext("Hello") == "Bonjour"
    assert translations.pgettext("menu", "Open") == "Ouvrir (menu)"
    assert translations.pgettext("", "Open") == "Ouvert"
    assert translations.ngettext("file", "files", 2) == "fichiers"
    assert translations.gettext("Draft") == "Draft", "fuzzy entries are left out"
    assert translations.gettext("Gone") == "Gone", "obsolete entries are left out"
    assert translations.info()["language"] == "fr"
    assert "pot-creation-date" not in translations.info(), "msgfmt drops POT-Creation-Date"
