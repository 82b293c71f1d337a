"""The window's spreadsheet work: the import wizard (File menu, Ctrl+I, or a file dropped on the window),
the import history and the export dialog. Kept out of main_window.py, like entry_commands.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QMimeData, QObject

from stewarddesk.catalogue import Query
from stewarddesk.fields import KINDS, EntryKind
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.export_dialog import ExportDialog
from stewarddesk.gui.import_history import ImportHistoryDialog
from stewarddesk.gui.import_wizard import ImportWizard
from stewarddesk.i18n import Msg
from stewarddesk.importing.safety import EXTENSIONS

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

IMPORT = Msg("gui.import.action", "&Importer un tableur…", "&Import a spreadsheet…")
EXPORT = Msg("gui.export.action", "&Exporter…", "&Export…")
HISTORY = Msg("gui.history.imports.action", "&Historique des imports…", "Import &history…")
# The importer's own table, so a file it reads can always be dropped (and one it refuses never is).
SPREADSHEET_SUFFIXES: Final = frozenset(EXTENSIONS)


def dropped_spreadsheet(mime: QMimeData) -> Path | None:
    """The one local spreadsheet file `mime` carries (None: not exactly one, or not a spreadsheet)."""
    if not mime.hasUrls():
        return None
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    if len(paths) != 1 or paths[0].suffix.lower() not in SPREADSHEET_SUFFIXES:
        return None
    return paths[0]


class SpreadsheetCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.wizard: ImportWizard | None = None

    def open_import(self, path: Path | None = None) -> ImportWizard | None:
        """Open the import wizard (on `path` if given: a dropped file). None when no catalogue is open."""
        session = self.window.session
        if session is None:
            return None
        old = self.wizard
        if old is not None and old.isVisible():
            old.raise_()
            if path is not None and not old.busy():
                old.restart()
                old.file_page.load(path)
            return old
        if old is not None and not old.busy():
            old.deleteLater()  # a wizard still writing stays alive until its job reports back
        wizard = ImportWizard(session, self.window, path)
        self.wizard = wizard
        wizard.open()
        self.window.dialog = wizard
        return wizard

    def open_history(self) -> ImportHistoryDialog | None:
        session = self.window.session
        if session is None:
            return None
        dialog = ImportHistoryDialog(session, self.window)
        self._open(dialog)
        return dialog

    def open_export(self) -> ExportDialog | None:
        session = self.window.session
        if session is None:
            return None
        current: dict[EntryKind, tuple[Query, int | None]] = {}
        for kind in KINDS:
            page = self.window.pages.get(kind)
            if isinstance(page, BrowserPage):
                # A page never shown holds no rows yet: its count is not known, not zero.
                rows = page.model.rowCount()
                known = not page.model.loading and (rows > 0 or page.total == 0)
                current[kind] = (page.current_query(), rows if known else None)
        browser = self.window.browser()
        first: EntryKind = "actions" if browser is not None and browser.kind == "actions" else "offers"
        dialog = ExportDialog(session, current, first, self.window, ui_state=self.window.ui_state)
        self._open(dialog)
        return dialog

    def _open(self, dialog: ImportHistoryDialog | ExportDialog) -> None:
        # Deleted once closed, but not while its job runs: the job's answer still has to reach it (an
        # undo must still tell the views what it changed).
        def closed(_result: int) -> None:
            if dialog.task.busy():
                dialog.task.busy_changed.connect(lambda busy: None if busy else dialog.deleteLater())
            else:
                dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()
        self.window.dialog = dialog

    # ------------------------------------------------------------------ drops
    def accepts(self, mime: QMimeData) -> bool:
        return self.window.session is not None and dropped_spreadsheet(mime) is not None

    def drop(self, mime: QMimeData) -> ImportWizard | None:
        path = dropped_spreadsheet(mime)
        return self.open_import(path) if path is not None else None
