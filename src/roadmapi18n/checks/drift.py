"""Drift between the committed files and what ``build`` would write; coverage; the drift matrix."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterator
from pathlib import Path

from roadmapi18n.catalog import Catalog
from roadmapi18n.checks import CheckContext, Finding, MatrixCell, MatrixRow, register
from roadmapi18n.model import Roadmap

_REBUILD = "run `roadmapi18n build` and commit the result"
_EXCERPT_LINES = 3
# Header lines that move whenever anything else does: a difference there says nothing about where.
_VOLATILE = (b'"POT-Creation-Date: ', b'"PO-Revision-Date: ')


def first_difference(
    found: bytes, expected: bytes, *, skip: tuple[bytes, ...] = ()
) -> tuple[int, str, tuple[str, ...]]:
    """1-based line of the first difference, a one-line description and a short ``-``/``+`` excerpt.

    Lines starting with one of ``skip`` are passed over unless nothing else differs.

    >>> first_difference(b"a\\nb\\nc\\n", b"a\\nB\\nc\\n")
    (2, "found 'b', build writes 'B'", ('@@ line 2 @@', '-b', '-c', '+B', '+c'))
    >>> first_difference(b"a\\r\\nb\\n", b"a\\nb\\n")[:2]
    (1, 'line endings differ (CRLF on disk, build writes LF)')
    >>> first_difference(b"a\\n", b"a\\nb\\n")[:2]
    (2, "line missing: build writes 'b'")
    """
    old, new = _lines(found), _lines(expected)
    number = _first_unequal(old, new, skip) or _first_unequal(old, new, ()) or max(len(old), 1)
    index = number - 1
    excerpt = (
        f"@@ line {number} @@",
        *(f"-{_clip(line, 160)}" for line in old[index : index + _EXCERPT_LINES]),
        *(f"+{_clip(line, 160)}" for line in new[index : index + _EXCERPT_LINES]),
    )
    if index >= len(old):
        return number, f"line missing: build writes {_clip(new[index])!r}", excerpt
    if index >= len(new):
        return number, f"extra line {_clip(old[index])!r} that build does not write", excerpt
    old_line, new_line = old[index], new[index]
    if number == 1 and old_line.startswith(_BOM) and old_line[len(_BOM) :] == new_line:
        return number, "the file starts with a byte-order mark; build writes none", excerpt
    if old_line.rstrip(b"\r") == new_line.rstrip(b"\r"):
        if old_line != new_line:
            return number, "line endings differ (CRLF on disk, build writes LF)", excerpt
        return number, "the end of the file differs (final newline or invisible bytes)", excerpt
    return number, f"found {_clip(old_line)!r}, build writes {_clip(new_line)!r}", excerpt


_BOM = b"\xef\xbb\xbf"


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


def _first_unequal(old: list[bytes], new: list[bytes], skip: tuple[bytes, ...]) -> int:
    """1-based number of the first differing line (0 if the lines are equal)."""
    for number, (a, b) in enumerate(zip(old, new, strict=False), 1):
        if a != b and not (skip and a.startswith(skip) and b.startswith(skip)):
            return number
    return min(len(old), len(new)) + 1 if len(old) != len(new) else 0


def _clip(line: bytes, width: int = 80) -> str:
    text = line.decode("utf-8", errors="replace")
    return text if len(text) <= width else text[: width - 1] + "…"


_WHAT = {
    "readme": "differs from what build writes (edited by hand, or not rebuilt)",
    "catalog": "is out of sync with the roadmap (the roadmap changed without a build?)",
    "output": "differs from what build writes",
}
_HINT = {
    "readme": "edit the roadmap YAML or the locale's .po file, never the README; then " + _REBUILD,
    "catalog": _REBUILD + " (translations are kept; changed English makes entries fuzzy)",
    "output": _REBUILD,
}


def _kind(path: Path) -> str:
    if path.suffix in (".po", ".pot"):
        return "catalog"
    return "readme" if path.suffix == ".md" else "output"


def _drift(context: CheckContext, kind: str) -> Iterator[Finding]:
    assert context.plan is not None
    check = f"{kind}-drift"
    for path, text in context.plan.outputs.items():
        if _kind(path) != kind:
            continue
        rel = context.rel(path)
        current = context.read(path)
        if current is None:
            yield Finding(check, "error", rel, None, "missing: build writes this file", _REBUILD)
        elif not context.as_built(path):
            skip = _VOLATILE if kind == "catalog" else ()
            line, detail, excerpt = first_difference(current, text.encode("utf-8"), skip=skip)
            yield Finding(check, "error", rel, line, f"{_WHAT[kind]}: {detail}", _HINT[kind], excerpt=excerpt)


@register("readme-drift", "error", "A generated README differs from what build writes.", needs_plan=True)
def readme_drift(context: CheckContext) -> Iterator[Finding]:
    """A README was edited by hand or not regenerated."""
    return _drift(context, "readme")


@register("catalog-drift", "error", "The POT or a PO would change under build.", needs_plan=True)
def catalog_drift(context: CheckContext) -> Iterator[Finding]:
    """Catalogs out of sync with the roadmap."""
    return _drift(context, "catalog")


@register("output-drift", "error", "Another generated file (schema, badge) differs from build's.", needs_plan=True)
def output_drift(context: CheckContext) -> Iterator[Finding]:
    """Other generated files out of date."""
    return _drift(context, "output")


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

    def __init__(self) -> None:
        self.counts: dict[str, Counter[tuple[str, str]]] = {}
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
            elif message.msgstr and message.msgstr != message.msgid:
                state = "translated"
            else:
                continue
            unit_groups = group_keys.get(message.msgctxt)
            if unit_groups is None:
                unit_groups = group_keys[message.msgctxt] = _group_keys(message.msgctxt)
            for key in unit_groups:
                tally[key, state] += 1

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
            "notebooks": roadmap.notebooks_title.source,
            "acknowledgements": roadmap.acknowledgements.title.source,
            "labels": "Labels",
        }
        rows: list[MatrixRow] = []
        for group in groups:
            part = parts.get(group)
            if part is None:
                rows.append(MatrixRow(group, titles.get(group, group), "other", _cells(group, totals, self.counts)))
                continue
            rows.append(MatrixRow(part.id, part.title.source, "part", _cells(part.id, totals, self.counts)))
            for section in part.sections:
                key = f"{part.id}.{section.id}"
                title = f"{section.number}. {section.title.source}"
                rows.append(MatrixRow(key, title, "section", _cells(key, totals, self.counts)))
        return rows


def _group_keys(unit_id: str) -> tuple[str, ...]:
    """The group (part) and, for units below it, the subgroup (section) a unit ID belongs to.

    >>> _group_keys("fundamentals.title"), _group_keys("fundamentals.maths.calculus.title")
    (('fundamentals',), ('fundamentals', 'fundamentals.maths'))
    """
    pieces = unit_id.split(".", 2)
    return (pieces[0], f"{pieces[0]}.{pieces[1]}") if len(pieces) == 3 else (pieces[0],)


def _cells(key: str, totals: Counter[str], counts: dict[str, Counter[tuple[str, str]]]) -> dict[str, MatrixCell]:
    cells = {}
    for code, tally in counts.items():
        translated, fuzzy, withheld = tally[key, "translated"], tally[key, "fuzzy"], tally[key, "withheld"]
        cells[code] = MatrixCell(translated, fuzzy, max(totals[key] - translated - fuzzy - withheld, 0), withheld)
    return cells
