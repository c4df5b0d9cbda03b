"""The ``roadmapi18n`` command: thin typer commands over the core, and the only place that prints.

Domain code raises :class:`~roadmapi18n.errors.RoadmapError`; :func:`main`
catches it once, prints the message to stderr and exits with code 2.
Heavy modules are imported inside the commands so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roadmapi18n import __version__
from roadmapi18n.errors import RoadmapError

if TYPE_CHECKING:
    from roadmapi18n.build import BuildPlan
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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Roadmap YAML → gettext catalogs → translated READMEs."""


LocaleOption = Annotated[
    list[str] | None,
    typer.Option("--locale", "-l", help="Only this locale (repeatable). Default: every configured locale."),
]


def _project(root: Path | None) -> Project:
    from roadmapi18n.project import Project

    return Project.open(root or Path.cwd())


def _print_changes(project: Project, changed: list[Path]) -> None:
    if not changed:
        typer.echo("Nothing changed.")
        return
    for path in changed:
        typer.echo(f"wrote {project.config.relative(path)}")


def _print_statuses(plan: BuildPlan) -> None:
    if not plan.statuses:
        return
    typer.echo(f"{'locale':<10} {'translated':>16} {'fuzzy':>6} {'untranslated':>13} {'obsolete':>9}")
    for s in plan.statuses:
        done = f"{s.translated}/{s.total} ({s.percent:.0f}%)"
        typer.echo(f"{s.code:<10} {done:>16} {s.fuzzy:>6} {s.untranslated:>13} {s.obsolete:>9}")


@app.command()
def build(root: RootOption = None, locale: LocaleOption = None) -> None:
    """Extract the template, merge every catalog and render every README (idempotent)."""
    from roadmapi18n.build import plan_build, write_plan

    project = _project(root)
    plan = plan_build(project, locales=locale, source_readme=True)
    changed = write_plan(plan)
    _print_statuses(plan)
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
    _print_statuses(plan)
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


def main() -> None:
    """Entry point: run the app, turning user errors into a message and exit code 2."""
    try:
        app()
    except RoadmapError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
