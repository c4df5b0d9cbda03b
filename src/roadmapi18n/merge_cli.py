"""``roadmapi18n merge``: GNU msgmerge's command line, for build scripts that call msgmerge.

``roadmapi18n merge [OPTION] def.po ref.pot`` takes msgmerge's options with
msgmerge's meaning, so a Makefile can say ``MSGMERGE = roadmapi18n merge``.
This module is imported without typer, Babel or the rest of the package (see
:mod:`roadmapi18n.launch`): on a small catalog, start-up is most of the run,
and msgmerge itself starts in a few milliseconds.

Strings are wrapped at the page width (79, or ``--width``) as msgmerge wraps
them, unless ``--no-wrap`` (see :mod:`roadmapi18n.po.wrap`).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from roadmapi18n.errors import RoadmapError, exit_code_of
from roadmapi18n.po.model import Catalog, Message

_HELP = """\
Usage: roadmapi18n merge [OPTION] def.po ref.pot

Merges a translated catalog (def.po) with a new template (ref.pot), as GNU
msgmerge does: exact matches keep their translation, similar messages get a
fuzzy suggestion (with --previous, the old msgid as '#|'), and translations
the template no longer has become obsolete ('#~').

Mandatory arguments to long options are mandatory for short options too.

Input file location:
  def.po                      translations referring to old sources
  ref.pot                     references to new sources
(either may be - or /dev/stdin for standard input, /dev/fd/N, or /dev/null)
  -D, --directory=DIRECTORY   add DIRECTORY to list for input files search
  -C, --compendium=FILE       additional library of message translations,
                              may be specified more than once

Operation mode:
  -U, --update                update def.po,
                              do nothing if def.po already up to date
                              (the same entries, POT-Creation-Date aside)

Output file location:
  -o, --output-file=FILE      write output to specified file
The results are written to standard output if no output file is specified
or if it is -.

Output file location in update mode:
The result is written back to def.po.
      --backup=CONTROL        make a backup of def.po: none/off, numbered/t,
                              existing/nil (the default), simple/never
                              (or $VERSION_CONTROL)
      --suffix=SUFFIX         override the usual backup suffix ('~', or
                              $SIMPLE_BACKUP_SUFFIX)

Operation modifiers:
      --for-msgfmt            produce output for 'msgfmt', not for a translator
  -N, --no-fuzzy-matching     do not use fuzzy matching
      --previous              keep previous msgids of translated messages
      --match-on=MODE         'message' (msgmerge's matching, the default) or
                              'context' (roadmapi18n's: msgctxt is a stable
                              ID; a changed msgid under the same msgctxt keeps
                              its translation as fuzzy; new IDs are matched one
                              to one against removed ones)

Output details:
      --lang=CATALOGNAME      set 'Language' field in the header entry
      --no-location           suppress '#: filename:line' lines
  -n, --add-location[=TYPE]   '#: filename:line' lines (TYPE full, the default),
                              '#: filename' lines (file), none (never)
  -s, --sort-output           generate sorted output
  -F, --sort-by-file          sort output by file location
  -w, --width=NUMBER          set output page width (default 79)
      --no-wrap               do not break long message lines, longer than
                              the output page width, into several lines

Informative output:
  -h, --help                  display this help and exit
  -V, --version               output version information and exit
  -v, --verbose               print statistics to standard error
  -q, --quiet, --silent       print nothing to standard error

      --force-po              write the output even if it holds only the header

Accepted and ignored (they change nothing in our output): --color[=WHEN],
--style=STYLEFILE, -e/--no-escape (the default).
Not supported (exit 2): -m/--multi-domain, -P/-p/--properties-input/output,
--stringtable-input/output, -E/--escape, -i/--indent, --strict.
"""

# msgmerge's options (GNU gettext 0.21) as its getopt_long reads them: long name → (short letter, argument).
# Parsed by hand rather than with argparse, whose import and parser set-up (with shutil and locale, which it
# imports) cost more than the whole merge of a small catalog; and so the command line is msgmerge's exactly:
# long names abbreviated, options after operands, optional arguments only attached (--color=auto, -nfile).
_NO, _REQUIRED, _OPTIONAL = "no", "required", "optional"
_OPTIONS = {
    "add-location": ("n", _OPTIONAL),
    "backup": ("", _REQUIRED),
    "color": ("", _OPTIONAL),
    "compendium": ("C", _REQUIRED),
    "directory": ("D", _REQUIRED),
    "escape": ("E", _NO),
    "for-msgfmt": ("", _NO),
    "force-po": ("", _NO),
    "help": ("h", _NO),
    "indent": ("i", _NO),
    "lang": ("", _REQUIRED),
    "match-on": ("", _REQUIRED),
    "multi-domain": ("m", _NO),
    "no-escape": ("e", _NO),
    "no-fuzzy-matching": ("N", _NO),
    "no-location": ("", _NO),
    "no-wrap": ("", _NO),
    "output-file": ("o", _REQUIRED),
    "previous": ("", _NO),
    "properties-input": ("P", _NO),
    "properties-output": ("p", _NO),
    "quiet": ("q", _NO),
    "silent": ("q", _NO),
    "sort-by-file": ("F", _NO),
    "sort-output": ("s", _NO),
    "strict": ("", _NO),
    "stringtable-input": ("", _NO),
    "stringtable-output": ("", _NO),
    "style": ("", _REQUIRED),
    "suffix": ("", _REQUIRED),
    "update": ("U", _NO),
    "verbose": ("v", _NO),
    "version": ("V", _NO),
    "width": ("w", _REQUIRED),
}
_BY_LETTER = {letter: name for name, (letter, _) in _OPTIONS.items() if letter and name != "silent"}
_LETTER_KIND = {"n": _REQUIRED}  # msgmerge's "n:": -n takes the next word, --add-location only an attached one
_REPEATED = {"compendium", "directory"}  # each occurrence adds to a list
_CHOICES = {"add-location": ("full", "file", "never"), "match-on": ("message", "context")}
_UNSUPPORTED = (
    "multi-domain",
    "properties-input",
    "properties-output",
    "stringtable-input",
    "stringtable-output",
    "escape",
    "indent",
    "strict",
)


class UsageError(Exception):
    """A command line msgmerge would refuse (with getopt's message, or msgmerge's own)."""


def parse_command_line(argv: list[str]) -> SimpleNamespace:
    """The options as attributes named after their long form (``--no-wrap`` → ``no_wrap``), and the operands.

    Flags are ``False`` or ``True`` (``verbose`` counts), options with an argument ``None`` or its text,
    ``directory`` and ``compendium`` lists of paths; ``definitions`` and ``reference`` are the two files.

    >>> options = parse_command_line(["--prev", "-qo", "out.po", "de.po", "x.pot", "--add-location=file"])
    >>> options.previous, options.quiet, options.output_file, str(options.reference), options.add_location
    (True, True, 'out.po', 'x.pot', 'file')
    """
    options = SimpleNamespace(**{_attribute(name): _default(name) for name in _OPTIONS})
    operands: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            operands += arguments
        elif argument.startswith("--"):
            given, equals, attached = argument[2:].partition("=")
            name = _long_name(given)
            kind = _OPTIONS[name][1]
            if equals and kind == _NO:
                raise UsageError(f"option '--{name}' doesn't allow an argument")
            value = attached if equals else next(arguments, None) if kind == _REQUIRED else None
            if value is None and kind == _REQUIRED:
                raise UsageError(f"option '--{name}' requires an argument")
            _record(options, name, value)
        elif argument.startswith("-") and argument != "-":
            for end, letter in enumerate(argument[1:], start=2):
                if letter not in _BY_LETTER:
                    raise UsageError(f"invalid option -- '{letter}'")
                name = _BY_LETTER[letter]
                kind = _LETTER_KIND.get(letter, _OPTIONS[name][1])
                if kind == _NO:
                    _record(options, name, None)
                    continue
                # The rest of the word is the argument; a required one may be the next word.
                value = argument[end:] or (next(arguments, None) if kind == _REQUIRED else None)
                if value is None and kind == _REQUIRED:
                    raise UsageError(f"option requires an argument -- '{letter}'")
                _record(options, name, value)
                break
        else:
            operands.append(argument)
            if "POSIXLY_CORRECT" in os.environ:  # as getopt: options end at the first operand
                operands += arguments
    options.directory = [Path(folder) for folder in options.directory]
    options.compendium = [Path(file) for file in options.compendium]
    if options.help or options.version:
        return options
    if len(operands) != 2:
        raise UsageError("exactly 2 input files required")
    # msgmerge's own checks, in its order and words.
    if options.update and options.output_file is not None:
        raise UsageError("--update and --output-file are mutually exclusive")
    for name in ("backup", "suffix"):
        if getattr(options, name) is not None and not options.update:
            raise UsageError(f"--{name} is only valid with --update")
    if options.sort_output and options.sort_by_file:
        raise UsageError("--sort-output and --sort-by-file are mutually exclusive")
    options.definitions, options.reference = map(Path, operands)
    return options


def _attribute(name: str) -> str:
    return "quiet" if name == "silent" else name.replace("-", "_")


def _default(name: str) -> object:
    if name in _REPEATED:
        return []
    if name == "verbose":
        return 0
    if name == "match-on":
        return "message"
    return False if _OPTIONS[name][1] == _NO else None


def _long_name(given: str) -> str:
    """The option ``--given`` names: an exact name, or the only one it abbreviates (getopt_long's rule)."""
    if given in _OPTIONS:
        return given
    candidates = [name for name in _OPTIONS if name.startswith(given)]
    if not candidates:
        raise UsageError(f"unrecognized option '--{given}'")
    if len({_attribute(name) for name in candidates}) > 1:  # --qui and --sil both mean -q
        possibilities = " ".join(f"'--{name}'" for name in candidates)
        raise UsageError(f"option '--{given}' is ambiguous; possibilities: {possibilities}")
    return candidates[0]


def _record(options: SimpleNamespace, name: str, value: str | None) -> None:
    """One occurrence of option ``name``, with its argument if it has one."""
    attribute = _attribute(name)
    # --no-location and --add-location set one thing, as in msgmerge: the last one given wins.
    if name == "no-location":
        options.add_location = None
    elif name == "add-location":
        options.no_location = False
    if name == "verbose":
        options.verbose += 1
    elif _OPTIONS[name][1] == _NO:
        setattr(options, attribute, True)
    elif name in _REPEATED:
        getattr(options, attribute).append(value)
    elif value is not None and value not in _CHOICES.get(name, (value,)):
        raise UsageError(f"invalid --{name} argument '{value}' (one of: {', '.join(_CHOICES[name])})")
    else:
        setattr(options, attribute, value)


def main(argv: list[str] | None = None) -> int:
    """Run ``roadmapi18n merge`` with ``argv`` (default: ``sys.argv[2:]``); return the exit code."""
    try:
        options = parse_command_line(sys.argv[2:] if argv is None else argv)
    except UsageError as error:
        print(f"roadmapi18n merge: {error}\nTry 'roadmapi18n merge --help' for more information.", file=sys.stderr)
        return 2
    if options.help:
        print(_HELP, end="")
        return 0
    if options.version:
        from roadmapi18n import __version__

        print(f"roadmapi18n merge {__version__} (GNU msgmerge 0.21 semantics)")
        return 0
    return exit_code_of(lambda: _run(options))


def _run(options: SimpleNamespace) -> int:
    for name in _UNSUPPORTED:
        if getattr(options, name.replace("-", "_")):
            raise RoadmapError(f"--{name} is not supported by roadmapi18n merge", hint="use GNU msgmerge for it")
    from roadmapi18n.merge import merge_catalogs
    from roadmapi18n.po.reader import parse_po, read_po

    def read(path: Path) -> Catalog:
        streamed = _read_stream(path)
        if streamed is None:
            catalog = read_po(_find(path, options.directory), any_charset=True)
        else:
            catalog = parse_po(streamed, path=Path("<stdin>") if str(path) == "-" else path, any_charset=True)
        if not options.quiet:
            for note in catalog.notes:
                print(f"warning: {catalog.path}: {note}", file=sys.stderr)
        return catalog

    old, template = read(options.definitions), read(options.reference)
    compendia = [read(path) for path in options.compendium]
    result = merge_catalogs(
        old,
        template,
        match_on=options.match_on,
        fuzzy=not (options.no_fuzzy_matching or options.for_msgfmt),
        compendia=compendia,
    )
    catalog = shape_output(result.catalog, options)
    if options.update and up_to_date(old, catalog):
        pass  # msgmerge --update leaves such a file alone, byte for byte, and makes no backup
    elif not catalog.messages and not options.force_po:
        pass  # msgmerge writes no catalog that would hold only its header, unless --force-po
    else:
        _write(encode_output(catalog, template, page_width(options.width), wrap=not options.no_wrap), options)
    if options.verbose:
        stats = result.stats
        print(
            f"Read {len(old.messages)} old + {len(template.messages)} reference, "
            f"merged {stats.kept}, fuzzied {stats.changed + stats.renamed}, missing {stats.new}, "
            f"obsolete {stats.obsolete}.",
            file=sys.stderr,
        )
    elif not options.quiet:
        stats = result.stats
        print(
            f"{stats.translated} translated, {stats.fuzzy} fuzzy, {stats.untranslated} untranslated, "
            f"{stats.obsolete} obsolete",
            file=sys.stderr,
        )
    return 0


def shape_output(catalog: Catalog, options: SimpleNamespace) -> Catalog:
    """The output options applied to the merged catalog: --lang, --for-msgfmt, locations, sorting."""
    from roadmapi18n.merge import merge_headers

    if options.lang is not None:
        catalog.headers = merge_headers({**catalog.headers, "Language": options.lang}, {})
    messages = catalog.messages
    if options.for_msgfmt:
        # What msgfmt compiles: confirmed translations, with the comments msgfmt reads (flags, '#.'). As msgfmt
        # counts them, a plural entry is translated when its first form is, the others may be empty.
        messages = [m for m in messages if not m.obsolete and not m.fuzzy and _first_form(m)]
        catalog.header_comments = [line for line in catalog.header_comments if line.startswith(("#.", "#,"))]
        for message in messages:
            message.translator_comments, message.references = [], []
            message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
    if not options.previous:
        for message in messages:
            if not message.obsolete:  # msgmerge keeps an obsolete entry's '#~|' lines
                message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
    if options.sort_output:
        messages = sorted(messages, key=_by_msgid)
    elif options.sort_by_file:
        for message in messages:
            message.references = sorted(message.references, key=_reference_order)
        messages = sorted(
            messages,
            key=lambda m: (
                (bool(m.references), _reference_order(m.references[0]) if m.references else ("", 0), *_by_msgid(m))
            ),
        )
    # After sorting: msgmerge sorts by the whole references, then writes as many of them as it is asked to.
    location = "never" if options.no_location else options.add_location or "full"
    for message in messages:
        if location == "never":
            message.references = []
        elif location == "file":
            message.references = list(dict.fromkeys(ref.rpartition(":")[0] or ref for ref in message.references))
    catalog.messages = messages
    return catalog


def _first_form(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


def up_to_date(old: Catalog, merged: Catalog) -> bool:
    """msgmerge --update's test (msgdomain_list_equal): the same entries and header, POT-Creation-Date aside.

    Entries are compared as read, not as bytes: a file that differs from what would be written only in
    its layout (line wrapping, blank lines) or in POT-Creation-Date is up to date.
    """

    def header(catalog: Catalog) -> list[tuple[str, str]]:
        return [(name, value) for name, value in catalog.headers.items() if name != "POT-Creation-Date"]

    return (
        header(old) == header(merged)
        and (old.header_comments, old.header_flags) == (merged.header_comments, merged.header_flags)
        and old.messages == merged.messages
    )


def _by_msgid(message: Message) -> tuple[bytes, bool, bytes]:
    """gettext's --sort-output order: msgid bytes, then no msgctxt first, then msgctxt bytes."""
    return (message.msgid.encode(), message.msgctxt is not None, (message.msgctxt or "").encode())


def _reference_order(reference: str) -> tuple[str, int]:
    name, colon, line = reference.rpartition(":")
    return (name, int(line)) if colon and line.isdigit() else (reference, 0)


def page_width(requested: str | None) -> int | None:
    """The page width for ``--width=REQUESTED`` as msgmerge reads it (strtol, then message_page_width_set):
    its leading digits (none: 79); 0 is no limit (None); below 20 is 20.

    >>> page_width("40"), page_width(" 30x"), page_width("5"), page_width("0"), page_width("abc")
    (40, 30, 20, None, 79)
    """
    digits = re.match(r"\s*[-+]?[0-9]+", requested or "")
    if digits is None:
        return 79
    # strtol saturates at a long's limits, and msgmerge keeps the result in an int (2**32 - 1 is -1).
    width = max(-(2**63), min(int(digits.group()), 2**63 - 1))
    width = (width + 2**31) % 2**32 - 2**31
    return None if width == 0 else 20 if 0 < width < 20 else width


def encode_output(catalog: Catalog, template: Catalog, width: int | None = 79, *, wrap: bool = False) -> bytes:
    """The PO bytes in the charset GNU msgmerge would write, wrapped at ``width`` if ``wrap``.

    The old catalog's declared charset, unless the template declares UTF-8 (then the
    result is converted to UTF-8, as msgmerge does) or the charset cannot hold a
    character the template brought (msgmerge then stops; we write UTF-8 instead).
    """
    from roadmapi18n.po.reader import _codec
    from roadmapi18n.po.writer import format_po

    charset = catalog.charset
    codec = _codec(charset)
    to_utf8 = _codec(template.charset) == "utf-8"  # msgmerge converts the catalog to a UTF-8 template's charset
    if codec not in (None, "utf-8") and not to_utf8:
        try:
            return format_po(catalog, page_width=width, wrap=wrap).encode(codec)
        except UnicodeEncodeError:
            pass  # a character the template brought that the charset lacks: UTF-8 instead
    elif codec is None or (codec == "utf-8" and (charset == "UTF-8" or not to_utf8)):
        return format_po(catalog, page_width=width, wrap=wrap).encode("utf-8")
    # Converted to UTF-8, which the header then names as msgmerge's conversion writes it.
    catalog.headers["Content-Type"] = catalog.headers["Content-Type"].replace(f"charset={charset}", "charset=UTF-8")
    return format_po(catalog, page_width=width, wrap=wrap).encode("utf-8")


def _read_stream(path: Path) -> bytes | None:
    """What ``-`` (standard input), ``/dev/null`` or a descriptor this process was given (``/dev/stdin``,
    ``<(cat x.pot)``, which is ``/dev/fd/63``) holds, as msgmerge reads them; None for a path, which the strict
    reader reads.

    A named pipe elsewhere is still refused by that reader: nothing says anyone will ever write to it, and
    reading it would hang. A descriptor handed to this process has a writer, the shell that set it up.
    """
    name = str(path)
    if name == "-":
        return sys.stdin.buffer.read()
    if name == "/dev/null":  # `msgmerge /dev/null x.pot`: a new catalog, every entry untranslated
        return b""
    if name == "/dev/stdin" or name.startswith(("/dev/fd/", "/proc/self/fd/")):
        with path.open("rb") as stream:
            return stream.read()
    return None


def _find(path: Path, directories: list[Path]) -> Path:
    """``path`` itself, or, given ``-D`` directories, the first of them holding it: msgmerge's input search,
    which then leaves the current directory out."""
    if path.is_absolute() or not directories or str(path) == "-":
        return path
    for directory in directories:
        if (directory / path).exists():
            return directory / path
    return directories[0] / path  # missing: the error names where it was looked for first


def _write(data: bytes, options: SimpleNamespace) -> None:
    from roadmapi18n.fsio import write_bytes_atomic

    if options.update:
        # A def.po reached through a symbolic link is updated where the link points, and the link stays a link;
        # the backup is a copy named after the path given, as msgmerge makes it.
        given = _find(options.definitions, options.directory)
        target = Path(os.path.realpath(given))
        if target.read_bytes() == data:
            return
        _backup(given, options)
        mode = target.stat().st_mode & 0o7777
        write_bytes_atomic(target, data)  # a new file, so that a killed merge leaves the old one whole
        os.chmod(target, mode)  # with the old one's permissions, as msgmerge's rewrite keeps them
    elif options.output_file in (None, "-", *_STANDARD_OUTPUT):
        # Into the open standard output itself (so `-o /dev/stdout >> log` appends, as msgmerge's does).
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif _is_stream(Path(options.output_file)):
        _write_stream(Path(options.output_file), data)
    else:
        # An output reached through a symbolic link is written where the link points, as msgmerge does.
        write_bytes_atomic(Path(os.path.realpath(options.output_file)), data)


_STANDARD_OUTPUT = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def _is_stream(path: Path) -> bool:
    """``-o /dev/null``, ``/dev/stdout`` or a named pipe: msgmerge writes into it, so does this (nothing to replace)."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _write_stream(path: Path, data: bytes) -> None:
    from roadmapi18n.errors import RoadmapError

    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        raise RoadmapError(f"cannot write: {error.strerror}", path=path, hint="check the device or pipe") from None


def _backup(target: Path, options: SimpleNamespace) -> None:
    """Copy ``target`` aside as GNU's backup rules say (``--backup``, ``VERSION_CONTROL``)."""
    import shutil

    control = options.backup if options.backup is not None else os.environ.get("VERSION_CONTROL") or "existing"
    suffix = options.suffix or os.environ.get("SIMPLE_BACKUP_SUFFIX") or "~"
    kinds = {
        "none": "none",
        "off": "none",
        "numbered": "numbered",
        "t": "numbered",
        "existing": "existing",
        "nil": "existing",
        "simple": "simple",
        "never": "simple",
    }
    matches = [kind for name, kind in kinds.items() if name.startswith(control)] if control else ["existing"]
    if len(set(matches)) != 1:
        raise RoadmapError(f"invalid backup type {control!r}", hint="none, numbered, existing or simple")
    kind = matches[0]
    if kind == "none":
        return
    numbers = [
        int(name[len(target.name) + 2 : -1])
        for name in os.listdir(target.parent)
        if name.startswith(target.name + ".~") and name.endswith("~") and name[len(target.name) + 2 : -1].isdigit()
    ]
    if kind == "numbered" or (kind == "existing" and numbers):
        backup = target.with_name(f"{target.name}.~{max(numbers, default=0) + 1}~")
    else:
        backup = target.with_name(target.name + suffix)
    shutil.copy2(target, backup)
