"""Match two sequences: unique shared anchors first (in any order), then order-preserving alignment.

The legacy blocks of a group and the canonical slots are matched in two passes.
Anchors (a URL, an emoji) that identify exactly one item on each side pair them
wherever they are, so reordered items still match. Between the anchors that
keep their order, a dynamic programme pairs the rest in order, maximising the
content score; a pair with no content evidence is matched by position only.

Position is evidence when the neighbours agree: a pair made by position alone
is in a *run* when, between the strong pairs around it (anchors, or content
scoring at least ``strong``), every item that could pair on either side did.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, TypeVar

L = TypeVar("L")
C = TypeVar("C")

_POSITION = 0.1
"""Score of a pair allowed by its kinds but with no other evidence: enough to prefer pairing in order."""


@dataclass(frozen=True, slots=True)
class Match(Generic[L, C]):
    """One pair and why it was made."""

    left: L
    right: C
    how: str
    """``anchor``, ``content`` or ``position``."""
    score: float
    run: bool
    """True when every item between the strong pairs around it that could pair did (order is then convincing)."""


def match(
    left: Sequence[L],
    right: Sequence[C],
    score: Callable[[L, C], float | None],
    anchors_left: Callable[[L], frozenset[Hashable]],
    anchors_right: Callable[[C], frozenset[Hashable]],
    strong: float = math.inf,
) -> list[Match[L, C]]:
    """Pair items of ``left`` with items of ``right``: anchors first, then in order.

    ``score`` gives a pair's content score (0 for no evidence) or None when the kinds do not fit;
    a content score of at least ``strong`` makes a pair a neighbour that position can lean on.

    >>> pairs = match("abXc", "abYc", lambda l, r: 0.0, lambda l: frozenset({l}), lambda r: frozenset({r}))
    >>> [(p.left, p.right, p.how) for p in pairs]
    [('a', 'a', 'anchor'), ('b', 'b', 'anchor'), ('c', 'c', 'anchor'), ('X', 'Y', 'position')]
    """
    fixed = _anchored(left, right, score, anchors_left, anchors_right)
    spine = _increasing(sorted(fixed))
    matches = [Match(left[i], right[j], "anchor", score(left[i], right[j]) or 0.0, True) for i, j in sorted(fixed)]
    used_left = {i for i, _ in fixed}
    used_right = {j for _, j in fixed}
    bounds = [(-1, -1), *spine, (len(left), len(right))]
    for (i0, j0), (i1, j1) in pairwise(bounds):
        li = [i for i in range(i0 + 1, i1) if i not in used_left]
        rj = [j for j in range(j0 + 1, j1) if j not in used_right]
        matches += _in_order(left, right, li, rj, score, strong)
    return matches


def _anchored(
    left: Sequence[L],
    right: Sequence[C],
    score: Callable[[L, C], float | None],
    anchors_left: Callable[[L], frozenset[Hashable]],
    anchors_right: Callable[[C], frozenset[Hashable]],
) -> list[tuple[int, int]]:
    """Pairs joined by anchors that occur once on each side, kept when neither item is claimed twice."""
    where_left = _index([anchors_left(x) for x in left])
    where_right = _index([anchors_right(x) for x in right])
    candidates = {
        (lefts[0], where_right[anchor][0])
        for anchor, lefts in where_left.items()
        if len(lefts) == 1 and len(where_right.get(anchor, [])) == 1
    }
    candidates = {(i, j) for i, j in candidates if score(left[i], right[j]) is not None}
    lefts = Counter(i for i, _ in candidates)
    rights = Counter(j for _, j in candidates)
    return sorted((i, j) for i, j in candidates if lefts[i] == 1 and rights[j] == 1)


def _index(anchor_sets: Sequence[frozenset[Hashable]]) -> dict[Hashable, list[int]]:
    where: dict[Hashable, list[int]] = {}
    for position, anchors in enumerate(anchor_sets):
        for anchor in anchors:
            where.setdefault(anchor, []).append(position)
    return where


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing on both sides (pairs sorted by left index)."""
    best: list[list[tuple[int, int]]] = []
    for pair in pairs:
        chains = [chain for chain in best if chain[-1][1] < pair[1]]
        best.append([*max(chains, key=len, default=[]), pair])
    return max(best, key=len, default=[])


def _in_order(
    left: Sequence[L],
    right: Sequence[C],
    li: list[int],
    rj: list[int],
    score: Callable[[L, C], float | None],
    strong: float,
) -> list[Match[L, C]]:
    """Order-preserving pairing of ``left[li]`` with ``right[rj]`` maximising the summed score."""
    n, m = len(li), len(rj)
    if not n or not m:
        return []
    pair_score = [[score(left[i], right[j]) for j in rj] for i in li]
    table = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            s = pair_score[a][b]
            take = (s + _POSITION + table[a + 1][b + 1]) if s is not None else float("-inf")
            table[a][b] = max(take, table[a + 1][b], table[a][b + 1])
    found: list[tuple[int, int, float]] = []
    a = b = 0
    while a < n and b < m:
        s = pair_score[a][b]
        if s is not None and table[a][b] == s + _POSITION + table[a + 1][b + 1]:
            found.append((a, b, s))
            a, b = a + 1, b + 1
        elif table[a][b] == table[a + 1][b]:
            a += 1
        else:
            b += 1
    runs = _runs(found, pair_score, strong)
    return [
        Match(left[li[a]], right[rj[b]], "content" if s > 0 else "position", s, run)
        for (a, b, s), run in zip(found, runs, strict=True)
    ]


def _runs(found: list[tuple[int, int, float]], pair_score: list[list[float | None]], strong: float) -> list[bool]:
    """Per pair of ``found`` (in order): is its gap between strong pairs a run?

    A gap is a run when every item in it that could pair with an item of the other side's gap did
    (items that fit nothing do not count). Each gap's rectangle of scores is read once: linear in the table.
    """
    n, m = len(pair_score), len(pair_score[0]) if pair_score else 0
    bounds = [(-1, -1)] + [(a, b) for a, b, s in found if s >= strong] + [(n, m)]
    runs: list[bool] = []
    index = 0
    for (a0, b0), (a1, b1) in pairwise(bounds):
        inside = []
        while index < len(found) and found[index][0] < a1:
            if found[index][0] > a0:
                inside.append(found[index])
            else:
                runs.append(True)  # the strong pair that opens this gap
            index += 1
        paired_left = {a for a, _, _ in inside}
        paired_right = {b for _, b, _ in inside}
        rows = range(a0 + 1, a1)
        columns = range(b0 + 1, b1)
        run = all(a in paired_left or all(pair_score[a][b] is None for b in columns) for a in rows) and all(
            b in paired_right or all(pair_score[a][b] is None for a in rows) for b in columns
        )
        runs += [run] * len(inside)
    return runs
