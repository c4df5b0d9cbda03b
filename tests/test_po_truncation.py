"""A catalog cut short (a tool killed while writing it in place) is refused, or reads as what it still holds.

The strict reader cannot know what a file lost after a complete entry, but it never invents or
garbles text: cut at any byte, a shipped catalog is either refused with a line inside the file,
or read as a prefix of its entries, all intact but the last, whose strings are prefixes of the
originals (a cut after a complete continuation line).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmapi18n.catalog import Message, parse_po, read_po
from roadmapi18n.errors import RoadmapError

SHIPPED = Path(__file__).parent.parent / "locales" / "zh_Hant" / "LC_MESSAGES" / "roadmap.po"
DATA = SHIPPED.read_bytes()
WHOLE = read_po(SHIPPED)


def _shortened(cut: Message, whole: Message) -> bool:
    """``cut`` is ``whole`` with its last strings possibly shortened at a line boundary."""
    return (
        (cut.msgctxt, cut.obsolete) == (whole.msgctxt, whole.obsolete)
        and whole.msgid.startswith(cut.msgid)
        and whole.msgstr.startswith(cut.msgstr)
    )


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.integers(0, len(DATA) - 1))
def test_a_truncated_catalog_is_refused_or_read_as_a_prefix(size: int) -> None:
    data = DATA[:size]
    try:
        catalog = parse_po(data, path=Path("cut.po"))
    except RoadmapError as error:
        assert error.line is not None and 1 <= error.line <= data.count(b"\n") + 1
        assert error.hint
        return
    messages = catalog.messages
    assert len(messages) <= len(WHOLE.messages)
    if messages:
        assert messages[:-1] == WHOLE.messages[: len(messages) - 1]
        assert _shortened(messages[-1], WHOLE.messages[len(messages) - 1])
