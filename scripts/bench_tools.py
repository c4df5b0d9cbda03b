"""What every benchmark section shares: running a tool as its own process and measuring it, and the other tools.

``measure_cpu`` runs one command (wall time including start-up, CPU time, peak
RSS); ``tool_path`` finds an installed command; ``MARKDOWN_TOOLS`` says how
mdpo and po4a extract a catalog from an English README (untimed set-up) and
then update it from a newer README and render the translated one (timed), the
job ``roadmapi18n build`` (or ``sync``) does for a roadmap. ``scripts/bench.py``
and ``scripts/bench_course.py`` import it (``scripts/`` is on ``sys.path`` when
they run as scripts).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


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
    note: str = ""
    cpu_seconds: float | None = None
    locales: int | None = None


# -- running a tool ---------------------------------------------------------------------------------


def measure(command: list[str], timeout: float, *, cwd: Path | None = None) -> tuple[float | None, float | None, str]:
    """Run ``command``; return (wall seconds, peak RSS in MiB, note). ``None`` times mean it failed."""
    seconds, peak, note, _ = measure_cpu(command, timeout, cwd=cwd)
    return seconds, peak, note


def measure_cpu(
    command: list[str], timeout: float, *, cwd: Path | None = None
) -> tuple[float | None, float | None, str, float | None]:
    """:func:`measure`, plus the CPU seconds (user + system) of the process and the children it waited for.

    A child's peak RSS as the kernel reports it starts from its parent's size at
    fork, so the command runs under GNU ``time`` (small itself), which reports the
    command's own figures; without it, our ``wait4`` figures are an upper bound.
    """
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt") as report:
        wrapped = [_GNU_TIME, "-f", "%M %U %S", "-o", report.name, *command] if _GNU_TIME else command
        seconds, peak, note, cpu = _run_measured(wrapped, timeout, cwd)
        lines = Path(report.name).read_text(encoding="utf-8", errors="replace").split()
        if _GNU_TIME and len(lines) >= 3:
            with contextlib.suppress(ValueError):
                peak, cpu = int(lines[-3]) / 1024, float(lines[-2]) + float(lines[-1])
    return seconds, peak, note, cpu


_GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def _run_measured(
    command: list[str], timeout: float, cwd: Path | None
) -> tuple[float | None, float | None, str, float | None]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, start_new_session=True
    )
    # A shell running one tool per locale is killed with its children: the whole process group.
    timer = threading.Timer(timeout, lambda: _kill_group(process.pid))
    timer.start()
    try:
        stderr = process.stderr.read() if process.stderr else b""
        # wait4 gives this child's own resource usage (peak RSS in KiB on Linux, the largest of its
        # waited-for children included).
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if seconds >= timeout:
        return None, None, f"killed after {timeout:.0f} s", None  # a killed run's figures mean nothing
    if process.returncode != 0:
        return None, peak, f"exit {process.returncode}: {stderr.decode(errors='replace').strip()[:200]}", cpu
    return seconds, peak, "", cpu


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


@dataclass
class Samples:
    """Repeated runs of one command: wall and CPU seconds of each, the largest peak RSS, why it stopped."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peak: float | None = None
    note: str = ""
    failed: bool = False

    def best(self) -> float | None:
        """The minimum wall time: the run least disturbed by other jobs on the machine."""
        return min(self.walls) if self.walls else None

    def best_cpu(self) -> float | None:
        return min(self.cpus) if self.cpus else None

    def spread(self) -> str:
        """``min of N`` and the median, for a note."""
        if len(self.walls) < 2:
            return "1 run"
        return f"min of {len(self.walls)} (median {statistics.median(self.walls):.3f})"


def interleaved(
    commands: dict[str, list[str] | None],
    runs: int,
    timeout: float,
    *,
    budget: float = 30.0,
    cwd: Path | None = None,
    before_each: Callable[[str], None] | None = None,
) -> dict[str, Samples]:
    """Run every command once per round, back to back, for ``runs`` rounds; a command stops repeating once its
    runs add up to ``budget`` seconds (a 50 s msgmerge runs once), and after its first failure.

    Interleaving puts the tools under the same load from other jobs; take :meth:`Samples.best` of each.
    ``before_each(label)`` prepares a run's inputs (untimed). ``None`` commands get a "not installed" note.
    """
    samples = {label: Samples(note="" if command else "not installed") for label, command in commands.items()}
    for _ in range(max(1, runs)):
        for label, command in commands.items():
            sample = samples[label]
            if command is None or sample.failed or sum(sample.walls) >= budget:
                continue
            if before_each is not None:
                before_each(label)
            seconds, peak, note, cpu = measure_cpu(command, timeout, cwd=cwd)
            if seconds is None:
                sample.failed, sample.note = True, note
                continue
            sample.walls.append(seconds)
            sample.cpus.append(cpu or 0.0)
            sample.peak = max(sample.peak or 0.0, peak or 0.0)
    return samples


def tool_path(name: str) -> str | None:
    """An installed command: on PATH, or beside this Python (a venv's bin/)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def per_locale_loop(codes: list[str], template: str) -> list[str]:
    """A shell command running ``template`` (with {code}) for each locale, stopping at the first failure."""
    return ["sh", "-c", " && ".join(template.format(code=code) for code in codes)]


def compile_bytecode() -> None:
    """Write our modules' .pyc files, as ``pip install`` does: an editable install under
    ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module on every run (about 60 ms)."""
    import importlib.util

    spec = importlib.util.find_spec("roadmapi18n")
    assert spec is not None and spec.submodule_search_locations
    for folder in spec.submodule_search_locations:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True)


def copy_shipped_project(destination: Path) -> Path:
    """This repository's committed files (``git ls-files``) copied to ``destination``: the shipped roadmap, as CI
    sees it.

    Without git (an unpacked archive), the project's own files: configuration, README (it holds the
    coverage table build writes), ``roadmap/`` and ``locales/``.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPOSITORY, capture_output=True, check=False, text=True
    ).stdout.split("\0")
    names = [name for name in listed if name] or ["roadmapi18n.toml", "README.md", "roadmap", "locales"]
    for name in names:
        source, target = REPOSITORY / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():  # a tracked file deleted in the working tree is left out
            shutil.copy2(source, target)
    return destination


# -- Markdown translation tools: mdpo and po4a ------------------------------------------------------


@dataclass(frozen=True)
class MarkdownTool:
    """A tool that translates a Markdown file through a gettext catalog of its own paragraphs and list items.

    ``extract`` makes a catalog from an English README (set-up, not timed); ``update_render`` is the
    shell command that updates that catalog from a newer English README and writes the translated one
    (what is timed, per locale).
    """

    label: str
    commands: tuple[str, ...]
    install: str
    """How to install it, for the "not installed" note."""
    extract: Callable[[Path, Path, float], None]
    update_render: Callable[[Path, Path, Path], str]

    def available(self) -> bool:
        return all(tool_path(command) for command in self.commands) and _is_mdpo_if_md2po(self)

    def missing_note(self) -> str:
        return f"not installed ({', '.join(self.commands)}: {self.install}), skipped"


def _is_mdpo_if_md2po(tool: MarkdownTool) -> bool:
    # translate-toolkit also installs an md2po/po2md pair; only mdpo's are this tool.
    if "md2po" not in tool.commands:
        return True
    md2po = tool_path("md2po")
    return md2po is not None and "mdpo" in Path(md2po).read_text(encoding="utf-8", errors="replace")[:400]


def _mdpo_extract(english: Path, po: Path, timeout: float) -> None:
    command = [str(tool_path("md2po")), str(english), "-q", "-s", "-p", str(po), "--wrapwidth", "inf"]
    subprocess.run(command, check=True, timeout=timeout, stdout=subprocess.DEVNULL)


def _mdpo_update_render(english: Path, po: Path, translated: Path) -> str:
    md2po, po2md = shlex.quote(str(tool_path("md2po"))), shlex.quote(str(tool_path("po2md")))
    readme, catalog, out = (shlex.quote(str(path)) for path in (english, po, translated))
    # Without -m, messages no longer in the README are marked obsolete, as msgmerge and we do (-m keeps them live).
    update = f"{md2po} {readme} -q -s -p {catalog} --wrapwidth inf"
    return f"{update} && {po2md} {readme} -q -p {catalog} -s {out} --wrapwidth inf"


# po4a's Markdown mode is its text format with the markdown option; neverwrap keeps the README's own line
# breaks in the translation (without it po4a re-wraps paragraphs and list items at 76 columns). The README
# is UTF-8, which po4a does not assume (-M, -L).
_PO4A_OPTIONS = "-f text -o markdown -o neverwrap -M UTF-8"


def _po4a_extract(english: Path, po: Path, timeout: float) -> None:
    # po4a-updatepo writes a new catalog when the file does not exist yet (po4a-gettextize needs a translation).
    command = [str(tool_path("po4a-updatepo")), *_PO4A_OPTIONS.split(), "-m", str(english), "-p", str(po)]
    subprocess.run(command, check=True, timeout=timeout, capture_output=True)


def _po4a_update_render(english: Path, po: Path, translated: Path) -> str:
    updatepo, translate = shlex.quote(str(tool_path("po4a-updatepo"))), shlex.quote(str(tool_path("po4a-translate")))
    readme, catalog, out = (shlex.quote(str(path)) for path in (english, po, translated))
    # -k 0: write the translated README however little is translated (po4a's default is 80%).
    return (
        f"{updatepo} {_PO4A_OPTIONS} -m {readme} -p {catalog} && "
        f"{translate} {_PO4A_OPTIONS} -L UTF-8 -m {readme} -p {catalog} -l {out} -k 0"
    )


MDPO = MarkdownTool("mdpo md2po + po2md", ("md2po", "po2md"), "pip install mdpo", _mdpo_extract, _mdpo_update_render)
PO4A = MarkdownTool(
    "po4a updatepo + translate",
    ("po4a-updatepo", "po4a-translate"),
    "apt-get install po4a",
    _po4a_extract,
    _po4a_update_render,
)
MARKDOWN_TOOLS = (MDPO, PO4A)


def prepare_markdown_catalogs(
    tool: MarkdownTool, english: Path, shares: dict[str, float], folder: Path, timeout: float
) -> None:
    """``tool``'s catalog of ``english`` for each locale, ``folder/<code>.po``, translated at ``shares[code]`` percent.

    Raises ``subprocess.TimeoutExpired`` when the extraction takes more than ``timeout`` seconds.
    """
    folder.mkdir(parents=True, exist_ok=True)
    extracted = folder / "extracted.pot"
    extracted.unlink(missing_ok=True)
    tool.extract(english, extracted, timeout)
    for code, percent in shares.items():
        shutil.copyfile(extracted, folder / f"{code}.po")
        translate_share(folder / f"{code}.po", code, percent)


def markdown_update_render(tool: MarkdownTool, english: Path, codes: list[str], folder: Path) -> list[str]:
    """The shell command updating each locale's catalog in ``folder`` from ``english`` and rendering its README."""
    return per_locale_loop(codes, tool.update_render(english, folder / "{code}.po", folder / "{code}.md"))


def translate_share(po: Path, code: str, percent: float) -> None:
    """Translate ``percent`` of the catalog's messages with stand-in text, the same ones on every run."""
    import zlib

    import polib

    from roadmapi18n.synth_roadmap import translate

    catalog = polib.pofile(str(po), wrapwidth=0)
    for entry in catalog:
        if zlib.crc32(f"{code}:{entry.msgid}".encode()) % 10000 < percent * 100:
            # Keep the newlines around the text: msgfmt -c (and po4a) refuse a msgstr that does not start
            # and end with a newline where its msgid does (po4a's table and HTML blocks end with one).
            text = entry.msgid.strip("\n")
            start = entry.msgid.index(text) if text else 0
            entry.msgstr = entry.msgid[:start] + translate(text, code) + entry.msgid[start + len(text) :]
    catalog.save(str(po))


def live_messages(po: Path) -> int:
    """Messages in a catalog, without the header and obsolete entries."""
    import polib

    return sum(1 for entry in polib.pofile(str(po)) if not entry.obsolete)
