"""« Doublons probables… »: the structures whose names probably name one actor, each group one click away
from the merge dialog.

Imports create a structure for every name they do not know, so « Marseille Innovation SAS » and
« AMU » pile up beside « Marseille Innovation » and « Aix-Marseille Université ». The groups come from
`catalogue.structure_merge.suggest_duplicates` (a second or so for thousands of structures), computed on
the session's reader thread so the window never waits; « Fusionner… » opens the usual merge dialog
(`gui.structure_merge.open_merge`) on the chosen group, and the list is searched again after each merge.
Nothing is merged without the user's choice.

`install(window)` adds the action to the Édition menu, after « Fusionner les structures… », enabled on
the Structures page only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.structure_merge import suggest_duplicates, usage_counts
from stewarddesk.gui import structure_merge
from stewarddesk.gui.icons import icon
from stewarddesk.gui.worker import user_message
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.shown import counted
from stewarddesk.progress import CancelToken, Progress

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

ACTION = Msg("gui.duplicates.action", "Doublons &probables…", "&Probable duplicates…")
TITLE = Msg("gui.duplicates.title", "Structures en double probable", "Probable duplicate structures")
SEARCHING = Msg(
    "gui.duplicates.searching",
    "Recherche des structures aux noms voisins…",
    "Looking for structures with close names…",
)
NONE_FOUND = Msg(
    "gui.duplicates.none",
    "Aucune structure ne semble en doubler une autre.",
    "No structure seems to duplicate another.",
)
FOUND = Plural(
    "gui.duplicates.found",
    (
        "{count} groupe de structures aux noms voisins (même nom aux accents, à la casse ou à la forme "
        "juridique près, sigle, faute de frappe). Choisissez-en un puis « Fusionner… » : vous direz laquelle "
        "garder.",
        "{count} groupes de structures aux noms voisins (même nom aux accents, à la casse ou à la forme "
        "juridique près, sigle, faute de frappe). Choisissez-en un puis « Fusionner… » : vous direz laquelle "
        "garder.",
    ),
    (
        "{count} group of structures with close names (the same name but for accents, case or legal form, an "
        "acronym, a typo). Choose it, then “Merge…”: you will say which one to keep.",
        "{count} groups of structures with close names (the same name but for accents, case or legal form, "
        "an acronym, a typo). Choose one, then “Merge…”: you will say which one to keep.",
    ),
)
MERGE = Msg("gui.duplicates.merge", "&Fusionner…", "&Merge…")
SEPARATOR = "   ·   "


def _counts(offers: int, actions: int) -> str:
    return f"{counted(structure_merge.OFFER_COUNT, offers)}, {counted(structure_merge.ACTION_COUNT, actions)}"


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    offers: int
    actions: int


Group = tuple[Member, ...]


def find_groups(
    cat: Catalogue, progress: Progress | None = None, cancel: CancelToken | None = None
) -> list[Group]:
    """The probable duplicates with their names and counts (runs on a worker's connection)."""
    groups = suggest_duplicates(cat)
    if cancel is not None:
        cancel.check()
    if not groups:
        return []
    counts = usage_counts(cat, [sid for group in groups for sid in group])
    names = {
        int(sid): str(name)
        for sid, name in cat.conn.execute(
            f"SELECT id, name FROM structures WHERE id IN ({','.join('?' * len(counts))})", list(counts)
        )
    }
    return [tuple(Member(sid, names[sid], *counts[sid]) for sid in group if sid in names) for group in groups]


def group_text(group: Group) -> str:
    return SEPARATOR.join(f"{m.name} ({_counts(m.offers, m.actions)})" for m in group)


class DuplicatesDialog(QDialog):
    """The groups found, one per line; « Fusionner… » on the chosen one."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(TITLE())
        self.groups: list[Group] = []
        self.status = QLabel(SEARCHING(), self)
        self.status.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.merge_chosen())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.merge_button = QPushButton(MERGE(), self)
        self.merge_button.setObjectName("mergeGroupButton")
        self.merge_button.setDefault(True)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.merge_chosen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        self.searching = False
        self.search()

    def search(self) -> None:
        """Look for the groups again, on the reader thread."""
        session = self.window_.session
        if session is None:
            return
        self.searching = True
        self.status.setText(SEARCHING())
        self._update_buttons()
        session.reader.submit(find_groups, on_done=self._show, on_error=self._failed)

    def _show(self, groups: list[Group]) -> None:
        self.searching = False
        self.groups = groups
        self.list.clear()
        for group in groups:
            item = QListWidgetItem(group_text(group))
            item.setToolTip("\n".join(m.name for m in group))
            self.list.addItem(item)
        self.status.setText(counted(FOUND, len(groups)) if groups else NONE_FOUND())
        if groups:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.searching = False
        self.status.setText(user_message(exc))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(not self.searching and 0 <= self.list.currentRow() < len(self.groups))

    def merge_chosen(self) -> None:
        row = self.list.currentRow()
        if self.searching or not 0 <= row < len(self.groups):
            return
        dialog = structure_merge.open_merge(self.window_, [m.id for m in self.groups[row]], self)
        if dialog is not None:
            # After the merge dialog's own handler has merged: what is left to look at.
            dialog.accepted.connect(self.search)


class DuplicatesCommands(QObject):
    """The « Doublons probables… » action of the window (Édition menu), on the Structures page."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: DuplicatesDialog | None = None
        self.action = QAction(icon("duplicates"), ACTION(), window)
        self.action.setObjectName("probableDuplicatesAction")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.action_map["probable_duplicates"] = self.action
        edit = window.menus["edit"]
        anchor = window.action_map.get("merge_structures")
        actions = edit.actions()
        following = actions[actions.index(anchor) + 1] if anchor in actions[:-1] else None
        if following is not None:
            edit.insertAction(following, self.action)
        else:
            edit.addAction(self.action)
        window.session_changed.connect(self.update_enabled)
        window.sidebar.page_chosen.connect(lambda _name: self.update_enabled())
        self.update_enabled()

    def update_enabled(self) -> None:
        self.action.setEnabled(
            self.window.session is not None and self.window.current_page_name == "structures"
        )

    def open_dialog(self) -> DuplicatesDialog | None:
        if self.window.session is None:
            return None
        self.dialog = DuplicatesDialog(self.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda _obj=None: setattr(self, "dialog", None))
        self.dialog.open()
        return self.dialog


def install(window: MainWindow) -> DuplicatesCommands:
    """Add « Doublons probables… » to `window` (call once, after `structure_merge.install`)."""
    return DuplicatesCommands(window)
