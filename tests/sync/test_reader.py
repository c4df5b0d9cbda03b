"""Reading the upstream README: the two given revisions, odd layouts, and inputs sync must refuse."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from roadmapi18n.errors import RoadmapError
from roadmapi18n.sync.plan import read_readme
from roadmapi18n.sync.reader import read_upstream
from sync_helpers import DATA, run_cli


@pytest.fixture(scope="module")
def latest() -> object:
    return read_upstream((DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8"))


def test_the_713c366_header_intro_and_blocks(latest: object) -> None:
    course = latest.course  # type: ignore[attr-defined]
    assert course["banner"] == {"src": "img/banner.png", "alt": "LLM Course"} and "title" not in course
    assert [(link["emoji"], link["label"]) for link in course["links"]][::3] == [
        ("𝕏", "Follow me on X"),
        ("📙", "LLM Engineer's Handbook"),
    ]
    cover, note, deepwiki, rule, star = course["blocks"]
    assert (cover["kind"], cover["at"], cover["inline"], cover["align"], cover["width"]) == (
        "image",
        "header",
        True,
        "right",
        "25%",
    )
    assert (note["kind"], note["alert"], note["at"]) == ("alert", "NOTE", "parts")
    assert deepwiki["text"].startswith("For a more comprehensive version")
    assert (rule["kind"], star["kind"], star["link"]) == (
        "rule",
        "image",
        "https://www.star-history.com/#mlabonne/llm-course&Date",
    )
    assert course["parts_lead"] == "The LLM course is divided into three parts:"
    assert "assistants" not in course


def test_the_713c366_notebooks(latest: object) -> None:
    notebooks = latest.course["notebooks"]  # type: ignore[attr-defined]
    assert notebooks["toggle"] == "Toggle section (optional)" and notebooks["colab_badge"] == "img/colab.svg"
    rows = [row for table in notebooks["tables"] for row in table["notebooks"]]
    assert [len(t["notebooks"]) for t in notebooks["tables"]] == [8, 6, 4, 5]
    assert all(row["colab"].startswith("https://colab.research.google.com/") for row in rows)
    assert notebooks["tables"][0]["article_column"] is False and "article_column" not in notebooks["tables"][1]


def test_the_713c366_parts_and_sections(latest: object) -> None:
    fundamentals, scientist, engineer = latest.parts  # type: ignore[attr-defined]
    assert (fundamentals["toggle"], fundamentals["image"], fundamentals["bullet"]) == (
        "Toggle section (optional)",
        "img/roadmap_fundamentals.png",
        "-",
    )
    assert "image_alt" not in fundamentals and fundamentals["resources_label"] == "resources"
    assert [len(part["sections"]) for part in (fundamentals, scientist, engineer)] == [4, 8, 8]
    dpo = scientist["sections"][4]["topics"][1]
    assert (dpo["title"], dpo["url"], dpo["colon"]) == (
        "Direct Preference Optimization",
        "https://arxiv.org/abs/2305.18290",
        False,
    )
    security = engineer["sections"][7]["resources"][2]
    assert security["author"] == "[@llm_sec](https://twitter.com/llm_sec)"


def test_the_e472998_title_assistants_and_raw_html() -> None:
    old = read_upstream((DATA / "upstream" / "README-e472998.md").read_text(encoding="utf-8"))
    assert (old.course["emoji"], old.course["title"]) == ("🗣️", "Large Language Model Course")
    assert [a["name"] for a in old.course["assistants"]["items"]] == ["HuggingChat Assistant", "ChatGPT Assistant"]
    assert [b["kind"] for b in old.course["blocks"]] == ["rule", "html"]
    assert old.parts[0]["toggle"] == "Toggle section"


def test_a_part_emoji_never_claims_the_notebooks_heading() -> None:
    readme = "Parts:\n\n1. 📝 **Notes** about notes.\n\n## 📝 Notebooks\n\nSome.\n\n### Tools\n\n| a | b | c |\n"
    readme += "|---|---|---|\n| x | y | |\n\n## 📝 Notes\n\n### 1. First\n\n- **A**: b.\n\n## Acknowledgements\n\nT.\n"
    up = read_upstream(readme)
    assert [p["title"] for p in up.parts] == ["Notes"]
    assert up.course["notebooks"]["tables"][0]["notebooks"][0]["name"] == "x"


def test_what_has_no_slot_is_kept_as_generic_blocks() -> None:
    readme = "Parts:\n\n1. 🧩 **Basics** basics.\n\n## 🧩 Basics\n\n### 1. Math\n\n- **A**: b.\n\n> quoted\n\n"
    readme += "1. an ordered item\n\n## Acknowledgements\n\nThanks.\n\n## Star History\n\nSee below.\n"
    up = read_upstream(readme)
    section = up.parts[0]["sections"][0]
    assert [b["kind"] for b in section["blocks"]] == ["html", "html"]  # raw: a quote, an ordered list
    assert [b["kind"] for b in up.course["blocks"]] == ["h2", "paragraph"]
    assert [kind for _, kind, _ in up.generic] == ["html", "html", "h2", "paragraph"]


def test_a_toggle_folding_only_resources_is_the_sections_resources_toggle() -> None:
    readme = "Parts:\n\n1. 🧩 **Basics** basics.\n\n## 🧩 Basics\n\n### 1. Math\n\n- **A**: b.\n\n"
    readme += "<details>\n<summary>📚 <i>Further</i> reading</summary>\n\n- [R](https://r.example): S.\n</details>\n\n"
    readme += "### 2. Code\n\n- **C**: d.\n\n<details>\n<summary>More</summary>\n\n- [R](https://r.example): S.\n\n"
    readme += "A paragraph.\n\n</details>\n\n## Acknowledgements\n\nThanks.\n"
    up = read_upstream(readme)
    folded, mixed = up.parts[0]["sections"]
    assert folded["resources_toggle"] == "📚 Further reading" and "blocks" not in folded
    assert [r["title"] for r in folded["resources"]] == ["R"] and "resources_label" not in up.parts[0]
    # A toggle holding more than resources is no resource list: kept as it is written, in generic blocks.
    assert "resources_toggle" not in mixed and "resources" not in mixed
    assert [b.get("html", b.get("text")) for b in mixed["blocks"]] == [
        "<details>\n<summary>More</summary>",
        "- [R](https://r.example): S.",
        "A paragraph.",
    ]


def test_a_tag_holding_a_long_run_of_letters_is_read_in_linear_time() -> None:
    """90 KB of letters and dashes in the banner's <img> tag: the attribute pattern tried a name from every letter
    of the run, and reading the README took about a minute."""
    text = (DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8")
    text = text.replace("<img ", "<img " + "a-A" * 30_000 + " ", 1)
    started = time.monotonic()
    upstream = read_upstream(text)
    assert time.monotonic() - started < 10
    assert upstream.course["banner"] == {"src": "img/banner.png", "alt": "LLM Course"}


def test_a_resources_label_holding_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    """A "📚 Resources" line with 4,000 spaces before its last word: the label pattern split the run every way
    around the colon for every length of the label, and reading the README took minutes (hours for 50,000)."""
    text = (DATA / "upstream" / "README-713c366.md").read_text(encoding="utf-8")
    text = text.replace("📚 Resources:", "📚 Resources" + " " * 4_000 + "x:", 1)
    started = time.monotonic()
    upstream = read_upstream(text)
    assert time.monotonic() - started < 10
    assert upstream.course["labels"]["resources"] == "Resources" + " " * 4_000 + "x"
    assert upstream.parts[0]["resources_label"] == "resources"


def test_a_readme_without_a_closing_section_has_no_acknowledgements() -> None:
    readme = "Parts:\n\n1. 🧩 **Basics** basics.\n\n## 🧩 Basics\n\n### 1. Math\n\n- **A**: b.\n\n---\n"
    up = read_upstream(readme + "*An emphasised line.* And more.\n")
    assert "acknowledgements" not in up.course and "disclaimer" not in up.course
    assert [b["kind"] for b in up.parts[0]["sections"][0]["blocks"]] == ["rule", "paragraph"]
    # A disclaimer after the rule that ends the last part is still the disclaimer, and what follows is the end.
    up = read_upstream(readme + "*Disclaimer: not affiliated.*\n\n---\n\nStars.\n")
    assert "acknowledgements" not in up.course and up.course["disclaimer"] == "Disclaimer: not affiliated."
    assert "blocks" not in up.parts[0]["sections"][0]
    assert [(b["kind"], b["at"]) for b in up.course["blocks"]] == [("rule", "end"), ("paragraph", "end")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe# broken\n", "not valid UTF-8"),
        (b"# Course\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> main\n", "merge-conflict markers"),
    ],
    ids=["not-utf8", "conflict-markers"],
)
def test_bad_readmes_are_refused_with_file_and_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(content)
    with pytest.raises(RoadmapError, match=message) as error:
        read_readme(path)
    assert error.value.path == path and error.value.line is not None


def test_the_command_exits_2_without_a_traceback_and_writes_nothing(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p: p.read_bytes() for p in mini_project.rglob("*") if p.is_file()}
    bad = mini_project / "upstream.md"
    bad.write_bytes(b"\xc3\x28 not utf-8\n")
    code, err = run_cli(capsys, monkeypatch, "sync", str(bad), "--root", str(mini_project))
    assert code == 2 and "Traceback" not in err and "not valid UTF-8" in err and "upstream.md:1" in err
    code, err = run_cli(capsys, monkeypatch, "sync", str(mini_project / "nope.md"), "--root", str(mini_project))
    assert code == 2 and "file not found" in err
    assert {p: p.read_bytes() for p in mini_project.rglob("*") if p.is_file() and p != bad} == before


def test_an_unexpected_state_is_an_error_naming_the_readme_not_a_traceback(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the pipeline (here: the pairing fails) stops the sync with exit 2 and writes nothing."""
    import roadmapi18n.sync.plan

    readme = mini_project / "upstream.md"
    readme.write_text(
        "The course:\n\n1. 🧩 **Basics** covers basics.\n\n## 🧩 Basics\n\n### 1. Math\n\n- **Algebra**: Vectors.\n",
        encoding="utf-8",
    )
    before = {p: p.read_bytes() for p in mini_project.rglob("*") if p.is_file()}

    def broken(*_: object) -> None:
        raise KeyError("some.unit")

    monkeypatch.setattr(roadmapi18n.sync.plan, "match_items", broken)
    code, err = run_cli(capsys, monkeypatch, "sync", str(readme), "--root", str(mini_project))
    assert code == 2 and "Traceback" not in err
    assert "upstream.md: sync stopped on an unexpected state (KeyError: 'some.unit' in " in err
    assert "nothing was written" in err and "a bug in roadmapi18n sync" in err
    assert {p: p.read_bytes() for p in mini_project.rglob("*") if p.is_file()} == before


# --- notebook tables the schema cannot hold ---------------------------------------------------------------

_BADGE = '<a href="https://colab.research.google.com/drive/{}"><img src="img/colab.svg" alt="{}"></a>'


def _colab(drive: str, alt: str = "Open In Colab") -> str:
    return _BADGE.format(drive, alt)


_TOOLS = f"| Notebook | Description | Notebook |\n|---|---|---|\n| Tool | Does things. | {_colab('a')} |\n"
_ARTICLES = (
    "| Notebook | Description | Article | Notebook |\n|---|---|---|---|\n"
    f"| Guide | Explains things. | [Article](https://blog.example/guide) | {_colab('b')} |\n"
)


def _with_tables(*tables: str) -> str:
    """A small course whose notebooks section holds ``tables`` (a ``### Table N`` heading each)."""
    readme = "Parts:\n\n1. 🧩 **Basics** basics.\n\n## 📝 Notebooks\n\nSome notebooks.\n\n"
    readme += "".join(f"### Table {n}\n\n{table}\n" for n, table in enumerate(tables, 1))
    return readme + "## 🧩 Basics\n\n### 1. Math\n\n- **A**: b.\n\n## Acknowledgements\n\nThanks.\n"


def _line(readme: str, text: str, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = readme.index(text, at + 1)
    return readme.count("\n", 0, at) + 1


@pytest.mark.parametrize(
    ("tables", "header", "says"),
    [
        (
            [
                _ARTICLES.replace("| Article |", "| Article | Stars |").replace(
                    "|---|---|---|---|", "|---|---|---|---|---|"
                )
            ],
            1,
            ["'Table 1'", "5 columns", "3 (Notebook | Description | Colab) or 4"],
        ),
        (["| Notebook | Description |\n|---|---|\n| Tool | Does things. |\n"], 1, ["'Table 1'", "2 columns"]),
        (
            [_ARTICLES, _ARTICLES.replace("| Article | Notebook |", "| Blog post | Notebook |")],
            2,
            ["'Table 2'", "third column is headed 'Blog post'", "'Article' in the table 'Table 1' (line 11)"],
        ),
        (
            [_ARTICLES, _TOOLS.replace("| Description | Notebook |", "| Description | Colab |")],
            2,
            ["last column is headed 'Colab'", "'Notebook' in the table 'Table 1'"],
        ),
        ([_ARTICLES.replace("[Article](https://blog.example/guide)", "Soon")], 1, ["'Soon' (line 13)", "not a link"]),
        (
            [
                _ARTICLES.replace(
                    "[Article](https://blog.example/guide)", "[A](https://a.example) [B](https://b.example)"
                )
            ],
            1,
            ["not a link", "line 13"],
        ),
        (
            [_TOOLS.replace(_colab("a"), "[Kaggle](https://kaggle.example/x)")],
            1,
            ["'[Kaggle](https://kaggle.example/x)' (line 13)", "not an 'Open In Colab' badge"],
        ),
        ([_TOOLS.replace(_colab("a"), _colab("a") + " (GPU)")], 1, ["(GPU)", "not an 'Open In Colab' badge"]),
        (
            [_TOOLS + f"| Other | Does more. | {_colab('c', 'Run in Colab')} |\n"],
            1,
            ["'Run in Colab' (line 14)", "'Open In Colab' (line 13)"],
        ),
    ],
    ids=[
        "five-columns",
        "two-columns",
        "article-header-differs",
        "colab-header-differs",
        "article-cell-text",
        "article-cell-two-links",
        "colab-cell-link",
        "colab-cell-badge-and-text",
        "badge-alt-differs",
    ],
)
def test_a_notebook_table_the_schema_cannot_hold_is_refused(tables: list[str], header: int, says: list[str]) -> None:
    readme = _with_tables(*tables)
    with pytest.raises(RoadmapError) as error:
        read_upstream(readme, source="upstream.md")
    refusal = error.value
    assert refusal.path == Path("upstream.md")
    assert refusal.line == _line(readme, "| Notebook | Description", header), refusal  # the table's header row
    for text in says:
        assert text in refusal.message, refusal.message
    assert refusal.message.endswith("; nothing was written")
    assert refusal.hint is not None and "extend roadmapi18n's notebook table schema" in refusal.hint


def test_placeholders_of_older_revisions_are_not_refused() -> None:
    # 2023 revisions: an article link that says "Tweet", a Colab cell that says "W.I.P." (render differs: reported)
    tweet = _ARTICLES.replace("[Article](https://blog.example/guide)", "[Tweet](https://x.example/1)")
    wip = _ARTICLES.replace(_colab("b"), "W.I.P.")
    up = read_upstream(_with_tables(_ARTICLES, tweet, wip))
    rows = [row for table in up.course["notebooks"]["tables"] for row in table["notebooks"]]
    articles = ["https://blog.example/guide", "https://x.example/1", "https://blog.example/guide"]
    assert [row.get("article") for row in rows] == articles
    assert "colab" not in rows[2] and up.course["labels"]["article"] == "Article"


@pytest.mark.parametrize("revision", ["1c2b766", "d105af2", "87306ca", "e472998", "713c366"])
def test_every_upstream_revision_is_read(revision: str) -> None:
    up = read_upstream((DATA / "upstream" / f"README-{revision}.md").read_text(encoding="utf-8"))
    assert up.course["notebooks"]["tables"] and all(t["notebooks"] for t in up.course["notebooks"]["tables"])
    assert up.warnings == [] and up.course["acknowledgements"]["title"] in ("Acknowledgements", "Star History")
