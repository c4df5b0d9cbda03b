"""How alike two passages are, as English: rapidfuzz on the words a reader sees.

Used only where a legacy passage may still be (an older revision of) the
English text, and for the English a translator left in brackets
(``Lượng tử hóa (Quantization)``, ``監督微調 (Supervised Fine-Tuning)``).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from roadmapi18n.importer.inline import plain, words


def english_similarity(legacy: str, english: str, *, glosses: bool = True) -> float:
    """0-100: how close ``legacy`` (or, with ``glosses``, the English words inside it) is to ``english``.

    >>> english_similarity("Lượng tử hóa (Quantization)", "Quantization")
    100.0
    >>> english_similarity("Toán học cho học máy", "Mathematics for Machine Learning") < 50
    True
    """
    a, b = _fold(plain(legacy)), _fold(plain(english))
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b)
    latin = latin_words(legacy) if glosses else []
    if latin and len(" ".join(latin)) >= 4:
        score = max(score, fuzz.ratio(_fold(" ".join(latin)), b))
    return float(score)


def latin_words(text: str) -> list[str]:
    """The whole words of ``text`` written in plain ASCII letters (what a translation quotes in English)."""
    return [w for w in words(plain(text)) if w.isascii() and any(ch.isalpha() for ch in w)]


def _fold(text: str) -> str:
    return " ".join(text.lower().split())
