"""The sync pipeline: read the README, pair it with the roadmap, edit the YAML, carry the catalogs, build.

:func:`align_english` is the reusable core (the importer uses it for legacy
translations of old English revisions): an English README of any revision
paired unit by unit with the roadmap, and written as roadmap YAML.
:func:`plan_sync` adds what ``roadmapi18n sync`` needs on top: catalogs whose
entries follow their units to new IDs, every file a build would write, the
check that the English README reproduces upstream, and the report. Nothing is
written until :func:`write_sync`.
"""

from __future__ import annotations

import dataclasses
import re
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmapi18n import schema as S
from roadmapi18n.catalog import Catalog
from roadmapi18n.errors import RoadmapError
from roadmapi18n.merge import FUZZY_THRESHOLD
from roadmapi18n.model import Roadmap
from roadmapi18n.project import Project
from roadmapi18n.sync import yamledit
from roadmapi18n.sync.carry import follow_english, rename_contexts, wording
from roadmapi18n.sync.fidelity import SWITCHER, compare
from roadmapi18n.sync.match import (
    RESTORED,
    Ambiguity,
    Item,
    assign_ids,
    flatten,
    match_items,
    similarity,
    unit_ids,
)
from roadmapi18n.sync.reader import Upstream, read_upstream
from roadmapi18n.sync.report import ItemChange, SyncReport

Data = dict[str, Any]

_BUG = "this is a bug in roadmapi18n sync: please report it with the README you synced"

_OWNED_LABELS = ("notebook", "description", "article", "colab-column", "open-in-colab", "resources", "references")
"""Labels the README shows and sync updates; the others (``by-author``, ``translation-status``,
``translation-withheld``) are ours."""


@dataclass(frozen=True, slots=True)
class UnitPair:
    """One translatable passage of the README and the roadmap unit it continues."""

    readme_id: str
    """The unit ID the passage has in :attr:`EnglishAlignment.roadmap` (what sync writes)."""
    unit_id: str | None
    """The roadmap unit it continues (its ID before the sync), or None: new in the README."""
    english: str
    """The README's English."""
    current: str | None
    """The roadmap's English for ``unit_id``."""
    change: str
    """``same``, ``relinked`` (link targets or markup only), ``reworded``, or ``added``."""
    line: int
    """README line (0 for passages of the course's fixed slots whose line is not tracked)."""


@dataclass
class EnglishAlignment:
    """An English README paired with a roadmap, and written as that roadmap's YAML."""

    roadmap: Roadmap
    """The README as a roadmap model; units keep the roadmap's IDs wherever sync would keep them."""
    pairs: list[UnitPair]
    """Every unit of :attr:`roadmap`, in catalog order."""
    removed: list[str]
    """Roadmap unit IDs with no passage in the README."""
    renames: dict[str, str]
    """Roadmap unit ID → README unit ID, where they differ (moved or re-IDed units)."""
    files: dict[Path, str]
    """Roadmap YAML path → text, for every file the README's roadmap consists of."""
    removed_files: list[Path]
    items: list[Item]
    """The README's items (topics, sections…), each with its ``match`` among :attr:`old_items`."""
    old_items: list[Item]
    """The roadmap's items before the sync."""
    ambiguous: list[Ambiguity]
    upstream: Upstream

    def unit(self, readme_id: str) -> UnitPair | None:
        """The pair for a README unit ID."""
        return next((p for p in self.pairs if p.readme_id == readme_id), None)


# Words, and what is no prose: link targets, URLs, HTML tags, code spans.
_WORD = re.compile(r"[^\W\d_]+")
_NOT_PROSE = re.compile(r"\]\([^)]*\)|https?://\S+|<[^>]+>|`[^`]*`")
_TRANSLATED_WORDS = 20  # at least this many: a revision may name a few new people (André, Milanović)
_TRANSLATED_SHARE = 0.02
"""Share of words, among all, with letters English does not use and that the roadmap's English lacks, above
which a README is a translation: a revision of the course adds a name or two; a translated README, even our
own 14% translated one, has over 9% of such words."""


def _refuse_a_translation(project: Project, markdown: str, source: str | Path) -> None:
    """Refuse a translated README given as the English: sync would write its language into the roadmap."""
    if not project.config.source_locale.lower().startswith("en"):
        return
    known = {word for text in project.roadmap.texts() for word in _WORD.findall(text.source) if not word.isascii()}
    words = _WORD.findall(_NOT_PROSE.sub(" ", SWITCHER.sub("", markdown)))  # the switcher names every language
    foreign = [word for word in words if not word.isascii() and word not in known]
    if len(foreign) >= _TRANSLATED_WORDS and len(foreign) / len(words) > _TRANSLATED_SHARE:
        shown = ", ".join(word for word, _ in Counter(word[:12] for word in foreign).most_common(5))
        raise RoadmapError(
            f"this README reads as a translation, not the English course: {len(foreign) * 100 // len(words)}% of "
            f"its words have letters English does not use ({shown}…)",
            path=source,
            hint="sync (and import --english) read the course's English README.md; to bring in a translated "
            "README, use: roadmapi18n import FILE --locale L",
        )


def align_english(project: Project, markdown: str, *, source: str | Path = "README.md") -> EnglishAlignment:
    """Pair every passage of an English README (any revision of the course) with the roadmap's units.

    The same evidence and the same conservative rules as ``sync``; IDs that are known in the
    project's catalogs (obsolete entries included) are never given to other English.
    ``source`` names the README in errors.
    """
    cfg = project.config
    # First: a translation would also fail the reader's checks (its tables, its list of parts), less clearly.
    _refuse_a_translation(project, markdown, source)
    upstream = read_upstream(markdown, source=source)
    if not upstream.parts:  # the wrong file (a translation's, a changelog): say so, not what the roadmap lacks
        raise RoadmapError(
            "this is not the course's README: it lists no part (an intro list item '1. 🧩 **Title** summary' "
            "whose '## ' heading follows)",
            path=source,
            hint="give sync the course's English README.md (e.g. from https://github.com/mlabonne/llm-course)",
        )
    course_path = cfg.roadmap
    trees = _Trees.load(course_path)
    old_items = flatten(trees.course, list(trees.parts.items()), with_ids=True)
    new_items = flatten(upstream.course, [("", part) for part in upstream.parts], with_ids=False)
    for item in new_items:
        item.line = upstream.line(item.data)
    matching = match_items(new_items, old_items)
    current = {text.id: text.source for text in project.roadmap.texts()}
    known = _KnownEnglish(project, current)
    assign_ids(new_items, known, S.RESERVED_PART_IDS)
    files, removed_files = trees.rewrite(upstream, new_items, cfg.root)
    from roadmapi18n.roadmap import load_roadmap

    try:
        roadmap = load_roadmap(course_path, root=cfg.root, texts=files)
    except RoadmapError as error:  # the YAML named in the error is one sync was about to write: blame the README
        where = RoadmapError(error.message, path=error.path, line=error.line, column=error.column)
        raise RoadmapError(
            f"the roadmap read from this README would be invalid ({where.shown_from(cfg.root)}); nothing was written",
            path=source,
            hint="is this the course's English README? A translated README or another document cannot be synced",
        ) from error
    renames = _renames(new_items)
    predecessor = {new: old for old, new in renames.items()}
    pairs = []
    lines = {unit: item.line for item in new_items for unit in unit_ids(item).values()}
    for text in roadmap.texts():
        old_id = predecessor.get(text.id)
        if old_id is None and text.id in current and text.id not in renames:
            old_id = text.id
        line = lines.get(text.id, 0)
        if old_id is None:
            pairs.append(UnitPair(text.id, None, text.source, None, "added", line))
            continue
        before = current.get(old_id)
        if before is None:  # a broken invariant: the unit it continues must be one of the roadmap's
            raise RoadmapError(
                f"sync paired {text.id!r} with {old_id!r}, which is not a unit of the roadmap; nothing was written",
                path=source,
                line=line or None,
                hint=_BUG,
            )
        change = _change(before, text.source)
        pairs.append(UnitPair(text.id, old_id, text.source, before, change, line))
    used = {p.unit_id for p in pairs if p.unit_id is not None}
    return EnglishAlignment(
        roadmap=roadmap,
        pairs=pairs,
        removed=[unit for unit in current if unit not in used],
        renames=renames,
        files=files,
        removed_files=removed_files,
        items=new_items,
        old_items=old_items,
        ambiguous=matching.ambiguous,
        upstream=upstream,
    )


def _change(before: str, after: str) -> str:
    if before == after:
        return "same"
    return "relinked" if follow_english(before, after, "") is not None else "reworded"


def _renames(items: list[Item]) -> dict[str, str]:
    """Old unit ID → new unit ID, for the units of paired items whose ID changed.

    A unit is a field the old item has: a section that gains an introduction while it moves
    has no old introduction to rename (its old ID would name a unit the roadmap never had).
    """
    renames = {}
    for item in items:
        if item.match is None:
            continue
        old, new = unit_ids(item.match), unit_ids(item)
        for name, new_id in new.items():
            old_id = old.get(name)
            if old_id is not None and old_id != new_id and item.match.data.get(name):
                renames[old_id] = new_id
    return renames


class _KnownEnglish:
    """The English each unit ID stands for, in the roadmap and in every catalog (obsolete entries included).

    English is compared by its wording (:func:`~roadmapi18n.sync.carry.wording`: link targets, markup
    and case aside), the rule by which a confirmed translation follows its unit's English, and by
    gettext's similarity measure, the rule by which the merge offers a translation as a suggestion.
    """

    def __init__(self, project: Project, current: dict[str, str]) -> None:
        self.known: dict[str, set[str]] = {}
        # Wording → unit IDs no roadmap item holds now, in the catalogs' order: the IDs items had before.
        self.former_ids: dict[str, list[str]] = {}
        said_as: dict[str, str] = {}  # every catalog repeats the roadmap's English: word each text once
        for unit, source in current.items():
            said_as[source] = said = wording(source)
            self.known.setdefault(unit, set()).add(said)
        for code in project.locale_codes:
            catalog = project.catalog(code)
            for message in catalog.messages if catalog else []:
                context = message.msgctxt
                if context is None:
                    continue
                if message.msgid not in said_as:
                    said_as[message.msgid] = wording(message.msgid)
                said = said_as[message.msgid]
                self.known.setdefault(context, set()).add(said)
                if context not in current:
                    units = self.former_ids.setdefault(said, [])
                    if context not in units:
                        units.append(context)

    def taken(self, unit: str, english: str) -> bool:
        """Whether the ID is known (roadmap or any catalog) for other wording."""
        sources = self.known.get(unit)
        return sources is not None and wording(english) not in sources

    def reworded(self, unit: str, english: str) -> bool:
        """Whether the ID is unknown, or known for this wording or one the merge would offer as a suggestion."""
        sources = self.known.get(unit)
        if sources is None:
            return True
        said = wording(english)
        return said in sources or any(similarity(said, known) > FUZZY_THRESHOLD for known in sources)

    def former(self, english: str) -> list[str]:
        """The former unit IDs a catalog knows for this wording."""
        return self.former_ids.get(wording(english), [])


# --- the YAML files -------------------------------------------------------------------------------


@dataclass
class _Trees:
    """The roadmap's YAML files: read fast as plain data; as round-trip trees only where they change.

    ruamel's round-trip reader is pure Python (a third of a second for this course), so a file
    is read that way only when the sync changes it.
    """

    course_path: Path
    texts: dict[Path, str]
    course: Any
    parts: dict[str, Any]

    @classmethod
    def load(cls, course_path: Path) -> _Trees:
        texts = {course_path: course_path.read_text(encoding="utf-8")}
        course = yamledit.load_plain(texts[course_path], str(course_path))
        parts = {}
        for part_id in course.get("parts") or []:
            path = course_path.parent / "parts" / f"{part_id}.yaml"
            texts[path] = path.read_text(encoding="utf-8")
            parts[part_id] = yamledit.load_plain(texts[path], str(path))
        return cls(course_path, texts, course, parts)

    def part_path(self, part_id: str) -> Path:
        return self.course_path.parent / "parts" / f"{part_id}.yaml"

    def rewrite(self, upstream: Upstream, items: list[Item], root: Path) -> tuple[dict[Path, str], list[Path]]:
        """Every YAML file of the synced roadmap (path → text), and the part files that go away."""
        for item in items:
            if item.kind != "part":
                _put_id(item.data, item.id)
        part_items = [i for i in items if i.kind == "part"]
        course = _complete_course(upstream.course, self.course, [i.id for i in part_items])
        for item in part_items:
            _complete_part(item.data, item.match.data if item.match is not None else None)
        # Which files change: compare plain data; a moved item changes the file it leaves too.
        wanted: dict[Path, tuple[Data, Any]] = {self.course_path: (course, self.course)}
        for item in part_items:
            wanted[self.part_path(item.id)] = (item.data, item.match.data if item.match is not None else None)
        changed = {
            path
            for path, (new, old) in wanted.items()
            if path not in self.texts or old is None or not _same_data(new, old)
        }
        # Round-trip trees (slow: pure Python) only for the files that change. An item that moves out of
        # a file changes that file too, so every moved item's old mapping is in one of these trees.
        trees = {path: yamledit.load(text, str(path)) for path, text in self.texts.items() if path in changed}
        partners = self._partners(items, trees)
        files = {}
        for path, (new, old) in wanted.items():
            if path not in changed:
                files[path] = self.texts[path]
                continue
            if old is None:
                tree = yamledit.new_map()
            elif old is self.course:
                tree = trees[self.course_path]
            else:
                old_path = self.part_path(_part_id(self, old))
                tree = trees.get(old_path) or yamledit.load(self.texts[old_path], str(old_path))
            yamledit.reconcile(tree, new, S.COURSE if old is self.course else S.PART, partners)
            text = yamledit.to_text(tree)
            files[path] = text if old is not None else yamledit.NEW_PART_HEADER + text
        kept = set(wanted)
        removed = [self.part_path(p) for p in self.parts if self.part_path(p) not in kept]
        return files, removed

    def _partners(self, items: list[Item], trees: dict[Path, Any]) -> dict[int, Any]:
        """``id()`` of each new item's data → the round-trip mapping of the old item it continues."""
        plain_to_tree: dict[int, Any] = {}
        course_tree = trees.get(self.course_path)
        if course_tree is not None:
            plain_items, tree_items = flatten(self.course, [], with_ids=False), flatten(course_tree, [], with_ids=False)
            for plain, tree_item in zip(plain_items, tree_items, strict=True):
                plain_to_tree[id(plain.data)] = tree_item.data
        for part_id, part in self.parts.items():
            part_tree: Any = trees.get(self.part_path(part_id))
            if part_tree is None:
                continue
            plain_to_tree[id(part)] = part_tree
            for plain_item, tree_item in zip(
                flatten({}, [(part_id, part)], with_ids=False),
                flatten({}, [(part_id, part_tree)], with_ids=False),
                strict=True,
            ):
                plain_to_tree[id(plain_item.data)] = tree_item.data
        partners = {}
        for item in items:
            if item.match is not None and id(item.match.data) in plain_to_tree:
                partners[id(item.data)] = plain_to_tree[id(item.match.data)]
        return partners


def _part_id(trees: _Trees, part: Any) -> str:
    return next(part_id for part_id, data in trees.parts.items() if data is part)


def _same_data(new: Any, old: Any) -> bool:
    """Whether the YAML data ``new`` equals ``old`` as the roadmap reads it (scalars as text)."""
    if isinstance(new, dict):
        return isinstance(old, dict) and new.keys() == old.keys() and all(_same_data(new[k], old[k]) for k in new)
    if isinstance(new, list):
        return isinstance(old, list) and len(new) == len(old) and all(map(_same_data, new, old))
    if isinstance(new, bool) or isinstance(old, bool):
        return new is old
    return str(new).rstrip("\n") == str(old).rstrip("\n")


def _put_id(data: Data, value: str) -> None:
    """Make ``id`` the first key of ``data`` (in place: the reader's line numbers are keyed on the object)."""
    rest = [(k, v) for k, v in data.items() if k != "id"]
    data.clear()
    data["id"] = value
    data.update(rest)


def _complete_course(new: Data, old: Any, part_ids: list[str]) -> Data:
    """The new course mapping with what the README does not say taken from the old one."""
    course = dict(new)
    course["parts"] = part_ids
    labels = dict(old.get("labels") or {})
    labels.update({k: v for k, v in (new.get("labels") or {}).items() if k in _OWNED_LABELS})
    course["labels"] = {name: labels[name] for name in S.LABEL_NAMES if name in labels}
    # A notebooks section keeps what the README does not show of it (the badge of tables without a Colab link);
    # a README without one has none: the section leaves the roadmap, its entries become obsolete.
    if "notebooks" in new:
        notebooks = dict(new["notebooks"])
        old_notebooks = old.get("notebooks") or {}
        for key in ("emoji", "title", "intro", "colab_badge"):
            if key not in notebooks and key in old_notebooks:
                notebooks[key] = old_notebooks[key]
        notebooks.setdefault("tables", [])
        course["notebooks"] = notebooks
    if "parts_lead" not in course and "parts_lead" in old:
        course["parts_lead"] = old["parts_lead"]
    # A closing section the README has but the reader holds only in part (1c2b766's prose acknowledgements, its
    # disclaimer under a part) keeps what it does not show. A README without one has neither acknowledgements
    # nor disclaimer (but the disclaimer it keeps after the last part): they leave the roadmap, their entries
    # become obsolete.
    if "acknowledgements" in new:
        if "disclaimer" not in course and "disclaimer" in old:
            course["disclaimer"] = old["disclaimer"]
        ack = dict(new["acknowledgements"])
        old_ack = old.get("acknowledgements") or {}
        for key in ("text", "thanks_lead"):
            if key not in ack and key in old_ack:
                ack[key] = old_ack[key]
        ack.setdefault("thanks", [])
        course["acknowledgements"] = ack
    return course


def _complete_part(new: Data, old: Any) -> None:
    """Part settings the README may not show (no resources: no label; no items: no bullet)."""
    for key in ("resources_label", "bullet"):
        if key not in new and old is not None and key in old:
            new[key] = old[key]


# --- the whole sync -------------------------------------------------------------------------------


@dataclass
class SyncPlan:
    """Everything a sync would write, and its report."""

    outputs: dict[Path, str]
    """Path → exact text: the YAML files, then everything ``build`` writes."""
    removed_files: list[Path]
    report: SyncReport
    alignment: EnglishAlignment
    catalogs: dict[str, Catalog] = field(default_factory=dict)


def plan_sync(project: Project, markdown: str, *, source: str = "README.md") -> SyncPlan:
    """Sync the roadmap to an upstream README, in memory: YAML, catalogs, READMEs, and the report.

    Nothing is written here, so any failure leaves the project as it was. A state the pipeline
    does not expect is a bug, reported as a :class:`RoadmapError` naming the README (never a traceback).
    """
    try:
        return _plan_sync(project, markdown, source)
    except (RoadmapError, OSError):
        raise
    except Exception as error:  # the one place a bug becomes a message instead of a traceback
        where = traceback.extract_tb(error.__traceback__)[-1]
        raise RoadmapError(
            f"sync stopped on an unexpected state ({type(error).__name__}: {error} in "
            f"{Path(where.filename).name}:{where.lineno}); nothing was written",
            path=source,
            hint=_BUG,
        ) from error


def _plan_sync(project: Project, markdown: str, source: str) -> SyncPlan:
    from roadmapi18n.build import plan_build

    start = time.perf_counter()
    alignment = align_english(project, markdown, source=source)
    cfg = project.config
    synced = Project(cfg)
    synced.__dict__["roadmap"] = alignment.roadmap  # the cached property, for the roadmap about to be written
    before: dict[str, dict[str, int]] = {}
    for code in project.locale_codes:
        catalog = project.catalog(code)
        if catalog is None:
            continue
        before[code] = _counts(catalog, {t.id for t in project.roadmap.texts()})
        carried, _ = rename_contexts(catalog, alignment.renames)
        synced._catalogs[code] = carried
    plan = plan_build(synced)
    _refuse_losses(project, plan.catalogs)
    outputs = dict(alignment.files)
    outputs.update(plan.outputs.items())
    rendered = outputs[cfg.source_readme]
    ours = frozenset(str(Path(p).as_posix()) for p in _switcher_links(cfg))
    fidelity = compare(markdown, rendered, ours=ours)
    report = _report(source, alignment, fidelity.lines())
    for status in plan.statuses:
        after = {
            "translated": status.translated,
            "fuzzy": status.fuzzy,
            "untranslated": status.untranslated,
            "obsolete": status.obsolete,
        }
        report.translations[status.code] = {"before": before.get(status.code, {}), "after": after}
    report.changed_files = sorted(
        str(cfg.relative(path)) for path, text in outputs.items() if not _same_file(path, text)
    ) + [f"{cfg.relative(path)} (removed)" for path in alignment.removed_files]
    report.seconds = round(time.perf_counter() - start, 3)
    return SyncPlan(outputs, alignment.removed_files, report, alignment, plan.catalogs)


def _refuse_losses(project: Project, merged: dict[str, Catalog]) -> None:
    """Translations are never dropped: stop (writing nothing) if one would be."""
    from roadmapi18n.sync.carry import lost_translations

    for code, catalog in merged.items():
        before = project.catalog(code)
        lost = lost_translations(before, catalog) if before is not None else []
        if lost:
            shown = ", ".join(m.msgctxt or m.msgid for m in lost[:5])
            raise RoadmapError(
                f"sync would lose {len(lost)} {code} translation(s) ({shown}); nothing was written",
                path=project.config.po_path(code),
                line=lost[0].lineno or None,
                hint=_BUG,
            )


def read_readme(path: Path) -> str:
    """An upstream README's text: UTF-8, no merge-conflict markers (else a :class:`RoadmapError`)."""
    from roadmapi18n.importer.blocks import read_markdown_file, refuse_conflicts

    text = read_markdown_file(path, missing_hint="name the upstream README to sync from")
    refuse_conflicts(text, path, command="sync")
    return text


def write_sync(plan: SyncPlan) -> list[Path]:
    """Write a sync plan, all or nothing; return the files that changed."""
    from roadmapi18n.fsio import StagedWrites

    with StagedWrites() as staged:
        for path, text in plan.outputs.items():
            staged.add(path, text)
        changed = staged.commit()
    for path in plan.removed_files:
        path.unlink(missing_ok=True)
    return changed + plan.removed_files


def _same_file(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _switcher_links(cfg: Any) -> Iterator[str]:
    import os

    folder = cfg.source_readme.parent
    for locale in cfg.locales:
        yield Path(os.path.relpath(cfg.readme_path(locale.code), folder)).as_posix()


def _counts(catalog: Catalog, units: set[str]) -> dict[str, int]:
    live = [m for m in catalog.messages if not m.obsolete]
    translated = sum(1 for m in live if m.msgstr and not m.fuzzy and m.msgstr != m.msgid)
    fuzzy = sum(1 for m in live if m.fuzzy)
    return {
        "translated": translated,
        "fuzzy": fuzzy,
        "untranslated": len(live) - translated - fuzzy,
        "obsolete": len(catalog.messages) - len(live),
    }


def _report(source: str, alignment: EnglishAlignment, fidelity: list[str]) -> SyncReport:
    report = SyncReport(source=source, fidelity=fidelity)
    for pair in alignment.pairs:
        if pair.change == "added":
            report.added.append(pair.readme_id)
        elif pair.change == "reworded":
            report.reworded.append(pair.readme_id)
        elif pair.change == "relinked":
            report.relinked.append(pair.readme_id)
        else:
            report.unchanged += 1
    report.removed = list(alignment.removed)
    report.moved = dict(alignment.renames)
    report.items = list(_item_changes(alignment))
    report.ambiguous = [dataclasses.asdict(a) for a in alignment.ambiguous]
    upstream = alignment.upstream
    report.generic_blocks = [{"line": line, "kind": kind, "where": where} for line, kind, where in upstream.generic]
    report.unread = [{"line": line, "text": text} for line, text in upstream.unread]
    report.warnings = [{"line": line, "text": text} for line, text in upstream.warnings]
    return report


def _item_changes(alignment: EnglishAlignment) -> Iterator[ItemChange]:
    def where(item: Item) -> str:
        return "/".join((*item.path(), item.id))

    paired_old = set()
    for item in alignment.items:
        if item.match is None:
            change = "restored" if item.how == RESTORED else "added"
            yield ItemChange(item.kind, change, where(item), item.line, item.label, how=item.how)
            continue
        paired_old.add(id(item.match))
        old = item.match
        if item.path() != old.path():
            yield ItemChange(item.kind, "moved", where(item), item.line, item.label, where(old), item.how)
        elif item.id != old.id:
            yield ItemChange(item.kind, "renamed", where(item), item.line, item.label, where(old), item.how)
    for item in alignment.old_items:
        if id(item) not in paired_old:
            yield ItemChange(item.kind, "removed", where(item), 0, item.label)
