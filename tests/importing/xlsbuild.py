"""Tiny writers for the binary formats tests need and no installed library writes: an OLE2 (CFB) container
and a minimal BIFF8 .xls inside it (labels, numbers, errors, merges, hidden rows/columns, FILEPASS)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_FREE = 0xFFFFFFFF
_END = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 container (version 3, 512-byte sectors) holding `streams` at the root.

    Every stream is padded to 4096 bytes at least so that it lives in regular sectors (no mini stream).
    """
    sector = 512
    blobs = []
    for name, data in streams.items():
        padded = data + b"\x00" * max(0, 4096 - len(data))
        padded += b"\x00" * (-len(padded) % sector)
        blobs.append((name, padded, max(len(data), 4096)))
    fat = [_FATSECT, _END]
    starts = []
    next_sector = 2
    for _name, padded, _size in blobs:
        n = len(padded) // sector
        starts.append(next_sector)
        fat += [next_sector + i + 1 for i in range(n - 1)] + [_END]
        next_sector += n
    assert len(fat) <= 128, "tests keep their streams small"
    fat += [_FREE] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le")
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<III", start, size, 0)
        )

    entries = [entry("Root Entry", 5, 1 if blobs else _NOSTREAM, _NOSTREAM, _END, 0)]
    for i, ((name, _padded, size), start) in enumerate(zip(blobs, starts, strict=True)):
        right = i + 2 if i + 1 < len(blobs) else _NOSTREAM
        entries.append(entry(name, 2, _NOSTREAM, right, start, size))
    assert len(entries) <= 4
    directory = b"".join(entries).ljust(sector, b"\x00")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([_FREE] * 108))
    )
    assert len(header) == 512
    body = struct.pack("<128I", *fat) + directory + b"".join(p for _n, p, _s in blobs)
    return header + body


def _rec(rtype: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _string16(text: str) -> bytes:
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


@dataclass
class XlsSheet:
    name: str
    cells: dict[tuple[int, int], str | float] = field(default_factory=dict)
    errors: dict[tuple[int, int], int] = field(default_factory=dict)  # BIFF error codes (0x17 = #REF!)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, r1, c0, c1
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden: bool = False
    formatted: set[tuple[int, int]] = field(default_factory=set)  # numbers under `xls(number_format=…)`


def xls(
    sheets: list[XlsSheet], *, filepass: bool = False, date1904: bool = False, number_format: str = "0"
) -> bytes:
    """A BIFF8 workbook in an OLE2 container; `number_format` is the custom format (number 164, cell
    style 16) of the sheets' `formatted` cells."""
    xf = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    cell_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    head = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206))
    if filepass:
        head += _rec(0x002F, struct.pack("<HHH", 0, 0x1234, 0x5678))
    head += _rec(0x0042, struct.pack("<H", 1200))
    head += _rec(0x0022, struct.pack("<H", 1 if date1904 else 0))
    head += _rec(0x0031, struct.pack("<HHHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0, 0) + _short("Arial"))
    head += _rec(0x041E, struct.pack("<H", 164) + _string16(number_format))
    head += b"".join(_rec(0x00E0, xf) for _ in range(15)) + _rec(0x00E0, cell_xf)
    head += _rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 164, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    bodies = [_sheet_stream(s) for s in sheets]
    names = [
        struct.pack("<BB", 1 if s.hidden else 0, 0)
        + struct.pack("<BB", len(s.name), 1)
        + s.name.encode("utf-16-le")
        for s in sheets
    ]
    globals_len = len(head) + sum(4 + 4 + len(n) for n in names) + 4
    out = head
    pos = globals_len
    for n, body in zip(names, bodies, strict=True):
        out += _rec(0x0085, struct.pack("<I", pos) + n)
        pos += len(body)
    out += _rec(0x000A)
    out += b"".join(bodies)
    return cfb({"Workbook": out})


def _short(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


def _sheet_stream(sheet: XlsSheet) -> bytes:
    rows = [r for r, _c in list(sheet.cells) + list(sheet.errors)] or [0]
    cols = [c for _r, c in list(sheet.cells) + list(sheet.errors)] or [0]
    out = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0206))
    out += _rec(0x0200, struct.pack("<IIHHH", 0, max(rows) + 1, 0, max(cols) + 1, 0))
    for c in sorted(sheet.hidden_cols):
        out += _rec(0x007D, struct.pack("<HHHHHH", c, c, 2000, 15, 0x0001, 0))
    for r in sorted(sheet.hidden_rows):
        out += _rec(
            0x0208, struct.pack("<HHHHHHI", r, 0, max(cols) + 1, 255, 0, 0, 0x0100 | 0x20 | (15 << 16))
        )
    for (r, c), v in sorted(sheet.cells.items()):
        if isinstance(v, str):
            out += _rec(0x0204, struct.pack("<HHH", r, c, 15) + _string16(v))
        else:
            out += _rec(0x0203, struct.pack("<HHHd", r, c, 16 if (r, c) in sheet.formatted else 15, v))
    for (r, c), code in sorted(sheet.errors.items()):
        out += _rec(0x0205, struct.pack("<HHHBB", r, c, 15, code, 1))
    if sheet.merges:
        out += _rec(
            0x00E5,
            struct.pack("<H", len(sheet.merges)) + b"".join(struct.pack("<HHHH", *m) for m in sheet.merges),
        )
    out += _rec(0x023E, struct.pack("<HHHHHHHH", 0x06B6, 0, 0, 0x40, 0, 0, 0, 0))
    out += _rec(0x000A)
    return out
