"""The shape of the roadmap YAML, declared once.

The loader (:mod:`roadmapi18n.roadmap`) validates against these tables, and
:func:`json_schema` turns the same tables into the JSON Schema shipped for
editors (``roadmap/roadmap.schema.json``), so the two can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal[
    "text", "id", "emoji", "url", "path", "image", "string", "html", "bool", "choice", "list", "mapping", "id-list"
]
"""``path``: relative to the roadmap folder; ``image``: such a path or an http(s) URL; ``html``: raw, several lines."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Stable IDs are lowercase slugs: they become msgctxt segments and must survive any rewording."""

URL_PATTERN = re.compile(r"^https?://[^\s/?#<>\"]+[^\s<>\"]*$")
"""An absolute http(s) URL with a host and no whitespace, quotes or angle brackets."""

RESERVED_PART_IDS = frozenset({"course", "notebooks", "acknowledgements", "labels"})
"""Top-level ID prefixes already used by the course itself."""


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a YAML mapping."""

    name: str
    kind: Kind
    required: bool = True
    description: str = ""
    item: Shape | None = None
    """The shape of each list item (``list``) or of the nested mapping (``mapping``)."""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Shape:
    """A YAML mapping with a fixed set of keys."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""

    def field(self, name: str) -> Field | None:
        """The field called ``name``, if the shape has one."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Allowed keys, in documentation order."""
        return tuple(f.name for f in self.fields)


LABEL_NAMES: dict[str, str] = {
    "notebook": "Column header of the notebook tables, above the notebooks' names.",
    "description": "Column header of the notebook tables.",
    "article": "Column header of the notebook tables, and the text of each article link.",
    "colab-column": "Column header of the notebook tables, above the 'Open In Colab' badges.",
    "open-in-colab": "Alternative text of the 'Open In Colab' badge.",
    "resources": "Heading of the resource lists in parts that use 'Resources'.",
    "references": "Heading of the resource lists in parts that use 'References'.",
    "by-author": "Follows a resource link; keep {author} (replaced by the author's name).",
    "translation-status": (
        "Status line at the top of a translated README; keep {percent}, {translated}, {total} and {catalog}."
    ),
    "translation-withheld": (
        "Follows the status line when translations are withheld (shown in English until a problem the check "
        "found in them is fixed); keep {withheld}."
    ),
}

OPTIONAL_LABELS = frozenset({"translation-withheld"})
"""Labels a roadmap may leave out (older roadmaps lack them); the README then goes without that sentence."""

LABEL_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "by-author": frozenset({"author"}),
    "translation-status": frozenset({"percent", "translated", "total", "catalog"}),
    "translation-withheld": frozenset({"withheld"}),
}
"""The labels filled with ``str.format`` when rendering, and the ``{names}`` each may use."""


def placeholder_problem(template: str, allowed: frozenset[str]) -> str | None:
    """Why ``template`` cannot be filled with ``str.format(**allowed names)``, or None when it can.

    Only plain ``{name}`` fields are allowed: no positions, attributes, indexes, conversions or specs.

    >>> placeholder_problem("by {author}", frozenset({"author"})) is None
    True
    >>> placeholder_problem("by {autor}", frozenset({"author"}))
    'unknown placeholder {autor} (allowed: {author}; write {{ and }} for literal braces)'
    """
    import string

    shown = "; write {{ and }} for literal braces)"
    names = f"(allowed: {', '.join('{' + name + '}' for name in sorted(allowed)) or 'none'}"
    try:
        fields = [(field, spec, conversion) for _, field, spec, conversion in string.Formatter().parse(template)]
    except ValueError as error:
        return f"not a valid format string: {error} {names}{shown}"
    for field, spec, conversion in fields:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            text = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return f"unknown placeholder {text} {names}{shown}"
    return None


_ID = Field("id", "id", description="Stable ID (lowercase slug); never change it when rewording.")

BLOCK_KINDS = ("paragraph", "alert", "image", "html", "rule", "h2", "h3", "h4")
ALERT_TYPES = ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION")
BLOCK_SLOTS: dict[str, tuple[str, ...]] = {
    "course": ("header", "parts", "assistants", "notebooks", "tables", "end"),
    "part": ("intro", "image", "end"),
    "section": ("heading", "intro", "topics", "end"),
}
"""Where a container's generic blocks may go: after the element named, in README order.

Course: after the header, the list of parts, the assistants, the notebooks' intro, the notebook
tables, the disclaimer (``end``). Part: after its intro, its roadmap image, its last section.
Section: after its heading (before its intro), its intro, its topics, its resources (``end``).
"""


def _block_shape(container: str) -> Shape:
    return Shape(
        "block",
        (
            _ID,
            Field("kind", "choice", choices=BLOCK_KINDS),
            Field("at", "choice", choices=BLOCK_SLOTS[container], description="The element the block follows."),
            Field("text", "text", required=False, description="Paragraph, alert or heading text; image alt text."),
            Field("alert", "choice", required=False, choices=ALERT_TYPES),
            Field("src", "image", required=False, description="Image: path relative to the roadmap folder, or URL."),
            Field("link", "url", required=False, description="URL the image links to."),
            Field("align", "string", required=False),
            Field("width", "string", required=False),
            Field("html", "html", required=False, description="Raw HTML, or 'img' for an image written as <img>."),
            Field("inline", "bool", required=False, description="Image written at the start of the next paragraph."),
        ),
        description="A generic block: content the typed schema has no slot for, kept in its place.",
    )


COURSE_BLOCK = _block_shape("course")
PART_BLOCK = _block_shape("part")
SECTION_BLOCK = _block_shape("section")
BANNER = Shape(
    "banner",
    (
        Field("src", "image", description="Path relative to the roadmap folder, or URL."),
        Field("alt", "text", required=False),
    ),
)

LINK = Shape(
    "link",
    (
        _ID,
        Field("emoji", "emoji", required=False, description="Shown before the link (older revisions had none)."),
        Field("label", "text", description="Link text."),
        Field("url", "url"),
    ),
)
ASSISTANT = Shape(
    "assistant",
    (
        _ID,
        Field("emoji", "emoji"),
        Field("name", "text"),
        Field("url", "url"),
        Field("description", "text"),
    ),
)
ASSISTANTS = Shape("assistants", (Field("lead", "text"), Field("items", "list", item=ASSISTANT)))

NOTEBOOK = Shape(
    "notebook",
    (
        _ID,
        Field("emoji", "emoji", required=False),
        Field("name", "text"),
        Field("url", "url", required=False, description="Link on the name (tools)."),
        Field("description", "text"),
        Field("article", "url", required=False, description="Companion article."),
        Field("colab", "url", required=False, description="Colab notebook; leave out when unknown."),
    ),
)
NOTEBOOK_TABLE = Shape(
    "notebook-table",
    (
        _ID,
        Field("title", "text"),
        Field("article_column", "bool", required=False, description="Show the Article column (default true)."),
        Field("notebooks", "list", item=NOTEBOOK),
    ),
)
NOTEBOOKS = Shape(
    "notebooks",
    (
        Field("emoji", "emoji"),
        Field("title", "text"),
        Field("intro", "text", required=False),
        Field("toggle", "text", required=False, description="Summary of a <details> toggle folding the tables."),
        Field(
            "colab_badge",
            "image",
            required=False,
            description="The 'Open In Colab' badge: path relative to the roadmap, or URL (needed by a Colab link).",
        ),
        Field("tables", "list", required=False, item=NOTEBOOK_TABLE),
    ),
    description="The notebooks section; leave it out when the course has none.",
)
THANKS = Shape("thanks", (_ID, Field("text", "text")))
ACKNOWLEDGEMENTS = Shape(
    "acknowledgements",
    (
        Field("title", "text", description="The section's heading."),
        Field("text", "text", required=False),
        Field("thanks_lead", "text", required=False, description="Sentence introducing the list of thanks."),
        Field("thanks", "list", required=False, item=THANKS),
    ),
    description="The closing section; leave it out when the course has none.",
)
LABELS = Shape(
    "labels",
    tuple(
        Field(name, "text", required=name not in OPTIONAL_LABELS, description=doc) for name, doc in LABEL_NAMES.items()
    ),
)
COURSE = Shape(
    "course",
    (
        Field("emoji", "emoji", required=False),
        Field("title", "text", required=False, description="The header's <h1>."),
        Field("banner", "mapping", required=False, item=BANNER, description="Image at the top of the header."),
        Field("links", "list", item=LINK),
        Field("blocks", "list", required=False, item=COURSE_BLOCK),
        Field("parts_lead", "text", description="Sentence introducing the list of parts."),
        Field("assistants", "mapping", required=False, item=ASSISTANTS),
        Field("notebooks", "mapping", required=False, item=NOTEBOOKS),
        Field("parts", "id-list", description="Part IDs, in order; each is read from parts/<id>.yaml."),
        Field("acknowledgements", "mapping", required=False, item=ACKNOWLEDGEMENTS),
        Field("disclaimer", "text", required=False, description="Emphasised line closing the course."),
        Field("labels", "mapping", item=LABELS),
    ),
    description="The course: header, intro, notebooks, closing; parts live in parts/<id>.yaml.",
)

TOPIC = Shape(
    "topic",
    (
        _ID,
        Field("title", "text"),
        Field("url", "url", required=False, description="Link on the title."),
        Field("description", "text"),
        Field("colon", "bool", required=False, description="false: no colon after the title (default true)."),
    ),
)
RESOURCE = Shape(
    "resource",
    (
        _ID,
        Field("title", "text"),
        Field("url", "url"),
        Field("author", "string", required=False),
        Field("description", "text"),
    ),
)
SECTION = Shape(
    "section",
    (
        _ID,
        Field("title", "text"),
        Field("intro", "text", required=False),
        Field("topics", "list", item=TOPIC),
        Field(
            "resources_toggle",
            "text",
            required=False,
            description="Summary of a <details> toggle folding the resources (in place of the resources label).",
        ),
        Field("resources", "list", required=False, item=RESOURCE),
        Field("blocks", "list", required=False, item=SECTION_BLOCK),
    ),
)
PART = Shape(
    "part",
    (
        Field("emoji", "emoji"),
        Field("title", "text"),
        Field("summary", "text", description="Follows the bold part title in the intro's list of parts."),
        Field("intro", "text", required=False),
        Field(
            "toggle", "text", required=False, description="Summary of a <details> toggle folding image and sections."
        ),
        Field("image", "image", required=False, description="Roadmap image, relative to the roadmap folder (or URL)."),
        Field("image_alt", "text", required=False, description="The image's alternative text (default: none)."),
        Field("blocks", "list", required=False, item=PART_BLOCK),
        Field("resources_label", "choice", required=False, choices=("resources", "references")),
        Field("bullet", "choice", required=False, choices=("-", "*")),
        Field("sections", "list", item=SECTION),
    ),
    description="One part of the course (roadmap/parts/<id>.yaml).",
)


def json_schema(shape: Shape) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for a YAML file of this shape."""
    schema = _shape_schema(shape)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": shape.name, **schema}


def _shape_schema(shape: Shape) -> dict[str, Any]:
    properties = {f.name: _field_schema(f) for f in shape.fields}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in shape.fields if f.required],
        "additionalProperties": False,
    }
    if shape.description:
        schema["description"] = shape.description
    return schema


def _field_schema(field: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if field.kind == "text":
        schema = {"type": "string", "minLength": 1, "pattern": r"^[^\n]*\S[^\n]*$"}
    elif field.kind == "id":
        schema = {"type": "string", "pattern": ID_PATTERN.pattern}
    elif field.kind == "id-list":
        schema = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": ID_PATTERN.pattern}}
    elif field.kind == "url":
        schema = {"type": "string", "pattern": URL_PATTERN.pattern}
    elif field.kind in ("emoji", "string", "path", "image", "html"):
        schema = {"type": "string", "minLength": 1}
    elif field.kind == "bool":
        schema = {"type": "boolean"}
    elif field.kind == "choice":
        schema = {"enum": list(field.choices)}
    elif field.kind == "list":
        assert field.item is not None
        schema = {"type": "array", "items": _shape_schema(field.item)}
    else:
        assert field.item is not None
        schema = _shape_schema(field.item)
    if field.description:
        schema["description"] = field.description
    return schema
