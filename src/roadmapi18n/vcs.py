"""The few git questions a pull-request check asks: the base commit, the files changed since, a file as it was.

Runs the ``git`` command (the one CI checkouts and contributors already have);
every failure becomes a :class:`~roadmapi18n.errors.RoadmapError` naming the
git command and its message.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from roadmapi18n.errors import RoadmapError


class Repository:
    """The git work tree holding ``folder``."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("git") is None:
            raise RoadmapError("git is not installed", hint="install git; the pull-request check compares revisions")
        self.folder = folder
        output = self._git("rev-parse", "--show-toplevel", what=f"{folder} is not inside a git work tree")
        self.top = Path(output.decode("utf-8").strip()).resolve()

    def _git(self, *args: str, what: str | None = None, hint: str | None = None) -> bytes:
        result = subprocess.run(["git", *args], cwd=self.folder, capture_output=True, check=False)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RoadmapError(
                what or f"git {' '.join(args)} failed",
                hint=hint or (message[-1] if message else "") or "check the revision and the repository",
            )
        return result.stdout

    def merge_base(self, ref: str) -> str:
        """The commit where HEAD and ``ref`` meet: what a pull request into ``ref`` changes is measured from there."""
        self._git(
            "rev-parse",
            "--verify",
            "--quiet",
            f"{ref}^{{commit}}",
            what=f"unknown revision {ref!r}",
            hint="fetch the base branch first (git fetch origin main, then --base origin/main); in GitHub Actions, "
            "check out with fetch-depth: 2 and pass --base HEAD^1",
        )
        hint = "fetch more history (actions/checkout: fetch-depth: 0), or pass --base HEAD^1 on a merge commit"
        try:
            return self._git("merge-base", ref, "HEAD").decode().strip()
        except RoadmapError:
            raise RoadmapError(f"{ref} and HEAD have no common history here", hint=hint) from None

    def changed_files(self, base: str) -> set[Path]:
        """Files whose content differs between ``base`` and the work tree (committed or not), and untracked files."""
        tracked = self._git("diff", "--name-only", "--no-renames", "-z", base, "--")
        untracked = self._git("ls-files", "--others", "--exclude-standard", "-z")
        names = [name for name in (tracked + untracked).decode("utf-8", "surrogateescape").split("\0") if name]
        return {self.top / name for name in names}

    def read(self, revision: str, path: Path) -> bytes | None:
        """The bytes of ``path`` (a file in the work tree) at ``revision``, or None if it did not exist there."""
        name = path.resolve().relative_to(self.top).as_posix()
        result = subprocess.run(
            ["git", "cat-file", "blob", f"{revision}:{name}"], cwd=self.folder, capture_output=True, check=False
        )
        return result.stdout if result.returncode == 0 else None
