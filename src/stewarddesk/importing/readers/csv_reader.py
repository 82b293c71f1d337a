"""CSV (and tab-separated text) files, seen as a one-sheet workbook.

What French Excel and its users produce: `;` separators (`,` and tab are recognised too), UTF-8 with or
without BOM, Windows-1252 (Excel's « CSV (séparateur : point-virgule) »), UTF-16 with BOM (Excel's « Texte
Unicode »), CRLF, LF or CR-only line ends, quoted fields holding separators, doubled quotes and line breaks.
Every value stays text: « 00123 » stays « 00123 », « 30,5 » stays « 30,5 ».
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import CellValue
from stewarddesk.importing.readers.base import RawRow, SheetInfo, Workbook
from stewarddesk.importing.safety import CheckedFile, UnreadableFile, refuse
from stewarddesk.progress import CancelToken, Progress

_BAD_CSV = Msg(
    "importing.read.bad_csv",
    "« {name} » : ligne {row} illisible ({detail}).",
    "“{name}”: line {row} cannot be read ({detail}).",
)
_CELL_TOO_LONG = Msg(
    "importing.read.csv_cell_too_long",
    "« {name} » est refusé : la ligne {row} contient une cellule de plus de {limit} caractères "
    '(un guillemet « " » ouvert et jamais refermé, ou un fichier endommagé).',
    "“{name}” is refused: line {row} holds a cell of more than {limit} characters "
    '(a quote mark " opened and never closed, or a damaged file).',
)
# How the csv module says a field outgrew `csv.field_size_limit()` (its only error on our settings: not
# strict, newline="" and a one-character separator), e.g. "field larger than field limit (131072)".
_FIELD_LIMIT_ERROR: Final = "field larger than field limit"
_DELIMITERS: Final = (";", "\t", ",")  # preference order when the counts tie: French Excel first
_SAMPLE: Final = 64 * 1024
_PROGRESS_EVERY: Final = 512


def detect_encoding(path: Path) -> str:
    """The file's encoding: by BOM, else UTF-8 if the whole file decodes as UTF-8, else Windows-1252
    (Latin-1 as a last resort: it decodes anything, so reading never fails on encoding)."""
    with path.open("rb") as fp:
        head = fp.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fp.seek(0)
        for encoding in ("utf-8", "cp1252"):
            if _decodes(fp, encoding):
                return encoding
            fp.seek(0)
    return "latin-1"


def _decodes(fp: BinaryIO, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := fp.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(sample: str) -> str:
    """The separator whose field count is the most regular over the first records of `sample`."""
    best, best_score = ",", 0
    for delim in _DELIMITERS:
        counts: dict[int, int] = {}
        try:
            for i, rec in enumerate(csv.reader(io.StringIO(sample, newline=""), delimiter=delim)):
                if i >= 50:
                    break
                if rec:
                    counts[len(rec)] = counts.get(len(rec), 0) + 1
        except csv.Error:
            continue
        score = max((freq for width, freq in counts.items() if width >= 2), default=0)
        if score > best_score:
            best, best_score = delim, score
    return best


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes handed out (progress for a stream of unknown row count)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


class CsvBook(Workbook):
    """One sheet, named after the file (without extension), always visible."""

    def __init__(self, checked: CheckedFile) -> None:
        self.path = checked.path
        self.format = "csv"
        self._size = checked.size
        self.encoding = detect_encoding(self.path)
        with self.path.open("r", encoding=self.encoding, newline="", errors="replace") as fh:
            sample = fh.read(_SAMPLE)
        self.delimiter = sniff_delimiter(sample)
        self.sheets = [SheetInfo(self.path.stem, True)]

    def rows(
        self, sheet: str, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> Iterator[RawRow]:
        self.require_sheet(sheet)
        with self.path.open("rb") as raw:
            counting = _Counting(raw)
            text = io.TextIOWrapper(
                io.BufferedReader(counting), encoding=self.encoding, newline="", errors="replace"
            )
            reader = csv.reader(text, delimiter=self.delimiter)
            number = 0
            while True:
                try:
                    record = next(reader, None)
                except csv.Error as exc:
                    raise _refusal(self.path, number + 1, exc) from None
                if record is None:
                    break
                number += 1
                if number % _PROGRESS_EVERY == 0:
                    if cancel is not None:
                        cancel.check()
                    if progress is not None:
                        progress(counting.count, self._size)
                values: list[CellValue] = [v if v else None for v in record]
                if all(v is None or not v.strip() for v in record):
                    continue
                yield RawRow(number, values)
        if progress is not None:
            progress(self._size, self._size)


def _refusal(path: Path, row: int, exc: csv.Error) -> UnreadableFile:
    """The refusal for a record the csv module could not read; `row` is its record number, the line a
    spreadsheet shows (a field running past its line, as an unclosed quote does, counts from where it
    starts)."""
    if _FIELD_LIMIT_ERROR in str(exc):
        # Thousands grouped by a narrow no-break space: right in French, readable in English.
        limit = f"{csv.field_size_limit():,}".replace(",", "\u202f")
        return refuse(_CELL_TOO_LONG, path, row=row, limit=limit)
    return refuse(_BAD_CSV, path, row=row, detail=str(exc))
