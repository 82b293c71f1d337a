"""The grid of entries: a QTableView over an `EntryTableModel`, with column choice and remembered layout.

Sorting is the model's (a new SQL query), so the view's own sorting stays off and a header click asks the
model. Selection survives a new query by id; in the review queue, when the current entry leaves the
query or moves to its end (it was just reviewed), the entry that came after it becomes current, ready for
the next key press.
A right click on a row, the menu key or Shift+F10 asks for the rows' menu (`row_menu_requested`), which
`row_menu.py` fills with the window's commands.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from stewarddesk.gui.delegates import FieldDelegate, FlagsDelegate
from stewarddesk.gui.table_model import EntryTableModel
from stewarddesk.gui.ui_state import UiState
from stewarddesk.i18n import Msg

RESET_COLUMNS = Msg("gui.grid.reset_columns", "Colonnes par défaut", "Default columns")
COLUMNS_TITLE = Msg("gui.grid.columns", "Colonnes affichées", "Visible columns")

_RESTORE_LIMIT = 500  # beyond this many selected rows, only the current row is kept across a new query


class EntryTable(QTableView):
    """A grid of entries; `current_changed(id or None)` follows the current row; `row_menu_requested(global
    position)` asks for the menu of the selected rows, once the selection is the one the menu acts on."""

    current_changed = Signal(object)
    row_menu_requested = Signal(QPoint)

    def __init__(
        self,
        model: EntryTableModel,
        ui_state: UiState,
        layout_key: str,
        *,
        keep_row_on_loss: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ui_state = ui_state
        # A layout saved for another set of columns (an older version) is not restored onto this one.
        names = ",".join(c.name for c in model.columns)
        self._layout_key = f"{layout_key}/{zlib.crc32(names.encode()):08x}"
        self._keep_row_on_loss = keep_row_on_loss
        self._single_keys: set[int] = set()
        self._remembered: tuple[int | None, list[int], int] = (None, [], -1)
        self.delegate = FieldDelegate(self)
        self.flags_delegate = FlagsDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        for section, column in enumerate(model.columns):
            if column.field is None:
                self.setItemDelegateForColumn(section, self.flags_delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        # Qt's header asks, for every section it paints, whether its whole column is selected, which
        # reads every row: after Ctrl+A on 100,000 rows a repaint took 3 s. Rows are what we select, never
        # columns, so the header gets a selection model of its own that stays empty: 7 ms.
        self._header_selection = QItemSelectionModel(model, self)
        header.setSelectionModel(self._header_selection)
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionClicked.connect(self._header_clicked)
        self.apply_default_columns()
        self.restore_layout()
        self._show_sort_indicator()
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        model.loaded.connect(self._restore_selection)
        self.selectionModel().currentRowChanged.connect(self._current_row_changed)

    def set_single_key_shortcuts(self, keys: set[int]) -> None:
        """Let these unmodified keys reach their shortcuts (the review queue's R, E, S) instead of the
        view's type-to-find, which claims every letter."""
        self._single_keys = keys

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and event.key() in self._single_keys and self.state() != self.State.EditingState:
                event.ignore()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The menu key comes as a context menu event from the platform; Shift+F10, the other usual key for
        # it, comes as a key press on X11.
        shift_f10 = event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        if shift_f10 and self.state() != self.State.EditingState:
            event.accept()
            self._keyboard_menu()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()
        if event.reason() != QContextMenuEvent.Reason.Mouse:
            self._keyboard_menu()
            return
        index = self.indexAt(event.pos())  # a mouse's context menu event comes in viewport coordinates
        if not index.isValid():
            return  # below the last row: no row to act on
        # As file managers and spreadsheets do: a row outside the selection becomes the selection; a row
        # inside it keeps the whole selection (Qt's own press handling already does most of this).
        if not self.selectionModel().isSelected(index):
            self.set_current_row(index.row())
        self.row_menu_requested.emit(event.globalPos())

    def _keyboard_menu(self) -> None:
        """The menu under the current row, the selected rows kept (the current row alone if none is)."""
        index = self.currentIndex()
        if not index.isValid():
            return
        if not self.selectionModel().hasSelection():
            self.set_current_row(index.row())
        self.scrollTo(index)
        rect = self.visualRect(index).intersected(self.viewport().rect())
        corner = QPoint(rect.left() + 8, rect.bottom()) if rect.isValid() else QPoint(0, 0)
        self.row_menu_requested.emit(self.viewport().mapToGlobal(corner))

    def entry_model(self) -> EntryTableModel:
        model = self.model()
        assert isinstance(model, EntryTableModel)
        return model

    # ------------------------------------------------------------------ columns
    def apply_default_columns(self) -> None:
        header = self.horizontalHeader()
        for i, column in enumerate(self.entry_model().columns):
            header.moveSection(header.visualIndex(i), i)
            header.resizeSection(i, column.width)
            header.setSectionHidden(i, not column.visible)

    def restore_layout(self) -> None:
        state = self._ui_state.blob(self._layout_key)
        if state is not None and not self.horizontalHeader().restoreState(state):
            self.apply_default_columns()
        self._show_sort_indicator()

    def save_layout(self) -> None:
        self._ui_state.set_blob(self._layout_key, self.horizontalHeader().saveState())

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.columns_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def columns_menu(self, menu: QMenu | None = None) -> QMenu:
        """A menu of the columns (filled into `menu` if given), each ticked when shown."""
        if menu is None:
            menu = QMenu(COLUMNS_TITLE(), self)
        menu.clear()
        header = self.horizontalHeader()
        model = self.entry_model()
        for i, column in enumerate(model.columns):
            action = menu.addAction(column.header(model.kind))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: self.set_column_visible(i, on))
        menu.addSeparator()
        menu.addAction(RESET_COLUMNS(), self._reset_columns)
        return menu

    def set_column_visible(self, section: int, visible: bool) -> None:
        header = self.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(section, not visible)
        if visible and header.sectionSize(section) < 30:
            header.resizeSection(section, self.entry_model().columns[section].width)
        self.save_layout()

    def _reset_columns(self) -> None:
        self.apply_default_columns()
        self.save_layout()

    # ------------------------------------------------------------------ sorting
    def _header_clicked(self, section: int) -> None:
        model = self.entry_model()
        if not model.columns[section].sortable:
            self._show_sort_indicator()
            return
        query = model.query
        same = model.columns[section].name == query.sort
        descending = not query.descending if same else False
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        model.sort(section, order)
        self._show_sort_indicator()
        self.save_layout()

    def _show_sort_indicator(self) -> None:
        model = self.entry_model()
        order = Qt.SortOrder.DescendingOrder if model.query.descending else Qt.SortOrder.AscendingOrder
        self.horizontalHeader().setSortIndicator(model.sort_section(), order)

    # ------------------------------------------------------------------ selection
    def selected_rows(self) -> list[int]:
        """The selected rows, in order, read from the selection's ranges (cheap even for 100,000 rows)."""
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for i in range(selection.count()):
            selection_range = selection.at(i)
            rows.update(range(selection_range.top(), selection_range.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        model = self.entry_model()
        ids = model.ids
        return [ids[r] for r in self.selected_rows() if r < len(ids)]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        model = self.entry_model()
        if not index.isValid() or index.row() >= model.rowCount():
            return None
        return model.id_at(index.row())

    def select_ids(self, ids: list[int], current: int | None = None) -> None:
        model = self.entry_model()
        selection = QItemSelection()
        last = model.columnCount() - 1
        for entry_id in ids[:_RESTORE_LIMIT]:
            row = model.row_of(entry_id)
            if row is not None:
                selection.select(model.index(row, 0), model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().select(selection, flags)
        target = current if current is not None else (ids[0] if ids else None)
        row = model.row_of(target) if target is not None else None
        if row is not None:
            self.set_current_row(row, select=False)

    def set_current_row(self, row: int, *, select: bool = True) -> None:
        model = self.entry_model()
        if not 0 <= row < model.rowCount():
            return
        column = self.currentIndex().column() if self.currentIndex().isValid() else 0
        command = QItemSelectionModel.SelectionFlag.NoUpdate
        if select:
            command = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        self.selectionModel().setCurrentIndex(model.index(row, max(column, 0)), command)
        self.scrollTo(model.index(row, 0))

    def move_on_from(self, leaving: Sequence[int]) -> Callable[[], None]:
        """The entries `leaving` are about to be reviewed, snoozed or archived in the review queue: once the
        new query is in, the entry that came after them becomes current, whether they left the list or only
        moved to its end (still flagged for another reason). Returns the way to call it off (the write was
        refused and no new query comes)."""
        model = self.entry_model()
        ids = model.ids
        gone = set(leaving)
        rows = sorted(r for r in map(model.row_of, gone) if r is not None)
        if not rows:
            return lambda: None
        after = (i for i in itertools.islice(ids, rows[-1] + 1, None) if i not in gone)
        before = (ids[r] for r in range(rows[0] - 1, -1, -1) if ids[r] not in gone)
        target = next(after, None)
        if target is None:
            target = next(before, None)
        seed: tuple[int | None, list[int], int] = (target, [], rows[0])
        self._remembered = seed

        def call_off() -> None:
            if self._remembered == seed:
                self._remembered = (None, [], -1)

        return call_off

    def _remember_selection(self) -> None:
        if self._remembered != (None, [], -1):
            return  # still waiting for the rest of the previous answer: keep what the user had
        ids = self.selected_ids() if len(self.selected_rows()) <= _RESTORE_LIMIT else []
        index = self.currentIndex()
        self._remembered = (self.current_id(), ids, index.row() if index.isValid() else -1)

    def _restore_selection(self) -> None:
        current, ids, row = self._remembered
        model = self.entry_model()
        if current is not None and model.row_of(current) is not None:
            self._remembered = (None, [], -1)
            self.select_ids(ids or [current], current)
        elif model.loading:
            return  # only the first rows are in; the entry may be further down
        else:
            self._remembered = (None, [], -1)
            if self._keep_row_on_loss and row >= 0 and model.rowCount():
                self.set_current_row(min(row, model.rowCount() - 1))
        self._current_row_changed(self.currentIndex(), QModelIndex())

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(self.current_id() if current.isValid() else None)
