"""``roadmapi18n stats``: coverage per locale and per part, as text, JSON or SVG badges."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmapi18n.build import BuildPlan, LocaleStatus, plan_build
from roadmapi18n.checks import MatrixRow, selected_locales
from roadmapi18n.checks.drift import MatrixTally
from roadmapi18n.checks.output import JSON_FORMAT_VERSION, status_json
from roadmapi18n.errors import RoadmapError
from roadmapi18n.project import Project


@dataclass(frozen=True, slots=True)
class Stats:
    """Per-locale counts and the per-group rows (parts, their sections, the other groups)."""

    statuses: list[LocaleStatus]
    rows: list[MatrixRow]
    skipped: dict[str, RoadmapError] = field(default_factory=dict)
    """Locales whose catalog cannot be read, and why: shown as skipped, never left out."""


def collect_stats(project: Project, *, locales: Iterable[str] | None = None) -> Stats:
    """Coverage after merging (what ``build`` would commit), without writing anything."""
    codes = selected_locales(project, locales)
    tally = MatrixTally(codes)
    skipped: dict[str, RoadmapError] = {}
    for code in codes:
        try:
            project.catalog(code)
        except RoadmapError as error:
            skipped[code] = error
            tally.skip(code)
    readable = [code for code in codes if code not in skipped]
    plan = plan_build(
        project,
        locales=readable,
        template=False,
        catalogs=False,
        readmes=False,
        keep_catalogs=False,
        on_catalog=tally.add,
    )
    return Stats(plan.statuses, tally.rows(project.roadmap), skipped)


def skipped_reason(project: Project, error: RoadmapError) -> str:
    """``path:line: the catalog cannot be read: …``, the path relative to the project."""
    path = project.config.relative(error.path) if error.path is not None else ""
    return f"{path}{f':{error.line}' if error.line else ''}: the catalog cannot be read: {error.message}"


def badge_plan(project: Project, *, locales: Iterable[str] | None = None) -> BuildPlan:
    """Only the coverage badges of a build plan: the same bytes ``build`` writes."""
    codes = selected_locales(project, locales)
    plan = plan_build(project, locales=codes, template=False, source_readme=False)
    badges = {project.config.badge_path(code) for code in codes}
    plan.outputs = {path: plan.outputs[path] for path in plan.outputs if path in badges}
    return plan


_STATUS_HEAD = (
    f"{'locale':<10} {'translated':>18} {'withheld':>9} {'fuzzy':>6} {'untranslated':>13} {'obsolete':>9}"
    f" {'suggested':>10}"
)


def status_line(s: LocaleStatus) -> str:
    """One locale: translated (shown in the README) of total, withheld, fuzzy, untranslated, obsolete, suggested."""
    done = f"{s.translated}/{s.total} ({s.percent:.1f}%)"
    counts = f"{s.withheld:>9} {s.fuzzy:>6} {s.untranslated:>13} {s.obsolete:>9} {s.suggested:>10}"
    return f"{s.code:<10} {done:>18} {counts}"


def status_table(statuses: list[LocaleStatus]) -> list[str]:
    """The locale table of ``stats`` (``build`` prints it too)."""
    return [_STATUS_HEAD, *(status_line(s) for s in statuses)]


def format_stats_text(stats: Stats) -> str:
    """A locale table, then a part table (percent rounded down, as in the READMEs; fuzzy counts in brackets).

    A locale whose catalog cannot be read keeps its row and column, marked ``skipped``. ``suggested`` counts
    the fuzzy entries that hold an unreviewed cross-script suggestion (see :mod:`roadmapi18n.suggest`).
    """
    lines = [_STATUS_HEAD]
    statuses = {s.code: s for s in stats.statuses}
    codes = list(stats.rows[0].cells) if stats.rows else list(statuses)
    for code in codes:
        error = stats.skipped.get(code)
        if error is not None:
            where = f" (line {error.line})" if error.line else ""
            lines.append(f"{code:<10} {'skipped':>18}  the catalog cannot be read{where}: {error.message}")
            continue
        lines.append(status_line(statuses[code]))
    rows = [row for row in stats.rows if row.level != "section"]
    if rows and codes:
        width = max(len(row.title) for row in rows)
        lines += ["", f"{'part':<{width}}  " + "  ".join(f"{code:>16}" for code in codes)]
        for row in rows:
            cells = []
            for code in codes:
                cell = row.cells[code]
                fuzzy = f" [{cell.fuzzy}]" if cell.fuzzy else ""
                shown = "skipped" if cell.skipped else f"{int(cell.percent)}% {cell.translated}/{cell.total}{fuzzy}"
                cells.append(f"{shown:>16}")
            lines.append(f"{row.title:<{width}}  " + "  ".join(cells))
    return "\n".join(lines) + "\n"


def stats_json(stats: Stats, reasons: dict[str, str] | None = None) -> str:
    """``{"version", "locales": [{locale, counts, percent, "parts": [...]}], "skipped": [{locale, reason}]}``.

    ``reasons`` words why each skipped locale was skipped (see :func:`skipped_reason`); docs/checks.md.
    """
    reasons = reasons if reasons is not None else {code: error.message for code, error in stats.skipped.items()}
    locales = []
    for s in stats.statuses:
        parts = [
            {
                "id": row.id,
                "title": row.title,
                "level": row.level,
                "total": row.cells[s.code].total,
                "translated": row.cells[s.code].translated,
                "withheld": row.cells[s.code].withheld,
                "fuzzy": row.cells[s.code].fuzzy,
                "missing": row.cells[s.code].missing,
                "percent": round(row.cells[s.code].percent, 2),
            }
            for row in stats.rows
        ]
        locales.append({**status_json(s), "parts": parts})
    skipped = [{"locale": code, "reason": reason} for code, reason in reasons.items()]
    data = {"version": JSON_FORMAT_VERSION, "locales": locales, "skipped": skipped}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
