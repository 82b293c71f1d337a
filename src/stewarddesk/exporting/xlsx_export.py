"""The formatted workbook export: a table people print or put on a meeting's screen.

Layout of the data sheet: a title line (what, which catalogue, as of when), the filter used, the key of
the status colours, then DESIGN.md's header row (frozen, with an autofilter) and one row per entry. Long
text wraps in readable widths, dates are real dates, statuses are coloured, `Alertes` holds the flags'
reasons, and the `ID` column is hidden (it stays in the file for re-imports). Prints A4 landscape, fit to
the page width, the header repeated on every page.

Actions are grouped by orientation on that one sheet (in the orientations' text order, the actions
without one first, each group in the query's order): a heading row in a tinted band names the
orientation (outline level 0), its actions follow at outline level 1, so Excel's outline buttons fold
them. The Orientation column stays filled on every action's row: it is a contract column, and the
import recognises the heading rows by it (a lone text equal to the Orientation of the rows below). One
sheet, so a partner's edits anywhere come back in one import. A summary sheet comes first: counts by
status × term, by carrier type, by orientation (in the order the export meets them) and by flag.
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

from stewarddesk.exporting.cells import FORMULA_TRIGGERS, Cell
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
from stewarddesk.fields import NO_ORIENTATION, EntryKind, export_columns
from stewarddesk.i18n import Msg, Plural

BAND_HEIGHT: Final = 18.0  # a group heading's row: its bold 11-point text with some air
_NO_GROUP: Final = object()  # the orientation before the first row (None is an orientation: empty)
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
_KEY = Msg("exporting.xlsx.key", "Statuts :", "Statuses:")
_SUMMARY_SHEET = Msg("exporting.xlsx.summary_sheet", "Synthèse", "Summary")
_SUMMARY_TITLE = Msg("exporting.xlsx.summary_title", "Synthèse — {title}", "Summary — {title}")
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
    """The table sheet being streamed: its next row and what its title block says."""

    def __init__(self, ws: Worksheet, styles: Styles, filter_line: str) -> None:
        self.ws = ws
        self.styles = styles
        self.filter_line = filter_line
        self.next_row = HEADER_ROW + 1
        self.count = 0
        self.rooms = styles.rooms
        self.hidden: frozenset[int] = frozenset()
        self.headings = False  # whether a group heading row was written

    def start(self, title: str, *, hide: Sequence[int]) -> None:
        ws, styles = self.ws, self.styles
        set_columns(ws, styles, hidden=hide)
        self.rooms = styles.visible_rooms(hide)
        self.hidden = frozenset(hide)
        ws.set_row(HEADER_ROW, 30)
        ws.write_string(TITLE_ROW, 0, title, styles.title)
        ws.write_string(FILTER_ROW, 0, self.filter_line, styles.subtitle)
        write_status_key(ws, styles, KEY_ROW, _KEY.render("fr"), hidden=hide)
        for col, name in enumerate(export_columns(styles.kind)):
            ws.write_string(HEADER_ROW, col, name, styles.header)
        ws.freeze_panes(HEADER_ROW + 1, 0)
        set_print_layout(ws, HEADER_ROW, footer=title)

    def heading(self, text: str) -> None:
        """A group's heading row: `text` in a band over the visible columns, at outline level 0 (the
        group's rows, at level 1, fold under it: summary rows above their detail)."""
        ws, band, row = self.ws, self.styles.band, self.next_row
        if not self.headings:
            self.headings = True
            ws.outline_settings(True, False, True, False)
        ws.set_row(row, BAND_HEIGHT)
        ws.write_string(row, 0, text, self.styles.band_formula_like if text[:1] in FORMULA_TRIGGERS else band)
        for col in range(1, len(self.rooms)):
            if col not in self.hidden:
                ws.write_blank(row, col, None, band)
        self.next_row += 1

    def add(self, rows: Sequence[Sequence[Cell]], *, level: int = 0) -> None:
        self.next_row = write_entry_rows(self.ws, self.styles, self.next_row, rows, self.rooms, level=level)
        self.count += len(rows)

    def finish(self) -> None:
        last = max(self.next_row - 1, HEADER_ROW + 1)
        ncols = len(export_columns(self.styles.kind))
        self.ws.autofilter(HEADER_ROW, 0, last, ncols - 1)
        decorate_table(self.ws, self.styles, HEADER_ROW + 1, self.next_row - 1, last, headings=self.headings)


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
    actions come grouped by orientation (`Selection.group_by`): a heading row starts each run of one
    orientation. `orientations` (actions): the selection's orientations (None: empty) with their counts;
    `total`: the number of entries `pages` will give (for the title lines, written first).
    """
    title = _TITLE[kind].render("fr", catalogue=catalogue_name, date=as_of.strftime("%d/%m/%Y"))
    with streamed_workbook(path, as_of, title) as wb:
        styles = Styles(wb, kind, editable=False)
        taken: set[str] = set()
        summary_ws = wb.add_worksheet(sheet_name(_SUMMARY_SHEET.render("fr"), taken))
        summary = Summary(kind, index, orientations)
        label = (_ALL_ACTIONS if kind == "actions" else _OFFERS_SHEET).render("fr")
        sheet = _DataSheet(
            wb.add_worksheet(sheet_name(label, taken)),
            styles,
            _FILTER.render("fr", total, filter=filter_text),
        )
        sheet.start(title, hide=(column_index(kind, "ID"),))
        no_orientation = NO_ORIENTATION.render("fr")
        current: object = _NO_GROUP
        count = 0
        for page in pages:
            summary.add(page)
            if kind == "actions":
                # Each run of rows of one orientation, written as one batch under its heading (the
                # summary lists orientations in the order met). The orientation's cell holds its stored
                # text, None when empty: the groups' key.
                runs = [(key, list(batch)) for key, batch in groupby(page.cells, _ORIENTATION_CELL)]
                summary.meet(key for key, _ in runs)
                for key, batch in runs:
                    if key != current:
                        sheet.heading(str(key) if key is not None else no_orientation)
                        current = key
                    sheet.add(batch, level=1)
            else:
                sheet.add(page.cells)
            count += len(page.cells)
        sheet.finish()
        summary_ws.set_column(0, 0, LABEL_WIDTH, styles.wrap)
        summary_ws.set_column(1, 12, COUNT_WIDTH)
        summary_ws.write_string(0, 0, _SUMMARY_TITLE.render("fr", title=title), styles.title)
        summary_ws.write_string(1, 0, _FILTER.render("fr", count, filter=filter_text), styles.subtitle)
        summary.write(summary_ws, styles, 3)
        summary_ws.set_landscape()
        summary_ws.set_paper(9)
        summary_ws.fit_to_pages(1, 0)
    return count
