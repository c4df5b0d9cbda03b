"""Benchmark the repair engine against ftfy on the same inputs (the ``repair`` section of the benchmarks).

Reports throughput for clean text (MB/s: the fast path), lossless mojibake
(seed 000) and lossy mojibake (seed 002, KB/s: candidates and a language model),
each side by side with ``ftfy.fix_text`` under the same "encodings only"
configuration, plus ``find_mojibake`` on clean catalog-like strings and the
one-off cost of loading the language models. Run ``python scripts/bench_repair.py``.

``--accuracy`` reports lossy-recovery accuracy instead (deterministic, no timing
noise): clean text from ``tests/data/repair`` is broken the way seed 002 was
(UTF-8 read as Windows-1254, bytes 0x81 0x8D 0x8E 0x8F 0x90 0x9D 0x9E 0xAD
dropped) or as Windows-1252 for Vietnamese, each file repaired as one document,
and every damaged character (Han only for Chinese) is checked. Chinese lines are
split into prose and CLDR names (a line is a CLDR name if babel's zh_Hant data
has it). The ``dev`` files are the tuning set, ``heldout`` only confirms.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "repair"


def _read(name: str) -> str:
    return (DATA / name).read_bytes().decode("utf-8")


def _best_of(repeat: int, func: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _rate(size: int, seconds: float, unit: int) -> float:
    return round(size / unit / seconds, 3) if seconds > 0 else float("inf")


def bench_repair(repeat: int = 3, clean_copies: int = 20) -> dict[str, Any]:
    """Time repair_text, find_mojibake and ftfy on clean, lossless and lossy inputs; return a JSON-able dict."""
    import ftfy

    from roadmapi18n.repair import find_mojibake, ftfy_config, repair_text

    config = ftfy_config()._replace(explain=False)
    start = time.perf_counter()
    repair_text(_read("../seeds/zh_hant_cp1254_lossy.txt")[:2000], locale="zh_Hant")  # loads every model once
    load_seconds = time.perf_counter() - start

    clean = "\n".join(
        [_read("../seeds/en_course_scraped.txt"), _read("zh_Hant.heldout.txt"), _read("vi.heldout.txt")] * clean_copies
    )
    lossless = _read("../seeds/vi_macroman.txt")
    lossy = _read("../seeds/zh_hant_cp1254_lossy.txt")
    strings = clean.split("\n")
    results: dict[str, Any] = {"model_load_seconds": round(load_seconds, 3)}

    for name, text, locale, unit, label in (
        ("clean", clean, None, 1_000_000, "MB/s"),
        ("lossless_seed000", lossless, "vi", 1_000, "KB/s"),
        ("lossy_seed002", lossy, "zh_Hant", 1_000, "KB/s"),
    ):
        size = len(text.encode("utf-8"))
        ours = _best_of(repeat, lambda text=text, locale=locale: repair_text(text, locale=locale))
        theirs = _best_of(repeat, lambda text=text: ftfy.fix_text(text, config))
        results[name] = {
            "bytes": size,
            "unit": label,
            "roadmapi18n": _rate(size, ours, unit),
            "ftfy": _rate(size, theirs, unit),
        }

    size = len(clean.encode("utf-8"))
    check = _best_of(repeat, lambda: [find_mojibake(text) for text in strings])
    results["find_mojibake_clean_strings"] = {
        "strings": len(strings),
        "bytes": size,
        "unit": "MB/s",
        "roadmapi18n": _rate(size, check, 1_000_000),
        "strings_per_second": round(len(strings) / check),
    }
    return results


SEED_DROP = frozenset({0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD})
VI_DROP = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _cldr_names() -> set[str]:
    # The same CLDR names make_repair_corpus.py put into the data files (run as a script, scripts/ is on sys.path).
    from make_repair_corpus import _cldr_lines

    return set(_cldr_lines("zh_Hant"))


def accuracy(show_errors: bool = False) -> dict[str, Any]:
    """Share of damaged characters restored exactly, per test-data file; JSON-able."""
    from roadmapi18n.repair import repair_text
    from roadmapi18n.repair.langmodel.priors import is_han
    from roadmapi18n.repair.simulate import damaged_positions, misread

    cldr = _cldr_names()
    results: dict[str, Any] = {}
    for name, encoding, lost, locale in (
        ("zh_Hant.dev.txt", "cp1254", SEED_DROP, "zh_Hant"),
        ("zh_Hant.heldout.txt", "cp1254", SEED_DROP, "zh_Hant"),
        ("vi.dev.txt", "cp1252", VI_DROP, "vi"),
        ("vi.heldout.txt", "cp1252", VI_DROP, "vi"),
    ):
        clean = [line for line in _read(name).split("\n") if line]
        broken = misread("\n".join(clean), encoding, drop=lost)
        start = time.perf_counter()
        repaired = repair_text(broken, locale=locale).text.split("\n")
        seconds = time.perf_counter() - start
        counts: dict[str, list[int]] = {}
        errors: list[str] = []
        for want, got in zip(clean, repaired, strict=True):
            part = "cldr" if locale.startswith("zh") and want in cldr else "prose"
            for offset in damaged_positions(want, lost):
                if locale.startswith("zh") and not is_han(want[offset]):
                    continue
                right = len(want) == len(got) and want[offset] == got[offset]
                tally = counts.setdefault(part, [0, 0])
                tally[0] += right
                tally[1] += 1
                if not right:
                    errors.append(f"{want[offset]}->{got[offset] if len(got) == len(want) else '?'}  {want}")
        right = sum(tally[0] for tally in counts.values())
        total = sum(tally[1] for tally in counts.values())
        entry: dict[str, Any] = {"right": right, "damaged": total, "accuracy": round(right / total, 4)}
        for part, (part_right, part_total) in sorted(counts.items()):
            entry[part] = {"right": part_right, "damaged": part_total, "accuracy": round(part_right / part_total, 4)}
        entry["seconds"] = round(seconds, 2)
        if show_errors:
            entry["errors"] = errors
        results[name] = entry
    return results


if __name__ == "__main__":
    import sys

    if "--accuracy" in sys.argv:
        print(json.dumps({"repair_accuracy": accuracy("--errors" in sys.argv)}, indent=2, ensure_ascii=False))
    else:
        print(json.dumps({"repair": bench_repair()}, indent=2))
