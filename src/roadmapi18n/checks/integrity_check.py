"""Per-entry integrity: the confirmed translations a README withholds, as errors at their ``msgstr`` line.

The decision is :func:`roadmapi18n.publish.publish`'s, made once while planning
the build: ``check`` reports exactly the translations ``build`` withholds (and
warns about). Entries no roadmap unit uses, and every entry when the roadmap
does not load, are judged alone, as a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmapi18n.checks import CheckContext, Finding, register
from roadmapi18n.checks.integrity import check_translation
from roadmapi18n.judge import Problem
from roadmapi18n.publish import unit_problems

_HINTS = {
    "link-target": "keep every link target exactly as in the English; translate only the link text",
    "unsafe-link": "remove the link: translations may not add script, data or file links",
    "raw-html": "remove the HTML the English does not have; use Markdown for emphasis",
    "html-comment": "remove the comment or declaration (<!-- -->, <?, <!): it hides text from readers",
    "block-structure": "start and end the translation like the English (no leading #, >, -, 1., ```, indentation)",
    "hidden-text": "do not start a line with [label]: or [^note]: (GitHub hides it); write entities as characters",
    "code-span": "copy the `code` spans unchanged from the English, and close every ` you open",
    "emphasis": "close every ** (or __, ~~) you open",
    "placeholder": "keep each {placeholder} exactly as in the English (write a literal brace as {{ or }})",
    "emoji": "keep the English's emoji",
    "line-break": "write the translation on one line, like the English",
    "invisible": "delete the invisible character (retype the text around it if your editor hides it)",
}


@register("integrity", "error", "A confirmed translation the README cannot show (it shows the English instead).")
def integrity(context: CheckContext) -> Iterator[Finding]:
    """Report each live, confirmed translation that build withholds, with every problem it has."""
    cfg = context.project.config
    plan = context.plan
    decided = {s.code: {e.unit: e.problems for e in s.withheld_entries} for s in plan.statuses} if plan else {}
    sources = {text.id: text.source for text in context.project.roadmap.texts()} if plan else {}
    for code, catalog in context.disk_catalogs.items():
        path = cfg.po_path(code)
        rel = context.rel(path)
        withheld = decided.get(code)
        for message in catalog.messages:
            if message.obsolete or message.fuzzy or not message.has_translation:
                continue
            unit = message.msgctxt
            if withheld is not None and unit in sources:
                if sources[unit] != message.msgid:
                    continue  # made for older English: build makes it fuzzy (catalog-drift reports the catalog)
                problems: tuple[Problem, ...] | list[Problem] = withheld.get(unit, ())
            else:
                problems = _alone(unit, message.source_pairs, brace="python-brace-format" in message.flags)
            for problem in problems:
                yield Finding(
                    "integrity",
                    "error",
                    rel,
                    context.msgstr_line(path, message),
                    f"{unit or repr(message.msgid[:40])}: {problem.message}",
                    _HINTS.get(problem.code, "fix the translation")
                    + "; until then the README shows the English (or mark the entry fuzzy)",
                    locale=code,
                    rule=problem.code,
                )


def _alone(unit: str | None, pairs: list[tuple[str, str]], *, brace: bool) -> list[Problem]:
    """Problems of an entry judged without its README (a paragraph of its own), every plural form included."""
    problems: list[Problem] = []
    for source, translation in pairs:
        if not translation:
            continue  # an empty plural form is untranslated, not broken
        problems += check_translation(source, translation, brace_format=brace)
        if unit is not None:
            problems += [p for p in unit_problems(unit, source, translation) if p.code == "placeholder"]
    return list(dict.fromkeys(problems))  # a problem repeated in several plural forms is one finding
