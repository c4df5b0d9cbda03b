"""What a sync did: the report printed by ``roadmapi18n sync`` and written by ``--report``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A topic, resource, section… that was added, removed, moved or renamed."""

    kind: str
    change: str
    """``added``, ``restored`` (back under a former ID the catalogs remember), ``removed``, ``moved`` (another
    container), ``renamed`` (new ID in place), ``reordered``."""
    id: str
    """Where it is now (``part/section/id``), or where it was for a removed item."""
    line: int
    """Upstream README line (0 for a removed item)."""
    text: str
    previous: str = ""
    """Where it was (``part/section/id``) for a moved or renamed item."""
    how: str = ""
    """The evidence that paired it with its previous self."""


@dataclass
class SyncReport:
    """Everything a maintainer reviews before merging a sync."""

    source: str
    seconds: float = 0.0
    changed_files: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    """Unit IDs new in the roadmap."""
    removed: list[str] = field(default_factory=list)
    """Unit IDs gone (their translations stay in the catalogs as obsolete entries)."""
    reworded: list[str] = field(default_factory=list)
    """Units whose wording changed: fuzzy in every catalog that translated them."""
    relinked: list[str] = field(default_factory=list)
    """Units whose English changed only in link targets or markup: translations kept, targets rewritten."""
    moved: dict[str, str] = field(default_factory=dict)
    """Old unit ID → new unit ID, for units that moved or whose ID changed (translations follow)."""
    unchanged: int = 0
    items: list[ItemChange] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    """New items that resembled several old ones too closely to choose: they got new IDs."""
    generic_blocks: list[dict[str, Any]] = field(default_factory=list)
    """Upstream constructs the typed schema has no slot for, kept as generic blocks."""
    unread: list[dict[str, Any]] = field(default_factory=list)
    """Upstream lines that could not be placed at all."""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    """Upstream constructs read, but likely not as the author meant (a part missing from the list of parts)."""
    fidelity: list[str] = field(default_factory=list)
    """Differences between the upstream README and ``render --locale en`` (empty: reproduced)."""
    translations: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    """Per locale, ``before`` and ``after``: translated, fuzzy, untranslated, obsolete."""

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)

    def summary(self) -> list[str]:
        """A few lines for the terminal."""
        lines = [
            f"{self.source}: {len(self.added)} units added, {len(self.removed)} removed, "
            f"{len(self.reworded)} reworded, {len(self.relinked)} re-linked, {len(self.moved)} moved or re-IDed, "
            f"{self.unchanged} unchanged ({self.seconds:.2f} s)"
        ]
        counts: dict[str, int] = {}
        for item in self.items:
            what = f"{item.kind if item.kind == 'thanks' else item.kind + 's'} {item.change}"
            counts[what] = counts.get(what, 0) + 1
        if counts:
            lines.append("items: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
        for code, states in self.translations.items():
            before, after = states.get("before", {}), states.get("after", {})
            shown = ", ".join(f"{k} {before.get(k, 0)} → {after.get(k, 0)}" for k in after)
            lines.append(f"{code}: {shown}")
        if self.generic_blocks:
            lines.append(f"{len(self.generic_blocks)} generic blocks (no typed slot): see the report")
        for entry in self.ambiguous:
            lines.append(
                f"ambiguous: line {entry['line']}: {entry['kind']} {entry['text']!r}: new ID (candidates: "
                f"{', '.join(entry['candidates'])})"
            )
        for entry in self.unread:
            lines.append(f"not placed: line {entry['line']}: {entry['text']}")
        for entry in self.warnings:
            lines.append(f"warning: line {entry['line']}: {entry['text']}")
        lines += [f"differs: {line}" for line in self.fidelity]
        return lines
