"""Reading exported workbooks back in tests, with openpyxl (a reader independent of the writer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def load(path: Path) -> Workbook:
    return openpyxl.load_workbook(path)


def cells(wb: Workbook) -> Iterator[tuple[str, Cell]]:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


def assert_no_formula(path: Path) -> None:
    """No cell of any sheet is a formula, and no cell's value is a text starting with «=»
    that a reader would take for a formula."""
    wb = load(path)
    checked = 0
    for sheet, cell in cells(wb):
        checked += 1
        assert cell.data_type != "f", f"{sheet}!{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str) and cell.value.startswith("="):
            # Written as a string cell (data type «s»), it is text; openpyxl would have said «f» otherwise.
            assert cell.data_type == "s", f"{sheet}!{cell.coordinate}"
    assert checked > 0


def header_row(ws: Worksheet, first: str) -> int:
    """The 1-based number of the row whose first cell is `first` (the header row under a title)."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return int(row[0].row)
    raise AssertionError(f"no header row starting with {first!r} in {ws.title}")


def table(ws: Worksheet, first: str) -> tuple[list[Any], list[list[Any]]]:
    """(header, data rows) of the table whose header starts with `first`; trailing empty rows dropped."""
    start = header_row(ws, first)
    rows = [list(r) for r in ws.iter_rows(min_row=start, values_only=True)]
    header, data = rows[0], rows[1:]
    while data and all(v is None for v in data[-1]):
        data.pop()
    return header, data


def records(ws: Worksheet, first: str) -> list[dict[str, Any]]:
    header, data = table(ws, first)
    return [dict(zip(header, row, strict=False)) for row in data]


def as_date(value: Any) -> dt.date:
    assert isinstance(value, dt.datetime | dt.date), f"{value!r} is not a date"
    return value.date() if isinstance(value, dt.datetime) else value


def entry_records(ws: Worksheet, first: str) -> list[dict[str, Any]]:
    """`records` of the entries only: the group heading rows (no ID) left out."""
    return [r for r in records(ws, first) if r.get("ID") is not None]


def layout(ws: Worksheet, first: str) -> list[tuple[str, Any, int]]:
    """Each row under the header as ("heading", its text, outline level) for a group heading (no ID),
    ("entry", its first cell, outline level) for an entry."""
    start = header_row(ws, first)
    header = [c.value for c in ws[start]]
    id_col = header.index("ID")
    out: list[tuple[str, Any, int]] = []
    for row in ws.iter_rows(min_row=start + 1):
        values = [c.value for c in row]
        if all(v is None for v in values):
            continue
        what = "entry" if values[id_col] is not None else "heading"
        out.append((what, values[0], int(ws.row_dimensions[row[0].row].outline_level or 0)))
    return out
