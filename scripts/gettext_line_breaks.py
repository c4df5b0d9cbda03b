"""Write src/roadmapi18n/po/line_break_data.py: where GNU gettext may break a PO string, and how wide each character is.

gettext wraps strings with libunistring's line breaking (Unicode's UAX #14 with its own tailoring,
in libunistring 1.0: Unicode 14). Two inputs make that table:

* each character's line-break class, from ``uniseg`` (Unicode's LineBreak.txt; classes added after
  Unicode 14 are mapped back to the ones libunistring 1.0 knows, and characters Unicode 14 had not
  assigned get its defaults), with widths from :mod:`unicodedata` as libunistring's ``uc_width``
  computes them;
* the table of which class pairs may break, directly or only after spaces, which is asked of the
  installed ``msgcat``: for every pair of classes, a string whose line must overflow just after the
  pair shows where msgcat breaks it.

Run after a GNU gettext or libunistring upgrade (needs ``pip install uniseg`` and gettext):
``python scripts/gettext_line_breaks.py > src/roadmapi18n/po/line_break_data.py``.
``tests/test_po_wrap.py`` checks the result against msgcat on many strings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
import unicodedata
from pathlib import Path

# Classes libunistring 1.0 knows, in the order the generated table indexes them (OPW: an opening bracket
# that is East Asian wide). CM, ZWJ, SP and BK have rules of their own in roadmapi18n.po.wrap.
CLASSES = (
    "WJ",
    "ZW",
    "GL",
    "B2",
    "BA",
    "BB",
    "HY",
    "CB",
    "CL",
    "CP",
    "EX",
    "IN",
    "NS",
    "OP",
    "QU",
    "IS",
    "NU",
    "PO",
    "PR",
    "SY",
    "AI",
    "AL",
    "CJ",
    "EB",
    "EM",
    "H2",
    "H3",
    "HL",
    "ID",
    "JL",
    "JV",
    "JT",
    "RI",
    "SA",
    "XX",
    "OPW",
)
RULE_CLASSES = ("CM", "ZWJ", "SP", "BK")
# Unicode 15.1's classes for Brahmic scripts, as Unicode 14 classed those characters.
NEWER_CLASSES = {"AK": "AL", "AP": "AL", "AS": "AL", "VF": "CM", "VI": "CM"}
# Two characters of each class that are in the class in every Unicode version since 6 (and need no
# escape in a PO string, unlike '"' and '\\').
REPRESENTATIVES = {
    "WJ": "\u2060\ufeff", "ZW": "\u200b\u200b", "GL": "\xa0\u202f", "B2": "\u2014\u2014", "BA": "|\u2010",
    "BB": "\xb4\u02c8", "HY": "--", "CB": "\ufffc\ufffc", "CL": "}\u3001", "CP": ")]", "EX": "!?",
    "IN": "\u2026\u2025", "NS": "\u3005\u30fb", "OP": "([", "QU": "'\u201c", "IS": ",.", "NU": "09",
    "PO": "%\u2030", "PR": "$\u20ac", "SY": "//", "AI": "\xa7\u2460", "AL": "a#", "CJ": "\u3041\u30fc",
    "EB": "\u261d\U0001f466", "EM": "\U0001f3fb\U0001f3ff", "H2": "\uac00\uac1c", "H3": "\uac01\uac02",
    "HL": "\u05d0\u05d1", "ID": "\u4e00\u3042", "JL": "\u1100\u1101", "JV": "\u1160\u1161",
    "JT": "\u11a8\u11a9", "RI": "\U0001f1e6\U0001f1e7", "SA": "\u0e01\u0e02", "XX": "\ue000\U000f0000",
    "OPW": "\u300c\uff08",
}  # fmt: skip
# Where an unassigned code point defaults to ID (LineBreak.txt's @missing lines).
_ID_DEFAULTS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x1F000, 0x1FAFF), (0x1FC00, 0x1FFFD),
                (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))  # fmt: skip
_WIDTH = 77  # msgcat -w 79: 79 columns less the two quotes


def line_break_class(code: int, line_break: object) -> str:
    """The class libunistring 1.0 gives ``code``."""
    if 0xD800 <= code < 0xE000:
        return "XX"
    char = chr(code)
    if unicodedata.category(char) == "Cn":  # unassigned in this Python's Unicode (14 in Python 3.11)
        return "ID" if any(low <= code <= high for low, high in _ID_DEFAULTS) else "XX"
    name = str(line_break(char))  # type: ignore[operator]
    if name == "OP" and unicodedata.east_asian_width(char) in ("W", "F"):
        return "OPW"  # an East Asian opening bracket: a letter or digit may break before it (UAX #14's LB30)
    if name in ("LF", "CR", "NL"):
        return "BK"
    return NEWER_CLASSES.get(name, name)


def column_width(char: str) -> int:
    """libunistring's uc_width outside CJK encodings; control characters count 0 (gettext ignores them)."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or 0x1160 <= code < 0x1200:
        return 0
    if code == 0x200B:
        return 0
    if unicodedata.category(char) == "Cn":  # unassigned: wide only where CJK ideographs will go
        return 2 if any(low <= code <= high for low, high in _ID_DEFAULTS[:3] + _ID_DEFAULTS[5:]) else 1
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def ranges(values: list[object]) -> tuple[list[int], list[object]]:
    """Run-length form of a value per code point: the code points where the value changes, and the values."""
    starts: list[int] = []
    kept: list[object] = []
    for code, value in enumerate(values):
        if not kept or value != kept[-1]:
            starts.append(code)
            kept.append(value)
    return starts, kept


def msgcat_lines(strings: list[str], width: int = 79) -> list[list[str]]:
    """The quoted lines ``msgcat -w WIDTH`` writes for each string as a msgid."""
    escaped = [s.replace("\\", "\\\\").replace('"', '\\"') for s in strings]
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "probe.po"
        entries = "".join(f'msgctxt "{n}"\nmsgid "{text}"\nmsgstr ""\n\n' for n, text in enumerate(escaped))
        catalog.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n{entries}', "utf-8")
        written = subprocess.run(["msgcat", "-w", str(width), str(catalog)], capture_output=True, text=True, check=True)
    found: list[list[str]] = []
    for block in written.stdout.split("\n\n")[1:]:
        lines = block.split("\n")
        start = next(n for n, line in enumerate(lines) if line.startswith("msgid "))
        end = next(n for n, line in enumerate(lines) if line.startswith("msgstr "))
        found.append([line.partition('"')[2][:-1] for line in lines[start:end]])
    return found


def pair_table() -> dict[str, str]:
    """For each class, one letter per class that may follow it: D break, I break after spaces only, P never.

    Each probe puts the pair at the end of a full line, with the second character held to what follows
    by a word joiner: msgcat breaks between the two exactly when the pair allows it. A few line widths
    around the exact one absorb any width the probe misjudges.
    """
    probes: list[str] = []
    keys: list[tuple[str, str, bool, int]] = []
    for before in CLASSES:
        for after in CLASSES:
            for pick in range(2):
                for spaces in (False, True):
                    head = REPRESENTATIVES[before][pick] + (" " if spaces else "")
                    for slack in (-2, -1, 0, 1, 2):
                        fill = "a" * (_WIDTH - 2 - sum(map(column_width, head)) + slack)
                        probes.append(f"b {fill}{head}{REPRESENTATIVES[after][pick]}\u2060{'a' * 30}")
                        keys.append((before, after, spaces, len(f"b {fill}{head}")))
    seen: dict[tuple[str, str, bool], set[bool]] = {}
    for (before, after, spaces, head_length), lines in zip(keys, msgcat_lines(probes), strict=True):
        seen.setdefault((before, after, spaces), set()).add(len(lines) > 1 and len(lines[1]) == head_length)
    table: dict[str, str] = {}
    for before in CLASSES:
        row = ""
        for after in CLASSES:
            direct, spaced = any(seen[before, after, False]), any(seen[before, after, True])
            if direct and not spaced:
                raise SystemExit(f"{before} {after}: a break without spaces but none after them")
            row += "D" if direct else "I" if spaced else "P"
        table[before] = row
    return table


def _pair_probe(first: str, second: str, spaces: bool, widths: list[int]) -> tuple[str, int]:
    """A string whose first line msgcat ends between ``first`` and ``second`` exactly when it may break there,
    and the length that line has then."""
    head = first + (" " if spaces else "")
    fill = "a" * (_WIDTH - 2 - sum(widths[ord(char)] for char in head))
    return f"b {fill}{head}{second}\u2060{'a' * 30}", len(f"b {fill}{head}")


def _engine_with(module_text: str) -> object:
    """roadmapi18n.po.wrap as it would run with the data module ``module_text``."""
    import importlib
    import types

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    data = types.ModuleType("roadmapi18n.po.line_break_data")
    exec(module_text, data.__dict__)  # the module just generated, not the committed one
    sys.modules["roadmapi18n.po.line_break_data"] = data
    sys.modules.pop("roadmapi18n.po.wrap", None)
    return importlib.import_module("roadmapi18n.po.wrap")


# Contexts that tell most classes apart: the character after and before letters, ideographs, brackets...
CONTEXTS = (
    lambda c: "b " + "a" * 73 + c + "a" * 10,
    lambda c: "b " + "a" * 72 + "\u4e00" + c + "\u4e00" * 5,
    lambda c: "b " + "a" * 72 + c + " " + c + "z" * 10,
    lambda c: "b " + "a" * 72 + "!" + c + "z" * 5,
    lambda c: "b " + "a" * 72 + c + "(" + "z" * 5,
    lambda c: "b " + "a" * 72 + "-" + c + "z" * 5,
    lambda c: "b " + "a" * 72 + c + "\u3001" + "z" * 5,
)


def corrected_classes(classes: list[str], module_text: str, table: dict[str, str], widths: list[int]) -> list[str]:
    """``classes`` with the characters msgcat breaks otherwise (Unicode changed their class after 14) given
    the class that matches msgcat best, pair by pair against every class's representative."""
    engine = _engine_with(module_text)
    chars = [
        chr(code)
        for code in range(0x20000)
        if unicodedata.category(chr(code)) not in ("Cs", "Co", "Cc")
        and chr(code) not in '\\"'
        and classes[code] not in (*RULE_CLASSES, "ZW")
    ]
    probes = [context(char) for char in chars for context in CONTEXTS]
    found = msgcat_lines(probes)
    suspects = sorted(
        {
            char
            for number, char in enumerate(chars)
            for probe, lines in zip(
                probes[number * len(CONTEXTS) : (number + 1) * len(CONTEXTS)],
                found[number * len(CONTEXTS) : (number + 1) * len(CONTEXTS)],
                strict=True,
            )
            if [line.partition('"')[2][:-1] for line in engine.wrapped_string_lines("msgid", probe)] != lines  # type: ignore[attr-defined]
        }
    )
    pair_probes: list[tuple[str, int]] = []
    for char in suspects:
        for name in CLASSES:
            partner = REPRESENTATIVES[name][0]
            for spaces in (False, True):
                pair_probes.append(_pair_probe(partner, char, spaces, widths))
                pair_probes.append(_pair_probe(char, partner, spaces, widths))
    seen = iter(
        len(lines) > 1 and len(lines[1]) == length
        for (_, length), lines in zip(pair_probes, msgcat_lines([probe for probe, _ in pair_probes]), strict=True)
    )
    corrected = list(classes)
    for char in suspects:
        after_column: list[str] = []  # how each class's representative breaks before char
        before_row: list[str] = []  # how char breaks before each representative
        for _ in CLASSES:
            before_direct, after_direct, before_spaced, after_spaced = next(seen), next(seen), next(seen), next(seen)
            after_column.append("D" if before_direct else "I" if before_spaced else "P")
            before_row.append("D" if after_direct else "I" if after_spaced else "P")

        def agreement(name: str, column: list[str] = after_column, row: list[str] = before_row) -> int:
            index = CLASSES.index(name)
            same_row = sum(a == b for a, b in zip(table[name], row, strict=True))
            return same_row + sum(table[other][index] == mark for other, mark in zip(CLASSES, column, strict=True))

        best = max(CLASSES, key=lambda name: (agreement(name), name == classes[ord(char)]))
        if agreement(best) < 2 * len(CLASSES) and unicodedata.category(char) in ("Mn", "Mc", "Me"):
            best = "CM"  # no class behaves as it does: a combining mark (Unicode 15 made some of them GL)
        corrected[ord(char)] = best
        print(f"U+{ord(char):04X} {classes[ord(char)]} -> {best}", file=sys.stderr)
    return corrected


def numbers(name: str, values: list[int], *, as_bytes: bool = False) -> str:
    """``NAME = (1, 2, ...)`` (or ``bytes((...))``), wrapped at 110 columns."""
    body = "\n".join(textwrap.wrap(", ".join(map(str, values)), 106, initial_indent="    ", subsequent_indent="    "))
    return f"{name} = bytes((\n{body},\n))\n" if as_bytes else f"{name} = (\n{body},\n)\n"


def probed_widths(estimate: list[int]) -> list[int]:
    """``estimate`` (a width per code point) corrected where msgcat counts otherwise, for planes 0 and 1
    (unassigned code points included: libunistring's Unicode may differ from this Python's).

    A handful of characters differ from what Unicode's data says (libunistring counts the Kannada vowel
    signs U+0CBF and U+0CC6 as one column, the Hangul jamo U+D7B0..U+D7FF as none). Each character
    ends a line that fits only if the character is at most as wide as assumed.
    """
    widths = list(estimate)
    chars = [
        chr(code)
        for code in range(0x20000)
        if unicodedata.category(chr(code)) not in ("Cs", "Co", "Cc") and chr(code) not in '\\"'
    ]
    probes = [f"b {'a' * (74 - assumed)}{char} {'z' * 100}" for char in chars for assumed in (0, 1, 2)]
    lines = msgcat_lines(probes)
    for number, char in enumerate(chars):
        fits = [
            len(found) > 1 and len(found[1]) == 78 - assumed
            for assumed, found in enumerate(lines[3 * number : 3 * number + 3])
        ]
        if any(fits):  # characters that glue to what follows (opening brackets) tell nothing
            widths[ord(char)] = fits.index(True)
    return widths


def data_module(table: dict[str, str], classes: list[str], widths: list[int], source: str) -> str:
    """The text of line_break_data.py."""
    names = list(CLASSES) + list(RULE_CLASSES)
    class_starts, class_runs = ranges(list(classes))
    width_starts, width_runs = ranges(list(widths))
    quoted = ", ".join(f'"{name}"' for name in names)
    return "".join(
        [
            f'"""Generated by scripts/gettext_line_breaks.py: do not edit.\n\n{source}\n"""\n\n',
            "# fmt: off\n",  # the tables stay as written here, many numbers to a line
            "CLASS_NAMES = (\n" + textwrap.indent(textwrap.fill(quoted, 106), "    ") + ",\n)\n",
            "# PAIRS[before][after]: D a break, I a break only after spaces, P no break.\n",
            "PAIRS = (\n" + "".join(f'    "{table[name]}",  # {name}\n' for name in CLASSES) + ")\n",
            "# The class of code point c is CLASSES[i] for the last i with CLASS_STARTS[i] <= c.\n",
            numbers("CLASS_STARTS", class_starts),
            numbers("CLASSES", [names.index(str(name)) for name in class_runs], as_bytes=True),
            numbers("WIDTH_STARTS", width_starts),
            numbers("WIDTHS", [int(str(width)) for width in width_runs], as_bytes=True),
        ]
    )


def main() -> None:
    if shutil.which("msgcat") is None:
        raise SystemExit("msgcat is not installed (apt-get install gettext)")
    import uniseg  # type: ignore[import-not-found]
    from uniseg.linebreak import line_break  # type: ignore[import-not-found]

    table = pair_table()
    version = subprocess.run(["msgcat", "--version"], capture_output=True, text=True, check=True).stdout
    source = (
        f"Pair table from {version.splitlines()[0]}; classes from uniseg {uniseg.__version__} "
        f"(Unicode {uniseg.unidata_version}) as\nlibunistring 1.0 classes them (the characters it classes "
        f"otherwise corrected by asking msgcat); widths from\nUnicode {unicodedata.unidata_version}, "
        "corrected likewise."
    )
    classes = [line_break_class(code, line_break) for code in range(0x110000)]
    widths = probed_widths([column_width(chr(code)) for code in range(0x110000)])
    classes = corrected_classes(classes, data_module(table, classes, widths, source), table, widths)
    sys.stdout.write(data_module(table, classes, widths, source))


if __name__ == "__main__":
    main()
