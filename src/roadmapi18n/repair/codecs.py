"""The single-byte encodings that UTF-8 text gets misread as, and what each one loses.

Mojibake happens when UTF-8 bytes are decoded with a single-byte code page.
Each :class:`ByteCodec` knows the character every byte became, and which bytes
could not survive: bytes the code page leaves undefined (a strict decoder drops
them or turns them into U+FFFD) and the soft hyphen 0xAD, which renderers and
scrapers strip because it is invisible. Undefined bytes that a lenient decoder
kept as C1 control characters (U+0080-U+009F) are mapped back too, like ftfy's
"sloppy" codecs, so Latin-1 with C1 controls is covered by every Windows code page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["BREAK", "CODECS", "WILDCARD_CHAR", "ByteCodec", "char_class", "codec_by_name"]

SOFT_HYPHEN = 0xAD
WILDCARD_CHAR = "\u0100"
"""What :attr:`ByteCodec.byte_map` makes of U+FFFD: a stand-in for one unknown byte (not Latin-1, so never a byte)."""
BREAK = "\u0101"
"""What :attr:`ByteCodec.byte_map` makes of a Latin-1 character the code page does not produce (ends an island)."""


@dataclass(frozen=True, slots=True)
class ByteCodec:
    """One single-byte code page, seen as a map between characters and the bytes they stood for."""

    name: str
    """Python codec name, used in plans (``"cp1254"``)."""
    label: str
    """Human name used in reports (``"windows-1254"``)."""
    undefined: frozenset[int]
    """Bytes 0x80-0xFF this code page does not define."""
    encode_map: dict[str, int] = field(repr=False, compare=False)
    """Character -> byte for every non-ASCII character the code page (or a sloppy decoder) produces."""
    byte_map: dict[int, str] = field(repr=False, compare=False)
    """A ``str.translate`` table that spells a text as the bytes this page made of it, one character per byte.

    Every character the page produces becomes ``chr(byte)``; U+FFFD becomes
    :data:`WILDCARD_CHAR`; a Latin-1 character the page never produces becomes
    :data:`BREAK` (so does a real U+0100); ASCII and everything else stay as they are. The result has
    the same length as the text (offsets carry over), and it encodes as Latin-1
    exactly when every non-ASCII character came from this page — so
    ``text.translate(byte_map).encode("latin-1").decode("utf-8")`` undoes a
    whole line of mojibake in three C calls.
    """
    pair: re.Pattern[str] = field(repr=False, compare=False)
    """Matches a UTF-8 lead byte followed by a continuation byte, as this page shows them (the mojibake shape)."""
    short_pair: re.Pattern[str] = field(repr=False, compare=False)
    """:attr:`pair` for a lead byte of a 2-byte character (0xC2-0xDF) only."""
    encoding_map: Any = field(repr=False, compare=False)
    """The C charmap encoder's table for this page, sloppy C1 controls included (see :meth:`spell`)."""

    def spell(self, text: str) -> bytes:
        """The bytes this page made of ``text``, one per character; ``?`` for a character it never produces.

        The C charmap encoder does it at tens of megabytes a second (``str.translate``
        manages a few); a U+FFFD also becomes ``?``, so callers that care about it
        use :attr:`byte_map` for such text.

        >>> codec_by_name("mac_roman").spell("Kh√°c ∂ 資")
        b'Kh\\xc3\\xa1c \\xb6 ?'
        """
        return codecs.charmap_encode(text, "replace", self.encoding_map)[0]

    def decode_spelled(self, text: str) -> str:
        """``text`` as this page's bytes decoded as UTF-8; UnicodeError if a character is not the page's or not UTF-8.

        >>> codec_by_name("mac_roman").decode_spelled("M√¥ h√¨nh")
        'Mô hình'
        """
        data: bytes = codecs.charmap_encode(text, "strict", self.encoding_map)[0]
        return data.decode("utf-8")

    @property
    def droppable(self) -> frozenset[int]:
        """Bytes that may have vanished: undefined ones, plus the soft hyphen if this page has one."""
        extra = {SOFT_HYPHEN} if self.encode_map.get("\xad") == SOFT_HYPHEN else set()
        return self.undefined | extra

    def encode_char(self, char: str) -> int | None:
        """The byte ``char`` came from, or None if this code page never produces it.

        >>> codec_by_name("mac_roman").encode_char("√")
        195
        """
        return self.encode_map.get(char)

    def decode_byte(self, byte: int) -> str | None:
        """The character this code page shows for ``byte`` (None where undefined).

        >>> codec_by_name("cp1254").decode_byte(0xF0)
        'ğ'
        """
        if byte < 0x80:
            return chr(byte)
        if byte in self.undefined:
            return None
        return bytes([byte]).decode(self.name)


def char_class(chars: set[str]) -> str:
    """A regular-expression character class matching exactly ``chars``."""
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def _build(name: str, label: str) -> ByteCodec:
    undefined: set[int] = set()
    encode_map: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(name)
        except UnicodeDecodeError:
            undefined.add(byte)
            # A lenient decoder keeps an undefined byte as the C1 control of the same number.
            if byte < 0xA0:
                encode_map[chr(byte)] = byte
            continue
        encode_map[char] = byte
    # U+0100 is the wildcard's stand-in: a real U+0100 (no page here produces it) must not pass for one.
    byte_map = {code: BREAK for code in range(0x80, 0x101)}
    byte_map.update({ord(char): chr(byte) for char, byte in encode_map.items()})
    byte_map[0xFFFD] = WILDCARD_CHAR
    leads = {char for char, byte in encode_map.items() if 0xC2 <= byte <= 0xF4}
    continuations = {char for char, byte in encode_map.items() if 0x80 <= byte <= 0xBF}
    # U+FFFE marks a byte no character stands for (an undefined byte above the C1 range).
    table = "".join(chr(byte) for byte in range(0x80))
    by_byte = {byte: char for char, byte in encode_map.items()}
    table += "".join(by_byte.get(byte, "\ufffe") for byte in range(0x80, 0x100))
    return ByteCodec(
        name=name,
        label=label,
        undefined=frozenset(undefined),
        encode_map=encode_map,
        byte_map=byte_map,
        pair=re.compile(char_class(leads) + char_class(continuations)),
        short_pair=re.compile(
            char_class({char for char in leads if encode_map[char] <= 0xDF}) + char_class(continuations)
        ),
        encoding_map=codecs.charmap_build(table),
    )


# Priority order: on equal evidence the earlier code page wins (the commoner mistake first).
_SPECS: tuple[tuple[str, str], ...] = (
    ("cp1252", "windows-1252"),
    ("latin-1", "latin-1"),
    ("cp1254", "windows-1254"),
    ("mac_roman", "mac_roman"),
    ("cp1250", "windows-1250"),
    ("cp1251", "windows-1251"),
    ("iso-8859-2", "iso-8859-2"),
    ("iso-8859-15", "iso-8859-15"),
)


@cache
def _all_codecs() -> tuple[ByteCodec, ...]:
    return tuple(_build(name, label) for name, label in _SPECS)


CODECS: tuple[ByteCodec, ...] = _all_codecs()


def codec_by_name(name: str) -> ByteCodec:
    """The codec called ``name`` (Python name or label).

    >>> codec_by_name("windows-1254").name
    'cp1254'
    """
    for codec in CODECS:
        if name in (codec.name, codec.label):
            return codec
    raise KeyError(name)
