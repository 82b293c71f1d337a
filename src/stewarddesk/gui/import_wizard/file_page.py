"""Page 1: the file, its sheet, and the header row, on a preview of the sheet's first rows.

The engine's own choices are shown (the sheet it would read, the header row it finds below the banners);
the user changes the sheet in a list and the header row with a click on the preview. Reading runs on the
worker: a damaged or password-protected file gets its one clear sentence on the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.gui.import_wizard.base import Page
from stewarddesk.gui.import_wizard.work import SheetPreview, preview_work
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import CellValue, clean_text
from stewarddesk.importing.safety import EXTENSIONS

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

M = Msg
TITLE = M("gui.import.file.title", "Fichier et ligne d'en-tête", "File and header row")
SUBTITLE = M(
    "gui.import.file.subtitle",
    "Choisissez le tableur du partenaire. Vérifiez la feuille lue et la ligne qui porte les intitulés de "
    "colonnes : cliquez sur une autre ligne de l'aperçu pour la changer.",
    "Choose the partner's spreadsheet. Check the sheet read and the row holding the column headings: click "
    "another row of the preview to change it.",
)
FILE_LABEL = M("gui.import.file.file", "Fichier :", "File:")
NO_FILE = M("gui.import.file.none", "Aucun fichier choisi", "No file chosen")
CHOOSE = M("gui.import.file.choose", "Choisir un fichier…", "Choose a file…")
SHEET_LABEL = M("gui.import.file.sheet", "Feuille :", "Sheet:")
HIDDEN_SHEET = M("gui.import.file.hidden_sheet", "{name} (masquée)", "{name} (hidden)")
FILTER = M(
    "gui.import.file.filter",
    "Tableurs ({patterns});;Tous les fichiers (*)",
    "Spreadsheets ({patterns});;All files (*)",
)
# The extensions the importer reads (its own table), so the dialog offers no more and no fewer.
PATTERNS = " ".join(f"*{ext}" for ext in EXTENSIONS)
READING = M("gui.import.file.reading", "Lecture de « {name} »…", "Reading “{name}”…")
HEADER_DETECTED = M(
    "gui.import.file.header_detected",
    "Ligne d'en-tête : {row} (trouvée automatiquement). Cliquez sur une autre ligne pour la changer.",
    "Header row: {row} (found automatically). Click another row to change it.",
)
HEADER_CHOSEN = M(
    "gui.import.file.header_chosen",
    "Ligne d'en-tête : {row} (choisie). Les lignes au-dessus sont ignorées.",
    "Header row: {row} (chosen). The rows above it are ignored.",
)
NO_HEADER = M(
    "gui.import.file.no_header",
    "Aucune ligne d'en-tête reconnue dans les premières lignes : cliquez sur la ligne qui porte les "
    "intitulés de colonnes.",
    "No header row recognised in the first rows: click the row holding the column headings.",
)
EMPTY_SHEET = M(
    "gui.import.file.empty_sheet",
    "La feuille « {sheet} » est vide : choisissez une autre feuille.",
    "Sheet “{sheet}” is empty: choose another sheet.",
)
HEADER_MARK = M("gui.import.file.header_mark", "{row} ▸ en-tête", "{row} ▸ header")

_MAX_COLUMNS: Final = 40
_MAX_CELL: Final = 80
HEADER_BACKGROUND: Final = QColor("#d6e6f3")
ABOVE_HEADER: Final = QColor("#8a94a0")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: columns as the spreadsheet names them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: CellValue) -> str:
    text = clean_text(value) or ""
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def merged_runs(merged: frozenset[int], width: int) -> list[tuple[int, int]]:
    """(first column, how many) of each merged area of a row: a cell followed by the copies it gave."""
    runs: list[tuple[int, int]] = []
    c = 0
    while c < width:
        n = 1
        while c + n < width and c + n in merged:
            n += 1
        if n > 1 and c not in merged:
            runs.append((c, n))
        c += n
    return runs


class FilePage(Page):
    """The file chosen, its sheets, and the preview with the header row marked."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(TITLE())
        self.setSubTitle(SUBTITLE())
        self.path: Path | None = None
        self.path_label = QLabel(NO_FILE(), self)
        self.path_label.setObjectName("importPath")
        self.choose_button = QPushButton(CHOOSE(), self)
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_box = QComboBox(self)
        self.sheet_box.setObjectName("sheetBox")
        self.sheet_box.setMinimumContentsLength(24)
        self.sheet_box.activated.connect(self._sheet_chosen)
        self.header_hint = QLabel(self)
        self.header_hint.setObjectName("headerHint")
        self.header_hint.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setObjectName("sheetPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No selection colour over the header row's own: a click only moves the header.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.cellClicked.connect(lambda row, _col: self.choose_header(row))

        top = QHBoxLayout()
        top.addWidget(QLabel(FILE_LABEL(), self))
        top.addWidget(self.path_label, 1)
        top.addWidget(self.choose_button)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel(SHEET_LABEL(), self))
        sheet_row.addWidget(self.sheet_box)
        sheet_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(sheet_row)
        layout.addWidget(self.header_hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.task)

    def inputs(self) -> list[QWidget]:
        return [self.choose_button, self.sheet_box, self.table]

    def isComplete(self) -> bool:
        return super().isComplete() and self.state.preview is not None and self.state.header_row is not None

    # ------------------------------------------------------------------ choosing
    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, CHOOSE().rstrip("…"), start, FILTER(patterns=PATTERNS))
        if name:
            self.load(Path(name))

    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read the first rows of `path` (of `sheet`; None: the sheet the engine would choose)."""
        self.path = Path(path)
        self.path_label.setText(str(self.path))
        self.path_label.setToolTip(str(self.path))
        self.wiz.forget_from_file()
        self.state.preview = None
        self.state.header_row = None
        self._show_preview(None)
        self.run(preview_work(self.path, sheet), READING(name=self.path.name), self._loaded)

    def _sheet_chosen(self, index: int) -> None:
        name = self.sheet_box.itemData(index)
        preview = self.state.preview
        if self.path is not None and isinstance(name, str) and (preview is None or name != preview.sheet):
            self.load(self.path, name)

    def _loaded(self, preview: SheetPreview) -> None:
        self.state.preview = preview
        self.state.header_row = preview.header_row
        self._fill_sheets(preview)
        self._show_preview(preview)
        if not preview.rows:
            self.show_message(EMPTY_SHEET(sheet=preview.sheet), "warning")
        elif preview.header_row is None:
            self.show_message(NO_HEADER(), "warning")
        self.completeChanged.emit()

    def choose_header(self, table_row: int) -> None:
        """The preview's `table_row` (0-based) is the header row from now on."""
        preview = self.state.preview
        if preview is None or not 0 <= table_row < len(preview.rows) or self.task.busy():
            return
        number = preview.rows[table_row].number
        if number != self.state.header_row:
            self.wiz.forget_from_file()
            self.state.header_row = number
            self.clear_message()
            self._mark_header(preview, chosen=True)
            self.completeChanged.emit()

    # ------------------------------------------------------------------ showing
    def _fill_sheets(self, preview: SheetPreview) -> None:
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        for info in preview.sheets:
            text = info.name if info.visible else HIDDEN_SHEET(name=info.name)
            self.sheet_box.addItem(text, info.name)
        self.sheet_box.setCurrentIndex(max(self.sheet_box.findData(preview.sheet), 0))
        self.sheet_box.blockSignals(False)

    def _show_preview(self, preview: SheetPreview | None) -> None:
        self.table.clear()
        if preview is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.header_hint.clear()
            return
        width = min(max((len(r.values) for r in preview.rows), default=0), _MAX_COLUMNS)
        self.table.setRowCount(len(preview.rows))
        self.table.setColumnCount(width)
        self.table.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        self.table.clearSpans()
        for i, raw in enumerate(preview.rows):
            for c in range(width):
                # A merged area (a banner across the width) is one cell here too, as in the spreadsheet.
                copy = c in raw.merged
                item = QTableWidgetItem("" if copy else cell_text(raw.get(c)))
                item.setToolTip("" if copy else clean_text(raw.get(c)) or "")
                self.table.setItem(i, c, item)
            for start, span in merged_runs(raw.merged, width):
                self.table.setSpan(i, start, 1, span)
        self._mark_header(preview, chosen=False)

    def _mark_header(self, preview: SheetPreview, *, chosen: bool) -> None:
        header = self.state.header_row
        bold = QFont(self.table.font())
        bold.setBold(True)
        labels: list[str] = []
        for i, raw in enumerate(preview.rows):
            is_header = raw.number == header
            above = header is not None and raw.number < header
            labels.append(HEADER_MARK(row=raw.number) if is_header else str(raw.number))
            for c in range(self.table.columnCount()):
                item = self.table.item(i, c)
                if item is None:
                    continue
                item.setFont(bold if is_header else self.table.font())
                item.setBackground(QBrush(HEADER_BACKGROUND) if is_header else QBrush())
                item.setForeground(QBrush(ABOVE_HEADER) if above else QBrush())
        self.table.setVerticalHeaderLabels(labels)
        if header is None:
            self.header_hint.clear()
        else:
            self.header_hint.setText((HEADER_CHOSEN if chosen else HEADER_DETECTED)(row=header))
        for i, raw in enumerate(preview.rows):
            if raw.number == header:
                self.table.scrollTo(self.table.model().index(i, 0))
                break
