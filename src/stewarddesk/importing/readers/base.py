"""The shapes every reader hands over: sheets, raw rows, cell warnings, and the `Workbook` interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from stewarddesk.errors import KnownError
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import CellValue, is_blank
from stewarddesk.importing.safety import Format
from stewarddesk.progress import CancelToken, Progress

_UNKNOWN_SHEET = Msg(
    "importing.read.unknown_sheet",
    "« {name} » n'a pas de feuille « {sheet} » ; feuilles : {sheets}.",
    "“{name}” has no sheet “{sheet}”; sheets: {sheets}.",
)


class UnknownSheet(KnownError):
    """`--sheet NAME` names no sheet of the workbook (the message lists the sheets)."""


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet of the workbook (chart and macro sheets are not listed). `visible` is False for hidden
    and « very hidden » sheets."""

    name: str
    visible: bool


@dataclass
class RawRow:
    """One row as the sheet holds it.

    `number`: the sheet's own 1-based row number, as Excel/LibreOffice show it; for a CSV, the record
    number (a line break inside a quoted field does not add one). `values[i]` is column i (0 = column A);
    rows may be shorter than the header (a missing cell is empty: use `get`). A merged area gives its
    top-left value to every cell it covers; `merged` holds the columns of this row that received such a
    copy (the top-left cell itself is not in it), so a banner or a section line spread over the whole
    width can be told from real data. `hidden`: the row is hidden in the sheet (it is data all the same).
    `unreadable`: the columns whose cell holds a formula without a computed value (given as None): not an
    empty cell, a value the file does not give, so the import must not take it for « emptied ».
    """

    number: int
    values: list[CellValue]
    hidden: bool = False
    merged: frozenset[int] = field(default_factory=frozenset)
    unreadable: frozenset[int] = field(default_factory=frozenset)

    def get(self, col: int) -> CellValue:
        return self.values[col] if 0 <= col < len(self.values) else None

    def is_blank(self) -> bool:
        """No cell holds anything but whitespace."""
        return all(is_blank(v) for v in self.values)


@dataclass(frozen=True)
class CellWarning:
    """Something about one cell the importer should tell the user (a formula without a cached value…).

    `row` is the sheet row number (1-based, like `RawRow.number`), `col` the 0-based column, `ref` the
    cell as Excel names it (« K7 »), `message` the translated sentence (it names the cell)."""

    row: int
    col: int
    ref: str
    message: str


class Workbook(ABC):
    """An open workbook (or CSV file, seen as a one-sheet workbook). Use it as a context manager.

    `format` is the real format, decided by the content ('xlsx' for .xlsx/.xlsm, 'xls', 'ods', 'csv').
    `epoch1904`: the workbook counts dates from 1904 (old Mac Excel); give it to `dates.parse_date` for
    serial numbers found in cells.
    """

    path: Path
    format: Format
    sheets: list[SheetInfo]
    epoch1904: bool = False

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - a no-op is the right default (a CSV holds nothing open)
        """Release the file (idempotent)."""

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def require_sheet(self, sheet: str) -> None:
        """Raise `UnknownSheet` (listing the sheets) unless the workbook has `sheet`."""
        if sheet not in self.sheet_names():
            raise UnknownSheet(
                _UNKNOWN_SHEET(name=self.path.name, sheet=sheet, sheets=", ".join(self.sheet_names()))
            )

    @abstractmethod
    def rows(
        self, sheet: str, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> Iterator[RawRow]:
        """The rows of `sheet`, top to bottom, blank rows skipped, read as they are consumed.

        `progress(done, total)` is called now and then (rows or bytes: only the ratio means something);
        `cancel.check()` is called between rows (it raises `Cancelled`). Raises `UnreadableFile` when the
        sheet turns out unreadable, `UnknownSheet` for a name the workbook does not have.
        """

    def hidden_columns(self, sheet: str) -> set[int]:
        """0-based indices of the columns hidden in `sheet` (empty when the format cannot say)."""
        self.require_sheet(sheet)
        return set()

    def cell_warnings(self, sheet: str) -> list[CellWarning]:
        """Per-cell problems of `sheet` found while reading (formulas without a cached value…)."""
        self.require_sheet(sheet)
        return []

    def warnings(self, sheet: str) -> list[str]:
        """The translated sentences of `cell_warnings` (each names its cell, « K7 »)."""
        return [w.message for w in self.cell_warnings(sheet)]
