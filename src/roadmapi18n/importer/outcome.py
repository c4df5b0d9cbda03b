"""What a file import did to the catalog, with the alignment and repair behind it: text and stable JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from roadmapi18n.importer.english import EnglishUsed
from roadmapi18n.importer.report import Alignment, Status, alignment_text


class Change(StrEnum):
    """What happened to one catalog entry."""

    ADDED = "added"
    """It was empty and now holds the legacy translation."""
    UPDATED = "updated"
    """It held a fuzzy (or, with ``--overwrite``, any) translation that was replaced."""
    UNCHANGED = "unchanged"
    """It already held this translation."""
    CONFLICT = "conflict"
    """It holds another confirmed translation, kept (``--overwrite`` replaces it)."""
    SKIPPED = "skipped"
    """The legacy text cannot enter the catalog (lost characters, mojibake, stale catalog)."""


@dataclass(frozen=True, slots=True)
class Uncertain:
    """A character the repair engine chose with low confidence."""

    line: int
    column: int
    char: str
    confidence: float
    candidates: tuple[str, ...]

    def describe(self) -> str:
        """``語 (line 12, column 5, 0.62; or 誤, 悟)``."""
        others = [c for c in self.candidates if c != self.char][:3]
        alternatives = f"; or {', '.join(others)}" if others else ""
        return f"{self.char} (line {self.line}, column {self.column}, {self.confidence:.2f}{alternatives})"

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "line": self.line,
            "column": self.column,
            "char": self.char,
            "confidence": round(self.confidence, 4),
            "candidates": list(self.candidates),
        }


@dataclass(frozen=True, slots=True)
class RepairSummary:
    """What the repair engine did to the legacy file before alignment."""

    encoding: str | None
    """The misreading it undid (``utf-8 read as mac_roman``), None for a clean file."""
    lines: int
    """Lines it changed."""
    guessed: int
    """Characters whose lost bytes it had to guess."""
    uncertain: tuple[Uncertain, ...]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "encoding": self.encoding,
            "lines": self.lines,
            "guessed": self.guessed,
            "uncertain": [u.to_json() for u in self.uncertain],
        }


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One catalog entry the import touched (or would have)."""

    unit_id: str
    change: Change
    status: Status
    """How the legacy text enters (or would enter) the catalog."""
    before: str
    after: str
    line: int
    note: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "unit": self.unit_id,
            "change": self.change.value,
            "status": self.status.value,
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Everything ``roadmapi18n import`` has to say about one file."""

    file: str
    locale: str
    alignment: Alignment
    repair: RepairSummary
    changes: tuple[EntryChange, ...]
    english: EnglishUsed | None = None
    """The English revision the file was aligned with (``--english``), None without."""

    def counts(self) -> dict[str, int]:
        """Entries per change, translated and fuzzy among those written."""
        written = [c for c in self.changes if c.change in (Change.ADDED, Change.UPDATED, Change.UNCHANGED)]
        by_change = Counter(c.change.value for c in self.changes)
        return {
            **{change.value: by_change.get(change.value, 0) for change in Change},
            "translated": sum(1 for c in written if c.status is Status.TRANSLATED),
            "fuzzy": sum(1 for c in written if c.status is Status.FUZZY),
        }

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (``--report FILE``)."""
        return {
            "file": self.file,
            "locale": self.locale,
            "catalog": self.counts(),
            "repair": self.repair.to_json(),
            "changes": [c.to_json() for c in self.changes if c.change is not Change.UNCHANGED],
            "alignment": self.alignment.to_json(),
            "english": self.english.to_json() if self.english else None,
        }

    def to_json_text(self) -> str:
        """:meth:`to_json` serialised the one way the project writes it: sorted keys, UTF-8, two-space indent."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def text(self) -> str:
        """A report for people."""
        return "\n".join(self._lines()) + "\n" + alignment_text(self.alignment)

    def _lines(self) -> Iterator[str]:
        c = self.counts()
        yield f"{self.file} → {self.locale}"
        if self.repair.encoding:
            yield (
                f"repair: {self.repair.encoding}, {self.repair.lines} lines, {self.repair.guessed} characters guessed, "
                f"{len(self.repair.uncertain)} uncertain"
            )
        yield (
            f"catalog: {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['conflict']} conflicts, {c['skipped']} skipped ({c['translated']} translated, {c['fuzzy']} fuzzy)"
        )
        for change in self.changes:
            if change.change in (Change.CONFLICT, Change.SKIPPED):
                yield f"  {change.change.value}: line {change.line}: {change.unit_id}: {change.note}"
        if self.english is not None:
            yield from self.english.lines()
        yield ""
