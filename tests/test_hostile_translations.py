"""Hostile translations, judged the way GitHub renders them (cmark-gfm), through the real CLI.

Every case of ``tests/data/hostile/payloads.json`` (issue 20's "Links published", "The rest
hidden" and "Published although flagged" lists, issue 17's broken translations, and more) is
given to ``roadmapi18n build`` and ``roadmapi18n check``. For each run:

* the README GitHub renders has exactly the English README's link and image targets (as a
  multiset), block structure and raw HTML, and no comment or declaration;
* every translation the case lists is withheld (the README shows the English), ``build`` warns
  with the catalog's file:line and the rule, and ``check`` fails with the same entries at the same
  lines; the translations it does not list are shown.

A hypothesis strategy then puts payloads, and pairs of them, into any units of the roadmap.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.catalog import format_po, read_po
from roadmapi18n.checks import run_checks
from roadmapi18n.cli import app
from roadmapi18n.judge import gfm
from roadmapi18n.project import Project
from roadmapi18n.render import render_readme

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = json.loads((DATA / "hostile" / "payloads.json").read_text(encoding="utf-8"))["cases"]
VI_PO = "locales/vi/LC_MESSAGES/roadmap.po"


def _runs() -> dict[str, list[dict[str, Any]]]:
    """The cases grouped into CLI runs: single-unit cases that must be withheld share runs (they fail alone,
    so they cannot change each other's verdict), with no unit twice in a run; every other case runs alone."""
    runs: dict[str, list[dict[str, Any]]] = {}
    batches: list[list[dict[str, Any]]] = []
    for case in CASES:
        if len(case["units"]) == 1 and case["units"].keys() == case["withheld"].keys():
            batch = next((b for b in batches if not any(case["units"].keys() & c["units"].keys() for c in b)), None)
            if batch is None:
                batch = []
                batches.append(batch)
            batch.append(case)
        else:
            runs[case["id"]] = [case]
    return {**{f"withheld-alone-{n}": batch for n, batch in enumerate(batches, 1)}, **runs}


RUNS = _runs()


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(DATA / "mini", root)
    with mock.patch("os.fsync"):
        write_plan(plan_build(Project.open(root)))
    return root


def _translate(root: Path, translations: dict[str, str], code: str = "vi") -> None:
    path = root / "locales" / code / "LC_MESSAGES" / "roadmap.po"
    catalog = read_po(path)
    for message in catalog.messages:
        if message.msgctxt in translations:
            message.msgstr = translations[message.msgctxt]
            message.fuzzy = False
    path.write_text(format_po(catalog), encoding="utf-8")


def _msgstr_line(po: Path, unit: str) -> int:
    lines = po.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{unit}"')
    return next(n for n in range(start, len(lines)) if lines[n].startswith("msgstr")) + 1


def _external(targets: Counter[str]) -> Counter[str]:
    return Counter({target: n for target, n in targets.items() if not target.startswith("#")})


def assert_renders_like_the_english(project: Project, code: str) -> None:
    """GitHub's parser sees the README's targets, blocks and HTML exactly as in the English README."""
    readme = gfm.digest(project.config.readme_path(code).read_text(encoding="utf-8"))
    english = gfm.digest(render_readme(project.roadmap, {}, project.readme_target(code)))
    assert _external(readme.targets) == _external(english.targets)
    assert readme.skeleton == english.skeleton
    assert readme.markup == english.markup
    assert readme.raw <= english.raw and not readme.elements - english.elements


@pytest.mark.parametrize("run", list(RUNS), ids=str)
def test_the_cli_withholds_and_reports_every_hostile_translation(built_mini: Path, tmp_path: Path, run: str) -> None:
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    cases = RUNS[run]
    _translate(root, {unit: text for case in cases for unit, text in case["units"].items()})
    expected = {unit: rule for case in cases for unit, rule in case["withheld"].items()}

    with mock.patch("os.fsync"):
        built = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert built.exit_code == 0, built.output
    po = root / VI_PO
    warnings = re.findall(r"^(\S+): warning \[integrity/([a-z-]+)\] ([\w.-]+): ", built.stderr, re.M)
    for unit, rule in expected.items():
        assert (f"{VI_PO}:{_msgstr_line(po, unit)}", rule, unit) in warnings, built.stderr
    assert {unit for _, _, unit in warnings} == expected.keys()

    project = Project.open(root)
    assert_renders_like_the_english(project, "vi")
    publication = project.publication("vi")
    given = {unit for case in cases for unit in case["units"]}
    assert given - expected.keys() <= publication.shown.keys(), "a harmless translation is shown"
    assert not expected.keys() & publication.shown.keys()

    checked = CliRunner().invoke(app, ["check", "--root", str(root), "--format", "json"])
    assert checked.exit_code == (1 if expected else 0), checked.output
    findings = [f for f in json.loads(checked.stdout)["findings"] if f["check"] == "integrity"]
    reported = {(f["message"].split(":", 1)[0], f["rule"], f["line"]) for f in findings}
    for unit, rule in expected.items():
        assert (unit, rule, _msgstr_line(po, unit)) in reported
    assert {unit for unit, _, _ in reported} == expected.keys(), "check reports exactly what build withholds"

    with mock.patch("os.fsync"):
        again = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert again.stdout.endswith("Nothing changed.\n")


def test_every_case_of_issue_20_is_in_the_corpus() -> None:
    lists = Counter(case["list"] for case in CASES)
    assert lists["links-published"] >= 6 and lists["rest-hidden"] >= 6 and lists["published-although-flagged"] >= 11
    assert len({case["id"] for case in CASES}) == len(CASES)


def test_build_counts_withheld_translations_everywhere_alike(built_mini: Path, tmp_path: Path) -> None:
    """The status line, stats, the coverage table and check's counts: one number, withheld explained."""
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    course = root / "roadmap" / "course.yaml"
    label = "  translation-withheld: 'Withheld until fixed: {withheld}.'\n"
    course.write_text(course.read_text(encoding="utf-8").replace("labels:\n", "labels:\n" + label), encoding="utf-8")
    _translate(root, {"basics.summary": "bao gồm kiến thức.", "basics.intro": "<!-- Bắt đầu"})
    with mock.patch("os.fsync"):
        built = CliRunner().invoke(app, ["build", "--root", str(root)])
    vi = next(line for line in built.stdout.split("\n") if line.startswith("vi "))
    assert vi.split()[1:4] == ["1/43", "(2.3%)", "1"]  # translated, percent (rounded down), withheld
    readme = (root / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert "(1/43); see" in readme and "Withheld until fixed: 1." in readme  # what it shows, and what it holds back
    stats = json.loads(CliRunner().invoke(app, ["stats", "--root", str(root), "--format", "json"]).stdout)
    counts = stats["locales"][0]
    assert (counts["translated"], counts["withheld"], counts["total"]) == (1, 1, 43)
    assert counts["translated"] + counts["withheld"] + counts["fuzzy"] + counts["untranslated"] == counts["total"]
    basics = next(part for part in counts["parts"] if part["id"] == "basics")
    assert (basics["translated"], basics["withheld"]) == (1, 1)


def test_the_withheld_sentence_is_judged_like_any_unit(built_mini: Path, tmp_path: Path) -> None:
    """The sentence shows only when something is withheld, yet its translation is judged in every build."""
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    course = root / "roadmap" / "course.yaml"
    label = "  translation-withheld: 'Withheld until fixed: {withheld}.'\n"
    course.write_text(course.read_text(encoding="utf-8").replace("labels:\n", "labels:\n" + label), encoding="utf-8")
    hostile = {"labels.translation-withheld": "Xem [đây](https://evil.example/w): {withheld}.", "basics.intro": "<!--"}
    with mock.patch("os.fsync"):
        CliRunner().invoke(app, ["build", "--root", str(root)])  # the label's entry enters the catalog
        _translate(root, hostile)
        CliRunner().invoke(app, ["build", "--root", str(root)])
    readme = (root / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert "evil.example" not in readme, readme[readme.find("evil") - 300 : readme.find("evil") + 100]
    assert "Withheld until fixed: 2." in readme


@pytest.mark.parametrize(
    ("unit", "translation", "word"),
    [
        ("course.links.blog.label", "<script>alert(document.cookie)</script>", "alert"),  # the text of an <a>
        ("labels.open-in-colab", "Mở <img src=x onerror=alert(1)>", "alert"),  # an <img> alt attribute
        ("labels.open-in-colab", "Mở trong Colab<!-- hidden -->", "hidden"),
        ("basics.intro", "Xem <b>đây</b>.", "đây"),  # a Markdown paragraph: the judge said so already
    ],
)
def test_html_the_english_lacks_is_withheld_where_the_readme_would_show_it_escaped(
    built_mini: Path, tmp_path: Path, unit: str, translation: str, word: str
) -> None:
    # Inside HTML the README escapes a label, so the markup would show as text: vandalised text published by a
    # green check. The rule is the same in every place: HTML the English lacks is withheld.
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    _translate(root, {unit: translation})
    with mock.patch("os.fsync"):
        built = CliRunner().invoke(app, ["build", "--root", str(root)])
    line = _msgstr_line(root / VI_PO, unit)
    assert f"{VI_PO}:{line}: warning [integrity/raw-html] " in built.stderr, built.stderr
    readme = (root / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert word not in readme
    checked = json.loads(CliRunner().invoke(app, ["check", "--root", str(root), "--format", "json"]).stdout)
    assert [(f["rule"], f["line"]) for f in checked["findings"] if f["check"] == "integrity"] == [("raw-html", line)]


@pytest.mark.parametrize(
    ("translation", "word", "rule"),
    [
        ("📚 Tài nguyên</summary><img src=x onerror=alert(1)>", "alert", "raw-html"),
        ("📚 <script>alert(document.cookie)</script>", "alert", "raw-html"),
        ("📚 Tài nguyên<!-- hidden -->", "hidden", "raw-html"),
        ("📚 Tài nguyên\n\n[x]: https://evil.example/x", "evil", "line-break"),
    ],
)
def test_a_hostile_resources_toggle_summary_is_withheld(
    built_mini: Path, tmp_path: Path, translation: str, word: str, rule: str
) -> None:
    # The summary of a folded resource list is written inside HTML, as a part toggle's is: escaped, and judged so.
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    part = root / "roadmap" / "parts" / "basics.yaml"
    text = part.read_text(encoding="utf-8")
    folded = text.replace("    resources:\n", "    resources_toggle: 📚 Resources\n    resources:\n", 1)
    part.write_text(folded, encoding="utf-8")
    unit = "basics.math.resources-toggle"
    with mock.patch("os.fsync"):
        CliRunner().invoke(app, ["build", "--root", str(root)])
        _translate(root, {unit: translation})
        built = CliRunner().invoke(app, ["build", "--root", str(root)])
    line = _msgstr_line(root / VI_PO, unit)
    assert f"{VI_PO}:{line}: warning [integrity/{rule}] " in built.stderr, built.stderr
    readme = (root / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert word not in readme and "\n<summary>📚 Resources</summary>\n" in readme
    checked = json.loads(CliRunner().invoke(app, ["check", "--root", str(root), "--format", "json"]).stdout)
    assert [(f["rule"], f["line"]) for f in checked["findings"] if f["check"] == "integrity"] == [(rule, line)]


def test_tag_like_text_that_is_no_html_is_published(built_mini: Path, tmp_path: Path) -> None:
    # An autolink, a comparison, a code span the English has: no tag the English lacks.
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    _translate(root, {"course.links.blog.label": "Blog <3", "basics.summary": "a<b, xem <https://example.com/x>."})
    with mock.patch("os.fsync"):
        built = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert "raw-html" not in built.stderr, built.stderr


# -- hypothesis: payloads, alone and in pairs, in any unit ------------------------------------------

PAYLOADS = sorted({text for case in CASES for text in case["units"].values()})
PIECES = ["<!--", "-->", "`", "[", "](https://evil.example/h)", "<a href='//evil.example/p'>", "</a>", "<", ">", "**"]


def _hostile(rng: random.Random) -> str:
    """A payload of the corpus, a piece of one, or two of them joined to ordinary words."""
    choice = rng.random()
    if choice < 0.5:
        return rng.choice(PAYLOADS)
    words = rng.choice(["Xem thêm", "Mô hình", "Tài liệu", "Học máy"])
    pieces = [words, rng.choice(PIECES + PAYLOADS)] + ([rng.choice(PIECES)] if choice > 0.8 else [])
    rng.shuffle(pieces)
    return " ".join(pieces)


@st.composite
def hostile_translations(draw: st.DrawFn, units: list[str]) -> dict[str, str]:
    """One or two units (of any kind: heading, list item, table cell, link text, label…) given hostile text."""
    rng = draw(st.randoms(use_true_random=False))
    chosen = rng.sample(units, rng.choice([1, 2, 2]))
    return {unit: _hostile(rng) for unit in chosen}


MINI_UNITS = [text.id for text in Project.open(DATA / "mini").roadmap.texts()]
HOSTILE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _check_hostile(root: Path, translations: dict[str, str]) -> None:
    _translate(root, translations)
    with mock.patch("os.fsync"):
        write_plan(plan_build(Project.open(root)))
    project = Project.open(root)
    assert_renders_like_the_english(project, "vi")
    withheld = {entry.unit for entry in project.publication("vi").withheld}
    reported = {f.message.split(":", 1)[0] for f in run_checks(project, only=["integrity"]).findings}
    assert reported == withheld


@settings(HOSTILE, max_examples=8)
@given(translations=hostile_translations(MINI_UNITS))
def test_hostile_translations_never_reach_the_readme(built_mini: Path, translations: dict[str, str]) -> None:
    shutil.rmtree(built_mini.parent / "work", ignore_errors=True)
    root = shutil.copytree(built_mini, built_mini.parent / "work")
    _check_hostile(root, translations)


@pytest.mark.slow
@settings(HOSTILE, max_examples=400)
@given(translations=hostile_translations(MINI_UNITS))
def test_hostile_translations_never_reach_the_readme_many(built_mini: Path, translations: dict[str, str]) -> None:
    shutil.rmtree(built_mini.parent / "work", ignore_errors=True)
    root = shutil.copytree(built_mini, built_mini.parent / "work")
    _check_hostile(root, translations)


def test_build_names_twenty_withheld_translations_per_locale_and_counts_the_rest(
    built_mini: Path, tmp_path: Path
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(built_mini, root)
    units = [unit for unit in MINI_UNITS if not unit.startswith("labels.")][:22]
    _translate(root, {unit: f"Bản dịch\u200b {n}" for n, unit in enumerate(units)})
    with mock.patch("os.fsync"):
        built = CliRunner().invoke(app, ["build", "--root", str(root)])
    named = re.findall(r"^\S+:\d+: warning \[integrity/invisible\] ", built.stderr, re.M)
    assert len(named) == 20
    assert f"{VI_PO}: warning [integrity] 2 more withheld translations" in built.stderr
    checked = json.loads(CliRunner().invoke(app, ["check", "--root", str(root), "--format", "json"]).stdout)
    assert len([f for f in checked["findings"] if f["check"] == "integrity"]) == 22
