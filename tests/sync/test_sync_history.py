"""The course's real history, as a maintainer meets it: the shipped project synced through upstream revisions in
many orders (back to older ones, forward again, at random).

The shipped project (``roadmap/`` at 713c366, with its vi, zh_Hant and zh_Hans catalogs) is the starting state.
After every sync:

* nothing crashed, and render reproduces the README;
* no translation is lost: every translation of every catalog before is somewhere after (confirmed, fuzzy
  or obsolete);
* no translation is published for other English: a confirmed entry's English has the wording (link targets,
  markup and case aside: the carry rules) of English the translation was confirmed for in the shipped catalogs;
* coming back to a revision restores the confirmed translations it had (each English it had confirmed is
  confirmed again, with the same translation);
* syncing the same revision again changes nothing;
* (after the order that once crashed) ``check`` and ``msgfmt -c`` pass.

States are cached by the sequence of revisions that led to them, so walks share their common starts.
The default run walks the order that once crashed (KeyError in align_english) and a few random orders;
``-m slow`` walks the course forward, backward and forward, and many more random orders.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import Gettext
from roadmapi18n.catalog import Catalog, read_po
from roadmapi18n.checks import run_checks
from roadmapi18n.project import Project
from roadmapi18n.sync import plan_sync, write_sync
from roadmapi18n.sync.carry import lost_translations, without_targets, wording
from sync_helpers import DATA

REPO = Path(__file__).resolve().parents[2]
UPSTREAM = DATA / "upstream"
REVISIONS = ("1c2b766", "d105af2", "87306ca", "e472998", "713c366")
"""The upstream revisions in tests/data/upstream, oldest first."""
SHIPPED = "713c366"
"""The revision roadmap/ follows."""
KNOWN_GAPS = {
    "87306ca": ("row: Visualizing GPT-2's Loss Landscape |",),
    "d105af2": ("row: Visualizing GPT-2's Loss Landscape |",),
    "1c2b766": ("row: ", "html: ", "paragraph: Special thanks to:", "paragraph: Disclaimer:"),
}
"""What render does not reproduce of the older revisions (sync reports it): notebook rows whose article link
says "Tweet" or whose Colab cell says "W.I.P.", and 1c2b766's header and prose acknowledgements."""
LOCALES = ("vi", "zh_Hant", "zh_Hans")

Walk = tuple[str, ...]


def _readme(revision: str) -> str:
    return (UPSTREAM / f"README-{revision}.md").read_text(encoding="utf-8")


def _confirmed(catalog: Catalog) -> set[tuple[str, str]]:
    """(English, translation without link targets) of the confirmed live entries."""
    return {
        (m.msgid, without_targets(m.msgstr)) for m in catalog.messages if m.msgstr and not m.fuzzy and not m.obsolete
    }


@dataclass
class State:
    """The project's files (path relative to its root → bytes) and catalogs after a walk."""

    files: dict[str, bytes]
    catalogs: dict[str, Catalog]


@dataclass
class History:
    """Syncs the shipped project along walks of revisions, one cached state per walk."""

    root: Path
    states: dict[Walk, State] = field(default_factory=dict)
    idle: set[Walk] = field(default_factory=set)
    """Walks whose last revision, synced again, changes nothing (checked once each)."""
    confirmed_for: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """(locale, translation without link targets) → the wordings it is confirmed for in the shipped catalogs."""

    def __post_init__(self) -> None:
        start = self._snapshot()
        self.states[()] = start
        for code, catalog in start.catalogs.items():
            for message in catalog.messages:
                if message.msgstr and not message.fuzzy:
                    key = (code, without_targets(message.msgstr))
                    self.confirmed_for.setdefault(key, set()).add(wording(message.msgid))

    def _snapshot(self) -> State:
        files = {str(p.relative_to(self.root)): p.read_bytes() for p in self.root.rglob("*") if p.is_file()}
        catalogs = {code: read_po(self.root / "locales" / code / "LC_MESSAGES" / "roadmap.po") for code in LOCALES}
        return State(files, catalogs)

    def restore(self, state: State) -> None:
        """Make the project's files those of ``state``."""
        for path in [p for p in self.root.rglob("*") if p.is_file()]:
            if str(path.relative_to(self.root)) not in state.files:
                path.unlink()
        for name, data in state.files.items():
            path = self.root / name
            if not path.exists() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)

    def state(self, walk: Walk) -> State:
        """The project after syncing the revisions of ``walk`` in order (checking each step)."""
        if walk not in self.states:
            before = self.state(walk[:-1])
            self.restore(before)
            plan = plan_sync(Project.open(self.root), _readme(walk[-1]), source=walk[-1])
            gaps = KNOWN_GAPS.get(walk[-1], ())
            assert all(any(gap in line for gap in gaps) for line in plan.report.fidelity), (walk, plan.report.fidelity)
            write_sync(plan)
            after = self._snapshot()
            self._check_step(walk, before, after)
            self.states[walk] = after
        return self.states[walk]

    def _check_step(self, walk: Walk, before: State, after: State) -> None:
        for code in LOCALES:
            lost = lost_translations(before.catalogs[code], after.catalogs[code])
            assert lost == [], (walk, code, [m.msgctxt for m in lost])
            for message in after.catalogs[code].messages:
                if message.obsolete or message.fuzzy or not message.msgstr:
                    continue
                made_for = self.confirmed_for.get((code, without_targets(message.msgstr)), set())
                assert wording(message.msgid) in made_for, (walk, code, message.msgctxt, message.msgid)

    def walk(self, walk: Walk) -> None:
        """Sync along ``walk``; check the revisits and that a second sync of the last revision changes nothing."""
        visits: dict[str, dict[str, set[tuple[str, str]]]] = {
            SHIPPED: {code: _confirmed(c) for code, c in self.state(()).catalogs.items()}
        }
        for end in range(1, len(walk) + 1):
            revision, state = walk[end - 1], self.state(walk[:end])
            confirmed = {code: _confirmed(c) for code, c in state.catalogs.items()}
            for code, earlier in visits.get(revision, {}).items():
                missing = earlier - confirmed[code]
                assert not missing, (walk[:end], code, sorted(missing)[:5])
            visits[revision] = confirmed
        self.sync_again(walk)

    def sync_again(self, walk: Walk) -> None:
        if walk and walk not in self.idle:
            self.restore(self.state(walk))
            again = plan_sync(Project.open(self.root), _readme(walk[-1]), source=walk[-1])
            report = again.report
            assert (report.changed_files, report.added, report.reworded, report.moved) == ([], [], [], {}), walk
            self.idle.add(walk)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("history") / "project"
    root.mkdir()
    for name in ("roadmapi18n.toml", "README.md"):
        shutil.copy2(REPO / name, root)
    for folder in ("roadmap", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    return History(root)


def test_the_shipped_project_is_at_the_latest_revision(history: History) -> None:
    history.sync_again((SHIPPED,))  # the shipped state is what syncing 713c366 gives: nothing to change


def test_back_to_older_revisions_and_forward_again(history: History, gettext: Gettext) -> None:
    """The order that once ended in a KeyError: a section that moves back to its part and gains an introduction."""
    walk = ("87306ca", "d105af2", "1c2b766", "713c366")
    history.walk(walk)
    history.restore(history.state(walk))
    report = run_checks(Project.open(history.root))
    assert not report.failed, [f for f in report.findings if f.severity == "error"]
    for code in LOCALES:
        gettext.check(history.root / "locales" / code / "LC_MESSAGES" / "roadmap.po")


@pytest.mark.slow
def test_oldest_to_newest(history: History) -> None:
    history.walk(REVISIONS)


@pytest.mark.slow
def test_newest_to_oldest_to_newest(history: History) -> None:
    backwards = REVISIONS[-2::-1]
    history.walk((*backwards, *REVISIONS[1:]))


_HISTORY = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a walk is a few seconds: report a failure as found
    suppress_health_check=[HealthCheck.too_slow],
)
_WALKS = st.lists(st.sampled_from(REVISIONS), min_size=2, max_size=3).map(tuple)


@settings(_HISTORY, max_examples=2)
@given(walk=_WALKS)
def test_random_orders(history: History, walk: Walk) -> None:
    history.walk(walk)


@pytest.mark.slow
@settings(_HISTORY, max_examples=20)
@given(walk=st.lists(st.sampled_from(REVISIONS), min_size=2, max_size=6).map(tuple))
def test_random_orders_many(history: History, walk: Walk) -> None:
    history.walk(walk)
