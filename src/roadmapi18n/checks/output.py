"""Check reports as text for people, JSON for tools, and GitHub Actions annotations for CI."""

from __future__ import annotations

import json

from roadmapi18n.checks import CheckReport, Finding

JSON_FORMAT_VERSION = 1


def format_text(report: CheckReport, *, show_notes: bool = True) -> str:
    """Findings (file:line: severity [check] message + hint), the drift matrix and a summary line."""
    lines: list[str] = []
    for finding in report.findings:
        if finding.severity == "note" and not show_notes:
            continue
        where = finding.path + (f":{finding.line}" if finding.line else "")
        lines.append(f"{where}: {finding.severity} [{finding.check}] {finding.message}")
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
    lines.extend(format_matrix(report))
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = sum(1 for f in report.findings if f.severity == "warning")
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines) + "\n"


def format_matrix(report: CheckReport) -> list[str]:
    """The drift matrix as a fixed-width table: one row per part/section, one column per locale."""
    if not report.matrix or not report.matrix[0].cells:
        return []
    codes = list(report.matrix[0].cells)
    width = max(len(_row_title(row.level, row.title)) for row in report.matrix)
    head = "  ".join(f"{code:>18}" for code in codes)
    lines = ["", f"{'drift matrix':<{width}}  {head}"]
    for row in report.matrix:
        cells = "  ".join(_cell(row.cells[code]) for code in codes)
        lines.append(f"{_row_title(row.level, row.title):<{width}}  {cells}")
    lines.append("")
    return lines


def _row_title(level: str, title: str) -> str:
    return title if level == "part" else f"  {title}"


def _cell(cell: object) -> str:
    from roadmapi18n.checks import MatrixCell

    assert isinstance(cell, MatrixCell)
    total = cell.translated + cell.fuzzy + cell.missing
    return f"{cell.status:>10} {cell.translated:>3}/{total:<3}"


def to_json(report: CheckReport) -> str:
    """Stable JSON: ``{"version", "ok", "findings", "locales", "matrix"}`` (documented in README)."""
    data = {
        "version": JSON_FORMAT_VERSION,
        "ok": not report.failed,
        "findings": [f.to_dict() for f in report.findings],
        "locales": [
            {
                "locale": s.code,
                "total": s.total,
                "translated": s.translated,
                "fuzzy": s.fuzzy,
                "untranslated": s.untranslated,
                "obsolete": s.obsolete,
                "percent": round(s.percent, 2),
            }
            for s in report.statuses
        ],
        "matrix": [
            {
                "id": row.id,
                "title": row.title,
                "level": row.level,
                "locales": {
                    code: {
                        "status": cell.status,
                        "translated": cell.translated,
                        "fuzzy": cell.fuzzy,
                        "missing": cell.missing,
                    }
                    for code, cell in row.cells.items()
                },
            }
            for row in report.matrix
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    level = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for finding in report.findings:
        props = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(finding.check)}")
        message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
        lines.append(f"::{level[finding.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(finding: Finding) -> str:
    """One finding on one line (for logs)."""
    where = finding.path + (f":{finding.line}" if finding.line else "")
    return f"{where}: {finding.severity} [{finding.check}] {finding.message}"
