"""The judge's view of GitHub's renderer: the real cmark-gfm, read without shortcuts changing the verdict.

* our calls into cmark-gfm give byte for byte what ``cmarkgfm.github_flavored_markdown_to_html``
  gives, and free what they allocate (cmarkgfm's own function leaks the tree and the HTML);
* the fast reader of cmark's own HTML and the HTML tokenizer produce the same digest;
* the quick same-shape test never passes what the full comparison refuses.
"""

from __future__ import annotations

import os
from pathlib import Path

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmapi18n.judge import compare_markdown, gfm
from roadmapi18n.judge.compare import SENTINEL

# Markdown made of the constructs the judge cares about (no "<": the fast reader's domain).
PIECES = [
    "Xem",
    "tài liệu",
    " ",
    " ",
    "\n",
    "\n\n",
    "[a](https://a.example/x)",
    '[b](https://a.example/x "t")',
    "![i](img/a.png)",
    "**",
    "*",
    "__",
    "_",
    "~~",
    "`",
    "``",
    "code",
    "www.x.example",
    "a@b.example",
    "https://c.example/p",
    "# ",
    "> ",
    "- ",
    "1. ",
    "2) ",
    "| a | b |\n|---|---|\n| c | d |",
    "```py\nx\n```",
    "    ",
    "[x]",
    "[x]: /u",
    "[^1]",
    "[^1]: note",
    "- [ ] t",
    "---",
    "&amp;",
    "&#x202E;",
    "\\",
    "!",
    "(",
    ")",
]
markdown_texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)


def test_our_cmark_calls_render_as_cmarkgfm_does() -> None:
    assert gfm._CMARK is not None, "cmarkgfm's library should export cmark's functions on this platform"
    text = "x www.a.example <b>y</b> | a |\n|---|\n| b |\n\n- [ ] t\n\n~~s~~ [^1]\n\n[^1]: n\n\n<script>\n"
    for options in (gfm._OPTIONS, gfm._SAFE_OPTIONS):
        assert gfm._render(text, options) == cmarkgfm.github_flavored_markdown_to_html(text, options)


def _resident_kib() -> int:
    """The process's resident memory now (not its peak, which an earlier test may have set)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads resident memory from /proc (Linux)")
def test_rendering_frees_what_cmark_allocates() -> None:
    text = "Xem [tài liệu](https://a.b/c) và **x** `y` www.x.example\n\n- a\n- b\n\n" * 150  # 10 KB
    gfm.to_html(text)
    before = _resident_kib()
    for _ in range(100):
        gfm.to_html(text)
    grown = _resident_kib() - before
    assert grown < 20_000, f"{grown} KiB kept after 100 renderings (cmarkgfm's own function keeps ~70 MB)"


@settings(max_examples=150, deadline=None, derandomize=True)
@given(markdown_texts)
def test_fast_reader_and_tokenizer_agree(markdown: str) -> None:
    html = gfm.to_html(markdown)
    fast, tokenizer = gfm._Reader(), gfm._Reader()
    assert gfm._read_cmark_html(fast, html), html
    tokenizer.feed(html)
    tokenizer.close()
    assert fast.digest == tokenizer.digest


@settings(max_examples=150, deadline=None, derandomize=True)
@given(markdown_texts, markdown_texts)
def test_same_shape_never_passes_a_difference(english: str, translation: str) -> None:
    """Where the quick test says "same", the full comparison of digests finds nothing either."""
    english, translation = english + SENTINEL, translation + SENTINEL
    if gfm.same_shape(gfm.shape(gfm.to_html(english)), gfm.shape(gfm.to_html(translation))):
        ours, theirs = gfm.digest(english), gfm.digest(translation)
        assert ours.targets == theirs.targets and ours.skeleton == theirs.skeleton
        assert ours.elements == theirs.elements and ours.markup == theirs.markup and ours.code == theirs.code
        assert not theirs.literals - ours.literals
    elif gfm.digest(english).targets != gfm.digest(translation).targets:
        assert gfm.shape(gfm.to_html(english))[0] != gfm.shape(gfm.to_html(translation))[0]


@pytest.mark.parametrize(
    ("english", "translation", "rule"),
    [
        ("Read [a](https://a.example).", "Đọc [a](https://a.example) [b](https://a.example).", "link-target"),
        ("Read [a](https://a.example).", "Đọc ![a](https://a.example).", "link-target"),
        ("Read.", "Đọc `x`.", "code-span"),
        ("Read.", "Đọc **x*.", "emphasis"),
        ("Read.", "# Đọc.", "block-structure"),
    ],
    ids=["repeated-link", "link-made-image", "added-code", "stray-star", "heading"],
)
def test_quick_path_differences_reach_the_full_comparison(english: str, translation: str, rule: str) -> None:
    assert rule in [problem.code for problem in compare_markdown(english, translation)]
