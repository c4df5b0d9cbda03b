"""Repair is idempotent where it matters most: on text it actually changes.

``test_clean.py`` checks idempotence on random text, which rarely looks like mojibake, and
exact recovery of lossless mojibake. Here: clean text misread with every code page, lossless
or lossy (undefined bytes dropped, kept as C1, or turned into U+FFFD), twice over sometimes;
whatever the first repair makes of it, a second repair changes nothing and the plan replays.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmapi18n.repair import apply_plan, repair_text
from roadmapi18n.repair.codecs import CODECS
from roadmapi18n.repair.simulate import misread

from .conftest import lines

_VI = lines("vi.heldout.txt")[:40]
_ZH = lines("zh_Hant.heldout.txt")[:40]


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["vi", "zh_Hant"]),
    st.integers(0, 30),
    st.integers(1, 6),
    st.sampled_from([codec.name for codec in CODECS]),
    st.sampled_from(["drop", "c1", "replace"]),
    st.integers(1, 2),
)
def test_repair_of_mojibake_is_a_fixed_point(
    locale: str, start: int, count: int, encoding: str, undefined: str, times: int
) -> None:
    clean = "\n".join((_VI if locale == "vi" else _ZH)[start : start + count])
    broken = misread(clean, encoding, undefined=undefined, times=times)  # type: ignore[arg-type]
    first = repair_text(broken, locale=locale)
    assert apply_plan(broken, first.plan) == first.text
    second = repair_text(first.text, locale=locale)
    assert second.text == first.text
    assert second.plan == () and not second.changed
