"""Repair one file without writing anything: gettext catalogs entry by entry, Markdown and text line by line.

:func:`repair_file` reads, repairs and returns a :class:`FileRepairReport`
holding the repaired content; the CLI decides whether to write it (atomically,
through :mod:`roadmapi18n.fsio`), show the diff, or just exit 1 under ``--check``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input
from roadmapi18n.progress import ProgressFn
from roadmapi18n.repair.catalogs import CatalogRepairResult, repair_catalog
from roadmapi18n.repair.engine import repair_text
from roadmapi18n.repair.report import RepairResult
from roadmapi18n.textdiff import unified_diff

__all__ = ["CATALOG_SUFFIXES", "FileRepairReport", "repair_file"]

CATALOG_SUFFIXES = (".po", ".pot")
_BOM = "\ufeff"

FileKind = Literal["catalog", "text"]


@dataclass(frozen=True, slots=True)
class FileRepairReport:
    """One file's repair: original and repaired content, and the report behind it."""

    path: Path
    kind: FileKind
    """``catalog`` (.po/.pot) or ``text`` (Markdown, plain text)."""
    original: str
    repaired: str
    """What the file would contain after repair (equal to ``original`` when nothing needed repair)."""
    text_result: RepairResult | None = None
    """The report for a text file."""
    catalog_result: CatalogRepairResult | None = None
    """The report for a catalog."""

    @property
    def changed(self) -> bool:
        """Whether repairing would change the file."""
        return self.repaired != self.original

    @property
    def foreign(self) -> int:
        """How many repaired characters are in a script the locale does not write (each must be checked)."""
        if self.text_result is not None:
            return len(self.text_result.foreign)
        if self.catalog_result is not None:
            return sum(len(entry.result.foreign) for entry in self.catalog_result.entries)
        return 0

    @property
    def uncertain(self) -> int:
        """How many guessed characters are below the confidence threshold."""
        if self.text_result is not None:
            return len(self.text_result.uncertain)
        if self.catalog_result is not None:
            return sum(len(entry.result.uncertain) for entry in self.catalog_result.entries)
        return 0

    def unified_diff(self, context: int = 1) -> str:
        """``diff -u`` between the file and its repaired version ("" if unchanged).

        >>> FileRepairReport(Path("a.md"), "text", "Kh√°c\\n", "Khác\\n").unified_diff()
        '--- a/a.md\\n+++ b/a.md\\n@@ -1 +1 @@\\n-Kh√°c\\n+Khác\\n'
        """
        name = self.path.as_posix()
        return unified_diff(self.original, self.repaired, f"a/{name}", f"b/{name}", context=context)

    def format_text(self) -> str:
        """The human report for this file."""
        name = self.path.as_posix()
        if self.catalog_result is not None:
            return self.catalog_result.format_text(path=name)
        if self.text_result is not None:
            return self.text_result.format_text(path=name)
        return f"{name}: clean: nothing to repair"

    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-able form."""
        report: dict[str, Any] = {}
        if self.catalog_result is not None:
            report = self.catalog_result.to_dict()
        elif self.text_result is not None:
            report = self.text_result.to_dict()
        return {
            "path": self.path.as_posix(),
            "kind": self.kind,
            "changed": self.changed,
            "uncertain": self.uncertain,
            "report": report,
        }


def repair_file(path: Path, *, locale: str | None = None, progress: ProgressFn | None = None) -> FileRepairReport:
    """Repair ``path`` in memory (nothing is written): .po/.pot by entry, anything else as UTF-8 text."""
    try:
        data = read_input(path, follow_symlinks=True)  # a FIFO or a device is refused, not read forever
    except FileNotFoundError:
        raise RoadmapError("no such file", path=path, hint="check the path") from None
    if path.suffix.lower() in CATALOG_SUFFIXES:
        return _repair_catalog_file(path, data, locale, progress)
    text = _decode(path, data)
    bom = text.startswith(_BOM)
    body = text[1:] if bom else text
    result = repair_text(body, locale=locale, progress=progress)
    repaired = (_BOM if bom else "") + result.text
    return FileRepairReport(path=path, kind="text", original=text, repaired=repaired, text_result=result)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RoadmapError(
            f"not UTF-8 (byte 0x{data[error.start]:02X} cannot be decoded)",
            path=path,
            line=line,
            hint=_conversion_hint(data),
        ) from None


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16's: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

# The commonest Chinese characters (Traditional and Simplified) and punctuation: a third or more of any
# Chinese text, rare in Chinese decoded with the wrong legacy code page (Big5 bytes all decode as GB18030).
_COMMON_CHINESE = frozenset(
    "，。、：；！？「」『』（）《》“”…—"
    "的一是不了在人有我他這这個个們们中來来上大為为和國国地到以說说時时要就出會会也你對对生能而子那得於于"
    "着下自之年過过發发後后作裡里用道行所然家種种事成方多經经麼么去法學学如都同現现當当沒没動动面起看定天"
    "分還还進进好小部其些主樣样理心她本前開开但因只從从想實实"
)


def _conversion_hint(data: bytes) -> str:
    """How to make UTF-8 of ``data``: naming its encoding when the bytes tell it, and none they do not."""
    named = _encoding_of(data)
    if named is None:
        # A guess such as cp1252 would turn UTF-16, Big5 or GB18030 text into mojibake of its own.
        return (
            "repair works on UTF-8 text that was misdecoded once; convert the file to UTF-8 first from the "
            "encoding it was saved in (iconv -f ENCODING -t UTF-8; iconv -l lists the names)"
        )
    return (
        f"repair works on UTF-8 text that was misdecoded once; this file looks like {named}: convert it first "
        f"(iconv -f {named} -t UTF-8)"
    )


def _encoding_of(data: bytes) -> str | None:
    """The iconv name of the encoding ``data`` is evidently in (byte-order mark, UTF-16's zero bytes, Chinese
    that reads as Chinese in exactly one legacy code page), or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if b"\x00" in data:
        # Text never holds NUL; UTF-16 has one in every ASCII character, on the odd bytes if little-endian.
        odd = data[1::2].count(0)
        name, codec = ("UTF-16LE", "utf-16-le") if odd >= data[::2].count(0) else ("UTF-16BE", "utf-16-be")
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            return None
        return name
    shares: dict[str, float] = {}
    for name in ("BIG5", "GB18030"):
        try:
            text = data.decode(name.lower())
        except UnicodeDecodeError:
            continue
        wide = [char for char in text if not char.isascii()]
        shares[name] = sum(char in _COMMON_CHINESE for char in wide) / len(wide) if wide else 0.0
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 0.2 or (len(ranked) > 1 and ranked[1][1] > ranked[0][1] / 2):
        return None
    return ranked[0][0]


def _repair_catalog_file(path: Path, data: bytes, locale: str | None, progress: ProgressFn | None) -> FileRepairReport:
    from roadmapi18n.catalog import format_po, parse_po  # imported here: text files do not need it

    original = _decode(path, data)
    catalog = parse_po(data, path=path)
    result = repair_catalog(catalog, locale, progress=progress)
    # Only re-serialise a catalog that changed: an untouched file stays byte for byte as it was.
    repaired = format_po(result.catalog) if result.changed else original
    return FileRepairReport(path=path, kind="catalog", original=original, repaired=repaired, catalog_result=result)
