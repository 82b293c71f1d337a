"""Starting the app: the first run copies the sample catalogue, the last catalogue is reopened, Qt's own
dialogs speak French, and the window can be rebuilt in English without losing the catalogue or undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk import i18n, paths
from stewarddesk.gui.app import (
    WindowHost,
    catalogue_to_open,
    create_application,
    first_run_catalogue,
    install_translations,
)
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.settings_dialog import SettingsDialog
from stewarddesk.gui.ui_state import UiState

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
