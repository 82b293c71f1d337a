"""The history of imports: every batch with its file, date, partner profile and counts; its rows; and the
undo of a whole batch, with the same refusals as `stewarddesk undo-import` (already undone, entries edited
since: the engine's own sentence is shown).

The batches and a batch's rows are read on the session's runner, like every other long read of the window:
a 50,000-row batch has 50,000 journal rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.journal import for_batch
from stewarddesk.errors import Cancelled
from stewarddesk.fields import FIELDS, KINDS, EntryKind
from stewarddesk.gui import display
from stewarddesk.gui.history_view import NOTHING, format_when
from stewarddesk.gui.import_wizard.plan_model import OUTCOME_COLOURS, OUTCOME_LABELS
from stewarddesk.gui.import_wizard.work import undo_changes, undo_work
from stewarddesk.gui.session import Session
from stewarddesk.gui.sidebar import PAGE_LABELS
from stewarddesk.gui.task_panel import TaskPanel
from stewarddesk.gui.worker import user_message
from stewarddesk.i18n import Msg
from stewarddesk.importing.api import BatchInfo, UndoOutcome, batch_report, list_batches
from stewarddesk.importing.gcpause import gc_paused
from stewarddesk.importing.model import on_row
from stewarddesk.progress import CancelToken, Progress

M = Msg
TITLE = M("gui.history.imports.title", "Historique des imports", "Import history")
INTRO = M(
    "gui.history.imports.intro",
    "Chaque import appliqué, du plus récent au plus ancien. Choisissez-en un pour voir ses lignes ; un "
    "import peut être annulé en entier tant que ses entrées n'ont pas été modifiées depuis.",
    "Every import applied, newest first. Choose one to see its rows; an import can be undone as a whole "
    "as long as its entries were not changed since.",
)
HEADERS = (
    M("gui.history.imports.col_id", "N°", "#"),
    M("gui.history.imports.col_at", "Date de l'import", "Imported on"),
    M("gui.history.imports.col_file", "Fichier", "File"),
    M("gui.history.imports.col_sheet", "Feuille", "Sheet"),
    M("gui.history.imports.col_kind", "Entrées", "Entries"),
    M("gui.history.imports.col_profile", "Profil", "Profile"),  # the partner's: its tooltip
    M("gui.history.imports.col_inserted", "Nouvelles", "New"),
    M("gui.history.imports.col_updated", "Mises à jour", "Updated"),
    M("gui.history.imports.col_unchanged", "Inchangées", "Unchanged"),
    M("gui.history.imports.col_rejected", "Rejetées", "Rejected"),
    M("gui.history.imports.col_state", "État", "State"),
)
KIND_NAMES = {
    "offers": M("gui.history.imports.kind_offers", "offres", "offers"),
    "actions": M("gui.history.imports.kind_actions", "actions (feuille de route)", "roadmap actions"),
}
IN_EFFECT = M("gui.history.imports.in_effect", "en vigueur", "in effect")
UNDONE_ON = M("gui.history.imports.undone_on", "annulé le {at}", "undone on {at}")
NONE = M("gui.history.imports.none", "Aucun import dans ce catalogue.", "No import in this catalogue.")
ROW_HEADERS = (
    M("gui.history.imports.col_row", "Ligne", "Row"),
    M("gui.history.imports.col_outcome", "Résultat", "Outcome"),
    M("gui.history.imports.col_entry", "Entrée", "Entry"),
    M("gui.history.imports.col_detail", "Détail", "Detail"),
)
BATCH_LINE = M(
    "gui.history.imports.batch_line",
    "Import n° {id} — « {file} » ({sheet}), par {who} le {at}",
    "Import #{id} — “{file}” ({sheet}), by {who} on {at}",
)
WARNING_OUTCOME = M("gui.history.imports.warning", "Avertissement", "Warning")
ENTRY = M("gui.history.imports.entry", "n° {id} — {title}", "#{id} — {title}")
CHANGE = M("gui.history.imports.change", "{field} : {old} → {new}", "{field}: {old} → {new}")
UNDO = M("gui.history.imports.undo", "Annuler cet import", "Undo this import")
LOADING = M("gui.history.imports.loading", "Lecture de l'historique…", "Reading the history…")
LOADING_ROWS = M(
    "gui.history.imports.loading_rows", "Lecture des lignes de l'import…", "Reading the import's rows…"
)
UNDOING = M("gui.history.imports.undoing", "Annulation de l'import n° {id}…", "Undoing import #{id}…")
UNDONE = M(
    "gui.history.imports.undone", "Import n° {id} annulé : {summary}.", "Import #{id} undone: {summary}."
)
PROFILE_TIP = M(
    "gui.history.imports.profile_tip",
    "Le profil partenaire (correspondance de colonnes enregistrée) appliqué à l'import",
    "The partner profile (saved column mapping) the import applied",
)
FILE_TIP = M(
    "gui.history.imports.file_tip",
    "{file}\nEmpreinte SHA-256 : {sha}…",
    "{file}\nSHA-256 fingerprint: {sha}…",
)
_WARNING_COLOUR: Final = QColor("#8a5a00")
FILE: Final = 2  # the batch table's file column
_SHARED: Final = (FILE, 3, 5)  # file, sheet and profile: the columns that share what the others leave
_FILE_MIN: Final = 26  # characters
_FLOOR: Final = 10
_CAP: Final = 24


@dataclass(frozen=True)
class HistoryRow:
    """One line of a batch's detail: the sheet row (None when the journal does not say), the outcome
    (`insert`, `update`, `reject`, `warning`), the entry, and what happened."""

    row: int | None
    outcome: str
    entry: str
    detail: str


def _value(kind: EntryKind, name: str, value: Any) -> str:
    known = {f.name: f for f in FIELDS[kind]}
    if value is None or value == "" or value == []:
        return NOTHING()
    return display.format_value(known[name], value) if name in known else str(value)


def batch_rows(cat: Catalogue, batch_id: int) -> list[HistoryRow]:
    """What batch `batch_id` did, row by row: entries created (from the journal), updates with old → new
    and rejected rows (from the batch's report), then its warnings."""
    info = next((b for b in list_batches(cat) if b.id == batch_id), None)
    if info is None:
        return []
    kind: EntryKind = "actions" if info.kind == "actions" else "offers"
    report = batch_report(cat, batch_id) or {}
    rows: list[HistoryRow] = []
    created = sorted(
        (item for item in for_batch(cat.conn, batch_id)
         if item.op == "create" and item.entity == kind and item.source == "import"),
        key=lambda item: item.entity_id,
    )  # fmt: skip
    # The report's sheet rows of the new entries, in the order they were created (so, of their ids);
    # a batch recorded before the report kept them has none.
    sheet_rows = report.get("inserted_rows")
    if not isinstance(sheet_rows, list) or len(sheet_rows) != len(created):
        sheet_rows = [None] * len(created)
    for item, number in zip(created, sheet_rows, strict=True):
        title = item.new.get("title") if isinstance(item.new, dict) else None
        number = number if isinstance(number, int) else None
        rows.append(HistoryRow(number, "insert", ENTRY(id=item.entity_id, title=title or ""), ""))
    titles = {int(e["id"]): str(e.get("title") or "") for e in cat.rows(kind, _ids(report))}
    for change in report.get("changes", []):
        entry_id = change.get("id")
        detail = " ; ".join(
            CHANGE(field=display.header(kind, name) if _known(kind, name) else name,
                   old=_value(kind, name, pair[0]), new=_value(kind, name, pair[1]))
            for name, pair in (change.get("fields") or {}).items()
        )  # fmt: skip
        entry = ENTRY(id=entry_id, title=titles.get(entry_id, "")) if entry_id else ""
        rows.append(HistoryRow(change.get("row"), "update", entry, detail))
    for rejected in report.get("rejected", []):
        number = rejected.get("row")
        reason = str(rejected.get("reason", ""))
        prefix = on_row(number, "") if isinstance(number, int) else None
        if prefix and reason.startswith(prefix):
            reason = reason[len(prefix) :]  # the row has its own column
        rows.append(HistoryRow(number, "reject", "", reason))
    rows.sort(key=lambda r: (r.row is None, r.row or 0))
    rows += [HistoryRow(None, "warning", "", str(w)) for w in report.get("warnings", [])]
    return rows


class HistoryRowsModel(QAbstractTableModel):
    """A batch's rows for a table view: a 50,000-row batch shows at once (a widget item per cell took
    seconds of the GUI thread)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ROW_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ROW_HEADERS[section]() if 0 <= section < len(ROW_HEADERS) else None
        return None

    def text(self, row: int, column: int) -> str:
        r = self.rows[row]
        if column == 0:
            return "" if r.row is None else str(r.row)
        if column == 1:
            return WARNING_OUTCOME() if r.outcome == "warning" else OUTCOME_LABELS[r.outcome]()
        return r.entry if column == 2 else r.detail

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column >= 2:
            return self.text(row, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            outcome = self.rows[row].outcome
            return QBrush(_WARNING_COLOUR if outcome == "warning" else OUTCOME_COLOURS[outcome])
        return None


def _known(kind: EntryKind, name: str) -> bool:
    return any(f.name == name for f in FIELDS[kind])


def _ids(report: dict[str, Any]) -> list[int]:
    return [int(c["id"]) for c in report.get("changes", []) if isinstance(c.get("id"), int)]


class ImportHistoryDialog(QDialog):
    """The batches above, the chosen batch's rows below, and « Annuler cet import »."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importHistory")
        self.setWindowTitle(TITLE())
        self.session = session
        self.batches: list[BatchInfo] = []
        self.rows: list[HistoryRow] = []
        intro = QLabel(INTRO(), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("batchTable")
        self.table.setHorizontalHeaderLabels([h() for h in HEADERS])
        profile_header = self.table.horizontalHeaderItem(5)
        if profile_header is not None:
            profile_header.setToolTip(PROFILE_TIP())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        # Long names lose their middle (« amft_actions_i…provence.xlsx »): the extension stays visible.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.batch_line = QLabel(self)
        self.batch_line.setObjectName("batchLine")
        self.batch_line.setWordWrap(True)
        self.row_model = HistoryRowsModel(self)
        self.row_table = QTableView(self)
        self.row_table.setObjectName("batchRows")
        self.row_table.setModel(self.row_model)
        self.row_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.row_table.setWordWrap(False)
        self.row_table.verticalHeader().hide()
        self.row_table.verticalHeader().setDefaultSectionSize(24)
        self.row_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.row_table.horizontalHeader().setStretchLastSection(True)
        self.row_table.setColumnWidth(0, 60)
        self.row_table.setColumnWidth(1, 120)
        self.row_table.setColumnWidth(2, 320)
        self.message = QLabel(self)
        self.message.setObjectName("historyMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.task = TaskPanel(session.runner, self)
        self.undo_button = QPushButton(UNDO(), self)
        self.undo_button.setObjectName("undoBatch")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.batch_line)
        bottom_layout.addWidget(self.row_table)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([260, 360])
        actions = QHBoxLayout()
        actions.addWidget(self.undo_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.task)
        layout.addLayout(actions)
        self.resize(1180, 680)  # as wide as the wizard: a partner file's long name fits beside the counts
        self.refresh()

    # ------------------------------------------------------------------ reading
    def refresh(self, select: int | None = None) -> None:
        """Read the batches again (on the runner); then select batch `select` (None: the newest)."""

        def work(cat: Catalogue, _p: Progress, _c: CancelToken) -> list[BatchInfo]:
            return list_batches(cat)

        self.task.run(
            work, text=LOADING(), on_done=lambda b: self._show_batches(b, select), on_error=self._failed,
            cancellable=False,
        )  # fmt: skip

    def _show_batches(self, batches: list[BatchInfo], select: int | None) -> None:
        self.batches = batches
        self.table.setRowCount(len(batches))
        for i, b in enumerate(batches):
            # The kind in one word, the sidebar's view name; the tooltip says it in full.
            kind = PAGE_LABELS[b.kind]() if b.kind in KINDS else b.kind
            state = UNDONE_ON(at=format_when(b.undone_at)) if b.undone_at else IN_EFFECT()
            values = [str(b.id), format_when(b.at), b.file, b.sheet or "", kind, b.profile or "",
                      str(b.inserted), str(b.updated), str(b.unchanged), str(b.rejected), state]  # fmt: skip
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                tip = KIND_NAMES[b.kind]() if c == 4 and b.kind in KINDS else text
                item.setToolTip(FILE_TIP(file=b.file, sha=b.sha256[:12]) if c == FILE else tip)
                if c == 0 or 6 <= c <= 9:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if b.undone_at:
                    item.setForeground(QBrush(QColor("#8a94a0")))
                self.table.setItem(i, c, item)
        self.fit_columns()
        if not batches:
            self.batch_line.setText(NONE())
            self.row_model.set_rows([])
            self.undo_button.setEnabled(False)
            return
        index = next((i for i, b in enumerate(batches) if b.id == select), 0)
        # Its rows are read once: selecting a new row would read them too (50,000 lines, twice).
        self.table.blockSignals(True)
        self.table.selectRow(index)
        self.table.blockSignals(False)
        self._selected()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Fit the batch table to the dialog. The number, date, kind, counts and state at their contents'
        width; the file at least `_FILE_MIN` characters, the sheet and profile at least `_FLOOR` (sized to
        contents, nine batches' long sheet names and « annulé le … » left the file 1-3 characters). Room
        left goes to the file up to its full name, then to the sheet and profile up to `_CAP` characters,
        then to the file. Elided texts lose their middle; their tooltip has them whole."""
        table, header = self.table, self.table.horizontalHeader()
        char = table.fontMetrics().averageCharWidth()

        def natural(c: int) -> int:
            return max(header.sectionSizeHint(c), table.sizeHintForColumn(c))

        widths = {c: natural(c) for c in range(len(HEADERS)) if c not in _SHARED}
        wanted = {c: natural(c) for c in _SHARED}
        wanted |= {c: min(wanted[c], _CAP * char) for c in _SHARED if c != FILE}
        floors = {
            c: min(wanted[c], max(header.sectionSizeHint(c), (_FILE_MIN if c == FILE else _FLOOR) * char))
            for c in _SHARED
        }
        room = table.viewport().width()
        bar = table.verticalScrollBar()
        if not bar.isVisible() and table.verticalHeader().length() > table.viewport().height():
            room -= bar.sizeHint().width()  # rows just set: the bar they need is not shown yet
        room -= sum(widths.values())
        widths |= floors
        room -= sum(floors.values())
        for c in (FILE, *(c for c in _SHARED if c != FILE)):
            grow = max(0, min(room, wanted[c] - widths[c]))
            widths[c] += grow
            room -= grow
        widths[FILE] += max(0, room)
        for c, w in widths.items():
            table.setColumnWidth(c, w)

    def selected(self) -> BatchInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.batches):
            return None
        return self.batches[rows[0].row()]

    def select_batch(self, batch_id: int) -> None:
        for i, b in enumerate(self.batches):
            if b.id == batch_id:
                self.table.selectRow(i)

    def _selected(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and not batch.undone_at and not self.task.busy())
        if batch is None:
            return
        self.batch_line.setText(
            BATCH_LINE(
                id=batch.id,
                file=batch.file,
                sheet=batch.sheet or "—",
                who=batch.who,
                at=format_when(batch.at),
            )
        )
        self.row_model.set_rows([])
        batch_id = batch.id

        def work(cat: Catalogue, _p: Progress, _c: CancelToken) -> list[HistoryRow]:
            # 40,000 journal entries decoded for their titles: freed as they go, never walked by a full
            # collection holding the interpreter lock (0.6-1.1 s of the window, measured).
            with gc_paused():
                return batch_rows(cat, batch_id)

        def done(rows: list[HistoryRow]) -> None:
            current = self.selected()
            if current is not None and current.id == batch_id:
                self._show_rows(rows)

        self.task.run(work, text=LOADING_ROWS(), on_done=done, on_error=self._failed, cancellable=False)

    def _show_rows(self, rows: list[HistoryRow]) -> None:
        self.rows = rows
        self.row_model.set_rows(rows)
        self.undo_button.setEnabled(self._can_undo())

    def _can_undo(self) -> bool:
        batch = self.selected()
        return batch is not None and not batch.undone_at and not self.task.busy()

    # ------------------------------------------------------------------ undo
    def undo_selected(self) -> None:
        """Undo the selected batch; a refusal (edited since, already undone) is shown as the engine says it."""
        batch = self.selected()
        if batch is None or self.task.busy():
            return
        self.message.hide()
        self.undo_button.setEnabled(False)
        batch_id = batch.id

        def done(outcome: UndoOutcome) -> None:
            self.session.announce(undo_changes(outcome), requery=True)
            self._say(UNDONE(id=batch_id, summary=outcome.summary()), error=False)
            self.refresh(select=batch_id)

        self.task.run(undo_work(batch_id), text=UNDOING(id=batch_id), on_done=done, on_error=self._failed,
                      cancellable=False)  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            self._say(user_message(exc), error=True)
        self.undo_button.setEnabled(self._can_undo())

    def _say(self, text: str, *, error: bool) -> None:
        colours = ("#a93226", "#fdecea", "#f5c6c0") if error else ("#1d4e6f", "#eaf2f8", "#c6dbea")
        self.message.setStyleSheet(
            f"color: {colours[0]}; background: {colours[1]}; border: 1px solid {colours[2]}; "
            "border-radius: 6px; padding: 8px;"
        )
        self.message.setProperty("error", error)
        self.message.setText(text)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""
