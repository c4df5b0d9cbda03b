"""Import against the English a translation was made from (``roadmapi18n import --english OLD.md``).

A legacy translation shares its English revision's structure block for block, so it is aligned
with *that* English (read by sync's reader into a roadmap of its own, IDs kept the way sync keeps
them), and each passage is then carried to today's unit with sync's pairing (:func:`align_english`):

* English unchanged since → the translation enters as the alignment found it (confirmed when strong);
* English changed only in link targets, markup or case → the same, links retargeted;
* English reworded → fuzzy, with the old English as the ``#|`` previous msgid, so the translator sees
  exactly what changed;
* English gone from the course → reported, not imported.

So no translation of stale English is ever confirmed. Which revision to use can be chosen from a
folder of candidates by the evidence a translation keeps from its English (:func:`choose_english`).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmapi18n.errors import RoadmapError
from roadmapi18n.importer.blocks import Block, parse_blocks, read_markdown_file
from roadmapi18n.importer.inline import link_targets, name_keys
from roadmapi18n.importer.report import Alignment, Proposal, Status

if TYPE_CHECKING:
    from roadmapi18n.model import Roadmap
    from roadmapi18n.project import Project
    from roadmapi18n.sync import EnglishAlignment

CHANGED = "the English changed since this translation was made (the previous English is in the #| lines)"


@dataclass(frozen=True, slots=True)
class Revision:
    """One English README considered for a translation, and how much evidence they share."""

    path: Path
    links: float
    """Shared link targets, as a share of all (Jaccard on the multisets): translators keep links."""
    structure: float
    """Similarity of the block sequences (kind, level, links, names of each block), 0-1."""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"file": self.path.name, "links": round(self.links, 4), "structure": round(self.structure, 4)}


@dataclass(frozen=True, slots=True)
class Gone:
    """A translated passage whose English is no longer in the course."""

    unit_id: str
    """The passage's ID in the old English."""
    line: int
    english: str
    translation: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"unit": self.unit_id, "line": self.line, "english": self.english, "translation": self.translation}


@dataclass(frozen=True, slots=True)
class EnglishUsed:
    """The English revision an import aligned with, and what became of each passage's English since."""

    file: str
    candidates: tuple[Revision, ...]
    """Every revision weighed, best first (none when the file was named)."""
    same: int
    """Proposals whose English is unchanged (link targets, markup or case aside)."""
    changed: int
    """Proposals whose English was reworded since: fuzzy, with the old English."""
    gone: tuple[Gone, ...]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "file": self.file,
            "candidates": [c.to_json() for c in self.candidates],
            "same": self.same,
            "changed": self.changed,
            "gone": [g.to_json() for g in self.gone],
        }

    def lines(self) -> list[str]:
        """The report's lines for people."""
        chosen = f"english: {self.file}"
        if len(self.candidates) > 1:
            best, second = self.candidates[0], self.candidates[1]
            chosen += (
                f" (chosen from {len(self.candidates)}: {best.links:.1%} of links shared, "
                f"next {second.path.name} {second.links:.1%})"
            )
        found = [
            chosen,
            f"  {self.same} passages with the same English today, {self.changed} whose English changed (fuzzy), "
            f"{len(self.gone)} whose English is gone from the course",
        ]
        found += [f"  gone: line {g.line}: {g.unit_id}: {_short(g.english)}" for g in self.gone]
        return found


def read_english(path: Path) -> str:
    """An English README as text (UTF-8), or a :class:`RoadmapError` naming it."""
    return read_markdown_file(path, missing_hint="name the English README the translation was made from")


def choose_english(translation: str, candidates: Iterable[Path]) -> list[Revision]:
    """Score each English README against ``translation``, best first.

    The links a translation keeps are the strongest evidence of the revision it translates (a
    revision that added or dropped a resource or a notebook row shares fewer); the block structure,
    with the names each block keeps, breaks ties.
    """
    mine = _evidence(translation)
    scored = []
    for path in candidates:
        theirs = _evidence(read_english(path))
        scored.append(Revision(path, mine.links_shared(theirs), mine.structure_shared(theirs)))
    if not scored:
        raise RoadmapError("no English README (*.md) in this folder", hint="pass --english FILE or a folder of *.md")
    return sorted(scored, key=lambda c: (-c.links, -c.structure, c.path.name))


def english_candidates(folder: Path) -> list[Path]:
    """The ``*.md`` files of ``folder`` (not recursive), in name order."""
    return sorted(p for p in folder.glob("*.md") if p.is_file())


@dataclass(frozen=True, slots=True)
class _Evidence:
    links: Counter[str]
    blocks: tuple[Hashable, ...]

    @classmethod
    def of(cls, markdown: str) -> _Evidence:
        links: Counter[str] = Counter()
        blocks = []
        for block in parse_blocks(markdown):
            raw = _raw(block)
            targets = link_targets(raw)
            links.update(targets)
            level = block.level if block.kind.value == "heading" else 0
            blocks.append((block.kind.value, level, tuple(sorted(set(targets))), tuple(sorted(name_keys(raw)))))
        return cls(links, tuple(blocks))

    def links_shared(self, other: _Evidence) -> float:
        shared = sum((self.links & other.links).values())
        union = sum(self.links.values()) + sum(other.links.values()) - shared
        return shared / union if union else 0.0

    def structure_shared(self, other: _Evidence) -> float:
        return difflib.SequenceMatcher(None, self.blocks, other.blocks, autojunk=False).ratio()


@lru_cache(maxsize=16)
def _evidence(markdown: str) -> _Evidence:
    """:meth:`_Evidence.of`, once per text (the same folder of revisions is often weighed for several files)."""
    return _Evidence.of(markdown)


def _raw(block: Block) -> str:
    return " ".join(block.cells) if block.cells else (f"[x]({block.url})" if block.url else block.text)


def english_alignment(project: Project, markdown: str, *, source: str | Path = "README.md") -> EnglishAlignment:
    """The old English as a roadmap of its own, each unit paired with today's (sync's pairing).

    Errors name ``source``, the English README's path.
    """
    from roadmapi18n.sync import align_english

    return align_english(project, markdown, source=source)


def follow_today(
    alignment: Alignment, english: EnglishAlignment, today: Roadmap
) -> tuple[Alignment, int, int, list[Gone]]:
    """``alignment`` (made against the old English) carried to ``today``'s units.

    Returns the carried alignment, how many proposals kept their English, how many became fuzzy
    because it changed, and the passages whose English is gone.
    """
    from roadmapi18n.sync.carry import follow_english

    pairs = {pair.readme_id: pair for pair in english.pairs}
    order = {text.id: n for n, text in enumerate(today.texts())}
    proposals: list[Proposal] = []
    gone: list[Gone] = []
    same = changed = 0
    for proposal in alignment.proposals:
        pair = pairs.get(proposal.unit_id)
        unit = pair.unit_id if pair is not None else None
        if pair is None or unit is None or pair.current is None or unit not in order:
            gone.append(Gone(proposal.unit_id, proposal.line, proposal.source, proposal.translation))
            continue
        carried = follow_english(proposal.source, pair.current, proposal.translation)
        if carried is not None:
            same += 1
            proposals.append(dataclasses.replace(proposal, unit_id=unit, source=pair.current, translation=carried))
            continue
        changed += 1
        reworded = dataclasses.replace(
            proposal, unit_id=unit, source=pair.current, status=Status.FUZZY, previous=proposal.source
        )
        proposals.append(dataclasses.replace(reworded, doubts=(CHANGED, *proposal.doubts)))
    proposals.sort(key=lambda p: order[p.unit_id])
    return dataclasses.replace(alignment, proposals=tuple(proposals)), same, changed, gone


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
