"""Model → gettext template: one entry per translatable unit, in document order.

``msgctxt`` is the unit's stable ID, ``msgid`` its English text. The ``#.``
comments tell the translator where the text appears and what must survive
translation (link targets, bold, code spans, placeholders); ``#:`` points at
the YAML line that defines it.
"""

from __future__ import annotations

import re

from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.model import Roadmap, Text

# A target stops at "[" and "]" too, so a long run of "](a" costs linear time, not quadratic.
_LINK = re.compile(r"\]\(([^)\s\[\]]+)\)")
_BOLD = re.compile(r"\*\*[^*]+\*\*|__[^_]+__")
_CODE = re.compile(r"`[^`]+`")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_NOTE_MARKS = ("](", "`", "{", "**", "__")
"""What a text without any of these has nothing for :func:`keep_notes` to find (see the patterns above)."""


def extract_messages(roadmap: Roadmap) -> list[Message]:
    """The template's entries for ``roadmap``: stable order, one per unit."""
    return [_message(text) for text in roadmap.texts()]


def _message(text: Text) -> Message:
    flags = ["python-brace-format"] if text.id.startswith("labels.") and _PLACEHOLDER.search(text.source) else []
    source = text.source
    if not any(mark in source for mark in _NOTE_MARKS):  # nothing to keep (the common case): no regex scans
        return Message(
            msgid=source,
            msgctxt=text.id,
            extracted_comments=[text.where],
            references=[f"{text.origin.path}:{text.origin.line}"],
            flags=flags,
        )
    return Message(
        msgid=text.source,
        msgctxt=text.id,
        extracted_comments=[text.where, *keep_notes(text.source)],
        references=[f"{text.origin.path}:{text.origin.line}"],
        flags=flags,
    )


def keep_notes(source: str) -> list[str]:
    """What the translator must keep unchanged, as short notes for ``#.`` comments.

    >>> for note in keep_notes("See [LoRA](https://arxiv.org/abs/2106.09685) and `peft`, **fast**."):
    ...     print(note)
    Keep unchanged: link target https://arxiv.org/abs/2106.09685; `code` spans.
    Keep the **bold** markers around the translated words.
    """
    keep: list[str] = []
    targets = _LINK.findall(source)
    if targets:
        keep.append(("link target " if len(targets) == 1 else "link targets ") + ", ".join(targets))
    if _CODE.search(source):
        keep.append("`code` spans")
    placeholders = sorted(set(_PLACEHOLDER.findall(source)))
    if placeholders:
        keep.append("placeholders " + " ".join(placeholders))
    notes = ["Keep unchanged: " + "; ".join(keep) + "."] if keep else []
    if _BOLD.search(source):
        notes.append("Keep the **bold** markers around the translated words.")
    return notes


def template_catalog(roadmap: Roadmap, headers: dict[str, str]) -> Catalog:
    """A POT catalog for ``roadmap`` with the given header fields."""
    return Catalog(headers=headers, header_comments=[], header_flags=["fuzzy"], messages=extract_messages(roadmap))
