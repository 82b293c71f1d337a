"""Workbooks (.xlsx/.xlsm, .xls, .ods) read with python-calamine, plus our own metadata overlay.

Why calamine: it reads the three formats, gives cached values of formulas (never the formulas), real dates
(1904 system included), and merged ranges for .xlsx/.xls, about ten times faster than openpyxl's read-only
mode (see benchmarks/read_bench.py). What it lacks (hidden rows and columns, error cells, formulas without
cached value, .ods merges) comes from the scanners of `xlsx_meta`, `ods_meta` and `xls_meta`, which also
measure each sheet's extent so that an absurd rectangle is refused before calamine allocates it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar

import python_calamine as pc

from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import CellError, CellValue
from stewarddesk.importing.readers.base import CellWarning, RawRow, SheetInfo, Workbook
from stewarddesk.importing.readers.cfb import CfbError, CompoundFile
from stewarddesk.importing.readers.meta import SheetMeta, cell_ref
from stewarddesk.importing.readers.numfmt import CodeFormat, shown
from stewarddesk.importing.readers.ods_meta import scan_content
from stewarddesk.importing.readers.xls_meta import scan_workbook
from stewarddesk.importing.readers.xlsx_meta import XlsxLayout, read_layout, scan_sheet
from stewarddesk.importing.safety import (
    LIMITS,
    CheckedFile,
    Limits,
    UnreadableFile,
    check_area,
    refuse_encrypted,
)
from stewarddesk.progress import CancelToken, Progress

_UNREADABLE = Msg(
    "importing.read.unreadable",
    "« {name} » n'a pas pu être lu (fichier endommagé ou d'un format inattendu : {detail}).",
    "“{name}” could not be read (damaged file or unexpected format: {detail}).",
)
_FORMULA_NO_VALUE = Msg(
    "importing.read.formula_without_value",
    "cellule {ref} : formule sans valeur calculée (le classeur n'a pas été recalculé) : ignorée, le "
    "champ est laissé tel quel",
    "cell {ref}: formula without a computed value (the workbook was not recalculated): ignored, the field is "
    "left as it is",
)
_CELL_TOO_LONG = Msg(
    "importing.read.cell_too_long",
    "« {name} » est refusé : la cellule {ref} contient {length} caractères, alors qu'un tableur en "
    "accepte au plus 32 767 (fichier fabriqué ou endommagé).",
    "“{name}” is refused: cell {ref} holds {length} characters, where a spreadsheet holds at most "
    "32,767 (a forged or damaged file).",
)
# Excel's own limit per cell: anything longer was not typed by a partner, and would cost the import
# hundreds of megabytes to carry through.
MAX_CELL_CHARS: Final = 32_767
_PROGRESS_EVERY: Final = 512
_EXTENSION_FORMAT: Final = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
_T = TypeVar("_T")


def _calamine(path: Path, call: Callable[[], _T]) -> _T:
    """Run a calamine call, turning every failure of the file into one clear `UnreadableFile`.

    A Rust panic inside calamine arrives as pyo3's PanicException, a BaseException: it is a broken file
    too. Interrupts still go through.
    """
    try:
        return call()
    except pc.PasswordError:
        raise refuse_encrypted(path) from None
    except UnreadableFile:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # see the docstring: the file's failure, whatever its type
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise UnreadableFile(_UNREADABLE(name=path.name, detail=detail)) from None


def _convert(value: Any) -> CellValue:
    """calamine's odd types for us: times of day and durations become text; the rest passes through."""
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return value  # type: ignore[no-any-return]


_ODD_TYPES: Final = frozenset({dt.time, dt.timedelta})


class CalamineBook(Workbook):
    """See the module docstring. Built by `read.open_workbook` on a file `safety.check_file` accepted."""

    def __init__(self, checked: CheckedFile, limits: Limits = LIMITS) -> None:
        self.path = checked.path
        self.format = checked.format
        self._limits = limits
        self._meta: dict[str, SheetMeta] = {}
        self._xlsx: XlsxLayout | None = None
        self._zip: zipfile.ZipFile | None = None
        # .xls and .ods are parsed whole by calamine when opened: measure them before.
        if self.format == "ods":
            self._load_ods_meta()
        elif self.format == "xls":
            self._load_xls_meta()
        elif self.format == "xlsx":
            self._zip = zipfile.ZipFile(self.path)
            self._xlsx = _calamine(self.path, lambda: read_layout(self._zip_file(), limits))
            self.epoch1904 = self._xlsx.epoch1904
        book = _calamine(self.path, self._open)
        self._book: pc.CalamineWorkbook | None = book
        metadata = _calamine(self.path, lambda: list(book.sheets_metadata))
        self.sheets = [
            SheetInfo(m.name, m.visible == pc.SheetVisibleEnum.Visible)
            for m in metadata
            if m.typ == pc.SheetTypeEnum.WorkSheet
        ]

    def _open(self) -> pc.CalamineWorkbook:
        # calamine picks its reader by extension when given a path; a file whose content is another format
        # than its name says (an .xlsx saved as .xls) goes through a file object, where calamine sniffs.
        if _EXTENSION_FORMAT.get(self.path.suffix.lower()) == self.format:
            return pc.CalamineWorkbook.from_path(str(self.path))
        with self.path.open("rb") as fh:
            return pc.CalamineWorkbook.from_filelike(fh)

    def _zip_file(self) -> zipfile.ZipFile:
        assert self._zip is not None
        return self._zip

    def _load_ods_meta(self) -> None:
        with zipfile.ZipFile(self.path) as zf:
            layout = _calamine(self.path, lambda: scan_content(self.path, zf, self._limits))
        self.epoch1904 = layout.epoch1904
        self._meta = layout.sheets
        for name, meta in layout.sheets.items():
            check_area(self.path, name, meta.max_row + 1, meta.max_col + 1, self._limits)

    def _load_xls_meta(self) -> None:
        try:
            cfb = CompoundFile(self.path.read_bytes(), max_stream=self._limits.max_file_bytes)
            layout = scan_workbook(cfb)
        except (CfbError, struct.error, ValueError, UnicodeDecodeError):
            return  # best effort: calamine reads the values or refuses the file
        self.epoch1904 = layout.epoch1904
        self._meta = layout.sheets
        for name, meta in layout.sheets.items():
            check_area(self.path, name, meta.max_row + 1, meta.max_col + 1, self._limits)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        book, self._book = self._book, None
        if book is not None:
            with contextlib.suppress(pc.CalamineError):
                book.close()

    def _sheet_meta(self, sheet: str) -> SheetMeta:
        self.require_sheet(sheet)
        meta = self._meta.get(sheet)
        if meta is None:
            meta = SheetMeta()
            if self._xlsx is not None and sheet in self._xlsx.parts:
                part = self._xlsx.parts[sheet]
                styles = self._xlsx.code_styles
                meta = _calamine(
                    self.path, lambda: scan_sheet(self.path, self._zip_file(), part, self._limits, styles)
                )
            self._meta[sheet] = meta
        return meta

    def hidden_columns(self, sheet: str) -> set[int]:
        return set(self._sheet_meta(sheet).hidden_cols)

    def cell_warnings(self, sheet: str) -> list[CellWarning]:
        meta = self._sheet_meta(sheet)
        return [
            CellWarning(r + 1, c, cell_ref(r, c), _FORMULA_NO_VALUE(ref=cell_ref(r, c)))
            for r, c in meta.formulas_without_value
        ]

    def rows(
        self, sheet: str, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> Iterator[RawRow]:
        meta = self._sheet_meta(sheet)
        if self.format == "xlsx":
            check_area(self.path, sheet, meta.max_row + 1, meta.max_col + 1, self._limits)
        book = self._book
        if book is None:
            raise UnreadableFile(_UNREADABLE(name=self.path.name, detail="closed"))
        sh = _calamine(self.path, lambda: book.get_sheet_by_name(sheet))
        start, end = _calamine(self.path, lambda: (sh.start, sh.end))
        if start is None or end is None:
            return
        first_col = start[1]
        total = end[0] + 1
        width = end[1] + 1
        merges = (
            meta.merges if meta.merges is not None else _calamine(self.path, lambda: sh.merged_cell_ranges)
        )
        fill = _MergeFiller(merges or [], total, width)
        errors: dict[int, list[tuple[int, CellError]]] = {}
        for (r, c), err in meta.errors.items():
            errors.setdefault(r, []).append((c, err))
        no_value: dict[int, set[int]] = {}
        for r, c in meta.formulas_without_value:
            no_value.setdefault(r, set()).add(c)
        codes: dict[int, list[tuple[int, CodeFormat]]] = {}
        for (r, c), fmt in meta.code_formats.items():
            codes.setdefault(r, []).append((c, fmt))
        hidden = sorted(meta.hidden_rows)
        h = 0
        source = _calamine(self.path, lambda: iter(sh.iter_rows()))
        index = -1
        while True:
            raw = _calamine(self.path, lambda: next(source, None))
            if raw is None:
                break
            index += 1
            if index % _PROGRESS_EVERY == 0:
                if cancel is not None:
                    cancel.check()
                if progress is not None and index:
                    progress(index, total)
            cells: list[Any] = [None if v == "" else v for v in raw]
            for c, v in enumerate(cells):
                if type(v) is str and len(v) > MAX_CELL_CHARS:
                    ref = cell_ref(index, c + first_col)
                    raise UnreadableFile(
                        _CELL_TOO_LONG(
                            name=self.path.name, ref=ref, length=f"{len(v):,}".replace(",", "\u202f")
                        )
                    )
            if not _ODD_TYPES.isdisjoint(map(type, cells)):
                cells = [_convert(v) for v in cells]
            values: list[CellValue] = cells
            if first_col:
                values = [None] * first_col + values
            if index in errors:
                for c, err in errors[index]:
                    if c < len(values):
                        values[c] = err
            if index in codes:  # « 01234 » as the partner sees it, not the number 1234
                for c, fmt in codes[index]:
                    if c < len(values) and (text := shown(fmt, values[c])) is not None:
                        values[c] = text
            merged = fill.apply(index, values) if fill.active_from(index) else frozenset()
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            while h < len(hidden) and hidden[h][1] < index:
                h += 1
            is_hidden = h < len(hidden) and hidden[h][0] <= index
            unreadable = frozenset(no_value[index]) if index in no_value else frozenset()
            yield RawRow(index + 1, values, is_hidden, merged, unreadable)
        if progress is not None:
            progress(total, total)


class _MergeFiller:
    """Copies each merged area's top-left value into the cells it covers, row by row as rows stream."""

    def __init__(
        self,
        merges: list[tuple[tuple[int, int], tuple[int, int]]] | list[tuple[int, int, int, int]],
        height: int,
        width: int,
    ) -> None:
        spans: list[tuple[int, int, int, int]] = []
        for m in merges:
            if len(m) == 2:
                (r0, c0), (r1, c1) = m
            else:
                r0, c0, r1, c1 = m
            r1, c1 = min(r1, height - 1), min(c1, width - 1)
            if r0 <= r1 and c0 <= c1 and (r0, c0) != (r1, c1):
                spans.append((r0, c0, r1, c1))
        spans.sort()
        self._spans = spans
        self._next = 0
        self._active: list[tuple[int, int, int, int]] = []
        self._anchors: dict[tuple[int, int], CellValue] = {}

    def active_from(self, row: int) -> bool:
        while self._next < len(self._spans) and self._spans[self._next][0] <= row:
            self._active.append(self._spans[self._next])
            self._next += 1
        if self._active:
            self._active = [s for s in self._active if s[2] >= row]
        return bool(self._active)

    def apply(self, row: int, values: list[CellValue]) -> frozenset[int]:
        filled: set[int] = set()
        for r0, c0, _r1, c1 in self._active:
            if row == r0:
                self._anchors[(r0, c0)] = values[c0] if c0 < len(values) else None
            anchor = self._anchors.get((r0, c0))
            if anchor is None:
                continue
            if len(values) <= c1:
                values.extend([None] * (c1 + 1 - len(values)))
            for c in range(c0, c1 + 1):
                if row != r0 or c != c0:
                    values[c] = anchor
                    filled.add(c)
        return frozenset(filled)
