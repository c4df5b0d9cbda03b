"""Fuzzing the legacy README import: random and mutated Markdown never crashes it.

``align`` and ``import_markdown`` take any text: they either return a result or refuse with a
:class:`RoadmapError` (merge conflicts). A result only proposes units of the roadmap, never adds or
drops catalog entries, keeps every existing confirmed translation, and lets no U+FFFD in.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmapi18n.catalog import Catalog, parse_po
from roadmapi18n.errors import RoadmapError
from roadmapi18n.extract import template_catalog
from roadmapi18n.importer import align, import_markdown
from roadmapi18n.model import Roadmap
from roadmapi18n.render import Language, RenderTarget, render_readme
from roadmapi18n.roadmap import load_roadmap

DATA = Path(__file__).parent / "data" / "import"
SETTINGS = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

ROADMAP = load_roadmap(DATA / "roadmap" / "course.yaml")
UNITS = {text.id for text in ROADMAP.texts()}


def _rendered(roadmap: Roadmap) -> str:
    readme = DATA / "README.md"
    return render_readme(roadmap, {}, RenderTarget("en", readme, DATA / "roadmap", [Language("en", "English", readme)]))


SEEDS = [_rendered(ROADMAP), *(p.read_text(encoding="utf-8") for p in sorted((DATA / "cases").glob("*.md")))]
FRAGMENTS = [
    "\n",
    "\n\n",
    "# ",
    "## ",
    "### 1. ",
    "#### ",
    "* ",
    "- ",
    "1. ",
    "   ",
    "> ",
    "```\n",
    "~~~",
    "---\n",
    "===\n",
    "| a | b |\n|---|---|\n",
    "| x |\n",
    "[",
    "]",
    "(",
    ")",
    "](",
    "[**LoRA**](https://arxiv.org/abs/2106.09685)",
    "![img](img/x.png)",
    "<div>",
    "</div>",
    '<a href="x">',
    "<!-- c -->",
    "<details>",
    "**",
    "`",
    "\\",
    "\t",
    "📚 **參考資料**:",
    "Tiếng Việt",
    "繁體中文",
    "Ã¡",
    "Ä‘",
    "\ufffd",
    "\u200b",
    "\u2028",
    "\x85",
    "\r\n",
    "\x00",
    "<<<<<<< HEAD\n",
    "=======\n",
    ">>>>>>> b\n",
    "<!-- locale: vi -->",
    "🧑\u200d🔬",
    ":",
    "：",
    "by ",
]


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(7)
    if kind == 0 and lines:
        del lines[rng.randrange(len(lines))]
    elif kind == 1 and lines:
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    elif kind == 2 and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 4:
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(FRAGMENTS) + text[at:]
    elif kind == 5 and text:
        at = rng.randrange(len(text))
        end = min(len(text), at + rng.randint(1, 40))
        codec = rng.choice(["cp1252", "latin-1", "mac_roman"])
        try:  # mojibake a span, as a wrong code page would
            return text[:at] + text[at:end].encode("utf-8").decode(codec) + text[end:]
        except UnicodeDecodeError:
            return text
    else:
        at = rng.randrange(len(text) + 1)
        noise = "".join(
            chr(
                rng.choice(
                    [
                        rng.randint(0x20, 0x7E),
                        rng.randint(0xA0, 0x33FF),
                        rng.randint(0x4E00, 0x9FFF),
                        rng.randint(0x1F300, 0x1FAFF),
                    ]
                )
            )
            for _ in range(rng.randint(1, 12))
        )
        return text[:at] + noise + text[at:]
    return "\n".join(lines)


@st.composite
def legacy_documents(draw: st.DrawFn) -> str:
    """A legacy README (or a rendered one) mutated a few times, or a soup of Markdown fragments."""
    rng = draw(st.randoms(use_true_random=False))
    if rng.random() < 0.2:
        return "".join(rng.choice([*FRAGMENTS, "text", "Xin chào"]) for _ in range(rng.randint(0, 60)))
    text = rng.choice(SEEDS)
    for _ in range(rng.randint(1, 8)):
        text = _mutate(rng, text)
    return text


@settings(SETTINGS, max_examples=300)
@given(legacy_documents(), st.sampled_from(["vi", "zh_Hant"]))
def test_align_never_crashes(markdown: str, locale: str) -> None:
    try:
        alignment = align(ROADMAP, markdown, locale=locale)
    except RoadmapError as error:
        assert error.line is not None and "conflict" in error.message
        return
    assert {p.unit_id for p in alignment.proposals} <= UNITS
    assert {e.unit_id for e in alignment.left_in_english} <= UNITS


def _base_catalog() -> Catalog:
    catalog = template_catalog(ROADMAP, {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"})
    catalog.header_flags = []
    kept = next(m for m in catalog.messages if m.msgctxt == "basics.title")
    kept.msgstr = "Cơ bản (đã dịch)"  # a confirmed translation import must not replace
    return catalog


@settings(SETTINGS, max_examples=150)
@given(legacy_documents())
def test_import_markdown_never_crashes_or_loses_entries(markdown: str) -> None:
    base = _base_catalog()
    try:
        result = import_markdown(ROADMAP, base, markdown, locale="vi", source="legacy.md")
    except RoadmapError as error:
        assert error.line is not None and error.hint
        return
    written = parse_po(result.text.encode("utf-8"), path=Path("vi.po"))
    assert [m.key for m in written.messages] == [m.key for m in base.messages]
    confirmed = {m.msgctxt: m.msgstr for m in written.messages if m.msgstr and not m.fuzzy}
    assert confirmed.get("basics.title") == "Cơ bản (đã dịch)"
    assert not any("\ufffd" in text for text in confirmed.values())


@pytest.mark.parametrize("seed", range(len(SEEDS)), ids=lambda n: f"seed{n}")
def test_unmutated_seeds_import(seed: int) -> None:
    result = import_markdown(ROADMAP, _base_catalog(), SEEDS[seed], locale="vi", source="legacy.md")
    assert [m.key for m in result.catalog.messages] == [m.key for m in _base_catalog().messages]
