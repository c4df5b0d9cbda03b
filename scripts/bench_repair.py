"""Benchmark the repair engine against ftfy on the same inputs (the ``repair`` section of the benchmarks).

Reports throughput for clean text (MB/s: the fast path), lossless mojibake
(seed 000) and lossy mojibake (seed 002, KB/s: candidates and a language model),
each side by side with ``ftfy.fix_text`` under the same "encodings only"
configuration, plus ``find_mojibake`` on clean catalog-like strings and the
one-off cost of loading the language models. Run ``python scripts/bench_repair.py``.
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
    repair_text(_read("seed002.zh_Hant.mojibake.txt")[:2000], locale="zh_Hant")  # loads every model once
    load_seconds = time.perf_counter() - start

    clean = "\n".join([_read("seed001.en.txt"), _read("zh_Hant.heldout.txt"), _read("vi.heldout.txt")] * clean_copies)
    lossless = _read("seed000.vi.mojibake.txt")
    lossy = _read("seed002.zh_Hant.mojibake.txt")
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


if __name__ == "__main__":
    print(json.dumps({"repair": bench_repair()}, indent=2))
