"""« Listes de référence… » (Édition menu): each value of the sectors and sites lists with how many offers
and structures use it, archived ones included; add a value, rename or merge one, delete one.

Every operation is one step on the window's undo stack, around the journaled core operations of
`catalogue/references.py`, run off the GUI thread when it is big (gui/reference_commands.py). Views hear
about the changed entries through the undo controller, as for a bulk edit. The counts are read again after
each operation, undo or redo (one SQL query: about 0.1 s at 100,000 offers).

`install(window)` is the one hook in main_window.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, Changes, references
from stewarddesk.catalogue.references import ReferenceUse
from stewarddesk.errors import Cancelled
from stewarddesk.fields import Kind
from stewarddesk.gui.browser import number
from stewarddesk.gui.field_undo import FieldUndo
from stewarddesk.gui.icons import icon
from stewarddesk.gui.reference_commands import WORKING, ReferenceCommand, ReferenceRunner, Work, entries_text
from stewarddesk.gui.reference_rename import RenameDialog
from stewarddesk.gui.session import Session
from stewarddesk.gui.sidebar import PAGE_LABELS
from stewarddesk.gui.worker import user_message
from stewarddesk.i18n import Msg, Plural
from stewarddesk.progress import CancelToken, Progress

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

M = Msg
ACTION = M("gui.references.action", "&Listes de référence…", "&Reference lists…")
TITLE = M("gui.references.title", "Listes de référence", "Reference lists")
LIST_LABELS = {
    "sector": M("gui.references.list.sector", "Filières", "Sectors"),
    "site": M("gui.references.list.site", "Sites d'implantation", "Sites"),
}
LIST = M("gui.references.list", "Liste :", "List:")
SEARCH = M("gui.references.search", "Filtrer les valeurs…", "Filter the values…")
VALUE = M("gui.references.value", "Valeur", "Value")
NOT_LISTED = M(
    "gui.references.not_listed",
    "Utilisée par des entrées mais absente de la liste",
    "Used by entries but not in the list",
)
HINT = M(
    "gui.references.hint",
    "Nombre d'entrées qui utilisent chaque valeur, archivées comprises. Renommer une valeur met à jour "
    "toutes ces entrées ; la renommer en une valeur existante fusionne les deux. Tout s'annule (Ctrl+Z).",
    "How many entries use each value, archived ones included. Renaming a value updates all those "
    "entries; renaming it to an existing value merges the two. Everything can be undone (Ctrl+Z).",
)
ADD = M("gui.references.add", "&Ajouter…", "&Add…")
RENAME = M("gui.references.rename", "&Renommer / fusionner…", "&Rename / merge…")
REMOVE = M("gui.references.remove", "&Supprimer…", "&Delete…")
ADD_TITLE = M("gui.references.add_title", "Ajouter une valeur", "Add a value")
ADD_PROMPT = M("gui.references.add_prompt", "Nouvelle valeur de « {list} » :", "New value of “{list}”:")
ALREADY = M(
    "gui.references.already", "« {value} » est déjà dans la liste.", "“{value}” is already in the list."
)
REMOVE_TITLE = M("gui.references.remove_title", "Supprimer une valeur", "Delete a value")
REMOVE_UNUSED = M(
    "gui.references.remove_unused",
    "Supprimer « {value} » de la liste « {list} » ? Aucune entrée ne l'utilise.",
    "Delete “{value}” from the list “{list}”? No entry uses it.",
)
REMOVE_USED = M(
    "gui.references.remove_used",
    "« {value} » est utilisée par {entries} ({detail}). La supprimer la retirera aussi de ces entrées "
    "(une filière est ôtée de la liste de l'entrée, un site est vidé). Vous pourrez annuler (Ctrl+Z).",
    "“{value}” is used by {entries} ({detail}). Deleting it also removes it from those entries (a sector "
    "is taken out of the entry's list, a site is emptied). You can undo it (Ctrl+Z).",
)
REMOVE_OK = M("gui.references.remove_ok", "Supprimer", "Delete")
KIND_COUNTS = {
    "offers": Plural(
        "gui.references.count_offers",
        ("{count} offre", "{count} offres"),
        ("{count} offer", "{count} offers"),
    ),
    "actions": Plural(
        "gui.references.count_actions",
        ("{count} action de la feuille de route", "{count} actions de la feuille de route"),
        ("{count} roadmap action", "{count} roadmap actions"),
    ),
    "structures": Plural(
        "gui.references.count_structures",
        ("{count} fiche structure", "{count} fiches structure"),
        ("{count} structure", "{count} structures"),
    ),
}
UNDO_ADD = M("gui.references.undo_add", "ajouter « {value} » à « {list} »", "add “{value}” to “{list}”")
UNDO_RENAME = M(
    "gui.references.undo_rename",
    "renommer « {old} » en « {new} » ({entries})",
    "rename “{old}” to “{new}” ({entries})",
)
UNDO_MERGE = M(
    "gui.references.undo_merge",
    "fusionner « {old} » dans « {new} » ({entries})",
    "merge “{old}” into “{new}” ({entries})",
)
UNDO_REMOVE = M(
    "gui.references.undo_remove", "supprimer « {value} » ({entries})", "delete “{value}” ({entries})"
)
DONE = M("gui.references.done", "Fait : {what}.", "Done: {what}.")

# Below this many values the whole list fits on screen: no search box.
SEARCH_FROM: Final = 12


def list_label(list_name: str) -> str:
    msg = LIST_LABELS.get(list_name)
    return msg() if msg is not None else list_name


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------------------- dialogs
class _SortItem(QTableWidgetItem):
    """A cell sorted by its key: values as the list is (accents and case folded), counts as numbers."""

    def __init__(self, text: str, key: tuple[object, ...]) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _SortItem):
            return self.key < other.key  # same shape in one column
        return super().__lt__(other)


class ReferenceListsDialog(QDialog):
    """The values of one reference list at a time, with their counts, and the three operations."""

    def __init__(self, session: Session, runner: ReferenceRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceListsDialog")
        self.setWindowTitle(TITLE())
        self.session = session
        self.runner = runner
        self.uses: list[ReferenceUse] = []
        self.prompt: QDialog | None = None  # the question open now (tests answer it like a user)
        self._select_after: str | None = None  # the value an operation just made, to select

        self.list_box = QComboBox(self)
        self.list_box.setObjectName("listChooser")
        for name in references.lists():
            self.list_box.addItem(list_label(name), name)
        list_label_widget = QLabel(LIST(), self)
        list_label_widget.setBuddy(self.list_box)
        self.search = QLineEdit(self)
        self.search.setObjectName("referenceSearch")
        self.search.setPlaceholderText(SEARCH())
        self.search.setClearButtonEnabled(True)
        # Ctrl+Z in the search: its own typing first, else the dialog's undo of the last operation.
        self.search_undo = FieldUndo(self)
        self.search_undo.install(self.search)
        top = QHBoxLayout()
        top.addWidget(list_label_widget)
        top.addWidget(self.list_box)
        top.addStretch(1)
        top.addWidget(self.search, 1)

        hint = QLabel(HINT(), self)
        hint.setWordWrap(True)
        hint.setObjectName("referenceHint")

        self.table = QTableWidget(0, 1, self)
        self.table.setObjectName("referenceTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.add_button = QPushButton(ADD(), self)
        self.add_button.setObjectName("addValue")
        self.rename_button = QPushButton(RENAME(), self)
        self.rename_button.setObjectName("renameValue")
        self.remove_button = QPushButton(REMOVE(), self)
        self.remove_button.setObjectName("removeValue")
        side = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.remove_button):
            button.setAutoDefault(False)
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)

        self.message = QLabel(self)
        self.message.setObjectName("referenceMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        for close in self.buttons.buttons():
            if isinstance(close, QPushButton):
                close.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.ask_add)
        self.rename_button.clicked.connect(self.ask_rename)
        self.remove_button.clicked.connect(self.ask_remove)
        self.list_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(lambda _t: self._filter())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.ask_rename())
        runner.finished.connect(self.refresh)
        runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self._shortcuts()
        self.refresh()
        self.resize(760, 520)

    def _shortcuts(self) -> None:
        def on_table(keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], object]) -> None:
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        on_table("F2", self.ask_rename)
        on_table("Return", self.ask_rename)
        on_table(QKeySequence.StandardKey.Delete, self.ask_remove)
        on_table("Insert", self.ask_add)
        here = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.Find, self._focus_search),
            (QKeySequence.StandardKey.New, self.ask_add),
            (QKeySequence.StandardKey.Undo, self._undo),
            ("Ctrl+Shift+Z", self._redo),
            ("Ctrl+Y", self._redo),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(here)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ what is shown
    def list_name(self) -> str:
        return str(self.list_box.currentData())

    def kinds(self) -> list[Kind]:
        return references.kinds_of(self.list_name())

    def _value_at(self, row: int) -> str:
        item = self.table.item(row, 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def selected(self) -> ReferenceUse | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self._value_at(rows[0].row())
        return next((u for u in self.uses if u.value == value), None)

    def refresh(self) -> None:
        """Read the counts again (about 0.1 s at 100,000 entries) and keep the selected value selected."""
        current = self.selected()
        wanted = self._select_after or (current.value if current else None)
        self._select_after = None
        self.uses = references.usage(self.session.catalogue, self.list_name())
        kinds = self.kinds()
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setColumnCount(1 + len(kinds))
        self.table.setHorizontalHeaderLabels([VALUE()] + [PAGE_LABELS[k]() for k in kinds])
        self.table.setRowCount(len(self.uses))
        for row, use in enumerate(self.uses):
            item = _SortItem(use.value, (vocab.fold(use.value), use.value))
            item.setData(Qt.ItemDataRole.UserRole, use.value)
            if not use.listed:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(NOT_LISTED())
            self.table.setItem(row, 0, item)
            for col, kind in enumerate(kinds, start=1):
                count = use.counts.get(kind, 0)
                n = _SortItem(number(count), (count, vocab.fold(use.value)))
                n.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, n)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 1 + len(kinds)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)
        self.search.setVisible(len(self.uses) >= SEARCH_FROM or bool(self.search.text()))
        self._filter()
        self.select_value(wanted)

    def select_value(self, value: str | None) -> bool:
        """Select the row of `value`; without it, the first row shown (the keyboard always has a row to
        act on). Returns whether `value` was found."""
        rows = [r for r in range(self.table.rowCount()) if not self.table.isRowHidden(r)]
        found = next((r for r in rows if value is not None and self._value_at(r) == value), None)
        row = found if found is not None else (rows[0] if rows else None)
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
        self._update_buttons()
        return found is not None

    def row_texts(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row, hidden rows left out (for tests and screen readers alike)."""
        return [
            tuple(self.table.model().index(r, c).data() for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
            if not self.table.isRowHidden(r)
        ]

    def _filter(self) -> None:
        needle = vocab.fold(self.search.text())
        for row in range(self.table.rowCount()):
            value = self._value_at(row)
            self.table.setRowHidden(row, bool(needle) and needle not in vocab.fold(value))

    def _update_buttons(self) -> None:
        busy = self.runner.busy
        chosen = self.selected() is not None
        self.add_button.setEnabled(not busy)
        self.rename_button.setEnabled(chosen and not busy)
        self.remove_button.setEnabled(chosen and not busy)
        self.list_box.setEnabled(not busy)

    def _focus_search(self) -> None:
        self.search.show()
        self.search.setFocus()
        self.search.selectAll()

    def _undo(self) -> None:
        if not self.runner.busy:
            self.session.undo.stack.undo()

    def _redo(self) -> None:
        if not self.runner.busy:
            self.session.undo.stack.redo()

    def say(self, text: str, *, error: bool) -> None:
        colours = ("#a93226", "#fdecea", "#f5c6c0") if error else ("#1d4e6f", "#eaf2f8", "#c6dbea")
        self.message.setStyleSheet(
            f"color: {colours[0]}; background: {colours[1]}; border: 1px solid {colours[2]}; "
            "border-radius: 6px; padding: 8px;"
        )
        self.message.setText(text)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    # ------------------------------------------------------------------ operations
    def ask_add(self) -> None:
        if self.runner.busy:
            return
        list_name = self.list_name()
        box = QInputDialog(self)
        box.setObjectName("addReferenceDialog")
        box.setWindowTitle(ADD_TITLE())
        box.setLabelText(ADD_PROMPT(list=list_label(list_name)))
        box.setInputMode(QInputDialog.InputMode.TextInput)
        box.setMinimumWidth(460)

        def accepted() -> None:
            value = references.clean(box.textValue())
            if any(u.value == value and u.listed for u in self.uses):
                self.select_value(value)
                self.say(ALREADY(value=value), error=False)
                return

            def do(cat: Catalogue, _p: Progress, _c: CancelToken) -> list[Changes]:
                return references.add(cat, list_name, value)

            self.perform(UNDO_ADD(value=_short(value), list=list_label(list_name)), 0, do, select=value)

        box.accepted.connect(accepted)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.prompt = box
        box.open()

    def ask_rename(self) -> None:
        use = self.selected()
        if use is None or self.runner.busy:
            return
        list_name = self.list_name()
        box = RenameDialog(use, [u.value for u in self.uses if u.listed], self)

        def accepted() -> None:
            new = box.new_value()
            template = UNDO_MERGE if box.is_merge() else UNDO_RENAME
            text = template(old=_short(use.value), new=_short(new), entries=entries_text(use.total))

            def do(cat: Catalogue, progress: Progress, cancel: CancelToken) -> list[Changes]:
                return references.rename(cat, list_name, use.value, new, progress=progress, cancel=cancel)

            self.perform(text, use.total, do, select=new)

        box.accepted.connect(accepted)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.prompt = box
        box.open()

    def ask_remove(self) -> None:
        use = self.selected()
        if use is None or self.runner.busy:
            return
        list_name = self.list_name()
        if use.total:
            detail = ", ".join(
                KIND_COUNTS[k](n, count=number(n)) for k, n in use.counts.items() if n and k in KIND_COUNTS
            )
            text = REMOVE_USED(value=use.value, entries=entries_text(use.total), detail=detail)
        else:
            text = REMOVE_UNUSED(value=use.value, list=list_label(list_name))
        box = QMessageBox(
            QMessageBox.Icon.Question, REMOVE_TITLE(), text, QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("removeReferenceBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        yes = box.addButton(REMOVE_OK(), QMessageBox.ButtonRole.DestructiveRole)
        yes.setObjectName("confirmRemove")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered() -> None:
            if box.clickedButton() is not yes:
                return

            def do(cat: Catalogue, progress: Progress, cancel: CancelToken) -> list[Changes]:
                return references.remove(
                    cat, list_name, use.value, from_entries=True, progress=progress, cancel=cancel
                )

            self.perform(UNDO_REMOVE(value=_short(use.value), entries=entries_text(use.total)), use.total, do)

        box.finished.connect(lambda _r: answered())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.prompt = box
        box.open()

    def perform(self, text: str, size: int, do: Work, *, select: str | None = None) -> None:
        """Run `do` (on the runner when big); once done, push it on the undo stack and tell the views."""
        runner = self.runner
        self.message.hide()

        def done(result: list[Changes]) -> None:
            if not result:
                return
            runner.session.undo.stack.push(ReferenceCommand(runner, text, do, size, result))
            runner.notify(result)
            self.say(DONE(what=text), error=False)
            self._select_after = select  # `refresh`, on the runner's `finished`, selects it

        def failed(exc: BaseException) -> None:
            self.say(user_message(exc), error=not isinstance(exc, Cancelled))

        runner.run(do, size, WORKING(), done, failed)

    def reject(self) -> None:
        if not self.runner.busy:  # the work finishes first (its progress dialog has Cancel)
            super().reject()


# ----------------------------------------------------------------------------------------- the hook
class ReferenceLists(QObject):
    """The Édition menu's « Listes de référence… » on one window: opens the dialog for the open session."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ReferenceListsDialog | None = None
        self._runners: dict[int, ReferenceRunner] = {}
        self.action = QAction(icon("reference-lists"), ACTION(), window)
        self.action.setObjectName("referenceListsAction")
        self.action.triggered.connect(lambda _checked=False: self.open())
        window.action_map["reference_lists"] = self.action
        window.menus["edit"].insertAction(window.action_map["settings"], self.action)
        window.session_changed.connect(self._session_changed)
        self._session_changed()

    def runner(self, session: Session) -> ReferenceRunner:
        """The session's runner of reference work (its undo commands keep it as long as the session)."""
        found = session.findChild(ReferenceRunner)
        if found is None:
            found = ReferenceRunner(session, self._progress_parent)
        # A window rebuilt in another language keeps the session: progress then shows over the new one.
        found.set_parent_widget(self._progress_parent)
        return found

    def _progress_parent(self) -> QWidget:
        dialog = self.dialog
        return dialog if dialog is not None and dialog.isVisible() else self.window

    def open(self) -> ReferenceListsDialog | None:
        session = self.window.session
        if session is None:
            return None
        if self.dialog is not None and self.dialog.isVisible() and self.dialog.session is session:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = ReferenceListsDialog(session, self.runner(session), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _o=None: self._forget(dialog))
        self.dialog = dialog
        self.window.dialog = dialog
        dialog.open()
        dialog.table.setFocus()
        return dialog

    def _forget(self, dialog: ReferenceListsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _session_changed(self) -> None:
        session = self.window.session
        self.action.setEnabled(session is not None)
        if session is not None:
            self.runner(session)
        dialog = self.dialog
        if dialog is not None and dialog.session is not session:
            dialog.done(QDialog.DialogCode.Rejected)


def install(window: MainWindow) -> ReferenceLists:
    """Add « Listes de référence… » to the window's Édition menu (before « Paramètres… »)."""
    return ReferenceLists(window)
