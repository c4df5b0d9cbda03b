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
