"""repair_file: pure (writes nothing), dispatches on the suffix, keeps a BOM, refuses non-UTF-8 clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmapi18n.errors import RoadmapError
from roadmapi18n.repair import repair_file

from .conftest import read


def test_markdown_is_repaired_in_memory_only(tmp_path: Path) -> None:
    path = tmp_path / "README.vi.md"
    path.write_bytes(read("../seeds/vi_macroman.txt").encode("utf-8"))
    before = path.read_bytes()
    report = repair_file(path)
    assert path.read_bytes() == before
    assert report.kind == "text" and report.changed
    assert report.repaired == read("seed000.vi.expected.txt")
    diff = report.unified_diff()
    assert diff.startswith(f"--- a/{path.as_posix()}\n+++ b/{path.as_posix()}\n")
    assert "+### Khác" in diff and "-### Kh√°c" in diff
    assert report.to_dict()["report"]["encoding"] == "utf-8 read as mac_roman"
    assert "mac_roman" in report.format_text()


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
def test_the_diff_cuts_lines_at_line_feeds_only(tmp_path: Path, ending: str) -> None:
    # Latin-1 mojibake holds U+0085 (NEXT LINE), which str.splitlines() takes for a line end, as it does
    # U+2028: the diff then had hunks no `patch` would apply. Its lines must be the file's lines.
    text = "Mô hình ngôn ngữ lớn\n大型語言模型是人工智慧的一個領域。"
    path = tmp_path / "moji.zh.txt"
    path.write_text(text.encode("utf-8").decode("latin-1") + "\u2028 x" + ending, encoding="utf-8")
    report = repair_file(path, locale="zh_Hant")
    assert report.changed
    diff = report.unified_diff().split("\n")
    assert [line for line in diff if line.startswith("@@")] == ["@@ -1,2 +1,2 @@"]
    removed = "".join(line[1:] + "\n" for line in diff[2:] if line.startswith("-"))
    added = "".join(line[1:] + "\n" for line in diff[2:] if line.startswith("+"))
    newline = "" if ending else "\n"
    assert (removed, added) == (report.original + newline, report.repaired + newline)
    assert diff.count("\\ No newline at end of file") == (2 if not ending else 0)


def test_clean_file_reports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(read("../seeds/en_course_scraped.txt"), encoding="utf-8")
    report = repair_file(path, locale="en")
    assert not report.changed
    assert report.unified_diff() == ""
    assert "clean" in report.format_text()


def test_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff### Kh√°c\nM√¥ h√¨nh\n".encode())
    assert repair_file(path).repaired == "\ufeff### Khác\nMô hình\n"


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"ok\nalso ok\ncaf\xe9\n")
    with pytest.raises(RoadmapError) as caught:
        repair_file(path)
    assert caught.value.line == 3
    assert "not UTF-8" in str(caught.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RoadmapError, match="no such file"):
        repair_file(tmp_path / "nope.md")


def test_po_file_goes_through_the_catalog_layer(tmp_path: Path) -> None:
    from roadmapi18n import catalog

    path = tmp_path / "vi.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
        '#. keep me\nmsgid "Other"\nmsgstr "Kh√°c"\n\nmsgid "Language model"\nmsgstr "M√¥ h√¨nh ng√¥n ng·ªØ"\n',
        encoding="utf-8",
    )
    report = repair_file(path)
    assert report.kind == "catalog" and report.changed
    assert 'msgstr "Khác"' in report.repaired and "#. keep me" in report.repaired
    assert catalog.parse_po(report.repaired.encode(), path=path).messages[1].msgstr == "Mô hình ngôn ngữ"


_CHINESE = "大型語言模型（LLM）是人工智慧的一個領域，我們在這個課程中學習它的基礎、應用和工程。\n"
_SIMPLIFIED = "大型语言模型（LLM）是人工智能的一个领域，我们在这个课程中学习它的基础、应用和工程。\n"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (_CHINESE.encode("utf-16"), "UTF-16"),  # with its byte-order mark
        (_CHINESE.encode("utf-16-be"), "UTF-16BE"),
        (_CHINESE.encode("utf-16-le"), "UTF-16LE"),
        (_CHINESE.encode("big5"), "BIG5"),
        (_SIMPLIFIED.encode("gb18030"), "GB18030"),
    ],
    ids=["utf-16-bom", "utf-16be", "utf-16le", "big5", "gb18030"],
)
def test_the_hint_for_a_non_utf8_file_names_its_encoding(tmp_path: Path, data: bytes, named: str) -> None:
    path = tmp_path / "legacy.md"
    path.write_bytes(data)
    with pytest.raises(RoadmapError) as caught:
        repair_file(path)
    hint = caught.value.hint or ""
    assert f"iconv -f {named} -t UTF-8" in hint
    assert "cp1252" not in hint


def test_the_hint_names_no_encoding_it_cannot_tell(tmp_path: Path) -> None:
    path = tmp_path / "legacy.md"
    path.write_bytes("日本語のテキストです。\n".encode("shift_jis"))
    with pytest.raises(RoadmapError) as caught:
        repair_file(path)
    hint = caught.value.hint or ""
    assert "iconv -f ENCODING -t UTF-8" in hint
    assert not any(name in hint for name in ("cp1252", "GB18030", "BIG5", "UTF-16"))
