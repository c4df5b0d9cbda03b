"""Loading and validating the roadmap YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roadmapi18n import schema
from roadmapi18n.errors import RoadmapError
from roadmapi18n.roadmap import load_roadmap

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
BAD = DATA / "bad_roadmap"


def test_shipped_roadmap_loads_with_unique_readable_ids() -> None:
    roadmap = load_roadmap(REPO / "roadmap" / "course.yaml", root=REPO)
    ids = [text.id for text in roadmap.texts()]
    assert len(ids) == len(set(ids)) > 400
    assert "scientist.fine-tuning.topics.training-techniques.description" in ids
    assert [part.id for part in roadmap.parts] == ["fundamentals", "scientist", "engineer"]
    assert [len(part.sections) for part in roadmap.parts] == [4, 8, 8]
    # The scraped seed lost the zero-width joiner; the canonical roadmap has it.
    assert roadmap.parts[1].emoji == "🧑\u200d🔬"


def test_every_text_knows_its_file_and_line() -> None:
    roadmap = load_roadmap(REPO / "roadmap" / "course.yaml", root=REPO)
    for text in roadmap.texts():
        line = (REPO / text.origin.path).read_text(encoding="utf-8").splitlines()[text.origin.line - 1]
        assert text.source in line or json.dumps(text.source, ensure_ascii=False) in line, text.id


@pytest.mark.parametrize("course", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_bad_roadmap_is_refused_with_file_line_and_message(course: Path) -> None:
    expected = course.read_text(encoding="latin-1").splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(RoadmapError) as info:
        load_roadmap(course, root=BAD)
    assert str(info.value).splitlines()[0] == expected
    assert info.value.line is not None


def test_errors_carry_a_hint_on_how_to_fix(mini_project: Path) -> None:
    course = mini_project / "roadmap" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("title: Mini Course", "titel: Mini"), encoding="utf-8")
    with pytest.raises(RoadmapError) as info:
        load_roadmap(course, root=mini_project)
    assert info.value.hint and "allowed keys" in info.value.hint
    assert str(info.value).startswith("roadmap/course.yaml:3:1: unknown key 'titel'")


def test_ids_do_not_depend_on_wording(mini_project: Path) -> None:
    course = mini_project / "roadmap" / "course.yaml"
    before = [t.id for t in load_roadmap(course, root=mini_project).texts()]
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("Low-rank adapters.", "Small adapters."), encoding="utf-8")
    after = load_roadmap(course, root=mini_project)
    assert [t.id for t in after.texts()] == before
    lora = next(t for t in after.texts() if t.id == "basics.math.topics.lora.description")
    assert lora.source == "Small adapters."


@pytest.mark.parametrize("value", ["2024", "no", "1.5", "null-ish", "~x"], ids=str)
def test_scalars_are_taken_as_written(mini_project: Path, value: str) -> None:
    course = mini_project / "roadmap" / "course.yaml"
    course.write_text(
        course.read_text(encoding="utf-8").replace("title: Mini Course", f"title: {value}"), encoding="utf-8"
    )
    assert load_roadmap(course, root=mini_project).title.source == value


def test_json_schema_is_committed_up_to_date() -> None:
    for name, shape in (("course", schema.COURSE), ("part", schema.PART)):
        committed = json.loads((REPO / "roadmap" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema.json_schema(shape), f"run roadmapi18n build to refresh {name}.schema.json"


def _yaml_data(path: Path) -> object:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def test_json_schema_accepts_the_shipped_roadmap() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(_yaml_data(REPO / "roadmap" / "course.yaml"), schema.json_schema(schema.COURSE))
    for part in sorted((REPO / "roadmap" / "parts").glob("*.yaml")):
        jsonschema.validate(_yaml_data(part), schema.json_schema(schema.PART))


# Errors a JSON Schema can express: the schema editors use must reject these too.
SCHEMA_CASES = [
    "unknown_key",
    "missing_required",
    "malformed_url",
    "invalid_id",
    "multiline_text",
    "wrong_type",
    "empty_text",
    "text_is_mapping",
    "bool_expected",
    "url_with_space",
]


@pytest.mark.parametrize("name", SCHEMA_CASES, ids=str)
def test_json_schema_rejects_what_the_loader_rejects(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_yaml_data(BAD / f"{name}.yaml"), schema.json_schema(schema.COURSE))


def test_a_section_may_fold_its_resources_in_a_toggle(mini_project: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    part = mini_project / "roadmap" / "parts" / "basics.yaml"
    text = part.read_text(encoding="utf-8")
    folded = text.replace("    resources:\n", "    resources_toggle: 📚 Resources\n    resources:\n", 1)
    part.write_text(folded, encoding="utf-8")
    roadmap = load_roadmap(mini_project / "roadmap" / "course.yaml", root=mini_project)
    toggle = roadmap.parts[0].sections[0].resources_toggle
    assert toggle is not None and (toggle.id, toggle.source, toggle.origin.line) == (
        "basics.math.resources-toggle",
        "📚 Resources",
        20,
    )
    assert toggle.where == "Basics › 1. Mathematics › resources toggle (<details>)"
    ids = [t.id for t in roadmap.texts()]
    assert ids.index("basics.math.resources-toggle") + 1 == ids.index("basics.math.resources.essence.title")
    assert roadmap.parts[0].sections[1].resources_toggle is None
    # The part schema editors use says the same: one line of text.
    data: Any = _yaml_data(part)
    jsonschema.validate(data, schema.json_schema(schema.PART))
    for wrong in ("", "two\nlines", ["📚 Resources"]):
        data["sections"][0]["resources_toggle"] = wrong
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema.json_schema(schema.PART))
