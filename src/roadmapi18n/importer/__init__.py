"""Import legacy translated READMEs into the catalogs.

:func:`align` is the pure core: a legacy README (already repaired) against the
canonical roadmap gives an :class:`Alignment` — proposed translations with
their evidence, passages left in English, and legacy content the roadmap
lacks. :func:`import_legacy` is the file-level step ``roadmapi18n import``
runs: read, refuse merge conflicts, repair, align, and compute the new catalog
and an :class:`ImportReport`, writing nothing.

The file-level names load on first use, so aligning needs neither the catalog
layer nor the repair engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from roadmapi18n.importer.align import align
from roadmapi18n.importer.blocks import conflict_marker_lines, refuse_conflicts
from roadmapi18n.importer.report import (
    Alignment,
    Extra,
    LeftInEnglish,
    Proposal,
    SectionMatch,
    Status,
    alignment_text,
)

if TYPE_CHECKING:
    from roadmapi18n.importer.apply import ImportResult, import_legacy, import_markdown, read_legacy
    from roadmapi18n.importer.outcome import Change, EntryChange, ImportReport, RepairSummary, Uncertain

_LAZY = {
    "ImportResult": "apply",
    "import_legacy": "apply",
    "import_markdown": "apply",
    "read_legacy": "apply",
    "Change": "outcome",
    "EntryChange": "outcome",
    "ImportReport": "outcome",
    "RepairSummary": "outcome",
    "Uncertain": "outcome",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"roadmapi18n.importer.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Alignment",
    "Change",
    "EntryChange",
    "Extra",
    "ImportReport",
    "ImportResult",
    "LeftInEnglish",
    "Proposal",
    "RepairSummary",
    "SectionMatch",
    "Status",
    "Uncertain",
    "align",
    "alignment_text",
    "conflict_marker_lines",
    "import_legacy",
    "import_markdown",
    "read_legacy",
    "refuse_conflicts",
]
