"""``roadmapi18n stats``: coverage per locale and per part, as text, JSON or SVG badges."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from roadmapi18n.build import BuildPlan, LocaleStatus, plan_build
from roadmapi18n.checks import MatrixRow, selected_locales
from roadmapi18n.checks.drift import MatrixTally
from roadmapi18n.checks.output import JSON_FORMAT_VERSION, status_json
from roadmapi18n.project import Project


@dataclass(frozen=True, slots=True)
class Stats:
    """Per-locale counts and the per-group rows (parts, their sections, the other groups)."""

    statuses: list[LocaleStatus]
    rows: list[MatrixRow]


def collect_stats(project: Project, *, locales: Iterable[str] | None = None) -> Stats:
    """Coverage after merging (what ``build`` would commit), without writing anything."""
    codes = selected_locales(project, locales)
    tally = MatrixTally()
    plan = plan_build(
        project, locales=codes, template=False, catalogs=False, readmes=False, keep_catalogs=False, on_catalog=tally.add
    )
    return Stats(plan.statuses, tally.rows(project.roadmap))


def badge_plan(project: Project, *, locales: Iterable[str] | None = None) -> BuildPlan:
    """Only the coverage badges of a build plan: the same bytes ``build`` writes."""
    codes = selected_locales(project, locales)
    plan = plan_build(project, locales=codes, template=False, source_readme=False)
    badges = {project.config.badge_path(code) for code in codes}
    plan.outputs = {path: text for path, text in plan.outputs.items() if path in badges}
    return plan


def status_table(statuses: list[LocaleStatus]) -> list[str]:
    """Per locale: translated (shown in the README), withheld, fuzzy, untranslated, obsolete (build prints it too)."""
    head = f"{'locale':<10} {'translated':>18} {'withheld':>9} {'fuzzy':>6} {'untranslated':>13} {'obsolete':>9}"
    lines = [head]
    for s in statuses:
        done = f"{s.translated}/{s.total} ({s.percent:.1f}%)"
        lines.append(f"{s.code:<10} {done:>18} {s.withheld:>9} {s.fuzzy:>6} {s.untranslated:>13} {s.obsolete:>9}")
    return lines


def format_stats_text(stats: Stats) -> str:
    """A locale table, then a part table (percent rounded down, as in the READMEs; fuzzy counts in brackets)."""
    lines = status_table(stats.statuses)
    rows = [row for row in stats.rows if row.level != "section"]
    codes = [s.code for s in stats.statuses]
    if rows and codes:
        width = max(len(row.title) for row in rows)
        lines += ["", f"{'part':<{width}}  " + "  ".join(f"{code:>16}" for code in codes)]
        for row in rows:
            cells = []
            for code in codes:
                cell = row.cells[code]
                fuzzy = f" [{cell.fuzzy}]" if cell.fuzzy else ""
                cells.append(f"{f'{int(cell.percent)}% {cell.translated}/{cell.total}{fuzzy}':>16}")
            lines.append(f"{row.title:<{width}}  " + "  ".join(cells))
    return "\n".join(lines) + "\n"


def stats_json(stats: Stats) -> str:
    """``{"version", "locales": [{locale, counts, percent, "parts": [...]}]}``; see docs/checks.md."""
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
    return json.dumps({"version": JSON_FORMAT_VERSION, "locales": locales}, ensure_ascii=False, indent=2) + "\n"
