"""``roadmapi18n merge``: GNU msgmerge's command line, for build scripts that call msgmerge.

``roadmapi18n merge [OPTION] def.po ref.pot`` takes msgmerge's options with
msgmerge's meaning, so a Makefile can say ``MSGMERGE = roadmapi18n merge``.
This module is imported without typer, Babel or the rest of the package (see
:mod:`roadmapi18n.launch`): on a small catalog, start-up is most of the run,
and msgmerge itself starts in a few milliseconds.

The output is always written the way ``--no-wrap`` asks (long lines are not
folded); ``--width`` and ``--no-wrap`` are accepted for that reason.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from roadmapi18n.errors import RoadmapError
from roadmapi18n.po.model import Catalog, Message

_DESCRIPTION = """\
Merges a translated catalog (def.po) with a new template (ref.pot), as GNU msgmerge does: exact matches keep
their translation, similar messages get a fuzzy suggestion (with --previous, the old msgid as '#|'), and
translations the template no longer has become obsolete ('#~'). The result goes to standard output, to
--output-file, or back into def.po with --update.
"""
_EPILOG = """\
Accepted and ignored (they change nothing in our output): --color, --style, --force-po (the header is always
written), -e/--no-escape (the default), -n/--add-location (the default), -w/--width and --no-wrap (output is
never wrapped: long lines stay whole, as with msgmerge --no-wrap).
Not supported (exit 2): -m/--multi-domain, -P/-p/--properties-*, --stringtable-*, -E/--escape, -i/--indent,
--strict.
--match-on context is roadmapi18n's own mode: msgctxt is a stable ID (a changed msgid under the same msgctxt
keeps its translation as fuzzy; new IDs are matched one to one against removed ones).
"""
_UNSUPPORTED = {
    "multi_domain": "--multi-domain",
    "properties_input": "--properties-input",
    "properties_output": "--properties-output",
    "stringtable_input": "--stringtable-input",
    "stringtable_output": "--stringtable-output",
    "escape": "--escape",
    "indent": "--indent",
    "strict": "--strict",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"roadmapi18n merge: {message}\nTry 'roadmapi18n merge --help' for more information.", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """msgmerge's options (GNU gettext 0.21), with roadmapi18n's --match-on."""
    parser = _Parser(
        prog="roadmapi18n merge",
        usage="%(prog)s [OPTION] def.po ref.pot",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("definitions", metavar="def.po", type=Path, help="translations referring to old sources")
    add("reference", metavar="ref.pot", type=Path, help="references to new sources")
    add("-D", "--directory", action="append", default=[], type=Path, help="add DIRECTORY to the input search list")
    add("-C", "--compendium", action="append", default=[], type=Path, metavar="FILE", help="more translations")
    add("-U", "--update", action="store_true", help="update def.po; do nothing if it is already up to date")
    add("-o", "--output-file", metavar="FILE", help="write output to FILE ('-': standard output, the default)")
    add("--backup", metavar="CONTROL", help="with --update: none/off, numbered/t, existing/nil, simple/never")
    add("--suffix", metavar="SUFFIX", help="backup suffix (default '~', or $SIMPLE_BACKUP_SUFFIX)")
    add("-m", "--multi-domain", action="store_true", help=argparse.SUPPRESS)
    add("--for-msgfmt", action="store_true", help="only what msgfmt needs: translated entries, no comments")
    add("-N", "--no-fuzzy-matching", action="store_true", help="do not use fuzzy matching")
    add("--previous", action="store_true", help="keep previous msgids of translated messages ('#|')")
    add("--lang", metavar="CATALOGNAME", help="set the Language field of the header")
    add("--color", nargs="?", const="always", help=argparse.SUPPRESS)
    add("--style", metavar="STYLEFILE", help=argparse.SUPPRESS)
    add("-e", "--no-escape", action="store_true", help=argparse.SUPPRESS)
    add("-E", "--escape", action="store_true", help=argparse.SUPPRESS)
    add("--force-po", action="store_true", help=argparse.SUPPRESS)
    add("-i", "--indent", action="store_true", help=argparse.SUPPRESS)
    add("--no-location", action="store_true", help="suppress '#: filename:line' lines")
    add("-n", "--add-location", nargs="?", const="full", choices=["full", "file", "never"], help="'#:' lines")
    add("--strict", action="store_true", help=argparse.SUPPRESS)
    for name in ("-P", "--properties-input"), ("-p", "--properties-output"):
        add(*name, action="store_true", help=argparse.SUPPRESS)
    add("--stringtable-input", action="store_true", help=argparse.SUPPRESS)
    add("--stringtable-output", action="store_true", help=argparse.SUPPRESS)
    add("-w", "--width", type=int, metavar="NUMBER", help="accepted; output is never wrapped")
    add("--no-wrap", action="store_true", help="accepted; output is never wrapped")
    add("-s", "--sort-output", action="store_true", help="sort by msgid")
    add("-F", "--sort-by-file", action="store_true", help="sort by file location")
    add("-V", "--version", action="store_true", help="show the version and exit")
    add("-v", "--verbose", action="count", default=0, help="print statistics to standard error")
    add("-q", "--quiet", "--silent", action="store_true", help="print nothing to standard error")
    add("--match-on", choices=["message", "context"], default="message", help="roadmapi18n: see below")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``roadmapi18n merge`` with ``argv`` (default: ``sys.argv[2:]``); return the exit code."""
    args = sys.argv[2:] if argv is None else argv
    if "-V" in args or "--version" in args:
        from roadmapi18n import __version__

        print(f"roadmapi18n merge {__version__} (GNU msgmerge 0.21 semantics)")
        return 0
    options = build_parser().parse_args(args)
    try:
        return _run(options)
    except RoadmapError as error:
        print(f"error: {error.shown_from(Path.cwd())}", file=sys.stderr)
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 2


def _run(options: argparse.Namespace) -> int:
    for attribute, flag in _UNSUPPORTED.items():
        if getattr(options, attribute):
            raise RoadmapError(f"{flag} is not supported by roadmapi18n merge", hint="use GNU msgmerge for it")
    if options.update and options.output_file is not None:
        raise RoadmapError("--update and --output-file exclude each other", hint="--update writes def.po itself")
    if options.backup is not None and not options.update:
        raise RoadmapError("--backup is only for --update")
    from roadmapi18n.merge import merge_catalogs
    from roadmapi18n.po.reader import read_po

    def read(path: Path) -> Catalog:
        catalog = read_po(_find(path, options.directory), any_charset=True)
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
    _write(encode_output(catalog, template), options)
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


def shape_output(catalog: Catalog, options: argparse.Namespace) -> Catalog:
    """The output options applied to the merged catalog: --lang, --for-msgfmt, locations, sorting."""
    from roadmapi18n.merge import merge_headers

    if options.lang is not None:
        catalog.headers = merge_headers({**catalog.headers, "Language": options.lang}, {})
    messages = catalog.messages
    if options.for_msgfmt:
        # What msgfmt compiles: confirmed translations, with the comments msgfmt reads (flags, '#.').
        messages = [m for m in messages if m.translated and not m.obsolete]
        catalog.header_comments = [line for line in catalog.header_comments if line.startswith(("#.", "#,"))]
        for message in messages:
            message.translator_comments, message.references = [], []
            message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
    if not options.previous:
        for message in messages:
            if not message.obsolete:  # msgmerge keeps an obsolete entry's '#~|' lines
                message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
    location = "never" if options.no_location else options.add_location or "full"
    for message in messages:
        if location == "never":
            message.references = []
        elif location == "file":
            message.references = list(dict.fromkeys(ref.rpartition(":")[0] or ref for ref in message.references))
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
    catalog.messages = messages
    return catalog


def _by_msgid(message: Message) -> tuple[bytes, bool, bytes]:
    """gettext's --sort-output order: msgid bytes, then no msgctxt first, then msgctxt bytes."""
    return (message.msgid.encode(), message.msgctxt is not None, (message.msgctxt or "").encode())


def _reference_order(reference: str) -> tuple[str, int]:
    name, colon, line = reference.rpartition(":")
    return (name, int(line)) if colon and line.isdigit() else (reference, 0)


def encode_output(catalog: Catalog, template: Catalog) -> bytes:
    """The PO bytes in the charset GNU msgmerge would write.

    The old catalog's declared charset, unless the template declares UTF-8 (then the
    result is converted to UTF-8, as msgmerge does) or the charset cannot hold a
    character the template brought (msgmerge then stops; we write UTF-8 instead).
    """
    from roadmapi18n.po.reader import _codec
    from roadmapi18n.po.writer import format_po

    charset = catalog.charset
    codec = _codec(charset)
    if codec is None or codec == "utf-8":
        return format_po(catalog).encode("utf-8")
    if _codec(template.charset) != "utf-8":
        text = format_po(catalog)
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            pass
    content_type = catalog.headers["Content-Type"]
    catalog.headers["Content-Type"] = content_type.replace(f"charset={charset}", "charset=UTF-8")
    return format_po(catalog).encode("utf-8")


def _find(path: Path, directories: list[Path]) -> Path:
    """``path`` itself, or the first ``-D`` directory holding it (msgmerge's input search)."""
    if path.is_absolute() or path.exists() or str(path) == "-":
        return path
    for directory in directories:
        if (directory / path).exists():
            return directory / path
    return path


def _write(data: bytes, options: argparse.Namespace) -> None:
    from roadmapi18n.fsio import write_bytes_atomic

    if options.update:
        target = _find(options.definitions, options.directory)
        if target.read_bytes() == data:
            return  # msgmerge --update leaves an up-to-date file alone (and makes no backup)
        _backup(target, options)
        write_bytes_atomic(target, data)
    elif options.output_file in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_bytes_atomic(Path(options.output_file), data)


def _backup(target: Path, options: argparse.Namespace) -> None:
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
