"""``roadmapi18n merge-driver BASE OURS THEIRS [PATH]``: a git merge driver for PO catalogs, entry by entry.

git runs it for the files ``.gitattributes`` marks ``merge=roadmapi18n-po`` once a clone says how
(``roadmapi18n merge-driver --install``: see :func:`install`); without that setting git merges those
files as text, as it always did. The merged catalog is written to OURS
(git's ``%A``) as :func:`~roadmapi18n.catalog.format_po` writes it. Exit 0: merged; 1: conflicts
remain (git marks the file conflicted); 2: a file could not be read (one line on stderr, naming it).

Entries are matched by ``msgctxt`` (the stable ID; by ``(msgctxt, msgid)`` where a catalog has no
context or uses one twice), obsolete entries included: where a side has several obsolete entries of
an ID and no live one, the one with the English of the other catalog's entry is that entry. A
translation one side changed for an ID the other side renamed (build gave the new ID the old ID's
translation) goes to the new ID. Each entry is merged in two halves:

* **The English** (``msgid``/``msgid_plural``, ``#.``, ``#:``, flags other than ``fuzzy``, being
  obsolete), field by field: from the side that changed it since BASE. When both sides changed a
  field differently, **theirs** wins (the branch being merged in: ``main`` in ``git merge main``);
  the next ``roadmapi18n build`` derives the English from the YAML anyway.
* **The translation** (``msgstr`` or its plural forms, ``# `` translator comments, ``fuzzy`` and
  the English it was made from): from the side that changed it. A side whose only change is
  ``fuzzy`` and ``#|`` lines added because its English changed (what build does after an upstream
  edit) did not change the translation. Both sides changed it, identically: that; differently: a
  conflict for that entry only (unless one of them is a machine suggestion build offered, fuzzy with
  its ``# suggested from …`` comment: the translator's text wins), written between ``<<<<<<< ours``
  / ``=======`` / ``>>>>>>> theirs`` lines, each version with the merged English (keep one, delete
  the other and the markers).

A kept translation made for English other than the merged ``msgid`` becomes fuzzy, its ``#|
msgid`` the English it was translated from: it is never lost and never published unreviewed. An
entry one side deleted is deleted, unless the other side changed it and it has a translation:
then it is kept, obsolete (live, when it was obsolete and that side revived it). The header is
merged field by field: from the side that changed it, ours when both did, but for the later
POT-Creation-Date of the two (the template the newer English came from).

Files that are not UTF-8 PO catalogs on every side (a ``.po`` with conflict markers already in it,
another charset, another kind of file) are merged as text by ``git merge-file``: ordinary conflict
markers, exit 1 on conflicts, exactly what git would have done without the driver.
"""

from __future__ import annotations

import copy
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from roadmapi18n.errors import RoadmapError, exit_code_of
from roadmapi18n.fsio import read_input, write_bytes_atomic
from roadmapi18n.po.model import Catalog, Message
from roadmapi18n.po.writer import format_po
from roadmapi18n.suggest import SUGGESTED_FROM

T = TypeVar("T")
EntryKey = tuple[str, str | None, str | None]
English = tuple[str, str | None]
"""``(msgid, msgid_plural)``."""

_ABSENT = object()
"""The base of a field on an entry both sides added."""

USAGE = "usage: roadmapi18n merge-driver BASE OURS THEIRS [PATH]  (git's %O %A %B %P)"


@dataclass
class DriverResult:
    """The merged text and the stable IDs (or msgids) of the entries left in conflict."""

    text: str
    conflicts: list[str]


def entry_keys(catalog: Catalog) -> dict[EntryKey, Message]:
    """Every entry by its merge key: ``("ctx", msgctxt, None)`` for the one entry of a stable ID.

    That is the live entry with this ``msgctxt`` or, when there is none, the only obsolete one (so an
    entry made obsolete on one side meets its live self on the other). Any other entry (no
    ``msgctxt``, the older English of a live entry kept obsolete, a context used twice) is keyed on
    ``("key", msgctxt, msgid)``.
    """
    live: dict[str, int] = {}
    dead: dict[str, int] = {}
    for message in catalog.messages:
        if message.msgctxt is not None:
            counts = dead if message.obsolete else live
            counts[message.msgctxt] = counts.get(message.msgctxt, 0) + 1
    keys: dict[EntryKey, Message] = {}
    for message in catalog.messages:
        context = message.msgctxt
        if context is not None and (
            live.get(context) == 1 if not message.obsolete else (context not in live and dead[context] == 1)
        ):
            keys[("ctx", context, None)] = message
        else:
            keys[("key", context, message.msgid)] = message
    return keys


def _english(message: Message) -> English:
    return (message.msgid, message.msgid_plural)


def _has_text(message: Message) -> bool:
    return any(message.translations)


def _translated_from(message: Message) -> English:
    """The English this translation was made for: the ``#|`` msgid of a fuzzy entry, else its msgid."""
    if message.fuzzy and message.previous_msgid is not None:
        return (message.previous_msgid, message.previous_msgid_plural)
    return _english(message)


def _leftovers(message: Message) -> tuple[object, ...]:
    """Whether the entry is fuzzy, and its ``#|`` lines."""
    return (message.fuzzy, message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural)


def _translation_changed(side: Message, base: Message | None) -> bool:
    """Whether ``side`` changed the translation since ``base`` (None: the entry is new on that side).

    The translation is the text, the translator comments, fuzzy and the ``#|`` lines; a side that
    only made it fuzzy (or gave it other ``#|`` lines) while its English changed did not change it:
    that is what build does after an upstream edit.
    """
    if base is None:
        return _has_text(side) or bool(side.translator_comments)
    if (
        side.translations != base.translations
        or (side.msgid_plural is None) != (base.msgid_plural is None)
        or side.translator_comments != base.translator_comments
    ):
        return True
    if _leftovers(side) == _leftovers(base):
        return False
    return not (_has_text(side) and side.fuzzy and _english(side) != _english(base))


def _suggestion(message: Message) -> bool:
    """Whether the entry's text is a machine suggestion build offered (fuzzy, with its "suggested from" comment)."""
    return message.fuzzy and any(comment.startswith(SUGGESTED_FROM) for comment in message.translator_comments)


def _pick(base: object, ours: T, theirs: T) -> T:
    """A three-way choice of one field: the side that changed it; theirs when both did, differently."""
    if ours in (theirs, base):
        return theirs
    if theirs == base:
        return ours
    return theirs


def _non_fuzzy_flags(message: Message) -> tuple[str, ...]:
    return tuple(flag for flag in message.flags if flag != "fuzzy")


def _english_fields(message: Message) -> tuple[object, ...]:
    """The English half of an entry: what ``build`` derives from the roadmap."""
    return (
        _english(message),
        _non_fuzzy_flags(message),
        tuple(message.extracted_comments),
        tuple(message.references),
        message.obsolete,
    )


def _merged_english(base: Message | None, ours: Message, theirs: Message) -> Message:
    """A message holding the merged English half (no translation yet)."""

    def field(get: Callable[[Message], T]) -> T:
        return _pick(_ABSENT if base is None else get(base), get(ours), get(theirs))

    msgid, msgid_plural = field(_english)
    return Message(
        msgid=msgid,
        msgctxt=ours.msgctxt,
        msgid_plural=msgid_plural,
        flags=list(field(_non_fuzzy_flags)),
        extracted_comments=list(field(lambda m: tuple(m.extracted_comments))),
        references=list(field(lambda m: tuple(m.references))),
        obsolete=field(lambda m: m.obsolete),
    )


def _with_translation(english: Message, source: Message) -> Message:
    """``english`` (not modified) with the translation of ``source``, fuzzy when made for other English."""
    merged = Message(
        msgid=english.msgid,
        msgctxt=english.msgctxt,
        msgid_plural=english.msgid_plural,
        flags=list(english.flags),
        translator_comments=list(source.translator_comments),
        extracted_comments=list(english.extracted_comments),
        references=list(english.references),
        obsolete=english.obsolete,
    )
    texts = source.translations
    if english.msgid_plural is None:
        merged.msgstr = texts[0] if texts else ""
    elif source.msgid_plural is None:
        merged.msgstr_plural = [source.msgstr]
    else:
        merged.msgstr_plural = list(source.msgstr_plural)
    target = _english(english)
    if not _has_text(source):
        if _english(source) == target:
            merged.previous_msgctxt = source.previous_msgctxt
            merged.previous_msgid = source.previous_msgid
            merged.previous_msgid_plural = source.previous_msgid_plural
        return merged
    made_for = _translated_from(source)
    reshaped = (source.msgid_plural is None) != (english.msgid_plural is None)
    if made_for == target and not reshaped:
        merged.fuzzy = source.fuzzy
        merged.previous_msgctxt = source.previous_msgctxt
        merged.previous_msgid = source.previous_msgid
        merged.previous_msgid_plural = source.previous_msgid_plural
    else:
        merged.fuzzy = True
        if source.fuzzy and source.previous_msgid is not None:
            merged.previous_msgctxt = source.previous_msgctxt
        merged.previous_msgid, merged.previous_msgid_plural = made_for
    return merged


@dataclass
class _Conflict:
    ours: Message
    theirs: Message

    @property
    def obsolete(self) -> bool:
        return self.ours.obsolete


def _merge_entry(base: Message | None, ours: Message | None, theirs: Message | None) -> Message | _Conflict | None:
    """One entry merged: a message, a conflict, or None (deleted)."""
    if ours is None or theirs is None:
        present = theirs if ours is None else ours
        if present is None:
            return None
        if base is None:
            return present  # added on one side
        if base.obsolete and not present.obsolete:
            return present  # revived on one side; the other only purged an obsolete entry (msgattrib --no-obsolete)
        changed = _translation_changed(present, base) or _english_fields(present) != _english_fields(base)
        if not changed or not _has_text(present):
            return None  # deleted on one side, unchanged (or holding no translation) on the other
        kept = _with_translation(_merged_english(base, base, present), present)
        kept.obsolete = True  # the English is gone on the side that deleted it
        return kept
    english = _merged_english(base, ours, theirs)
    ours_changed = _translation_changed(ours, base)
    theirs_changed = _translation_changed(theirs, base)
    if not _has_text(ours) and not _has_text(theirs) and ours.translator_comments == theirs.translator_comments:
        ours_changed = False  # no translation on either side: theirs' leftover #| lines go with its English
    if ours_changed and theirs_changed and _suggestion(ours) != _suggestion(theirs):
        # A fuzzy suggestion build made (OpenCC, from the other Chinese catalog) against a translator's text:
        # the text wins, as a person resolving the conflict would choose.
        ours_changed, theirs_changed = not _suggestion(ours), not _suggestion(theirs)
    if ours_changed and theirs_changed:
        # Identical changes are those that give the same entry once the English is merged.
        ours_version, theirs_version = _with_translation(english, ours), _with_translation(english, theirs)
        if ours_version != theirs_version:
            return _Conflict(ours_version, theirs_version)
    if ours_changed:
        source = ours
    elif theirs_changed:
        source = theirs
    else:  # neither changed it: take it from a side whose English is the merged one, with its own #| lines
        target = _english(english)
        source = next((m for m in (ours, theirs, base) if m is not None and _english(m) == target), ours)
    return _with_translation(english, source)


def _order(
    base: dict[EntryKey, Message], ours: dict[EntryKey, Message], theirs: dict[EntryKey, Message]
) -> list[EntryKey]:
    """Ours' order (theirs' when ours kept base's), with the other side's new entries after their predecessor."""
    first, second = (theirs, ours) if list(ours) == list(base) else (ours, theirs)
    order = list(first)
    placed = set(order)
    position = {key: index for index, key in enumerate(order)}
    inserts: dict[int, list[EntryKey]] = {}
    previous = -1
    for key in second:
        if key in placed:
            previous = position[key]
            continue
        inserts.setdefault(previous, []).append(key)
    result = list(inserts.get(-1, []))
    for index, key in enumerate(order):
        result.append(key)
        result.extend(inserts.get(index, []))
    return result


def _align(keys: dict[EntryKey, Message], reference: dict[EntryKey, Message]) -> dict[EntryKey, Message]:
    """``keys`` with an obsolete entry keyed ``("ctx", X, None)`` where ``reference`` keys its entry X so.

    A side with several obsolete X and no live one (build keeps the older English of a reworded entry
    obsolete too, and then the unit is removed) keys them on their msgid; the one with the English of
    the other catalog's entry X is that entry.
    """
    renames: dict[EntryKey, EntryKey] = {}
    for key, message in reference.items():
        if key[0] == "ctx" and key not in keys:
            candidate: EntryKey = ("key", key[1], message.msgid)
            found = keys.get(candidate)
            if found is not None and found.obsolete and candidate not in renames:
                renames[candidate] = key
    return {renames.get(key, key): message for key, message in keys.items()} if renames else keys


def _follow_renames(
    base: dict[EntryKey, Message], ours: dict[EntryKey, Message], theirs: dict[EntryKey, Message]
) -> None:
    """Move a translation made on one side for ID X to ID Y where the other side renamed X to Y.

    Build gives a renamed unit's new ID the old ID's translation (and keeps the old ID obsolete or drops it):
    the other side's newer translation of X goes to Y, as a text merge's conflict would have had a human do.
    """
    for renamer, translator in ((ours, theirs), (theirs, ours)):
        for key, old in list(base.items()):
            edited = translator.get(key)
            gone = renamer.get(key)
            if key[0] != "ctx" or old.obsolete or edited is None or edited.obsolete:
                continue
            if (gone is not None and not gone.obsolete) or not _has_text(edited):
                continue
            if not _translation_changed(edited, old):
                continue
            found = [
                other
                for other, message in renamer.items()
                if other[0] == "ctx"
                and other not in base
                and other not in translator
                and not message.obsolete
                and message.translations == old.translations
                and old.msgid in (message.msgid, message.previous_msgid if message.fuzzy else None)
                and message.msgid_plural == old.msgid_plural
            ]
            if len(found) != 1:
                continue
            new_key = found[0]
            moved, old_there = copy.copy(edited), copy.copy(old)
            moved.msgctxt = old_there.msgctxt = new_key[1]
            items = [(new_key, moved) if k == key else (k, m) for k, m in translator.items()]
            translator.clear()
            translator.update(items)
            base[new_key] = old_there


def merge_three(base: Catalog, ours: Catalog, theirs: Catalog) -> DriverResult | None:
    """The three-way merge of catalogs; None when it cannot be written as one catalog (merge as text then)."""
    base_keys, ours_keys, theirs_keys = entry_keys(base), entry_keys(ours), entry_keys(theirs)
    base_keys = _align(_align(base_keys, ours_keys), theirs_keys)
    ours_keys, theirs_keys = _align(ours_keys, base_keys), _align(theirs_keys, base_keys)
    ours_keys = _align(ours_keys, theirs_keys)  # both sides changed the English, one also removed the unit
    theirs_keys = _align(theirs_keys, ours_keys)
    _follow_renames(base_keys, ours_keys, theirs_keys)
    merged: list[Message | _Conflict] = []
    for key in _order(base_keys, ours_keys, theirs_keys):
        entry = _merge_entry(base_keys.get(key), ours_keys.get(key), theirs_keys.get(key))
        if entry is not None:
            merged.append(entry)
    seen: set[tuple[str | None, str]] = set()
    for entry in merged:
        versions = [entry.ours, entry.theirs] if isinstance(entry, _Conflict) else [entry]
        keys = {m.key for m in versions}
        if keys & seen:
            return None  # two entries would share (msgctxt, msgid): the reader would refuse the result
        seen |= keys
    catalog = _merged_header(base, ours, theirs)
    conflicts = [entry for entry in merged if isinstance(entry, _Conflict)]
    if not conflicts:
        catalog.messages = [entry for entry in merged if isinstance(entry, Message)]
        return DriverResult(format_po(catalog), [])
    chunks = [format_po(catalog)] if catalog.has_header else []
    live = [entry for entry in merged if not entry.obsolete]
    dead = [entry for entry in merged if entry.obsolete]
    for entry in [*live, *dead]:
        if isinstance(entry, _Conflict):
            chunks.append(
                f"<<<<<<< ours\n{_entry_text(entry.ours)}=======\n{_entry_text(entry.theirs)}>>>>>>> theirs\n"
            )
        elif not entry.obsolete or entry.has_translation:
            chunks.append(_entry_text(entry))
    names = [entry.ours.msgctxt if entry.ours.msgctxt is not None else entry.ours.msgid for entry in conflicts]
    return DriverResult("\n".join(chunks), names)


def _pick_ours(base: object, ours: T, theirs: T) -> T:
    """A three-way choice of one header field: the side that changed it; ours when both did, differently."""
    return theirs if ours == base and theirs != base else ours


def _merged_header(base: Catalog, ours: Catalog, theirs: Catalog) -> Catalog:
    """The header merged field by field (a translator's Poedit fields and main's template date both kept).

    A field both sides changed differently is ours, but for POT-Creation-Date: the later of the two (build
    stamps it when it merges a template; a translator's header with the other side's newer entries must not
    look merged with an older template).
    """
    first, second = (theirs, ours) if ours.headers == base.headers else (ours, theirs)
    names = list(first.headers) + [name for name in second.headers if name not in first.headers]
    headers: dict[str, str] = {}
    for name in names:
        value = _pick_ours(
            base.headers.get(name, _ABSENT), ours.headers.get(name, _ABSENT), theirs.headers.get(name, _ABSENT)
        )
        if isinstance(value, str):
            headers[name] = value
    dates = [d for d in (ours.headers.get(_POT_DATE), theirs.headers.get(_POT_DATE)) if d]
    if _POT_DATE in headers and dates:
        headers[_POT_DATE] = max(dates)
    catalog = Catalog(
        headers=headers,
        header_comments=list(_pick_ours(base.header_comments, ours.header_comments, theirs.header_comments)),
        header_flags=list(_pick_ours(base.header_flags, ours.header_flags, theirs.header_flags)),
    )
    if _pick_ours(base.empty_header, ours.empty_header, theirs.empty_header):
        catalog.keep_header_entry()
    return catalog


def _entry_text(message: Message) -> str:
    return format_po(Catalog(messages=[message]))


_POT_DATE = "POT-Creation-Date"


def _read(path: Path, role: str, shown: str) -> bytes:
    try:
        return read_input(path, follow_symlinks=True)
    except RoadmapError as error:
        raise RoadmapError(f"{shown}: cannot read {role} ({path}): {error.message}") from None
    except OSError as error:
        raise RoadmapError(f"{shown}: cannot read {role} ({path}): {error.strerror or error}") from None


def _parse(data: bytes, path: Path) -> Catalog | str:
    """The catalog, or why these bytes are not one (merged as text then)."""
    from roadmapi18n.po.reader import parse_po

    try:
        return parse_po(data, path=path)
    except RoadmapError as error:
        return str(error).split("\n")[0]


def _merge_as_text(base: Path, ours: Path, theirs: Path, shown: str) -> int:
    """``git merge-file``: what git does without the driver. Writes OURS; 0 clean, 1 conflicts."""
    command = ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base), str(theirs)]
    try:
        result = subprocess.run(command, capture_output=True, check=False)
    except OSError as error:
        raise RoadmapError(f"{shown}: cannot run git merge-file: {error.strerror or error}") from None
    if result.returncode < 0 or result.returncode >= 128:  # an error (a binary file): leave ours, a conflict
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        print(
            f"roadmapi18n merge-driver: {shown}: {message[0] if message else 'git merge-file failed'}", file=sys.stderr
        )
        return 1
    write_bytes_atomic(ours, result.stdout)
    return 0 if result.returncode == 0 else 1


def run(base: Path, ours: Path, theirs: Path, path: str | None = None) -> int:
    """Merge THEIRS into OURS (git's ``%A``) against BASE; the exit code (see the module's docstring)."""
    shown = path or str(ours)
    datas = [_read(file, role, shown) for file, role in ((base, "base"), (ours, "ours"), (theirs, "theirs"))]
    if path is not None and not path.endswith((".po", ".pot")):
        return _merge_as_text(base, ours, theirs, shown)
    catalogs: list[Catalog] = []
    for data, role in zip(datas, ("base", "ours", "theirs"), strict=True):
        parsed = _parse(data, Path(shown))
        if isinstance(parsed, str):
            print(f"roadmapi18n merge-driver: {role}: {parsed}; merged as text", file=sys.stderr)
            return _merge_as_text(base, ours, theirs, shown)
        catalogs.append(parsed)
    result = merge_three(*catalogs)
    if result is None:
        print(
            f"roadmapi18n merge-driver: {shown}: entries cannot be matched one to one; merged as text", file=sys.stderr
        )
        return _merge_as_text(base, ours, theirs, shown)
    write_bytes_atomic(ours, result.text.encode("utf-8"))
    if result.conflicts:
        names = ", ".join(result.conflicts[:5]) + (", …" if len(result.conflicts) > 5 else "")
        print(
            f"roadmapi18n merge-driver: {shown}: {len(result.conflicts)} conflicting entries: {names}", file=sys.stderr
        )
        return 1
    return 0


DRIVER = "roadmapi18n-po"
"""The driver's name in ``.gitattributes`` (``merge=roadmapi18n-po``) and in git's configuration."""


def install(folder: Path) -> str:
    """Enable the driver in the git repository holding ``folder``; the command line git will run.

    The command names this very interpreter (``python -m roadmapi18n``) by its absolute path: git runs
    the driver wherever the merge happens, with no virtual environment active, and a driver git cannot
    find fails the merge of every catalog leaving only our side, without conflict markers.
    """
    command = f"{shlex.quote(sys.executable)} -m roadmapi18n merge-driver %O %A %B %P"
    for key, value in ((f"merge.{DRIVER}.name", "roadmapi18n PO catalogs"), (f"merge.{DRIVER}.driver", command)):
        try:
            done = subprocess.run(["git", "config", key, value], cwd=folder, capture_output=True, text=True)
        except OSError as error:
            raise RoadmapError(f"cannot run git: {error.strerror or error}", hint="install git") from None
        if done.returncode != 0:
            raise RoadmapError(
                f"git config {key} failed: {done.stderr.strip() or 'exit ' + str(done.returncode)}",
                path=folder,
                hint="run it inside your clone of the repository",
            )
    return command


def _install_here() -> int:
    print(f"git merges .po catalogs with: {install(Path.cwd())}")
    return 0


def main(argv: Sequence[str]) -> int:
    """``roadmapi18n merge-driver`` without typer (see launch.py); the exit code."""
    if len(argv) == 1 and argv[0] in ("-h", "--help"):
        print(
            f"{USAGE}\n       roadmapi18n merge-driver --install   (enable it in this clone)\n\n"
            "git's merge driver for .po catalogs: exit 0 merged, 1 conflicts left, 2 unreadable file."
        )
        return 0
    if len(argv) == 1 and argv[0] == "--install":
        return exit_code_of(_install_here)
    if len(argv) not in (3, 4):
        print(f"roadmapi18n merge-driver: {USAGE}", file=sys.stderr)
        return 2
    return exit_code_of(lambda: run(Path(argv[0]), Path(argv[1]), Path(argv[2]), argv[3] if len(argv) == 4 else None))
