"""The Chinese model's fast paths give what the plain formulas give, to the last bit.

The lattice a clause is searched over is built from tables worked out in bulk
(join costs per pair of neighbouring positions); each fast path here is checked
against the one-pair-at-a-time method it stands for.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from roadmapi18n.repair.langmodel import Option, Position
from roadmapi18n.repair.langmodel.han import HanModel, load_han_model

CANDIDATES = [
    Position((Option("中"), Option("不"), Option("在"), Option("椭"), Option("x"), Option("æ¤", keep=True))),
    Position((Option("課"), Option("课"), Option("，"), Option("🧩"), Option("\u200d"))),
    Position((Option("訓"),)),
    Position((Option(" "),)),
    Position((Option("練"), Option("鑫"), Option("\U00020000"))),
]


@pytest.fixture(scope="module")
def model() -> HanModel:
    return load_han_model("Hant")


@pytest.mark.parametrize("corpus", [True, False], ids=["with-corpus", "without-corpus"])
def test_join_tables_are_the_pairs_joins(model: HanModel, corpus: bool) -> None:
    model = model if corpus else replace(model, bigrams=None, _pairs={})
    for left in CANDIDATES:
        for right in CANDIDATES:
            costs, groups = model._new_join_table(left, right)
            expected = [
                [model._pair_static(before.text[-1:], after.text[:1]) for before in left.options]
                for after in right.options
            ]
            assert costs == [[cost for cost, _ in row] for row in expected]
            keyed: dict[str, list[tuple[int, int]]] = {}
            for after, row in enumerate(expected):
                for before, (_, key) in enumerate(row):
                    if key:
                        keyed.setdefault(key, []).append((after, before))
            assert groups == {key: tuple(cells) for key, cells in keyed.items()}
