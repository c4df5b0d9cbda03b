"""Less needless caution, no less care: the facts behind the made-up golden cases, stated one by one.

A label worded several ways takes its clear majority wording; names written in another form do not make
an entry fuzzy; position counts when the neighbours agree; a preamble of the file's own and an English
copy of a translated block are recognised. Each case also shows where caution stays.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from roadmapi18n.importer import Alignment, Proposal, Status, align
from roadmapi18n.importer.language import doubts
from roadmapi18n.roadmap import load_roadmap

DATA = Path(__file__).parent / "data" / "import"


@cache
def aligned(folder: str, case: str, locale: str) -> Alignment:
    root = DATA / folder if folder else DATA
    roadmap = load_roadmap(root / "roadmap" / "course.yaml")
    return align(roadmap, (root / "cases" / f"{case}.md").read_text(encoding="utf-8"), locale=locale)


def proposal(result: Alignment, unit: str) -> Proposal:
    return next(p for p in result.proposals if p.unit_id == unit)


def test_a_label_with_a_clear_majority_wording_is_confirmed_with_the_others_noted() -> None:
    by_author = proposal(aligned("wide", "label_three_ways", "zh_Hant"), "labels.by-author")
    assert (by_author.translation, by_author.status, by_author.doubts) == ("作者 {author}", Status.TRANSLATED, ())
    assert by_author.notes == (
        "other wordings in the legacy file: '由 {author} 撰寫' (line 23); '{author} 著' (line 44)"
        " (the majority wording, 4 of 6, is used)",
    )


def test_a_label_without_a_clear_majority_stays_fuzzy() -> None:
    references = proposal(aligned("wide", "label_three_ways", "zh_Hant"), "labels.references")
    assert (references.translation, references.status) == ("參考資料", Status.FUZZY)  # 3 of 6: no clear majority
    assert "line 36 has another text: '延伸閱讀'" in references.doubts


def test_names_kept_confirm_a_list_that_grew_and_neighbours_confirm_what_sits_between() -> None:
    result = aligned("wide", "thanks_shorter", "zh_Hans")
    assert {p.unit_id: p.status for p in result.proposals} == {
        "acknowledgements.title": Status.TRANSLATED,
        "acknowledgements.text": Status.TRANSLATED,
        "acknowledgements.thanks-lead": Status.TRANSLATED,  # no count in it: the longer list does not matter
        "acknowledgements.thanks.ada": Status.TRANSLATED,
        "acknowledgements.thanks.grace": Status.TRANSLATED,
        "course.disclaimer": Status.TRANSLATED,  # the only paragraph after the thanks, as in the roadmap
    }
    assert proposal(result, "acknowledgements.thanks.grace").evidence[0] == "shared names grace, hopper"


def test_position_alone_with_a_free_slot_beside_it_stays_fuzzy() -> None:
    """The unnamed second item could be Grace's or Alan's: it and the disclaimer after it stay fuzzy."""
    result = aligned("wide", "thanks_unnamed", "zh_Hans")
    fuzzy = {p.unit_id for p in result.proposals if p.status is Status.FUZZY}
    assert fuzzy == {"acknowledgements.thanks.grace", "course.disclaimer"}
    assert proposal(result, "course.disclaimer").doubts == ("weak match: position only",)


def test_the_course_header_after_a_preamble_of_the_files_own_gives_the_title() -> None:
    result = aligned("", "preamble", "zh_Hans")
    title = proposal(result, "course.title")
    assert (title.translation, title.status, title.line) == ("小型大语言模型课程", Status.TRANSLATED, 9)
    assert [(e.line, e.text, e.reason) for e in result.extras] == [
        (2, "my-course-translation", "before the course's own header (the file's own preamble)"),
        (4, "许可", "before the course's own header (the file's own preamble)"),
        (6, "本翻译已获作者许可。", "before the course's own header (the file's own preamble)"),
    ]


def test_the_translated_copy_of_a_duplicated_table_wins() -> None:
    result = aligned("", "duplicated_table", "vi")
    name = proposal(result, "notebooks.tuning.tune-llama.name")
    assert (name.translation, name.status, name.line) == ("Tinh chỉnh Llama 2 với QLoRA", Status.TRANSLATED, 13)
    assert proposal(result, "labels.open-in-colab").translation == "Mở trong Colab"
    assert [(e.line, e.reason) for e in result.extras] == [
        (8, "an English copy of line 13, which is used"),
        (9, "an English copy of line 14, which is used"),
    ]


@pytest.mark.parametrize(
    ("translation", "english", "locale", "expected"),
    [
        ("OWASP LLM十大安全问题", "OWASP LLM Top 10", "zh_Hans", []),
        ("RealPython - 使用spaCy进行Python自然语言处理", "RealPython - NLP with spaCy in Python", "zh_Hans", []),
        ("动手学图神经网络", "Hands-on GNN", "zh_Hans", []),
        ("Tinh chỉnh Code Llama với Axolotl", "Fine-tune CodeLlama using Axolotl", "vi", []),
        (
            "在Google Colab中微调Llama 2",
            "Fine-tune Llama 2 with QLoRA",
            "zh_Hans",
            ["names in the English missing from the translation: qlora"],
        ),
        (
            "一键将LLM量化为GGUF格式。",
            "Quantize LLMs in GGUF, GPTQ, EXL2, AWQ, and HQQ formats in one click.",
            "zh_Hans",
            ["names in the English missing from the translation: awq, exl2, gptq, hqq"],
        ),
    ],
    ids=["chinese-numeral", "acronym-written-out", "acronym-in-a-title", "name-split", "added-name", "added-names"],
)
def test_names_in_another_form_are_not_missing(
    translation: str, english: str, locale: str, expected: list[str]
) -> None:
    assert doubts(translation, english, locale) == expected


def test_the_other_wordings_are_a_comment_that_a_second_import_replaces() -> None:
    from roadmapi18n.extract import template_catalog
    from roadmapi18n.importer import import_markdown

    roadmap = load_roadmap(DATA / "wide" / "roadmap" / "course.yaml")
    text = (DATA / "wide" / "cases" / "label_three_ways.md").read_text(encoding="utf-8")
    first = import_markdown(roadmap, template_catalog(roadmap, {}), text, locale="zh_Hant", source="legacy.md")
    message = first.catalog.by_context()["labels.by-author"]
    assert (message.msgstr, message.fuzzy) == ("作者 {author}", False)
    notes = [c for c in message.translator_comments if c.startswith("other wordings in the legacy file: ")]
    assert len(notes) == 1 and "'{author} 著' (line 44)" in notes[0]
    second = import_markdown(roadmap, first.catalog, text, locale="zh_Hant", source="legacy.md")
    assert second.text == first.text
