"""Fuzz the detector with clean text of every locale the project knows: nothing may look like mojibake.

Clean text comes from CLDR (babel): the names of languages, territories,
scripts and currencies, months and days, as each locale writes them — real
words in every script and orthography CLDR covers, including the ones whose
letters are exactly what a code page shows for UTF-8 bytes (Czech ``zvlášť``
in Windows-1250, Ukrainian ``Він`` in Windows-1251, Ngiemboon ``cÿó`` in Mac
Roman). The default run covers the project's own locales and a spread of the
hard ones; the ``slow`` run covers all of CLDR's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from babel import Locale, localedata
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmapi18n.config import load_config
from roadmapi18n.repair import find_mojibake, repair_text

REPOSITORY = Path(__file__).resolve().parents[2]

PROJECT = sorted({load_config(REPOSITORY).source_locale, *(loc.code for loc in load_config(REPOSITORY).locales)})
"""The locales this repository is configured for (and its source language)."""

HARD = [
    "zh_Hans",  # the next locale of the roadmap
    "cs",  # Windows-1250's own letters: zvlášť is a complete 3-byte sequence there
    "pl",
    "sk",
    "hu",
    "uk",  # Windows-1251: Він, ВІЛ
    "ru",
    "az_Cyrl",
    "sr",
    "el",  # Windows-1253 (ftfy's)
    "tr",  # Windows-1254
    "fr",
    "de",
    "es",
    "pt",
    "is",
    "nnh",  # Mac Roman: cÿó is a complete 2-byte sequence there
    "ja",
    "ko",
    "ar",
    "he",
    "th",
    "hi",
    "am",
    "ka",
]
"""Locales whose clean text is most likely to look like mojibake, and some of every script."""


@cache
def cldr_lines(code: str) -> tuple[str, ...]:
    """Clean text in ``code``: CLDR's display names, months and days as that locale writes them."""
    locale = Locale.parse(code)
    lines: list[str] = []
    for mapping in (locale.languages, locale.territories, locale.scripts, locale.currencies):
        lines.extend(str(name) for name in mapping.values())
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for table in (locale.months, locale.days):
                lines.extend(str(name) for name in table.get(context, {}).get(width, {}).values())
    return tuple(dict.fromkeys(lines))


def _assert_clean(code: str, text: str) -> None:
    assert repair_text(text).text == text
    assert repair_text(text, locale=code).text == text
    assert find_mojibake(text) == []


@pytest.mark.parametrize("code", PROJECT + HARD, ids=str)
def test_cldr_text_of_a_locale_is_untouched(code: str) -> None:
    lines = cldr_lines(code)
    assert len(lines) > 30
    _assert_clean(code, "\n".join(lines))


@pytest.mark.slow
def test_cldr_text_of_every_locale_is_untouched() -> None:
    """All of CLDR: every locale babel knows, one document each, with and without the locale given."""
    changed: list[str] = []
    for code in localedata.locale_identifiers():
        text = "\n".join(cldr_lines(code))
        if repair_text(text).text != text or repair_text(text, locale=code).text != text or find_mojibake(text):
            changed.append(code)
    assert changed == []


def _words(code: str) -> list[str]:
    return sorted({word for line in cldr_lines(code) for word in line.split()})


@settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PROJECT + HARD).flatmap(lambda code: st.tuples(st.just(code), st.data())))
def test_property_random_sentences_of_a_locale_are_untouched(case: tuple[str, st.DataObject]) -> None:
    """Words of one locale in any order, glued by spaces, punctuation or nothing (word joints are where shapes form)."""
    code, data = case
    words = data.draw(st.lists(st.sampled_from(_words(code)), min_size=1, max_size=30))
    glue = data.draw(st.lists(st.sampled_from([" ", "", ", ", "…", "»", "\n", "。", " — "]), min_size=1, max_size=3))
    text = "".join(word + glue[index % len(glue)] for index, word in enumerate(words))
    _assert_clean(code, text)
