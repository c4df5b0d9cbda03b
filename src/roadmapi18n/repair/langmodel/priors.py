"""Costs for characters no word list covers: punctuation, emoji parts, format characters, symbols.

Costs are in nats (``-log p``), on the same scale as the word models, so a
cost of 4 means "about 1 in 55". The numbers are hand-set priors for how often
each kind of character turns up in running text, plus context rules that word
lists cannot express: a zero-width joiner belongs between two pictographs, a
variation selector after an emoji base, a closing bracket after its opener.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache

import regex

__all__ = ["IMPLAUSIBLE", "char_cost", "emoji_costs", "is_han", "is_pictographic", "pair_bonus"]

IMPLAUSIBLE = 40.0
"""Cost of a character that has no business in running text (controls, unassigned code points)."""

ZWJ = "\u200d"
VS16 = "\ufe0f"
VS15 = "\ufe0e"

_PICTO = regex.compile(r"\p{Extended_Pictographic}")
_EMOJI_COMPONENT = regex.compile(r"[\p{Emoji_Modifier}\u20e3\ufe0f]")

# CJK and full-width punctuation, roughly by how common it is in Chinese prose.
_CJK_PUNCT: dict[str, float] = {
    "，": 2.5,
    "。": 3.0,
    "、": 3.5,
    "：": 4.5,
    "；": 6.0,
    "！": 6.0,
    "？": 6.0,
    "「": 6.0,
    "」": 6.0,
    "（": 5.0,
    "）": 5.0,
    "『": 8.5,
    "』": 8.5,
    "【": 8.0,
    "】": 8.0,
    "《": 7.0,
    "》": 7.0,
    "〈": 9.0,
    "〉": 9.0,
    "…": 7.0,
    "—": 7.0,
    "～": 9.0,
    "・": 9.0,
    "／": 9.5,
    "－": 11.0,
    "．": 11.0,
    "＝": 11.0,
    "＞": 11.0,
    "＜": 11.0,
    "＋": 11.0,
    "〝": 14.0,
    "〞": 14.0,
}
_QUOTES: dict[str, float] = {"“": 6.0, "”": 6.0, "‘": 7.0, "’": 6.0, "„": 14.0, "‚": 15.0}
_PAIRS: dict[str, str] = {
    "「": "」",
    "『": "』",
    "【": "】",
    "（": "）",
    "《": "》",
    "〈": "〉",
    "“": "”",
    "‘": "’",
    "(": ")",
    "[": "]",
}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}


def is_han(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (any extension block).

    >>> is_han("此"), is_han("、")
    (True, False)
    """
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F


def is_pictographic(char: str) -> bool:
    """Whether ``char`` is an emoji-like pictograph (Extended_Pictographic).

    >>> is_pictographic("🧑"), is_pictographic("A")
    (True, False)
    """
    return bool(char) and _PICTO.match(char) is not None


def _emoji_base(char: str) -> bool:
    return is_pictographic(char) or char in "#*0123456789©®™"


def char_cost(char: str, before: str, after: str) -> float:
    """Cost of ``char`` appearing between the text ``before`` and ``after`` (context-aware).

    >>> char_cost("\\u200d", "🧑", "🔬") < char_cost("\\u2001", "🧑", "🔬")
    True
    """
    prev = before[-1:] if before else ""
    nxt = after[:1] if after else ""
    if char == ZWJ:
        prev_ok = is_pictographic(prev) or prev == VS16 or bool(prev and _EMOJI_COMPONENT.match(prev))
        return 1.0 if prev_ok and is_pictographic(nxt) else 30.0
    if char == VS16:
        return 0.5 if _emoji_base(prev) else 30.0
    if char == VS15:
        return 6.0 if _emoji_base(prev) else 30.0
    return _static_cost(char)


@lru_cache(maxsize=8192)
def _static_cost(char: str) -> float:
    if char in _CJK_PUNCT:
        return _CJK_PUNCT[char]
    if char in _QUOTES:
        return _QUOTES[char]
    code = ord(char)
    category = unicodedata.category(char)
    if category in ("Cc", "Co", "Cs"):
        return IMPLAUSIBLE
    if category == "Cn":
        # Unicode 15+ emoji are unknown to Python 3.11 but real; anything else unassigned is not.
        return 22.0 if 0x1F000 <= code <= 0x1FAFF else IMPLAUSIBLE
    if is_pictographic(char):
        return _emoji_cost(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return 30.0  # variation selectors other than the emoji ones
    if category == "Cf":
        return 24.0  # bidi marks and other invisible format characters
    if char == "\u2010":
        return 14.0
    if 0x2000 <= code <= 0x200A:
        return 20.0  # typographic spaces
    if 0x3300 <= code <= 0x33FF or 0x3200 <= code <= 0x32FF:
        return 24.0  # CJK compatibility squares and enclosed forms
    if 0xFF00 <= code <= 0xFFEF:
        return 14.0
    if 0x2E80 <= code <= 0x2FDF or 0x31C0 <= code <= 0x31EF:
        return 26.0  # radicals and strokes
    if category.startswith("M"):
        return 18.0
    if category.startswith(("P", "S")):
        return 18.0
    if category.startswith("L"):
        return 20.0
    return 20.0


def _emoji_cost(char: str) -> float:
    """How often people use this emoji: :func:`emoji_costs`' table, or wordfreq for a pictograph it lacks."""
    found = emoji_costs().get(char)
    return found if found is not None else _word_emoji_cost(char)


_EMOJI_FORMAT = 1
"""Bump when :func:`_word_emoji_cost` changes what it computes."""


@cache
def emoji_costs() -> dict[str, float]:
    """:func:`_word_emoji_cost` of every pictograph, cached on disk (empty when no cache can be kept).

    Pricing one emoji reads wordfreq's whole English list, a tenth of a
    second: in a lossy repair that is most of what the first damaged emoji
    costs. The table is read back in a millisecond.
    """
    import marshal
    from importlib.metadata import version
    from pathlib import Path

    from roadmapi18n.repair.langmodel.corpus import _writable, cache_dir, code_stamp, read_cache, write_cache

    base = cache_dir()
    if base is None:
        return {}
    # Keyed by this format, wordfreq's version, the Python (its Unicode tables and marshal format) and this file.
    path = base / f"emoji-costs-v{_EMOJI_FORMAT}-{version('wordfreq')}-{code_stamp(Path(__file__))}.marshal"
    loaded = read_cache(path)
    if loaded is not None:
        return loaded
    if not _writable(base):
        return {}  # building the table costs more than pricing the few emoji of one process
    # Extended_Pictographic ends below U+20000; _static_cost prices the Cn, Cc, Co and Cs ones before asking.
    every = "".join(map(chr, range(0x20000)))
    pictographs = [char for char in _PICTO.findall(every) if unicodedata.category(char) not in ("Cn", "Cc", "Co", "Cs")]
    table = {char: _word_emoji_cost(char) for char in pictographs}
    write_cache(path, marshal.dumps(table), "emoji-costs-*.marshal")
    return table


def _word_emoji_cost(char: str) -> float:
    """How often people use this emoji (wordfreq counts emoji in English social media text)."""
    import wordfreq

    frequency = wordfreq.word_frequency(char, "en")
    # Between 12 (common emoji) and 20 (never seen): above any CJK punctuation, below control characters.
    return min(20.0, max(12.0, -math.log(frequency))) if frequency > 0 else 20.0


PAIR_CONTEXT = 4096
"""How much of the line on each side of a guess :func:`pair_bonus` and :func:`char_cost` are shown.

README lines are far shorter, so nothing changes for them; a line of a megabyte (no
README has one) then costs linear time instead of a copy of the line per guess.
"""


def pair_bonus(char: str, before: str, after: str) -> float:
    """A negative cost when ``char`` closes a bracket opened in ``before`` or opens one closed in ``after``.

    >>> pair_bonus("」", "他說「好", "。")
    -4.0
    >>> pair_bonus("」", "列表", "項")
    3.0
    """
    opener = _CLOSERS.get(char)
    if opener is not None:
        # A closer with nothing to close is a strong sign the guess is wrong.
        return -4.0 if before.count(opener) > before.count(char) else 3.0
    closer = _PAIRS.get(char)
    if closer is not None:
        return -4.0 if after.count(closer) > after.count(char) else 0.0
    return 0.0
