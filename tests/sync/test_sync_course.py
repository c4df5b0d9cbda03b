"""The real course: the roadmap as transcribed from upstream e472998, synced to e472998 then to 713c366."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from roadmapi18n.build import build_project
from roadmapi18n.project import Project
from roadmapi18n.sync import SyncPlan, align_english, plan_sync, write_sync
from roadmapi18n.sync.carry import lost_translations
from sync_helpers import DATA, catalog, live

UPSTREAM = DATA / "upstream"


def _readme(commit: str) -> str:
    return (UPSTREAM / f"README-{commit}.md").read_text(encoding="utf-8")


class History:
    """The fixture course before any sync, after syncing e472998, and after syncing 713c366."""

    def __init__(self, root: Path) -> None:
        self.root = root
        build_project(Project.open(root))
        self.original = {code: catalog(root, code) for code in ("vi", "zh_Hant")}
        self.yaml_before = {p: p.read_text(encoding="utf-8") for p in (root / "roadmap").rglob("*.yaml")}
        self.first = self.sync("e472998")
        self.yaml_first = {p: p.read_text(encoding="utf-8") for p in (root / "roadmap").rglob("*.yaml")}
        self.catalogs_first = {code: catalog(root, code) for code in ("vi", "zh_Hant")}
        self.second = self.sync("713c366")
        self.catalogs_second = {code: catalog(root, code) for code in ("vi", "zh_Hant")}

    def sync(self, commit: str) -> SyncPlan:
        plan = plan_sync(Project.open(self.root), _readme(commit), source=commit)
        write_sync(plan)
        return plan


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(DATA / "course-e472998", root)
    return History(root)


def _diff_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_e472998_brings_back_what_the_scrape_lost_and_nothing_else(history: History) -> None:
    report = history.first.report
    assert report.fidelity == [] and report.ambiguous == [] and report.unread == []
    assert (report.added, report.removed, report.reworded, report.moved) == (["fundamentals.toggle"], [], [], {})
    diff = [line for path, text in history.yaml_first.items() for line in _diff_lines(history.yaml_before[path], text)]
    assert sum(1 for line in diff if "colab: https://colab.research.google.com/" in line) == 8
    assert "-  colab_badge: https://colab.research.google.com/assets/colab-badge.svg" in diff
    assert "+toggle: Toggle section" in diff
    assert all(line.startswith("+") for line in diff if "colab_badge" not in line)  # nothing else rewritten
    for code, before in history.original.items():
        assert live(history.catalogs_first[code]).items() >= {k: v for k, v in live(before).items()}.items()


def test_713c366_is_reproduced_and_reported(history: History) -> None:
    report = history.second.report
    assert report.fidelity == [] and report.ambiguous == [] and report.unread == []
    assert [b["kind"] for b in report.generic_blocks] == ["image", "alert", "paragraph", "rule", "image"]
    assert "scientist.architecture.title" in report.relinked  # "The LLM architecture" → "The LLM Architecture"
    assert report.moved["scientist.instruction-dataset.resources.chat-template.title"] == (
        "scientist.post-training-datasets.resources.chat-template.title"
    )
    changes = {(c.kind, c.change, c.id) for c in report.items}
    assert ("section", "added", "engineer/agents") in changes
    assert ("section", "removed", "scientist/instruction-dataset") in changes
    assert ("notebook", "added", "tools/autoabliteration") in changes


def test_no_translation_is_lost_and_none_is_published_for_other_english(history: History) -> None:
    for code, original in history.original.items():
        final = history.catalogs_second[code]
        assert lost_translations(original, final) == []
        confirmed_before = {m.msgstr: m.msgid for m in original.messages if m.msgstr and not m.fuzzy}
        for message in final.messages:
            if message.msgstr and not message.fuzzy and not message.obsolete:
                from sync_helpers import wording

                english = confirmed_before.get(message.msgstr)
                assert english is None or wording(english) == wording(message.msgid), message.msgctxt


def test_moved_and_case_changed_units_keep_their_confirmed_translations(history: History) -> None:
    zh = {m.msgctxt: m for m in history.catalogs_second["zh_Hant"].messages if not m.obsolete}
    before = {m.msgctxt: m for m in history.original["zh_Hant"].messages}
    moved = zh["scientist.post-training-datasets.resources.chat-template.title"]
    assert (moved.msgstr, moved.fuzzy) == (
        before["scientist.instruction-dataset.resources.chat-template.title"].msgstr,
        False,
    )
    title = zh["scientist.architecture.title"]
    assert (title.msgid, title.msgstr, title.fuzzy) == (
        "The LLM Architecture",
        before["scientist.architecture.title"].msgstr,
        False,
    )


def test_every_notebook_row_has_its_colab_link(history: History) -> None:
    roadmap = Project.open(history.root).roadmap
    rows = [nb for table in roadmap.notebook_tables for nb in table.notebooks]
    assert len(rows) == 23 and all(nb.colab for nb in rows)
    assert roadmap.colab_badge == "img/colab.svg"


def test_syncing_again_and_building_change_nothing(history: History) -> None:
    files = {p: p.read_bytes() for p in history.root.rglob("*") if p.is_file()}
    again = plan_sync(Project.open(history.root), _readme("713c366"))
    assert again.report.changed_files == [] and again.report.reworded == [] and again.report.added == []
    build_project(Project.open(history.root))
    assert {p: p.read_bytes() for p in history.root.rglob("*") if p.is_file()} == files


def test_align_english_pairs_an_old_revision_with_todays_units(history: History) -> None:
    """The API the importer uses for legacy translations of old English (here: e472998 against 713c366)."""
    alignment = align_english(Project.open(history.root), _readme("e472998"))
    pairs = {p.readme_id: p for p in alignment.pairs}
    assert pairs["scientist.architecture.title"].unit_id == "scientist.architecture.title"
    assert pairs["scientist.architecture.title"].change == "relinked"
    by_unit = {p.unit_id: p for p in alignment.pairs if p.unit_id}
    chat = by_unit["scientist.post-training-datasets.resources.chat-template.title"]
    assert (chat.english, chat.change, chat.line) == ("Chat Template", "same", 191)
    # Where the old README has it: the section that 713c366 removed, under the ID the catalogs still know it by.
    assert chat.readme_id.startswith("scientist.instruction-dataset.")
    assistant = next(p for p in alignment.pairs if p.english == "HuggingChat Assistant")
    assert (assistant.unit_id, assistant.change) == (None, "added")  # gone from today's roadmap
    assert "course.banner.alt" in alignment.removed


@pytest.mark.gettext
def test_synced_catalogs_pass_msgfmt(history: History, gettext: object) -> None:
    for code in ("vi", "zh_Hant"):
        path = history.root / "locales" / code / "LC_MESSAGES" / "roadmap.po"
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=False)
        assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        ("changelog", "this is not the course's README: it lists no part"),
        ("vi-readme", "this README reads as a translation, not the English course: "),
        ("zh-legacy", "this README reads as a translation, not the English course: 76% of its words"),
    ],
)
def test_the_wrong_file_is_blamed_on_itself_and_changes_nothing(
    shipped_project: Path, wrong: str, expected: str
) -> None:
    """A maintainer who syncs a changelog or a translated README is told the file is the problem, not the roadmap."""
    given = shipped_project / "given.md"
    if wrong == "changelog":
        given.write_text("# Changelog\n\n- Fixed typos.\n", encoding="utf-8")
    elif wrong == "vi-readme":  # ours, 14% translated: mostly English
        shutil.copy(shipped_project / "locales" / "vi" / "README.md", given)
    else:  # a community translation, the whole course in Chinese
        shutil.copy(Path(__file__).parent.parent / "data" / "legacy" / "zh_Hans_friendmine_b4f20e6.md", given)
    before = {p: p.read_bytes() for p in shipped_project.rglob("*") if p.is_file()}
    done = subprocess.run(
        [sys.executable, "-m", "roadmapi18n", "sync", "given.md"],
        cwd=shipped_project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: given.md: {expected}"), done.stderr
    assert "\n  hint: " in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in shipped_project.rglob("*") if p.is_file()} == before
