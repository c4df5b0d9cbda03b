"""Follow the upstream course: bring a revision of its English README into ``roadmap/``, keeping every ID.

``roadmapi18n sync README.md`` runs :func:`plan_sync` then :func:`write_sync`.
The stages, one module each:

* :mod:`~roadmapi18n.sync.reader` — README → the YAML's data (the importer's block parser);
* :mod:`~roadmapi18n.sync.match` — which README item continues which roadmap item; IDs;
* :mod:`~roadmapi18n.sync.yamledit` — minimal round-trip edits of the YAML files;
* :mod:`~roadmapi18n.sync.carry` — catalog entries follow their units; link-only edits keep translations;
* :mod:`~roadmapi18n.sync.fidelity` — does ``render --locale en`` reproduce the README?
* :mod:`~roadmapi18n.sync.plan` — the pipeline, and :func:`align_english` for other callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roadmapi18n.sync.plan import EnglishAlignment, SyncPlan, UnitPair, align_english, plan_sync, write_sync
    from roadmapi18n.sync.report import ItemChange, SyncReport

# Loaded on first use: merge imports sync.carry, and must not pull in the YAML editor or the pipeline.
_LAZY = {
    "EnglishAlignment": "plan",
    "SyncPlan": "plan",
    "UnitPair": "plan",
    "align_english": "plan",
    "plan_sync": "plan",
    "write_sync": "plan",
    "ItemChange": "report",
    "SyncReport": "report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"roadmapi18n.sync.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EnglishAlignment",
    "ItemChange",
    "SyncPlan",
    "SyncReport",
    "UnitPair",
    "align_english",
    "plan_sync",
    "write_sync",
]
