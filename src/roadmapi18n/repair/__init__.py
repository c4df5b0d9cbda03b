"""Mojibake repair that goes beyond ftfy without ever harming clean text.

Public API::

    repair_text(text, *, locale=None) -> RepairResult        # text in, repaired text + explanation out
    apply_plan(original, result.plan) -> str                 # replay a plan: equals result.text
    find_mojibake(text) -> list[Finding]                     # fast check for CI (1-based line/column)
    repair_catalog(catalog, locale=None) -> CatalogRepairResult
    repair_file(path, *, locale=None) -> FileRepairReport    # pure: returns content, writes nothing

The modules, in pipeline order: ``codecs`` (what each code page does to
bytes), ``units`` (characters back to UTF-8 units), ``detect`` (fast path and
document profile), ``lossy`` (candidates for lost bytes), ``langmodel``
(choosing among them), ``engine`` (the passes), ``plan`` and ``report`` (what
happened), ``check``, ``catalogs`` and ``files`` (the callers' entry points).
Nothing heavy is imported here: word lists and script tables load on first use.
"""

from __future__ import annotations

from roadmapi18n.repair.catalogs import CatalogRepairResult, EntryRepair, catalog_profile, repair_catalog
from roadmapi18n.repair.check import Finding, find_mojibake
from roadmapi18n.repair.detect import Profile, maybe_mojibake, profile_document
from roadmapi18n.repair.engine import ftfy_config, repair_text
from roadmapi18n.repair.files import FileRepairReport, repair_file
from roadmapi18n.repair.plan import Edit, Step, apply_plan
from roadmapi18n.repair.report import UNCERTAIN_BELOW, CharGuess, LineFinding, RepairResult

__all__ = [
    "UNCERTAIN_BELOW",
    "CatalogRepairResult",
    "CharGuess",
    "Edit",
    "EntryRepair",
    "FileRepairReport",
    "Finding",
    "LineFinding",
    "Profile",
    "RepairResult",
    "Step",
    "apply_plan",
    "catalog_profile",
    "find_mojibake",
    "ftfy_config",
    "maybe_mojibake",
    "profile_document",
    "repair_catalog",
    "repair_file",
    "repair_text",
]
