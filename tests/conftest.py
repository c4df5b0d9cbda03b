"""Shared fixtures: the GNU gettext tools, skipped with a clear reason where they are missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run and keep no example database: a failure fails for
# everyone the same way, and CI never flakes. `HYPOTHESIS_PROFILE=explore` draws new examples each run.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

# Test helper modules (strategies) live beside the tests; --import-mode=importlib does not add this folder.
sys.path.insert(0, str(Path(__file__).parent))

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Gettext:
    """Thin wrappers around msgcat, msgfmt and msgmerge that fail the test on any warning."""

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([str(arg) for arg in args], capture_output=True, check=False)

    def msgcat(self, path: Path) -> str:
        """``msgcat --no-wrap`` output for ``path`` (the project's PO style).

        ``--force-po`` only matters for a catalog with no messages, which msgcat would
        write as an empty file, header and all: we keep the header (see po/writer.py).
        """
        result = self.run("msgcat", "--no-wrap", "--force-po", path)
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout.decode("utf-8")

    def check(self, path: Path) -> None:
        """``msgfmt -c``: passes without a single warning."""
        result = self.run("msgfmt", "-c", "-o", "/dev/null", path)
        assert result.returncode == 0 and not result.stderr, result.stderr.decode()

    def msgfmt(self, path: Path, out: Path) -> bytes | None:
        """The .mo msgfmt compiles from ``path``, or ``None`` when it writes none (nothing to compile)."""
        out.unlink(missing_ok=True)
        result = self.run("msgfmt", "-o", out, path)
        assert result.returncode == 0, result.stderr.decode()
        return out.read_bytes() if out.exists() else None

    def msgmerge(self, old: Path, pot: Path, *extra: str) -> str:
        """``msgmerge --previous --no-wrap OLD POT`` output."""
        result = self.run("msgmerge", "--quiet", "--force-po", "--previous", "--no-wrap", *extra, old, pot, "-o", "-")
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout.decode("utf-8")


@pytest.fixture(scope="session")
def gettext() -> Gettext:
    """The GNU gettext tools; the test is skipped (with the reason) when one is not installed."""
    missing = [tool for tool in ("msgcat", "msgfmt", "msgmerge") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"GNU gettext not installed ({', '.join(missing)} missing): apt-get install gettext")
    return Gettext()


REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _workspace_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """GitHub annotations name files relative to $GITHUB_WORKSPACE, else to the working directory: a folder
    that holds no test project, so the paths tests expect do not depend on where pytest runs (from /tmp, the
    working directory would hold every project)."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path_factory.getbasetemp() / "no-workspace"))


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
    for name in ("roadmapi18n.toml", "README.md"):
        shutil.copy2(REPO / name, target)
    for folder in ("roadmap", "locales"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder)
    return target


@pytest.fixture
def course_e472998(tmp_path: Path) -> Path:
    """A writable copy of the course project as transcribed from upstream e472998 (tests/data/course-e472998)."""
    target = tmp_path / "course"
    shutil.copytree(DATA / "course-e472998", target)
    return target
