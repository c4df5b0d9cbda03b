"""Print GETTEXT_PLURAL_FORMS (src/roadmapi18n/po/plurals.py) as the installed ``msginit`` writes it.

Run after a GNU gettext upgrade: ``python scripts/gettext_plurals.py``, then paste the output into
plurals.py. Every language babel knows is offered to msginit; the ones it has a formula for are kept.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from babel.localedata import locale_identifiers

_TEMPLATE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def msginit_plural_forms(language: str, template: Path) -> str | None:
    """The Plural-Forms msginit writes for ``language``, or None when it has no formula."""
    done = subprocess.run(
        ["msginit", "--no-translator", "-l", language, "-i", str(template), "-o", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    unwrapped = done.stdout.replace('"\n"', "")
    found = re.search(r"Plural-Forms: (.*?)\\n", unwrapped)
    return found.group(1) if found and "INTEGER" not in found.group(1) else None


def main() -> None:
    languages = sorted({code.split("_")[0] for code in locale_identifiers()} | {"pt_BR"})
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "x.pot"
        template.write_text(_TEMPLATE, encoding="utf-8")
        for language in languages:
            forms = msginit_plural_forms(language, template)
            if forms is not None:
                print(f"    {language!r}: {forms!r},".replace("'", '"'))


if __name__ == "__main__":
    main()
