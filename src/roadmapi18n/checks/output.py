"""Check reports as text for people, JSON for tools, and GitHub Actions annotations for CI.

The formats are documented in ``docs/checks.md``; :data:`JSON_FORMAT_VERSION`
changes when a field is removed or changes meaning (adding a field does not).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from roadmapi18n.build import LocaleStatus
from roadmapi18n.checks import CheckReport, Finding, MatrixCell, MatrixRow
from roadmapi18n.errors import RoadmapError, shown_path

JSON_FORMAT_VERSION = 1


def format_text(report: CheckReport, *, show_notes: bool = True) -> str:
    """Findings (``path:line: severity [check] message``, hint, excerpt), the drift matrix and a summary line."""
    lines: list[str] = []
    for finding in report.findings:
        if finding.severity == "note" and not show_notes:
            continue
        lines.append(summary_line(finding))
        lines.extend(f"    | {line}" for line in finding.excerpt)
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
    for check, reason in report.skipped.items():
        lines.append(f"skipped [{check}]: {reason.splitlines()[0]}")
    for code, reason in report.skipped_locales.items():
        lines.append(f"skipped locale {code}: {reason}")
    lines.extend(format_matrix(report.matrix))
    errors, warnings = report.count("error"), report.count("warning")
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines) + "\n"


def format_matrix(matrix: list[MatrixRow]) -> list[str]:
    """The drift matrix as a fixed-width table: one row per group, part or section, one column per locale."""
    codes = list(dict.fromkeys(code for row in matrix for code in row.cells))
    if not codes:
        return []
    width = max(len(_row_title(row)) for row in matrix)
    head = "  ".join(f"{code:>20}" for code in codes)
    lines = ["", f"{'drift matrix':<{width}}  {head}"]
    for row in matrix:
        cells = "  ".join(_cell(row.cells.get(code)) for code in codes)
        lines.append(f"{_row_title(row):<{width}}  {cells}".rstrip())
    lines.append("")
    return lines


def _row_title(row: MatrixRow) -> str:
    return f"  {row.title}" if row.level == "section" else row.title


def _cell(cell: MatrixCell | None) -> str:
    if cell is None:
        return f"{'-':>20}"
    if cell.skipped:
        return f"{'skipped':>10} {f'?/{cell.total}':>9}"
    counts = f"{cell.translated}/{cell.total}"
    return f"{cell.status:>10} {counts:>9}"


def to_json(report: CheckReport) -> str:
    """Stable JSON (version, ok, summary, checks, skipped, findings, locales, matrix); see docs/checks.md."""
    data: dict[str, Any] = {
        "version": JSON_FORMAT_VERSION,
        "ok": not report.failed,
        "summary": {severity: report.count(severity) for severity in ("error", "warning", "note")},
        "checks": list(report.checks),
        "skipped": [
            *({"check": check, "locale": None, "reason": reason} for check, reason in report.skipped.items()),
            *({"check": None, "locale": code, "reason": reason} for code, reason in report.skipped_locales.items()),
        ],
        "findings": [f.to_dict() for f in report.findings],
        "locales": [status_json(s) for s in report.statuses],
        "matrix": matrix_json(report.matrix),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def status_json(status: LocaleStatus) -> dict[str, Any]:
    """One locale's counts as JSON."""
    return {
        "locale": status.code,
        "total": status.total,
        "translated": status.translated,
        "withheld": status.withheld,
        "fuzzy": status.fuzzy,
        "untranslated": status.untranslated,
        "obsolete": status.obsolete,
        "suggested": status.suggested,
        "percent": round(status.percent, 2),
    }


def matrix_json(matrix: list[MatrixRow]) -> list[dict[str, Any]]:
    """The drift matrix as JSON-able rows."""
    return [
        {
            "id": row.id,
            "title": row.title,
            "level": row.level,
            "locales": {code: _cell_json(cell) for code, cell in row.cells.items()},
        }
        for row in matrix
    ]


def _cell_json(cell: MatrixCell) -> dict[str, Any]:
    """A matrix cell; a skipped locale's counts are unknown (null), only the row's size is."""
    if cell.skipped:
        return {
            "status": "skipped",
            "total": cell.total,
            "translated": None,
            "withheld": None,
            "fuzzy": None,
            "missing": None,
        }
    return {
        "status": cell.status,
        "total": cell.total,
        "translated": cell.translated,
        "withheld": cell.withheld,
        "fuzzy": cell.fuzzy,
        "missing": cell.missing,
    }


def input_error_finding(error: RoadmapError, root: Path) -> Finding:
    """An input error that stopped the run (exit 2) as a finding of the pseudo-check ``input``.

    ``rule`` says what could not be read: ``config`` (roadmapi18n.toml), ``yaml`` (the roadmap),
    ``catalog`` (a .po or .pot), ``usage`` (an option, a locale code). The path is relative to ``root``
    when the file is below it.
    """
    path = ""
    rule = "usage"
    if error.path is not None:
        # The loaders name files relative to the project root, the others absolutely.
        absolute = error.path if error.path.is_absolute() else root / error.path
        path = shown_path(absolute.resolve(), root.resolve()).as_posix()
        rule = {".toml": "config", ".yaml": "yaml", ".yml": "yaml", ".po": "catalog", ".pot": "catalog"}.get(
            error.path.suffix, "input"
        )
    hint = error.hint or ""
    return Finding("input", "error", path, error.line, error.message, hint, rule=rule)


def input_error_json(error: RoadmapError, root: Path) -> str:
    """The JSON report of a run stopped by an input error: same keys, ``ok`` false, one ``input`` finding."""
    from roadmapi18n.checks import registry

    finding = input_error_finding(error, root)
    reason = "not run: the input could not be read (see the finding of check `input`)"
    data: dict[str, Any] = {
        "version": JSON_FORMAT_VERSION,
        "ok": False,
        "summary": {"error": 1, "warning": 0, "note": 0},
        "checks": [],
        "skipped": [{"check": check, "locale": None, "reason": reason} for check in registry()],
        "findings": [finding.to_dict()],
        "locales": [],
        "matrix": [],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def input_error_github(error: RoadmapError, root: Path, *, prefix: str = "") -> str:
    """The ``::error`` workflow command for a run stopped by an input error (with the column where known)."""
    finding = input_error_finding(error, root)
    props = []
    if finding.path:
        props.append(f"file={escape_property(prefix + finding.path)}")
        if finding.line:
            props.append(f"line={finding.line}")
            if error.column:
                props.append(f"col={error.column}")
    props.append(f"title={escape_property(f'input ({finding.rule})')}")
    message = "\n".join([finding.message, *([f"Fix: {finding.hint}"] if finding.hint else [])])
    return f"::error {','.join(props)}::{escape_data(message)}\n"


def format_github(report: CheckReport, *, prefix: str = "") -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…,endLine=…,title=…::message``), then the text report.

    ``prefix`` is prepended to every path (the project's folder relative to the workspace), so that
    annotations land on the right file when ``--root`` is a subfolder of the repository. The runner
    turns the commands into annotations (GitHub shows at most 10 per type and step) and does not
    log them, so the text report follows for the job log.
    """
    level = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for finding in report.findings:
        props = [f"file={escape_property(prefix + finding.path)}"]
        if finding.line:
            props.append(f"line={finding.line}")
            if finding.end_line and finding.end_line != finding.line:
                props.append(f"endLine={finding.end_line}")
        props.append(f"title={escape_property(finding.check + (f' ({finding.rule})' if finding.rule else ''))}")
        message = "\n".join([finding.message, *finding.excerpt, *([f"Fix: {finding.hint}"] if finding.hint else [])])
        lines.append(f"::{level[finding.severity]} {','.join(props)}::{escape_data(message)}")
    for check, reason in report.skipped.items():
        lines.append(f"::warning title={escape_property(check)}::{escape_data('skipped: ' + reason)}")
    for code, reason in report.skipped_locales.items():
        title = escape_property(f"skipped locale {code}")
        message = escape_data(f"{reason}; its README, badge and counts were not checked")
        lines.append(f"::warning title={title}::{message}")
    return "".join(line + "\n" for line in lines) + format_text(report)


def escape_data(text: str) -> str:
    """Escape a workflow command's message (``%``, CR, LF), as @actions/core does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(finding: Finding) -> str:
    """One finding on one line: ``path:line: severity [check] message``."""
    where = finding.path + (f":{finding.line}" if finding.line else "")
    rule = f"/{finding.rule}" if finding.rule else ""
    return f"{where}: {finding.severity} [{finding.check}{rule}] {finding.message}"
