"""Fast detection of mojibake and U+FFFD for CI checks: where, what, and what it would be repaired to.

The checks call :func:`find_mojibake` on every msgstr of every catalog, so clean
text must cost next to nothing. Three gates, cheapest first, each a single C-level call:

1. ``str.isascii()`` — pure ASCII cannot be mojibake;
2. :data:`~roadmapi18n.repair.detect.ALPHABET` — no character any known code page
   makes of a high byte, no U+FFFD: nothing to find (Chinese with full-width
   punctuation, Vietnamese written with its own letters, emoji...);
3. :data:`~roadmapi18n.repair.detect.SHAPE` — a lead-byte character directly followed by a continuation-byte
   character under some code page, or a U+FFFD: clean Vietnamese or French
   rarely has that, so only then is the text profiled properly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from roadmapi18n.repair.detect import SHAPE, Profile, judge_line, profile_document, unit_strength
from roadmapi18n.repair.lossy import candidates
from roadmapi18n.repair.units import REPLACEMENT, Unit

__all__ = ["Finding", "find_mojibake"]

FindingKind = Literal["mojibake", "replacement-character"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One suspicious span: where it is, what it is, and what it would become."""

    line: int
    """1-based line."""
    column: int
    """1-based column of the first character of the span."""
    end_column: int
    """1-based column just past the span."""
    kind: FindingKind
    text: str
    """The suspicious characters."""
    message: str
    encoding: str | None = None
    """The round trip that explains it (``utf-8 read as mac_roman``), if one does."""
    suggestion: str | None = None
    """What a lossless repair turns the span into; None when bytes were lost or nothing fits."""

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {
            "line": self.line,
            "column": self.column,
            "end_column": self.end_column,
            "kind": self.kind,
            "text": self.text,
            "message": self.message,
            "encoding": self.encoding,
            "suggestion": self.suggestion,
        }


def find_mojibake(text: str, *, profile: Profile | None = None) -> list[Finding]:
    """Mojibake and replacement characters in ``text``, with 1-based positions.

    ``profile`` imposes a misreading found on a larger text (a whole catalog).

    >>> [(f.line, f.column, f.suggestion) for f in find_mojibake("ok\\n### Kh√°c √¥")]
    [(2, 7, 'á'), (2, 11, 'ô')]
    >>> [f.suggestion for f in find_mojibake("\uf8ffüìö **References**")]
    ['📚']
    >>> find_mojibake("Tiếng Việt, 資料，「完成」 🧑‍🔬")
    []
    """
    if text.isascii() or SHAPE.search(text) is None:
        return []
    lines = text.split("\n")
    if profile is None:
        profile = profile_document(lines)
    findings: list[Finding] = []
    for number, line in enumerate(lines, start=1):
        if SHAPE.search(line) is None and (profile is None or not profile.lossy):
            continue
        findings.extend(_line_findings(number, line, profile))
    return findings


def _line_findings(number: int, line: str, profile: Profile | None) -> list[Finding]:
    found: list[Finding] = []
    flagged: set[int] = set()
    if profile is not None:
        for start, end, suggestion in _runs(line, profile):
            span = line[start:end]
            flagged.update(range(start, end))
            if suggestion is not None:
                note = f"looks like {profile.label}; repairs to {suggestion!r}"
            else:
                note = f"looks like {profile.label} with bytes lost; `roadmapi18n repair` can recover it"
            found.append(
                Finding(
                    number,
                    start + 1,
                    end + 1,
                    "mojibake",
                    span,
                    f"mojibake {span!r}: {note}",
                    profile.label,
                    suggestion,
                )
            )
    for match in re.finditer(REPLACEMENT, line):
        if match.start() not in flagged:
            found.append(
                Finding(
                    number,
                    match.start() + 1,
                    match.end() + 1,
                    "replacement-character",
                    REPLACEMENT,
                    "U+FFFD replacement character: the original character was lost when the text was decoded",
                )
            )
    if profile is None and not found:
        found.extend(_ftfy_findings(number, line))
    return sorted(found, key=lambda finding: finding.column)


def _runs(line: str, profile: Profile) -> list[tuple[int, int, str | None]]:
    """Maximal runs of adjacent suspicious units: (start, end, lossless repair or None if bytes were lost).

    Only in the islands the repair would touch (:func:`~roadmapi18n.repair.detect.judge_line`): a clean
    word next to mojibake is no finding.
    """
    runs: list[tuple[int, int, str | None]] = []
    for verdict in judge_line(line, profile.codec, lossy=profile.lossy):
        if not verdict.accepted:
            continue
        for unit in verdict.island.units:
            if unit.kind == "complete" and not unit.has_wildcard and unit_strength(unit) >= 1:
                piece: str | None = unit.decoded()
            elif ((unit.kind == "gap" and profile.lossy) or unit.has_wildcard) and _guessable(unit, profile):
                piece = None
            else:
                continue
            if runs and runs[-1][1] == unit.start:
                start, _, before = runs[-1]
                joined = before + piece if before is not None and piece is not None else None
                runs[-1] = (start, unit.end, joined)
            else:
                runs.append((unit.start, unit.end, piece))
    return runs


def _guessable(unit: Unit, profile: Profile) -> bool:
    """Whether the repair could put a character back here: a candidate in a script the document is written in.

    A character of Lower Sorbian (``ěł``) looks like a Korean syllable that lost
    a byte in ISO 8859-2; in a text that decodes to no Hangul anywhere, it is not one.
    """
    drop = profile.drop if unit.kind == "gap" else frozenset()
    allowed = profile.scripts
    return any(allowed.allows(candidate.char) for candidate in candidates(unit, drop, profile.codec.undefined))


def _ftfy_findings(number: int, line: str) -> list[Finding]:
    """Single lines with no document-level evidence: fall back on ftfy's own judgement."""
    import ftfy

    from roadmapi18n.repair.engine import ftfy_config

    if not ftfy.badness.is_bad(line):
        return []
    fixed, _ = ftfy.fix_and_explain(line, ftfy_config())
    if fixed == line:
        return []
    return [
        Finding(
            number,
            1,
            len(line) + 1,
            "mojibake",
            line,
            f"looks like mojibake; ftfy repairs it to {fixed!r}",
            None,
            fixed,
        )
    ]
