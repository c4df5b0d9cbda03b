"""What a repair did, per line and per guessed character, as objects, text and stable JSON.

The engine returns these; the CLI prints :meth:`RepairResult.format_text` or
dumps :meth:`RepairResult.to_dict`. Lines and columns are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from roadmapi18n.repair.plan import Step
from roadmapi18n.repair.scripts import ForeignChar

__all__ = ["UNCERTAIN_BELOW", "CharGuess", "LeftPiece", "LineFinding", "RepairResult"]

UNCERTAIN_BELOW = 0.9
"""A guessed character with a lower confidence is reported as uncertain (and makes a .po entry fuzzy)."""

LineKind = Literal["lossless", "lossy", "ftfy", "partial"]


@dataclass(frozen=True, slots=True)
class CharGuess:
    """One damaged character: what was there, what the bytes could have been, what was chosen."""

    column: int
    """1-based column of the character in the repaired line."""
    original: str
    """The mojibake characters that stood for it."""
    present: str
    """The surviving bytes, in hex (``"E6 A4"``)."""
    chosen: str
    """The character put in the repaired line (``original`` again if it was left alone)."""
    guessed_bytes: str
    """The bytes put back, as ``0xAD@1`` (byte 0xAD at index 1); empty if left alone."""
    confidence: float
    """Posterior of the chosen reading, 0..1."""
    candidates: tuple[tuple[str, float], ...]
    """The readings considered, best first, with their posteriors (at most 8)."""
    kept: bool = False
    """True when the model preferred to leave the characters as they were."""

    @property
    def uncertain(self) -> bool:
        """Whether this guess is below :data:`UNCERTAIN_BELOW`."""
        return self.confidence < UNCERTAIN_BELOW

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {
            "column": self.column,
            "original": self.original,
            "present_bytes": self.present,
            "chosen": self.chosen,
            "guessed_bytes": self.guessed_bytes,
            "confidence": round(self.confidence, 4),
            "uncertain": self.uncertain,
            "kept": self.kept,
            "candidates": [[text, round(p, 4)] for text, p in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class LeftPiece:
    """Mojibake still in a repaired line: characters that spell a UTF-8 character the repair did not restore."""

    column: int
    """1-based column in the repaired line."""
    text: str
    encoding: str
    """The code page whose characters spell it (``mac_roman``)."""
    reading: str | None
    """The character its bytes spell (not put in: no block real text uses holds it, or it was not established)."""

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {"column": self.column, "text": self.text, "encoding": self.encoding, "reading": self.reading}


@dataclass(frozen=True, slots=True)
class LineFinding:
    """One line the repair changed (or examined and left alone with doubts)."""

    line: int
    """1-based line number (the same in the original and the repaired text)."""
    original: str
    repaired: str
    encoding: str
    """The round trip that explains it, e.g. ``utf-8 read as mac_roman``."""
    kind: LineKind
    """``lossless`` (bytes all there), ``lossy`` (bytes guessed), ``ftfy`` (ftfy's own fix) or ``partial``
    (repaired, but :attr:`left` holds mojibake that was not)."""
    guesses: tuple[CharGuess, ...] = ()
    """Every damaged character on the line, in column order."""
    foreign: tuple[ForeignChar, ...] = ()
    """Characters the repair put in this line from a script the locale does not write (to be checked)."""
    left: tuple[LeftPiece, ...] = ()
    """Mojibake still in the repaired line (to be checked)."""

    @property
    def confidence(self) -> float:
        """The least confident guess on the line (1.0 when nothing was guessed, 0.0 when mojibake was left)."""
        if self.left:
            return 0.0
        return min((guess.confidence for guess in self.guesses), default=1.0)

    @property
    def uncertain(self) -> tuple[CharGuess, ...]:
        """Guesses below the confidence threshold."""
        return tuple(guess for guess in self.guesses if guess.uncertain)

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {
            "line": self.line,
            "kind": self.kind,
            "encoding": self.encoding,
            "confidence": round(self.confidence, 4),
            "original": self.original,
            "repaired": self.repaired,
            "guesses": [guess.to_dict() for guess in self.guesses],
            "foreign": [char.to_dict() for char in self.foreign],
            "left": [piece.to_dict() for piece in self.left],
        }


@dataclass(frozen=True, slots=True)
class RepairResult:
    """Repaired text, the replayable plan that produced it, and what was found on each line."""

    original: str
    text: str
    plan: tuple[Step, ...] = ()
    lines: tuple[LineFinding, ...] = ()
    encoding: str | None = None
    """The document-level round trip (``utf-8 read as windows-1254``), None if none was found."""
    locale: str | None = None
    """The locale whose language model chose among candidates (given or guessed)."""
    notes: tuple[str, ...] = field(default=())
    """Anything worth telling that is not about one line."""

    @property
    def changed(self) -> bool:
        """Whether the repaired text differs from the original."""
        return self.text != self.original

    @property
    def guesses(self) -> tuple[CharGuess, ...]:
        """Every guessed character, line by line."""
        return tuple(guess for finding in self.lines for guess in finding.guesses)

    @property
    def uncertain(self) -> tuple[CharGuess, ...]:
        """Every guessed character below the confidence threshold."""
        return tuple(guess for guess in self.guesses if guess.uncertain)

    @property
    def foreign(self) -> tuple[ForeignChar, ...]:
        """Every repaired character from a script the locale does not write, line by line."""
        return tuple(char for finding in self.lines for char in finding.foreign)

    @property
    def left(self) -> tuple[LeftPiece, ...]:
        """Every piece of mojibake the repair left in a line it repaired, line by line."""
        return tuple(piece for finding in self.lines for piece in finding.left)

    @property
    def needs_review(self) -> bool:
        """Whether a person must look before the result is used: an uncertain guess, a foreign script or
        mojibake left as is."""
        return bool(self.uncertain or self.foreign or self.left)

    @property
    def confidence(self) -> float:
        """Overall confidence: the mean confidence of the guessed characters (1.0 if none were guessed).

        Lossless decoding is certain; only characters whose bytes had to be guessed lower it.
        """
        guesses = [guess for guess in self.guesses if not guess.kept]
        if not guesses:
            return 1.0
        return sum(guess.confidence for guess in guesses) / len(guesses)

    def format_text(self, *, path: str | None = None) -> str:
        """A human report: one header, then one block per changed line."""
        where = f"{path}: " if path else ""
        if not self.changed and not self.lines:
            return f"{where}clean: nothing to repair"
        counts = f"{len(self.lines)} line(s)"
        guessed = [guess for guess in self.guesses if not guess.kept]
        header = f"{where}{self.encoding or 'mojibake'}: {counts} repaired"
        if guessed:
            header += f", {len(guessed)} character(s) guessed ({len(self.uncertain)} uncertain)"
            header += f", confidence {self.confidence:.3f}"
        if self.foreign:
            scripts = ", ".join(sorted({char.script for char in self.foreign}))
            header += f"; {len(self.foreign)} character(s) in a script {self.locale} does not use ({scripts}): CHECK"
        if self.left:
            header += f"; {len(self.left)} piece(s) of mojibake left as is: CHECK"
        out = [header]
        out.extend(f"  note: {note}" for note in self.notes)
        for finding in self.lines:
            label = f"{path}:{finding.line}" if path else f"line {finding.line}"
            out.append(f"{label}: {finding.kind}, {finding.encoding}, confidence {finding.confidence:.3f}")
            out.append(f"  - {finding.original}")
            out.append(f"  + {finding.repaired}")
            for guess in finding.guesses:
                out.append("    " + _guess_line(guess))
            for char in finding.foreign:
                note = f"{char.char!r} is {char.script}, not a script of {self.locale}: CHECK"
                out.append(f"    col {char.column}: {note}")
            for piece in finding.left:
                reading = f" (its bytes spell {piece.reading!r})" if piece.reading is not None else ""
                note = f"left as is, still {piece.encoding} mojibake{reading}: CHECK"
                out.append(f"    col {piece.column}: {piece.text!r} {note}")
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form (keys never removed, only added)."""
        return {
            "changed": self.changed,
            "encoding": self.encoding,
            "locale": self.locale,
            "confidence": round(self.confidence, 4),
            "guessed": sum(1 for guess in self.guesses if not guess.kept),
            "uncertain": len(self.uncertain),
            "foreign": len(self.foreign),
            "left": len(self.left),
            "notes": list(self.notes),
            "plan": [step.to_dict() for step in self.plan],
            "lines": [finding.to_dict() for finding in self.lines],
        }


def _guess_line(guess: CharGuess) -> str:
    flag = " UNCERTAIN" if guess.uncertain else ""
    others = ", ".join(f"{text!r} {p:.2f}" for text, p in guess.candidates[:4])
    if guess.kept:
        return (
            f"col {guess.column}: {guess.original!r} [{guess.present}] left as is "
            f"({guess.confidence:.2f}){flag}; {others}"
        )
    return (
        f"col {guess.column}: {guess.original!r} [{guess.present}] -> {guess.chosen!r} "
        f"(+{guess.guessed_bytes}, {guess.confidence:.2f}){flag}; considered {others}"
    )
