"""A line that still holds mojibake after repair is never reported as a lossless, certain repair."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmapi18n.repair import repair_text
from roadmapi18n.repair.simulate import misread

MISREADINGS = {
    "mac_roman": lambda text: misread(text, "mac_roman"),
    "latin-1": lambda text: misread(text, "latin-1"),
    "windows-1252": lambda text: misread(text, "cp1252", undefined="c1"),
}


@pytest.mark.parametrize("misreading", sorted(MISREADINGS), ids=str)
def test_a_piece_that_cannot_be_repaired_is_reported_left_as_is(misreading: str) -> None:
    # A private-use character is no plausible decoding, so its mojibake stays; the rest of the line is repaired.
    clean = "\ue000 Theo dõi tôi trên X"
    broken = MISREADINGS[misreading](clean)
    result = repair_text(broken)
    left = misread("\ue000", misreading.replace("windows-", "cp"), undefined="c1")
    assert result.text == left + " Theo dõi tôi trên X"
    (finding,) = result.lines
    assert finding.kind == "partial"
    assert finding.confidence == 0.0
    assert [(piece.column, piece.text, piece.reading) for piece in finding.left] == [(1, left, "\ue000")]
    assert result.needs_review
    report = result.format_text()
    assert "lossless" not in report and "confidence 1.000" not in report
    assert "left as is" in report
    assert result.to_dict()["lines"][0]["left"][0]["text"] == left


def test_a_repaired_line_with_nothing_left_is_still_lossless() -> None:
    result = repair_text(misread("𝕏 Theo dõi tôi trên X", "mac_roman"))
    (finding,) = result.lines
    assert (finding.kind, finding.left, finding.confidence) == ("lossless", (), 1.0)
    assert not result.needs_review


def test_a_catalog_entry_left_with_mojibake_becomes_fuzzy() -> None:
    from roadmapi18n.catalog import parse_po
    from roadmapi18n.repair import repair_catalog

    broken = misread("\ue000 Theo dõi tôi trên X", "mac_roman")
    po = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Follow"\nmsgstr "{broken}"\n'
    result = repair_catalog(parse_po(po.encode(), path=Path("vi.po")), "vi")
    message = result.catalog.messages[-1]
    assert message.msgstr.endswith("Theo dõi tôi trên X")
    assert message.fuzzy
    assert any("left as is" in comment for comment in message.translator_comments)
