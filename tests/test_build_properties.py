"""Invariants of ``build`` over random roadmaps and translations (hypothesis).

* build, then build again: a fixed point (no byte changes, nothing reported);
* across English edits, additions, removals and ID renames no translation is ever lost;
* an English edit makes exactly the edited entries fuzzy, and the READMEs show the new English there;
* a README never carries a link target its English rendering lacks, whatever the translations say;
* every catalog build writes passes ``msgfmt -c`` and is what ``msgcat --no-wrap`` writes for it.

Each example writes a project to a temporary folder and builds it in-process. fsync is
skipped here (durability is the kill test's subject); everything else is the real build.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import Gettext
from roadmap_strategies import (
    Spec,
    add_part,
    drop_empty_toggles,
    label_text,
    lists,
    new_item,
    specs,
    text,
    text_slots,
    translate,
    translation,
    write_spec,
)
from roadmapi18n import schema as S
from roadmapi18n.build import plan_build, write_plan
from roadmapi18n.catalog import Catalog, Message, read_po
from roadmapi18n.checks import run_checks
from roadmapi18n.cli import app
from roadmapi18n.judge import gfm
from roadmapi18n.project import Project
from roadmapi18n.render import RenderTarget, render_readme

PROPERTY = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run: the suite stays deterministic
    database=None,
    # Projects come from st.randoms, which shrinks slowly (minutes) and poorly: a failure is
    # reported as found; derandomize makes the same run find it again.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def project_dir() -> Iterator[Path]:
    """A fresh folder per example (pytest's tmp_path is shared by all examples of a test)."""
    with tempfile.TemporaryDirectory(prefix="roadmap-") as folder, mock.patch("os.fsync"):
        yield Path(folder)


def build(root: Path) -> list[Path]:
    """``roadmapi18n build`` in-process: the files whose bytes changed."""
    return write_plan(plan_build(Project.open(root)))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def catalog(root: Path, code: str) -> Catalog:
    return read_po(root / "locales" / code / "LC_MESSAGES" / "roadmap.po")


def live(catalog: Catalog) -> dict[str, Message]:
    return {m.msgctxt: m for m in catalog.messages if not m.obsolete and m.msgctxt is not None}


def _readme(root: Path, code: str) -> str:
    return (root / "locales" / code / "README.md").read_text(encoding="utf-8")


def unit_ids(root: Path) -> list[str]:
    return [t.id for t in Project.open(root).roadmap.texts()]


def readme_target(project: Project, code: str) -> RenderTarget:
    """Where ``code``'s README goes, built here from the config rather than by the build module."""
    cfg = project.config
    source = code == cfg.source_locale
    catalog_path, badge = (None, None) if source else (cfg.po_path(code), cfg.badge_path(code))
    return RenderTarget(code, cfg.readme_path(code), cfg.roadmap.parent, project.languages, catalog_path, badge)


def translate_all(
    root: Path, spec: Spec, rng: random.Random, *, hostile: bool = False, fuzzy_share: float = 0.0, share: float = 1.0
) -> dict[str, dict[str, str]]:
    """Give a share of the live units of every locale a translation; return locale → ID → translation."""
    result: dict[str, dict[str, str]] = {}
    for code, _ in spec.locales:
        chosen = {
            unit: f"⟦{code}·{n}⟧ {translation(rng, hostile=hostile)}"
            for n, unit in enumerate(unit_ids(root))
            if rng.random() < share
        }
        translate(root, code, chosen, fuzzy={u for u in chosen if rng.random() < fuzzy_share})
        result[code] = chosen
    return result


# --- 1. fixed point ---------------------------------------------------------------------------------


@pytest.mark.slow
@settings(PROPERTY, max_examples=25)
@given(specs(), st.randoms(use_true_random=False))
def test_build_twice_is_a_fixed_point(spec: Spec, rng: random.Random) -> None:
    with project_dir() as root:
        write_spec(root, spec)
        assert build(root), "the first build writes the catalogs and READMEs"
        translate_all(root, spec, rng, hostile=True, fuzzy_share=0.3, share=0.7)
        build(root)
        before = tree(root)
        assert build(root) == []
        assert tree(root) == before
        result = CliRunner().invoke(app, ["build", "--root", str(root)])
        assert result.exit_code == 0, result.output
        assert result.output.endswith("Nothing changed.\n")
        assert tree(root) == before


# --- 2. nothing lost --------------------------------------------------------------------------------

OPERATIONS = ["edit", "edit", "add", "remove", "rename", "add-part", "remove-part", "translate"]


def apply(spec: Spec, operation: str, rng: random.Random) -> None:
    """One English change: reword a unit, add or remove an item or a part, or rename an ID."""
    if operation == "edit":
        slot = rng.choice(text_slots(spec))
        old = slot.owner[slot.key]
        slot.owner[slot.key] = label_text(rng, slot.key) if slot.key in S.LABEL_PLACEHOLDERS else text(rng)
        if slot.owner[slot.key] == old:
            slot.owner[slot.key] = f"{old} ✎"
    elif operation == "add":
        items, shape = rng.choice(lists(spec))
        items.insert(rng.randint(0, len(items)), new_item(spec, rng, shape))
    elif operation == "remove":
        candidates = [(items, shape) for items, shape in lists(spec) if items]
        if candidates:
            items, _ = rng.choice(candidates)
            items.pop(rng.randrange(len(items)))
            drop_empty_toggles(spec)
    elif operation == "rename":
        with_ids = [items for items, shape in lists(spec) if items and shape.field("id")]
        if with_ids:
            item = rng.choice(rng.choice(with_ids))
            item["id"] = f"renamed-{spec.new_id()}"
    elif operation == "add-part":
        add_part(spec, rng)
    elif operation == "remove-part" and len(spec.parts) > 1:
        del spec.parts[rng.choice(list(spec.parts))]
        spec.course["parts"] = list(spec.parts)


@pytest.mark.slow
@settings(PROPERTY, max_examples=30)
@given(specs(), st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_no_translation_is_ever_lost(spec: Spec, operations: list[str], rng: random.Random) -> None:
    with project_dir() as root:
        write_spec(root, spec)
        build(root)
        translate_all(root, spec, rng, fuzzy_share=0.2, share=0.8)
        build(root)
        before = {code: catalog(root, code) for code, _ in spec.locales}
        for step, operation in enumerate(operations):
            if operation == "translate":  # translators work between English changes too
                for code, _ in spec.locales:
                    todo = [m.msgctxt for m in live(before[code]).values() if not m.msgstr and m.msgctxt]
                    translate(root, code, {unit: f"⟦{code}·new{step}·{unit}⟧" for unit in todo if rng.random() < 0.5})
                    before[code] = catalog(root, code)
            else:
                apply(spec, operation, rng)
                write_spec(root, spec)
            build(root)
            for code, _ in spec.locales:
                after = catalog(root, code)
                _assert_nothing_lost(before[code], after)
                before[code] = after


def _assert_nothing_lost(before: Catalog, after: Catalog) -> None:
    """Every translation lives on: current, fuzzy with its previous msgid, or obsolete."""
    kept = {m.msgstr for m in after.messages if m.msgstr}
    lost = sorted({m.msgstr for m in before.messages if m.msgstr} - kept)
    assert not lost, f"translations lost: {lost}"
    old, new = live(before), live(after)
    for unit, message in new.items():
        previous = old.get(unit)
        if previous is None or not previous.msgstr:
            continue
        if previous.msgid == message.msgid:
            assert (message.msgstr, message.fuzzy) == (previous.msgstr, previous.fuzzy), unit
        elif not previous.fuzzy:
            assert message.fuzzy and message.previous_msgid == previous.msgid, unit
            assert message.msgstr == previous.msgstr, unit
    for unit, message in old.items():
        if unit not in new and message.msgstr:
            # Gone from the template: obsolete (#~), carried to a renamed unit by similarity (fuzzy), or
            # carried as it was to a renamed unit with the very same English.
            assert any(
                m.msgstr == message.msgstr
                and (m.obsolete or m.fuzzy or (m.msgid, m.fuzzy) == (message.msgid, message.fuzzy))
                for m in after.messages
            ), unit


# --- 3. an edit makes exactly its entries fuzzy -----------------------------------------------------


def _faithful(unit: str, source: str, code: str, n: int) -> str:
    """A translation that keeps the English's links and placeholders (shown unless the prefix changes a block)."""
    return f"⟦{code}·{n}⟧ {source}"


@pytest.mark.slow
@settings(PROPERTY, max_examples=25)
@given(specs(), st.randoms(use_true_random=False), st.integers(1, 3))
def test_an_english_edit_makes_exactly_the_edited_entries_fuzzy(spec: Spec, rng: random.Random, edits: int) -> None:
    with project_dir() as root:
        write_spec(root, spec)
        build(root)
        project = Project.open(root)
        sources = {t.id: t.source for t in project.roadmap.texts()}
        numbered = {unit: n for n, unit in enumerate(sources)}
        translations = {
            code: {unit: _faithful(unit, source, code, numbered[unit]) for unit, source in sources.items()}
            for code, _ in spec.locales
        }
        for code, chosen in translations.items():
            translate(root, code, chosen)
        build(root)
        shown_before = {code: _readme(root, code) for code, _ in spec.locales}

        slots = text_slots(spec)
        edited_slots = rng.sample(slots, min(edits, len(slots)))
        for n, slot in enumerate(edited_slots):
            marker = f"✎{n}✎"
            base = label_text(rng, slot.key) if slot.key in S.LABEL_PLACEHOLDERS else text(rng)
            slot.owner[slot.key] = f"{marker} {base}"
        write_spec(root, spec)
        after_project = Project.open(root)
        new_sources = {t.id: t.source for t in after_project.roadmap.texts()}
        edited = {unit for unit in sources if new_sources[unit] != sources[unit]}
        assert len(edited) == len(edited_slots)

        build(root)
        after_project = Project.open(root)
        for code, _ in spec.locales:
            entries = live(catalog(root, code))
            assert {u for u, m in entries.items() if m.fuzzy} == edited
            for unit, message in entries.items():
                assert message.msgstr == translations[code][unit]
                if unit in edited:
                    assert (message.previous_msgid, message.msgid) == (sources[unit], new_sources[unit])
            readme = _readme(root, code)
            publication = after_project.publication(code)
            shown, withheld = publication.shown, len(publication.withheld)
            assert not shown.keys() & edited and shown.items() <= translations[code].items()
            target = readme_target(after_project, code)
            # The status line counts the translations withheld (a faithful one can still be: see the judge).
            assert readme == render_readme(after_project.roadmap, shown, target, withheld=withheld)
            for unit in edited:
                old_mark = f"⟦{code}·{numbered[unit]}⟧ "
                if old_mark in shown_before[code]:  # the unit is visible in this roadmap
                    assert old_mark not in readme
                    assert new_sources[unit].split(" ", 1)[0] in readme  # its ✎n✎ marker: the new English


# --- 4. GitHub renders nothing the English lacks -------------------------------------------------------


def external(targets: Counter[str]) -> Counter[str]:
    """Link targets other than in-page anchors (made from the README's own, translated, headings)."""
    return Counter({target: n for target, n in targets.items() if not target.startswith("#")})


@pytest.mark.slow
@settings(PROPERTY, max_examples=25)
@given(specs(), st.randoms(use_true_random=False))
def test_github_renders_the_readme_with_the_english_links_and_blocks(spec: Spec, rng: random.Random) -> None:
    """Judged by cmark-gfm on the whole README: the same link targets (as a multiset), the same block
    structure, no comment or declaration, no HTML the English lacks; and build and check agree."""
    with project_dir() as root:
        write_spec(root, spec)
        build(root)
        chosen = translate_all(root, spec, rng, hostile=True, fuzzy_share=0.2)
        build(root)
        project = Project.open(root)
        findings = run_checks(project, only=["integrity"]).findings
        for code, _ in spec.locales:
            publication = project.publication(code)
            readme = gfm.digest((root / "locales" / code / "README.md").read_text(encoding="utf-8"))
            # The English with the same status line: it says how many translations are withheld.
            withheld_count = len(publication.withheld)
            english = gfm.digest(
                render_readme(project.roadmap, {}, readme_target(project, code), withheld=withheld_count)
            )
            assert external(readme.targets) == external(english.targets)
            assert readme.skeleton == english.skeleton
            assert readme.markup == english.markup and readme.raw <= english.raw
            assert not readme.elements - english.elements
            reported = {f.message.split(":", 1)[0] for f in findings if f.locale == code}
            withheld = {entry.unit for entry in publication.withheld}
            assert reported == withheld, "check reports exactly what build withholds"
            for unit, message in live(catalog(root, code)).items():
                if message.msgstr and not message.fuzzy and message.msgstr != message.msgid:
                    assert (unit in publication.shown) != (unit in withheld), unit
            assert set(chosen[code]) >= set(publication.shown)


# --- 5. gettext accepts every catalog ---------------------------------------------------------------


def _gettext_valid(rng: random.Random, source: str) -> str:
    """A translator's real work: any text, but placeholders kept where the entry is python-brace-format."""
    if "{" in source:
        import re

        return " ".join(
            [translation(rng, hostile=False).replace("{", "(").replace("}", ")"), *re.findall(r"\{[a-z_]+\}", source)]
        )
    return translation(rng, hostile=False)


@settings(PROPERTY, max_examples=8)
@given(specs(), st.randoms(use_true_random=False), st.lists(st.sampled_from(OPERATIONS[:-1]), max_size=3))
def test_catalogs_pass_msgfmt_check_and_are_msgcat_fixed_points(
    gettext: Gettext, spec: Spec, rng: random.Random, operations: list[str]
) -> None:
    with project_dir() as root:
        write_spec(root, spec)
        build(root)
        sources = {t.id: t.source for t in Project.open(root).roadmap.texts()}
        for code, _ in spec.locales:
            chosen = {unit: _gettext_valid(rng, source) for unit, source in sources.items() if rng.random() < 0.7}
            translate(root, code, chosen, fuzzy={u for u in chosen if rng.random() < 0.2})
        for operation in operations:  # fuzzy entries with #| lines, obsolete #~ entries
            apply(spec, operation, rng)
            write_spec(root, spec)
            build(root)
        build(root)
        pot = root / "locales" / "roadmap.pot"
        catalogs = [root / "locales" / code / "LC_MESSAGES" / "roadmap.po" for code, _ in spec.locales]
        for path in catalogs:
            gettext.check(path)
        # A template's header keeps gettext's placeholder values (msgfmt warns about those only).
        result = gettext.run("msgfmt", "-c", "-o", "/dev/null", pot)
        assert result.returncode == 0
        assert all("still has the initial default value" in line for line in result.stderr.decode().splitlines())
        for path in [pot, *catalogs]:
            assert gettext.msgcat(path) == path.read_text(encoding="utf-8"), path.name
