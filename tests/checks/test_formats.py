"""Reports that do not go blank when they matter most: input errors in --format github and json (exit 2),
and a locale whose catalog cannot be read, listed as skipped everywhere its counts would be."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, line_of, msgstr_line, po_path

Cli = Callable[..., Result]


def _bad_yaml(project: Path) -> tuple[str, int, str]:
    part = project / "roadmap" / "parts" / "basics.yaml"
    line = line_of(part, "    title: Mathematics")
    part.write_text(part.read_text(encoding="utf-8").replace("    title: Mathematics", "    titel: Mathematics"))
    return "roadmap/parts/basics.yaml", line, "yaml"


def _bad_config(project: Path) -> tuple[str, int, str]:
    config = project / "roadmapi18n.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\nunknown_key = 1\n", encoding="utf-8")
    return "roadmapi18n.toml", line_of(config, "unknown_key"), "config"


@pytest.mark.parametrize("damage", [_bad_yaml, _bad_config], ids=["yaml", "config"])
def test_input_error_is_an_annotation_in_github_format(
    project: Path, cli: Cli, damage: Callable[[Path], tuple[str, int, str]]
) -> None:
    path, line, rule = damage(project)
    result = cli("check", "--root", project, "--format", "github")
    assert result.code == 2
    assert result.out.startswith(f"::error file={path},line={line},"), result.out
    assert f"title=input ({rule})::" in result.out and "%0AFix: " in result.out
    assert result.err.startswith(f"error: {project.name}/{path}:{line}") or f"{path}:{line}" in result.err


@pytest.mark.parametrize("damage", [_bad_yaml, _bad_config], ids=["yaml", "config"])
def test_input_error_is_a_json_document(
    project: Path, cli: Cli, damage: Callable[[Path], tuple[str, int, str]]
) -> None:
    path, line, rule = damage(project)
    result = cli("check", "--root", project, "--format", "json")
    assert result.code == 2 and result.err  # stderr still tells a person
    data = result.json()
    assert list(data) == ["version", "ok", "summary", "checks", "skipped", "findings", "locales", "matrix"]
    assert data["ok"] is False and data["summary"]["error"] == 1 and data["checks"] == []
    (finding,) = data["findings"]
    assert (finding["check"], finding["rule"], finding["path"], finding["line"]) == ("input", rule, path, line)
    assert finding["hint"] and {s["locale"] for s in data["skipped"]} == {None}


def test_usage_error_is_a_json_document(project: Path, cli: Cli) -> None:
    result = cli("check", "--root", project, "--format", "json", "--min-coverage", "vi=200")
    assert result.code == 2
    (finding,) = result.json()["findings"]
    assert (finding["check"], finding["rule"], finding["path"], finding["line"]) == ("input", "usage", "", None)


def test_annotation_paths_are_relative_to_the_workspace(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, line, _ = _bad_yaml(project)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.parent))
    result = cli("check", "--root", project, "--format", "github")
    assert result.out.startswith(f"::error file={project.name}/{path},line={line},")


# -- a catalog that cannot be read ---------------------------------------------------------------


@pytest.fixture
def unreadable_vi(project: Path) -> int:
    """Truncate one string of the vi catalog; return its line."""
    po = po_path(project, "vi")
    line = msgstr_line(po, "basics.title")
    lines = po.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].rstrip('"')
    po.write_text("\n".join(lines), encoding="utf-8")
    return line


def test_unreadable_catalog_is_skipped_in_the_json_report(project: Path, cli: Cli, unreadable_vi: int) -> None:
    result = cli("check", "--root", project, "--format", "json")
    assert result.code == 1
    data = result.json()
    (skipped,) = data["skipped"]
    assert (skipped["check"], skipped["locale"]) == (None, "vi")
    where = f"locales/vi/LC_MESSAGES/roadmap.po:{unreadable_vi}"
    assert skipped["reason"].startswith(f"{where}: the catalog cannot be read")
    assert [loc["locale"] for loc in data["locales"]] == ["zh_Hant"]
    for row in data["matrix"]:
        assert list(row["locales"]) == ["vi", "zh_Hant"]
        vi = row["locales"]["vi"]
        assert vi["status"] == "skipped" and vi["translated"] is None and vi["total"] > 0


def test_unreadable_catalog_is_skipped_in_the_text_report(project: Path, cli: Cli, unreadable_vi: int) -> None:
    out = cli("check", "--root", project).out
    assert f"skipped locale vi: locales/vi/LC_MESSAGES/roadmap.po:{unreadable_vi}: " in out
    basics = next(line for line in out.split("\n") if line.startswith("Basics"))
    assert basics.split()[1:3] == ["skipped", "?/14"]
    github = cli("check", "--root", project, "--format", "github").out
    assert "::warning title=skipped locale vi::" in github


def test_unreadable_catalog_is_skipped_in_stats(project: Path, cli: Cli, unreadable_vi: int) -> None:
    result = cli("stats", "--root", project)
    assert result.code == 2 and f"{unreadable_vi}" in result.err
    vi = next(line for line in result.out.split("\n") if line.startswith("vi "))
    assert "skipped" in vi and f"line {unreadable_vi}" in vi
    basics = next(line for line in result.out.split("\n") if line.startswith("Basics"))
    assert basics.split()[1] == "skipped"
    data = json.loads(cli("stats", "--root", project, "--format", "json").out)
    assert [loc["locale"] for loc in data["locales"]] == ["zh_Hant"]
    assert [s["locale"] for s in data["skipped"]] == ["vi"]
