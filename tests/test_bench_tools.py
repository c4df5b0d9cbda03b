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
