"""Atomic file writes: a file is either as it was or as the finished writer left it.

Every file the toolkit writes goes through here. We write a temporary file in
the same directory (so ``os.replace`` is a rename on one file system), flush
and fsync it, then replace the target. A process killed at any moment leaves
the old file or the new one, never a truncated mix.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path

_TEMP_MIDDLE = r"[a-z0-9_]{8}"
"""The random part ``tempfile.mkstemp`` puts in a name (eight characters of its alphabet)."""


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) if unchanged.

    Temporary files a killed earlier write of ``path`` left behind are removed first.
    """
    remove_stale_temporaries(path)
    if _unchanged(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    _commit(_stage(path, data), path)
    return True


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path`` (flushed to disk); return its name."""
    fd, tmp_name = _create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(OSError):  # exotic file systems
            os.chmod(tmp_name, 0o644)
    except BaseException:
        # Includes KeyboardInterrupt: never leave the temporary file behind.
        _discard(tmp_name)
        raise
    return tmp_name


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new, exclusively created ``.NAME.XXXXXXXX.tmp`` beside ``path``, as ``tempfile.mkstemp`` makes them.

    Made here rather than with tempfile, whose import (random, shutil...) is a noticeable part of
    `roadmapi18n merge`'s start-up on small catalogs.
    """
    while True:
        tmp_name = os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp_name
        except FileExistsError:
            continue


def _commit(tmp_name: str, path: Path) -> None:
    """Move a staged file into place (a rename) and make the rename durable."""
    try:
        os.replace(tmp_name, path)
    except BaseException:
        _discard(tmp_name)
        raise
    _fsync_directory(path.parent)


def _discard(tmp_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp_name)


class StagedWrites:
    """Write many files all or nothing: each is staged beside its target, and only :meth:`commit` replaces them.

    Used as a context manager, leaving the block with an exception removes every
    staged file (and the folders staging created), so the targets stay exactly as
    they were. Files whose bytes would not change are never staged. A path added
    twice keeps its first place and its last content, as in a dict.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, str | None] = {}
        self._created: list[Path] = []

    def add(self, path: Path, text: str) -> None:
        """Stage ``text`` (UTF-8) for ``path`` unless the file already holds exactly those bytes."""
        data = text.encode("utf-8")
        remove_stale_temporaries(path)
        previous = self._staged.get(path)
        if previous is not None:
            _discard(previous)
        if _unchanged(path, data):
            self._staged[path] = None
            return
        missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        self._created.extend(missing)
        self._staged[path] = _stage(path, data)

    def commit(self) -> list[Path]:
        """Replace every changed file, in the order first added; return them."""
        changed: list[Path] = []
        for path, tmp_name in self._staged.items():
            if tmp_name is not None:
                _commit(tmp_name, path)
                self._staged[path] = None
                changed.append(path)
        self._created.clear()
        return changed

    def abort(self) -> None:
        """Remove every staged file and the folders staging created."""
        for tmp_name in self._staged.values():
            if tmp_name is not None:
                _discard(tmp_name)
        self._staged.clear()
        for folder in self._created:  # deepest first
            with contextlib.suppress(OSError):  # not empty: someone else wrote there
                folder.rmdir()
        self._created.clear()

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.abort()


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete the ``.NAME.XXXXXXXX.tmp`` files that writes of ``path`` killed mid-way (SIGKILL) left behind.

    Only names of exactly the shape :func:`write_bytes_atomic` creates for ``path`` are touched.
    Two processes writing the same file at once are not supported (one may delete the
    other's temporary file, and its write then fails; no file is ever half-written).
    """
    pattern = re.compile(rf"\.{re.escape(path.name)}\.{_TEMP_MIDDLE}\.tmp")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def write_text_atomic(path: Path, text: str) -> bool:
    """Write UTF-8 text with ``\\n`` line endings atomically; return whether the file changed."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories can't be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


class RepositoryLock:
    """An advisory lock on a repository folder: writers take it exclusive, readers shared.

    Two ``build`` runs in one repository (an editor hook and a pre-commit hook,
    say) then run one after the other instead of interleaving their renames,
    and ``check`` never reads a tree a ``build`` is half-way through replacing.
    It is ``flock`` on the folder itself: no lock file to leave behind, and the
    kernel drops it when the process ends, even by SIGKILL. Where ``flock`` does
    not exist (Windows) it does nothing.
    """

    def __init__(self, root: Path, *, exclusive: bool) -> None:
        self.root = root
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self, on_wait: Callable[[], None] | None = None) -> None:
        """Take the lock, calling ``on_wait()`` first if another process holds it and we have to wait."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        fd = os.open(self.root, os.O_RDONLY)
        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(fd, mode)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (closing the folder's descriptor releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RepositoryLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()
