"""Random roadmap projects (YAML, config, translations) for the property, fuzz and kill tests.

A project is a :class:`Spec`: the course mapping and one mapping per part, exactly as they are
written to YAML. Generation walks the shapes in :mod:`roadmapi18n.schema`, so every field of
every shape is exercised, with text mixing Vietnamese, CJK, emoji, Markdown and odd characters.
Generators take a :class:`random.Random` so the kill test can make a large seeded project with
the same code the hypothesis strategies use (through ``st.randoms``).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from roadmapi18n import schema as S
from roadmapi18n.catalog import format_po, read_po

WORDS = ["model", "LoRA", "fine-tuning", "RAG", "agents", "tokens", "GPU", "2024", "no", "null", "~", "yes"]
VIETNAMESE = ["Tiếng Việt", "học máy", "mô hình ngôn ngữ lớn", "tinh chỉnh", "tiê\u0301ng", "Đường dẫn", "ước lượng"]
CJK = ["繁體中文", "大型語言模型", "微調", "向量資料庫", "検索", "한국어"]
EMOJI = ["🗣️", "👩\u200d💻", "🧑\u200d🔬", "👍🏽", "🇻🇳", "📚", "✨", "❤️"]
MARKUP = ["**bold**", "`code`", "`a|b`", "_it_", "~~x~~", "{x}", "{{", "}}", "<br/>", "&amp;", "#", "|", "\\", '"', "'"]
ODD = ["\t", "\u200b", "\u00ad", "\u202e", "\u2028", "\x85", "\ufffd", ": ", "- ", "> ", "[", "]", "(", ")", "<", ">"]
HOSTS = ["example.com", "arxiv.org", "github.com", "huggingface.co", "xn--80ak6aa92e.example", "例子.example"]
LOCALES = (("vi", "Tiếng Việt"), ("zh_Hant", "繁體中文"))


@dataclass
class Sizes:
    """How many items each list gets (inclusive ranges)."""

    parts: tuple[int, int] = (1, 2)
    sections: tuple[int, int] = (1, 2)
    topics: tuple[int, int] = (0, 3)
    resources: tuple[int, int] = (0, 2)
    other: tuple[int, int] = (0, 2)
    """Links, assistants, notebook tables, notebooks, thanks."""


@dataclass
class Spec:
    """A roadmap project: the course mapping and the part mappings, keyed by part ID (in course order)."""

    course: dict[str, Any]
    parts: dict[str, dict[str, Any]]
    locales: tuple[tuple[str, str], ...] = LOCALES
    last_id: int = 1000

    def new_id(self) -> int:
        """A number no ID of this project (or of its copies made before) uses yet."""
        self.last_id += 1
        return self.last_id

    def copy(self) -> Spec:
        """A deep copy that can be edited independently."""
        return copy.deepcopy(self)


# --- text ------------------------------------------------------------------------------------------


def url(rng: random.Random) -> str:
    """An absolute URL the loader accepts (no spaces, quotes, angle brackets or parentheses)."""
    path = "".join(rng.choice("abcxyz019-_.~%/=&") for _ in range(rng.randint(0, 12)))
    query = f"?q={rng.randint(0, 99)}" if rng.random() < 0.2 else ""
    return f"{rng.choice(['https', 'http'])}://{rng.choice(HOSTS)}/{path}{query}"


def _piece(rng: random.Random, *, links: bool) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(WORDS)
    if roll < 0.45:
        return rng.choice(VIETNAMESE)
    if roll < 0.55:
        return rng.choice(CJK)
    if roll < 0.62:
        return rng.choice(EMOJI)
    if roll < 0.72:
        return rng.choice(MARKUP)
    if roll < 0.78:
        return rng.choice(ODD)
    if roll < 0.9 and links:
        return f"[{rng.choice(WORDS)}]({url(rng)})"
    # Arbitrary characters of the planes a README can hold (no controls, surrogates or private use).
    return "".join(chr(_codepoint(rng)) for _ in range(rng.randint(1, 4)))


def _codepoint(rng: random.Random) -> int:
    while True:
        point = rng.choice(
            [
                rng.randint(0x20, 0x7E),
                rng.randint(0xA0, 0x2FFF),
                rng.randint(0x3000, 0xD7FF),
                rng.randint(0xF900, 0xFFFD),
                rng.randint(0x1F300, 0x1FAFF),
                rng.randint(0x20000, 0x2A6DF),
            ]
        )
        if not 0xFDD0 <= point <= 0xFDEF and point != 0xFEFF:
            return point


def text(rng: random.Random, *, links: bool = True) -> str:
    """One translatable unit's English: one line, non-empty, no surrounding white space."""
    value = " ".join(_piece(rng, links=links) for _ in range(rng.randint(1, 5)))
    value = " ".join(value.split("\n")).strip()
    return value or rng.choice(WORDS)


def label_text(rng: random.Random, name: str) -> str:
    """A label's English: a format string for the labels the renderer fills, plain text otherwise."""
    allowed = S.LABEL_PLACEHOLDERS.get(name)
    if allowed is None:
        return text(rng)
    words = [text(rng, links=False).replace("{", "(").replace("}", ")") for _ in range(rng.randint(0, 2))]
    words += ["{" + name + "}" for name in sorted(allowed) if rng.random() < 0.8]
    rng.shuffle(words)
    return " ".join(words).strip() or "{" + sorted(allowed)[0] + "}"


# --- the project -----------------------------------------------------------------------------------


def _count(rng: random.Random, span: tuple[int, int]) -> int:
    return rng.randint(*span)


def _value(rng: random.Random, spec: Spec, shape: S.Shape, f: S.Field, sizes: Sizes) -> Any:
    if f.kind == "text":
        return label_text(rng, f.name) if shape is S.LABELS else text(rng)
    if f.kind == "id":
        return f"{rng.choice(['a', 'lora', 'x-y', '2024', 'intro'])}-{spec.new_id()}"
    if f.kind == "emoji":
        return rng.choice(EMOJI)
    if f.kind == "url":
        return url(rng)
    if f.kind == "path":
        return rng.choice(["img/roadmap.png", "images/a b.svg", "img/é.png"])
    if f.kind == "image":
        return rng.choice(["img/roadmap.png", "images/a b.svg", url(rng)])
    if f.kind == "html":
        return rng.choice(["img", '<p align="center">\n  <b>x</b>\n</p>', "<br/>"])
    if f.kind == "string":
        return rng.choice(["3Blue1Brown", "Nguyễn Văn A", "李小龍", "O'Brien & co"])
    if f.kind == "bool":
        return rng.random() < 0.5
    if f.kind == "choice":
        return rng.choice(f.choices)
    assert f.item is not None
    if f.kind == "mapping":
        return _mapping(rng, spec, f.item, sizes)
    span = {"sections": sizes.sections, "topics": sizes.topics, "resources": sizes.resources}.get(f.name, sizes.other)
    return [_mapping(rng, spec, f.item, sizes) for _ in range(_count(rng, span))]


def _mapping(rng: random.Random, spec: Spec, shape: S.Shape, sizes: Sizes) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for f in shape.fields:
        if f.kind == "id-list" or (not f.required and rng.random() < 0.4):
            continue
        result[f.name] = _value(rng, spec, shape, f, sizes)
    if shape.name == "block":
        _complete_block(rng, spec, shape, result, sizes)
    if shape.name == "notebooks" and "colab_badge" not in result:  # optional, but any Colab link (added later) needs it
        badge = shape.field("colab_badge")
        assert badge is not None
        result["colab_badge"] = _value(rng, spec, shape, badge, sizes)
    if shape is S.SECTION and not result.get("resources"):  # a toggle folds resources: none, no toggle
        result.pop("resources_toggle", None)
    return result


def _complete_block(rng: random.Random, spec: Spec, shape: S.Shape, block: dict[str, Any], sizes: Sizes) -> None:
    """Give a generic block the fields its kind needs (text, alert type, image source, HTML)."""
    kind = block["kind"]
    needs = {"alert": ("text", "alert"), "image": ("src",), "html": ("html",)}.get(kind, ())
    if kind in ("paragraph", "h2", "h3", "h4"):
        needs = ("text",)
    for name in needs:
        if name not in block:
            f = shape.field(name)
            assert f is not None
            block[name] = _value(rng, spec, shape, f, sizes)


def random_spec(rng: random.Random, sizes: Sizes | None = None) -> Spec:
    """A valid random roadmap project."""
    sizes = sizes or Sizes()
    spec = Spec(course={}, parts={})
    spec.course = _mapping(rng, spec, S.COURSE, sizes)
    for _ in range(_count(rng, sizes.parts)):
        spec.parts[f"part-{spec.new_id()}"] = _mapping(rng, spec, S.PART, sizes)
    spec.course["parts"] = list(spec.parts)
    return spec


def add_part(spec: Spec, rng: random.Random, sizes: Sizes | None = None) -> str:
    """Append a new random part; return its ID."""
    part_id = f"part-{spec.new_id()}"
    spec.parts[part_id] = _mapping(rng, spec, S.PART, sizes or Sizes())
    spec.course["parts"] = list(spec.parts)
    return part_id


def new_item(spec: Spec, rng: random.Random, shape: S.Shape) -> dict[str, Any]:
    """A new random list item of ``shape`` (a topic, resource, section...)."""
    return _mapping(rng, spec, shape, Sizes())


# --- YAML ------------------------------------------------------------------------------------------

_YAML_PRINTABLE = {0x09} | set(range(0x20, 0x7F)) | set(range(0xA0, 0xD800)) | set(range(0xE000, 0xFFFE))


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar for any string (escapes for what YAML 1.1 and 1.2 treat specially)."""
    out = []
    for ch in value:
        point = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif point in (0x85, 0x2028, 0x2029, 0xFEFF) or (point < 0x10000 and point not in _YAML_PRINTABLE):
            out.append(f"\\u{point:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def to_yaml(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML lines for nested dicts, lists, strings and booleans."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += to_yaml(item, indent + 1)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict):
                inner = to_yaml(item, indent + 1)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[]"
    return _quoted(str(value))


def write_spec(root: Path, spec: Spec) -> None:
    """Write the config and the roadmap YAML of ``spec`` under ``root`` (removed parts' files deleted)."""
    roadmap = root / "roadmap"
    (roadmap / "parts").mkdir(parents=True, exist_ok=True)
    config = ['name = "Random Course"', ""]
    for code, label in spec.locales:
        config += ["[[locales]]", f'code = "{code}"', f'label = "{label}"', ""]
    (root / "roadmapi18n.toml").write_text("\n".join(config), encoding="utf-8")
    (roadmap / "course.yaml").write_text("\n".join(to_yaml(spec.course)) + "\n", encoding="utf-8")
    for old in (roadmap / "parts").glob("*.yaml"):
        if old.stem not in spec.parts:
            old.unlink()
    for part_id, part in spec.parts.items():
        (roadmap / "parts" / f"{part_id}.yaml").write_text("\n".join(to_yaml(part)) + "\n", encoding="utf-8")


# --- walking the spec ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A text field of the spec: the mapping holding it and its key."""

    owner: dict[str, Any]
    key: str


def _slots(value: dict[str, Any], shape: S.Shape) -> Iterator[Slot]:
    for f in shape.fields:
        if f.name not in value:
            continue
        if f.kind == "text":
            yield Slot(value, f.name)
        elif f.kind == "mapping" and f.item is not None:
            yield from _slots(value[f.name], f.item)
        elif f.kind == "list" and f.item is not None:
            for item in value[f.name]:
                yield from _slots(item, f.item)


def text_slots(spec: Spec) -> list[Slot]:
    """Every text field of the project."""
    slots = list(_slots(spec.course, S.COURSE))
    for part in spec.parts.values():
        slots += list(_slots(part, S.PART))
    return slots


def drop_empty_toggles(spec: Spec) -> None:
    """Remove the resources toggle of every section left without resources (the loader refuses it)."""
    for part in spec.parts.values():
        for section in part.get("sections") or []:
            if not section.get("resources"):
                section.pop("resources_toggle", None)


def lists(spec: Spec) -> list[tuple[list[dict[str, Any]], S.Shape]]:
    """Every list of items in the project with the items' shape (sections, topics, thanks...)."""
    found: list[tuple[list[dict[str, Any]], S.Shape]] = []

    def walk(value: dict[str, Any], shape: S.Shape) -> None:
        for f in shape.fields:
            if f.name in value and f.item is not None:
                if f.kind == "mapping":
                    walk(value[f.name], f.item)
                elif f.kind == "list":
                    found.append((value[f.name], f.item))
                    for item in value[f.name]:
                        walk(item, f.item)

    walk(spec.course, S.COURSE)
    for part in spec.parts.values():
        walk(part, S.PART)
    return found


# --- translations ----------------------------------------------------------------------------------

ADVERSARIAL = [
    "[click](javascript:alert(1))",
    "[x](https://evil.example/p)",
    '<a href="https://evil.example">x</a>',
    "<img src=x onerror=alert(1)>",
    "<https://evil.example/auto>",
    "![i](data:image/png;base64,AAAA)",
    "x](https://evil.example) [y",
    "line one\n\n[ref]: javascript:alert(1)\n\n[ref]",
    "| broken | table |\n|---|---|",
    "{catalog}",
    "{percent",
    "{0}",
    "{author.__class__}",
    "{percent:>99999}",
    "]",
    "(",
    "<",
    "href",
    "=",
    "\x00",
]


def translation(rng: random.Random, *, hostile: bool) -> str:
    """A translation: real-looking text, sometimes with pieces that try to break out of the unit."""
    value = text(rng)
    if hostile and rng.random() < 0.5:
        parts = [value, rng.choice(ADVERSARIAL)]
        rng.shuffle(parts)
        value = rng.choice(["", " "]).join(parts)
    return value.replace("\x00", "")


def translate(root: Path, code: str, chosen: dict[str, str], *, fuzzy: set[str] | None = None) -> None:
    """Set translations (stable ID → text) in a built catalog, marking the IDs in ``fuzzy`` fuzzy."""
    path = root / "locales" / code / "LC_MESSAGES" / "roadmap.po"
    catalog = read_po(path)
    for message in catalog.messages:
        if not message.obsolete and message.msgctxt in chosen:
            message.msgstr = chosen[message.msgctxt]
            message.fuzzy = message.msgctxt in (fuzzy or set())
    path.write_text(format_po(catalog), encoding="utf-8")


@st.composite
def specs(draw: st.DrawFn, sizes: Sizes | None = None) -> Spec:
    """Hypothesis strategy: a random roadmap project."""
    return random_spec(draw(st.randoms(use_true_random=False)), sizes)
