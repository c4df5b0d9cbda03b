"""Drift between the committed files and what ``build`` would write; coverage; the drift matrix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from roadmapi18n.checks import CheckContext, Finding, MatrixCell, MatrixRow, register

_REBUILD = "run `roadmapi18n build` and commit the result"


def _first_difference(old: str, new: str) -> tuple[int, str]:
    """1-based line of the first difference, and a two-line 'found/expected' excerpt."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (found, expected) in enumerate(zip(old_lines, new_lines, strict=False), 1):
        if found != expected:
            return number, f"found {_clip(found)!r}, build writes {_clip(expected)!r}"
    number = min(len(old_lines), len(new_lines)) + 1
    if len(old_lines) > len(new_lines):
        return number, f"found extra line {_clip(old_lines[number - 1])!r}"
    if len(new_lines) > len(old_lines):
        return number, f"missing line {_clip(new_lines[number - 1])!r}"
    return number, "line endings or trailing bytes differ"


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _drift(context: CheckContext, kind: str) -> Iterator[Finding]:
    for path, expected in context.plan.outputs.items():
        is_catalog = path.suffix in (".po", ".pot")
        is_readme = path.suffix == ".md"
        if kind == "catalog" and not is_catalog or kind == "readme" and not is_readme:
            continue
        if kind == "other" and (is_catalog or is_readme):
            continue
        rel = context.rel(path)
        try:
            current = path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            yield Finding(f"{kind}-drift", "error", rel, None, "missing: build has not been run", _REBUILD)
            continue
        if current != expected:
            line, detail = _first_difference(current, expected)
            what = {
                "readme": "differs from what build writes (edited by hand?)",
                "catalog": "is out of sync with the roadmap",
                "other": "differs from what build writes",
            }[kind]
            hint = _REBUILD
            if kind == "readme":
                hint = "edit the roadmap YAML or the locale's .po file, not the README; then " + _REBUILD
            yield Finding(f"{kind}-drift", "error", rel, line, f"{what}: {detail}", hint)


@register("readme-drift", "error", "Generated READMEs differ from what build would write.")
def readme_drift(context: CheckContext) -> Iterator[Finding]:
    """A README was edited by hand or not regenerated."""
    return _drift(context, "readme")


@register("catalog-drift", "error", "The POT or a PO would change under build.")
def catalog_drift(context: CheckContext) -> Iterator[Finding]:
    """Catalogs out of sync with the roadmap."""
    return _drift(context, "catalog")


@register("output-drift", "error", "Other generated files (JSON Schemas, coverage badges) differ from build's.")
def output_drift(context: CheckContext) -> Iterator[Finding]:
    """Other generated files out of date."""
    return _drift(context, "other")


@register("coverage", "error", "A locale's coverage is below its configured minimum.")
def coverage(context: CheckContext) -> Iterator[Finding]:
    """Coverage floors (``min_coverage`` in roadmapi18n.toml, or ``--min-coverage L=PCT``)."""
    for status in context.plan.statuses:
        floor = context.min_coverage.get(status.code)
        if floor is not None and status.percent < floor:
            yield Finding(
                "coverage",
                "error",
                context.rel(context.project.config.po_path(status.code)),
                None,
                f"{status.code} is {status.percent:.1f}% translated, below the minimum of {floor:g}%",
                "translate or review fuzzy entries in this catalog, or lower min_coverage",
                locale=status.code,
            )


@register("catalog-stats", "note", "Counts of translated, fuzzy, untranslated and obsolete entries.")
def catalog_stats(context: CheckContext) -> Iterator[Finding]:
    """Informational counts per locale."""
    for s in context.plan.statuses:
        yield Finding(
            "catalog-stats",
            "note",
            context.rel(context.project.config.po_path(s.code)),
            None,
            f"{s.code}: {s.translated}/{s.total} translated ({s.percent:.1f}%), {s.fuzzy} fuzzy, "
            f"{s.untranslated} untranslated, {s.obsolete} obsolete",
            locale=s.code,
        )


def drift_matrix(context: CheckContext) -> list[MatrixRow]:
    """For each part and section, how many units each locale has translated, fuzzy or missing."""
    roadmap = context.project.roadmap
    # One pass over every unit and locale: count states per part and per section ID prefix.
    totals: Counter[str] = Counter()
    counts: dict[str, Counter[tuple[str, str]]] = {}
    group_keys: dict[str, tuple[str, ...]] = {}  # every locale has the same unit IDs: split each once
    for code, catalog in context.plan.catalogs.items():
        tally = counts.setdefault(code, Counter())
        for message in catalog.messages:
            if message.obsolete or message.msgctxt is None:
                continue
            state = "fuzzy" if message.fuzzy else "translated" if message.msgstr and message.msgstr != message.msgid else ""
            if state:
                keys = group_keys.get(message.msgctxt)
                if keys is None:
                    keys = group_keys[message.msgctxt] = _group_keys(message.msgctxt)
                for key in keys:
                    tally[key, state] += 1
    for text in roadmap.texts():
        for key in _group_keys(text.id):
            totals[key] += 1
    rows: list[MatrixRow] = []
    for part in roadmap.parts:
        rows.append(MatrixRow(part.id, part.title.source, "part", _cells(part.id, totals, counts)))
        for section in part.sections:
            key = f"{part.id}.{section.id}"
            title = f"{section.number}. {section.title.source}"
            rows.append(MatrixRow(key, title, "section", _cells(key, totals, counts)))
    return rows


def _group_keys(unit_id: str) -> tuple[str, ...]:
    """The part and (for section units) the section a unit ID belongs to."""
    pieces = unit_id.split(".", 2)
    return (pieces[0], f"{pieces[0]}.{pieces[1]}") if len(pieces) == 3 else (pieces[0],)


def _cells(key: str, totals: Counter[str], counts: dict[str, Counter[tuple[str, str]]]) -> dict[str, MatrixCell]:
    cells = {}
    for code, tally in counts.items():
        translated, fuzzy = tally[key, "translated"], tally[key, "fuzzy"]
        cells[code] = MatrixCell(translated, fuzzy, totals[key] - translated - fuzzy)
    return cells


def is_generated(context: CheckContext, path: Path) -> bool:
    """Whether build writes ``path``."""
    return path in context.plan.outputs
