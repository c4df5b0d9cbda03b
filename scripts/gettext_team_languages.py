"""Print TEAM_LANGUAGES (src/roadmapi18n/po/team_languages.py) as the installed ``msgmerge`` reads it.

When a catalog has a Language-Team field but no Language field, msgmerge adds ``Language: CODE``,
CODE looked up from the team's English name in a table built into gettext. Nothing outside
gettext publishes that table (its names are gettext's own: "Norwegian Bokmal", "Chinese
(simplified)", "Austrian"), so this script asks msgmerge: every run of letters in the msgmerge
executable and the libraries it links that could be a name is offered as a team name, and the
code msgmerge writes back is kept. Run after a GNU gettext upgrade:
``python scripts/gettext_team_languages.py``, then paste the output into team_languages.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_CANDIDATE = re.compile(rb"[A-Z(][A-Za-z' ,()-]{1,40}(?=\0)")
_TEMPLATE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n'


def gettext_binaries() -> list[Path]:
    """msgmerge and the gettext libraries it loads (the table lives in one of them)."""
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        raise SystemExit("msgmerge is not installed (apt-get install gettext)")
    linked = subprocess.run(["ldd", msgmerge], capture_output=True, text=True, check=False).stdout
    libraries = re.findall(r"=> (\S*gettext\S*)", linked)
    return [Path(msgmerge), *map(Path, libraries)]


def language_msgmerge_adds(team: str, workdir: Path, number: int) -> str:
    """The Language msgmerge writes for ``Language-Team: TEAM <x@y>`` ("" when it knows no such name); ``number``
    names the catalog, one per thread."""
    catalog = workdir / f"{number}.po"
    catalog.write_text(
        f'msgid ""\nmsgstr ""\n"Language-Team: {team} <x@y>\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    merged = subprocess.run(
        ["msgmerge", "--quiet", str(catalog), str(workdir / "template.pot")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found = re.search(r'"Language: (.*)\\n"', merged)
    return found.group(1) if found else ""


def main() -> None:
    binaries = gettext_binaries()
    candidates = sorted({name.decode() for path in binaries for name in _CANDIDATE.findall(path.read_bytes())})
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        (workdir / "template.pot").write_text(_TEMPLATE, encoding="utf-8")
        with ThreadPoolExecutor(16) as pool:
            codes = pool.map(
                lambda numbered: language_msgmerge_adds(numbered[1], workdir, numbered[0]), enumerate(candidates)
            )
            for name, code in zip(candidates, codes, strict=True):
                if code:
                    print(f"    {name!r}: {code!r},".replace("'", '"'))


if __name__ == "__main__":
    main()
