from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue


class Clock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 10, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cat(tmp_path: Path, clock: Clock) -> Iterator[Catalogue]:
    """A fresh, empty catalogue per test."""
    with Catalogue.new(tmp_path / "catalogue.sqlite", clock=clock, user="claire") as c:
        yield c
