"""The formatted workbook export: a table people print or put on a meeting's screen.

Layout of each data sheet: a title line (what, which catalogue, as of when), the filter used, the key of
the status colours, then DESIGN.md's header row (frozen, with an autofilter) and one row per entry. Long
text wraps in readable widths, dates are real dates, statuses are coloured, `Alertes` holds the flags'
reasons, and the `ID` column is hidden (it stays in the file for re-imports). Prints A4 landscape, fit to
the page width, the header repeated on every page.

Actions are grouped by orientation, one sheet per orientation (in the orientations' text order, the
actions without one first), each in the query's order; past `MAX_ORIENTATION_SHEETS` orientations they
share one sheet. A summary sheet comes first: counts by status × term, by carrier type, by orientation
(in the order the export meets them) and by flag.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Final

from xlsxwriter.worksheet import Worksheet

from stewarddesk.exporting.cells import Cell
from stewarddesk.exporting.stream import Page
from stewarddesk.exporting.summary import COUNT_WIDTH, LABEL_WIDTH, Summary
from stewarddesk.exporting.xlsx_style import (
    Styles,
    column_index,
    decorate_table,
    set_columns,
    set_print_layout,
    streamed_workbook,
    write_entry_rows,
    write_status_key,
)
from stewarddesk.fields import EntryKind, export_columns
from stewarddesk.i18n import Msg, Plural

MAX_ORIENTATION_SHEETS: Final = 30
_ORIENTATION_CELL: Final = operator.itemgetter(column_index("actions", "Orientation"))  # of a row's cells
TITLE_ROW: Final = 0
FILTER_ROW: Final = 1
KEY_ROW: Final = 2
HEADER_ROW: Final = 3

_TITLE = {
    "actions": Msg(
        "exporting.xlsx.title_actions",
        "Feuille de route Innov Provence — actions — catalogue « {catalogue} » au {date}",
        "Innov Provence roadmap — actions — catalogue “{catalogue}” as of {date}",
    ),
    "offers": Msg(
        "exporting.xlsx.title_offers",
        "Offres de l'écosystème d'innovation — catalogue « {catalogue} » au {date}",
        "Innovation ecosystem offers — catalogue “{catalogue}” as of {date}",
    ),
}
_FILTER = Plural(
    "exporting.xlsx.filter",
    ("Filtre : {filter} — {count} entrée", "Filtre : {filter} — {count} entrées"),
    ("Filter: {filter} — {count} entry", "Filter: {filter} — {count} entries"),
)
_FILTER_ORIENTATION = Plural(
    "exporting.xlsx.filter_orientation",
    (
        "Filtre : {filter} — orientation : {orientation} — {count} action",
        "Filtre : {filter} — orientation : {orientation} — {count} actions",
    ),
    (
        "Filter: {filter} — orientation: {orientation} — {count} action",
        "Filter: {filter} — orientation: {orientation} — {count} actions",
    ),
)
_KEY = Msg("exporting.xlsx.key", "Statuts :", "Statuses:")
_SUMMARY_SHEET = Msg("exporting.xlsx.summary_sheet", "Synthèse", "Summary")
_SUMMARY_TITLE = Msg("exporting.xlsx.summary_title", "Synthèse — {title}", "Summary — {title}")
_NO_ORIENTATION = Msg("exporting.xlsx.no_orientation", "Sans orientation", "No orientation")
_ALL_ACTIONS = Msg("exporting.xlsx.all_actions", "Actions", "Actions")
_OFFERS_SHEET = Msg("exporting.xlsx.offers_sheet", "Offres", "Offers")

# Excel refuses these characters in sheet names, and names longer than 31 characters.
_SHEET_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX: Final = 31


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name for `text`: forbidden characters dropped, cut at a word, made unique."""
    name = " ".join(_SHEET_FORBIDDEN.sub(" ", text).split()).strip("'") or "Feuille"
    if len(name) > _SHEET_MAX:
        cut = name[: _SHEET_MAX - 1]
        if " " in cut[10:]:
            cut = cut[: cut.rindex(" ")]
        name = cut.rstrip(" ,;.'-") + "…"
    candidate, n = name, 2
    while candidate.casefold() in taken or candidate.casefold() == "history":
        suffix = f" ({n})"
        candidate = name[: _SHEET_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


class _DataSheet:
    """One table sheet being streamed: its next row and what its title block says."""

    def __init__(self, ws: Worksheet, styles: Styles, filter_line: str) -> None:
        self.ws = ws
        self.styles = styles
        self.filter_line = filter_line
        self.next_row = HEADER_ROW + 1
        self.count = 0
        self.rooms = styles.rooms

    def start(self, title: str, *, hide: Sequence[int]) -> None:
        ws, styles = self.ws, self.styles
        set_columns(ws, styles, hidden=hide)
        self.rooms = styles.visible_rooms(hide)
        ws.set_row(HEADER_ROW, 30)
        ws.write_string(TITLE_ROW, 0, title, styles.title)
        ws.write_string(FILTER_ROW, 0, self.filter_line, styles.subtitle)
        write_status_key(ws, styles, KEY_ROW, _KEY.render("fr"), hidden=hide)
        for col, name in enumerate(export_columns(styles.kind)):
            ws.write_string(HEADER_ROW, col, name, styles.header)
        ws.freeze_panes(HEADER_ROW + 1, 0)
        set_print_layout(ws, HEADER_ROW, footer=title)

    def add(self, rows: Sequence[Sequence[Cell]]) -> None:
        self.next_row = write_entry_rows(self.ws, self.styles, self.next_row, rows, self.rooms)
        self.count += len(rows)

    def finish(self) -> None:
        last = max(self.next_row - 1, HEADER_ROW + 1)
        ncols = len(export_columns(self.styles.kind))
        self.ws.autofilter(HEADER_ROW, 0, last, ncols - 1)
        decorate_table(self.ws, self.styles, HEADER_ROW + 1, self.next_row - 1, last)


def write_formatted(
    path: Path,
    kind: EntryKind,
    pages: Iterable[Page],
    *,
    index: Callable[[str], int],
    catalogue_name: str,
    as_of: dt.date,
    filter_text: str,
    total: int,
    orientations: Mapping[str | None, int] | None = None,
) -> int:
    """Write the formatted workbook to `path`; returns the number of entries written.

    `pages`: the entries as `WorkbookRows.pages` gives them, and `index` where their stored values sit;
    `orientations` (actions): the selection's orientations (None: empty) with their counts, in the
    order of their sheets (`Selection.groups`);
    `total`: the number of entries `pages` will give (for the title lines, written first).
    """
    title = _TITLE[kind].render("fr", catalogue=catalogue_name, date=as_of.strftime("%d/%m/%Y"))
    with streamed_workbook(path, as_of, title) as wb:
        styles = Styles(wb, kind, editable=False)
        taken: set[str] = set()
        summary_ws = wb.add_worksheet(sheet_name(_SUMMARY_SHEET.render("fr"), taken))
        summary = Summary(kind, index, orientations)
        orientations = orientations or {}
        id_col = column_index(kind, "ID")
        sheets: dict[str | None, _DataSheet] = {}
        names: dict[str, str] = {}
        per_orientation = 0 < len(orientations) <= MAX_ORIENTATION_SHEETS
        if per_orientation:
            for orientation, n in orientations.items():
                label = orientation or _NO_ORIENTATION.render("fr")
                ws = wb.add_worksheet(sheet_name(label, taken))
                names[orientation or ""] = ws.get_name()
                line = _FILTER_ORIENTATION.render("fr", n, filter=filter_text, orientation=label)
                sheet = _DataSheet(ws, styles, line)
                # Every row of this sheet has the same orientation: its column would only repeat the title.
                sheet.start(title, hide=(id_col, column_index(kind, "Orientation")))
                sheets[orientation] = sheet
        else:
            label = (_ALL_ACTIONS if kind == "actions" else _OFFERS_SHEET).render("fr")
            sheet = _DataSheet(
                wb.add_worksheet(sheet_name(label, taken)),
                styles,
                _FILTER.render("fr", total, filter=filter_text),
            )
            sheet.start(title, hide=(id_col,))
        count = 0
        for page in pages:
            summary.add(page)
            if kind == "actions":
                # Each run of rows of one orientation, written as one batch to its sheet (the summary
                # lists orientations in the order met). The orientation's cell holds its stored text,
                # None when empty: the groups' key.
                runs = [(key, list(batch)) for key, batch in groupby(page.cells, _ORIENTATION_CELL)]
                summary.meet(key for key, _ in runs)
                for key, batch in runs:
                    (sheets[key] if per_orientation else sheet).add(batch)
            else:
                sheet.add(page.cells)
            count += len(page.cells)
        for s in sheets.values() if per_orientation else [sheet]:
            s.finish()
        summary_ws.set_column(0, 0, LABEL_WIDTH, styles.wrap)
        summary_ws.set_column(1, 12, COUNT_WIDTH)
        summary_ws.write_string(0, 0, _SUMMARY_TITLE.render("fr", title=title), styles.title)
        summary_ws.write_string(1, 0, _FILTER.render("fr", count, filter=filter_text), styles.subtitle)
        summary.write(summary_ws, styles, 3, names)
        summary_ws.set_landscape()
        summary_ws.set_paper(9)
        summary_ws.fit_to_pages(1, 0)
    return count
