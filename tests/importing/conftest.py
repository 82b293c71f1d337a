"""Fixtures shared by the import engine's tests: a fresh catalogue on a settable clock, French messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue

from .engine_kit import Clock, new_catalogue


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cat(tmp_path: Path, clock: Clock) -> Iterator[Catalogue]:
    with new_catalogue(tmp_path, clock) as c:
        yield c


@pytest.fixture
def french() -> Iterator[None]:
    """Messages in French (the tests compare French texts); the language follows the system again after."""
    i18n.set_language("fr")
    yield
    i18n.set_language(None)
