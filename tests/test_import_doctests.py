"""The importer's docstring examples are tests too (pytest only collects doctests under tests/)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import roadmapi18n.importer

MODULES = [
    importlib.import_module(info.name)
    for info in pkgutil.iter_modules(roadmapi18n.importer.__path__, "roadmapi18n.importer.")
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
