"""Repair every translation in a gettext catalog, leaving msgids and comments alone.

The whole catalog is profiled at once (one misreading explains all its
msgstrs, and a short msgstr alone carries too little evidence), then each
msgstr and msgstr[n] is repaired with that profile. What the translators see:

- a lossless repair needs no comment: the bytes were all there;
- a lossy repair whose every guess is confident stays translated, with a
  translator comment saying characters were recovered;
- a lossy repair with an uncertain guess becomes ``fuzzy``, with a translator
  comment naming the uncertain characters and the alternatives;
- a repair that brought in a character of a script the locale does not write
  (a Han character in Vietnamese) becomes ``fuzzy`` too, with a comment naming it.

Works on :class:`roadmapi18n.catalog.Catalog`; the input is never modified.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roadmapi18n.progress import ProgressFn
from roadmapi18n.repair.detect import Profile, maybe_mojibake, profile_document
from roadmapi18n.repair.engine import repair_text
from roadmapi18n.repair.report import RepairResult

if TYPE_CHECKING:  # the catalog layer is only needed by callers that have a catalog
    from roadmapi18n.catalog import Catalog, Message

__all__ = ["COMMENT_PREFIX", "CatalogRepairResult", "EntryRepair", "catalog_profile", "repair_catalog"]

COMMENT_PREFIX = "roadmapi18n repair:"
"""Every translator comment this module writes starts with this, so a second run can recognise its own."""


@dataclass(frozen=True, slots=True)
class EntryRepair:
    """One msgstr (or msgstr[n]) that was repaired."""

    msgid: str
    msgctxt: str | None
    field: str
    """``msgstr`` or ``msgstr[n]``."""
    lineno: int
    """1-based line of the entry in the .po file (0 if unknown)."""
    result: RepairResult
    fuzzy: bool
    """Whether this repair made the entry fuzzy."""

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {
            "msgid": self.msgid,
            "msgctxt": self.msgctxt,
            "field": self.field,
            "line": self.lineno,
            "fuzzy": self.fuzzy,
            "repair": self.result.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class CatalogRepairResult:
    """The repaired copy of a catalog and what changed in it."""

    catalog: Catalog
    """A repaired deep copy of the input catalog."""
    entries: tuple[EntryRepair, ...]
    encoding: str | None
    """The catalog-level round trip (``utf-8 read as windows-1254``), None if the catalog looked clean."""
    locale: str | None

    @property
    def changed(self) -> bool:
        """Whether any msgstr changed."""
        return any(entry.result.changed for entry in self.entries)

    @property
    def fuzzy(self) -> tuple[EntryRepair, ...]:
        """Entries this repair marked fuzzy."""
        return tuple(entry for entry in self.entries if entry.fuzzy)

    def format_text(self, *, path: str | None = None) -> str:
        """A human report, one block per repaired entry."""
        where = f"{path}: " if path else ""
        if not self.entries:
            return f"{where}clean: nothing to repair"
        lines = [
            f"{where}{self.encoding or 'mojibake'}: {len(self.entries)} translation(s) repaired, "
            f"{len(self.fuzzy)} marked fuzzy"
        ]
        for entry in self.entries:
            label = f"{path}:{entry.lineno}" if path else f"line {entry.lineno}"
            lines.append(f"{label}: {entry.field} of {entry.msgid[:60]!r}{' (now fuzzy)' if entry.fuzzy else ''}")
            body = entry.result.format_text()
            lines.extend("  " + line for line in body.splitlines()[1:])
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {
            "changed": self.changed,
            "encoding": self.encoding,
            "locale": self.locale,
            "repaired": len(self.entries),
            "fuzzy": len(self.fuzzy),
            "entries": [entry.to_dict() for entry in self.entries],
        }


def _fields(message: Message) -> Iterator[tuple[str, str]]:
    if message.msgid_plural is not None:
        for index, text in enumerate(message.msgstr_plural):
            yield f"msgstr[{index}]", text
    else:
        yield "msgstr", message.msgstr


def catalog_profile(catalog: Catalog) -> Profile | None:
    """The misreading that explains the catalog's translations as a whole (None if they look clean)."""
    lines: list[str] = []
    for message in catalog.messages:
        for _, text in _fields(message):
            if maybe_mojibake(text):
                lines.extend(text.split("\n"))
    return profile_document(lines) if lines else None


def repair_catalog(
    catalog: Catalog, locale: str | None = None, *, progress: ProgressFn | None = None
) -> CatalogRepairResult:
    """Repair every msgstr of ``catalog`` (returned as a new catalog); msgids and comments are untouched.

    ``locale`` defaults to the catalog's ``Language`` header. ``progress`` hears about each entry.
    """
    locale = locale or catalog.headers.get("Language") or None
    profile = catalog_profile(catalog)
    repaired = copy.deepcopy(catalog)
    entries: list[EntryRepair] = []
    for done, message in enumerate(repaired.messages):
        if progress is not None:
            progress("repairing entries", done + 1, len(repaired.messages))
        results: list[tuple[str, RepairResult]] = []
        for name, text in _fields(message):
            if not maybe_mojibake(text):
                continue
            result = repair_text(text, locale=locale, profile=profile)
            if result.changed:
                results.append((name, result))
        if not results:
            continue
        fuzzy = _apply(message, results)
        entries.extend(
            EntryRepair(message.msgid, message.msgctxt, name, message.lineno, result, fuzzy) for name, result in results
        )
    encoding = profile.label if profile is not None else None
    return CatalogRepairResult(catalog=repaired, entries=tuple(entries), encoding=encoding, locale=locale)


def _apply(message: Message, results: list[tuple[str, RepairResult]]) -> bool:
    """Write the repaired texts into ``message``; flag and comment it; return whether it became fuzzy."""
    for name, result in results:
        if name == "msgstr":
            message.msgstr = result.text
        else:
            message.msgstr_plural[int(name[7:-1])] = result.text
    uncertain = [guess for _, result in results for guess in result.uncertain if not guess.kept]
    recovered = [guess for _, result in results for guess in result.guesses if not guess.kept]
    foreign = [char for _, result in results for char in result.foreign]
    comments = [c for c in message.translator_comments if not c.startswith(COMMENT_PREFIX)]
    if uncertain:
        named = ", ".join(
            f"{guess.chosen!r} (or {', '.join(repr(text) for text, _ in guess.candidates[1:3])})" for guess in uncertain
        )
        comments.append(f"{COMMENT_PREFIX} mojibake repaired with uncertain characters: {named}; check them")
    if foreign:
        named = ", ".join(f"{char.char!r} ({char.script})" for char in foreign)
        locale = results[0][1].locale
        note = f"the repair brought in characters {locale} does not write: {named}; check them"
        comments.append(f"{COMMENT_PREFIX} {note}")
    left = [piece for _, result in results for piece in result.left]
    if left:
        named = ", ".join(repr(piece.text) for piece in left)
        comments.append(f"{COMMENT_PREFIX} mojibake left as is (no repair fits): {named}; check it")
    became_fuzzy = bool(uncertain or foreign or left) and not message.fuzzy
    if became_fuzzy:
        message.fuzzy = True
    if recovered and not uncertain:
        encoding = results[0][1].encoding or "mojibake"
        comments.append(f"{COMMENT_PREFIX} {len(recovered)} character(s) lost to {encoding} were recovered")
    message.translator_comments[:] = comments
    return became_fuzzy
