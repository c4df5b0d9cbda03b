"""Where two versions of a file differ, told in one line and a short excerpt.

Pure functions over bytes and strings, shared by the drift checks (the file on
disk against what ``build`` writes) and the pull-request check. A summary
shows the *differing part* of each line, with a little context, never just a
prefix (two long lines that differ at their end would otherwise read alike);
an excerpt marks only the lines that differ (``-`` found, ``+`` expected) and
shows the others as context (a leading space).
"""

from __future__ import annotations

from difflib import SequenceMatcher

_BOM = b"\xef\xbb\xbf"
_EXCERPT_WINDOW = 40
"""Lines compared after the first difference to find where the two versions meet again."""
_EXCERPT_CHANGED = 3
"""At most this many ``-`` lines and this many ``+`` lines in an excerpt."""
_CONTEXT = 24
"""Characters of unchanged text shown on each side of a difference within a line."""
_WORD = 12
"""How far the context may grow to begin or end at a space instead of inside a word."""


def first_difference(
    found: bytes, expected: bytes, *, skip: tuple[bytes, ...] = ()
) -> tuple[int, str, tuple[str, ...]]:
    """1-based line of the first difference, a one-line description and a short excerpt.

    Lines starting with one of ``skip`` are passed over unless nothing else differs.

    >>> first_difference(b"a\\nb\\nc\\n", b"a\\nB\\nc\\n")
    (2, "found 'b', build writes 'B'", ('@@ line 2 @@', ' a', '-b', '+B', ' c'))
    >>> first_difference(b"a\\r\\nb\\n", b"a\\nb\\n")[:2]
    (1, 'line endings differ (CRLF on disk, build writes LF)')
    >>> first_difference(b"a\\n", b"a\\nb\\n")[:2]
    (2, "line missing: build writes 'b'")
    """
    old, new = split_lines(found), split_lines(expected)
    number = _first_unequal(old, new, skip) or _first_unequal(old, new, ()) or max(len(old), 1)
    index = number - 1
    excerpt = diff_excerpt(old, new, index)
    if index >= len(old):
        return number, f"line missing: build writes {clip(new[index])!r}", excerpt
    if index >= len(new):
        return number, f"extra line {clip(old[index])!r} that build does not write", excerpt
    old_line, new_line = old[index], new[index]
    if number == 1 and old_line.startswith(_BOM) and old_line[len(_BOM) :] == new_line:
        return number, "the file starts with a byte-order mark; build writes none", excerpt
    if old_line.rstrip(b"\r") == new_line.rstrip(b"\r"):
        if old_line != new_line:
            return number, "line endings differ (CRLF on disk, build writes LF)", excerpt
        return number, "the end of the file differs (final newline or invisible bytes)", excerpt
    was, now = differing_parts(_text(old_line), _text(new_line))
    return number, f"found {was!r}, build writes {now!r}", excerpt


def split_lines(data: bytes) -> list[bytes]:
    """The lines of ``data`` without their ``\\n`` (a final newline makes no empty last line)."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


def _first_unequal(old: list[bytes], new: list[bytes], skip: tuple[bytes, ...]) -> int:
    """1-based number of the first differing line (0 if the lines are equal)."""
    for number, (a, b) in enumerate(zip(old, new, strict=False), 1):
        if a != b and not (skip and a.startswith(skip) and b.startswith(skip)):
            return number
    return min(len(old), len(new)) + 1 if len(old) != len(new) else 0


def _text(line: bytes) -> str:
    return line.decode("utf-8", errors="replace")


def clip(line: bytes | str, width: int = 80) -> str:
    """The line as text, cut to ``width`` characters with an ellipsis.

    >>> clip("x" * 100, 10)
    'xxxxxxxxx…'
    """
    text = _text(line) if isinstance(line, bytes) else line
    return text if len(text) <= width else text[: width - 1] + "…"


def differing_parts(old: str, new: str, *, context: int = _CONTEXT, width: int = 120) -> tuple[str, str]:
    """The part of each string that differs, with up to ``context`` unchanged characters around it.

    ``…`` marks text left out; a very long differing part keeps its start and end.

    >>> differing_parts("Free version using Mixtral-8x7B.", "Free version using Mixtral-8x22B.", context=8)
    ('…Mixtral-8x7B.', '…Mixtral-8x22B.')
    >>> differing_parts("same start " * 10 + "old", "same start " * 10 + "new")
    ('…start same start same start old', '…start same start same start new')
    >>> differing_parts("a" * 200 + "x", "a" * 200 + "y", context=3)
    ('…aaax', '…aaay')
    """
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    start = max(0, prefix - context)
    if start > 0:  # begin at a word if one starts a little earlier
        space = old.rfind(" ", max(0, start - _WORD), start + 1)
        start = space + 1 if space >= 0 else start
    return (
        _window(old, start, prefix, len(old) - suffix, context, width),
        _window(new, start, prefix, len(new) - suffix, context, width),
    )


def _window(text: str, start: int, change_start: int, change_end: int, context: int, width: int) -> str:
    end = min(len(text), change_end + context)
    if end < len(text):  # end with a word if one ends a little later
        space = text.find(" ", max(end - 1, change_end), end + _WORD)
        end = space if space >= 0 else end
    middle = text[change_start:change_end]
    if len(middle) > width:
        half = width // 2
        middle = middle[:half] + "…" + middle[-half:]
    head = ("…" if start > 0 else "") + text[start:change_start]
    tail = text[change_end:end] + ("…" if end < len(text) else "")
    return head + middle + tail


def diff_excerpt(old: list[bytes], new: list[bytes], index: int) -> tuple[str, ...]:
    """``@@ line N @@``, then the first block of differing lines from ``index`` on, with one line of context.

    Unchanged lines are shown once, with a leading space; a changed line pair is
    cut around its difference, so a long line that differs at its end shows where.

    >>> diff_excerpt([b"a", b"b", b"c", b"d"], [b"a", b"b", b"X", b"d"], 2)
    ('@@ line 3 @@', ' b', '-c', '+X', ' d')
    >>> diff_excerpt([b"a", b"b"], [b"a", b"new", b"b"], 1)
    ('@@ line 2 @@', ' a', '+new', ' b')
    """
    before = [f" {clip(old[index - 1], 160)}"] if 0 < index <= len(old) else []
    a, b = old[index : index + _EXCERPT_WINDOW], new[index : index + _EXCERPT_WINDOW]
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            if lines:
                lines.append(f" {clip(a[i1], 160)}")
                break
            continue
        removed, added = a[i1:i2], b[j1:j2]
        lines.extend(_changed_lines(removed, added))
    return (f"@@ line {index + 1} @@", *before, *lines)


def _changed_lines(removed: list[bytes], added: list[bytes]) -> list[str]:
    """``-`` and ``+`` lines of one changed block; paired lines are cut around their difference."""
    shown_removed = [clip(line, 160) for line in removed[:_EXCERPT_CHANGED]]
    shown_added = [clip(line, 160) for line in added[:_EXCERPT_CHANGED]]
    for i in range(min(len(shown_removed), len(shown_added))):
        was, now = _text(removed[i]), _text(added[i])
        if len(was) > 160 or len(now) > 160:
            shown_removed[i], shown_added[i] = differing_parts(was, now, context=60, width=100)
    lines = [f"-{line}" for line in shown_removed]
    if len(removed) > _EXCERPT_CHANGED:
        lines.append(f"-… ({len(removed) - _EXCERPT_CHANGED} more lines)")
    lines += [f"+{line}" for line in shown_added]
    if len(added) > _EXCERPT_CHANGED:
        lines.append(f"+… ({len(added) - _EXCERPT_CHANGED} more lines)")
    return lines
