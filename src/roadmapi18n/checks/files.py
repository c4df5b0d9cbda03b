"""File-level checks: conflict markers, catalog health, mojibake, missing assets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from roadmapi18n.checks import CheckContext, Finding, register
from roadmapi18n.errors import RoadmapError

_CONFLICT = re.compile(rb"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
# Where a Markdown link or an href/src attribute starts a target that is not `scheme:...` or `#...`:
# a line without a match has no target that missing_assets would look for.
_NOT_ABSOLUTE = r"(?![a-z][a-z0-9+.-]*:|#)"
_RELATIVE_LINK = re.compile(
    rf"\]\(\s*<?{_NOT_ABSOLUTE}|\b(?:href|src)\s*=\s*[\"']?{_NOT_ABSOLUTE}", re.IGNORECASE
)
_TEXT_SUFFIXES = {".yaml", ".yml", ".po", ".pot", ".md", ".json", ".toml", ".txt", ".svg"}


def _tracked_files(context: CheckContext) -> Iterator[Path]:
    cfg = context.project.config
    yield cfg.config_path
    for folder in (cfg.roadmap.parent, cfg.locales_dir):
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in _TEXT_SUFFIXES)


@register("conflict-marker", "error", "Unresolved git merge-conflict markers under roadmap/ and locales/.")
def conflict_markers(context: CheckContext) -> Iterator[Finding]:
    """``<<<<<<<``/``=======``/``>>>>>>>`` lines left by a merge (``=======`` alone is a Markdown underline)."""
    for path in _tracked_files(context):
        data = path.read_bytes()
        if b"<<<<<<<" not in data and b">>>>>>>" not in data:
            continue
        for match in _CONFLICT.finditer(data):
            line = data.count(b"\n", 0, match.start()) + 1
            yield Finding(
                "conflict-marker",
                "error",
                context.rel(path),
                line,
                f"unresolved merge-conflict marker {match.group(1)[:7].decode()}",
                "resolve the conflict (keep one side, or merge both by hand) and delete the marker lines",
            )


@register("catalog-health", "error", "Catalog problems msgfmt -c rejects or polib/babel silently accept.")
def catalog_health(context: CheckContext) -> Iterator[Finding]:
    """Strict-reader errors (duplicates, truncation, charset…), BOM/CRLF, header and newline consistency."""
    cfg = context.project.config
    paths = [cfg.pot_path, *(cfg.po_path(code) for code in context.locales)]
    for path in paths:
        if not path.exists():
            continue
        data = path.read_bytes()
        rel = context.rel(path)
        if data.startswith(b"\xef\xbb\xbf"):
            yield Finding("catalog-health", "error", rel, 1, "byte-order mark at the start of the file",
                          "save the catalog as UTF-8 without BOM (or run roadmapi18n build)")
        if b"\r\n" in data:
            line = data.count(b"\n", 0, data.index(b"\r\n")) + 1
            yield Finding("catalog-health", "error", rel, line, "Windows (CRLF) line endings",
                          "save the catalog with Unix (LF) line endings (or run roadmapi18n build)")
    for code in sorted(context.broken_catalogs):
        path = cfg.po_path(code)
        try:
            from roadmapi18n.catalog import read_po

            read_po(path)
        except RoadmapError as error:
            yield Finding("catalog-health", "error", context.rel(path), error.line, error.message,
                          error.hint or "fix the entry by hand, then run roadmapi18n build", locale=code)
    for code, catalog in context.disk_catalogs.items():
        yield from _entry_health(context, code, catalog)


def _entry_health(context: CheckContext, code: str, catalog: object) -> Iterator[Finding]:
    from roadmapi18n.catalog import Catalog

    assert isinstance(catalog, Catalog)
    rel = context.rel(context.project.config.po_path(code))
    content_type = catalog.headers.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower():
        yield Finding("catalog-health", "error", rel, 1, f"header declares {content_type or 'no Content-Type'}",
                      "use Content-Type: text/plain; charset=UTF-8", locale=code)
    language = catalog.headers.get("Language")
    if language and language != code:
        yield Finding("catalog-health", "error", rel, 1, f"header says Language: {language}, folder says {code}",
                      f"set Language: {code} in the header", locale=code)
    for message in catalog.messages:
        if message.obsolete or not message.msgstr:
            continue
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(message.msgid, "\n") != test(message.msgstr, "\n"):
                yield Finding("catalog-health", "error", rel, message.lineno,
                              f"msgid and msgstr do not both {edge} with a newline (msgfmt -c rejects this)",
                              "make the translation start/end like the English", locale=code)


@register("mojibake", "error", "Mojibake or U+FFFD replacement characters in catalogs or READMEs.")
def mojibake(context: CheckContext) -> Iterator[Finding]:
    """Encoding damage, as the repair engine sees it."""
    from roadmapi18n.repair import Profile, catalog_profile, find_mojibake
    from roadmapi18n.repair.detect import has_mojibake_shape

    cfg = context.project.config
    for code, catalog in context.disk_catalogs.items():
        rel = context.rel(cfg.po_path(code))
        # A catalog-wide profile lets short entries (`Kh√°c`) count as the same misreading as the long ones.
        # find_mojibake only consults it for texts with a mojibake shape, so it is worked out for the
        # first such text: a clean catalog (the usual case) never pays for it.
        profile: Profile | None = None
        profiled = False
        for message in catalog.messages:
            for text in (message.msgstr, *message.msgstr_plural) if message.msgstr_plural else (message.msgstr,):
                if text and has_mojibake_shape(text):  # else find_mojibake finds nothing
                    if not profiled:
                        profile, profiled = catalog_profile(catalog), True
                    for found in find_mojibake(text, profile=profile):
                        yield Finding("mojibake", "error", rel, message.lineno,
                                      f"{message.msgctxt or message.msgid[:40]}: {found.message}",
                                      f"run `roadmapi18n repair {rel} --in-place` or retype the text", locale=code)
                        break
    for code in [cfg.source_locale, *context.locales]:
        path = cfg.readme_path(code)
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for found in find_mojibake(text):
            yield Finding("mojibake", "error", context.rel(path), found.line, found.message,
                          "fix the catalog or the roadmap, then run roadmapi18n build", locale=code)


@register("missing-asset", "warning", "Images or relative links in generated READMEs that point at no file.")
def missing_assets(context: CheckContext) -> Iterator[Finding]:
    """Relative links that do not resolve from the README's folder."""
    from roadmapi18n.checks.integrity import link_targets

    for path in context.plan.outputs:
        if path.suffix != ".md":
            continue
        text = context.plan.outputs[path]
        for number, line in enumerate(text.splitlines(), 1):
            if _RELATIVE_LINK.search(line) is None:  # every target on the line has a scheme or is an anchor
                continue
            for target in link_targets(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target, re.IGNORECASE):
                    continue
                if not (path.parent / target.split("#")[0]).exists():
                    yield Finding("missing-asset", "warning", context.rel(path), number,
                                  f"{target} does not exist", "add the file, or fix the path in the roadmap YAML")
