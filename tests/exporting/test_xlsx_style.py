from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import openpyxl
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from stewarddesk.exporting.xlsx_style import LINE_HEIGHT, excel_serial, row_height, wrapped_lines


def test_wrapped_lines_breaks_at_spaces() -> None:
    assert wrapped_lines("", 5) == 1
    assert wrapped_lines("court", 10) == 1
    assert wrapped_lines("abc def ghi", 7) == 2  # « abc def » / « ghi »
    assert wrapped_lines("aaaa bbbb cccc", 9) == 2
    assert wrapped_lines("abcdefghijklmnop", 5) == 4  # a word longer than a line is broken
    assert wrapped_lines("un\ndeux\n\ntrois", 20) == 4  # line breaks kept, empty lines count


@given(
    st.lists(st.text(alphabet="abcdéè", min_size=1, max_size=12), min_size=1, max_size=40),
    st.integers(min_value=12, max_value=60),
)
def test_wrapped_lines_agrees_with_textwrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    expected = len(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)) or 1
    assert wrapped_lines(text, width) == expected


def test_row_height_follows_the_tallest_cell() -> None:
    assert row_height(["court", None, dt.date(2024, 1, 1), 7], [10, 10, 10, 10]) is None
    two = row_height(["abc def ghi", "x"], [7, 7])
    assert two == 2 * LINE_HEIGHT + 2
    tall = row_height(["a " * 50, "b\nb\nb"], [10, 50])
    assert tall == 10 * LINE_HEIGHT + 2
    # a short cell whose words waste most of each line still wins when it is the tallest
    assert row_height(["abcdef abcdef abcdef", "x" * 25], [11, 20]) == 3 * LINE_HEIGHT + 2


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
