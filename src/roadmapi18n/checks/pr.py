"""The pull-request check: what a change does to each locale, and which problems are the contributor's.

``roadmapi18n check`` asks whether the tree is exactly what ``build`` writes;
on the main branch it must be. A pull request is judged differently, because
translators edit ``.po`` files with Poedit or Weblate and cannot run ``build``:
the workflow on the main branch rebuilds after the merge. So every finding of
``check`` on the pull request's tree gets a verdict:

``fix``
    the contributor must fix it before merging (exit 1): a broken translation,
    mojibake, a conflict marker, an edited ``msgid``, a generated file edited
    by hand (a line the PR added that build does not write);
``rebuild``
    build takes care of it after the merge, nothing to do: generated files not
    rebuilt, a catalog re-wrapped by an editor, CRLF, header fields;
``existing``
    already so on the base branch, not caused by this pull request (shown,
    never blamed).

Alongside, each locale's catalog is compared between the base and the pull
request, entry by entry: newly translated, reviewed (fuzzy flag removed),
changed, marked fuzzy, removed, suggestions (fuzzy text) added or edited.
:func:`review_pull_request` computes it all; :mod:`roadmapi18n.checks.pr_output`
words it (Markdown job summary, annotations, text, JSON).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from roadmapi18n.catalog import Catalog, Message, parse_po
from roadmapi18n.checks import CheckReport, Finding, run_checks
from roadmapi18n.checks.textdiff import split_lines
from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input
from roadmapi18n.model import Text
from roadmapi18n.project import Project
from roadmapi18n.publish import publish
from roadmapi18n.render import render_readme
from roadmapi18n.vcs import Repository

Verdict = Literal["fix", "rebuild", "existing"]
ChangeKind = Literal["translated", "reviewed", "changed", "unreviewed", "removed", "suggested"]
CHANGE_LABELS: dict[ChangeKind, str] = {
    "translated": "newly translated",
    "reviewed": "reviewed (fuzzy removed)",
    "changed": "changed",
    "unreviewed": "marked fuzzy",
    "removed": "translation removed",
    "suggested": "suggestion (fuzzy) added or edited",
}

# Drift whose cause build removes: stale generated files, an editor's layout, header fields, a missing file.
_REBUILT_RULES = frozenset({"roadmap-changed", "not-rebuilt", "layout", "metadata", "missing", None})
_NORMALISED_HEALTH = frozenset({"crlf", "bom"})
_DRIFT_CHECKS = frozenset({"readme-drift", "catalog-drift", "output-drift"})
_DIGITS = re.compile(r"\d+")
_SLOT = "zzroadmapitranslationzz"
"""Stands for a unit's text in a README rendered to find build's lines: letters only, so neither the
README's escaping nor its heading anchors change it, and no digit for :data:`_DIGITS` to replace."""


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One catalog entry whose translation or state the pull request changed."""

    unit: str
    kind: ChangeKind
    line: int | None
    """Line of the entry's ``msgstr`` in the pull request's catalog (None: removed entry)."""
    english: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Counts:
    """Confirmed translations out of the live entries of a catalog, counted as ``build`` counts them."""

    translated: int
    total: int

    @property
    def percent(self) -> float:
        """Share translated, in percent rounded down to a tenth (as the README's whole percent is rounded down)."""
        return 1000 * self.translated // self.total / 10 if self.total else 100.0


@dataclass
class LocaleChanges:
    """What the pull request changes in one locale's catalog."""

    code: str
    path: str
    entries: list[EntryChange] = field(default_factory=list)
    before: Counts | None = None
    """The base branch's catalog (None: it had none, or it does not read)."""
    after: Counts | None = None
    """What build makes of the pull request's catalog (None: it does not read)."""
    english_changed: list[str] = field(default_factory=list)
    """Confirmed translations whose English this pull request changes: fuzzy (awaiting review) after the rebuild."""

    def count(self, kind: ChangeKind) -> int:
        """Entries changed in this way."""
        return sum(1 for entry in self.entries if entry.kind == kind)


@dataclass(frozen=True, slots=True)
class Judged:
    """A finding of ``check`` on the pull request, with whose it is to fix."""

    finding: Finding
    verdict: Verdict
    reason: str = ""
    """Why ``existing`` or ``rebuild`` (shown next to the finding)."""


@dataclass
class PullRequestReport:
    """Everything the pull-request check found."""

    base: str
    """The merge-base commit the pull request is measured from."""
    base_ref: str
    changed: list[str]
    """Files the pull request changes, relative to the project root (those inside it)."""
    locales: list[LocaleChanges]
    judged: list[Judged]
    check: CheckReport

    @property
    def to_fix(self) -> list[Judged]:
        """Errors the contributor must fix."""
        return [j for j in self.judged if j.verdict == "fix" and j.finding.severity == "error"]

    @property
    def failed(self) -> bool:
        """True when the contributor has something to fix (exit code 1)."""
        return bool(self.to_fix)

    def verdict(self, verdict: Verdict) -> list[Judged]:
        """The findings with one verdict, notes left out."""
        return [j for j in self.judged if j.verdict == verdict and j.finding.severity != "note"]


def review_pull_request(project: Project, base_ref: str, *, locales: Iterable[str] | None = None) -> PullRequestReport:
    """Check the work tree as a pull request into ``base_ref`` (measured from their merge base)."""
    cfg = project.config
    repository = Repository(cfg.root)
    base = repository.merge_base(base_ref)
    changed = {path for path in repository.changed_files(base) if path == cfg.root or cfg.root in path.parents}
    report = run_checks(project, locales=list(locales) if locales is not None else None, keep_plan=True)
    reviewer = _Reviewer(project, repository, base, changed, report)
    return PullRequestReport(
        base=base,
        base_ref=base_ref,
        changed=sorted(cfg.relative(path) for path in changed),
        locales=reviewer.locale_changes(),
        judged=reviewer.judge(),
        check=report,
    )


class _Reviewer:
    def __init__(
        self, project: Project, repository: Repository, base: str, changed: set[Path], report: CheckReport
    ) -> None:
        self.project = project
        self.cfg = project.config
        self.repository = repository
        self.base = base
        self.changed = changed
        self.report = report
        self.codes = [s.code for s in report.statuses] + list(report.skipped_locales)
        self._base_catalogs: dict[str, Catalog | None] = {}
        self._base_index: dict[str, dict[str, Message]] = {}

    # -- the catalogs, before and after ------------------------------------------------------

    def base_catalog(self, code: str) -> Catalog | None:
        """The locale's catalog on the base branch, if it existed and reads."""
        if code not in self._base_catalogs:
            path = self.cfg.po_path(code)
            data = self.repository.read(self.base, path)
            try:
                self._base_catalogs[code] = parse_po(data, path=path) if data is not None else None
            except RoadmapError:
                self._base_catalogs[code] = None
        return self._base_catalogs[code]

    def head_catalog(self, code: str) -> Catalog | None:
        """The locale's catalog in the work tree, if it reads."""
        try:
            return self.project.catalog(code)
        except RoadmapError:
            return None

    def locale_changes(self) -> list[LocaleChanges]:
        statuses = {status.code: status for status in self.report.statuses}
        english = self._template_english()
        result = []
        for code in self.codes:
            path = self.cfg.po_path(code)
            changes = LocaleChanges(code, self.cfg.relative(path))
            before, after = self.base_catalog(code), self.head_catalog(code)
            if before is not None:
                changes.before = self._base_counts(code, before)
            status = statuses.get(code)
            if status is not None:
                changes.after = Counts(status.translated, status.total)
            if after is not None:
                changes.entries = _entry_changes(before, after, self._lines(path))
                changes.english_changed = [
                    unit
                    for unit, message in after.by_context().items()
                    if _state(message) == "translated" and unit in english and english[unit] != message.msgid
                ]
            result.append(changes)
        return result

    def _template_english(self) -> dict[str, str]:
        """Stable ID → the English build puts in the template (the pull request's roadmap)."""
        plan = self.report.plan
        if plan is None or self.cfg.pot_path not in plan.outputs:
            return {}
        template = parse_po(plan.outputs[self.cfg.pot_path].encode("utf-8"), path=self.cfg.pot_path)
        return {unit: message.msgid for unit, message in template.by_context().items()}

    def _lines(self, path: Path) -> list[bytes]:
        try:
            return split_lines(read_input(path, root=self.cfg.root))  # no link or FIFO is followed
        except (OSError, RoadmapError):
            return []

    # -- verdicts ------------------------------------------------------------------------------

    def judge(self) -> list[Judged]:
        judged = [self._judge(finding) for finding in self.report.findings if finding.check != "catalog-stats"]
        judged.extend(Judged(finding, "fix") for finding in self._hand_edits())
        judged.extend(Judged(finding, "fix") for finding in self._obsolete_deleted())
        judged.extend(Judged(finding, "fix") for finding in self._previous_dropped())
        return judged

    def _changed_catalogs(self) -> Iterator[tuple[str, Path, Catalog, Catalog]]:
        """(locale, path, base catalog, head catalog) of each catalog this pull request changed that reads."""
        for code in self.codes:
            path = self.cfg.po_path(code)
            before, after = self.base_catalog(code), self.head_catalog(code)
            if path in self.changed and before is not None and after is not None:
                yield code, path, before, after

    def _previous_dropped(self) -> list[Finding]:
        """Warnings for catalogs whose fuzzy entries lost their ``#|`` lines in this pull request.

        The ``#| msgid`` of a fuzzy entry is the English its translation was made for: reviewers compare it
        with the new English. ``msgmerge`` without ``--previous`` (or ``-N``) drops it, and nothing brings it
        back; the translations themselves are kept, so this does not fail the check.
        """
        findings = []
        for code, path, _, after in self._changed_catalogs():
            old = self._base_entries(code)
            dropped = [
                message
                for unit, message in after.by_context().items()
                if message.fuzzy
                and message.previous_msgid is None
                and (was := old.get(unit)) is not None
                and was.fuzzy
                and was.previous_msgid is not None
                and was.msgid == message.msgid
            ]
            if not dropped:
                continue
            count = len(dropped)
            message = (
                f"{count} fuzzy entr{'ies' if count != 1 else 'y'} lost the #| lines (the English the translation "
                f"was made from, which reviewers compare with the new English), the first: {dropped[0].msgctxt}; "
                "build cannot bring them back"
            )
            hint = (
                "keep the #| lines when you update a catalog (msgmerge --previous; Poedit and Weblate keep them); "
                "to get them back, make your change again on the base branch's file"
            )
            line = dropped[0].lineno or None
            findings.append(
                Finding(
                    "catalog-drift", "warning", self.cfg.relative(path), line, message, hint, code, "previous-dropped"
                )
            )
        return findings

    def _obsolete_deleted(self) -> list[Finding]:
        """Catalogs this pull request changed that lost obsolete translations (``#~`` entries) the base kept.

        build keeps them so that a passage whose English comes back gets its translation again (as fuzzy);
        a tool's purge (``msgattrib --no-obsolete``, Poedit's "Purge deleted translations") drops them, and
        nothing can bring them back after the merge.
        """
        findings = []
        for code, path, before, after in self._changed_catalogs():
            kept = {message.key for message in after.messages}
            kept_ids = {message.msgctxt for message in after.messages if not message.obsolete}
            lost = [
                message
                for message in before.messages
                if message.obsolete
                and message.has_translation
                and message.key not in kept
                and message.msgctxt not in kept_ids
            ]
            if not lost:
                continue
            rel = self.cfg.relative(path)
            example = lost[0].msgctxt or lost[0].msgid[:40]
            message = (
                f"this pull request deletes {len(lost)} obsolete translation{'s' if len(lost) != 1 else ''} "
                f"(#~ entries, the first: {example}); build keeps them so that a passage whose English comes back "
                "gets its translation again, and nothing restores them after the merge"
            )
            hint = (
                f"restore them: git show {self.base[:12]}:{rel} | msgcat --use-first {rel} - -o {rel} && "
                "roadmapi18n build (and do not purge deleted or obsolete translations in your editor)"
            )
            lines = len(self._lines(path))
            findings.append(
                Finding(
                    "catalog-drift", "error", rel, lines or None, message, hint, locale=code, rule="obsolete-deleted"
                )
            )
        return findings

    def _judge(self, finding: Finding) -> Judged:
        path = self.cfg.root / finding.path
        touched = path in self.changed
        if finding.check in _DRIFT_CHECKS:
            return self._judge_drift(finding, path)
        if finding.check == "catalog-health" and finding.rule in _NORMALISED_HEALTH:
            return Judged(finding, "rebuild", "build normalises the file")
        if finding.check == "catalog-health" and finding.rule == "language" and self._language_emptied(finding):
            return Judged(finding, "rebuild", "build writes the locale's Language header")
        if not touched:
            return Judged(finding, "existing", f"{finding.path} is not changed by this pull request")
        if path.suffix == ".po" and self._entry_unchanged(finding, path):
            return Judged(finding, "existing", "the entry is as on the base branch")
        if finding.check == "coverage" and self._coverage_kept(finding):
            return Judged(finding, "existing", "this pull request does not lower the coverage")
        return Judged(finding, "fix")

    def _judge_drift(self, finding: Finding, path: Path) -> Judged:
        if finding.rule in ("msgid-edited", "unknown-id"):
            if self._entry_unchanged(finding, path):
                return Judged(finding, "existing", "the entry is as on the base branch")
            return Judged(finding, "fix")
        if finding.rule == "entry-missing":
            return self._judge_missing_entry(finding)
        if finding.rule in _REBUILT_RULES or finding.rule == "edited":
            # A generated file this pull request edited by hand is a separate finding (see _hand_edits).
            return Judged(finding, "rebuild", "the rebuild on the main branch rewrites it after the merge")
        return Judged(finding, "fix")

    def _judge_missing_entry(self, finding: Finding) -> Judged:
        unit = finding.message.split(":", 1)[0]
        message = self._base_entries(finding.locale or "").get(unit)
        if message is not None and message.msgstr:
            return Judged(finding, "fix")  # deleting the entry would lose the translation the base has
        return Judged(finding, "rebuild", "build adds the entry back; it had no translation")

    def _language_emptied(self, finding: Finding) -> bool:
        """Whether the catalog's ``Language`` header is empty: a tool that rebuilt the header from the template
        (translate-toolkit's pot2po) left it so; it names no other language, and build fills it in."""
        catalog = self.head_catalog(finding.locale or "")
        return catalog is not None and not catalog.headers.get("Language", "").strip()

    def _entry_unchanged(self, finding: Finding, path: Path) -> bool:
        """Whether the entry (or header) at the finding's line is the same on the base branch."""
        code = finding.locale or path.parent.parent.name
        after, before = self.head_catalog(code), self.base_catalog(code)
        if after is None or before is None or finding.line is None:
            return False
        entry = _entry_at(after, finding.line)
        if entry is None:
            return after.headers == before.headers
        if entry.msgctxt is None or entry.obsolete:
            return any(m.key == entry.key and _same_entry(m, entry) for m in before.messages)
        old = self._base_entries(code).get(entry.msgctxt)
        return old is not None and _same_entry(old, entry)

    def _base_entries(self, code: str) -> dict[str, Message]:
        """The base catalog's live entries by stable ID (built once per locale)."""
        if code not in self._base_index:
            before = self.base_catalog(code)
            self._base_index[code] = before.by_context() if before is not None else {}
        return self._base_index[code]

    def _base_counts(self, code: str, before: Catalog) -> Counts:
        """The base catalog's coverage as ``build`` counted it: what its README published.

        When the pull request leaves the roadmap alone (a translator's), the base catalog is judged
        against today's roadmap like the head one, so a withheld translation counts on neither side.
        Otherwise the English moved under it: its confirmed entries are counted as they stand.
        """
        roadmap_folder = self.cfg.roadmap.parent
        if any(path.is_relative_to(roadmap_folder) for path in self.changed):
            return _counts(before)
        live = sum(1 for message in before.messages if not message.obsolete)
        return Counts(publish(self.project.roadmap, before, self.project.readme_target(code)).translated, live)

    def _coverage_kept(self, finding: Finding) -> bool:
        code = finding.locale or ""
        before = self.base_catalog(code)
        status = next((s for s in self.report.statuses if s.code == code), None)
        return (
            before is not None
            and status is not None
            and status.translated >= self._base_counts(code, before).translated
        )

    def _hand_edits(self) -> list[Finding]:
        """Generated files this pull request changed with lines build would not write: edited by hand."""
        if self.report.plan is None:
            return []
        findings = []
        for path, expected in self.report.plan.outputs.items():
            if path not in self.changed or path.suffix == ".po" or not path.exists():
                continue
            found = read_input(path, root=self.cfg.root)  # a link or special file is refused, never quoted
            if found == expected.encode("utf-8"):
                continue
            base = self.repository.read(self.base, path)
            line = _first_hand_edit(base, found, expected)
            if line is not None:  # written by build at an earlier commit of the change, perhaps
                line = _first_hand_edit(base, found, expected, self._rebuilt_lines(path))
            if line is not None:
                findings.append(self._hand_edit_finding(path, line))
        return findings

    def _rebuilt_lines(self, path: Path) -> list[str]:
        """A locale's README as build writes it, with :data:`_SLOT` in the place of every unit whose translation
        this pull request changed (digits as ``#``); [] when it changed none.

        Such a line may show an older translation when the README was built at an earlier commit of the
        pull request (the translator ran ``build`` once, or ``init-locale`` made the README of a new locale,
        and the catalog was edited after): build wrote it, nobody edited it by hand.
        """
        code = next((c for c in self.codes if self.cfg.readme_path(c) == path), None)
        after = self.head_catalog(code) if code is not None else None
        if code is None or after is None:
            return []
        changed = {change.unit for change in _entry_changes(self.base_catalog(code), after, [])}
        if not changed:
            return []
        publication = self.project.publication(code)

        def mark(unit: Text, shown: str) -> str:
            return _SLOT if unit.id in changed else shown

        target = self.project.readme_target(code)
        marked = render_readme(
            self.project.roadmap, publication.shown, target, mark=mark, withheld=len(publication.withheld)
        )
        return [_DIGITS.sub("#", line) for line in marked.split("\n")]

    def _hand_edit_finding(self, path: Path, line: int) -> Finding:
        rel = self.cfg.relative(path)
        check = "catalog-drift" if path.suffix == ".pot" else "readme-drift" if path.suffix == ".md" else "output-drift"
        source = "the roadmap YAML" if path.suffix == ".pot" else "the locale's .po file (or the roadmap YAML)"
        message = (
            f"this pull request edits a generated file by hand: line {line} is not what build writes, and the "
            "rebuild after the merge would overwrite it"
        )
        hint = f"undo the change to {rel}; make it in {source} instead"
        return Finding(check, "error", rel, line, message, hint, rule="hand-edit")


def _first_hand_edit(base: bytes | None, found: bytes, expected: str, marked: Sequence[str] = ()) -> int | None:
    """1-based line of the first line the change added that build would not write (None: every added line is).

    Digits are compared loosely: a status line or table row another merge moved on ("86 of 463" where
    build now writes "87 of 463") was written by build, not by hand. ``marked`` is the file as build writes
    it with :data:`_SLOT` for the units the change translated (see ``_Reviewer._rebuilt_lines``): a line in
    the place of one of its lines with slots, and equal to it with any text in the slots, was written by
    build with another translation, unless it renders a link target, HTML or structure that the line build
    writes there now lacks (then a hand edit hid there).
    """
    from difflib import SequenceMatcher

    from roadmapi18n.judge import compare_markdown

    old = split_lines(base or b"")
    new = split_lines(found)
    lines = [_DIGITS.sub("#", line.decode("utf-8", "replace")) for line in new]
    written = {_DIGITS.sub("#", line) for line in expected.split("\n")}
    # (pattern, the line build writes there now) for each line in the place of a line with slots.
    rebuilt: dict[int, tuple[re.Pattern[str], str]] = {}
    expected_lines = expected.split("\n")
    if len(expected_lines) == len(marked):  # else a translation spans lines: no line is build's but by equality
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, lines, list(marked), autojunk=False).get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                for offset in range(i2 - i1):
                    if _SLOT in marked[j1 + offset]:
                        pieces = marked[j1 + offset].split(_SLOT)
                        pattern = re.compile(".*".join(re.escape(piece) for piece in pieces))
                        rebuilt[i1 + offset] = pattern, expected_lines[j1 + offset]
    for tag, _, _, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "insert"):
            for index in range(j1, j2):
                if lines[index] in written:
                    continue
                place = rebuilt.get(index)
                if place is None or not place[0].fullmatch(lines[index]):
                    return index + 1
                # Build's line, with another translation in the slots: one the judge would have let through
                # shows no link target, HTML or structure that the line build writes now does not.
                if compare_markdown(place[1], new[index].decode("utf-8", "replace")):
                    return index + 1
    return None


def _state(message: Message | None) -> Literal["missing", "untranslated", "fuzzy", "translated"]:
    """Where an entry stands, as build counts it (a confirmed copy of the English counts as translated)."""
    if message is None:
        return "missing"
    if message.fuzzy:
        return "fuzzy" if message.has_translation else "untranslated"
    if message.translated:
        return "translated"
    return "untranslated"


def _entry_changes(before: Catalog | None, after: Catalog, lines: list[bytes]) -> list[EntryChange]:
    """Entry by entry (live entries, by stable ID), what changed between the base and the pull request."""
    old = before.by_context() if before is not None else {}
    new = after.by_context()
    changes = []
    for unit in [*new, *(unit for unit in old if unit not in new)]:
        was, now = old.get(unit), new.get(unit)
        kind = _change_kind(was, now)
        if kind is None:
            continue
        line = _msgstr_line(lines, now.lineno) if now is not None else None
        english = now.msgid if now is not None else was.msgid if was is not None else ""
        changes.append(EntryChange(unit, kind, line, english, _text(was), _text(now)))
    return changes


def _change_kind(was: Message | None, now: Message | None) -> ChangeKind | None:
    """How an entry changed, or None if its translation and state did not.

    >>> _change_kind(Message("Hi", ""), Message("Hi", "Chào"))
    'translated'
    >>> _change_kind(Message("Hi", "Chào", flags=["fuzzy"]), Message("Hi", "Chào"))
    'reviewed'
    """
    before, after = _state(was), _state(now)
    if after == "translated":
        if before == "translated":
            return "changed" if _text(was) != _text(now) else None
        return "reviewed" if before == "fuzzy" else "translated"
    if after == "fuzzy":
        if before == "translated":
            return "unreviewed"
        return "suggested" if before != "fuzzy" or _text(was) != _text(now) else None
    if before in ("translated", "fuzzy"):
        return "removed"
    return None


def _text(message: Message | None) -> str:
    if message is None:
        return ""
    return message.msgstr if message.msgid_plural is None else " | ".join(message.msgstr_plural)


def _same_entry(a: Message, b: Message) -> bool:
    return (a.msgid, a.msgid_plural, a.msgstr, a.msgstr_plural, a.fuzzy) == (
        b.msgid,
        b.msgid_plural,
        b.msgstr,
        b.msgstr_plural,
        b.fuzzy,
    )


def _entry_at(catalog: Catalog, line: int) -> Message | None:
    """The entry whose lines hold ``line`` (None: the header, before the first entry)."""
    found = None
    for message in catalog.messages:
        if message.lineno and message.lineno <= line:
            found = message
        elif message.lineno > line:
            break
    return found


def _msgstr_line(lines: list[bytes], start: int) -> int | None:
    for index in range(max(start, 1) - 1, min(len(lines), start + 200)):
        if lines[index].startswith(b"msgstr"):
            return index + 1
    return start or None


def _counts(catalog: Catalog) -> Counts:
    live = [m for m in catalog.messages if not m.obsolete]
    return Counts(sum(1 for m in live if _state(m) == "translated"), len(live))
