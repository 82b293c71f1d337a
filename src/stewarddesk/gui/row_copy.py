"""« Copier » (Ctrl+C): the selected rows of a grid as a table that pastes into a spreadsheet or an e-mail.

The clipboard gets tab-separated text with a header line (the visible columns in their on-screen order,
under the labels the user sees) and the same table in HTML for rich paste. Values are those the grid shows:
French labels, dates as dd/mm/yyyy, lists joined by « ; », the alerts by name (by reason in the review
queue). A tab or a line break inside a value becomes a space, so a value never splits a row or a cell, and
text that a spreadsheet would run as a formula (starting with =, +, -, @) gets the CSV export's leading « ' ».

Rows are read again from the catalogue rather than from the grid's small cache (which holds a few pages).
Up to `SYNC_LIMIT` rows are built at once on the GUI thread (`benchmarks/copy_bench.py`: 500 rows in about
25 ms); a bigger selection (Ctrl+A on 100,000 rows: about 5 s, mostly reading the rows) is built on the
session's runner behind a progress dialog with Cancel, and only the finished table is handed to the
clipboard (about 50 ms for 100,000 rows; the window never stalls near 200 ms meanwhile).

When the focus is in a text field (the search box, an editor of the form or of a cell), Ctrl+C is the
field's: Qt gives it the key before any window shortcut, and the Édition menu's « Copier » copies the
field's selection too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from stewarddesk.catalogue import Catalogue, Entry, Flag, Settings, flags_for
from stewarddesk.exporting.cells import csv_safe
from stewarddesk.fields import EntryKind, Kind
from stewarddesk.gui import display
from stewarddesk.gui.browser import number
from stewarddesk.gui.display import Column
from stewarddesk.gui.entry_commands import NOTHING_SELECTED
from stewarddesk.gui.grid import EntryTable
from stewarddesk.gui.icons import icon
from stewarddesk.gui.table_model import by_severity
from stewarddesk.gui.worker import run_with_progress
from stewarddesk.i18n import Msg
from stewarddesk.progress import CancelToken, Progress

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

ACTION = Msg("gui.copy.action", "&Copier", "&Copy")
ACTION_TIP = Msg(
    "gui.copy.tip",
    "Copier les lignes sélectionnées, avec les colonnes affichées, pour les coller dans un tableur ou un "
    "courriel",
    "Copy the selected rows, with the visible columns, to paste them into a spreadsheet or an e-mail",
)
COPIED_ONE = Msg("gui.copy.done_one", "{n} ligne copiée", "{n} row copied")
COPIED = Msg("gui.copy.done", "{n} lignes copiées", "{n} rows copied")
COPYING = Msg("gui.copy.progress", "Copie de {n} lignes…", "Copying {n} rows…")
STATUS_MS: Final = 5000

# Up to this many rows, the table is built at once on the GUI thread (about 25 ms for 500, see
# benchmarks/copy_bench.py); beyond, on the runner, which keeps the window alive for a 100,000-row copy.
SYNC_LIMIT = 500
_CHUNK: Final = 2000  # rows read and formatted between two looks at Cancel
_BREAKS: Final = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_LIST_SEPARATOR: Final = "; "  # as the grid joins lists
_MEMO_LIMIT: Final = 20_000


@dataclass(frozen=True)
class CopiedRows:
    """The clipboard's two flavours of one table, and how many entry rows it holds (header excluded)."""

    text: str
    html: str
    count: int


def visible_columns(table: EntryTable) -> list[Column]:
    """The columns the user sees, in their on-screen order (moved and hidden columns followed)."""
    header = table.horizontalHeader()
    columns = table.entry_model().columns
    logical = (header.logicalIndex(v) for v in range(header.count()))
    return [columns[i] for i in logical if not header.isSectionHidden(i)]


def cell_text(column: Column, entry: Entry, flags: Sequence[Flag], *, reasons: bool = False) -> str:
    """What the grid shows in this cell, as text: the field's display text, or the alerts by name (by
    reason in the review queue, whose column says why)."""
    if column.field is not None:
        return display.format_value(column.field, entry.get(column.name))
    ordered = by_severity(flags)
    if reasons:
        return _LIST_SEPARATOR.join(dict.fromkeys(f.reason() for f in ordered))
    return _LIST_SEPARATOR.join(dict.fromkeys(f.label() for f in ordered))


def _safe(text: str) -> str:
    """One line, never a formula: a spreadsheet reads pasted text as if typed, so « =HYPERLINK(…) », a
    phone « +33 … » or « - accompagnement » would be run or mangled. The CSV export's rule (OWASP, see
    `exporting.cells.csv_safe`): a leading « ' », which Excel takes as its « text » mark."""
    return csv_safe(_BREAKS.sub(" ", text))


def _tsv_cell(text: str) -> str:
    text = _safe(text)
    # A spreadsheet reads a cell that starts with a double quote as a quoted cell and drops the quotes:
    # such a value is quoted the way spreadsheets write it, so it comes back as it was.
    return '"' + text.replace('"', '""') + '"' if text.startswith('"') else text


def _html_cell(text: str, tag: str = "td") -> str:
    # Excel reads an HTML table's cells as typed too (formulas included): the same rule as the text.
    return f"<{tag}>{html.escape(_safe(text))}</{tag}>"


Cells = Callable[[Entry, Sequence[Flag]], tuple[str, str]]  # one cell as (TSV text, HTML <td>)


def _cells(column: Column, *, reasons: bool) -> Cells:
    """The cell maker of one column, memoised by value: statuses, sites, structures, dates and alerts
    repeat over thousands of rows (building the table of 100,000 rows: 1.4 s instead of 3.3 s)."""
    memo: dict[object, tuple[str, str]] = {}

    def make(entry: Entry, flags: Sequence[Flag]) -> tuple[str, str]:
        key: object
        if column.field is None:
            key = (
                tuple((f.reason_msg.key, f.params) for f in flags)
                if reasons
                else tuple(f.kind for f in flags)
            )
        else:
            value = entry.get(column.name)
            key = tuple(value) if isinstance(value, list) else value
        found = memo.get(key)
        if found is None:
            text = cell_text(column, entry, flags, reasons=reasons)
            found = (_tsv_cell(text), _html_cell(text))
            if len(memo) > _MEMO_LIMIT:  # free text never repeats: keep the memo small
                memo.clear()
            memo[key] = found
        return found

    return make


class TableBuilder:
    """Builds the table a chunk of rows at a time: a header line, then one line per row."""

    def __init__(self, kind: Kind, columns: Sequence[Column], *, reasons: bool = False) -> None:
        self._makers = [_cells(c, reasons=reasons) for c in columns]
        headers = [c.header(kind) for c in columns]
        self._text = ["\t".join(map(_tsv_cell, headers))]
        self._html = ["<tr>" + "".join(_html_cell(h, "th") for h in headers) + "</tr>"]
        self.count = 0

    def add(self, rows: Sequence[tuple[Entry, Sequence[Flag]]]) -> None:
        makers = self._makers
        for entry, flags in rows:
            cells = [make(entry, flags) for make in makers]
            self._text.append("\t".join([c[0] for c in cells]))
            self._html.append("<tr>" + "".join([c[1] for c in cells]) + "</tr>")
        self.count += len(rows)

    def result(self) -> CopiedRows:
        text = "\n".join(self._text) + "\n"  # Qt writes the platform's line ends
        table = (
            "<html><head><meta charset='utf-8'></head><body>"
            "<table border='1' cellspacing='0' cellpadding='4' style='border-collapse:collapse'>"
            + "".join(self._html)
            + "</table></body></html>"
        )
        return CopiedRows(text, table, self.count)


def _no_flags(_entry: Entry) -> list[Flag]:
    return []


def _flagger(kind: Kind, settings: Settings, as_of: dt.date) -> Callable[[Entry], list[Flag]]:
    if kind == "structures":
        return _no_flags
    entry_kind: EntryKind = kind
    return lambda entry: flags_for(entry_kind, entry, settings, as_of)


def copy_rows(
    catalogue: Catalogue,
    kind: Kind,
    columns: Sequence[Column],
    ids: Sequence[int],
    settings: Settings,
    as_of: dt.date,
    *,
    reasons: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CopiedRows:
    """The table of the entries `ids` (in that order) under `columns`, read from `catalogue`: a header
    line, then one line per entry still there. Raises `Cancelled` when `cancel` is set (between chunks).
    Runs on any thread that owns `catalogue` (it touches no widget)."""
    builder = TableBuilder(kind, columns, reasons=reasons)
    flags = _flagger(kind, settings, as_of) if any(c.field is None for c in columns) else _no_flags
    for start in range(0, len(ids), _CHUNK):
        if cancel is not None:
            cancel.check()
        entries = catalogue.rows(kind, ids[start : start + _CHUNK])
        builder.add([(e, flags(e)) for e in entries])
        if progress is not None:
            progress(min(start + _CHUNK, len(ids)), len(ids))
    return builder.result()


def to_clipboard(rows: CopiedRows) -> QMimeData:
    """Put `rows` on the clipboard, both flavours; returns the data handed over."""
    mime = QMimeData()
    mime.setText(rows.text)
    mime.setHtml(rows.html)
    QApplication.clipboard().setMimeData(mime)
    return mime


def copy_text_field(widget: QWidget | None) -> bool:
    """Copy the selection of `widget` if it is a text field (what Ctrl+C means there); False otherwise."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        widget.copy()
        return True
    if isinstance(widget, QAbstractSpinBox):
        widget.lineEdit().copy()
        return True
    return False


class RowCopy(QObject):
    """The window's « Copier » (Édition menu, Ctrl+C): the selected rows of the grid shown."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(icon("copy"), ACTION(), window)
        self.action.setObjectName("copyRowsAction")
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.action.setToolTip(ACTION_TIP())
        self.action.setStatusTip(ACTION_TIP())
        self.action.triggered.connect(lambda _checked=False: self.copy())
        window.action_map["copy"] = self.action
        # Where every editor has it: after undo and redo, in a group of its own.
        edit = window.menus["edit"]
        first = window.action_map["new_entry"]
        edit.insertAction(first, self.action)
        edit.insertSeparator(first)
        window.session_changed.connect(self._update_enabled)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.action.setEnabled(self.window.session is not None)

    def copy(self) -> CopiedRows | None:
        """Copy what the focus holds: a text field's selection, else the grid's selected rows. Returns the
        rows copied at once; a big selection is copied by the runner (None here, the status bar tells)."""
        window = self.window
        if copy_text_field(QApplication.focusWidget()):
            return None
        browser = window.browser()
        session = window.session
        if browser is None or session is None:
            return None
        ids = browser.selected_ids()
        if not ids:
            window.show_problem(NOTHING_SELECTED())
            return None
        kind = browser.kind
        columns = visible_columns(browser.table)
        reasons = browser.table.flags_delegate.show_reason
        settings = session.catalogue.settings()
        as_of = browser.model.as_of()
        if len(ids) <= SYNC_LIMIT:
            rows = copy_rows(session.catalogue, kind, columns, ids, settings, as_of, reasons=reasons)
            self._copied(rows)
            return rows

        def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> CopiedRows:
            return copy_rows(
                cat, kind, columns, ids, settings, as_of, reasons=reasons, progress=progress, cancel=cancel
            )

        run_with_progress(
            window, session.runner, work, title=COPYING(n=number(len(ids))), on_done=self._copied
        )
        return None

    def _copied(self, rows: CopiedRows) -> None:
        to_clipboard(rows)
        message = COPIED_ONE if rows.count == 1 else COPIED
        self.window.statusBar().showMessage(message(n=number(rows.count)), STATUS_MS)


def install(window: MainWindow) -> RowCopy:
    """Add « Copier » (Ctrl+C) to the window's Édition menu (call once, after its menus are built)."""
    return RowCopy(window)
