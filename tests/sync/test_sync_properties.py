"""Property tests of sync.

1. Syncing the English README that ``render`` just wrote changes nothing, for random courses.
2. Random sequences of upstream edits (rewordings, new links, moves, inserts, deletes, renamed and
   reordered sections) with translators at work in between never lose a translation and never
   publish one for other English.

The default runs try a few examples; ``-m slow`` runs many more.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from roadmapi18n.build import build_project
from roadmapi18n.catalog import write_po
from roadmapi18n.project import Project
from roadmapi18n.sync import plan_sync
from sync_helpers import SMALL_README, Invariants, catalog, new_small_course, sync

PROPERTY = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    # Courses come from st.randoms, which shrinks slowly (minutes): a failure is reported as found.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = ["model", "LoRA", "fine-tuning", "RAG", "agents", "tokens", "GPU", "2024", "yes", "data", "the", "of"]
WORDS += ["học máy", "tinh chỉnh", "大型語言模型", "微調", "`numpy`", "**bold**", "*it*", "C++", "Q&A", "(beta)"]
EMOJI = ["🧩", "🧑\u200d🔬", "👷", "📝", "🚀", "🦎"]


# --- random courses ------------------------------------------------------------------------------


class Course:
    """Random course data, written the way the YAML holds it (IDs are plain counters)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0

    def id(self, stem: str) -> str:
        self.count += 1
        return f"{stem}-{self.count}"

    def words(self, low: int = 1, high: int = 6) -> str:
        text = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))
        if self.rng.random() < 0.25:
            text += f" [{self.rng.choice(WORDS[:9])}](https://example.com/{self.rng.randint(0, 99)})"
        return text

    def url(self) -> str:
        return f"https://example.org/{self.id('page')}"

    def title(self, used: set[str]) -> str:
        while True:
            title = " ".join(self.rng.choice(WORDS[:12]) for _ in range(self.rng.randint(1, 3))).capitalize()
            title += f" {self.count}"
            self.count += 1
            if title not in used:
                used.add(title)
                return title

    def topic(self) -> dict[str, Any]:
        topic: dict[str, Any] = {"id": self.id("t"), "title": self.title(set())}
        if self.rng.random() < 0.3:
            topic["url"] = self.url()
        topic["description"] = self.words(2, 12)
        return topic

    def resource(self) -> dict[str, Any]:
        resource: dict[str, Any] = {"id": self.id("r"), "title": self.title(set()), "url": self.url()}
        if self.rng.random() < 0.5:
            resource["author"] = self.rng.choice(["3Blue1Brown", "Nguyễn Văn A", "李小龍"])
        resource["description"] = self.words(2, 10)
        return resource

    def section(self) -> dict[str, Any]:
        section: dict[str, Any] = {"id": self.id("s"), "title": self.title(set())}
        if self.rng.random() < 0.7:
            section["intro"] = self.words(3, 12)
        section["topics"] = [self.topic() for _ in range(self.rng.randint(1, 3))]
        resources = [self.resource() for _ in range(self.rng.randint(0, 2))]
        if resources:
            section["resources"] = resources
        return section

    def part(self, title: str) -> dict[str, Any]:
        part: dict[str, Any] = {"emoji": self.rng.choice(EMOJI), "title": title, "summary": self.words(2, 8)}
        if self.rng.random() < 0.7:
            part["intro"] = self.words(3, 12)
        if self.rng.random() < 0.3:
            part["toggle"] = "Toggle section"
        if self.rng.random() < 0.5:
            part["image"] = "img/roadmap.png"
        part["resources_label"] = self.rng.choice(["resources", "references"])
        part["bullet"] = self.rng.choice(["-", "*"])
        part["sections"] = [self.section() for _ in range(self.rng.randint(1, 3))]
        return part

    def course(self, part_ids: list[str]) -> dict[str, Any]:
        rng = self.rng
        course: dict[str, Any] = {}
        if rng.random() < 0.5:
            course |= {"emoji": "🗣️", "title": self.title(set())}  # an HTML <h1>: no Markdown
        else:
            course["banner"] = {"src": "img/banner.png", "alt": self.words(1, 3)}
        course["links"] = [
            {"id": self.id("l"), "emoji": rng.choice(EMOJI), "label": self.title(set()), "url": self.url()}
            for _ in range(rng.randint(1, 3))
        ]
        blocks = []
        if rng.random() < 0.5:
            blocks.append({"id": self.id("b"), "kind": "alert", "at": "parts", "text": self.words(), "alert": "NOTE"})
        if rng.random() < 0.5:
            blocks.append({"id": self.id("b"), "kind": "paragraph", "at": "parts", "text": self.words(3, 8)})
        if rng.random() < 0.5:
            blocks += [
                {"id": self.id("b"), "kind": "rule", "at": "end"},
                {
                    "id": self.id("b"),
                    "kind": "image",
                    "at": "end",
                    "text": "Chart",
                    "src": self.url(),
                    "link": self.url(),
                },
            ]
        if blocks:
            course["blocks"] = blocks
        course["parts_lead"] = self.words(2, 6) + ":"
        notebooks = []
        for _ in range(rng.randint(1, 2)):
            article = rng.random() < 0.5
            table: dict[str, Any] = {"id": self.id("tab"), "title": self.title(set())}
            if not article:
                table["article_column"] = False
            rows = []
            for _ in range(rng.randint(1, 3)):
                row: dict[str, Any] = {"id": self.id("nb"), "name": self.title(set()), "description": self.words(2, 8)}
                if article and rng.random() < 0.7:
                    row["article"] = self.url()
                if rng.random() < 0.8:
                    row["colab"] = f"https://colab.research.google.com/drive/{self.id('x')}"
                rows.append(row)
            table["notebooks"] = rows
            notebooks.append(table)
        course["notebooks"] = {
            "emoji": "📝",
            "title": "Notebooks",
            "intro": self.words(2, 8),
            **({"toggle": "Toggle section (optional)"} if rng.random() < 0.5 else {}),
            "colab_badge": "img/colab.svg",
            "tables": notebooks,
        }
        course["parts"] = part_ids
        course["acknowledgements"] = {
            "title": "Acknowledgements",
            "text": self.words(3, 8),
            "thanks_lead": "Special thanks to:",
            "thanks": [{"id": self.id("th"), "text": self.words(2, 6)} for _ in range(rng.randint(1, 3))],
        }
        course["disclaimer"] = "Disclaimer: " + self.words(2, 6)
        course["labels"] = {
            "notebook": "Notebook",
            "description": "Description",
            "article": "Article",
            "colab-column": "Notebook",
            "open-in-colab": "Open In Colab",
            "resources": "Resources",
            "references": "References",
            "by-author": "by {author}",
            "translation-status": "{percent}% ({translated}/{total}), see [{catalog}]({catalog}).",
        }
        return course


def write_course(root: Path, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    yaml = YAML(typ="rt")
    yaml.width = 1 << 16
    folder = root / "roadmap"
    shutil.rmtree(folder / "parts", ignore_errors=True)
    (folder / "parts").mkdir(parents=True)
    with (folder / "course.yaml").open("w", encoding="utf-8") as stream:  # test scaffolding, not the toolkit
        yaml.dump(course, stream)
    for part_id, part in parts.items():
        with (folder / "parts" / f"{part_id}.yaml").open("w", encoding="utf-8") as stream:
            yaml.dump(part, stream)


@contextmanager
def project_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "roadmapi18n.toml").write_text('name = "Random"\n\n[[locales]]\ncode = "vi"\nlabel = "Tiếng Việt"\n')
        yield root


def random_course(rng: random.Random) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    maker = Course(rng)
    used: set[str] = set()
    parts = {f"part-{n}": maker.part(maker.title(used)) for n in range(rng.randint(1, 3))}
    return maker.course(list(parts)), parts


def _render_english(root: Path) -> str:
    build_project(Project.open(root))
    return (root / "roadmap" / "README.md").read_text(encoding="utf-8")


def _sync_of_render_changes_nothing(rng: random.Random) -> None:
    with project_dir() as root:
        write_course(root, *random_course(rng))
        readme = _render_english(root)
        files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        plan = plan_sync(Project.open(root), readme)
        report = plan.report
        assert report.fidelity == [], report.fidelity
        assert (report.added, report.removed, report.reworded, report.moved, report.ambiguous) == ([], [], [], {}, [])
        assert report.changed_files == [], report.changed_files
        assert report.generic_blocks == [] or all(
            b["kind"] in ("alert", "paragraph", "rule", "image") for b in report.generic_blocks
        )
        assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == files


@settings(PROPERTY, max_examples=4)
@given(st.randoms(use_true_random=False))
def test_sync_of_the_rendered_english_changes_nothing(rng: random.Random) -> None:
    _sync_of_render_changes_nothing(rng)


@pytest.mark.slow
@settings(PROPERTY, max_examples=60)
@given(st.randoms(use_true_random=False))
def test_sync_of_the_rendered_english_changes_nothing_many(rng: random.Random) -> None:
    _sync_of_render_changes_nothing(rng)


# --- random edit sequences -----------------------------------------------------------------------


def _load(root: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    yaml = YAML(typ="safe", pure=True)
    course = yaml.load((root / "roadmap" / "course.yaml").read_text(encoding="utf-8"))
    parts = {
        p: yaml.load((root / "roadmap" / "parts" / f"{p}.yaml").read_text(encoding="utf-8")) for p in course["parts"]
    }
    return course, parts


def _sections(parts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [section for part in parts.values() for section in part["sections"]]


def _reword(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    section = rng.choice(_sections(parts))
    items = [section, *section["topics"], *section.get("resources", [])]
    item = rng.choice(items)
    key = rng.choice([k for k in ("title", "description", "intro") if k in item])
    item[key] = f"{item[key]} {rng.choice(['now', 'today', 'again'])}"


def _relink(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    topic = rng.choice([t for s in _sections(parts) for t in s["topics"]])
    topic["description"] = (
        topic["description"].replace("](https://", "](https://new.")
        if "](https://" in topic["description"]
        else topic["description"] + f" See [docs](https://example.net/{rng.randint(0, 9)})."
    )


def _move(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    sections = _sections(parts)
    source = rng.choice([s for s in sections if len(s["topics"]) > 1] or sections)
    if len(source["topics"]) > 1:
        topic = source["topics"].pop(rng.randrange(len(source["topics"])))
        target = rng.choice(sections)
        target["topics"].insert(rng.randint(0, len(target["topics"])), topic)


def _delete(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    section = rng.choice(_sections(parts))
    if len(section["topics"]) > 1:
        section["topics"].pop(rng.randrange(len(section["topics"])))


def _insert(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    section = rng.choice(_sections(parts))
    number = rng.randint(100, 999)
    section["topics"].append({"id": f"new-{number}", "title": f"New topic {number}", "description": "Brand new."})


def _reorder(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    part = rng.choice(list(parts.values()))
    rng.shuffle(part["sections"])


def _rename_section(rng: random.Random, course: dict[str, Any], parts: dict[str, dict[str, Any]]) -> None:
    section = rng.choice(_sections(parts))
    section["title"] = section["title"] + " and more"


REVERT = "revert"
"""Not an edit of the YAML: upstream goes back to an earlier README of the sequence."""
EDITS: dict[str, Callable[[random.Random, dict[str, Any], dict[str, dict[str, Any]]], None]] = {
    "reword": _reword,
    "relink": _relink,
    "move": _move,
    "delete": _delete,
    "insert": _insert,
    "reorder": _reorder,
    "rename-section": _rename_section,
}


def _edited_readme(root: Path, rng: random.Random, edit: str) -> str:
    """The English README of the course at ``root`` after ``edit``, as upstream would write it."""
    course, parts = _load(root)
    EDITS[edit](rng, course, parts)
    with project_dir() as scratch:
        write_course(scratch, course, parts)
        shutil.copytree(root / "roadmap" / "img", scratch / "roadmap" / "img", dirs_exist_ok=True)
        return _render_english(scratch)


def _translate_some(root: Path, rng: random.Random) -> None:
    po = catalog(root)
    for message in po.messages:
        if not message.obsolete and (not message.msgstr or message.fuzzy) and rng.random() < 0.5:
            message.msgstr, message.fuzzy = f"VI {message.msgid}", False
    write_po(root / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po", po)
    build_project(Project.open(root))


def _confirmed(root: Path) -> set[tuple[str, str]]:
    return {(m.msgid, m.msgstr) for m in catalog(root).messages if m.msgstr and not m.fuzzy and not m.obsolete}


def _edit_sequence(rng: random.Random, edits: list[str], pristine: Path) -> None:
    """Sync each edit in turn; ``revert`` syncs an earlier README again, which must confirm what it confirmed."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        shutil.copytree(pristine, root)
        synced = [(SMALL_README, _confirmed(root))]
        for edit in edits:
            earlier = rng.choice(synced) if edit == REVERT else None
            readme = earlier[0] if earlier is not None else _edited_readme(root, rng, edit)
            before = catalog(root)
            plan = sync(root, readme)
            assert plan.report.fidelity == [], (edit, plan.report.fidelity)
            Invariants(before, catalog(root)).check()
            if earlier is not None:  # translators only ever add translations here: nothing confirmed then is missing
                assert earlier[1] <= _confirmed(root), sorted(earlier[1] - _confirmed(root))[:3]
            if rng.random() < 0.5:
                _translate_some(root, rng)
            synced.append((readme, _confirmed(root)))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_small_course(tmp_path_factory.mktemp("small") / "course")
    (root / "roadmap" / "img").mkdir(exist_ok=True)
    return root


_EDIT_NAMES = st.sampled_from(sorted([*EDITS, REVERT]))
_EDIT_LISTS = st.lists(_EDIT_NAMES, min_size=1, max_size=4)


@settings(PROPERTY, max_examples=2)
@given(st.randoms(use_true_random=False), _EDIT_LISTS)
def test_random_edits_never_lose_or_misplace_a_translation(
    pristine: Path, rng: random.Random, edits: list[str]
) -> None:
    _edit_sequence(rng, edits, pristine)


@pytest.mark.slow
@settings(PROPERTY, max_examples=40)
@given(st.randoms(use_true_random=False), st.lists(_EDIT_NAMES, min_size=1, max_size=8))
def test_random_edits_never_lose_or_misplace_a_translation_many(
    pristine: Path, rng: random.Random, edits: list[str]
) -> None:
    _edit_sequence(rng, edits, pristine)
