"""Cross-script suggestions: a confirmed zh_Hant translation offered to zh_Hans converted by OpenCC, and back.

Suggestions are fuzzy with a comment naming their origin, never confirmed, never replace text that is
there, are counted by ``stats``, and make ``build`` no less idempotent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmapi18n.catalog import Catalog, Message, read_po, write_po
from roadmapi18n.cli import app
from roadmapi18n.config import load_config
from roadmapi18n.errors import RoadmapError
from roadmapi18n.suggest import SUGGESTED_FROM, convert

DATA = Path(__file__).parent / "data"
CONFIG_TAIL = """
[[locales]]
code = "zh_Hans"
label = "简体中文"
suggest_from = "zh_Hant"
"""


def run(*args: str | Path, code: int = 0) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output + repr(result.exception)
    return result.output


def po(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "roadmap.po"


def entry(catalog: Catalog, unit: str) -> Message:
    return catalog.by_context()[unit]


def translate(root: Path, code: str, **texts: tuple[str, bool]) -> None:
    """Set ``unit=(text, fuzzy)`` in ``code``'s catalog (unit IDs with ``__`` for ``.``)."""
    catalog = read_po(po(root, code))
    for unit, (text, fuzzy) in texts.items():
        message = entry(catalog, unit.replace("__", "."))
        message.msgstr, message.fuzzy = text, fuzzy
    write_po(po(root, code), catalog)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with zh_Hans suggesting from zh_Hant, and zh_Hant from zh_Hans, built once."""
    mini_project = tmp_path_factory.mktemp("suggest") / "mini"
    shutil.copytree(DATA / "mini", mini_project)
    config = mini_project / "roadmapi18n.toml"
    text = config.read_text(encoding="utf-8").replace(
        'label = "繁體中文"\n', 'label = "繁體中文"\nsuggest_from = "zh_Hans"\n'
    )
    config.write_text(text + CONFIG_TAIL, encoding="utf-8")
    run("build", "--root", mini_project)
    translate(
        mini_project,
        "zh_Hant",
        course__title=("迷你課程：資訊與軟體", False),
        basics__title=("LLM 基礎", True),  # fuzzy: not offered
    )
    translate(mini_project, "zh_Hans", basics__math__title=("机器学习的数学与软件", False))
    run("build", "--root", mini_project)
    return mini_project


@pytest.fixture
def chinese(built: Path, tmp_path: Path) -> Path:
    """A copy of :func:`built` that a test may change."""
    return Path(shutil.copytree(built, tmp_path / "mini"))


def test_a_confirmed_translation_is_offered_converted_as_a_fuzzy_suggestion(built: Path) -> None:
    title = entry(read_po(po(built, "zh_Hans")), "course.title")
    assert (title.msgstr, title.fuzzy) == ("迷你课程：信息与软件", True)  # mainland phrases: 資訊 → 信息, 軟體 → 软件
    assert title.translator_comments == [
        "suggested from zh_Hant by OpenCC (tw2sp): review it, then remove the fuzzy flag and this comment"
    ]


def test_suggestions_go_both_ways_with_taiwan_phrases_into_zh_hant(built: Path) -> None:
    math = entry(read_po(po(built, "zh_Hant")), "basics.math.title")
    assert (math.msgstr, math.fuzzy) == ("機器學習的數學與軟體", True)
    assert math.translator_comments[0].startswith(f"{SUGGESTED_FROM}zh_Hans by OpenCC (s2twp)")


def test_fuzzy_sources_are_not_offered_and_present_text_is_never_replaced(built: Path) -> None:
    hans, hant = read_po(po(built, "zh_Hans")), read_po(po(built, "zh_Hant"))
    assert entry(hans, "basics.title").msgstr == ""  # zh_Hant's is fuzzy
    assert (entry(hant, "course.title").msgstr, entry(hant, "course.title").fuzzy) == ("迷你課程：資訊與軟體", False)
    assert (entry(hans, "basics.math.title").msgstr, entry(hans, "basics.math.title").fuzzy) == (
        "机器学习的数学与软件",
        False,
    )


def test_suggestions_are_never_shown_and_a_second_build_changes_nothing(chinese: Path) -> None:
    readme = (chinese / "locales" / "zh_Hans" / "README.md").read_text(encoding="utf-8")
    assert "信息与软件" not in readme
    before = {p: p.read_bytes() for p in (chinese / "locales").rglob("*") if p.is_file()}
    assert "Nothing changed." in run("build", "--root", chinese)
    assert {p: p.read_bytes() for p in (chinese / "locales").rglob("*") if p.is_file()} == before


def test_stats_count_the_suggestions_waiting_per_locale(built: Path) -> None:
    data = json.loads(run("stats", "--root", built, "--format", "json"))
    assert {loc["locale"]: loc["suggested"] for loc in data["locales"]} == {"vi": 0, "zh_Hant": 1, "zh_Hans": 1}
    text = run("stats", "--root", built)
    assert text.splitlines()[0].split()[-1] == "suggested"


def test_a_reviewed_suggestion_no_longer_counts(chinese: Path) -> None:
    catalog = read_po(po(chinese, "zh_Hans"))
    title = entry(catalog, "course.title")
    title.fuzzy, title.translator_comments = False, []
    write_po(po(chinese, "zh_Hans"), catalog)
    data = json.loads(run("stats", "--root", chinese, "--format", "json", "--locale", "zh_Hans"))
    assert (data["locales"][0]["suggested"], data["locales"][0]["translated"]) == (0, 1 + 1)


def test_catalogs_with_suggestions_pass_msgfmt(built: Path, gettext: object) -> None:
    gettext.check(po(built, "zh_Hans"))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('suggest_from = "vi"', "'zh_Hans' cannot take suggestions from 'vi'"),
        ('suggest_from = "zh_Hans"', "suggest_from for 'zh_Hans' must name another configured locale"),
        ('suggest_from = "ja"', "suggest_from for 'zh_Hans' must name another configured locale, not 'ja'"),
    ],
    ids=["not-chinese", "itself", "not-configured"],
)
def test_a_suggest_from_that_cannot_work_is_a_config_error(mini_project: Path, line: str, message: str) -> None:
    config = mini_project / "roadmapi18n.toml"
    text = config.read_text(encoding="utf-8") + CONFIG_TAIL.replace('suggest_from = "zh_Hant"', line)
    config.write_text(text, encoding="utf-8")
    with pytest.raises(RoadmapError) as caught:
        load_config(mini_project)
    assert message in caught.value.message
    assert caught.value.line == text.splitlines().index(line) + 1


def test_opencc_leaves_link_targets_code_and_placeholders_alone() -> None:
    text = '見[文件](https://example.com/軟體?q=1)與`軟體`，作者 {author}，<a href="https://軟體.tw">軟體</a>'
    assert (
        convert(text, "tw2sp")
        == '见[文档](https://example.com/軟體?q=1)与`軟體`，作者 {author}，<a href="https://軟體.tw">软件</a>'
    )
