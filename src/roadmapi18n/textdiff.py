"""Unified diffs that ``patch`` and ``git apply`` accept, whatever characters the text holds."""

from __future__ import annotations

import difflib
import re

_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def patch_lines(text: str) -> list[str]:
    """The lines of ``text`` as ``patch`` sees them, ends kept: cut after each line feed only.

    ``str.splitlines`` also cuts at U+0085, U+2028, form feeds and other characters mojibake is full of.

    >>> patch_lines("a\\x85b\\nc")
    ['a\\x85b\\n', 'c']
    """
    return _LINE.findall(text)


def unified_diff(before: str, after: str, fromfile: str, tofile: str, *, context: int = 3) -> str:
    """``diff -u`` of two texts ("" if equal), with ``\\ No newline at end of file`` where it applies.

    >>> print(unified_diff("a\\nb", "a\\nc", "x", "x"), end="")
    --- x
    +++ x
    @@ -1,2 +1,2 @@
     a
    -b
    \\ No newline at end of file
    +c
    \\ No newline at end of file
    """
    lines = difflib.unified_diff(patch_lines(before), patch_lines(after), fromfile, tofile, n=context)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
