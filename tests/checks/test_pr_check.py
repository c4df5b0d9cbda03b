"""`roadmapi18n pr-check` on real git repositories: the pull requests a translator and a maintainer send.

A small built project is committed on ``main`` once per session; each test clones it, commits a change
on a branch (or in a fork) and runs the check as the pull-request workflow does. A correct translator
change is green; a broken translation is red with an annotation on its .po line; stale generated files,
a re-wrapped catalog and an English change are left to the rebuild after the merge.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import TRANSLATIONS, Result, line_of, msgstr_line, po_path, set_msgstr

Cli = Callable[..., Result]
VI_PO = "locales/vi/LC_MESSAGES/roadmap.po"
COVERAGE_README = "# Mini Course\n\n## Translation status\n\n<!-- coverage:start -->\n<!-- coverage:end -->\n"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as a fixed author (no user configuration needed)."""
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
    result = subprocess.run([*command, *args], cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="session")
def upstream(built_mini: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built mini project with a coverage table, committed on ``main``: what a pull request goes into."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from roadmapi18n.build import build_project
    from roadmapi18n.project import Project

    repo = tmp_path_factory.mktemp("upstream") / "repo"
    shutil.copytree(built_mini, repo)
    (repo / "README.md").write_text(COVERAGE_README, encoding="utf-8")
    config = repo / "roadmapi18n.toml"
    config.write_text('coverage_table = "README.md"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    build_project(Project.open(repo))
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "The roadmap, built")
    return repo


@pytest.fixture
def repo(upstream: Path, tmp_path: Path) -> Iterator[Path]:
    """A clone of upstream on a new branch ``pr``: change files, commit, run the check."""
    clone = tmp_path / "clone"
    shutil.copytree(upstream, clone)
    git(clone, "checkout", "-q", "-b", "pr")
    yield clone


@pytest.fixture
def pr_check(cli: Cli, tmp_path: Path) -> Callable[..., tuple[Result, str]]:
    """``roadmapi18n pr-check --root REPO --base main [ARGS]``: the result and the Markdown summary written."""

    def run(repo: Path, *args: str, base: str = "main") -> tuple[Result, str]:
        summary = tmp_path / "summary.md"
        summary.unlink(missing_ok=True)
        result = cli("pr-check", "--root", repo, "--base", base, "--summary", summary, *args)
        return result, summary.read_text(encoding="utf-8") if summary.exists() else ""

    return run


def verdicts(result: Result) -> list[tuple[str, str | None, str, str]]:
    """(check, rule, path, verdict) of each finding of the JSON report, warnings left out."""
    return [
        (f["check"], f["rule"], f["path"], f["verdict"]) for f in result.json()["findings"] if f["severity"] == "error"
    ]


def fixes(result: Result) -> list[dict[str, Any]]:
    """The findings of the JSON report the contributor must fix."""
    return [f for f in result.json()["findings"] if f["verdict"] == "fix"]


def locale(result: Result, code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(loc for loc in result.json()["locales"] if loc["locale"] == code)
    return found


# -- the four pull requests of the issue -------------------------------------------------------------


def test_translator_only_change_is_green(repo: Path, pr_check: Callable[..., tuple[Result, str]]) -> None:
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.intro", "Bắt đầu từ đây.")
    set_msgstr(po, "basics.python.title", "Python cho học máy")
    commit_all(repo, "vi: two translations")
    result, summary = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    vi = locale(result, "vi")
    assert (vi["translated"], vi["reviewed"], vi["changed"], vi["removed"]) == (2, 0, 0, 0)
    assert vi["after"]["translated"] == vi["before"]["translated"] + 2
    assert [e["id"] for e in vi["entries"]] == ["basics.intro", "basics.python.title"]
    assert vi["entries"][0]["line"] == msgstr_line(po, "basics.intro")
    # The README, badge and coverage table are stale: the rebuild after the merge writes them.
    assert verdicts(result) == [("readme-drift", "not-rebuilt", "locales/vi/README.md", "rebuild")]
    assert summary.startswith("## roadmapi18n: translations in this pull request")
    assert "✅ **Nothing to fix.**" in summary and "| `vi` | 2 | 0 | 0 | 0 | 0 |" in summary
    assert f"`{VI_PO}:{msgstr_line(po, 'basics.intro')}` | newly translated" in summary


@pytest.mark.gettext
def test_change_that_needs_a_rebuild_is_green(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], gettext: object
) -> None:
    """Poedit on Windows: a fuzzy entry reviewed, the file re-wrapped at 79 columns and saved with CRLF."""
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.intro", "Gợi ý", fuzzy=True)
    commit_all(repo, "a fuzzy suggestion on main")
    git(repo, "branch", "-f", "main")
    long = "Python là ngôn ngữ lập trình phổ biến nhất trong học máy, với rất nhiều thư viện mạnh mẽ và dễ dùng."
    set_msgstr(po, "basics.intro", long)  # reviewed: the fuzzy flag is gone, the text is new
    subprocess.run(["msgcat", "--width=79", str(po), "-o", str(po)], check=True)
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    commit_all(repo, "vi: review")
    result, summary = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert locale(result, "vi")["reviewed"] == 1
    assert sorted(verdicts(result)) == [
        ("catalog-drift", "layout", VI_PO, "rebuild"),
        ("catalog-health", "crlf", VI_PO, "rebuild"),
        ("readme-drift", "not-rebuilt", "locales/vi/README.md", "rebuild"),
    ]
    assert "wrapped into lines of at most 79 characters" in summary and "Done after merging" in summary


def test_english_change_is_green_and_says_what_turns_fuzzy(
    repo: Path, pr_check: Callable[..., tuple[Result, str]]
) -> None:
    part = repo / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("summary: covers the basics.", "summary: the basics."))
    commit_all(repo, "Reword the summary")
    result, summary = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert verdicts(result) == [("catalog-drift", "roadmap-changed", "roadmap/parts/basics.yaml", "rebuild")]
    assert locale(result, "vi")["english_changed"] == ["basics.summary"]
    assert locale(result, "vi")["translated"] == 0  # the translations themselves did not change
    assert "1 translation to review: the English changed" in summary


def test_broken_translation_is_red_with_an_annotation_on_the_po_line(
    repo: Path, pr_check: Callable[..., tuple[Result, str]]
) -> None:
    po = po_path(repo, "vi")
    unit = "basics.math.topics.linear-algebra.description"
    set_msgstr(po, unit, "Vectơ và **ma trận*, xem `numpy`.")
    commit_all(repo, "vi: a typo")
    result, summary = pr_check(repo, "--format", "github")
    assert result.code == 1
    line = msgstr_line(po, unit)
    errors = [row for row in result.out.split("\n") if row.startswith("::error ")]
    assert len(errors) == 1, result.out
    assert errors[0].startswith(f"::error file={VI_PO},line={line},title=integrity (emphasis)::{unit}: ")
    assert "❌ **1 problem to fix** before merging." in summary
    assert f"- `{VI_PO}:{line}` **integrity (emphasis)**" in summary
    # The stale README is not the contributor's problem: a notice, not an error.
    assert any(row.startswith("::notice file=locales/vi/README.md") for row in result.out.split("\n"))


# -- more of what a translator or a maintainer may send ---------------------------------------------


def test_every_kind_of_entry_change_is_counted(repo: Path, pr_check: Callable[..., tuple[Result, str]]) -> None:
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.title", "Những điều cơ bản")  # changed
    set_msgstr(po, "basics.summary", TRANSLATIONS["vi"]["basics.summary"], fuzzy=True)  # marked fuzzy
    set_msgstr(po, "acknowledgements.thanks.ada", "")  # removed
    set_msgstr(po, "basics.intro", "Bắt đầu?", fuzzy=True)  # a suggestion
    commit_all(repo, "vi: review")
    result, summary = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    vi = locale(result, "vi")
    counts = {kind: vi[kind] for kind in ("translated", "reviewed", "changed", "unreviewed", "removed", "suggested")}
    assert counts == {"translated": 0, "reviewed": 0, "changed": 1, "unreviewed": 1, "removed": 1, "suggested": 1}
    assert vi["after"]["translated"] == vi["before"]["translated"] - 2
    assert "| `vi` | 0 | 0 | 1 | 1 | 1 |" in summary and "~~Cảm ơn Ada" in summary


def test_a_translation_the_same_as_the_english_counts_as_translated(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    # "Blog", a product name: the translator keeps the English. msgfmt --statistics, Poedit and Weblate count it
    # translated, and so do the summary, the README's status line and stats.
    po = po_path(repo, "vi")
    set_msgstr(po, "course.links.blog.label", "Blog")
    commit_all(repo, "vi: Blog stays Blog")
    result, summary = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    vi = locale(result, "vi")
    assert (vi["translated"], [e["id"] for e in vi["entries"]]) == (1, ["course.links.blog.label"])
    assert vi["after"]["translated"] == vi["before"]["translated"] + 1
    assert "| `vi` | 1 | 0 | 0 | 0 | 0 |" in summary
    assert cli("build", "--root", repo).code == 0
    done, total = vi["after"]["translated"], vi["after"]["total"]
    assert f"({done}/{total})" in (repo / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    stats = next(line for line in cli("stats", "--root", repo).out.split("\n") if line.startswith("vi "))
    assert f" {done}/{total} " in stats


def test_generated_file_edited_by_hand_is_red(repo: Path, pr_check: Callable[..., tuple[Result, str]]) -> None:
    readme = repo / "locales" / "vi" / "README.md"
    line = line_of(readme, "## ")
    lines = readme.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = "## Cơ bản (sửa tay)"
    readme.write_text("\n".join(lines), encoding="utf-8")
    commit_all(repo, "vi: fix the README directly")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1
    fix = fixes(result)
    assert [(f["rule"], f["path"], f["line"]) for f in fix] == [("hand-edit", "locales/vi/README.md", line)]
    assert "roadmap.po" in fix[0]["hint"] or ".po file" in fix[0]["hint"]


def test_readme_built_at_an_earlier_commit_is_not_a_hand_edit(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    """A translator ran build once (nothing asks them to), then corrected a translation in their editor: the
    README still shows the first wording, written by build, not by hand."""
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.intro", "Bắt đầu ở đây.")
    assert cli("build", "--root", repo).code == 0
    commit_all(repo, "vi: a translation, built")
    set_msgstr(po, "basics.intro", "Hãy bắt đầu từ đây.")
    commit_all(repo, "vi: a better wording")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert verdicts(result) == [("readme-drift", "not-rebuilt", "locales/vi/README.md", "rebuild")]
    # A line edited by hand next to it is still the contributor's to undo.
    readme = repo / "locales" / "vi" / "README.md"
    line = line_of(readme, "## ")
    lines = readme.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = "## Cơ bản (sửa tay)"
    readme.write_text("\n".join(lines), encoding="utf-8")
    commit_all(repo, "vi: fix the README directly")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1
    fix = [(f["rule"], f["line"]) for f in fixes(result)]
    assert fix == [("hand-edit", line)]


@pytest.mark.parametrize(
    "hidden",
    ["Bắt đầu [ở đây](https://evil.example).", "Bắt đầu <img src=x onerror=alert(1)> ở đây.", "> Bắt đầu ở đây."],
)
def test_hand_edit_in_the_place_of_a_translated_unit_is_red(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli, hidden: str
) -> None:
    """A README line in the place of a unit the pull request translates may show another translation (build's
    at an earlier commit), but not a link, HTML or structure that no judged translation could have brought."""
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.intro", "Bắt đầu ở đây.")
    assert cli("build", "--root", repo).code == 0
    readme = repo / "locales" / "vi" / "README.md"
    line = line_of(readme, "Bắt đầu ở đây.")
    readme.write_text(readme.read_text(encoding="utf-8").replace("Bắt đầu ở đây.", hidden), encoding="utf-8")
    commit_all(repo, "vi: a translation, and the README edited")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1, result.out
    fix = [(f["rule"], f["line"]) for f in fixes(result)]
    assert fix == [("hand-edit", line)]


def test_new_locale_translated_after_init_locale_is_green(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    """A language added the documented way (init-locale writes its catalog and README), then translated in an
    editor without a build: every line of the new README is the pull request's, and build wrote them all."""
    assert cli("init-locale", "fr", "--root", repo).code == 0
    po = po_path(repo, "fr")
    set_msgstr(po, "basics.title", "Les bases")
    set_msgstr(po, "basics.intro", "Commencez ici.")
    commit_all(repo, "fr: a new language")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert (locale(result, "fr")["translated"], locale(result, "fr")["after"]["translated"]) == (2, 2)
    assert [f for f in result.json()["findings"] if f["rule"] == "hand-edit"] == []
    readme = repo / "locales" / "fr" / "README.md"
    line = line_of(readme, "Low-rank adapters.")
    readme.write_text(readme.read_text(encoding="utf-8").replace("Low-rank adapters.", "Adaptateurs de rang faible."))
    commit_all(repo, "fr: the README translated directly")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1
    assert [(f["rule"], f["line"]) for f in fixes(result)] == [("hand-edit", line)]


OBSOLETE_ENTRY = '#~ msgctxt "basics.gone"\n#~ msgid "A passage upstream removed."\n#~ msgstr "Một đoạn đã bị xoá."\n'


def test_deleting_obsolete_translations_is_red_and_the_hint_restores_them(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    """A translator's tool purged the #~ entries (msgattrib --no-obsolete, Poedit's "Purge deleted
    translations"): the translations are lost for good unless the pull request keeps them."""
    po = po_path(repo, "vi")
    git(repo, "checkout", "-q", "main")
    po.write_text(po.read_text(encoding="utf-8") + "\n" + OBSOLETE_ENTRY, encoding="utf-8")
    assert cli("build", "--root", repo).code == 0
    commit_all(repo, "vi: an obsolete translation, as build keeps it")
    git(repo, "checkout", "-q", "-b", "purge")
    set_msgstr(po, "basics.intro", "Bắt đầu từ đây.")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("\n" + OBSOLETE_ENTRY, ""), encoding="utf-8")
    commit_all(repo, "vi: a translation, obsolete entries purged")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1, result.out
    fix = fixes(result)
    assert [(f["rule"], f["path"]) for f in fix] == [("obsolete-deleted", VI_PO)]
    assert "1 obsolete translation (#~ entries, the first: basics.gone)" in fix[0]["message"]
    if shutil.which("msgcat") is None:
        pytest.skip("msgcat (GNU gettext) is not installed: the hint's restore command is not tried")
    restore = fix[0]["hint"].removeprefix("restore them: ").split(" (and do not")[0]
    restore = restore.replace("roadmapi18n build", f"{sys.executable} -m roadmapi18n build")
    subprocess.run(restore, shell=True, cwd=repo, check=True, capture_output=True)
    assert OBSOLETE_ENTRY in po.read_text(encoding="utf-8")
    assert "??" not in git(repo, "status", "--short")  # no scratch file left to commit by mistake
    commit_all(repo, "vi: the obsolete translation restored")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert locale(result, "vi")["translated"] == 1


def test_fuzzy_entries_losing_their_previous_english_is_a_warning(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    """msgmerge without --previous drops the #| lines: the translations stay, but reviewers lose the English
    they were made from, and nothing brings it back. Said, without failing the pull request."""
    po = po_path(repo, "vi")
    git(repo, "checkout", "-q", "main")
    part = repo / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("summary: covers the basics.", "summary: the basics."))
    assert cli("build", "--root", repo).code == 0
    assert '#| msgid "covers the basics."' in po.read_text(encoding="utf-8")
    commit_all(repo, "The English changed upstream")
    git(repo, "checkout", "-q", "-b", "no-previous")
    lines = po.read_text(encoding="utf-8").split("\n")
    po.write_text("\n".join(line for line in lines if not line.startswith("#| ")), encoding="utf-8")
    set_msgstr(po, "basics.intro", "Bắt đầu từ đây.")
    commit_all(repo, "vi: a translation, the catalog updated with msgmerge -U")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    found = [f for f in result.json()["findings"] if f["rule"] == "previous-dropped"]
    assert [(f["severity"], f["verdict"], f["path"]) for f in found] == [("warning", "fix", VI_PO)]
    assert "1 fuzzy entry lost the #| lines" in found[0]["message"] and "basics.summary" in found[0]["message"]


def test_catalog_of_an_unlisted_language_is_red_until_init_locale(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    """A language added with msginit (or a copied catalog) but not listed in roadmapi18n.toml: build never
    reads it, so the translations would never be published. The hint's init-locale keeps them."""
    po = repo / "locales" / "fr" / "LC_MESSAGES" / "roadmap.po"
    po.parent.mkdir(parents=True)
    template = (repo / "locales" / "roadmap.pot").read_text(encoding="utf-8")
    po.write_text(template.replace('"Language: \\n"', '"Language: fr\\n"'), encoding="utf-8")
    set_msgstr(po, "basics.title", "Les bases")
    commit_all(repo, "fr: a new language, by msginit")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1, result.out
    fix = fixes(result)
    assert [(f["rule"], f["path"]) for f in fix] == [("unlisted-locale", "locales/fr/LC_MESSAGES/roadmap.po")]
    assert "roadmapi18n init-locale fr" in fix[0]["hint"]
    assert cli("check", "--root", repo).code == 1  # on the main branch too
    assert cli("init-locale", "fr", "--root", repo).code == 0
    commit_all(repo, "fr: listed")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert locale(result, "fr")["translated"] == 1


def test_language_header_emptied_by_pot2po_is_left_to_the_rebuild(
    repo: Path, pr_check: Callable[..., tuple[Result, str]], cli: Cli
) -> None:
    """translate-toolkit's pot2po (3.20.4) updating a catalog from the template writes the template's header:
    "Language: " empty, an X-Generator added. The translations are right, and build writes Language back."""
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.intro", "Bắt đầu từ đây.")
    text = po.read_text(encoding="utf-8")
    assert '"Language: vi\\n"\n' in text
    text = text.replace('"Language: vi\\n"\n', '"Language: \\n"\n', 1)
    text = text.replace("\n\n", '\n"X-Generator: Translate Toolkit 3.20.4\\n"\n\n', 1)
    po.write_text(text, encoding="utf-8")
    commit_all(repo, "vi: updated with pot2po")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    assert ("catalog-health", "language", VI_PO, "rebuild") in verdicts(result)
    assert cli("build", "--root", repo).code == 0
    assert '"Language: vi\\n"' in po.read_text(encoding="utf-8")
    # A catalog that says it is another language's is still the contributor's to check.
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: vi\\n"', '"Language: fr\\n"'), encoding="utf-8")
    commit_all(repo, "vi: another language's header")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1
    assert ("catalog-health", "language", VI_PO, "fix") in verdicts(result)


def test_msgid_edited_is_red_at_its_line(repo: Path, pr_check: Callable[..., tuple[Result, str]]) -> None:
    po = po_path(repo, "vi")
    line = line_of(po, 'msgid "Syntax and types."')
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Syntax and types."', 'msgid "Syntax & types."'))
    commit_all(repo, "vi: oops")
    result, _ = pr_check(repo, "--format", "json")
    assert result.code == 1
    fix = [(f["rule"], f["line"]) for f in fixes(result)]
    assert fix == [("msgid-edited", line)]


def test_problem_already_on_the_base_branch_is_not_blamed(
    repo: Path, pr_check: Callable[..., tuple[Result, str]]
) -> None:
    set_msgstr(po_path(repo, "zh_Hant"), "basics.summary", "涵蓋 **基礎知識。")
    commit_all(repo, "a broken zh_Hant translation lands on main")
    git(repo, "branch", "-f", "main")
    set_msgstr(po_path(repo, "vi"), "basics.intro", "Bắt đầu từ đây.")
    commit_all(repo, "vi: one translation")
    result, summary = pr_check(repo, "--format", "json")
    assert result.code == 0, result.out
    existing = [(f["check"], f["path"]) for f in result.json()["findings"] if f["verdict"] == "existing"]
    assert ("integrity", "locales/zh_Hant/LC_MESSAGES/roadmap.po") in existing
    assert "Already on the base branch" in summary
    # The broken translation is withheld on both sides: zh_Hant's coverage did not move.
    zh = locale(result, "zh_Hant")
    assert zh["before"] == zh["after"], zh


def test_pull_request_from_a_fork_on_githubs_merge_commit(
    upstream: Path, tmp_path: Path, pr_check: Callable[..., tuple[Result, str]]
) -> None:
    """As GitHub runs it: the fork's branch merged into upstream's main, checked out; the base is HEAD^1."""
    fork = tmp_path / "fork"
    git(tmp_path, "clone", "-q", str(upstream), str(fork))
    git(fork, "checkout", "-q", "-b", "translate-vi")
    set_msgstr(po_path(fork, "vi"), "basics.intro", "Bắt đầu từ đây.")
    commit_all(fork, "vi: translate the intro")
    runner = tmp_path / "runner"
    git(tmp_path, "clone", "-q", str(upstream), str(runner))
    git(runner, "fetch", "-q", str(fork), "translate-vi:refs/pull/1/head")
    git(runner, "merge", "-q", "--no-ff", "-m", "Merge pull request #1", "refs/pull/1/head")
    result, _ = pr_check(runner, "--format", "json", base="HEAD^1")
    assert result.code == 0, result.out
    assert result.json()["changed_files"] == [VI_PO]
    assert locale(result, "vi")["translated"] == 1


def test_unknown_base_is_a_usage_error(repo: Path, pr_check: Callable[..., tuple[Result, str]]) -> None:
    result, summary = pr_check(repo, "--format", "github", base="no-such-branch")
    assert result.code == 2
    assert "unknown revision 'no-such-branch'" in result.err
    assert result.out.startswith("::error title=input (usage)::unknown revision")
    assert "Cannot check" in summary


def test_annotations_escape_contributor_text(repo: Path, pr_check: Callable[..., tuple[Result, str]]) -> None:
    """A translation is untrusted: it cannot end an annotation early or inject Markdown into the summary."""
    po = po_path(repo, "vi")
    set_msgstr(po, "basics.intro", "Xem [đây](https://evil.example/%0A::error::x) <img src=x>")
    commit_all(repo, "vi: hostile")
    result, summary = pr_check(repo, "--format", "github")
    assert result.code == 1
    assert all(not re.match(r"::\w+ ::", row) for row in result.out.split("\n"))
    assert "%250A" in result.out  # the % of the translation is escaped, so no line break is injected
    assert "<img" not in summary and "[đây](" not in summary


def test_text_summary_counts_read_as_english() -> None:
    from roadmapi18n.checks.pr_output import _counted

    assert _counted("translated", 3) == "3 newly translated"
    assert _counted("removed", 1) == "1 translation removed"
    assert _counted("removed", 2) == "2 translations removed"
    assert _counted("suggested", 2) == "2 suggestions (fuzzy) added or edited"
