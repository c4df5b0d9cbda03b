"""Synthetic upstream edits, one at a time, on a small translated course: what sync does with each.

Every unit of the course starts translated (``VI <English>``). After each sync the invariants hold
(no translation lost; no confirmed translation for other English), and the edit has exactly its
expected effect on IDs and catalog entries.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmapi18n.project import Project
from roadmapi18n.sync import plan_sync
from sync_helpers import SMALL_README, Invariants, catalog, edit, live, new_small_course, section_of, sync


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_small_course(tmp_path_factory.mktemp("small") / "course")


@pytest.fixture
def course(pristine: Path, tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(pristine, target)
    return target


def synced(course: Path, readme: str) -> tuple[dict[str, tuple[str, str, bool]], object]:
    """Sync ``readme``; check the invariants and that render reproduces it; return the live entries and report."""
    before = catalog(course)
    plan = sync(course, readme)
    after = catalog(course)
    Invariants(before, after).check()
    assert plan.report.fidelity == []
    assert plan_sync(Project.open(course), readme).report.changed_files == []  # a second sync changes nothing
    return live(after), plan.report


def test_the_same_readme_changes_nothing(course: Path) -> None:
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    sync(course, SMALL_README)
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before


def test_reworded_description_is_fuzzy_with_the_previous_english(course: Path) -> None:
    units, report = synced(course, edit(SMALL_README, "Derivatives and integrals", "Derivatives, integrals"))
    _, translation, fuzzy = units["basics.math.topics.calculus.description"]
    assert (fuzzy, translation) == (True, "VI Derivatives and integrals for optimisation.")
    assert report.reworded == ["basics.math.topics.calculus.description"]  # type: ignore[attr-defined]
    assert sum(1 for _, _, f in units.values() if f) == 1
    previous = next(m for m in catalog(course).messages if m.msgctxt == "basics.math.topics.calculus.description")
    assert previous.previous_msgid == "Derivatives and integrals for optimisation."


def test_a_new_link_target_keeps_the_translation_confirmed_and_rewrites_it(course: Path) -> None:
    units, report = synced(course, edit(SMALL_README, "https://numpy.org/doc/1.0", "https://numpy.org/doc/2.0"))
    english, translation, fuzzy = units["basics.math.topics.linear-algebra.description"]
    assert not fuzzy and "https://numpy.org/doc/2.0" in english and translation == f"VI {english}"
    assert report.relinked == ["basics.math.topics.linear-algebra.description"]  # type: ignore[attr-defined]


def test_markup_only_changes_keep_the_translation(course: Path) -> None:
    readme = edit(SMALL_README, "Vectors and **matrices**", "Vectors and *matrices*")
    units, _ = synced(course, edit(readme, "### 1. Mathematics", "### 1. MATHEMATICS"))
    assert units["basics.math.topics.linear-algebra.description"][2] is False
    assert units["basics.math.title"][1:] == ("VI Mathematics", False)


def test_a_resource_with_a_new_url_keeps_its_id_and_translations(course: Path) -> None:
    units, report = synced(course, edit(SMALL_README, "https://example.com/seeing", "https://seeing-theory.example"))
    assert units["basics.math.resources.seeing-theory.title"][2] is False
    assert report.unchanged == len(units)  # type: ignore[attr-defined]


def test_a_topic_moved_to_another_section_keeps_its_id_and_translation(course: Path) -> None:
    readme = edit(SMALL_README, "- **Calculus**: Derivatives and integrals for optimisation.\n", "")
    readme = edit(
        readme,
        "- **Python Basics**:",
        "- **Calculus**: Derivatives and integrals for optimisation.\n- **Python Basics**:",
    )
    units, report = synced(course, readme)
    assert units["basics.python.topics.calculus.title"] == ("Calculus", "VI Calculus", False)
    assert "basics.math.topics.calculus.title" not in units
    assert report.moved["basics.math.topics.calculus.title"] == "basics.python.topics.calculus.title"  # type: ignore[attr-defined]
    assert not [m for m in catalog(course).messages if m.obsolete]


def test_a_topic_moved_to_another_part_keeps_its_translation(course: Path) -> None:
    readme = edit(SMALL_README, "- **Statistics**: Distributions, variance and hypothesis tests.\n", "")
    readme = edit(
        readme,
        "* **Benchmarks**:",
        "* **Statistics**: Distributions, variance and hypothesis tests.\n* **Benchmarks**:",
    )
    units, _ = synced(course, readme)
    assert units["the-scientist.evaluation.topics.statistics.description"][1:] == (
        "VI Distributions, variance and hypothesis tests.",
        False,
    )


def test_renamed_and_renumbered_sections_keep_their_ids(course: Path) -> None:
    fine_tuning, evaluation = section_of(SMALL_README, "Fine-Tuning"), section_of(SMALL_README, "Evaluation")
    readme = SMALL_README.replace(fine_tuning, "\0").replace(evaluation, fine_tuning).replace("\0", evaluation)
    readme = edit(
        edit(readme, "### 2. Evaluation", "### 1. Evaluating models"), "### 1. Fine-Tuning", "### 2. Fine-Tuning"
    )
    units, report = synced(course, readme)
    assert units["the-scientist.evaluation.title"] == ("Evaluating models", "VI Evaluation", True)
    assert units["the-scientist.evaluation.topics.benchmarks.title"][2] is False
    assert units["the-scientist.fine-tuning.intro"][2] is False
    assert report.moved == {}  # type: ignore[attr-defined]


def test_a_split_section_gets_a_new_id_and_its_moved_topics_keep_theirs(course: Path) -> None:
    readme = edit(
        SMALL_README,
        "- **Statistics**: Distributions, variance and hypothesis tests.\n",
        "\n---\n\n### 2. Statistics\n\n- **Statistics**: Distributions, variance and hypothesis tests.\n",
    )
    readme = edit(readme, "### 2. Python", "### 3. Python")
    units, _ = synced(course, readme)
    assert units["basics.statistics.title"] == ("Statistics", "", False)  # a new section
    assert units["basics.statistics.topics.statistics.title"] == ("Statistics", "VI Statistics", False)


def test_merged_sections_keep_one_id_and_move_the_other_ones_topics(course: Path) -> None:
    python = section_of(SMALL_README, "Python")
    readme = edit(SMALL_README, "\n---\n\n" + python, "\n")
    readme = edit(
        readme,
        "- **Statistics**: Distributions, variance and hypothesis tests.\n",
        "- **Statistics**: Distributions, variance and hypothesis tests.\n"
        "- **Python Basics**: Syntax, data types and error handling.\n",
    )
    units, _ = synced(course, readme)
    assert units["basics.math.topics.python-basics.title"][1:] == ("VI Python Basics", False)
    obsolete = {m.msgctxt for m in catalog(course).messages if m.obsolete}
    assert "basics.python.title" in obsolete and "basics.python.resources.real-python.title" in obsolete


def test_inserted_and_deleted_topics_resources_and_sections(course: Path) -> None:
    readme = edit(SMALL_README, "- **Calculus**: Derivatives and integrals for optimisation.\n", "")
    readme = edit(
        readme, "- [Seeing Theory]", "- [Khan Academy](https://example.com/khan): Free lessons.\n- [Seeing Theory]"
    )
    readme = edit(
        readme,
        "* **QLoRA**:",
        "* **DoRA**: Weight-decomposed adapters.\n* **QLoRA**:",
    )
    readme = edit(
        readme,
        "---\n### 2. Evaluation",
        "---\n### 2. Agents\n\nTools and plans.\n\n* **Tools**: Call APIs.\n\n---\n### 3. Evaluation",
    )
    units, report = synced(course, readme)
    assert units["basics.math.resources.khan-academy.title"] == ("Khan Academy", "", False)
    assert units["the-scientist.fine-tuning.topics.dora.title"] == ("DoRA", "", False)
    assert units["the-scientist.agents.topics.tools.description"] == ("Call APIs.", "", False)
    obsolete = {m.msgctxt: m.msgstr for m in catalog(course).messages if m.obsolete}
    assert obsolete["basics.math.topics.calculus.title"] == "VI Calculus"
    kinds = {(c.kind, c.change) for c in report.items}  # type: ignore[attr-defined]
    assert kinds >= {("topic", "added"), ("topic", "removed"), ("resource", "added"), ("section", "added")}


def test_a_removed_topic_that_comes_back_gets_its_translation_back(course: Path) -> None:
    without = edit(SMALL_README, "- **Calculus**: Derivatives and integrals for optimisation.\n", "")
    synced(course, without)
    units, _ = synced(course, SMALL_README)
    assert units["basics.math.topics.calculus.description"][1:] == (
        "VI Derivatives and integrals for optimisation.",
        False,
    )


def test_a_section_that_moves_to_another_part_and_gains_an_introduction(course: Path) -> None:
    # The section had no introduction: the unit it gains is new, not a rename of one it never had
    # (this once ended in a KeyError; upstream did it between 1c2b766 and 713c366).
    python = section_of(SMALL_README, "Python")
    readme = edit(SMALL_README, "\n---\n\n" + python, "\n")
    moved = (  # in the style of its new part: "*" bullets, "References"
        "### 3. Python\n\nCode before you train.\n\n"
        "* **Python Basics**: Syntax, data types and error handling.\n"
        "* **Data Science Libraries**: NumPy for numbers, Pandas for tables.\n\n"
        "📚 **References**:\n* [Real Python](https://realpython.com/): Tutorials for every level.\n\n"
    )
    readme = edit(readme, "## Acknowledgements", moved + "---\n## Acknowledgements")
    units, report = synced(course, readme)
    assert units["the-scientist.python.title"] == ("Python", "VI Python", False)
    assert units["the-scientist.python.intro"] == ("Code before you train.", "", False)
    assert report.moved["basics.python.title"] == "the-scientist.python.title"  # type: ignore[attr-defined]
    assert "basics.python.intro" not in report.moved  # type: ignore[attr-defined]
    assert report.added == ["the-scientist.python.intro"]  # type: ignore[attr-defined]


def test_a_reverted_rewording_gets_its_translation_back_confirmed(course: Path) -> None:
    synced(course, edit(SMALL_README, "Derivatives and integrals", "Derivatives, integrals"))
    units, _ = synced(course, SMALL_README)
    assert units["basics.math.topics.calculus.description"] == (
        "Derivatives and integrals for optimisation.",
        "VI Derivatives and integrals for optimisation.",
        False,
    )


def test_a_section_that_leaves_and_comes_back_gets_its_id_and_translations_back(course: Path) -> None:
    # Its ID is "math", not the slug of its title: only the catalogs remember it once the section is gone.
    math = section_of(SMALL_README, "Mathematics")
    synced(course, edit(edit(SMALL_README, math + "---\n\n", ""), "### 2. Python", "### 1. Python"))
    assert "basics.math.title" not in live(catalog(course))
    units, report = synced(course, SMALL_README)
    math_units = {unit: entry for unit, entry in units.items() if unit.startswith("basics.math.")}
    assert len(math_units) == 12 and all(entry[1] == f"VI {entry[0]}" and not entry[2] for entry in math_units.values())
    assert not [m for m in catalog(course).messages if m.obsolete]
    assert "basics.math.title" in report.added  # type: ignore[attr-defined]
    changes = {(c.kind, c.change, c.id) for c in report.items}  # type: ignore[attr-defined]
    assert ("section", "restored", "basics/math") in changes and (
        "topic",
        "restored",
        "basics/math/calculus",
    ) in changes


def test_a_topic_reworded_removed_and_restored_gets_its_confirmed_translation_back(course: Path) -> None:
    calculus = "- **Calculus**: Derivatives and integrals for optimisation.\n"
    synced(course, edit(SMALL_README, "Derivatives and integrals", "Derivatives, integrals"))
    synced(course, edit(SMALL_README, calculus, ""))
    units, _ = synced(course, SMALL_README)
    assert units["basics.math.topics.calculus.title"] == ("Calculus", "VI Calculus", False)
    assert units["basics.math.topics.calculus.description"][1:] == (
        "VI Derivatives and integrals for optimisation.",
        False,
    )


def test_an_item_that_comes_back_twice_in_one_place_revives_no_id(course: Path) -> None:
    # Which of the two is the one that left? Neither gets its ID: a new one each, as for any ambiguity.
    calculus = "- **Calculus**: Derivatives and integrals for optimisation.\n"
    synced(course, edit(SMALL_README, calculus, ""))
    twins = "- **Calculus**: Derivatives and integrals for optimising.\n- **Calculus**: Derivatives and integrals.\n"
    units, _ = synced(course, edit(SMALL_README, calculus, twins))
    assert "basics.math.topics.calculus.title" not in units


def test_table_rows_added_reordered_and_relinked(course: Path) -> None:
    def row(name: str, description: str, drive: str) -> str:
        badge = '<img src="img/colab.svg" alt="Open In Colab">'
        return f'| {name} | {description} | <a href="https://colab.research.google.com/drive/{drive}">{badge}</a> |\n'

    autoeval = row("🧐 [AutoEval](https://example.com/autoeval)", "Evaluate models automatically.", "abc")
    lazy = row("🥱 LazyMerge", "Merge models in one click.", "def")
    dedup = row("🧼 AutoDedup", "Deduplicate datasets.", "ghi")
    readme = edit(SMALL_README, autoeval + lazy, lazy.replace("drive/def", "drive/xyz") + autoeval + dedup)
    units, _ = synced(course, readme)
    assert units["notebooks.tools.lazymerge.name"] == ("LazyMerge", "VI LazyMerge", False)
    assert units["notebooks.tools.autodedup.description"] == ("Deduplicate datasets.", "", False)
    course_yaml = (course / "roadmap" / "course.yaml").read_text(encoding="utf-8")
    assert course_yaml.index("id: lazymerge") < course_yaml.index("id: autoeval") and "drive/xyz" in course_yaml


def test_alerts_and_toggles_become_blocks_and_toggle_texts(course: Path) -> None:
    readme = edit(
        SMALL_README,
        "2. 🧑‍🔬 **The Scientist** builds models.\n",
        "2. 🧑‍🔬 **The Scientist** builds models.\n\n> [!NOTE]\n> A [book](https://example.com/book) covers it all.\n",
    )
    readme = edit(readme, "Start here.\n\n", "Start here.\n\n<details>\n<summary>Toggle section</summary>\n\n")
    readme = edit(
        readme,
        "- [Real Python](https://realpython.com/): Tutorials for every level.\n",
        "- [Real Python](https://realpython.com/): Tutorials for every level.\n</details>\n",
    )
    units, report = synced(course, readme)
    assert units["basics.toggle"] == ("Toggle section", "", False)
    assert units["course.blocks.a-book-covers-it-all.text"][0] == "A [book](https://example.com/book) covers it all."
    assert [b["kind"] for b in report.generic_blocks] == ["alert"]  # type: ignore[attr-defined]
    # Reworded later: the alert keeps its ID (fuzzy), as any unit does.
    reworded = edit(readme, "covers it all.", "covers it all, and more.")
    before = catalog(course)
    for message in before.messages:
        if message.msgctxt == "course.blocks.a-book-covers-it-all.text":
            message.msgstr = f"VI {message.msgid}"
    from roadmapi18n.catalog import write_po

    write_po(course / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po", before)
    units, _ = synced(course, reworded)
    assert units["course.blocks.a-book-covers-it-all.text"][2] is True


def test_folding_and_unfolding_a_resource_list_changes_only_its_toggle(course: Path) -> None:
    label = "📚 Resources:\n\n- [The Essence"
    folded = edit(SMALL_README, label, "<details>\n<summary>More to read</summary>\n\n- [The Essence")
    folded = edit(folded, "probability.\n", "probability.\n</details>\n")
    before = live(catalog(course))
    units, report = synced(course, folded)
    toggle = "basics.math.resources-toggle"
    assert units.pop(toggle) == ("More to read", "", False)
    assert units == before  # every resource keeps its ID and its confirmed translation
    assert (report.added, report.removed, report.items) == ([toggle], [], [])  # type: ignore[attr-defined]
    # Translated, unfolded (the summary's entry goes obsolete, translated), folded again: it comes back confirmed.
    po = catalog(course)
    next(m for m in po.messages if m.msgctxt == toggle).msgstr = "VI More to read"
    from roadmapi18n.catalog import write_po

    write_po(course / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po", po)
    units, report = synced(course, SMALL_README)
    assert units == before and report.removed == [toggle]  # type: ignore[attr-defined]
    units, _ = synced(course, folded)
    assert units[toggle] == ("More to read", "VI More to read", False)


def test_a_new_id_never_takes_an_id_known_for_other_english(course: Path) -> None:
    # Calculus leaves (its entries become obsolete); later another "Calculus" topic arrives in its place.
    calculus = "- **Calculus**: Derivatives and integrals for optimisation.\n"
    synced(course, edit(SMALL_README, calculus, ""))
    units, _ = synced(course, edit(SMALL_README, calculus, "- **Calculus**: Something else, about compute budgets.\n"))
    assert "basics.math.topics.calculus.description" not in units
    assert units["basics.math.topics.calculus-2.description"] == ("Something else, about compute budgets.", "", False)
    assert units["basics.math.topics.calculus-2.title"] == ("Calculus", "VI Calculus", False)  # the same English


def test_ambiguous_candidates_get_new_ids_and_are_reported(course: Path) -> None:
    readme = edit(SMALL_README, "- **Calculus**: Derivatives and integrals for optimisation.\n", "")
    twin = "* **Calculus**: Derivatives and integrals for optimisation, in practice.\n"
    readme = edit(readme, "* **QLoRA**:", twin + "* **QLoRA**:")
    readme = edit(readme, "* **Human evaluation**:", twin + "* **Human evaluation**:")
    _, report = synced(course, readme)
    assert [a["kind"] for a in report.ambiguous] == ["topic", "topic"]  # each twin  # type: ignore[attr-defined]
