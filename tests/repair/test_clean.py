"""Never harm clean text: byte-identical output for correct text, idempotence, and property tests."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmapi18n.repair import apply_plan, find_mojibake, repair_text
from roadmapi18n.repair.codecs import CODECS
from roadmapi18n.repair.simulate import misread

from .conftest import lines, read

CLEAN_SAMPLES = {
    "vietnamese-nfc": "Tiếng Việt: Mô hình ngôn ngữ lớn được chia thành 02 phần, Đường đi.",
    "vietnamese-nfd": unicodedata.normalize("NFD", "Tiếng Việt: Mô hình ngôn ngữ lớn, Đường đi."),
    "traditional-chinese-fullwidth": "此 LLM 課程心得分成三個部分：「基礎」、『工程』（應用）！？",
    "curly-quotes": "“Smart” quotes, ‘single’ ones, apostrophes’ and — dashes… “naïve café”",
    "ligatures": "ﬁnance ﬂow ﬀ ﬃ ﬄ Æsir œuvre",
    "emoji-zwj-and-vs16": "🧑‍🔬 👩‍👩‍👧 🏳️‍🌈 🗣️ ❤️ 1️⃣ 👍🏽 🇻🇳",
    "german-guillemets": "»Die Straße« und „Zitat“ — Maß«nahmen» ß«",
    "french-spanish": "« élève » ¿Qué? ¡Olé! «Él» L’été à Noël, ça coûte 3 €",
    "html-entities": '&amp; &lt;b&gt; &#x27; <a href="x">ok</a>',
    "control-and-bidi": "tab\there, bidi \u200e\u200f mark, soft\u00adhyphen, nbsp\u00a0here",
    "mac-symbols-in-math": "√2 ≈ 1.414, ∑ x ≤ ∞, π ≠ 3, ∂f/∂x, Ω",
    "fullwidth-latin": "ＡＢＣ１２３ half ｶﾀｶﾅ",
}


@pytest.mark.parametrize("name", sorted(CLEAN_SAMPLES), ids=str)
def test_clean_sample_is_byte_identical(name: str) -> None:
    text = CLEAN_SAMPLES[name]
    result = repair_text(text)
    assert result.text.encode("utf-8") == text.encode("utf-8")
    assert result.plan == ()
    assert find_mojibake(text) == []


@pytest.mark.parametrize(
    "name",
    ["seed000.vi.expected.txt", "../seeds/en_course_scraped.txt", "zh_Hant.heldout.txt", "vi.heldout.txt"],
    ids=str,
)
def test_clean_documents_are_byte_identical(name: str) -> None:
    text = read(name)
    assert repair_text(text).text == text
    assert repair_text(text, locale="zh_Hant").text == text


def test_all_clean_samples_together() -> None:
    text = "\n".join(CLEAN_SAMPLES.values())
    assert repair_text(text).text == text


@pytest.mark.slow
def test_repair_is_idempotent_on_repaired_seed() -> None:
    once = repair_text(read("../seeds/zh_hant_cp1254_lossy.txt"), locale="zh_Hant").text
    assert repair_text(once, locale="zh_Hant").text == once


# --- property tests -------------------------------------------------------------------------

_ALPHABET_CHARS = sorted({char for codec in CODECS for char in codec.encode_map})


def _mojibake_shaped(text: str) -> bool:
    """An oracle independent of the engine: does some run of code-page characters spell a UTF-8 character?

    Re-encode every run of non-ASCII characters that one code page can produce and see whether
    the bytes hold a complete multi-byte UTF-8 sequence. Text without that shape cannot be
    lossless mojibake; text with it is excluded from the "must not change" property (it is
    exactly what the engine is meant to change).
    """
    for codec in CODECS:
        run: list[int] = []
        for char in text + "\x00":
            byte = codec.encode_map.get(char)
            if byte is not None:
                run.append(byte)
                continue
            data = bytes(run)
            for start in range(len(data)):
                for size in (2, 3, 4):
                    try:
                        data[start : start + size].decode("utf-8")
                    except UnicodeDecodeError:
                        continue
                    if len(data[start : start + size]) == size:
                        return True
            run = []
    return False


# Real-language building blocks: what translations and READMEs are made of.
_WORDS = st.sampled_from(
    [
        "LLM",
        "課程",
        "模型",
        "「基礎」",
        "，",
        "。",
        "：",
        "（應用）",
        "資料",
        "中",
        "不",
        "Tiếng",
        "Việt",
        "người",
        "được",
        "Đường",
        "khác",
        "ngữ",
        "lớn",
        "café",
        "naïve",
        "“quoted”",
        "‘x’",
        "—",
        "…",
        "ﬁ",
        "🧑‍🔬",
        "🗣️",
        "❤️",
        "👍🏽",
        "🇻🇳",
        "1️⃣",
        "Straße",
        "élève",
        "über",
        "ñ",
        "√2",
        "≈",
        "π",
        "€",
        "©",
        "®",
        "™",
        "°C",
        "±",
        "**bold**",
        "[link](https://x.y)",
        "`code`",
        "| a | b |",
        "#",
        "-",
        "1.",
        " ",
        "\n",
        "\t",
    ]
)
CLEAN_TEXT = st.lists(_WORDS, max_size=40).map(" ".join)
RANDOM_TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)), st.sampled_from(_ALPHABET_CHARS)),
    max_size=60,
)
# "Clean" also means no C1 control characters (U+0080-U+009F): no language writes them; they only
# ever appear when bytes were decoded as Latin-1, i.e. in mojibake. Other controls stay in.
CLEAN_RANDOM_TEXT = RANDOM_TEXT.filter(lambda text: not any("\x80" <= char <= "\x9f" for char in text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CLEAN_TEXT)
def test_property_real_language_text_is_unchanged(text: str) -> None:
    assert repair_text(text).text == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(CLEAN_RANDOM_TEXT.filter(lambda text: not _mojibake_shaped(text)))
def test_property_text_without_mojibake_shape_is_unchanged(text: str) -> None:
    assert repair_text(text).text == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RANDOM_TEXT)
def test_property_repair_is_idempotent_and_replayable(text: str) -> None:
    first = repair_text(text)
    assert apply_plan(text, first.plan) == first.text
    assert repair_text(first.text).text == first.text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    CLEAN_TEXT.filter(lambda text: any(not char.isascii() for char in text)), st.sampled_from(["mac_roman", "cp1252"])
)
def test_property_lossless_mojibake_of_clean_text_comes_back(text: str, encoding: str) -> None:
    # A few lines of context, as in any real document, so there is evidence to act on.
    clean = text + "\n" + "\n".join(lines("vi.heldout.txt")[:20])
    broken = misread(clean, encoding, undefined="c1")
    result = repair_text(broken)
    assert result.text == clean
    assert apply_plan(broken, result.plan) == clean
