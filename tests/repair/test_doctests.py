"""Run the doctests of every repair module (pytest only collects tests/ by default)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import roadmapi18n.repair

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(roadmapi18n.repair.__path__, prefix="roadmapi18n.repair.")
)


@pytest.mark.parametrize("name", MODULES, ids=str)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
