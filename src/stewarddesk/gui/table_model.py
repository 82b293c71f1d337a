"""The grid's model: the ordered ids of the current query, rows fetched on demand (Anki's browser model).

The model never holds the whole table. A query (search, filters, sort) gives the ordered list of ids, from
the catalogue's SQL; the view asks for the rows it paints, and the model fetches them a page at a time into
a small cache. Sorting and filtering are a new query, never a proxy over everything. `flags()` depends on
the column only, so selecting 100,000 rows costs nothing.

Ids may be loaded synchronously (tests, small tools) or by a background `loader` (the window: the reader
runner), which keeps a million-row catalogue fluid: the old rows stay on screen until the new ids arrive.
A loader may deliver the first rows of the answer before the whole list (`complete=False`): they are shown
at once, and the rest is appended when it comes, without a reset, so the user already reads the top of
the grid while the catalogue lists the other 90,000 ids.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon

from stewarddesk.catalogue import Catalogue, Changes, Entry, Flag, Query, Settings, flags_for
from stewarddesk.fields import Kind
from stewarddesk.gui import display
from stewarddesk.gui.display import COLUMNS, FLAGS_COLUMN, Column
from stewarddesk.gui.icons import icon

IdsCallback = Callable[[list[int], bool], None]  # ids, complete (False: only the first rows so far)
ErrorCallback = Callable[[BaseException], None]
Loader = Callable[[Kind, Query, IdsCallback, ErrorCallback], None]
EditHandler = Callable[[Kind, int, str, Any], bool]
Index = QModelIndex | QPersistentModelIndex

ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
FLAGS_ROLE: Final = Qt.ItemDataRole.UserRole + 2

# Most severe first: the row takes the tint and the icon of its first flag in this order.
SEVERITY: Final = ("overdue", "stale", "incomplete")
# Incomplete is the mildest: a faint tint, so stale and overdue rows stand out among many incomplete ones.
TINTS: Final = {"overdue": "#fbe1dd", "stale": "#fdf0d3", "incomplete": "#f4f7fb"}
ARCHIVED_TEXT: Final = "#8a8f96"
_NO_FLAGS: Final = Qt.ItemFlag.NoItemFlags
_SELECTABLE: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE: Final = _SELECTABLE | Qt.ItemFlag.ItemIsEditable
_ROLES_NEEDING_ROWS: Final = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        FLAGS_ROLE,
    }
)


def main_flag(flags: Sequence[Flag]) -> Flag | None:
    for kind in SEVERITY:
        for f in flags:
            if f.kind == kind:
                return f
    return None


def flag_icon(flag: Flag | str) -> QIcon:
    return icon(f"flag-{flag if isinstance(flag, str) else flag.kind}")


def is_archived(kind: Kind, entry: Entry) -> bool:
    return entry.get("status") == "archived" if kind == "offers" else bool(entry.get("archived"))


class EntryTableModel(QAbstractTableModel):
    """The entries of one kind selected by a `Query`, in its order."""

    loaded = Signal()  # the ids of a new query are in and the view shows them
    first_rows = Signal()  # the first rows of a new query are shown, the rest is on its way
    load_failed = Signal(str)

    PAGE: Final = 100
    MAX_PAGES: Final = 40

    def __init__(
        self,
        catalogue: Catalogue,
        kind: Kind,
        *,
        as_of: Callable[[], dt.date] | None = None,
        loader: Loader | None = None,
        columns: Sequence[Column] | None = None,
        query: Query | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.kind: Kind = kind
        self.columns: tuple[Column, ...] = tuple(columns or COLUMNS[kind])
        self._editable = tuple(c.editable for c in self.columns)
        self._as_of = as_of or (lambda: catalogue.clock().date())
        self._loader = loader or self._load_now
        self.edit_handler: EditHandler | None = None
        self._settings: Settings = catalogue.settings()
        self._query = query or Query(sort="name" if kind == "structures" else "title")
        self._ids: list[int] = []
        # page number -> id -> (entry, flags); None for an id deleted since the query ran
        self._pages: OrderedDict[int, dict[int, tuple[Entry, list[Flag]] | None]] = OrderedDict()
        self._generation = itertools.count(1)
        self._current = 0
        self._loading = False
        self._partial = False

    # ------------------------------------------------------------------ query
    @property
    def query(self) -> Query:
        return self._query

    @property
    def loading(self) -> bool:
        """True while a query's ids are being fetched in the background (even if its first rows show)."""
        return self._loading

    @property
    def ids(self) -> Sequence[int]:
        return self._ids

    def as_of(self) -> dt.date:
        return self._as_of()

    def set_query(self, query: Query) -> None:
        """Run `query` (its `as_of` is filled in with today's date of the catalogue's clock)."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Run the current query again (after writes that add, remove or move entries)."""
        generation = next(self._generation)
        self._current = generation
        self._loading = True
        query = self._query.with_(as_of=self._query.as_of or self._as_of())

        def deliver(ids: list[int], complete: bool) -> None:
            if generation == self._current:
                self._set_ids(ids, complete)

        def fail(exc: BaseException) -> None:
            if generation == self._current:
                self._loading = False
                self.load_failed.emit(str(exc))

        self._loader(self.kind, query, deliver, fail)

    def _load_now(self, kind: Kind, query: Query, deliver: IdsCallback, fail: ErrorCallback) -> None:
        try:
            ids = self.catalogue.ids(kind, query)
        except Exception as exc:  # a KnownError (busy, corrupt) is shown; the model keeps its rows
            fail(exc)
        else:
            deliver(ids, True)

    def _set_ids(self, ids: list[int], complete: bool = True) -> None:
        shown = len(self._ids)
        if complete and self._partial and len(ids) >= shown and ids[:shown] == self._ids:
            # The rest of an answer whose first rows are on screen: append, keep selection and scroll.
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self.endResetModel()
        self._partial = not complete
        if complete:
            self._loading = False
            self.loaded.emit()
        else:
            self.first_rows.emit()

    def set_settings(self, settings: Settings) -> None:
        """New thresholds: every flag is computed again."""
        self._settings = settings
        self.invalidate_rows()

    # ------------------------------------------------------------------ writes said what they changed
    def apply_changes(self, changes: Changes, *, requery: bool = False) -> None:
        """Refresh what `changes` touched: the rows in place, or the whole query when entries came or went."""
        if changes.kind != self.kind:
            if changes.kind == "structures" and self.kind in ("offers", "actions"):
                self.invalidate_rows()  # a renamed structure shows in offers and carriers
            return
        if requery or changes.created or changes.deleted:
            self.refresh()
            return
        if len(changes.updated) > 50:
            self.invalidate_rows()
            return
        for entry_id in changes.updated:
            self._forget(entry_id)
            row = self.row_of(entry_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def invalidate_rows(self) -> None:
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _forget(self, entry_id: int) -> None:
        for page in self._pages.values():
            page.pop(entry_id, None)

    # ------------------------------------------------------------------ rows
    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, entry_id: int) -> int | None:
        try:
            return self._ids.index(entry_id)
        except ValueError:
            return None

    def entry(self, row: int) -> Entry | None:
        item = self._item(row)
        return item[0] if item else None

    def column(self, section: int) -> Column:
        return self.columns[section]

    def column_named(self, name: str) -> int:
        for i, c in enumerate(self.columns):
            if c.name == name:
                return i
        raise KeyError(name)

    def _item(self, row: int) -> tuple[Entry, list[Flag]] | None:
        if not 0 <= row < len(self._ids):
            return None
        entry_id = self._ids[row]
        number = row // self.PAGE
        page = self._pages.get(number)
        if page is None or entry_id not in page:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page.get(entry_id)

    def _fetch(self, number: int) -> dict[int, tuple[Entry, list[Flag]] | None]:
        ids = self._ids[number * self.PAGE : (number + 1) * self.PAGE]
        as_of = self._query.as_of or self._as_of()
        page: dict[int, tuple[Entry, list[Flag]] | None] = dict.fromkeys(ids)
        for entry in self.catalogue.rows(self.kind, ids):
            flags = flags_for(self.kind, entry, self._settings, as_of) if self.kind != "structures" else []
            page[entry["id"]] = (entry, flags)
        self._pages[number] = page
        self._pages.move_to_end(number)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # ------------------------------------------------------------------ Qt's model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header(self.kind)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Called for every cell Qt considers (selections, keyboard moves): a lookup, nothing else.
        column = index.column()
        if column < 0:
            return _NO_FLAGS
        return _EDITABLE if self._editable[column] and self.edit_handler is not None else _SELECTABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or (role not in _ROLES_NEEDING_ROWS and role != ID_ROLE):
            return None
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[row]
        item = self._item(row)
        if item is None:  # deleted by another window since the query ran
            return None
        entry, flags = item
        column = self.columns[index.column()]
        if role == FLAGS_ROLE:
            return flags
        if role == Qt.ItemDataRole.DisplayRole:
            if column.field is None:
                ordered = by_severity(flags)
                extra = len({f.kind for f in ordered}) - 1
                return ordered[0].label() + (f" +{extra}" if extra > 0 else "") if ordered else ""
            return display.format_value(column.field, entry.get(column.name))
        if role == Qt.ItemDataRole.EditRole:
            return entry.get(column.name) if column.field is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, entry, flags)
        if role == Qt.ItemDataRole.DecorationRole:
            top = main_flag(flags)
            return flag_icon(top) if column.name == FLAGS_COLUMN and top else None
        if role == Qt.ItemDataRole.BackgroundRole:
            top = main_flag(flags)
            return QColor(TINTS[top.kind]) if top else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(ARCHIVED_TEXT) if is_archived(self.kind, entry) else None
        return None

    def _tooltip(self, column: Column, entry: Entry, flags: list[Flag]) -> str | None:
        lines: list[str] = []
        if column.field is not None:
            text = display.format_value(column.field, entry.get(column.name))
            if len(text) > 40:
                lines.append(text if len(text) < 600 else text[:600] + "…")
        lines.extend(f"{f.label()} : {f.reason()}" for f in by_severity(flags))
        return "\n".join(lines) or None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        column = self.columns[index.column()]
        if column.field is None or not 0 <= index.row() < len(self._ids):
            return False
        entry = self.entry(index.row())
        if entry is not None and entry.get(column.name) == value:
            return True  # nothing to write: no journal row, no undo step
        return self.edit_handler(self.kind, self._ids[index.row()], column.name, value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        name = self.columns[column].name
        if (self._query.sort, self._query.descending) != (name, descending):
            self.set_query(self._query.with_(sort=name, descending=descending))

    def sort_section(self) -> int:
        """The column the current query is sorted by (-1 if it is not shown)."""
        for i, c in enumerate(self.columns):
            if c.name == self._query.sort:
                return i
        return -1


def by_severity(flags: Sequence[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda f: SEVERITY.index(f.kind))
