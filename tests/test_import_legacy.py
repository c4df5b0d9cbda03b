"""Golden imports of the three legacy translations, each against the English revision it translates.

``vi`` (seed 000, Mac Roman mojibake) translates upstream 1c2b766, ``zh_Hant`` (seed 002 as reviewed by hand)
d105af2, ``zh_Hans`` (friendmine/llm-course-chn) 87306ca. Each is imported with ``--english`` into an empty
catalog of the roadmap as synced to 713c366 (``tests/data/course-713c366``), and what every unit receives —
status, translation, the old English of a fuzzy one — is compared with ``tests/data/legacy/golden/``. To accept
a deliberate change, run with ``ROADMAPI18N_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from roadmapi18n.importer import ImportResult, Status, import_legacy
from roadmapi18n.importer.apply import read_legacy
from roadmapi18n.importer.english import choose_english, english_candidates
from roadmapi18n.project import Project
from roadmapi18n.repair import repair_text

DATA = Path(__file__).parent / "data"
UPSTREAM = DATA / "upstream"
GOLDEN = DATA / "legacy" / "golden"
LEGACY = {
    "vi": (DATA / "seeds" / "vi_macroman.txt", "README-1c2b766.md"),
    "zh_Hant": (DATA / "repair" / "seed002.zh_Hant.expected.txt", "README-d105af2.md"),
    "zh_Hans": (DATA / "legacy" / "zh_Hans_friendmine_b4f20e6.md", "README-87306ca.md"),
}


def imported(locale: str, tmp_path: Path) -> ImportResult:
    root = Path(shutil.copytree(DATA / "course-713c366", tmp_path / "course"))
    legacy, english = LEGACY[locale]
    return import_legacy(Project.open(root), legacy, locale, english=UPSTREAM / english)


def summary(result: ImportResult) -> dict[str, Any]:
    """What the import gives each unit, and what it reports gone: the golden file's content."""
    english = result.report.english
    assert english is not None
    return {
        "english": english.file,
        "counts": {"same": english.same, "changed": english.changed, "gone": len(english.gone)},
        "units": {
            p.unit_id: [p.status.value, p.translation, p.previous] if p.previous else [p.status.value, p.translation]
            for p in result.report.alignment.proposals
        },
        "gone": [[g.unit_id, g.translation] for g in english.gone],
    }


@pytest.mark.slow
@pytest.mark.parametrize("locale", sorted(LEGACY), ids=str)
def test_legacy_import_matches_golden(locale: str, tmp_path: Path) -> None:
    result = imported(locale, tmp_path)
    actual = json.dumps(summary(result), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    expected = GOLDEN / f"{locale}.expect.json"
    if os.environ.get("ROADMAPI18N_UPDATE_GOLDEN"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
    # Whatever the golden file says, these hold: nothing stale confirmed, every changed entry shows its English.
    for proposal in result.report.alignment.proposals:
        assert (proposal.previous is None) or (proposal.status is Status.FUZZY and proposal.previous != proposal.source)


@pytest.mark.slow
def test_the_revision_each_translates_is_found_among_the_upstream_readmes() -> None:
    for locale, (legacy, english) in sorted(LEGACY.items()):
        text = repair_text(read_legacy(legacy), locale=locale).text
        ranked = choose_english(text, english_candidates(UPSTREAM))
        assert ranked[0].path.name == english, locale
        assert ranked[0].links > ranked[1].links, locale
