"""Shared helpers for the repair tests: the data folder and ways to read it."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "repair"

SEED_DROP = frozenset({0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD})
"""What seed 002 lost: Windows-1254's undefined bytes and the soft hyphen."""
VI_DROP = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
"""Windows-1252's undefined bytes."""


def read(name: str) -> str:
    """A file under tests/data/repair (the seeds are ``../seeds/…``) as text, newlines untouched."""
    return (DATA / name).read_bytes().decode("utf-8")


def lines(name: str) -> list[str]:
    """A one-string-per-line data file as a list."""
    return [line for line in read(name).split("\n") if line]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The folder holding the repair test data."""
    return DATA
