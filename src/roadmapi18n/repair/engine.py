"""The repair pipeline: profile the document, decode what round-trips, guess what was lost, let ftfy finish.

Only *suspect* lines are looked at (:data:`.detect.SUSPECT`: some code page's
lead byte followed by a continuation byte, a U+FFFD, a C1 control); clean
lines cost one regex scan. One pass = one document profile (:mod:`.detect`),
then for every suspect line:

1. the fast path: lines that are mojibake from end to end decode whole, 64
   at a time, in two C calls (:func:`.detect.decode_line`) — the ``decode`` step;
2. otherwise the line is cut into islands and units (:mod:`.units`), and
   :func:`.detect.judge_line` says which islands may be touched at all (clean
   text next to mojibake, or clean text alone, is left as it is). Complete
   units there become fixed decoded characters (``decode``); units that lack
   bytes become positions with every candidate in a script the locale writes
   (:mod:`.lossy`, :mod:`.scripts`) plus "leave it", and the locale's language
   model picks a path through the line (:mod:`.langmodel`) — the ``recover``
   step. The model first learns from the document's undamaged text; after a
   first decision over every line it also learns from what was restored
   confidently, and the doubtful lines are decided again, each without its own
   restorations.

Passes repeat while they change something (double mojibake needs two; a
document with two misreadings needs one per page); when ours find nothing
more, ftfy gets a turn on the lines its own detector calls bad, configured
never to touch anything but encodings. The loop stops at a fixed point, which
is what makes a second repair change nothing. Every step that changed
something goes into the plan. The work is linear in the text: each pass scans
only the lines the previous one changed, and the profile reads a bounded
sample.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import os
import pickle
import signal
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import accumulate, chain
from typing import Any, BinaryIO, Literal

from roadmapi18n.perf import can_fork, die_with_parent, jobs_setting, usable_cores
from roadmapi18n.progress import ProgressFn
from roadmapi18n.repair.codecs import CODECS, ByteCodec, codec_by_name
from roadmapi18n.repair.detect import (
    SUSPECT,
    Profile,
    decode_line,
    judge_line,
    plausible,
    rank_suspects,
    reads_like_a_word,
    suspect,
    unit_strength,
)
from roadmapi18n.repair.langmodel import Choice, LanguageModel, Option, Position, Restored, guess_language, model_for
from roadmapi18n.repair.langmodel.priors import is_han
from roadmapi18n.repair.lossy import Candidate, candidates
from roadmapi18n.repair.plan import Edit, Step
from roadmapi18n.repair.report import CharGuess, LeftPiece, LineFinding, LineKind, RepairResult
from roadmapi18n.repair.scripts import ForeignChar, ScriptSet, document_scripts, locale_scripts, script_name
from roadmapi18n.repair.units import REPLACEMENT, Unit, iter_islands

__all__ = ["MAX_ROUNDS", "ftfy_config", "repair_text"]

log = logging.getLogger(__name__)
# Library code logs notices (e.g. "removed a byte-order mark"); the CLI shows them on stderr, a library user
# sees nothing unless they configure logging.
if not logging.getLogger("roadmapi18n").handlers:
    logging.getLogger("roadmapi18n").addHandler(logging.NullHandler())

MAX_ROUNDS = 8
"""At most this many passes (ours or ftfy's): three layers of mojibake, each maybe from two code pages."""
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
        positions = self.positions
        slots = self.slots
        for offset in range(start, end):
            positions.append(_fixed(self.line[offset]))
            slots.append(_fixed_slot(offset))


@cache
def _fixed(char: str) -> Position:
    """The position of a character nobody doubts (positions are immutable: one per character serves every line)."""
    return Position((Option(char),))


@lru_cache(maxsize=1 << 16)
def _fixed_slot(offset: int) -> _Slot:
    """The slot of a character left as it is at ``offset`` (immutable too: one per offset serves every line)."""
    return _Slot(offset, offset + 1, "fixed")


@dataclass(slots=True)
class _LineOutcome:
    """One line after one pass."""

    text: str
    middle: str
    """The line after the ``decode`` step only (what the ``recover`` edits are relative to)."""
    decode_edits: list[Edit]
    recover_edits: list[Edit]
    guessed: list[tuple[_Slot, Position, Choice, int, str]]
    """What :attr:`guesses` are made of: each damaged position's slot, position, choice, column and original."""
    restored: tuple[tuple[str, bool], ...] = ()
    """Every position's text, and whether it is a confident restoration (for the document model)."""
    posteriors: dict[int, tuple[float, ...]] = field(default_factory=dict)
    """Position index -> the posterior of every option, for every damaged position."""
    choices: dict[int, Choice] = field(default_factory=dict)
    """Position index -> what the model chose, for every damaged position."""
    _guesses: list[CharGuess] | None = None

    @property
    def guesses(self) -> list[CharGuess]:
        """Every damaged position's guess, for the report (made when asked: most first decisions are made again)."""
        if self._guesses is None:
            self._guesses = [
                _guess(slot, position, choice.index, choice.posteriors, column, original)
                for slot, position, choice, column, original in self.guessed
            ]
        return self._guesses


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


def repair_text(
    text: str, *, locale: str | None = None, profile: Profile | None = None, progress: ProgressFn | None = None
) -> RepairResult:
    """Repair mojibake in ``text``; return the repaired text, the plan and what was found per line.

    ``profile`` lets a caller that saw more text (a whole catalog) impose the
    document-level misreading on one piece of it. ``progress`` hears about the
    slow part (lines whose lost bytes a language model has to guess).

    >>> repair_text("### Kh√°c\\nM√¥ h√¨nh").text
    '### Khác\\nMô hình'
    >>> repair_text("資料，「完成」").changed
    False
    """
    if text.isascii() or SUSPECT.search(text) is None:  # the cheap superset first
        return RepairResult(original=text, text=text, locale=locale)
    with _collector_paused():
        return _repair(text, locale, profile, progress)


def _repair(text: str, locale: str | None, profile: Profile | None, progress: ProgressFn | None) -> RepairResult:
    jobs_setting()  # a bad ROADMAPI18N_JOBS is an error before any work, not after the model has loaded
    state = _State(text)
    findings = _Findings()
    first_profile: Profile | None = None
    used_locale = locale
    for number in range(MAX_ROUNDS):
        # Our passes first, trying each established misreading in turn until one changes something;
        # when none does, ftfy gets a turn; whatever changed may reveal another layer, so go round
        # again until nothing changes (a fixed point: a second repair would do nothing).
        profiles = rank_suspects([state.lines[index] for index in state.suspects])
        imposed = [profile] if number == 0 and profile is not None else []
        for this_profile in chain(imposed, profiles):
            done = _run_pass(state, this_profile, locale, progress)
            if done.steps:
                first_profile = first_profile or this_profile
                used_locale = done.locale
                _merge(findings, done, state.lines, this_profile)
                changed = {**done.decoded, **{index: outcome.text for index, outcome in done.outcomes.items()}}
                state.apply(done.steps, changed, done.quiet)
                break
        else:
            if not _ftfy_pass(state, findings):
                break
    return _result(text, state, findings, first_profile, used_locale)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration (as it was before, after).

    A lossy repair allocates hundreds of thousands of small tuples and lists
    (lattices, spans, choices) that live until the pass ends, and no reference
    cycles; the collector would walk them, and the language model's tables,
    over and over: a fifth of the time of a Chinese repair.

    What survives the repair is mostly kept for good (the model's clause
    lattices) and sits in the youngest generation, half a million objects: the
    first allocation after the collector is back would walk them all, a tenth
    of a second for seed 002, and the next older collection again. Freezing and
    unfreezing moves every tracked object to the oldest generation in constant
    time, where only full collections look at it (as they would have anyway).
    Not when objects are frozen already (by the process itself, or, on Python 3.12, by the interpreter
    at start-up): unfreezing would undo that.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        gc.enable()


@dataclass(slots=True)
class _State:
    """The text being repaired, its lines, the suspect ones, and the plan so far."""

    text: str
    lines: list[str] = field(default_factory=list)
    suspects: list[int] = field(default_factory=list)
    """Indices of the lines :func:`.detect.suspect` (kept up to date: only changed lines are scanned again)."""
    plan: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self.suspects = [index for index, line in enumerate(self.lines) if suspect(line)]

    def offsets(self) -> list[int]:
        """Where each line starts in :attr:`text`."""
        lengths = [0, *accumulate(map(len, self.lines[:-1]))]  # C-level: no Python frame per line
        return [length + index for index, length in enumerate(lengths)]

    def apply(self, steps: Sequence[Step], changed: dict[int, str], quiet: set[int]) -> None:
        """Record ``steps``; ``changed`` maps every line they touch to its new text; ``quiet`` ones are
        known not to be suspects any more."""
        # The lines know the result already; the plan's steps are what apply_plan replays (tests check both agree).
        self.plan.extend(steps)
        for index, value in changed.items():
            self.lines[index] = value
        self.text = "\n".join(self.lines)
        self.suspects = [
            index
            for index in self.suspects
            if index not in changed or (index not in quiet and suspect(self.lines[index]))
        ]


@dataclass(slots=True)
class _Pass:
    """What one pass did: the plan steps, and the new text of every line it changed."""

    steps: list[Step]
    outcomes: dict[int, _LineOutcome]
    """Lines that went through islands and units (the slow path), with their edits and guesses."""
    decoded: dict[int, str]
    """Lines that decoded whole (the fast path)."""
    quiet: set[int]
    """Decoded lines known to be no suspects any more (their block shows no trace of a misreading)."""
    locale: str | None
    """The locale whose model chose among candidates (given or guessed)."""


def _run_pass(state: _State, profile: Profile, locale: str | None, progress: ProgressFn | None) -> _Pass:
    codec = profile.codec
    lines = state.lines
    decoded, rest, quiet = _decode_blocks(lines, state.suspects, profile, progress)
    works: list[_LineWork] = []
    decode_weak = profile.decode_weak
    # A line's plan depends on its text and the profile alone: a line that recurs is planned once.
    planned: dict[str, _LineWork] = {}
    for done, index in enumerate(rest):
        if progress is not None and done % 2000 == 0:
            progress("decoding line by line", done, len(rest))
        line = lines[index]
        whole = decode_line(line, codec, decode_weak=decode_weak)
        if whole is not None:
            decoded[index] = whole
            continue
        if REPLACEMENT not in line and not codec.pair.search(line):
            continue  # nothing complete and nothing that kept a continuation byte: nothing to do here
        known = planned.get(line)
        if known is None:
            known = planned[line] = _plan_line(index, line, profile)
        if known.touched:
            works.append(_LineWork(index, line, known.positions, known.slots))
    model_locale = locale
    model: LanguageModel | None = None
    if any(work.damaged for work in works):
        context = _intact_text(lines, works, decoded)
        sample = "\n".join(context)
        model_locale = locale or guess_language(sample)
        allowed = locale_scripts(locale) if locale else locale_scripts(model_locale).union(document_scripts(sample))
        restricted: dict[str, _LineWork] = {}
        verdicts: dict[str, bool] = {}  # candidate -> allowed (the same candidates recur on every line)
        for at, work in enumerate(works):
            known = restricted.get(work.line)
            if known is None:
                known = restricted[work.line] = _restricted(work, allowed, verdicts)
            works[at] = _LineWork(work.index, work.line, known.positions, known.slots)
        model = model_for(model_locale, sample).adapted(context)
    outcomes = _decide_lines(works, model, progress)
    return _Pass(_steps(state, outcomes, decoded, profile), outcomes, decoded, quiet, model_locale)


def _decide_lines(
    works: list[_LineWork], model: LanguageModel | None, progress: ProgressFn | None
) -> dict[int, _LineOutcome]:
    """Every line's outcome: the first decisions, then the doubtful lines again with the whole document.

    With many guesses to make, the damaged lines are shared out between this process and forked
    helpers (:func:`_decide_in_helpers`); each line is decided by exactly the computation this
    process would have run, so the outcomes are the same either way.
    """
    damaged = [work for work in works if work.damaged]
    jobs = _decision_jobs(damaged) if model is not None else 1
    if jobs > 1 and model is not None:
        return _decide_in_helpers(works, damaged, model, progress, jobs)
    outcomes = _first_decisions(works, model, progress)
    if model is not None and damaged:
        outcomes.update(_decide_again(damaged, outcomes, model, progress))
    return outcomes


def _first_decisions(
    works: list[_LineWork],
    model: LanguageModel | None,
    progress: ProgressFn | None,
    share: frozenset[str] | None = None,
) -> dict[int, _LineOutcome]:
    """The first decision of every line of ``works`` (the damaged ones only if their text is in ``share``)."""
    # The first decision of a line depends on its positions and the document's model alone, so a line
    # that recurs (a repeated heading, a document pasted twice) is decided once: repeats cost O(1) each.
    # Outcomes are shared between such lines; nothing mutates them.
    outcomes: dict[int, _LineOutcome] = {}
    decided: dict[str, _LineOutcome] = {}
    mine = works if share is None else [work for work in works if not work.damaged or work.line in share]
    for done, work in enumerate(mine):
        outcome = decided.get(work.line)
        if outcome is None:
            outcome = decided[work.line] = _finish_line(work, model)
        outcomes[work.index] = outcome
        if progress is not None and work.damaged:
            progress("guessing lost bytes", done + 1, len(mine))
    return outcomes


PARALLEL_FROM = 200
"""Guesses (damaged positions) from which a pass's lines are decided in several processes: below it the
decisions take a tenth of a second or less, and forking the process and sending outcomes back cost more."""
MAX_HELPERS = 3
"""Forked helpers at most: each holds its own copy of the clause lattices it builds."""


def _decision_jobs(damaged: list[_LineWork]) -> int:
    """How many processes decide the damaged lines: ``ROADMAPI18N_JOBS`` if set, else the usable cores, when the
    lines hold enough guesses to be worth a fork (never more processes than distinct lines)."""
    setting = jobs_setting()
    if not can_fork() or _guesses(damaged) < PARALLEL_FROM:
        return 1
    lines = len({work.line for work in damaged})
    return max(1, min(setting or usable_cores(), MAX_HELPERS + 1, lines))


def _guesses(works: Sequence[_LineWork]) -> int:
    return sum(1 for work in works for slot in work.slots if slot.role == "recover")


def _shares(damaged: list[_LineWork], jobs: int) -> list[frozenset[str]]:
    """The distinct damaged lines cut into ``jobs`` runs of neighbouring lines with about as many guesses each
    (neighbours share words, so a run's clause lattices serve each other; a line that recurs goes to one
    process, which decides it once)."""
    distinct: dict[str, int] = {}
    for work in damaged:
        if work.line not in distinct:
            distinct[work.line] = 1 + _guesses([work])
    total = sum(distinct.values())
    shares: list[set[str]] = [set() for _ in range(jobs)]
    done = 0
    for line, load in distinct.items():
        shares[min(jobs - 1, done * jobs // total)].add(line)
        done += load
    return [frozenset(share) for share in shares]


def _decide_in_helpers(
    works: list[_LineWork],
    damaged: list[_LineWork],
    model: LanguageModel,
    progress: ProgressFn | None,
    jobs: int,
) -> dict[int, _LineOutcome]:
    """:func:`_decide_lines` with the damaged lines shared out between this process and ``jobs - 1`` forked helpers.

    The helpers inherit the loaded model (only choices are pickled). Each makes the first decisions
    of its share and sends them; this process sends each helper everyone else's, so that all learn from
    the same whole document, and each decides its share again. A helper that fails (killed, out of
    memory) costs only time: its share is decided here, by the same computation.
    """
    mine, *theirs = _shares(damaged, jobs)
    model.preload()
    by_index = {work.index: work for work in damaged}
    helpers: list[_Helper] = []
    try:
        for share in theirs:
            try:
                helpers.append(_Helper.fork(works, damaged, model, share))
            except OSError:  # no process to spare (a process limit, memory): these lines are decided here too
                mine |= share
        first = _first_decisions(works, model, progress, mine)
        for helper in helpers:
            found = helper.receive(by_index)
            first.update(found if found is not None else _first_decisions(damaged, model, None, helper.share))
        outcomes = {work.index: first[work.index] for work in works}  # the serial order, which the model sees
        for helper in helpers:
            helper.send({work.index: outcomes[work.index] for work in damaged if work.index not in helper.decided})
        again = _decide_again(damaged, outcomes, model, progress, mine)
        for helper in helpers:
            found = helper.receive(by_index)
            again.update(found if found is not None else _decide_again(damaged, outcomes, model, None, helper.share))
    finally:
        for helper in helpers:
            helper.close()
    outcomes.update(again)
    return outcomes


def _choices_of(outcomes: dict[int, _LineOutcome]) -> dict[int, dict[int, Choice]]:
    """What is sent between processes: each line's choices (the receiver has the lines' work already)."""
    return {index: outcome.choices for index, outcome in outcomes.items()}


def _put(pipe: BinaryIO, message: object) -> None:
    """Send ``message`` down a pipe to or from a helper."""
    pipe.write(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
    pipe.flush()


def _outcomes_from(sent: dict[int, dict[int, Choice]], by_index: dict[int, _LineWork]) -> dict[int, _LineOutcome]:
    return {index: _line_outcome(by_index[index], choices) for index, choices in sent.items()}


class _Helper:
    """A forked process deciding one share of the damaged lines (see :func:`_decide_in_helpers`)."""

    def __init__(self, pid: int, share: frozenset[str], decided: set[int], reader: BinaryIO, writer: BinaryIO) -> None:
        self.pid = pid
        self.share = share
        self.decided = decided
        """The indices of the lines of its share (their first decisions come from the helper)."""
        self._reader = reader
        self._writer = writer
        self._failed = False
        self._received = 0

    @classmethod
    def fork(
        cls, works: list[_LineWork], damaged: list[_LineWork], model: LanguageModel, share: frozenset[str]
    ) -> _Helper:
        to_parent_read, to_parent_write = os.pipe()
        to_helper_read, to_helper_write = os.pipe()
        parent = os.getpid()
        decided = {work.index for work in damaged if work.line in share}
        try:
            pid = os.fork()
        except OSError:
            for end in (to_parent_read, to_parent_write, to_helper_read, to_helper_write):
                os.close(end)
            raise
        if pid == 0:  # the helper: never returns
            os.close(to_parent_read)
            os.close(to_helper_write)
            code = 1
            try:
                die_with_parent(parent)
                # Nothing of the parent's is written from here: a lock another thread of the parent held when
                # it forked (a caller's own thread's, the log's stream's) would never be released in this copy.
                logging.disable(logging.CRITICAL)
                with os.fdopen(to_parent_write, "wb") as out, os.fdopen(to_helper_read, "rb") as into:
                    first = _first_decisions(works, model, None, share)  # its share, and the undamaged lines
                    _put(out, _choices_of({i: first[i] for i in first if i in decided}))
                    others = _outcomes_from(pickle.load(into), {work.index: work for work in damaged})
                    outcomes = {**others, **first}
                    outcomes = {work.index: outcomes[work.index] for work in works}
                    again = _decide_again(damaged, outcomes, model, None, share)
                    _put(out, _choices_of(again))
                code = 0
            finally:
                os._exit(code)  # no clean-up of the parent's state: it is the parent's
        os.close(to_parent_write)
        os.close(to_helper_read)
        return cls(pid, share, decided, os.fdopen(to_parent_read, "rb"), os.fdopen(to_helper_write, "wb"))

    def receive(self, by_index: dict[int, _LineWork]) -> dict[int, _LineOutcome] | None:
        """The helper's next outcomes (``by_index``: the damaged lines' work); None if it failed (then the caller
        decides its share)."""
        if self._failed:
            return None
        try:
            found = pickle.load(self._reader)
        except (EOFError, OSError, pickle.UnpicklingError):
            found = None
        if not isinstance(found, dict) or found.keys() != self.decided:
            self._fail()
            return None
        self._received += 1
        return _outcomes_from(found, by_index)

    def send(self, outcomes: dict[int, _LineOutcome]) -> None:
        if self._failed:
            return
        try:
            _put(self._writer, _choices_of(outcomes))
        except OSError:  # a broken pipe: the helper is gone
            self._fail()

    def _fail(self) -> None:
        self._failed = True
        log.info("a helper deciding lost bytes failed; its lines are decided in the main process")
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        """Close the pipes and reap the process (killed first if it is still at work: an error stopped the pass)."""
        for stream in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(OSError):
            if self._received < 2:  # stopped early: it may still be at work, or waiting for outcomes
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)  # having sent its last outcomes, it exits at once


def _decode_blocks(
    lines: list[str], suspects: list[int], profile: Profile, progress: ProgressFn | None
) -> tuple[dict[int, str], list[int], set[int]]:
    """Suspect lines that decode whole, tried :data:`BLOCK_LINES` at a time.

    The lines of a block are joined and decoded in one C call; when that works,
    every one of them decoded whole, and if the decoded block shows no trace of
    a misreading none of them is a suspect any more. Returns the decoded lines,
    the suspects left to try one by one (those of blocks that did not decode),
    and the decoded lines known quiet.
    """
    decoded: dict[int, str] = {}
    rest: list[int] = []
    quiet: set[int] = set()
    for at in range(0, len(suspects), BLOCK_LINES):
        block = suspects[at : at + BLOCK_LINES]
        if progress is not None and at % (BLOCK_LINES * 32) == 0:
            progress("decoding", at, len(suspects))
        whole = decode_line(
            "\n".join([lines[index] for index in block]), profile.codec, decode_weak=profile.decode_weak
        )
        if whole is None:
            rest.extend(block)
            continue
        decoded.update(zip(block, whole.split("\n"), strict=True))
        if SUSPECT.search(whole) is None:
            quiet.update(block)
    return decoded, rest, quiet


BLOCK_LINES = 64
"""Suspect lines decoded together at most (a block that fails is tried again line by line)."""


def _restricted(work: _LineWork, allowed: ScriptSet, verdicts: dict[str, bool]) -> _LineWork:
    """``work`` without candidates in scripts the locale does not write (a damaged unit left without any stays);
    ``verdicts`` remembers ``allowed.allows`` of the candidates seen so far."""
    if not work.damaged:
        return work
    positions: list[Position] = []
    slots: list[_Slot] = []
    for position, slot in zip(work.positions, work.slots, strict=True):
        if slot.role != "recover":
            positions.append(position)
            slots.append(slot)
            continue
        kept: list[int] = []
        for i, candidate in enumerate(slot.candidates):
            verdict = verdicts.get(candidate.char)
            if verdict is None:
                verdict = verdicts[candidate.char] = allowed.allows(candidate.char)
            if verdict:
                kept.append(i)
        if len(kept) == len(slot.candidates):
            positions.append(position)
            slots.append(slot)
        elif kept:
            options = (*(position.options[i] for i in kept), position.options[-1])
            positions.append(Position(options))
            slots.append(replace(slot, candidates=tuple(slot.candidates[i] for i in kept)))
        else:
            for offset in range(slot.start, slot.end):
                positions.append(_fixed(work.line[offset]))
                slots.append(_fixed_slot(offset))
    return _LineWork(work.index, work.line, positions, slots)


def _decide_again(
    works: list[_LineWork],
    outcomes: dict[int, _LineOutcome],
    model: LanguageModel,
    progress: ProgressFn | None,
    share: frozenset[str] | None = None,
) -> dict[int, _LineOutcome]:
    """The document-level pass: every doubtful line again, knowing the rest of the document
    (every line of ``works`` learns from all of them; only those whose text is in ``share`` are decided, if given).

    Two kinds of evidence from the other lines, each counted once: the pairs
    they restored confidently (the model's document cache), and, where the same
    damaged collocation recurs, their first-pass posteriors as option priors
    (pooling). A line never learns from its own restorations, and a pooled
    position does not also learn from the cache the pairs its partners restored
    around the very same collocation.

    A line is decided again once per distinct (text, pooled priors, partners'
    restorations): that is everything the decision depends on, so the copies of
    a line that recurs with the same evidence (a document pasted twice, away
    from its ends) share one decision.
    """
    restored = [outcome.restored for outcome in outcomes.values() if any(sure for _, sure in outcome.restored)]
    refined = model.refined(restored) if restored else model
    pooled, partners = _pooled(works, outcomes)
    again: dict[int, _LineOutcome] = {}
    decided: dict[tuple[str, _Evidence, tuple[Restored, ...]], _LineOutcome] = {}
    mine = works if share is None else [work for work in works if work.line in share]
    for done, work in enumerate(mine):
        first = outcomes[work.index]
        if work.index not in pooled and not (restored and _doubtful(first)):
            again[work.index] = first
            continue
        # What the partners restored next to the collocation; only its count of each pair matters to the model.
        nearby = partners.get(work.index, ())
        around = tuple(sorted(outcomes[line].restored[max(0, index - 1) : index + 2] for line, index in nearby))
        base, evidence = pooled.get(work.index, (work, ()))
        key = (work.line, evidence, around)
        outcome = decided.get(key)
        if outcome is None:
            # A guess the first pass was all but certain of, and no other occurrence weighs on, stays as it is:
            # only the clauses with something left to decide are searched again.
            frozen = {
                index: choice
                for index, choice in first.choices.items()
                if choice.confidence >= DECIDED_ABOVE and base.positions[index] is work.positions[index]
            }
            outcome = decided[key] = _finish_line(base, refined.excluding(first.restored, *around), frozen)
        again[work.index] = outcome
        if progress is not None:
            progress("guessing again, with the whole document", done + 1, len(mine))
    return again


_Evidence = tuple[tuple[int, tuple[float, ...]], ...]
"""The pooled priors of a line: (position index, prior of every option) for each pooled position."""


def _doubtful(outcome: _LineOutcome) -> bool:
    """Whether a line has a guess the document-level evidence could still change."""
    return any(max(posteriors) < DECIDED_ABOVE for posteriors in outcome.posteriors.values())


def _pooled(
    works: list[_LineWork], outcomes: dict[int, _LineOutcome]
) -> tuple[dict[int, tuple[_LineWork, _Evidence]], dict[int, set[tuple[int, int]]]]:
    """Lines again, each damaged position weighted by the other occurrences of the same damaged collocation.

    One sense per collocation: where the same mojibake (the damaged character and
    its two neighbours on one side, byte for byte) recurs in a document, it is
    almost always the same word. 預訓練 occurs eight times in seed 002, each time
    with 預 damaged and a different neighbour on the left; alone, each occurrence
    leans towards a different wrong reading, together they agree.

    The evidence of the other occurrences is a mixture (:data:`POOL_SHARE`): they
    may be another word (中需要 and 不需要 look the same), so however many agree,
    the prior stays bounded and a line that is sure of itself keeps its reading.
    Returns the lines with priors (and the priors), and for each line the partner positions.
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
    # An occurrence's evidence is its first-pass posteriors; lines decided once share them (the same tuple), so
    # each distinct one is turned into logs once, and each distinct set of partners into priors once.
    kinds: dict[int, int] = {}
    logs: list[list[float]] = []
    priors_of: dict[tuple[int, ...], tuple[float, ...]] = {}

    def kind(member: tuple[int, int]) -> int:
        line, other = member
        posteriors = outcomes[line].posteriors[other]
        found = kinds.get(id(posteriors))
        if found is None:
            found = kinds[id(posteriors)] = len(logs)
            logs.append([math.log(max(posterior, POOL_FLOOR)) for posterior in posteriors])
        return found

    pooled: dict[int, tuple[_LineWork, _Evidence]] = {}
    by_line: dict[int, set[tuple[int, int]]] = {}
    for work in works:
        positions = list(work.positions)
        evidence: list[tuple[int, tuple[float, ...]]] = []
        for index in outcomes[work.index].posteriors:
            others = partners.get((work.index, index))
            if not others:
                continue
            by_line.setdefault(work.index, set()).update(others)
            together = tuple(sorted(kind(member) for member in others))
            priors = priors_of.get(together)
            if priors is None:
                # fsum: the same partners give the same sum in any order (so repeated lines share priors).
                shared = [math.fsum(column) for column in zip(*(logs[k] for k in together), strict=True)]
                best = max(shared)
                # A mixture: the occurrences are the same word (probability POOL_SHARE) or unrelated,
                # so however many agree, the prior never outweighs what the line itself says by much.
                priors = priors_of[together] = tuple(
                    -math.log(POOL_SHARE * math.exp(value - best) + 1.0 - POOL_SHARE) for value in shared
                )
            options = tuple(
                Option(option.text, option.keep, prior)
                for option, prior in zip(positions[index].options, priors, strict=True)
            )
            positions[index] = Position(options)
            evidence.append((index, priors))
        if evidence:
            pooled[work.index] = (_LineWork(work.index, work.line, positions, work.slots), tuple(evidence))
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


def _intact_text(lines: list[str], works: list[_LineWork], decoded: dict[int, str]) -> list[str]:
    """The document as far as nobody doubts it: clean lines, decoded characters, damage as line breaks."""
    context = list(lines)
    for index, text in decoded.items():
        context[index] = text
    for work in works:
        context[work.index] = "".join(p.options[0].text if p.fixed else "\n" for p in work.positions)
    return context


def _accept(unit: Unit, profile: Profile) -> bool:
    strength = unit_strength(unit)
    return strength >= 2 or (strength == 1 and profile.decode_weak)


def _plan_line(index: int, line: str, profile: Profile) -> _LineWork:
    codec = profile.codec
    work = _LineWork(index, line)
    cursor = 0
    for verdict in judge_line(line, codec, lossy=profile.lossy):
        if not verdict.accepted:
            continue  # clean text, or not enough evidence that it is not: left exactly as it is
        for unit in verdict.island.units:
            work.add_fixed(cursor, unit.start)
            cursor = unit.end
            decoded = unit.decoded()
            if decoded is not None and _accept(unit, profile):
                work.positions.append(_fixed(decoded))
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


def _finish_line(work: _LineWork, model: LanguageModel | None, frozen: dict[int, Choice] | None = None) -> _LineOutcome:
    """The line with the model's choices applied; positions in ``frozen`` keep the choice given there."""
    choices: list[Choice] | None = None
    if model is not None and work.damaged:
        positions = work.positions
        if frozen:
            positions = [
                Position((position.options[frozen[index].index],)) if index in frozen else position
                for index, position in enumerate(positions)
            ]
        choices = model.decide(positions)
        for index, choice in (frozen or {}).items():
            choices[index] = choice
    return _line_outcome(work, choices)


def _line_outcome(work: _LineWork, choices: Sequence[Choice] | Mapping[int, Choice] | None) -> _LineOutcome:
    """The line with ``choices`` applied (read at its ``recover`` positions only: a line's
    :attr:`_LineOutcome.choices` give back the same outcome, which is what a helper process sends)."""
    text: list[str] = []
    middle: list[str] = []
    decoded: list[list[int]] = []  # [start, end] of each run of decoded units
    recover_edits: list[Edit] = []
    guessed: list[tuple[_Slot, Position, Choice, int, str]] = []
    restored: list[tuple[str, bool]] = []
    posteriors: dict[int, tuple[float, ...]] = {}
    chosen: dict[int, Choice] = {}
    out_len = 0
    mid_len = 0
    for index, (position, slot) in enumerate(zip(work.positions, work.slots, strict=True)):
        original = work.line[slot.start : slot.end]
        sure = False
        if slot.role == "decode":
            piece = position.options[0].text
            # Adjacent decoded units form one span: the bytes of a run of characters decode together.
            if decoded and decoded[-1][1] == slot.start:
                decoded[-1][1] = slot.end
            else:
                decoded.append([slot.start, slot.end])
            text.append(piece)
            middle.append(piece)
        elif slot.role == "recover" and choices is not None:
            choice = choices[index]
            option = position.options[choice.index]
            guessed.append((slot, position, choice, out_len + 1, original))
            posteriors[index] = choice.posteriors
            chosen[index] = choice
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
    decode_edits = [Edit(start, end) for start, end in decoded]
    return _LineOutcome(
        "".join(text), "".join(middle), decode_edits, recover_edits, guessed, tuple(restored), posteriors, chosen
    )


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


def _steps(state: _State, outcomes: dict[int, _LineOutcome], decoded: dict[int, str], profile: Profile) -> list[Step]:
    """The pass as plan steps: ``decode`` edits are offsets into the text, ``recover`` ones into the decoded text."""
    starts = state.offsets()
    lines = state.lines
    # Lines that decoded whole make one edit per run of neighbouring lines (the line breaks between them
    # are ASCII, which re-decodes as itself); the others have one edit per run of decoded units.
    spans: list[tuple[int, int]] = []
    previous = -2
    for index in sorted(decoded):
        end = starts[index] + len(lines[index])
        if index == previous + 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((starts[index], end))
        previous = index
    for index, outcome in outcomes.items():
        offset = starts[index]
        spans.extend((edit.start + offset, edit.end + offset) for edit in outcome.decode_edits)
    spans.sort()
    decode = [Edit(start, end) for start, end in spans]
    recover: list[Edit] = []
    if any(outcome.recover_edits for outcome in outcomes.values()):
        shift = 0  # how much longer the decoded text is than the text, up to the current line
        for index in sorted(outcomes.keys() | decoded.keys()):
            found = outcomes.get(index)
            if found is not None and found.recover_edits:
                middle = starts[index] + shift
                for edit in found.recover_edits:
                    recover.append(Edit(edit.start + middle, edit.end + middle, edit.inserted, edit.replaced))
            after = found.middle if found is not None else decoded[index]
            shift += len(after) - len(lines[index])
    name = profile.codec.name
    steps: list[Step] = []
    if decode:
        touched = len(decoded) + sum(1 for outcome in outcomes.values() if outcome.decode_edits)  # lines
        steps.append(
            Step(
                "decode",
                name,
                tuple(decode),
                f"document-level decoding: {profile.label}, {len(decode)} span(s) on {touched} line(s)",
            )
        )
    if recover:
        touched = sum(1 for outcome in outcomes.values() if outcome.recover_edits)
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


@dataclass(slots=True)
class _Findings:
    """What the passes found, per line index (one list per changed line: documents have tens of thousands)."""

    encodings: dict[int, list[str]] = field(default_factory=dict)
    """The round trips undone on each changed line, in order (ftfy's as ``ftfy: …``)."""
    kinds: dict[int, LineKind] = field(default_factory=dict)
    """Lines that are not ``lossless``."""
    guesses: dict[int, list[CharGuess]] = field(default_factory=dict)
    """Lines with damaged characters."""

    def add(self, index: int, encoding: str) -> bool:
        """Record ``encoding`` on line ``index``; return whether the line had none before."""
        found = self.encodings.get(index)
        if found is None:
            self.encodings[index] = [encoding]
            return True
        found.append(encoding)
        return False


def _merge(findings: _Findings, done: _Pass, lines: list[str], profile: Profile) -> None:
    label = profile.codec.label
    for index in done.decoded:
        findings.add(index, label)
    for index, outcome in done.outcomes.items():
        if outcome.text == lines[index] and not any(not g.kept for g in outcome.guesses):
            continue
        findings.add(index, label)
        if outcome.recover_edits:
            findings.kinds[index] = "lossy"
        if outcome.guesses:
            findings.guesses.setdefault(index, []).extend(outcome.guesses)


def _ftfy_pass(state: _State, findings: _Findings) -> bool:
    """Let ftfy fix the suspect lines its own detector calls bad; return whether it changed any."""
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy_config()
    starts: list[int] | None = None
    edits: list[Edit] = []
    changed: dict[int, str] = {}
    for index in state.suspects:
        line = state.lines[index]
        if not is_bad(line):
            continue  # ftfy's first check: it would return the line unchanged
        fixed, explanation = ftfy.fix_and_explain(line, config)
        if fixed == line or not explanation or not _plausible_fix(line, fixed):
            continue
        starts = starts or state.offsets()
        start = starts[index]
        edits.append(Edit(start, start + len(line), ftfy_steps=tuple((str(a), str(b)) for a, b in explanation)))
        changed[index] = fixed
        if findings.add(index, "ftfy: " + ", ".join(f"{a} {b}" for a, b in explanation)):
            findings.kinds[index] = "ftfy"
    if not edits:
        return False
    state.apply([Step("ftfy", "", tuple(edits), f"ftfy (encoding fixes only) on {len(edits)} line(s)")], changed, set())
    return True


def _plausible_fix(line: str, fixed: str) -> bool:
    """Whether every character ftfy introduced belongs to a block real text uses (ftfy also tries cp437...)."""
    before = set(line)
    return all(char.isascii() or char in before or plausible(char) for char in fixed)


def _result(
    original: str,
    state: _State,
    findings: _Findings,
    profile: Profile | None,
    locale: str | None,
) -> RepairResult:
    before = original.split("\n")
    # Most repairs bring in no foreign script at all: one scan of the result says so.
    foreign_possible = locale is not None and locale_scripts(locale).pattern.search(state.text) is not None
    describe = cache(_describe)
    lines: list[LineFinding] = []
    kinds = findings.kinds
    guesses = findings.guesses
    for index in sorted(findings.encodings):
        repaired = state.lines[index]
        left = _left_as_is(repaired, findings.encodings[index])
        lines.append(
            LineFinding(
                index + 1,
                before[index],
                repaired,
                describe(tuple(findings.encodings[index])),
                "partial" if left else kinds.get(index, "lossless"),
                tuple(guesses.get(index, ())),
                _foreign(before[index], repaired, locale) if foreign_possible else (),
                left,
            )
        )
    notes: list[str] = []
    if profile is not None and profile.lossy:
        notes.append(f"bytes {_hex(profile.drop)} were lost in {profile.codec.label}; lost characters were guessed")
    return RepairResult(
        original=original,
        text=state.text,
        plan=tuple(state.plan),
        lines=tuple(lines),
        encoding=profile.label if profile is not None else None,
        locale=locale,
        notes=tuple(notes),
    )


def _left_as_is(line: str, encodings: list[str]) -> tuple[LeftPiece, ...]:
    """Mojibake a repaired line still holds: a complete UTF-8 character spelled by a code page this line was
    repaired from, or a 3- or 4-byte one spelled by any page (which clean text practically never spells),
    except in a run that reads like a word in small letters (Czech ``zvlášť`` in Windows-1250).

    The repair leaves such a piece when its character is in no block real text uses, or when another
    reading won the line: either way the line is not a certain, lossless repair.
    """
    if not suspect(line):  # no lead byte followed by a continuation byte under any page: nothing spelled
        return ()
    used = {_codec_of(label) for label in encodings if not label.startswith("ftfy")}
    found: dict[int, LeftPiece] = {}
    for codec in CODECS:
        for island in iter_islands(line, codec):
            run = line[island.start : island.end]
            # Capitals only is no word here: Mac Roman shows 0x80-0x86 as Ä Å Ç É Ñ Ö Ü (``ÓÄÄ`` is U+E000).
            if reads_like_a_word(run) and not run.isupper():
                continue
            for unit in island.units:
                if unit.kind != "complete" or unit.has_wildcard or unit.start in found:
                    continue
                if codec in used or len(unit.data) >= 3:
                    text = line[unit.start : unit.end]
                    found[unit.start] = LeftPiece(unit.start + 1, text, codec.label, unit.decoded())
    pieces: list[LeftPiece] = []
    for start in sorted(found):  # pieces from two pages may overlap: the first one found at a place stands
        if not pieces or start >= pieces[-1].column - 1 + len(pieces[-1].text):
            pieces.append(found[start])
    return tuple(pieces)


def _codec_of(label: str) -> ByteCodec | None:
    try:
        return codec_by_name(label)
    except KeyError:
        return None


def _foreign(before: str, after: str, locale: str | None) -> tuple[ForeignChar, ...]:
    """Characters of a script ``locale`` does not write that the repair put into a line (none without a locale)."""
    if locale is None:
        return ()
    allowed = locale_scripts(locale)
    found = allowed.foreign(after)
    if not found:
        return ()
    already = Counter(char for _, char in allowed.foreign(before))
    gained: list[ForeignChar] = []
    for offset, char in found:
        if already[char] > 0:
            already[char] -= 1
        else:
            gained.append(ForeignChar(offset + 1, char, script_name(char)))
    return tuple(gained)


def _describe(encodings: tuple[str, ...]) -> str:
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
