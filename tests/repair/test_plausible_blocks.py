"""Characters of the blocks real READMEs and real scripts use come back from every common misreading.

A decoded character outside :data:`~roadmapi18n.repair.detect._PLAUSIBLE_RANGES` is never repaired: the
course's own header (𝕏) stayed garbled while the report said "lossless", and Burmese or Khmer text was
"repaired" into another garble under a worse code page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmapi18n.repair import apply_plan, repair_text
from roadmapi18n.repair.simulate import misread

REPOSITORY = Path(__file__).resolve().parents[2]

MISREADINGS = {
    "mac_roman": lambda text: misread(text, "mac_roman"),
    "latin-1": lambda text: misread(text, "latin-1"),
    "windows-1252": lambda text: misread(text, "cp1252", undefined="c1"),
}

README_LINES = {
    "math-double-struck": "𝕏 Theo dõi tôi trên X",
    "math-bold": "𝐁𝐨𝐥𝐝 là chữ đậm",
    "supplemental-arrow": "Dữ liệu ⟶ mô hình",
    "angle-brackets": "Ký hiệu ⟨x, y⟩ trong toán",
    "braille": "Tiến trình ⣾⣽⣻ đang chạy",
    "control-picture": "Dấu cách ␣ hiện rõ",
    "supplemental-punctuation": "Gạch dài ⸺ và ⸻",
    "legacy-computing": "Khối 🯰🯱 cũ",
    "box-drawing": "┌─┐ bảng │ └─┘",
    "cjk-extension-h": "Chữ 𱍐 hiếm",
}


@pytest.mark.parametrize("misreading", sorted(MISREADINGS), ids=str)
@pytest.mark.parametrize("name", sorted(README_LINES), ids=str)
def test_readme_symbols_come_back(name: str, misreading: str) -> None:
    clean = README_LINES[name]
    broken = MISREADINGS[misreading](clean)
    assert broken != clean
    result = repair_text(broken)
    assert result.text == clean
    assert apply_plan(broken, result.plan) == clean


SCRIPTS = {
    "my": "မင်္ဂလာပါ ဒါက စမ်းသပ်မှုပါ",
    "km": "សួស្តី នេះជាការសាកល្បង",
    "ka": "გამარჯობა, ეს არის ტესტი",
    "am": "ሰላም፣ ይህ ሙከራ ነው",
    "lo": "ສະບາຍດີ ນີ້ແມ່ນການທົດສອບ",
    # Two-byte characters only, so every piece of evidence is weak: lines that decode whole counted as no
    # coverage, and Russian misread as Mac Roman was left as it was (or put under a worse page).
    "ru": "Большие языковые модели\nКурс разделён на три части: основы, учёный и инженер.",
    "el": "Μεγάλα γλωσσικά μοντέλα\nΤο μάθημα χωρίζεται σε τρία μέρη.",
    "he": "מודלי שפה גדולים\nהקורס מחולק לשלושה חלקים.",
    "ar": "نماذج اللغة الكبيرة\nتنقسم الدورة إلى ثلاثة أجزاء.",
}


@pytest.mark.parametrize("misreading", sorted(MISREADINGS), ids=str)
@pytest.mark.parametrize("locale", sorted(SCRIPTS), ids=str)
def test_real_scripts_come_back_not_another_garble(locale: str, misreading: str) -> None:
    clean = SCRIPTS[locale]
    broken = MISREADINGS[misreading](clean)
    for given in (locale, None):
        result = repair_text(broken, locale=given)
        assert result.text == clean
        assert [finding.kind for finding in result.lines] == ["lossless"] * clean.count("\n") + ["lossless"]


def test_the_vietnamese_readme_read_as_mac_roman_comes_back_whole() -> None:
    clean = (REPOSITORY / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert "𝕏" in clean
    assert repair_text(misread(clean, "mac_roman"), locale="vi").text == clean
