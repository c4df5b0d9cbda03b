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
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Choice", "Edge", "Option", "Position", "best_path"]


@dataclass(frozen=True, slots=True)
class Option:
    """One thing a position could read as."""

    text: str
    """The characters this option puts in the line."""
    keep: bool = False
    """True for "leave the original (mojibake) characters as they are"."""


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


def best_path(positions: Sequence[Position], edges: Sequence[Edge]) -> list[Choice]:
    """The cheapest way through all positions, with max-marginal confidences.

    >>> ps = [Position((Option("a"), Option("b"))), Position((Option("c"),))]
    >>> es = [Edge(0, 1, (0,), 2.0), Edge(0, 1, (1,), 1.0), Edge(1, 2, (0,), 0.0)]
    >>> [c.index for c in best_path(ps, es)]
    [1, 0]
    """
    n = len(positions)
    by_start: list[list[Edge]] = [[] for _ in range(n)]
    by_end: list[list[Edge]] = [[] for _ in range(n + 1)]
    for edge in edges:
        by_start[edge.start].append(edge)
        by_end[edge.end].append(edge)
    forward = [math.inf] * (n + 1)
    forward[0] = 0.0
    came: list[Edge | None] = [None] * (n + 1)
    for end in range(1, n + 1):
        for edge in by_end[end]:
            total = forward[edge.start] + edge.cost
            if total < forward[end]:
                forward[end], came[end] = total, edge
    backward = [math.inf] * (n + 1)
    backward[n] = 0.0
    for start in range(n - 1, -1, -1):
        for edge in by_start[start]:
            total = edge.cost + backward[edge.end]
            if total < backward[start]:
                backward[start] = total
    if math.isinf(forward[n]):
        raise ValueError("the lattice has no path through every position")
    picks = [0] * n
    end = n
    while end > 0:
        edge = came[end]
        assert edge is not None
        for offset, pick in enumerate(edge.picks):
            picks[edge.start + offset] = pick
        end = edge.start
    return _confidences(positions, edges, forward, backward, picks)


def _confidences(
    positions: Sequence[Position], edges: Sequence[Edge], forward: list[float], backward: list[float], picks: list[int]
) -> list[Choice]:
    marginal: dict[int, list[float]] = {
        index: [math.inf] * len(position.options) for index, position in enumerate(positions) if not position.fixed
    }
    for edge in edges:
        through = forward[edge.start] + edge.cost + backward[edge.end]
        if math.isinf(through):
            continue
        for offset, pick in enumerate(edge.picks):
            row = marginal.get(edge.start + offset)
            if row is not None and through < row[pick]:
                row[pick] = through
    choices: list[Choice] = []
    for index, position in enumerate(positions):
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
