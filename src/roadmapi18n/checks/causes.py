"""Why a catalog differs from what ``build`` writes: the cause a drift finding names.

A catalog can differ for reasons that have nothing to do with each other, and
whose fixes differ too:

* the **roadmap changed** without a build: the template's English is not the
  YAML's any more (:func:`template_change`);
* the **layout** differs: an editor re-wrapped the strings at 79 columns, or
  laid the file out otherwise; no translation changes, build normalises it
  (:func:`layout_difference`; CRLF and byte-order marks are ``catalog-health``'s);
* an **entry was edited** where only ``msgstr`` should be: its ``msgid`` (the
  English) or ``msgctxt`` (the stable ID) changed, or it was deleted
  (:class:`EntryEdit`);
* **metadata**: header fields, comments or references build writes otherwise.

:func:`diagnose_catalog` sorts a catalog's differences into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from roadmapi18n.catalog import Catalog, Message, format_po, parse_po
from roadmapi18n.checks.textdiff import differing_parts, split_lines
from roadmapi18n.errors import RoadmapError

_BOM = b"\xef\xbb\xbf"
_SHOWN_IDS = 3
"""Stable IDs named in a summary before ``…``."""


@dataclass(frozen=True, slots=True)
class TemplateChange:
    """How the template build writes differs from the template on disk, unit by unit (by stable ID)."""

    changed: tuple[str, ...]
    """Units whose English changed."""
    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: bool
    """Comments or ``#:`` references differ (the YAML lines moved, a unit moved to another section)."""
    first_reference: str | None = None
    """``path:line`` in the roadmap of the first changed or new unit."""

    @property
    def units(self) -> bool:
        """Whether the English of any unit changed, or units came or went."""
        return bool(self.changed or self.added or self.removed)

    def describe(self) -> str:
        """``2 changed (a.b, c.d), 1 new (e.f)``: what a translator will see.

        >>> TemplateChange(("a", "b", "c", "d"), ("e",), (), False).describe()
        '4 changed (a, b, c, …), 1 new (e)'
        """
        parts = []
        for label, ids in (("changed", self.changed), ("new", self.added), ("removed", self.removed)):
            if ids:
                shown = ", ".join(ids[:_SHOWN_IDS]) + (", …" if len(ids) > _SHOWN_IDS else "")
                parts.append(f"{len(ids)} {label} ({shown})")
        return ", ".join(parts) if parts else "comments and source references moved"


def template_change(found: bytes, expected: str) -> TemplateChange | None:
    """What changed between the template on disk and the one build writes; None if the one on disk does not read."""
    try:
        old = parse_po(found, path=_TEMPLATE)
    except RoadmapError:
        return None
    new = parse_po(expected.encode("utf-8"), path=_TEMPLATE)
    before, after = old.by_context(), new.by_context()
    changed = tuple(unit for unit, message in after.items() if unit in before and before[unit].msgid != message.msgid)
    added = tuple(unit for unit in after if unit not in before)
    removed = tuple(unit for unit in before if unit not in after)
    moved = any(unit in before and _notes(before[unit]) != _notes(message) for unit, message in after.items()) or list(
        before
    ) != list(after)
    first = next((after[unit] for unit in after if unit in changed or unit in added), None)
    reference = first.references[0] if first is not None and first.references else None
    return TemplateChange(changed, added, removed, moved, reference)


def _notes(message: Message) -> tuple[object, ...]:
    return (message.extracted_comments, message.references, message.flags)


@dataclass(frozen=True, slots=True)
class EntryEdit:
    """A change to a catalog entry that build does not keep as it is: only ``msgstr`` is the translator's."""

    rule: Literal["msgid-edited", "unknown-id", "entry-missing"]
    unit: str
    line: int | None
    """Line in the catalog on disk (the ``msgid``, or ``msgctxt``); None for a deleted entry."""
    message: str
    hint: str
    msgid: str = ""
    """The entry's English (pairs a changed msgctxt's two halves)."""


@dataclass(slots=True)
class CatalogDiagnosis:
    """Why one catalog on disk differs from what build writes."""

    layout: tuple[int, str] | None = None
    """(first line, description) when the file is laid out otherwise than msgcat --no-wrap (same entries)."""
    roadmap_entries: int = 0
    """Entries that change because the roadmap changed (English, new or removed units, moved references)."""
    stale_entries: int = 0
    """Entries whose English differs because the catalog was merged with an older template than the one on
    disk (its POT-Creation-Date is another): a build of other locales only (``build --locale``) since."""
    edits: list[EntryEdit] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    """Other differences build rewrites: header fields, comments, references, order."""
    unexplained: bool = False
    """The entries differ in a way none of the above explains (then a plain line diff is the best account)."""
    dates_only: bool = False
    """Only the ``volatile`` header fields differ (the template's creation date, which follows the template)."""

    @property
    def content(self) -> bool:
        """Whether anything but the layout differs."""
        return bool(self.roadmap_entries or self.stale_entries or self.edits or self.metadata or self.unexplained)


def diagnose_catalog(
    found: bytes, disk: Catalog, expected: str, change: TemplateChange | None, *, volatile: tuple[str, ...] = ()
) -> CatalogDiagnosis:
    """Sort the differences between a catalog on disk (its bytes and strict reading) and what build writes.

    ``change`` is how the template moved (None: unknown, the template on disk does not read).
    ``volatile`` header fields differ whenever anything else does and are not worth naming.
    """
    diagnosis = CatalogDiagnosis()
    canonical = format_po(disk)
    diagnosis.layout = layout_difference(found, canonical.encode("utf-8"), disk.headers.get("X-Generator"))
    if canonical == expected:
        return diagnosis
    merged = parse_po(expected.encode("utf-8"), path=disk.path or _TEMPLATE)
    _compare_entries(diagnosis, disk, merged, change)
    changed_fields = [
        name
        for name in dict.fromkeys([*disk.headers, *merged.headers])
        if disk.headers.get(name) != merged.headers.get(name) and name not in volatile
    ]
    if changed_fields:
        diagnosis.metadata.append(f"header field{'s' * (len(changed_fields) > 1)} {', '.join(changed_fields)}")
    if not diagnosis.content and list(disk.headers) != list(merged.headers):
        # Editors put the fields they add (X-Generator…) where they like; build writes them in one order.
        reordered = "the header fields are in another order than build writes them"
        if diagnosis.layout is None:
            diagnosis.layout = (_header_line(found), f"{reordered}; build normalises the file")
        else:
            line, description = diagnosis.layout
            description = description.replace("normalises the file", "normalises it, header field order too")
            diagnosis.layout = (line, description)
    elif not diagnosis.content:
        volatile_changed = any(disk.headers.get(name) != merged.headers.get(name) for name in volatile)
        diagnosis.dates_only = volatile_changed
        diagnosis.unexplained = not volatile_changed
    return diagnosis


def _header_line(found: bytes) -> int:
    """The line of the header's first field (2 for a catalog laid out as gettext does)."""
    for number, line in enumerate(found.split(b"\n")[:40], 1):
        if line.startswith(b'"') and b":" in line:
            return number
    return 1


def _compare_entries(
    diagnosis: CatalogDiagnosis, disk: Catalog, merged: Catalog, change: TemplateChange | None
) -> None:
    before, after = disk.by_context(), merged.by_context()
    roadmap_ids = set(change.changed + change.added + change.removed) if change is not None else set()
    notes_moved = change is not None and change.moved
    # Merged with another template than build merges it with now: English that differs came from the roadmap
    # (the template was rebuilt for other locales only), not from an edit of the catalog. The dates have
    # minutes (or SOURCE_DATE_EPOCH's fixed time): two builds in one minute look like edits, as before.
    dates = disk.headers.get("POT-Creation-Date"), merged.headers.get("POT-Creation-Date")
    stale = None not in dates and dates[0] != dates[1]
    other = 0
    # An ID edited into one another entry has: of the entries sharing it, the one with that unit's English
    # is the unit's own, and the others had their msgctxt changed (paired with their unit below).
    for message in disk.live():
        unit = message.msgctxt
        if unit is None or before[unit] is message or unit in roadmap_ids:
            continue
        own = after.get(unit)
        if own is not None and message.msgid == own.msgid and before[unit].msgid != own.msgid:
            before[unit], message = message, before[unit]
        diagnosis.edits.append(_unknown_id(message, unit, shared=True))
    for unit, old in before.items():
        new = after.get(unit)
        if unit in roadmap_ids:
            diagnosis.roadmap_entries += 1
        elif stale and (new is None or new.msgid != old.msgid):
            diagnosis.stale_entries += 1
        elif new is None:
            diagnosis.edits.append(_unknown_id(old, unit))
        elif new.msgid != old.msgid:
            diagnosis.edits.append(_msgid_edited(old, new, unit))
        elif _notes(new) != _notes(old) or new.previous_msgid != old.previous_msgid:
            if notes_moved:
                diagnosis.roadmap_entries += 1
            else:
                other += 1
    for unit, new in after.items():
        if unit in before:
            continue
        if unit in roadmap_ids:
            diagnosis.roadmap_entries += 1
        elif stale:
            diagnosis.stale_entries += 1
        elif not any(m.msgctxt == unit and m.obsolete for m in disk.messages):
            diagnosis.edits.append(_missing(new, unit))
    _pair_renamed(diagnosis)
    if other:
        diagnosis.metadata.append(f"comments, references or flags of {other} entr{'ies' if other > 1 else 'y'}")
    explained = diagnosis.roadmap_entries or diagnosis.stale_entries or diagnosis.edits
    if not explained and [m.msgctxt for m in disk.live()] != [m.msgctxt for m in merged.live()]:
        diagnosis.metadata.append("the order of the entries")
    disk_obsolete = sum(1 for m in disk.messages if m.obsolete)
    merged_obsolete = sum(1 for m in merged.messages if m.obsolete)
    if disk_obsolete != merged_obsolete and not explained:
        diagnosis.metadata.append("obsolete (#~) entries")


def _pair_renamed(diagnosis: CatalogDiagnosis) -> None:
    """An unknown ID and a missing entry with the same English are one edit: the msgctxt was changed."""
    missing = {edit.msgid: edit for edit in diagnosis.edits if edit.rule == "entry-missing"}
    edits: list[EntryEdit] = []
    for edit in diagnosis.edits:
        partner = missing.pop(edit.msgid, None) if edit.rule == "unknown-id" else None
        if partner is not None:
            message = (
                f"{edit.unit}: the stable ID (msgctxt) was changed from {partner.unit}; build makes this entry "
                f"obsolete and adds {partner.unit} back"
            )
            edit = EntryEdit("unknown-id", edit.unit, edit.line, message, edit.hint, edit.msgid)
        edits.append(edit)
    paired = {edit.unit for edit in missing.values()}
    diagnosis.edits = [e for e in edits if e.rule != "entry-missing" or e.unit in paired]


def _unknown_id(old: Message, unit: str, *, shared: bool = False) -> EntryEdit:
    why = (
        "another entry has this ID (msgctxt) with the roadmap's English"
        if shared
        else ("no passage of the roadmap has this ID (msgctxt)")
    )
    return EntryEdit(
        "unknown-id",
        unit,
        old.lineno or None,
        f"{unit}: {why}; build makes the entry obsolete (#~)",
        "msgctxt is the passage's stable ID: restore it as it was, and change only msgstr",
        old.msgid,
    )


def _msgid_edited(old: Message, new: Message, unit: str) -> EntryEdit:
    was, now = differing_parts(new.msgid, old.msgid)
    return EntryEdit(
        "msgid-edited",
        unit,
        old.lineno or None,
        f"{unit}: the English (msgid) was changed in the catalog ({now!r} where the roadmap says {was!r}); "
        "build restores the roadmap's English and marks the translation fuzzy, so it is not published",
        "change only msgstr; the English comes from the roadmap YAML (to change it, edit the YAML)",
    )


def _missing(new: Message, unit: str) -> EntryEdit:
    return EntryEdit(
        "entry-missing",
        unit,
        None,
        f"{unit}: the entry was deleted from the catalog; build adds it back untranslated",
        "restore the entry; to withdraw a translation, empty its msgstr or mark it fuzzy",
        new.msgid,
    )


def layout_difference(found: bytes, canonical: bytes, generator: str | None = None) -> tuple[int, str] | None:
    """(first line, description) when ``found`` holds the same catalog as ``canonical`` laid out otherwise.

    CRLF line endings and a byte-order mark are left out (``catalog-health`` names them); None when
    nothing else differs.

    >>> layout_difference(b'msgid ""\\n"Hello "\\n"world"\\nmsgstr ""\\n', b'msgid "Hello world"\\nmsgstr ""\\n')
    (1, 'long strings are wrapped into lines of at most 9 characters; build writes each string on one line \
(msgcat --no-wrap) and normalises the file')
    """
    normalised = found.removeprefix(_BOM).replace(b"\r\n", b"\n")
    if normalised == canonical:
        return None
    old, new = split_lines(normalised), split_lines(canonical)
    line = next((n for n, (a, b) in enumerate(zip(old, new, strict=False), 1) if a != b), min(len(old), len(new)) + 1)
    by = f" (by {generator})" if generator else ""
    old_width, new_width = _longest_string_line(old), _longest_string_line(new)
    if len(old) > len(new) and old_width < new_width:
        return line, (
            f"long strings are wrapped into lines of at most {old_width} characters{by}; build writes each string "
            "on one line (msgcat --no-wrap) and normalises the file"
        )
    detail = ""
    if line <= min(len(old), len(new)):
        was, now = differing_parts(old[line - 1].decode("utf-8", "replace"), new[line - 1].decode("utf-8", "replace"))
        detail = f": found {was!r}, msgcat --no-wrap writes {now!r}"
    return line, f"laid out otherwise than msgcat --no-wrap{by}{detail}; build normalises the file"


def _longest_string_line(lines: list[bytes]) -> int:
    """Characters in the longest line holding a string (``msgid "…"``, a continuation ``"…"``)."""
    return max(
        (len(line.decode("utf-8", "replace")) for line in lines if line.lstrip(b"#~ ").startswith((b'"', b"msg"))),
        default=0,
    )


_TEMPLATE = Path("roadmap.pot")
"""A stand-in path for messages about a template that is parsed from memory."""
