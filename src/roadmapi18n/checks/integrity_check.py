"""Per-entry integrity: every confirmed translation keeps its English source's links, code and markup."""

from __future__ import annotations

from collections.abc import Iterator

from roadmapi18n.checks import CheckContext, Finding, register
from roadmapi18n.checks.integrity import check_translation


@register("integrity", "error", "A translation changes link targets, code spans, markup, placeholders or emoji.")
def integrity(context: CheckContext) -> Iterator[Finding]:
    """Check each live, non-fuzzy translation against its msgid."""
    cfg = context.project.config
    for code, catalog in context.disk_catalogs.items():
        rel = context.rel(cfg.po_path(code))
        for message in catalog.messages:
            if message.obsolete or message.fuzzy or not message.msgstr:
                continue
            for problem in check_translation(message.msgid, message.msgstr):
                yield Finding(
                    "integrity",
                    "error",
                    rel,
                    message.lineno,
                    f"{message.msgctxt or message.msgid[:40]}: {problem.message}",
                    "fix the translation so it keeps the English's links, code and markup (or mark it fuzzy)",
                    locale=code,
                )
