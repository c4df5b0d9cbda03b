"""Inputs that cannot destroy or leak: every case of issue 20's "bad inputs" list, through the real CLI.

A pull request that changes only files under the repository is untrusted: a catalog cut short, a
catalog that is a symbolic link to a secret, a configuration that points an output at an input, a
YAML file nested to crash the parser, a FIFO, a failing disk. Each is refused with file, line and
fix (exit 2, nothing written; ``check`` reports it without quoting what it must not read), and a
failure while writing leaves every output as it was. Translations also survive edits of the
English that come and go (restored passages, topics moved away and back).

Most commands run in-process (``run``: the console script's own code); those that could crash or
hang the interpreter before the fix (deep YAML, FIFOs) run as subprocesses with a timeout.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmapi18n.catalog import read_po, write_po
from roadmapi18n.errors import RoadmapError
from roadmapi18n.project import Project
from test_cli_errors import VI_PO, Run, run, snapshot

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = REPOSITORY / "tests" / "data"
CUT_AT = "#. The LLM Scientist › 2. ".encode()  # the cut: in the middle of this comment line, 5 bytes on
SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"


def _subprocess(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The console script as a user runs it; a hang fails the test instead of blocking the suite."""
    return subprocess.run(
        [sys.executable, "-m", "roadmapi18n", *args, "--root", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def shipped(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This repository's roadmap with its real catalogs (85 and 288 translations); commands run from its root."""
    monkeypatch.chdir(shipped_project)
    return shipped_project


def _refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, root: Path, *args: str) -> Run:
    """Run a command that must be refused: exit 2, a hint, and not one byte changed under ``root``."""
    before = snapshot(root)
    result = run(capsys, monkeypatch, *args, "--root", root)
    assert result.code == 2, result
    assert "\n  hint: " in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert snapshot(root) == before
    return result


# --- catalogs cut short -------------------------------------------------------------------------------------


def test_a_catalog_cut_inside_a_comment_line_is_refused_not_rewritten(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    po = shipped / VI_PO
    data = po.read_bytes()
    cut = data[: data.index(CUT_AT) + len(CUT_AT) + 5]
    po.write_bytes(cut)
    result = _refused(capsys, monkeypatch, shipped, "build")
    line = cut.count(b"\n") + 1
    assert result.first_error.startswith(f"error: {shipped / VI_PO}:{line}: the file ends inside a line")
    check = run(capsys, monkeypatch, "check", "--root", shipped)
    assert check.code == 1
    assert "ends inside a line (no newline at its end): it looks cut short" in check.stdout
    assert "catalog-drift" not in check.stdout, "the damage is named, not blamed on the roadmap"


def test_an_empty_catalog_is_refused(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (shipped / VI_PO).write_bytes(b"")
    result = _refused(capsys, monkeypatch, shipped, "build")
    assert result.first_error == f"error: {shipped / VI_PO}:1: the catalog is empty"
    check = run(capsys, monkeypatch, "check", "--root", shipped, "--format", "github")
    assert check.code == 1 and "the catalog is empty" in check.stdout


@pytest.mark.parametrize("after", ["header", "entry"], ids=str)
def test_a_catalog_cut_between_entries_is_refused(
    shipped: Path, after: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cut at an entry boundary leaves a file that parses: the template on disk shows what is missing."""
    po = shipped / VI_PO
    data = po.read_bytes()
    if after == "header":
        end = data.index(b"\n\n") + 2
    else:  # before the first entry of the LLM Scientist part, comments and all
        end = data.rindex(b"\n\n", 0, data.index(b'msgctxt "scientist.')) + 2
    po.write_bytes(data[:end])
    result = _refused(capsys, monkeypatch, shipped, "build")
    units = (shipped / "locales" / "roadmap.pot").read_text(encoding="utf-8").count("\nmsgctxt ")
    assert f"of the {units} entries of locales/roadmap.pot, from" in result.first_error
    assert "it looks cut short" in result.first_error


def test_stable_ids_a_tool_dropped_are_restored_from_the_english(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """translate-toolkit 3.20.4's po2xliff and xliff2po, a round trip through an XLIFF editor, write the
    catalog back without the msgctxt lines (keeping them only where two entries share their English). Every
    translation is still there: build gives each entry its ID back by its English, and writes the catalog
    as it was."""
    po = shipped / VI_PO
    original = po.read_bytes()
    catalog = read_po(po)
    count: dict[str, int] = {}
    for message in catalog.messages:
        count[message.msgid] = count.get(message.msgid, 0) + 1
    dropped = 0
    for message in catalog.messages:
        if not message.obsolete and count[message.msgid] == 1:
            message.msgctxt = None
            dropped += 1
    write_po(po, catalog)
    result = run(capsys, monkeypatch, "build", "--root", shipped)
    assert result.code == 0, result
    assert f"{dropped} entries had no msgctxt line (a tool dropped the stable IDs): restored" in result.stderr
    assert po.read_bytes() == original


def test_english_several_passages_share_gives_each_a_fuzzy_copy(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the dropped IDs belonged to passages with the same English, the one translation goes to each of
    them, fuzzy: the translator confirms it in each place."""
    po = shipped / VI_PO
    catalog = read_po(po)
    by_english: dict[str, list[str]] = {}
    for message in catalog.messages:
        if not message.obsolete and message.msgctxt is not None:
            by_english.setdefault(message.msgid, []).append(message.msgctxt)
    english, units = next((text, ids) for text, ids in by_english.items() if len(ids) > 1)
    shared = [m for m in catalog.messages if m.msgctxt in units]
    shared[0].msgctxt, shared[0].msgstr, shared[0].flags = None, "BẢN DỊCH", []
    catalog.messages = [m for m in catalog.messages if m not in shared[1:]]
    write_po(po, catalog)
    assert run(capsys, monkeypatch, "build", "--root", shipped).code == 0
    rebuilt = {m.msgctxt: m for m in read_po(po).messages if not m.obsolete}
    assert [(rebuilt[unit].msgstr, rebuilt[unit].fuzzy) for unit in units] == [("BẢN DỊCH", True)] * len(units)
    assert all(rebuilt[unit].msgid == english for unit in units)


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project the property test may damage (one copy for all its examples)."""
    target = tmp_path_factory.mktemp("shipped") / "repo"
    target.mkdir()
    shutil.copy2(REPOSITORY / "roadmapi18n.toml", target)
    for folder in ("roadmap", "locales"):
        shutil.copytree(REPOSITORY / folder, target / folder)
    return target


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(share=st.floats(0, 1, exclude_max=True))
def test_a_catalog_cut_anywhere_is_refused(shipped_copy: Path, share: float) -> None:
    """Any prefix of a shipped catalog is refused (it has no obsolete entries, and one-line strings at its end)."""
    project = Project.open(shipped_copy)
    po = project.config.po_path("zh_Hant")
    whole = (REPOSITORY / "locales" / "zh_Hant" / "LC_MESSAGES" / "roadmap.po").read_bytes()
    po.write_bytes(whole[: int(share * len(whole))])
    try:
        with pytest.raises(RoadmapError) as refused:
            project.catalog("zh_Hant")
    finally:
        po.write_bytes(whole)
    assert refused.value.path == po and refused.value.line is not None and refused.value.hint


def test_more_plural_forms_than_nplurals_is_refused(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    po = shipped / VI_PO
    text = po.read_text(encoding="utf-8")
    plural = 'msgid "one passage"\nmsgid_plural "{n} passages"\nmsgstr[0] "một đoạn"\nmsgstr[1] "{n} đoạn"\n'
    po.write_text(text.replace("\n\n", f"\n\n{plural}\n", 1), encoding="utf-8")
    result = _refused(capsys, monkeypatch, shipped, "build")
    assert "this plural entry has 2 plural forms, but the header declares nplurals=1 (line 13)" in result.first_error


# --- symbolic links -----------------------------------------------------------------------------------------


def test_a_catalog_linked_to_a_secret_is_never_quoted(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = shipped.parent / "ci-secrets.env"
    secret.write_text(SECRET, encoding="utf-8")
    po = shipped / VI_PO
    po.unlink()
    po.symlink_to(secret)
    check = run(capsys, monkeypatch, "check", "--root", shipped, "--format", "github")
    assert check.code == 1
    assert "wJalr" not in check.stdout + check.stderr and "AWS_SECRET" not in check.stdout + check.stderr
    annotation = next(line for line in check.stdout.splitlines() if "catalog-health" in line)
    assert annotation.startswith(f"::error file={VI_PO.as_posix()},") and "symbolic link" in annotation
    result = _refused(capsys, monkeypatch, shipped, "build")
    assert result.first_error == f"error: {shipped / VI_PO}: cannot read: it is a symbolic link, not a regular file"
    assert po.is_symlink() and os.readlink(po) == str(secret)


def test_a_catalog_linked_inside_the_repository_is_kept_as_a_link(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    po = shipped / VI_PO
    copy = shipped / "locales" / "vi" / "real.po"
    po.rename(copy)
    po.symlink_to("../real.po")
    result = _refused(capsys, monkeypatch, shipped, "build")
    assert "symbolic link" in result.first_error
    assert po.is_symlink(), "never silently replaced by a regular file"


def test_an_output_that_is_a_symbolic_link_is_not_replaced(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = shipped / "locales" / "vi" / "README.md"
    readme.write_text("# edited\n", encoding="utf-8")  # so build has something to write there
    elsewhere = shipped / "notes.md"
    readme.rename(elsewhere)
    readme.symlink_to("../../notes.md")
    result = _refused(capsys, monkeypatch, shipped, "build")
    assert result.first_error == (
        f"error: {readme}: cannot write: it is a symbolic link, which would be replaced by a regular file"
    )
    assert readme.is_symlink()


# --- outputs that would overwrite inputs --------------------------------------------------------------------


@pytest.mark.parametrize("config", sorted((DATA / "bad_config").glob("*.toml")), ids=lambda p: p.stem)
def test_an_output_never_overwrites_an_input_or_git(
    mini_project: Path, config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bad-configuration corpus: each file names in its first line the error ``build`` must give."""
    git = mini_project / ".git"
    git.mkdir()
    (git / "config").write_text("[core]\n\trepositoryformatversion = 0\n", encoding="utf-8")
    shutil.copy(config, mini_project / "roadmapi18n.toml")
    expected = config.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    for command in (["build"], ["check"]):
        result = _refused(capsys, monkeypatch, mini_project, *command)
        assert result.first_error == f"error: {mini_project}/{expected}"


@pytest.mark.parametrize(
    ("target", "clash"),
    [
        ("roadmap/course.yaml", "the roadmap YAML"),
        ("roadmap/parts/basics.yaml", "a roadmap part file"),
        ("locales/vi/LC_MESSAGES/roadmap.po", "the vi catalog"),
        ("roadmapi18n.toml", "the configuration roadmapi18n.toml"),
        ("roadmap/README.md", "the English README"),
        (".git/config", "inside .git/ (git's own files)"),
        ("input.md", "a file this command reads"),
    ],
    ids=lambda value: value.split(" ")[-1],
)
@pytest.mark.parametrize("command", ["import", "sync"])
def test_a_report_never_overwrites_an_input_or_git(
    mini_project: Path,
    command: str,
    target: str,
    clash: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--report`` names a side product: written over the roadmap or a catalog, it would lose them."""
    git = mini_project / ".git"
    git.mkdir()
    (git / "config").write_text("[core]\n\trepositoryformatversion = 0\n", encoding="utf-8")
    given = mini_project / "input.md"
    given.write_text("# Khóa học\n", encoding="utf-8")
    args = ["import", str(given), "--locale", "vi"] if command == "import" else ["sync", str(given)]
    report = mini_project / target
    result = _refused(capsys, monkeypatch, mini_project, *args, "--report", str(report))
    assert result.first_error == f"error: --report {report} would replace {clash}", result.stderr


# --- YAML that crashes or hangs the loader ------------------------------------------------------------------


def test_yaml_nested_50000_deep_is_refused_not_a_crash(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    part.write_text("[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")  # 100 KB: SIGSEGV before the fix
    expected = "roadmap/parts/basics.yaml:1:101: YAML nested more than 100 levels deep"
    done = _subprocess(mini_project, "build")  # a crash here ends this process, not the test run
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.startswith(f"error: {expected}")
    monkeypatch.chdir(mini_project)
    result = _refused(capsys, monkeypatch, mini_project, "check")
    assert expected in result.stderr + result.stdout


def test_toml_nested_5000_deep_is_refused_not_a_traceback(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = mini_project / "roadmapi18n.toml"
    config.write_text(config.read_text(encoding="utf-8") + "x = " + "[" * 5_000 + "]" * 5_000 + "\n", "utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    expected = f"roadmapi18n.toml:{line}: TOML nested too deeply"  # RecursionError's traceback before the fix
    done = _subprocess(mini_project, "build")
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.startswith(f"error: {expected}") and "Traceback" not in done.stderr, done.stderr
    monkeypatch.chdir(mini_project)
    result = _refused(capsys, monkeypatch, mini_project, "check")
    assert expected in result.stderr


@pytest.mark.parametrize("command", ["import", "sync"])
def test_a_long_line_of_brackets_or_backticks_is_read_in_linear_time(mini_project: Path, command: str) -> None:
    """Paragraphs of 20,000 "[", "![", "[a](b", "<a href=" or "`": the patterns that find links, tags and code
    spans backtracked over the whole line from every "[" (or every backtick run), and import and sync ran for
    minutes (over 60 s each) on a README of 100 KB."""
    assert _subprocess(mini_project, "build").returncode == 0
    text = (mini_project / ("locales/vi/README.md" if command == "import" else "roadmap/README.md")).read_text("utf-8")
    for unit in ("[", "![", "[a](b", "<a href=", "`"):
        text += "\n\n" + unit * (20_000 // len(unit)) + "\n"
    (mini_project / "long.md").write_text(text, encoding="utf-8")
    locale = ["--locale", "vi"] if command == "import" else []
    done = _subprocess(mini_project, command, "long.md", *locale, "--dry-run", timeout=30)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_label_line_holding_a_long_run_of_spaces_is_imported_in_linear_time(shipped_project: Path) -> None:
    """A legacy README whose "📚 资源：" line holds 100,000 spaces before its last word: the trailing-colon pattern
    was tried from every space of the run, and import ran for over a minute and a half."""
    text = (DATA / "legacy" / "zh_Hans_friendmine_b4f20e6.md").read_text(encoding="utf-8")
    text = text.replace("📚 资源：", "📚 资源" + " " * 100_000 + "x：", 1)
    (shipped_project / "legacy.md").write_text(text, encoding="utf-8")
    done = _subprocess(shipped_project, "import", "legacy.md", "--locale", "zh_Hans", "--dry-run", timeout=30)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_long_run_of_link_closers_in_the_yaml_is_extracted_in_linear_time(mini_project: Path) -> None:
    """A passage of 70,000 "](a": the pattern that lists link targets for the "#." notes scanned to the end of the
    passage from every "](", and build ran for a minute (0.3 s now)."""
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    long = "Low-rank adapters " + "](a" * 70_000
    text = part.read_text(encoding="utf-8").replace("description: Low-rank adapters.", f'description: "{long}"')
    part.write_text(text, encoding="utf-8")
    done = _subprocess(mini_project, "build", timeout=30)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link"], ids=str)
def test_a_part_file_that_is_a_fifo_or_a_device_is_refused_before_reading(mini_project: Path, kind: str) -> None:
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    part.unlink()
    if kind == "fifo":
        os.mkfifo(part)
        expected = "cannot read: it is a FIFO (named pipe), not a regular file"
    else:
        part.symlink_to("/dev/zero")
        expected = "cannot read: it is a symbolic link, not a regular file"
    for command in ("build", "check"):
        done = _subprocess(mini_project, command, timeout=60)  # hung forever, or MemoryError, before the fix
        assert done.returncode == 2, (done.returncode, done.stderr)
        assert done.stderr.startswith(f"error: roadmap/parts/basics.yaml: {expected}"), done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("command", ["repair", "merge", "import", "import-english", "sync"], ids=str)
def test_a_fifo_named_on_the_command_line_is_refused(mini_project: Path, command: str) -> None:
    fifo = mini_project / "legacy.po"
    os.mkfifo(fifo)
    (mini_project / "translated.md").write_text("# Khóa học\n", encoding="utf-8")
    args = {
        "repair": ["repair", str(fifo)],
        "merge": ["merge", str(fifo), str(fifo), "-o", str(mini_project / "out.po")],
        "import": ["import", str(fifo), "--locale", "vi"],
        "import-english": ["import", "translated.md", "--locale", "vi", "--english", str(fifo)],
        "sync": ["sync", str(fifo)],
    }[command]
    done = subprocess.run(
        [sys.executable, "-m", "roadmapi18n", *args], cwd=mini_project, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: legacy.po: cannot read: it is a FIFO (named pipe)"), done.stderr


# --- the disk fails while writing ---------------------------------------------------------------------------


def _chattr_works(path: Path) -> bool:
    """Whether ``chattr +i`` can make a file immutable here (root on a file system that supports it)."""
    if shutil.which("chattr") is None or os.geteuid() != 0:
        return False
    probe = path / ".probe"
    probe.write_text("x", encoding="utf-8")
    try:
        if subprocess.run(["chattr", "+i", probe], capture_output=True, check=False).returncode != 0:
            return False
        try:
            probe.write_text("y", encoding="utf-8")
        except PermissionError:
            return True
        return False
    finally:
        subprocess.run(["chattr", "-i", probe], capture_output=True, check=False)
        probe.unlink()


@pytest.mark.parametrize("how", ["chattr", "mocked"], ids=str)
def test_an_immutable_catalog_leaves_every_output_as_it_was(
    project_with_edit: Path, how: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The template comes first in the write order: it must be put back when the catalog cannot be replaced."""
    po = project_with_edit / VI_PO
    pot = project_with_edit / "locales" / "roadmap.pot"
    inode = pot.stat().st_ino
    if how == "chattr":
        if not _chattr_works(project_with_edit):
            pytest.skip("chattr +i needs root and a file system with immutable files")
        subprocess.run(["chattr", "+i", po], check=True)
    else:
        replace = os.replace

        def refuse_po(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
            if Path(target) == po:
                raise PermissionError(errno.EPERM, "Operation not permitted", str(source), None, str(target))
            replace(source, target)

        monkeypatch.setattr(os, "replace", refuse_po)
    try:
        result = _refused(capsys, monkeypatch, project_with_edit, "build")
    finally:
        if how == "chattr":
            subprocess.run(["chattr", "-i", po], check=True)
    assert result.first_error == f"error: {po}: cannot write: Operation not permitted"
    assert "chattr -i" in result.stderr and ".tmp" not in result.stderr
    assert pot.stat().st_ino == inode, "the template was replaced, then put back"
    assert not list(project_with_edit.rglob("*.tmp"))


def test_a_full_disk_names_the_file_and_changes_nothing(
    project_with_edit: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file a descriptor is")
    fsync = os.fsync

    def full_for_catalogs(fd: int) -> None:
        if ".roadmap.po." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full_for_catalogs)
    result = _refused(capsys, monkeypatch, project_with_edit, "build")
    po = project_with_edit / VI_PO
    assert result.first_error == f"error: {po}: cannot write: No space left on device"
    assert "free some disk space" in result.stderr
    assert not list(project_with_edit.rglob("*.tmp"))


@pytest.fixture
def project_with_edit(mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project, built, then with an English edit: a build would rewrite the template and the catalogs."""
    assert run(capsys, monkeypatch, "build", "--root", mini_project).code == 0
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("Low-rank adapters.", "Low-rank adapters!"), "utf-8")
    return mini_project


# --- import: bounded input ----------------------------------------------------------------------------------


def test_import_refuses_what_cannot_be_a_readme(
    project_with_edit: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = project_with_edit.parent / "legacy.md"
    with big.open("wb") as file:
        file.truncate(3 << 20)  # sparse: 3 MiB of NUL bytes without writing them
    result = _refused(capsys, monkeypatch, project_with_edit, "import", str(big), "--locale", "vi")
    assert "the file is 3.1 MB: larger than any README" in result.first_error
    if hasattr(os, "mkfifo"):
        fifo = project_with_edit.parent / "legacy-fifo.md"
        os.mkfifo(fifo)
        result = _refused(capsys, monkeypatch, project_with_edit, "import", str(fifo), "--locale", "vi")
        assert result.first_error.endswith("cannot read: it is a FIFO (named pipe), not a regular file")


@pytest.mark.slow
def test_import_of_chinese_mojibake_as_vietnamese_ends(mini_project: Path) -> None:
    """A line of the Chinese seed imported with the wrong locale: runs of damaged letters read as one "word".

    The word model spelled out every reading of one (6e14 even with its pruning) and never ended; a run is
    now cut into words of at most MAX_COMBINATIONS readings.
    """
    seed = (DATA / "seeds" / "zh_hant_cp1254_lossy.txt").read_text(encoding="utf-8").split("\n")
    legacy = mini_project / "legacy.md"
    legacy.write_text(next(line for line in seed if line.startswith("- **æ©Ÿç‡å’Œçµ±è¨ˆ**")) + "\n", encoding="utf-8")
    done = _subprocess(mini_project, "import", str(legacy), "--locale", "vi", "--dry-run", timeout=120)
    assert done.returncode == 0, done.stderr


# --- nothing lost across edits ------------------------------------------------------------------------------


def _translate(root: Path, translations: dict[str, str]) -> None:
    po = root / VI_PO
    catalog = read_po(po)
    for message in catalog.messages:
        if message.msgctxt in translations:
            message.msgstr = translations[message.msgctxt]
    write_po(po, catalog)


def _entry(root: Path, unit: str) -> tuple[str, bool] | None:
    """(translation, fuzzy) of the live entry ``unit`` of the vi catalog."""
    for message in read_po(root / VI_PO).messages:
        if message.msgctxt == unit and not message.obsolete:
            return message.msgstr, message.fuzzy
    return None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LORA = """      - id: lora
        title: LoRA
        url: https://arxiv.org/abs/2106.09685
        description: Low-rank adapters.
"""
QLORA = """      - id: qlora
        title: QLoRA
        description: Low-rank adapters, quantized.
"""


@pytest.fixture
def build(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], None]:
    """``roadmapi18n build`` of the mini project (run once already), which must succeed."""

    def build() -> None:
        assert run(capsys, monkeypatch, "build", "--root", mini_project).code == 0

    build()
    return build


def test_a_restored_passage_gets_its_translation_back_after_lending_it(
    mini_project: Path, build: Callable[[], None]
) -> None:
    """Removed, then a similar passage takes its translation as a suggestion, then it comes back: confirmed."""
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    _translate(mini_project, {"basics.math.topics.lora.description": "Bộ điều hợp hạng thấp."})
    build()
    _edit(part, LORA, "")
    build()
    _edit(part, "    resources:\n", QLORA + "    resources:\n")
    build()
    assert _entry(mini_project, "basics.math.topics.qlora.description") == ("Bộ điều hợp hạng thấp.", True)
    _edit(part, QLORA, LORA + QLORA)  # restored, while the similar passage stays
    build()
    assert _entry(mini_project, "basics.math.topics.lora.description") == ("Bộ điều hợp hạng thấp.", False)
    assert _entry(mini_project, "basics.math.topics.qlora.description") == ("Bộ điều hợp hạng thấp.", True)


@pytest.mark.parametrize("reworded", [False, True], ids=["as-is", "reworded-while-away"])
def test_a_topic_moved_away_and_back_is_confirmed_again(
    mini_project: Path, build: Callable[[], None], reworded: bool
) -> None:
    """Moved to another section (its IDs change), then back with its old English: confirmed again.

    Moved as it is, it keeps its translation confirmed all along; reworded while away, it is fuzzy
    there, and its own old entry, kept obsolete, gives the translation back when the English does.
    """
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    translations = {
        "basics.math.topics.lora.title": "LoRA (hạng thấp)",
        "basics.math.topics.lora.description": "Bộ điều hợp hạng thấp.",
    }
    _translate(mini_project, translations)
    build()
    moved = LORA.replace("Low-rank adapters.", "Low-rank adapters, moved.") if reworded else LORA
    _edit(part, LORA, "")  # moved to the Python section
    _edit(part, "        description: Syntax and types.\n", "        description: Syntax and types.\n" + moved)
    build()
    away = _entry(mini_project, "basics.python.topics.lora.description")
    assert away == ("Bộ điều hợp hạng thấp.", reworded)
    _edit(part, "        description: Syntax and types.\n" + moved, "        description: Syntax and types.\n")
    _edit(part, "    resources:\n", LORA + "    resources:\n")  # and back, as it was
    build()
    for unit, text in translations.items():
        assert _entry(mini_project, unit) == (text, False), unit
