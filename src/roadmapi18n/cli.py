"""The ``roadmapi18n`` command: thin typer commands over the core, and the only place that prints.

Domain code raises :class:`~roadmapi18n.errors.RoadmapError`; :func:`main`
catches it once, prints the message to stderr and exits with code 2.
Heavy modules are imported inside the commands so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from roadmapi18n import __version__
from roadmapi18n.errors import RoadmapError

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
    Path,
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


def main() -> None:
    """Entry point: run the app, turning user errors into a message and exit code 2."""
    try:
        app()
    except RoadmapError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
