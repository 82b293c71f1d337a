"""The rejected rows, back to the partner: a copy of their sheet holding only the header and the rejected
rows, the problem cells filled and commented, the reason in a last column « Motif du rejet ».

The rows are read again from the source file (any format we import) and written with xlsxwriter, which
writes strings as strings: a partner's « =HYPERLINK(…) » text never becomes a live formula.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
from pathlib import Path
from typing import Final

import xlsxwriter
from xlsxwriter.exceptions import XlsxFileError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from stewarddesk import vocab
from stewarddesk.errors import KnownError, os_reason
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import CellError, CellValue
from stewarddesk.importing.model import ImportPlan
from stewarddesk.importing.outputs import CANNOT_WRITE, OTHER_SOURCE, WHAT_REJECTS, check_output
from stewarddesk.importing.read import open_workbook

REASON_HEADER = Msg("import.rejects.reason", "Motif du rejet", "Reason for rejection")
ROW_HEADER = Msg("import.rejects.row", "Ligne d'origine", "Original row")
_MAX_CHARS: Final = 32767


def _text(value: str) -> str:
    cleaned = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return cleaned[:_MAX_CHARS]


def write_rejects(plan: ImportPlan, source_path: Path, out_path: Path) -> int:
    """Write the rejected rows of `plan` (read again from `source_path`) to `out_path` (.xlsx); returns
    how many rows were written. Raises KnownError when `out_path` is not an .xlsx or cannot be written
    (checked before anything is written: `outputs.check_output`); the file is written whole or not at all."""
    out_path = Path(out_path)
    check_output(out_path, WHAT_REJECTS, suffix=".xlsx", avoid=((Path(source_path), OTHER_SOURCE),))
    rejected = {r.row: r for r in plan.rows if r.action == "reject"}
    sources: dict[int, list[CellValue]] = {}
    with open_workbook(Path(source_path)) as wb:
        sheet = plan.sheet or wb.sheet_names()[0]
        for raw in wb.rows(sheet):
            if raw.number in rejected:
                sources[raw.number] = raw.values
    headers = list(plan.headers)
    width = max([len(headers), *(len(v) for v in sources.values())], default=0)
    header_keys = {vocab.fold(h): i for i, h in enumerate(headers) if h}
    partial = out_path.with_name(out_path.name + ".part")
    try:
        # Built in memory and written by us: a disk that fills up fails our write, not xlsxwriter's zip
        # file, which would otherwise print a traceback on stderr when Python collects it.
        buffer = io.BytesIO()
        options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
        book = xlsxwriter.Workbook(buffer, options)
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9E1F2"})
        problem = book.add_format({"bg_color": "#F8CBAD", "border": 1, "border_color": "#C00000"})
        date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
        bad_date = book.add_format({"num_format": "dd/mm/yyyy", "bg_color": "#F8CBAD", "border": 1})
        reason_fmt = book.add_format({"text_wrap": True, "font_color": "#C00000", "valign": "top"})
        ws = book.add_worksheet((plan.sheet or "Rejets")[:31].translate(str.maketrans("[]:*?/\\", "_______")))
        for col in range(width):
            ws.write_string(0, col, _text(headers[col] if col < len(headers) else ""), bold)
        ws.write_string(0, width, ROW_HEADER(), bold)
        ws.write_string(0, width + 1, REASON_HEADER(), bold)
        ws.freeze_panes(1, 0)
        ws.set_column(width + 1, width + 1, 60)
        for out_row, number in enumerate(sorted(rejected), start=1):
            planned = rejected[number]
            marked = {
                header_keys[vocab.fold(p.column)]
                for p in planned.problems
                if p.column and vocab.fold(p.column) in header_keys
            }
            values = sources.get(number, [])
            for col in range(width):
                value = values[col] if col < len(values) else None
                is_bad = col in marked
                _write(ws, out_row, col, value, problem if is_bad else None, bad_date if is_bad else date_fmt)
                if is_bad:
                    key = vocab.fold(headers[col])
                    notes = [p.reason for p in planned.problems if p.column and vocab.fold(p.column) == key]
                    ws.write_comment(out_row, col, _text("\n".join(notes)), {"x_scale": 2, "y_scale": 1.5})
            ws.write_number(out_row, width, number)  # so the reason beside it needs no « ligne N : »
            ws.write_string(out_row, width + 1, _text(planned.bare_reason), reason_fmt)
        ws.autofilter(0, 0, max(len(rejected), 1), width + 1)
        book.close()
        partial.write_bytes(buffer.getvalue())
        partial.replace(out_path)
    except (OSError, XlsxFileError) as exc:
        # xlsxwriter wraps an OSError of its own in FileCreateError (and says FileSizeError past 4 GB).
        detail = os_reason(exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise KnownError(CANNOT_WRITE(what=WHAT_REJECTS(), path=out_path, detail=detail)) from exc
    return len(rejected)


def _write(ws: Worksheet, row: int, col: int, value: CellValue, fmt: Format | None, date_fmt: Format) -> None:
    """One cell as the partner had it: numbers as numbers, dates as dates, text always as text."""
    if isinstance(value, CellError):
        ws.write_string(row, col, value.code, fmt)
    elif value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_string(row, col, str(value), fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, date_fmt)
    else:
        ws.write_string(row, col, _text(str(value)), fmt)
