"""Edits of the latest upstream README (713c366) synced into the shipped project: what sync keeps, refuses, reports.

Each test builds a small edit of the fixture the way an upstream commit would make it, and syncs it into a
copy of this repository's roadmap and catalogs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roadmapi18n.project import Project
from roadmapi18n.sync import SyncPlan, plan_sync, write_sync
from roadmapi18n.sync.yamledit import load_plain
from sync_helpers import DATA, catalog, edit, run_cli

LATEST = (DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8")


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _synced(root: Path, readme: str) -> SyncPlan:
    plan = plan_sync(Project.open(root), readme)
    write_sync(plan)
    return plan


def _course(root: Path) -> Any:
    return load_plain((root / "roadmap" / "course.yaml").read_text(encoding="utf-8"), "course.yaml")


# --- a notebook table the schema cannot hold is refused ----------------------------------------------


def _with_level_column(readme: str) -> str:
    """The Tools table with a 'Level' column of plain text between Description and the Colab badge."""
    lines, inside = [], False
    for line in readme.split("\n"):
        inside = (inside or line == "### Tools") and line != "### Fine-tuning"
        if inside and line.startswith("| Notebook |"):
            line = "| Notebook | Description | Level | Notebook |"
        elif inside and line.startswith("|----"):
            line = "|---|---|---|---|"
        elif inside and line.startswith("| "):
            name, description, rest = line.split(" | ", 2)
            line = f"{name} | {description} | Beginner | {rest}"
        lines.append(line)
    return "\n".join(lines)


def test_a_column_the_notebook_tables_have_no_slot_for_is_refused_and_nothing_is_written(
    shipped_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream = shipped_project / "upstream.md"
    upstream.write_text(_with_level_column(LATEST), encoding="utf-8")
    before = _snapshot(shipped_project)
    code, err = run_cli(capsys, monkeypatch, "sync", str(upstream), "--root", str(shipped_project))
    assert code == 2 and "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"error: {upstream}:32: ") and "'Tools'" in first, err
    assert "'Level'" in first and "'Beginner'" in first and "line 34" in first and "nothing was written" in first
    assert "extend roadmapi18n's notebook table schema" in err and "sync a revision without" in err
    assert _snapshot(shipped_project) == before


# --- a part the list of parts does not name --------------------------------------------------------


_RESEARCHER = (
    "## 🛡️ The LLM Researcher\n\nThis section of the course focuses on reading papers.\n\n"
    "### 1. Reading Papers\n\nLearn to read papers.\n\n"
    "* **Skimming**: Read the abstract first.\n* **Reproduction**: Re-implement the key experiment.\n\n---\n"
)
_LISTED = "3. 👷 **The LLM Engineer** focuses on creating LLM-based applications and deploying them.\n"


def test_a_part_missing_from_the_list_of_parts_is_kept_as_generic_blocks_and_reported(shipped_project: Path) -> None:
    acknowledgements = _course(shipped_project)["acknowledgements"]
    readme = edit(LATEST, "## Acknowledgements", _RESEARCHER + "## Acknowledgements")
    report = _synced(shipped_project, readme).report
    assert _course(shipped_project)["acknowledgements"] == acknowledgements  # untouched, thanks and IDs
    engineer = load_plain((shipped_project / "roadmap" / "parts" / "engineer.yaml").read_text("utf-8"), "engineer")
    kept = [(b["kind"], b.get("text", b.get("html", ""))) for b in engineer["blocks"]]
    assert kept == [
        ("h2", "🛡️ The LLM Researcher"),
        ("paragraph", "This section of the course focuses on reading papers."),
        ("h3", "1. Reading Papers"),
        ("paragraph", "Learn to read papers."),
        ("html", "* **Skimming**: Read the abstract first.\n* **Reproduction**: Re-implement the key experiment."),
        ("rule", ""),
    ]
    assert (report.fidelity, report.removed, report.reworded, report.moved) == ([], [], [], {})
    line = readme.split("\n").index("## 🛡️ The LLM Researcher") + 1
    assert [w["line"] for w in report.warnings] == [line]
    assert "not in the list of parts" in report.warnings[0]["text"]
    assert "add it to the list" in report.warnings[0]["text"]
    assert f"warning: line {line}: " in "\n".join(report.summary())
    zh_hans = {m.msgctxt: (m.msgstr, m.fuzzy) for m in catalog(shipped_project, "zh_Hans").messages if not m.obsolete}
    assert zh_hans["acknowledgements.title"] == ("鸣谢", False)
    assert "鸣谢" not in {msgstr for context, (msgstr, _) in zh_hans.items() if context != "acknowledgements.title"}


def test_the_same_part_added_to_the_list_of_parts_is_a_part(shipped_project: Path) -> None:
    readme = edit(LATEST, "## Acknowledgements", _RESEARCHER + "## Acknowledgements")
    readme = edit(readme, _LISTED, _LISTED + "4. 🛡️ **The LLM Researcher** focuses on reading papers.\n")
    report = _synced(shipped_project, readme).report
    assert _course(shipped_project)["parts"] == ["fundamentals", "scientist", "engineer", "the-llm-researcher"]
    part = load_plain(
        (shipped_project / "roadmap" / "parts" / "the-llm-researcher.yaml").read_text("utf-8"), "researcher"
    )
    assert [s["title"] for s in part["sections"]] == ["Reading Papers"]
    assert (report.fidelity, report.warnings, report.removed) == ([], [], [])


# --- a renamed notebook table ------------------------------------------------------------------------


def _tables(root: Path) -> list[tuple[str, str, list[str]]]:
    return [(t["id"], t["title"], [n["id"] for n in t["notebooks"]]) for t in _course(root)["notebooks"]["tables"]]


def test_a_renamed_notebook_table_keeps_its_id_and_its_title_translation_becomes_fuzzy(shipped_project: Path) -> None:
    before = _tables(shipped_project)
    report = _synced(shipped_project, edit(LATEST, "\n### Other\n", "\n### Other notebooks\n")).report
    assert _tables(shipped_project) == [*before[:3], ("other", "Other notebooks", before[3][2])]
    assert (report.reworded, report.added, report.removed, report.moved) == (["notebooks.other.title"], [], [], {})
    title = next(m for m in catalog(shipped_project, "vi").messages if m.msgctxt == "notebooks.other.title")
    assert (title.msgid, title.msgstr, title.fuzzy, title.previous_msgid) == ("Other notebooks", "Khác", True, "Other")


def test_a_table_whose_notebooks_come_from_two_gone_tables_equally_is_ambiguous(shipped_project: Path) -> None:
    fine_tuning = LATEST[LATEST.index("### Fine-tuning\n") : LATEST.index("### Quantization\n")]
    quantization = LATEST[LATEST.index("### Quantization\n") : LATEST.index("### Other\n")]
    tuned, quantized = fine_tuning.rstrip("\n").split("\n"), quantization.rstrip("\n").split("\n")
    assert len(tuned) == 10 and len(quantized) == 8  # heading, blank line, header, delimiter row, rows
    mixed = "\n".join(["### Mixed", "", *tuned[2:4], *tuned[4:6], *quantized[4:6], "", ""])
    report = _synced(shipped_project, LATEST.replace(fine_tuning + quantization, mixed)).report
    tables = [a for a in report.ambiguous if a["kind"] == "table"]
    assert [(a["text"], len(a["candidates"])) for a in tables] == [("Mixed", 2)]
    assert [t[0] for t in _tables(shipped_project)] == ["tools", "mixed", "other"]


# --- an image under a section heading -------------------------------------------------------------


def test_an_image_under_a_section_heading_leaves_the_introduction_in_place(shipped_project: Path) -> None:
    heading = "### 3. Neural Networks\n"
    readme = edit(LATEST, heading, heading + "\n![](img/roadmap_fundamentals.png)\n")
    report = _synced(shipped_project, readme).report
    part = load_plain((shipped_project / "roadmap" / "parts" / "fundamentals.yaml").read_text("utf-8"), "part")
    section = next(s for s in part["sections"] if s["id"] == "neural-networks")
    assert section["intro"].startswith("Neural networks are a fundamental part")
    blocks = [(b["kind"], b["at"], b["src"]) for b in section["blocks"]]
    assert blocks == [("image", "heading", "img/roadmap_fundamentals.png")]
    assert (report.fidelity, report.added, report.removed, report.reworded, report.moved) == ([], [], [], [], {})
    rendered = (shipped_project / "roadmap" / "README.md").read_text(encoding="utf-8")
    assert heading + "\n![](img/roadmap_fundamentals.png)\n\nNeural networks are" in rendered


# --- a closing section removed upstream ------------------------------------------------------------

_LOCALES = ("vi", "zh_Hant", "zh_Hans")


def _entries(root: Path, prefix: str) -> dict[str, dict[str, tuple[str, str, bool, bool]]]:
    """Per locale: msgctxt → (English, translation, fuzzy, obsolete) of the entries whose msgctxt starts so."""
    return {
        code: {
            m.msgctxt: (m.msgid, m.msgstr, m.fuzzy, m.obsolete)
            for m in catalog(root, code).messages
            if m.msgctxt and m.msgctxt.startswith(prefix)
        }
        for code in _LOCALES
    }


def _left_obsolete(
    before: dict[str, tuple[str, str, bool, bool]], after: dict[str, tuple[str, str, bool, bool]]
) -> None:
    """No entry of ``before`` is live in ``after``; each translated one is there, obsolete, with its translation."""
    assert not [context for context, entry in after.items() if not entry[3]]
    translated = {context: entry[:3] for context, entry in before.items() if entry[1]}
    assert {context: after[context][:3] for context in translated} == translated
    assert all(after[context][3] for context in translated)


def test_a_removed_acknowledgements_section_leaves_the_roadmap_and_comes_back(shipped_project: Path) -> None:
    """'## Acknowledgements' and its thanks removed upstream, the disclaimer after them kept."""
    course = _course(shipped_project)
    before = _entries(shipped_project, "acknowledgements.")
    assert sum(1 for entries in before.values() for entry in entries.values() if entry[1]) == 12  # zh_Hant, zh_Hans
    readme = LATEST[: LATEST.index("## Acknowledgements")] + LATEST[LATEST.index("*Disclaimer") :]
    report = _synced(shipped_project, readme).report
    after = _course(shipped_project)
    assert "acknowledgements" not in after
    assert {k: v for k, v in course.items() if k != "acknowledgements"} == after  # the disclaimer, its blocks stay
    assert report.fidelity == []
    thanks = [f"acknowledgements.thanks.{item['id']}" for item in course["acknowledgements"]["thanks"]]
    units = ["acknowledgements.title", "acknowledgements.text", "acknowledgements.thanks-lead", *thanks]
    assert sorted(report.removed) == sorted(units)
    assert (report.added, report.reworded, report.moved) == ([], [], {})
    for code, entries in _entries(shipped_project, "acknowledgements.").items():
        _left_obsolete(before[code], entries)
    rendered = (shipped_project / "roadmap" / "README.md").read_text(encoding="utf-8")
    assert "Acknowledgements" not in rendered and "Thomas Thelen" not in rendered
    assert "\n---\n\n*Disclaimer: I am not affiliated with any sources listed here.*\n\n---\n" in rendered
    disclaimer = _entries(shipped_project, "course.disclaimer")
    assert disclaimer["zh_Hans"]["course.disclaimer"][1:] == ("免责声明：我与此处列出的任何来源无关。", False, False)

    again = plan_sync(Project.open(shipped_project), readme).report
    assert (again.changed_files, again.added, again.removed, again.reworded, again.moved) == ([], [], [], [], {})

    back = _synced(shipped_project, LATEST).report
    assert back.fidelity == []
    restored = _course(shipped_project)["acknowledgements"]
    ids = {t["id"] for t in restored["thanks"]}
    # Every unit a catalog remembers (a translation, fuzzy or confirmed) comes back under its ID, as it was.
    assert {"thomas-thelen", "andre-frade", "dino-dunn"} <= ids
    for code, entries in _entries(shipped_project, "acknowledgements.").items():
        translated = {context: entry for context, entry in before[code].items() if entry[1]}
        assert {context: entries.get(context) for context in translated} == translated


def test_a_removed_closing_with_its_disclaimer_leaves_both(shipped_project: Path) -> None:
    """The acknowledgements and the disclaimer removed upstream: the README ends with the last part."""
    before = _entries(shipped_project, "course.disclaimer")
    end = LATEST.index("*Disclaimer")
    readme = LATEST[: LATEST.index("## Acknowledgements")] + LATEST[LATEST.index("\n", end) + 2 :]
    report = _synced(shipped_project, readme).report
    after = _course(shipped_project)
    assert "acknowledgements" not in after and "disclaimer" not in after
    assert report.fidelity == [] and "course.disclaimer" in report.removed
    for code, entries in _entries(shipped_project, "course.disclaimer").items():
        _left_obsolete(before[code], entries)
    again = plan_sync(Project.open(shipped_project), readme).report
    assert (again.changed_files, again.added, again.removed, again.reworded, again.moved) == ([], [], [], [], {})
    back = _synced(shipped_project, LATEST).report
    assert back.fidelity == [] and _entries(shipped_project, "course.disclaimer") == before


def test_a_removed_notebooks_section_leaves_the_roadmap_and_comes_back(shipped_project: Path) -> None:
    """'## 📝 Notebooks' removed upstream: its heading, introduction, toggle and tables."""
    course = _course(shipped_project)
    before = _entries(shipped_project, "notebooks.")
    assert sum(1 for entries in before.values() for entry in entries.values() if entry[1] and not entry[2]) > 40
    readme = LATEST[: LATEST.index("## 📝 Notebooks")] + LATEST[LATEST.index("## 🧩 LLM Fundamentals") :]
    report = _synced(shipped_project, readme).report
    after = _course(shipped_project)
    assert {k: v for k, v in course.items() if k != "notebooks"} == after
    assert report.fidelity == [] and (report.added, report.reworded, report.moved) == ([], [], {})
    assert sorted(report.removed) == sorted(c for c in before["vi"] if not before["vi"][c][3])
    for code, entries in _entries(shipped_project, "notebooks.").items():
        _left_obsolete(before[code], entries)
    rendered = (shipped_project / "roadmap" / "README.md").read_text(encoding="utf-8")
    assert "Notebooks" not in rendered and "### Tools" not in rendered and "colab.svg" not in rendered

    again = plan_sync(Project.open(shipped_project), readme).report
    assert (again.changed_files, again.added, again.removed, again.reworded, again.moved) == ([], [], [], [], {})

    back = _synced(shipped_project, LATEST).report
    assert back.fidelity == []
    # Every translation comes back under its ID, confirmed or fuzzy as it was.
    for code, entries in _entries(shipped_project, "notebooks.").items():
        translated = {context: entry for context, entry in before[code].items() if entry[1] and not entry[3]}
        assert {context: entries.get(context) for context in translated} == translated


# --- a resource list folded in a toggle -------------------------------------------------------------

_MATHS = "### 1. Mathematics for Machine Learning"
_OPENING = "<details>\n<summary>📚 Resources</summary>\n"


def _fold(readme: str, heading: str, opening: str = _OPENING, closing: str = "") -> str:
    """The resource list of the section under ``heading`` folded: its label replaced by ``opening`` (a blank
    line follows), ``closing`` (default: a blank line and ``</details>``) after its last item."""
    closing = closing or "\n</details>"
    lines = readme.split("\n")
    label = next(i for i in range(lines.index(heading), len(lines)) if lines[i].startswith("📚"))
    first = label + 1 + (lines[label + 1] == "")
    end = first
    while lines[end].startswith(("- ", "* ")):
        end += 1
    return "\n".join([*lines[:label], opening, *lines[first:end], closing, *lines[end:]])


def test_a_folded_resource_list_keeps_its_resources_and_translations_and_unfolds_back(shipped_project: Path) -> None:
    yaml_before = {p: p.read_bytes() for p in (shipped_project / "roadmap").rglob("*.yaml")}
    before = _entries(shipped_project, "fundamentals.mathematics.")
    # The 7 resources' titles and descriptions, translated (zh_Hant: 2 of them fuzzy).
    translated = {code: sum(1 for c, e in before[code].items() if ".resources." in c and e[1]) for code in _LOCALES}
    assert translated == {"vi": 6, "zh_Hant": 14, "zh_Hans": 12}
    part = shipped_project / "roadmap" / "parts" / "fundamentals.yaml"
    readme = _fold(LATEST, _MATHS)
    report = _synced(shipped_project, readme).report
    assert report.fidelity == [] and report.items == [] and report.ambiguous == []
    unit = "fundamentals.mathematics.resources-toggle"
    assert (report.added, report.removed, report.reworded, report.moved) == ([unit], [], [], {})
    # Only the toggle's line is new in the YAML; every entry of the section is as it was (none obsolete).
    text = yaml_before[part].decode()
    at = text.index("    resources:\n")
    assert part.read_text(encoding="utf-8") == text[:at] + "    resources_toggle: 📚 Resources\n" + text[at:]
    after = _entries(shipped_project, "fundamentals.mathematics.")
    for code in _LOCALES:
        assert after[code].pop(unit) == ("📚 Resources", "", False, False)
        assert after[code] == before[code]
    rendered = (shipped_project / "roadmap" / "README.md").read_text(encoding="utf-8")
    assert "\n\n<details>\n<summary>📚 Resources</summary>\n\n- [3Blue1Brown" in rendered
    assert "📚 Resources:" not in rendered[rendered.index(_MATHS) : rendered.index("### 2. Python")]
    again = plan_sync(Project.open(shipped_project), readme).report
    assert (again.changed_files, again.added, again.removed, again.reworded, again.moved) == ([], [], [], [], {})

    back = _synced(shipped_project, LATEST).report
    assert back.fidelity == [] and (back.added, back.removed, back.items) == ([], [unit], [])
    assert {p: p.read_bytes() for p in (shipped_project / "roadmap").rglob("*.yaml")} == yaml_before
    assert _entries(shipped_project, "fundamentals.mathematics.") == before


@pytest.mark.parametrize(
    ("heading", "opening", "closing", "summary"),
    [
        (_MATHS, "<details>\n<summary>Resources</summary>\n", "", "Resources"),
        (_MATHS, "<details open>\n<summary>📚 Resources</summary>\n", "", "📚 Resources"),
        (_MATHS, "<details><summary>📚 Resources</summary>\n", "", "📚 Resources"),
        (_MATHS, "<details>\n\n<summary>📚 Resources</summary>\n", "", "📚 Resources"),
        (_MATHS, _OPENING, "</details>", "📚 Resources"),  # no blank line before the end
        # The part's last section: its toggle and the part's end on two lines of one HTML block.
        ("### 4. Natural Language Processing (NLP)", _OPENING, "", "📚 Resources"),
        ("### 4. Supervised Fine-Tuning", _OPENING.replace("Resources", "<b>References</b>"), "", "📚 References"),
    ],
    ids=["wording", "open", "one-line", "blank-after-details", "no-blank-before-end", "part-end", "scientist"],
)
def test_a_toggle_github_shows_alike_folds_the_resources_too(
    shipped_project: Path, heading: str, opening: str, closing: str, summary: str
) -> None:
    part_id = "scientist" if "Fine-Tuning" in heading else "fundamentals"
    section = next(s for s in load_plain_part(shipped_project, part_id)["sections"] if s["title"] in heading)
    prefix = f"{part_id}.{section['id']}."
    before = _entries(shipped_project, prefix)
    report = _synced(shipped_project, _fold(LATEST, heading, opening, closing)).report
    unit = f"{prefix}resources-toggle"
    assert report.fidelity == [] and report.items == []
    assert (report.added, report.removed, report.reworded, report.moved) == ([unit], [], [], {})
    synced = next(s for s in load_plain_part(shipped_project, part_id)["sections"] if s["id"] == section["id"])
    assert {k: v for k, v in synced.items() if k != "resources_toggle"} == section
    assert synced["resources_toggle"] == summary
    after = _entries(shipped_project, prefix)
    for code in _LOCALES:
        assert after[code].pop(unit)[:2] == (summary, "")
        assert after[code] == before[code]


def load_plain_part(root: Path, part_id: str) -> Any:
    path = root / "roadmap" / "parts" / f"{part_id}.yaml"
    return load_plain(path.read_text(encoding="utf-8"), str(path))
