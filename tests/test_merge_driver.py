"""`roadmapi18n merge-driver`: git merges of translated catalogs, entry by entry.

The real case: a translator's branch edits a translation while main, after an upstream sync,
changed that entry's English (and build marked it fuzzy). With the driver configured, git merges
(both ways) and rebases cleanly: main's English, the translator's text, fuzzy with ``#|`` the English
it was translated from. Two different edits of one translation are a conflict around that entry only.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from po_strategies import catalogs
from roadmapi18n.catalog import Catalog, Message, format_po, parse_po, read_po
from roadmapi18n.merge_driver import merge_three

REPO = Path(__file__).parent.parent
VI_PO = "locales/vi/LC_MESSAGES/roadmap.po"
PART = "roadmap/parts/fundamentals.yaml"
ENTRY = "fundamentals.mathematics.topics.linear-algebra.description"
OTHER = "fundamentals.mathematics.topics.linear-algebra.title"
OLD = "This is crucial for understanding many algorithms"
NEW = "This is essential for understanding many algorithms"


def git(repo: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``repo`` as a fixed author (no user configuration needed)."""
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
    result = subprocess.run([*command, *args], cwd=repo, capture_output=True, text=True, check=False)
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def roadmapi18n(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The console command, as git and a translator run it."""
    command = [sys.executable, "-m", "roadmapi18n", *(str(arg) for arg in args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def entry(repo: Path, msgctxt: str) -> Message:
    message = read_po(repo / VI_PO).by_context().get(msgctxt)
    assert message is not None
    return message


def edit_msgstr(repo: Path, msgctxt: str, prefix: str) -> None:
    """Prefix one translation as a text editor would: only that msgstr line changes."""
    path = repo / VI_PO
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{msgctxt}"')
    index = next(i for i in range(start, len(lines)) if lines[i].startswith('msgstr "'))
    lines[index] = 'msgstr "' + prefix + lines[index].removeprefix('msgstr "')
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_english(repo: Path, old: str, new: str) -> None:
    """Main's side: the roadmap's English changes, and build follows."""
    part = repo / PART
    text = part.read_text(encoding="utf-8")
    assert old in text
    part.write_text(text.replace(old, new), encoding="utf-8")
    result = roadmapi18n("build", "--root", repo)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with the shipped .gitattributes, committed on main, the driver configured."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("merge-driver") / "repo"
    repo.mkdir()
    for name in ("roadmapi18n.toml", "README.md", ".gitattributes"):
        shutil.copy2(REPO / name, repo)
    for folder in ("roadmap", "locales"):
        shutil.copytree(REPO / folder, repo / folder)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "The roadmap, built")
    return repo


@pytest.fixture
def repo(base_repo: Path, tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    shutil.copytree(base_repo, clone)
    installed = roadmapi18n("merge-driver", "--install", cwd=clone)  # as the README says, once per clone
    assert installed.returncode == 0, installed.stderr
    driver = f"{shlex.quote(sys.executable)} -m roadmapi18n merge-driver %O %A %B %P"
    assert git(clone, "config", "merge.roadmapi18n-po.driver").stdout.strip() == driver  # by absolute path
    assert git(clone, "config", "merge.roadmapi18n-po.name").stdout.strip() == "roadmapi18n PO catalogs"
    return clone


def test_install_outside_a_clone_is_an_error(tmp_path: Path) -> None:
    result = roadmapi18n("merge-driver", "--install", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "git config merge.roadmapi18n-po.name failed" in result.stderr and "inside your clone" in result.stderr


def branches(repo: Path, *, translator: str, main_prefix: str | None = None) -> None:
    """``pr``: the translator edits ENTRY's translation (and OTHER's); ``main``: the English changes.

    With ``main_prefix``, main also edits ENTRY's translation, differently: a real conflict.
    """
    git(repo, "checkout", "-q", "-b", "pr")
    edit_msgstr(repo, ENTRY, translator)
    edit_msgstr(repo, OTHER, "PR ")
    commit_all(repo, "vi: a better translation")
    git(repo, "checkout", "-q", "main")
    edit_english(repo, OLD, NEW)
    if main_prefix is not None:
        edit_msgstr(repo, ENTRY, main_prefix)
    commit_all(repo, "sync upstream")


@pytest.mark.parametrize("how", ["merge main into pr", "merge pr into main", "rebase pr onto main"])
def test_translator_branch_and_upstream_english_merge_cleanly(repo: Path, how: str) -> None:
    old_translation = entry(repo, ENTRY).msgstr
    old_english = entry(repo, ENTRY).msgid
    branches(repo, translator="SỬA: ")
    if how == "merge main into pr":
        git(repo, "checkout", "-q", "pr")
        result = git(repo, "merge", "--no-edit", "main", ok=False)
    elif how == "merge pr into main":
        result = git(repo, "merge", "--no-edit", "pr", ok=False)
    else:
        git(repo, "checkout", "-q", "pr")
        result = git(repo, "rebase", "main", ok=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<<<<<<<" not in (repo / VI_PO).read_text(encoding="utf-8")
    merged = entry(repo, ENTRY)
    assert NEW in merged.msgid  # main's English
    assert merged.msgstr == "SỬA: " + old_translation  # the translator's text
    assert merged.fuzzy and merged.previous_msgid == old_english  # to review: it was made for the old English
    assert entry(repo, OTHER).msgstr.startswith("PR ")
    build = roadmapi18n("build", "--root", repo)
    assert build.returncode == 0, build.stderr
    # The merge wrote the catalogs as build writes them; only the README shows the translator's other edit.
    assert [line for line in build.stdout.splitlines() if line.startswith("wrote")] == ["wrote locales/vi/README.md"]
    check = roadmapi18n("check", "--root", repo)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_header_the_translator_s_tool_changed_keeps_the_newer_template_date(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Poedit rewrites Last-Translator and PO-Revision-Date: the header is the translator's, but the date of
    the template is main's, whose English the merged entries have (else check calls the catalog stale)."""
    git(repo, "checkout", "-q", "-b", "pr")
    edit_msgstr(repo, ENTRY, "SỬA: ")
    po = repo / VI_PO
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('"Last-Translator: \\n"', '"Last-Translator: Lan <lan@example.com>\\n"'), "utf-8")
    assert read_po(po).headers["Last-Translator"] == "Lan <lan@example.com>"
    commit_all(repo, "vi: a better translation, saved by Poedit")
    base_date = read_po(po).headers["POT-Creation-Date"]
    git(repo, "checkout", "-q", "main")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # main's template is newer, whatever the minute
    edit_english(repo, OLD, NEW)
    git(repo, "commit", "-q", "-a", "-m", "sync upstream")
    main_date = read_po(po).headers["POT-Creation-Date"]
    assert main_date != base_date
    git(repo, "checkout", "-q", "pr")
    git(repo, "merge", "--no-edit", "main")
    headers = read_po(po).headers
    assert (headers["Last-Translator"], headers["POT-Creation-Date"]) == ("Lan <lan@example.com>", main_date)
    check = roadmapi18n("check", "--root", repo, "--format", "json")
    assert not [f for f in json.loads(check.stdout)["findings"] if f["check"] == "catalog-drift"], check.stdout


def test_without_the_driver_configured_git_merges_as_text(base_repo: Path, tmp_path: Path) -> None:
    """The shipped .gitattributes names a driver a fresh clone lacks: git falls back to its text merge."""
    clone = tmp_path / "clone"
    shutil.copytree(base_repo, clone)
    assert "merge=roadmapi18n-po" in (clone / ".gitattributes").read_text(encoding="utf-8")
    branches(clone, translator="SỬA: ")
    result = git(clone, "merge", "--no-edit", "pr", ok=False)
    assert result.returncode == 1 and f"CONFLICT (content): Merge conflict in {VI_PO}" in result.stdout
    assert (clone / VI_PO).read_text(encoding="utf-8").count("\n<<<<<<< ") == 1


def test_two_translations_of_one_entry_conflict_on_that_entry_only(repo: Path) -> None:
    branches(repo, translator="PR: ", main_prefix="MAIN: ")
    git(repo, "checkout", "-q", "pr")
    result = git(repo, "merge", "--no-edit", "main", ok=False)
    assert result.returncode == 1
    assert f"CONFLICT (content): Merge conflict in {VI_PO}" in result.stdout
    path = repo / VI_PO
    lines = path.read_text(encoding="utf-8").split("\n")
    start, middle, end = lines.index("<<<<<<< ours"), lines.index("======="), lines.index(">>>>>>> theirs")
    assert start < middle < end
    assert sum(line.startswith(("<<<<<<<", "=======", ">>>>>>>")) for line in lines) == 3
    ours, theirs = "\n".join(lines[start + 1 : middle]), "\n".join(lines[middle + 1 : end])
    for version, prefix in ((ours, "PR: "), (theirs, "MAIN: ")):
        assert version.count("msgctxt ") == 1 and f'msgctxt "{ENTRY}"' in version  # that entry, nothing else
        assert NEW in version and f'msgstr "{prefix}' in version  # the merged English, each side's text
    # Every other change is merged: the translator's other edit and main's English elsewhere.
    without_block = "\n".join(lines[:start] + lines[end + 1 :])
    catalog = parse_po(without_block.encode("utf-8"), path=path)
    assert catalog.by_context()[OTHER].msgstr.startswith("PR ")
    assert ENTRY not in catalog.by_context()
    check = roadmapi18n("check", "--root", repo, "--format", "json")
    assert check.returncode == 1
    found = [f for f in json.loads(check.stdout)["findings"] if f["check"] == "conflict-marker"]
    assert [(f["path"], f["line"], f["end_line"]) for f in found] == [(VI_PO, start + 1, end + 1)]


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'


def run_driver(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[int, str, str]:
    files = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        file = tmp_path / f"{name}.po"
        file.write_text(text, encoding="utf-8")
        files.append(file)
    result = roadmapi18n("merge-driver", *files, VI_PO)
    return result.returncode, files[1].read_text(encoding="utf-8"), result.stderr


def po(*entries: str) -> str:
    return HEADER + "\n".join(entries)


@pytest.mark.parametrize("obsolete_side", ["ours", "theirs"])
def test_obsolete_on_one_side_translated_on_the_other_keeps_the_translation(tmp_path: Path, obsolete_side: str) -> None:
    base = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n', 'msgctxt "b"\nmsgid "Bee"\nmsgstr ""\n')
    gone = po('#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Táo"\n')  # a made obsolete, b (untranslated) deleted
    translated = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Quả táo"\n', 'msgctxt "b"\nmsgid "Bee"\nmsgstr "Ong"\n')
    ours, theirs = (gone, translated) if obsolete_side == "ours" else (translated, gone)
    code, merged, _ = run_driver(tmp_path, base, ours, theirs)
    assert code == 0
    assert merged == po(
        '#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Quả táo"\n', '#~ msgctxt "b"\n#~ msgid "Bee"\n#~ msgstr "Ong"\n'
    )


def test_an_entry_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(tmp_path: Path) -> None:
    base = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n', 'msgctxt "b"\nmsgid "Bee"\nmsgstr "Ong"\n')
    ours = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n')
    code, merged, _ = run_driver(tmp_path, base, ours, base)
    assert (code, merged) == (0, ours)


def test_english_from_one_side_translation_from_the_other(tmp_path: Path) -> None:
    """The English half and the translation half of one entry come from different sides."""
    base = po('#. note\n#: a.yaml:1\nmsgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n')
    english = po('#. note\n#: a.yaml:2\n#, fuzzy\n#| msgid "Apple"\nmsgctxt "a"\nmsgid "An apple"\nmsgstr "Táo"\n')
    translation = po('# checked\n#. note\n#: a.yaml:1\nmsgctxt "a"\nmsgid "Apple"\nmsgstr "Quả táo"\n')
    expected = po(
        '# checked\n#. note\n#: a.yaml:2\n#, fuzzy\n#| msgid "Apple"\nmsgctxt "a"\nmsgid "An apple"\nmsgstr "Quả táo"\n'
    )
    for ours, theirs in ((english, translation), (translation, english)):
        code, merged, _ = run_driver(tmp_path, base, ours, theirs)
        assert (code, merged) == (0, expected)


def test_a_translator_s_text_wins_over_a_suggestion_build_made_on_the_other_side(tmp_path: Path) -> None:
    """zh_Hant: main's build offered an OpenCC suggestion from zh_Hans (fuzzy, commented) while a translator
    translated the entry: no conflict, the translator's text. Two translators' texts still conflict."""
    base = po('msgctxt "a"\nmsgid "Apple"\nmsgstr ""\n')
    comment = "# suggested from zh_Hans by OpenCC (s2twp): 苹果\n"
    suggested = po(comment + '#, fuzzy\nmsgctxt "a"\nmsgid "Apple"\nmsgstr "蘋果"\n')
    translated = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "蘋果（水果）"\n')
    for ours, theirs in ((suggested, translated), (translated, suggested)):
        assert run_driver(tmp_path, base, ours, theirs)[:2] == (0, translated)
    other = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "林檎"\n')
    assert run_driver(tmp_path, base, other, translated)[0] == 1


def test_a_translation_reviewed_on_one_side_stays_reviewed(tmp_path: Path) -> None:
    base = po('#, fuzzy\n#| msgid "Apple"\nmsgctxt "a"\nmsgid "An apple"\nmsgstr "Táo"\n')
    reviewed = po('msgctxt "a"\nmsgid "An apple"\nmsgstr "Một quả táo"\n')
    code, merged, _ = run_driver(tmp_path, base, base, reviewed)
    assert (code, merged) == (0, reviewed)


def test_identical_edits_on_both_sides_are_no_conflict(tmp_path: Path) -> None:
    base = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n')
    both = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Quả táo"\n')
    assert run_driver(tmp_path, base, both, both)[:2] == (0, both)


@pytest.mark.parametrize("unchanged", ["theirs", "ours"])
@settings(max_examples=60, deadline=None)
@given(base=catalogs(max_messages=6), changed=catalogs(max_messages=6))
def test_merging_with_an_unchanged_side_gives_the_changed_side(unchanged: str, base: Catalog, changed: Catalog) -> None:
    """BASE == THEIRS (or OURS): the result is the other side, as format_po writes it."""

    def reread(catalog: Catalog) -> Catalog:
        return parse_po(format_po(catalog).encode("utf-8"), path=Path("x.po"))

    base, changed = reread(base), reread(changed)
    result = merge_three(base, changed, base) if unchanged == "theirs" else merge_three(base, base, changed)
    assert result is not None and result.conflicts == []
    assert result.text == format_po(changed)


def test_a_file_with_conflict_markers_is_merged_as_text(tmp_path: Path) -> None:
    base = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n')
    marked = base.replace('msgstr "Táo"\n', '<<<<<<< HEAD\nmsgstr "A"\n=======\nmsgstr "B"\n>>>>>>> x\n')
    code, merged, err = run_driver(tmp_path, base, marked, base.replace("Táo", "Quả táo"))
    assert code == 1
    assert "merged as text" in err and "Traceback" not in err
    assert merged.count("<<<<<<< ") == 2  # the old markers, and git merge-file's around the clash


def test_unreadable_input_exits_2_naming_the_file(tmp_path: Path) -> None:
    ours = tmp_path / "ours.po"
    ours.write_text(HEADER, encoding="utf-8")
    result = roadmapi18n("merge-driver", ours, ours, tmp_path / "missing.po", VI_PO)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert VI_PO in result.stderr and "missing.po" in result.stderr
    assert ours.read_text(encoding="utf-8") == HEADER  # nothing written


def test_wrong_arguments_are_a_usage_error() -> None:
    result = roadmapi18n("merge-driver", "only-one")
    assert result.returncode == 2 and "usage" in result.stderr


def test_an_obsolete_entry_revived_on_one_side_and_purged_on_the_other_is_live(tmp_path: Path) -> None:
    """``msgattrib --no-obsolete`` on one side, the unit back in the roadmap on the other: not obsolete again."""
    base = po('#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Táo"\n')
    revived = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n')
    for ours, theirs in ((po(), revived), (revived, po())):
        assert run_driver(tmp_path, base, ours, theirs)[:2] == (0, revived)


def test_a_removed_entry_with_its_older_english_kept_obsolete_meets_its_translation(tmp_path: Path) -> None:
    """Build kept a reworded entry's older English obsolete; then the unit is removed on one side (two obsolete
    entries of one ID) while the other reviews it: an entry-by-entry merge, not a fall back to text."""
    older = '#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Táo"\n'
    base = po('#, fuzzy\n#| msgid "Apple"\nmsgctxt "a"\nmsgid "An apple"\nmsgstr "Táo"\n', older)
    removed = po('#, fuzzy\n#~| msgid "Apple"\n#~ msgctxt "a"\n#~ msgid "An apple"\n#~ msgstr "Táo"\n', older)
    reviewed = po('msgctxt "a"\nmsgid "An apple"\nmsgstr "Một quả táo"\n', older)
    expected = po('#~ msgctxt "a"\n#~ msgid "An apple"\n#~ msgstr "Một quả táo"\n', older)
    for ours, theirs in ((removed, reviewed), (reviewed, removed)):
        code, merged, err = run_driver(tmp_path, base, ours, theirs)
        assert (code, merged, err) == (0, expected, "")


def test_a_translation_follows_its_entry_renamed_on_the_other_side(tmp_path: Path) -> None:
    """Main renamed IDs (build moved the translations, the old ID kept obsolete or dropped when untranslated)
    while a translator translated them under their old IDs: the new IDs get the translator's text."""
    base = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n', 'msgctxt "b"\nmsgid "Bee"\nmsgstr ""\n')
    renamed = po(
        'msgctxt "a2"\nmsgid "Apple"\nmsgstr "Táo"\n',
        'msgctxt "b2"\nmsgid "Bee"\nmsgstr ""\n',
        '#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Táo"\n',
    )
    translated = po('msgctxt "a"\nmsgid "Apple"\nmsgstr "Quả táo"\n', 'msgctxt "b"\nmsgid "Bee"\nmsgstr "Ong"\n')
    expected = po(
        'msgctxt "a2"\nmsgid "Apple"\nmsgstr "Quả táo"\n',
        'msgctxt "b2"\nmsgid "Bee"\nmsgstr "Ong"\n',
        '#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Táo"\n',
    )
    for ours, theirs in ((renamed, translated), (translated, renamed)):
        assert run_driver(tmp_path, base, ours, theirs)[:2] == (0, expected)


def test_an_id_s_obsolete_entries_match_the_other_side_s_entry_of_the_same_english(tmp_path: Path) -> None:
    """Both sides took the same new English (a cherry-pick), one of them then removed the unit."""
    older = '#~ msgctxt "a"\n#~ msgid "Apple"\n#~ msgstr "Táo"\n'
    base = po('msgctxt "a"\nmsgid "An apple"\nmsgstr "Táo"\n', older)
    reworded = po('#, fuzzy\n#| msgid "An apple"\nmsgctxt "a"\nmsgid "One apple"\nmsgstr "Táo"\n', older)
    removed = po('#, fuzzy\n#~| msgid "An apple"\n#~ msgctxt "a"\n#~ msgid "One apple"\n#~ msgstr "Táo"\n', older)
    for ours, theirs in ((removed, reworded), (reworded, removed)):
        code, merged, err = run_driver(tmp_path, base, ours, theirs)
        assert (code, merged, err) == (0, removed, "")


def test_the_header_is_merged_field_by_field(tmp_path: Path) -> None:
    """Poedit's fields on the translator's side, build's newer template date on main's: both kept, both ways."""
    entry = 'msgctxt "a"\nmsgid "Apple"\nmsgstr "Táo"\n'

    def header(date: str, extra: str = "") -> str:
        return (
            f'msgid ""\nmsgstr ""\n"POT-Creation-Date: {date}\\n"\n"Last-Translator: {extra and "Lan"}\\n"\n'
            f'"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n{extra}\n{entry}'
        )

    base, main = header("2026-01-01 00:00+0000"), header("2026-02-01 00:00+0000")
    translator = header("2026-01-01 00:00+0000", '"X-Generator: Poedit 3.4\\n"\n')
    expected = header("2026-02-01 00:00+0000", '"X-Generator: Poedit 3.4\\n"\n')
    for ours, theirs in ((main, translator), (translator, main)):
        assert run_driver(tmp_path, base, ours, theirs)[:2] == (0, expected)
