"""Sheet metadata of an .xls (BIFF5/BIFF8) that python-calamine does not expose: hidden rows (ROW records)
and columns (COLINFO), error cells (BOOLERR, FORMULA with an error result), the date system (DATEMODE),
numbers whose format shows leading zeros (FORMAT and XF records: « 00000 » shows 1234 as « 01234 »), and
the extent of the value cells.

One walk over the records of the « Workbook » stream, read through our bounded OLE reader. Best effort:
a stream we cannot walk gives no metadata (calamine still reads the values, or refuses the file).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Final

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.readers.cfb import CompoundFile
from stewarddesk.importing.readers.meta import SheetMeta
from stewarddesk.importing.readers.numfmt import CodeFormat, code_format

_BOF: Final = 0x0809
_EOF: Final = 0x000A
_BOUNDSHEET: Final = 0x0085
_DATEMODE: Final = 0x0022
_CODEPAGE: Final = 0x0042
_ROW: Final = 0x0208
_COLINFO: Final = 0x007D
_BOOLERR: Final = 0x0205
_FORMULA: Final = 0x0006
_MULRK: Final = 0x00BD
_FORMAT: Final = 0x041E
_XF: Final = 0x00E0
# Records that put a number in one cell (row, col, XF index in their first six bytes): NUMBER, RK, FORMULA.
_NUMBER_RECORDS: Final = frozenset({0x0203, 0x027E, 0x0006})
# Records that put a value in one cell (row, col in their first four bytes).
_VALUE_RECORDS: Final = frozenset({0x00FD, 0x0204, 0x0203, 0x027E, 0x0006, 0x0205, 0x00D6})
_ERRORS: Final = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


@dataclass
class XlsLayout:
    sheets: dict[str, SheetMeta] = field(default_factory=dict)
    order: list[SheetMeta] = field(default_factory=list)  # BOUNDSHEET order, for unnamed matches
    epoch1904: bool = False


def _sheet_name(data: bytes, biff8: bool, codepage: str) -> str:
    if len(data) < 8:
        return ""
    cch = data[6]
    if biff8:
        flags = data[7]
        raw = data[8:]
        return raw[: cch * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:cch].decode("latin-1")
    return data[7 : 7 + cch].decode(codepage, "replace")


def scan_workbook(cfb: CompoundFile) -> XlsLayout:
    """Walk the BIFF stream of an .xls; raises only `struct.error`/`CfbError`/`ValueError` on garbage."""
    layout = XlsLayout()
    entry = cfb.find("Workbook", "Book")
    if entry is None:
        return layout
    stream = cfb.read(entry)
    sheets: list[tuple[int, str]] = []
    formats: dict[int, CodeFormat] = {}
    xf_formats: list[int] = []
    off = 0
    biff8 = True
    codepage = "cp1252"
    while off + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, off)
        data = stream[off + 4 : off + 4 + size]
        off += 4 + size
        if rtype == _BOF and len(data) >= 2:
            biff8 = struct.unpack_from("<H", data)[0] == 0x0600
        elif rtype == _DATEMODE and len(data) >= 2:
            layout.epoch1904 = struct.unpack_from("<H", data)[0] == 1
        elif rtype == _CODEPAGE and len(data) >= 2:
            cp = struct.unpack_from("<H", data)[0]
            codepage = "cp1252" if cp in (1200, 0x8000, 0x8001) else f"cp{cp}"
            try:
                "".encode(codepage)
            except LookupError:
                codepage = "cp1252"
        elif rtype == _FORMAT and len(data) >= 3:
            fmt = code_format(_format_code(data, biff8, codepage))
            if fmt is not None:
                formats[struct.unpack_from("<H", data)[0]] = fmt
        elif rtype == _XF and len(data) >= 4:
            xf_formats.append(struct.unpack_from("<H", data, 2)[0])
        elif rtype == _BOUNDSHEET and len(data) >= 6:
            pos = struct.unpack_from("<I", data)[0]
            sheets.append((pos, _sheet_name(data, biff8, codepage)))
        elif rtype == _EOF:
            break
    code_xfs = {i: formats[f] for i, f in enumerate(xf_formats) if f in formats}
    for pos, name in sheets:
        meta = _scan_sheet(stream, pos, code_xfs)
        layout.order.append(meta)
        if name:
            layout.sheets[name] = meta
    return layout


def _format_code(data: bytes, biff8: bool, codepage: str) -> str:
    """The format string of a FORMAT record (after its 2-byte index)."""
    if biff8:
        if len(data) < 5:
            return ""
        cch, flags = struct.unpack_from("<HB", data, 2)
        raw = data[5:]
        return raw[: cch * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:cch].decode("latin-1")
    return data[3 : 3 + data[2]].decode(codepage, "replace")


def _scan_sheet(stream: bytes, off: int, code_xfs: dict[int, CodeFormat]) -> SheetMeta:
    meta = SheetMeta()
    first = True
    while off + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, off)
        data = stream[off + 4 : off + 4 + size]
        off += 4 + size
        if first:
            first = False
            if rtype != _BOF:
                break
            continue
        if rtype == _EOF:
            break
        if rtype in _VALUE_RECORDS and len(data) >= 4:
            row, col = struct.unpack_from("<HH", data)
            meta.max_row = max(meta.max_row, row)
            meta.max_col = max(meta.max_col, col)
            if rtype == _BOOLERR and len(data) >= 8 and data[7] == 1:
                meta.errors[(row, col)] = CellError(_ERRORS.get(data[6], "#ERR"))
            elif rtype == _FORMULA and len(data) >= 14 and data[6] == 2 and data[12:14] == b"\xff\xff":
                meta.errors[(row, col)] = CellError(_ERRORS.get(data[8], "#ERR"))
            if code_xfs and rtype in _NUMBER_RECORDS and len(data) >= 6:
                fmt = code_xfs.get(struct.unpack_from("<H", data, 4)[0])
                if fmt is not None:
                    meta.code_formats[(row, col)] = fmt  # the reader pads it only if it holds a number
        elif rtype == _MULRK and len(data) >= 6:
            row, col = struct.unpack_from("<HH", data)
            last = struct.unpack_from("<H", data, len(data) - 2)[0]
            if code_xfs:
                for i in range((len(data) - 6) // 6):
                    fmt = code_xfs.get(struct.unpack_from("<H", data, 4 + 6 * i)[0])
                    if fmt is not None:
                        meta.code_formats[(row, col + i)] = fmt
            meta.max_row = max(meta.max_row, row)
            meta.max_col = max(meta.max_col, col, last)
        elif rtype == _ROW and len(data) >= 16:
            row = struct.unpack_from("<H", data)[0]
            options = struct.unpack_from("<H", data, 12)[0]
            if options & 0x20:
                meta.add_hidden_rows(row, row)
        elif rtype == _COLINFO and len(data) >= 10:
            first_col, last_col, _width, _xf, options = struct.unpack_from("<HHHHH", data)
            if options & 0x1:
                meta.hidden_cols.update(range(first_col, min(last_col, 255) + 1))
    return meta
