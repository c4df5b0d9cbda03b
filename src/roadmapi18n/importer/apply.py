"""File-level import: read a legacy README, repair it, align it, and compute the new catalog — writing nothing.

:func:`import_legacy` is what ``roadmapi18n import`` runs; it returns the new
.po text and a report, and the CLI writes (or, with ``--dry-run``, only shows).
The rules:

* a strong match becomes a translation, a weaker one a fuzzy entry whose
  translator comments give the evidence and the doubts;
* an existing non-fuzzy translation is never replaced unless ``overwrite``
  (a different legacy text is reported as a conflict instead);
* nothing with U+FFFD or mojibake left in it enters the catalog;
* a character the repair engine was unsure of makes the entry fuzzy, with a
  comment naming it.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from roadmapi18n.catalog import Catalog, Message, format_po
from roadmapi18n.importer.align import OTHER_WORDINGS, align
from roadmapi18n.importer.blocks import read_markdown_file, refuse_conflicts
from roadmapi18n.importer.english import (
    CHANGED,
    EnglishUsed,
    Revision,
    choose_english,
    english_alignment,
    english_candidates,
    follow_today,
    read_english,
)
from roadmapi18n.importer.outcome import Change, EntryChange, ImportReport, RepairSummary, Uncertain
from roadmapi18n.importer.report import Proposal, Status
from roadmapi18n.model import Roadmap
from roadmapi18n.perf import gc_paused
from roadmapi18n.progress import ProgressFn
from roadmapi18n.project import Project
from roadmapi18n.repair import RepairResult, find_mojibake, repair_text
from roadmapi18n.suggest import SUGGESTED_FROM
from roadmapi18n.textdiff import unified_diff

if TYPE_CHECKING:
    from roadmapi18n.sync import EnglishAlignment

COMMENT_PREFIXES = ("imported from ", "fuzzy because: ", "uncertain characters: ", OTHER_WORDINGS, SUGGESTED_FROM)
REPLACED = "replaced by the import: "
"""How the comment keeping a translator's text that an import replaced starts (it stays until they delete it)."""
"""Translator comments the importer (or a cross-script suggestion) wrote, replaced on import; others are kept."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import would write, and what it found."""

    catalog: Catalog
    """The locale's catalog with the imported translations."""
    text: str
    """``catalog`` as .po text (what the CLI writes)."""
    path: Path | None
    """Where it goes (the locale's .po file), None when imported outside a project."""
    previous: str | None
    """The file's current text, None if it does not exist yet."""
    report: ImportReport

    @property
    def changed(self) -> bool:
        """Whether writing :attr:`text` would change the file."""
        return self.text != self.previous

    def diff(self) -> str:
        """What writing would change, as a unified diff of the .po file (``--dry-run``)."""
        name = str(self.path) if self.path else "catalog.po"
        return unified_diff(self.previous or "", self.text, name, name)


def import_legacy(
    project: Project,
    file: Path,
    locale: str,
    *,
    overwrite: bool = False,
    english: Path | None = None,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Import the legacy README ``file`` into ``locale``'s catalog of ``project`` (pure: writes nothing).

    ``english``: the English README the translation was made from, or a folder of candidate
    revisions to choose it from (see :mod:`roadmapi18n.importer.english`). ``progress`` hears how
    the repair of the file advances (the slow part).
    """
    from roadmapi18n.build import now_stamp, plan_build

    text = read_legacy(file)
    base = plan_build(project, locales=[locale], template=False, readmes=False).catalogs[locale]
    path = project.config.po_path(locale)
    previous = path.read_text(encoding="utf-8") if path.exists() else None
    inside = file.resolve().is_relative_to(project.config.root.resolve())
    shown = project.config.relative(file.resolve()) if inside else file.name  # no machine-specific paths in a .po
    find = None if english is None else partial(_old_english, project, english)
    result = import_markdown(
        project.roadmap,
        base,
        text,
        locale=locale,
        source=shown,
        overwrite=overwrite,
        english=find,
        progress=progress,
    )
    catalog, new_text = result.catalog, result.text
    if new_text != previous:
        # Translations were revised, as a translator's editor would stamp them (never when nothing changed).
        catalog.headers["PO-Revision-Date"] = now_stamp()
        new_text = format_po(catalog)
    return ImportResult(catalog, new_text, path, previous, result.report)


def read_legacy(file: Path) -> str:
    """A legacy translated README's text (see :func:`~roadmapi18n.importer.blocks.read_markdown_file`)."""
    return read_markdown_file(file, missing_hint="check the path of the legacy README")


def import_markdown(
    roadmap: Roadmap,
    catalog: Catalog,
    text: str,
    *,
    locale: str,
    source: str,
    overwrite: bool = False,
    english: Callable[[str], OldEnglish] | None = None,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Repair and align ``text``, then apply it to a copy of ``catalog`` (already merged with the template).

    ``english(repaired_text)`` gives the English the translation was made from: the text is then
    aligned with it and carried to ``roadmap``'s units (changed English → fuzzy with ``#|``).
    """
    refuse_conflicts(text, source)
    with gc_paused():  # hundreds of thousands of small acyclic objects per megabyte
        repaired = repair_text(text, locale=locale, progress=progress)
        used: EnglishUsed | None = None
        if english is None:
            alignment = align(roadmap, repaired.text, locale=locale)
        else:
            old = english(repaired.text)
            aligned = align(old.alignment.roadmap, repaired.text, locale=locale, exact_english=True)
            alignment, same, changed, gone = follow_today(aligned, old.alignment, roadmap)
            used = EnglishUsed(old.file, old.candidates, same, changed, tuple(gone))
    uncertain = _uncertain(repaired)
    updated = copy.deepcopy(catalog)
    lines = repaired.text.split("\n")
    by_unit = updated.by_context()
    changes = [_apply(by_unit.get(p.unit_id), p, lines, uncertain, source, overwrite) for p in alignment.proposals]
    report = ImportReport(source, locale, alignment, _summary(repaired, uncertain), tuple(changes), used)
    return ImportResult(updated, format_po(updated), None, None, report)


@dataclass(frozen=True, slots=True)
class OldEnglish:
    """The English a translation was made from: which file, the revisions weighed, and its pairing with today."""

    file: str
    candidates: tuple[Revision, ...]
    alignment: EnglishAlignment


def _old_english(project: Project, path: Path, translation: str) -> OldEnglish:
    """``path`` (a README, or a folder of revisions to choose from by shared evidence) aligned with today."""
    candidates: tuple[Revision, ...] = ()
    if path.is_dir():
        candidates = tuple(choose_english(translation, english_candidates(path)))
        path = candidates[0].path
    return OldEnglish(path.name, candidates, english_alignment(project, read_english(path), source=path))


def _uncertain(repaired: RepairResult) -> tuple[Uncertain, ...]:
    guesses = [
        Uncertain(finding.line, guess.column, guess.chosen, guess.confidence, tuple(c for c, _ in guess.candidates))
        for finding in repaired.lines
        for guess in finding.uncertain
    ]
    # A character of a script the locale does not write makes its entry fuzzy too, however sure the decoding.
    foreign = [
        Uncertain(finding.line, char.column, char.char, 1.0, (), f"{char.script}, not a script of {repaired.locale}")
        for finding in repaired.lines
        for char in finding.foreign
    ]
    # Mojibake no decoding fits stays in the text: its entry must be checked, never published as it is.
    left = [
        Uncertain(finding.line, piece.column, piece.text, 0.0, (), f"mojibake left as is ({piece.encoding})")
        for finding in repaired.lines
        for piece in finding.left
    ]
    return tuple(guesses + foreign + left)


def _summary(repaired: RepairResult, uncertain: tuple[Uncertain, ...]) -> RepairSummary:
    guessed = sum(1 for guess in repaired.guesses if not guess.kept)
    return RepairSummary(repaired.encoding, len(repaired.lines), guessed, uncertain)


def _apply(
    message: Message | None,
    proposal: Proposal,
    lines: Sequence[str],
    uncertain: Sequence[Uncertain],
    source: str,
    overwrite: bool,
) -> EntryChange:
    """Put one proposal into its catalog entry (in place), or say why not."""
    before = message.msgstr if message is not None else ""
    refusal = _refusal(message, proposal)
    if refusal or message is None:
        return EntryChange(
            proposal.unit_id, Change.SKIPPED, proposal.status, before, proposal.translation, proposal.line, refusal
        )
    unsure = _unsure(proposal, lines, uncertain)
    status = Status.FUZZY if unsure else proposal.status
    kept = message.msgstr and not message.fuzzy
    stale = proposal.previous is not None
    # The catalog knows its English changed since this entry was translated ('#|'); without the legacy file's
    # own English (--english) the import cannot tell a current translation from that stale one: it stays fuzzy.
    known_stale = message.fuzzy and message.previous_msgid is not None and proposal.previous is None
    if known_stale and status is not Status.FUZZY:
        doubt = f"{CHANGED}; only an import with --english can tell whether this text is still current"
        proposal = dataclasses.replace(proposal, status=Status.FUZZY, doubts=(*proposal.doubts, doubt))
        status = Status.FUZZY
    if kept and message.msgstr == proposal.translation and not (stale and overwrite):
        note = "already there" + ("; its English changed since (use --overwrite to mark it fuzzy)" if stale else "")
        change = Change.CONFLICT if stale else Change.UNCHANGED
        return EntryChange(proposal.unit_id, change, status, before, before, proposal.line, note)
    if kept and not overwrite:
        note = "a different translation is already there; not replaced (use --overwrite)"
        return EntryChange(proposal.unit_id, Change.CONFLICT, status, before, proposal.translation, proposal.line, note)
    same = (
        message.msgstr == proposal.translation
        and message.fuzzy == (status is Status.FUZZY)
        and (known_stale or message.previous_msgid == proposal.previous)
    )
    replaced = _replaced_note(message, proposal.translation)
    message.msgstr = proposal.translation
    message.fuzzy = status is Status.FUZZY
    # '#|' says what the translation was made for: the legacy English when it changed since, else nothing.
    if not known_stale:
        message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural = None, proposal.previous, None
    message.translator_comments = _comments(message.translator_comments, proposal, unsure, source)
    if replaced is not None and replaced not in message.translator_comments:
        message.translator_comments.append(replaced)
    change = Change.UNCHANGED if same else (Change.UPDATED if before else Change.ADDED)
    return EntryChange(proposal.unit_id, change, status, before, proposal.translation, proposal.line, "")


def _replaced_note(message: Message, translation: str) -> str | None:
    """The comment keeping the text an import is about to replace, when a translator wrote it.

    A fuzzy translation (one made for older English, or a draft) is replaced by the import, and so is a
    confirmed one with ``--overwrite``; neither is lost. None when there is nothing to keep: no text, the
    same text, or text an earlier import or a suggestion put there (their comments say so).
    """
    if not message.msgstr or message.msgstr == translation:
        return None
    if any(comment.startswith(("imported from ", SUGGESTED_FROM)) for comment in message.translator_comments):
        return None
    return REPLACED + message.msgstr.replace("\\", "\\\\").replace("\n", "\\n")


def _refusal(message: Message | None, proposal: Proposal) -> str:
    """Why a proposal cannot enter the catalog at all ("" when it can)."""
    if message is None:
        return "no entry with this ID in the catalog"
    if message.msgid != proposal.source:
        return "the catalog's English differs from the roadmap's (run `roadmapi18n update` first)"
    if "\ufffd" in proposal.translation:
        return "characters lost in the legacy file could not be recovered (U+FFFD)"
    if find_mojibake(proposal.translation):
        return "mojibake the repair could not undo"
    return ""


def _unsure(proposal: Proposal, lines: Sequence[str], uncertain: Iterable[Uncertain]) -> list[Uncertain]:
    """Uncertain repaired characters that fall inside this proposal's text."""
    found = []
    for guess in uncertain:
        if not proposal.line <= guess.line <= proposal.end_line or guess.char not in proposal.translation:
            continue
        line = lines[guess.line - 1] if guess.line <= len(lines) else ""
        start = line.find(proposal.translation)
        if start < 0 or start < guess.column <= start + len(proposal.translation):
            found.append(guess)  # inside the text, or (text not found verbatim) on its line
    return found


def _comments(existing: Sequence[str], proposal: Proposal, unsure: Sequence[Uncertain], source: str) -> list[str]:
    """Keep the translators' own comments; replace the importer's."""
    kept = [c for c in existing if not c.startswith(COMMENT_PREFIXES)]
    ours = [f"imported from {source}:{proposal.line} ({'; '.join(proposal.evidence)})"]
    if proposal.doubts:
        ours.append("fuzzy because: " + "; ".join(proposal.doubts))
    ours += proposal.notes
    if unsure:
        ours.append("uncertain characters: " + ", ".join(u.describe() for u in unsure))
    return kept + ours
