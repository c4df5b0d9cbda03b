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

from roadmapi18n.sync.plan import EnglishAlignment, SyncPlan, UnitPair, align_english, plan_sync, write_sync
from roadmapi18n.sync.report import ItemChange, SyncReport

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
