"""Per-entry integrity: every confirmed translation keeps its English source's links, code and markup."""

from __future__ import annotations

from collections.abc import Iterator

from roadmapi18n.checks import CheckContext, Finding, register
from roadmapi18n.checks.integrity import check_translation

_HINTS = {
    "link-target": "keep every link target exactly as in the English; translate only the link text",
    "unsafe-link": "remove the link: translations may not add script, data or file links",
    "raw-html": "remove the HTML the English does not have; use Markdown for emphasis",
    "code-span": "copy the `code` spans unchanged from the English",
    "emphasis": "close every ** (or __, ~~) you open",
    "placeholder": "keep each {placeholder} exactly as in the English (write a literal brace as {{ or }})",
    "emoji": "keep the English's emoji",
    "numbering": "start with the same list number as the English",
    "block-start": "start the translation like the English: no added or dropped heading, quote or bullet marker",
    "line-break": "write the translation on one line, like the English",
}


@register("integrity", "error", "A translation changes link targets, code spans, markup, placeholders or emoji.")
def integrity(context: CheckContext) -> Iterator[Finding]:
    """Check each live, confirmed (non-fuzzy) translation against its msgid."""
    cfg = context.project.config
    for code, catalog in context.disk_catalogs.items():
        path = cfg.po_path(code)
        rel = context.rel(path)
        for message in catalog.messages:
            if message.obsolete or message.fuzzy or not message.has_translation:
                continue
            brace = "python-brace-format" in message.flags
            problems = [
                problem
                for source, translation in message.source_pairs
                if translation  # an empty plural form is untranslated, not broken
                for problem in check_translation(source, translation, brace_format=brace)
            ]
            for problem in dict.fromkeys(problems):  # a problem repeated in several plural forms is one finding
                yield Finding(
                    "integrity",
                    "error",
                    rel,
                    context.msgstr_line(path, message),
                    f"{message.msgctxt or repr(message.msgid[:40])}: {problem.message}",
                    _HINTS.get(problem.code, "fix the translation") + ", or mark the entry fuzzy until it is fixed",
                    locale=code,
                    rule=problem.code,
                )
