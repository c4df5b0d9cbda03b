"""`roadmapi18n check`: break a copy of a built project in each way the issue lists.

Each test asserts exit 1 and the finding's file, 1-based line and check id (JSON report).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmapi18n.checks import registry

from .conftest import TRANSLATIONS, Result, line_of, msgstr_line, po_path, set_msgstr

CheckJson = Callable[..., Result]
Cli = Callable[..., Result]

VI_PO = "locales/vi/LC_MESSAGES/roadmap.po"
FINDING_KEYS = {"check", "severity", "path", "line", "end_line", "locale", "rule", "message", "hint", "excerpt"}


def only(result: Result, check: str, path: str | None = None) -> dict[str, object]:
    """The single finding of ``check`` (in ``path``); fails listing all findings otherwise."""
    found = [f for f in result.findings(check) if path is None or f["path"] == path]
    assert len(found) == 1, (check, path, result.findings())
    return found[0]


def errors(result: Result) -> list[tuple[str, str, int | None]]:
    """(check, path, line) of every error."""
    return [(f["check"], f["path"], f["line"]) for f in result.findings() if f["severity"] == "error"]


# -- the clean project ---------------------------------------------------------------------------


def test_fixture_project_passes(project: Path, check_json: CheckJson) -> None:
    result = check_json(project)
    assert result.code == 0, result.out
    data = result.json()
    assert data["ok"] is True and data["summary"] == {"error": 0, "warning": 0, "note": 2}
    assert data["checks"] == list(registry()) and data["skipped"] == []


def test_shipped_tree_passes(shipped_project: Path, check_json: CheckJson) -> None:
    """The committed roadmap, catalogs, READMEs and badges are exactly what build writes, and sound."""
    result = check_json(shipped_project)
    assert result.code == 0, [f for f in result.findings() if f["severity"] == "error"]
    assert result.json()["ok"] is True


def test_json_shape_is_stable(project: Path, check_json: CheckJson) -> None:
    readme = project / "locales" / "vi" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    data = check_json(project).json()
    assert list(data) == ["version", "ok", "summary", "checks", "skipped", "findings", "locales", "matrix"]
    assert data["version"] == 1 and data["ok"] is False
    assert all(set(f) == FINDING_KEYS for f in data["findings"])
    assert [loc["locale"] for loc in data["locales"]] == ["vi", "zh_Hant"]
    assert set(data["locales"][0]) == {
        *("locale", "total", "translated", "withheld", "fuzzy", "untranslated", "obsolete", "suggested", "percent")
    }


def test_every_finding_has_its_checks_severity(project: Path, check_json: CheckJson) -> None:
    set_msgstr(po_path(project, "vi"), "basics.intro", "Bắt đầu tại [đây](javascript:alert(1)).")
    (project / "roadmap" / "img" / "basics.png").unlink()
    # The unsafe translation alone leaves the README as it was (it shows the English): make it stale too.
    readme = project / "locales" / "vi" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    result = check_json(project, "--min-coverage", "vi=99")
    severities = {check.id: check.severity for check in registry().values()}
    seen = {f["check"] for f in result.findings()}
    assert {"integrity", "readme-drift", "coverage", "catalog-stats", "missing-asset"} <= seen
    assert all(f["severity"] == severities[f["check"]] for f in result.findings())
    assert all(f["hint"] for f in result.findings() if f["severity"] != "note")


# -- drift ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("readme", ["roadmap/README.md", "locales/vi/README.md"], ids=["english", "vietnamese"])
def test_hand_edited_readme(project: Path, check_json: CheckJson, readme: str) -> None:
    path = project / readme
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("### "))
    original = lines[number - 1]
    lines[number - 1] = "### Edited by hand"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = check_json(project)
    assert result.code == 1
    assert errors(result) == [("readme-drift", readme, number)]
    finding = only(result, "readme-drift")
    assert "found '### Edited by hand', build writes" in str(finding["message"])
    # The excerpt marks only the changed line; its neighbours are context (a leading space).
    assert finding["excerpt"][0] == f"@@ line {number} @@"
    assert [line for line in finding["excerpt"][1:] if line[:1] in "-+"] == ["-### Edited by hand", f"+{original}"]
    assert f" {lines[number]}" in finding["excerpt"]


def test_readme_with_crlf_line_endings(project: Path, check_json: CheckJson) -> None:
    path = project / "locales" / "zh_Hant" / "README.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    finding = only(check_json(project), "readme-drift")
    assert finding["line"] == 1 and "CRLF" in str(finding["message"])


def test_deleted_readme(project: Path, check_json: CheckJson) -> None:
    (project / "locales" / "vi" / "README.md").unlink()
    result = check_json(project)
    assert result.code == 1 and errors(result) == [("readme-drift", "locales/vi/README.md", None)]


def test_roadmap_edited_without_build(project: Path, check_json: CheckJson) -> None:
    """One English edit, one finding: at the YAML line, listing every file build rewrites with its first change."""
    pot = project / "locales" / "roadmap.pot"
    old_line = line_of(pot, 'msgid "Syntax and types."')
    vi_line = line_of(po_path(project, "vi"), 'msgid "Syntax and types."')
    part = project / "roadmap" / "parts" / "basics.yaml"
    yaml_line = line_of(part, "Syntax and types.")
    part.write_text(part.read_text(encoding="utf-8").replace("Syntax and types.", "Syntax, types and loops."))
    result = check_json(project)
    assert result.code == 1
    assert errors(result) == [("catalog-drift", "roadmap/parts/basics.yaml", yaml_line)]
    finding = only(result, "catalog-drift")
    assert finding["rule"] == "roadmap-changed"
    assert "1 changed (basics.python.topics.basics.description)" in str(finding["message"])
    assert "build rewrites 6 files" in str(finding["message"])
    zh_po = "locales/zh_Hant/LC_MESSAGES/roadmap.po"
    listed = [line.split(": ")[0] for line in finding["excerpt"] if not line.startswith(("@@", " ", "-", "+"))]
    assert listed[:3] == [f"locales/roadmap.pot:{old_line}", f"{VI_PO}:{vi_line}", f"{zh_po}:{vi_line}"]
    assert {path.split(":")[0] for path in listed[3:]} == {
        "roadmap/README.md",
        "locales/vi/README.md",
        "locales/zh_Hant/README.md",
    }
    pot_summary = next(line for line in finding["excerpt"] if line.startswith("locales/roadmap.pot:"))
    old, new = 'msgid "Syntax and types."', 'msgid "Syntax, types and loops."'
    assert pot_summary.endswith(f"found {old!r}, build writes {new!r}")
    assert f"-{old}" in finding["excerpt"] and f"+{new}" in finding["excerpt"]


def test_edited_badge_is_output_drift(project: Path, check_json: CheckJson) -> None:
    badge = project / "locales" / "vi" / "coverage.svg"
    badge.write_text(badge.read_text(encoding="utf-8").replace("#e05d44", "#4c1"), encoding="utf-8")
    result = check_json(project)
    assert result.code == 1 and errors(result) == [("output-drift", "locales/vi/coverage.svg", 1)]


# -- coverage ------------------------------------------------------------------------------------


def test_coverage_below_command_line_minimum(project: Path, check_json: CheckJson) -> None:
    result = check_json(project, "--min-coverage", "vi=90", "--min-coverage", "zh_Hant=1")
    assert result.code == 1
    finding = only(result, "coverage")
    assert (finding["path"], finding["line"], finding["locale"]) == (VI_PO, None, "vi")
    assert "below the minimum of 90%" in str(finding["message"]) and "more entries" in str(finding["hint"])
    assert check_json(project, "--min-coverage", "vi=10%").code == 0


def test_coverage_below_configured_minimum(project: Path, check_json: CheckJson) -> None:
    config = project / "roadmapi18n.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('label = "繁體中文"', 'label = "繁體中文"\nmin_coverage = 50'), encoding="utf-8")
    result = check_json(project)
    assert result.code == 1
    finding = only(result, "coverage")
    assert (finding["path"], finding["locale"]) == ("locales/zh_Hant/LC_MESSAGES/roadmap.po", "zh_Hant")
    assert check_json(project, "--min-coverage", "zh_Hant=0").code == 0  # the command line wins


def test_catalog_stats_counts(project: Path, check_json: CheckJson) -> None:
    set_msgstr(po_path(project, "vi"), "basics.intro", "Bắt đầu ở đây.", fuzzy=True)
    result = check_json(project)
    vi = next(loc for loc in result.json()["locales"] if loc["locale"] == "vi")
    assert (vi["translated"], vi["fuzzy"], vi["obsolete"]) == (len(TRANSLATIONS["vi"]), 1, 0)
    assert vi["untranslated"] == vi["total"] - vi["translated"] - 1
    note = only(result, "catalog-stats", VI_PO)
    assert note["severity"] == "note" and "1 fuzzy" in str(note["message"])


# -- mojibake ------------------------------------------------------------------------------------

VIETNAMESE = TRANSLATIONS["vi"]["basics.summary"]


@pytest.mark.parametrize(
    ("damaged", "rule"),
    [
        (VIETNAMESE.encode("utf-8").decode("cp1252", errors="replace"), "mojibake"),
        (VIETNAMESE.encode("utf-8").decode("mac_roman"), "mojibake"),
        ("bao g\ufffdm nh\ufffdng ki\ufffdn th\ufffdc", "replacement-character"),
    ],
    ids=["cp1252", "mac-roman", "replacement-character"],
)
def test_mojibake_in_a_catalog(project: Path, check_json: CheckJson, damaged: str, rule: str) -> None:
    po = po_path(project, "vi")
    set_msgstr(po, "basics.summary", damaged)
    result = check_json(project)
    assert result.code == 1
    finding = only(result, "mojibake", VI_PO)
    assert (finding["line"], finding["rule"], finding["locale"]) == (msgstr_line(po, "basics.summary"), rule, "vi")
    assert "roadmapi18n repair" in str(finding["hint"])


def test_mojibake_reported_once_where_it_is_fixed(project: Path, check_json: CheckJson, cli: Cli) -> None:
    """A README as built shows the catalog's mojibake: one finding, on the catalog entry."""
    po = po_path(project, "vi")
    set_msgstr(po, "basics.summary", VIETNAMESE.encode("utf-8").decode("mac_roman"))
    assert cli("build", "--root", project).code == 0
    assert "·ª" in (project / "locales" / "vi" / "README.md").read_text(encoding="utf-8")
    result = check_json(project)
    assert result.code == 1
    assert [(f["path"], f["line"]) for f in result.findings("mojibake")] == [(VI_PO, msgstr_line(po, "basics.summary"))]


@pytest.mark.parametrize(
    "damaged",
    [VIETNAMESE.encode("utf-8").decode("cp1252", errors="replace"), "mất ký tự \ufffd ở đây"],
    ids=["cp1252", "replacement-character"],
)
def test_mojibake_in_a_readme(project: Path, check_json: CheckJson, damaged: str) -> None:
    readme = project / "locales" / "vi" / "README.md"
    lines = readme.read_text(encoding="utf-8").split("\n")
    lines.insert(20, damaged)
    readme.write_text("\n".join(lines), encoding="utf-8")
    result = check_json(project)
    assert result.code == 1
    assert only(result, "mojibake", "locales/vi/README.md")["line"] == 21
    assert only(result, "readme-drift")["line"] == 21


def test_undecodable_readme_bytes_are_replacement_characters(project: Path, check_json: CheckJson) -> None:
    readme = project / "roadmap" / "README.md"
    data = readme.read_bytes().split(b"\n")
    data[4] += b" \xff\xfe"
    readme.write_bytes(b"\n".join(data))
    finding = only(check_json(project), "mojibake", "roadmap/README.md")
    assert (finding["line"], finding["rule"]) == (5, "replacement-character")


# -- conflict markers ----------------------------------------------------------------------------

CONFLICT = "<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> feature\n"


def _conflict(path: Path, anchor: str, theirs: str) -> int:
    """Put a conflict block around the line containing ``anchor``; return the block's first line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if anchor in line)
    lines[index] = CONFLICT.format(ours=lines[index], theirs=theirs).rstrip("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_conflict_in_roadmap_yaml(project: Path, check_json: CheckJson) -> None:
    """The YAML does not parse, yet check reports the markers (exit 1), not a crash or exit 2."""
    part = project / "roadmap" / "parts" / "basics.yaml"
    line = _conflict(part, "title: Basics", "title: Foundations")
    result = check_json(project)
    assert result.code == 1
    finding = only(result, "conflict-marker")
    assert (finding["path"], finding["line"], finding["end_line"]) == ("roadmap/parts/basics.yaml", line, line + 4)
    skipped = {s["check"] for s in result.json()["skipped"]}
    assert skipped == {c.id for c in registry().values() if c.needs_plan}
    assert all("does not load" in s["reason"] for s in result.json()["skipped"])


def test_conflict_in_po_does_not_stop_the_other_checks(project: Path, check_json: CheckJson) -> None:
    po = po_path(project, "vi")
    line = _conflict(po, 'msgstr "Cơ bản"', 'msgstr "Những điều cơ bản"')
    set_msgstr(po_path(project, "zh_Hant"), "basics.intro", "從[這裡](https://evil.example)開始。")
    result = check_json(project)
    assert result.code == 1
    assert (only(result, "conflict-marker")["path"], only(result, "conflict-marker")["line"]) == (VI_PO, line)
    assert result.findings("catalog-health") == []  # the strict reader's refusal is the same conflict
    assert only(result, "integrity")["path"] == "locales/zh_Hant/LC_MESSAGES/roadmap.po"
    assert "readme-drift" in result.json()["checks"]


def test_conflict_in_template(project: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # later than the build: the date comes from the catalogs
    pot = project / "locales" / "roadmap.pot"
    line = _conflict(pot, 'msgid "Syntax and types."', 'msgid "Syntax."')
    result = check_json(project)
    assert result.code == 1
    marker = only(result, "conflict-marker")
    assert (marker["path"], marker["line"]) == ("locales/roadmap.pot", line)
    assert only(result, "catalog-drift")["path"] == "locales/roadmap.pot"


def test_damaged_template_is_catalog_drift_not_a_crash(
    project: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # later than the build: the date comes from the catalogs
    pot = project / "locales" / "roadmap.pot"
    line = line_of(pot, 'msgid "Syntax and types."')
    lines = pot.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].rstrip('"')
    pot.write_text("\n".join(lines), encoding="utf-8")
    result = check_json(project)
    assert result.code == 1 and errors(result) == [("catalog-drift", "locales/roadmap.pot", line)]


def test_conflict_in_readme_ignores_setext_underlines(project: Path, check_json: CheckJson) -> None:
    readme = project / "locales" / "vi" / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text + "\nSetext heading\n=======\n", encoding="utf-8")
    assert check_json(project).findings("conflict-marker") == []
    line = _conflict(readme, "## ", "## Khác")
    assert [(f["line"], f["end_line"]) for f in check_json(project).findings("conflict-marker")] == [(line, line + 4)]


# -- catalog health ------------------------------------------------------------------------------


def _duplicate(po: Path) -> int:
    text = po.read_text(encoding="utf-8")
    entry = text[text.index('msgctxt "basics.title"') :].split("\n\n")[0]
    po.write_text(text.rstrip("\n") + "\n\n" + entry + "\n", encoding="utf-8")
    return len(text.rstrip("\n").split("\n")) + 2


def _bom(po: Path) -> int:
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    return 1


def _crlf(po: Path) -> int:
    po.write_bytes(po.read_bytes().replace(b"\n", b"\r\n"))
    return 1


def _charset(po: Path) -> int:
    po.write_text(po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
    return line_of(po, "charset=")


def _ascii_charset(po: Path) -> int:
    """A declared ASCII charset the strict reader accepts (the text is ASCII): still not what build writes."""
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ASCII")
    po.write_text(re.sub(r"[^\x00-\x7f]", "", text), encoding="utf-8")
    return line_of(po, "charset=")


def _cut_string(po: Path, unit: str) -> int:
    """Drop the closing quote of ``unit``'s msgstr; return its line."""
    line = msgstr_line(po, unit)
    lines = po.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].rstrip('"')
    po.write_text("\n".join(lines), encoding="utf-8")
    return line


def _truncated(po: Path) -> int:
    return _cut_string(po, "basics.title")


def _language(po: Path) -> int:
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: vi\\n"', '"Language: vi_VN\\n"'), encoding="utf-8")
    return line_of(po, '"Language: ')


def _newline(po: Path) -> int:
    set_msgstr(po, "basics.title", "Cơ bản\n")
    return msgstr_line(po, "basics.title")


@pytest.mark.parametrize(
    ("damage", "rule", "words"),
    [
        (_duplicate, "unreadable", "duplicate"),
        (_bom, "bom", "byte-order mark"),
        (_crlf, "crlf", "CRLF"),
        (_charset, "unreadable", "ISO-8859-1"),
        (_ascii_charset, "charset", "charset=ASCII"),
        (_truncated, "unreadable", "string"),
        (_language, "language", "vi_VN"),
        (_newline, "newline", "end with a newline"),
    ],
    ids=["duplicate", "bom", "crlf", "charset", "ascii-charset", "truncated-string", "language", "newline"],
)
def test_catalog_health(
    project: Path, check_json: CheckJson, damage: Callable[[Path], int], rule: str, words: str
) -> None:
    po = po_path(project, "vi")
    line = damage(po)
    result = check_json(project)
    assert result.code == 1
    finding = only(result, "catalog-health")
    assert (finding["path"], finding["line"], finding["rule"], finding["locale"]) == (VI_PO, line, rule, "vi")
    assert words.lower() in str(finding["message"]).lower()
    assert "zh_Hant" in [loc["locale"] for loc in result.json()["locales"]]  # the healthy locale is still checked


def _truncated_zh_hant(po: Path) -> int:
    return _cut_string(po, "course.links.x.label")


def _conflict_zh_hant(po: Path) -> int:
    line = msgstr_line(po, "course.links.x.label")
    lines = po.read_text(encoding="utf-8").split("\n")
    lines[line - 1 : line] = ["<<<<<<< HEAD", lines[line - 1], "=======", 'msgstr "X"', ">>>>>>> theirs"]
    po.write_text("\n".join(lines), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("damage", "check"),
    [(_truncated_zh_hant, "catalog-health"), (_conflict_zh_hant, "conflict-marker")],
    ids=["truncated-string", "conflict"],
)
def test_unreadable_suggestion_source_does_not_stop_the_other_locales(
    shipped_project: Path, check_json: CheckJson, damage: Callable[[Path], int], check: str
) -> None:
    # zh_Hans takes suggestions from zh_Hant (and zh_Hant from zh_Hans): a broken zh_Hant is a finding at its
    # line, and zh_Hans (and vi) are still checked, with no drift blamed on them.
    po = po_path(shipped_project, "zh_Hant")
    line = damage(po)
    result = check_json(shipped_project)
    assert result.code == 1, result.err
    where = "locales/zh_Hant/LC_MESSAGES/roadmap.po"
    assert (check, where, line) in errors(result)
    assert {path for _, path, _ in errors(result)} == {where}, errors(result)
    assert [loc["locale"] for loc in result.json()["locales"]] == ["vi", "zh_Hans"]


@pytest.mark.gettext
def test_newline_rule_agrees_with_msgfmt(project: Path, check_json: CheckJson, gettext: object) -> None:
    import subprocess

    po = po_path(project, "vi")
    set_msgstr(po, "basics.title", "Cơ bản\n")
    set_msgstr(po, "basics.summary", "\nbao gồm")
    ours = sorted(f["line"] for f in check_json(project).findings("catalog-health"))
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=False)
    pattern = r"roadmap\.po:(\d+): 'msgid' and 'msgstr' entries do not both"
    theirs = sorted(int(m) for m in re.findall(pattern, run.stderr))
    assert run.returncode == 1 and ours == theirs and len(ours) == 2


# -- integrity -----------------------------------------------------------------------------------

INTEGRITY_CASES = [
    ("acknowledgements.text", "Theo [Lộ trình DevOps](https://evil.example/devops).", "link-target"),
    ("acknowledgements.text", "Theo [Lộ trình](https://example.com/devops), [xem](https://x.example).", "link-target"),
    ("acknowledgements.text", "Theo [Lộ trình](https://example.com/devops) [x](javascript:alert(1)).", "unsafe-link"),
    ("basics.summary", "bao gồm <script>alert(1)</script> những kiến thức.", "raw-html"),
    ("basics.math.topics.linear-algebra.description", "Vectơ và **ma trận**, xem `numpy.linalg`.", "code-span"),
    ("basics.math.topics.linear-algebra.description", "Vectơ và **ma trận, xem `numpy`.", "emphasis"),
    ("acknowledgements.thanks.ada", "Cảm ơn Ada đã xem lại", "emoji"),
    ("basics.math.intro", "2. Toán học rất quan trọng 🧮.", "block-structure"),
    ("labels.by-author", "bởi {tac_gia}", "placeholder"),
    ("basics.summary", "bao gồm\n# những kiến thức", "line-break"),
]


@pytest.mark.parametrize(
    ("msgctxt", "translation", "rule"),
    INTEGRITY_CASES,
    ids=[
        "changed-link",
        "added-link",
        "javascript",
        "script",
        "code-span",
        "emphasis",
        "emoji",
        "numbering",
        "placeholder",
        "line-break",
    ],
)
def test_integrity(project: Path, check_json: CheckJson, msgctxt: str, translation: str, rule: str) -> None:
    po = po_path(project, "vi")
    set_msgstr(po, msgctxt, translation)
    result = check_json(project)
    assert result.code == 1
    finding = only(result, "integrity")
    assert (finding["path"], finding["line"], finding["rule"]) == (VI_PO, msgstr_line(po, msgctxt), rule)
    assert str(finding["message"]).startswith(msgctxt + ": ")


def test_fuzzy_translations_are_not_integrity_checked(project: Path, check_json: CheckJson) -> None:
    """Fuzzy entries never reach a README (and msgfmt -c skips them too)."""
    set_msgstr(po_path(project, "vi"), "basics.intro", "[x](javascript:alert(1))", fuzzy=True)
    result = check_json(project)
    assert result.code == 0 and result.findings("integrity") == []


def test_plural_forms_are_integrity_checked(project: Path, check_json: CheckJson) -> None:
    """A plural entry (from another project's template) is checked form by form, against msgid and msgid_plural."""
    po = po_path(project, "vi")
    with po.open("a", encoding="utf-8") as handle:
        handle.write(
            '\nmsgctxt "extra.links"\n'
            'msgid "One [link](https://example.com/a)"\n'
            'msgid_plural "Many [links](https://example.com/a)"\n'
            'msgstr[0] "Nhiều [liên kết](https://evil.example/a)"\n'
        )
    result = check_json(project)
    finding = only(result, "integrity")
    line = po.read_text(encoding="utf-8").split("\n").index('msgstr[0] "Nhiều [liên kết](https://evil.example/a)"') + 1
    assert (finding["line"], finding["rule"]) == (line, "link-target")
    assert "https://evil.example/a" in str(finding["message"])


def test_broken_placeholder_does_not_crash_build_or_check(project: Path, check_json: CheckJson, cli: Cli) -> None:
    """str.format would raise on the translation: the README falls back to English and check reports it."""
    set_msgstr(po_path(project, "vi"), "labels.translation-status", "Đã dịch {percent% ({translated}/{total})")
    result = check_json(project)
    assert result.code == 1
    assert "placeholder" in {f["rule"] for f in result.findings("integrity")}
    assert cli("build", "--root", project).code == 0
    assert "% translated (" in (project / "locales" / "vi" / "README.md").read_text(encoding="utf-8")


def test_link_target_longer_than_a_file_name_is_a_missing_asset(project: Path, cli: Cli, check_json: CheckJson) -> None:
    """A relative target no file system can hold (one name of 300 bytes) is a missing file, not exit 2 with the
    operating system's 'File name too long' and no line."""
    part = project / "roadmap" / "parts" / "basics.yaml"
    name = "a" * 300 + ".png"
    part.write_text(part.read_text(encoding="utf-8").replace("img/basics.png", f"img/{name}"), encoding="utf-8")
    assert cli("build", "--root", project).code == 0
    result = check_json(project)
    assert result.code == 0, result.err
    found = [f for f in result.findings("missing-asset") if f["path"] == "roadmap/README.md"]
    assert len(found) == 1 and str(found[0]["message"]).startswith(f"img/{name} does not exist")
    assert found[0]["line"] == line_of(project / "roadmap" / "README.md", name)


# -- the drift matrix ----------------------------------------------------------------------------


def test_drift_matrix_json(project: Path, check_json: CheckJson) -> None:
    set_msgstr(po_path(project, "vi"), "basics.python.topics.basics.title", "Cơ bản", fuzzy=True)
    matrix = check_json(project).json()["matrix"]
    ids = [row["id"] for row in matrix]
    assert ids == ["course", "notebooks", "basics", "basics.math", "basics.python", "acknowledgements", "labels"]
    levels = {row["id"]: row["level"] for row in matrix}
    assert levels["basics"] == "part" and levels["basics.math"] == "section" and levels["labels"] == "other"
    cells = {row["id"]: row["locales"] for row in matrix}
    assert cells["basics.python"]["vi"]["status"] == "fuzzy"
    missing = {"status": "missing", "total": 3, "translated": 0, "withheld": 0, "fuzzy": 0, "missing": 3}
    assert cells["basics.python"]["zh_Hant"] == missing
    assert cells["basics.math"]["vi"]["status"] == "partial"
    for row in matrix:
        for cell in row["locales"].values():
            assert cell["translated"] + cell["withheld"] + cell["fuzzy"] + cell["missing"] == cell["total"]
    top = [row for row in matrix if row["level"] != "section"]
    total = check_json(project).json()["locales"][0]["total"]
    assert sum(row["locales"]["vi"]["total"] for row in top) == total


def test_drift_matrix_text(project: Path, cli: Cli) -> None:
    result = cli("check", "--root", project)
    assert result.code == 0
    lines = result.out.split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("drift matrix"))
    assert lines[header].split()[-2:] == ["vi", "zh_Hant"]
    basics = next(line for line in lines if line.startswith("Basics"))
    assert re.search(r"partial\s+\d+/14\s+partial\s+\d+/14", basics), basics
    assert any(line.startswith("  1. Mathematics") for line in lines)
    assert lines[-2] == "0 errors, 0 warnings"


# -- output formats ------------------------------------------------------------------------------


def test_text_format(project: Path, cli: Cli) -> None:
    set_msgstr(po_path(project, "vi"), "basics.summary", "bao gồm `x`")
    result = cli("check", "--root", project)
    line = msgstr_line(po_path(project, "vi"), "basics.summary")
    assert result.code == 1
    assert f"{VI_PO}:{line}: error [integrity/code-span] basics.summary: " in result.out
    assert "    hint: copy the `code` spans unchanged" in result.out
    assert "    | @@ line " in result.out  # the README drift excerpt: it shows the English there now
    # integrity, and one drift finding for the README and its badge (the English shown, one translation fewer)
    assert re.search(r"^2 errors, 0 warnings$", result.out, re.M)


def test_github_format(project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(project / "roadmap")  # no workspace, and a working directory that does not hold the project
    set_msgstr(po_path(project, "vi"), "basics.summary", "100% <b>x</b>")
    result = cli("check", "--root", project, "--format", "github")
    assert result.code == 1
    line = msgstr_line(po_path(project, "vi"), "basics.summary")
    annotation = next(a for a in result.out.split("\n") if "integrity" in a)
    head = f"::error file={VI_PO},line={line},title=integrity (raw-html)::basics.summary: raw HTML"
    assert annotation.startswith(head)
    assert "%0AFix: " in annotation and "\n" not in annotation
    assert re.search(r"^2 errors, 0 warnings$", result.out, re.M)  # the text report follows, for the job log
    assert "::notice file=locales/zh_Hant/LC_MESSAGES/roadmap.po,title=catalog-stats::" in result.out
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.parent))
    assert f"::error file=project/{VI_PO},line={line}," in cli("check", "--root", project, "--format", "github").out


def test_github_format_escapes_percent(project: Path, cli: Cli) -> None:
    result = cli("check", "--root", project, "--format", "github")
    assert result.code == 0
    annotations = [line for line in result.out.split("\n") if line.startswith("::")]
    assert len(annotations) == 2 and all("%25)" in a and "%)" not in a for a in annotations)


def test_locale_option_limits_the_checks(project: Path, check_json: CheckJson) -> None:
    set_msgstr(po_path(project, "zh_Hant"), "basics.summary", "<b>x</b>")
    assert check_json(project, "--locale", "vi").code == 0
    result = check_json(project, "--locale", "zh_Hant")
    assert result.code == 1 and [loc["locale"] for loc in result.json()["locales"]] == ["zh_Hant"]


# -- usage errors and unreadable input: exit 2, a message, no traceback --------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--min-coverage", "vi"],
        ["--min-coverage", "vi=abc"],
        ["--min-coverage", "vi=150"],
        ["--min-coverage", "vi=nan"],
        ["--min-coverage", "=40"],
        ["--min-coverage", "xx=40"],
        ["--locale", "fr"],
        ["--locale", "en"],
        ["--locale", "vi", "--min-coverage", "zh_Hant=40"],
    ],
    ids=[
        "no-percent",
        "not-a-number",
        "over-100",
        "nan",
        "no-locale",
        "unknown-locale",
        "unknown-locale-option",
        "source-locale",
        "floor-for-unchecked-locale",
    ],
)
def test_usage_errors_exit_2(project: Path, cli: Cli, args: list[str]) -> None:
    result = cli("check", "--root", project, *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and "Traceback" not in result.err


def test_missing_config_exits_2(tmp_path: Path, cli: Cli) -> None:
    result = cli("check", "--root", tmp_path)
    assert result.code == 2 and "no roadmapi18n.toml here" in result.err and "Traceback" not in result.err


def test_invalid_yaml_exits_2(project: Path, cli: Cli) -> None:
    part = project / "roadmap" / "parts" / "basics.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("title: Basics", "title: [Basics"), encoding="utf-8")
    result = cli("check", "--root", project)
    assert result.code == 2 and "roadmap/parts/basics.yaml:" in result.err and "Traceback" not in result.err


def test_unreadable_readme_exits_2(project: Path, cli: Cli) -> None:
    readme = project / "locales" / "vi" / "README.md"
    readme.unlink()
    readme.mkdir()
    result = cli("check", "--root", project)
    assert result.code == 2 and "locales/vi/README.md: cannot read" in result.err and "Traceback" not in result.err


def test_unknown_format_exits_2(project: Path, cli: Cli) -> None:
    result = cli("check", "--root", project, "--format", "xml")
    assert result.code == 2 and "Traceback" not in result.err
