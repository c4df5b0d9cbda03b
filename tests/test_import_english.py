"""``import --english``: a translation aligned with the English it was made from, then carried to today's units.

The made-up case (``tests/data/import/english``): ``old.en.md`` is an older revision of the import-test
roadmap's English — a section heading since renamed (Benchmarks → Evaluation), a part summary since
reworded, a link since moved, a resource since removed, a notebook since added — and ``old.vi.md`` its
Vietnamese translation, block for block (behind a preamble of its own, with a stray English copy of the
notebook table above the translated one). Without ``--english`` the importer cannot know what changed;
with it, nothing stale is confirmed and each changed entry carries its old English as ``#| msgid``.
To accept a deliberate change of the golden reports, run with ``ROADMAPI18N_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmapi18n.build import build_project
from roadmapi18n.catalog import Catalog, Message, read_po, write_po
from roadmapi18n.cli import app
from roadmapi18n.errors import RoadmapError
from roadmapi18n.importer import Change, ImportResult, Status, import_legacy
from roadmapi18n.importer.english import CHANGED
from roadmapi18n.project import Project

DATA = Path(__file__).parent / "data" / "import"
CASE = DATA / "english"
CONFIG = 'name = "Small LLM Course"\n\n[[locales]]\ncode = "vi"\nlabel = "Tiếng Việt"\n'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project around the import-test roadmap, built once (empty vi catalog)."""
    root = tmp_path_factory.mktemp("english") / "project"
    shutil.copytree(DATA / "roadmap", root / "roadmap")
    (root / "roadmapi18n.toml").write_text(CONFIG, encoding="utf-8")
    build_project(Project.open(root))
    for name in ("old.en.md", "old.vi.md"):
        shutil.copy2(CASE / name, root / name)
    return root


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "project"))


@pytest.fixture(scope="module")
def with_english(built: Path) -> ImportResult:
    return import_legacy(Project.open(built), built / "old.vi.md", "vi", english=built / "old.en.md")


@pytest.fixture(scope="module")
def without_english(built: Path) -> ImportResult:
    return import_legacy(Project.open(built), built / "old.vi.md", "vi")


def entry(catalog: Catalog, unit: str) -> Message:
    return catalog.by_context()[unit]


def golden(result: ImportResult, name: str) -> None:
    actual = result.report.to_json_text()
    expected = CASE / name
    if os.environ.get("ROADMAPI18N_UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_report_without_english_matches_golden(without_english: ImportResult) -> None:
    golden(without_english, "old.vi.expect.json")


def test_report_with_english_matches_golden(with_english: ImportResult) -> None:
    golden(with_english, "old.vi.english.expect.json")


def test_without_english_a_renamed_heading_is_taken_for_the_new_one(without_english: ImportResult) -> None:
    """The limit --english removes: 'Điểm chuẩn' translates 'Benchmarks', yet looks like 'Evaluation''s."""
    title = entry(without_english.catalog, "science.evaluation.title")
    assert (title.msgid, title.msgstr, title.fuzzy) == ("Evaluation", "Điểm chuẩn", False)


def test_a_renamed_heading_is_fuzzy_with_its_old_english(with_english: ImportResult) -> None:
    title = entry(with_english.catalog, "science.evaluation.title")
    assert (title.msgstr, title.fuzzy, title.previous_msgid, title.previous_msgctxt) == (
        "Điểm chuẩn",
        True,
        "Benchmarks",
        None,
    )
    assert f"fuzzy because: {CHANGED}" in title.translator_comments
    summary = entry(with_english.catalog, "basics.summary")
    assert (summary.fuzzy, summary.previous_msgid) == (True, "covers maths, Python and neural networks.")


def test_unchanged_english_is_confirmed_and_a_moved_link_follows(with_english: ImportResult) -> None:
    axolotl = entry(with_english.catalog, "science.tuning.topics.axolotl.description")
    assert (axolotl.msgstr, axolotl.fuzzy, axolotl.previous_msgid) == (
        "Một công cụ tinh chỉnh, xem [tài liệu](https://example.com/axolotl/docs).",
        False,
        None,
    )
    # The exact English shows the translator left "MLP" as words on purpose: not a doubt any more.
    mlp = entry(with_english.catalog, "basics.networks.topics.mlp.description")
    assert (mlp.msgstr, mlp.fuzzy) == ("Xây dựng một perceptron nhiều lớp bằng PyTorch.", False)


def test_the_preamble_and_the_english_copy_are_set_aside_in_both_modes(
    with_english: ImportResult, without_english: ImportResult
) -> None:
    for result in (with_english, without_english):
        reasons = {e.line: e.reason for e in result.report.alignment.extras}
        assert reasons[1] == "before the course's own header (the file's own preamble)"
        assert reasons[32] == "an English copy of line 37, which is used"
        assert entry(result.catalog, "course.title").msgstr == "Khóa học LLM nhỏ"
        assert entry(result.catalog, "notebooks.tuning.tune-llama.name").msgstr == "Tinh chỉnh Llama 2 với QLoRA"


def test_english_gone_from_the_course_is_reported_not_imported(with_english: ImportResult) -> None:
    english = with_english.report.english
    assert english is not None
    assert [(g.unit_id, g.english) for g in english.gone] == [
        ("basics.python.resources.old-tutorial.title", "Old Tutorial"),
        ("basics.python.resources.old-tutorial.description", "A tutorial since retired."),
    ]
    assert "old-tutorial" not in with_english.text
    assert (english.same, english.changed) == (58, 2)


def test_no_stale_translation_is_ever_confirmed(with_english: ImportResult) -> None:
    for proposal in with_english.report.alignment.proposals:
        if proposal.previous is not None:
            assert proposal.status is Status.FUZZY and proposal.previous != proposal.source
    confirmed = [m for m in with_english.catalog.messages if m.msgstr and not m.fuzzy]
    assert all(m.previous_msgid is None for m in confirmed)


def test_a_confirmed_translation_of_changed_english_is_reported_then_marked_fuzzy_with_overwrite(root: Path) -> None:
    po = root / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    catalog = read_po(po)
    entry(catalog, "science.evaluation.title").msgstr = "Điểm chuẩn"  # confirmed earlier, by a looser import
    write_po(po, catalog)
    kept = import_legacy(Project.open(root), root / "old.vi.md", "vi", english=root / "old.en.md")
    change = next(c for c in kept.report.changes if c.unit_id == "science.evaluation.title")
    assert change.change is Change.CONFLICT and "its English changed since" in change.note
    assert entry(kept.catalog, "science.evaluation.title").fuzzy is False
    marked = import_legacy(Project.open(root), root / "old.vi.md", "vi", english=root / "old.en.md", overwrite=True)
    title = entry(marked.catalog, "science.evaluation.title")
    assert (title.fuzzy, title.previous_msgid) == (True, "Benchmarks")


def test_a_translator_s_fuzzy_translation_the_import_replaces_is_kept_in_a_comment(root: Path) -> None:
    """A fuzzy entry (a translation of older English, or a draft) takes the imported text; the translator's
    own text stays in a comment until they delete it, once however often the file is imported."""
    po = root / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    catalog = read_po(po)
    draft = entry(catalog, "basics.summary")
    draft.msgstr, draft.fuzzy = "bao gồm\ntoán và Python.", True
    write_po(po, catalog)
    for _ in range(2):
        imported = import_legacy(Project.open(root), root / "old.vi.md", "vi", english=root / "old.en.md")
        write_po(po, imported.catalog)
    summary = entry(read_po(po), "basics.summary")
    assert summary.msgstr != "bao gồm\ntoán và Python."
    assert [c for c in summary.translator_comments if c.startswith("replaced by")] == [
        "replaced by the import: bao gồm\\ntoán và Python."
    ]


def test_an_import_without_english_leaves_what_an_english_import_found_stale_fuzzy(root: Path) -> None:
    """Importing the same file again without --english brings no news about the English: '#|' entries stay fuzzy."""
    args = ["import", root / "old.vi.md", "--locale", "vi", "--english", root / "old.en.md", "--root", root]
    assert CliRunner().invoke(app, [str(arg) for arg in args]).exit_code == 0
    again = import_legacy(Project.open(root), root / "old.vi.md", "vi")
    for unit, previous in [("science.evaluation.title", "Benchmarks"), ("basics.summary", None)]:
        message = entry(again.catalog, unit)
        assert message.fuzzy, unit
        assert previous is None or message.previous_msgid == previous
    summary = entry(again.catalog, "basics.summary")
    assert summary.previous_msgid == "covers maths, Python and neural networks."
    assert any("only an import with --english can tell" in c for c in summary.translator_comments)


def test_the_revision_is_chosen_from_a_folder_by_shared_evidence(root: Path) -> None:
    folder = root / "revisions"
    folder.mkdir()
    shutil.copy2(root / "old.en.md", folder / "README-old.md")
    shutil.copy2(root / "roadmap" / "README.md", folder / "README-today.md")
    result = import_legacy(Project.open(root), root / "old.vi.md", "vi", english=folder)
    english = result.report.english
    assert english is not None and english.file == "README-old.md"
    assert [c.path.name for c in english.candidates] == ["README-old.md", "README-today.md"]
    assert english.candidates[0].links > english.candidates[1].links
    assert "chosen from 2" in result.report.text()


def test_the_written_catalog_keeps_previous_msgids_through_a_build(root: Path, gettext: object) -> None:
    args = ["import", root / "old.vi.md", "--locale", "vi", "--english", root / "old.en.md", "--root", root]
    run = CliRunner().invoke(app, [str(arg) for arg in args])
    assert run.exit_code == 0, run.output
    po = root / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    text = po.read_text(encoding="utf-8")
    assert '#| msgid "Benchmarks"\n' in text
    build_project(Project.open(root))
    assert po.read_text(encoding="utf-8") == text  # the build keeps the '#|' lines and changes nothing
    gettext.check(po)  # type: ignore[attr-defined]


def test_an_english_file_that_cannot_be_read_is_an_error_naming_it(root: Path) -> None:
    with pytest.raises(RoadmapError) as caught:
        import_legacy(Project.open(root), root / "old.vi.md", "vi", english=root / "missing.md")
    assert caught.value.path == root / "missing.md" and "not found" in caught.value.message
    (root / "empty").mkdir()
    with pytest.raises(RoadmapError, match=r"no English README \(\*\.md\) in this folder"):
        import_legacy(Project.open(root), root / "old.vi.md", "vi", english=root / "empty")


def test_report_json_names_the_english_and_what_became_of_it(with_english: ImportResult) -> None:
    data = json.loads(with_english.report.to_json_text())
    assert data["english"]["file"] == "old.en.md"
    assert (data["english"]["same"], data["english"]["changed"], len(data["english"]["gone"])) == (58, 2, 2)
    previous = {p["unit"]: p["previous"] for p in data["alignment"]["proposals"] if p["previous"]}
    assert previous == {
        "basics.summary": "covers maths, Python and neural networks.",
        "science.evaluation.title": "Benchmarks",
    }


def test_an_import_leaves_a_tree_that_check_passes(shipped_project: Path) -> None:
    # zh_Hant takes suggestions from zh_Hans, and README.md holds every locale's coverage: an import into
    # zh_Hans changes both, so it builds the whole project, not just the imported locale's README.
    legacy = Path(__file__).parent / "data" / "legacy" / "zh_Hans_friendmine_b4f20e6.md"
    args = ["import", legacy, "--locale", "zh_Hans", "--root", shipped_project]
    run = CliRunner().invoke(app, [str(arg) for arg in args])
    assert run.exit_code == 0, run.output
    assert "wrote locales/zh_Hant/LC_MESSAGES/roadmap.po" in run.stdout and "wrote README.md" in run.stdout
    checked = CliRunner().invoke(app, ["check", "--root", str(shipped_project), "--format", "json"])
    assert checked.exit_code == 0, [f for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"]
