"""The file-level import: repair, align, and the new catalog content — conflicts, fuzziness, no damage let in.

The project-level tests go through ``build``'s plan, which needs the merge step
(``roadmapi18n.merge``); they are skipped while it is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.errors import RoadmapError
from roadmapi18n.extract import template_catalog
from roadmapi18n.importer import Change, ImportResult, import_markdown, read_legacy
from roadmapi18n.model import Roadmap
from roadmapi18n.repair import find_mojibake
from roadmapi18n.roadmap import load_roadmap

DATA = Path(__file__).parent / "data"
CASES = DATA / "import" / "cases"
_DROPPED = frozenset(b"\x81\x8d\x8e\x8f\x90\x9d\x9e\xad")


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return load_roadmap(DATA / "import" / "roadmap" / "course.yaml")


def fresh(roadmap: Roadmap) -> Catalog:
    catalog = template_catalog(roadmap, {"Language": "vi"})
    catalog.header_flags = []
    return catalog


def mac_roman_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


def cp1254_lossy_mojibake(text: str) -> str:
    data = bytes(b for b in text.encode("utf-8") if b not in _DROPPED)
    return data.decode("cp1254", errors="ignore")


def run(roadmap: Roadmap, name: str, locale: str, catalog: Catalog | None = None, **options: bool) -> ImportResult:
    text = mac_roman_mojibake((CASES / f"{name}.md").read_text(encoding="utf-8"))
    return import_markdown(roadmap, catalog or fresh(roadmap), text, locale=locale, source=f"{name}.md", **options)


def entry(catalog: Catalog, unit: str) -> Message:
    return catalog.by_context()[unit]


def test_mojibake_is_repaired_and_strong_matches_become_translations(roadmap: Roadmap) -> None:
    result = run(roadmap, "parts_list", "vi")
    message = entry(result.catalog, "basics.summary")
    assert (message.msgstr, message.fuzzy) == ("bao gồm toán học, Python và mạng nơ-ron.", False)
    assert any(c.startswith("imported from parts_list.md:6") for c in message.translator_comments)
    assert result.report.repair.encoding == "utf-8 read as mac_roman"


def test_mojibake_the_repair_leaves_makes_the_imported_entry_fuzzy(roadmap: Roadmap) -> None:
    # A private-use character has no plausible decoding: its mojibake stays in the text, so the translation
    # holding it must be checked, not published.
    text = (CASES / "parts_list.md").read_text(encoding="utf-8")
    text = text.replace("bao gồm toán học", "\ue000 bao gồm toán học", 1)
    result = import_markdown(roadmap, fresh(roadmap), mac_roman_mojibake(text), locale="vi", source="parts_list.md")
    message = entry(result.catalog, "basics.summary")
    assert message.fuzzy and message.msgstr.endswith("bao gồm toán học, Python và mạng nơ-ron.")
    assert any("mojibake left as is" in comment for comment in message.translator_comments)
    assert entry(result.catalog, "science.summary").fuzzy is False  # the other lines stay confirmed


def test_weak_matches_become_fuzzy_with_the_evidence_in_a_comment(roadmap: Roadmap) -> None:
    message = entry(run(roadmap, "changed_source", "vi").catalog, "notebooks.tuning.tune-llama.name")
    assert message.fuzzy and message.msgstr == "Tinh chỉnh Llama 2 trong Google Colab"
    assert any(c.startswith("fuzzy because: names in the English missing") for c in message.translator_comments)


def test_left_in_english_and_extra_content_never_enter_the_catalog(roadmap: Roadmap) -> None:
    catalog = run(roadmap, "english_left", "vi").catalog
    assert entry(catalog, "basics.math.intro").msgstr == ""
    assert entry(catalog, "science.intro").msgstr == ""


def test_a_confirmed_translation_is_not_overwritten_but_reported(roadmap: Roadmap) -> None:
    catalog = fresh(roadmap)
    entry(catalog, "basics.summary").msgstr = "Bản dịch của người dịch."
    result = run(roadmap, "parts_list", "vi", catalog)
    assert entry(result.catalog, "basics.summary").msgstr == "Bản dịch của người dịch."
    conflict = next(c for c in result.report.changes if c.unit_id == "basics.summary")
    assert conflict.change is Change.CONFLICT and conflict.after.startswith("bao gồm")
    assert entry(catalog, "basics.summary").msgstr == "Bản dịch của người dịch."  # the input was not touched


def test_overwrite_replaces_a_confirmed_translation(roadmap: Roadmap) -> None:
    catalog = fresh(roadmap)
    entry(catalog, "basics.summary").msgstr = "Bản dịch của người dịch."
    result = run(roadmap, "parts_list", "vi", catalog, overwrite=True)
    assert entry(result.catalog, "basics.summary").msgstr == "bao gồm toán học, Python và mạng nơ-ron."
    assert next(c for c in result.report.changes if c.unit_id == "basics.summary").change is Change.UPDATED


def test_a_fuzzy_translation_is_replaced_and_translator_comments_kept(roadmap: Roadmap) -> None:
    catalog = fresh(roadmap)
    message = entry(catalog, "science.title")
    message.msgstr, message.fuzzy, message.translator_comments = "Nháp", True, ["checked by Lan"]
    result = run(roadmap, "parts_list", "vi", catalog)
    updated = entry(result.catalog, "science.title")
    assert (updated.msgstr, updated.fuzzy) == ("Nhà nghiên cứu LLM", False)
    assert updated.translator_comments[0] == "checked by Lan"


def test_importing_twice_changes_nothing_the_second_time(roadmap: Roadmap) -> None:
    first = run(roadmap, "table_rows", "vi")
    second = run(roadmap, "table_rows", "vi", first.catalog)
    assert second.text == first.text
    assert {c.change for c in second.report.changes} == {Change.UNCHANGED}


def test_lossy_chinese_enters_without_damage_and_unsure_characters_make_it_fuzzy(roadmap: Roadmap) -> None:
    text = cp1254_lossy_mojibake((CASES / "chinese.md").read_text(encoding="utf-8"))
    result = import_markdown(roadmap, fresh(roadmap), text, locale="zh_Hant", source="chinese.md")
    imported = [m for m in result.catalog.messages if m.msgstr]
    assert imported, "something was imported"
    assert all("\ufffd" not in m.msgstr and not find_mojibake(m.msgstr) for m in imported)
    unsure = [m for m in imported if any(c.startswith("uncertain characters: ") for c in m.translator_comments)]
    assert all(m.fuzzy for m in unsure)


def test_conflicted_file_is_refused_and_nothing_is_produced(roadmap: Roadmap) -> None:
    text = (DATA / "seeds" / "vi_conflicted.txt").read_text(encoding="utf-8")
    with pytest.raises(RoadmapError, match="lines 14, 122, 147"):
        import_markdown(roadmap, fresh(roadmap), text, locale="vi", source="vi_conflicted.txt")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "legacy.md"
    path.write_bytes(b"# Title\n\ncaf\xe9\n")
    with pytest.raises(RoadmapError) as caught:
        read_legacy(path)
    assert caught.value.line == 3


def test_report_json_is_stable_and_complete(roadmap: Roadmap) -> None:
    report = run(roadmap, "extra_links", "vi").report
    assert report.to_json_text() == run(roadmap, "extra_links", "vi").report.to_json_text()
    data = json.loads(report.to_json_text())
    assert data["catalog"]["added"] == len([c for c in data["changes"] if c["change"] == "added"])
    assert {e["line"] for e in data["alignment"]["extras"]} >= {9, 21, 24, 26}
    assert "Legacy content the roadmap lacks" in report.text()


# --- the seeds, through a whole project -------------------------------------------------------------


@pytest.fixture
def project(course_e472998: Path) -> object:
    """The course as of e472998 (what the seeds were first imported into), catalogs removed: imports start afresh."""
    import shutil

    from roadmapi18n.project import Project

    shutil.rmtree(course_e472998 / "locales", ignore_errors=True)
    return Project.open(course_e472998)


def test_vietnamese_seed_into_the_project_catalog(project: object, course_e472998: Path) -> None:
    from roadmapi18n.importer import import_legacy
    from roadmapi18n.project import Project

    assert isinstance(project, Project)
    result = import_legacy(project, DATA / "seeds" / "vi_macroman.txt", "vi")
    assert result.path == course_e472998 / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    assert not result.path.exists() or result.previous == result.path.read_text(encoding="utf-8")  # nothing written
    counts = result.report.counts()
    assert (counts["translated"], counts["fuzzy"], counts["skipped"]) == (86, 5, 0)
    title = entry(result.catalog, "fundamentals.mathematics.title")
    assert (title.msgstr, title.fuzzy) == ("Toán học cho học máy", False)
    assert all(not m.msgstr.isascii() for m in result.catalog.messages if m.msgstr)
    assert '+msgstr "Toán học cho học máy"' in result.diff()
    assert any(c.startswith("imported from vi_macroman.txt:42 (") for c in title.translator_comments)  # no abs path


@pytest.mark.slow
def test_chinese_seed_into_the_project_catalog(project: object) -> None:
    from roadmapi18n.importer import import_legacy
    from roadmapi18n.project import Project

    assert isinstance(project, Project)
    result = import_legacy(project, DATA / "seeds" / "zh_hant_cp1254_lossy.txt", "zh_Hant")
    imported = [m for m in result.catalog.messages if m.msgstr]
    assert len(imported) == result.report.counts()["added"]
    assert all("\ufffd" not in m.msgstr and not find_mojibake(m.msgstr) for m in imported)
    assert entry(result.catalog, "notebooks.other.title").msgstr == "其他"
    assert entry(result.catalog, "fundamentals.mathematics.topics.linear-algebra.title").msgstr == "線性代數"
    assert result.report.repair.encoding == "utf-8 read as windows-1254"


def test_an_import_that_changes_the_catalog_stamps_its_revision_date(
    course_e472998: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like a translator's editor: PO-Revision-Date moves with the translations, and only then."""
    from roadmapi18n.build import build_project
    from roadmapi18n.importer import import_legacy
    from roadmapi18n.project import Project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    project = Project.open(course_e472998)
    po = course_e472998 / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Toán học cho học máy"', 'msgstr ""'), "utf-8")
    build_project(project)
    before = Project.open(course_e472998).catalog("vi")
    assert before is not None and before.headers["PO-Revision-Date"] != "2026-01-01 00:00+0000"

    changed = import_legacy(Project.open(course_e472998), DATA / "seeds" / "vi_macroman.txt", "vi")
    assert changed.changed and changed.catalog.headers["PO-Revision-Date"] == "2026-01-01 00:00+0000"
    po.write_text(changed.text, encoding="utf-8")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # a day later: importing again changes nothing
    again = import_legacy(Project.open(course_e472998), DATA / "seeds" / "vi_macroman.txt", "vi")
    assert not again.changed and again.text == changed.text
