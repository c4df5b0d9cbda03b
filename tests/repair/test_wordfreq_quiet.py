"""Loading a word list is silent: wordfreq's notice about a nearest-match list is not ours to print."""

from __future__ import annotations

import logging

import pytest

from roadmapi18n.repair.langmodel.words import load_word_model


def test_a_language_without_its_own_list_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    # wordfreq has no Khmer list and logs a warning when it falls back on another one (stderr in the CLI).
    load_word_model.__wrapped__("km")
    assert [record.getMessage() for record in caplog.records if record.name.startswith("wordfreq")] == []
    assert logging.getLogger("wordfreq").level == logging.NOTSET  # left as it was
