"""The real legacy READMEs (copies in tests/data/seeds) aligned with the real course roadmap.

The Vietnamese seed is UTF-8 read as Mac Roman: that round trip is lossless, so
these alignment tests undo it directly and check concrete facts of the result.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmapi18n.importer import Alignment, Status, align
from roadmapi18n.importer.inline import vietnamese_share
from roadmapi18n.roadmap import load_roadmap

SEEDS = Path(__file__).parent / "data" / "seeds"
COURSE = Path(__file__).parent / "data" / "course-e472998"
"""The roadmap as it was transcribed from upstream e472998: the revision these facts were established on."""


@pytest.fixture(scope="module")
def vietnamese() -> Alignment:
    broken = (SEEDS / "vi_macroman.txt").read_text(encoding="utf-8")
    text = broken.encode("mac_roman").decode("utf-8")
    return align(load_roadmap(COURSE / "roadmap" / "course.yaml", root=COURSE), text, locale="vi")


def test_vietnamese_figures(vietnamese: Alignment) -> None:
    assert vietnamese.summary() == {
        "units": 463,
        "translated": 86,
        "fuzzy": 5,
        "left_in_english": 185,
        "extra_blocks": 10,
        "missing_groups": 8,
    }


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("fundamentals.mathematics.title", "Toán học cho học máy"),
        ("fundamentals.title", "Cơ bản về LLM"),
        ("scientist.title", "Nhà nghiên cứu LLM"),
        ("fundamentals.nlp.topics.word-embeddings.title", "Nhúng từ"),
        ("notebooks.other.title", "Khác"),
        ("notebooks.quantization.introduction-to-quantization.name", "Giới thiệu về Lượng tử hóa trọng số"),
        ("labels.description", "Mô tả"),
    ],
    ids=["section-title", "part-title", "part-title-in-bold", "topic-title", "table-title", "numbered-row", "label"],
)
def test_vietnamese_translations(vietnamese: Alignment, unit: str, expected: str) -> None:
    proposal = next(p for p in vietnamese.proposals if p.unit_id == unit)
    assert (proposal.translation, proposal.status) == (expected, Status.TRANSLATED)


def test_every_vietnamese_proposal_is_vietnamese(vietnamese: Alignment) -> None:
    assert all(vietnamese_share(p.translation) >= 0.1 for p in vietnamese.proposals)


def test_english_only_llm_scientist_passages_are_not_imported(vietnamese: Alignment) -> None:
    scientist = {p.unit_id for p in vietnamese.proposals if p.unit_id.startswith("scientist.")}
    assert scientist == {"scientist.title", "scientist.summary", "scientist.architecture.title"}
    english = {e.unit_id for e in vietnamese.left_in_english}
    assert {"scientist.architecture.intro", "scientist.fine-tuning.topics.lora.description"} <= english
    # "8. Inference optimization" moved to the LLM Engineer part; its links say so.
    assert "engineer.inference-optimization.topics.flash-attention.description" in english


def test_contributions_section_and_dropped_content_are_reported(vietnamese: Alignment) -> None:
    extras = {(e.line, e.kind): e for e in vietnamese.extras}
    assert extras[(258, "heading")].text == "Contributions"
    assert extras[(260, "paragraph")].text.startswith("Feel free to contact me")
    assert extras[(35, "row")].text.startswith("Trực quan hóa hàm mất mát của GPT-2")  # a notebook since removed


def test_a_two_part_intro_is_fuzzy_now_that_there_are_three(vietnamese: Alignment) -> None:
    lead = next(p for p in vietnamese.proposals if p.unit_id == "course.parts-lead")
    assert lead.status is Status.FUZZY
    assert "the list it introduces had 2 items, it now has 3" in lead.doubts


def test_the_current_english_readme_proposes_nothing_and_finds_nearly_every_unit() -> None:
    """A negative control: the scraped English README (seed 001) is all English, its page chrome extra."""
    roadmap = load_roadmap(COURSE / "roadmap" / "course.yaml", root=COURSE)
    result = align(roadmap, (SEEDS / "en_course_scraped.txt").read_text(encoding="utf-8"), locale="vi")
    assert result.proposals == ()
    english = {e.unit_id for e in result.left_in_english}
    not_found = [t.id for t in roadmap.texts() if t.id not in english]
    # The scrape flattened the HTML header and dropped the Colab badges; the status line is ours.
    assert not_found == [
        "course.title",
        "course.links.x.label",
        "course.links.hugging-face.label",
        "course.links.blog.label",
        "course.links.hands-on-gnn.label",
        "labels.open-in-colab",
        "labels.translation-status",
    ]
    assert {e.text for e in result.extras} >= {"Toggle section", "Star History Chart"}
