"""Is a legacy passage a translation, or English left in place? And does it still fit the current English?

Vietnamese is written in Latin letters, so "mostly ASCII" proves nothing
there: a passage counts as Vietnamese when enough of its words carry a letter
only Vietnamese uses (tone marks, đ, ơ, ư…). Chinese, Japanese and Korean
passages must hold CJK characters. Whatever the language, a passage the same
as (or very close to) the current English source is not a translation.
"""

from __future__ import annotations

import re

from roadmapi18n.importer.inline import (
    cjk_count,
    code_spans,
    is_name_like,
    latin_tokens,
    link_targets,
    name_keys,
    plain,
    vietnamese_share,
    words,
)
from roadmapi18n.importer.similarity import english_similarity, latin_words

_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
_ENGLISH_FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "from", "by", "is", "are", "be", "as"}
    | {"that", "this", "which", "it", "its", "you", "your", "can"}
)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[a-z]{2,}")
_RENDERINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "llm": ("語言模型", "语言模型"),
        "gpu": ("顯卡", "显卡"),
        "vram": ("顯存", "显存", "記憶體"),
        "nlp": ("自然語言處理", "自然语言处理"),
        "gnn": ("圖神經網路", "圖神經網絡", "图神经网络"),
        "ai": ("人工智慧", "人工智能"),
    },
    "vi": {
        "llm": ("mô hình ngôn ngữ lớn",),
        "nlp": ("xử lý ngôn ngữ tự nhiên",),
        "gnn": ("mạng nơ-ron đồ thị", "mạng nơron đồ thị"),
        "ai": ("trí tuệ nhân tạo",),
    },
}
"""Acronyms a translation may write out in words, by language: their presence is not a missing name."""
_CHINESE_DIGITS = "零一二三四五六七八九"
_LATIN_RUN = 3
"""A name may be written as up to this many Latin tokens (``CodeLlama`` as ``Code Llama``)."""
_SAME = 85.0
"""English similarity above which a passage is the English source, perhaps slightly reworded."""


def language(locale: str) -> str:
    """``zh_Hant`` → ``zh``; ``pt-BR`` → ``pt``."""
    return re.split(r"[_@.-]", locale, maxsplit=1)[0].lower()


def english_reason(text: str, source: str, locale: str) -> str | None:
    """Why ``text`` is not a translation into ``locale`` (None when it is one).

    For Vietnamese and CJK the script decides (a translation may quote its English
    gloss: ``高階視圖 High-level view`` is Chinese); other languages fall back on
    similarity to the English source and on common English words.

    >>> english_reason("Toán học cho học máy", "Mathematics for Machine Learning", "vi") is None
    True
    >>> english_reason("Evaluation", "Evaluation", "zh_Hant")
    'same as the English source'
    >>> english_reason("Fine-tune Llama 2 in Google Colab", "Fine-tune Llama 2 with QLoRA", "zh_Hant")
    'no Chinese, Japanese or Korean characters (75% similar to the English source)'
    """
    if " ".join(plain(text).casefold().split()) == " ".join(plain(source).casefold().split()):
        return "same as the English source"
    similarity = english_similarity(text, source, glosses=False)
    lang = language(locale)
    if lang in _CJK_LANGUAGES:
        reason = _cjk_reason(text)
    elif lang == "vi":
        reason = None if vietnamese_share(plain(text)) >= 0.1 else "no Vietnamese letters (tone marks, đ, ơ, ư…)"
    elif similarity >= _SAME:
        return f"{similarity:.0f}% similar to the English source"
    else:
        reason = _function_word_reason(text)
    if reason and similarity >= 50:
        reason += f" ({similarity:.0f}% similar to the English source)"
    return reason


def _cjk_reason(text: str) -> str | None:
    cjk = cjk_count(text)
    latin = len(latin_words(text))
    if cjk == 0:
        return "no Chinese, Japanese or Korean characters"
    if cjk / (cjk + latin) < 0.15:
        return f"mostly English ({latin} English words, {cjk} CJK characters)"
    return None


def _function_word_reason(text: str) -> str | None:
    found = [w.casefold() for w in words(plain(text))]
    share = sum(w in _ENGLISH_FUNCTION_WORDS for w in found) / len(found) if found else 0.0
    return "reads as English (common English words)" if len(found) >= 4 and share >= 0.2 else None


def doubts(text: str, source: str, locale: str, *, stale_signs: bool = True) -> list[str]:
    """Signs that the English changed since the legacy translation was made (each makes the entry fuzzy).

    Different link targets or code always count. Missing names and quoted English only hint that
    the English changed: with ``stale_signs=False`` (``source`` is known to be the very English the
    translation was made from, ``import --english``) they are the translator's choices, not doubts.

    >>> doubts("Dùng [LoRA](https://a.org) với PyTorch", "Use [LoRA](https://b.org) with PyTorch", "vi")
    ['link targets differ: the legacy text has https://a.org, the English has https://b.org']
    """
    found: list[str] = []
    mine, theirs = sorted(set(link_targets(text))), sorted(set(link_targets(source)))
    if mine != theirs:
        found.append(f"link targets differ: the legacy text has {_list(mine)}, the English has {_list(theirs)}")
    if sorted(set(code_spans(text))) != sorted(set(code_spans(source))):
        found.append("code spans differ from the English")
    if not stale_signs:
        return found
    found += _name_doubts(text, source, locale)
    quoted = _quoted_english(text, source, locale)
    if quoted:
        found.append(f"the English quoted in the translation ({quoted!r}) is not in the current English")
    return found


def _name_doubts(text: str, source: str, locale: str) -> list[str]:
    """Names of the English the translation lacks; numbers the translation has that the English lacks.

    A name counts as present when the translation has it in any case or split into words (``CodeLlama`` as
    ``Code Llama``), has its numbers in digits or Chinese numerals (``2h`` → ``2 小時``, ``Top 10`` → ``十大``),
    or has its usual rendering in the language (``LLM`` → ``大型語言模型``, ``NLP`` → ``自然語言處理``).
    Translators add acronyms as glosses, so only an added *number* counts the other way.

    >>> _name_doubts("OWASP LLM十大安全问题", "OWASP Top 10 for LLM", "zh_Hans")
    []
    >>> _name_doubts("在Google Colab中微调Llama 2", "Fine-tune Llama 2 with QLoRA", "zh_Hans")
    ['names in the English missing from the translation: qlora']
    """
    latin = [t.casefold() for t in latin_tokens(text)]
    tokens = set(latin) | name_keys(text) | _joined(latin)
    numbers = set(_DIGITS.findall(" ".join(tokens)))
    folded = plain(text).casefold()
    renderings = _RENDERINGS.get(language(locale), {})
    missing = sorted(
        key
        for key in name_keys(source)
        if key not in tokens
        and not (_DIGITS.search(key) and not _LETTERS.search(key) and _has_numbers(key, numbers, folded))
        and not any(word in folded for word in renderings.get(key, ()))
    )
    found = [f"names in the English missing from the translation: {', '.join(missing)}"] if missing else []
    added = sorted(set(_DIGITS.findall(" ".join(name_keys(text)))) - set(_DIGITS.findall(plain(source))))
    if added:
        found.append(f"numbers in the translation missing from the English: {', '.join(added)}")
    return found


_COUNT_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "both"}
    | {"hai", "ba", "bốn", "sáu", "bảy", "tám", "chín", "mười"}  # Vietnamese: "năm" (five) is also "year"
)
_COUNT_CHARACTERS = frozenset("一二三四五六七八九十两兩")


def names_a_count(text: str) -> bool:
    """Whether ``text`` says how many (a digit, a number word, a Chinese numeral).

    >>> names_a_count("The LLM course is divided into three parts:"), names_a_count("特别感谢：")
    (True, False)
    """
    visible = plain(text)
    if _DIGITS.search(visible) or any(ch in _COUNT_CHARACTERS for ch in visible):
        return True
    return any(word.casefold() in _COUNT_WORDS for word in words(visible))


def _joined(tokens: list[str]) -> set[str]:
    """Runs of consecutive Latin tokens written as one name (``Code Llama`` → ``codellama``)."""
    return {
        "".join(tokens[start : start + size])
        for size in range(2, _LATIN_RUN + 1)
        for start in range(len(tokens) - size + 1)
    }


def _has_numbers(key: str, numbers: set[str], folded: str) -> bool:
    """Whether the translation has every number of ``key``, in digits or in Chinese numerals (``10`` → 十).

    >>> _has_numbers("10", set(), "owasp llm十大安全问题")
    True
    """
    return all(n in numbers or any(form in folded for form in chinese_numerals(int(n))) for n in _DIGITS.findall(key))


def chinese_numerals(number: int) -> tuple[str, ...]:
    """How Chinese writes a small whole number (empty from 100 up, where digits are the norm).

    >>> chinese_numerals(2), chinese_numerals(10), chinese_numerals(24)
    (('二', '两', '兩'), ('十',), ('二十四',))
    """
    if not 0 < number < 100:
        return ()
    tens, ones = divmod(number, 10)
    if number == 2:
        return ("二", "两", "兩")
    written = (
        ("" if tens < 2 else _CHINESE_DIGITS[tens]) + ("十" if tens else "") + (_CHINESE_DIGITS[ones] if ones else "")
    )
    return (written,)


def _quoted_english(text: str, source: str, locale: str) -> str:
    """English words the translation carries that the current source lacks (a sign it was reworded)."""
    if language(locale) in _CJK_LANGUAGES:
        quoted = [w for w in latin_words(text) if not is_name_like(w) and len(w) >= 3]
    else:
        quoted = [w for part in _PARENTHESES.findall(plain(text)) if part.isascii() for w in words(part)]
        quoted = [w for w in quoted if not is_name_like(w) and len(w) >= 3]
    if len(quoted) < 3:
        return ""
    known = {w.casefold() for w in words(plain(source))}
    if sum(w.casefold() in known for w in quoted) / len(quoted) >= 0.5:
        return ""
    return " ".join(quoted)


def _list(urls: list[str]) -> str:
    return ", ".join(urls) if urls else "none"
