"""Shared fixtures: throwaway copies of test projects, and the GNU gettext tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A writable copy of the minimal roadmap project in tests/data/mini."""
    target = tmp_path / "mini"
    shutil.copytree(DATA / "mini", target)
    return target


@pytest.fixture
def shipped_project(tmp_path: Path) -> Path:
    """A writable copy of this repository's own roadmap project (config, roadmap, locales)."""
    target = tmp_path / "repo"
    target.mkdir()
    shutil.copy2(REPO / "roadmapi18n.toml", target)
    for folder in ("roadmap", "locales"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder)
    return target


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"GNU gettext's {name} is not installed (apt-get install gettext); .ci/run installs it")
    return path


@pytest.fixture
def msgfmt() -> str:
    """Path of GNU msgfmt."""
    return _require_tool("msgfmt")


@pytest.fixture
def msgcat() -> str:
    """Path of GNU msgcat."""
    return _require_tool("msgcat")


@pytest.fixture
def msgmerge() -> str:
    """Path of GNU msgmerge."""
    return _require_tool("msgmerge")
