#!/usr/bin/env python3
"""The course's own README as the input: an upstream revision arrives, and each tool brings three locales up to date.

    python scripts/bench_course.py                 # also: python scripts/bench.py course
    python scripts/bench_course.py --runs 21 --json course.json

The shipped project (``roadmap/``, ``locales/``: vi, zh_Hant, zh_Hans, about
495 units) and the upstream course READMEs committed in ``tests/data/upstream``,
in three scenarios:

``e472998 → 713c366``
    The roadmap as first transcribed (``tests/data/course-e472998``: upstream
    e472998, 463 units, its vi and zh_Hant catalogs, and the shipped zh_Hans
    catalog merged to it), built, then upstream 713c366 arrives: the change
    the project shipped (139 units new, 109 removed, 45 reworded).
``one-word edit``
    The shipped project, and 713c366 with one word changed ("Quantization is
    the process" → "... the technique"): the common case.
``no change``
    The shipped project and 713c366 itself: a scheduled sync with nothing new.

Rows, each tool as its own process (start-up included), on a fresh copy of its
inputs for every run, the minimum of ``--runs`` runs after one warm-up, interleaved
(every row once per round, so load from other jobs falls on all of them alike):

* ``roadmapi18n sync NEW.md``: what a maintainer runs; it rewrites ``roadmap/``
  and builds (template, every catalog merged, every README rendered).
* ``roadmapi18n build`` on the tree whose YAML was edited by hand to the same
  English (the YAML ``sync`` wrote), catalogs and READMEs not yet built.
* GNU ``msgmerge --previous`` and translate-toolkit's ``pot2po``, updating the
  same three catalogs against the template ``sync`` wrote: catalogs only, no
  extraction, no rendering.
* mdpo (``md2po -m`` + ``po2md``) and po4a (``po4a-updatepo`` +
  ``po4a-translate``) on the upstream README itself, per locale: update a
  catalog of the old README from the new one and render the translated README.
  Their catalogs (set-up, not timed) are extracted from the old README by each
  tool and translated with stand-in text at the share our catalog of that
  locale has, so each tool carries as many translations in proportion.
  Each tool has its own units (paragraphs, list items, whole tables for po4a),
  counted in the ``messages`` column.

``× ours`` divides a tool's time by that of ``roadmapi18n sync`` on the same
change. Missing tools are reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench_tools import (
    MARKDOWN_TOOLS,
    REPOSITORY,
    MarkdownTool,
    Run,
    compile_bytecode,
    copy_shipped_project,
    live_messages,
    markdown_update_render,
    measure_cpu,
    per_locale_loop,
    prepare_markdown_catalogs,
    tool_path,
)

DATA = REPOSITORY / "tests" / "data"
UPSTREAM = DATA / "upstream"
FIRST_TRANSCRIPTION = DATA / "course-e472998"
ONE_WORD = ("Quantization is the process", "Quantization is the technique")


@dataclass(frozen=True)
class Scenario:
    """A built project following ``old_english``, and the upstream README that arrives."""

    name: str
    base: Path
    old_english: Path
    new_english: Path


@dataclass
class Row:
    """One tool on one scenario: a command to run on fresh inputs, and its samples."""

    label: str
    command: list[str] | None
    fresh: Callable[[], Path | None] = lambda: None
    """Prepares this run's inputs (untimed) and returns the folder to run in."""
    messages: str = ""
    count_after: Path | None = None
    """A catalog whose messages, counted after the runs, end the ``messages`` column."""
    note: str = ""
    walls: list[float] | None = None
    cpus: list[float] | None = None
    peak: float = 0.0


def bench_course(args: argparse.Namespace) -> list[Run]:
    defaults(args)
    ours = tool_path("roadmapi18n")
    if ours is None:
        sys.exit("install the project first (pip install -e .)")
    compile_bytecode()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-course-") as folder:
        scratch = Path(folder)
        for scenario in scenarios(ours, scratch):
            rows = _rows(scenario, ours, scratch / scenario.name.replace(" ", "-"), args)
            _measure_rows(rows, args)
            runs.extend(_report(scenario, rows, args))
    return runs


# -- the scenarios ----------------------------------------------------------------------------------


def scenarios(ours: str, scratch: Path) -> list[Scenario]:
    """The three scenarios' built projects and READMEs, written under ``scratch``."""
    shipped = copy_shipped_project(scratch / "shipped")
    _run([ours, "build"], shipped)  # a no-op on the committed tree; builds a working tree that is not
    first = shutil.copytree(shipped, scratch / "e472998")
    shutil.rmtree(first / "roadmap" / "parts")
    shutil.copytree(FIRST_TRANSCRIPTION / "roadmap" / "parts", first / "roadmap" / "parts")
    shutil.copy2(FIRST_TRANSCRIPTION / "roadmap" / "course.yaml", first / "roadmap" / "course.yaml")
    for code in ("vi", "zh_Hant"):  # zh_Hans was imported later: its shipped catalog, merged by this build
        catalog = Path("locales") / code / "LC_MESSAGES" / "roadmap.po"
        shutil.copy2(FIRST_TRANSCRIPTION / catalog, first / catalog)
    _run([ours, "build"], first)
    edited = scratch / "README-713c366-one-word.md"
    current = UPSTREAM / "README-713c366.md"
    text = current.read_text(encoding="utf-8")
    assert ONE_WORD[0] in text, "the one-word edit no longer applies to README-713c366.md"
    edited.write_text(text.replace(*ONE_WORD, 1), encoding="utf-8")
    return [
        Scenario("e472998 → 713c366", first, UPSTREAM / "README-e472998.md", current),
        Scenario("one-word edit", shipped, current, edited),
        Scenario("no change", shipped, current, current),
    ]


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd} (exit {done.returncode}): {done.stderr.strip()[-600:]}")


def _catalog(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "roadmap.po"


def _codes(root: Path) -> list[str]:
    import tomllib

    config = tomllib.loads((root / "roadmapi18n.toml").read_text(encoding="utf-8"))
    return [str(entry["code"]) for entry in config.get("locales", [])]


def _translated_percent(po: Path) -> float:
    import polib

    live = [entry for entry in polib.pofile(str(po)) if not entry.obsolete]
    return 100.0 * sum(1 for entry in live if entry.translated()) / max(1, len(live))


# -- the rows -------------------------------------------------------------------------------------


def _rows(scenario: Scenario, ours: str, folder: Path, args: argparse.Namespace) -> list[Row]:
    folder.mkdir(parents=True)
    base, codes = scenario.base, _codes(scenario.base)
    synced = shutil.copytree(base, folder / "synced")  # the reference: the template and YAML sync writes
    _run([ours, "sync", str(scenario.new_english)], synced)
    edited = shutil.copytree(base, folder / "edited-yaml")
    shutil.rmtree(edited / "roadmap" / "parts")
    shutil.copytree(synced / "roadmap" / "parts", edited / "roadmap" / "parts")
    shutil.copy2(synced / "roadmap" / "course.yaml", edited / "roadmap" / "course.yaml")
    template = synced / "locales" / "roadmap.pot"
    units = f"{live_messages(base / 'locales' / 'roadmap.pot')} → {live_messages(template)}"
    work = folder / "work"

    def fresh_copy(source: Path) -> Callable[[], Path]:
        def copy() -> Path:
            shutil.rmtree(work, ignore_errors=True)
            return shutil.copytree(source, work)

        return copy

    rows = [
        Row("ours: sync NEW.md (+ build)", [ours, "sync", str(scenario.new_english)], fresh_copy(base), units),
        Row("ours: build, YAML edited by hand", [ours, "build"], fresh_copy(edited), units),
    ]
    out = folder / "catalogs-out"
    out.mkdir()
    old = _catalog(base, "{code}")
    msgmerge, pot2po = tool_path("msgmerge"), tool_path("pot2po")
    catalogs_only = "catalogs only (template from sync)"
    command = (
        per_locale_loop(codes, f"{msgmerge} --previous --no-wrap --quiet -o {out}/mm-{{code}}.po {old} {template}")
        if msgmerge
        else None
    )
    rows.append(Row("msgmerge --previous", command, messages=units, note=catalogs_only))
    command = (
        per_locale_loop(codes, f"{pot2po} --progress=none -t {old} -i {template} -o {out}/p2p-{{code}}.po")
        if pot2po
        else None
    )
    rows.append(Row("pot2po (translate-toolkit)", command, messages=units, note=catalogs_only))
    shares = {code: _translated_percent(_catalog(base, code)) for code in codes}
    rows.extend(_markdown_row(tool, scenario, shares, folder, args) for tool in MARKDOWN_TOOLS)
    return rows


def _markdown_row(
    tool: MarkdownTool, scenario: Scenario, shares: dict[str, float], folder: Path, args: argparse.Namespace
) -> Row:
    if not tool.available():
        return Row(tool.label, None, note=tool.missing_note())
    prepared = folder / f"{tool.commands[0]}-prepared"
    try:
        prepare_markdown_catalogs(tool, scenario.old_english, shares, prepared, args.timeout)
    except subprocess.TimeoutExpired:
        return Row(tool.label, None, note=f"not measured: extraction took over {args.timeout:.0f} s")
    except subprocess.CalledProcessError as error:
        return Row(tool.label, None, note=f"not measured: extraction failed: {error.stderr!r:.200}")
    work = folder / f"{tool.commands[0]}-work"

    def fresh() -> Path:
        shutil.rmtree(work, ignore_errors=True)
        return shutil.copytree(prepared, work)

    codes = list(shares)
    command = markdown_update_render(tool, scenario.new_english, codes, work)
    before = live_messages(prepared / "extracted.pot")
    return Row(tool.label, command, fresh, messages=f"{before} →", count_after=work / f"{codes[0]}.po")


# -- measuring and reporting ------------------------------------------------------------------------


def _measure_rows(rows: list[Row], args: argparse.Namespace) -> None:
    """One warm-up round, then ``--runs`` rounds, each running every row once in turn."""
    for round_number in range(args.runs + 1):
        for row in rows:
            if row.command is None or (row.walls is None and round_number > 0):
                continue  # not installed, or failed in the warm-up
            cwd = row.fresh()
            seconds, peak, note, cpu = measure_cpu(row.command, args.timeout, cwd=cwd)
            if seconds is None:
                row.note, row.walls, row.command = note, None, None
                continue
            if round_number == 0:
                row.walls, row.cpus = [], []
                continue
            assert row.walls is not None and row.cpus is not None
            row.walls.append(seconds)
            row.cpus.append(cpu or 0.0)
            row.peak = max(row.peak, peak or 0.0)
    for row in rows:
        if row.count_after is not None and row.walls:
            row.messages += f" {live_messages(row.count_after)}"


_HEADER = f"{'tool':<34}{'messages':>12}{'seconds':>9}{'× ours':>8}{'CPU s':>7}{'peak MiB':>9}  note"


def _report(scenario: Scenario, rows: list[Row], args: argparse.Namespace) -> list[Run]:
    codes = _codes(scenario.base)
    sizes = [path.stat().st_size / 1000 for path in (scenario.old_english, scenario.new_english)]
    print(
        f"\n== course, {scenario.name}: upstream README {sizes[0]:.0f} KB → {sizes[1]:.0f} KB, "
        f"{len(codes)} locales ({', '.join(codes)}); minimum of {args.runs} interleaved runs, "
        "wall time including start-up"
    )
    print(_HEADER)
    # The minimum: the run least disturbed by other jobs; every row ran in the same rounds, back to back.
    bests = [min(row.walls) if row.walls else None for row in rows]
    ours = bests[0]
    runs = []
    for row, best in zip(rows, bests, strict=True):
        cpu = min(row.cpus) if row.walls and row.cpus else None
        seconds = f"{best:9.3f}" if best is not None else f"{'—':>9}"
        ratio = f"{best / ours:7.2f}×" if best is not None and ours else f"{'':>8}"
        cpu_text = f"{cpu:7.3f}" if cpu is not None else f"{'':>7}"
        peak = f"{row.peak:9.0f}" if best is not None else f"{'':>9}"
        print(f"{row.label:<34}{row.messages:>12}{seconds}{ratio}{cpu_text}{peak}  {row.note}", flush=True)
        peak_mib = row.peak if best is not None else None
        runs.append(Run("course", 0, scenario.name, row.label, best, peak_mib, None, row.note, cpu, locales=len(codes)))
    return runs


# -- options ----------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, help="measured runs per tool and scenario (11; quick: 3)")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--timeout", type=float, help="seconds before a tool is killed (120)")


def defaults(args: argparse.Namespace) -> argparse.Namespace:
    if getattr(args, "runs", None) is None:
        args.runs = 3 if args.quick else 11
    if getattr(args, "timeout", None) is None:
        args.timeout = 120.0
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--json", type=Path, help="also write every run to this JSON file")
    args = parser.parse_args()
    runs = bench_course(args)
    if args.json:
        args.json.write_text(json.dumps([asdict(run) for run in runs], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
