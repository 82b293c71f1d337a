from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import xlsxwriter

from stewarddesk.exporting.text_width import UNIT, capacity
from stewarddesk.exporting.xlsx_style import HIDDEN_ROOM, LINE_HEIGHT, excel_serial, row_height

D = UNIT  # a digit's width: digits make texts whose widths are easy to count (a space is half a digit)


def test_row_height_follows_the_tallest_cell() -> None:
    assert row_height(["court", None, dt.date(2024, 1, 1), 7], [10 * D] * 4) is None
    two = row_height(["123 456 789", "0"], [7 * D, 7 * D])  # « 123 456 » / « 789 »
    assert two == 2 * LINE_HEIGHT + 2
    tall = row_height(["0 " * 50, "1\n2\n3"], [10 * D, 50 * D])  # seven « 0 » a line: 7 + 6 halves
    assert tall == 8 * LINE_HEIGHT + 2
    # a short cell whose words waste most of each line still wins when it is the tallest
    assert row_height(["123456 123456 123456", "0" * 25], [11 * D, 20 * D]) == 3 * LINE_HEIGHT + 2


def test_wide_letters_take_more_lines_than_narrow_ones() -> None:
    room = capacity(20)
    assert row_height(["illicite " * 6], [room]) == 2 * LINE_HEIGHT + 2
    assert row_height(["MÉTROPOLE " * 6], [room]) == 6 * LINE_HEIGHT + 2  # one word a line


def test_hidden_columns_never_make_a_row_taller() -> None:
    assert row_height(["mot " * 5000, "court"], [HIDDEN_ROOM, capacity(10)]) is None


def test_dates_written_as_serials_read_back_as_the_same_dates(tmp_path: Path) -> None:
    days = [dt.date(1900, 3, 1), dt.date(2022, 3, 24), dt.date(2024, 2, 29), dt.date(2100, 12, 31)]
    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for row, day in enumerate(days):
        ws.write_number(row, 0, excel_serial(day), fmt)
        ws.write_datetime(row, 1, day, fmt)
    wb.close()
    sheet = openpyxl.load_workbook(path).active
    for row, day in enumerate(days, start=1):
        assert sheet.cell(row, 1).value == sheet.cell(row, 2).value == dt.datetime.combine(day, dt.time())
