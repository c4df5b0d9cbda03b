"""The memory-saving parts of build: plan outputs read back from disk, and all-or-nothing staged writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmapi18n.build import _KEEP_BELOW, PlanOutputs
from roadmapi18n.fsio import StagedWrites


def _big(marker: str) -> str:
    return (marker + "é\n") * (_KEEP_BELOW // 2)


def test_a_large_output_equal_to_the_file_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "big.po"
    text = _big("a")
    path.write_text(text, encoding="utf-8")
    calls: list[int] = []

    def produce() -> str:
        calls.append(1)
        return text

    outputs = PlanOutputs()
    outputs.put(path, text, produce)
    assert outputs[path] == text and not calls  # from the file
    assert dict(outputs.items()) == {path: text}


def test_a_large_output_is_worked_out_again_when_its_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "big.po"
    text = _big("a")
    path.write_text(text, encoding="utf-8")
    outputs = PlanOutputs()
    outputs.put(path, text, lambda: text)
    path.write_text(_big("b"), encoding="utf-8")
    assert outputs[path] == text
    path.unlink()
    assert outputs[path] == text


def test_small_or_different_outputs_are_kept(tmp_path: Path) -> None:
    small, changed = tmp_path / "small.md", tmp_path / "changed.md"
    small.write_text("same\n", encoding="utf-8")
    changed.write_text(_big("old"), encoding="utf-8")
    outputs = PlanOutputs()
    outputs.put(small, "same\n", lambda: pytest.fail("kept texts are never produced again"))
    outputs.put(changed, _big("new"), lambda: pytest.fail("kept texts are never produced again"))
    small.write_text("edited\n", encoding="utf-8")
    assert outputs[small] == "same\n" and outputs[changed] == _big("new")
    assert list(outputs) == [small, changed] and len(outputs) == 2 and small in outputs


def test_staged_writes_replace_only_changed_files_on_commit(tmp_path: Path) -> None:
    same, other = tmp_path / "same.txt", tmp_path / "other.txt"
    same.write_text("kept\n", encoding="utf-8")
    other.write_text("old\n", encoding="utf-8")
    new = tmp_path / "new" / "folder" / "file.txt"
    with StagedWrites() as staged:
        for path, text in ((same, "kept\n"), (other, "new\n"), (new, "created\n")):
            staged.add(path, text)
        assert other.read_text(encoding="utf-8") == "old\n" and not new.exists()
        assert staged.commit() == [other, new]
    assert (other.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")) == ("new\n", "created\n")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["file.txt", "other.txt", "same.txt"]


def test_staged_writes_leave_everything_as_it_was_on_error(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), StagedWrites() as staged:
        staged.add(other, "new\n")
        staged.add(tmp_path / "new" / "folder" / "file.txt", "created\n")
        raise RuntimeError("a later step failed")
    assert [p.name for p in tmp_path.iterdir()] == ["other.txt"]
    assert other.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("damage", ["none", "crlf", "date-only"], ids=lambda d: d)
def test_template_date_moves_only_with_its_messages(tmp_path: Path, damage: str) -> None:
    """The POT on disk is taken as is (same bytes), re-read (other bytes, same messages) or replaced."""
    from roadmapi18n.build import build_project
    from roadmapi18n.catalog import read_po
    from roadmapi18n.project import Project
    from roadmapi18n.synth_roadmap import synth_roadmap

    root = synth_roadmap(tmp_path / "project", 60, locales=1, seed=5).root
    build_project(Project.open(root))
    pot = root / "locales" / "roadmap.pot"
    before = pot.read_bytes()
    date = read_po(pot).headers["POT-Creation-Date"]
    if damage == "crlf":
        pot.write_bytes(before.replace(b"\n", b"\r\n"))
    elif damage == "date-only":
        pot.write_bytes(before.replace(date.encode(), b"2001-01-01 00:00+0000"))
    build_project(Project.open(root))
    after = read_po(pot).headers["POT-Creation-Date"]
    assert after == ("2001-01-01 00:00+0000" if damage == "date-only" else date)
    assert pot.read_bytes() == before.replace(date.encode(), after.encode())
