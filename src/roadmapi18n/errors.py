"""The one error type the core raises for anything a user can fix.

The CLI catches :class:`RoadmapError` in one place, prints ``str(error)`` to
stderr and exits with code 2 — never a traceback for a user's mistake.
Line and column numbers are always 1-based.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


class RoadmapError(Exception):
    """A problem with the user's input: which file, where, what, and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    @property
    def location(self) -> str:
        """``path:line:column`` with whatever parts are known, or ``""``."""
        if self.path is None:
            return ""
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def shown_from(self, directory: Path) -> str:
        """``str(self)``, with the path relative to ``directory`` when the file is below it (as the CLI prints it).

        >>> RoadmapError("bad", path="/repo/locales/vi.po", line=3).shown_from(Path("/repo"))
        'locales/vi.po:3: bad'
        >>> RoadmapError("bad", path="/elsewhere/x.po").shown_from(Path("/repo"))
        '/elsewhere/x.po: bad'
        """
        if self.path is None:
            return str(self)
        path = shown_path(self.path, directory)
        return str(RoadmapError(self.message, path=path, line=self.line, column=self.column, hint=self.hint))


def shown_path(path: str | Path, directory: Path) -> Path:
    """``path`` relative to ``directory`` when it is an absolute path below it, else unchanged."""
    path = Path(path)
    return path.relative_to(directory) if path.is_absolute() and path.is_relative_to(directory) else path


def exit_code_of(command: Callable[[], int]) -> int:
    """Run a command that starts without typer (``merge``, ``merge-driver``): its exit code, or 2 after one
    message on stderr for a :class:`RoadmapError` or an operating-system error (as the CLI prints them)."""
    try:
        return command()
    except RoadmapError as error:
        print(f"error: {error.shown_from(Path.cwd())}", file=sys.stderr)
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 2
