"""Alignment of legacy READMEs with the roadmap, on small made-up documents (tests/data/import/cases)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmapi18n.errors import RoadmapError
from roadmapi18n.importer import Alignment, Status, align, conflict_marker_lines, refuse_conflicts
from roadmapi18n.model import Roadmap
from roadmapi18n.roadmap import load_roadmap

DATA = Path(__file__).parent / "data"
CASES = DATA / "import" / "cases"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_roadmap(DATA / "import" / "roadmap" / "course.yaml")


def run_case(roadmap: Roadmap, name: str) -> Alignment:
    text = (CASES / f"{name}.md").read_text(encoding="utf-8")
    locale = re.search(r"locale: (\S+)", text)
    assert locale is not None
    return align(roadmap, text, locale=locale.group(1))


def translations(alignment: Alignment, status: Status | None = None) -> dict[str, str]:
    return {p.unit_id: p.translation for p in alignment.proposals if status is None or p.status is status}


def test_reordered_sections_match_by_number_and_links(roadmap: Roadmap) -> None:
    found = translations(run_case(roadmap, "reordered"), Status.TRANSLATED)
    assert found["basics.python.title"] == "Python cho học máy"
    assert found["basics.math.title"] == "Toán học cho học máy"
    assert found["basics.python.topics.basics.title"] == "Kiến thức cơ bản về Python"
    assert found["basics.math.topics.calculus.description"] == "Đạo hàm, tích phân và gradient."
    assert found["basics.math.resources.khan-calculus.description"] == "Một khóa học tương tác về giải tích."


def test_missing_sections_are_reported_and_the_rest_still_aligns(roadmap: Roadmap) -> None:
    result = run_case(roadmap, "missing")
    assert "LLM Fundamentals › 2. Python for Machine Learning" in result.missing
    assert "The LLM Scientist" in result.missing
    found = translations(result, Status.TRANSLATED)
    assert found["basics.networks.topics.mlp.title"] == "Perceptron nhiều lớp"
    assert not any(unit.startswith("basics.python.") for unit in found)


def test_extra_links_rows_and_sections_are_listed_with_their_lines(roadmap: Roadmap) -> None:
    result = run_case(roadmap, "extra_links")
    extras = {(e.line, e.kind) for e in result.extras}
    assert (9, "row") in extras  # a notebook the course no longer has (its Colab link is unknown)
    assert (21, "item") in extras  # a local resource link
    assert (24, "heading") in extras and (26, "paragraph") in extras  # the "Đóng góp" (contributions) section
    assert "notebooks.tuning.quantize.name" not in translations(result)  # not taken by position


def test_an_added_inline_link_makes_the_translation_fuzzy(roadmap: Roadmap) -> None:
    unit = "basics.math.topics.linear-algebra.description"
    proposal = next(p for p in run_case(roadmap, "extra_links").proposals if p.unit_id == unit)
    assert proposal.status is Status.FUZZY
    assert any("https://example.com/local/vectors" in doubt for doubt in proposal.doubts)


def test_passages_left_in_english_are_reported_not_proposed(roadmap: Roadmap) -> None:
    result = run_case(roadmap, "english_left")
    english = {e.unit_id for e in result.left_in_english}
    assert {"basics.math.intro", "basics.math.topics.linear-algebra.description", "science.intro"} <= english
    assert "basics.math.topics.calculus.description" in english  # an older English wording, not a translation
    assert english.isdisjoint(translations(result))
    assert translations(result)["basics.math.topics.linear-algebra.title"] == "Đại số tuyến tính"
    assert not any(unit.startswith("science.") for unit in translations(result))


@pytest.mark.parametrize(
    ("unit", "doubt"),
    [
        ("notebooks.tuning.tune-llama.name", "qlora"),
        ("science.tuning.topics.axolotl.description", "https://example.com/axolotl/old-docs"),
        ("science.evaluation.title", "Benchmarks and Leaderboards"),
    ],
    ids=["name-changed", "link-target-changed", "old-english-gloss"],
)
def test_a_changed_english_source_makes_the_translation_fuzzy(roadmap: Roadmap, unit: str, doubt: str) -> None:
    proposal = next(p for p in run_case(roadmap, "changed_source").proposals if p.unit_id == unit)
    assert proposal.status is Status.FUZZY
    assert any(doubt in d for d in proposal.doubts)


def test_unchanged_units_beside_changed_ones_stay_translated(roadmap: Roadmap) -> None:
    found = translations(run_case(roadmap, "changed_source"), Status.TRANSLATED)
    assert found["science.tuning.topics.lora.description"].startswith("Một kỹ thuật tiết kiệm tham số")
    assert found["science.evaluation.intro"] == "Đánh giá LLM là một phần bị đánh giá thấp của quy trình."


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("notebooks.tuning.quantize.name", "Lượng tử hóa với GPTQ"),  # its Colab link only
        ("notebooks.tuning.tune-mistral.description", "Tăng hiệu suất của các mô hình đã tinh chỉnh bằng DPO."),
        ("notebooks.tuning.tune-llama.name", "Tinh chỉnh Llama 2 với QLoRA"),
        ("labels.article", "Bài viết"),
        ("labels.open-in-colab", "Mở trong Colab"),
    ],
    ids=["by-colab", "by-article", "renumbered-and-reordered", "article-label", "colab-label"],
)
def test_table_rows_match_by_colab_or_article_url(roadmap: Roadmap, unit: str, expected: str) -> None:
    assert translations(run_case(roadmap, "table_rows"), Status.TRANSLATED)[unit] == expected


def test_parts_list_gives_titles_and_summaries(roadmap: Roadmap) -> None:
    found = translations(run_case(roadmap, "parts_list"), Status.TRANSLATED)
    assert found["basics.summary"] == "bao gồm toán học, Python và mạng nơ-ron."
    assert found["science.title"] == "Nhà nghiên cứu LLM"
    assert found["course.parts-lead"] == "Khóa học được chia thành hai phần:"
    assert found["course.assistants.helper.name"] == "Trợ lý Helper"


def test_a_lead_whose_list_changed_length_is_fuzzy(roadmap: Roadmap) -> None:
    lead = next(p for p in run_case(roadmap, "parts_list_old").proposals if p.unit_id == "course.parts-lead")
    assert lead.status is Status.FUZZY
    assert "the list it introduces had 1 item, it now has 2" in lead.doubts


def test_chinese_with_english_glosses_is_a_translation(roadmap: Roadmap) -> None:
    result = run_case(roadmap, "chinese")
    found = translations(result, Status.TRANSLATED)
    assert found["science.evaluation.topics.metrics.title"] == "傳統指標 Traditional metrics"
    assert found["science.tuning.topics.lora.description"] == "一種基於低秩適配器的高效參數技術。"
    assert found["labels.references"] == "參考資料"
    english = {e.unit_id for e in result.left_in_english}
    assert "science.tuning.topics.axolotl.description" in english


def test_conflicted_file_is_refused_with_the_marker_lines() -> None:
    text = (DATA / "seeds" / "vi_conflicted.txt").read_text(encoding="utf-8")
    with pytest.raises(RoadmapError) as caught:
        refuse_conflicts(text, "vi_conflicted.txt")
    assert "lines 14, 122, 147" in str(caught.value)
    assert caught.value.line == 14
    assert caught.value.hint is not None and "<<<<<<<" in caught.value.hint
    assert "nothing was imported" in caught.value.message and caught.value.hint.endswith("then import again")


def test_a_setext_underline_is_not_a_conflict_marker() -> None:
    text = (CASES / "setext.md").read_text(encoding="utf-8")
    assert conflict_marker_lines(text) == []
    refuse_conflicts(text)
