"""Language models that choose among candidate characters; loaded lazily, once per process.

Importing this package is cheap: word lists (wordfreq) and script tables
(OpenCC) load on the first :func:`model_for` call that needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from roadmapi18n.repair.langmodel.lattice import Choice, Option, Position, Restored

__all__ = ["Choice", "LanguageModel", "Option", "Position", "Restored", "guess_language", "model_for"]


class LanguageModel(Protocol):
    """Anything that picks one option per position and says how sure it is."""

    def decide(self, positions: Sequence[Position]) -> list[Choice]:
        """One :class:`Choice` per position."""
        ...

    def adapted(self, context: Iterable[str]) -> LanguageModel:
        """The same model, also informed by the undamaged text of the document being repaired."""
        ...

    def refined(self, restored: Iterable[Restored]) -> LanguageModel:
        """The same model, also informed by what a first pass over the document restored confidently."""
        ...

    def excluding(self, *restored: Restored) -> LanguageModel:
        """The same model without what some lines (or pieces of lines) restored: no evidence counts twice."""
        ...

    def preload(self) -> None:
        """Load now what the model would otherwise load on first use (before lines are shared out between
        forked processes: loaded once, not once in each)."""
        ...


_HAN = re.compile(r"[\u3400-\u9fff]")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_HANT_TAGS = ("Hant", "TW", "HK", "MO")
_HANS_TAGS = ("Hans", "CN", "SG")


def guess_language(sample: str) -> str:
    """A locale for text whose locale nobody gave: ``zh`` for Han text, ``vi`` for Vietnamese, else ``en``.

    >>> guess_language("大語言模型"), guess_language("Mô hình ngôn ngữ"), guess_language("naïve café")
    ('zh', 'vi', 'en')
    """
    han = len(_HAN.findall(sample))
    if han and han >= 0.2 * sum(1 for char in sample if not char.isascii()):
        return "zh"
    if _VIETNAMESE.search(sample):
        return "vi"
    return "en"


def _script(locale: str, sample: str) -> str | None:
    parts = re.split(r"[_\-@.]", locale)
    if any(tag in parts for tag in _HANT_TAGS):
        return "Hant"
    if any(tag in parts for tag in _HANS_TAGS):
        return "Hans"
    return _guess_script(sample)


def _guess_script(sample: str) -> str | None:
    """Traditional or Simplified, by which script's own characters the sample uses more."""
    from roadmapi18n.repair.langmodel.han import _converts

    chars = {char for char in sample if _HAN.match(char)}
    traditional = sum(1 for char in chars if _converts(char, "t2s"))
    simplified = sum(1 for char in chars if _converts(char, "s2t"))
    if traditional > 2 * simplified:
        return "Hant"
    if simplified > 2 * traditional:
        return "Hans"
    return None


def model_for(locale: str | None, sample: str = "") -> LanguageModel:
    """The model for ``locale`` (a gettext code such as ``zh_Hant`` or ``vi``), guessing from ``sample`` if None.

    >>> type(model_for("vi")).__name__
    'WordModel'
    """
    code = locale or guess_language(sample)
    language = re.split(r"[_\-@.]", code)[0].lower()
    if language == "zh":
        from roadmapi18n.repair.langmodel.han import load_han_model

        return load_han_model(_script(code, sample))
    from roadmapi18n.repair.langmodel.words import load_word_model

    return load_word_model(language)
