"""Synthetic catalogs for benchmarks and tests: an old translated PO and a new template.

The shape is issue 7's: of N messages, 10% have their English edited, 5% are
removed and 5% are added (and, in context mode, optionally some IDs renamed).
Texts are sentences over a Zipf-like vocabulary, so common words are shared
across many messages, as in real documentation. Everything is derived from
``seed``: the same arguments give the same catalogs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from roadmapi18n.catalog import Catalog, Message, MessageKey, make_header, write_po

# The most frequent English words head the vocabulary, as in real text; invented words follow.
_COMMON: tuple[str, ...] = ("the", "of", "and", "to", "a", "in", "is", "you", "that", "it", "for", "on")
_COMMON += ("with", "as", "are", "this", "be", "your", "can", "by", "from", "or", "an", "use")
_CONSONANTS, _VOWELS = "bcdfghjklmnprstvwz", "aeiou"


@dataclass(slots=True)
class SynthPair:
    """An old PO, a new POT, and the truth about how one became the other."""

    old: Catalog
    template: Catalog
    edited: dict[MessageKey, MessageKey] = field(default_factory=dict)
    """New key → the key of its predecessor, for every message whose English was edited."""
    renamed: dict[MessageKey, MessageKey] = field(default_factory=dict)
    """New key → old key, for units whose msgctxt (ID) changed (context mode only)."""
    removed: list[MessageKey] = field(default_factory=list)
    added: list[MessageKey] = field(default_factory=list)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(_COMMON)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Writer:
    """Sentences over a Zipf-like vocabulary, and small edits to them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = _vocabulary(rng, 3000)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]

    def sentence(self) -> str:
        count = self.rng.randint(5, 18)
        words = self.rng.choices(self.words, self.weights, k=count)
        text = " ".join(words).capitalize()
        if self.rng.random() < 0.2:
            text += f" [{words[0]}](https://example.org/{words[-1]})"
        return text + self.rng.choice(".!?:")

    def edit(self, text: str) -> str:
        """One small change, as a writer revising a sentence makes."""
        words = text.split(" ")
        at = self.rng.randrange(len(words))
        kind = self.rng.choice(("replace", "insert", "delete", "append", "swap"))
        if kind == "replace" or (kind in ("delete", "swap") and len(words) < 3):
            words[at] = self.rng.choice(self.words)
        elif kind == "insert":
            words.insert(at, self.rng.choice(self.words))
        elif kind == "delete":
            del words[at]
        elif kind == "swap":
            at = min(at, len(words) - 2)
            words[at], words[at + 1] = words[at + 1], words[at]
        else:
            words.append(f"({self.rng.choice(self.words)})")
        edited = " ".join(words)
        return edited if edited != text else edited + " again"


def _translate(text: str) -> str:
    """A stand-in translation: recognisably derived, and never equal to the source."""
    return "vi: " + " ".join(reversed(text.split(" ")))


def synth_pair(
    n: int,
    *,
    seed: int = 0,
    context: bool = True,
    edited: float = 0.10,
    removed: float = 0.05,
    added: float = 0.05,
    renamed: float = 0.0,
) -> SynthPair:
    """An old PO of ``n`` translated messages and the template after edits, removals and additions."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < n:
        text = writer.sentence()
        if text not in seen:
            seen.add(text)
            texts.append(text)
    ids = [f"unit.{number:06d}" if context else None for number in range(n)]
    old_messages = [
        Message(
            text, _translate(text), ctx, extracted_comments=["Part › Section › Topic"], references=[f"roadmap.yaml:{i}"]
        )
        for i, (text, ctx) in enumerate(zip(texts, ids, strict=True))
    ]
    pair = SynthPair(
        old=Catalog(
            make_header("Synthetic 1.0", "vi", pot_creation_date="2024-01-01 00:00+0000"), messages=old_messages
        ),
        template=Catalog(make_header("Synthetic 1.0", None, pot_creation_date="2024-02-01 00:00+0000")),
    )
    order = list(range(n))
    rng.shuffle(order)
    cut_edit, cut_remove = int(n * edited), int(n * (edited + removed))
    cut_rename = cut_remove + (int(n * renamed) if context else 0)
    fate = {index: "edit" for index in order[:cut_edit]}
    fate.update({index: "remove" for index in order[cut_edit:cut_remove]})
    fate.update({index: "rename" for index in order[cut_remove:cut_rename]})
    for index, message in enumerate(old_messages):
        action = fate.get(index)
        if action == "remove":
            pair.removed.append(message.key)
            continue
        text, ctx = message.msgid, message.msgctxt
        if action == "edit":
            while text in seen:
                text = writer.edit(message.msgid)
            seen.add(text)
            pair.edited[(ctx, text)] = message.key
        elif action == "rename":
            ctx = f"renamed.{index:06d}"
            pair.renamed[(ctx, text)] = message.key
        pair.template.messages.append(Message(text, msgctxt=ctx, extracted_comments=["Part › Section › Topic"]))
    for number in range(int(n * added)):
        text = writer.sentence()
        if text in seen:
            continue
        seen.add(text)
        ctx = f"added.{number:06d}" if context else None
        new = Message(text, msgctxt=ctx, extracted_comments=["Part › Section › Topic"])
        pair.template.messages.insert(rng.randrange(len(pair.template.messages) + 1), new)
        pair.added.append(new.key)
    return pair


def write_pair(pair: SynthPair, directory: Path) -> tuple[Path, Path]:
    """Write the pair as ``old.po`` and ``new.pot`` in ``directory``; return their paths."""
    old, pot = directory / "old.po", directory / "new.pot"
    write_po(old, pair.old)
    write_po(pot, pair.template)
    return old, pot


def predecessor_share(merged: Catalog, pair: SynthPair) -> float:
    """The share of edited messages that carry their true predecessor's translation (fuzzy or not).

    ``1.0`` when nothing was edited.
    """
    truth = {**pair.edited, **pair.renamed}
    if not truth:
        return 1.0
    old = pair.old.by_key()
    found = merged.by_key()
    hits = 0
    for new_key, old_key in truth.items():
        message = found.get(new_key)
        if message is not None and not message.obsolete and message.msgstr == old[old_key].msgstr:
            hits += 1
    return hits / len(truth)
