"""CSV exports in the dialect French Excel opens with a double click.

DESIGN.md: UTF-8 with a BOM (without it Excel reads the file as Windows-1252), «;» as separator (French
Excel's list separator, since «,» is the decimal mark), dates as `YYYY-MM-DD`, one header row, no title.
Rows end with CRLF like Excel's own CSV; fields holding «;», quotes or line breaks are quoted.
Every text field goes through `cells.csv_safe`, so nothing starts like a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import IO, Final

from stewarddesk.exporting.cells import Cell, csv_safe, display_cells
from stewarddesk.exporting.source import ExportRow
from stewarddesk.fields import EntryKind, export_columns

ENCODING: Final = "utf-8-sig"  # writes the BOM first
DELIMITER: Final = ";"


def csv_text(cell: Cell) -> str:
    """One cell as CSV text: ISO dates, neutralised text, empty for nothing."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, int):
        return str(cell)
    return csv_safe(cell)


def write_csv(stream: IO[str], kind: EntryKind, pages: Iterable[Sequence[ExportRow]]) -> int:
    """Write the header and every row to `stream` (opened with `newline=""` and `ENCODING`).

    Returns the number of entries written.
    """
    writer = csv.writer(stream, delimiter=DELIMITER, quotechar='"', lineterminator="\r\n")
    writer.writerow(export_columns(kind))
    count = 0
    for rows in pages:
        writer.writerows([csv_text(c) for c in display_cells(kind, r.entry, r.flags)] for r in rows)
        count += len(rows)
    return count
