"""find_mojibake: positions, messages, U+FFFD, and the fast path on clean text."""

from __future__ import annotations

import time

import pytest

from roadmapi18n.repair import find_mojibake, repair_text
from roadmapi18n.repair.simulate import misread

from .conftest import SEED_DROP, lines, read


def test_positions_are_one_based_and_grouped() -> None:
    findings = find_mojibake("clean line\n### Kh√°c and M√¥ h√¨nh")
    assert [(f.line, f.column, f.end_column, f.text, f.suggestion) for f in findings] == [
        (2, 7, 9, "√°", "á"),
        (2, 16, 18, "√¥", "ô"),
        (2, 20, 22, "√¨", "ì"),
    ]
    assert all(f.kind == "mojibake" and f.encoding == "utf-8 read as mac_roman" for f in findings)
    assert "repairs to 'á'" in findings[0].message


def test_replacement_character_is_reported() -> None:
    (finding,) = find_mojibake("ok\nbroken \ufffd here")
    assert (finding.line, finding.column, finding.kind) == (2, 8, "replacement-character")
    assert finding.to_dict()["kind"] == "replacement-character"


def test_lossy_mojibake_is_reported_without_a_suggestion() -> None:
    findings = find_mojibake(read("../seeds/zh_hant_cp1254_lossy.txt"))
    assert findings
    assert any(f.suggestion is None and "bytes lost" in f.message for f in findings)
    assert {f.encoding for f in findings} == {"utf-8 read as windows-1254"}


@pytest.mark.parametrize(
    "text",
    ["plain ASCII", "資料，「完成」。", "Tiếng Việt là ngôn ngữ", "“curly” — ﬁne 🧑‍🔬", ""],
    ids=["ascii", "chinese", "vietnamese", "typography", "empty"],
)
def test_clean_text_has_no_findings(text: str) -> None:
    assert find_mojibake(text) == []


def test_a_repaired_text_has_no_findings() -> None:
    broken = misread("\n".join(lines("zh_Hant.heldout.txt")[:50]), "cp1254", drop=SEED_DROP)
    assert find_mojibake(broken)
    assert find_mojibake(repair_text(broken, locale="zh_Hant").text) == []


def test_fast_path_on_a_catalog_sized_batch() -> None:
    # 100,000 clean msgstrs (Chinese, Vietnamese, English) must be checked in well under a second each way.
    batch = (
        lines("zh_Hant.heldout.txt") + lines("vi.heldout.txt") + read("../seeds/en_course_scraped.txt").split("\n")
    ) * 40
    batch = batch[:100_000]
    assert len(batch) == 100_000
    start = time.perf_counter()
    found = sum(len(find_mojibake(text)) for text in batch)
    elapsed = time.perf_counter() - start
    assert found == 0
    assert elapsed < 2.0, f"{elapsed:.2f}s for 100,000 clean strings"
