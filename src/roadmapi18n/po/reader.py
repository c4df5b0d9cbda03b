"""The strict PO reader: every entry exactly as gettext would read it, or a clear error.

polib and babel accept truncated strings, missing msgstr and duplicate entries
and silently lose text; this reader refuses them with a
:class:`~roadmapi18n.errors.RoadmapError` naming the file, the 1-based line and
the fix. It is a hand-written line-based parser (a few fast paths and a regex
fallback), several times faster than polib.

What it refuses: unterminated strings, invalid escapes, a ``msgid`` without
``msgstr``, a ``msgstr`` without ``msgid``, broken plural forms, duplicate
entries (live or obsolete), git conflict markers, a charset that does not
match the bytes or is not UTF-8, plural entries with more or fewer forms than
the header's ``nplurals`` (``msgfmt -c``'s rule), and any line that is not a
comment, keyword or string. What it normalises and reports in
:attr:`Catalog.notes` instead, since the fix is unambiguous and loses nothing: a
UTF-8 byte-order mark, CRLF line endings, a header whose lines are not exactly
``Name: value``, duplicate references, flags gettext does not know (gettext
drops them), comments after the last entry (gettext drops them too).

A project's own catalogs are held to more (``whole=True``, see
:func:`refuse_cut_catalog`): they must be whole, as every PO tool writes them,
so a file cut short (empty, ending inside a line, ending with comment lines, no
header) is refused instead of read as the entries before the cut.

Two gettext leniencies are refused on purpose, as they only appear in
hand-damaged files: a backslash-newline continuation inside a string, and
escapes that make a NUL or <EOT> byte.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input
from roadmapi18n.perf import gc_paused
from roadmapi18n.po.flags import is_known_flag, tokenize_flags
from roadmapi18n.po.model import Catalog, Message, MessageKey
from roadmapi18n.po.writer import comment_lines, reference_lines, render_header

_KEYWORD = re.compile(r"[ \t]*(msgctxt|msgid_plural|msgid|msgstr)(?:\[[ \t]*([0-9]+)[ \t]*\])?(?=[\s\"]|$)[ \t]*")
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.?)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
# One whole entry of the common shapes, matched in one go: comments in gettext's order, an
# optional "#|" msgctxt/msgid, msgctxt, msgid and msgstr (each possibly continued on more lines),
# and (lookahead) nothing after the msgstr that could continue it. Anything else (plural and
# obsolete entries, odd layouts, errors) goes line by line.
_IN = r'[^"\\\n]*(?:\\.[^"\\\n]*)*'  # the inside of a quoted string: no newline, escapes allowed
_S = f'"{_IN}"'
_FAST_ENTRY = re.compile(
    r"\n*((?:# [^\n]*\n)*)((?:#\.[^\n]*\n)*)((?:#:[^\n]*\n)*)((?:#,[^\n]*\n)*)"
    rf"(?:#\| msgctxt ({_S}(?:\n#\| {_S})*)\n)?"
    rf"(?:#\| msgid ({_S}(?:\n#\| {_S})*)\n)?"
    # msgctxt, msgid, msgstr: the first piece's inside, then any continuation lines.
    rf'(?:msgctxt "({_IN})"((?:\n{_S})*)\n)?'
    rf'msgid "({_IN})"((?:\n{_S})*)\n'
    rf'msgstr "({_IN})"((?:\n{_S})*)(?:\n|\Z)'
    r"(?=\n*(?:#|msgctxt |msgid |\Z))"
)
_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_CHARSET_BYTES = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_UTF8_NAMES = {"UTF-8", "UTF8"}
_ASCII_NAMES = {"ASCII", "US-ASCII", "ANSI_X3.4-1968", "CHARSET"}

_ESCAPE_HINT = 'valid escapes are \\n \\t \\" \\\\ \\r \\a \\b \\f \\v and octal/hex bytes; write a backslash as \\\\'
_STRAY_HINT = (
    "every line must be a comment (#...), a keyword line (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) "
    "with a quoted string, or a quoted string continuing the line before"
)

# Stages of an entry while it is read, in the order gettext's grammar allows them.
_COMMENTS, _PREVIOUS, _CONTEXT, _MSGID, _PLURAL, _DONE = range(6)


def parse_po(data: bytes, *, path: Path, any_charset: bool = False, whole: bool = False) -> Catalog:
    """Parse the bytes of a PO/POT file strictly; ``path`` is only used in messages.

    By default the file must be UTF-8 (the project's catalogs are), and its plural
    entries must have the header's ``nplurals`` forms (``msgfmt -c``'s rule). With
    ``any_charset`` it is read as GNU gettext's msgmerge and msgcat read it: in the
    charset its header declares, any Python knows; an ASCII-only file whatever it
    declares; plural forms as they are. ``whole``: the bytes must also be a whole
    catalog as every PO tool writes one (see :func:`refuse_cut_catalog`), which is
    what a project's own catalogs are held to.
    """
    notes: list[str] = []
    if whole:
        _refuse_cut_bytes(data, path)
    text = _decode_declared(data, path) if any_charset else None
    text = _decode(data, path, notes) if text is None else _normalise(text, path, notes)
    with gc_paused():  # roughly halves the time on large files
        parser = _Parser(path, notes)
        catalog = parser.parse(text)
    if any_charset and not text.isascii() and (catalog.charset or "").upper() == "CHARSET":
        # A template whose header still has xgettext's placeholder: GNU gettext warns and reads the bytes on.
        notes.append("the header's charset is the CHARSET placeholder; its non-ASCII text was read as UTF-8")
    elif not (any_charset and (text.isascii() or _codec(catalog.charset) not in (None, "utf-8"))):
        _check_charset(catalog, text, path)
    if not any_charset:
        _check_plural_counts(catalog, text, path)
    if whole:
        refuse_cut_catalog(catalog, path, trailing_comments=parser.trailing_comments)
    return catalog


def read_po(path: Path, *, root: Path | None = None, any_charset: bool = False) -> Catalog:
    """Read and strictly parse the PO/POT file at ``path`` (see :func:`parse_po` for ``any_charset``).

    With ``root`` (a project's own catalog) the file must be a regular file inside
    ``root``, not a symbolic link, and a whole catalog (``parse_po(..., whole=True)``);
    without, a file named on the command line may be a link, but never a FIFO or a device.
    """
    try:
        data = read_input(path, root=root, follow_symlinks=root is None)
    except FileNotFoundError:
        raise RoadmapError("file not found", path=path, hint="check the path, or create the catalog first") from None
    return parse_po(data, path=path, any_charset=any_charset, whole=root is not None)


_RESTORE_HINT = "restore the whole file (`git checkout -- FILE`, or your editor's copy)"


def _refuse_cut_bytes(data: bytes, path: Path) -> None:
    """An empty file, or one ending inside a line: what a copy or a write cut short leaves."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16: refused as such by _decode
    if not data.lstrip(b"\xef\xbb\xbf").strip():
        raise RoadmapError(
            "the catalog is empty",
            path=path,
            line=1,
            hint=f"{_RESTORE_HINT}; to start the catalog afresh, delete the file and run roadmapi18n build",
        )
    if not data.endswith(b"\n"):
        raise RoadmapError(
            "the file ends inside a line (no newline at its end): it looks cut short",
            path=path,
            line=data.count(b"\n") + 1,
            hint=f"{_RESTORE_HINT}; if the file is complete, end it with a newline",
        )


def refuse_cut_catalog(catalog: Catalog, path: Path, *, trailing_comments: int | None = None) -> None:
    """Refuse a catalog that cannot be whole: no header entry, or comment lines after its last entry.

    Every PO tool (gettext, Poedit, Weblate, babel, roadmapi18n) writes the header
    entry first and ends each entry with its msgstr: a file without a header, or
    whose last lines are comments of an entry that never comes, was cut short.
    """
    if trailing_comments is not None:
        raise RoadmapError(
            f"the file ends with comment lines (from line {trailing_comments}) of an entry that never comes: "
            "it looks cut short",
            path=path,
            line=trailing_comments,
            hint=f"{_RESTORE_HINT}; if those comments are meant to be there, delete them (gettext drops them)",
        )
    if not catalog.has_header:
        raise RoadmapError(
            'the catalog has no header entry (msgid "" first): it looks cut short or pasted together',
            path=path,
            line=1,
            hint=f"{_RESTORE_HINT}; every catalog roadmapi18n writes starts with the header",
        )


def _check_plural_counts(catalog: Catalog, text: str, path: Path) -> None:
    """Every live plural entry has exactly the ``nplurals`` forms the header declares (``msgfmt -c``'s rule)."""
    nplurals = catalog.nplurals
    if nplurals is None:
        return
    for message in catalog.messages:
        if message.msgid_plural is None or message.obsolete or len(message.msgstr_plural) == nplurals:
            continue
        count = len(message.msgstr_plural)
        offset = text.find("Plural-Forms:")
        raise RoadmapError(
            f"this plural entry has {count} plural forms, but the header declares nplurals={nplurals}"
            + (f" (line {_line_of(text, offset)})" if offset >= 0 else ""),
            path=path,
            line=message.lineno,
            hint=f"give the entry exactly {nplurals} msgstr[N] lines (msgstr[0] to msgstr[{nplurals - 1}]), "
            "or fix the header's Plural-Forms",
        )


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _decode(data: bytes, path: Path, notes: list[str]) -> str:
    """UTF-8 text with ``\\n`` line ends; BOM and CRLF removed (and noted); bad bytes refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RoadmapError(
            "the file is UTF-16, not UTF-8", path=path, line=1, hint="convert it: msgconv --to-code=UTF-8 FILE -o FILE"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        notes.append("removed a UTF-8 byte-order mark (gettext does not write one)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _CHARSET_BYTES.search(data)
        charset = declared.group(1).decode("ascii") if declared else None
        said = f"; its header declares charset={charset}" if charset else ""
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise RoadmapError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){said}",
            path=path,
            line=line,
            column=column,
            hint="convert the file to UTF-8 (msgconv --to-code=UTF-8 FILE -o FILE) and declare charset=UTF-8",
        ) from None
    return _normalise(text, path, notes)


def _normalise(text: str, path: Path, notes: list[str]) -> str:
    """CRLF line ends made LF (and noted); NUL and U+0004 refused."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        notes.append("converted CRLF line endings to LF")
    for char, what in (
        ("\x00", "a NUL character"),
        ("\x04", "the control character U+0004 (gettext's context separator)"),
    ):
        offset = text.find(char)
        if offset >= 0:
            raise RoadmapError(
                f"the file contains {what}",
                path=path,
                line=_line_of(text, offset),
                hint="delete it; it cannot be in a PO file",
            )
    return text


def _codec(charset: str | None) -> str | None:
    """Python's codec name for a declared charset (``"utf-8"`` for UTF-8), or None if Python has none."""
    if charset is None:
        return None
    import codecs

    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _decode_declared(data: bytes, path: Path) -> str | None:
    """The text of a file in the charset its header declares, as GNU gettext reads it.

    ``None`` when the strict UTF-8 reading applies: an ASCII-only file (any
    declaration will do), or one declaring UTF-8, ASCII, the ``CHARSET``
    placeholder, nothing, or a charset Python does not know (which the UTF-8
    reading then reports). A file declaring another charset whose bytes are
    valid, non-ASCII UTF-8 is refused: it is UTF-8 mislabelled, and converting it
    (``msgconv``) would garble every accented letter.
    """
    if data.isascii() or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return None
    declared = _CHARSET_BYTES.search(data)
    charset = declared.group(1).decode("ascii") if declared else None
    codec = _codec(charset)
    if codec is None or codec in ("utf-8", "ascii"):
        return None
    line = data.count(b"\n", 0, declared.start()) + 1 if declared else 1
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise RoadmapError(
            f"the header declares charset={charset}, but the file is UTF-8 (its non-ASCII bytes are valid UTF-8)",
            path=path,
            line=line,
            hint=f"correct the declaration, without converting the text: replace charset={charset} with "
            "charset=UTF-8 in the header's Content-Type line",
        )
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise RoadmapError(
            f"not valid {charset} (byte 0x{data[exc.start]:02x}), the charset the header declares",
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            column=exc.start - data.rfind(b"\n", 0, exc.start),
            hint="declare the file's real charset in the header's Content-Type line",
        ) from None


def _check_charset(catalog: Catalog, text: str, path: Path) -> None:
    """Refuse a declared charset other than UTF-8, and non-ASCII text under an ASCII or missing charset."""
    charset = catalog.charset
    offset = text.find("charset=")
    line = _line_of(text, offset) if offset >= 0 else 1
    name = (charset or "").upper()
    fix = "set the header to Content-Type: text/plain; charset=UTF-8"
    if name in _UTF8_NAMES:
        return
    if charset is not None and name not in _ASCII_NAMES:
        # The bytes decoded as UTF-8: converting them (msgconv) would garble every non-ASCII letter.
        raise RoadmapError(
            f"the header declares charset={charset}; roadmapi18n reads UTF-8 catalogs only",
            path=path,
            line=line,
            hint=f"the text is already UTF-8: replace charset={charset} with charset=UTF-8 in the header "
            "(do not convert the file)",
        )
    if not text.isascii():
        where = next(number for number, content in enumerate(text.split("\n"), 1) if not content.isascii())
        declared = f"charset={charset}" if charset else "no charset"
        raise RoadmapError(
            f"non-ASCII text at line {where}, but the header declares {declared}",
            path=path,
            line=line,
            hint=fix,
        )


def _joined(first: str, more: str) -> str:
    """The first piece's inside plus the continuation lines, as ``inside"\n"inside``."""
    return f'{first}"{more[:-1]}' if more else first


def _fast_value(value: str, separator: str, path: Path, line: int) -> str:
    """The value of a fast-path string block (outer quotes removed): join its pieces, unescape.

    A block is ``inside"\n"inside"\n"...`` (``"\n#| "`` between pieces of a previous field).

    An escape error here is re-read line by line by the caller to report its exact place.
    """
    if '"' in value:
        value = value.replace(separator, "")
    return _unescape(value, path, line, 0) if "\\" in value else value


def _unescape(raw: str, path: Path, line: int, column: int) -> str:
    """Decode the escapes of one quoted string (without its quotes)."""
    if "\\" not in raw:
        return raw
    parts: list[str] = []
    position = 0
    has_bytes = False
    for match in _ESCAPE.finditer(raw):
        parts.append(raw[position : match.start()])
        position = match.end()
        code = match.group(1)
        simple = _SIMPLE_ESCAPES.get(code)
        if simple is not None:
            parts.append(simple)
            continue
        if not code or code[0] not in "x01234567":
            shown = "\\" + code if code else "a lone backslash"
            raise RoadmapError(
                f"invalid escape sequence {shown!r} in a string",
                path=path,
                line=line,
                column=column + match.start() + 1,
                hint=_ESCAPE_HINT,
            )
        value = int(code[1:], 16) if code[0] == "x" else int(code, 8)
        if value in (0, 4) or value > 255:
            problem = "is out of range (more than one byte)" if value > 255 else f"makes the byte 0x{value:02x}"
            shown = "\\" + code
            raise RoadmapError(
                f"escape sequence {shown!r} {problem}, which gettext cannot keep in a string",
                path=path,
                line=line,
                column=column + match.start() + 1,
                hint="remove the escape, or write the character itself",
            )
        has_bytes = has_bytes or value > 127
        # Bytes above 127 travel as surrogates until the whole string is decoded as UTF-8.
        parts.append(chr(0xDC00 + value) if value > 127 else chr(value))
    parts.append(raw[position:])
    text = "".join(parts)
    if not has_bytes:
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeDecodeError:
        raise RoadmapError(
            "octal/hex escapes in this string do not form valid UTF-8",
            path=path,
            line=line,
            hint="write the characters themselves instead of byte escapes",
        ) from None


class _Parser:
    """One pass over the lines; builds messages entry by entry and checks gettext's grammar."""

    def __init__(self, path: Path, notes: list[str]) -> None:
        self.path = path
        self.notes = notes
        self.catalog = Catalog(path=path, notes=notes)
        self.messages = self.catalog.messages
        self.first_line: dict[MessageKey, int] = {}
        self.unknown_flags: dict[str, int] = {}
        self.duplicate_references: dict[str, int] = {}
        self.flag_lines: dict[str, list[str]] = {}
        self.stacked_flag_lines: list[int] = []
        self.known_flags: set[str] = set()
        self.after_blank = False
        self.header_line = 0
        self.trailing_comments: int | None = None
        """First line of comment lines after the last entry (gettext drops them), if there are any."""
        self._reset(0)

    # -- entry state -------------------------------------------------------------------------

    def _reset(self, line: int) -> None:
        self.start = line
        self.stage = _COMMENTS
        self.obsolete: bool | None = None
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.forms: list[list[str]] = []
        self.field_line: dict[str, int] = {}
        # The string list a continuation line extends, and the prefix its lines must carry.
        self.current: list[str] | None = None
        self.current_obsolete = False
        self.current_previous = False

    def error(self, message: str, line: int, hint: str | None = None, column: int | None = None) -> RoadmapError:
        return RoadmapError(message, path=self.path, line=line, column=column, hint=hint)

    # -- the main loop -----------------------------------------------------------------------

    def parse(self, text: str) -> Catalog:
        position, number, length = 0, 1, len(text)
        fast_entry = _FAST_ENTRY.match
        while position < length:
            # Between entries, try to take a whole common-shape entry with one regex match.
            if self.stage == _DONE or not self.start:
                match = fast_entry(text, position)
                if match is not None:
                    if self.stage == _DONE:
                        self._finish()
                        self._reset(0)
                    while match is not None:
                        start, position = match.start(1), match.end()
                        number += start - match.start()
                        try:
                            self._fast(match, number)
                        except RoadmapError:
                            self._reread(text, start, position, number)
                            raise
                        number += text.count("\n", start, position)
                        match = fast_entry(text, position)
                    continue
            end = text.find("\n", position)
            if end < 0:
                end = length
            self._line(text[position:end], number)
            position = end + 1
            number += 1
        self._finish_at_end(number)
        if self.unknown_flags:
            listed = ", ".join(f"{flag!r} (line {line})" for flag, line in self.unknown_flags.items())
            self.notes.append(f"flags gettext does not know are dropped when writing: {listed}")
        if self.stacked_flag_lines:
            lines = ", ".join(map(str, self.stacked_flag_lines[:10]))
            self.notes.append(
                f"entries with several '#,' lines (second one at line {lines}) are read with all their flags and "
                "written on one line (msgcat would keep only the last line's flags)"
            )
        if self.duplicate_references:
            listed = ", ".join(f"{ref!r} (line {line})" for ref, line in self.duplicate_references.items())
            self.notes.append(f"repeated references within an entry are kept once, as gettext does: {listed}")
        return self.catalog

    def _reread(self, text: str, start: int, end: int, number: int) -> None:
        """Read a fast-path entry that failed line by line, to raise the error at its exact line."""
        self._reset(0)
        for offset, line in enumerate(text[start:end].split("\n")):
            self._line(line, number + offset)
        self._finish_at_end(number)

    def _line(self, line: str, number: int) -> None:
        """Read one line of an entry the fast path did not take."""
        if not line or line.isspace():
            self.after_blank = True
            return
        self._dispatch(line, number)
        self.after_blank = False

    def _dispatch(self, line: str, number: int) -> None:
        stripped = line.lstrip(" \t")
        first = stripped[0]
        if first == '"':
            self._continuation(stripped, number, obsolete=False, previous=False)
        elif first == "m":
            self._keyword(stripped, number, obsolete=False)
        elif first == "#":
            self._comment(stripped, number)
        else:
            self._stray(line, number)

    def _fast(self, match: re.Match[str], number: int) -> None:
        """Build the message of an entry matched by ``_FAST_ENTRY`` (starting at line ``number``)."""
        (translator_block, extracted_block, reference_block, flag_block, previous_context, previous_id,
         msgctxt, msgctxt_more, msgid, msgid_more, msgstr, msgstr_more) = match.groups()  # fmt: skip
        # Catalogs of one project repeat the same comments, references, msgids and IDs: share them.
        intern = sys.intern
        if match.string.find("\\\n", match.start(1), match.end(4)) >= 0:
            raise self.error("a comment line ends with a backslash", number)  # re-read for the exact line
        translator = [line[2:] for line in translator_block.split("\n")[:-1]] if translator_block else []
        extracted = []
        if extracted_block:
            if extracted_block.find("\n") == len(extracted_block) - 1 and extracted_block[2:3] == " ":
                extracted = [intern(extracted_block[3:-1])]  # the usual single "#. " line
            else:
                extracted = [
                    intern(line[3:] if line[2:3] == " " else line[2:]) for line in extracted_block.split("\n")[:-1]
                ]
        line = number + len(translator) + len(extracted)
        references: list[str] = []
        if reference_block:
            for text in reference_block.split("\n")[:-1]:
                if references or _special_references(text):
                    self._add_references(text[2:], line, references)
                else:
                    references = text[2:].split()
                    if len(references) > 1 and len(set(references)) < len(references):
                        references = []
                        self._add_references(text[2:], line, references)
                line += 1
        flags: list[str] = []
        if flag_block:
            for text in flag_block.split("\n")[:-1]:
                self._add_flags(text[2:], line, flags)
                line += 1
        if previous_id is None and previous_context is not None:
            raise self.error("'#| msgctxt' without '#| msgid'", line, hint="add the previous msgid line after it")
        # Most strings are one piece without escapes: take them without a function call.
        if msgid_more or "\\" in msgid:
            msgid = _fast_value(_joined(msgid, msgid_more), '"\n"', self.path, number)
        if msgstr_more or "\\" in msgstr:
            msgstr = _fast_value(_joined(msgstr, msgstr_more), '"\n"', self.path, number)
        if msgctxt is not None and (msgctxt_more or "\\" in msgctxt):
            msgctxt = _fast_value(_joined(msgctxt, msgctxt_more), '"\n"', self.path, number)
        msgid = intern(msgid)
        if msgctxt is not None:
            msgctxt = intern(msgctxt)
        if len(references) == 1:
            references[0] = intern(references[0])
        elif references:
            references = [intern(reference) for reference in references]
        # Positional arguments: measurably faster than keywords on a hot path.
        message = Message(
            msgid,
            msgstr,
            msgctxt,
            None,
            [],
            flags,
            translator,
            extracted,
            references,
            None if previous_context is None else _fast_value(previous_context[1:-1], '"\n#| "', self.path, number),
            None if previous_id is None else _fast_value(previous_id[1:-1], '"\n#| "', self.path, number),
            None,
            False,
            number,
        )
        key = (msgctxt, msgid)
        if msgid and key not in self.first_line:
            # Inlined _add for the common case: not the header, not a duplicate.
            self.first_line[key] = number
            self.messages.append(message)
        else:
            self._add(message)

    def _add_flags(self, text: str, number: int, flags: list[str]) -> None:
        # A catalog repeats a handful of flag lines ("#, fuzzy"): tokenise each only once.
        if flags and number not in self.stacked_flag_lines:
            # gettext keeps only the last '#,' line of an entry (it would drop "fuzzy" here); we keep all.
            self.stacked_flag_lines.append(number)
        tokens = self.flag_lines.get(text)
        if tokens is None:
            tokens = self.flag_lines[text] = tokenize_flags(text)
        for flag in tokens:
            if flag not in self.known_flags:
                if is_known_flag(flag):
                    self.known_flags.add(flag)
                else:
                    self.unknown_flags.setdefault(flag, number)
            flags.append(flag)

    def _stray(self, line: str, number: int) -> None:
        if line.startswith(_CONFLICT_MARKERS):
            raise self.error(
                f"unresolved merge conflict marker {line[:7]!r}",
                number,
                hint="resolve the conflict: keep the right version of each entry and delete the "
                "<<<<<<<, ======= and >>>>>>> lines",
            )
        if line.startswith("domain"):
            raise self.error(
                "'domain' directives are not supported", number, hint="split the file into one file per domain"
            )
        shown = line if len(line) <= 40 else line[:37] + "..."
        raise self.error(f"unexpected text {shown!r}", number, hint=_STRAY_HINT)

    def _comment(self, line: str, number: int) -> None:
        if line.endswith("\\"):
            raise self.error(
                "a comment line ends with a backslash, which gettext joins with the next line",
                number,
                hint="add a character (a space will do) after the backslash",
            )
        kind = line[1:2]
        if kind == "~":
            self._obsolete_line(line, number)
            return
        if kind == "|":
            self._previous_line(line[2:], number, obsolete=False)
            return
        self._begin_comment(number)
        if kind == ".":
            text = line[2:]
            self.extracted.append(text[1:] if text.startswith(" ") else text)
        elif kind == ":":
            self._add_references(line[2:], number, self.references)
        elif kind in (",", "!"):
            self._add_flags(line[2:], number, self.flags)
        else:
            text = line[1:]
            self.translator.append(text[1:] if text.startswith(" ") else text)

    def _begin_comment(self, number: int) -> None:
        """A comment line starts a new entry, or belongs to the one being started."""
        if self.stage == _DONE:
            self._finish()
            self._reset(number)
        elif self.stage != _COMMENTS:
            raise self._incomplete(number, "a comment line")
        if not self.start:
            self.start = number

    def _incomplete(self, number: int, what: str) -> RoadmapError:
        """The error for an entry cut short by ``what`` at line ``number``."""
        if self.stage == _PREVIOUS:
            return self.error(
                f"{what} between '#|' lines and their msgid",
                number,
                hint="'#|' lines (the previous msgid) must come right before the entry's msgctxt or msgid",
            )
        keyword = {_CONTEXT: "msgctxt", _MSGID: "msgid", _PLURAL: "msgid_plural"}[self.stage]
        line = self.field_line[keyword]
        if self.stage == _CONTEXT:
            return self.error(
                "msgctxt without msgid", line, hint="add the msgid and msgstr lines after it, or delete it"
            )
        needed = 'msgstr[0] ""' if self.stage == _PLURAL else 'msgstr ""'
        return self.error(
            f"{keyword} without msgstr (found {what} at line {number})",
            line,
            hint=f"add {needed} after it (an untranslated entry still needs an empty msgstr)",
        )

    def _add_references(self, text: str, number: int, references: list[str]) -> None:
        for reference in _split_references(text):
            if reference in references:
                self.duplicate_references.setdefault(reference, number)
            else:
                references.append(reference)

    def _obsolete_line(self, line: str, number: int) -> None:
        rest = line[2:]
        if rest.startswith("|"):
            self._previous_line(rest[1:], number, obsolete=True)
            return
        rest = rest.strip()
        if not rest:
            return
        if rest[0] == '"':
            self._continuation(rest, number, obsolete=True, previous=False)
        elif rest[0] == "m":
            self._keyword(rest, number, obsolete=True)
        else:
            self._stray(line, number)

    def _set_obsolete(self, obsolete: bool, number: int) -> None:
        if self.obsolete is None:
            self.obsolete = obsolete
        elif self.obsolete != obsolete:
            raise self.error(
                "an entry mixes obsolete '#~' lines with live lines",
                number,
                hint="either every keyword line of the entry starts with '#~' (obsolete) or none does",
            )

    def _previous_line(self, rest: str, number: int, *, obsolete: bool) -> None:
        """A ``#|`` or ``#~|`` line: a previous msgctxt/msgid/msgid_plural or its continuation."""
        rest = rest.strip()
        if rest.startswith('"'):
            self._continuation(rest, number, obsolete=obsolete, previous=True)
            return
        match = _KEYWORD.match(rest)
        if match is None or match.group(1) == "msgstr":
            raise self.error(
                f"unexpected text after '#|': {rest[:40]!r}",
                number,
                hint="'#|' lines hold only a previous msgctxt, msgid or msgid_plural",
            )
        if self.stage == _DONE:
            self._finish()
            self._reset(number)
        elif self.stage not in (_COMMENTS, _PREVIOUS):
            raise self._incomplete(number, "a '#|' line")
        if not self.start:
            self.start = number
        self._set_obsolete(obsolete, number)
        keyword = match.group(1)
        order = ("msgctxt", "msgid", "msgid_plural")
        seen = [key for key in order if key in self.previous]
        if keyword in self.previous or (seen and order.index(keyword) < order.index(seen[-1])):
            raise self.error(
                f"'#| {keyword}' out of order or repeated",
                number,
                hint="write #| msgctxt, #| msgid, #| msgid_plural once each, in that order",
            )
        if keyword == "msgid_plural" and "msgid" not in self.previous:
            raise self.error("'#| msgid_plural' without '#| msgid'", number, hint="add the previous msgid before it")
        self.stage = _PREVIOUS
        pieces = self._strings(rest[match.end() :], number, match.end())
        self.previous[keyword] = pieces
        self.current, self.current_obsolete, self.current_previous = pieces, obsolete, True

    def _keyword(self, line: str, number: int, *, obsolete: bool) -> None:
        match = _KEYWORD.match(line)
        if match is None:
            self._stray(line, number)
            return
        keyword, index = match.group(1), match.group(2)
        if keyword == "msgstr" and index is not None:
            self._plural_form(int(index), number, obsolete)
        elif keyword == "msgstr":
            self._msgstr(number, obsolete)
        elif keyword == "msgid":
            self._msgid(number, obsolete)
        elif keyword == "msgctxt":
            self._msgctxt(number, obsolete)
        else:
            self._msgid_plural(number, obsolete)
        pieces = self._strings(line[match.end() :], number, match.end())
        if index is not None:
            self.forms.append(pieces)
        else:
            self.fields[keyword] = pieces
        self.field_line.setdefault(keyword, number)
        self.current, self.current_obsolete, self.current_previous = pieces, obsolete, False

    def _start_entry(self, number: int, what: str, obsolete: bool) -> None:
        """msgctxt or msgid: finish the previous entry if complete, check '#|' lines are whole."""
        if self.stage == _DONE:
            self._finish()
            self._reset(number)
        elif self.stage == _PREVIOUS:
            if "msgid" not in self.previous:
                raise self.error(
                    "'#| msgctxt' without '#| msgid'", number - 1, hint="add the previous msgid line after it"
                )
        elif self.stage != _COMMENTS:
            raise self._incomplete(number, what)
        if not self.start:
            self.start = number
        self._set_obsolete(obsolete, number)

    def _msgctxt(self, number: int, obsolete: bool) -> None:
        self._start_entry(number, "msgctxt", obsolete)
        self.stage = _CONTEXT

    def _msgid(self, number: int, obsolete: bool) -> None:
        if self.stage == _CONTEXT:
            self._set_obsolete(obsolete, number)
        else:
            self._start_entry(number, "another msgid", obsolete)
        self.stage = _MSGID

    def _msgid_plural(self, number: int, obsolete: bool) -> None:
        if self.stage != _MSGID:
            raise self.error(
                "msgid_plural without a msgid right before it", number, hint="put msgid_plural right after the msgid"
            )
        self._set_obsolete(obsolete, number)
        self.stage = _PLURAL

    def _msgstr(self, number: int, obsolete: bool) -> None:
        if self.stage == _PLURAL:
            raise self.error(
                "a plural entry needs msgstr[0], msgstr[1], ... instead of msgstr",
                number,
                hint='write msgstr[0] "..." and one more msgstr[N] per plural form',
            )
        self._check_msgstr_position(number, "msgstr")
        self._set_obsolete(obsolete, number)
        self.stage = _DONE

    def _plural_form(self, index: int, number: int, obsolete: bool) -> None:
        if self.stage == _DONE and self.forms:
            if index != len(self.forms):
                raise self.error(
                    f"msgstr[{index}] where msgstr[{len(self.forms)}] was expected",
                    number,
                    hint="number the plural forms 0, 1, 2, ... in order",
                )
        elif self.stage == _MSGID:
            raise self.error(
                "msgstr[N] in an entry without msgid_plural", number, hint="add msgid_plural, or use msgstr"
            )
        else:
            self._check_msgstr_position(number, f"msgstr[{index}]")
            if index != 0:
                raise self.error(
                    f"the first plural form is msgstr[{index}], not msgstr[0]",
                    number,
                    hint="number the plural forms from 0",
                )
        self._set_obsolete(obsolete, number)
        self.stage = _DONE

    def _check_msgstr_position(self, number: int, keyword: str) -> None:
        if self.stage == _DONE and self.after_blank:
            raise self.error(
                f"{keyword} without msgid before it (the entry above is already complete)",
                number,
                hint=f'add msgid "..." before the {keyword} line, or join it to the entry above',
            )
        if self.stage == _DONE:
            raise self.error(
                f"a second msgstr ({keyword}) in one entry",
                number,
                hint="each entry has one msgstr; add a msgid line if this starts a new entry",
            )
        if self.stage not in (_MSGID, _PLURAL):
            raise self.error(
                f"{keyword} without msgid before it", number, hint=f'add msgid "..." before the {keyword} line'
            )

    def _continuation(self, line: str, number: int, *, obsolete: bool, previous: bool) -> None:
        if self.current is None or self.current_obsolete != obsolete or self.current_previous != previous:
            raise self.error(
                "a string line that continues nothing",
                number,
                hint="a quoted string on its own line must follow a keyword line (or another string) of the same "
                "kind: '#~ \"...\"' after '#~' lines, '#| \"...\"' after '#|' lines",
            )
        self.current.extend(self._strings(line, number, 0))

    def _strings(self, rest: str, number: int, column: int) -> list[str]:
        """The decoded quoted strings on the rest of a line (usually exactly one)."""
        # Fast path: one string, no escapes, nothing after it.
        if len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"':
            inner = rest[1:-1]
            if '"' not in inner and "\\" not in inner:
                return [inner]
        pieces: list[str] = []
        position = 0
        while position < len(rest):
            if rest[position] in " \t":
                position += 1
                continue
            if rest[position] != '"':
                raise self.error(
                    f"unexpected text {rest[position : position + 20]!r} where a quoted string should be",
                    number,
                    column=column + position + 1,
                    hint='quote the text ("...") and escape inner quotes as \\"',
                )
            match = _STRING.match(rest, position)
            if match is None:
                raise self._unterminated(rest, number, column + position + 1)
            pieces.append(_unescape(match.group(1), self.path, number, column + position + 1))
            position = match.end()
        if not pieces:
            raise self.error(
                "a keyword without a string", number, hint='add the string on the same line, e.g. msgstr ""'
            )
        return pieces

    def _unterminated(self, rest: str, number: int, column: int) -> RoadmapError:
        if rest.endswith("\\"):
            hint = "a string cannot continue on the next line with a backslash; close it and start a new quoted string"
        else:
            hint = (
                'close the string with " on the same line (escape quotes inside it as \\"); the file may be truncated'
            )
        return self.error("unterminated string (no closing quote)", number, column=column, hint=hint)

    # -- finishing entries ---------------------------------------------------------------------

    def _finish_at_end(self, last_line: int) -> None:
        if self.stage == _DONE:
            self._finish()
        elif self.stage != _COMMENTS:
            raise self._incomplete(last_line, "the end of the file")
        elif self.start:
            self.trailing_comments = self.start
            self.notes.append(
                f"comment lines from line {self.start} to the end belong to no entry; they are dropped, as gettext does"
            )

    def _finish(self) -> None:
        fields = self.fields
        msgid = "".join(fields["msgid"])
        msgctxt = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
        plural = "".join(fields["msgid_plural"]) if "msgid_plural" in fields else None
        previous = self.previous
        message = Message(
            msgid=msgid,
            msgstr="".join(fields["msgstr"]) if "msgstr" in fields else "",
            msgctxt=msgctxt,
            msgid_plural=plural,
            msgstr_plural=["".join(form) for form in self.forms],
            flags=self.flags,
            translator_comments=self.translator,
            extracted_comments=self.extracted,
            references=self.references,
            previous_msgctxt="".join(previous["msgctxt"]) if "msgctxt" in previous else None,
            previous_msgid="".join(previous["msgid"]) if "msgid" in previous else None,
            previous_msgid_plural="".join(previous["msgid_plural"]) if "msgid_plural" in previous else None,
            obsolete=bool(self.obsolete),
            lineno=self.start,
        )
        self._add(message)

    def _add(self, message: Message) -> None:
        """Record a finished entry: refuse a duplicate key, take the header apart."""
        key = (message.msgctxt, message.msgid)
        first = self.first_line.get(key)
        if first is not None:
            raise self._duplicate(message, first)
        if message.msgid == "" and message.msgctxt is None and not message.obsolete:
            self._set_header(message)
        else:
            self.catalog.messages.append(message)
        # Registered last: a failed fast-path entry is re-read line by line and must not meet itself.
        self.first_line[key] = message.lineno

    def _duplicate(self, message: Message, first: int) -> RoadmapError:
        what = (
            "the header entry" if message.msgid == "" and message.msgctxt is None else f"msgid {message.msgid[:60]!r}"
        )
        if message.msgctxt is not None:
            what += f" with msgctxt {message.msgctxt!r}"
        kind = " (obsolete)" if message.obsolete else ""
        return self.error(
            f"duplicate entry{kind}: {what} is already defined at line {first}",
            message.lineno,
            hint="keep one of the two entries (copy over any translation you need) and delete the other; "
            "obsolete '#~' entries count too",
        )

    def _set_header(self, message: Message) -> None:
        if message.previous_msgid is not None or message.msgid_plural is not None:
            raise self.error(
                "the header entry (msgid \"\") has '#|' or msgid_plural lines",
                message.lineno,
                hint="delete them; the header is not a message",
            )
        catalog = self.catalog
        catalog.header_comments = [line for text in message.translator_comments for line in comment_lines("#", text)]
        catalog.header_comments += [line for text in message.extracted_comments for line in comment_lines("#.", text)]
        if message.references:
            catalog.header_comments += reference_lines(message.references)
        catalog.header_flags = message.flags
        catalog.headers = self._header_fields(message.msgstr, message.lineno)
        catalog.keep_header_entry()
        self.header_line = message.lineno

    def _header_fields(self, msgstr: str, line: int) -> dict[str, str]:
        headers: dict[str, str] = {}
        for raw in msgstr.split("\n"):
            if not raw:
                continue
            name, colon, value = raw.partition(":")
            if not colon or not name.strip():
                raise self.error(
                    f"header line {raw[:50]!r} is not 'Name: value'",
                    line,
                    hint='fix or delete that line of the header entry (msgid "")',
                )
            if name in headers:
                raise self.error(f"header field {name!r} appears twice", line, hint="keep one of the two lines")
            headers[name] = value[1:] if value.startswith(" ") else value
        if render_header(headers) != msgstr:
            self.notes.append("rewrote the header entry as one 'Name: value\\n' line per field")
        return headers


def _special_references(text: str) -> bool:
    """Whether a ``#:`` line needs the careful reader: a colon beside a space, a line number with a
    leading 0, a tab, a Unicode isolate around a name with spaces. (Plain ``in`` tests: several
    times faster than one regex search here.)"""
    return " :" in text or ": " in text or ":0" in text or "\t" in text or "\u2068" in text or text.endswith(":")


def _digits(text: str) -> bool:
    """ASCII digits only: gettext reads line numbers with '0'..'9', not other Unicode digits."""
    return text.isascii() and text.isdigit()


def _split_references(text: str) -> list[str]:
    """The ``path:line`` items of a ``#:`` line, read as gettext does.

    gettext also accepts ``path :line``, ``path: line`` and ``path : line``, keeps a
    name in Unicode isolates (U+2068 … U+2069) whole even with spaces in it, and
    writes line numbers without leading zeros.

    >>> _split_references(" a.py:12 b.py : 3  c.md")
    ['a.py:12', 'b.py:3', 'c.md']
    """
    if not _special_references(text):
        return text.split()
    tokens: list[str] = []
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        end = position
        if text[position] == "\u2068":
            closing = text.find("\u2069", position)
            end = closing if closing >= 0 else position
        while end < length and not text[end].isspace():
            end += 1
        tokens.append(text[position:end])
        position = end
    result: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        # "path :12" / "path : 12" / "path: 12": the line number is in the next token(s).
        if following.startswith(":") and _digits(following[1:]):
            result.append(f"{token}:{int(following[1:])}")
            index += 2
            continue
        if following == ":" and index + 2 < len(tokens) and _digits(tokens[index + 2]):
            result.append(f"{token}:{int(tokens[index + 2])}")
            index += 3
            continue
        if token.endswith(":") and len(token) > 1 and _digits(following):
            result.append(f"{token}{int(following)}")
            index += 2
            continue
        name, colon, number = token.rpartition(":")
        if colon and name and _digits(number):
            token = f"{name}:{int(number)}"
        result.append(token)
        index += 1
    return result
