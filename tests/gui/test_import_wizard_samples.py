"""The mapping page's example values, as the import will read the sheet: a merged section banner or a
footer line gives none, date columns show dates (a serial number too), whatever the cells' format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter
from pytestqt.qtbot import QtBot

from stewarddesk.gui.import_wizard.base import MAPPING
from stewarddesk.gui.import_wizard.mapping_page import MappingPage
from stewarddesk.gui.main_window import MainWindow

from .test_import_wizard import click_next, open_wizard

BANNER = "A. De l'émergence à la croissance"
HEADER = ["N° action", "Orientation", "Intitulé de l'action", "État", "Date d'adoption", "Date de mise à jour",
          "Commentaire"]  # fmt: skip


def roadmap_workbook(path: Path) -> Path:
    """A partner's roadmap: a merged banner above each orientation's actions (the orientation's text, a
    group heading), « Date de mise à jour » typed as text or as a bare serial number (no date format),
    « Date d'adoption » as real dates, and a footer line."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Actions")
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADER)
    sheet.merge_range(1, 0, 1, len(HEADER) - 1, BANNER)
    rows = [
        ("A.1.1", "Outil d'orientation", "Engagée", "12/07/2024"),
        ("A.1.2", "Cartographie", "Engagée", 45356),
    ]
    for i, (code, title, status, updated) in enumerate(rows, start=2):
        sheet.write_row(i, 0, [code, BANNER, title, status])
        sheet.write_datetime(i, 4, dt.datetime(2022, 3, 24), as_date)
        sheet.write(i, 5, updated)  # a number without a date format: what the reader gives as 45356
    sheet.write_datetime(2, 6, dt.datetime(2024, 1, 15), as_date)  # a date where no date field is
    sheet.write_string(5, 0, "Source : AMFT, juillet 2024")  # a footer line
    book.close()
    return path


def samples(page: MappingPage, heading: str) -> str:
    column = page.column_of(heading)
    row = sorted(page.combos).index(column)
    item = page.table.item(row, 2)
    assert item is not None
    return item.text()


def test_samples_skip_section_lines_and_show_dates_as_read(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, window, roadmap_workbook(tmp_path / "amft_actions.xlsx"), monkeypatch)
    assert wizard.state.header_row == 1
    click_next(qtbot, wizard, MAPPING)
    page = wizard.mapping_page
    assert wizard.state.analysis is not None and wizard.state.analysis.kind == "actions"
    # The banner is the orientation of the rows below it: there, and only there, it is a value.
    assert samples(page, "N° action") == "A.1.1 · A.1.2"
    assert samples(page, "Intitulé de l'action") == "Outil d'orientation · Cartographie"
    assert samples(page, "État") == "Engagée"
    assert samples(page, "Orientation") == BANNER
    assert "Source" not in samples(page, "N° action")
    # Dates as the import stores them: the serial number 45356 is 05/03/2024, a date cell is dd/mm/yyyy
    # even in a column that feeds no date field.
    assert samples(page, "Date de mise à jour") == "12/07/2024 · 05/03/2024"
    assert samples(page, "Date d'adoption") == "24/03/2022"
    assert samples(page, "Commentaire") == "15/01/2024"
    # Mapped elsewhere (not a date field), the serial number is a number again.
    column = page.column_of("Date de mise à jour")
    combo = page.combos[column]
    combo.setCurrentIndex(combo.findData("description"))
    assert samples(page, "Date de mise à jour") == "12/07/2024 · 45356"
