"""The repair pipeline: profile the document, decode what round-trips, guess what was lost, let ftfy finish.

One pass = one document profile (:mod:`.detect`), then for every line:

1. cut it into units (:mod:`.units`); complete units the profile accepts become
   fixed decoded characters — the ``decode`` step;
2. units that lack bytes become positions with every candidate (:mod:`.lossy`)
   plus "leave it", and the locale's language model picks a path through the
   whole line (:mod:`.langmodel`) — the ``recover`` step. The model first learns
   from the document's undamaged text; after a first decision over every line it
   also learns from what was restored confidently (a word restored surely in one
   place helps where the same word is doubtful), and the lines are decided again,
   each without its own restorations;

Passes repeat while they change something (double mojibake needs two). Lines
that still look like mojibake afterwards go to ftfy, configured never to touch
anything but encodings. Every step that changed something goes into the plan.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from roadmapi18n.repair.detect import (
    Profile,
    has_mojibake_shape,
    maybe_mojibake,
    plausible,
    profile_document,
    unit_strength,
)
from roadmapi18n.repair.langmodel import LanguageModel, Option, Position, guess_language, model_for
from roadmapi18n.repair.langmodel.priors import is_han
from roadmapi18n.repair.lossy import Candidate, candidates
from roadmapi18n.repair.plan import Edit, Step, apply_step
from roadmapi18n.repair.report import CharGuess, LineFinding, LineKind, RepairResult
from roadmapi18n.repair.units import Unit, iter_islands

__all__ = ["MAX_PASSES", "ftfy_config", "repair_text"]

log = logging.getLogger(__name__)
# Library code logs notices (e.g. "removed a byte-order mark"); the CLI shows them on stderr, a library user
# sees nothing unless they configure logging.
if not logging.getLogger("roadmapi18n").handlers:
    logging.getLogger("roadmapi18n").addHandler(logging.NullHandler())

MAX_PASSES = 3
"""Mojibake of mojibake of mojibake is the deepest we unwrap."""
SURE_ABOVE = 0.9
"""A first-pass restoration at least this confident informs the second decision of the other lines."""
DECIDED_ABOVE = 0.999
"""Lines whose every guess is at least this sure are not decided again (the second pass would not change them)."""
POOL_SHARE = 0.9
"""How likely two occurrences of the same damaged collocation are the same word (one sense per collocation)."""
POOL_PARTNERS = 32
"""How many other occurrences of a damaged collocation (the nearest ones) inform each occurrence."""
POOL_FLOOR = 0.05
"""Smallest posterior an occurrence is taken to give an option (so one occurrence cannot veto)."""

_Role = Literal["fixed", "decode", "recover"]


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a position came from in the line, and what it is for."""

    start: int
    end: int
    role: _Role
    unit: Unit | None = None
    candidates: tuple[Candidate, ...] = ()


@dataclass(slots=True)
class _LineWork:
    """One line during one pass: its positions and where they came from."""

    index: int
    line: str
    positions: list[Position] = field(default_factory=list)
    slots: list[_Slot] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        return any(slot.role == "recover" for slot in self.slots)

    @property
    def touched(self) -> bool:
        return any(slot.role != "fixed" for slot in self.slots)

    def add_fixed(self, start: int, end: int) -> None:
        for offset in range(start, end):
            self.positions.append(Position((Option(self.line[offset]),)))
            self.slots.append(_Slot(offset, offset + 1, "fixed"))


@dataclass(slots=True)
class _LineOutcome:
    """One line after one pass."""

    text: str
    middle: str
    """The line after the ``decode`` step only (what the ``recover`` edits are relative to)."""
    decode_edits: list[Edit]
    recover_edits: list[Edit]
    guesses: list[CharGuess]
    restored: tuple[tuple[str, bool], ...] = ()
    """Every position's text, and whether it is a confident restoration (for the document model)."""
    posteriors: dict[int, tuple[float, ...]] = field(default_factory=dict)
    """Position index -> the posterior of every option, for every damaged position."""


@cache
def ftfy_config() -> Any:
    """ftfy's settings for text that must never be harmed: fix encodings and nothing else.

    No HTML unescaping (Markdown and catalogs hold literal entities), no width,
    quote or ligature folding (full-width CJK punctuation and curly quotes are
    correct text), no Unicode normalisation (decomposed Vietnamese stays
    decomposed), no line-break, control-character or terminal-escape edits,
    and no replacing undecodable sequences with U+FFFD (we recover those ourselves).
    """
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=False,
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def repair_text(text: str, *, locale: str | None = None, profile: Profile | None = None) -> RepairResult:
    """Repair mojibake in ``text``; return the repaired text, the plan and what was found per line.

    ``profile`` lets a caller that saw more text (a whole catalog) impose the
    document-level misreading on one piece of it.

    >>> repair_text("### Kh√°c\\nM√¥ h√¨nh").text
    '### Khác\\nMô hình'
    >>> repair_text("資料，「完成」").changed
    False
    """
    if not has_mojibake_shape(text):
        # No lead byte followed by a continuation byte anywhere, no U+FFFD: nothing decodes.
        return RepairResult(original=text, text=text, locale=locale)
    current = text
    plan: list[Step] = []
    findings: dict[int, dict[str, Any]] = {}
    first_profile: Profile | None = None
    used_locale = locale
    # Our passes first; when they find nothing more, ftfy gets a turn; whatever ftfy changed may
    # reveal another layer, so go round again until neither changes anything (a fixed point,
    # which is what makes repair idempotent), within a bound.
    for number in range(2 * MAX_PASSES):
        lines = current.split("\n")
        this_profile = profile if (number == 0 and profile is not None) else profile_document(lines)
        steps: list[Step] = []
        if this_profile is not None:
            first_profile = first_profile or this_profile
            steps, outcomes, used_locale = _run_pass(lines, this_profile, locale)
        if steps:
            assert this_profile is not None
            for step in steps:
                plan.append(step)
                current = apply_step(current, step)
            _merge(findings, outcomes, lines, this_profile)
            continue
        fixed = _ftfy_pass(current, plan, findings)
        if fixed == current:
            break
        current = fixed
    return _result(text, current, plan, findings, first_profile, used_locale)


def _run_pass(
    lines: list[str], profile: Profile, locale: str | None
) -> tuple[list[Step], dict[int, _LineOutcome], str | None]:
    works = [_plan_line(index, line, profile) for index, line in enumerate(lines) if maybe_mojibake(line)]
    works = [work for work in works if work.touched]
    model_locale = locale
    model: LanguageModel | None = None
    if any(work.damaged for work in works):
        context = _intact_text(lines, works)
        sample = "\n".join(context)
        model_locale = locale or guess_language(sample)
        model = model_for(model_locale, sample).adapted(context)
    outcomes = {work.index: _finish_line(work, model) for work in works}
    if model is not None:
        outcomes = _decide_again(works, outcomes, model)
    return _steps(lines, outcomes, profile), outcomes, model_locale


def _decide_again(
    works: list[_LineWork], outcomes: dict[int, _LineOutcome], model: LanguageModel
) -> dict[int, _LineOutcome]:
    """The document-level pass: every doubtful line again, knowing the rest of the document.

    Two kinds of evidence from the other lines, each counted once: the pairs
    they restored confidently (the model's document cache), and, where the same
    damaged collocation recurs, their first-pass posteriors as option priors
    (pooling). A line never learns from its own restorations, and a pooled
    position does not also learn from the cache the pairs its partners restored
    around the very same collocation.
    """
    restored = [outcome.restored for outcome in outcomes.values() if any(sure for _, sure in outcome.restored)]
    refined = model.refined(restored) if restored else model
    pooled, partners = _pooled(works, outcomes)
    again: dict[int, _LineOutcome] = {}
    for work in works:
        first = outcomes[work.index]
        if work.index not in pooled and not (restored and _doubtful(first)):
            again[work.index] = first
            continue
        around = [
            outcomes[line].restored[max(0, index - 1) : index + 2] for line, index in partners.get(work.index, ())
        ]
        again[work.index] = _finish_line(pooled.get(work.index, work), refined.excluding(first.restored, *around))
    return again


def _doubtful(outcome: _LineOutcome) -> bool:
    """Whether a line has a guess the document-level evidence could still change."""
    return any(max(posteriors) < DECIDED_ABOVE for posteriors in outcome.posteriors.values())


def _pooled(
    works: list[_LineWork], outcomes: dict[int, _LineOutcome]
) -> tuple[dict[int, _LineWork], dict[int, set[tuple[int, int]]]]:
    """Lines again, each damaged position weighted by the other occurrences of the same damaged collocation.

    One sense per collocation: where the same mojibake (the damaged character and
    its two neighbours on one side, byte for byte) recurs in a document, it is
    almost always the same word. 預訓練 occurs eight times in seed 002, each time
    with 預 damaged and a different neighbour on the left; alone, each occurrence
    leans towards a different wrong reading, together they agree.

    The evidence of the other occurrences is a mixture (:data:`POOL_SHARE`): they
    may be another word (中需要 and 不需要 look the same), so however many agree,
    the prior stays bounded and a line that is sure of itself keeps its reading.
    Returns the lines with priors, and for each line the partner positions.
    """
    groups: dict[str, list[tuple[int, int]]] = {}
    for work in works:
        outcome = outcomes[work.index]
        for index in outcome.posteriors:
            for key in _collocations(work, outcome, index):
                groups.setdefault(key, []).append((work.index, index))
    groups = {key: members for key, members in groups.items() if len(members) > 1}
    if not groups:
        return {}, {}
    partners: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for members in groups.values():
        for at, member in enumerate(members):
            partners.setdefault(member, set()).update(other for other in _nearby(members, at) if other != member)
    logs: dict[tuple[int, int], list[float]] = {}

    def log_posteriors(member: tuple[int, int]) -> list[float]:
        """An occurrence's evidence, worked out once however many partners it has."""
        found = logs.get(member)
        if found is None:
            line, other = member
            found = logs[member] = [
                math.log(max(posterior, POOL_FLOOR)) for posterior in outcomes[line].posteriors[other]
            ]
        return found

    pooled: dict[int, _LineWork] = {}
    by_line: dict[int, set[tuple[int, int]]] = {}
    for work in works:
        positions = list(work.positions)
        for index in outcomes[work.index].posteriors:
            others = partners.get((work.index, index))
            if not others:
                continue
            by_line.setdefault(work.index, set()).update(others)
            shared = [0.0] * len(positions[index].options)
            for member in sorted(others):
                shared = [total + value for total, value in zip(shared, log_posteriors(member), strict=True)]
            best = max(shared)
            # A mixture: the occurrences are the same word (probability POOL_SHARE) or unrelated,
            # so however many agree, the prior never outweighs what the line itself says by much.
            priors = [-math.log(POOL_SHARE * math.exp(value - best) + 1.0 - POOL_SHARE) for value in shared]
            options = tuple(
                replace(option, prior=prior) for option, prior in zip(positions[index].options, priors, strict=True)
            )
            positions[index] = Position(options)
        if positions != work.positions:
            pooled[work.index] = _LineWork(work.index, work.line, positions, work.slots)
    return pooled, by_line


def _nearby(members: list[tuple[int, int]], at: int) -> list[tuple[int, int]]:
    """The :data:`POOL_PARTNERS` occurrences nearest to ``members[at]`` in the document (and it), or all of them.

    The mixture prior is saturated long before that many occurrences agree, and
    bounding them keeps a document that repeats one damaged word thousands of
    times linear: every occurrence would otherwise weigh every other.
    """
    if len(members) <= POOL_PARTNERS + 1:
        return members
    start = min(max(0, at - POOL_PARTNERS // 2), len(members) - POOL_PARTNERS - 1)
    return members[start : start + POOL_PARTNERS + 1]


def _collocations(work: _LineWork, outcome: _LineOutcome, index: int) -> list[str]:
    """Keys for a damaged position: its mojibake with the two characters after it, and with the two before.

    In alphabetic text a neighbour is part of the same word, not another word
    (Vietnamese "trọng" and "trường" both end in a damaged letter and "ng"), so
    there the key is the whole damaged word instead.
    """
    slots = work.slots
    restored = outcome.restored  # (text, sure) per position; not copied: this runs for every damaged position

    def wordlike(i: int) -> bool:
        return restored[i][0][:1].isalnum()

    def alphabetic(i: int) -> bool:
        first = restored[i][0][:1]
        return first.isalpha() and not is_han(first)

    if alphabetic(index):
        start, end = index, index + 1
        while start > 0 and alphabetic(start - 1):
            start -= 1
        while end < len(restored) and alphabetic(end):
            end += 1
        word = work.line[slots[start].start : slots[end - 1].end]
        return [f"{index - start}={word}"] if end - start > 2 else []
    keys: list[str] = []
    if index + 2 < len(slots) and wordlike(index + 1) and wordlike(index + 2):
        keys.append(">" + work.line[slots[index].start : slots[index + 2].end])
    if index >= 2 and wordlike(index - 2) and wordlike(index - 1):
        keys.append("<" + work.line[slots[index - 2].start : slots[index].end])
    return keys


def _intact_text(lines: list[str], works: list[_LineWork]) -> list[str]:
    """The document as far as nobody doubts it: clean lines, decoded characters, damage as line breaks."""
    by_index = {work.index: work for work in works}
    context: list[str] = []
    for index, line in enumerate(lines):
        work = by_index.get(index)
        if work is None:
            context.append(line)
        else:
            context.append("".join(p.options[0].text if p.fixed else "\n" for p in work.positions))
    return context


def _accept(unit: Unit, profile: Profile) -> bool:
    strength = unit_strength(unit)
    return strength >= 2 or (strength == 1 and profile.decode_weak)


def _plan_line(index: int, line: str, profile: Profile) -> _LineWork:
    codec = profile.codec
    work = _LineWork(index, line)
    cursor = 0
    for island in iter_islands(line, codec):
        for unit in island.units:
            work.add_fixed(cursor, unit.start)
            cursor = unit.end
            decoded = unit.decoded()
            if decoded is not None and _accept(unit, profile):
                work.positions.append(Position((Option(decoded),)))
                work.slots.append(_Slot(unit.start, unit.end, "decode", unit))
                continue
            if (unit.kind == "gap" and profile.lossy) or (unit.kind != "stray" and unit.has_wildcard):
                found = candidates(unit, profile.drop if unit.kind == "gap" else frozenset(), codec.undefined)
                if found:
                    original = line[unit.start : unit.end]
                    options = (*(Option(candidate.char) for candidate in found), Option(original, keep=True))
                    work.positions.append(Position(options))
                    work.slots.append(_Slot(unit.start, unit.end, "recover", unit, found))
                    continue
            work.add_fixed(unit.start, unit.end)
    work.add_fixed(cursor, len(line))
    return work


def _finish_line(work: _LineWork, model: LanguageModel | None) -> _LineOutcome:
    choices = model.decide(work.positions) if (model is not None and work.damaged) else None
    text: list[str] = []
    middle: list[str] = []
    decode_edits: list[Edit] = []
    recover_edits: list[Edit] = []
    guesses: list[CharGuess] = []
    restored: list[tuple[str, bool]] = []
    posteriors: dict[int, tuple[float, ...]] = {}
    out_len = 0
    mid_len = 0
    for index, (position, slot) in enumerate(zip(work.positions, work.slots, strict=True)):
        original = work.line[slot.start : slot.end]
        sure = False
        if slot.role == "decode":
            piece = position.options[0].text
            _extend_decode(decode_edits, slot)
            text.append(piece)
            middle.append(piece)
        elif slot.role == "recover" and choices is not None:
            choice = choices[index]
            option = position.options[choice.index]
            guesses.append(_guess(slot, position, choice.index, choice.posteriors, out_len + 1, original))
            posteriors[index] = choice.posteriors
            if not option.keep:
                candidate = slot.candidates[choice.index]
                recover_edits.append(Edit(mid_len, mid_len + len(original), candidate.inserted, candidate.replaced))
            piece = option.text
            text.append(piece)
            middle.append(original)
            sure = not option.keep and choice.confidence >= SURE_ABOVE
        else:
            piece = original
            text.append(piece)
            middle.append(original)
        restored.append((piece, sure))
        out_len += len(piece)
        mid_len += len(middle[-1])
    return _LineOutcome(
        "".join(text), "".join(middle), decode_edits, recover_edits, guesses, tuple(restored), posteriors
    )


def _extend_decode(edits: list[Edit], slot: _Slot) -> None:
    # Adjacent decoded units form one span: the bytes of a run of characters decode together.
    if edits and edits[-1].end == slot.start:
        edits[-1] = Edit(edits[-1].start, slot.end)
    else:
        edits.append(Edit(slot.start, slot.end))


def _guess(
    slot: _Slot, position: Position, chosen: int, posteriors: tuple[float, ...], column: int, original: str
) -> CharGuess:
    unit = slot.unit
    assert unit is not None
    ranked = sorted(range(len(position.options)), key=lambda i: -posteriors[i])[:8]
    option = position.options[chosen]
    guessed = "" if option.keep else _bytes_text(slot.candidates[chosen])
    present = " ".join("??" if byte < 0 else f"{byte:02X}" for byte in unit.data)
    return CharGuess(
        column=column,
        original=original,
        present=present,
        chosen=option.text,
        guessed_bytes=guessed,
        confidence=posteriors[chosen],
        candidates=tuple((position.options[i].text, posteriors[i]) for i in ranked),
        kept=option.keep,
    )


def _bytes_text(candidate: Candidate) -> str:
    return " ".join(f"0x{byte:02X}@{index}" for index, byte in candidate.guessed)


def _steps(lines: list[str], outcomes: dict[int, _LineOutcome], profile: Profile) -> list[Step]:
    decode: list[Edit] = []
    recover: list[Edit] = []
    offset = 0
    mid_offset = 0
    for index, line in enumerate(lines):
        outcome = outcomes.get(index)
        if outcome is not None:
            decode.extend(Edit(e.start + offset, e.end + offset) for e in outcome.decode_edits)
            recover.extend(
                Edit(e.start + mid_offset, e.end + mid_offset, e.inserted, e.replaced) for e in outcome.recover_edits
            )
            mid_offset += len(outcome.middle) + 1
        else:
            mid_offset += len(line) + 1
        offset += len(line) + 1
    name = profile.codec.name
    steps: list[Step] = []
    if decode:
        touched = len({i for i, o in outcomes.items() if o.decode_edits})
        steps.append(
            Step(
                "decode",
                name,
                tuple(decode),
                f"document-level decoding: {profile.label}, {len(decode)} span(s) on {touched} line(s)",
            )
        )
    if recover:
        touched = len({i for i, o in outcomes.items() if o.recover_edits})
        steps.append(
            Step(
                "recover",
                name,
                tuple(recover),
                f"lossy recovery: {profile.label} with bytes {_hex(profile.drop)} dropped, "
                f"{len(recover)} character(s) on {touched} line(s)",
            )
        )
    return steps


def _hex(values: frozenset[int]) -> str:
    return " ".join(f"0x{value:02X}" for value in sorted(values))


def _merge(
    findings: dict[int, dict[str, Any]], outcomes: dict[int, _LineOutcome], lines: list[str], profile: Profile
) -> None:
    for index, outcome in outcomes.items():
        if outcome.text == lines[index] and not any(not g.kept for g in outcome.guesses):
            continue
        entry = findings.setdefault(index, {"encodings": [], "kind": "lossless", "guesses": []})
        entry["encodings"].append(profile.codec.label)
        if outcome.recover_edits:
            entry["kind"] = "lossy"
        entry["guesses"].extend(outcome.guesses)


def _ftfy_pass(text: str, plan: list[Step], findings: dict[int, dict[str, Any]]) -> str:
    import ftfy

    config = ftfy_config()
    edits: list[Edit] = []
    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if maybe_mojibake(line):
            fixed, explanation = ftfy.fix_and_explain(line, config)
            if fixed != line and explanation and _plausible_fix(line, fixed):
                edits.append(
                    Edit(offset, offset + len(line), ftfy_steps=tuple((str(a), str(b)) for a, b in explanation))
                )
                entry = findings.setdefault(index, {"encodings": [], "kind": "ftfy", "guesses": []})
                entry["encodings"].append("ftfy: " + ", ".join(f"{a} {b}" for a, b in explanation))
                if entry["kind"] == "lossless" and not entry["encodings"][:-1]:
                    entry["kind"] = "ftfy"
        offset += len(line) + 1
    if not edits:
        return text
    step = Step("ftfy", "", tuple(edits), f"ftfy (encoding fixes only) on {len(edits)} line(s)")
    plan.append(step)
    return apply_step(text, step)


def _plausible_fix(line: str, fixed: str) -> bool:
    """Whether every character ftfy introduced belongs to a block real text uses (ftfy also tries cp437...)."""
    before = set(line)
    return all(char.isascii() or char in before or plausible(char) for char in fixed)


def _result(
    original: str,
    text: str,
    plan: list[Step],
    findings: dict[int, dict[str, Any]],
    profile: Profile | None,
    locale: str | None,
) -> RepairResult:
    before = original.split("\n")
    after = text.split("\n")
    lines: list[LineFinding] = []
    for index in sorted(findings):
        entry = findings[index]
        kind: LineKind = entry["kind"]
        lines.append(
            LineFinding(
                line=index + 1,
                original=before[index],
                repaired=after[index],
                encoding=_describe(entry["encodings"]),
                kind=kind,
                guesses=tuple(entry["guesses"]),
            )
        )
    notes: list[str] = []
    if profile is not None and profile.lossy:
        notes.append(f"bytes {_hex(profile.drop)} were lost in {profile.codec.label}; lost characters were guessed")
    return RepairResult(
        original=original,
        text=text,
        plan=tuple(plan),
        lines=tuple(lines),
        encoding=profile.label if profile is not None else None,
        locale=locale,
        notes=tuple(notes),
    )


def _describe(encodings: list[str]) -> str:
    readings = [e for e in encodings if not e.startswith("ftfy")]
    text = ""
    if readings:
        text = "utf-8 read as " + readings[0]
        for again in readings[1:]:
            text += f", then as {again}"
    extra = [e for e in encodings if e.startswith("ftfy")]
    if extra:
        text = f"{text}; {extra[0]}" if text else extra[0]
    return text
