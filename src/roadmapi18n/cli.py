"""The ``roadmapi18n`` command: thin typer commands over the core, and the only place that prints.

Domain code raises :class:`~roadmapi18n.errors.RoadmapError`; :func:`main`
catches it once, prints the message to stderr and exits with code 2.
Heavy modules are imported inside the commands so ``--help`` stays fast.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roadmapi18n import __version__
from roadmapi18n.errors import RoadmapError, shown_path

if TYPE_CHECKING:
    from roadmapi18n.build import LocaleStatus
    from roadmapi18n.fsio import RepositoryLock
    from roadmapi18n.project import Project

app = typer.Typer(
    name="roadmapi18n",
    help="Roadmap YAML → gettext catalogs → translated READMEs, with repair, import and drift checks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Shared option types, declared once (fastapi-cli style).
RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Repository root holding roadmapi18n.toml.", file_okay=False, show_default=False),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"roadmapi18n {__version__}")
        raise typer.Exit()


@app.callback()
def _root_callback(
    context: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Roadmap YAML → gettext catalogs → translated READMEs."""
    # However the command ends (also under typer's CliRunner), the repository locks it took are let go.
    context.call_on_close(_release_locks)


_held_locks: list[RepositoryLock] = []
"""Repository locks the running command holds (see :func:`_project`)."""


def _release_locks() -> None:
    while _held_locks:
        _held_locks.pop().release()


LocaleOption = Annotated[
    list[str] | None,
    typer.Option("--locale", "-l", help="Only this locale (repeatable). Default: every configured locale."),
]


def _project(root: Path | None, *, writes: bool = True) -> Project:
    """The project at ``root`` (default: here), locked until the command ends: exclusively if it writes there."""
    from roadmapi18n.fsio import RepositoryLock
    from roadmapi18n.project import Project

    project = Project.open(root or Path.cwd())
    lock = RepositoryLock(project.config.root, exclusive=writes)

    def waiting() -> None:
        typer.echo(f"waiting: another roadmapi18n run is working in {project.config.root}", err=True)

    lock.acquire(on_wait=waiting)
    _held_locks.append(lock)
    return project


def _print_changes(project: Project, changed: list[Path]) -> None:
    if not changed:
        typer.echo("Nothing changed.")
        return
    for path in changed:
        typer.echo(f"wrote {project.config.relative(path)}")


def _print_statuses(statuses: list[LocaleStatus]) -> None:
    from roadmapi18n.checks.stats import status_table

    if statuses:
        typer.echo("\n".join(status_table(statuses)))


_WITHHELD_SHOWN = 20
"""Withheld translations build names per locale; ``check`` lists them all."""


def _print_withheld(project: Project, statuses: list[LocaleStatus]) -> None:
    """One warning per problem of each withheld translation, at its line in the catalog (stderr)."""
    for status in statuses:
        path = project.config.relative(project.config.po_path(status.code))
        for entry in status.withheld_entries[:_WITHHELD_SHOWN]:
            where = f"{path}:{entry.line}" if entry.line else path
            for problem in entry.problems:
                typer.echo(
                    f"{where}: warning [integrity/{problem.code}] {entry.unit}: {problem.message}; "
                    "the README shows the English until it is fixed",
                    err=True,
                )
        if len(status.withheld_entries) > _WITHHELD_SHOWN:
            more = len(status.withheld_entries) - _WITHHELD_SHOWN
            typer.echo(
                f"{path}: warning [integrity] {more} more withheld translations (`roadmapi18n check` lists them all)",
                err=True,
            )


@app.command()
def build(root: RootOption = None, locale: LocaleOption = None) -> None:
    """Extract the template, merge every catalog and render every README (idempotent).

    With --locale, the template and the English README are written too, but the other locales' catalogs and
    READMEs and the coverage table are left as they were: build every locale before committing.
    """
    from roadmapi18n.build import build_project
    from roadmapi18n.progress import progress_bar

    project = _project(root)
    with progress_bar() as progress:
        statuses, changed = build_project(project, locales=locale, progress=progress)
    _print_statuses(statuses)
    _print_withheld(project, statuses)
    _print_changes(project, changed)


@app.command()
def extract(root: RootOption = None) -> None:
    """Write the gettext template (locales/roadmap.pot) from the roadmap YAML."""
    from roadmapi18n.build import plan_build, write_plan

    project = _project(root)
    plan = plan_build(project, locales=[], catalogs=False, readmes=False)
    _print_changes(project, write_plan(plan))


@app.command()
def update(root: RootOption = None, locale: LocaleOption = None) -> None:
    """Merge the template into each locale's .po (msgmerge semantics, keyed on stable IDs)."""
    from roadmapi18n.build import plan_build, write_plan

    project = _project(root)
    plan = plan_build(project, locales=locale, readmes=False)
    changed = write_plan(plan)
    _print_statuses(plan.statuses)
    _print_changes(project, changed)


@app.command()
def render(
    locale: Annotated[str, typer.Option("--locale", "-l", help="Locale to render ('en' for the English README).")],
    root: RootOption = None,
) -> None:
    """Write one locale's README from the roadmap and its catalog."""
    from roadmapi18n.build import plan_build, write_plan

    project = _project(root)
    if locale == project.config.source_locale:
        plan = plan_build(project, locales=[], template=False, catalogs=False)
    else:
        plan = plan_build(project, locales=[locale], template=False, catalogs=False, source_readme=False)
    _print_changes(project, write_plan(plan))


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def merge(context: typer.Context) -> None:
    """Merge a template into a catalog, with GNU msgmerge's options: `roadmapi18n merge [OPTION] def.po ref.pot`."""
    # The console script runs merge_cli without typer (see launch.py); this is the same command via the app.
    from roadmapi18n.merge_cli import main as merge_main

    raise typer.Exit(merge_main(list(context.args)))


@app.command(name="merge-driver")
def merge_driver(
    base: Annotated[Path, typer.Argument(help="git's %O: the common ancestor's version.", show_default=False)],
    ours: Annotated[
        Path, typer.Argument(help="git's %A: our version; the result is written here.", show_default=False)
    ],
    theirs: Annotated[Path, typer.Argument(help="git's %B: the other branch's version.", show_default=False)],
    path: Annotated[
        str | None, typer.Argument(help="git's %P: the file's path, for messages.", show_default=False)
    ] = None,
) -> None:
    """Git merge driver for .po catalogs: merges entry by entry; exit 0 merged, 1 conflicts left, 2 unreadable.

    Enable it once per clone: roadmapi18n merge-driver --install
    """
    # The console script runs merge_driver without typer (see launch.py); this is the same command via the app.
    from roadmapi18n.merge_driver import main as driver_main

    raise typer.Exit(driver_main([str(base), str(ours), str(theirs), *([path] if path is not None else [])]))


@app.command(name="compile")
def compile_catalogs(root: RootOption = None, locale: LocaleOption = None) -> None:
    """Write .mo files (build products, not committed) so sites and apps can use the catalogs at run time."""
    from roadmapi18n.build import plan_build
    from roadmapi18n.catalog import compile_mo
    from roadmapi18n.fsio import write_bytes_atomic

    project = _project(root)
    plan = plan_build(project, locales=locale, readmes=False, template=False, catalogs=False)
    changed = [
        project.config.mo_path(code)
        for code, catalog in plan.catalogs.items()
        if write_bytes_atomic(project.config.mo_path(code), compile_mo(catalog))
    ]
    _print_changes(project, changed)


@app.command(name="init-locale")
def init_locale(
    code: Annotated[str, typer.Argument(help="gettext locale code, e.g. 'pt_BR' or 'zh_Hans'.")],
    label: Annotated[str | None, typer.Option(help="Name in the language switcher (default: CLDR's).")] = None,
    root: RootOption = None,
) -> None:
    """Add a locale: validate the code with babel, add it to roadmapi18n.toml, create its catalog and README."""
    from roadmapi18n.build import plan_build, write_plan
    from roadmapi18n.config import with_locale
    from roadmapi18n.project import Project

    config, config_text = with_locale(_project(root).config, code, label=label)
    project = Project(config)
    plan = plan_build(project)  # every README's language switcher gains the locale
    plan.outputs = {config.config_path: config_text, **plan.outputs}  # planned in full before anything is written
    _print_changes(project, write_plan(plan))


class OutputFormat(StrEnum):
    """Report formats of ``check``."""

    text = "text"
    json = "json"
    github = "github"


def _parse_floors(values: list[str] | None) -> dict[str, float]:
    """``["vi=40", "zh_Hant=75%"]`` → ``{"vi": 40.0, "zh_Hant": 75.0}``; anything else is a usage error."""
    import math

    floors: dict[str, float] = {}
    for value in values or []:
        code, sep, pct = value.partition("=")
        try:
            number = float(pct.strip().removesuffix("%"))
        except ValueError:
            number = math.nan
        if not sep or not code.strip() or not 0 <= number <= 100:
            raise RoadmapError(
                f"--min-coverage expects LOCALE=PERCENT with a percentage from 0 to 100, got {value!r}",
                hint="e.g. --min-coverage vi=40",
            )
        floors[code.strip()] = number
    return floors


@app.command()
def check(
    root: RootOption = None,
    locale: LocaleOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Report format.")] = OutputFormat.text,
    min_coverage: Annotated[
        list[str] | None,
        typer.Option("--min-coverage", metavar="L=PCT", help="Fail when locale L is below PCT% (repeatable)."),
    ] = None,
) -> None:
    """Fail (exit 1) when locales drift: stale READMEs or catalogs, mojibake, conflicts, broken translations."""
    from roadmapi18n.checks import run_checks
    from roadmapi18n.checks.output import format_github, format_text, to_json
    from roadmapi18n.perf import gc_paused

    try:
        floors = _parse_floors(min_coverage)
        project = _project(root, writes=False)
        with gc_paused():  # millions of long-lived, acyclic objects: collecting would only walk them again and again
            report = run_checks(project, locales=locale, min_coverage=floors)
    except RoadmapError as error:
        _report_input_error(error, output_format, root)
        raise  # main() prints it to stderr and exits 2
    if output_format is OutputFormat.json:
        typer.echo(to_json(report), nl=False)
    elif output_format is OutputFormat.github:
        typer.echo(format_github(report, prefix=_workspace_prefix(project.config.root)), nl=False)
    else:
        typer.echo(format_text(report), nl=False)
    raise typer.Exit(1 if report.failed else 0)


def _report_input_error(error: RoadmapError, output_format: OutputFormat, root: Path | None) -> None:
    """Under ``--format json`` or ``github``, an error that stops the run is a report too (on stdout)."""
    from roadmapi18n.checks.output import input_error_github, input_error_json

    folder = (root or Path.cwd()).resolve()
    if output_format is OutputFormat.json:
        typer.echo(input_error_json(error, folder), nl=False)
    elif output_format is OutputFormat.github:
        typer.echo(input_error_github(error, folder, prefix=_workspace_prefix(folder)), nl=False)


def _workspace_prefix(root: Path) -> str:
    """The project folder relative to the GitHub workspace (or the working directory), for annotation paths."""

    base = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    try:
        relative = root.relative_to(base).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


@app.command(name="pr-check")
def pr_check(
    base: Annotated[
        str,
        typer.Option(
            "--base",
            metavar="REF",
            help="The branch the pull request goes into (e.g. origin/main; HEAD^1 on GitHub's merge commit).",
        ),
    ],
    root: RootOption = None,
    locale: LocaleOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Report format.")] = OutputFormat.text,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            metavar="FILE",
            help="Append the Markdown summary to FILE (in GitHub Actions: $GITHUB_STEP_SUMMARY).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Check a pull request: fail (exit 1) only on what its author must fix; say per locale what it changes."""
    from roadmapi18n.checks.pr import review_pull_request
    from roadmapi18n.checks.pr_output import format_github, format_markdown, format_text, to_json
    from roadmapi18n.perf import gc_paused

    try:
        project = _project(root, writes=False)
        with gc_paused():
            report = review_pull_request(project, base, locales=locale)
    except RoadmapError as error:
        _report_input_error(error, output_format, root)
        if summary is not None:
            _append(summary, f"## roadmapi18n: translations in this pull request\n\n❌ **Cannot check:** {error}\n")
        raise
    if summary is not None:
        _append(summary, format_markdown(report))
    if output_format is OutputFormat.json:
        typer.echo(to_json(report), nl=False)
    elif output_format is OutputFormat.github:
        typer.echo(format_github(report, prefix=_workspace_prefix(project.config.root)), nl=False)
    else:
        typer.echo(format_text(report), nl=False)
    raise typer.Exit(1 if report.failed else 0)


def _append(path: Path, text: str) -> None:
    """Append to a file that others write too (GitHub's job summary), creating it if need be."""
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


class StatsFormat(StrEnum):
    """Report formats of ``stats``."""

    text = "text"
    json = "json"
    svg = "svg"


@app.command()
def stats(
    root: RootOption = None,
    locale: LocaleOption = None,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", help="text or json: print; svg: write each locale's coverage badge.")
    ] = StatsFormat.text,
) -> None:
    """Coverage per locale and per part; `--format svg` writes locales/<L>/coverage.svg (also a build output)."""
    from roadmapi18n.build import write_plan
    from roadmapi18n.checks.stats import badge_plan, collect_stats, format_stats_text, skipped_reason, stats_json

    project = _project(root, writes=output_format is StatsFormat.svg)
    if output_format is StatsFormat.svg:
        _print_changes(project, write_plan(badge_plan(project, locales=locale)))
        return
    collected = collect_stats(project, locales=locale)
    reasons = {code: skipped_reason(project, error) for code, error in collected.skipped.items()}
    text = stats_json(collected, reasons) if output_format is StatsFormat.json else format_stats_text(collected)
    typer.echo(text, nl=False)
    if collected.skipped:  # the others are counted; the unreadable catalog is still bad input (exit 2)
        raise next(iter(collected.skipped.values()))


@app.command(name="import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="A legacy translated README (mojibake is repaired first).", dir_okay=False)
    ],
    locale: Annotated[str, typer.Option("--locale", "-l", help="The README's language, a configured locale.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; show the catalog diff.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the report as JSON here.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace existing confirmed translations.")] = False,
    english: Annotated[
        Path | None,
        typer.Option(
            "--english",
            help="The English README the translation was made from (or a folder of revisions to choose from): "
            "changed English becomes fuzzy with the old English as #| msgid.",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Import a legacy translated README into the locale's catalog, aligned with the roadmap; then build."""
    from roadmapi18n.build import BuildPlan, plan_build, write_plan
    from roadmapi18n.importer import import_legacy
    from roadmapi18n.progress import progress_bar

    project = _project(root)
    project.config.locale(locale)
    if report is not None:
        project.config.refuse_side_output(report, "--report", reads=(file, english))
    with progress_bar() as progress:
        result = import_legacy(project, file, locale, overwrite=overwrite, english=english, progress=progress)
    typer.echo(result.report.text(), err=True)
    plan = BuildPlan()
    if report is not None:
        plan.outputs[report] = result.report.to_json_text()
    if not dry_run:
        # Built from the imported catalog before anything is written: its README and badge, and what follows
        # from it elsewhere (the coverage table, suggestions for a locale that takes them from this one).
        staged = project.with_catalog(locale, result.catalog)
        plan.outputs.update(plan_build(staged).outputs)
    changed = write_plan(plan)
    if dry_run:
        typer.echo(result.diff(), nl=False)
    else:
        _print_changes(project, changed)


@app.command()
def sync(
    readme: Annotated[Path, typer.Argument(help="The upstream course's English README.md.", dir_okay=False)],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing (except --report); show the changes.")
    ] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the report as JSON here.")] = None,
    root: RootOption = None,
) -> None:
    """Bring an upstream revision of the English README into roadmap/, keeping every ID; then build."""
    import json

    from roadmapi18n.fsio import write_text_atomic
    from roadmapi18n.sync import plan_sync, write_sync
    from roadmapi18n.sync.plan import read_readme

    project = _project(root, writes=not dry_run)
    if report is not None:
        project.config.refuse_side_output(report, "--report", reads=(readme,))
    plan = plan_sync(project, read_readme(readme), source=str(shown_path(readme, Path.cwd())))
    for line in plan.report.summary():
        typer.echo(line)
    for line in plan.report.fidelity:
        typer.echo(f"warning: {line}", err=True)
    if report is not None:
        write_text_atomic(report, json.dumps(plan.report.to_json(), ensure_ascii=False, indent=2) + "\n")
    if dry_run:
        for name in plan.report.changed_files:
            typer.echo(f"would write {name}")
        return
    _print_changes(project, write_sync(plan))


class ReportFormat(StrEnum):
    """Report formats of ``repair``."""

    text = "text"
    json = "json"


@app.command()
def repair(
    path: Annotated[
        Path, typer.Argument(help="A .po/.pot catalog, a Markdown file or plain UTF-8 text.", dir_okay=False)
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the repaired file here.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite PATH with the repaired file.")] = False,
    locale: Annotated[str | None, typer.Option("--locale", "-l", help="Language of the text (vi, zh_Hant…).")] = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 when something needs repair or a repair would need checking."
        ),
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Show the repair as a unified diff.")] = False,
    output_format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.text,
) -> None:
    """Repair mojibake (beyond ftfy: whole-document inference, lossy recovery) without touching clean text.

    Exit 1 when a repair brought in characters of a script the locale does not
    write (they are named on stderr: check them), even though the file is written.
    """
    import json

    from roadmapi18n.fsio import write_text_atomic
    from roadmapi18n.progress import progress_bar
    from roadmapi18n.repair import repair_file

    if output is not None and in_place:
        raise RoadmapError("--output and --in-place exclude each other", hint="pick one")
    if locale is not None:
        from roadmapi18n.config import validate_locale_code

        validate_locale_code(locale)
    with progress_bar(enabled=output_format is ReportFormat.text) as progress:
        report = repair_file(path, locale=locale, progress=progress)
    if output_format is ReportFormat.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format_text(), err=True)
    if diff and report.changed:
        typer.echo(report.unified_diff(), nl=False)
    if report.foreign:
        # Never silent: a Han character in Vietnamese text is more often a wrong repair than a quotation.
        typer.echo(
            f"warning: {shown_path(str(path), Path.cwd())}: the repair brought in {report.foreign} character(s) of a "
            f"script {locale} does not write (marked CHECK in the report); check them before using the result",
            err=True,
        )
    if check_only:
        raise typer.Exit(1 if report.changed or report.foreign else 0)
    target = path if in_place else output
    if target is not None:
        if report.changed or target != path:
            write_text_atomic(target, report.repaired)
    elif not diff and output_format is ReportFormat.text:
        sys.stdout.write(report.repaired)
    if report.foreign:
        raise typer.Exit(1)


class _StderrWarnings(logging.Handler):
    """Shows the core's log records (e.g. what the PO reader normalised) as ``warning: ...`` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname.lower()}: {record.getMessage()}", file=sys.stderr)


def main() -> None:
    """Entry point: run the app, turning user errors into a message and exit code 2."""
    logger = logging.getLogger("roadmapi18n")
    handler = _StderrWarnings(logging.WARNING)
    logger.addHandler(handler)
    try:
        app()
    except RoadmapError as error:
        # Paths below the working directory are shown relative to it, like the YAML loader's.
        print(f"error: {error.shown_from(Path.cwd())}", file=sys.stderr)
        sys.exit(2)
    except OSError as error:  # the disk, not the input: unwritable folder, disk full...
        name = error.filename
        where = f"{shown_path(name, Path.cwd()) if isinstance(name, str) else name}: " if name else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        sys.exit(2)
    finally:
        logger.removeHandler(handler)
