"""The catalog model: one :class:`Message` per PO entry, one :class:`Catalog` per file.

Plain slotted dataclasses with no I/O. The reader builds them, the writer and
merge read them, and equality ignores where things came from (``lineno``,
``path``, ``notes``) so that ``parse(format(c)) == c`` can be asserted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MessageKey = tuple[str | None, str]


@dataclass(slots=True)
class Message:
    """One PO entry (not the header)."""

    msgid: str
    """The source text; with ``msgctxt`` it identifies the entry."""
    msgstr: str = ""
    """The translation of a singular entry ("" = untranslated)."""
    msgctxt: str | None = None
    """Disambiguating context; ``None`` (no ``msgctxt`` line) differs from ``""``."""
    msgid_plural: str | None = None
    """The plural source text; set for plural entries, which use ``msgstr_plural``."""
    msgstr_plural: list[str] = field(default_factory=list)
    """Translations of a plural entry, index = plural form."""
    flags: list[str] = field(default_factory=list)
    """``#,`` flags in file order, e.g. ``["fuzzy", "python-brace-format"]``; ``range: 1..5`` is one flag."""
    translator_comments: list[str] = field(default_factory=list)
    """Text of ``# `` lines (one leading space removed, as gettext does)."""
    extracted_comments: list[str] = field(default_factory=list)
    """Text of ``#. `` lines: notes for translators written by the extractor."""
    references: list[str] = field(default_factory=list)
    """Items of ``#:`` lines, ``path:line`` or ``path``; duplicates removed as gettext does."""
    previous_msgctxt: str | None = None
    """``#| msgctxt``: the context this fuzzy translation was made for."""
    previous_msgid: str | None = None
    """``#| msgid``: the source text this fuzzy translation was made for."""
    previous_msgid_plural: str | None = None
    """``#| msgid_plural``."""
    obsolete: bool = False
    """A ``#~`` entry: no longer in the template, kept so no translation is lost."""
    lineno: int = field(default=0, compare=False)
    """1-based line where the entry (its first comment or keyword) starts; 0 if not read from a file."""

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


@dataclass(slots=True)
class Catalog:
    """A PO or POT file: the header entry split into fields, and the messages in file order."""

    headers: dict[str, str] = field(default_factory=dict)
    """Header fields in order, from the ``msgid ""`` entry's ``Name: value`` lines."""
    header_comments: list[str] = field(default_factory=list)
    """Comment lines above the header entry, as gettext writes them (``# ...``, ``#. ...``, ``#: ...``)."""
    header_flags: list[str] = field(default_factory=list)
    """Flags of the header entry, e.g. ``["fuzzy"]`` on a fresh template."""
    messages: list[Message] = field(default_factory=list)
    """File order, header excluded, obsolete entries included (gettext writes them last)."""
    path: Path | None = field(default=None, compare=False)
    """The file this catalog was read from, if any."""
    notes: list[str] = field(default_factory=list, compare=False)
    """What the reader normalised (BOM, CRLF, header layout, unknown flags), one sentence each."""

    @property
    def has_header(self) -> bool:
        """Whether the catalog has a header entry to write."""
        return bool(self.headers or self.header_comments or self.header_flags)

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
