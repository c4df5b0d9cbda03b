"""Which upstream item is which roadmap item: the IDs that translations are keyed on.

Both sides are flattened into :class:`Item` records (a topic, a resource, a
section…, with the container it sits in). Items are paired kind by kind, with
every piece of evidence that survives an edit, strongest first:

1. identical content, then a unique identical title (or URL, name, emoji);
2. similarity of titles and texts (gettext's fstrcmp measure, via rapidfuzz),
   shared URLs, and staying in the same (already paired) container.

Sections are paired after the exact passes over their topics and resources, so
that "most of its topics came from that section" counts as evidence; topics
and resources are then paired globally, so one that moved to another section or
part keeps its ID. Likewise a notebook table whose title changed too much is
the old table that at least half of its notebooks come from. A pairing is only
made when it is clearly the best for both sides: when two candidates score
within :data:`MARGIN` of each other, nothing is paired and the case is listed
as ambiguous. A missed pairing costs a translator one new entry; a wrong one
would publish a translation of other English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from roadmapi18n.importer.inline import emoji_key, normalize_url, plain
from roadmapi18n.schema import ID_PATTERN

Data = dict[str, Any]

MARGIN = 0.05
"""Two candidates scoring closer than this are ambiguous: neither is taken."""

KINDS = ("part", "section", "topic", "resource", "table", "notebook", "link", "assistant", "thanks", "block")

UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "part": ("title", "summary", "intro", "toggle", "image_alt"),
    "section": ("title", "intro", "resources_toggle"),
    "topic": ("title", "description"),
    "resource": ("title", "description"),
    "table": ("title",),
    "notebook": ("name", "description"),
    "link": ("label",),
    "assistant": ("name", "description"),
    "thanks": ("text",),
    "block": ("text",),
}
"""The translatable fields of each kind of item."""


@dataclass(eq=False)
class Item:
    """One list item of the roadmap (old side) or of the upstream README (new side)."""

    kind: str
    data: Data
    parent: Item | None
    """The item it sits in (a topic's section, a section's part, a notebook's table); None at course level."""
    position: int
    scope: str = ""
    """Where a block sits: ``course``, ``part`` or ``section``."""
    id: str = ""
    match: Item | None = None
    how: str = ""
    score: float = 0.0
    line: int = 0
    children: list[Item] = field(default_factory=list, repr=False)
    _norms: dict[str, str] = field(default_factory=dict, repr=False)

    def norm(self, key: str) -> str:
        """:func:`norm` of one field, computed once (pairs are scored many times)."""
        value = self._norms.get(key)
        if value is None:
            value = self._norms[key] = norm(self.data.get(key))
        return value

    @property
    def label(self) -> str:
        """The item's main text, for IDs and reports."""
        data = self.data
        for key in ("title", "name", "label", "text"):
            value = data.get(key)
            if value:
                return str(value)
        if self.kind == "block":
            return str(data.get("src") or data.get("html") or data.get("kind") or "")
        return ""

    def path(self) -> tuple[str, ...]:
        """IDs of the containers, outermost first."""
        chain: list[str] = []
        parent = self.parent
        while parent is not None:
            chain.append(parent.id)
            parent = parent.parent
        return tuple(reversed(chain))


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A new item with several old candidates too close to call: it got a new ID."""

    kind: str
    line: int
    text: str
    candidates: tuple[str, ...]
    """The old items' paths (``part/section/id``) and scores."""


@dataclass
class Matching:
    """The pairing of new items with old ones."""

    new: list[Item]
    old: list[Item]
    ambiguous: list[Ambiguity] = field(default_factory=list)

    def of_kind(self, kind: str, side: str = "new") -> list[Item]:
        """The items of ``kind`` on one side."""
        return [item for item in (self.new if side == "new" else self.old) if item.kind == kind]


# --- flattening -----------------------------------------------------------------------------------


def flatten(course: Data, parts: list[tuple[str, Data]], *, with_ids: bool) -> list[Item]:
    """Every list item of a course mapping and its part mappings, parents before children."""
    items: list[Item] = []

    def add(kind: str, data: Data, parent: Item | None, position: int, scope: str = "") -> Item:
        item = Item(kind, data, parent, position, scope, str(data.get("id", "")) if with_ids else "")
        items.append(item)
        if parent is not None:
            parent.children.append(item)
        return item

    for i, link in enumerate(course.get("links") or []):
        add("link", link, None, i)
    for i, assistant in enumerate((course.get("assistants") or {}).get("items") or []):
        add("assistant", assistant, None, i)
    for i, block in enumerate(course.get("blocks") or []):
        add("block", block, None, i, "course")
    for t, table in enumerate((course.get("notebooks") or {}).get("tables") or []):
        table_item = add("table", table, None, t)
        for i, notebook in enumerate(table.get("notebooks") or []):
            add("notebook", notebook, table_item, i)
    for i, thanks in enumerate((course.get("acknowledgements") or {}).get("thanks") or []):
        add("thanks", thanks, None, i)
    for p, (part_id, part) in enumerate(parts):
        part_item = add("part", part, None, p)
        part_item.id = part_id
        for i, block in enumerate(part.get("blocks") or []):
            add("block", block, part_item, i, "part")
        for s, section in enumerate(part.get("sections") or []):
            section_item = add("section", section, part_item, s)
            for i, topic in enumerate(section.get("topics") or []):
                add("topic", topic, section_item, i)
            for i, resource in enumerate(section.get("resources") or []):
                add("resource", resource, section_item, i)
            for i, block in enumerate(section.get("blocks") or []):
                add("block", block, section_item, i, "section")
    return items


# --- text evidence --------------------------------------------------------------------------------


def norm(text: object) -> str:
    """Text as compared: the words a reader sees, case-folded, spaces collapsed.

    >>> norm("**[LoRA](https://x.org)**:  Low-Rank")
    'lora: low-rank'
    """
    return " ".join(plain(str(text or "")).casefold().split())


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp measure on normalised text (1.0 for two empty texts)."""
    from rapidfuzz.distance import Indel

    if not a and not b:
        return 1.0
    return float(Indel.normalized_similarity(a, b))


def _url(value: object) -> str:
    return normalize_url(str(value)) if value else ""


def _urls(item: Item) -> set[str]:
    data = item.data
    return {_url(data.get(key)) for key in ("url", "article", "colab", "src", "link") if data.get(key)}


# --- pairing --------------------------------------------------------------------------------------

Scorer = Callable[[Item, Item], "tuple[float, str] | None"]


def _pair(new: Item, old: Item, how: str, score: float) -> None:
    new.match, old.match, new.how, new.score = old, new, how, score


def _pair_by_key(news: list[Item], olds: list[Item], key: Callable[[Item], object], how: str) -> None:
    """Pair the free items whose key is equal and unique among the free items of each side."""
    free_new = [n for n in news if n.match is None]
    free_old = [o for o in olds if o.match is None]
    new_keys = Counter(k for k in map(key, free_new) if k)
    old_index: dict[object, list[Item]] = {}
    for old in free_old:
        k = key(old)
        if k:
            old_index.setdefault(k, []).append(old)
    for new in free_new:
        k = key(new)
        candidates = old_index.get(k) if k else None
        if candidates and len(candidates) == 1 and new_keys[k] == 1:
            _pair(new, candidates[0], how, 1.0)


def _pair_identical(news: list[Item], olds: list[Item], key: Callable[[Item], object]) -> None:
    """Pair items with identical content; repeated content pairs in order, same container first."""
    index: dict[object, list[Item]] = {}
    for old in olds:
        if old.match is None:
            index.setdefault(key(old), []).append(old)
    for same_container in (True, False):
        for new in news:
            if new.match is not None:
                continue
            for old in index.get(key(new), []):
                if old.match is None and (not same_container or _same_container(new, old)):
                    _pair(new, old, "identical", 1.0)
                    break


def _same_container(new: Item, old: Item) -> bool:
    if new.parent is None or old.parent is None:
        return new.parent is None and old.parent is None
    return new.parent.match is old.parent


def _pair_similar(news: list[Item], olds: list[Item], score: Scorer, ambiguous: list[Ambiguity]) -> None:
    """Score the free pairs; take the best ones first, leaving out any too close to another candidate."""
    free_new = [n for n in news if n.match is None]
    free_old = [o for o in olds if o.match is None]
    if not free_new or not free_old:
        return
    scored: list[tuple[float, int, int, str]] = []
    for i, new in enumerate(free_new):
        for j, old in enumerate(free_old):
            found = score(new, old)
            if found is not None:
                scored.append((found[0], i, j, found[1]))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    by_new: dict[int, list[tuple[float, int]]] = {}
    by_old: dict[int, list[tuple[float, int]]] = {}
    for value, i, j, _ in scored:
        by_new.setdefault(i, []).append((value, j))
        by_old.setdefault(j, []).append((value, i))
    for value, i, j, how in scored:
        new, old = free_new[i], free_old[j]
        if new.match is not None or old.match is not None:
            continue
        rivals = [(v, free_old[k]) for v, k in by_new[i] if k != j and free_old[k].match is None and v > value - MARGIN]
        rivals_new = [free_new[k] for v, k in by_old[j] if k != i and free_new[k].match is None and v > value - MARGIN]
        if rivals or rivals_new:
            if not any(a.line == new.line and a.text == new.label for a in ambiguous):
                shown = [(value, old), *rivals]
                ambiguous.append(
                    Ambiguity(
                        new.kind,
                        new.line,
                        new.label,
                        tuple(f"{'/'.join((*o.path(), o.id))} ({v:.2f})" for v, o in shown),
                    )
                )
            continue
        _pair(new, old, how, value)


# --- scores per kind ------------------------------------------------------------------------------


def _context(new: Item, old: Item) -> float:
    """A small bonus for staying in the same container."""
    return 0.05 if _same_container(new, old) else 0.0


def _text_pair(new: Item, old: Item, title_key: str, text_key: str) -> tuple[float, float]:
    return similarity(new.norm(title_key), old.norm(title_key)), similarity(new.norm(text_key), old.norm(text_key))


def _score_entry(title_key: str, text_key: str) -> Scorer:
    """Topics, resources, notebooks, assistants: a title and a description, maybe URLs."""

    def score(new: Item, old: Item) -> tuple[float, str] | None:
        t, d = _text_pair(new, old, title_key, text_key)
        shared_url = bool(_urls(new) & _urls(old))
        if t >= 0.9:
            how = "title"
        elif d >= 0.8 and t >= 0.4:
            how = "description"
        elif t >= 0.6 and d >= 0.6:
            how = "title and description"
        elif shared_url and max(t, d) >= 0.4:
            how = "URL"
        else:
            return None
        value = 0.6 * max(t, d) + 0.3 * min(t, d) + (0.1 if shared_url else 0.0) + _context(new, old)
        return value, f"similar {how}"

    return score


def _score_resource(new: Item, old: Item) -> tuple[float, str] | None:
    """A reference is its link: a new URL needs the same title (or nearly the same title and text)."""
    t, d = _text_pair(new, old, "title", "description")
    if _url(new.data.get("url")) == _url(old.data.get("url")):
        if max(t, d) < 0.4:
            return None
        how = "same URL"
    elif t >= 0.9:
        how = "same title, new URL"
    elif t >= 0.8 and d >= 0.8:
        how = "similar title and description, new URL"
    else:
        return None
    return 0.6 * max(t, d) + 0.3 * min(t, d) + _context(new, old), how


def _score_section(new: Item, old: Item) -> tuple[float, str] | None:
    t, i = _text_pair(new, old, "title", "intro")
    overlap = _child_overlap(new, old)
    if t >= 0.8:
        how = "title"
    elif overlap >= 0.5:
        how = f"{overlap:.0%} of its topics and resources"
    elif i >= 0.8:
        how = "introduction"
    elif t >= 0.5 and i >= 0.5:
        how = "title and introduction"
    else:
        return None
    same_part = 0.05 if new.parent is not None and new.parent.match is old.parent else 0.0
    return 0.5 * t + 0.3 * i + 0.2 * overlap + same_part, f"similar {how}"


def _child_overlap(new: Item, old: Item, kinds: tuple[str, ...] = ("topic", "resource")) -> float:
    """Share of the new container's children (of ``kinds``) already paired with one of the old container's."""
    children = [child for child in new.children if child.kind in kinds]
    if not children:
        return 0.0
    return sum(1 for child in children if child.match is not None and child.match.parent is old) / len(children)


def _score_table(new: Item, old: Item) -> tuple[float, str] | None:
    """A renamed table: the old one at least half of its notebooks come from (a tie is ambiguous)."""
    overlap = _child_overlap(new, old, ("notebook",))
    return (overlap, f"{overlap:.0%} of its notebooks") if overlap >= 0.5 else None


def _score_text(key: str, threshold: float) -> Scorer:
    def score(new: Item, old: Item) -> tuple[float, str] | None:
        value = similarity(new.norm(key), old.norm(key))
        return (value + _context(new, old), f"similar {key}") if value >= threshold else None

    return score


def _score_link(new: Item, old: Item) -> tuple[float, str] | None:
    label = similarity(new.norm("label"), old.norm("label"))
    if _url(new.data.get("url")) == _url(old.data.get("url")):
        return 0.5 + 0.5 * label, "same URL"
    return (label, "similar label") if label >= 0.8 else None


def _score_block(new: Item, old: Item) -> tuple[float, str] | None:
    if new.scope != old.scope or new.data.get("kind") != old.data.get("kind"):
        return None
    kind = new.data.get("kind")
    if kind == "rule":
        return (0.5 + _context(new, old), "a rule in the same place") if _same_container(new, old) else None
    if kind == "image" and _url(new.data.get("src")) == _url(old.data.get("src")):
        return 0.9 + _context(new, old), "same image"
    key = "html" if kind == "html" else "text"
    value = similarity(str(new.data.get(key) or ""), str(old.data.get(key) or ""))
    return (value + _context(new, old), f"similar {key}") if value >= 0.7 else None


# --- the whole matching ---------------------------------------------------------------------------


def match_items(new: list[Item], old: list[Item]) -> Matching:
    """Pair ``new`` items with ``old`` ones (see the module docstring); fills ``Item.match``."""
    result = Matching(new, old)
    kinds: dict[str, tuple[list[Item], list[Item]]] = {kind: ([], []) for kind in KINDS}
    for item in new:
        kinds[item.kind][0].append(item)
    for item in old:
        kinds[item.kind][1].append(item)

    def title(key: str) -> Callable[[Item], object]:
        return lambda item: item.norm(key)

    def content(*keys: str) -> Callable[[Item], object]:
        return lambda item: tuple(str(item.data.get(k, "")) for k in keys)

    parts, sections = kinds["part"], kinds["section"]
    _pair_identical(*parts, content("title"))
    _pair_by_key(*parts, lambda i: emoji_key(str(i.data.get("emoji", ""))), "same emoji")
    _pair_by_key(*parts, title("title"), "same title")
    _pair_similar(*parts, _score_text("title", 0.6), result.ambiguous)

    # Exact evidence for the items inside sections first: it tells which section became which.
    entries = {"topic": ("title", "description"), "resource": ("title", "description")}
    for kind, (t, d) in entries.items():
        _pair_identical(*kinds[kind], content(t, "url", d))
        _pair_by_key(*kinds[kind], title(t), "same title")
        if kind == "resource":
            _pair_by_key(*kinds[kind], lambda i: _url(i.data.get("url")), "same URL")
    _pair_identical(*sections, content("title", "intro"))
    _pair_by_key(*sections, title("title"), "same title")
    _pair_similar(*sections, _score_section, result.ambiguous)
    _pair_similar(*kinds["topic"], _score_entry("title", "description"), result.ambiguous)
    _pair_similar(*kinds["resource"], _score_resource, result.ambiguous)

    tables, notebooks = kinds["table"], kinds["notebook"]
    _pair_by_key(*tables, title("title"), "same title")
    _pair_similar(*tables, _score_text("title", 0.8), result.ambiguous)
    _pair_identical(*notebooks, content("name", "description"))
    _pair_by_key(*notebooks, title("name"), "same name")
    _pair_by_key(*notebooks, lambda i: _url(i.data.get("colab")), "same Colab notebook")
    # A table renamed beyond recognition is still the table its notebooks come from (the exact evidence above).
    _pair_similar(*tables, _score_table, result.ambiguous)
    _pair_similar(*notebooks, _score_entry("name", "description"), result.ambiguous)

    links, assistants = kinds["link"], kinds["assistant"]
    _pair_by_key(*links, lambda i: _url(i.data.get("url")), "same URL")
    _pair_by_key(*links, title("label"), "same label")
    _pair_similar(*links, _score_link, result.ambiguous)
    _pair_by_key(*assistants, lambda i: _url(i.data.get("url")), "same URL")
    _pair_similar(*assistants, _score_entry("name", "description"), result.ambiguous)

    _pair_identical(*kinds["thanks"], content("text"))
    _pair_similar(*kinds["thanks"], _score_text("text", 0.7), result.ambiguous)
    block_content = content("kind", "text", "src", "html", "link")
    _pair_identical(*kinds["block"], lambda i: (i.scope, block_content(i)))
    _pair_similar(*kinds["block"], _score_block, result.ambiguous)
    return result


# --- IDs ------------------------------------------------------------------------------------------

_SLUG_WORDS = 6
_SLUG_LENGTH = 48


def slug(text: str, fallback: str) -> str:
    """A readable ID from a title: ASCII, lowercase, hyphens, at most six words.

    >>> slug("**[Direct Preference Optimization](https://arxiv.org/abs/2305.18290)**", "topic")
    'direct-preference-optimization'
    >>> slug("Storage & chat templates", "topic"), slug("多模態", "topic")
    ('storage-chat-templates', 'topic')
    """
    folded = unicodedata.normalize("NFKD", plain(text)).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", folded)[:_SLUG_WORDS]
    value = "-".join(words)
    while len(value) > _SLUG_LENGTH and "-" in value:
        value = value.rsplit("-", 1)[0]
    return value[:_SLUG_LENGTH].strip("-") or fallback


def unit_ids(item: Item, item_id: str | None = None) -> dict[str, str]:
    """The stable IDs (msgctxt) of ``item``'s translatable fields, as the loader builds them."""
    item_id = item_id if item_id is not None else item.id
    path = item.path()
    kind = item.kind
    fields = UNIT_FIELDS[kind]
    if kind == "part":
        return {f: f"{item_id}.{f.replace('_', '-')}" for f in fields}
    if kind == "section":
        return {f: f"{path[0]}.{item_id}.{f.replace('_', '-')}" for f in fields}
    if kind in ("topic", "resource"):
        return {f: f"{path[0]}.{path[1]}.{kind}s.{item_id}.{f}" for f in fields}
    if kind == "table":
        return {"title": f"notebooks.{item_id}.title"}
    if kind == "notebook":
        return {f: f"notebooks.{path[0]}.{item_id}.{f}" for f in fields}
    if kind == "link":
        return {"label": f"course.links.{item_id}.label"}
    if kind == "assistant":
        return {f: f"course.assistants.{item_id}.{f}" for f in fields}
    if kind == "thanks":
        return {"text": f"acknowledgements.thanks.{item_id}"}
    prefix = ".".join(path) if path else "course"
    return {"text": f"{prefix}.blocks.{item_id}.text"}


RESTORED = "its former ID"
"""``Item.how`` of an unpaired item that got back an ID the catalogs remember it by."""


class UnitHistory(Protocol):
    """What the roadmap and the catalogs (obsolete entries included) know of unit IDs and their English."""

    def taken(self, unit: str, english: str) -> bool:
        """Whether the unit ID is known for other English."""
        ...

    def reworded(self, unit: str, english: str) -> bool:
        """Whether the unit ID is unknown, or known for this English or English that this merely rewords."""
        ...

    def former(self, english: str) -> Iterable[str]:
        """The unit IDs no roadmap item holds now that are known for this English."""
        ...


def assign_ids(new: list[Item], history: UnitHistory, reserved_parts: Iterable[str] = ()) -> None:
    """Give every new item its ID: its old one where paired (unless a sibling holds it), else a slug.

    A unit ID already used for other English (``history.taken``: in the old roadmap or any
    catalog, obsolete entries included) is never given to a moved or new item, with one exception:
    an item that comes back (unpaired, but English a catalog knows under a former ID in the same
    place: a passage restored, an older revision synced) gets that ID back, so its translations
    come back with it (see :func:`_former_ids`). Parents are done before children (the order of
    :func:`flatten`).
    """
    siblings: dict[tuple[str, tuple[str, ...], str], set[str]] = {}
    reserved = set(reserved_parts)
    repeated = _repeated_english(new)
    # Items that stay where they were keep their IDs first; then moved and new ones choose.
    ordered = sorted(range(len(new)), key=lambda i: (_depth(new[i]), not _stays(new[i]), i))
    for index in ordered:
        item = new[index]
        container = (*item.parent.path(), item.parent.id) if item.parent else ()
        group = siblings.setdefault((item.kind, container, item.scope), set())
        if item.kind == "part":
            group |= reserved
        former = _former_ids(item, history, repeated) if item.match is None else []
        revived = next((c for c in former if c not in group), None)
        if revived is not None:
            item.id, item.how = revived, RESTORED
        else:
            fallback = str(item.data.get("kind", "block")) if item.kind == "block" else item.kind
            wanted = item.match.id if item.match is not None else slug(item.label, fallback)
            item.id = _free(item, wanted, group, history.taken)
        group.add(item.id)


_HOLE = "\x00"


def _english(item: Item, name: str) -> str:
    return str(item.data.get(name) or "").rstrip("\n")


def _repeated_english(items: list[Item]) -> set[tuple[str, int, str, str]]:
    """(kind, container, field, English) found more than once: evidence that cannot tell which item is which."""
    seen: Counter[tuple[str, int, str, str]] = Counter()
    for item in items:
        for name in UNIT_FIELDS[item.kind]:
            english = _english(item, name)
            if english:
                seen[(item.kind, id(item.parent), name, english)] += 1
    return {key for key, count in seen.items() if count > 1}


def _former_ids(item: Item, history: UnitHistory, repeated: set[tuple[str, int, str, str]]) -> list[str]:
    """IDs this item had before in its container, best first (the most fields with the same English).

    A former ID is one whose unit a catalog knows with this item's English (a field of it), where
    the item's other fields are unknown or only reworded (the merge then offers their old
    translations as fuzzy suggestions, as it does to a unit that never left). English that
    several new items share in one container is no evidence (which of them was it?).
    """
    scores: Counter[str] = Counter()
    for name, pattern in unit_ids(item, _HOLE).items():
        english = _english(item, name)
        if not english or (item.kind, id(item.parent), name, english) in repeated:
            continue
        prefix, _, suffix = pattern.partition(_HOLE)
        for unit in history.former(english):
            if unit.startswith(prefix) and unit.endswith(suffix) and len(unit) > len(prefix) + len(suffix):
                candidate = unit[len(prefix) : len(unit) - len(suffix)]
                if ID_PATTERN.match(candidate):
                    scores[candidate] += 1
    fits = [c for c in scores if all(history.reworded(u, _english(item, n)) for n, u in _own_units(item, c))]
    return sorted(fits, key=lambda candidate: -scores[candidate])


def _own_units(item: Item, candidate: str) -> Iterator[tuple[str, str]]:
    """(field, unit ID) of the fields the item has, under ID ``candidate``."""
    for name, unit in unit_ids(item, candidate).items():
        if item.data.get(name):
            yield name, unit


def _depth(item: Item) -> int:
    depth, parent = 0, item.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


def _stays(item: Item) -> bool:
    """Paired with an old item in the same container (same parent, or both at course level)."""
    return item.match is not None and _same_container(item, item.match)


def _free(item: Item, wanted: str, siblings: set[str], taken: Callable[[str, str], bool]) -> str:
    """``wanted``, or ``wanted-2``, ``-3``…: the first free among siblings and (moving or new) not known elsewhere."""
    keeps_units = _stays(item) and item.match is not None and item.path() == item.match.path()
    candidate, number = wanted, 1
    while True:
        if candidate not in siblings and (keeps_units or not _units_taken(item, candidate, taken)):
            return candidate
        number += 1
        candidate = f"{wanted}-{number}"


def _units_taken(item: Item, candidate: str, taken: Callable[[str, str], bool]) -> bool:
    own = unit_ids(item.match) if item.match is not None else {}
    for name, unit in unit_ids(item, candidate).items():
        if unit == own.get(name) or not item.data.get(name):
            continue  # its own old ID, or a field it does not have
        if taken(unit, str(item.data.get(name) or "")):
            return True
    return False


def walk_units(items: Iterable[Item]) -> Iterator[tuple[Item, str, str]]:
    """(item, field, unit ID) for every translatable field present in the items."""
    for item in items:
        for name, unit in unit_ids(item).items():
            if item.data.get(name):
                yield item, name, unit
