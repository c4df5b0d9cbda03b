"""build and check on a synthetic roadmap (the benchmark's shape, at 500 units × 3 locales) against its known history.

The generator (:mod:`roadmapi18n.synth_roadmap`) records what happened to each
unit between the last build and the edited YAML; these tests check that
``build`` turns each of those histories into the right catalog entry, that a
second build changes nothing and that ``check`` then passes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Gettext
from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.catalog import Catalog, Message, read_po
from roadmapi18n.checks import run_checks
from roadmapi18n.cli import app
from roadmapi18n.project import Project
from roadmapi18n.synth_roadmap import SynthRoadmap, iter_truth_ids, synth_roadmap, translate

UNITS = 500
LOCALES = 3


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> SynthRoadmap:
    """The generated project before any build (copied by the tests that build it)."""
    return synth_roadmap(tmp_path_factory.mktemp("synth") / "project", UNITS, locales=LOCALES, seed=7)


@pytest.fixture(scope="module")
def built(pristine: SynthRoadmap, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project after ``roadmapi18n build``."""
    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(pristine.root, root)
    result = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _catalog(root: Path, code: str) -> Catalog:
    return read_po(root / "locales" / code / "LC_MESSAGES" / "roadmap.po")


def _live(catalog: Catalog) -> dict[str, Message]:
    return {m.msgctxt: m for m in catalog.messages if not m.obsolete and m.msgctxt is not None}


def test_generator_writes_the_units_it_reports(pristine: SynthRoadmap) -> None:
    roadmap = Project.open(pristine.root).roadmap
    ids = [text.id for text in roadmap.texts()]
    assert len(ids) == UNITS == pristine.units
    assert sorted(ids) == sorted(iter_truth_ids(pristine))
    assert pristine.edited and pristine.removed and pristine.added and pristine.renamed
    assert len(pristine.removed) == len(pristine.added)


def test_generator_is_deterministic(pristine: SynthRoadmap, tmp_path: Path) -> None:
    again = synth_roadmap(tmp_path / "again", UNITS, locales=LOCALES, seed=7)
    for path in sorted(pristine.root.rglob("*")):
        if path.is_file():
            assert (tmp_path / "again" / path.relative_to(pristine.root)).read_bytes() == path.read_bytes(), path
    assert again.edited == pristine.edited and again.renamed == pristine.renamed


def test_the_old_catalogs_are_what_build_wrote(pristine: SynthRoadmap) -> None:
    """Before the edit, the generator's tree was built: the catalogs hold the generator's states."""
    for code, truth in pristine.locales.items():
        catalog = _catalog(pristine.root, code)
        live = _live(catalog)
        assert {key for key, m in live.items() if m.translated} == truth.translated
        assert {key: m.previous_msgid for key, m in live.items() if m.fuzzy} == truth.fuzzy
        assert {m.msgctxt for m in catalog.messages if m.obsolete} == truth.obsolete


@pytest.mark.parametrize("code", ["vi", "zh_Hant", "fr"])
def test_build_gives_each_unit_the_state_its_history_calls_for(pristine: SynthRoadmap, built: Path, code: str) -> None:
    truth = pristine.locales[code]
    catalog = _catalog(built, code)
    live = _live(catalog)
    for unit in iter_truth_ids(pristine):
        message = live[unit]
        old_unit = pristine.renamed.get(unit, unit)
        old_text = pristine.old_text.get(old_unit)
        if old_text is None or not truth.has_translation(old_unit):
            assert message.msgstr == "" and not message.fuzzy, unit  # added, or never translated
            continue
        assert message.msgstr == translate(old_text, code), unit
        if unit in pristine.renamed and old_unit in truth.fuzzy:
            assert message.fuzzy and message.previous_msgid == truth.fuzzy[old_unit], unit
        elif unit in pristine.renamed:
            # Only the ID changed: the translation stays confirmed.
            assert message.translated and message.previous_msgctxt is None, unit
        elif unit in pristine.edited:
            assert message.fuzzy and message.msgid == pristine.edited[unit], unit
            assert message.previous_msgid == truth.fuzzy.get(unit, old_text), unit
        elif unit in truth.fuzzy:
            assert message.fuzzy and message.previous_msgid == truth.fuzzy[unit], unit
        else:
            assert message.translated and message.previous_msgid is None, unit
    obsolete = {m.msgctxt for m in catalog.messages if m.obsolete}
    removed = {unit for unit in pristine.removed if truth.has_translation(unit)}  # renamed ones were matched above
    # A renamed unit that took a fuzzy translation leaves the old entry obsolete too (should its ID come back),
    # and so does a reworded unit its confirmed entry (should its English come back).
    lent = {old for old in pristine.renamed.values() if old in truth.fuzzy}
    reworded = {unit for unit in pristine.edited if unit not in pristine.renamed and unit in truth.translated}
    assert obsolete == truth.obsolete | removed | lent | reworded


def test_build_reports_the_counts_of_the_history(pristine: SynthRoadmap, built: Path) -> None:
    statuses = {status.code: status for status in plan_build(Project.open(built)).statuses}
    for code, truth in pristine.locales.items():
        changed = set(pristine.edited)  # a renamed ID with the same English keeps its translation's state
        kept = [unit for unit in pristine.old_text if unit not in pristine.removed]
        translated = sum(1 for unit in kept if unit in truth.translated and unit not in changed)
        fuzzy = sum(1 for unit in kept if truth.has_translation(unit) and (unit in truth.fuzzy or unit in changed))
        gone = [unit for unit in pristine.removed if truth.has_translation(unit)]
        lent = [old for old in pristine.renamed.values() if old in truth.fuzzy]  # fuzzy suggestions: kept obsolete too
        reworded = [unit for unit in changed if unit not in pristine.renamed and unit in truth.translated]  # and these
        status = statuses[code]
        assert (status.total, status.translated, status.fuzzy) == (UNITS, translated, fuzzy)
        assert status.untranslated == UNITS - translated - fuzzy
        assert status.obsolete == len(truth.obsolete) + len(gone) + len(lent) + len(reworded)


def test_second_build_changes_nothing_and_check_passes(built: Path) -> None:
    before = {path: path.read_bytes() for path in built.rglob("*") if path.is_file()}
    result = CliRunner().invoke(app, ["build", "--root", str(built)])
    assert result.exit_code == 0 and result.output.endswith("Nothing changed.\n"), result.output
    assert {path: path.read_bytes() for path in built.rglob("*") if path.is_file()} == before
    report = run_checks(Project.open(built))
    assert not report.failed, [f for f in report.findings if f.severity == "error"]


def test_cli_build_writes_what_the_plan_holds(pristine: SynthRoadmap, built: Path, tmp_path: Path) -> None:
    """The command (which writes locale by locale) and plan_build + write_plan give the same tree."""
    root = tmp_path / "project"
    shutil.copytree(pristine.root, root)
    plan = plan_build(Project.open(root))
    written = write_plan(plan)
    assert set(written) <= set(plan.outputs)
    for path in written:  # the POT-Creation-Date (and so the PO headers) may differ between the two runs
        ours, theirs = path.read_text(encoding="utf-8"), (built / path.relative_to(root)).read_text(encoding="utf-8")
        assert _without_dates(ours) == _without_dates(theirs), path


def _without_dates(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if "-Date: " not in line)


@pytest.mark.gettext
def test_built_catalogs_pass_msgfmt_check(built: Path, gettext: Gettext) -> None:
    for code in ("vi", "zh_Hant", "fr"):
        gettext.check(built / "locales" / code / "LC_MESSAGES" / "roadmap.po")
