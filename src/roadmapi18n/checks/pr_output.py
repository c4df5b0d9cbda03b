"""The pull-request check's report: a Markdown job summary, GitHub annotations, text and JSON.

The job summary (``$GITHUB_STEP_SUMMARY``) is what a translator and a
reviewer read: a verdict, per locale what the pull request changes, the
problems to fix with file:line, what the rebuild after the merge takes care
of, what was already so on the base branch, and the changed entries.
Translations come from contributors: every piece of their text is escaped
before it goes into Markdown.
"""

from __future__ import annotations

import html
import json
from typing import Any

from roadmapi18n.checks import Finding
from roadmapi18n.checks.output import JSON_FORMAT_VERSION, escape_data, escape_property, summary_line
from roadmapi18n.checks.pr import CHANGE_LABELS, ChangeKind, Judged, LocaleChanges, PullRequestReport, Verdict

_KINDS: tuple[ChangeKind, ...] = ("translated", "reviewed", "changed", "unreviewed", "removed", "suggested")
_COUNTED_LABELS: dict[ChangeKind, str] = {
    "removed": "translations removed",
    "suggested": "suggestions (fuzzy) added or edited",
}
"""The labels that name a thing rather than what happened to it, in the plural (for counts other than one)."""
_ENTRIES_SHOWN = 50
"""Changed entries listed per locale in the job summary (the counts cover them all)."""
_SECTIONS: tuple[tuple[Verdict, str, str], ...] = (
    ("fix", "Problems to fix", "annotated on their lines in the Files changed tab"),
    ("rebuild", "Done after merging (nothing to do)", "the rebuild on the main branch takes care of these"),
    ("existing", "Already on the base branch", "not caused by this pull request"),
)


def format_markdown(report: PullRequestReport) -> str:
    """The job summary."""
    fix = report.to_fix
    lines = ["## roadmapi18n: translations in this pull request", ""]
    lines += [f"Compared with {_code(report.base_ref)} (merge base `{report.base[:12]}`).", ""]
    if fix:
        lines.append(f"❌ **{len(fix)} problem{'s' * (len(fix) != 1)} to fix** before merging.")
    else:
        lines.append("✅ **Nothing to fix.**" + _after_merge(report))
    lines += ["", *_locale_table(report.locales), ""]
    for verdict, title, note in _SECTIONS:
        judged = report.verdict(verdict)
        if not judged:
            continue
        items = [_finding_item(j) for j in judged]
        if verdict == "existing":  # worth a look for a maintainer, not the contributor's business: folded
            lines += ["<details>", f"<summary>{title}: {len(judged)} ({note})</summary>", "", *items, "", "</details>"]
        else:
            lines += [f"### {title}", "", f"_{note}_", "", *items]
        lines.append("")
    for changes in report.locales:
        lines += _entry_details(changes)
    return "\n".join(lines).rstrip("\n") + "\n"


def _after_merge(report: PullRequestReport) -> str:
    if report.verdict("rebuild"):
        return " After the merge, the rebuild on the main branch brings the generated files up to date."
    return ""


def _locale_table(locales: list[LocaleChanges]) -> list[str]:
    head = "| Locale | Newly translated | Reviewed (fuzzy removed) | Changed | Marked fuzzy | Removed | Coverage |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---|"]
    for changes in locales:
        counts = " | ".join(str(changes.count(kind)) for kind in ("translated", "reviewed", "changed", "unreviewed"))
        lines.append(f"| `{changes.code}` | {counts} | {changes.count('removed')} | {_coverage(changes)} |")
    return lines


def _coverage(changes: LocaleChanges) -> str:
    """``18.4% → 18.6% (85 → 86 of 463)``, and what an English change leaves awaiting review."""
    before, after = changes.before, changes.after
    if after is None:
        text = "catalog cannot be read"
    elif before is None:
        text = f"{after.percent:.1f}% ({after.translated} of {after.total})"
    elif (before.translated, before.total) == (after.translated, after.total):
        text = f"{after.percent:.1f}% ({after.translated} of {after.total}), unchanged"
    else:
        text = (
            f"{before.percent:.1f}% → {after.percent:.1f}% ({before.translated} → {after.translated} of {after.total})"
        )
    if changes.english_changed:
        n = len(changes.english_changed)
        text += f"; {n} translation{'s' * (n != 1)} to review: the English changed"
    return text


def _finding_item(judged: Judged) -> str:
    finding = judged.finding
    where = finding.path + (f":{finding.line}" if finding.line else "")
    rule = f" ({finding.rule})" if finding.rule else ""
    text = f"- `{where}` **{finding.check}{rule}**: {_md(finding.message)}"
    if judged.verdict == "fix" and finding.hint:
        text += f"<br>Fix: {_md(finding.hint)}"
    elif judged.reason:
        text += f" — _{_md(judged.reason)}_"
    return text


def _entry_details(changes: LocaleChanges) -> list[str]:
    if not changes.entries:
        return []
    count = len(changes.entries)
    lines = [
        "<details>",
        f"<summary>{changes.code}: {count} entr{'ies' if count != 1 else 'y'} changed</summary>",
        "",
        "| Entry | Line | Change | English | Translation |",
        "|---|---|---|---|---|",
    ]
    for entry in changes.entries[:_ENTRIES_SHOWN]:
        where = f"{changes.path}:{entry.line}" if entry.line else changes.path
        shown = entry.after or f"~~{_md(entry.before, 60)}~~"
        translation = _md(shown, 80) if entry.after else shown
        english = _md(entry.english, 60)
        lines.append(f"| {_code(entry.unit)} | `{where}` | {CHANGE_LABELS[entry.kind]} | {english} | {translation} |")
    if count > _ENTRIES_SHOWN:
        lines.append(f"| … | | | {count - _ENTRIES_SHOWN} more | |")
    return [*lines, "", "</details>", ""]


def _code(text: str) -> str:
    """``text`` as inline code, or escaped text where a backtick or a table bar would break out of it."""
    return f"`{text}`" if not any(char in text for char in "`|\n") else _md(text)


def _md(text: str, width: int | None = None) -> str:
    """Contributor text made inert in Markdown and HTML: escaped, one line, clipped.

    >>> _md("**bold** [x](javascript:y) <b>|</b>")
    '&#42;&#42;bold&#42;&#42; &#91;x&#93;(javascript:y) &lt;b&gt;&#124;&lt;/b&gt;'
    """
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    text = html.escape(text, quote=False)
    return "".join(f"&#{ord(char)};" if char in "\\`*_[]|~#!" else char for char in text)


# -- GitHub annotations, text and JSON --------------------------------------------------------

_LEVEL = {"fix": "error", "existing": "warning", "rebuild": "notice"}
_TITLE = {"fix": "", "existing": " (already on the base branch)", "rebuild": " (the rebuild after the merge fixes it)"}


def format_github(report: PullRequestReport, *, prefix: str = "") -> str:
    """One workflow command per finding (``::error`` only for what the contributor must fix), then the text."""
    commands = []
    for judged in report.judged:
        finding = judged.finding
        if finding.severity == "note" or (judged.verdict == "existing" and finding.severity != "error"):
            continue  # the base branch's warnings are in the log and the summary, not on this change's lines
        level = _LEVEL[judged.verdict] if finding.severity == "error" else "warning"
        props = [f"file={escape_property(prefix + finding.path)}"] if finding.path else []
        if finding.line:
            props.append(f"line={finding.line}")
            if finding.end_line and finding.end_line != finding.line:
                props.append(f"endLine={finding.end_line}")
        title = finding.check + (f" ({finding.rule})" if finding.rule else "") + _TITLE[judged.verdict]
        props.append(f"title={escape_property(title)}")
        body = [finding.message, *([f"Fix: {finding.hint}"] if judged.verdict == "fix" and finding.hint else [])]
        if judged.reason:
            body.append(judged.reason)
        commands.append(f"::{level} {','.join(props)}::{escape_data(chr(10).join(body))}")
    return "".join(command + "\n" for command in commands) + format_text(report)


def format_text(report: PullRequestReport) -> str:
    """For a terminal and the job log: per locale, then the findings by verdict, then a verdict line."""
    lines = [f"compared with {report.base_ref} (merge base {report.base[:12]})"]
    for changes in report.locales:
        counts = ", ".join(_counted(kind, changes.count(kind)) for kind in _KINDS if changes.count(kind))
        lines.append(f"{changes.code}: {counts or 'no translation changed'}; coverage {_coverage(changes)}")
    for verdict, title, note in _SECTIONS:
        judged = report.verdict(verdict)
        if judged:
            lines += ["", f"{title} ({note}):"]
            for j in judged:
                lines.append(f"  {summary_line(j.finding)}")
                if verdict == "fix" and j.finding.hint:
                    lines.append(f"      hint: {j.finding.hint}")
    fix = len(report.to_fix)
    lines += ["", f"{fix} problem{'s' * (fix != 1)} to fix" if fix else "nothing to fix"]
    return "\n".join(lines) + "\n"


def to_json(report: PullRequestReport) -> str:
    """``{version, ok, base, base_ref, changed_files, locales, findings}``; see docs/checks.md."""
    data: dict[str, Any] = {
        "version": JSON_FORMAT_VERSION,
        "ok": not report.failed,
        "base": report.base,
        "base_ref": report.base_ref,
        "changed_files": report.changed,
        "locales": [_locale_json(changes) for changes in report.locales],
        "findings": [_judged_json(j) for j in report.judged if j.finding.severity != "note"],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _locale_json(changes: LocaleChanges) -> dict[str, Any]:
    return {
        "locale": changes.code,
        **{kind: changes.count(kind) for kind in _KINDS},
        "english_changed": changes.english_changed,
        "before": _counts_json(changes.before),
        "after": _counts_json(changes.after),
        "entries": [{"id": e.unit, "change": e.kind, "line": e.line} for e in changes.entries],
    }


def _counts_json(counts: Any) -> dict[str, Any] | None:
    if counts is None:
        return None
    return {"translated": counts.translated, "total": counts.total, "percent": round(counts.percent, 2)}


def _judged_json(judged: Judged) -> dict[str, Any]:
    finding: Finding = judged.finding
    return {**finding.to_dict(), "verdict": judged.verdict, "reason": judged.reason}


def _counted(kind: ChangeKind, count: int) -> str:
    """'3 newly translated', '1 translation removed', '2 translations removed'."""
    return f"{count} {_COUNTED_LABELS.get(kind, CHANGE_LABELS[kind]) if count != 1 else CHANGE_LABELS[kind]}"
