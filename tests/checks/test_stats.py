"""`roadmapi18n stats` and the coverage badges (build outputs shown in each translated README)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmapi18n.badge import badge_color, coverage_badge

from .conftest import TRANSLATIONS, Result, set_msgstr

Cli = Callable[..., Result]
SVG = "{http://www.w3.org/2000/svg}"
UNITS = 42  # translatable units in the fixture roadmap


def test_stats_text(project: Path, cli: Cli) -> None:
    result = cli("stats", "--root", project)
    assert result.code == 0
    lines = result.out.split("\n")
    vi = next(line for line in lines if line.startswith("vi "))
    assert f" {len(TRANSLATIONS['vi'])}/{UNITS} " in vi
    basics = next(line for line in lines if line.startswith("Basics"))
    assert basics.split()[1:3] == ["28%", "4/14"]  # 28.6% rounded down, as in the README
    assert not any(line.startswith("  1. Mathematics") for line in lines)  # parts only, no sections


def test_stats_json(project: Path, cli: Cli) -> None:
    set_msgstr(project / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po", "basics.intro", "Bắt đầu.", fuzzy=True)
    data = json.loads(cli("stats", "--root", project, "--format", "json").out)
    assert data["version"] == 1 and [loc["locale"] for loc in data["locales"]] == ["vi", "zh_Hant"]
    vi = data["locales"][0]
    assert (vi["total"], vi["translated"], vi["fuzzy"]) == (UNITS, len(TRANSLATIONS["vi"]), 1)
    basics = next(part for part in vi["parts"] if part["id"] == "basics")
    assert (basics["level"], basics["total"], basics["translated"], basics["fuzzy"]) == ("part", 14, 4, 1)
    assert basics["percent"] == round(400 / 14, 2)
    assert sum(p["total"] for p in vi["parts"] if p["level"] != "section") == vi["total"]


def test_stats_locale_option(project: Path, cli: Cli) -> None:
    data = json.loads(cli("stats", "--root", project, "--format", "json", "--locale", "zh_Hant").out)
    assert [loc["locale"] for loc in data["locales"]] == ["zh_Hant"]
    assert cli("stats", "--root", project, "--locale", "xx").code == 2


def test_svg_writes_the_badges_build_writes(project: Path, cli: Cli) -> None:
    badges = [project / "locales" / code / "coverage.svg" for code in ("vi", "zh_Hant")]
    committed = [badge.read_bytes() for badge in badges]
    for badge in badges:
        badge.unlink()
    assert cli("check", "--root", project).code == 1  # output-drift: a badge is missing
    result = cli("stats", "--root", project, "--format", "svg")
    assert result.code == 0 and result.out.split("\n")[:2] == [
        "wrote locales/vi/coverage.svg",
        "wrote locales/zh_Hant/coverage.svg",
    ]
    assert [badge.read_bytes() for badge in badges] == committed
    assert cli("stats", "--root", project, "--format", "svg").out == "Nothing changed.\n"
    assert cli("check", "--root", project).code == 0


def test_readme_status_line_shows_the_badge(project: Path) -> None:
    readme = (project / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    percent = len(TRANSLATIONS["vi"]) * 100 // UNITS
    assert f"> ![{percent}%](coverage.svg) Đã dịch {percent}% (" in readme
    assert "coverage.svg" not in (project / "roadmap" / "README.md").read_text(encoding="utf-8")
    assert f">{percent}%</text>" in (project / "locales" / "vi" / "coverage.svg").read_text(encoding="utf-8")


def test_shipped_badges_agree_with_the_status_lines(shipped_project: Path) -> None:
    for code in ("vi", "zh_Hant"):
        readme = (shipped_project / "locales" / code / "README.md").read_text(encoding="utf-8")
        match = re.search(r"^> !\[(\d+)%\]\(coverage\.svg\) ", readme, re.M)
        assert match, code
        badge = (shipped_project / "locales" / code / "coverage.svg").read_text(encoding="utf-8")
        assert f">{match.group(1)}%</text>" in badge


@pytest.mark.parametrize("percent", [0, 7, 18, 50, 99, 100], ids=lambda p: f"{p}pct")
def test_badge_is_valid_deterministic_svg(percent: int) -> None:
    svg = coverage_badge(percent)
    assert svg == coverage_badge(percent) and svg.endswith("</svg>\n") and svg.isascii()
    root = ET.fromstring(svg)
    width = int(root.attrib["width"])
    rects = root.findall(f"{SVG}g/{SVG}rect")
    left, right = int(rects[0].attrib["width"]), int(rects[1].attrib["width"])
    assert left + right == width and rects[1].attrib["fill"] == badge_color(percent)
    assert [t.text for t in root.iter(f"{SVG}text")] == ["translated", "translated", f"{percent}%", f"{percent}%"]
    assert root.attrib["aria-label"] == f"translated: {percent}%"


def test_badge_width_follows_the_text() -> None:
    widths = [int(ET.fromstring(coverage_badge(p)).attrib["width"]) for p in (5, 50, 100)]
    assert widths[0] < widths[1] < widths[2]
