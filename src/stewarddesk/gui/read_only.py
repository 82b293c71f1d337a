"""A catalogue that can be read but not written (a protected file, a read-only folder or USB key, a share).

The core opens such a catalogue for reading (see `catalogue.store.connect`) and refuses every write with
its read-only sentence. Learning it at the first edit is too late: the window says it as soon as the
catalogue opens, keeps « Lecture seule » in the status bar, and offers the ways out — consult it as it
is, save a copy where one can write (and work on the copy), or open another catalogue.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from stewarddesk.catalogue.backups import write_backup
from stewarddesk.errors import KnownError
from stewarddesk.gui import dialogs
from stewarddesk.i18n import Msg

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

LABEL = Msg("gui.read_only.label", "Lecture seule", "Read-only")
TIP = Msg(
    "gui.read_only.tip",
    "Ce catalogue ne peut pas être modifié ici : le fichier ou son dossier est protégé en écriture.",
    "This catalogue cannot be changed here: the file or its folder is write-protected.",
)
OPENED = Msg(
    "gui.read_only.opened",
    "Le catalogue {name} est en lecture seule : le fichier ou son dossier ({folder}) est protégé en "
    "écriture. Vous pouvez le consulter, le rechercher et l'exporter, mais pas le modifier.",
    "The catalogue {name} is read-only: the file or its folder ({folder}) is write-protected. You can "
    "view, search and export it, but not change it.",
)
WAYS_OUT = Msg(
    "gui.read_only.ways_out",
    "Pour le modifier, enregistrez-en une copie dans un dossier où vous pouvez écrire : la copie s'ouvre "
    "à sa place.",
    "To change it, save a copy in a folder you can write to: the copy opens in its place.",
)
CONSULT = Msg("gui.read_only.consult", "Consulter", "View it")
SAVE_COPY = Msg("gui.read_only.save_copy", "Enregistrer une copie…", "Save a copy…")
OPEN_OTHER = Msg("gui.read_only.open_other", "Ouvrir un autre catalogue…", "Open another catalogue…")
SAVE_TITLE = Msg(
    "gui.read_only.save_title", "Enregistrer une copie modifiable", "Save a copy that can be changed"
)


def is_read_only(path: Path) -> bool:
    """True if the catalogue at `path` cannot be written: the file, or the folder where SQLite keeps its
    -wal and -shm files beside it. (access() says so for a read-only mount even to root.)"""
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


class ReadOnlyNotice:
    """The window's read-only label in the status bar, and the message when such a catalogue opens."""

    def __init__(self, window: MainWindow, file_filter: Msg) -> None:
        self.window = window
        self._filter = file_filter
        self.label = QLabel(LABEL(), window)
        self.label.setObjectName("readOnlyLabel")
        self.label.setToolTip(TIP())
        self.label.setStyleSheet("color: #9a5b00; font-weight: 600; padding: 0 8px;")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.box: QMessageBox | None = None
        self.buttons: dict[str, QPushButton] = {}

    def follow(self, path: Path | None) -> bool:
        """Show the label while the catalogue shown (None: none) is read-only; True if it is."""
        read_only = path is not None and is_read_only(path)
        self.label.setVisible(read_only)
        return read_only

    def announce(self, path: Path) -> QMessageBox | None:
        """Say it, with the ways out, when a read-only catalogue has just been opened (None otherwise)."""
        if not self.follow(path):
            return None
        box = QMessageBox(self.window)
        box.setObjectName("readOnlyBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(LABEL())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(OPENED(name=path.name, folder=path.parent))
        box.setInformativeText(WAYS_OUT())
        save = box.addButton(SAVE_COPY(), QMessageBox.ButtonRole.ActionRole)
        other = box.addButton(OPEN_OTHER(), QMessageBox.ButtonRole.ActionRole)
        consult = box.addButton(CONSULT(), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(consult)
        box.setEscapeButton(consult)
        save.clicked.connect(self.choose_copy)
        other.clicked.connect(self.window.choose_and_open)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.box = box
        self.buttons = {"save": save, "other": other, "consult": consult}
        return box

    def choose_copy(self) -> None:
        session = self.window.session
        if session is None:
            return
        start = str(Path.home() / session.path.name)
        name, _ = QFileDialog.getSaveFileName(
            self.window, SAVE_TITLE(), start, self._filter(), options=QFileDialog.Option.DontConfirmOverwrite
        )
        if name:
            self.save_copy(Path(name))

    def save_copy(self, target: Path) -> bool:
        """Copy the open catalogue to `target` (never over an existing file: the save dialog does not ask,
        the copy refuses) and open the copy."""
        session = self.window.session
        if session is None:
            return False
        try:
            copy = write_backup(session.catalogue, target=target)
        except KnownError as exc:
            self.window.dialog = dialogs.show_error(self.window, str(exc))
            return False
        return self.window.open_catalogue(copy)
