"""Compile a catalog to a GNU ``.mo`` file, byte for byte as ``msgfmt`` 0.21 writes it.

Hand-written on purpose: polib compiles an entry only when every plural form
is translated and treats ``msgctxt ""`` as no context, and babel regenerates
the header, so neither matches msgfmt. The format is small: a 28-byte header,
two tables of (length, offset) pairs sorted by original string, gettext's
hashpjw hash table, then the NUL-terminated strings.

Like msgfmt: fuzzy, obsolete and untranslated entries (first form empty) are
left out; the header entry is kept (fuzzy or not) without its POT-Creation-Date.
Where msgfmt writes no file at all (nothing to compile, not even a header) we
return a valid .mo with no strings. Limits: we always write little-endian, and never the "system-dependent string"
segments msgfmt adds for ``<PRIu64>``-style c-format directives.
"""

from __future__ import annotations

import struct

from roadmapi18n.po.model import Catalog, Message
from roadmapi18n.po.writer import render_header

MAGIC = 0x950412DE


def _is_prime(candidate: int) -> bool:
    # gettext's hash.c is_prime (it is only ever asked about odd numbers).
    divisor, square = 3, 9
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def _next_prime(seed: int) -> int:
    seed |= 1
    while not _is_prime(seed):
        seed += 2
    return seed


def _hash(key: bytes) -> int:
    """gettext's hashpjw over the key up to its first NUL (so plural keys hash by msgid)."""
    value = 0
    for byte in key.split(b"\0", 1)[0]:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value


def _compiled(message: Message) -> bool:
    return not message.obsolete and not message.fuzzy and message.has_translation


def _pair(message: Message) -> tuple[bytes, bytes]:
    key = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
    if message.msgid_plural is None:
        return key.encode("utf-8"), message.msgstr.encode("utf-8")
    return f"{key}\0{message.msgid_plural}".encode(), "\0".join(message.msgstr_plural).encode("utf-8")


def compile_mo(catalog: Catalog) -> bytes:
    """The GNU .mo bytes for ``catalog`` (fuzzy and untranslated entries left out, as msgfmt does)."""
    pairs = [_pair(message) for message in catalog.messages if _compiled(message)]
    if catalog.headers:  # an empty header is an untranslated entry: msgfmt leaves it out
        # msgfmt drops POT-Creation-Date so a .mo does not change when only the template date moved.
        fields = {name: value for name, value in catalog.headers.items() if name != "POT-Creation-Date"}
        pairs.append((b"", render_header(fields).encode("utf-8")))
    pairs.sort(key=lambda pair: pair[0])
    count = len(pairs)
    hash_size = max(_next_prime(count * 4 // 3), 3)
    originals_at = 28
    translations_at = originals_at + 8 * count
    hash_at = translations_at + 8 * count
    offset = hash_at + 4 * hash_size
    originals: list[int] = []
    for key, _ in pairs:
        originals += [len(key), offset]
        offset += len(key) + 1
    translations: list[int] = []
    for _, value in pairs:
        translations += [len(value), offset]
        offset += len(value) + 1
    table = [0] * hash_size
    for number, (key, _) in enumerate(pairs, start=1):
        hashed = _hash(key)
        index = hashed % hash_size
        if table[index]:
            step = 1 + hashed % (hash_size - 2)
            while table[index]:
                index = index - (hash_size - step) if index >= hash_size - step else index + step
        table[index] = number
    header = struct.pack("<7I", MAGIC, 0, count, originals_at, translations_at, hash_size, hash_at)
    body = struct.pack(f"<{4 * count + hash_size}I", *originals, *translations, *table)
    strings = b"".join(key + b"\0" for key, _ in pairs) + b"".join(value + b"\0" for _, value in pairs)
    return header + body + strings
