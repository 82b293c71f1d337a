"""Starting the window: the Qt application, its translations and style, and the catalogue to open.

`run(db_path)` is the entry the CLI calls (`stewarddesk`, `stewarddesk gui [--db PATH]`). Without a path it
opens the catalogue used last, or the user's own catalogue, which the first run creates as a copy of the
sample catalogue.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication

from stewarddesk import paths
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.gui.icons import icon
from stewarddesk.gui.main_window import MainWindow, Opener
from stewarddesk.gui.style import apply_style
from stewarddesk.gui.ui_state import UiState
from stewarddesk.i18n import Lang, Msg, current_language, set_language, system_language

NO_DISPLAY = Msg(
    "gui.no_display",
    "aucun écran pour la fenêtre (ni DISPLAY ni WAYLAND_DISPLAY) : lancez StewardDesk depuis une session de "
    "bureau, ou utilisez ses commandes (stewarddesk --help)",
    "no screen for the window (neither DISPLAY nor WAYLAND_DISPLAY): start StewardDesk from a desktop session, "
    "or use its commands (stewarddesk --help)",
)


def first_run_catalogue() -> Path:
    """The user's catalogue; created as a copy of the sample catalogue the first time."""
    target = paths.default_catalogue()
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with paths.sample_catalogue().open("rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        except OSError:
            target.unlink(missing_ok=True)  # opening it will say clearly what is wrong with the folder
    return target


def catalogue_to_open(db_path: Path | None, ui_state: UiState) -> Path:
    """The path given, else the last catalogue opened (if it still exists), else the user's own."""
    if db_path is not None:
        return db_path
    last = ui_state.last_catalogue()
    if last is not None and last.exists():
        return last
    return first_run_catalogue()


def install_translations(app: QApplication, lang: Lang) -> None:
    """Qt's own texts (standard buttons, file dialogs) in the app's language: qtbase_fr ships with PySide6."""
    for old in app.findChildren(QTranslator, "qtbase"):
        app.removeTranslator(old)
        old.deleteLater()
    QLocale.setDefault(QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English))
    if lang != "fr":
        return
    translator = QTranslator(app)
    translator.setObjectName("qtbase")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_fr", folder):
        app.installTranslator(translator)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists), named, styled and translated."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("StewardDesk")
    app.setOrganizationName("StewardDesk")
    app.setApplicationDisplayName("StewardDesk")
    app.setDesktopFileName("stewarddesk")
    app.setWindowIcon(icon("stewarddesk"))
    apply_style(app)
    return app


class WindowHost(QObject):
    """Owns the main window; rebuilds it in a new language, keeping the open catalogue and its undo stack."""

    def __init__(self, app: QApplication, ui_state: UiState, opener: Opener = Catalogue.open) -> None:
        super().__init__(app)
        self.app = app
        self.ui_state = ui_state
        self.opener = opener
        self.window = self._new_window()

    def _new_window(self, session: object | None = None) -> MainWindow:
        from stewarddesk.gui.session import Session

        window = MainWindow(
            self.ui_state, session=session if isinstance(session, Session) else None, opener=self.opener
        )
        window.language_change_requested.connect(self.rebuild)
        return window

    def start(self, db_path: Path | None) -> MainWindow:
        self.window.show()
        self.window.open_catalogue(catalogue_to_open(db_path, self.ui_state))
        return self.window

    def rebuild(self) -> MainWindow:
        """The same catalogue in a new window, in the language now chosen."""
        old = self.window
        install_translations(self.app, current_language())
        page = old.current_page_name
        session = old.take_session()
        old.hide()
        self.window = self._new_window(session)
        self.window.show_page(page)
        self.window.show()
        old.close()
        old.deleteLater()
        return self.window


def start_language(ui_state: UiState) -> Lang:
    """Set the language of this run: the one chosen in the settings, else the system's, fixed for the run.
    (Left to follow the system, every label read the environment again: 50 µs each, thousands a second
    while the grids paint.)"""
    lang = ui_state.language() or system_language()
    set_language(lang)
    return lang


def check_display(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> None:
    """KnownError when Linux has no screen for Qt: its xcb and wayland plugins abort the process then
    (exit 134 and Qt's English hints), where the user deserves one line saying what to do."""
    if not platform.startswith("linux"):
        return
    requested = env.get("QT_QPA_PLATFORM", "")
    if requested and not requested.startswith(("xcb", "wayland")):
        return  # offscreen, vnc, eglfs…: no display server needed
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return
    raise KnownError(NO_DISPLAY())


def run(db_path: Path | None = None) -> int:
    """Open the window on `db_path` (or the user's catalogue) and run until it closes; the exit status."""
    ui_state = UiState()
    start_language(ui_state)
    check_display()
    app = create_application()
    install_translations(app, current_language())
    host = WindowHost(app, ui_state)
    host.start(db_path)
    return int(app.exec())
