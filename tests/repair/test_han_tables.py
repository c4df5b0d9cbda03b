"""The Chinese model's fast paths give what the plain formulas give, to the last bit.

The lattice a clause is searched over is built from tables worked out in bulk
(join costs per pair of neighbouring positions); each fast path here is checked
against the one-pair-at-a-time method it stands for.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest

from roadmapi18n.repair.langmodel import Option, Position
from roadmapi18n.repair.langmodel.han import MAX_WORD, HanModel, _position_key, load_han_model

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


def test_word_search_finds_every_listed_word_through_the_candidates(model: HanModel) -> None:
    # 預訓練模型 with two damaged positions: the search walks the candidates as far as they spell a word's start.
    clause = [
        Position((Option("預"), Option("靠"), Option("頂"))),
        Position((Option("訓"),)),
        Position((Option("練"), Option("練", keep=True), Option("鍊"))),
        Position((Option("模"),)),
        Position((Option("型"),)),
        Position((Option("，"),)),
    ]
    keys = [_position_key(position) for position in clause]
    parts = [model._piece(position, key) for position, key in zip(clause, keys, strict=True)]
    found = {
        (start, start + end, picks)
        for start in range(len(clause))
        for _, end, picks, *_ in model._words_at(parts, keys, start)
    }
    expected = set()
    for start in range(len(clause)):
        for end in range(start + 2, min(len(clause), start + MAX_WORD) + 1):
            choices = [[(pick, key) for pick, key, _ in parts[at][1]] for at in range(start, end)]
            for combination in product(*choices):
                if "".join(key for _, key in combination) in model.words:
                    expected.add((start, end, tuple(pick for pick, _ in combination)))
    assert found == expected
    assert {(1, 3, (0, 0)), (3, 5, (0, 0))} <= found  # 訓練, 模型
