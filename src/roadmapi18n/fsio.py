"""File access with two promises: what is read is a regular file, what is written is all or nothing.

Reading (:func:`read_input`): inputs come from pull requests, so a catalog or
YAML file may be a symbolic link to a secret on the CI machine, a FIFO that
never ends, or ``/dev/zero``. Every file read inside a repository must be a
regular file, not a symbolic link, inside the repository; anything else is
refused before a byte is read (the file is opened without following a final
link and without blocking, then ``fstat`` decides).

Writing: every file the toolkit writes goes through here. We write a temporary
file in the same directory (so ``os.replace`` is a rename on one file system),
flush and fsync it, then replace the target. A process killed at any moment
leaves the old file or the new one, never a truncated mix. :class:`StagedWrites`
extends that to many files: all are staged first (a full disk shows here, before
anything is replaced), then replaced one by one; if a replacement fails (an
immutable file, say), the ones already replaced are put back from a hard link
to their old content, so every target is as it was. A target that is a symbolic
link or a special file is refused rather than replaced by a regular file.
Errors are :class:`~roadmapi18n.errors.RoadmapError` naming the real file, never
a temporary one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from roadmapi18n.errors import RoadmapError

_TEMP_MIDDLE = r"[a-z0-9_]{8}"
"""The random part ``tempfile.mkstemp`` puts in a name (eight characters of its alphabet)."""
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_LINK_HINT = (
    "roadmapi18n reads and writes only regular files inside the repository: replace the link with the file "
    "itself (restore it with `git checkout -- FILE` if a pull request changed it into a link)"
)


# --- reading ----------------------------------------------------------------------------------------


def read_input(path: Path, *, root: Path | None = None, follow_symlinks: bool = False) -> bytes:
    """The bytes of the regular file at ``path``; RoadmapError for a link, a special file or a file outside ``root``.

    A missing file raises :class:`FileNotFoundError` (callers say what is missing). A FIFO or
    a device is refused without blocking; a symbolic link is refused unless ``follow_symlinks``
    (files named on the command line), and never followed out of ``root``.
    """
    flags = _READ_FLAGS & ~getattr(os, "O_NOFOLLOW", 0) if follow_symlinks else _READ_FLAGS
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(path):
            raise RoadmapError(
                "cannot read: it is a symbolic link, not a regular file", path=path, hint=_LINK_HINT
            ) from None
        if isinstance(error, FileNotFoundError | NotADirectoryError):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path)) from None
        raise RoadmapError(f"cannot read: {error.strerror}", path=path, hint=_io_hint(error)) from None
    try:
        kind = _special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise RoadmapError(
                f"cannot read: it is {kind}, not a regular file",
                path=path,
                hint="replace it with the regular file it should be",
            )
        if root is not None:
            _refuse_outside(path, root)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read()
    except OSError as error:
        raise RoadmapError(f"cannot read: {error.strerror}", path=path, hint=_io_hint(error)) from None
    finally:
        os.close(fd)


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is (``"a FIFO"``...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return kind
    return "a special file"  # pragma: no cover - door files and such


def _refuse_outside(path: Path, root: Path) -> None:
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(root))
    if real != root and root not in real.parents:
        raise RoadmapError(
            f"is outside the repository (it resolves to {real})",
            path=path,
            hint="a folder on the way is a symbolic link: replace it with a real folder",
        )


def _io_hint(error: OSError) -> str:
    """How to fix an operating-system error while reading or writing a file."""
    if error.errno == errno.ENOSPC:
        return "free some disk space and run the command again (nothing was changed)"
    if error.errno == errno.EDQUOT:
        return "your disk quota is used up: free some space and run the command again (nothing was changed)"
    if error.errno == errno.EROFS:
        return "the file system is read-only: run the command where the repository can be written"
    if error.errno in (errno.EPERM, errno.EACCES):
        return (
            "check the permissions of the file and its folder; an immutable or append-only file "
            "(`lsattr` shows i or a) cannot be replaced: `chattr -i FILE`"
        )
    if error.errno in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST):
        return "a file stands where a folder belongs, or a folder where a file belongs: move it away"
    return "check the disk and the file, then run the command again"


# --- writing ----------------------------------------------------------------------------------------


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) if unchanged.

    Temporary files a killed earlier write of ``path`` left behind are removed first.
    """
    with StagedWrites() as staged:
        staged.add_bytes(path, data)
        return bool(staged.commit())


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data`` (False if missing); refuses links and special files."""
    try:
        return read_input(path) == data
    except FileNotFoundError:
        return False


def _refuse_unwritable_kind(path: Path) -> None:
    """Replacing a link or a special file would silently swap it for a regular file: refuse instead."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISLNK(mode):
        raise RoadmapError(
            "cannot write: it is a symbolic link, which would be replaced by a regular file", path=path, hint=_LINK_HINT
        )
    kind = _special_kind(mode)
    if kind is not None:
        raise RoadmapError(
            f"cannot write: it is {kind}, not a regular file",
            path=path,
            hint="move it away; roadmapi18n writes regular files",
        )


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path`` (flushed to disk); return its name."""
    try:
        fd, tmp_name = _create_temporary(path)
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(OSError):  # exotic file systems
            os.chmod(tmp_name, 0o644)
    except BaseException as error:
        # Includes KeyboardInterrupt: never leave the temporary file behind.
        _discard(tmp_name)
        if isinstance(error, OSError):
            raise _write_error(path, error) from None
        raise
    return tmp_name


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new, exclusively created ``.NAME.XXXXXXXX.tmp`` beside ``path``, as ``tempfile.mkstemp`` makes them.

    Made here rather than with tempfile, whose import (random, shutil...) is a noticeable part of
    `roadmapi18n merge`'s start-up on small catalogs.
    """
    while True:
        tmp_name = _temporary_name(path)
        try:
            return os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp_name
        except FileExistsError:
            continue


def _temporary_name(path: Path) -> str:
    """``.NAME.XXXXXXXX.tmp`` beside ``path``: the shape :func:`remove_stale_temporaries` cleans up."""
    return os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")


def _write_error(path: Path, error: OSError) -> RoadmapError:
    """An OS error while writing ``path`` (the real file, whichever temporary file failed)."""
    return RoadmapError(f"cannot write: {error.strerror or error}", path=path, hint=_io_hint(error))


def _discard(tmp_name: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp_name)


def _keep_old(path: Path) -> Path | None:
    """A second name for the current ``path`` (a hard link, else a copy) to put it back from; None if missing.

    The name has the shape of a temporary file of ``path``, so a run killed before
    removing it leaves nothing the next write does not clean up.
    """
    if not path.exists():
        return None
    while True:
        keep = Path(_temporary_name(path))
        try:
            os.link(path, keep)
        except FileExistsError:
            continue
        except OSError:
            # No hard links here (or the file is immutable, which the replacement will report):
            # a copy keeps the content and mode.
            import shutil

            try:
                shutil.copy2(path, keep)
            except OSError as error:
                _discard(keep)
                raise _write_error(path, error) from None
        return keep


class StagedWrites:
    """Write many files all or nothing: each is staged beside its target, and only :meth:`commit` replaces them.

    Used as a context manager, leaving the block with an exception removes every
    staged file (and the folders staging created), so the targets stay exactly as
    they were. Files whose bytes would not change are never staged. A path added
    twice keeps its first place and its last content, as in a dict. :meth:`commit`
    is all or nothing too: when replacing one file fails, those already replaced are
    put back.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, str | None] = {}
        self._created: list[Path] = []

    def add(self, path: Path, text: str) -> None:
        """Stage ``text`` (UTF-8) for ``path`` unless the file already holds exactly those bytes."""
        self.add_bytes(path, text.encode("utf-8"))

    def add_bytes(self, path: Path, data: bytes) -> None:
        """Stage ``data`` for ``path`` unless the file already holds exactly those bytes."""
        _refuse_unwritable_kind(path)
        remove_stale_temporaries(path)
        previous = self._staged.get(path)
        if previous is not None:
            _discard(previous)
        if _unchanged(path, data):
            self._staged[path] = None
            return
        missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _write_error(path, error) from None
        finally:
            self._created.extend(folder for folder in missing if folder.exists())
        self._staged[path] = _stage(path, data)

    def commit(self) -> list[Path]:
        """Replace every changed file, in the order first added; return them. On failure none is replaced."""
        pending = [(path, tmp_name) for path, tmp_name in self._staged.items() if tmp_name is not None]
        kept: dict[Path, Path | None] = {}
        replaced: list[Path] = []
        try:
            for path, _ in pending:
                kept[path] = _keep_old(path)
            for path, tmp_name in pending:
                try:
                    os.replace(tmp_name, path)
                except OSError as error:
                    raise _write_error(path, error) from None
                replaced.append(path)
        except BaseException:
            self._put_back(replaced, kept)
            raise
        finally:
            for keep in kept.values():
                if keep is not None:
                    _discard(keep)
        for folder in dict.fromkeys(path.parent for path in replaced):
            _fsync_directory(folder)
        for path in replaced:
            self._staged[path] = None
        self._created.clear()
        return replaced

    def _put_back(self, replaced: list[Path], kept: dict[Path, Path | None]) -> None:
        """Undo the replacements of a failed commit: old files back from their second names, new ones removed."""
        failed: list[Path] = []
        for path in reversed(replaced):
            keep = kept.get(path)
            try:
                if keep is None:
                    os.unlink(path)
                else:
                    os.replace(keep, path)
                    kept[path] = None
            except OSError:
                failed.append(path)
        if failed:  # pragma: no cover - the disk failed twice in a row
            names = ", ".join(str(path) for path in failed)
            raise RoadmapError(
                f"a write failed and these files could not be put back as they were: {names}",
                path=failed[0],
                hint="restore them with `git checkout -- FILE`, then run the command again",
            )

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
