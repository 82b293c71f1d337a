"""Step one of an import: open the partner's file and hand over its rows, raw.

    with open_workbook(path) as wb:                 # UnreadableFile: one clear line, nothing parsed
        sheet = choose_sheet(wb, args.sheet)        # --sheet, or the visible sheet that looks like data
        for row in wb.rows(sheet, progress, cancel):  # RawRow(number, values, hidden, merged)
            ...
        wb.hidden_columns(sheet), wb.warnings(sheet)

Safety checks (`safety.check_file`) run before any parser sees the file. .xlsx/.xlsm, .xls and .ods are
read by python-calamine (`readers.calamine_reader`), CSV by the standard library (`readers.csv_reader`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Final

from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import CellError, CellValue
from stewarddesk.importing.header import HeaderError, find_header
from stewarddesk.importing.readers.base import (
    CellWarning,
    RawRow,
    SheetInfo,
    UnknownSheet,
    Workbook,
)
from stewarddesk.importing.readers.calamine_reader import CalamineBook
from stewarddesk.importing.readers.csv_reader import CsvBook
from stewarddesk.importing.safety import LIMITS, Limits, UnreadableFile, check_file
from stewarddesk.vocab import fold

__all__ = [
    "CellError",
    "CellValue",
    "CellWarning",
    "RawRow",
    "SheetChoice",
    "SheetInfo",
    "UnknownSheet",
    "UnreadableFile",
    "Workbook",
    "choose_sheet",
    "choose_sheets",
    "open_workbook",
]

_NO_SHEET = Msg(
    "importing.read.no_sheet",
    "« {name} » ne contient aucune feuille de calcul.",
    "“{name}” holds no worksheet.",
)
_SAMPLE_ROWS: Final = 200  # rows looked at per sheet when several could hold the data


def open_workbook(path: Path, limits: Limits = LIMITS) -> Workbook:
    """Open a partner's file for reading, after the safety checks.

    Raises `UnreadableFile` (a `KnownError`, one translated line naming the file) for anything that cannot
    be read: missing, empty, unsupported, disguised, damaged, encrypted, bomb-like or absurdly large.
    """
    checked = check_file(Path(path), limits)
    if checked.format == "csv":
        return CsvBook(checked)
    return CalamineBook(checked, limits)


@dataclass(frozen=True)
class SheetChoice:
    """The sheet to import, and the other visible sheets that hold a recognisable header too (a workbook
    with one sheet per category, as some partners send; our formatted actions export keeps its
    orientations on one sheet): they are not imported, and the import says so."""

    name: str
    others: tuple[str, ...] = ()


def choose_sheet(wb: Workbook, name: str | None, kind: EntryKind | None = None) -> str:
    """The sheet to import (`choose_sheets(...).name`)."""
    return choose_sheets(wb, name, kind).name


def choose_sheets(wb: Workbook, name: str | None, kind: EntryKind | None = None) -> SheetChoice:
    """The sheet to import.

    With `name` (`--sheet`): that sheet, matched exactly, else ignoring case and accents; `UnknownSheet`
    (which lists the sheets) otherwise. Without: among the visible sheets (all sheets if none is visible),
    the one whose first rows hold the best recognisable header for `kind` (any kind when None); when no
    sheet has one, the one with the most non-empty rows among its first 200; ties go to the first sheet.
    A workbook with a single candidate is not read here. Raises `UnreadableFile` for a workbook with no
    worksheet at all.
    """
    names = wb.sheet_names()
    if name is not None:
        if name in names:
            return SheetChoice(name)
        for candidate in names:
            if fold(candidate) == fold(name):
                return SheetChoice(candidate)
        wb.require_sheet(name)  # raises UnknownSheet, listing the sheets
        return SheetChoice(name)
    visible = [s.name for s in wb.sheets if s.visible] or names
    if not visible:
        raise UnreadableFile(_NO_SHEET(name=wb.path.name))
    if len(visible) == 1:
        return SheetChoice(visible[0])
    keys: dict[str, tuple[int, int]] = {}
    for sheet in visible:
        sample = list(islice(wb.rows(sheet), _SAMPLE_ROWS))
        try:
            score = find_header(sample, kind).score
        except HeaderError:
            score = 0
        keys[sheet] = (score, len(sample))
    best = max(visible, key=lambda sheet: keys[sheet])  # the first of equals
    others = tuple(sheet for sheet in visible if sheet != best and keys[sheet][0] > 0)
    return SheetChoice(best, others)


def read_all(wb: Workbook, sheet: str) -> list[RawRow]:
    """Every row of `sheet` in a list (tests and small files; the import streams)."""
    return list(wb.rows(sheet))
