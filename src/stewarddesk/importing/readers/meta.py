"""What a sheet's cell values alone do not say, gathered by the format-specific scanners.

python-calamine gives cached values, dates and (for .xlsx/.xls) merged ranges; it does not say which rows
and columns are hidden, which cells hold an error (it gives them as empty), which formulas have no cached
value, which numbers their format shows with leading zeros, nor (for .ods) which cells are merged. The scanners in `xlsx_meta`, `ods_meta` and `xls_meta` fill
a `SheetMeta` per sheet; the reader overlays it on calamine's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.readers.numfmt import CodeFormat


@dataclass
class SheetMeta:
    """0-based coordinates throughout (row 0 is the sheet's row 1, column 0 is column A).

    `hidden_rows` holds (first, last) inclusive ranges: one repeated .ods row element can hide a million
    rows. `merges` are (first_row, first_col, last_row, last_col) inclusive, for formats where calamine does
    not give them. `max_row`/`max_col` bound the cells that hold something (an upper bound is enough: they
    only guard against absurd rectangles); -1 when unknown. `code_formats` are the cells whose number
    format shows a whole number with leading zeros (« 01234 » for 1234): the reader hands over that text.
    """

    hidden_cols: set[int] = field(default_factory=set)
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], CellError] = field(default_factory=dict)
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] | None = None
    code_formats: dict[tuple[int, int], CodeFormat] = field(default_factory=dict)
    max_row: int = -1
    max_col: int = -1

    def add_hidden_rows(self, first: int, last: int) -> None:
        if self.hidden_rows and self.hidden_rows[-1][1] + 1 >= first:
            start, end = self.hidden_rows[-1]
            self.hidden_rows[-1] = (start, max(end, last))
        else:
            self.hidden_rows.append((first, last))


def column_index(letters: str) -> int:
    """« A » → 0, « Z » → 25, « AA » → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_letters(index: int) -> str:
    """0 → « A », 26 → « AA »."""
    out = ""
    n = index + 1
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) → « B7 »."""
    return f"{column_letters(col)}{row + 1}"


def parse_ref(ref: str) -> tuple[int, int] | None:
    """« B7 » → (6, 1); None for anything else."""
    i = 0
    while i < len(ref) and "A" <= ref[i] <= "Z":
        i += 1
    if i == 0 or i > 3 or not ref[i:].isdigit():
        return None
    return int(ref[i:]) - 1, column_index(ref[:i])
