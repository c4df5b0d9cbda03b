"""A small built project to break in each way `check` must catch, and an in-process CLI runner."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.catalog import read_po, write_po
from roadmapi18n.cli import main
from roadmapi18n.project import Project

DATA = Path(__file__).parent.parent / "data"

# Confirmed translations in the fixture, chosen so each integrity rule has an entry to break.
TRANSLATIONS = {
    "vi": {
        "basics.title": "Cơ bản",
        "basics.summary": "bao gồm những kiến thức cơ bản về toán học.",
        "basics.math.intro": "1. Toán học rất quan trọng 🧮.",
        "basics.math.topics.linear-algebra.description": "Vectơ và **ma trận**, xem `numpy`.",
        "acknowledgements.text": "Lấy cảm hứng từ [Lộ trình DevOps](https://example.com/devops).",
        "acknowledgements.thanks.ada": "Cảm ơn Ada đã xem lại 🙏",
        "labels.by-author": "bởi {author}",
        "labels.translation-status": "Đã dịch {percent}% ({translated}/{total}); xem [{catalog}]({catalog}).",
    },
    "zh_Hant": {"basics.title": "基礎", "basics.summary": "涵蓋基礎知識。"},
}


@dataclass(frozen=True)
class Result:
    """Exit code and output of one CLI run."""

    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        """The JSON report on stdout."""
        data: dict[str, Any] = json.loads(self.out)
        return data

    def findings(self, check: str | None = None) -> list[dict[str, Any]]:
        """Findings of the JSON report (of one check)."""
        return [f for f in self.json()["findings"] if check is None or f["check"] == check]


def _build(root: Path) -> None:
    write_plan(plan_build(Project.open(root)))


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/mini with a numbered, emoji-bearing intro and an image, built, with some translations."""
    root = tmp_path_factory.mktemp("built") / "mini"
    shutil.copytree(DATA / "mini", root)
    part = root / "roadmap" / "parts" / "basics.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("intro: Math matters.", 'intro: "1. Math matters 🧮."'), encoding="utf-8")
    course = root / "roadmap" / "course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("text: Ada for the review", "text: Ada for the review 🙏"), encoding="utf-8")
    assert (root / "roadmap" / "img" / "basics.png").is_file()  # the fixture ships its image
    _build(root)
    for code, translations in TRANSLATIONS.items():
        path = root / "locales" / code / "LC_MESSAGES" / "roadmap.po"
        catalog = read_po(path)
        for message in catalog.messages:
            if message.msgctxt in translations:
                message.msgstr = translations[message.msgctxt]
        write_po(path, catalog)
    _build(root)
    return root


@pytest.fixture
def project(built_mini: Path, tmp_path: Path) -> Path:
    """A writable copy of the built mini project."""
    target = tmp_path / "project"
    shutil.copytree(built_mini, target)
    return target


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``roadmapi18n ARGS`` in-process through ``main`` (so RoadmapError → exit 2 as in real use)."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["roadmapi18n", *(str(arg) for arg in args)])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        return Result(code if isinstance(code, int) else (0 if code is None else 1), captured.out, captured.err)

    return run


@pytest.fixture
def check_json(cli: Callable[..., Result]) -> Callable[..., Result]:
    """``roadmapi18n check --format json --root ROOT [ARGS]``."""

    def run(root: Path, *args: str) -> Result:
        return cli("check", "--root", root, "--format", "json", *args)

    return run


def po_path(root: Path, code: str) -> Path:
    """The locale's catalog."""
    return root / "locales" / code / "LC_MESSAGES" / "roadmap.po"


def line_of(path: Path, text: str, start: int = 1) -> int:
    """1-based line of the first line at or after ``start`` containing ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if number >= start and text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def msgstr_line(path: Path, msgctxt: str) -> int:
    """1-based line of the msgstr of the entry with this msgctxt."""
    return line_of(path, "msgstr ", line_of(path, f'msgctxt "{msgctxt}"'))


def set_msgstr(path: Path, msgctxt: str, msgstr: str, *, fuzzy: bool = False) -> None:
    """Change one translation through the catalog layer (the file stays well-formed)."""
    catalog = read_po(path)
    for message in catalog.messages:
        if message.msgctxt == msgctxt:
            message.msgstr = msgstr
            message.fuzzy = fuzzy
    write_po(path, catalog)
