"""Load and validate the roadmap YAML into the model, keeping file and line for every text.

We read YAML as a node tree (ruamel.yaml's composer, with the libyaml C parser
when available) instead of Python objects: nodes carry line and column, so
every error names ``file:line:column`` and every translatable unit knows where
it was written (the ``#:`` reference of its catalog entry). Scalars are taken
as written: a title ``2024`` or ``no`` stays a string, never a number or boolean.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

from roadmapi18n import schema as S
from roadmapi18n.errors import RoadmapError
from roadmapi18n.fsio import read_input
from roadmapi18n.model import (
    Acknowledgements,
    Assistant,
    Banner,
    Block,
    HeaderLink,
    Notebook,
    NotebookTable,
    Origin,
    Part,
    Resource,
    Roadmap,
    Section,
    Text,
    Topic,
)

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def load_roadmap(course_path: Path, *, root: Path | None = None, texts: Mapping[Path, str] | None = None) -> Roadmap:
    """Read ``course.yaml`` and the ``parts/<id>.yaml`` files it lists; validate; build the model.

    ``root`` is the repository root; origins are recorded relative to it. ``texts`` gives the
    content of files about to be written (absolute path → YAML text), read instead of the disk.
    """
    root = (root or course_path.parent).resolve()
    course_path = course_path.resolve()
    given = texts or {}
    course = _Node.load(course_path, root, S.COURSE, text=given.get(course_path))
    part_ids = course.id_list("parts")
    parts = []
    for part_id, origin in part_ids:
        path = course_path.parent / "parts" / f"{part_id}.yaml"
        parts.append(_part(_Node.load(path, root, S.PART, origin=origin, text=given.get(path)), part_id))
    roadmap = _course(course, tuple(parts))
    _check_unique_ids(roadmap)
    return roadmap


# --- node access ------------------------------------------------------------------------------


class _Node:
    """A validated YAML mapping node of a known shape, with typed accessors."""

    def __init__(self, node: Any, file: Path, rel: str, shape: S.Shape) -> None:
        self.file = file
        self.rel = rel
        self.shape = shape
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1
        if type(node).__name__ != "MappingNode":
            self._fail(
                node,
                f"expected a mapping of {shape.name} fields, found {_describe(node)}",
                hint=f"write 'key: value' lines; allowed keys: {', '.join(shape.names)}",
            )
        self.values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if type(key_node).__name__ == "ScalarNode" else None
            if not isinstance(key, str) or shape.field(key) is None:
                allowed = ", ".join(shape.names)
                self._fail(key_node, f"unknown key {key!r} in {shape.name}", hint=f"allowed keys: {allowed}")
            if key in self.values:
                first = self.values[key].start_mark.line + 1
                self._fail(key_node, f"duplicate key {key!r} (first at line {first})", hint="remove one of them")
            self.values[key] = value_node
        for field in shape.fields:
            if field.required and field.name not in self.values:
                self._fail(node, f"missing required key {field.name!r} in {shape.name}", hint=_add_hint(field))

    @classmethod
    def load(
        cls, path: Path, root: Path, shape: S.Shape, *, origin: Origin | None = None, text: str | None = None
    ) -> _Node:
        rel = _relative(path, root)
        try:
            # A regular file inside the repository: no link, FIFO or device (or the text given instead).
            data = read_input(path, root=root) if text is None else text.encode("utf-8")
        except FileNotFoundError:
            raise RoadmapError(
                f"missing roadmap file {rel}",
                path=origin.path if origin else path,
                line=origin.line if origin else None,
                hint=f"create {rel}, or remove its ID from the parts list" if origin else "check the roadmap path",
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise RoadmapError("file is not valid UTF-8", path=rel, line=line, hint="save it as UTF-8") from None
        if text.startswith("\ufeff"):
            text = text[1:]
        node = _compose(text, rel)
        if node is None:
            raise RoadmapError(
                f"empty file: expected a {shape.name} mapping",
                path=rel,
                line=1,
                hint=f"write the {shape.name}'s keys: {', '.join(shape.names)}",
            )
        return cls(node, path, rel, shape)

    def _fail(self, node: Any, message: str, *, hint: str | None = None) -> NoReturn:
        raise RoadmapError(
            message, path=self.rel, line=node.start_mark.line + 1, column=node.start_mark.column + 1, hint=hint
        )

    def origin(self, key: str) -> Origin:
        node = self.values[key]
        return Origin(self.rel, node.start_mark.line + 1)

    def has(self, key: str) -> bool:
        return key in self.values and _tag(self.values[key]) != _NULL

    def scalar(self, key: str) -> str:
        node = self.values[key]
        if type(node).__name__ != "ScalarNode" or _tag(node) == _NULL:
            self._fail(
                node,
                f"{key!r} must be a single value, found {_describe(node)}",
                hint=f"write '{key}: value' on one line (quote the value if it contains ': ' or starts with [ {{ - #)",
            )
        value: str = node.value
        return value

    def text(self, key: str, id: str, where: str) -> Text:
        value = self.scalar(key)
        if value.endswith("\n"):  # block scalars (| or >) end with a newline
            value = value.rstrip("\n")
        if "\n" in value:
            self._fail(
                self.values[key],
                f"{key!r} must be one line of text",
                hint="join the lines, or use a folded scalar (>-) so YAML joins them",
            )
        if not value.strip() or value != value.strip():
            self._fail(
                self.values[key],
                f"{key!r} must be non-empty text without leading or trailing spaces",
                hint="write the text (trimmed), or remove the key if it is optional",
            )
        return Text(id=id, source=value, origin=self.origin(key), where=where)

    def optional_text(self, key: str, id: str, where: str) -> Text | None:
        return self.text(key, id, where) if self.has(key) else None

    def string(self, key: str, default: str = "") -> str:
        if not self.has(key):
            return default
        value = self.scalar(key).strip()
        if not value:
            self._fail(self.values[key], f"{key!r} must not be empty", hint="remove the key instead")
        return value

    def id(self) -> str:
        value = self.scalar("id")
        if not S.ID_PATTERN.match(value):
            self._fail(
                self.values["id"],
                f"invalid ID {value!r}",
                hint="IDs are lowercase slugs such as 'fine-tuning' (a-z, 0-9, single hyphens)",
            )
        return value

    def url(self, key: str) -> str:
        if not self.has(key):
            return ""
        value = self.scalar(key)
        if not S.URL_PATTERN.match(value):
            self._fail(
                self.values[key],
                f"malformed URL {value!r} in {key!r}",
                hint="write an absolute http:// or https:// URL without spaces (percent-encode them as %20)",
            )
        return value

    def path(self, key: str) -> str:
        value = self.string(key)
        if value and (value.startswith(("/", "\\")) or "://" in value or ".." in Path(value).parts):
            self._fail(
                self.values[key],
                f"{key!r} must be a path relative to the roadmap folder, found {value!r}",
                hint="e.g. img/roadmap_scientist.png",
            )
        return value

    def image(self, key: str) -> str:
        """An image source: an http(s) URL, or a path relative to the roadmap folder."""
        if self.has(key) and "://" in self.scalar(key):
            return self.url(key)
        return self.path(key)

    def optional_mapping(self, key: str) -> _Node | None:
        return self.mapping(key) if self.has(key) else None

    def boolean(self, key: str, default: bool) -> bool:
        if not self.has(key):
            return default
        node = self.values[key]
        if _tag(node) != _BOOL:
            self._fail(
                node, f"{key!r} must be true or false, found {node.value!r}", hint="write true or false, unquoted"
            )
        return str(node.value).lower() in ("true", "yes", "on")

    def choice(self, key: str, default: str) -> str:
        if not self.has(key):
            return default
        value = self.scalar(key)
        field = self.shape.field(key)
        assert field is not None
        if value not in field.choices:
            self._fail(
                self.values[key],
                f"{key!r} must be one of {', '.join(field.choices)}, found {value!r}",
                hint=f'quote it: {key}: "{field.choices[0]}"',
            )
        return value

    def mapping(self, key: str) -> _Node:
        field = self.shape.field(key)
        assert field is not None and field.item is not None
        return _Node(self.values[key], self.file, self.rel, field.item)

    def items(self, key: str) -> list[_Node]:
        if not self.has(key):
            return []
        node = self.values[key]
        field = self.shape.field(key)
        assert field is not None and field.item is not None
        if type(node).__name__ != "SequenceNode":
            self._fail(
                node,
                f"{key!r} must be a list of {field.item.name} entries, found {_describe(node)}",
                hint=f"write '{key}:' and then one '- ' item per {field.item.name}, indented below it",
            )
        children = [_Node(child, self.file, self.rel, field.item) for child in node.value]
        seen: dict[str, int] = {}
        for child in children:
            if "id" in child.values:
                child_id = child.id()
                if child_id in seen:
                    child._fail(
                        child.values["id"],
                        f"duplicate ID {child_id!r} in {key!r} (first at line {seen[child_id]})",
                        hint="IDs must be unique among siblings; rename one",
                    )
                seen[child_id] = child.values["id"].start_mark.line + 1
        return children

    def id_list(self, key: str) -> list[tuple[str, Origin]]:
        node = self.values[key]
        if type(node).__name__ != "SequenceNode" or not node.value:
            self._fail(
                node, f"{key!r} must be a non-empty list of IDs", hint=f"write '{key}:' and then one '- id' per line"
            )
        result: list[tuple[str, Origin]] = []
        for child in node.value:
            value = child.value if type(child).__name__ == "ScalarNode" else None
            if not isinstance(value, str) or not S.ID_PATTERN.match(value) or value in S.RESERVED_PART_IDS:
                self._fail(
                    child,
                    f"invalid part ID {value!r}",
                    hint=f"use a lowercase slug other than {', '.join(sorted(S.RESERVED_PART_IDS))}",
                )
            if any(value == seen for seen, _ in result):
                self._fail(child, f"duplicate part ID {value!r}", hint="list each part once")
            result.append((value, Origin(self.rel, child.start_mark.line + 1)))
        return result


def _compose(text: str, rel: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        yaml = YAML(typ="safe", pure=False)
        yaml.Resolver = _fast_resolver()
        _refuse_deep_nesting(yaml, text, rel)
        return yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            where = f" that starts at line {exc.context_mark.line + 1}" if exc.context_mark else ""
            problem = f"{exc.problem} ({exc.context}{where})"
        raise RoadmapError(
            f"YAML syntax error: {problem}",
            path=rel,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check indentation, and quote text that starts with a special character or contains ': '",
        ) from None
    except YAMLError as exc:  # pragma: no cover - errors without a position
        raise RoadmapError(f"YAML error: {exc}", path=rel) from None


MAX_DEPTH = 100
"""How deeply YAML collections may nest; the roadmap's own shapes need fewer than ten levels."""


def _refuse_deep_nesting(yaml: Any, text: str, rel: str) -> None:
    """Refuse collections nested deeper than :data:`MAX_DEPTH`, before composing anything.

    The C composer recurses once per level without a limit: a 100 KB file of
    ``[[[[…`` crashes the interpreter (SIGSEGV). The event stream is flat, so
    counting levels over it is safe at any depth; it costs about a fifth of the
    composing time.
    """
    from ruamel.yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent

    opening, closing = {MappingStartEvent, SequenceStartEvent}, {MappingEndEvent, SequenceEndEvent}
    depth = 0
    for event in yaml.parse(text):
        kind = type(event)
        if kind in opening:
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise RoadmapError(
                    f"YAML nested more than {MAX_DEPTH} levels deep",
                    path=rel,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    hint="a roadmap file nests a few levels (part, sections, topics, resources): "
                    "check the brackets and the indentation here",
                )
        elif kind in closing:
            depth -= 1


_RESOLVER: type | None = None


def _fast_resolver() -> type:
    """ruamel.yaml's resolver, asking which YAML version applies once per document instead of per scalar.

    With the C parser the version cannot change while a document is read (it
    comes from the loader's settings), yet ruamel works it out again, through two
    caught exceptions, for every scalar: a third of the loading time of a large
    roadmap. With a pure-Python scanner (which reads ``%YAML`` as it goes) nothing changes.
    """
    global _RESOLVER
    if _RESOLVER is None:
        from ruamel.yaml.resolver import VersionedResolver

        class Resolver(VersionedResolver):
            @property
            def processing_version(self) -> Any:
                known = self.__dict__.get("_roadmapi18n_version")
                if known is not None:
                    return known
                version = super().processing_version
                if not hasattr(self.loadumper, "_scanner"):
                    self.__dict__["_roadmapi18n_version"] = version
                return version

            def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
                # Once the version is fixed (and no path resolvers are set), equal scalars get equal tags.
                if "_roadmapi18n_version" not in self.__dict__ or self.yaml_path_resolvers:
                    return super().resolve(kind, value, implicit)
                known = self.__dict__.setdefault("_roadmapi18n_tags", {})
                key = (kind, value, implicit)
                tag = known.get(key)
                if tag is None:
                    tag = known[key] = super().resolve(kind, value, implicit)
                return tag

        _RESOLVER = Resolver
    return _RESOLVER


def _tag(node: Any) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def _describe(node: Any) -> str:
    kind = type(node).__name__
    if kind == "MappingNode":
        return "a mapping"
    if kind == "SequenceNode":
        return "a list"
    if _tag(node) == _NULL:
        return "nothing"
    return f"{node.value!r}"


def _add_hint(field: S.Field) -> str:
    if field.kind == "list":
        return f"add '{field.name}:' with a list of {field.item.name if field.item else ''} entries"
    return f"add '{field.name}: ...'"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --- building the model -----------------------------------------------------------------------


def _course(course: _Node, parts: tuple[Part, ...]) -> Roadmap:
    assistants = course.optional_mapping("assistants")
    notebooks = course.optional_mapping("notebooks")
    banner = course.optional_mapping("banner")
    acknowledgements = course.optional_mapping("acknowledgements")
    where = "Introduction › Assistants"
    return Roadmap(
        emoji=course.string("emoji"),
        title=course.optional_text("title", "course.title", "Title"),
        banner=Banner(banner.image("src"), banner.optional_text("alt", "course.banner.alt", "Header image"))
        if banner is not None
        else None,
        links=tuple(
            HeaderLink(
                id=(link_id := link.id()),
                emoji=link.string("emoji"),
                label=link.text("label", f"course.links.{link_id}.label", "Header links"),
                url=link.url("url"),
            )
            for link in course.items("links")
        ),
        blocks=_blocks(course, "course", "Introduction"),
        parts_lead=course.text("parts_lead", "course.parts-lead", "Introduction"),
        assistants_lead=assistants.text("lead", "course.assistants.lead", where) if assistants else None,
        assistants=tuple(
            Assistant(
                id=(aid := item.id()),
                emoji=item.string("emoji"),
                name=item.text("name", f"course.assistants.{aid}.name", where),
                url=item.url("url"),
                description=item.text("description", f"course.assistants.{aid}.description", where),
            )
            for item in (assistants.items("items") if assistants else [])
        ),
        notebooks_emoji=notebooks.string("emoji") if notebooks else "",
        notebooks_title=notebooks.text("title", "notebooks.title", "Notebooks") if notebooks else None,
        notebooks_intro=notebooks.optional_text("intro", "notebooks.intro", "Notebooks") if notebooks else None,
        notebooks_toggle=notebooks.optional_text("toggle", "notebooks.toggle", "Notebooks › toggle (<details>)")
        if notebooks
        else None,
        colab_badge=notebooks.image("colab_badge") if notebooks else "",
        notebook_tables=_notebook_tables(notebooks) if notebooks else (),
        parts=parts,
        acknowledgements=_acknowledgements(acknowledgements) if acknowledgements is not None else None,
        disclaimer=course.optional_text("disclaimer", "course.disclaimer", "Closing"),
        labels=_labels(course.mapping("labels")),
    )


_BLOCK_NEEDS = {"paragraph": "text", "alert": "text", "h2": "text", "h3": "text", "h4": "text"}
_BLOCK_NEEDS |= {"image": "src", "html": "html"}


def _blocks(container: _Node, prefix: str, where: str) -> tuple[Block, ...]:
    """The generic blocks of a course, part or section (IDs ``<prefix>.blocks.<id>.text``)."""
    blocks = []
    for node in container.items("blocks"):
        block_id = node.id()
        kind = node.choice("kind", "paragraph")
        needed = _BLOCK_NEEDS.get(kind)
        if needed and not node.has(needed):
            node._fail(node.values["kind"], f"a {kind} block needs '{needed}'", hint=f"add '{needed}: ...'")
        if kind == "alert" and not node.has("alert"):
            node._fail(node.values["kind"], "an alert block needs 'alert'", hint=f"one of {', '.join(S.ALERT_TYPES)}")
        blocks.append(
            Block(
                id=block_id,
                kind=kind,
                at=node.choice("at", ""),
                text=node.optional_text("text", f"{prefix}.blocks.{block_id}.text", f"{where} › {kind}"),
                alert=node.choice("alert", ""),
                src=node.image("src"),
                link=node.url("link"),
                align=node.string("align"),
                width=node.string("width"),
                html=node.scalar("html").strip("\n") if node.has("html") else "",
                inline=node.boolean("inline", False),
            )
        )
    return tuple(blocks)


def _notebook_tables(notebooks: _Node) -> tuple[NotebookTable, ...]:
    tables = tuple(_notebook_table(table) for table in notebooks.items("tables"))
    if not notebooks.has("colab_badge") and any(nb.colab for table in tables for nb in table.notebooks):
        notebooks._fail(
            notebooks.values["tables"],
            "a notebook links to Colab but the notebooks have no 'colab_badge'",
            hint="add 'colab_badge: ...' (the 'Open In Colab' badge: a path relative to the roadmap folder, or URL)",
        )
    return tables


def _notebook_table(table: _Node) -> NotebookTable:
    table_id = table.id()
    title = table.text("title", f"notebooks.{table_id}.title", "Notebooks")
    where = f"Notebooks › {title.source}"
    return NotebookTable(
        id=table_id,
        title=title,
        has_article_column=table.boolean("article_column", True),
        notebooks=tuple(
            Notebook(
                id=(nid := row.id()),
                emoji=row.string("emoji"),
                name=row.text("name", f"notebooks.{table_id}.{nid}.name", where),
                url=row.url("url"),
                description=row.text("description", f"notebooks.{table_id}.{nid}.description", where),
                article=row.url("article"),
                colab=row.url("colab"),
            )
            for row in table.items("notebooks")
        ),
    )


def _part(part: _Node, part_id: str) -> Part:
    title = part.text("title", f"{part_id}.title", "Parts")
    where = title.source
    sections = tuple(
        _section(section, number, f"{part_id}.", where) for number, section in enumerate(part.items("sections"), 1)
    )
    return Part(
        id=part_id,
        emoji=part.string("emoji"),
        title=title,
        summary=part.text(
            "summary", f"{part_id}.summary", f"Introduction › list of parts: follows the bold part title “{where}”"
        ),
        intro=part.optional_text("intro", f"{part_id}.intro", where),
        toggle=part.optional_text("toggle", f"{part_id}.toggle", f"{where} › toggle (<details>)"),
        image=part.image("image"),
        image_alt=part.optional_text("image_alt", f"{part_id}.image-alt", f"{where} › roadmap image"),
        blocks=_blocks(part, part_id, where),
        resources_label=part.choice("resources_label", "references"),
        bullet=part.choice("bullet", "*"),
        sections=sections,
    )


def _section(section: _Node, number: int, prefix: str, part_where: str) -> Section:
    section_id = section.id()
    base = f"{prefix}{section_id}"
    title = section.text("title", f"{base}.title", part_where)
    where = f"{part_where} › {number}. {title.source}"
    topics = []
    for topic in section.items("topics"):
        tid = topic.id()
        topic_title = topic.text("title", f"{base}.topics.{tid}.title", where)
        topic_where = f"{where} › {topic_title.source}"
        topics.append(
            Topic(
                id=tid,
                title=topic_title,
                url=topic.url("url"),
                description=topic.text("description", f"{base}.topics.{tid}.description", topic_where),
                colon=topic.boolean("colon", True),
            )
        )
    resources = []
    for resource in section.items("resources"):
        rid = resource.id()
        resource_title = resource.text("title", f"{base}.resources.{rid}.title", f"{where} › resources")
        resources.append(
            Resource(
                id=rid,
                title=resource_title,
                url=resource.url("url"),
                author=resource.string("author"),
                description=resource.text(
                    "description", f"{base}.resources.{rid}.description", f"{where} › {resource_title.source}"
                ),
            )
        )
    toggle = section.optional_text(
        "resources_toggle", f"{base}.resources-toggle", f"{where} › resources toggle (<details>)"
    )
    if toggle is not None and not resources:
        section._fail(
            section.values["resources_toggle"],
            "a section without resources has no 'resources_toggle' to fold them",
            hint="remove 'resources_toggle', or add 'resources:'",
        )
    return Section(
        id=section_id,
        number=number,
        title=title,
        intro=section.optional_text("intro", f"{base}.intro", where),
        topics=tuple(topics),
        resources_toggle=toggle,
        resources=tuple(resources),
        blocks=_blocks(section, base, where),
    )


def _acknowledgements(node: _Node) -> Acknowledgements:
    where = "Acknowledgements"
    return Acknowledgements(
        title=node.text("title", "acknowledgements.title", where),
        text=node.optional_text("text", "acknowledgements.text", where),
        thanks_lead=node.optional_text("thanks_lead", "acknowledgements.thanks-lead", where),
        thanks=tuple(item.text("text", f"acknowledgements.thanks.{item.id()}", where) for item in node.items("thanks")),
    )


def _labels(node: _Node) -> dict[str, Text]:
    labels = {
        name: node.text(name, f"labels.{name}", f"Label: {doc}")
        for name, doc in S.LABEL_NAMES.items()
        if name not in S.OPTIONAL_LABELS or node.has(name)
    }
    for name, allowed in S.LABEL_PLACEHOLDERS.items():
        if name not in labels:
            continue
        problem = S.placeholder_problem(labels[name].source, allowed)
        if problem:
            node._fail(node.values[name], f"label {name!r}: {problem}", hint=S.LABEL_NAMES[name])
    return labels


def _check_unique_ids(roadmap: Roadmap) -> None:
    """IDs are unique among siblings by construction; this catches cross-level collisions."""
    seen: dict[str, Text] = {}
    for text in _all_texts(roadmap):
        first = seen.setdefault(text.id, text)
        if first is not text:
            raise RoadmapError(
                f"duplicate ID {text.id!r} (first defined at {first.origin.path}:{first.origin.line})",
                path=text.origin.path,
                line=text.origin.line,
                hint="rename one of the IDs so every translatable unit has its own",
            )


def _all_texts(roadmap: Roadmap) -> Iterator[Text]:
    return roadmap.texts()
