"""Starting the app: the first run copies the sample catalogue, the last catalogue is reopened, Qt's own
dialogs speak French, and the window can be rebuilt in English without losing the catalogue or undo."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk import i18n, paths
from stewarddesk.errors import KnownError
from stewarddesk.gui.app import (
    WindowHost,
    catalogue_to_open,
    check_display,
    create_application,
    first_run_catalogue,
    install_translations,
)
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.settings_dialog import SettingsDialog
from stewarddesk.gui.ui_state import UiState
from tests.cli.kit import one_clear_line
from tests.cli.kit import run as run_cli

from .conftest import open_catalogue, wait_idle

pytestmark = pytest.mark.skipif(
    not Path(str(paths.sample_catalogue())).is_file(), reason="the sample catalogue is not built"
)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_first_run_copies_the_sample_catalogue(data_home: Path, ui_state: UiState) -> None:
    path = first_run_catalogue()
    assert path == paths.default_catalogue()
    assert str(path).startswith(str(data_home))
    with open_catalogue(path) as cat:
        assert cat.total("offers") >= 15
    path.write_bytes(b"changed")  # never overwritten once it exists
    assert first_run_catalogue().read_bytes() == b"changed"
    assert catalogue_to_open(None, ui_state) == path


def test_the_last_catalogue_is_reopened(data_home: Path, ui_state: UiState, catalogue_path: Path) -> None:
    ui_state.add_recent(catalogue_path)
    assert catalogue_to_open(None, ui_state) == catalogue_path.resolve()
    explicit = data_home / "x.sqlite"
    assert catalogue_to_open(explicit, ui_state) == explicit


def test_qt_dialogs_are_translated_to_french(qtbot: QtBot) -> None:
    app = create_application()
    install_translations(app, "fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    install_translations(app, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_switching_language_rebuilds_the_window_keeping_catalogue_and_undo(
    qtbot: QtBot, ui_state: UiState, catalogue_path: Path, french: None
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    host = WindowHost(app, ui_state, opener=open_catalogue)
    window = host.start(catalogue_path)  # not given to qtbot: the rebuild deletes it
    wait_idle(qtbot, window)
    assert window.menus["file"].title() == "&Fichier"
    session = window.session
    assert session is not None
    offers = window.pages["offers"]
    assert isinstance(offers, BrowserPage)
    session.undo.update("offers", offers.model.id_at(0), {"site": "CISAM"})
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    try:
        with qtbot.waitSignal(window.destroyed, timeout=5000):
            dialog.accept()
        new = host.window
        wait_idle(qtbot, new)
        assert new.menus["file"].title() == "&File"
        assert new.session is session  # same catalogue, same undo history
        assert new.action_map["undo"].isEnabled()
        assert new.count_label.text() == "6 entries of 6"
        assert ui_state.language() == "en"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        host.window.close()
        i18n.set_language(None)
        install_translations(app, "fr")


@pytest.fixture
def front_door(
    qtbot: QtBot, ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[list[str]], MainWindow]]:
    """Run the command line as the user types it (`stewarddesk`, `stewarddesk gui --db PATH`), up to the
    event loop: instead of running it, the window on screen is taken and the command returns."""
    from stewarddesk import cli
    from stewarddesk.gui import app as app_module

    shown: list[MainWindow] = []

    def take_window(_app: QApplication) -> int:
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        return 0

    monkeypatch.setattr(app_module, "UiState", lambda: ui_state)  # not the user's own settings
    monkeypatch.setattr(QApplication, "exec", take_window)
    monkeypatch.setattr(sys, "argv", ["stewarddesk"])

    def run(argv: list[str]) -> MainWindow:
        assert cli.main(argv) == 0
        assert len(shown) == 1
        wait_idle(qtbot, shown[0])
        return shown[0]

    yield run
    for window in shown:
        window.close()
    i18n.set_language(None)
    install_translations(create_application(), "fr")


def test_stewarddesk_gui_db_opens_the_window_on_that_catalogue_in_the_chosen_language(
    front_door: Callable[[list[str]], MainWindow], ui_state: UiState, catalogue_path: Path
) -> None:
    ui_state.set_language("en")  # chosen in the settings earlier: it wins over the system's
    window = front_door(["gui", "--db", str(catalogue_path)])
    assert window.session is not None and window.session.path == catalogue_path
    offers = window.pages["offers"]
    assert isinstance(offers, BrowserPage) and offers.model.rowCount() == 6
    assert window.menus["file"].title() == "&File"
    assert window.count_label.text() == "6 entries of 6"


def test_stewarddesk_alone_opens_the_users_catalogue_a_copy_of_the_sample_at_first(
    front_door: Callable[[list[str]], MainWindow], data_home: Path, french: None
) -> None:
    window = front_door([])
    assert window.session is not None and window.session.path == paths.default_catalogue()
    assert str(window.session.path).startswith(str(data_home))
    offers = window.pages["offers"]
    assert isinstance(offers, BrowserPage) and offers.model.rowCount() >= 15


def test_the_language_of_a_run_is_the_chosen_one_else_the_systems_fixed_once(
    ui_state: UiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stewarddesk.gui.app import start_language

    try:
        monkeypatch.setenv("LANG", "en_GB.UTF-8")
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        monkeypatch.delenv("STEWARDDESK_LANG", raising=False)
        assert start_language(ui_state) == "en"  # nothing chosen: the system's
        monkeypatch.setenv("LANG", "fr_FR.UTF-8")
        assert i18n.current_language() == "en"  # fixed for the run, not read again at every label
        ui_state.set_language("fr")
        assert start_language(ui_state) == "fr" and i18n.current_language() == "fr"
    finally:
        i18n.set_language(None)


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ],
)
def test_the_window_needs_a_screen_on_linux(env: dict[str, str], refused: bool) -> None:
    if refused:
        with pytest.raises(KnownError, match="aucun écran"):
            check_display(env, "linux")
    else:
        check_display(env, "linux")
    check_display({}, "win32")  # Windows and macOS always have one


def test_stewarddesk_without_a_screen_says_so_in_one_line() -> None:
    """Qt would abort (exit 134, its English hints): the user gets one French line and exit 2."""
    result = run_cli("gui", "--db", "/nonexistent/c.sqlite")  # no DISPLAY, no QT_QPA_PLATFORM
    line = one_clear_line(result)
    assert line.startswith("stewarddesk: aucun écran pour la fenêtre"), line
