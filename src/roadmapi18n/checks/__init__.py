"""CI drift checks: one function per check, registered with an id and a severity.

``run_checks`` loads the project once, computes what ``build`` would write,
and runs every registered check over a shared :class:`CheckContext`. Each check
yields :class:`Finding` objects naming the file, the 1-based line where one
exists, and how to fix it. Error findings fail CI (exit 1); warnings and notes
are shown only. The check ids, severities and output formats are documented in
``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from roadmapi18n.build import BuildPlan, LocaleStatus
from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input
from roadmapi18n.project import Project

if TYPE_CHECKING:
    from roadmapi18n.checks.drift import MatrixTally

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or notable fact) found by a check."""

    check: str
    """The check's id, e.g. ``readme-drift``."""
    severity: Severity
    path: str
    """Repository-relative path of the file concerned, with forward slashes."""
    line: int | None
    """1-based line, or None when the finding is about the whole file."""
    message: str
    hint: str = ""
    """How to fix it."""
    locale: str | None = None
    rule: str | None = None
    """Finer classification inside a check (``integrity``: ``link-target``, ``emoji``…)."""
    end_line: int | None = None
    """1-based last line of a multi-line finding (a conflict block)."""
    excerpt: tuple[str, ...] = ()
    """A few lines that show the problem (drift: ``-`` found on disk, ``+`` what build writes)."""

    def to_dict(self) -> dict[str, object]:
        """Stable JSON form (``docs/checks.md``)."""
        return {
            "check": self.check,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "locale": self.locale,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
            "excerpt": list(self.excerpt),
        }


@dataclass(frozen=True, slots=True)
class ConflictBlock:
    """Git conflict-marker lines in one file: a whole block, or a marker left alone."""

    line: int
    end_line: int
    marker: str
    complete: bool
    """True for ``<<<<<<<`` … ``>>>>>>>``; False for a stray opening or closing marker."""


class CheckContext:
    """Everything the checks read, loaded once: the plan, the catalogs, the bytes of every file read."""

    def __init__(self, project: Project, locales: list[str], min_coverage: dict[str, float]) -> None:
        from roadmapi18n.checks.drift import MatrixTally  # drift registers checks: it imports this module

        self.project = project
        self.locales = locales
        self.min_coverage = min_coverage
        self.plan: BuildPlan | None = None
        """What build would write; None when the roadmap could not be loaded (see ``load_error``).

        Its merged catalogs are not kept (``plan.catalogs`` is empty); ``matrix`` has their counts."""
        self.matrix: MatrixTally = MatrixTally(locales)
        self.load_error: RoadmapError | None = None
        self.disk_catalogs: dict[str, Catalog] = {}
        """Target catalogs the strict reader accepted, as they are on disk."""
        self.catalog_errors: dict[Path, RoadmapError] = {}
        """Target catalogs the strict reader refused."""
        self.selected: list[str] = []
        """Ids of the checks this run runs (a check that groups findings across checks looks here)."""
        self.memo: dict[str, object] = {}
        """Results that several checks share, computed by the first that needs them (drift causes)."""
        self._bytes: dict[Path, bytes | None] = {}
        self._lines: dict[Path, list[bytes]] = {}
        self._as_built: dict[Path, bool] = {}

    def rel(self, path: Path) -> str:
        """Repository-relative path for messages."""
        return self.project.config.relative(path)

    def read(self, path: Path) -> bytes | None:
        """The file's bytes, or None if it does not exist; RoadmapError if it cannot be read.

        Small files are read once and kept; large ones (catalogs and READMEs of a big roadmap) are read
        again when asked for: the page cache makes that cheap, and keeping them all would double ``check``'s
        memory at 100,000 units × 10 locales.
        """
        if path in self._bytes:
            return self._bytes[path]
        try:
            # Never through a symbolic link, never a FIFO or device: what is read may be quoted in a report.
            data = read_input(path, root=self.project.config.root)
        except FileNotFoundError:
            data = None
        if data is None or len(data) < _KEEP_READ_BELOW:
            self._bytes[path] = data
        return data

    def as_built(self, path: Path) -> bool:
        """Whether the file on disk holds exactly the bytes build writes (False when build does not write it)."""
        if path not in self._as_built:
            expected = self.plan.outputs.get(path) if self.plan is not None else None
            data = self.read(path)
            self._as_built[path] = expected is not None and data is not None and data == expected.encode("utf-8")
        return self._as_built[path]

    def line_of(self, path: Path, start: int, prefix: bytes) -> int:
        """1-based number of the first line at or after line ``start`` that begins with ``prefix`` (else ``start``)."""
        if path not in self._lines:
            self._lines[path] = (self.read(path) or b"").split(b"\n")
        lines = self._lines[path]
        for index in range(max(start, 1) - 1, min(len(lines), max(start, 1) + 1000)):
            if lines[index].startswith(prefix):
                return index + 1
        return start

    def msgstr_line(self, path: Path, message: Message) -> int:
        """The line of the entry's ``msgstr`` keyword (where a translator edits)."""
        return self.line_of(path, message.lineno, b"#~ msgstr" if message.obsolete else b"msgstr")

    def header_line(self, path: Path, field_name: str) -> int:
        """The line of a header field such as ``"Language: vi\\n"`` (1 if absent)."""
        return self.line_of(path, 1, b'"' + field_name.encode() + b":")

    @cached_property
    def text_files(self) -> list[Path]:
        """Text files under the roadmap and locales folders, and the config, in a stable order."""
        cfg = self.project.config
        files = {cfg.config_path, cfg.source_readme}
        for folder in (cfg.roadmap.parent, cfg.locales_dir):
            if folder.is_dir():
                files.update(p for p in folder.rglob("*") if p.suffix in TEXT_SUFFIXES and _regular(p))
        return sorted(p for p in files if _regular(p))

    @cached_property
    def conflicts(self) -> dict[Path, list[ConflictBlock]]:
        """Conflict blocks per text file (files without any are left out)."""
        from roadmapi18n.checks.files import conflict_blocks

        found: dict[Path, list[ConflictBlock]] = {}
        for path in self.text_files:
            blocks = conflict_blocks(self.read(path) or b"")
            if blocks:
                found[path] = blocks
        return found


def _regular(path: Path) -> bool:
    """A regular file, not a symbolic link (those are reported where a check reads them, never followed)."""
    return path.is_file() and not path.is_symlink()


_KEEP_READ_BELOW = 1 << 20
"""Files smaller than this many bytes are kept in memory once read (see :meth:`CheckContext.read`)."""

TEXT_SUFFIXES = frozenset({".yaml", ".yml", ".po", ".pot", ".md", ".json", ".toml", ".txt", ".svg"})

CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check."""

    id: str
    severity: Severity
    description: str
    run: CheckFunction
    needs_plan: bool
    """Whether the check compares with what build writes (skipped when the roadmap does not load)."""


REGISTRY: dict[str, Check] = {}


def register(
    check_id: str, severity: Severity, description: str, *, needs_plan: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator adding a check to :data:`REGISTRY` (ordered as registered)."""

    def wrap(function: CheckFunction) -> CheckFunction:
        REGISTRY[check_id] = Check(check_id, severity, description, function, needs_plan)
        return function

    return wrap


def registry() -> dict[str, Check]:
    """Every check, in report order (imports the modules that register them)."""
    from roadmapi18n.checks import drift, files, integrity_check  # noqa: F401

    return REGISTRY


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """Counts of units in one row of the drift matrix for one locale."""

    translated: int
    """Shown translated in the README."""
    fuzzy: int
    missing: int
    withheld: int = 0
    """Confirmed, but shown in English because of a problem (``integrity`` names it)."""
    skipped: bool = False
    """The locale's catalog could not be read: its counts are unknown (``missing`` holds the row's size)."""

    @property
    def total(self) -> int:
        """Units in the row."""
        return self.translated + self.fuzzy + self.missing + self.withheld

    @property
    def status(self) -> str:
        """``translated`` (all), ``fuzzy`` (some await review), ``missing`` (none), ``partial``, or ``skipped``.

        >>> [MatrixCell(*counts).status for counts in ((3, 0, 0), (1, 1, 1), (0, 0, 2), (1, 0, 1))]
        ['translated', 'fuzzy', 'missing', 'partial']
        """
        if self.skipped:
            return "skipped"
        if self.fuzzy:
            return "fuzzy"
        if not self.missing and not self.withheld:
            return "translated"
        return "missing" if not self.translated and not self.withheld else "partial"

    @property
    def percent(self) -> float:
        """Share of the row's units with a confirmed translation."""
        return 100.0 * self.translated / self.total if self.total else 100.0


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One part, section or other group of the roadmap, and its status in each locale."""

    id: str
    title: str
    level: Literal["part", "section", "other"]
    """``other``: units outside the parts (course header, notebooks, acknowledgements, labels)."""
    cells: dict[str, MatrixCell]


@dataclass
class CheckReport:
    """Findings, catalog statistics, the drift matrix, and the checks that could not run."""

    findings: list[Finding]
    statuses: list[LocaleStatus]
    matrix: list[MatrixRow]
    checks: list[str] = field(default_factory=list)
    """Ids of the checks that ran."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Check id → why it did not run."""
    skipped_locales: dict[str, str] = field(default_factory=dict)
    """Locale → why its catalog, README, badge and counts were not checked (the catalog cannot be read)."""
    plan: BuildPlan | None = None
    """What build would write, when asked for (``run_checks(keep_plan=True)``) and the roadmap loads."""

    @property
    def failed(self) -> bool:
        """True when any finding is an error (exit code 1)."""
        return any(f.severity == "error" for f in self.findings)

    def count(self, severity: Severity) -> int:
        """Number of findings of one severity."""
        return sum(1 for f in self.findings if f.severity == severity)


def run_checks(
    project: Project,
    *,
    locales: list[str] | None = None,
    min_coverage: dict[str, float] | None = None,
    only: Iterable[str] | None = None,
    keep_plan: bool = False,
) -> CheckReport:
    """Run the registered checks (all, or those in ``only``) and collect the report.

    ``keep_plan`` keeps the build plan in the report (the pull-request check compares with it).

    Raises :class:`RoadmapError` for unusable input (unknown locale or check, a roadmap that does not
    load for a reason other than conflict markers): the CLI turns it into exit code 2.
    """
    checks = registry()
    selected = list(dict.fromkeys(only)) if only is not None else list(checks)
    for name in selected:
        if name not in checks:
            raise RoadmapError(f"unknown check {name!r}", hint=f"known checks: {', '.join(checks)}")
    context = _context(project, locales, min_coverage or {})
    context.selected = selected
    report = CheckReport(findings=[], statuses=[], matrix=[])
    for name in selected:
        check = checks[name]
        if check.needs_plan and context.plan is None:
            assert context.load_error is not None
            report.skipped[name] = f"the roadmap does not load: {context.load_error}"
            continue
        report.checks.append(name)
        report.findings.extend(check.run(context))
    cfg = project.config
    for path, error in context.catalog_errors.items():
        code = next(code for code in context.locales if cfg.po_path(code) == path)
        where = context.rel(path) + (f":{error.line}" if error.line else "")
        report.skipped_locales[code] = f"{where}: the catalog cannot be read: {error.message}"
    if context.plan is not None:
        report.plan = context.plan if keep_plan else None
        report.statuses = context.plan.statuses
        report.matrix = context.matrix.rows(project.roadmap)
    return report


def selected_locales(project: Project, locales: Iterable[str] | None) -> list[str]:
    """The target locales to check, validated (unknown → RoadmapError), in the order given."""
    cfg = project.config
    if locales is None:
        return project.locale_codes
    codes = list(dict.fromkeys(locales))
    for code in codes:
        if code == cfg.source_locale:
            raise RoadmapError(
                f"{code!r} is the source locale; --locale takes a translated locale",
                path=cfg.config_path,
                hint=f"translated locales: {', '.join(project.locale_codes) or 'none yet'}",
            )
        cfg.locale(code)
    return codes


def _context(project: Project, locales: list[str] | None, min_coverage: dict[str, float]) -> CheckContext:
    from roadmapi18n.build import plan_build

    cfg = project.config
    codes = selected_locales(project, locales)
    for code in min_coverage:
        cfg.locale(code)
        if code not in codes:
            raise RoadmapError(
                f"--min-coverage names {code!r}, which this run does not check (--locale {' '.join(codes)})",
                hint=f"add --locale {code}, or drop --min-coverage {code}=…",
            )
    floors = {loc.code: loc.min_coverage for loc in cfg.locales if loc.min_coverage is not None}
    floors.update(min_coverage)
    context = CheckContext(project, codes, floors)
    # The template is not parsed here: build rewrites it whole, so any damage shows as catalog-drift.
    for code in codes:
        try:
            catalog = project.catalog(code)
        except RoadmapError as error:
            context.catalog_errors[cfg.po_path(code)] = error
            context.matrix.skip(code)
            continue
        if catalog is not None:
            context.disk_catalogs[code] = catalog
    healthy = [code for code in codes if cfg.po_path(code) not in context.catalog_errors]
    try:
        context.plan = plan_build(project, locales=healthy, keep_catalogs=False, on_catalog=context.matrix.add)
    except RoadmapError as error:
        # A roadmap YAML with conflict markers does not parse: report the markers (exit 1), not a crash.
        if not any(path.suffix in (".yaml", ".yml") for path in context.conflicts):
            raise
        context.load_error = error
    return context
