"""Compare what GitHub renders for the English and for a translation, in the same surroundings.

Both Markdown texts are rendered by cmark-gfm (:mod:`roadmapi18n.judge.gfm`)
and their digests compared. The translation may change words, emphasis and
the order of links; it may not add, drop or change a link or image target,
bring HTML, comments or declarations the English lacks, change the block
structure (open a code block, an HTML block, a list…), hide its own text
(a link reference definition, a footnote), change a code span or leave an
emphasis or code marker showing.

>>> [p.code for p in compare_markdown("See [docs](https://a.example).", "Xem [tài liệu](https://evil.example).")]
['link-target']
>>> compare_markdown("See [docs](https://a.example).", "[Tài liệu](https://a.example) — xem.")
[]
"""

from __future__ import annotations

import html
import re
from collections import Counter

from roadmapi18n.judge.gfm import (
    BLOCKS,
    Digest,
    digest,
    english_digest,
    english_shape,
    letters,
    same_shape,
    shape,
    to_html,
)
from roadmapi18n.judge.rules import Problem, invisible_problems

SENTINEL = "\n\nroadmapi18n sentinel: the text after a unit\n"
"""A paragraph placed after the judged Markdown: a translation that opens a block swallows it."""

_MAY_HIDE = re.compile(r"\]:|[<&]|```|~~~")
_DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file):", re.IGNORECASE)
# Links and images are judged by their targets, Markdown's blocks by the structure; other elements by presence.
_LINKS = frozenset({"a href", "img src"})
_MARKDOWN_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code hr table thead tbody tr th td".split()  # noqa: SIM905
)
_MARKER_NAMES = {"*": "* (emphasis)", "__": "__ (bold)", "~~": "~~ (strikethrough)", "`": "` (code)"}


def compare_markdown(english: str, translation: str) -> list[Problem]:
    """Everything the rendering of ``translation`` shows that the rendering of ``english`` does not, or loses.

    Both are whole Markdown fragments in the same surroundings (the caller places the unit in its
    line or block); a sentinel paragraph is added after each to see blocks left open.
    """
    english, translation = english + SENTINEL, translation + SENTINEL
    if not _MAY_HIDE.search(translation) and same_shape(english_shape(english), shape(to_html(translation))):
        return []
    ours, theirs = english_digest(english), digest(translation)
    markup = _markup(ours, theirs)
    problems = [*_targets(ours, theirs), *_html(ours, theirs, counted=not markup), *markup]
    if not problems:  # HTML and comments change the structure and hide text too: name the cause only
        problems += _hidden(english, ours, translation, theirs) or _structure(ours, theirs)
    if "&" in translation:  # an entity can write an invisible character (&#x202E;); raw ones are the rules' business
        problems += invisible_problems("".join(ours.visible), "".join(theirs.visible))
    return problems + _code(ours, theirs) + _literals(ours, theirs)


def _targets(ours: Digest, theirs: Digest) -> list[Problem]:
    if ours.targets == theirs.targets:
        return []
    added, dropped = theirs.targets - ours.targets, ours.targets - theirs.targets
    unsafe = sorted(t for t in added if _DANGEROUS_SCHEME.match(t))
    problems = []
    if unsafe:
        problems.append(Problem("unsafe-link", f"link target {', '.join(unsafe)} uses a script, data or file scheme"))
        for target in unsafe:
            del added[target]
    if added or dropped:
        parts = [f"adds {_listed(added)}"] if added else []
        parts += [f"drops {_listed(dropped)}"] if dropped else []
        problems.append(Problem("link-target", "link targets differ from the English: " + "; ".join(parts)))
    return problems


def _listed(targets: Counter[str]) -> str:
    """``a, b (twice)``: a repeat counts (a dropped second link to the same page is a dropped link)."""
    return ", ".join(t + ("" if n == 1 else f" ({n} times)") for t, n in sorted(targets.items()))


def _html(ours: Digest, theirs: Digest, *, counted: bool) -> list[Problem]:
    extra = [e for e in theirs.elements - ours.elements if e not in _LINKS and e.split()[0] not in _MARKDOWN_BLOCKS]
    what = [f"<{e}>" for e in sorted(extra)]
    if ours.balance != theirs.balance:
        names = sorted(theirs.balance.keys() | ours.balance.keys())
        what += [f"<{t}> left open" for t in names if theirs.balance[t] > ours.balance[t]]
        what += [f"</{t}> closing what it did not open" for t in names if theirs.balance[t] < ours.balance[t]]
    if what:
        return [Problem("raw-html", f"raw HTML the English lacks: {', '.join(what)}")]
    if counted and theirs.raw > ours.raw:  # GitHub's tag filter shows <script>, <textarea>… as text; still HTML
        return [Problem("raw-html", "raw HTML the English lacks (GitHub shows some tags as text, others do not)")]
    return []


def _markup(ours: Digest, theirs: Digest) -> list[Problem]:
    extra = theirs.markup - ours.markup
    if not extra:
        return []
    shown = ", ".join(repr(_clip(m)) for m in sorted(extra))
    return [
        Problem(
            "html-comment",
            f"an HTML comment, processing instruction, declaration or CDATA the English lacks: {shown} "
            "(it hides text from readers)",
        )
    ]


def _structure(ours: Digest, theirs: Digest) -> list[Problem]:
    if ours.skeleton == theirs.skeleton:
        return []
    index = next(
        (i for i, (a, b) in enumerate(zip(ours.skeleton, theirs.skeleton, strict=False)) if a != b),
        min(len(ours.skeleton), len(theirs.skeleton)),
    )
    expected = " ".join(ours.skeleton[index : index + 3]) or "nothing more"
    found = " ".join(theirs.skeleton[index : index + 3]) or "nothing more"
    opened = [
        tag
        for tag in ("pre", "blockquote", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr")
        if theirs.skeleton.count(f"<{tag}>") > ours.skeleton.count(f"<{tag}>")
    ]
    why = f" (it starts a {_BLOCK_NAMES.get(opened[0], opened[0])})" if opened else ""
    return [
        Problem(
            "block-structure",
            f"changes the Markdown block structure{why}: GitHub renders {found} where the English has {expected}",
        )
    ]


_BLOCK_NAMES = {
    "pre": "code block",
    "blockquote": "quote",
    "ul": "bulleted list",
    "ol": "numbered list",
    "table": "table",
    "hr": "horizontal rule",
    **{f"h{n}": "heading" for n in range(1, 7)},
}
assert set(_BLOCK_NAMES) <= BLOCKS


def _hidden(english: str, ours: Digest, translation: str, theirs: Digest) -> list[Problem]:
    """Letters of the translation that its rendering does not show, beyond what the English hides.

    Counted with signs: a rendering may show letters twice (an autolink's text and target), which
    must not make up for letters it hides elsewhere. Only a definition (``]:``), HTML, an entity or
    a code fence's info string can hide letters; text without them is not counted.
    """
    if not _MAY_HIDE.search(translation):
        return []
    hidden = letters(html.unescape(translation))  # an entity shows as its character, not its name
    hidden.subtract(theirs.letters())
    hidden.subtract(letters(html.unescape(english)))
    hidden.update(ours.letters())
    missing = "".join(sorted(letter for letter, count in hidden.items() if count > 0))
    if not missing:
        return []
    return [
        Problem(
            "hidden-text",
            f"GitHub would not show part of the translation (letters {_clip(missing, 30)!r}): a line read as a "
            "link reference definition or footnote, or an entity, disappears",
        )
    ]


def _code(ours: Digest, theirs: Digest) -> list[Problem]:
    if ours.code == theirs.code:
        return []
    changed = sorted((theirs.code - ours.code).keys()) or sorted((ours.code - theirs.code).keys())
    return [Problem("code-span", f"`code` spans must be kept exactly as in the English (differs: {changed[0]!r})")]


def _literals(ours: Digest, theirs: Digest) -> list[Problem]:
    extra = theirs.literals - ours.literals
    problems = []
    for marker in ("*", "__", "~~", "`"):
        if extra[marker]:
            code = "code-span" if marker == "`" else "emphasis"
            problems.append(
                Problem(
                    code,
                    f"unbalanced {_MARKER_NAMES[marker]} marker: it would show as a literal {marker} in the README",
                )
            )
    return problems


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
