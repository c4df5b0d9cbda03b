"""Break clean text the way real mojibake happens, to build test cases with a known answer.

:func:`misread` encodes text as UTF-8, drops the bytes a code page cannot carry
(or keeps them as C1 controls, or turns them into U+FFFD), and decodes with
that code page — exactly how seed 002 was made, and how the tests make cases
from clean text. :func:`damaged_positions` says which characters lost bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from roadmapi18n.repair.codecs import codec_by_name

__all__ = ["damaged_positions", "misread"]

Undefined = Literal["drop", "c1", "replace"]


def misread(
    text: str, encoding: str, *, drop: Iterable[int] = (), undefined: Undefined = "drop", times: int = 1
) -> str:
    """``text`` as UTF-8 misread with ``encoding``; bytes in ``drop`` vanish first.

    Bytes the code page does not define are dropped, kept as C1 control
    characters (``"c1"``, a lenient decoder) or replaced with U+FFFD.

    >>> misread("Khác", "mac_roman")
    'Kh√°c'
    >>> misread("此", "cp1254", drop={0xAD})
    'æ¤'
    """
    codec = codec_by_name(encoding)
    dropped = set(drop)
    for _ in range(times):
        out: list[str] = []
        for byte in text.encode("utf-8"):
            if byte in dropped:
                continue
            char = codec.decode_byte(byte)
            if char is None:
                if undefined == "c1" and byte < 0xA0:
                    out.append(chr(byte))
                elif undefined == "replace":
                    out.append("\ufffd")
                continue
            out.append(char)
        text = "".join(out)
    return text


def damaged_positions(text: str, lost: Iterable[int]) -> list[int]:
    """Offsets of the characters of ``text`` whose UTF-8 bytes include a byte in ``lost``.

    >>> damaged_positions("此的", {0xAD})
    [0]
    """
    lost_set = set(lost)
    return [i for i, char in enumerate(text) if lost_set.intersection(char.encode("utf-8"))]
