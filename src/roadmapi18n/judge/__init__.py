"""The judge: may a translation be shown in place of its English? One decision for ``build`` and ``check``.

A translation is judged twice. Its characters (:mod:`~roadmapi18n.judge.rules`:
placeholders, emoji, line breaks, invisible characters), and what GitHub
renders from it where the README puts it (:mod:`~roadmapi18n.judge.compare`,
with cmark-gfm: link and image targets, HTML, comments, block structure, hidden
text, code spans, stray markers), against the English in the same place.

:func:`judge` takes the place as a :class:`Context` (the Markdown around the
unit). :mod:`roadmapi18n.publish` judges every unit of a README in its real
surroundings, taken from the rendered README itself.

>>> [p.code for p in judge("See [docs](https://a.example).", "_www.evil.example_")]
['link-target']
>>> judge("Low-rank adapters.", "Bộ điều hợp hạng thấp.", LIST_ITEM)
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmapi18n.judge.compare import SENTINEL, compare_markdown
from roadmapi18n.judge.rules import Problem, character_problems, invisible_characters

__all__ = [
    "HEADING",
    "LINK_TEXT",
    "LIST_ITEM",
    "PARAGRAPH",
    "SENTINEL",
    "TABLE_CELL",
    "Context",
    "Problem",
    "compare_markdown",
    "invisible_characters",
    "judge",
]


@dataclass(frozen=True, slots=True)
class Context:
    """Where a unit is rendered: the Markdown before and after it (its line, or its block)."""

    name: str
    before: str = ""
    after: str = ""

    def place(self, text: str) -> str:
        """``text`` in this context."""
        return f"{self.before}{text}{self.after}"


PARAGRAPH = Context("paragraph")
LIST_ITEM = Context("list item after a bold title", "- **Title**: ")
HEADING = Context("heading", "### 1. ")
LINK_TEXT = Context("link text", "- [", "](https://example.com/x): description")
TABLE_CELL = Context("table cell", "| Name | Description |\n|---|---|\n| Name | ", " |")


def judge(source: str, translation: str, context: Context = PARAGRAPH, *, brace_format: bool = False) -> list[Problem]:
    """Everything that keeps ``translation`` from being shown in place of ``source`` in ``context``."""
    if not translation:
        return []
    problems = character_problems(source, translation, brace_format=brace_format)
    problems += compare_markdown(context.place(source), context.place(translation))
    return list(dict.fromkeys(problems))
