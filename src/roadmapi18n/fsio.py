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
import tempfile
from pathlib import Path

_TEMP_MIDDLE = r"[a-z0-9_]{8}"
"""The random part ``tempfile.mkstemp`` puts in a name (eight characters of its alphabet)."""


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) if unchanged.

    Temporary files a killed earlier write of ``path`` left behind are removed first.
    """
    remove_stale_temporaries(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(OSError):  # exotic file systems
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        # Includes KeyboardInterrupt: never leave the temporary file behind.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(path.parent)
    return True


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
