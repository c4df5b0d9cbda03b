"""Regenerate tests/data/repair/*.txt: clean zh_Hant and vi sentences from installed packages.

The repair tests break clean text the way the seeds were broken and measure how
much comes back, so they need clean text with no copy of the seeds in it. This
script collects it from translations that ship inside packages (Django's and
Sphinx's gettext catalogs, BSD-licensed) and from CLDR via babel, and splits it
into a development set (used to tune the language model) and a held-out set
(used only to report accuracy), by a hash of each line so the split is stable.

Run once with Django and Sphinx installed (``pip install django sphinx``); the
output is committed, and the tests never need those packages.
"""

from __future__ import annotations

import hashlib
import re
import sys
from importlib.util import find_spec
from pathlib import Path

import polib
from babel import Locale

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "repair"
_HAN = re.compile(r"[\u3400-\u9fff]")
_VI = re.compile(r"[ăâđêôơưạ-ỹ]", re.IGNORECASE)


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        sys.exit(f"install {name} first")
    return Path(spec.origin).parent


def _po_lines(pattern_dirs: list[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    for package, glob in pattern_dirs:
        for path in sorted(_package_dir(package).glob(glob)):
            for entry in polib.pofile(str(path)):
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
                for text in texts:
                    lines.extend(part.strip() for part in text.splitlines() if part.strip())
    return lines


def _cldr_lines(code: str) -> list[str]:
    locale = Locale.parse(code)
    out: list[str] = []
    for mapping in (locale.languages, locale.territories, locale.scripts, locale.currencies):
        out.extend(str(value) for value in mapping.values())
    for width in ("wide", "abbreviated"):
        out.extend(locale.months["format"][width].values())
        out.extend(locale.days["format"][width].values())
    return out


def _split(lines: list[str], keep: re.Pattern[str]) -> tuple[list[str], list[str]]:
    seen: set[str] = set()
    dev: list[str] = []
    held: list[str] = []
    for line in lines:
        if line in seen or not keep.search(line):
            continue
        seen.add(line)
        digest = hashlib.sha256(line.encode("utf-8")).digest()[0]
        (held if digest % 2 else dev).append(line)
    return dev, held


def main() -> None:
    """Write the development and held-out files for zh_Hant and vi."""
    OUT.mkdir(parents=True, exist_ok=True)
    zh = _po_lines([("sphinx", "locale/zh_TW/LC_MESSAGES/*.po"), ("django", "**/locale/zh_Hant/LC_MESSAGES/*.po")])
    vi = _po_lines([("sphinx", "locale/vi/LC_MESSAGES/*.po"), ("django", "**/locale/vi/LC_MESSAGES/*.po")])
    for code, lines, keep in (("zh_Hant", zh + _cldr_lines("zh_Hant"), _HAN), ("vi", vi + _cldr_lines("vi"), _VI)):
        dev, held = _split(lines, keep)
        (OUT / f"{code}.dev.txt").write_text("\n".join(dev) + "\n", encoding="utf-8")
        (OUT / f"{code}.heldout.txt").write_text("\n".join(held) + "\n", encoding="utf-8")
        print(code, len(dev), len(held))


if __name__ == "__main__":
    main()
