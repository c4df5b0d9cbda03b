"""Every class of bad input gets a clear answer from the CLI: file, line, how to fix, exit code 2, no traceback,
and nothing written. Harmless input (a BOM, CRLF) is normalised, and the CLI says so.

The commands run in-process through :func:`roadmapi18n.cli.main` (the real entry point's code:
argument parsing, the one ``except RoadmapError``, the exit code); a few run as a real
subprocess too, to see exactly what a user sees.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from roadmapi18n import cli
from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.project import Project

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = REPOSITORY / "tests" / "data"
BAD_ROADMAP = DATA / "bad_roadmap"
BAD_PO = DATA / "bad_po"
VI_PO = Path("locales/vi/LC_MESSAGES/roadmap.po")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def first_error(self) -> str:
        return self.stderr.splitlines()[0] if self.stderr else ""


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> Run:
    """``roadmapi18n ARGS`` in-process, as the console script runs it, from the repository root."""
    monkeypatch.chdir(REPOSITORY)
    monkeypatch.setattr(sys, "argv", ["roadmapi18n", *map(str, args)])
    capsys.readouterr()
    try:
        cli.main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    out, err = capsys.readouterr()
    return Run(code, out, err)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and link under ``root`` with a hash of its content (or link target)."""
    result = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            result[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


@pytest.fixture
def project(mini_project: Path) -> Path:
    """The mini project, built, then with one English edit that a successful build would write out."""
    with mock.patch("os.fsync"):
        write_plan(plan_build(Project.open(mini_project)))
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("Low-rank adapters.", "Low-rank adapters!"), "utf-8")
    assert plan_would_write(mini_project)
    return mini_project


def plan_would_write(root: Path) -> bool:
    plan = plan_build(Project.open(root))
    return any(not p.exists() or p.read_text(encoding="utf-8") != text for p, text in plan.outputs.items())


def assert_refused(result: Run, *, starts: str, contains: str = "", hint: str = "") -> None:
    """Exit 2, one ``error: location: message`` line, a hint, no traceback, nothing on stdout."""
    assert result.code == 2, result
    assert result.first_error.startswith("error: " + starts), result.stderr
    assert contains in result.stderr
    assert "\n  hint: " in result.stderr, "every refusal says how to fix it"
    assert hint in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --- the roadmap YAML: the whole bad-input corpus, through `build` ------------------------------------


def _expected_first_line(course: Path) -> str:
    expect = course.read_text(encoding="latin-1").splitlines()[0].removeprefix("# expect: ")
    return "roadmap/" + expect.replace("missing roadmap file parts/", "missing roadmap file roadmap/parts/")


@pytest.mark.parametrize("course", sorted(BAD_ROADMAP.glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_roadmap_yaml_is_refused(
    project: Path, course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(course, project / "roadmap" / course.name)
    shutil.copytree(BAD_ROADMAP / "parts", project / "roadmap" / "parts", dirs_exist_ok=True)
    config = project / "roadmapi18n.toml"
    config.write_text(f'roadmap = "roadmap/{course.name}"\n' + config.read_text(encoding="utf-8"), "utf-8")
    before = snapshot(project)
    result = run(capsys, monkeypatch, "build", "--root", project)
    assert_refused(result, starts=_expected_first_line(course))
    assert snapshot(project) == before


# --- everything else, one case each -------------------------------------------------------------------

Setup = Callable[[Path], list[str | Path]]
"""Damages the project (or not) and returns the command line to run."""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _config_line(line: str) -> Setup:
    def setup(root: Path) -> list[str | Path]:
        config = root / "roadmapi18n.toml"
        config.write_text(line + "\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
        return ["build", "--root", root]

    return setup


def _bad_po(name: str, *command: str) -> Setup:
    def setup(root: Path) -> list[str | Path]:
        shutil.copy(BAD_PO / name, root / VI_PO)
        return [*command, "--root", root]

    return setup


def _linked_locale(root: Path) -> list[str | Path]:
    outside = root.parent / "elsewhere"
    shutil.move(root / "locales" / "vi", outside)
    (root / "locales" / "vi").symlink_to(outside, target_is_directory=True)
    return ["build", "--root", root]


def _linked_locales_dir(root: Path) -> list[str | Path]:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (root / "linked").symlink_to(outside, target_is_directory=True)
    return _config_line('locales_dir = "linked"')(root)


def _no_course(root: Path) -> list[str | Path]:
    (root / "roadmap" / "course.yaml").unlink()
    return ["build", "--root", root]


def _no_part(root: Path) -> list[str | Path]:
    (root / "roadmap" / "parts" / "basics.yaml").unlink()
    return ["build", "--root", root]


def _label_placeholder(root: Path) -> list[str | Path]:
    _edit(root / "roadmap" / "course.yaml", "by-author: by {author}", "by-author: by {autor}")
    return ["build", "--root", root]


def _toml_syntax(root: Path) -> list[str | Path]:
    _edit(root / "roadmapi18n.toml", 'code = "vi"', 'code = "vi')
    return ["build", "--root", root]


def _import_empty(root: Path) -> list[str | Path]:
    (root / "empty.md").write_text(" \n\n", encoding="utf-8")  # a download that failed, an editor's blank file
    return ["import", root / "empty.md", "--locale", "vi", "--root", root]


def _sync_empty(root: Path) -> list[str | Path]:
    _import_empty(root)
    return ["sync", root / "empty.md", "--root", root]


def _roadmap_folder(root: Path) -> list[str | Path]:
    _edit(root / "roadmapi18n.toml", 'name = "Mini Course"\n', 'name = "Mini Course"\nroadmap = "roadmap"\n')
    return ["build", "--root", root]


def _broken_then_init(root: Path) -> list[str | Path]:
    _edit(root / "roadmap" / "course.yaml", "title: Mini Course", "titel: Mini Course")
    return ["init-locale", "fr", "--root", root]


def _conflicted_import(root: Path) -> list[str | Path]:
    legacy = root / "legacy.md"
    legacy.write_text("# Khóa học\n\n<<<<<<< HEAD\nmột\n=======\nhai\n>>>>>>> branch\n", encoding="utf-8")
    return ["import", legacy, "--locale", "vi", "--root", root]


def _english_not_utf8(root: Path) -> list[str | Path]:
    (root / "old.md").write_bytes("# Cours de LLM\n\nÉtape\n".encode("latin-1"))
    return ["import", root / "roadmap" / "README.md", "--locale", "vi", "--english", root / "old.md", "--root", root]


def _english_with_an_unfit_table(root: Path) -> list[str | Path]:
    badge = '<a href="https://colab.research.google.com/drive/x"><img src="img/colab.svg" alt="Open In Colab"></a>'
    (root / "old.md").write_text(
        "Parts:\n\n1. 🧩 **Basics** basics.\n\n## 📝 Notebooks\n\n### Tools\n\n"
        "| Notebook | Description | Level | Notebook |\n|---|---|---|---|\n"
        f"| Tool | Does things. | Easy | {badge} |\n\n"
        "## 🧩 Basics\n\n### 1. Math\n\n- **A**: b.\n",
        encoding="utf-8",
    )
    return ["import", root / "roadmap" / "README.md", "--locale", "vi", "--english", root / "old.md", "--root", root]


def _sync_conflicted(root: Path) -> list[str | Path]:
    (root / "upstream.md").write_text("# Course\n\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> main\n", encoding="utf-8")
    return ["sync", root / "upstream.md", "--root", root]


def _merge(old: str | Path, template: str | Path) -> Setup:
    def setup(root: Path) -> list[str | Path]:
        paths = [root / p if isinstance(p, str) else p for p in (old, template)]
        return ["merge", *paths, "-o", root / "merged.po"]

    return setup


def _merge_bad(which: int) -> Setup:
    def setup(root: Path) -> list[str | Path]:
        inputs: list[str | Path] = [root / VI_PO, root / "locales" / "roadmap.pot"]
        inputs[which] = BAD_PO / "conflict_markers.po"
        return ["merge", *inputs, "-o", root / "merged.po"]

    return setup


R = "{root}/"
PO = f"{R}{VI_PO}"
# run() works from the repository root, and the CLI shows paths below the working directory relative to it.
BAD = str((BAD_PO / "conflict_markers.po").relative_to(REPOSITORY))

CASES: dict[str, tuple[Setup, str, str]] = {
    # id: (setup, what the first stderr line starts with after "error: " ({root}: the project), the hint says)
    "locale-unknown": (
        lambda r: ["build", "--locale", "xx", "--root", r],
        R + "roadmapi18n.toml: unknown locale 'xx'",
        "init-locale xx",
    ),
    "locale-path": (
        lambda r: ["build", "--locale", "../../x", "--root", r],
        R + "roadmapi18n.toml: unknown locale '../../x'",
        "init-locale CODE",
    ),
    "locale-source": (
        lambda r: ["update", "--locale", "en", "--root", r],
        R + "roadmapi18n.toml: 'en' is the source locale",
        "vi, zh_Hant",
    ),
    "render-locale-path": (
        lambda r: ["render", "--locale", "../../x", "--root", r],
        R + "roadmapi18n.toml: unknown locale '../../x'",
        "configured locales",
    ),
    "check-locale-path": (
        lambda r: ["check", "--locale", "../../x", "--root", r],
        R + "roadmapi18n.toml: unknown locale '../../x'",
        "configured locales",
    ),
    "compile-locale-path": (
        lambda r: ["compile", "--locale", "../x", "--root", r],
        R + "roadmapi18n.toml: unknown locale '../x'",
        "configured locales",
    ),
    "import-locale-path": (
        lambda r: ["import", r / "roadmap" / "README.md", "--locale", "../../x", "--root", r],
        R + "roadmapi18n.toml: unknown locale '../../x'",
        "configured locales",
    ),
    "init-locale-path": (
        lambda r: ["init-locale", "../../x", "--root", r],
        R + "roadmapi18n.toml: '../../x' is not a locale code",
        "gettext locale name",
    ),
    "init-locale-fake": (
        lambda r: ["init-locale", "zz_Fake", "--root", r],
        R + "roadmapi18n.toml: 'zz_Fake' is not a locale known to CLDR",
        "check the spelling",
    ),
    "init-locale-twice": (
        lambda r: ["init-locale", "vi", "--root", r],
        R + "roadmapi18n.toml: locale 'vi' is already configured",
        "built already",
    ),
    "config-roadmap-escapes": (
        _config_line('roadmap = "../x/course.yaml"'),
        R + "roadmapi18n.toml:1: path '../x/course.yaml' points outside the repository",
        "relative to the repository root",
    ),
    "config-locales-absolute": (
        _config_line('locales_dir = "/tmp/locales"'),
        R + "roadmapi18n.toml:1: path '/tmp/locales' points outside the repository",
        "relative to the repository root",
    ),
    "config-readme-escapes": (
        _config_line('source_readme = "../../README.md"'),
        R + "roadmapi18n.toml:1: path '../../README.md' points outside the repository",
        "relative to the repository root",
    ),
    "config-locales-symlink": (
        _linked_locales_dir,
        R + "roadmapi18n.toml:1: path 'linked' points outside",
        "relative to the repository root",
    ),
    "locale-folder-symlink": (
        _linked_locale,
        R + "locales/vi/LC_MESSAGES/roadmap.po: is outside the repository",
        "symbolic link",
    ),
    "config-domain": (
        _config_line('domain = "../x"'),
        R + "roadmapi18n.toml:1: domain '../x' must be a plain file",
        "letters, digits",
    ),
    "config-unknown-key": (
        _config_line("colour = 1"),
        R + "roadmapi18n.toml:1: unknown setting 'colour'",
        "known settings",
    ),
    "config-toml-syntax": (
        _toml_syntax,
        R + "roadmapi18n.toml:4:11: invalid TOML: Illegal character",
        "fix the TOML syntax",
    ),
    "config-roadmap-is-a-folder": (
        _roadmap_folder,
        R + "roadmapi18n.toml:2: roadmap = 'roadmap' is a folder; it names a file",
        'write roadmap = "roadmap/course.yaml"',
    ),
    "root-without-config": (
        lambda r: ["build", "--root", r / "roadmap"],
        R + "roadmap/roadmapi18n.toml: no roadmapi18n.toml here",
        "--root PATH",
    ),
    "root-missing": (
        lambda r: ["build", "--root", r / "nowhere"],
        R + "nowhere/roadmapi18n.toml: no roadmapi18n.toml here",
        "--root PATH",
    ),
    "missing-course": (_no_course, R + "roadmap/course.yaml: missing roadmap file", "check the roadmap path"),
    "missing-part": (
        _no_part,
        "roadmap/course.yaml:42: missing roadmap file roadmap/parts/basics.yaml",
        "create roadmap/parts/basics.yaml",
    ),
    "label-placeholder": (_label_placeholder, "roadmap/course.yaml:", "keep {author}"),
    "init-locale-broken-roadmap": (_broken_then_init, "roadmap/course.yaml:3:1: unknown key 'titel'", "allowed keys"),
    "import-conflicted-source": (
        _conflicted_import,
        "legacy.md:3: unresolved merge-conflict markers",
        "resolve the conflict",
    ),
    "import-empty-file": (
        _import_empty,
        R + "empty.md: the file is empty",
        "check the path of the legacy README",
    ),
    "sync-empty-file": (
        _sync_empty,
        R + "empty.md: the file is empty",
        "name the upstream README",
    ),
    "import-missing-english": (
        lambda r: ["import", r / "roadmap" / "README.md", "--locale", "vi", "--english", r / "old.md", "--root", r],
        R + "old.md: file not found",
        "name the English README",
    ),
    "import-english-not-utf8": (
        _english_not_utf8,
        R + "old.md:3: file is not valid UTF-8",
        "save it as UTF-8",
    ),
    "import-english-unfit-table": (
        _english_with_an_unfit_table,
        R + "old.md:9: the notebook table 'Tools' does not fit the roadmap's notebook tables: its third column "
        "('Level') holds 'Easy' (line 11), not a link to an article; nothing was written",
        "extend roadmapi18n's notebook table schema",
    ),
    "sync-conflicted-upstream": (
        _sync_conflicted,
        R + "upstream.md:3: unresolved merge-conflict markers at lines 3, 5, 7; nothing was synced",
        "then sync again",
    ),
    "import-missing-source": (
        lambda r: ["import", r / "nope.md", "--locale", "vi", "--root", r],
        R + "nope.md: file not found",
        "check the path",
    ),
    "po-truncated-string": (
        _bad_po("truncated_string.po", "build"),
        PO + ":6:8: unterminated string",
        "close the string",
    ),
    "po-truncated-file": (_bad_po("truncated_file.po", "build"), PO + ":8: msgid without msgstr", "msgstr"),
    "po-missing-msgstr": (_bad_po("missing_msgstr.po", "update"), PO + ":5: msgid without msgstr", 'msgstr ""'),
    "po-duplicate": (_bad_po("duplicate_entry.po", "build"), PO + ":8: duplicate entry", "keep one"),
    "po-duplicate-obsolete": (
        _bad_po("duplicate_obsolete.po", "build"),
        PO + ":9: duplicate entry (obsolete)",
        "keep one",
    ),
    "po-conflict-markers": (
        _bad_po("conflict_markers.po", "build"),
        PO + ":6: unresolved merge conflict marker",
        "resolve the conflict",
    ),
    "po-charset-mismatch": (_bad_po("charset_mismatch.po", "build"), PO + ":6:15: not valid UTF-8", "msgconv"),
    "po-declared-latin1": (_bad_po("declared_latin1.po", "build"), PO + ":3:", "UTF-8"),
    "po-utf16": (_bad_po("utf16.po", "build"), PO + ":1: the file is UTF-16", "msgconv"),
    "po-bad-render": (
        _bad_po("truncated_string.po", "render", "--locale", "vi"),
        PO + ":6:8: unterminated",
        "close the string",
    ),
    "po-bad-compile": (_bad_po("duplicate_entry.po", "compile"), PO + ":8: duplicate entry", "keep one"),
    "merge-missing-old": (
        _merge("missing.po", "locales/roadmap.pot"),
        R + "missing.po: file not found",
        "check the path",
    ),
    "merge-missing-template": (
        _merge(VI_PO.as_posix(), "missing.pot"),
        R + "missing.pot: file not found",
        "check the path",
    ),
    "merge-bad-old": (_merge_bad(0), BAD + ":6: unresolved merge conflict marker", "resolve the conflict"),
    "merge-bad-template": (_merge_bad(1), BAD + ":6: unresolved merge conflict marker", "resolve the conflict"),
    "check-min-coverage": (
        lambda r: ["check", "--min-coverage", "vi", "--root", r],
        "--min-coverage expects LOCALE=PERCENT with a percentage from 0 to 100, got 'vi'",
        "vi=40",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES), ids=str)
def test_bad_input_is_refused_and_nothing_is_written(
    project: Path, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    setup, starts, hint = CASES[case]
    args = setup(project)
    before = snapshot(project.parent)
    result = run(capsys, monkeypatch, *args)
    assert_refused(result, starts=starts.format(root=project), hint=hint)
    assert snapshot(project.parent) == before


# --- harmless input is normalised, and the CLI says so ----------------------------------------------


def test_bom_and_crlf_are_normalised_with_a_warning(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    po = project / VI_PO
    clean = po.read_bytes()
    expected = plan_build(Project.open(project)).outputs[po].encode()
    po.write_bytes(b"\xef\xbb\xbf" + clean.replace(b"\n", b"\r\n"))
    result = run(capsys, monkeypatch, "build", "--root", project)
    assert result.code == 0, result
    assert f"warning: {VI_PO}: removed a UTF-8 byte-order mark" in result.stderr
    assert f"warning: {VI_PO}: converted CRLF line endings to LF" in result.stderr
    assert "wrote locales/vi/LC_MESSAGES/roadmap.po" in result.stdout
    assert not plan_would_write(project)
    assert po.read_bytes() == expected
    result = run(capsys, monkeypatch, "build", "--root", project)
    assert (result.code, result.stderr, result.stdout.splitlines()[-1]) == (0, "", "Nothing changed.")


def test_merge_warns_about_what_it_normalised(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = project / "old.po"
    old.write_bytes(b"\xef\xbb\xbf" + (project / VI_PO).read_bytes())
    result = run(capsys, monkeypatch, "merge", old, project / "locales" / "roadmap.pot", "-o", project / "out.po")
    assert result.code == 0, result
    assert f"warning: {old}: removed a UTF-8 byte-order mark" in result.stderr
    assert not (project / "out.po").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_damaged_template_is_regenerated_not_a_blocker(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pot = project / "locales" / "roadmap.pot"
    pot.write_text(pot.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    result = run(capsys, monkeypatch, "build", "--root", project)
    assert result.code == 0, result
    assert "unresolved merge conflict marker" in result.stderr and "the template is regenerated" in result.stderr
    assert "<<<<<<<" not in pot.read_text(encoding="utf-8")
    assert not plan_would_write(project)


# --- the disk fails mid-way ---------------------------------------------------------------------------


def test_an_os_error_while_writing_is_a_clear_error_and_leaves_no_half_file(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(project / "locales" / "zh_Hant")
    (project / "locales" / "zh_Hant").write_text("a file where a folder belongs\n", encoding="utf-8")
    old = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    new = plan_build(Project.open(project)).outputs
    result = run(capsys, monkeypatch, "build", "--root", project)
    assert result.code == 2, result
    assert (
        result.first_error == f"error: {project}/locales/zh_Hant/LC_MESSAGES/roadmap.po: cannot write: Not a directory"
    )
    assert "\n  hint: a file stands where a folder belongs" in result.stderr
    assert "Traceback" not in result.stderr
    assert new  # all or nothing: not one output was replaced
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == old
    assert not list(project.rglob("*.tmp"))


# --- the real console script --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        # Run from the repository root, so paths are shown relative to it.
        (["build", "--locale", "../../x"], "error: roadmapi18n.toml: unknown locale '../../x'"),
        (["build"], "error: locales/vi/LC_MESSAGES/roadmap.po:6: unresolved merge conflict marker"),
        (["init-locale", "zz_Fake"], "error: roadmapi18n.toml: 'zz_Fake' is not a locale known to CLDR"),
    ],
    ids=["locale-path", "po-conflict", "init-locale-fake"],
)
def test_console_script_exits_2_without_traceback(project: Path, args: list[str], starts: str) -> None:
    shutil.copy(BAD_PO / "conflict_markers.po", project / VI_PO)
    before = snapshot(project)
    done = subprocess.run(
        [sys.executable, "-m", "roadmapi18n", *args], cwd=project, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith(starts), done.stderr
    assert "\n  hint: " in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert snapshot(project) == before
