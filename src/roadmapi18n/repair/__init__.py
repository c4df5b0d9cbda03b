"""Mojibake repair that goes beyond ftfy without ever harming clean text.

Public API::

    repair_text(text, locale=None) -> RepairResult      # text in, repaired text + explanation out
    find_mojibake(text) -> list[Finding]               # fast check for CI
    apply_plan(original, plan) -> str                  # replay a RepairResult.plan

Nothing heavy is imported here: word lists and script tables load on first use.
"""

from __future__ import annotations

from roadmapi18n.repair.detect import Profile, maybe_mojibake, profile_document
from roadmapi18n.repair.engine import repair_text
from roadmapi18n.repair.plan import Edit, Step, apply_plan
from roadmapi18n.repair.report import UNCERTAIN_BELOW, CharGuess, LineFinding, RepairResult

__all__ = [
    "UNCERTAIN_BELOW",
    "CharGuess",
    "Edit",
    "LineFinding",
    "Profile",
    "RepairResult",
    "Step",
    "apply_plan",
    "maybe_mojibake",
    "profile_document",
    "repair_text",
]
