"""What the workbook exports share: the safe writer settings, the formats, the column widths, the status
colours and their key, the print set-up, and the writing of one entry's row.

Safety: every text cell is written with `write_string` (never `write`, which guesses), on a workbook
created with `strings_to_formulas`, `strings_to_numbers` and `strings_to_urls` off. A text that would be
taken for a formula once a partner edits the cell (« =… », « +33… ») also gets Excel's « quote prefix »
style, so it stays text even then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias
from zlib import adler32

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from stewarddesk import vocab
from stewarddesk.exporting.cells import ARCHIVED_ACTION, FORMULA_TRIGGERS, MAX_CELL_CHARS, Cell
from stewarddesk.exporting.text_width import (
    FONT_NAME,
    FONT_SIZE,
    SAFE_CHARS,
    WIDE,
    WIDTHS_ERRORS,
    WIDTHS_TABLE,
    capacity,
    char_widths,
    sum_widths,
    wrapped_lines,
)
from stewarddesk.fields import FIELDS, EntryKind, Field, export_columns

# Excel's sheet size: a title block plus this many entries at most.
MAX_ROWS: Final = 1_048_576
DATE_FORMAT: Final = "dd/mm/yyyy"

# Readable widths (in characters) for A4 landscape, fit to the page width; long text wraps.
_WIDTHS: Final[dict[str, float]] = {
    "code": 8,
    "orientation": 22,
    "axis": 20,
    "title": 30,
    "description": 42,
    "carrier_type": 14,
    "carriers": 20,
    "term": 12,
    "status": 12,
    "indicators": 26,
    "adopted": 11,
    "reviewed": 11,
    "structure": 20,
    "need": 16,
    "stages": 14,
    "sectors": 16,
    "site": 16,
    "email": 22,
    "phone": 14,
    "url": 22,
    "partner_ref": 11,
}
ALERTS_WIDTH: Final = 28
# A line of wrapped Arial 10 (`text_width`) takes 17 pixels in Excel, 12.75 points: its default row's
# height, and so each line of an autofitted row. LibreOffice draws it 11.2 points apart (Liberation Sans;
# DejaVu Sans, its last resort, 11.7): rows sized for Excel leave it a little air, never too little.
LINE_HEIGHT: Final = 12.75
MAX_ROW_HEIGHT: Final = 409.0  # Excel's limit
ID_WIDTH: Final = 8
HIDDEN_ROOM: Final = MAX_CELL_CHARS * WIDE  # a hidden column's text never makes its row taller

# Statuses in colours that print well in grey too (light fills, dark text), one key per vocabulary.
STATUS_COLOURS: Final[dict[str, dict[str, str]]] = {
    "action_status": {
        "to_define": "#E7E6E6",
        "to_specify": "#E4DFEC",
        "to_start": "#FFF2CC",
        "engaged": "#DDEBF7",
        "done": "#C6EFCE",
        "dropped": "#F8CBAD",
    },
    "offer_status": {"active": "#C6EFCE", "suspended": "#FFF2CC", "archived": "#E7E6E6"},
}
STATUS_VOCAB: Final[dict[EntryKind, str]] = {"actions": "action_status", "offers": "offer_status"}
HEADER_FILL: Final = "#1F4E78"
ALERT_FILL: Final = "#FDE9D9"
BAND_FILL: Final = "#DDE6F1"  # a group heading's band: light, so that it prints well in grey too
ALERT_FONT: Final = "#9C0006"
ARCHIVED_FILL: Final = "#E7E6E6"  # the archived offers' status colour
ARCHIVED_FONT: Final = "#595959"
GRID: Final = "#BFBFBF"
ID_LOOK: Final[dict[str, Any]] = {"font_color": "#7F7F7F", "num_format": "0"}
_TRIGGERS: Final = frozenset(FORMULA_TRIGGERS)


@contextlib.contextmanager
def streamed_workbook(path: Path, as_of: dt.date, title: str) -> Iterator[xlsxwriter.Workbook]:
    """A workbook that streams rows to disk (flat memory) and never turns text into formulas, written
    to `path` when the block ends; if the block raises (a cancel, an error), nothing is written and the
    row files xlsxwriter keeps in the temporary folder are closed and removed.

    The document's creation date is `as_of` (the core never reads the clock), which also makes two
    exports of the same entries byte-identical. Python's cyclic garbage collector is paused meanwhile
    (see `collector_paused`).
    """
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            # Every cell wraps and sits at the top unless its format says otherwise: most text cells then
            # need no format of their own, which keeps the streamed rows as cheap as a raw write.
            "default_format_properties": {
                "font_name": FONT_NAME,
                "font_size": FONT_SIZE,
                "text_wrap": True,
                "valign": "top",
            },
        },
    )
    wb.set_properties(
        {"title": title, "author": "StewardDesk", "created": dt.datetime.combine(as_of, dt.time())}
    )
    with collector_paused():
        try:
            yield wb
        except BaseException:
            _discard(wb)
            raise
        wb.close()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block (as it was before, after it).

    xlsxwriter keeps a record for every row given a height (`set_row`), and each full collection walks
    them all again: at 100,000 rows, about 5 % of the export's time went to collections that found
    nothing (the export's own objects form no cycles; reference counting frees them). Other threads'
    cyclic garbage, if any, waits for the end of the export; memory is otherwise unchanged.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _discard(wb: xlsxwriter.Workbook) -> None:
    # xlsxwriter has no "abandon": in constant_memory mode each sheet holds an open temporary file of
    # rows, normally removed by close(). Close and remove them ourselves.
    for ws in wb.worksheets():
        fh = getattr(ws, "row_data_fh", None)
        name = getattr(ws, "row_data_filename", None)
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()
        if name:
            with contextlib.suppress(OSError):
                Path(name).unlink()


def width(f: Field) -> float:
    return _WIDTHS.get(f.name, 18)


@dataclass
class ColumnFormats:
    """The formats of one column: its cells (also the column's default, for the cells not written; None:
    the workbook's default, wrapped and top-aligned), and its text that starts like a formula."""

    cell: Format | None
    formula_like: Format


class Styles:
    """The formats of one workbook (xlsxwriter formats belong to their workbook).

    `editable`: the columns partners may change are unlocked (review workbooks, whose sheet is protected);
    their text cells are formatted as text (« @ ») so « 0491… » keeps its leading zero when retyped.
    """

    def __init__(self, wb: xlsxwriter.Workbook, kind: EntryKind, *, editable: bool) -> None:
        self.wb = wb
        self.kind = kind
        self.editable = editable
        # Titles and captions overflow into the empty cells to their right: they must not wrap.
        self.title = wb.add_format(
            {"bold": True, "font_size": 14, "font_color": HEADER_FILL, "text_wrap": False}
        )
        self.subtitle = wb.add_format({"italic": True, "font_color": "#404040", "text_wrap": False})
        self.header = wb.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_FILL,
                "text_wrap": True,
                "valign": "vcenter",
                "border": 1,
                "border_color": "#BFBFBF",
            }
        )
        # A group's heading row (actions by orientation): a tinted band over the table's width, its text
        # overflowing from the first cell (not merged: Excel refuses to sort a range holding merged cells).
        band: dict[str, Any] = {
            "bold": True,
            "font_size": 11,
            "font_color": HEADER_FILL,
            "bg_color": BAND_FILL,
            "text_wrap": False,
            "valign": "vcenter",
            "top": 1,
            "bottom": 1,
            "top_color": HEADER_FILL,
            "bottom_color": HEADER_FILL,
        }
        self.band = wb.add_format(band)
        self.band_formula_like = wb.add_format({**band, "quote_prefix": True})  # stays text when edited
        self.bold = wb.add_format({"bold": True, "text_wrap": False})
        self.bold_top = wb.add_format({"bold": True, "valign": "top", "align": "right"})
        self.number = wb.add_format(
            {"num_format": "0", "border": 1, "border_color": "#BFBFBF", "valign": "top"}
        )
        self.number_bold = wb.add_format(
            {"num_format": "0", "bold": True, "border": 1, "border_color": "#BFBFBF"}
        )
        self.label = wb.add_format(
            {"border": 1, "border_color": "#BFBFBF", "text_wrap": True, "valign": "top"}
        )
        self.label_bold = wb.add_format(
            {"bold": True, "border": 1, "border_color": "#BFBFBF", "bg_color": "#F2F2F2"}
        )
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.grid = wb.add_format({"border": 1, "border_color": GRID})
        self.alert_highlight = wb.add_format(
            {"bg_color": ALERT_FILL, "font_color": ALERT_FONT, "border": 1, "border_color": GRID}
        )
        self.archived_note = wb.add_format(
            {
                "bg_color": ARCHIVED_FILL,
                "font_color": ARCHIVED_FONT,
                "italic": True,
                "border": 1,
                "border_color": GRID,
            }
        )
        status_vocab = STATUS_VOCAB[kind]
        self.status_vocab = status_vocab
        self.status_fill = {
            code: wb.add_format({"bg_color": colour, "border": 1, "border_color": GRID})
            for code, colour in STATUS_COLOURS[status_vocab].items()
        }
        self.status_key = {
            code: wb.add_format(
                {"bg_color": colour, "border": 1, "border_color": "#BFBFBF", "align": "center"}
            )
            for code, colour in STATUS_COLOURS[status_vocab].items()
        }
        self.status_label_cell = {
            code: wb.add_format({"bg_color": colour, "border": 1, "border_color": "#BFBFBF"})
            for code, colour in STATUS_COLOURS[status_vocab].items()
        }
        self.columns: list[ColumnFormats] = [self._field_formats(f) for f in FIELDS[kind]]
        alerts = self._formats({}, locked=True)  # its colour comes from a conditional format
        # The id is shown greyed in review workbooks; the formatted export hides its column.
        ident = self._formats(ID_LOOK if editable else {}, locked=True)
        self.columns += [alerts, ident]
        # The same, as two plain lists: the innermost loop indexes them directly.
        self.cell_formats = [c.cell for c in self.columns]
        self.quoted_formats = [c.formula_like for c in self.columns]
        self.widths: list[float] = [width(f) for f in FIELDS[kind]] + [ALERTS_WIDTH, ID_WIDTH]
        self.rooms = [capacity(w) for w in self.widths]

    def visible_rooms(self, hidden: Sequence[int]) -> list[int]:
        """`rooms` where hidden columns never ask for a taller row."""
        return [HIDDEN_ROOM if col in hidden else n for col, n in enumerate(self.rooms)]

    def _formats(self, props: dict[str, Any], *, locked: bool) -> ColumnFormats:
        """A column's formats. No border: the table's grid is one conditional format (`decorate_table`),
        so empty cells need not be written at all. A plain column of a read-only table needs no format
        (the workbook's default wraps), except for text that starts like a formula."""
        base = dict(props)
        if self.editable and not locked:
            base["locked"] = False
        formula_like = self.wb.add_format({**base, "quote_prefix": True})
        if not base:
            return ColumnFormats(None, formula_like)
        return ColumnFormats(self.wb.add_format(base), formula_like)

    def _field_formats(self, f: Field) -> ColumnFormats:
        if f.type == "date":
            return self._formats({"num_format": DATE_FORMAT, "align": "left"}, locked=False)
        if self.editable:
            return self._formats({"num_format": "@"}, locked=False)
        return self._formats({}, locked=False)

    def status_label(self, code: str) -> str:
        return vocab.label(self.status_vocab, code, "fr")


def column_index(kind: EntryKind, header: str) -> int:
    return export_columns(kind).index(header)


def status_column(kind: EntryKind) -> int:
    return [f.name for f in FIELDS[kind]].index("status")


def row_height(cells: Sequence[Cell], rooms: Sequence[int]) -> float | None:
    """The height (points) that shows every line of wrapped text, or None for a one-line row; `rooms`:
    each column's line, in `text_width` units (`text_width.capacity`).

    Neither Excel nor LibreOffice fits the height of rows to wrapped text when opening a file, so the
    export sets it, from the text's words and line breaks against the column's width.
    """
    candidates: list[_Candidate] = []
    for cell, room in zip(cells, rooms, strict=False):
        if cell is None or isinstance(cell, (int, dt.date)):
            continue
        text = cell if type(cell) is str else str(cell)
        candidate = _candidate(text, room)
        if candidate is not None:
            candidates.append(candidate)
    return _height(candidates)


def _candidate(text: str, room: int) -> _Candidate | None:
    """(a lower bound of its lines, text, room, its widths or None) for a text that may take several
    lines; None for one that surely takes one."""
    if "\n" in text:
        return (text.count("\n") + 1, text, room, None)
    if len(text) * WIDE <= room:
        return None
    widths = char_widths(text)
    width = sum_widths(widths)
    return (-(-width // room), text, room, widths) if width > room else None


_Candidate: TypeAlias = tuple[int, str, int, bytes | None]
_LOWER: Final = operator.itemgetter(0)


def _height(candidates: list[_Candidate]) -> float | None:
    """The height for the longest of these texts (lower bound, text, room). Only the texts that may be
    the tallest are wrapped word by word: one whose lower bound (its width over the line's) is under half
    the tallest found cannot overtake it unless it wastes half of every line."""
    if not candidates:
        return None
    if len(candidates) > 1:
        candidates.sort(key=_LOWER, reverse=True)
    lines = 1
    for lower, text, room, widths in candidates:
        if lower * 2 + 1 <= lines:
            break
        lines = max(lines, wrapped_lines(text, room, widths))
    return _points(lines)


def _points(lines: int) -> float | None:
    return None if lines == 1 else min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)


@functools.cache
def _pixels(lines: int) -> int:
    """The row height of `lines` lines (> 1) in pixels, as `Worksheet.set_row` turns points into pixels
    before it calls `set_row_pixels` (one call less per row, the same file)."""
    points = _points(lines)
    assert points is not None
    return int(points * 4.0 / 3.0 + 0.5)


# Excel counts days from 1899-12-30 (its phantom 29 February 1900 makes that hold from March 1900 on).
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_SERIAL_SAFE: Final = dt.date(1900, 3, 1)


@functools.lru_cache(maxsize=16384)
def excel_serial(day: dt.date) -> int:
    """The serial number Excel stores for `day` (from 1900-03-01 on): what `write_datetime` computes,
    cached, since an export of 100,000 entries holds a few thousand distinct dates."""
    return (day - _EXCEL_EPOCH).days


def workbook_date(cell: Cell) -> Cell:
    """`cell` as `write_entry_row` writes it: a date from 1900-03-01 on as its serial number (an int,
    shown as a date by the date column's format), anything else unchanged (earlier dates go through
    `write_datetime`, which knows Excel's phantom 29 February 1900)."""
    if isinstance(cell, dt.date) and cell >= _SERIAL_SAFE:
        return excel_serial(cell)
    return cell


def cell_writers(ws: Worksheet) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """`ws.write_string` and `ws.write_number`, for cells given by row and column numbers.

    xlsxwriter's public methods are wrapped by a decorator that first tries each call's row as A1
    notation, then call their undecorated versions (`_write_string`, `_write_number`, with the same
    arguments): calling those directly saves 6 % of an export of 100,000 entries. The public methods
    if a release renames them; a test checks that both write the same bytes."""
    string, number = getattr(ws, "_write_string", None), getattr(ws, "_write_number", None)
    if callable(string) and callable(number):
        return string, number
    return ws.write_string, ws.write_number


def write_entry_row(
    ws: Worksheet,
    styles: Styles,
    row: int,
    cells: Sequence[Cell],
    rooms: Sequence[int] | None = None,
) -> None:
    """One entry's cells on sheet row `row`: see `write_entry_rows`."""
    write_entry_rows(ws, styles, row, [cells], rooms)


def write_entry_rows(
    ws: Worksheet,
    styles: Styles,
    first_row: int,
    rows: Iterable[Sequence[Cell]],
    rooms: Sequence[int] | None = None,
    *,
    level: int = 0,
) -> int:
    """Entries' cells, one sheet row each from `first_row` on; returns the row after the last.

    Text as text (quote-prefixed when it starts like a formula), real dates, the id as a number, each row
    tall enough for its wrapped text (`rooms`: the sheet's, if some columns are hidden). Empty
    cells are not written: the column's format and the table's grid cover them. An int in a date column
    is a date's serial number (`workbook_date`), shown as the date by the column's format. Any other
    value (a str subclass, an odd stored value) is written as its text. `level`: the rows' outline level
    (1: the detail rows of a group under its heading row), set on every row.

    One pass over each row's cells (this is the export's innermost loop); a row's height is set after its
    cells, which xlsxwriter's streaming mode allows until the next row is started."""
    plain, quoted = styles.cell_formats, styles.quoted_formats
    line_rooms = rooms or styles.rooms
    # Texts up to this long surely fit on one line, whatever their characters.
    sure = [room // WIDE for room in line_rooms]
    table, errors, safe = WIDTHS_TABLE, WIDTHS_ERRORS, SAFE_CHARS
    write_string, write_number = cell_writers(ws)
    set_row_pixels = ws.set_row_pixels
    triggers = _TRIGGERS
    outline = {"level": level} if level else None
    row = first_row
    for cells in rows:
        candidates: list[_Candidate] = []  # the texts that may take several lines
        for col, cell in enumerate(cells):
            if cell is None:
                continue
            if type(cell) is not str:
                if isinstance(cell, int):
                    write_number(row, col, cell, plain[col])
                    continue
                if isinstance(cell, dt.date):
                    if cell >= _SERIAL_SAFE:
                        write_number(row, col, excel_serial(cell), plain[col])
                    else:
                        ws.write_datetime(row, col, cell, plain[col])
                    continue
                cell = str(cell)
            write_string(row, col, cell, quoted[col] if cell[:1] in triggers else plain[col])
            if len(cell) > sure[col] or "\n" in cell:
                # `_candidate`, inline for the common case (no line break)
                room = line_rooms[col]
                if "\n" in cell:
                    candidates.append((cell.count("\n") + 1, cell, room, None))
                else:
                    # `char_widths` and `sum_widths`, inline
                    widths = cell.encode("latin-1", errors).translate(table)
                    width = (adler32(widths) & 0xFFFF) - 1 if len(widths) <= safe else sum_widths(widths)
                    if width > room:
                        candidates.append((-(-width // room), cell, room, widths))
        if candidates:
            # `_height`, inline: this runs for nearly every row.
            if len(candidates) > 1:
                candidates.sort(key=_LOWER, reverse=True)
            lines = 1
            for lower, text, room, known in candidates:
                if lower * 2 + 1 <= lines:
                    break
                lines = max(lines, wrapped_lines(text, room, known))
            if lines > 1:
                set_row_pixels(row, _pixels(lines), None, outline)
            elif outline is not None:
                set_row_pixels(row, None, None, outline)
        elif outline is not None:
            set_row_pixels(row, None, None, outline)  # the default height, in its group
        row += 1
    return row


def set_columns(ws: Worksheet, styles: Styles, *, hidden: Sequence[int] = ()) -> None:
    for col, (w, fmt) in enumerate(zip(styles.widths, styles.columns, strict=True)):
        ws.set_column(col, col, w, fmt.cell, {"hidden": True} if col in hidden else None)


def decorate_table(
    ws: Worksheet,
    styles: Styles,
    first_row: int,
    last_entry: int,
    last_row: int,
    *,
    headings: bool = False,
) -> None:
    """The table's conditional formats: the status column coloured by its text (an edited status
    re-colours itself), flagged cells highlighted (an archived action's « Archivée » greyed instead), and
    the grid over the entries' rows. Statuses and
    flags are decorated down to `last_row` (rows partners may add); the grid stops at `last_entry`.
    Each format carries the grid's border too, because LibreOffice applies only the first matching one.
    `headings`: the table holds group heading rows, which the grid leaves alone (its lines would cross
    the heading's text): it is drawn on the rows whose ID cell is filled.
    """
    col = status_column(styles.kind)
    for code, fmt in styles.status_fill.items():
        label = styles.status_label(code).replace('"', '""')
        ws.conditional_format(
            first_row,
            col,
            last_row,
            col,
            {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": fmt},
        )
    alerts = column_index(styles.kind, "Alertes")
    if styles.kind == "actions":
        # An archived action's « Archivée » in grey, not as an alert: first, since it stops the others.
        archived = ARCHIVED_ACTION.render("fr")
        ws.conditional_format(
            first_row,
            alerts,
            last_row,
            alerts,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{archived}"',
                "format": styles.archived_note,
                "stop_if_true": True,
            },
        )
    ws.conditional_format(
        first_row, alerts, last_row, alerts, {"type": "no_blanks", "format": styles.alert_highlight}
    )
    if last_entry >= first_row:
        grid: dict[str, Any] = {"type": "no_errors", "format": styles.grid}
        if headings:
            id_cell = f"${xl_col_to_name(column_index(styles.kind, 'ID'))}{first_row + 1}"
            grid = {"type": "formula", "criteria": f'={id_cell}<>""', "format": styles.grid}
        ws.conditional_format(first_row, 0, last_entry, len(styles.widths) - 1, grid)


def write_status_key(
    ws: Worksheet, styles: Styles, row: int, caption: str, *, hidden: Sequence[int] = ()
) -> None:
    """The key of the status colours on one row: a caption, then each status in its colour (skipping
    the hidden columns)."""
    ws.write_string(row, 0, caption, styles.bold)
    visible = (c for c in range(1, len(styles.widths)) if c not in hidden)
    for col, (code, fmt) in zip(visible, styles.status_key.items(), strict=False):
        ws.write_string(row, col, styles.status_label(code), fmt)


def set_print_layout(ws: Worksheet, header_row: int, *, footer: str) -> None:
    """A4 landscape, fit to the page width, the header row repeated on every page, page numbers."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(f"&L&8{_header_footer_text(footer)}&R&8Page &P / &N")


def _header_footer_text(text: str) -> str:
    # «&» starts a code in headers and footers; the text is cut to keep within Excel's 255 characters.
    return text.replace("&", "&&")[:200]
