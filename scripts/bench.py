#!/usr/bin/env python3
"""Benchmarks (not tests): our tools against the ones people use today, on synthetic catalogs.

    python scripts/bench.py merge --sizes 2000 20000
    python scripts/bench.py merge --sizes 500 --tools ours msgmerge --shapes message

Every tool runs as its own process, so times are wall-clock times including
start-up (CPU time beside them), and peak memory is the process's maximum
resident set size. Ratios are wall time against ours on the same inputs in the
same run; other work on the machine inflates every tool alike, so read ratios
rather than absolute times when it is busy (``cat /proc/loadavg``).

To add a section: write ``def bench_NAME(args) -> None`` and an
``add_NAME_arguments(parser)``, and list them in ``SECTIONS``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from roadmapi18n.catalog import read_po
from roadmapi18n.errors import RoadmapError
from roadmapi18n.synth import SynthPair, predecessor_share, synth_pair, write_pair


@dataclass
class Run:
    """One measured run of one tool."""

    section: str
    size: int
    shape: str
    tool: str
    seconds: float | None
    peak_mib: float | None
    quality: float | None = None
    cpu_seconds: float | None = None
    note: str = ""


def measure(command: list[str], timeout: float) -> tuple[float | None, float | None, float, str]:
    """Run ``command``; return (wall seconds, peak RSS in MiB, CPU seconds, note). ``None`` means it failed.

    CPU time (user + system) is reported beside wall time because it moves less when other
    processes share the machine.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        stderr = process.stderr.read() if process.stderr else b""
        # wait4 gives this child's own resource usage (peak RSS in KiB on Linux).
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if seconds >= timeout:
        return None, peak, cpu, f"killed after {timeout:.0f} s"
    if process.returncode != 0:
        return None, peak, cpu, f"exit {process.returncode}: {stderr.decode(errors='replace').strip()[:200]}"
    return seconds, peak, cpu, ""


def tool_path(name: str) -> str | None:
    """An installed command: on PATH, or beside this Python (a venv's bin/)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


# -- merge ------------------------------------------------------------------------------------------

_OURS = """
import sys, time
from pathlib import Path
from roadmapi18n.catalog import write_po
from roadmapi18n.merge import merge_files
old, pot, out, mode = sys.argv[1:5]
write_po(Path(out), merge_files(Path(old), Path(pot), match_on=mode).catalog)
"""


def merge_commands(old: Path, pot: Path, out: Path) -> dict[str, list[str] | None]:
    """The command line of each merge tool (``None`` when not installed)."""
    msgmerge, pot2po = tool_path("msgmerge"), tool_path("pot2po")
    return {
        "ours (message)": [sys.executable, "-c", _OURS, str(old), str(pot), str(out), "message"],
        "ours (context)": [sys.executable, "-c", _OURS, str(old), str(pot), str(out), "context"],
        "msgmerge": [msgmerge, "--previous", "--no-wrap", "--quiet", "-o", str(out), str(old), str(pot)]
        if msgmerge
        else None,
        "pot2po": [pot2po, "--progress=none", "-t", str(old), "-i", str(pot), "-o", str(out)] if pot2po else None,
    }


def merge_quality(out: Path, pair: SynthPair) -> tuple[float | None, str]:
    """Share of edited messages that got their predecessor's translation, read from the tool's output."""
    try:
        return predecessor_share(read_po(out), pair), ""
    except RoadmapError as error:
        return None, f"output refused by our reader: {error.message}"


def bench_merge(args: argparse.Namespace) -> list[Run]:
    runs: list[Run] = []
    for size in args.sizes:
        for shape in args.shapes:
            context = shape == "context"
            pair = synth_pair(size, seed=args.seed, context=context)
            with tempfile.TemporaryDirectory(prefix="bench-merge-") as folder:
                old, pot = write_pair(pair, Path(folder))
                out = Path(folder) / "out.po"
                print(
                    f"\n== merge: {size} messages, {shape} "
                    f"({len(pair.edited)} edited, {len(pair.removed)} removed, {len(pair.added)} added)"
                )
                print(f"{'tool':<16}{'seconds':>10}{'× ours':>9}{'cpu s':>9}{'peak MiB':>10}{'quality':>9}  note")
                block = len(runs)
                for tool, command in merge_commands(old, pot, out).items():
                    if not any(tool.startswith(wanted) for wanted in args.tools):
                        continue
                    if tool == "ours (context)" and not context:
                        continue
                    if command is None:
                        runs.append(Run("merge", size, shape, tool, None, None, note="not installed"))
                    else:
                        out.unlink(missing_ok=True)
                        seconds, peak, cpu, note = measure(command, args.timeout)
                        quality, why = merge_quality(out, pair) if seconds is not None else (None, "")
                        runs.append(Run("merge", size, shape, tool, seconds, peak, quality, cpu, note or why))
                for run in runs[block:]:
                    print_run(run, runs)
    return runs


def add_merge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000], help="messages per catalog")
    parser.add_argument(
        "--shapes",
        nargs="+",
        choices=["context", "message"],
        default=["context", "message"],
        help="with msgctxt IDs (context) or without (message)",
    )
    parser.add_argument("--tools", nargs="+", default=["ours", "msgmerge", "pot2po"], help="tools to run")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a tool is killed")
    parser.add_argument("--seed", type=int, default=1)


# -- output -----------------------------------------------------------------------------------------


def print_run(run: Run, runs: list[Run]) -> None:
    """One table line; ratios are against our run in the shape's own mode (context for msgctxt IDs)."""
    mode = "ours (context)" if run.shape == "context" else "ours (message)"
    ours = next((r.seconds for r in runs if (r.tool, r.size, r.shape) == (mode, run.size, run.shape)), None)
    seconds = f"{run.seconds:10.2f}" if run.seconds is not None else f"{'—':>10}"
    ratio = f"{run.seconds / ours:8.1f}×" if run.seconds and ours else f"{'':>9}"
    cpu = f"{run.cpu_seconds:9.2f}" if run.cpu_seconds is not None else f"{'':>9}"
    peak = f"{run.peak_mib:10.0f}" if run.peak_mib is not None else f"{'':>10}"
    quality = f"{run.quality:9.1%}" if run.quality is not None else f"{'':>9}"
    print(f"{run.tool:<16}{seconds}{ratio}{cpu}{peak}{quality}  {run.note}", flush=True)


SECTIONS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], list[Run]]]] = {
    "merge": (add_merge_arguments, bench_merge),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write every run to this JSON file")
    sections = parser.add_subparsers(dest="section", required=True)
    for name, (add_arguments, _) in SECTIONS.items():
        add_arguments(sections.add_parser(name))
    args = parser.parse_args()
    runs = SECTIONS[args.section][1](args)
    if args.json:
        args.json.write_text(json.dumps([asdict(run) for run in runs], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
