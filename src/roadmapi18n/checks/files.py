"""File-level checks: conflict markers, catalog health, mojibake, missing assets."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from pathlib import Path

from roadmapi18n.catalog import Catalog, Message
from roadmapi18n.checks import CheckContext, ConflictBlock, Finding, register
from roadmapi18n.errors import RoadmapError
from roadmapi18n.repair.detect import has_mojibake_shape, maybe_mojibake

# Git's markers are exactly seven characters at the start of a line, then a space and a label, or the line end.
_MARKER = re.compile(rb"^(<{7}|\|{7}|={7}|>{7})(?=[ \t\r\n]|\Z)", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"


def conflict_blocks(data: bytes) -> list[ConflictBlock]:
    """Unresolved merge conflicts: ``<<<<<<<`` … ``>>>>>>>`` blocks, and opening or closing markers left alone.

    ``=======`` and ``|||||||`` count only inside a block: outside one, ``=======`` is a Markdown heading underline.

    >>> conflict_blocks(b"a\\n<<<<<<< HEAD\\nx\\n=======\\ny\\n>>>>>>> main\\nTitle\\n=======\\n")
    [ConflictBlock(line=2, end_line=6, marker='<<<<<<<', complete=True)]
    >>> conflict_blocks(b"x\\n>>>>>>> theirs\\n")
    [ConflictBlock(line=2, end_line=2, marker='>>>>>>>', complete=False)]
    """
    if b"<<<<<<<" not in data and b">>>>>>>" not in data:
        return []
    blocks: list[ConflictBlock] = []
    opened: int | None = None
    line, position = 1, 0
    for match in _MARKER.finditer(data):
        line += data.count(b"\n", position, match.start())
        position = match.start()
        marker = match.group(1).decode()
        if marker == "<<<<<<<":
            if opened is not None:
                blocks.append(ConflictBlock(opened, opened, "<<<<<<<", False))
            opened = line
        elif marker == ">>>>>>>":
            if opened is None:
                blocks.append(ConflictBlock(line, line, ">>>>>>>", False))
            else:
                blocks.append(ConflictBlock(opened, line, "<<<<<<<", True))
                opened = None
    if opened is not None:
        blocks.append(ConflictBlock(opened, opened, "<<<<<<<", False))
    return blocks


@register("conflict-marker", "error", "Unresolved git merge-conflict markers under the roadmap and locales folders.")
def conflict_markers(context: CheckContext) -> Iterator[Finding]:
    """One finding per conflict block (or stray marker), at its first line."""
    for path, blocks in context.conflicts.items():
        rel = context.rel(path)
        generated = context.plan is not None and path in context.plan.outputs
        for block in blocks:
            if block.complete:
                message = f"unresolved merge conflict (lines {block.line}-{block.end_line})"
            else:
                message = f"merge-conflict marker {block.marker} without its other half"
            hint = "keep the right side, delete the <<<<<<< ======= >>>>>>> lines"
            if generated:
                hint += "; this file is generated: resolve its sources, then run `roadmapi18n build`"
            yield Finding("conflict-marker", "error", rel, block.line, message, hint, end_line=block.end_line)


@register("catalog-health", "error", "Catalog damage msgfmt -c rejects or polib/babel silently accept.")
def catalog_health(context: CheckContext) -> Iterator[Finding]:
    """Strict-reader errors (duplicates, truncation, charset…), BOM, CRLF, header fields, newline mismatches."""
    cfg = context.project.config
    for path in (cfg.pot_path, *(cfg.po_path(code) for code in context.locales)):
        yield from _file_health(context, path)
    for code, catalog in context.disk_catalogs.items():
        yield from _header_health(context, code, catalog)
        yield from _newline_health(context, code, catalog)
    yield from _unlisted_catalogs(context)


def _unlisted_catalogs(context: CheckContext) -> Iterator[Finding]:
    """Catalogs in the locales folder for a locale roadmapi18n.toml does not list: build never reads them, so
    their translations are never published (a language added with msginit or by copying a catalog)."""
    cfg = context.project.config
    listed = {locale.code for locale in cfg.locales}
    for path in sorted(cfg.locales_dir.glob(f"*/LC_MESSAGES/{cfg.domain}.po")):
        code = path.parent.parent.name
        if code in listed or code == cfg.source_locale:
            continue
        message = f"a catalog for {code}, which {context.rel(cfg.config_path)} does not list: build never reads it"
        hint = (
            f"add the language with `roadmapi18n init-locale {code}` (it keeps the catalog's translations) and "
            "commit what it writes, or delete the file"
        )
        yield _health(context.rel(path), None, message, hint, code, "unlisted-locale")


def _health(path: str, line: int | None, message: str, hint: str, locale: str | None, rule: str) -> Finding:
    return Finding("catalog-health", "error", path, line, message, hint, locale=locale, rule=rule)


def _file_health(context: CheckContext, path: Path) -> Iterator[Finding]:
    rel = context.rel(path)
    locale = path.parent.parent.name if path.suffix == ".po" else None
    try:
        data = context.read(path)
    except RoadmapError as refused:  # a symbolic link or a special file: named, never read
        yield _health(
            rel, None, f"the catalog cannot be read: {refused.message}", refused.hint or "", locale, "unreadable"
        )
        return
    if data is None:
        return
    rebuild = "or leave it: `roadmapi18n build` normalises the file, no translation changes"
    if data.startswith(_BOM):
        message = "UTF-8 byte-order mark at the start (gettext writes none; build removes it)"
        yield _health(rel, 1, message, f"save the catalog as UTF-8 without BOM, {rebuild}", locale, "bom")
    crlf = data.find(b"\r\n")
    if crlf >= 0:
        line = data.count(b"\n", 0, crlf) + 1
        message = "Windows (CRLF) line endings (build converts them to LF)"
        yield _health(rel, line, message, f"save with LF line endings, {rebuild}", locale, "crlf")
    error = context.catalog_errors.get(path)
    if error is None:
        return
    blocks = context.conflicts.get(path, [])
    if error.line is not None and any(block.line <= error.line <= block.end_line for block in blocks):
        return  # reported by conflict-marker, at the same place
    hint = f"{error.hint or 'fix the entry by hand'}; then run roadmapi18n build"
    yield _health(rel, error.line, f"the catalog cannot be read: {error.message}", hint, locale, "unreadable")


def _header_health(context: CheckContext, code: str, catalog: Catalog) -> Iterator[Finding]:
    path = context.project.config.po_path(code)
    rel = context.rel(path)
    if (catalog.charset or "").upper() not in ("UTF-8", "UTF8"):
        declared = f"charset={catalog.charset}" if catalog.charset else "no charset"
        message = f"the header declares {declared}; roadmapi18n catalogs are UTF-8"
        hint = 'set "Content-Type: text/plain; charset=UTF-8\\n" in the header'
        yield _health(rel, context.header_line(path, "Content-Type"), message, hint, code, "charset")
    language = catalog.headers.get("Language")
    if language is not None and language != code:
        message = f"the header says Language: {language or '(empty)'}, but the catalog is in locales/{code}/"
        hint = f'set "Language: {code}\\n" in the header (or move the catalog)'
        yield _health(rel, context.header_line(path, "Language"), message, hint, code, "language")


def _newline_health(context: CheckContext, code: str, catalog: Catalog) -> Iterator[Finding]:
    """msgfmt -c's newline rule: a translation begins and ends with ``\\n`` exactly when its msgid does."""
    path = context.project.config.po_path(code)
    for message in catalog.messages:
        if message.obsolete or message.fuzzy or not message.has_translation:
            continue
        for source, translation in message.source_pairs:
            for edge, test in (("begin", str.startswith), ("end", str.endswith)):
                if translation and test(source, "\n") != test(translation, "\n"):
                    text = f"{_name(message)}: msgid and msgstr do not both {edge} with a newline (msgfmt -c fails)"
                    hint = f"make the translation {edge} like the English"
                    yield _health(context.rel(path), context.msgstr_line(path, message), text, hint, code, "newline")


def _name(message: Message) -> str:
    return message.msgctxt or repr(message.msgid[:40])


@register("mojibake", "error", "Mojibake or U+FFFD replacement characters in a catalog or README.")
def mojibake(context: CheckContext) -> Iterator[Finding]:
    """Encoding damage, as the repair engine sees it: one finding per entry, one per README line."""
    from roadmapi18n.repair import catalog_profile, find_mojibake

    cfg = context.project.config
    for code, catalog in context.disk_catalogs.items():
        path = cfg.po_path(code)
        rel = context.rel(path)
        # find_mojibake finds nothing in a text without a mojibake shape; the alphabet test is the cheaper gate.
        suspects = [m for m in catalog.messages if any(_suspicious(text) for text in m.translations)]
        # A catalog-wide profile lets short entries (`Kh√°c`) count as the same misreading as the long ones.
        profile = catalog_profile(catalog) if suspects else None
        for message in suspects:
            for text in message.translations:
                found = find_mojibake(text, profile=profile)
                if found:
                    line = context.msgstr_line(path, message) + (found[0].line if "\n" in text.rstrip("\n") else 0)
                    hint = f"run `roadmapi18n repair {rel} --in-place`, or retype the text"
                    message_text = f"{_name(message)}: {found[0].message}"
                    yield Finding("mojibake", "error", rel, line, message_text, hint, locale=code, rule=found[0].kind)
                    break
    for code in [cfg.source_locale, *context.locales]:
        path = cfg.readme_path(code)
        data = context.read(path)
        if data is None or (code != cfg.source_locale and context.as_built(path)):
            # A translated README exactly as built shows its catalog's text (checked above) and the
            # English README's (checked here): its mojibake is reported once, where it must be fixed.
            continue
        reported: set[int] = set()
        for finding in find_mojibake(data.decode("utf-8", errors="replace")):
            if finding.line not in reported:
                reported.add(finding.line)
                yield Finding(
                    "mojibake",
                    "error",
                    context.rel(path),
                    finding.line,
                    finding.message,
                    "fix the text in the locale's .po file (or the roadmap YAML), then run roadmapi18n build",
                    locale=code,
                    rule=finding.kind,
                )


def _suspicious(text: str) -> bool:
    return maybe_mojibake(text) and has_mojibake_shape(text)


def _exists(path: Path) -> bool:
    """``path.exists()``, where a name too long for the file system (a link target a whole line long) names no
    file rather than stopping the check with the operating system's error."""
    try:
        return path.exists()
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            return False
        raise


@register("missing-asset", "warning", "A relative link in a generated README points at no file.", needs_plan=True)
def missing_assets(context: CheckContext) -> Iterator[Finding]:
    """Relative link targets that resolve to nothing on disk and nothing build writes; once per target file."""
    from roadmapi18n.checks.integrity import relative_targets

    assert context.plan is not None
    outputs = context.plan.outputs
    seen: set[Path] = set()
    for path in outputs:
        if path.suffix != ".md":
            continue  # not asked for: a large output's text is read back from disk (see PlanOutputs)
        text = outputs[path]
        for offset, target in relative_targets(text):
            resolved = Path(os.path.normpath(path.parent / target.split("#")[0].split("?")[0]))
            if resolved in seen:
                continue
            seen.add(resolved)
            if resolved not in outputs and not _exists(resolved):
                line = text.count("\n", 0, offset) + 1
                yield Finding(
                    "missing-asset",
                    "warning",
                    context.rel(path),
                    line,
                    f"{target} does not exist ({context.rel(resolved)})",
                    "add the file, or fix the path in the roadmap YAML",
                )
