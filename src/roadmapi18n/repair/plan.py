"""A repair plan: the named steps that changed the text, precise enough to replay.

Like ftfy's ``fix_and_explain``/``apply_plan``: a plan lists only steps that
changed something, each step lists the spans it touched (offsets into the text
as that step saw it) and how, and :func:`apply_plan` redoes the byte-level work
from those instructions alone — re-encoding each span with the code page,
putting the guessed bytes back, decoding as UTF-8 — so
``apply_plan(original, result.plan) == result.text`` checks the engine against itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from roadmapi18n.repair.codecs import codec_by_name
from roadmapi18n.repair.units import REPLACEMENT, WILDCARD

__all__ = ["STEP_NAMES", "Edit", "Step", "apply_plan", "apply_step"]

StepName = Literal["decode", "recover", "ftfy"]
STEP_NAMES: tuple[StepName, ...] = ("decode", "recover", "ftfy")


@dataclass(frozen=True, slots=True)
class Edit:
    """One span a step rewrote, and the guesses it needed (if any)."""

    start: int
    """Offset of the span in the text the step received."""
    end: int
    """Offset just past the span."""
    inserted: tuple[tuple[int, int], ...] = ()
    """``recover``: (index in the completed bytes, byte) put back where bytes were dropped."""
    replaced: tuple[tuple[int, int], ...] = ()
    """``recover``: (index in the completed bytes, byte) guessed for a U+FFFD."""
    ftfy_steps: tuple[tuple[str, str], ...] = ()
    """``ftfy``: ftfy's own plan for this span, replayed with :func:`ftfy.apply_plan`."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form (only the fields in use)."""
        data: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.inserted:
            data["inserted"] = [[index, f"0x{byte:02X}"] for index, byte in self.inserted]
        if self.replaced:
            data["replaced"] = [[index, f"0x{byte:02X}"] for index, byte in self.replaced]
        if self.ftfy_steps:
            data["ftfy"] = [list(step) for step in self.ftfy_steps]
        return data


@dataclass(frozen=True, slots=True)
class Step:
    """One named transformation of the whole text."""

    name: StepName
    """``decode`` (lossless re-decoding), ``recover`` (lossy, with guessed bytes) or ``ftfy`` (ftfy's own fix)."""
    encoding: str
    """Python name of the code page the UTF-8 was misread as (``""`` for ftfy steps)."""
    edits: tuple[Edit, ...]
    """The spans rewritten, in text order."""
    description: str
    """One human line: what the step did and where."""

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        return {
            "step": self.name,
            "encoding": self.encoding,
            "description": self.description,
            "edits": [edit.to_dict() for edit in self.edits],
        }


def _redecode(span: str, encoding: str, edit: Edit) -> str:
    codec = codec_by_name(encoding)
    if not edit.inserted and not edit.replaced and REPLACEMENT not in span:
        return codec.decode_spelled(span)
    data: list[int] = []
    for char in span:
        if char == REPLACEMENT:
            data.append(WILDCARD)
        elif char < "\x80":
            data.append(ord(char))
        else:
            byte = codec.encode_char(char)
            if byte is None:
                raise ValueError(f"{char!r} is not a {encoding} character: the plan does not fit this text")
            data.append(byte)
    for index, byte in sorted(edit.inserted):
        data.insert(index, byte)
    for index, byte in edit.replaced:
        data[index] = byte
    return bytes(data).decode("utf-8")


def _ftfy(span: str, encoding: str, edit: Edit) -> str:
    import ftfy

    return str(ftfy.apply_plan(span, list(edit.ftfy_steps)))


_APPLY: dict[StepName, Callable[[str, str, Edit], str]] = {"decode": _redecode, "recover": _redecode, "ftfy": _ftfy}


def apply_step(text: str, step: Step) -> str:
    """Replay one step on ``text``.

    >>> apply_step("Kh√°c", Step("decode", "mac_roman", (Edit(2, 4),), ""))
    'Khác'
    """
    rewrite = _APPLY[step.name]
    parts: list[str] = []
    cursor = 0
    for edit in step.edits:
        parts.append(text[cursor : edit.start])
        parts.append(rewrite(text[edit.start : edit.end], step.encoding, edit))
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


def apply_plan(text: str, plan: Sequence[Step]) -> str:
    """Replay every step of ``plan`` on ``text``, in order.

    >>> apply_plan("æ¤ LLM", [Step("recover", "cp1254", (Edit(0, 2, inserted=((1, 0xAD),)),), "")])
    '此 LLM'
    """
    for step in plan:
        text = apply_step(text, step)
    return text
