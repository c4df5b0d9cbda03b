"""The catalog model: one :class:`Message` per PO entry, one :class:`Catalog` per file.

Plain slotted classes with no I/O. The reader builds them, the writer and
merge read them, and equality ignores where things came from (``lineno``,
``path``, ``notes``) so that ``parse(format(c)) == c`` can be asserted.

They behave as ``@dataclass(slots=True)`` classes would (same constructor,
``==`` on the compared fields, same ``repr``, unhashable), but are written out:
importing :mod:`dataclasses` (which imports :mod:`inspect`) costs about 10 ms,
a good part of ``roadmapi18n merge``'s start-up on a small catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

MessageKey = tuple[str | None, str]


class Record:
    """A base for slotted record classes: ``==`` and ``repr`` over ``__slots__``, as ``@dataclass`` writes them.

    Subclasses list their fields in ``__slots__`` and write their ``__init__``.
    """

    __slots__: tuple[str, ...] = ()
    _NOT_COMPARED: tuple[str, ...] = ()
    """Fields ``==`` ignores (``field(compare=False)``)."""

    def _compared(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__ if name not in self._NOT_COMPARED)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"


class Message(Record):
    """One PO entry (not the header)."""

    # Field order, as a dataclass declares it: the constructor's, repr's and =='s.
    __slots__ = (  # noqa: RUF023
        "msgid",
        "msgstr",
        "msgctxt",
        "msgid_plural",
        "msgstr_plural",
        "flags",
        "translator_comments",
        "extracted_comments",
        "references",
        "previous_msgctxt",
        "previous_msgid",
        "previous_msgid_plural",
        "obsolete",
        "lineno",
    )
    _NOT_COMPARED = ("lineno",)

    msgid: str
    """The source text; with ``msgctxt`` it identifies the entry."""
    msgstr: str
    """The translation of a singular entry ("" = untranslated)."""
    msgctxt: str | None
    """Disambiguating context; ``None`` (no ``msgctxt`` line) differs from ``""``."""
    msgid_plural: str | None
    """The plural source text; set for plural entries, which use ``msgstr_plural``."""
    msgstr_plural: list[str]
    """Translations of a plural entry, index = plural form."""
    flags: list[str]
    """``#,`` flags in file order, e.g. ``["fuzzy", "python-brace-format"]``; ``range: 1..5`` is one flag."""
    translator_comments: list[str]
    """Text of ``# `` lines (one leading space removed, as gettext does)."""
    extracted_comments: list[str]
    """Text of ``#. `` lines: notes for translators written by the extractor."""
    references: list[str]
    """Items of ``#:`` lines, ``path:line`` or ``path``; duplicates removed as gettext does."""
    previous_msgctxt: str | None
    """``#| msgctxt``: the context this fuzzy translation was made for."""
    previous_msgid: str | None
    """``#| msgid``: the source text this fuzzy translation was made for."""
    previous_msgid_plural: str | None
    """``#| msgid_plural``."""
    obsolete: bool
    """A ``#~`` entry: no longer in the template, kept so no translation is lost."""
    lineno: int
    """1-based line where the entry (its first comment or keyword) starts; 0 if not read from a file.
    Not compared."""

    def __init__(
        self,
        msgid: str,
        msgstr: str = "",
        msgctxt: str | None = None,
        msgid_plural: str | None = None,
        msgstr_plural: list[str] | None = None,
        flags: list[str] | None = None,
        translator_comments: list[str] | None = None,
        extracted_comments: list[str] | None = None,
        references: list[str] | None = None,
        previous_msgctxt: str | None = None,
        previous_msgid: str | None = None,
        previous_msgid_plural: str | None = None,
        obsolete: bool = False,
        lineno: int = 0,
    ) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgctxt = msgctxt
        self.msgid_plural = msgid_plural
        # A list argument is kept (not copied), as a dataclass keeps it; None stands for a new empty list.
        self.msgstr_plural = [] if msgstr_plural is None else msgstr_plural
        self.flags = [] if flags is None else flags
        self.translator_comments = [] if translator_comments is None else translator_comments
        self.extracted_comments = [] if extracted_comments is None else extracted_comments
        self.references = [] if references is None else references
        self.previous_msgctxt = previous_msgctxt
        self.previous_msgid = previous_msgid
        self.previous_msgid_plural = previous_msgid_plural
        self.obsolete = obsolete
        self.lineno = lineno

    @property
    def fuzzy(self) -> bool:
        """Whether the ``fuzzy`` flag is set (the translation needs review)."""
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [flag for flag in self.flags if flag != "fuzzy"]

    @property
    def key(self) -> MessageKey:
        """``(msgctxt, msgid)``: what makes an entry unique in a catalog."""
        return (self.msgctxt, self.msgid)

    @property
    def is_plural(self) -> bool:
        """Whether this is a plural entry (``msgid_plural`` present)."""
        return self.msgid_plural is not None

    @property
    def has_translation(self) -> bool:
        """Whether there is any translated text (the first form is non-empty), fuzzy or not.

        This is gettext's own test: msgfmt compiles, and msgcat keeps the fuzzy
        flag and obsolete entries, exactly when it holds.
        """
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and self.msgstr_plural[0] != ""
        return self.msgstr != ""

    @property
    def translated(self) -> bool:
        """Non-empty (every plural form) and not fuzzy: safe to show to readers."""
        if self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return self.msgstr != ""

    @property
    def translations(self) -> list[str]:
        """All translated strings of the entry: ``[msgstr]`` or ``msgstr_plural``."""
        return list(self.msgstr_plural) if self.msgid_plural is not None else [self.msgstr]

    @property
    def source_pairs(self) -> list[tuple[str, str]]:
        """(source, translation) as msgfmt compares them: msgstr[0] with msgid, the other forms with msgid_plural."""
        if self.msgid_plural is None:
            return [(self.msgid, self.msgstr)]
        return [(self.msgid if i == 0 else self.msgid_plural, text) for i, text in enumerate(self.msgstr_plural)]


class Catalog(Record):
    """A PO or POT file: the header entry split into fields, and the messages in file order."""

    # Field order, as a dataclass declares it: the constructor's, repr's and =='s.
    __slots__ = ("headers", "header_comments", "header_flags", "messages", "path", "notes", "empty_header")  # noqa: RUF023
    _NOT_COMPARED = ("path", "notes")

    headers: dict[str, str]
    """Header fields in order, from the ``msgid ""`` entry's ``Name: value`` lines."""
    header_comments: list[str]
    """Comment lines above the header entry, as gettext writes them (``# ...``, ``#. ...``, ``#: ...``)."""
    header_flags: list[str]
    """Flags of the header entry, e.g. ``["fuzzy"]`` on a fresh template."""
    messages: list[Message]
    """File order, header excluded, obsolete entries included (gettext writes them last)."""
    path: Path | None
    """The file this catalog was read from, if any. Not compared."""
    notes: list[str]
    """What the reader normalised (BOM, CRLF, header layout, unknown flags), one sentence each. Not compared."""
    empty_header: bool
    """A header entry with nothing in it (``msgid ""``, ``msgstr ""``, no comment): gettext keeps and writes it."""

    def __init__(
        self,
        headers: dict[str, str] | None = None,
        header_comments: list[str] | None = None,
        header_flags: list[str] | None = None,
        messages: list[Message] | None = None,
        path: Path | None = None,
        notes: list[str] | None = None,
        empty_header: bool = False,
    ) -> None:
        self.headers = {} if headers is None else headers
        self.header_comments = [] if header_comments is None else header_comments
        self.header_flags = [] if header_flags is None else header_flags
        self.messages = [] if messages is None else messages
        self.path = path
        self.notes = [] if notes is None else notes
        self.empty_header = empty_header

    def keep_header_entry(self) -> None:
        """Note that the catalog has a header entry, so that it is written back even with nothing in it."""
        self.empty_header = not (self.headers or self.header_comments or self.header_flags)

    @property
    def has_header(self) -> bool:
        """Whether the catalog has a header entry to write."""
        return bool(self.empty_header or self.headers or self.header_comments or self.header_flags)

    def live(self) -> Iterator[Message]:
        """The messages that are not obsolete, in order."""
        return (m for m in self.messages if not m.obsolete)

    def obsolete(self) -> Iterator[Message]:
        """The ``#~`` messages, in order."""
        return (m for m in self.messages if m.obsolete)

    def by_key(self) -> dict[MessageKey, Message]:
        """Every message (obsolete ones included) by ``(msgctxt, msgid)``."""
        return {m.key: m for m in self.messages}

    def by_context(self) -> dict[str, Message]:
        """Live messages by ``msgctxt`` (the first one wins), for catalogs keyed on stable IDs."""
        index: dict[str, Message] = {}
        for message in self.messages:
            if not message.obsolete and message.msgctxt is not None:
                index.setdefault(message.msgctxt, message)
        return index

    def find(self, msgid: str, msgctxt: str | None = None) -> Message | None:
        """The message with this key (obsolete ones included), or ``None``."""
        for message in self.messages:
            if message.msgid == msgid and message.msgctxt == msgctxt:
                return message
        return None

    @property
    def charset(self) -> str | None:
        """The ``charset=`` of the Content-Type header, if any."""
        content_type = self.headers.get("Content-Type", "")
        _, found, rest = content_type.partition("charset=")
        if not found:
            return None
        return rest.split(";")[0].strip() or None

    @property
    def nplurals(self) -> int | None:
        """``nplurals`` from the Plural-Forms header, if it is there and a number."""
        forms = self.headers.get("Plural-Forms", "")
        _, found, rest = forms.partition("nplurals=")
        digits = rest.split(";")[0].strip()
        return int(digits) if found and digits.isdigit() else None
