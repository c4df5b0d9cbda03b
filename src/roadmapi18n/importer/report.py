"""What alignment found: proposals, passages left in English, legacy content the roadmap lacks.

Every type here is plain data with a stable JSON form (:meth:`Alignment.to_json`)
and a text form for people (:func:`alignment_text`); the CLI only prints them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """How an imported translation enters the catalog."""

    TRANSLATED = "translated"
    """A strong, unambiguous match whose links and names agree with the current English."""
    FUZZY = "fuzzy"
    """A weaker match, or the English changed since: a translator must review it."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A translation proposed for one unit."""

    unit_id: str
    source: str
    """The current English."""
    translation: str
    status: Status
    line: int
    """Legacy line it comes from (1-based)."""
    end_line: int
    """Last legacy line of the block it comes from."""
    evidence: tuple[str, ...]
    """Why this block is this unit: ``same link https://…``, ``The LLM Scientist › 2. … › resource 3``…"""
    doubts: tuple[str, ...] = ()
    """Why it is fuzzy (empty when translated)."""
    notes: tuple[str, ...] = ()
    """What a reviewer may want to know without it being a doubt (the other wordings of a label)."""
    previous: str | None = None
    """The English the translation was made from, when it differs from :attr:`source` (``--english``)."""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "unit": self.unit_id,
            "status": self.status.value,
            "line": self.line,
            "end_line": self.end_line,
            "translation": self.translation,
            "source": self.source,
            "evidence": list(self.evidence),
            "doubts": list(self.doubts),
            "notes": list(self.notes),
            "previous": self.previous,
        }


@dataclass(frozen=True, slots=True)
class LeftInEnglish:
    """A unit the legacy file did not translate."""

    unit_id: str
    line: int
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"unit": self.unit_id, "line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Extra:
    """Legacy content the canonical roadmap has no place for."""

    line: int
    end_line: int
    kind: str
    heading: str
    """The legacy heading it sits under."""
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "line": self.line,
            "end_line": self.end_line,
            "kind": self.kind,
            "heading": self.heading,
            "text": self.text,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class SectionMatch:
    """A legacy heading and the canonical group it was matched with (or None)."""

    line: int
    heading: str
    group: str | None
    where: str
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "line": self.line,
            "heading": self.heading,
            "group": self.group,
            "where": self.where,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning one legacy README with the canonical roadmap."""

    locale: str
    proposals: tuple[Proposal, ...]
    """One per unit, in roadmap order."""
    left_in_english: tuple[LeftInEnglish, ...]
    extras: tuple[Extra, ...]
    sections: tuple[SectionMatch, ...]
    missing: tuple[str, ...]
    """Canonical groups (``where``) the legacy file has no heading for."""
    units: int
    """Units in the canonical roadmap."""

    def count(self, status: Status) -> int:
        """How many proposals have ``status``."""
        return sum(1 for p in self.proposals if p.status is status)

    def summary(self) -> dict[str, int]:
        """The headline figures."""
        return {
            "units": self.units,
            "translated": self.count(Status.TRANSLATED),
            "fuzzy": self.count(Status.FUZZY),
            "left_in_english": len(self.left_in_english),
            "extra_blocks": len(self.extras),
            "missing_groups": len(self.missing),
        }

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form: sorted keys are left to the serialiser, lists keep document/roadmap order."""
        return {
            "locale": self.locale,
            "summary": self.summary(),
            "sections": [s.to_json() for s in self.sections],
            "missing_groups": list(self.missing),
            "proposals": [p.to_json() for p in self.proposals],
            "left_in_english": [e.to_json() for e in self.left_in_english],
            "extras": [e.to_json() for e in self.extras],
        }


def alignment_text(alignment: Alignment) -> str:
    """A report for people: figures, fuzzy entries with their doubts, English passages, extra content."""
    return "\n".join(_lines(alignment)) + "\n"


def _lines(a: Alignment) -> Iterator[str]:
    s = a.summary()
    yield f"{a.locale}: {s['translated']} translated, {s['fuzzy']} fuzzy, {s['left_in_english']} left in English, "
    yield f"  {s['extra_blocks']} legacy blocks not in the roadmap, {s['missing_groups']} roadmap headings missing"
    yield f"  ({s['units']} units in the roadmap)"
    fuzzy = [p for p in a.proposals if p.status is Status.FUZZY]
    if fuzzy:
        yield ""
        yield "Fuzzy (review before use):"
        for p in fuzzy:
            yield f"  line {p.line}: {p.unit_id}: {_short(p.translation)}"
            for why in (*p.doubts, *p.evidence):
                yield f"      {why}"
    noted = [p for p in a.proposals if p.status is Status.TRANSLATED and p.notes]
    if noted:
        yield ""
        yield "Translated, with a note:"
        for p in noted:
            yield f"  line {p.line}: {p.unit_id}: {_short(p.translation)}"
            yield from (f"      {note}" for note in p.notes)
    if a.left_in_english:
        yield ""
        yield "Left in English (not imported):"
        yield from (f"  line {e.line}: {e.unit_id}: {e.reason}" for e in a.left_in_english)
    if a.extras:
        yield ""
        yield "Legacy content the roadmap lacks (not imported):"
        yield from (f"  lines {e.line}-{e.end_line} under {e.heading}: {e.kind}: {_short(e.text)}" for e in a.extras)
    if a.missing:
        yield ""
        yield "Roadmap headings the legacy file does not have:"
        yield from (f"  {where}" for where in a.missing)


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
