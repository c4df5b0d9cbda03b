"""Drift findings name the real cause, once: a re-wrapped or CRLF catalog, an edited msgid or msgctxt,
a catalog changed without a build, header fields; and line summaries show where two lines differ."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmapi18n.checks.textdiff import diff_excerpt, first_difference

from .conftest import Result, line_of, msgstr_line, po_path, set_msgstr

CheckJson = Callable[..., Result]
Cli = Callable[..., Result]
VI_PO = "locales/vi/LC_MESSAGES/roadmap.po"
LONG = (
    "Các vectơ, ma trận, định thức, trị riêng và vectơ riêng, không gian vectơ và các phép biến đổi tuyến tính "
    "là nền tảng của rất nhiều thuật toán học máy."
)


def errors(result: Result) -> list[tuple[str, str | None, str, int | None]]:
    """(check, rule, path, line) of every error."""
    return [(f["check"], f["rule"], f["path"], f["line"]) for f in result.findings() if f["severity"] == "error"]


@pytest.mark.gettext
def test_catalog_rewrapped_at_79_columns(project: Path, check_json: CheckJson, cli: Cli, gettext: object) -> None:
    """What Poedit or plain msgcat does to a long line: one finding saying so, not 'the roadmap changed'."""
    po = po_path(project, "vi")
    set_msgstr(po, "basics.summary", LONG)
    assert cli("build", "--root", project).code == 0
    assert check_json(project).findings("catalog-drift") == []  # written as build writes it: no drift
    generator = '"Language: vi\\n"\n"X-Generator: Poedit 3.4.2\\n"'
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: vi\\n"', generator), encoding="utf-8")
    subprocess.run(["msgcat", "--width=79", str(po), "-o", str(po)], check=True)
    first_wrapped = line_of(po, 'msgstr ""', msgstr_line(po, "basics.summary") - 1)
    result = check_json(project)
    assert errors(result) == [("catalog-drift", "layout", VI_PO, first_wrapped)]
    message = str(result.findings("catalog-drift")[0]["message"])
    assert "wrapped into lines of at most 79 characters (by Poedit 3.4.2)" in message
    assert "build writes each string on one line" in message and "roadmap" not in message


def test_crlf_catalog_is_reported_once(project: Path, check_json: CheckJson) -> None:
    po = po_path(project, "vi")
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    result = check_json(project)
    assert errors(result) == [("catalog-health", "crlf", VI_PO, 1)]
    assert "build" in str(result.findings("catalog-health")[0]["hint"])


def test_msgid_edited_in_the_catalog(project: Path, check_json: CheckJson) -> None:
    po = po_path(project, "vi")
    line = line_of(po, 'msgid "Syntax and types."')
    po.write_text(po.read_text(encoding="utf-8").replace("Syntax and types.", "Syntax and type."), encoding="utf-8")
    result = check_json(project)
    assert errors(result) == [("catalog-drift", "msgid-edited", VI_PO, line)]
    finding = result.findings("catalog-drift")[0]
    assert "basics.python.topics.basics.description" in str(finding["message"])
    assert "change only msgstr" in str(finding["hint"])


def test_msgctxt_edited_in_the_catalog(project: Path, check_json: CheckJson) -> None:
    po = po_path(project, "vi")
    line = line_of(po, 'msgctxt "basics.title"')
    po.write_text(po.read_text(encoding="utf-8").replace('msgctxt "basics.title"', 'msgctxt "basics.titel"'))
    result = check_json(project)
    # One edit, one catalog finding (the README shows the English there after a build: readme-drift says so).
    assert [(f["rule"], f["line"]) for f in result.findings("catalog-drift")] == [("unknown-id", line)]
    assert "changed from basics.title" in str(result.findings("catalog-drift")[0]["message"])


@pytest.mark.parametrize("order", ["after", "before"])
def test_msgctxt_edited_into_another_existing_id(project: Path, check_json: CheckJson, order: str) -> None:
    # basics.summary's entry now says msgctxt "basics.title": two entries share that ID, and the one whose
    # English is not basics.title's is the edited one, whichever comes first in the file.
    po = po_path(project, "vi")
    text = po.read_text(encoding="utf-8")
    if order == "before":  # move the edited entry above basics.title's
        start = text.index('msgctxt "basics.summary"')
        start = text.rindex("\n\n", 0, start) + 2
        end = text.index("\n\n", start) + 2
        entry, text = text[start:end], text[:start] + text[end:]
        title = text.rindex("\n\n", 0, text.index('msgctxt "basics.title"')) + 2
        text = text[:title] + entry + text[title:]
    po.write_text(text.replace('msgctxt "basics.summary"', 'msgctxt "basics.title"'), encoding="utf-8")
    text = po.read_text(encoding="utf-8")
    line = text[: text.index('msgctxt "basics.title"\nmsgid "covers')].count("\n") + 1
    result = check_json(project)
    drift = [(f["rule"], f["line"]) for f in result.findings("catalog-drift")]
    assert drift == [("unknown-id", line)], result.findings("catalog-drift")
    message = str(result.findings("catalog-drift")[0]["message"])
    assert "changed from basics.summary" in message and "English" not in message


def test_entry_deleted_from_the_catalog(project: Path, check_json: CheckJson) -> None:
    po = po_path(project, "vi")
    text = po.read_text(encoding="utf-8")
    start = text.index("#. Basics › 2. Python\n")
    end = text.index("\n\n", start) + 2
    po.write_text(text[:start] + text[end:], encoding="utf-8")
    result = check_json(project)
    drift = [(f["rule"], f["line"]) for f in result.findings("catalog-drift")]
    assert len(drift) == 1 and drift[0] == ("entry-missing", None), drift
    assert "adds it back untranslated" in str(result.findings("catalog-drift")[0]["message"])


def test_header_field_edited(project: Path, check_json: CheckJson) -> None:
    po = po_path(project, "vi")
    po.write_text(po.read_text(encoding="utf-8").replace("Project-Id-Version: Mini Course", "Project-Id-Version: X"))
    result = check_json(project)
    line = line_of(po, '"Project-Id-Version: X')
    assert errors(result) == [("catalog-drift", "metadata", VI_PO, line)]
    assert "header field Project-Id-Version" in str(result.findings("catalog-drift")[0]["message"])


def test_english_edited_then_built_for_one_locale_only(
    project: Path, check_json: CheckJson, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A YAML edit, then `build --locale vi`: zh_Hant's catalog was merged with the older template, so its
    English differs because the roadmap changed, not because anyone edited the catalog."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # the template's new date: not the fixture's minute
    part = project / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("summary: covers the basics.", "summary: the basics."))
    assert cli("build", "--root", project, "--locale", "vi").code == 0
    result = check_json(project)
    zh_hant = [(check, rule, path) for check, rule, path, _ in sorted(errors(result))]
    assert zh_hant == [
        ("catalog-drift", "not-rebuilt", "locales/zh_Hant/LC_MESSAGES/roadmap.po"),
        ("readme-drift", "not-rebuilt", "locales/zh_Hant/README.md"),
    ]
    catalog = result.findings("catalog-drift")[0]
    assert "merged with an older template than locales/roadmap.pot: the English of 1 entry changed" in str(
        catalog["message"]
    )
    readme = result.findings("readme-drift")[0]
    assert "not rebuilt since the roadmap changed (the last build left zh_Hant out)" in str(readme["message"])
    assert cli("build", "--root", project).code == 0
    assert errors(check_json(project)) == []


def test_translation_without_build_is_one_finding_per_locale(project: Path, check_json: CheckJson) -> None:
    """A confirmed translation changes the README's status line and the badge: one finding lists both."""
    po = po_path(project, "vi")
    set_msgstr(po, "basics.intro", "Bắt đầu ở đây.")
    set_msgstr(po, "basics.python.title", "Python")
    set_msgstr(po, "basics.python.intro", "Python là ngôn ngữ của học máy.")
    set_msgstr(po_path(project, "zh_Hant"), "basics.intro", "從這裡開始。")
    result = check_json(project)
    found = sorted(errors(result))
    assert [(check, rule, path) for check, rule, path, _ in found] == [
        ("readme-drift", "not-rebuilt", "locales/vi/README.md"),
        ("readme-drift", "not-rebuilt", "locales/zh_Hant/README.md"),
    ]
    vi = next(f for f in result.findings("readme-drift") if f["locale"] == "vi")
    assert "locales/vi/coverage.svg" in str(vi["message"]) and "translations changed" in str(vi["message"])


def test_first_difference_shows_the_differing_part_of_long_lines() -> None:
    head = "* 🤗 [**HuggingChat Assistant**](https://hf.co/chat/assistant/66029d2e5f4a884f7aabc9de): "
    old, new = head + "Free version using Mixtral-8x7B.", head + "Free version using Mixtral-8x22B."
    _, message, _ = first_difference(old.encode() + b"\n", new.encode() + b"\n")
    assert message == "found '…version using Mixtral-8x7B.', build writes '…version using Mixtral-8x22B.'"


def test_excerpt_marks_only_what_differs() -> None:
    old = [b"# Title", b"", b"one", b"two", b"three", b"four"]
    new = [b"# Title", b"", b"one", b"2", b"three", b"four"]
    assert diff_excerpt(old, new, 3) == ("@@ line 4 @@", " one", "-two", "+2", " three")
    inserted = [b"# Title", b"", b"one", b"one and a half", b"two", b"three", b"four"]
    assert diff_excerpt(old, inserted, 3) == ("@@ line 4 @@", " one", "+one and a half", " two")


def test_damaged_template_is_one_finding_whatever_the_time(
    project: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template that does not read is regenerated with today's date, which every catalog's header repeats:
    still one finding (the catalogs' dates follow the template's), whichever minute the check runs in."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # not the minute the fixture was built in
    pot = project / "locales" / "roadmap.pot"
    line = line_of(pot, 'msgid "Syntax and types."')
    lines = pot.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].rstrip('"')
    pot.write_text("\n".join(lines), encoding="utf-8")
    assert errors(check_json(project)) == [("catalog-drift", "edited", "locales/roadmap.pot", line)]
