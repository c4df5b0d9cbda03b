"""Golden files: each made-up legacy README (``case.md``) and the alignment it must give (``case.expect.json``).

The expected JSON holds every proposal with its status, evidence and doubts,
every passage left in English and every extra block. To accept a deliberate
change, run ``ROADMAPI18N_UPDATE_GOLDEN=1 pytest tests/test_import_golden.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from roadmapi18n.importer import align
from roadmapi18n.roadmap import load_roadmap

DATA = Path(__file__).parent / "data" / "import"
ROADMAPS = (DATA, DATA / "wide")
"""Each folder holds a made-up ``roadmap/`` and the ``cases/`` aligned with it (``wide``: six sections, 3 thanks)."""
CASES = sorted(case for folder in ROADMAPS for case in (folder / "cases").glob("*.md"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_alignment_matches_golden_file(case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    locale = re.search(r"locale: (\S+)", text)
    assert locale is not None, "a case file starts with <!-- locale: xx -->"
    roadmap = load_roadmap(case.parent.parent / "roadmap" / "course.yaml")
    result = align(roadmap, text, locale=locale.group(1))
    actual = json.dumps(result.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    expected_path = case.with_suffix(".expect.json")
    if os.environ.get("ROADMAPI18N_UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
