"""A translation that could not be shown safely falls back to the English, and ``check`` says why.

The README shows a confirmed translation only if the judge finds nothing wrong with it where the
README puts it (:mod:`roadmapi18n.publish`); the ``integrity`` check reports exactly the others.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from markdown_it import MarkdownIt

from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.catalog import format_po, read_po
from roadmapi18n.checks import run_checks
from roadmapi18n.project import Project

VI_PO = Path("locales/vi/LC_MESSAGES/roadmap.po")
DESCRIPTION = "basics.math.topics.lora.description"  # English: "Low-rank adapters."
BY_AUTHOR = "labels.by-author"  # English: "by {author}"


def _build(root: Path) -> None:
    with mock.patch("os.fsync"):
        write_plan(plan_build(Project.open(root)))


def _translate(root: Path, unit: str, text: str) -> None:
    catalog = read_po(root / VI_PO)
    for message in catalog.messages:
        if message.msgctxt == unit:
            message.msgstr = text
    (root / VI_PO).write_text(format_po(catalog), encoding="utf-8")


def _readme(root: Path) -> str:
    return (root / "locales" / "vi" / "README.md").read_text(encoding="utf-8")


CASES = {
    # id: (unit, translation, shown in the README?, the integrity rule check reports, or "")
    "plain": (DESCRIPTION, "Bộ điều hợp hạng thấp.", True, ""),
    "javascript-link": (DESCRIPTION, "Bộ [điều hợp](javascript:alert(1)).", False, "unsafe-link"),
    "other-site": (DESCRIPTION, "Xem [đây](https://evil.example/x).", False, "link-target"),
    "html-link": (DESCRIPTION, 'Bộ <a href="https://evil.example">điều hợp</a>.', False, "link-target"),
    "autolink": (DESCRIPTION, "Bộ điều hợp <https://evil.example>.", False, "link-target"),
    "image": (DESCRIPTION, "![x](https://evil.example/pixel.png)", False, "link-target"),
    "bare-url": (DESCRIPTION, "Xem www.evil.example/x để biết thêm.", False, "link-target"),
    "line-break": (DESCRIPTION, "Bộ điều hợp\n\n[x]: https://evil.example", False, "line-break"),
    "label-kept-placeholder": (BY_AUTHOR, "của {author}", True, ""),
    "label-positional": (BY_AUTHOR, "của {0}", False, "placeholder"),
    "label-attribute": (BY_AUTHOR, "của {author.__class__}", False, "placeholder"),
    "label-unbalanced": (BY_AUTHOR, "của {author", False, "placeholder"),
    "label-misspelt": (BY_AUTHOR, "của {autor}", False, "placeholder"),
}


@pytest.mark.parametrize("case", sorted(CASES), ids=str)
def test_unsafe_translation_shows_the_english_and_is_reported(mini_project: Path, case: str) -> None:
    unit, translation, shown, problem = CASES[case]
    _build(mini_project)
    _translate(mini_project, unit, translation)
    _build(mini_project)
    readme = _readme(mini_project)
    english = "Low-rank adapters." if unit == DESCRIPTION else "by 3Blue1Brown"
    expected = translation if unit == DESCRIPTION else translation.replace("{author}", "3Blue1Brown")
    assert (expected in readme) is shown
    assert (english in readme) is not shown
    assert "evil.example" not in readme and "javascript:" not in readme
    findings = [
        f for f in run_checks(Project.open(mini_project), only=["integrity"]).findings if f.message.startswith(unit)
    ]
    if problem:
        assert problem in {f.rule for f in findings}, findings
    else:
        assert findings == []


@pytest.mark.parametrize(
    ("translation", "shown"),
    [
        ("Xem [LoRA](https://a.example/1).", False),  # the English has no link
        ("Bộ điều hợp *hạng thấp*.", True),
        ("Bộ điều hợp <!-- hạng thấp.", True),  # in a list item after a title: text, not a comment
        ("Bộ điều hợp <!-- hạng --> thấp.", False),
        ("Bộ điều hợp `hạng thấp.", False),
    ],
    ids=["added-link", "emphasis", "unclosed-comment-inline", "comment", "backtick"],
)
def test_publication_judges_each_unit_where_the_readme_puts_it(
    mini_project: Path, translation: str, shown: bool
) -> None:
    _build(mini_project)
    _translate(mini_project, DESCRIPTION, translation)
    publication = Project.open(mini_project).publication("vi")
    assert (DESCRIPTION in publication.shown) is shown
    assert (DESCRIPTION in {entry.unit for entry in publication.withheld}) is not shown


def test_a_pipe_in_the_colab_badge_text_keeps_the_table_row_whole(mini_project: Path) -> None:
    course = mini_project / "roadmap" / "course.yaml"
    text = course.read_text(encoding="utf-8").replace("open-in-colab: Open In Colab", 'open-in-colab: "Open | Colab"')
    course.write_text(text, encoding="utf-8")
    _build(mini_project)
    readme = (mini_project / "roadmap" / "README.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(readme)
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(tokens[index + 1].content)
    autoeval = rows[1]  # the Tools table: header, then the AutoEval row
    assert len(autoeval) == 3 and autoeval[2].endswith("</a>"), autoeval
    assert 'alt="Open &#124; Colab"' in readme
