"""Lossless mojibake, made from clean text: every case must come back exactly, with a plan that replays."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from roadmapi18n.repair import apply_plan, repair_text
from roadmapi18n.repair.simulate import misread

from .conftest import lines, read


def _vi() -> str:
    return "\n".join(lines("vi.heldout.txt")[:120])


def _zh() -> str:
    return "\n".join(lines("zh_Hant.heldout.txt")[:120])


def _seed_vi() -> str:
    return read("seed000.vi.expected.txt")


SOURCES: dict[str, Callable[[], str]] = {"vi-heldout": _vi, "zh_Hant-heldout": _zh, "vi-seed000": _seed_vi}

BREAKS: dict[str, Callable[[str], str]] = {
    "mac_roman": lambda text: misread(text, "mac_roman"),
    "windows-1252-c1-kept": lambda text: misread(text, "cp1252", undefined="c1"),
    "latin-1-c1-controls": lambda text: misread(text, "latin-1"),
    "windows-1254-c1-kept": lambda text: misread(text, "cp1254", undefined="c1"),
    "double-windows-1252": lambda text: misread(text, "cp1252", undefined="c1", times=2),
    "double-mac_roman": lambda text: misread(text, "mac_roman", times=2),
}


@pytest.mark.parametrize("source", sorted(SOURCES), ids=str)
@pytest.mark.parametrize("breaking", sorted(BREAKS), ids=str)
def test_lossless_document_is_restored_exactly(source: str, breaking: str) -> None:
    clean = SOURCES[source]()
    broken = BREAKS[breaking](clean)
    assert broken != clean
    result = repair_text(broken)
    assert result.text == clean
    assert apply_plan(broken, result.plan) == clean
    assert result.confidence == 1.0


@pytest.mark.parametrize("breaking", ["mac_roman", "windows-1252-c1-kept", "latin-1-c1-controls"], ids=str)
def test_mixed_document_repairs_broken_lines_only(breaking: str) -> None:
    clean = lines("vi.heldout.txt")[:80] + lines("zh_Hant.heldout.txt")[:40]
    mixed = [BREAKS[breaking](line) if index % 2 else line for index, line in enumerate(clean)]
    result = repair_text("\n".join(mixed))
    assert result.text == "\n".join(clean)
    assert {finding.line % 2 for finding in result.lines} == {0}  # only the even (broken) 1-based lines


def test_english_with_a_few_mojibake_words() -> None:
    clean = read("../seeds/en_course_scraped.txt")
    broken = clean.replace("Toggle section", misread("Toggle séction ✨", "cp1252", undefined="c1"))
    assert repair_text(broken).text == clean.replace("Toggle section", "Toggle séction ✨")


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("### Kh√°c\nM√¥ h√¨nh ng√¥n ng·ªØ", "### Khác\nMô hình ngôn ngữ"),
        ("\uf8ffüìö **References**:\n\uf8ffüìù Notebooks", "📚 **References**:\n📝 Notebooks"),
        ("caf\u00c3\u00a9 na\u00c3\u00afve", "café naïve"),
    ],
    ids=["mac-roman-vietnamese", "mac-roman-emoji", "latin-1-french"],
)
def test_short_texts(broken: str, expected: str) -> None:
    assert repair_text(broken).text == expected
