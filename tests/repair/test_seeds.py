"""The seeds: 000 restored exactly, 001 untouched, 002 recovered and replayable."""

from __future__ import annotations

import pytest

from roadmapi18n.repair import apply_plan, find_mojibake, repair_text
from roadmapi18n.repair.langmodel.priors import is_han
from roadmapi18n.repair.simulate import damaged_positions, misread

from .conftest import SEED_DROP, read


@pytest.fixture(scope="module")
def seed000() -> str:
    return read("../seeds/vi_macroman.txt")


@pytest.fixture(scope="module")
def seed002_result():  # type: ignore[no-untyped-def]
    return repair_text(read("../seeds/zh_hant_cp1254_lossy.txt"), locale="zh_Hant")


def test_seed000_every_line_restored_exactly(seed000: str) -> None:
    expected = read("seed000.vi.expected.txt").split("\n")
    result = repair_text(seed000, locale="vi")
    got = result.text.split("\n")
    assert len(got) == len(expected) == 273  # 272 lines and the final newline
    wrong = [(number, line) for number, (line, want) in enumerate(zip(got, expected, strict=True), 1) if line != want]
    assert wrong == []
    assert result.encoding == "utf-8 read as mac_roman"
    assert [step.name for step in result.plan] == ["decode"]
    assert result.confidence == 1.0


def test_seed000_short_segments_ftfy_leaves_alone(seed000: str) -> None:
    repaired = repair_text(seed000).text
    assert "### Khác" in repaired
    assert "📚 **References**:" in repaired
    assert "\uf8ff" not in repaired


def test_seed000_plan_replays(seed000: str) -> None:
    result = repair_text(seed000)
    assert apply_plan(seed000, result.plan) == result.text


def test_seed001_english_is_untouched() -> None:
    english = read("../seeds/en_course_scraped.txt")
    result = repair_text(english, locale="en")
    assert result.text == english
    assert not result.changed
    assert result.plan == ()
    assert find_mojibake(english) == []


@pytest.mark.slow
def test_seed002_plan_replays(seed002_result) -> None:  # type: ignore[no-untyped-def]
    assert apply_plan(read("../seeds/zh_hant_cp1254_lossy.txt"), seed002_result.plan) == seed002_result.text


@pytest.mark.slow
def test_seed002_profile_and_steps(seed002_result) -> None:  # type: ignore[no-untyped-def]
    assert seed002_result.encoding == "utf-8 read as windows-1254"
    assert [step.name for step in seed002_result.plan] == ["decode", "recover"]
    # Every damaged character in the seed (1,541 by byte count) got a guess, and none is left as mojibake.
    assert len([guess for guess in seed002_result.guesses if not guess.kept]) == 1541
    assert find_mojibake(seed002_result.text) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (2, "  <h1>🗣️ 大語言模型課程心得</h1>"),
        (13, "此 LLM 課程心得分成三個部分:"),
        (15, "1. 🧩 **LLM 基礎** 涵蓋了數學,Python 和神經網路等基礎知識."),
        (16, "2. 🧑‍🔬 **LLM 模型工程** 專注在使用最新的技巧,技術搭建現階段個人可實現最好的LLMs."),
        (21, "與大型語言模型相關的筆記本和文章清單。"),
        (178, "### 3. 預訓練模型"),
        (
            149,
            "* **注意力機制**: 掌握注意力機制背後的理論，包括自註意力和縮放點積注意力，"
            "這使得模型在產生輸出時能夠專注於輸入的不同部分。",
        ),
    ],
    ids=[
        "vs16-after-emoji",
        "lone-lead-byte",
        "list-item",
        "zwj-sequence",
        "fullwidth-full-stop",
        "term-in-no-word-list",
        "cc-cedict-term",
    ],
)
def test_seed002_hand_checked_lines(seed002_result, number: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert seed002_result.text.split("\n")[number - 1] == expected


SEED002 = "../seeds/zh_hant_cp1254_lossy.txt"
GOLDEN = "seed002.zh_Hant.expected.txt"

CORRECTED_AFTER_THE_HAND_CHECK = {(269, 294): ("中", "不")}
"""(line, column) -> (what the hand check had kept, what is right). 這個過程不需要再次訓練: merging needs no
training, as the English and the rest of the paragraph say; a reader of the published README found it."""


def _hand_checked(golden: list[str]) -> list[tuple[int, int]]:
    """(1-based line, 1-based column) of every character read by hand: those whose bytes the seed lost.

    Which characters lost bytes follows from the golden text itself (a character
    lost one exactly when one of its UTF-8 bytes is a byte seed 002 lost), not
    from what the engine happened to guess.
    """
    return [
        (number, offset + 1) for number, line in enumerate(golden, 1) for offset in damaged_positions(line, SEED_DROP)
    ]


def test_seed002_golden_file_says_what_was_read_by_hand() -> None:
    """What the golden file rests on, character by character (tests/data/repair/README.md tells how it was made).

    Read by hand: the 1,541 characters whose bytes seed 002 lost (1,449 Han, 92
    others: emoji, VS16, ZWJ, punctuation). A reader of Chinese checked each in
    its line, the engine's confident guesses as well as the doubtful ones, and
    corrected the wrong ones; one more was corrected later
    (:data:`CORRECTED_AFTER_THE_HAND_CHECK`).

    Taken on trust: every other character (all but those 1,541). Its bytes all
    survived in the seed, so its value is what they decode to; nobody read it,
    and a slip of the original translator stays as written (自註意力). Below,
    the golden file misread the way seed 002 was made gives back the seed byte
    for byte: the trusted characters are exactly what the seed holds, and every
    hand-checked one is consistent with the bytes that survived.
    """
    golden = read(GOLDEN).split("\n")
    checked = _hand_checked(golden)
    assert len(checked) == 1541
    assert sum(is_han(golden[line - 1][column - 1]) for line, column in checked) == 1449
    assert misread("\n".join(golden), "cp1254", drop=SEED_DROP) == read(SEED002)
    for (line, column), (before, after) in CORRECTED_AFTER_THE_HAND_CHECK.items():
        assert (line, column) in checked
        assert golden[line - 1][column - 1] == after != before


@pytest.mark.slow
def test_seed002_accuracy_against_the_hand_checked_text(seed002_result) -> None:  # type: ignore[no-untyped-def]
    """Issue target: at least 98.5% of the damaged Han characters come back right (now 1,434 of 1,449, 98.96%).

    A guess is right when it is the hand-checked character at its line and
    column. Every character taken on trust must come out of the lossless
    decoding exactly as the golden file has it.
    """
    golden = read(GOLDEN).split("\n")
    got = seed002_result.text.split("\n")
    assert [len(line) for line in got] == [len(line) for line in golden]
    checked = set(_hand_checked(golden))
    guessed = {(finding.line, guess.column) for finding in seed002_result.lines for guess in finding.guesses}
    assert guessed == checked  # the engine guessed exactly the characters that lost bytes
    han = [(line, column) for line, column in sorted(checked) if is_han(golden[line - 1][column - 1])]
    wrong = [
        f"{line}:{column} {got[line - 1][column - 1]}→{golden[line - 1][column - 1]}"
        for line, column in han
        if got[line - 1][column - 1] != golden[line - 1][column - 1]
    ]
    assert (len(han) - len(wrong)) / len(han) >= 0.985, wrong
    trusted_differences = [
        (number, column)
        for number, (mine, theirs) in enumerate(zip(got, golden, strict=True), 1)
        for column, (a, b) in enumerate(zip(mine, theirs, strict=True), 1)
        if a != b and (number, column) not in checked
    ]
    assert trusted_differences == []


@pytest.mark.slow
def test_seed002_reports_where_it_was_unsure(seed002_result) -> None:  # type: ignore[no-untyped-def]
    uncertain = seed002_result.uncertain
    assert 0 < len(uncertain) < 200
    assert all(len(guess.candidates) >= 2 for guess in uncertain)
    assert "UNCERTAIN" in seed002_result.format_text()
