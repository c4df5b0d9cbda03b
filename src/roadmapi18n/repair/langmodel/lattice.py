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

__all__ = ["Choice", "Edge", "Option", "Position", "Restored", "Transition", "best_path"]


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
    search = _Search(positions, edges, transition)
    return search.run()


def _with_priors(edge: Edge, positions: Sequence[Position]) -> Edge:
    extra = sum(positions[edge.start + offset].options[pick].prior for offset, pick in enumerate(edge.picks))
    return Edge(edge.start, edge.end, edge.picks, edge.cost + extra) if extra else edge


class _Search:
    """Viterbi over states ``(boundary, option chosen just before it)``, forward and backward.

    Joins depend only on the state before a boundary and the first option of the
    edge leaving it, so they are folded once per (boundary, first option): into
    ``into[b][pick]`` (best cost of reaching ``b`` and continuing with ``pick``)
    going forward, and per first option going backward. The cost is the number
    of edges plus states × first options per boundary, not edges × states.
    """

    def __init__(self, positions: Sequence[Position], edges: Sequence[Edge], transition: Transition | None) -> None:
        self.positions = positions
        self.edges = edges
        self.transition = transition
        if any(option.prior for position in positions for option in position.options):
            edges = [_with_priors(edge, positions) for edge in edges]
            self.edges = edges
        n = len(positions)
        self.n = n
        self.by_start: list[list[Edge]] = [[] for _ in range(n)]
        self.by_end: list[list[Edge]] = [[] for _ in range(n + 1)]
        for edge in edges:
            self.by_start[edge.start].append(edge)
            self.by_end[edge.end].append(edge)
        self._joins: dict[tuple[int, int], list[float]] = {}

    def states(self, boundary: int) -> int:
        if self.transition is None or boundary == 0:
            return 1
        return len(self.positions[boundary - 1].options)

    def state_after(self, edge: Edge) -> int:
        return edge.picks[-1] if self.transition is not None else 0

    def joins(self, boundary: int, pick: int) -> list[float]:
        """The join cost from every state at ``boundary`` into option ``pick`` of the position after it."""
        if self.transition is None or boundary == 0:
            return [0.0]
        found = self._joins.get((boundary, pick))
        if found is None:
            after = self.positions[boundary].options[pick].text
            transition = self.transition
            found = [transition(option.text, after) for option in self.positions[boundary - 1].options]
            self._joins[(boundary, pick)] = found
        return found

    def _into(self, boundary: int, forward: list[float], cache: dict[int, tuple[float, int]], pick: int) -> float:
        """Best cost of arriving at ``boundary`` and going on with option ``pick`` (caches the state it came from)."""
        found = cache.get(pick)
        if found is None:
            best, state = math.inf, 0
            for j, (value, join) in enumerate(zip(forward, self.joins(boundary, pick), strict=True)):
                if value + join < best:
                    best, state = value + join, j
            found = cache[pick] = (best, state)
        return found[0]

    def run(self) -> list[Choice]:
        n = self.n
        forward = [[math.inf] * self.states(i) for i in range(n + 1)]
        forward[0][0] = 0.0
        into: list[dict[int, tuple[float, int]]] = [{} for _ in range(n + 1)]
        came: list[list[Edge | None]] = [[None] * self.states(i) for i in range(n + 1)]
        for end in range(1, n + 1):
            row = forward[end]
            for edge in self.by_end[end]:
                # forward[edge.start] is final: every edge ending there ends before ``end``.
                total = self._into(edge.start, forward[edge.start], into[edge.start], edge.picks[0]) + edge.cost
                k = self.state_after(edge)
                if total < row[k]:
                    row[k] = total
                    came[end][k] = edge
        backward = [[math.inf] * self.states(i) for i in range(n + 1)]
        backward[n] = [0.0] * self.states(n)
        for start in range(n - 1, -1, -1):
            leaving: dict[int, float] = {}
            for edge in self.by_start[start]:
                after = backward[edge.end][self.state_after(edge)] + edge.cost
                pick = edge.picks[0]
                if after < leaving.get(pick, math.inf):
                    leaving[pick] = after
            row = backward[start]
            for pick, after in leaving.items():
                if math.isinf(after):
                    continue
                for j, join in enumerate(self.joins(start, pick)):
                    if join + after < row[j]:
                        row[j] = join + after
        final = min(range(len(forward[n])), key=lambda k: forward[n][k])
        if math.isinf(forward[n][final]):
            raise ValueError("the lattice has no path through every position")
        picks = [0] * n
        end, state = n, final
        while end > 0:
            step = came[end][state]
            assert step is not None
            for offset, pick in enumerate(step.picks):
                picks[step.start + offset] = pick
            end = step.start
            state = into[end][step.picks[0]][1]
        return self._choices(into, backward, picks)

    def _choices(
        self, into: list[dict[int, tuple[float, int]]], backward: list[list[float]], picks: list[int]
    ) -> list[Choice]:
        marginal: dict[int, list[float]] = {
            index: [math.inf] * len(position.options)
            for index, position in enumerate(self.positions)
            if not position.fixed
        }
        for edge in self.edges:
            after = backward[edge.end][self.state_after(edge)]
            if math.isinf(after):
                continue
            arrive = into[edge.start].get(edge.picks[0])
            through = (arrive[0] if arrive is not None else math.inf) + edge.cost + after
            if math.isinf(through):
                continue
            for offset, pick in enumerate(edge.picks):
                row = marginal.get(edge.start + offset)
                if row is not None and through < row[pick]:
                    row[pick] = through
        choices: list[Choice] = []
        for index in range(self.n):
            row = marginal.get(index)
            if row is None:
                choices.append(Choice(0, 1.0, (1.0,)))
                continue
            low = min(row)
            weights = [math.exp(low - value) if not math.isinf(value) else 0.0 for value in row]
            total = sum(weights)
            posteriors = tuple(weight / total for weight in weights)
            choices.append(Choice(picks[index], posteriors[picks[index]], posteriors))
        return choices
