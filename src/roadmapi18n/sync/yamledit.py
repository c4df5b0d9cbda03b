"""Minimal, faithful edits of the roadmap YAML: ruamel.yaml's round-trip mode.

A file is loaded as ruamel's commented tree, each mapping is brought in line
with the new data in place, and the tree is written back. What did not change
keeps its bytes: comments, key order, quoting; a changed value keeps the
quoting style it had; a one-word change upstream is a one-line diff. A moved
item is the same mapping object moved to its new list, comments and all.
"""

from __future__ import annotations

import io
from typing import Any

from roadmapi18n import schema as S
from roadmapi18n.errors import RoadmapError

Data = dict[str, Any]

NEW_PART_HEADER = (
    "# A part of the course, added by `roadmapi18n sync`. Stable IDs: never change an id when rewording.\n"
    "# yaml-language-server: $schema=../part.schema.json\n"
)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line: a changed sentence stays one line of diff
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str, path: str) -> Any:
    """The round-trip tree of a YAML file (a mapping)."""
    from ruamel.yaml.error import YAMLError

    try:
        tree = _yaml().load(text)
    except YAMLError as error:  # the loader has already validated these files; this is a race or a hand edit
        raise RoadmapError(f"cannot read YAML: {error}", path=path, hint="run roadmapi18n build to see where") from None
    if tree is None:
        raise RoadmapError("empty YAML file", path=path)
    return tree


def load_plain(text: str, path: str) -> Any:
    """The plain data of a YAML file, as the roadmap loader reads it: scalars as written (text), true/false as
    booleans. Composed with the libyaml C parser and the loader's resolver (fast; no comments or styles)."""
    from roadmapi18n.roadmap import _compose

    node = _compose(text.removeprefix("\ufeff"), path)
    data = _plain(node) if node is not None else None
    if not isinstance(data, dict):
        raise RoadmapError("expected a mapping", path=path)
    return data


def _plain(node: Any) -> Any:
    kind = type(node).__name__
    if kind == "MappingNode":
        return {_plain(key): _plain(value) for key, value in node.value}
    if kind == "SequenceNode":
        return [_plain(item) for item in node.value]
    tag = str(getattr(node.tag, "value", node.tag))
    if tag.endswith(":bool"):
        return str(node.value).lower() in ("true", "yes", "on")
    if tag.endswith(":null"):
        return None
    return node.value


def to_text(tree: Any) -> str:
    """The YAML text of a round-trip tree."""
    out = io.StringIO()
    _yaml().dump_all([tree], out)
    return out.getvalue()


def new_map() -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def reconcile(target: Any, new: Data, shape: S.Shape, partners: dict[int, Any]) -> None:
    """Edit mapping ``target`` in place so that it holds ``new`` (keys of ``shape``, in its order).

    ``partners`` maps ``id()`` of a new list item to the old mapping it continues; that mapping
    is edited and reused (wherever it was), so its comments and quoting survive.
    """
    for position, f in enumerate(shape.fields):
        name = f.name
        if name not in new:
            if name in target:
                del target[name]
            continue
        value = new[name]
        if f.kind == "list":
            assert f.item is not None
            items = []
            for item in value:
                old = partners.get(id(item))
                mapping = old if old is not None else new_map()
                reconcile(mapping, item, f.item, partners)
                items.append(mapping)
            _set_list(target, name, items, shape, position)
        elif f.kind == "mapping":
            assert f.item is not None
            current = target.get(name)
            if current is None or not hasattr(current, "items"):
                current = new_map()
                _set(target, name, current, shape, position)
            reconcile(current, value, f.item, partners)
        elif f.kind == "id-list":
            _set_list(target, name, list(value), shape, position)
        else:
            _set(target, name, _scalar(target.get(name), value), shape, position)


def _set(target: Any, name: str, value: Any, shape: S.Shape, position: int) -> None:
    """Set ``name``: in place if present (comments stay), else inserted after the keys that precede it."""
    if name in target:
        if _same(target[name], value):
            return
        target[name] = value
        return
    earlier = {f.name for f in shape.fields[:position]}
    index = sum(1 for key in target if key in earlier)
    target.insert(index, name, value)


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, bool) or isinstance(old, bool):
        return bool(old) is bool(new) and isinstance(old, bool) == isinstance(new, bool)
    if old is None or new is None or isinstance(old, dict | list) or isinstance(new, dict | list):
        return False
    return str(old).rstrip("\n") == str(new).rstrip("\n")  # a plain 2024 reads as a number


def _scalar(old: Any, value: Any) -> Any:
    """``value`` written the way ``old`` was: same quoting style; a literal block for several lines."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, bool):
        return value
    text = str(value)
    if _same(old, text):
        return old
    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
        return type(old)(text)
    return text


def _set_list(target: Any, name: str, items: list[Any], shape: S.Shape, position: int) -> None:
    """Make ``target[name]`` the list ``items``, reusing the list object (and its per-item comments)."""
    from ruamel.yaml.comments import CommentedSeq

    current = target.get(name)
    if not isinstance(current, CommentedSeq):
        seq = CommentedSeq(items)
        _set(target, name, seq, shape, position)
        return
    if len(current) == len(items) and all(a is b or _same(a, b) for a, b in zip(current, items, strict=True)):
        return
    comments = {id(item): current.ca.items.get(index) for index, item in enumerate(current)}
    current.ca.items.clear()
    current[:] = items
    for index, item in enumerate(items):
        comment = comments.get(id(item))
        if comment is not None:
            current.ca.items[index] = comment
