"""Drift between the committed files and what ``build`` would write; coverage; the drift matrix."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from roadmapi18n.catalog import Catalog, format_po
from roadmapi18n.checks import CheckContext, Finding, MatrixCell, MatrixRow, register
from roadmapi18n.checks.causes import TemplateChange, diagnose_catalog, template_change
from roadmapi18n.checks.textdiff import first_difference
from roadmapi18n.model import Roadmap
from roadmapi18n.project import DROPPED_IDS

__all__ = ["FileDrift", "MatrixTally", "drift_findings", "file_drifts", "first_difference"]

_REBUILD = "run `roadmapi18n build` and commit the result"
# Header lines that move whenever anything else does: a difference there says nothing about where.
_VOLATILE = (b'"POT-Creation-Date: ', b'"PO-Revision-Date: ')
_VOLATILE_FIELDS = ("POT-Creation-Date", "PO-Revision-Date")
_TABLE_ROW = re.compile(r"\(`([^`]+)`\) \|")
"""A coverage-table row names its locale as ``(`vi`) |``."""
_EDITOR = " (to keep it from happening: set your editor not to wrap lines, see README.md, For translators)"

DRIFT_RULES = (
    "roadmap-changed",
    "not-rebuilt",
    "edited",
    "missing",
    "layout",
    "msgid-edited",
    "unknown-id",
    "entry-missing",
    "metadata",
)
"""The causes a drift finding names in its ``rule`` (documented in docs/checks.md)."""

DriftKind = Literal["readme", "catalog", "output"]
_CHECK: dict[DriftKind, str] = {"readme": "readme-drift", "catalog": "catalog-drift", "output": "output-drift"}


@dataclass(frozen=True, slots=True)
class FileDrift:
    """One output file whose bytes on disk are not what build writes."""

    path: Path
    rel: str
    kind: DriftKind
    line: int | None
    """First differing line; None when the file is missing."""
    detail: str
    excerpt: tuple[str, ...]

    @property
    def where(self) -> str:
        """``path:line`` (or just the path)."""
        return self.rel + (f":{self.line}" if self.line else "")

    @property
    def check(self) -> str:
        """The check that reports this file on its own."""
        return _CHECK[self.kind]


def _kind(path: Path) -> DriftKind:
    if path.suffix in (".po", ".pot"):
        return "catalog"
    return "readme" if path.suffix == ".md" else "output"


def file_drifts(context: CheckContext) -> list[FileDrift]:
    """Every output of the build plan that differs from the file on disk, in plan order."""
    assert context.plan is not None
    drifts = []
    outputs = context.plan.outputs
    for path in outputs:  # a large output's text is read back from disk when asked for: only where it differs
        kind = _kind(path)
        current = context.read(path)
        if current is None:
            drifts.append(FileDrift(path, context.rel(path), kind, None, "missing: build writes this file", ()))
        elif not context.as_built(path):
            skip = _VOLATILE if kind == "catalog" else ()
            line, detail, excerpt = first_difference(current, outputs[path].encode("utf-8"), skip=skip)
            drifts.append(FileDrift(path, context.rel(path), kind, line, detail, excerpt))
    return drifts


def drift_findings(context: CheckContext) -> dict[str, list[Finding]]:
    """The drift checks' findings, one per cause: computed once, shared by the three drift checks.

    A cause that makes several files differ (the roadmap changed, a locale's catalog changed without a
    build) is one finding listing the files; each catalog's differences are sorted by cause (see
    :mod:`roadmapi18n.checks.causes`). A group whose check is not selected falls back to one finding
    per file, under each file's own check.
    """
    memo = context.memo.get("drift")
    if memo is None:
        memo = context.memo["drift"] = _Diagnoser(context).findings()
    assert isinstance(memo, dict)
    return memo


class _Diagnoser:
    """Sorts the drifting files by cause and words one finding per cause."""

    def __init__(self, context: CheckContext) -> None:
        assert context.plan is not None
        self.context = context
        self.plan = context.plan
        self.cfg = context.project.config
        self.drifts = {drift.path: drift for drift in file_drifts(context)}
        self.found: dict[str, list[Finding]] = {check: [] for check in _CHECK.values()}
        self.change = self._template_change()
        self.stale_locales: set[str] = set()
        """Locales whose catalog was merged with an older template (built for other locales only since)."""

    def findings(self) -> dict[str, list[Finding]]:
        explained = self._catalogs()
        if self.change is not None and self.change.units:
            # New, changed or removed English shows in every README, badge and the coverage table.
            explained += [d for d in self.drifts.values() if d.kind != "catalog" and not _is_schema(d.path)]
        if explained:
            self._roadmap_finding(explained)
        self._generated([d for d in self.drifts.values() if d not in explained and d.kind != "catalog"])
        return self.found

    # -- the template and the catalogs ---------------------------------------------------------

    def _template_change(self) -> TemplateChange | None:
        data = self.context.read(self.cfg.pot_path)
        if self.cfg.pot_path not in self.drifts or data is None:
            return None
        return template_change(data, self.plan.outputs[self.cfg.pot_path])

    def _catalogs(self) -> list[FileDrift]:
        """Report each catalog's own causes; return the catalog drifts the roadmap change explains."""
        explained: list[FileDrift] = []
        pot = self.drifts.get(self.cfg.pot_path)
        if pot is not None:
            if self.change is not None and (self.change.units or self.change.moved):
                explained.append(pot)
            elif pot.line is None:
                self._add(pot, None, pot.detail, _REBUILD, "missing")
            else:
                hint = "the template is generated from the roadmap: never edit it; " + _REBUILD
                message = f"differs from what build writes: {pot.detail}"
                self._add(pot, pot.line, message, hint, "edited", excerpt=pot.excerpt)
        for code in self.context.locales:
            drift = self.drifts.get(self.cfg.po_path(code))
            if drift is not None and self._catalog(code, drift):
                explained.append(drift)
        return explained

    def _catalog(self, code: str, drift: FileDrift) -> bool:
        """Report one catalog's causes; True when (part of) its difference is the roadmap change."""
        disk = self.context.disk_catalogs.get(code)
        data = self.context.read(drift.path)
        if disk is None or data is None:
            self._add(drift, drift.line, drift.detail, _REBUILD, excerpt=drift.excerpt, locale=code)
            return False
        expected = self.plan.outputs[drift.path]
        diagnosis = diagnose_catalog(data, disk, expected, self.change, volatile=_VOLATILE_FIELDS)
        if diagnosis.layout is not None:
            line, description = diagnosis.layout
            restored = next((note for note in disk.notes if DROPPED_IDS in note), None)
            if restored is not None:  # the layout differs because msgctxt lines are missing: say why
                description = f"{restored}; build writes them back"
            self._add(drift, line, description, "nothing to fix by hand: " + _REBUILD + _EDITOR, "layout", code)
        elif not diagnosis.content and "catalog-health" not in self.context.selected:
            self._add(drift, drift.line, drift.detail, _REBUILD, excerpt=drift.excerpt, locale=code)
        if diagnosis.stale_entries:
            self.stale_locales.add(code)
            count = diagnosis.stale_entries
            message = (
                f"merged with an older template than {self.cfg.relative(self.cfg.pot_path)}: the English of {count} "
                f"entr{'ies' if count != 1 else 'y'} changed since (the last build left this locale out, "
                "as build --locale does)"
            )
            self._add(drift, drift.line, message, _REBUILD, "not-rebuilt", code, excerpt=drift.excerpt)
        for edit in diagnosis.edits:
            prefix = b"msgid" if edit.rule == "msgid-edited" else b"msgctxt"
            at = self.context.line_of(drift.path, edit.line, prefix) if edit.line else None
            self._add(drift, at, edit.message, edit.hint, edit.rule, code)
        if diagnosis.dates_only and self.cfg.pot_path not in self.drifts:
            diagnosis.metadata.append("the dates in the header")  # with the template's own finding otherwise
        if diagnosis.metadata or diagnosis.unexplained:
            canonical = format_po(disk).encode("utf-8")
            line, detail, excerpt = first_difference(canonical, expected.encode("utf-8"), skip=_VOLATILE)
            what = " and ".join(diagnosis.metadata) if diagnosis.metadata else "the entries"
            # Lines of the normalised text are the file's own unless its layout differs too.
            where = None if diagnosis.layout else line
            message = f"{what} differ from what build writes: {detail}"
            self._add(drift, where, message, _REBUILD, "metadata", code, excerpt)
        return diagnosis.roadmap_entries > 0

    # -- groups --------------------------------------------------------------------------------

    def _roadmap_finding(self, members: list[FileDrift]) -> None:
        change = self.change
        assert change is not None
        if "catalog-drift" not in self.context.selected:
            for drift in members:
                self._add(drift, drift.line, drift.detail, _REBUILD, excerpt=drift.excerpt)
            return
        pot = self.drifts.get(self.cfg.pot_path)
        path, line = (pot or members[0]).rel, (pot or members[0]).line
        if change.first_reference and ":" in change.first_reference:
            path, _, number = change.first_reference.rpartition(":")
            line = int(number) if number.isdigit() else None
        files = f"{len(members)} file{'s' * (len(members) != 1)}"
        message = f"the roadmap changed since the last build: {change.describe()}; build rewrites {files}"
        excerpt = (*(f"{drift.where}: {drift.detail}" for drift in members), *(pot.excerpt if pot else ()))
        hint = _REBUILD + " (translations are kept; changed English makes them fuzzy until reviewed)"
        self.found["catalog-drift"].append(
            Finding("catalog-drift", "error", path, line, message, hint, rule="roadmap-changed", excerpt=excerpt)
        )

    def _generated(self, drifts: list[FileDrift]) -> None:
        """READMEs, badges, the coverage table and schemas the roadmap change does not explain."""
        table = self.cfg.coverage_table
        table_drift = self.drifts.get(table) if table is not None else None
        table_locales = self._table_locales(table_drift) if table_drift in drifts else set()
        grouped: set[Path] = set()
        for code in self.context.locales:
            files = [self.cfg.readme_path(code), self.cfg.badge_path(code)]
            if code in table_locales and table is not None:
                files.append(table)
            members = [self.drifts[path] for path in files if path in self.drifts and self.drifts[path] in drifts]
            if not members or members[0].path != self.cfg.readme_path(code):
                continue  # a badge or a table row alone changes only by hand: reported as such below
            grouped.update(drift.path for drift in members)
            self._locale_finding(code, members)
        for drift in drifts:
            if drift.path in grouped:
                continue
            if drift.line is None:
                self._add(drift, None, drift.detail, _REBUILD, "missing")
                continue
            cause = "roadmapi18n changed the schema" if _is_schema(drift.path) else "not rebuilt"
            hint = "edit the roadmap YAML or the locale's .po file, never a generated file; then " + _REBUILD
            message = f"differs from what build writes (edited by hand, or {cause}): {drift.detail}"
            self._add(drift, drift.line, message, hint, "edited", excerpt=drift.excerpt)

    def _locale_finding(self, code: str, members: list[FileDrift]) -> None:
        """One finding for a locale's README, badge and coverage-table row, all stale for one reason."""
        first = members[0]
        if first.check not in self.context.selected:
            for drift in members:
                self._add(drift, drift.line, drift.detail, _REBUILD, locale=code, excerpt=drift.excerpt)
            return
        hint = "edit the locale's .po file, never the README; then " + _REBUILD
        if first.line is None:
            cause = "missing"
        elif code in self.stale_locales:  # its catalog too: the roadmap changed, and the last build left it out
            cause = f"not rebuilt since the roadmap changed (the last build left {code} out)"
            hint = _REBUILD
        elif len(members) > 1:  # the badge or the table row changed too: the counts moved, so the catalog did
            cause = f"not rebuilt since {code}'s translations changed"
        else:
            cause = f"differs from what build writes (not rebuilt since {code}'s translations changed, or edited)"
        files = f"; build rewrites {_join([d.rel for d in members])}" if len(members) > 1 else ""
        message = f"{cause}{files}: {first.detail}"
        excerpt = (*(f"{d.where}: {d.detail}" for d in members[1:]), *first.excerpt)
        finding = Finding(first.check, "error", first.rel, first.line, message, hint, code, "not-rebuilt")
        self.found[first.check].append(replace(finding, excerpt=excerpt))

    def _table_locales(self, drift: FileDrift) -> set[str]:
        """Locales whose row of the coverage table differs (the table's other lines never do, unedited)."""
        found = (self.context.read(drift.path) or b"").decode("utf-8", "replace").split("\n")
        expected = self.plan.outputs[drift.path].split("\n")
        changed = set(found).symmetric_difference(expected)
        return {match.group(1) for line in changed if (match := _TABLE_ROW.search(line))}

    def _add(
        self,
        drift: FileDrift,
        line: int | None,
        message: str,
        hint: str,
        rule: str | None = None,
        locale: str | None = None,
        excerpt: tuple[str, ...] = (),
    ) -> None:
        finding = Finding(drift.check, "error", drift.rel, line, message, hint, locale, rule, None, excerpt)
        self.found[drift.check].append(finding)


def _is_schema(path: Path) -> bool:
    return path.name.endswith(".schema.json")


def _join(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> _join(["a", "b", "c"])
    'a, b and c'
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@register("readme-drift", "error", "A generated README differs from what build writes.", needs_plan=True)
def readme_drift(context: CheckContext) -> Iterator[Finding]:
    """A README was edited by hand or not regenerated (one finding per locale and cause)."""
    return iter(drift_findings(context)["readme-drift"])


@register("catalog-drift", "error", "The POT or a PO would change under build.", needs_plan=True)
def catalog_drift(context: CheckContext) -> Iterator[Finding]:
    """Catalogs out of sync with the roadmap, re-wrapped, or edited where only msgstr should be."""
    return iter(drift_findings(context)["catalog-drift"])


@register("output-drift", "error", "Another generated file (schema, badge) differs from build's.", needs_plan=True)
def output_drift(context: CheckContext) -> Iterator[Finding]:
    """Other generated files out of date or edited by hand."""
    return iter(drift_findings(context)["output-drift"])


@register("coverage", "error", "A locale's coverage is below its minimum.", needs_plan=True)
def coverage(context: CheckContext) -> Iterator[Finding]:
    """Coverage floors (``min_coverage`` in roadmapi18n.toml, overridden by ``--min-coverage L=PCT``)."""
    assert context.plan is not None
    for status in context.plan.statuses:
        floor = context.min_coverage.get(status.code)
        if floor is not None and status.percent < floor:
            yield Finding(
                "coverage",
                "error",
                context.rel(context.project.config.po_path(status.code)),
                None,
                f"{status.code} is {status.percent:.1f}% translated ({status.translated} of {status.total}), "
                f"below the minimum of {floor:g}%",
                f"translate {_needed(status.total, status.translated, floor)} more entries or review fuzzy ones "
                "in this catalog; or lower min_coverage in roadmapi18n.toml",
                locale=status.code,
            )


def _needed(total: int, translated: int, floor: float) -> int:
    """How many more translations reach ``floor`` percent.

    >>> _needed(463, 85, 40)
    101
    """
    needed = max(0, math.ceil(floor * total / 100) - translated - 1)
    while 100.0 * (translated + needed) / total < floor:
        needed += 1
    return needed


@register("catalog-stats", "note", "Counts of translated, fuzzy, untranslated and obsolete entries.", needs_plan=True)
def catalog_stats(context: CheckContext) -> Iterator[Finding]:
    """Informational counts per locale (after merging, i.e. what the committed catalog should say)."""
    assert context.plan is not None
    for s in context.plan.statuses:
        yield Finding(
            "catalog-stats",
            "note",
            context.rel(context.project.config.po_path(s.code)),
            None,
            f"{s.code}: {s.translated}/{s.total} translated ({s.percent:.1f}%), {s.withheld} withheld, "
            f"{s.fuzzy} fuzzy, {s.untranslated} untranslated, {s.obsolete} obsolete",
            locale=s.code,
        )


class MatrixTally:
    """The drift matrix: for each part, section and other group, how many units each locale has translated,
    fuzzy or missing. Fed one catalog at a time, so that no catalog has to be kept for it.

    Pass :meth:`add` as ``plan_build``'s ``on_catalog``, then ask for :meth:`rows`.
    """

    def __init__(self, locales: list[str] | None = None) -> None:
        self.counts: dict[str, Counter[tuple[str, str]]] = {code: Counter() for code in locales or []}
        """Locale → counts, in column order (the locales given first, as they are added or skipped)."""
        self.skipped: set[str] = set()
        self._group_keys: dict[str, tuple[str, ...]] = {}  # every locale has the same unit IDs: split each once

    def add(self, code: str, catalog: Catalog, withheld: Collection[str] = frozenset()) -> None:
        """Count the catalog's translated, withheld and fuzzy units per group, as locale ``code``."""
        tally = self.counts.setdefault(code, Counter())
        group_keys = self._group_keys
        for message in catalog.messages:
            if message.obsolete or message.msgctxt is None:
                continue
            if message.fuzzy:
                state = "fuzzy"
            elif message.msgctxt in withheld:
                state = "withheld"
            elif message.msgstr:
                state = "translated"
            else:
                continue
            unit_groups = group_keys.get(message.msgctxt)
            if unit_groups is None:
                unit_groups = group_keys[message.msgctxt] = _group_keys(message.msgctxt)
            for key in unit_groups:
                tally[key, state] += 1

    def skip(self, code: str) -> None:
        """Show ``code`` as ``skipped`` in every row (its catalog could not be read)."""
        self.counts.setdefault(code, Counter())
        self.skipped.add(code)

    def rows(self, roadmap: Roadmap) -> list[MatrixRow]:
        """The matrix in document order: one row per part and section, and per other group."""
        totals: Counter[str] = Counter()
        groups: list[str] = []
        for text in roadmap.texts():
            keys = _group_keys(text.id)
            if keys[0] not in totals:
                groups.append(keys[0])
            totals.update(keys)
        parts = {part.id: part for part in roadmap.parts}
        titles = {
            "course": "Course header",
            "notebooks": roadmap.notebooks_title.source if roadmap.notebooks_title else "Notebooks",
            "acknowledgements": roadmap.acknowledgements.title.source if roadmap.acknowledgements else "Closing",
            "labels": "Labels",
        }
        rows: list[MatrixRow] = []
        for group in groups:
            part = parts.get(group)
            if part is None:
                rows.append(MatrixRow(group, titles.get(group, group), "other", self._cells(group, totals)))
                continue
            rows.append(MatrixRow(part.id, part.title.source, "part", self._cells(part.id, totals)))
            for section in part.sections:
                key = f"{part.id}.{section.id}"
                title = f"{section.number}. {section.title.source}"
                rows.append(MatrixRow(key, title, "section", self._cells(key, totals)))
        return rows

    def _cells(self, key: str, totals: Counter[str]) -> dict[str, MatrixCell]:
        cells = {}
        for code, tally in self.counts.items():
            if code in self.skipped:
                cells[code] = MatrixCell(0, 0, totals[key], skipped=True)
                continue
            translated, fuzzy, withheld = tally[key, "translated"], tally[key, "fuzzy"], tally[key, "withheld"]
            cells[code] = MatrixCell(translated, fuzzy, max(totals[key] - translated - fuzzy - withheld, 0), withheld)
        return cells


def _group_keys(unit_id: str) -> tuple[str, ...]:
    """The group (part) and, for units below it, the subgroup (section) a unit ID belongs to.

    >>> _group_keys("fundamentals.title"), _group_keys("fundamentals.maths.calculus.title")
    (('fundamentals',), ('fundamentals', 'fundamentals.maths'))
    """
    pieces = unit_id.split(".", 2)
    return (pieces[0], f"{pieces[0]}.{pieces[1]}") if len(pieces) == 3 else (pieces[0],)
