"""repair_catalog on real roadmapi18n.catalog objects: msgstrs repaired, msgids and comments untouched."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from roadmapi18n.catalog import Catalog, Message, format_po, parse_po
from roadmapi18n.repair import repair_catalog
from roadmapi18n.repair.catalogs import COMMENT_PREFIX
from roadmapi18n.repair.simulate import misread

from .conftest import SEED_DROP, lines


def _catalog(translations: list[str], broken: list[str]) -> Catalog:
    messages = [
        Message(
            msgid=f"Source {index}",
            msgstr=text,
            translator_comments=["kept comment"],
            extracted_comments=[f"id: s{index}"],
            references=[f"roadmap.yaml:{index}"],
            lineno=10 * index + 1,
        )
        for index, text in enumerate(broken)
    ]
    return Catalog(headers={"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hant"}, messages=messages)


def test_lossless_catalog_is_repaired_without_comments() -> None:
    clean = lines("zh_Hant.heldout.txt")[:60]
    catalog = _catalog(clean, [misread(text, "mac_roman") for text in clean])
    before = copy.deepcopy(catalog)
    result = repair_catalog(catalog)
    assert catalog == before  # the input is not modified
    assert [m.msgstr for m in result.catalog.messages] == clean
    assert all(m.translator_comments == ["kept comment"] for m in result.catalog.messages)
    assert not any(m.fuzzy for m in result.catalog.messages)
    assert result.encoding == "utf-8 read as mac_roman"
    assert len(result.entries) == 60


@pytest.mark.slow
def test_lossy_catalog_marks_uncertain_entries_fuzzy_and_comments_recoveries() -> None:
    clean = lines("zh_Hant.heldout.txt")[:200]
    catalog = _catalog(clean, [misread(text, "cp1254", drop=SEED_DROP) for text in clean])
    result = repair_catalog(catalog, "zh_Hant")
    fuzzy = [m for m in result.catalog.messages if m.fuzzy]
    recovered = [m for m in result.catalog.messages if not m.fuzzy and len(m.translator_comments) == 2]
    assert fuzzy and recovered
    for message in fuzzy:
        note = message.translator_comments[-1]
        assert note.startswith(COMMENT_PREFIX) and "uncertain characters" in note
    for message in recovered:
        assert "were recovered" in message.translator_comments[-1]
    # msgids, extracted comments and references are never touched
    for original, repaired in zip(catalog.messages, result.catalog.messages, strict=True):
        assert (repaired.msgid, repaired.extracted_comments, repaired.references) == (
            original.msgid,
            original.extracted_comments,
            original.references,
        )
    assert {entry.field for entry in result.entries} == {"msgstr"}
    assert result.to_dict()["fuzzy"] == len(result.fuzzy)


def test_plural_forms_are_repaired() -> None:
    message = Message(msgid="%d file", msgid_plural="%d files", msgstr_plural=[misread("%d 個檔案", "mac_roman")] * 2)
    catalog = Catalog(headers={}, messages=[message, Message("x", misread("這是一個測試", "mac_roman"))])
    result = repair_catalog(catalog, "zh_Hant")
    assert result.catalog.messages[0].msgstr_plural == ["%d 個檔案", "%d 個檔案"]
    assert [entry.field for entry in result.entries][:2] == ["msgstr[0]", "msgstr[1]"]


def test_repaired_catalog_round_trips_through_the_writer() -> None:
    clean = lines("zh_Hant.heldout.txt")[:40]
    catalog = _catalog(clean, [misread(text, "cp1254", drop=SEED_DROP) for text in clean])
    repaired = repair_catalog(catalog, "zh_Hant").catalog
    text = format_po(repaired)
    again = parse_po(text.encode("utf-8"), path=Path("zh_Hant.po"))
    assert [m.msgstr for m in again.messages] == [m.msgstr for m in repaired.messages]
    assert [m.fuzzy for m in again.messages] == [m.fuzzy for m in repaired.messages]
    assert any("#, fuzzy" in block for block in text.split("\n\n"))


def test_second_run_changes_nothing() -> None:
    clean = lines("zh_Hant.heldout.txt")[:80]
    catalog = _catalog(clean, [misread(text, "cp1254", drop=SEED_DROP) for text in clean])
    once = repair_catalog(catalog, "zh_Hant").catalog
    twice = repair_catalog(once, "zh_Hant")
    assert not twice.changed
    assert twice.catalog == once
