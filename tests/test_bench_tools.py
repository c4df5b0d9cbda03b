"""The benchmark's other tools run as the bench runs them: stand-in translations GNU gettext accepts, and
mdpo and po4a updating a catalog and rendering the translated README (each skipped when not installed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from bench_tools import MARKDOWN_TOOLS, MarkdownTool, prepare_markdown_catalogs, translate_share  # noqa: E402

OLD = "# Course\n\nKeep this paragraph.\n\n| a | b |\n|---|---|\n| c | d |\n\n* First item\n* Second item\n"
NEW = OLD.replace("Second item", "Another item") + "\nA new paragraph.\n"


def test_stand_in_translations_keep_the_newlines_gettext_requires(tmp_path: Path) -> None:
    po = tmp_path / "zh_Hant.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in ("| a | b |\n|---|---|\n", "\nPlain words", "Keep this paragraph."):
        catalog.append(polib.POEntry(msgid=msgid, msgstr=""))
    catalog.save(str(po))
    translate_share(po, "zh_Hant", 100.0)
    entries = polib.pofile(str(po))
    assert all(entry.msgstr and entry.msgstr != entry.msgid for entry in entries)
    assert [entry.msgstr[-1:] == "\n" for entry in entries] == [True, False, False]
    assert entries[1].msgstr.startswith("\n")
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)


@pytest.mark.parametrize("tool", MARKDOWN_TOOLS, ids=lambda tool: tool.label.split()[0])
def test_markdown_tool_updates_and_renders(tool: MarkdownTool, tmp_path: Path) -> None:
    if not tool.available():
        pytest.skip(tool.missing_note())
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    prepare_markdown_catalogs(tool, old, {"vi": 100.0}, tmp_path / "catalogs", timeout=30)
    command = tool.update_render(new, tmp_path / "catalogs" / "vi.po", tmp_path / "vi.md")
    subprocess.run(["sh", "-c", command], check=True, capture_output=True)
    rendered = (tmp_path / "vi.md").read_text(encoding="utf-8")
    assert "Keep this paragraph." not in rendered  # translated
    assert "A new paragraph." in rendered  # new: English until translated
    updated = polib.pofile(str(tmp_path / "catalogs" / "vi.po"))
    assert "A new paragraph." in {entry.msgid.strip() for entry in updated if not entry.obsolete}


def test_interleaved_keeps_every_run_and_reports_failures_and_missing_tools() -> None:
    from bench_tools import interleaved

    commands = {"python": [sys.executable, "-c", "pass"], "failing": ["false"], "absent": None}
    measured = interleaved(commands, 3, timeout=30)
    assert len(measured["python"].walls) == 3
    assert measured["python"].best() == min(measured["python"].walls)
    assert measured["failing"].walls == [] and measured["failing"].note.startswith("exit 1")
    assert measured["absent"].best() is None and measured["absent"].note == "not installed"


def test_merge_section_reports_missing_tools_and_still_measures_ours(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    import bench
    import bench_tools

    monkeypatch.setattr(bench, "tool_path", lambda name: None)
    monkeypatch.setattr(bench_tools, "tool_path", lambda name: None)
    assert not any(tool.available() for tool in MARKDOWN_TOOLS)
    options = {"sizes": [40], "shapes": ["message"], "tools": ["ours", "msgmerge", "pot2po"], "runs": 1}
    runs = bench.bench_merge(argparse.Namespace(**options, quick=True, timeout=60.0, seed=1))
    by_tool = {run.tool: run for run in runs}
    assert by_tool["msgmerge"].seconds is None and by_tool["msgmerge"].note == "not installed"
    assert by_tool["pot2po"].note == "not installed"
    assert by_tool["ours (message)"].seconds and by_tool["ours (message)"].quality == 1.0
    assert capsys.readouterr().out.count("not installed") == 2
