"""``build``: extract the template, merge every catalog, render every README — as one plan.

:func:`plan_build` is pure: it computes the exact bytes of every output file
without writing anything. ``build`` writes the plan (atomically, file by
file); ``check`` compares the plan with the files on disk. Because both use
the same plan, "the committed tree is what build writes" is checkable.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from roadmapi18n.badge import coverage_badge
from roadmapi18n.catalog import HEADER_ORDER, Catalog, format_po, make_header
from roadmapi18n.config import LocaleConfig
from roadmapi18n.errors import RoadmapError
from roadmapi18n.extract import template_catalog
from roadmapi18n.fsio import StagedWrites, read_input
from roadmapi18n.merge import merge_catalogs
from roadmapi18n.perf import JOBS_ENVIRONMENT, can_fork, die_with_parent, gc_paused, jobs_setting, usable_cores
from roadmapi18n.po.editors import restore_previous_fields
from roadmapi18n.progress import ProgressFn
from roadmapi18n.project import Project
from roadmapi18n.publish import Publication, Withheld, msgstr_lines, publish
from roadmapi18n.render import Coverage, render_readme
from roadmapi18n.suggest import is_suggestion

if TYPE_CHECKING:
    from concurrent.futures import Future

_DATE_FORMAT = "%Y-%m-%d %H:%M+0000"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LocaleStatus:
    """Counts for one catalog after the merge: every live unit is translated, withheld, fuzzy or untranslated."""

    code: str
    total: int
    translated: int
    """Units the README shows translated (a confirmed copy of the English included)."""
    fuzzy: int
    untranslated: int
    obsolete: int
    withheld: int = 0
    """Confirmed translations the README does not show, because of a problem (it shows the English)."""
    withheld_entries: tuple[Withheld, ...] = ()
    """Those translations, with their problems and the line of their ``msgstr`` in the catalog build writes."""
    suggested: int = 0
    """Fuzzy entries that hold an unreviewed cross-script suggestion (counted in ``fuzzy`` too)."""

    @property
    def percent(self) -> float:
        """Share of units the README shows translated, in percent rounded down to a tenth, as the README does."""
        return 1000 * self.translated // self.total / 10 if self.total else 100.0


_KEEP_BELOW = 1 << 20
"""Outputs shorter than this many characters are always kept in memory (see :class:`PlanOutputs`)."""


class PlanOutputs(MutableMapping[Path, str]):
    """Output path → the exact text ``build`` writes there, in write order.

    Texts are kept in memory, except large ones: those that already equal the
    file on disk (the usual state of a committed tree) are read back from the
    file when asked for, or worked out again if the file changed since planning;
    the others are kept compressed. The catalogs and READMEs of a 100,000-unit
    roadmap in ten locales would otherwise hold a gigabyte of text for ``check``.
    """

    def __init__(self) -> None:
        self._texts: dict[Path, str | bytes | _OnDisk] = {}

    def put(self, path: Path, text: str, produce: Callable[[], str]) -> None:
        """Record ``text`` for ``path``; ``produce()`` must give the same text again."""
        self._texts[path] = _on_disk(path, text, produce) if len(text) >= _KEEP_BELOW else text

    def __getitem__(self, path: Path) -> str:
        value = self._texts[path]
        if isinstance(value, str):
            return value
        if isinstance(value, bytes):
            return zlib.decompress(value).decode("utf-8")
        return value.text()

    def __setitem__(self, path: Path, text: str) -> None:
        self._texts[path] = text

    def __delitem__(self, path: Path) -> None:
        del self._texts[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, path: object) -> bool:
        return path in self._texts

    def __repr__(self) -> str:
        return f"PlanOutputs({list(self._texts)!r})"


def _signature(path: Path) -> tuple[int, ...]:
    status = path.stat()
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@dataclass(frozen=True, slots=True)
class _OnDisk:
    """An output whose text is the content of ``path`` as long as the file keeps ``signature``."""

    path: Path
    signature: tuple[int, ...]
    produce: Callable[[], str]

    def text(self) -> str:
        try:
            before = _signature(self.path)
            data = read_input(self.path)
            if before == self.signature == _signature(self.path):
                return data.decode("utf-8")
        except (OSError, RoadmapError):
            pass
        return self.produce()


def _on_disk(path: Path, text: str, produce: Callable[[], str]) -> bytes | _OnDisk:
    """An :class:`_OnDisk` when the file at ``path`` holds exactly the bytes of ``text``, else them compressed."""
    data = text.encode("utf-8")
    try:
        before = _signature(path)
        same = read_input(path) == data
        after = _signature(path)
    except (OSError, RoadmapError):
        same = False
    return _OnDisk(path, before, produce) if same and before == after else zlib.compress(data, 1)


@dataclass
class BuildPlan:
    """Every file ``build`` would write, with its exact content, in write order."""

    outputs: MutableMapping[Path, str] = field(default_factory=PlanOutputs)
    """Output path → exact text, in write order (a :class:`PlanOutputs` when made by :func:`plan_build`)."""
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
    keep_catalogs: bool = True,
    on_catalog: Callable[[str, Catalog, frozenset[str]], None] | None = None,
) -> BuildPlan:
    """Compute the outputs of a build without touching the disk.

    ``keep_catalogs=False`` leaves ``plan.catalogs`` empty: each merged catalog
    is let go once its outputs are made (``check`` on a large roadmap would
    otherwise hold every locale's merged catalog at once). ``on_catalog(code,
    merged, withheld)`` sees each one before that, with the units whose
    confirmed translation the README withholds, e.g. to count its entries.
    """
    plan = BuildPlan()
    steps = _Steps(project, locales, template=template, catalogs=catalogs, readmes=readmes, source_readme=source_readme)
    outputs = PlanOutputs()
    with gc_paused():
        for path, text, produce in steps.run(plan, keep_catalogs=keep_catalogs, on_catalog=on_catalog, staged=False):
            outputs.put(path, text, produce)
    plan.outputs = outputs
    return plan


def build_project(
    project: Project, *, locales: Iterable[str] | None = None, progress: ProgressFn | None = None
) -> tuple[list[LocaleStatus], list[Path]]:
    """What ``roadmapi18n build`` does: ``write_plan(plan_build(project, locales=locales))``, in bounded memory.

    Each locale's catalog is read, merged, written out and let go before the
    next one is read, and every file is staged beside its target and moved into
    place only once all of them are ready, so nothing changes when any step
    fails. Returns the locales' statuses and the files whose bytes changed.
    ``progress`` hears about every output made.
    """
    plan = BuildPlan()
    steps = _Steps(project, locales)
    total = steps.count()
    with gc_paused(), StagedWrites() as staged:
        for done, (path, text, _) in enumerate(steps.run(plan, keep_catalogs=False, staged=True), start=1):
            staged.add(path, text)
            if progress is not None:
                progress("building", min(done, total), total)
        return plan.statuses, staged.commit()


class _Steps:
    """The steps of a build in their one order: template, schemas, each catalog, then each README."""

    def __init__(
        self,
        project: Project,
        locales: Iterable[str] | None,
        *,
        template: bool = True,
        catalogs: bool = True,
        readmes: bool = True,
        source_readme: bool = True,
    ) -> None:
        self.project = project
        codes = list(locales) if locales is not None else project.locale_codes
        self.targets = [project.config.locale(code) for code in codes]
        self.template, self.catalogs, self.readmes, self.source_readme = template, catalogs, readmes, source_readme

    def count(self) -> int:
        """How many outputs :meth:`run` yields (for progress)."""
        cfg = self.project.config
        per_locale = (1 if self.catalogs else 0) + (2 if self.readmes else 0)  # catalog; README and badge
        fixed = 3 if self.template else 0  # the template and the two JSON Schemas
        if self.readmes:
            every_locale = {loc.code for loc in self.targets} == set(self.project.locale_codes)
            fixed += (cfg.coverage_table is not None and every_locale) + self.source_readme
        return fixed + per_locale * len(self.targets)

    def run(
        self,
        plan: BuildPlan,
        *,
        keep_catalogs: bool,
        staged: bool,
        on_catalog: Callable[[str, Catalog, frozenset[str]], None] | None = None,
    ) -> Iterator[tuple[Path, str, Callable[[], str]]]:
        """Yield (path, text, a function giving the text again) for every output; fill the plan's statuses.

        With ``keep_catalogs`` the merged catalogs go into ``plan.catalogs``;
        without, each locale's merged catalog is let go once its .po text is
        made. ``staged`` means each text is written out as soon as it is
        yielded, so the functions giving it again will not be called: the
        locale's catalog as read is let go too. Every path is checked before it
        is yielded: nothing may be written outside the repository.
        """
        for output in self._outputs(plan, keep_catalogs=keep_catalogs, staged=staged, on_catalog=on_catalog):
            _refuse_escape(self.project, output[0])
            yield output

    def _outputs(
        self,
        plan: BuildPlan,
        *,
        keep_catalogs: bool,
        staged: bool,
        on_catalog: Callable[[str, Catalog, frozenset[str]], None] | None,
    ) -> Iterator[tuple[Path, str, Callable[[], str]]]:
        project = self.project
        pot, pot_text = _template(project)
        # build on a large roadmap: the locales are planned in parallel, by worker processes forked now.
        workers = None
        if staged and self.catalogs and not keep_catalogs and on_catalog is None:
            jobs = _jobs(project, len(self.targets))
            workers = _Workers(project, pot, self.targets, jobs) if jobs > 1 else None
        try:
            yield from self._locale_outputs(plan, pot, pot_text, workers, keep_catalogs, staged, on_catalog)
        finally:
            if workers is not None:
                workers.close()

    def _locale_outputs(
        self,
        plan: BuildPlan,
        pot: Catalog,
        pot_text: str | None,
        workers: _Workers | None,
        keep_catalogs: bool,
        staged: bool,
        on_catalog: Callable[[str, Catalog, frozenset[str]], None] | None,
    ) -> Iterator[tuple[Path, str, Callable[[], str]]]:
        project, cfg = self.project, self.project.config
        if self.template:
            yield cfg.pot_path, pot_text or format_po(pot), partial(format_po, pot)
            for path, text in _schemas(project).items():
                yield path, text, partial(str, text)
        translations: dict[str, dict[str, str]] = {}
        withheld: dict[str, int] = {}
        shown_by_locale: dict[str, dict[str, str]] = {}  # what each README shows, for locales suggesting from it
        if workers is not None:
            for locale, planned in zip(self.targets, workers.results(), strict=True):
                plan.statuses.append(planned.status)
                shown_by_locale[locale.code] = planned.shown
                if self.readmes:
                    translations[locale.code] = planned.shown
                    withheld[locale.code] = planned.status.withheld
                assert planned.po_text is not None
                again = partial(_planned_text, project, locale, pot, shown_by_locale)
                yield cfg.po_path(locale.code), planned.po_text, again
                del planned
        for locale in self.targets if workers is None else ():
            old = _old_catalog(project, locale.code)
            merged = _merged_catalog(project, locale, pot, old, shown=shown_by_locale)
            planned = _planned_from(project, locale, merged, po_text=self.catalogs)
            shown_by_locale[locale.code] = planned.shown
            plan.statuses.append(planned.status)
            if on_catalog is not None:
                on_catalog(locale.code, merged, frozenset(entry.unit for entry in planned.status.withheld_entries))
            if keep_catalogs:
                plan.catalogs[locale.code] = merged
            if self.readmes:
                translations[locale.code] = planned.shown
                withheld[locale.code] = planned.status.withheld
            if planned.po_text is not None:
                # Worked out again from the same inputs only if the file changes after planning (see PlanOutputs).
                if keep_catalogs:
                    again = partial(format_po, merged)
                else:
                    again = partial(_merged_text, project, locale, pot, old, shown_by_locale)
                yield cfg.po_path(locale.code), planned.po_text, again
            del merged, planned
            if staged:
                project.forget_catalog(locale.code)
        if not self.readmes:
            return
        every_locale = {loc.code for loc in self.targets} == set(project.locale_codes)
        if cfg.coverage_table is not None and every_locale:
            table = _with_coverage_table(project, cfg.coverage_table, plan.statuses)
            yield cfg.coverage_table, table, partial(str, table)
        units = {text.id: text.source for text in project.roadmap.texts()}
        if self.source_readme:
            produce = partial(render_readme, project.roadmap, {}, project.readme_target(cfg.source_locale))
            yield cfg.source_readme, produce(), produce
        for locale in self.targets:
            shown = translations.pop(locale.code)
            target = project.readme_target(locale.code)
            produce = partial(render_readme, project.roadmap, shown, target, withheld=withheld[locale.code])
            yield cfg.readme_path(locale.code), produce(), produce
            badge = _badge(units, shown)
            yield cfg.badge_path(locale.code), badge, partial(str, badge)


@dataclass(frozen=True, slots=True)
class _PlannedLocale:
    """What a build takes from one locale's merged catalog (all a worker process sends back)."""

    status: LocaleStatus
    shown: dict[str, str]
    """What the locale's README shows (see :class:`~roadmapi18n.publish.Publication`)."""
    po_text: str | None
    """The catalog as build writes it (None when the plan leaves catalogs out)."""


def _planned_from(project: Project, locale: LocaleConfig, merged: Catalog, *, po_text: bool = True) -> _PlannedLocale:
    """What the build takes from one locale's merged catalog (in the build's process or in a worker)."""
    # One decision for the README, its counts, build's warnings and check's integrity errors.
    publication = publish(project.roadmap, merged, project.readme_target(locale.code))
    text = format_po(merged) if po_text else None
    return _PlannedLocale(_status(locale.code, merged, publication, text), publication.shown, text)


# -- large roadmaps: the locales planned in parallel ----------------------------------------------

_PARALLEL_FROM = 50_000
"""Units × locales from which ``build`` plans the locales in parallel: below it a build takes about a
second or less, and starting the workers and sending the catalogs back would cost more than they save."""

_worker_state: tuple[Project, Catalog] | None = None
"""The project and template a forked worker inherits (set only while a pool is open)."""


def _jobs(project: Project, locales: int) -> int:
    """How many processes plan the locales: ``ROADMAPI18N_JOBS`` if set, else the usable cores on a large roadmap.

    Only on Linux, where workers are forked (elsewhere, forking a process is unsafe or unavailable, and a
    spawned worker would load the roadmap again).
    """
    setting = jobs_setting()
    if locales < 2 or not can_fork():
        return 1
    if setting is not None:
        return min(setting, locales)
    if sum(1 for _ in project.roadmap.texts()) * locales < _PARALLEL_FROM:
        return 1
    return max(1, min(usable_cores(), locales))


class _Workers:
    """:func:`_planned_from` for every locale of ``targets`` in ``jobs`` forked processes; results in order.

    The processes are forked when this is made, before the build yields (a fork copies no other thread, and
    a lock one held would stay held in the worker; the progress bar runs none: see progress.py). They
    inherit the loaded roadmap and the template (nothing pickled); each reads its locale's catalog and
    sends back only the status, the shown texts and the catalog's text. A locale that takes suggestions
    from another one in the run is given what that README shows once it is known, as the serial loop is;
    in a cycle, the first in order works it out itself (the same result: suggestions are fuzzy and change
    nothing that is shown). A worker that dies (killed, out of memory) fails the build with a clear
    error instead of leaving it waiting for a result that will never come.
    """

    def __init__(self, project: Project, pot: Catalog, targets: list[LocaleConfig], jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _worker_state
        self.targets = targets
        self.pending: dict[str, Future[_PlannedLocale]] = {}
        self.pool = ProcessPoolExecutor(
            jobs, multiprocessing.get_context("fork"), initializer=die_with_parent, initargs=(os.getpid(),)
        )
        codes = {locale.code for locale in targets}
        first = [locale.code for locale in targets if locale.suggest_from not in codes] or [targets[0].code]
        _worker_state = (project, pot)
        try:
            # The first submission forks every worker (a fork-based executor starts them all before its
            # own thread), so the workers get their copy of the state now.
            for code in first:
                self._submit(code, None)
        except BaseException:
            self.close()  # the caller never gets the pool to close
            raise
        finally:
            _worker_state = None

    def _submit(self, code: str, source_shown: tuple[str, dict[str, str]] | None) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            self.pending[code] = self.pool.submit(_plan_locale_in_worker, code, source_shown)
        except BrokenProcessPool:  # a worker died before this submission: the pool takes no more work
            raise _worker_died() from None

    def results(self) -> Iterator[_PlannedLocale]:
        for locale in self.targets:
            if locale.code not in self.pending:
                source = locale.suggest_from or ""
                given = (source, self._result(self.pending[source]).shown) if source in self.pending else None
                self._submit(locale.code, given)
        for locale in self.targets:
            # Let go of each result once taken: the pool's handles would otherwise keep every catalog's text.
            yield self._result(self.pending.pop(locale.code))

    @staticmethod
    def _result(future: Future[_PlannedLocale]) -> _PlannedLocale:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            raise _worker_died() from None

    def close(self) -> None:
        """Stop the workers, busy or not (after an error, waiting for the other locales would be wasted time)."""
        processes = list(getattr(self.pool, "_processes", None) or {})
        self.pool.shutdown(wait=False, cancel_futures=True)
        for pid in processes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.pool.shutdown(wait=True)


def _worker_died() -> RoadmapError:
    return RoadmapError(
        "a worker process of the build ended abruptly (killed, or out of memory?); nothing was written",
        hint=f"build in one process, with less memory: {JOBS_ENVIRONMENT}=1 roadmapi18n build",
    )


def _plan_locale_in_worker(code: str, source_shown: tuple[str, dict[str, str]] | None) -> _PlannedLocale:
    """In a worker process: :func:`_planned_from` for ``code`` (``source_shown``: its suggestion source's README)."""
    assert _worker_state is not None, "only a worker forked by _Workers plans a locale"
    project, pot = _worker_state
    locale = project.config.locale(code)
    shown_by_locale = dict([source_shown]) if source_shown is not None else {}
    merged = _merged_catalog(project, locale, pot, _old_catalog(project, code), shown=shown_by_locale)
    # The catalogs as read (this locale's, and a suggestion source's) are not needed again: a worker lives on
    # for the next locale, and its memory counts as much as the build's own.
    for configured in project.config.locales:
        project.forget_catalog(configured.code)
    return _planned_from(project, locale, merged)


def _planned_text(
    project: Project, locale: LocaleConfig, pot: Catalog, shown_by_locale: dict[str, dict[str, str]]
) -> str:
    """The catalog text of a locale planned in a worker, worked out again here."""
    return _merged_text(project, locale, pot, _old_catalog(project, locale.code), shown_by_locale)


def _refuse_escape(project: Project, path: Path) -> None:
    """No output may land outside the repository through a symbolic link (a linked folder or file)."""
    root = project.config.root
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
    # A label is the text of a link in a table cell: "|" would split the cell, "[" or "]" end the link.
    labels = {loc.code: re.sub(r"([\\|\[\]])", r"\\\1", loc.label) for loc in project.config.locales}
    rows = [
        "| Locale | Translated | Withheld (a problem to fix) | Fuzzy (awaiting review) | Untranslated | Coverage |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in statuses:
        readme = project.config.relative(project.config.readme_path(s.code))
        rows.append(
            f"| [{labels.get(s.code, s.code)}]({readme}) (`{s.code}`) | {s.translated} / {s.total} | {s.withheld} "
            f"| {s.fuzzy} | {s.untranslated} | {s.percent:.1f}% |"
        )
    return "\n".join(rows) + "\n"


def _with_coverage_table(project: Project, path: Path, statuses: list[LocaleStatus]) -> str:
    """``path``'s text with the region between the coverage markers replaced by the current table."""
    from roadmapi18n.errors import RoadmapError

    rel = project.config.relative(path)
    try:
        text = read_input(path, root=project.config.root).decode("utf-8")
    except FileNotFoundError:
        raise RoadmapError(f"coverage_table file {rel} does not exist", path=project.config.config_path) from None
    except UnicodeDecodeError as error:
        raise RoadmapError(f"{rel} is not UTF-8: {error.reason}", path=path, hint="save it as UTF-8") from None
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
    """Write every output, all or nothing (see :class:`~roadmapi18n.fsio.StagedWrites`); return the files changed."""
    with StagedWrites() as staged:
        for path, text in plan.outputs.items():
            staged.add(path, text)
        return staged.commit()


def _template(project: Project) -> tuple[Catalog, str | None]:
    """The POT, and its text when already written out; its creation date moves only when its messages do."""
    cfg = project.config
    pot = template_catalog(project.roadmap, {})
    date, text = _unchanged_template(project, pot)
    if text is None:
        previous = _read_if_exists(cfg.pot_path, cfg.root)
        date = previous.headers.get("POT-Creation-Date") if previous and _same_messages(previous, pot) else None
        if previous is None and cfg.pot_path.exists():
            date = _date_from_catalogs(project, pot)
    pot.headers = make_header(
        cfg.name, None, pot_creation_date=date or now_stamp(), report_msgid_bugs_to=cfg.bugs_address
    )
    return pot, text


def _date_from_catalogs(project: Project, pot: Catalog) -> str | None:
    """A damaged template's date, taken from a catalog merged from the same messages.

    Each catalog's header carries the POT-Creation-Date of the template it was merged with, so a
    template lost to a merge conflict gets its old date back and nothing else moves.
    """
    wanted = [(m.msgctxt, m.msgid) for m in pot.messages]
    for locale in project.config.locales:
        try:
            catalog = project.catalog(locale.code)
        except RoadmapError:
            continue
        if catalog and [(m.msgctxt, m.msgid) for m in catalog.messages if not m.obsolete] == wanted:
            return catalog.headers.get("POT-Creation-Date")
    return None


_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]+)\\n"$', re.MULTILINE)


def _unchanged_template(project: Project, pot: Catalog) -> tuple[str | None, str | None]:
    """(date, text) when the POT on disk is exactly ``pot`` written with its own date, else (None, None).

    Then reading it back would find the same messages (the writer and the strict
    reader round-trip), so the committed tree's template is never parsed.
    """
    cfg = project.config
    try:
        data = read_input(cfg.pot_path, root=cfg.root)
    except (OSError, RoadmapError):
        return None, None
    found = _POT_DATE.search(data, 0, 4096)
    if found is None:
        return None, None
    date = found.group(1).decode("utf-8", errors="replace")
    headers = make_header(cfg.name, None, pot_creation_date=date, report_msgid_bugs_to=cfg.bugs_address)
    text = format_po(Catalog(headers, pot.header_comments, pot.header_flags, pot.messages))
    return (date, text) if text.encode("utf-8") == data else (None, None)


def _old_catalog(project: Project, code: str) -> Catalog:
    """The locale's catalog as it is on disk (empty if there is none yet)."""
    return project.catalog(code) or Catalog(headers={}, header_comments=[], header_flags=[], messages=[])


def _merged_text(
    project: Project, locale: LocaleConfig, pot: Catalog, old: Catalog, shown: dict[str, dict[str, str]]
) -> str:
    return format_po(_merged_catalog(project, locale, pot, old, shown=shown))


def _merged_catalog(
    project: Project,
    locale: LocaleConfig,
    pot: Catalog,
    old: Catalog,
    *,
    shown: dict[str, dict[str, str]] | None = None,
) -> Catalog:
    """``old`` merged with ``pot``, its header completed, and suggestions added (``shown``: see _add_suggestions)."""
    merged = merge_catalogs(restore_previous_fields(old), pot, match_on="context").catalog
    merged.headers = _locale_header(project, locale.code, pot, previous=old.headers)
    merged.header_flags = [flag for flag in merged.header_flags if flag != "fuzzy"]
    if locale.suggest_from is not None:
        _add_suggestions(project, locale, pot, merged, {} if shown is None else shown)
    return merged


def _add_suggestions(
    project: Project, locale: LocaleConfig, pot: Catalog, merged: Catalog, shown: dict[str, dict[str, str]]
) -> None:
    """Fill ``merged``'s empty entries with what ``suggest_from`` confirms, converted (see :mod:`suggest`).

    The other locale's catalog is merged with the same template first, exactly as this build merges
    it, so the suggestions do not depend on the order the locales are built in. ``shown`` holds what
    the READMEs of the locales built so far show (suggestions are fuzzy, so they change none of it):
    a locale built earlier in this run is not merged and judged a second time.
    """
    from roadmapi18n.suggest import check_pair, suggest

    source = project.config.locale(locale.suggest_from or "")
    if project.known_unreadable(source.code):
        # check reports the damaged catalog at its line and checks this locale without new suggestions (those
        # already in its catalog stay): the build after the repair adds them.
        return
    confirmed = shown.get(source.code)
    if confirmed is None:
        source_merged = merge_catalogs(_old_catalog(project, source.code), pot, match_on="context").catalog
        # What the other locale's README shows (the judge's verdict): a withheld translation suggests nothing.
        confirmed = publish(project.roadmap, source_merged, project.readme_target(source.code)).shown
    suggest(merged, confirmed, source=source.code, config=check_pair(source.code, locale.code))


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
        # The catalog's own Plural-Forms wins, as in msgmerge: a newer CLDR must not renumber its plural forms.
        plural_forms=previous.get("Plural-Forms") or None,
        extra={k: v for k, v in previous.items() if k not in HEADER_ORDER and k != "Plural-Forms"},
    )


def _status(code: str, catalog: Catalog, publication: Publication, po_text: str | None) -> LocaleStatus:
    live = [m for m in catalog.messages if not m.obsolete]
    fuzzy = sum(1 for m in live if m.fuzzy)
    withheld = publication.withheld
    if withheld and po_text is not None:
        lines = msgstr_lines(po_text, (entry.unit for entry in withheld))
        withheld = tuple(replace(entry, line=lines.get(entry.unit)) for entry in withheld)
    return LocaleStatus(
        code=code,
        total=len(live),
        translated=publication.translated,
        fuzzy=fuzzy,
        untranslated=len(live) - publication.translated - len(withheld) - fuzzy,
        obsolete=len(catalog.messages) - len(live),
        withheld=len(withheld),
        withheld_entries=withheld,
        suggested=sum(1 for m in live if is_suggestion(m)),
    )


def _read_if_exists(path: Path, root: Path) -> Catalog | None:
    """The previous template, read only for its date: a damaged one (say, a merge conflict) is regenerated."""
    from roadmapi18n.catalog import read_po

    if not path.exists():
        return None
    try:
        return read_po(path, root=root)
    except RoadmapError as error:
        log.warning("%s: %s; the template is regenerated from the roadmap", error.location, error.message)
        return None


def _same_messages(a: Catalog, b: Catalog) -> bool:
    # Field by field, stopping at the first difference: the keys are msgctxt, msgid, comments,
    # references, flags and obsolescence.
    if len(a.messages) != len(b.messages):
        return False
    for m, n in zip(a.messages, b.messages, strict=True):
        if (
            m.msgid != n.msgid
            or m.msgctxt != n.msgctxt
            or m.extracted_comments != n.extracted_comments
            or m.references != n.references
            or m.flags != n.flags
            or m.obsolete != n.obsolete
        ):
            return False
    return True


def now_stamp() -> str:
    """Now as a PO header date, or SOURCE_DATE_EPOCH's time for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime(_DATE_FORMAT, time.gmtime(int(epoch) if epoch else None))
