"""``roadmapi18n merge`` as a drop-in for ``msgmerge``: command line, update mode, charsets, format flags, start-up."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Gettext
from roadmapi18n.merge_cli import main as merge_main
from roadmapi18n.po.formats import entry_format_error
from roadmapi18n.po.writer import escape

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: demo 1.0\\n"\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset={charset}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
OLD = HEADER.format(charset="UTF-8") + 'msgid "Open file"\nmsgstr "Datei öffnen"\n\nmsgid "Gone"\nmsgstr "Weg"\n'
POT = HEADER.format(charset="UTF-8") + 'msgid "Open file"\nmsgstr ""\n\nmsgid "Open files"\nmsgstr ""\n'


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed console script's code path (launch.py), in a fresh interpreter."""
    command = [sys.executable, "-c", "import sys; from roadmapi18n.launch import main; sys.argv[0] = 'x'; main()"]
    return subprocess.run([*command, "merge", *map(str, args)], capture_output=True, cwd=cwd, check=False)


# -- output and update modes ------------------------------------------------------------------------


def test_dash_output_and_no_output_write_standard_output(tmp_path: Path) -> None:
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    dash = run("-q", "-o", "-", old, pot, cwd=tmp_path)
    default = run("-q", old, pot, cwd=tmp_path)
    assert dash.returncode == default.returncode == 0
    assert b'msgid "Open files"' in dash.stdout and dash.stdout == default.stdout
    assert not (tmp_path / "-").exists()
    assert dash.stderr == b""


@pytest.mark.skipif(not os.path.exists("/dev/null") or not hasattr(os, "mkfifo"), reason="POSIX devices and FIFOs")
def test_output_to_a_device_or_a_pipe_is_written_into_as_msgmerge_does(tmp_path: Path) -> None:
    """``-o /dev/null`` (a CI that only wants the exit code) and ``-o /dev/stdout`` work; nothing is replaced."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    assert run("-q", "-o", "/dev/null", old, pot, cwd=tmp_path).returncode == 0
    assert os.path.exists("/dev/null") and not Path("/dev/null").is_file()
    expected = run("-q", old, pot, cwd=tmp_path).stdout
    assert run("-q", "-o", "/dev/stdout", old, pot, cwd=tmp_path).stdout == expected
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    command = [sys.executable, "-c", "import sys; from roadmapi18n.launch import main; sys.argv[0] = 'x'; main()"]
    writer = subprocess.Popen([*command, "merge", "-q", "-o", str(fifo), str(old), str(pot)], cwd=tmp_path)
    with fifo.open("rb") as reader:
        received = reader.read()
    assert writer.wait(timeout=60) == 0
    assert received == expected and fifo.is_fifo()


def test_update_writes_def_po_with_a_backup_and_leaves_an_up_to_date_file_alone(tmp_path: Path) -> None:
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    assert merge_main(["-q", "-U", str(old), str(pot)]) == 0
    assert (tmp_path / "de.po~").read_text(encoding="utf-8") == OLD
    merged = old.read_bytes()
    assert b'msgid "Open files"' in merged
    (tmp_path / "de.po~").unlink()
    assert merge_main(["-q", "-U", str(old), str(pot)]) == 0
    assert old.read_bytes() == merged and not (tmp_path / "de.po~").exists()


_DATED = 'msgid ""\nmsgstr ""\n"POT-Creation-Date: {date}\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n\n'


@pytest.mark.gettext
@pytest.mark.parametrize(
    "old_entry",
    ['#: a.c:1\nmsgid "a b"\nmsgstr "x"\n', '#: a.c:1\nmsgid ""\n"a b"\nmsgstr "x"\n'],
    ids=["same layout", "other layout"],
)
def test_update_leaves_alone_a_file_that_differs_only_in_its_creation_date_or_layout(
    gettext: Gettext, tmp_path: Path, old_entry: str
) -> None:
    """msgmerge -U compares entries, POT-Creation-Date aside: a new template date alone must not rewrite (and back
    up) every catalog of a project. The file is left byte for byte, by both tools."""
    for tool in ("ours", "msgmerge"):
        folder = tmp_path / tool
        folder.mkdir()
        old = write(folder, "de.po", _DATED.format(date="2020-01-01 10:00+0100", charset="UTF-8") + old_entry)
        template = _DATED.format(date="2021-01-01 10:00+0100", charset="CHARSET")
        pot = write(folder, "x.pot", template + old_entry.replace('"x"', '""'))
        before = old.read_bytes()
        if tool == "ours":
            assert merge_main(["-q", "-U", str(old), str(pot)]) == 0
        else:
            assert gettext.run("msgmerge", "-q", "-U", old, pot).returncode == 0
        assert old.read_bytes() == before, tool
        assert sorted(path.name for path in folder.iterdir()) == ["de.po", "x.pot"], tool


@pytest.mark.gettext
def test_for_msgfmt_keeps_a_plural_entry_whose_first_form_is_translated(gettext: Gettext, tmp_path: Path) -> None:
    """As msgfmt counts it (pretix's nb_NO catalog has 25 such entries): the .mo gets it, with what it has."""
    plural = 'msgid "one ticket"\nmsgid_plural "%d tickets"\nmsgstr[0] "{first}"\nmsgstr[1] ""\n'
    old = write(tmp_path, "de.po", HEADER.format(charset="UTF-8") + plural.format(first="en billett"))
    pot = write(tmp_path, "x.pot", HEADER.format(charset="UTF-8") + plural.format(first=""))
    options = ["-q", "--for-msgfmt", "--no-wrap", "-o", "-", old, pot]
    theirs = gettext.run("msgmerge", *options)
    assert theirs.returncode == 0
    assert run(*options, cwd=tmp_path).stdout == theirs.stdout
    assert b'msgstr[0] "en billett"' in theirs.stdout


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_links_are_written_through_as_msgmerge_does(tmp_path: Path) -> None:
    """-U on a linked def.po updates the file it points to (backup named after the link); -o through a link
    writes its target; the links stay links. The old permissions are kept."""
    real, pot = write(tmp_path, "real.po", OLD), write(tmp_path, "x.pot", POT)
    real.chmod(0o640)
    link = tmp_path / "de.po"
    link.symlink_to("real.po")
    assert merge_main(["-q", "-U", str(link), str(pot)]) == 0
    assert link.is_symlink() and b'msgid "Open files"' in real.read_bytes()
    assert (tmp_path / "de.po~").read_text(encoding="utf-8") == OLD and not (tmp_path / "real.po~").exists()
    assert real.stat().st_mode & 0o777 == 0o640
    out = tmp_path / "out.po"
    out.symlink_to("target.po")
    assert merge_main(["-q", "-o", str(out), str(real), str(pot)]) == 0
    assert out.is_symlink() and (tmp_path / "target.po").read_bytes() == real.read_bytes()


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="POSIX devices")
def test_inputs_from_standard_input_or_a_pipe(tmp_path: Path) -> None:
    """``msgmerge - x.pot < de.po``, ``de.po /dev/stdin``, ``de.po <(cat x.pot)``: read as msgmerge reads them."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    expected = run("-q", old, pot, cwd=tmp_path).stdout
    command = [sys.executable, "-c", "import sys; from roadmapi18n.launch import main; sys.argv[0] = 'x'; main()"]
    for arguments, given in ((["-", pot], old), ([old, "-"], pot), ([old, "/dev/stdin"], pot)):
        done = subprocess.run(
            [*command, "merge", "-q", *map(str, arguments)], input=given.read_bytes(), capture_output=True
        )
        assert done.returncode == 0, (arguments, done.stderr)
        assert done.stdout == expected, arguments
    shell = subprocess.run(
        ["bash", "-c", f'"$@" merge -q {old} <(cat {pot})', "bash", *command], capture_output=True, check=False
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout == expected


@pytest.mark.gettext
@pytest.mark.parametrize("force", [False, True], ids=["plain", "--force-po"])
def test_a_result_with_only_the_header_is_written_only_when_forced(
    gettext: Gettext, tmp_path: Path, force: bool
) -> None:
    old, pot = write(tmp_path, "de.po", HEADER.format(charset="UTF-8")), write(tmp_path, "x.pot", "")
    options = ["-q", *(["--force-po"] if force else []), "-o", "-", old, pot]
    theirs = gettext.run("msgmerge", *options)
    assert theirs.returncode == 0
    assert run(*options, cwd=tmp_path).stdout == theirs.stdout
    assert (theirs.stdout != b"") == force
    assert merge_main(["-q", *options[1:-4], "-o", str(tmp_path / "out.po"), str(old), str(pot)]) == 0
    assert (tmp_path / "out.po").exists() == force


@pytest.mark.gettext
def test_directories_given_are_searched_instead_of_the_current_one(tmp_path: Path) -> None:
    """msgmerge -D: the inputs are looked for in those directories only (a def.po here is not taken)."""
    (tmp_path / "sub").mkdir()
    write(tmp_path, "de.po", OLD.replace("Datei öffnen", "hier"))
    write(tmp_path / "sub", "de.po", OLD)
    write(tmp_path / "sub", "x.pot", POT)
    options = ["-q", "-D", "sub", "-o", "-", "de.po", "x.pot"]
    theirs = subprocess.run(["msgmerge", *options], cwd=tmp_path, capture_output=True, check=False)
    assert theirs.returncode == 0 and "Datei öffnen".encode() in theirs.stdout
    assert run(*options, cwd=tmp_path).stdout == theirs.stdout
    assert run("-q", "-D", "elsewhere", "-o", "-", "de.po", "x.pot", cwd=tmp_path).returncode == 2


def test_output_to_dev_stdout_redirected_to_a_file(tmp_path: Path) -> None:
    """``-o /dev/stdout > out.po``: standard output is a regular file there, written into, not refused."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    expected = run("-q", old, pot, cwd=tmp_path).stdout
    command = [sys.executable, "-c", "import sys; from roadmapi18n.launch import main; sys.argv[0] = 'x'; main()"]
    with (tmp_path / "out.po").open("wb") as out:
        arguments = ["merge", "-q", "-o", "/dev/stdout", str(old), str(pot)]
        done = subprocess.run([*command, *arguments], stdout=out, check=False)
    assert done.returncode == 0
    assert (tmp_path / "out.po").read_bytes() == expected


@pytest.mark.parametrize(
    ("options", "backup"),
    [
        (["--backup=none"], None),
        (["--backup=numbered"], "de.po.~1~"),
        (["--backup=simple", "--suffix=.bak"], "de.po.bak"),
        (["--backup=t"], "de.po.~1~"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_backup_control(tmp_path: Path, options: list[str], backup: str | None) -> None:
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    assert merge_main(["-q", "-U", *options, str(old), str(pot)]) == 0
    backups = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("de.po", "x.pot"))
    assert backups == ([backup] if backup else [])


def test_version_control_environment_chooses_numbered_backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERSION_CONTROL", "numbered")
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    assert merge_main(["-q", "-U", str(old), str(pot)]) == 0
    assert (tmp_path / "de.po.~1~").exists()


def test_directory_option_finds_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "po"
    folder.mkdir()
    write(folder, "de.po", OLD)
    write(folder, "x.pot", POT)
    result = run("-q", "-D", folder, "de.po", "x.pot", cwd=tmp_path)
    assert result.returncode == 0 and b"Datei \xc3\xb6ffnen" in result.stdout


def test_no_fuzzy_matching_and_previous(tmp_path: Path) -> None:
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    plain = run("-q", old, pot).stdout.decode()
    assert '#, fuzzy\nmsgid "Open files"' in plain and "#|" not in plain
    assert '#| msgid "Open file"' in run("-q", "--previous", old, pot).stdout.decode()
    unmatched = run("-q", "-N", old, pot).stdout.decode()
    assert 'msgid "Open files"\nmsgstr ""' in unmatched


def test_quiet_verbose_and_help(tmp_path: Path) -> None:
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    verbose = run("-v", "-o", tmp_path / "out.po", old, pot)
    assert b"Read 2 old + 2 reference, merged 1, fuzzied 1, missing 0, obsolete 1." in verbose.stderr
    helped = run("--help")
    assert helped.returncode == 0
    text = " ".join(helped.stdout.decode().split())
    assert "Accepted and ignored" in text and "--no-wrap" in text and "Not supported" in text


@pytest.mark.parametrize("option", ["--multi-domain", "-E", "--properties-output", "--indent", "--strict"], ids=str)
def test_unsupported_options_are_refused(tmp_path: Path, option: str) -> None:
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    result = run(option, old, pot)
    assert result.returncode == 2 and b"not supported" in result.stderr and not result.stdout


def test_unknown_option_and_missing_file_exit_2(tmp_path: Path) -> None:
    pot = write(tmp_path, "x.pot", POT)
    unknown = run("--frobnicate", pot, pot)
    assert unknown.returncode == 2 and b"unrecognized option '--frobnicate'" in unknown.stderr
    missing = run("-q", tmp_path / "nope.po", pot)
    assert (
        missing.returncode == 2 and b"nope.po: file not found" in missing.stderr and b"Traceback" not in missing.stderr
    )


# What getopt_long makes of a command line: msgmerge's and ours must agree (OLD, POT, OUT are files).
COMMAND_LINES = {
    "abbreviations": ("--prev --qui -o OUT OLD POT", None),
    "options after operands": ("OLD POT --sil -o OUT", None),
    "clustered letters, attached argument": ("-qN -oOUT OLD POT", None),
    "double dash": ("-q -o OUT -- OLD POT", None),
    "long option with =": ("--no-w --out=OUT -q OLD POT", None),
    "unknown long option": ("-q --frob OLD POT", "unrecognized option '--frob'"),
    "ambiguous abbreviation": (
        "-q --no OLD POT",
        "option '--no' is ambiguous; possibilities: '--no-escape' '--no-fuzzy-matching' '--no-location' '--no-wrap'",
    ),
    "argument to a flag": ("-q --previous=yes OLD POT", "option '--previous' doesn't allow an argument"),
    "unknown letter": ("-q -x OLD POT", "invalid option -- 'x'"),
    "missing letter argument": ("-q OLD POT -o", "option requires an argument -- 'o'"),
    "missing long argument": ("-q OLD POT --output-file", "option '--output-file' requires an argument"),
    "one file": ("-q -o OUT OLD", "exactly 2 input files required"),
    "three files": ("-q -o OUT OLD POT POT", "exactly 2 input files required"),
    "bad --add-location": ("-q --add-location=everywhere -o OUT OLD POT", ""),
    "-n with an attached word that is no location kind": ("-nq -o OUT OLD POT", ""),
    "-n takes the next word": ("-q -n file -o OUT OLD POT", None),
    "ambiguous among refused options": (
        "-q --str -o OUT OLD POT",
        "option '--str' is ambiguous; possibilities: '--strict' '--stringtable-input' '--stringtable-output'",
    ),
    "ambiguous, one of them accepted": (
        "-q --f -o OUT OLD POT",
        "option '--f' is ambiguous; possibilities: '--for-msgfmt' '--force-po'",
    ),
    "--update with --output-file": ("-q -U -o OUT OLD POT", "--update and --output-file are mutually exclusive"),
    "--suffix without --update": ("-q --suffix=.b -o OUT OLD POT", "--suffix is only valid with --update"),
    "--backup without --update": ("-q --backup=simple -o OUT OLD POT", "--backup is only valid with --update"),
    "-s with -F": ("-q -s -F -o OUT OLD POT", "--sort-output and --sort-by-file are mutually exclusive"),
}


def without_program_name(stderr: str) -> str:
    """The first line of an error after ``msgmerge: ``, which some installs spell as a full path."""
    return stderr.splitlines()[0].partition(": ")[2]


@pytest.mark.gettext
@pytest.mark.parametrize(("line", "error"), COMMAND_LINES.values(), ids=COMMAND_LINES.keys())
def test_command_line_is_read_as_msgmerge_reads_it(
    gettext: Gettext, tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, error: str | None
) -> None:
    """Accepted where msgmerge accepts, refused where it refuses, with getopt's message ('' = any message)."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    names = {"OLD": str(old), "POT": str(pot), "OUT": str(tmp_path / "out.po")}
    argv = [names.get(word, word.replace("OUT", names["OUT"])) for word in line.split()]
    theirs = gettext.run("msgmerge", *argv)
    code = merge_main(argv)
    ours = capsys.readouterr().err
    if error is None:
        assert theirs.returncode == 0 and code == 0, ours
        return
    assert theirs.returncode == 1 and code == 2
    if error:
        assert without_program_name(theirs.stderr.decode()) == error
        assert ours.splitlines()[0] == f"roadmapi18n merge: {error}"


@pytest.mark.gettext
def test_posixly_correct_ends_the_options_at_the_first_file(
    gettext: Gettext, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """getopt's POSIX mode: with POSIXLY_CORRECT set, ``-q`` after the files is a third file."""
    old, pot, out = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT), tmp_path / "out.po"
    late_options = [str(old), str(pot), "-q", "-o", str(out)]
    assert merge_main(late_options) == 0 and out.exists()
    out.unlink()
    monkeypatch.setenv("POSIXLY_CORRECT", "1")
    theirs = gettext.run("msgmerge", *late_options)
    assert without_program_name(theirs.stderr.decode()) == "exactly 2 input files required"
    assert merge_main(late_options) == 2
    assert capsys.readouterr().err.startswith("roadmapi18n merge: exactly 2 input files required")
    assert not out.exists()
    assert merge_main(["-q", "-o", str(out), str(old), str(pot)]) == 0 and out.exists()


def test_the_typer_app_runs_the_same_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from roadmapi18n.cli import app

    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    out = tmp_path / "out.po"
    result = CliRunner().invoke(app, ["merge", "-q", "--previous", "-o", str(out), str(old), str(pot)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == run("-q", "--previous", old, pot).stdout


# -- start-up ---------------------------------------------------------------------------------------


# Modules `roadmapi18n merge` must not import on a small catalog, and what each would cost (docs/performance.md).
NOT_AT_START_UP = {
    "typer": "the rest of the toolkit's command line (with click and rich)",
    "click": "typer's",
    "rich": "typer's",
    "babel": "only for unknown languages' plural forms",
    "ruamel": "the roadmap's YAML",
    "ftfy": "the mojibake repairs",
    "markdown_it": "the renderer",
    "logging": "the merge logs nothing",
    "tempfile": "fsio makes its temporary names itself",
    "argparse": "merge_cli parses msgmerge's options itself (argparse also imports shutil and locale)",
    "shutil": "imported by argparse and tempfile (with bz2, lzma)",
    "locale": "imported by argparse's gettext",
    "dataclasses": "the po model is written out (dataclasses imports inspect)",
    "inspect": "imported by dataclasses",
    "typing": "only for the type checker",
    "rapidfuzz": "a small merge scores similarity in pure Python",
}


def test_merge_start_up_imports_only_what_it_needs(tmp_path: Path) -> None:
    """Start-up is most of a small merge (one that needs a fuzzy match here): nothing it can do without."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    probe = (
        "import sys; from roadmapi18n.launch import main; sys.argv = ['x', 'merge', '-q', '-o', sys.argv[3], "
        "sys.argv[1], sys.argv[2]]\ntry:\n main()\nexcept SystemExit:\n pass\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(old), str(pot), str(tmp_path / "o.po")],
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert b'msgid "Open files"' in (tmp_path / "o.po").read_bytes()
    imported = set(result.stdout.decode().split())
    assert {name: why for name, why in NOT_AT_START_UP.items() if name in imported} == {}


# -- charsets ---------------------------------------------------------------------------------------


@pytest.mark.gettext
def test_ascii_catalog_declaring_latin1_is_merged_and_keeps_its_charset(gettext: Gettext, tmp_path: Path) -> None:
    old = write(tmp_path, "de.po", HEADER.format(charset="iso-8859-1") + 'msgid "Open file"\nmsgstr "Oeffnen"\n')
    pot = write(tmp_path, "x.pot", HEADER.format(charset="CHARSET") + 'msgid "Open file"\nmsgstr ""\n')
    result = run("-q", "--previous", "--no-wrap", old, pot)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == gettext.msgmerge(old, pot).encode()
    assert b"charset=iso-8859-1" in result.stdout


@pytest.mark.gettext
@pytest.mark.parametrize("template_charset", ["ISO-8859-15", "UTF-8"], ids=str)
def test_iso_8859_15_catalog_is_merged_like_msgmerge(gettext: Gettext, tmp_path: Path, template_charset: str) -> None:
    # "€" exists in ISO-8859-15 (byte 0xA4) and not in ISO-8859-1: the file must be read as declared.
    text = HEADER.format(charset="ISO-8859-15") + 'msgid "Price"\nmsgstr "Preis (€)"\n\nmsgid "Gone"\nmsgstr "Weg"\n'
    old = write(tmp_path, "de.po", text.encode("iso-8859-15"))
    pot = write(tmp_path, "x.pot", HEADER.format(charset=template_charset) + 'msgid "Price"\nmsgstr ""\n')
    result = run("-q", "--previous", "--no-wrap", old, pot)
    assert result.returncode == 0, result.stderr.decode()
    expected = gettext.run("msgmerge", "-q", "--previous", "--no-wrap", old, pot, "-o", "-").stdout
    assert result.stdout == expected
    assert ("€".encode("iso-8859-15") if template_charset != "UTF-8" else "€".encode()) in result.stdout


@pytest.mark.gettext
def test_a_template_with_the_charset_placeholder_and_non_ascii_text_is_merged(gettext: Gettext, tmp_path: Path) -> None:
    """xgettext's ``charset=CHARSET`` left in a template with UTF-8 text (Weblate's test data has one): msgmerge
    warns and merges; so does this, with the same output."""
    old = write(tmp_path, "de.po", OLD)
    pot = write(
        tmp_path,
        "x.pot",
        HEADER.format(charset="CHARSET") + 'msgid "Open file"\nmsgstr ""\n\nmsgid "Café menu"\nmsgstr ""\n',
    )
    options = ["--no-wrap", "-o", "-", old, pot]
    theirs = gettext.run("msgmerge", "-q", *options)
    ours = run(*options, cwd=tmp_path)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout == theirs.stdout and 'msgid "Café menu"'.encode() in ours.stdout
    assert b"CHARSET placeholder" in ours.stderr
    assert b"CHARSET placeholder" not in run("-q", *options, cwd=tmp_path).stderr


@pytest.mark.gettext
@pytest.mark.parametrize(
    ("old_charset", "template_charset"), [("utf-8", "UTF-8"), ("UTF-8", "utf-8"), ("utf-8", "CHARSET")]
)
def test_the_utf8_charset_name_is_written_as_msgmerge_writes_it(
    gettext: Gettext, tmp_path: Path, old_charset: str, template_charset: str
) -> None:
    """A UTF-8 template makes msgmerge convert the catalog, which spells its charset UTF-8 (Plone's catalogs say
    utf-8); under the CHARSET placeholder the catalog's own spelling stays."""
    old = write(tmp_path, "de.po", OLD.replace("charset=UTF-8", f"charset={old_charset}"))
    pot = write(tmp_path, "x.pot", POT.replace("charset=UTF-8", f"charset={template_charset}"))
    options = ["-q", "--no-wrap", "-o", "-", old, pot]
    theirs = gettext.run("msgmerge", *options)
    assert theirs.returncode == 0, theirs.stderr
    assert run(*options, cwd=tmp_path).stdout == theirs.stdout


def test_mislabelled_utf8_is_refused_with_a_hint_that_works(tmp_path: Path) -> None:
    old = write(tmp_path, "de.po", HEADER.format(charset="ISO-8859-1") + 'msgid "Lo"\nmsgstr "Lø"\n')
    pot = write(tmp_path, "x.pot", POT)
    result = run("-q", old, pot)
    assert result.returncode == 2 and not result.stdout
    message = result.stderr.decode()
    assert "de.po:6: the header declares charset=ISO-8859-1, but the file is UTF-8" in message
    assert "charset=UTF-8" in message and "msgconv" not in message
    # Following the hint makes the file readable, with its text intact.
    write(tmp_path, "de.po", old.read_bytes().replace(b"ISO-8859-1", b"UTF-8"))
    assert "Lø" in run("-q", old, pot).stdout.decode()


def test_genuinely_broken_bytes_name_the_declared_charset(tmp_path: Path) -> None:
    old = write(tmp_path, "de.po", HEADER.format(charset="ASCII").encode() + b'msgid "a"\nmsgstr "\xff"\n')
    result = run("-q", old, write(tmp_path, "x.pot", POT))
    assert result.returncode == 2 and b"de.po" in result.stderr


# -- format flags ------------------------------------------------------------------------------------

FORMAT_OLD = HEADER.format(charset="UTF-8") + (
    'msgid "%d files"\nmsgstr "%s Dateien"\n\n'
    'msgid "Hello %(name)s"\nmsgstr "Hallo %(name)s"\n\n'
    'msgid "{count} pages"\nmsgstr "{anzahl} Seiten"\n\n'
    'msgid "{n} items"\nmsgstr "{n} Dinge"\n\n'
    '#, range: 1..5\nmsgid "%d stars"\nmsgid_plural "%d stars"\nmsgstr[0] "ein Stern"\nmsgstr[1] "%d Sterne"\n\n'
    '#, range: 1..5\nmsgid "%d moons"\nmsgid_plural "%d moons"\nmsgstr[0] "ein Mond"\nmsgstr[1] "%d Monde"\n'
)
FORMAT_POT = HEADER.format(charset="UTF-8") + (
    '#, c-format\nmsgid "%d files"\nmsgstr ""\n\n'
    '#, python-format\nmsgid "Hello %(name)s"\nmsgstr ""\n\n'
    '#, python-brace-format\nmsgid "{count} pages"\nmsgstr ""\n\n'
    '#, python-brace-format\nmsgid "{n} items"\nmsgstr ""\n\n'
    '#, c-format, range: 0..10\nmsgid "%d stars"\nmsgid_plural "%d stars"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
    '#, c-format, range: 2..4\nmsgid "%d moons"\nmsgid_plural "%d moons"\nmsgstr[0] ""\nmsgstr[1] ""\n'
)


@pytest.mark.gettext
def test_new_format_flags_and_widened_ranges_make_entries_fuzzy_like_msgmerge(gettext: Gettext, tmp_path: Path) -> None:
    old, pot = write(tmp_path, "de.po", FORMAT_OLD), write(tmp_path, "x.pot", FORMAT_POT)
    out = tmp_path / "out.po"
    assert merge_main(["-q", "--previous", "-o", str(out), str(old), str(pot)]) == 0
    assert out.read_text(encoding="utf-8") == gettext.msgmerge(old, pot)
    text = out.read_text(encoding="utf-8")
    assert '#, fuzzy, c-format\n#| msgid "%d files"' in text  # %s for %d
    assert '#, fuzzy, python-brace-format\n#| msgid "{count} pages"' in text  # {anzahl} for {count}
    assert '#, python-brace-format\nmsgid "{n} items"' in text  # still fine
    assert '#, fuzzy, c-format, range: 0..10\n#| msgid "%d stars"' in text  # widened
    assert '#, c-format, range: 2..4\nmsgid "%d moons"' in text  # narrowed: still fine
    result = gettext.run("msgfmt", "-c", "-o", "/dev/null", out)
    assert result.returncode == 0, result.stderr.decode()


_DIRECTIVES = {
    # glibc's I flag ("%Id", "%I64d") is valid in a translation only.
    "c": ["%d", "%s", "%ld", "%u", "%5.2f", "%1$s", "%2$d", "%%", "%*d", "%m", "%zu", "%<PRId64>", "%", "%q", "%Id"],
    "python": ["%s", "%d", "%(a)s", "%(b)d", "%(a)d", "%%", "%r", "%5.1f", "%*d", "%", "%(a)", "%i", "%(a)%"],
    "python-brace": ["{a}", "{b}", "{0}", "{}", "{{", "}}", "{a.b}", "{a[0]}", "{a:>5}", "{a:{w}}", "{a!r}", "{"],
    "javascript": ["%s", "%d", "%i", "%f", "%j", "%%", "%1$s", "%2$d", "%(a)s", "%c", "%.2f", "%u", "%I64d", "%n$s"],
}


@pytest.mark.gettext
def test_format_checks_agree_with_msgfmt(gettext: Gettext, tmp_path: Path) -> None:
    """Random msgid/msgstr pairs (singular and plural) under each checked flag: our verdict is msgfmt -c's."""
    rng = random.Random(20261125)
    forms = "nplurals=2; plural=(n != 1);"
    cases = []
    for language, vocabulary in _DIRECTIVES.items():
        for _ in range(150):
            words = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 3))) for _ in range(3)]
            source, singular, plural = (f"{prefix} {text}" for prefix, text in zip("xzy", words, strict=True))
            cases.append((language, source, plural if rng.random() < 0.7 else source, singular, rng.random() < 0.3))
    lines = HEADER.format(charset="UTF-8").split("\n")[:-1]
    starts = []
    for number, (language, source, translation, singular, is_plural) in enumerate(cases):
        starts.append(len(lines) + 1)
        lines += [f"#, {language}-format", f'msgctxt "{number}"']
        if is_plural:
            lines += ['msgid "one"', f'msgid_plural "{escape(source)}"']
            lines += [f'msgstr[0] "{escape(singular)}"', f'msgstr[1] "{escape(translation)}"', ""]
        else:
            lines += [f'msgid "{escape(source)}"', f'msgstr "{escape(translation)}"', ""]
    catalog = write(tmp_path, "cases.po", "\n".join(lines))
    stderr = gettext.run("msgfmt", "-c", "-o", "/dev/null", catalog).stderr.decode()
    failing = set()
    for line in map(int, re.findall(r"cases\.po:(\d+): ", stderr)):
        if line > starts[0]:
            failing.add(max(n for n, start in enumerate(starts) if start <= line))
    disagreements = []
    for number, (language, source, translation, singular, is_plural) in enumerate(cases):
        ours = entry_format_error(
            language,
            "one" if is_plural else source,
            source if is_plural else None,
            [singular, translation] if is_plural else [translation],
            plural_forms=forms,
        )
        if ours != (number in failing):
            disagreements.append((language, source, singular if is_plural else None, translation))
    assert not disagreements
    assert 100 < len(failing) < len(cases) - 100  # both verdicts are well represented


def test_unchecked_format_languages_are_answered_conservatively() -> None:
    assert entry_format_error("perl-brace", "{n} files", None, ["{n} Dateien"])
    assert not entry_format_error("perl-brace", "{n} files", None, ["{n} files"])


# -- deliberate differences from msgmerge (listed in README.md) ---------------------------------------


@pytest.mark.gettext
def test_similarity_counts_characters_where_msgmerge_counts_bytes(gettext: Gettext, tmp_path: Path) -> None:
    # "…" is one character and three UTF-8 bytes: msgmerge finds "Saving…" closer to "Scheduling…" than
    # "Set schedule" (0.67 against 0.61 in bytes); in characters it is the other way round (0.67 against 0.70).
    head = HEADER.format(charset="UTF-8")
    old = write(
        tmp_path, "de.po", head + 'msgid "Saving…"\nmsgstr "Speichern…"\n\nmsgid "Set schedule"\nmsgstr "Zeitplan"\n'
    )
    pot = write(tmp_path, "x.pot", head + 'msgid "Scheduling…"\nmsgstr ""\n')
    assert '#| msgid "Saving…"' in gettext.msgmerge(old, pot)
    assert '#| msgid "Set schedule"' in run("-q", "--previous", old, pot).stdout.decode()


@pytest.mark.gettext
def test_a_template_character_the_catalog_charset_lacks_makes_the_output_utf8(gettext: Gettext, tmp_path: Path) -> None:
    old = write(tmp_path, "de.po", (HEADER.format(charset="ISO-8859-1") + 'msgid "a"\nmsgstr "ä"\n').encode("latin-1"))
    pot = write(
        tmp_path, "x.pot", (HEADER.format(charset="ISO-8859-2") + 'msgid "Łódź"\nmsgstr ""\n').encode("iso-8859-2")
    )
    result = run("-q", old, pot)
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    assert "charset=UTF-8" in text and 'msgid "Łódź"' in text and '#~ msgstr "ä"' in text
    # msgmerge copies the ISO-8859-2 bytes under the ISO-8859-1 header: "Łódź" reads "£ód¼".
    theirs = gettext.run("msgmerge", "-q", old, pot, "-o", "-").stdout
    assert b"charset=ISO-8859-1" in theirs and "Łódź" not in theirs.decode("latin-1")


@pytest.mark.gettext
def test_references_lose_their_leading_dot_slash_as_msgcat_writes_them(gettext: Gettext, tmp_path: Path) -> None:
    from roadmapi18n.po.reader import read_po
    from roadmapi18n.po.writer import format_po

    long_name = "./" + "d/" * 30 + "x.py:1"
    text = HEADER.format(charset="UTF-8") + f"#: ./a.py:1 a.py:1 ././b.py:2 .//c.py {long_name} ./e.py:3\n"
    catalog = write(tmp_path, "de.po", text + 'msgid "x"\nmsgstr "y"\n')
    written = format_po(read_po(catalog))
    assert "#: a.py:1 a.py:1 b.py:2 /c.py" in written
    assert written == gettext.msgcat(catalog)


# -- the header -----------------------------------------------------------------------------------

TEAM_HEADER = 'msgid ""\nmsgstr ""\n"Language-Team: {team}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def merged_header_both_ways(
    gettext: Gettext, tmp_path: Path, old_header: str, template_header: str = TEAM_HEADER.format(team="")
) -> tuple[bytes, bytes]:
    """The merged catalog as msgmerge and as ours write it, for an old catalog with ``old_header``."""
    old = write(tmp_path, "de.po", old_header + 'msgid "a"\nmsgstr "b"\n')
    pot = write(tmp_path, "x.pot", template_header + 'msgid "a"\nmsgstr ""\n')
    out = tmp_path / "ours.po"
    assert merge_main(["-q", "--no-wrap", "-o", str(out), str(old), str(pot)]) == 0
    theirs = gettext.run("msgmerge", "-q", "--no-wrap", "-o", "-", old, pot)
    assert theirs.returncode == 0, theirs.stderr
    return theirs.stdout, out.read_bytes()


@pytest.mark.gettext
@pytest.mark.parametrize(
    "team",
    [
        "German <translation-team-de@lists.sourceforge.net>",
        "Chinese (simplified) <i18n-zh@googlegroups.com>",
        "Brazilian Portuguese\\t<ldpbr@lists.sourceforge.net>",
        "   German    <de@li.org>",
        "German <x>more",
        "German <",
        # msgmerge writes an empty Language for these: no address after the name, an address with a
        # space in it, something after the address, a name gettext spells otherwise or does not know.
        "German",
        "German <x y>",
        "German <x> more",
        "german <de@li.org>",
        "Norwegian Bokmål (http://www.transifex.com/django/django/language/nb/)",
        "Plone i18n <plone-i18n@lists.sourceforge.net>",
        "none",
    ],
)
def test_a_catalog_without_language_gets_it_from_its_team_as_msgmerge_gives_it(
    gettext: Gettext, tmp_path: Path, team: str
) -> None:
    """249 of Plone's 388 catalogs have a Language-Team and no Language; msgmerge adds one."""
    theirs, ours = merged_header_both_ways(gettext, tmp_path, TEAM_HEADER.format(team=team))
    assert b'"Language: ' in theirs
    assert ours == theirs


@pytest.mark.gettext
def test_known_header_fields_are_matched_whatever_their_case_and_written_in_gettexts(
    gettext: Gettext, tmp_path: Path
) -> None:
    """A lowercase ``language:`` counts as the Language field (none is added from the team), takes its place
    and gettext's spelling; so does ``pot-creation-date``, which the template's replaces. Unknown fields
    (``plural-forms`` is one to msgmerge) keep their spelling and come last."""
    header = (
        'msgid ""\nmsgstr ""\n"plural-forms: nplurals=2; plural=(n != 1);\\n"\n"language: fr\\n"\n'
        '"LANGUAGE-TEAM: German <de@li.org>\\n"\n"content-type: text/plain; charset=UTF-8\\n"\n'
        '"pot-creation-date: 2020-01-01 00:00+0000\\n"\n"X-Language: it\\n"\n\n'
    )
    theirs, ours = merged_header_both_ways(gettext, tmp_path, header)
    assert b'"Language: fr\\n"' in theirs and b"plural-forms" in theirs
    assert ours == theirs


@pytest.mark.gettext
def test_the_team_language_table_is_what_the_installed_msgmerge_reads(gettext: Gettext, tmp_path: Path) -> None:
    """Every name in TEAM_LANGUAGES gives its code, and a few names near them give none, in the installed msgmerge
    (scripts/gettext_team_languages.py regenerates the table after a gettext upgrade)."""
    from concurrent.futures import ThreadPoolExecutor

    from roadmapi18n.po.team_languages import TEAM_LANGUAGES

    expected = {**TEAM_LANGUAGES, "Chinese (Simplified)": "", "Norwegian Bokmål": "", "Punjabi (India)": ""}
    pot = write(tmp_path, "x.pot", TEAM_HEADER.format(team="") + 'msgid "a"\nmsgstr ""\n')

    def language_msgmerge_adds(number_and_name: tuple[int, str]) -> str:
        number, name = number_and_name
        old = write(tmp_path, f"{number}.po", TEAM_HEADER.format(team=f"{name} <x@y>") + 'msgid "a"\nmsgstr "b"\n')
        found = re.search(rb'"Language: (.*)\\n"', gettext.run("msgmerge", "-q", old, pot).stdout)
        assert found is not None
        return found.group(1).decode()

    with ThreadPoolExecutor(8) as pool:
        installed = dict(zip(expected, pool.map(language_msgmerge_adds, enumerate(expected)), strict=True))
    assert installed == expected
    assert len(TEAM_LANGUAGES) > 250


@pytest.mark.gettext
@pytest.mark.parametrize("old_flags", ["#, fuzzy, no-wrap\n", ""])
@pytest.mark.parametrize("template_flags", ["#, fuzzy\n", "#, c-format\n"])
def test_the_header_entry_takes_its_comments_and_flags_as_any_entry_does(
    gettext: Gettext, tmp_path: Path, old_flags: str, template_flags: str
) -> None:
    """Translator comments and fuzzy from the catalog; extracted comments, references and other flags from the
    template (the header of an xgettext template is fuzzy, that of a translated catalog is not)."""
    old_header = "# Translators of demo\n#. old note\n#: old.c:1\n" + old_flags + TEAM_HEADER.format(team="x")
    template_header = (
        "# SOME DESCRIPTIVE TITLE.\n#. new note\n#: new.c:2\n" + template_flags + TEAM_HEADER.format(team="")
    )
    theirs, ours = merged_header_both_ways(gettext, tmp_path, old_header, template_header)
    assert b"# Translators of demo\n#. new note\n#: new.c:2\n" in theirs
    assert ours == theirs


# -- deliberate differences (README.md's table) ---------------------------------------------------


@pytest.mark.gettext
def test_obsolete_entries_of_the_template_are_ignored(gettext: Gettext, tmp_path: Path) -> None:
    """gettext 0.21 turns a template's ``#~`` entries into live ones, with the template's translation in them;
    xgettext never writes such entries, and a translation in a template is not a translator's. We ignore them."""
    old = write(tmp_path, "de.po", OLD)
    pot = write(tmp_path, "x.pot", POT + '\n#~ msgid "Gone"\n#~ msgstr ""\n\n#~ msgid "Stale"\n#~ msgstr "Alt"\n')
    theirs = gettext.run("msgmerge", "-q", old, pot).stdout.decode()
    assert '\nmsgid "Stale"\nmsgstr "Alt"\n' in theirs  # what we do not copy
    out = tmp_path / "out.po"
    assert merge_main(["-q", "-o", str(out), str(old), str(pot)]) == 0
    ours = out.read_text(encoding="utf-8")
    assert "Stale" not in ours and "Alt" not in ours
    assert '#~ msgid "Gone"\n#~ msgstr "Weg"\n' in ours


@pytest.mark.gettext
@pytest.mark.parametrize(
    ("header_change", "encoding"),
    [("charset=UTF-8", "utf-8-sig"), ("charset=utf8", "utf-8"), ("charset=latin1", "latin-1")],
)
def test_byte_order_marks_and_charset_names_msgmerge_calls_non_portable_are_read(
    gettext: Gettext, tmp_path: Path, header_change: str, encoding: str
) -> None:
    """msgmerge stops at a UTF-8 byte-order mark (a syntax error) and at ``utf8``/``latin1``; Windows editors
    write them, and the text is readable, so we merge it (the mark is dropped with a warning)."""
    old = write(tmp_path, "de.po", OLD.replace("charset=UTF-8", header_change).encode(encoding))
    pot = write(tmp_path, "x.pot", POT)
    assert gettext.run("msgmerge", "-q", old, pot).returncode == 1
    done = run("-q", "-o", "-", old, pot)
    assert done.returncode == 0, done.stderr
    assert 'msgstr "Datei öffnen"' in done.stdout.decode("utf-8") and not done.stdout.startswith(b"\xef\xbb\xbf")


def test_a_missing_output_folder_is_created(tmp_path: Path) -> None:
    """msgmerge stops ("cannot create output file"); every roadmapi18n writer creates the folders it writes into."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    out = tmp_path / "build" / "de" / "de.po"
    assert merge_main(["-q", "-o", str(out), str(old), str(pot)]) == 0
    assert 'msgstr "Datei öffnen"' in out.read_text(encoding="utf-8")


def test_update_replaces_def_po_whole_so_a_hard_link_keeps_the_old_text(tmp_path: Path) -> None:
    """msgmerge -U rewrites def.po in place: a merge killed halfway leaves half a catalog. Ours writes a new file
    and renames it over def.po, with def.po's permissions; another hard link to the old file keeps the old text."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    old.chmod(0o640)
    os.link(old, tmp_path / "linked.po")
    assert merge_main(["-q", "-U", "--backup=off", str(old), str(pot)]) == 0
    assert "Open files" in old.read_text(encoding="utf-8") and old.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "linked.po").read_text(encoding="utf-8") == OLD


@pytest.mark.gettext
def test_a_catalog_without_a_header_entry_gets_none(gettext: Gettext, tmp_path: Path) -> None:
    """The template's header comments go only where the catalog has a header entry to carry them."""
    template_header = "# SOME DESCRIPTIVE TITLE.\n#. new note\n#: new.c:2\n#, fuzzy\n" + TEAM_HEADER.format(team="")
    theirs, ours = merged_header_both_ways(gettext, tmp_path, "", template_header)
    assert theirs == b'msgid "a"\nmsgstr "b"\n'
    assert ours == theirs


@pytest.mark.gettext
@pytest.mark.parametrize("empty_side", ["definitions", "reference"])
def test_dev_null_reads_as_an_empty_catalog(gettext: Gettext, tmp_path: Path, empty_side: str) -> None:
    """``msgmerge /dev/null x.pot`` starts a catalog with every entry untranslated; ``de.po /dev/null`` makes
    every entry obsolete. Other devices stay refused (reading /dev/zero would never end)."""
    old, pot = write(tmp_path, "de.po", OLD), write(tmp_path, "x.pot", POT)
    inputs = ["/dev/null", str(pot)] if empty_side == "definitions" else [str(old), "/dev/null"]
    theirs = gettext.run("msgmerge", "-q", "--force-po", "-o", "-", *inputs)
    assert theirs.returncode == 0, theirs.stderr
    ours = run("-q", "--force-po", "-o", "-", *inputs)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout == theirs.stdout
    refused = run("-q", "/dev/zero", pot)
    assert refused.returncode == 2 and b"character device" in refused.stderr


@pytest.mark.gettext
def test_an_empty_header_entry_stays_and_takes_the_templates_comments(gettext: Gettext, tmp_path: Path) -> None:
    template_header = "# SOME DESCRIPTIVE TITLE.\n#. new note\n#, fuzzy\n" + TEAM_HEADER.format(team="")
    for template in (template_header, TEAM_HEADER.format(team="")):
        theirs, ours = merged_header_both_ways(gettext, tmp_path, 'msgid ""\nmsgstr ""\n\n', template)
        assert theirs.startswith((b'#. new note\nmsgid ""\nmsgstr ""\n\n', b'msgid ""\nmsgstr ""\n\n'))
        assert ours == theirs
