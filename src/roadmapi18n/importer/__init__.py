"""Import legacy translated READMEs into the catalogs.

:func:`align` is the pure core: a legacy README (already repaired) against the
canonical roadmap gives an :class:`Alignment` — proposed translations with
their evidence, passages left in English, and legacy content the roadmap
lacks. :func:`refuse_conflicts` rejects files with merge-conflict markers.
"""

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

__all__ = [
    "Alignment",
    "Extra",
    "LeftInEnglish",
    "Proposal",
    "SectionMatch",
    "Status",
    "align",
    "alignment_text",
    "conflict_marker_lines",
    "refuse_conflicts",
]
