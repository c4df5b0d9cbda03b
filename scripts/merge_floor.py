#!/usr/bin/env python3
"""The floor under ``roadmapi18n merge``'s start-up: the least a Python merge can do, timed as a process.

    python scripts/merge_floor.py OLD.po NEW.pot OUT.po

Reads both catalogs with one regular expression (no unescaping, no checks, no
header handling), keeps each template entry's old ``msgstr`` where the msgid and
msgctxt match exactly (no fuzzy matching), and writes the entries back unwrapped.
It is not a merge anyone should use: it is what docs/performance.md compares with
msgmerge to show that Python's start-up plus the least reading and writing already
take about as long as msgmerge's whole run on a catalog of ~900 messages.
"""

import re
import sys

_STRING = r'"(?:[^"\\\n]|\\.)*"\n'
_ENTRY = re.compile(
    rf"((?:#[^\n]*\n)*)(?:msgctxt ({_STRING}(?:{_STRING})*))?msgid ({_STRING}(?:{_STRING})*)"
    rf"(?:msgid_plural [^\n]*\n(?:\"[^\n]*\n)*)?((?:msgstr[^\n]*\n(?:\"[^\n]*\n)*)+)"
)


def read(path: str) -> dict[tuple[str | None, str], re.Match[str]]:
    with open(path, encoding="utf-8") as file:
        return {(match[2], match[3]): match for match in _ENTRY.finditer(file.read())}


def main() -> None:
    old, template, output = sys.argv[1:4]
    translations = read(old)
    parts = []
    for key, entry in read(template).items():
        kept = translations.get(key)
        parts += [entry[1], f"msgctxt {key[0]}" if key[0] else "", f"msgid {key[1]}"]
        parts += [kept[4] if kept else entry[4], "\n"]
    with open(output, "w", encoding="utf-8") as file:
        file.write("".join(parts))


if __name__ == "__main__":
    main()
