"""Fixtures for the window's tests: a fresh catalogue per test, a fixed clock, private UI settings.

The catalogue is built through the catalogue API (journaled like a real one) with a few structures, seven
offers and sixty actions: enough for flags of every kind, facets with several values, accent-insensitive
search and a 50-row bulk edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.style import apply_style
from stewarddesk.gui.ui_state import UiState

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TODAY = NOW.date()

OFFERS: list[dict[str, Any]] = [
    {
        "title": "Prêt d'honneur innovation",
        "structure": "Marseille Innovation",
        "need": "funding",
        "stages": ["creation"],
        "sectors": ["Santé"],
        "reviewed": "2024-01-10",  # stale; no contact: incomplete
    },
    {
        "title": "Incubateur Impulse",
        "structure": "Impulse",
        "need": "support",
        "stages": ["idea", "creation"],
        "email": "contact@impulse.example",
        "reviewed": "2026-10-01",
    },
    {
        "title": "Fab lab du CISAM",
        "structure": "CISAM",
        "need": "prototyping",
        "stages": ["creation", "growth"],
        "sectors": ["Numérique"],
        "phone": "04 91 00 00 00",
        "reviewed": "2025-01-02",  # stale
    },
    {
        "title": "Crèche d'entreprises de Luminy",
        "structure": "Aix-Marseille Université",
        "need": "hosting",
        "site": "Technopôle de Luminy",
        "url": "https://luminy.example",
        "reviewed": "2026-06-01",
    },
    {
        "title": "Accélérateur M",
        "structure": "CISAM",
        "need": "support",
        "stages": ["growth"],
        "email": "m@cisam.example",
        "reviewed": "2025-11-01",  # 385 days: stale
    },
    {
        "title": "Club des dirigeants",
        "structure": "Impulse",
        "need": "network",
        "email": "club@impulse.example",
        "status": "suspended",
        "reviewed": "2026-09-15",
    },
    {
        "title": "Ancienne pépinière",
        "structure": "Impulse",
        "need": "hosting",
        "email": "old@impulse.example",
        "status": "archived",
        "reviewed": "2020-01-01",
    },
]

_STATUSES = ("engaged", "to_define", "to_specify", "to_start", "done", "dropped")
_TERMS = ("short", "medium", "long", "medium_long")
_CARRIER_TYPES = ("metropole", "ecosystem", "mixed")


def action_values(i: int) -> dict[str, Any]:
    """Action number i (1-based): every status, term and carrier type, review dates spread out."""
    return {
        "code": f"A.{i // 10 + 1}.{i % 10 + 1}",
        "title": f"Action numéro {i:02d}",
        "status": _STATUSES[i % len(_STATUSES)],
        "term": _TERMS[i % len(_TERMS)],
        "carrier_type": _CARRIER_TYPES[i % len(_CARRIER_TYPES)],
        "carriers": ["CISAM"] if i % 5 else [],
        "adopted": "2022-03-24",
        "reviewed": (TODAY - dt.timedelta(days=20 * i)).isoformat(),
    }


def clock() -> dt.datetime:
    return NOW


def open_catalogue(path: Path) -> Catalogue:
    return Catalogue.open(path, clock=clock, user="tester")


def build_catalogue(path: Path, n_actions: int = 60) -> Path:
    cat = Catalogue.new(path, clock=clock, user="tester")
    try:
        for sector in ("Santé", "Numérique", "Mer"):
            cat.add_reference("sector", sector)
        for name in ("Marseille Innovation", "Impulse", "CISAM", "Aix-Marseille Université"):
            cat.create("structures", {"name": name}, source="test")
        for offer in OFFERS:
            cat.create("offers", offer, source="test")
        for i in range(1, n_actions + 1):
            cat.create("actions", action_values(i), source="test")
    finally:
        cat.close()
    return path


@pytest.fixture(autouse=True, scope="session")
def clipboard_emptied_at_exit(qapp: QApplication) -> Iterator[None]:
    """The offscreen platform keeps the clipboard's data in a C++ static, deleted after Python has shut
    down: data made in Python (« Copier »'s text and HTML) then crashes the exit (status 139). Emptied while
    Python still runs."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def french() -> Iterator[None]:
    """The interface in French whatever the machine's locale (restored afterwards)."""
    i18n.set_language("fr")
    yield
    i18n.set_language(None)


@pytest.fixture
def catalogue_path(tmp_path: Path) -> Path:
    return build_catalogue(tmp_path / "catalogue.sqlite")


@pytest.fixture
def ui_state(tmp_path: Path) -> UiState:
    return UiState(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def catalogue(catalogue_path: Path) -> Iterator[Catalogue]:
    """A second connection to the test catalogue, to check what it holds."""
    cat = open_catalogue(catalogue_path)
    yield cat
    cat.close()


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 5000) -> None:
    """Until every background read has come back and every grid shows its query."""

    def idle() -> bool:
        session = window.session
        if session is None:
            return True
        if session.reader.pending() or session.counter.pending() or session.runner.pending():
            return False
        if not window.all_pages_built():
            return False
        return not any(_loading(p) for p in window.pages.values())

    qtbot.waitUntil(idle, timeout=timeout)


def _loading(page: Any) -> bool:
    if isinstance(page, BrowserPage):
        return page.model.loading or page.counting()
    return any(q.model.loading or q.counting() for q in page.lists.values())


@pytest.fixture
def make_window(qtbot: QtBot, ui_state: UiState, french: None) -> Callable[[Path | None], MainWindow]:
    def make(path: Path | None = None) -> MainWindow:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_style(app)
        window = MainWindow(ui_state, opener=open_catalogue)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if path is not None:
            assert window.open_catalogue(path)
            wait_idle(qtbot, window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[[Path | None], MainWindow], catalogue_path: Path) -> MainWindow:
    return make_window(catalogue_path)


# A drop-down list or a calendar opens a popup window; the offscreen platform (no window manager) says it
# cannot raise it or give it the keyboard. Harmless there, and only there: ignored for the tests that open
# popups. (Regular expressions, hence the escaped parentheses.)
offscreen_popups = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
)


def show_page(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """Go to a page as the sidebar does, and wait until it shows its entries (pages load when shown)."""
    window.show_page(name)
    wait_idle(qtbot, window)
