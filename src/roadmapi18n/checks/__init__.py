"""CI drift checks: one function per check, registered with an id and a severity.

``run_checks`` loads the project once, computes what ``build`` would write,
and runs every registered check over a shared :class:`CheckContext`. Each check
yields :class:`Finding` objects naming file, line where one exists, and how to
fix it. Error findings fail CI (exit 1); warnings and notes are shown only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from roadmapi18n.build import BuildPlan, LocaleStatus
from roadmapi18n.catalog import Catalog
from roadmapi18n.project import Project

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or notable fact) found by a check."""

    check: str
    """The check's id, e.g. ``readme-drift``."""
    severity: Severity
    path: str
    """Repository-relative path of the file concerned."""
    line: int | None
    message: str
    hint: str = ""
    locale: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Stable JSON form (see README: ``check --format json``)."""
        return {
            "check": self.check,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "locale": self.locale,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class CheckContext:
    """Everything the checks read, loaded once."""

    project: Project
    locales: list[str]
    min_coverage: dict[str, float]
    plan: BuildPlan
    disk_catalogs: dict[str, Catalog]
    """Catalogs that the strict reader accepted, as they are on disk."""
    broken_catalogs: set[str] = field(default_factory=set)
    """Locales whose .po the strict reader refused (reported by catalog-health)."""

    def rel(self, path: Path) -> str:
        """Repository-relative path for messages."""
        return self.project.config.relative(path)


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check."""

    id: str
    severity: Severity
    description: str
    run: CheckFunction


REGISTRY: dict[str, Check] = {}


def register(check_id: str, severity: Severity, description: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator adding a check to :data:`REGISTRY` (ordered as registered)."""

    def wrap(function: CheckFunction) -> CheckFunction:
        REGISTRY[check_id] = Check(check_id, severity, description, function)
        return function

    return wrap


@dataclass
class CheckReport:
    """Findings, catalog statistics and the drift matrix."""

    findings: list[Finding]
    statuses: list[LocaleStatus]
    matrix: list[MatrixRow]

    @property
    def failed(self) -> bool:
        """True when any finding is an error (exit code 1)."""
        return any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One part or section of the roadmap and its status in each locale."""

    id: str
    title: str
    level: Literal["part", "section"]
    cells: dict[str, MatrixCell]


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """Counts of units in one part/section for one locale."""

    translated: int
    fuzzy: int
    missing: int

    @property
    def status(self) -> str:
        """``translated`` (all), ``fuzzy`` (some await review), ``missing`` (none), or ``partial``."""
        if self.fuzzy:
            return "fuzzy"
        if not self.missing:
            return "translated"
        return "missing" if not self.translated else "partial"


def run_checks(
    project: Project,
    *,
    locales: list[str] | None = None,
    min_coverage: dict[str, float] | None = None,
    only: Iterable[str] | None = None,
) -> CheckReport:
    """Run the registered checks (all, or those in ``only``) and collect the report."""
    from roadmapi18n.checks import drift, files, integrity_check  # noqa: F401  (registers the checks)
    from roadmapi18n.checks.drift import drift_matrix

    context = _context(project, locales, min_coverage or {})
    selected = [REGISTRY[name] for name in only] if only else list(REGISTRY.values())
    findings: list[Finding] = []
    for check in selected:
        findings.extend(check.run(context))
    return CheckReport(findings=findings, statuses=context.plan.statuses, matrix=drift_matrix(context))


def _context(project: Project, locales: list[str] | None, min_coverage: dict[str, float]) -> CheckContext:
    from roadmapi18n.build import plan_build
    from roadmapi18n.errors import RoadmapError

    codes = locales if locales is not None else project.locale_codes
    for code in codes:
        project.config.locale(code)  # an unknown locale (or a path) is the user's error, not a broken catalog
    configured = {loc.code: loc.min_coverage for loc in project.config.locales}
    floors = {code: value for code, value in configured.items() if value is not None}
    floors.update(min_coverage)
    disk: dict[str, Catalog] = {}
    broken: set[str] = set()
    for code in codes:
        try:
            catalog = project.catalog(code)
        except RoadmapError:
            broken.add(code)
            continue
        if catalog is not None:
            disk[code] = catalog
    healthy = [code for code in codes if code not in broken]
    plan = plan_build(project, locales=healthy)
    return CheckContext(project, codes, floors, plan, disk, broken)


def iter_findings(report: CheckReport, severity: Severity) -> Iterator[Finding]:
    """Findings of one severity, in report order."""
    return (f for f in report.findings if f.severity == severity)
