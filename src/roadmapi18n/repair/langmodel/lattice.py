"""The choice a language model makes: one option per position, with a best path and per-position confidence.

A line to repair becomes a sequence of :class:`Position` objects. A fixed
position has one option (a character nobody doubts); a damaged one has every
candidate the lost bytes allow, and possibly a *keep* option (leave the
original characters alone). Models add weighted :class:`Edge` objects, each
covering consecutive positions with one option chosen in each (a word, or a
single character), and :func:`best_path` runs a Viterbi search over them, then
turns max-marginals into a confidence for each damaged position.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Choice", "Edge", "Joins", "Option", "Position", "Restored", "Span", "Transition", "best_path", "search"]


@dataclass(frozen=True, slots=True)
class Option:
    """One thing a position could read as."""

    text: str
    """The characters this option puts in the line."""
    keep: bool = False
    """True for "leave the original (mojibake) characters as they are"."""
    prior: float = 0.0
    """Extra cost the caller puts on choosing this option (evidence from elsewhere in the document)."""


@dataclass(frozen=True, slots=True)
class Position:
    """One character-sized place in a line, with what it could be."""

    options: tuple[Option, ...]

    @property
    def fixed(self) -> bool:
        """Whether there is nothing to choose here."""
        return len(self.options) == 1


@dataclass(frozen=True, slots=True)
class Edge:
    """A scored way through ``positions[start:end]`` choosing ``picks[i]`` at ``start + i``."""

    start: int
    end: int
    picks: tuple[int, ...]
    cost: float


@dataclass(frozen=True, slots=True)
class Choice:
    """What the model chose at one position, and how sure it is."""

    index: int
    """Index of the chosen option."""
    confidence: float
    """Posterior of the chosen option, 0..1 (1.0 at fixed positions)."""
    posteriors: tuple[float, ...]
    """Posterior of every option, in option order."""


Restored = Sequence[tuple[str, bool]]
"""One line after a first pass: each position's text, and whether it is a confidently restored guess."""

Transition = Callable[[str, str], float]
"""Extra cost of putting the text ``b`` right after the text ``a`` (a bigram score)."""


def best_path(
    positions: Sequence[Position], edges: Sequence[Edge], transition: Transition | None = None
) -> list[Choice]:
    """The cheapest way through all positions, with max-marginal confidences.

    With a ``transition``, the search remembers the option chosen at the last
    position of each edge, so that consecutive edges pay for how well they join.

    >>> ps = [Position((Option("a"), Option("b"))), Position((Option("c"),))]
    >>> es = [Edge(0, 1, (0,), 2.0), Edge(0, 1, (1,), 1.0), Edge(1, 2, (0,), 0.0)]
    >>> [c.index for c in best_path(ps, es)]
    [1, 0]
    >>> [c.index for c in best_path(ps, es, lambda a, b: 5.0 if (a, b) == ("b", "c") else 0.0)]
    [0, 0]

    An option's ``prior`` is added to every edge that chooses it:

    >>> [c.index for c in best_path([Position((Option("a"), Option("b", prior=5.0))), ps[1]], es)]
    [0, 0]
    """
    spans = [(edge.start, edge.end, edge.picks, edge.cost) for edge in edges]
    if any(option.prior for position in positions for option in position.options):
        spans = [_with_priors(span, positions) for span in spans]
    sizes = [len(position.options) for position in positions]
    if transition is None:
        return search(sizes, spans, None)
    joins: list[Joins] = [[]]
    for boundary in range(1, len(positions)):
        before = [option.text for option in positions[boundary - 1].options]
        joins.append([[transition(text, option.text) for text in before] for option in positions[boundary].options])
    return search(sizes, spans, joins)


Span = tuple[int, int, tuple[int, ...], float]
"""An edge as :func:`search` reads it: ``(start, end, picks, cost)``."""

Joins = list[list[float]]
"""At one boundary: ``joins[k][j]`` is the cost of option ``j`` before it followed by option ``k`` after it."""


def _with_priors(span: Span, positions: Sequence[Position]) -> Span:
    start, end, picks, cost = span
    extra = sum(positions[start + offset].options[pick].prior for offset, pick in enumerate(picks))
    return (start, end, picks, cost + extra) if extra else span


def search(
    sizes: Sequence[int],
    spans: Sequence[Span],
    joins: Sequence[Joins] | None,
    buckets: tuple[Sequence[Sequence[int]], Sequence[Sequence[int]]] | None = None,
) -> list[Choice]:
    """Viterbi over states ``(boundary, option chosen just before it)``, forward and backward, on plain lists.

    ``sizes[i]`` is the number of options at position ``i``; ``joins[b]`` (for
    ``b >= 1``) the join costs at the boundary before position ``b``, or None
    for no transitions at all (one state per boundary). Joins depend only on the
    state before a boundary and the first option of the span leaving it, so
    they are folded once per (boundary, first option): ``arrive[b][pick]`` is the
    best cost of reaching ``b`` and going on with ``pick``. The cost is the
    number of spans plus states × options per boundary, not spans × states.

    ``buckets`` may give, per boundary, the indices of the spans ending there
    and, per position, of those starting there (a caller searching the same
    lattice again has them already). Ties go to the earlier span in ``spans``
    and the earlier state, so the same lattice always gives the same path.
    """
    n = len(sizes)
    inf = math.inf
    stateful = joins is not None
    states = [1, *(sizes[:n] if stateful else [1] * n)]
    if buckets is None:
        ending: list[list[int]] = [[] for _ in range(n + 1)]
        starting: list[list[int]] = [[] for _ in range(n)]
        for index, (start, end, _, _) in enumerate(spans):
            ending[end].append(index)
            starting[start].append(index)
        buckets = (ending, starting)
    by_end, by_start = buckets
    forward = [[inf] * count for count in states]
    forward[0][0] = 0.0
    came: list[list[Span | None]] = [[None] * count for count in states]
    arrive: list[list[float]] = [[] for _ in range(n + 1)]
    arrive_from: list[list[int]] = [[] for _ in range(n + 1)]
    for end in range(1, n + 1):
        # forward[end - 1] is final (every span ending there ends before ``end``): fold its joins in.
        boundary = end - 1
        table = joins[boundary] if joins is not None and boundary else None
        arrive[boundary], arrive_from[boundary] = _arrive(forward[boundary], table, sizes[boundary])
        row = forward[end]
        back = came[end]
        for index in by_end[end]:
            span = spans[index]
            start, _, picks, cost = span
            total = arrive[start][picks[0]] + cost
            state = picks[-1] if stateful else 0
            if total < row[state]:
                row[state] = total
                back[state] = span
    backward = [[inf] * count for count in states]
    backward[n] = [0.0] * states[n]
    for start in range(n - 1, -1, -1):
        leaving = [inf] * sizes[start]
        for index in by_start[start]:
            _, end, picks, cost = spans[index]
            after = backward[end][picks[-1] if stateful else 0] + cost
            if after < leaving[picks[0]]:
                leaving[picks[0]] = after
        row = backward[start]
        table = joins[start] if joins is not None and start else None
        for pick, after in enumerate(leaving):
            if after == inf:
                continue
            if table is None:
                if after < row[0]:
                    row[0] = after
                continue
            for state, join in enumerate(table[pick]):
                if join + after < row[state]:
                    row[state] = join + after
    final = min(range(states[n]), key=forward[n].__getitem__)
    if forward[n][final] == inf:
        raise ValueError("the lattice has no path through every position")
    chosen = [0] * n
    end, state = n, final
    while end > 0:
        step = came[end][state]
        assert step is not None
        start, _, picks, _ = step
        chosen[start : start + len(picks)] = picks
        end = start
        state = arrive_from[end][picks[0]]
    return _choices(sizes, spans, arrive, backward, chosen, stateful)


def _arrive(forward: list[float], table: Joins | None, size: int) -> tuple[list[float], list[int]]:
    """Best cost of arriving at a boundary and going on with each option after it, and the state it came from."""
    if table is None:
        return [forward[0]] * size, [0] * size
    if len(forward) == 1:
        only = forward[0]
        return [only + row[0] for row in table], [0] * size
    costs: list[float] = []
    states: list[int] = []
    for row in table:
        best, state = math.inf, 0
        for j, value in enumerate(forward):
            if value + row[j] < best:
                best, state = value + row[j], j
        costs.append(best)
        states.append(state)
    return costs, states


def _choices(
    sizes: Sequence[int],
    spans: Sequence[Span],
    arrive: list[list[float]],
    backward: list[list[float]],
    chosen: list[int],
    stateful: bool,
) -> list[Choice]:
    """Max-marginals of every option at every position with a choice, as posteriors."""
    inf = math.inf
    marginal: list[list[float] | None] = [[inf] * size if size > 1 else None for size in sizes]
    for start, end, picks, cost in spans:
        after = backward[end][picks[-1] if stateful else 0]
        if after == inf:
            continue
        through = arrive[start][picks[0]] + cost + after
        if through == inf:
            continue
        for offset, pick in enumerate(picks):
            row = marginal[start + offset]
            if row is not None and through < row[pick]:
                row[pick] = through
    choices: list[Choice] = []
    for index, row in enumerate(marginal):
        if row is None:
            choices.append(_SURE)
            continue
        low = min(row)
        weights = [math.exp(low - value) if value != inf else 0.0 for value in row]
        total = sum(weights)
        posteriors = tuple(weight / total for weight in weights)
        pick = chosen[index]
        choices.append(Choice(pick, posteriors[pick], posteriors))
    return choices


_SURE = Choice(0, 1.0, (1.0,))
"""The choice at a position with nothing to choose."""
