"""Cross-script suggestions: Traditional and Simplified Chinese translate the same course.

Where a locale's catalog has no translation for a unit and the locale it suggests from
(``suggest_from`` in ``roadmapi18n.toml``) has a confirmed one for the same English, the
translation is offered converted with OpenCC — Taiwan phrases into ``zh_Hant``, mainland ones into
``zh_Hans`` (软件 ↔ 軟體, 信息 ↔ 資訊) — as a *fuzzy* entry with a comment saying where it came
from. Conversion is by phrase table, not by reading: a reviewer confirms each one (a wrong word
choice such as 指標 → 指针 is exactly what review is for). Nothing is ever confirmed here, and an
entry that holds any text (a translation, a fuzzy draft, an earlier suggestion) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Protocol

from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.errors import RoadmapError

SUGGESTED_FROM = "suggested from "
"""How a suggestion's translator comment starts (``stats`` counts the fuzzy entries that carry one)."""

_VARIANTS = {
    "zh_Hant": "tw",
    "zh_TW": "tw",
    "zh_Hant_TW": "tw",
    "zh_HK": "hk",
    "zh_Hant_HK": "hk",
    "zh_MO": "hk",
    "zh_Hant_MO": "hk",
    "zh_Hans": "cn",
    "zh_CN": "cn",
    "zh_Hans_CN": "cn",
    "zh_SG": "cn",
    "zh_Hans_SG": "cn",
}
"""Locale code → the written standard OpenCC converts to and from."""

_CONVERSIONS = {
    ("tw", "cn"): "tw2sp",
    ("hk", "cn"): "hk2s",
    ("cn", "tw"): "s2twp",
    ("cn", "hk"): "s2hk",
}
"""(from, to) → OpenCC configuration: Taiwan or Hong Kong Traditional ↔ mainland Simplified, with phrases."""


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


def conversion(source: str, target: str) -> str | None:
    """The OpenCC configuration that turns ``source``'s text into ``target``'s, None when there is none.

    >>> conversion("zh_Hant", "zh_Hans"), conversion("zh_Hans", "zh_Hant"), conversion("vi", "zh_Hans")
    ('tw2sp', 's2twp', None)
    """
    return _CONVERSIONS.get((_VARIANTS.get(source, ""), _VARIANTS.get(target, "")))


def check_pair(source: str, target: str) -> str:
    """:func:`conversion`, or a :class:`RoadmapError` saying which pairs are supported."""
    found = conversion(source, target)
    if found is None:
        raise RoadmapError(
            f"{target!r} cannot take suggestions from {source!r}: OpenCC converts between Chinese scripts only",
            hint="suggest_from pairs Traditional and Simplified Chinese: zh_Hant ↔ zh_Hans (or zh_TW, zh_HK, zh_CN)",
        )
    return found


@cache
def _converter(config: str) -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC(config)
    return converter


_KEPT = re.compile(
    r"\]\([^)]*\)"  # a link or image target: ](https://…)
    r"|`+[^`]*`+"  # a code span
    r"|<[^>]*>"  # an HTML tag or an autolink
    r"|\{[^{}]*\}"  # a placeholder
    r"|https?://[^\s)>\]]+"  # a bare URL
)
"""What a translation must keep as the English has it: converted, it would no longer be the same target or code."""


def convert(text: str, config: str) -> str:
    """``text`` converted with OpenCC's ``config``, except link targets, code, HTML tags and placeholders.

    >>> convert("軟體與資訊", "tw2sp"), convert("软件和信息", "s2twp")
    ('软件与信息', '軟體和資訊')
    >>> convert("見[文件](https://example.com/軟體)", "tw2sp")
    '见[文档](https://example.com/軟體)'
    """
    converter = _converter(config)
    pieces: list[str] = []
    start = 0
    for kept in _KEPT.finditer(text):
        pieces += [converter.convert(text[start : kept.start()]), kept.group()]
        start = kept.end()
    pieces.append(converter.convert(text[start:]))
    return "".join(pieces)


def suggest(catalog: Catalog, confirmed: Mapping[str, str], *, source: str, config: str) -> int:
    """Fill the empty live entries of ``catalog`` (in place) from ``source``'s confirmed translations.

    ``confirmed`` maps unit IDs to the translations ``source`` shows for the *current* English, so a
    suggestion is always a translation of the entry's own ``msgid``. Returns how many were added.
    """
    added = 0
    for message in catalog.messages:
        unit = message.msgctxt
        if unit is None or unit not in confirmed or not _empty(message):
            continue
        message.msgstr = convert(confirmed[unit], config)
        message.fuzzy = True
        message.translator_comments.append(
            f"{SUGGESTED_FROM}{source} by OpenCC ({config}): review it, then remove the fuzzy flag and this comment"
        )
        added += 1
    return added


def _empty(message: Message) -> bool:
    return not message.obsolete and not message.is_plural and not message.msgstr and not message.fuzzy


def is_suggestion(message: Message) -> bool:
    """A fuzzy live entry that holds a suggestion nobody has reviewed yet."""
    return (
        message.fuzzy
        and not message.obsolete
        and any(comment.startswith(SUGGESTED_FROM) for comment in message.translator_comments)
    )
