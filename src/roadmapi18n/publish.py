"""What a README may show: one decision for ``build`` (which shows the English instead and warns) and ``check``.

A confirmed translation (live, not fuzzy, made for the current English) is
published only if the judge (:mod:`roadmapi18n.judge`) finds nothing wrong
with it *where the README puts it*. The surroundings are taken from the README
itself: it is rendered with the candidate translations, each unit's text
wrapped in invisible marks together with its English (escaped alike), and cut
into blocks at blank lines. Each block holding a translation that could render
as more than words is rendered by cmark-gfm as the English block and as the
translated block (after the block before it, when it starts with a unit, and
before a sentinel paragraph) and the two are compared.
A block that fails is tried one translation at a time to find which one is
wrong; translations that are sound alone but not together (an opening ``<!--``
or backtick in one, the closing one in the next) are withheld from the second on.

:func:`publish` returns what is shown and what is withheld, with the problems;
``build`` renders the README from the former and warns about the latter, and
``check``'s ``integrity`` check reports the latter as errors.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.judge import Problem, compare_markdown
from roadmapi18n.judge.gfm import raw_html_count
from roadmapi18n.judge.rules import character_problems
from roadmapi18n.model import Roadmap, Text
from roadmapi18n.render import RenderTarget, render_readme
from roadmapi18n.schema import LABEL_PLACEHOLDERS, placeholder_problem


@dataclass(frozen=True, slots=True)
class Withheld:
    """A confirmed translation the README does not show (it shows the English), and why."""

    unit: str
    problems: tuple[Problem, ...]
    line: int | None = None
    """1-based line of the entry's ``msgstr`` in the catalog, where known."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One locale's README: the translations it shows, and the confirmed ones it withholds."""

    shown: dict[str, str]
    """Unit ID → the translation shown (a copy of the English included)."""
    withheld: tuple[Withheld, ...]
    """In catalog order."""
    translated: int
    """Units shown translated: :attr:`shown`, a confirmed copy of the English included (a name that stays
    as it is: msgfmt --statistics, Poedit and Weblate count it translated too)."""


def publish(roadmap: Roadmap, catalog: Catalog, target: RenderTarget) -> Publication:
    """Decide, for every confirmed translation in ``catalog``, whether the README at ``target`` shows it."""
    sources = {text.id: text.source for text in roadmap.texts()}
    candidates: dict[str, str] = {}
    copies: dict[str, str] = {}
    problems: dict[str, list[Problem]] = {}
    messages: dict[str, Message] = {}
    for message in confirmed_messages(catalog, sources):
        unit = message.msgctxt
        assert unit is not None
        messages[unit] = message
        if message.msgstr == message.msgid:
            copies[unit] = message.msgstr  # shows exactly the English: nothing to judge
            continue
        found = unit_problems(unit, message.msgid, message.msgstr, brace_format="python-brace-format" in message.flags)
        if found:
            problems[unit] = found
        else:
            candidates[unit] = message.msgstr
    if candidates:
        problems.update(_judge_in_readme(roadmap, candidates, target))
        # What the judge passed but escaping hid from it (a unit the README writes inside HTML).
        for unit, text in candidates.items():
            if unit not in problems and (found := _html_problems(sources[unit], text)):
                problems[unit] = found
    shown = {unit: text for unit, text in candidates.items() if unit not in problems}
    withheld = tuple(Withheld(unit, tuple(dict.fromkeys(problems[unit]))) for unit in messages if unit in problems)
    return Publication({**copies, **shown}, withheld, len(copies) + len(shown))


def confirmed_messages(catalog: Catalog, sources: Mapping[str, str]) -> Iterable[Message]:
    """Live, non-fuzzy, translated entries of roadmap units whose English is still the roadmap's."""
    for message in catalog.messages:
        if message.obsolete or message.fuzzy or not message.msgstr or message.msgctxt is None:
            continue
        if sources.get(message.msgctxt) == message.msgid:
            yield message


def unit_problems(unit: str, source: str, translation: str, *, brace_format: bool = False) -> list[Problem]:
    """What is wrong with a translation's characters (placeholders, emoji, lines, invisible characters).

    A label filled with ``str.format`` may use only its own plain ``{name}`` fields.
    """
    found = character_problems(source, translation, brace_format=brace_format)
    label = unit.removeprefix("labels.")
    allowed = LABEL_PLACEHOLDERS.get(label) if unit.startswith("labels.") else None
    if allowed is not None and not any(p.code == "placeholder" for p in found):
        problem = placeholder_problem(translation, allowed)
        if problem:
            found.append(Problem("placeholder", problem))
    return found


# A tag or comment as a reader would spot one (for the message; cmark-gfm decides what is HTML).
_TAG_LIKE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*|<!--")


def _html_problems(source: str, translation: str) -> list[Problem]:
    """Raw HTML the English lacks, read as a Markdown text of its own.

    For the units the README writes inside HTML (a header link, an ``alt`` attribute, a ``<summary>``): it
    escapes them, so the judge sees no HTML there, and the markup would be published as visible text.
    """
    if "<" not in translation or raw_html_count(translation) <= raw_html_count(source):
        return []
    extra = Counter(_TAG_LIKE.findall(translation)) - Counter(_TAG_LIKE.findall(source))
    what = ", ".join(f"{tag}>" if tag != "<!--" else "<!-- -->" for tag in sorted(extra))
    return [Problem("raw-html", f"raw HTML the English lacks: {what}" if what else "raw HTML the English lacks")]


# -- the README as the context --------------------------------------------------------------------

# A unit's text in a marked README: NUL, its ID in private-use characters, SOH, the text shown, then ETX and
# the English if they differ, and STX. The README's escaping applies to both texts alike (it is character by
# character), and both see the same surroundings. Control and private-use characters are dropped from
# heading anchors; no English (YAML) holds control characters, and a translation that does is withheld
# before (``invisible``).
_OPEN, _MID, _ENGLISH, _CLOSE = "\x00", "\x01", "\x03", "\x02"
_ID_BASE = 0xF0000
_SPAN = re.compile(
    f"{_OPEN}([^{_MID}]*){_MID}([^{_OPEN}{_ENGLISH}{_CLOSE}]*)(?:{_ENGLISH}([^{_OPEN}{_CLOSE}]*))?{_CLOSE}"
)
# Text GitHub renders as plain text wherever it stands: none of Markdown's or HTML's special characters,
# no URL or e-mail (autolinks), nothing a line could start a block with.
_ACTIVE = re.compile(r"[\\`*_~\[\]<>&|!\n\r]|://|www\.|@|mailto:|xmpp:|^\s|^[#>+=\-\d]|\s$", re.IGNORECASE)
_OPENS_AFTER = frozenset("]!\\<&")
_ENCODE_ID = {code: _ID_BASE + code for code in range(128)}
_DECODE_ID = {_ID_BASE + code: code for code in range(128)}


class _Marks:
    """The ``mark`` function of a marked rendering (IDs encoded once each)."""

    def __init__(self) -> None:
        self.encoded: dict[str, str] = {}

    def __call__(self, unit: Text, shown: str) -> str:
        encoded = self.encoded.get(unit.id)
        if encoded is None:
            encoded = self.encoded[unit.id] = unit.id.translate(_ENCODE_ID)
        english = "" if shown == unit.source else f"{_ENGLISH}{unit.source}"
        return f"{_OPEN}{encoded}{_MID}{shown}{english}{_CLOSE}"


@dataclass(frozen=True, slots=True)
class _Span:
    """One occurrence of a unit in the README, as rendered (escaped for its place): shown, and in English."""

    unit: str
    text: str
    english: str


_Block = list["str | _Span"]


def _blocks(document: str) -> Iterator[_Block]:
    """The marked README cut into blocks at blank lines, one at a time (all of a README of 100,000 units
    at once would be a hundred megabytes of pieces)."""
    block: _Block = []
    units: dict[str, str] = {}
    position = 0
    for match in _SPAN.finditer(document):
        *done, block = _cut(block, document[position : match.start()])
        yield from done
        encoded, text, english = match.groups()
        unit = units.get(encoded)
        if unit is None:
            unit = units[encoded] = encoded.translate(_DECODE_ID)
        block.append(_Span(unit, text, text if english is None else english))
        position = match.end()
    yield from _cut(block, document[position:])


def _cut(block: _Block, fixed: str) -> list[_Block]:
    """``block`` continued by the fixed text ``fixed``, and the blocks its blank lines start."""
    first, *rest = fixed.split("\n\n")
    block.append(first)
    started: list[_Block] = [[part] for part in rest]
    return [block, *started]


def _judge_in_readme(roadmap: Roadmap, candidates: dict[str, str], target: RenderTarget) -> dict[str, list[Problem]]:
    """The problems of candidate translations in their README surroundings (until none is left)."""
    withheld: dict[str, list[Problem]] = {}
    while True:
        shown = {unit: text for unit, text in candidates.items() if unit not in withheld}
        # withheld=1: the status line's sentence about withheld translations is a unit too, judged in its place.
        blocks = _blocks(render_readme(roadmap, shown, target, mark=_Marks(), withheld=1))
        found = _Pass(blocks, shown).run()
        if not found:
            return withheld
        withheld.update(found)  # a unit also shown in an earlier block: judge every block again without it


class _Pass:
    """One walk over the README's blocks, judging the translations in each."""

    def __init__(self, blocks: Iterable[_Block], shown: dict[str, str]) -> None:
        self.blocks = blocks
        self.shown = shown
        self.withheld: dict[str, list[Problem]] = {}

    def run(self) -> dict[str, list[Problem]]:
        previous: _Block | None = None
        for block in self.blocks:
            units = self._to_judge(block)
            if units:
                self._judge_block(block, previous, units)
            if len(block) > 1 or block[0].strip():  # type: ignore[union-attr]
                previous = block
        return self.withheld

    def _to_judge(self, block: _Block) -> list[str]:
        """Translated units of ``block`` whose rendering could differ from the English's in more than words."""
        units: dict[str, None] = {}
        before = ""
        for piece in block:
            if isinstance(piece, str):
                before = piece
                continue
            if piece.unit in self.shown and piece.unit not in self.withheld:
                english = piece.english
                if piece.text != english and (
                    _ACTIVE.search(piece.text) or _ACTIVE.search(english) or before[-1:] in _OPENS_AFTER
                ):
                    units[piece.unit] = None
            before = ""
        return list(units)

    def _text(self, block: _Block, *, judged: Iterable[str] = (), chosen: Iterable[str] = ()) -> str:
        """``block`` with its translations, except the ``judged`` units not ``chosen`` (and those withheld)."""
        english = set(judged) - set(chosen)
        return "".join(
            piece
            if isinstance(piece, str)
            else piece.text
            if piece.unit in self.shown and piece.unit not in self.withheld and piece.unit not in english
            else piece.english
            for piece in block
        )

    def _text_english(self, block: _Block) -> str:
        return "".join(piece if isinstance(piece, str) else piece.english for piece in block)

    def _judge_block(self, block: _Block, previous: _Block | None, units: list[str]) -> None:
        starts_with_unit = len(block) > 1 and block[0] == "" and isinstance(block[1], _Span)
        english_before = translated_before = ""
        if previous is not None and starts_with_unit:  # an indented or lazy line could join the block before
            english_before = self._text_english(previous) + "\n\n"
            translated_before = self._text(previous) + "\n\n"
        english = english_before + self._text_english(block)

        def problems(chosen: Iterable[str]) -> list[Problem]:
            return compare_markdown(english, translated_before + self._text(block, judged=units, chosen=chosen))

        if not problems(units):
            return
        alone = {unit: problems([unit]) for unit in units}
        self.withheld.update({unit: found for unit, found in alone.items() if found})
        together: list[str] = []
        for unit in (unit for unit in units if not alone[unit]):
            found = problems([*together, unit])
            if found:
                note = f" (together with {', '.join(together)} in the same block)"
                self.withheld[unit] = [Problem(p.code, p.message + note) for p in found]
            else:
                together.append(unit)


def msgstr_lines(po_text: str, units: Iterable[str]) -> dict[str, int]:
    """1-based line of each unit's ``msgstr`` in a catalog written by :func:`~roadmapi18n.catalog.format_po`."""
    wanted = {f'msgctxt "{unit}"': unit for unit in units}
    found: dict[str, int] = {}
    pending: str | None = None
    for number, line in enumerate(po_text.split("\n"), 1):
        if pending is not None and line.startswith("msgstr"):
            found[pending] = number
            pending = None
        elif line in wanted:
            pending = wanted[line]
    return found
