"""Is every translation of an older catalog still somewhere in the newer one (confirmed, fuzzy or obsolete)?

Usage: ``python scripts/translations_kept.py OLD.po NEW.po`` — or with a git revision,
``python scripts/translations_kept.py REV locales/vi/LC_MESSAGES/roadmap.po`` compares the file as it was at
REV with the working tree. Prints where each of the old translations went; exits 1 if one was lost.
A translation whose link targets were rewritten (the English changed only there) counts as kept.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from roadmapi18n.catalog import parse_po, read_po
from roadmapi18n.sync.carry import lost_translations, without_targets


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    first, second = sys.argv[1], Path(sys.argv[2])
    if Path(first).is_file():
        old = read_po(Path(first))
    else:
        data = subprocess.run(["git", "show", f"{first}:{second}"], capture_output=True, check=True).stdout
        old = parse_po(data, path=Path(f"{first}:{second}"))
    new = read_po(second)
    where: dict[str, str] = {}
    for message in new.messages:
        if message.msgstr:
            state = "obsolete" if message.obsolete else "fuzzy" if message.fuzzy else "confirmed"
            where.setdefault(without_targets(message.msgstr), state)
    translated = [m for m in old.messages if m.msgstr]
    counts: dict[str, int] = {}
    for message in translated:
        state = where.get(without_targets(message.msgstr), "lost")
        counts[state] = counts.get(state, 0) + 1
    lost = lost_translations(old, new)
    shown = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    print(f"{len(translated)} translations in the old catalog: {shown}")
    for message in lost:
        print(f"lost: {message.msgctxt}: {message.msgstr}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
