#!/usr/bin/env python3
"""Benchmark ``roadmapi18n import`` on noisy legacy Markdown of growing size: its cost must grow linearly.

    python scripts/bench_import.py                        # 0.125 to 1 MB, both shapes
    python scripts/bench_import.py --sizes 0.25 0.5 1 --shapes lines

The input is what a legacy README looks like after years of hand edits, made
deterministically from the seeds in ``tests/data/seeds`` (Vietnamese read as Mac
Roman, Chinese read as Windows-1254 with bytes lost) and this repository's English
README: lines deleted, repeated and swapped, Markdown fragments and random
characters inserted, spans turned to mojibake with another code page. Two shapes:

``lines``
    Markdown as it is written, lines of at most a few hundred characters.
``long-lines``
    The same text with its paragraphs run together into lines of about 40 KB
    (what a file with lost line breaks looks like): this found the quadratic
    parts of the repair step, which copied the whole line for every guess.

Each size is imported (``--dry-run``) into a copy of this repository's roadmap,
in a fresh process; the figures are CPU seconds of that process (user + system:
the machine may be shared, wall time would measure the neighbours) and CPU
milliseconds per KB, which stays flat when the cost is linear. Files over 1 MiB
are refused by import (larger than any README: GitHub shows only its first 512 KB).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
FRAGMENTS = ["\n", "# ", "## ", "* ", "1. ", "> ", "```\n", "| a | b |\n|---|---|\n", "[", "](", "**", "`",
             "<details>", "<!-- c -->", "📚 **參考資料**:", "Tiếng Việt", "Ã¡", "\ufffd", "\u200b", "\t"]  # fmt: skip


def _sources() -> list[str]:
    return [
        (SEEDS / "vi_macroman.txt").read_text(encoding="utf-8"),
        (SEEDS / "zh_hant_cp1254_lossy.txt").read_text(encoding="utf-8"),
        (ROOT / "roadmap" / "README.md").read_text(encoding="utf-8"),
    ]


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(6)
    if kind == 0:
        del lines[rng.randrange(len(lines))]
    elif kind == 1:
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    elif kind == 2:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(FRAGMENTS) + text[at:]
    elif kind == 4:
        at = rng.randrange(len(text))
        end = min(len(text), at + rng.randint(1, 40))
        try:
            return text[:at] + text[at:end].encode("utf-8").decode(rng.choice(["cp1252", "mac_roman"])) + text[end:]
        except UnicodeDecodeError:
            return text
    else:
        at = rng.randrange(len(text) + 1)
        noise = "".join(chr(rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x4E00, 0x9FFF)])) for _ in range(8))
        return text[:at] + noise + text[at:]
    return "\n".join(lines)


def noisy_markdown(size: int, *, shape: str, seed: int = 0) -> str:
    """About ``size`` bytes of noisy legacy Markdown (deterministic for a seed)."""
    rng = random.Random(seed)
    sources = _sources()
    parts: list[str] = []
    total = 0
    while total < size:
        text = rng.choice(sources)
        for _ in range(rng.randint(1, 8)):
            text = _mutate(rng, text)
        if shape == "long-lines":
            text = "\n\n".join(" ".join(chunk.split("\n")) for chunk in _chunks(text, 40_000))
        parts.append(text)
        total += len(text.encode("utf-8"))
    return "\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")


def _chunks(text: str, length: int) -> list[str]:
    return [text[i : i + length] for i in range(0, len(text), length)]


def _project(folder: Path) -> Path:
    target = folder / "repo"
    target.mkdir()
    shutil.copy2(ROOT / "roadmapi18n.toml", target)
    for name in ("roadmap", "locales"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy2(ROOT / "README.md", target)
    return target


def _import_cpu(project: Path, legacy: Path, timeout: float) -> tuple[float | None, float]:
    """CPU seconds of one ``import --dry-run`` in its own process (None if it failed or timed out), and wall seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "roadmapi18n", "import", str(legacy), "--locale", "vi", "--dry-run"]
    try:
        done = subprocess.run(command, cwd=project, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr.decode("utf-8", "replace")[-500:], file=sys.stderr)
        return None, wall
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.125, 0.25, 0.5, 1.0], help="MB")
    parser.add_argument("--shapes", nargs="+", default=["lines", "long-lines"], choices=["lines", "long-lines"])
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = _project(Path(folder))
        print(f"{'shape':<11} {'size':>9} {'CPU s':>8} {'ms/KB':>7} {'wall s':>8}")
        for shape in args.shapes:
            for megabytes in args.sizes:
                size = min(int(megabytes * 1_000_000), (1 << 20) - 16)
                legacy = Path(folder) / f"legacy-{shape}-{megabytes}.md"
                legacy.write_text(noisy_markdown(size, shape=shape), encoding="utf-8")
                cpu, wall = _import_cpu(project, legacy, args.timeout)
                shown = "failed" if cpu is None else f"{cpu:8.1f} {1000 * cpu / (size / 1000):7.1f}"
                print(f"{shape:<11} {size / 1e6:7.3f}MB {shown} {wall:8.1f}", flush=True)


if __name__ == "__main__":
    main()
