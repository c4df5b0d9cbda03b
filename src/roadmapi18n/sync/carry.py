"""Translations follow their English: renamed IDs, and edits that leave the wording alone.

Two rules, both safe by construction (a translation is only ever shown for
English whose words it translates):

* :func:`rename_contexts` moves catalog entries to the new ID of a unit that
  moved or was re-IDed. The entry keeps its old English as ``msgid``, so the
  merge that follows keeps it confirmed when the English is the same and makes
  it fuzzy (with ``#| msgid``) when the wording changed.
* :func:`follow_english` is what the merge does when a unit keeps its ID and
  its English changed only in link targets or markup: the confirmed
  translation stays confirmed, its link targets rewritten to the new ones.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping

from roadmapi18n.catalog import Catalog, Message

_DESTINATION = re.compile(r"(\]\(\s*<?)([^)\s>]+)|((?:href|src)\s*=\s*[\"'])([^\"']+)", re.IGNORECASE)


def follow_english(old_source: str, new_source: str, translation: str) -> str | None:
    """``translation`` updated for ``new_source``, or None when the new English needs a translator.

    The wording (what a reader sees: link texts, not targets; words, not ``**`` or
    backticks; capitals and spacing aside: ``The LLM architecture`` → ``The LLM Architecture``)
    must be the same, and the links the same in number and order; each old target is then
    replaced by the new one in the translation.

    >>> follow_english("See [the docs](https://a.example/v1).", "See [the docs](https://a.example/v2).",
    ...                "Xem [tài liệu](https://a.example/v1).")
    'Xem [tài liệu](https://a.example/v2).'
    >>> follow_english("**LoRA**: fast", "[**LoRA**](https://x.example): fast", "**LoRA**: nhanh") is None
    True
    >>> follow_english("See the docs.", "See the new docs.", "Xem tài liệu.") is None
    True
    """
    if old_source == new_source:
        return translation
    # Imported here: merge imports this module, and its start-up must not pay for the checks or the importer.
    from roadmapi18n.checks.integrity import link_targets

    if wording(old_source) != wording(new_source):
        return None
    old_targets, new_targets = link_targets(old_source), link_targets(new_source)
    if len(old_targets) != len(new_targets):
        return None
    replace: dict[str, str] = {}
    for old, new in zip(old_targets, new_targets, strict=True):
        if replace.setdefault(old, new) != new:
            return None  # one old target became two different ones: which is which in the translation?
    moved = {old: new for old, new in replace.items() if old != new}
    if moved and any(new in replace and new not in moved for new in moved.values()):
        return None  # a swap of targets: positions in the translation may differ from the English
    result = _DESTINATION.sub(lambda m: _retarget(m, moved), translation) if moved else translation
    if not set(link_targets(result)) <= set(new_targets):
        return None
    return result


def _retarget(match: re.Match[str], moved: Mapping[str, str]) -> str:
    if match.group(1) is not None:
        return match.group(1) + moved.get(match.group(2), match.group(2))
    return match.group(3) + moved.get(match.group(4), match.group(4))


def wording(text: str) -> str:
    """The words as a reader takes them in: no markup or link targets; case and spacing do not count."""
    from roadmapi18n.importer.inline import plain

    return " ".join(plain(text).casefold().split())


def rename_contexts(catalog: Catalog, renames: Mapping[str, str]) -> tuple[Catalog, int]:
    """A copy of ``catalog`` with the entries of renamed units under their new ID; how many moved.

    An entry is left where it is when an entry with the new ID and the same English already
    exists (an obsolete one, say): the merge then revives that one, and this one becomes obsolete.
    """
    if not renames:
        return catalog, 0
    keys = {(m.msgctxt, m.msgid) for m in catalog.messages}
    messages: list[Message] = []
    moved = 0
    for message in catalog.messages:
        target = renames.get(message.msgctxt) if message.msgctxt is not None else None
        if target is not None and (target, message.msgid) not in keys:
            message = _copy(message)
            message.msgctxt = target
            moved += 1
        messages.append(message)
    carried = copy.copy(catalog)
    carried.messages = messages
    return carried, moved


def _copy(message: Message) -> Message:
    return copy.copy(message)


def lost_translations(before: Catalog, after: Catalog) -> list[Message]:
    """The translated entries of ``before`` whose translation is nowhere in ``after`` (live or obsolete).

    A translation whose link targets were rewritten counts as kept. Sync refuses to write a
    result where this is not empty: translations are never dropped.
    """
    kept = {without_targets(m.msgstr) for m in after.messages if m.msgstr}
    kept |= {without_targets(form) for m in after.messages for form in m.msgstr_plural if form}
    lost = []
    for message in before.messages:
        forms = [message.msgstr, *message.msgstr_plural]
        if any(form and without_targets(form) not in kept for form in forms):
            lost.append(message)
    return lost


def without_targets(text: str) -> str:
    """``text`` with its link targets taken out (what is kept when a translation's targets are rewritten).

    >>> without_targets("Xem [tài liệu](https://a.example/v1).")
    'Xem [tài liệu]().'
    """
    return _DESTINATION.sub(lambda m: m.group(1) or m.group(3) or "", text)
