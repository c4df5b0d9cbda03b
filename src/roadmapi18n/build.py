"""``build``: extract the template, merge every catalog, render every README — as one plan.

:func:`plan_build` is pure: it computes the exact bytes of every output file
without writing anything. ``build`` writes the plan (atomically, file by
file); ``check`` compares the plan with the files on disk. Because both use
the same plan, "the committed tree is what build writes" is checkable.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from roadmapi18n.badge import coverage_badge
from roadmapi18n.catalog import HEADER_ORDER, Catalog, Message, format_po, make_header
from roadmapi18n.config import LocaleConfig
from roadmapi18n.errors import RoadmapError
from roadmapi18n.extract import template_catalog
from roadmapi18n.fsio import write_text_atomic
from roadmapi18n.merge import merge_catalogs
from roadmapi18n.project import Project, confirmed_translations
from roadmapi18n.render import Coverage, RenderTarget, render_readme

_DATE_FORMAT = "%Y-%m-%d %H:%M+0000"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LocaleStatus:
    """Counts for one catalog after the merge."""

    code: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def percent(self) -> float:
        """Share of units with a confirmed translation."""
        return 100.0 * self.translated / self.total if self.total else 100.0


@dataclass
class BuildPlan:
    """Every file ``build`` would write, with its exact content, in write order."""

    outputs: dict[Path, str] = field(default_factory=dict)
    statuses: list[LocaleStatus] = field(default_factory=list)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    """The merged catalog of each locale (what the .po files will hold)."""


def plan_build(
    project: Project,
    *,
    locales: Iterable[str] | None = None,
    template: bool = True,
    catalogs: bool = True,
    readmes: bool = True,
    source_readme: bool = True,
) -> BuildPlan:
    """Compute the outputs of a build without touching the disk."""
    cfg = project.config
    codes = list(locales) if locales is not None else project.locale_codes
    targets = [cfg.locale(code) for code in codes]
    plan = BuildPlan()
    pot = _template(project)
    if template:
        plan.outputs[cfg.pot_path] = format_po(pot)
        plan.outputs.update(_schemas(project))
    for locale in targets:
        merged = _merged_catalog(project, locale, pot)
        plan.catalogs[locale.code] = merged
        plan.statuses.append(_status(locale.code, merged))
        if catalogs:
            plan.outputs[cfg.po_path(locale.code)] = format_po(merged)
    every_locale = set(codes) == set(project.locale_codes)
    if readmes and cfg.coverage_table is not None and every_locale:
        plan.outputs[cfg.coverage_table] = _with_coverage_table(project, cfg.coverage_table, plan.statuses)
    if readmes:
        units = {text.id: text.source for text in project.roadmap.texts()}
        if source_readme:
            plan.outputs[cfg.source_readme] = render_readme(project.roadmap, {}, _target(project, cfg.source_locale))
        for locale in targets:
            translations = confirmed_translations(plan.catalogs[locale.code], project.roadmap)
            plan.outputs[cfg.readme_path(locale.code)] = render_readme(
                project.roadmap, translations, _target(project, locale.code)
            )
            plan.outputs[cfg.badge_path(locale.code)] = _badge(units, translations)
    _refuse_escapes(project, plan.outputs)
    return plan


def _refuse_escapes(project: Project, outputs: dict[Path, str]) -> None:
    """No output may land outside the repository through a symbolic link (a linked folder or file)."""
    root = project.config.root
    for path in outputs:
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            raise RoadmapError(
                f"{project.config.relative(path)} would be written outside the repository, to {resolved}",
                path=project.config.config_path,
                hint="a folder or file on the way is a symbolic link: replace it with a real folder or file",
            )


COVERAGE_START = "<!-- coverage:start -->"
COVERAGE_END = "<!-- coverage:end -->"


def coverage_table(project: Project, statuses: list[LocaleStatus]) -> str:
    """A Markdown table of each locale's translation status."""
    labels = {loc.code: loc.label for loc in project.config.locales}
    rows = [
        "| Locale | Translated | Fuzzy (awaiting review) | Untranslated | Coverage |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in statuses:
        readme = project.config.relative(project.config.readme_path(s.code))
        rows.append(
            f"| [{labels.get(s.code, s.code)}]({readme}) (`{s.code}`) | {s.translated} / {s.total} | {s.fuzzy} "
            f"| {s.untranslated} | {s.percent:.1f}% |"
        )
    return "\n".join(rows) + "\n"


def _with_coverage_table(project: Project, path: Path, statuses: list[LocaleStatus]) -> str:
    """``path``'s text with the region between the coverage markers replaced by the current table."""
    from roadmapi18n.errors import RoadmapError

    rel = project.config.relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RoadmapError(f"coverage_table file {rel} does not exist", path=project.config.config_path) from None
    start, end = text.find(COVERAGE_START), text.find(COVERAGE_END)
    if start < 0 or end < start:
        raise RoadmapError(
            f"{rel} has no coverage region",
            path=rel,
            hint=f"add the lines {COVERAGE_START} and {COVERAGE_END} where the table belongs",
        )
    head = text[: start + len(COVERAGE_START)]
    return f"{head}\n{coverage_table(project, statuses)}{text[end:]}"


def _badge(units: dict[str, str], translations: dict[str, str]) -> str:
    """The coverage badge: the percent of the README's status line (render.coverage), without another walk."""
    translated = sum(1 for unit_id, text in translations.items() if text and text != units.get(unit_id))
    return coverage_badge(Coverage(translated, len(units)).percent)


def _schemas(project: Project) -> dict[Path, str]:
    """JSON Schemas for editors, next to the YAML they describe (see ``# yaml-language-server`` lines)."""
    from roadmapi18n import schema

    folder = project.config.roadmap.parent
    return {
        folder / f"{shape.name}.schema.json": json.dumps(schema.json_schema(shape), ensure_ascii=False, indent=2) + "\n"
        for shape in (schema.COURSE, schema.PART)
    }


def write_plan(plan: BuildPlan) -> list[Path]:
    """Write every output atomically; return the files whose bytes changed."""
    return [path for path, text in plan.outputs.items() if write_text_atomic(path, text)]


def _target(project: Project, code: str) -> RenderTarget:
    cfg = project.config
    return RenderTarget(
        locale=code,
        readme=cfg.readme_path(code),
        roadmap_dir=cfg.roadmap.parent,
        languages=project.languages,
        catalog=None if code == cfg.source_locale else cfg.po_path(code),
        badge=None if code == cfg.source_locale else cfg.badge_path(code),
    )


def _template(project: Project) -> Catalog:
    """The POT; its creation date moves only when its messages do."""
    cfg = project.config
    pot = template_catalog(project.roadmap, {})
    try:
        previous = _read_if_exists(cfg.pot_path)
    except RoadmapError:  # a damaged template (conflict markers…) is simply rewritten; `check` reports it
        previous = None
    date = previous.headers.get("POT-Creation-Date") if previous and _same_messages(previous, pot) else None
    pot.headers = make_header(cfg.name, None, pot_creation_date=date or _now(), report_msgid_bugs_to=cfg.bugs_address)
    return pot


def _merged_catalog(project: Project, locale: LocaleConfig, pot: Catalog) -> Catalog:
    old = project.catalog(locale.code) or Catalog(headers={}, header_comments=[], header_flags=[], messages=[])
    merged = merge_catalogs(old, pot, match_on="context").catalog
    merged.headers = _locale_header(project, locale.code, pot, previous=old.headers)
    merged.header_flags = [flag for flag in merged.header_flags if flag != "fuzzy"]
    return merged


def _locale_header(project: Project, code: str, pot: Catalog, *, previous: dict[str, str]) -> dict[str, str]:
    """A complete, correct header; translator-owned fields (and X-* extras) are kept from the old catalog."""
    from babel import Locale

    cfg = project.config
    date = pot.headers["POT-Creation-Date"]
    return make_header(
        cfg.name,
        code,
        language_team=previous.get("Language-Team") or Locale.parse(code).english_name or code,
        pot_creation_date=date,
        po_revision_date=previous.get("PO-Revision-Date") or date,
        last_translator=previous.get("Last-Translator", ""),
        report_msgid_bugs_to=cfg.bugs_address,
        extra={k: v for k, v in previous.items() if k not in HEADER_ORDER and k != "Plural-Forms"},
    )


def _status(code: str, catalog: Catalog) -> LocaleStatus:
    live = [m for m in catalog.messages if not m.obsolete]
    translated = sum(1 for m in live if m.msgstr and not m.fuzzy and m.msgstr != m.msgid)
    fuzzy = sum(1 for m in live if m.fuzzy)
    return LocaleStatus(
        code=code,
        total=len(live),
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(live) - translated - fuzzy,
        obsolete=len(catalog.messages) - len(live),
    )


def _read_if_exists(path: Path) -> Catalog | None:
    """The previous template, read only for its date: a damaged one (say, a merge conflict) is regenerated."""
    from roadmapi18n.catalog import read_po

    if not path.exists():
        return None
    try:
        return read_po(path)
    except RoadmapError as error:
        log.warning("%s: %s; the template is regenerated from the roadmap", error.location, error.message)
        return None


def _same_messages(a: Catalog, b: Catalog) -> bool:
    def key(m: Message) -> tuple[object, ...]:
        return (m.msgctxt, m.msgid, tuple(m.extracted_comments), tuple(m.references), tuple(m.flags), m.obsolete)

    return [key(m) for m in a.messages] == [key(m) for m in b.messages]


def _now() -> str:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime(_DATE_FORMAT, time.gmtime(int(epoch) if epoch else None))
