"""extract / update / render / build / compile / init-locale / merge, end to end through the CLI."""

from __future__ import annotations

import gettext as pygettext
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from typer.testing import CliRunner

from roadmapi18n.catalog import Catalog, Message, read_po, write_po
from roadmapi18n.cli import app
from roadmapi18n.po.plurals import cldr_plural_forms
from roadmapi18n.project import Project

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
EXPECTED = DATA / "mini" / "expected"


def run(*args: str | Path) -> str:
    """Run the CLI in-process; fail the test with its output unless it exits 0."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def tree_digest(root: Path) -> dict[str, str]:
    """Path → SHA-256 of every file under ``root`` (to prove 'nothing changed')."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def entry(catalog: Catalog, unit_id: str, *, obsolete: bool = False) -> Message:
    return next(m for m in catalog.messages if m.msgctxt == unit_id and m.obsolete == obsolete)


@pytest.fixture
def translated_mini(mini_project: Path) -> Path:
    """The mini project, built, with the Vietnamese catalog of tests/data/mini/expected/vi.po."""
    run("build", "--root", mini_project)
    shutil.copy2(EXPECTED / "vi.po", mini_project / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    run("build", "--root", mini_project)
    return mini_project


def edit_yaml(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_locale_label_with_markdown_characters_keeps_the_coverage_table_whole(shipped_project: Path) -> None:
    from roadmapi18n.build import COVERAGE_END, COVERAGE_START
    from roadmapi18n.judge.gfm import to_html

    config = shipped_project / "roadmapi18n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"Tiếng Việt"', '"Tiếng | Việt [VN] \\\\"'))
    run("build", "--root", shipped_project)
    readme = (shipped_project / "README.md").read_text(encoding="utf-8")
    html = to_html(readme[readme.index(COVERAGE_START) : readme.index(COVERAGE_END)])
    table = html[html.index("<table>") : html.index("</table>")]
    rows = table.split("<tr>")[1:]
    assert len(rows) == 4 and all(row.count("<td") + row.count("<th") == 6 for row in rows), table
    assert ">Tiếng | Việt [VN] \\</a>" in table


def test_a_catalog_saved_by_babel_gets_its_previous_english_back(shipped_project: Path) -> None:
    # Babel (2.19) reads "#| msgid" lines as translator comments and writes them back as "# | msgid": a
    # translator who saves with a Babel-based tool would take the old English away from every fuzzy entry
    # for good. The build reads them back as what they were.
    from babel.messages.pofile import read_po as babel_read_po
    from babel.messages.pofile import write_po as babel_write_po

    po = shipped_project / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    before = read_po(po)
    previous = {m.msgctxt: (m.previous_msgctxt, m.previous_msgid) for m in before.messages if m.previous_msgid}
    assert len(previous) > 5
    with po.open("rb") as source:
        babel_catalog = babel_read_po(source)
    babel_catalog.get("Hugging Face", context="course.links.hugging-face.label").string = "Trang Hugging Face"
    with po.open("wb") as target:
        babel_write_po(target, babel_catalog, width=77)
    assert "\n#| msgid" not in po.read_text(encoding="utf-8")
    run("build", "--root", shipped_project)
    after = read_po(po)
    assert {m.msgctxt: (m.previous_msgctxt, m.previous_msgid) for m in after.messages if m.previous_msgid} == previous
    assert not any(c.startswith("| ") for m in after.messages for c in m.translator_comments)
    assert entry(after, "course.links.hugging-face.label").msgstr == "Trang Hugging Face"


# --- the committed tree ---------------------------------------------------------------------------


def test_committed_tree_is_what_build_writes(shipped_project: Path) -> None:
    before = tree_digest(shipped_project)
    output = run("build", "--root", shipped_project)
    assert tree_digest(shipped_project) == before
    assert "Nothing changed." in output


def test_shipped_catalogs_pass_msgfmt_check_and_msgcat(gettext: Any) -> None:
    for path in [REPO / "locales" / "roadmap.pot", *sorted((REPO / "locales").glob("*/LC_MESSAGES/roadmap.po"))]:
        if path.suffix == ".po":
            gettext.check(path)
        assert gettext.msgcat(path) == path.read_text(encoding="utf-8"), path


def test_build_twice_is_a_fixed_point(mini_project: Path) -> None:
    run("build", "--root", mini_project)
    first = tree_digest(mini_project)
    assert "Nothing changed." in run("build", "--root", mini_project)
    assert tree_digest(mini_project) == first


def test_template_date_moves_only_with_content(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run("build", "--root", mini_project)
    pot = mini_project / "locales" / "roadmap.pot"
    assert read_po(pot).headers["POT-Creation-Date"] == "2023-11-14 22:13+0000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    run("build", "--root", mini_project)  # same content: the date stays
    assert read_po(pot).headers["POT-Creation-Date"] == "2023-11-14 22:13+0000"
    edit_yaml(mini_project / "roadmap" / "course.yaml", "Some notebooks.", "Several notebooks.")
    run("build", "--root", mini_project)  # content moved: so does the date, in every catalog
    assert read_po(pot).headers["POT-Creation-Date"] == "2027-01-15 08:00+0000"
    po = read_po(mini_project / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    assert po.headers["POT-Creation-Date"] == "2027-01-15 08:00+0000"


def test_template_entries_tell_translators_where_and_what_to_keep(mini_project: Path) -> None:
    run("extract", "--root", mini_project)
    pot = read_po(mini_project / "locales" / "roadmap.pot")
    message = entry(pot, "basics.math.topics.linear-algebra.description")
    assert message.msgid == "Vectors and **matrices**, see `numpy`."
    assert message.references == ["roadmap/parts/basics.yaml:15"]
    assert message.extracted_comments == [
        "Basics › 1. Mathematics › Linear Algebra",
        "Keep unchanged: `code` spans.",
        "Keep the **bold** markers around the translated words.",
    ]
    label = entry(pot, "labels.by-author")
    assert "python-brace-format" in label.flags


def test_headers_are_complete(translated_mini: Path) -> None:
    headers = read_po(translated_mini / "locales" / "zh_Hant" / "LC_MESSAGES" / "roadmap.po").headers
    assert headers["Language"] == "zh_Hant"
    # GNU gettext has no formula for Chinese, so CLDR's (whatever babel ships) is used.
    assert headers["Plural-Forms"] == cldr_plural_forms("zh_Hant")
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert headers["Project-Id-Version"] == "Mini Course"
    assert headers["Language-Team"] == Locale.parse("zh_Hant").english_name


# --- rendering through catalogs -------------------------------------------------------------------


def test_vietnamese_readme_matches_golden(translated_mini: Path) -> None:
    assert (translated_mini / "locales" / "vi" / "README.md").read_text(encoding="utf-8") == (
        EXPECTED / "README.vi.md"
    ).read_text(encoding="utf-8")


def test_fuzzy_translations_do_not_render(translated_mini: Path) -> None:
    readme = (translated_mini / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert "Toán học quan trọng." not in readme  # fuzzy in vi.po
    assert "Math matters." in readme


def test_render_single_locale(translated_mini: Path) -> None:
    readme = translated_mini / "locales" / "vi" / "README.md"
    readme.write_text("hand edit\n", encoding="utf-8")
    output = run("render", "--locale", "vi", "--root", translated_mini)
    assert output.strip() == "wrote locales/vi/README.md"
    assert readme.read_text(encoding="utf-8") == (EXPECTED / "README.vi.md").read_text(encoding="utf-8")


def test_a_folded_resource_list_in_a_translated_readme(translated_mini: Path) -> None:
    part = translated_mini / "roadmap" / "parts" / "basics.yaml"
    edit_yaml(part, "    resources:\n", "    resources_toggle: 📚 Resources\n    resources:\n")
    run("build", "--root", translated_mini)
    unit = "basics.math.resources-toggle"
    template = read_po(translated_mini / "locales" / "roadmap.pot")
    contexts = [m.msgctxt for m in template.messages]
    assert contexts.index(unit) + 1 == contexts.index("basics.math.resources.essence.title")
    toggle = entry(template, unit)
    assert (toggle.msgid, toggle.extracted_comments, toggle.references) == (
        "📚 Resources",
        ["Basics › 1. Mathematics › resources toggle (<details>)"],
        ["roadmap/parts/basics.yaml:20"],
    )
    po = translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po"
    vi = read_po(po)
    entry(vi, unit).msgstr = "📚 Tài nguyên"
    write_po(po, vi)
    run("build", "--root", translated_mini)
    golden = (EXPECTED / "README.vi.md").read_text(encoding="utf-8")
    listed = "* [The Essence of Linear Algebra](https://example.com/essence) của 3Blue1Brown: Một loạt video.\n\n"
    label, status = "📚 **Tài liệu tham khảo**:\n\n" + listed, "![28%](coverage.svg) Đã dịch 28% (12/42)"
    assert label in golden and status in golden
    expected = golden.replace(label, "<details>\n<summary>📚 Tài nguyên</summary>\n\n" + listed + "</details>\n\n")
    expected = expected.replace(status, "![30%](coverage.svg) Đã dịch 30% (13/43)")
    assert (translated_mini / "locales" / "vi" / "README.md").read_text(encoding="utf-8") == expected


# --- editing the English --------------------------------------------------------------------------


def test_changed_english_makes_exactly_that_entry_fuzzy_everywhere(translated_mini: Path) -> None:
    part = translated_mini / "roadmap" / "parts" / "basics.yaml"
    edit_yaml(part, "description: Vectors and **matrices**, see `numpy`.", "description: Vectors, **matrices**.")
    before = {code: read_po(translated_mini / "locales" / code / "LC_MESSAGES" / "roadmap.po") for code in ("vi",)}
    run("build", "--root", translated_mini)
    unit = "basics.math.topics.linear-algebra.description"
    vi = read_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    changed = entry(vi, unit)
    assert changed.fuzzy
    assert changed.previous_msgid == "Vectors and **matrices**, see `numpy`."
    assert changed.msgid == "Vectors, **matrices**."
    assert changed.msgstr == "Vectơ và **ma trận**, xem `numpy`."
    newly_fuzzy = {m.msgctxt for m in vi.messages if m.fuzzy} - {m.msgctxt for m in before["vi"].messages if m.fuzzy}
    assert newly_fuzzy == {unit}
    zh = read_po(translated_mini / "locales" / "zh_Hant" / "LC_MESSAGES" / "roadmap.po")
    assert entry(zh, unit).msgid == "Vectors, **matrices**."  # untranslated there: nothing to keep
    readme = (translated_mini / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert "* **Đại số tuyến tính**: Vectors, **matrices**." in readme  # new English until confirmed
    # The translator confirms a new translation: it renders.
    changed.fuzzy = False
    changed.previous_msgid = None
    changed.msgstr = "Vectơ, **ma trận**."
    write_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po", vi)
    run("build", "--root", translated_mini)
    readme = (translated_mini / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    assert "* **Đại số tuyến tính**: Vectơ, **ma trận**." in readme


def test_removed_units_become_obsolete_and_come_back(translated_mini: Path) -> None:
    part = translated_mini / "roadmap" / "parts" / "basics.yaml"
    original = part.read_text(encoding="utf-8")
    edit_yaml(part, "    intro: Math matters.\n", "")
    edit_yaml(part, "        description: A video series.\n", "        description: A long video series.\n")
    run("build", "--root", translated_mini)
    vi = read_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    gone = entry(vi, "basics.math.intro", obsolete=True)
    assert (gone.msgstr, gone.msgid) == ("Toán học quan trọng.", "Math matters.")
    part.write_text(original, encoding="utf-8")
    run("build", "--root", translated_mini)
    vi = read_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    back = entry(vi, "basics.math.intro")
    assert back.msgstr == "Toán học quan trọng." and not any(m.obsolete for m in vi.messages)


def test_new_units_are_empty(translated_mini: Path) -> None:
    part = translated_mini / "roadmap" / "parts" / "basics.yaml"
    edit_yaml(
        part,
        "      - id: basics\n",
        "      - id: idioms\n        title: Idioms\n        description: Write Pythonic code.\n      - id: basics\n",
    )
    run("build", "--root", translated_mini)
    vi = read_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    new = entry(vi, "basics.python.topics.idioms.description")
    assert (new.msgstr, new.fuzzy, new.previous_msgid) == ("", False, None)


def test_renamed_unit_is_matched_by_text(translated_mini: Path) -> None:
    part = translated_mini / "roadmap" / "parts" / "basics.yaml"
    edit_yaml(part, "      - id: linear-algebra\n", "      - id: linalg\n")
    run("build", "--root", translated_mini)
    vi = read_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    renamed = entry(vi, "basics.math.topics.linalg.description")
    # Only the ID changed: the translation stays confirmed (a renamed ID with the same English is not fuzzy).
    assert (renamed.fuzzy, renamed.msgstr) == (False, "Vectơ và **ma trận**, xem `numpy`.")
    assert renamed.previous_msgctxt is None
    assert all(m.msgctxt != "basics.math.topics.linear-algebra.description" for m in vi.messages)


def test_renamed_and_reworded_unit_is_fuzzy(translated_mini: Path) -> None:
    part = translated_mini / "roadmap" / "parts" / "basics.yaml"
    edit_yaml(part, "      - id: linear-algebra\n", "      - id: linalg\n")
    edit_yaml(
        part,
        "description: Vectors and **matrices**, see `numpy`.",
        "description: Vectors and **matrices**, in `numpy`.",
    )
    run("build", "--root", translated_mini)
    vi = read_po(translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.po")
    renamed = entry(vi, "basics.math.topics.linalg.description")
    assert renamed.fuzzy and renamed.msgstr == "Vectơ và **ma trận**, xem `numpy`."
    assert renamed.previous_msgctxt == "basics.math.topics.linear-algebra.description"


def test_update_writes_catalogs_only(mini_project: Path) -> None:
    output = run("update", "--root", mini_project, "--locale", "vi")
    assert "wrote locales/vi/LC_MESSAGES/roadmap.po" in output
    assert not (mini_project / "locales" / "vi" / "README.md").exists()
    assert not (mini_project / "locales" / "zh_Hant" / "LC_MESSAGES" / "roadmap.po").exists()


# --- compile, API, init-locale, merge ---------------------------------------------------------------


def test_compiled_catalogs_work_with_pythons_gettext(translated_mini: Path) -> None:
    run("compile", "--root", translated_mini)
    mo = translated_mini / "locales" / "vi" / "LC_MESSAGES" / "roadmap.mo"
    with mo.open("rb") as handle:
        translations = pygettext.GNUTranslations(handle)
    assert translations.pgettext("basics.math.title", "Mathematics") == "Toán học"
    assert translations.pgettext("basics.math.intro", "Math matters.") == "Math matters."  # fuzzy: not compiled


def test_python_api_gives_the_translated_model(translated_mini: Path) -> None:
    project = Project.open(translated_mini)
    vi = project.localized("vi")
    assert vi.parts[0].sections[0].title.text == "Toán học"
    assert vi.parts[0].sections[0].title.translated
    assert vi.parts[0].sections[0].intro is not None and vi.parts[0].sections[0].intro.text == "Math matters."
    assert project.localized("en").title.text == "Mini Course"
    assert Project.open(str(translated_mini)).localized("vi").parts[0].sections[0].title.text == "Toán học"


def test_init_locale_adds_catalog_readme_and_switcher_entry(translated_mini: Path) -> None:
    output = run("init-locale", "fr", "--root", translated_mini)
    assert "wrote locales/fr/LC_MESSAGES/roadmap.po" in output
    config = (translated_mini / "roadmapi18n.toml").read_text(encoding="utf-8")
    native = Locale.parse("fr").get_display_name("fr")  # CLDR's name, capitalised as a label
    label = native[:1].upper() + native[1:]
    assert config.endswith(f'[[locales]]\ncode = "fr"\nlabel = "{label}"\n')
    fr = read_po(translated_mini / "locales" / "fr" / "LC_MESSAGES" / "roadmap.po")
    # msginit's two forms, not CLDR's three (babel >= 2.19): see roadmapi18n.po.plurals.
    assert fr.headers["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    english = (translated_mini / "roadmap" / "README.md").read_text(encoding="utf-8")
    assert f'<a href="../locales/fr/README.md">{label}</a>' in english
    assert "Nothing changed." in run("build", "--root", translated_mini)


def test_merge_is_a_msgmerge_drop_in(tmp_path: Path, gettext: Any) -> None:
    old = tmp_path / "old.po"
    old.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello world"\nmsgstr "Xin chào thế giới"\n\n'
        'msgid "Goodbye"\nmsgstr "Tạm biệt"\n',
        encoding="utf-8",
    )
    pot = tmp_path / "new.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello, world"\nmsgstr ""\n\nmsgid "New"\nmsgstr ""\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.po"
    run("merge", "--previous", old, pot, "-o", out)  # msgmerge's command line (gettext.msgmerge: --previous)
    assert out.read_text(encoding="utf-8") == gettext.msgmerge(old, pot)


def test_catalogs_read_the_same_in_polib() -> None:
    """Interop: the ecosystem's Python reader (used by many web tools) sees exactly our entries."""
    polib = pytest.importorskip("polib")
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/roadmap.po")):
        ours = read_po(path)
        theirs = polib.pofile(str(path), wrapwidth=0)
        assert [(m.msgctxt, m.msgid, m.msgstr, m.fuzzy, m.obsolete) for m in ours.messages] == [
            (e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in theirs
        ]
        assert theirs.metadata == ours.headers


def test_build_keeps_the_plural_forms_a_catalog_already_has(translated_mini: Path) -> None:
    """As msgmerge does: a catalog made with CLDR's three French forms keeps them (its msgstr[N] depend on it)."""
    run("init-locale", "fr", "--root", translated_mini)
    path = translated_mini / "locales" / "fr" / "LC_MESSAGES" / "roadmap.po"
    catalog = read_po(path)
    three_forms = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    catalog.headers["Plural-Forms"] = three_forms
    write_po(path, catalog)
    run("build", "--root", translated_mini)
    assert read_po(path).headers["Plural-Forms"] == three_forms
