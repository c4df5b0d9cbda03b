"""Rendering READMEs: golden files, fidelity to the original English README, valid links and anchors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from roadmapi18n.importer.blocks import parse_blocks
from roadmapi18n.render import Language, RenderTarget, _Slugger, render_readme
from roadmapi18n.roadmap import load_roadmap
from roadmapi18n.sync.fidelity import compare, headings

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


def _english(root: Path, *, locales: tuple[tuple[str, str], ...] = ()) -> str:
    roadmap = load_roadmap(root / "roadmap" / "course.yaml", root=root)
    readme = root / "roadmap" / "README.md"
    languages = [Language("en", "English", readme)] + [
        Language(code, label, root / "locales" / code / "README.md") for code, label in locales
    ]
    return render_readme(roadmap, {}, RenderTarget("en", readme, root / "roadmap", languages))


def _link_targets(markdown: str) -> list[str]:
    """Every link and image target in a Markdown document, HTML attributes included."""
    md = MarkdownIt("commonmark").enable("table")
    targets: list[str] = []

    def walk(tokens: list) -> None:  # type: ignore[type-arg]
        for token in tokens:
            if token.type == "link_open":
                targets.append(str(token.attrs["href"]))
            elif token.type == "image":
                targets.append(str(token.attrs["src"]))
            elif token.type in ("html_block", "html_inline"):
                targets.extend(re.findall(r'(?:href|src)="([^"]*)"', token.content))
            if token.children:
                walk(token.children)

    walk(md.parse(markdown))
    return targets


def test_mini_english_readme_matches_golden(mini_project: Path) -> None:
    rendered = _english(mini_project, locales=(("vi", "Tiếng Việt"),))
    golden = DATA / "mini" / "expected" / "README.en.md"
    assert rendered == golden.read_text(encoding="utf-8")


def test_english_readme_reproduces_the_upstream_course() -> None:
    """The shipped roadmap follows upstream 713c366: same blocks and text, same URLs, same headings."""
    upstream = (DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8")
    rendered = _english(REPO, locales=(("vi", "Tiếng Việt"), ("zh_Hant", "繁體中文")))
    switcher = frozenset({"../locales/vi/README.md", "../locales/zh_Hant/README.md"})
    assert compare(upstream, rendered, ours=switcher).lines() == []
    assert (
        len(headings(parse_blocks(rendered, layout=True))) == 29
    )  # notebooks and 4 tables, 3 parts, 20 sections, acknowledgements


def test_english_readme_tables_have_consistent_columns() -> None:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(_english(REPO))
    tables = 0
    cells_per_row: list[int] = []
    for token in tokens:
        if token.type == "table_open":
            tables += 1
        elif token.type == "tr_open":
            cells_per_row.append(0)
        elif token.type in ("th_open", "td_open"):
            cells_per_row[-1] += 1
        elif token.type == "table_close":
            assert len(set(cells_per_row)) == 1, cells_per_row
            cells_per_row = []
    assert tables == 4


def test_the_list_of_parts_is_written_as_the_course_writes_it() -> None:
    """No anchor links of our own: the English README reproduces the upstream course's Markdown."""
    rendered = _english(REPO)
    assert [t for t in _link_targets(rendered) if t.startswith("#")] == []
    assert re.search(r"^1\. 🧩 \*\*LLM Fundamentals\*\* ", rendered, re.M)


def test_relative_links_work_from_the_readme_folder(mini_project: Path) -> None:
    rendered = _english(mini_project, locales=(("vi", "Tiếng Việt"),))
    relative = [t for t in _link_targets(rendered) if not re.match(r"^(https?:|#)", t)]
    assert relative == ["../locales/vi/README.md", "img/basics.png"]


def test_table_cells_escape_pipes(mini_project: Path) -> None:
    rendered = _english(mini_project)
    assert "Evaluate models \\| automatically." in rendered


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("🧩 LLM Fundamentals", "-llm-fundamentals"),
        ("🧑\u200d🔬 The LLM Scientist", "-the-llm-scientist"),
        ("4. Supervised Fine-Tuning", "4-supervised-fine-tuning"),
        ("🧩 Cơ bản về LLM", "-cơ-bản-về-llm"),
        ("1. 機器學習數學", "1-機器學習數學"),
        ("**Bold** and `code` (x)", "bold-and-code-x"),
    ],
    ids=lambda value: value,
)
def test_github_heading_anchors(heading: str, anchor: str) -> None:
    assert _Slugger().slug(heading) == anchor


def _without(course: Path, start: str, end: str) -> None:
    """Cut the lines of ``course`` from the one starting with ``start`` up to the one starting with ``end``."""
    text = course.read_text(encoding="utf-8")
    course.write_text(text[: text.index(f"\n{start}") + 1] + text[text.index(f"\n{end}") + 1 :], encoding="utf-8")


def test_a_roadmap_without_acknowledgements_loads_renders_and_extracts(mini_project: Path) -> None:
    """A course without a closing section (sync removes it when upstream has none) has no acknowledgements."""
    from roadmapi18n.extract import extract_messages

    course = mini_project / "roadmap" / "course.yaml"
    full = _english(mini_project)
    _without(course, "acknowledgements:", "disclaimer:")
    roadmap = load_roadmap(course, root=mini_project)
    assert roadmap.acknowledgements is None and roadmap.disclaimer is not None
    contexts = [message.msgctxt for message in extract_messages(roadmap)]
    assert "course.disclaimer" in contexts and not [c for c in contexts if c and c.startswith("acknowledgements.")]
    rendered = _english(mini_project)
    cut = full.index("## Acknowledgements")
    assert rendered == full[:cut] + full[full.index("*Disclaimer") :]  # the rule before it stays, nothing else

    _without(course, "disclaimer:", "labels:")  # neither: the README ends with the last part
    roadmap = load_roadmap(course, root=mini_project)
    assert roadmap.disclaimer is None and "course.disclaimer" not in [t.id for t in roadmap.texts()]
    assert _english(mini_project) == full[: full.rindex("\n---\n")]


def test_acknowledgements_without_text_or_thanks_render_their_heading_only(mini_project: Path) -> None:
    course = mini_project / "roadmap" / "course.yaml"
    full = _english(mini_project)
    _without(course, "  text: Inspired", "disclaimer:")
    roadmap = load_roadmap(course, root=mini_project)
    assert roadmap.acknowledgements is not None
    assert (roadmap.acknowledgements.text, roadmap.acknowledgements.thanks_lead) == (None, None)
    assert roadmap.acknowledgements.thanks == ()
    cut = full.index("## Acknowledgements\n") + len("## Acknowledgements\n")
    assert _english(mini_project) == full[:cut] + "\n" + full[full.index("*Disclaimer") :]


def test_a_roadmap_without_notebooks_loads_renders_and_extracts(mini_project: Path) -> None:
    """A course without a notebooks section (sync removes it when upstream has none) has no notebooks."""
    from roadmapi18n.extract import extract_messages

    course = mini_project / "roadmap" / "course.yaml"
    full = _english(mini_project)
    _without(course, "notebooks:", "parts:")
    roadmap = load_roadmap(course, root=mini_project)
    assert (roadmap.notebooks_title, roadmap.notebooks_intro, roadmap.notebook_tables) == (None, None, ())
    contexts = [message.msgctxt for message in extract_messages(roadmap)]
    assert contexts and not [c for c in contexts if c and c.startswith("notebooks.")]
    start, end = full.index("## 📝 Notebooks"), full.index("## 🧩")
    assert _english(mini_project) == full[:start] + full[end:]


def test_a_colab_link_needs_the_badge(mini_project: Path) -> None:
    from roadmapi18n.errors import RoadmapError

    course = mini_project / "roadmap" / "course.yaml"
    _without(course, "  colab_badge:", "  tables:")
    with pytest.raises(RoadmapError, match="links to Colab but the notebooks have no 'colab_badge'"):
        load_roadmap(course, root=mini_project)


def fold_resources(root: Path, summary: str = "📚 Resources") -> None:
    """Fold the resources of the mini course's first section in a toggle with ``summary``."""
    part = root / "roadmap" / "parts" / "basics.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("    resources:\n", f"    resources_toggle: {summary}\n    resources:\n", 1), "utf-8")


FOLDED_LIST = "* [The Essence of Linear Algebra](https://example.com/essence) by 3Blue1Brown: A video series.\n\n"


def test_a_folded_resource_list_renders_its_toggle_in_place_of_the_label(mini_project: Path) -> None:
    fold_resources(mini_project)
    golden = (DATA / "mini" / "expected" / "README.en.md").read_text(encoding="utf-8")
    label = "📚 **References**:\n\n" + FOLDED_LIST
    assert label in golden
    folded = "<details>\n<summary>📚 Resources</summary>\n\n" + FOLDED_LIST + "</details>\n\n"
    assert _english(mini_project, locales=(("vi", "Tiếng Việt"),)) == golden.replace(label, folded)


def test_a_toggle_summary_is_escaped_as_html_text(mini_project: Path) -> None:
    fold_resources(mini_project, '"Papers & <talks>"')
    assert "\n<summary>Papers &amp; &lt;talks&gt;</summary>\n" in _english(mini_project)
