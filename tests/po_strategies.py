"""Hypothesis strategies for catalogs in canonical form (what format_po writes and msgcat keeps)."""

from __future__ import annotations

from hypothesis import strategies as st

from roadmapi18n.catalog import FORMAT_LANGUAGES, Catalog, Message, canonical_flags, format_po, make_header

# Pieces that have bitten PO tools: CJK, Vietnamese combining marks, emoji with ZWJ and skin
# tones, tabs, quotes, backslashes, newlines, control characters gettext writes raw.
SPECIAL = [
    "繁體中文",
    "Tiếng Việt",
    "tiê\u0301ng",
    "👩\u200d💻",
    "👨\u200d👩\u200d👧\u200d👦",
    "👍🏽",
    "\t",
    '"',
    "\\",
    "\\n",
    "\n",
    "\r",
    "\a\b\f\v",
    "\x7f\x1b",
    "{name}",
    "%s",
    "**bold** `code` [link](../x.md)",
    " ",
    "",
]
_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00\x04")
text = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(_CHARS, max_size=12)), max_size=6).map("".join)
# Comments are single lines; a trailing "\r" would read back as a CRLF line end, and gettext joins
# a line ending in a backslash with the next (the writer adds a space, tested on its own).
comment = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00\x04\n\r"), max_size=30).filter(
    lambda text: not text.endswith("\\")
)
_PATH_CHARS = st.sampled_from("abcxyz/._-é中")
reference = st.builds(
    lambda head, rest, line: f"{head}{rest}" + ("" if line is None else f":{line}"),
    st.sampled_from("abrsé中"),
    st.text(_PATH_CHARS, max_size=40),
    st.one_of(st.none(), st.integers(0, 99999)),
)
_FLAG_POOL = ["fuzzy", "no-wrap", "range: 1..4", *(f"{lang}-format" for lang in FORMAT_LANGUAGES[:6])]
_FLAG_POOL += ["no-python-format", "no-c-format"]


@st.composite
def messages(draw: st.DrawFn, *, obsolete: bool = False, forms: int | None = None) -> Message:
    """One canonical message; obsolete ones always carry a translation (msgcat drops the rest).

    ``forms``: how many plural forms a plural entry has (the header's nplurals); any from 1 to 3 if None.
    """
    plural = draw(st.booleans())
    message = Message(
        msgid=draw(text),
        msgctxt=draw(st.one_of(st.none(), text)),
        translator_comments=draw(st.lists(comment, max_size=2)),
        extracted_comments=draw(st.lists(comment, max_size=2)),
        references=list(dict.fromkeys(draw(st.lists(reference, max_size=6)))),
        obsolete=obsolete,
    )
    if plural:
        message.msgid_plural = draw(text)
        message.msgstr_plural = draw(st.lists(text, min_size=forms or 1, max_size=forms or 3))
    else:
        message.msgstr = draw(text)
    if obsolete and not message.has_translation:
        if plural:
            message.msgstr_plural[0] = "x"
        else:
            message.msgstr = "x"
    if draw(st.booleans()):
        message.previous_msgid = draw(text)
        message.previous_msgctxt = draw(st.one_of(st.none(), text))
        if plural and draw(st.booleans()):
            message.previous_msgid_plural = draw(text)
    flags = draw(st.lists(st.sampled_from(_FLAG_POOL), unique=True, max_size=3))
    message.flags = canonical_flags(flags, has_translation=message.has_translation, obsolete=obsolete)
    return message


_PLURAL_FORMS = {
    1: "nplurals=1; plural=0;",
    2: "nplurals=2; plural=(n != 1);",
    3: "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}


@st.composite
def catalogs(draw: st.DrawFn, *, max_messages: int = 12) -> Catalog:
    """A canonical catalog: unique keys, no header key among messages, obsolete entries last."""
    forms = draw(st.integers(1, 3))  # every plural entry has the header's nplurals forms (msgfmt -c)
    live = draw(st.lists(messages(forms=forms), max_size=max_messages))
    dead = draw(st.lists(messages(obsolete=True), max_size=3))
    unique: dict[tuple[str | None, str], Message] = {}
    for message in [*live, *dead]:
        if message.key != (None, "") and message.key not in unique:
            unique[message.key] = message
    catalog = Catalog(messages=list(unique.values()))
    # Without a header gettext (and our reader) accept ASCII text only: no charset is declared.
    if draw(st.booleans()) or not format_po(catalog).isascii():
        catalog.headers = make_header(
            "Demo 1.0", "vi", pot_creation_date="2024-01-01 00:00+0000", plural_forms=_PLURAL_FORMS[forms]
        )
        catalog.header_comments = ["# Demo catalog.", "#"]
        catalog.header_flags = draw(st.sampled_from([[], ["fuzzy"]]))
    return catalog
