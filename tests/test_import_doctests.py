"""The importer's docstring examples are tests too (pytest only collects doctests under tests/)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import roadmapi18n.importer

MODULES = sorted(info.name for info in pkgutil.iter_modules(roadmapi18n.importer.__path__, "roadmapi18n.importer."))


@pytest.mark.parametrize("name", MODULES, ids=lambda name: name.rsplit(".", 1)[-1])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
