"""Standard gettext header fields, in the order xgettext and msgmerge write them."""

from __future__ import annotations

from roadmapi18n.po.plurals import plural_forms_for

HEADER_ORDER: tuple[str, ...] = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
"""The fields msgmerge knows, in its order; any other field (Plural-Forms, X-*) follows them."""
CONTENT_TYPE = "text/plain; charset=UTF-8"


def make_header(
    project: str,
    locale: str | None = None,
    *,
    language_team: str = "",
    plural_forms: str | None = None,
    pot_creation_date: str = "",
    po_revision_date: str | None = None,
    last_translator: str = "",
    report_msgid_bugs_to: str = "",
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """Complete header fields for a catalog of ``locale`` (``None`` for a template).

    Every field ``msgfmt --check`` asks for is present; Plural-Forms comes from
    :func:`plural_forms_for` unless ``plural_forms`` is given, and is left out of a template. Dates are
    never "now": the caller passes them, so output stays deterministic.

    >>> list(make_header("Demo 1.0", "vi", pot_creation_date="2024-01-01 00:00+0000"))[-1]
    'Plural-Forms'
    """
    headers = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": report_msgid_bugs_to,
        "POT-Creation-Date": pot_creation_date,
        "PO-Revision-Date": pot_creation_date if po_revision_date is None else po_revision_date,
        "Last-Translator": last_translator,
        "Language-Team": language_team,
        "Language": locale or "",
        "MIME-Version": "1.0",
        "Content-Type": CONTENT_TYPE,
        "Content-Transfer-Encoding": "8bit",
    }
    forms = plural_forms if plural_forms is not None else (plural_forms_for(locale) if locale else None)
    if forms is not None:
        headers["Plural-Forms"] = forms
    headers.update(extra or {})
    return headers
