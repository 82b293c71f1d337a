"""The window's small dialogs: bulk edit, snooze, about, and error messages.

Every dialog is opened with `open()` (window-modal, non-blocking) and reports through `accepted`, so the
event loop keeps turning and tests can fill it in like a user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from stewarddesk import __version__
from stewarddesk.catalogue import Catalogue
from stewarddesk.fields import Kind, field
from stewarddesk.gui import display
from stewarddesk.gui.editors import CodeEditor, DateEditor, EditorWidget, make_editor, show_problem
from stewarddesk.gui.icons import icon
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.shown import counted

ERROR_TITLE = Msg("gui.dialogs.error_title", "StewardDesk", "StewardDesk")
BULK_TITLE = Msg("gui.dialogs.bulk_title", "Modification groupée", "Bulk edit")
BULK_INTRO = Msg(
    "gui.dialogs.bulk_intro",
    "Donner la même valeur aux {n} entrées sélectionnées (une seule étape à annuler).",
    "Give the same value to the {n} selected entries (one step to undo).",
)
BULK_FIELD = Msg("gui.dialogs.bulk_field", "Champ", "Field")
BULK_VALUE = Msg("gui.dialogs.bulk_value", "Nouvelle valeur", "New value")
SNOOZE_TITLE = Msg("gui.dialogs.snooze_title", "Reporter la revue", "Snooze the review")
SNOOZE_INTRO = Plural(
    "gui.dialogs.snooze_intro",
    (
        "Retirer {count} entrée de la file de revue jusqu'à une date, en disant pourquoi.",
        "Retirer {count} entrées de la file de revue jusqu'à une date, en disant pourquoi.",
    ),
    (
        "Take {count} entry out of the review queue until a date, saying why.",
        "Take {count} entries out of the review queue until a date, saying why.",
    ),
)
SNOOZE_UNTIL = Msg("gui.dialogs.snooze_until", "Jusqu'au", "Until")
SNOOZE_REASON = Msg("gui.dialogs.snooze_reason", "Raison", "Reason")
SNOOZE_REASON_HINT = Msg(
    "gui.dialogs.snooze_reason_hint",
    "par exemple : en attente du retour du partenaire",
    "for example: waiting for the partner's answer",
)
SNOOZE_PAST = Msg("gui.dialogs.snooze_past", "Choisissez une date à venir.", "Choose a date in the future.")
ABOUT_TITLE = Msg("gui.dialogs.about_title", "À propos de StewardDesk", "About StewardDesk")
ABOUT_TEXT = Msg(
    "gui.dialogs.about_text",
    "<h3>StewardDesk {version}</h3>"
    "<p>Le catalogue de l'écosystème d'innovation de la Métropole Aix-Marseille-Provence : "
    "les offres des structures d'accompagnement et les actions de la feuille de route Innov Provence.</p>"
    "<p>Catalogue ouvert : <code>{path}</code></p>"
    "<p>Tout est enregistré dans ce fichier, avec l'historique de chaque modification.</p>",
    "<h3>StewardDesk {version}</h3>"
    "<p>The catalogue of the Aix-Marseille-Provence innovation ecosystem: the offers of the support "
    "structures and the actions of the Innov Provence roadmap.</p>"
    "<p>Open catalogue: <code>{path}</code></p>"
    "<p>Everything is saved in this file, with the history of every change.</p>",
)

SHORTCUTS_TEXT = Msg(
    "gui.shortcuts.text",
    "<table cellspacing='6'>"
    "<tr><td><b>Ctrl+F</b></td><td>Rechercher</td></tr>"
    "<tr><td><b>Ctrl+Maj+L</b></td><td>Effacer les filtres</td></tr>"
    "<tr><td><b>Ctrl+1 … Ctrl+4</b></td><td>Offres, actions, structures, à revoir</td></tr>"
    "<tr><td><b>Ctrl+N / Ctrl+D</b></td><td>Nouvelle entrée / dupliquer</td></tr>"
    "<tr><td><b>F2, double-clic</b></td><td>Modifier la cellule</td></tr>"
    "<tr><td><b>Ctrl+M</b></td><td>Modification groupée de la sélection</td></tr>"
    "<tr><td><b>Ctrl+C</b></td><td>Copier les lignes sélectionnées (pour un tableur ou un courriel)</td></tr>"
    "<tr><td><b>Maj+F10, touche Menu</b></td><td>Menu des lignes sélectionnées (ou clic droit)</td></tr>"
    "<tr><td><b>Ctrl+Z / Ctrl+Maj+Z</b></td><td>Annuler / rétablir (dans un champ : sa saisie d'abord)</td></tr>"
    "<tr><td><b>Ctrl+R</b></td><td>Marquer la sélection comme revue</td></tr>"
    "<tr><td><b>R, E, S</b></td><td>Dans la file « À revoir » : revu, modifier, reporter</td></tr>"
    "<tr><td><b>Ctrl+Suppr / Ctrl+Maj+Suppr</b></td><td>Archiver / restaurer</td></tr>"
    "<tr><td><b>Ctrl+I / Ctrl+E</b></td><td>Importer un tableur / exporter</td></tr>"
    "<tr><td><b>Ctrl+H</b></td><td>Historique des imports</td></tr>"
    "<tr><td><b>Ctrl+O / Ctrl+Q</b></td><td>Ouvrir un catalogue / quitter</td></tr>"
    "</table>",
    "<table cellspacing='6'>"
    "<tr><td><b>Ctrl+F</b></td><td>Search</td></tr>"
    "<tr><td><b>Ctrl+Shift+L</b></td><td>Clear filters</td></tr>"
    "<tr><td><b>Ctrl+1 … Ctrl+4</b></td><td>Offers, actions, structures, to review</td></tr>"
    "<tr><td><b>Ctrl+N / Ctrl+D</b></td><td>New entry / duplicate</td></tr>"
    "<tr><td><b>F2, double-click</b></td><td>Edit the cell</td></tr>"
    "<tr><td><b>Ctrl+M</b></td><td>Bulk edit the selection</td></tr>"
    "<tr><td><b>Ctrl+C</b></td><td>Copy the selected rows (for a spreadsheet or an e-mail)</td></tr>"
    "<tr><td><b>Shift+F10, Menu key</b></td><td>Menu of the selected rows (or right click)</td></tr>"
    "<tr><td><b>Ctrl+Z / Ctrl+Shift+Z</b></td><td>Undo / redo (in a field: its typing first)</td></tr>"
    "<tr><td><b>Ctrl+R</b></td><td>Mark the selection as reviewed</td></tr>"
    "<tr><td><b>R, E, S</b></td><td>In the “To review” queue: reviewed, edit, snooze</td></tr>"
    "<tr><td><b>Ctrl+Del / Ctrl+Shift+Del</b></td><td>Archive / restore</td></tr>"
    "<tr><td><b>Ctrl+I / Ctrl+E</b></td><td>Import a spreadsheet / export</td></tr>"
    "<tr><td><b>Ctrl+H</b></td><td>Import history</td></tr>"
    "<tr><td><b>Ctrl+O / Ctrl+Q</b></td><td>Open a catalogue / quit</td></tr>"
    "</table>",
)
SHORTCUTS_TITLE = Msg("gui.dialogs.shortcuts_title", "Raccourcis clavier", "Keyboard shortcuts")

BULK_FIELDS: dict[Kind, tuple[str, ...]] = {
    "offers": ("status", "need", "site", "reviewed"),
    "actions": ("status", "term", "carrier_type", "reviewed"),
    "structures": ("kind", "site"),
}


def show_error(parent: QWidget | None, text: str, title: str | None = None) -> QMessageBox:
    """A warning box with one clear sentence, opened without blocking (never a traceback)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title or ERROR_TITLE(), text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class BulkEditDialog(QDialog):
    """Pick one field and one value for all the selected entries."""

    def __init__(self, kind: Kind, n: int, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEditDialog")
        self.kind: Kind = kind
        self.catalogue = catalogue
        self.setWindowTitle(BULK_TITLE())
        intro = QLabel(BULK_INTRO(n=n), self)
        intro.setWordWrap(True)
        self.field_box = QComboBox(self)
        for name in BULK_FIELDS[kind]:
            self.field_box.addItem(display.header(kind, name), name)
        self.form = QFormLayout()
        self.form.addRow(BULK_FIELD(), self.field_box)
        self.editor: EditorWidget = self._editor_for(BULK_FIELDS[kind][0])
        self.form.addRow(BULK_VALUE(), self.editor)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.field_box.currentIndexChanged.connect(self._field_changed)
        self.setMinimumWidth(460)

    def _editor_for(self, name: str) -> EditorWidget:
        editor = make_editor(self.kind, field(self.kind, name), self.catalogue, self, compact=True)
        editor.setObjectName("bulkValue")
        if isinstance(editor, CodeEditor) and editor.count() > 1:
            editor.setCurrentIndex(1)  # a value, not « empty »: emptying 50 fields is never the default
        return editor

    def _field_changed(self) -> None:
        old = self.editor
        self.editor = self._editor_for(self.field_name())
        self.form.replaceWidget(old, self.editor)
        old.deleteLater()

    def field_name(self) -> str:
        return str(self.field_box.currentData())

    def set_field(self, name: str) -> None:
        self.field_box.setCurrentIndex(self.field_box.findData(name))

    def value(self) -> Any:
        return self.editor.value()

    def _accept(self) -> None:
        message = self.editor.problem()
        if message is None:
            try:
                self.editor.value()
            except ValueError as exc:
                message = str(exc)
        if message is not None:
            show_problem(self.editor, message)
            return
        self.accept()


class SnoozeDialog(QDialog):
    """Until when, and why: a snooze always says why."""

    def __init__(self, n: int, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snoozeDialog")
        self.setWindowTitle(SNOOZE_TITLE())
        self._today = today
        intro = QLabel(counted(SNOOZE_INTRO, n), self)
        intro.setWordWrap(True)
        self.until = DateEditor(field("offers", "reviewed"), SNOOZE_UNTIL(), self)
        self.until.set_value((today + dt.timedelta(days=91)).isoformat())
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(SNOOZE_REASON_HINT())
        form = QFormLayout()
        form.addRow(SNOOZE_UNTIL(), self.until)
        form.addRow(SNOOZE_REASON(), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self.until.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(440)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason.text().strip()) and self.until_date() is not None)

    def until_date(self) -> dt.date | None:
        try:
            value = self.until.value()
        except ValueError:
            return None
        day = dt.date.fromisoformat(value) if value else None
        return day if day is not None and day > self._today else None

    def _accept(self) -> None:
        if self.until_date() is None:
            show_problem(self.until, SNOOZE_PAST())
            return
        if self.reason.text().strip():
            self.accept()


def about_box(parent: QWidget, path: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("aboutBox")
    box.setWindowTitle(ABOUT_TITLE())
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(ABOUT_TEXT(version=__version__, path=_escape(path)))
    box.setIconPixmap(icon("stewarddesk").pixmap(64, 64))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shortcuts_box(parent: QWidget) -> QMessageBox:
    """The keyboard shortcuts, in a table."""
    box = QMessageBox(parent)
    box.setObjectName("shortcutsBox")
    box.setWindowTitle(SHORTCUTS_TITLE())
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(SHORTCUTS_TEXT())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
