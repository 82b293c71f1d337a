"""Hostile spreadsheets built in code, each a few kilobytes to a few megabytes on disk: entity bombs, zip
bombs (honest and lying), absurd extents, a huge single cell, an encrypted workbook, a web page in
disguise."""

from __future__ import annotations

import random
import string
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from tests.raw_workbooks import NS_MAIN, shared_strings, worksheet, write_ods, write_xlsx
from tests.raw_workbooks import workbook as workbook_part

# `worksheet` is the shared builder, offered here with the rest for test_hostile_files.py.
__all__ = [
    "HEADER_ROW",
    "NS",
    "billion_laughs",
    "bomb_stream",
    "compound_file",
    "encrypted_xlsx",
    "huge_cell_text",
    "inline_row",
    "ods",
    "worksheet",
    "xlsx",
    "zip_bomb",
]

NS = NS_MAIN
_WORKBOOK = workbook_part("Offres")
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Offre</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Structure</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Description</t></is></c></row>'
)


def inline_row(n: int, *values: str) -> str:
    cells = "".join(
        f'<c r="{col}{n}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for col, v in zip("ABCDEFGH", values, strict=False)
    )
    return f'<row r="{n}">{cells}</row>'


def xlsx(path: Path, *, sheet: str | None, shared: str | None = None, workbook: str = _WORKBOOK) -> Path:
    """A one-sheet workbook written part by part (« Offres »), for what no spreadsheet program writes
    (`sheet` None: the worksheet part is left for the caller to add)."""
    return write_xlsx(
        path, workbook=workbook, sheet=sheet, shared=shared if shared is not None else shared_strings()
    )


def billion_laughs(root: str, *, padding: int = 0) -> str:
    """An XML document whose `&lol9;` expands to 10^9 « lol »; `padding` bytes of comment before the DTD
    push it past any check that only reads the start of the part."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    pad = f"<!--{' ' * padding}-->" if padding else ""
    return f'<?xml version="1.0"?>{pad}<!DOCTYPE {root.split()[0]} [{entities}]><{root}>&lol9;</{root.split()[0]}>'


# ------------------------------------------------------------------------------------------ zip bombs
def _deflate_part(data: bytes, *, final: bool) -> bytes:
    """Raw deflate blocks for `data`, byte-aligned and with no reference to what precedes them (a fresh
    compressor, fully flushed): such pieces can be concatenated, and one repeated at will."""
    maker = zlib.compressobj(9, zlib.DEFLATED, -15)
    return maker.compress(data) + maker.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def bomb_stream(head: bytes, unit: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """A deflate stream of head + unit × times + tail, made in milliseconds; with its CRC and size."""
    data = _deflate_part(head, final=False) + _deflate_part(unit, final=False) * times
    data += _deflate_part(tail, final=True)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    return data, zlib.crc32(tail, crc), len(head) + len(unit) * times + len(tail)


def zip_bomb(path: Path, *, gigabytes: int = 2, lie: bool = False) -> Path:
    """A .xlsx whose worksheet inflates to `gigabytes` GiB of XML whitespace (valid between elements),
    from about 1 MB per GiB. With `lie`, the zip directory declares 1,000 bytes instead."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{HEADER_ROW}'.encode()
    data, crc, size = bomb_stream(head, b" " * (1 << 20), gigabytes * 1024, b"</sheetData></worksheet>")
    xlsx(path, sheet=None)
    _append_member(path, "xl/worksheets/sheet1.xml", data, crc, 1000 if lie else size)
    return path


def _append_member(path: Path, name: str, deflated: bytes, crc: int, size: int) -> None:
    """Add a member whose deflate stream we made ourselves (zipfile would recompress it)."""
    raw = path.read_bytes()
    end = raw.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", raw, end + 12)
    entries = struct.unpack_from("<H", raw, end + 10)[0]
    body, directory = raw[:cd_offset], raw[cd_offset : cd_offset + cd_size]
    encoded = name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), size & 0xFFFFFFFF, len(encoded), 0
    )
    offset = len(body)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0x21,
        crc,
        len(deflated),
        size & 0xFFFFFFFF,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    body += local + encoded + deflated
    directory += central + encoded
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1, len(directory), len(body), 0)
    path.write_bytes(body + directory + eocd)


# ------------------------------------------------------------------------------------------ big cells
def huge_cell_text(megabytes: int = 50) -> str:
    """`megabytes` MB of word-like text that compresses about 140:1 — like a pasted log or a
    base64 image — so that a zip ratio check does not stop it: the cell itself must be."""
    rng = random.Random(50)
    block = " ".join(
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(8192 // 5)
    )[:8192]
    return "".join(f"{block} {i} " for i in range(megabytes * 1024 * 1024 // (8192 + 8)))


# ------------------------------------------------------------------------------------------ OLE
_FREE, _END, _FAT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding `streams` at its root, each
    padded to 4,096 bytes at least so that no mini stream is needed. This is how an encrypted .xlsx
    is stored: an « EncryptionInfo » and an « EncryptedPackage » stream instead of a zip."""
    names = list(streams)
    datas = [streams[n] + b"\x00" * max(0, 4096 - len(streams[n])) for n in names]
    sectors_of = [(len(d) + 511) // 512 for d in datas]
    fat = [_FAT, _END]  # sector 0: the FAT itself; sector 1: the directory
    starts = []
    for count in sectors_of:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= 128, "one FAT sector only"
    fat += [_FREE] * (128 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == 512

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child)
            + b"\x00" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, _NOSTREAM, _END, 0)
    for i, (name, start, data) in enumerate(zip(names, starts, datas, strict=True)):
        right = i + 2 if i + 1 < len(names) else _NOSTREAM
        directory += entry(name, 2, _NOSTREAM, right, start, len(data))
    directory = directory.ljust(512, b"\x00")
    return (
        header
        + struct.pack("<128I", *fat)
        + directory
        + b"".join(d.ljust(n * 512, b"\x00") for d, n in zip(datas, sectors_of, strict=True))
    )


def encrypted_xlsx(path: Path) -> Path:
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": bytes(range(256)) * 32}))
    return path


# ------------------------------------------------------------------------------------------ ODS
def ods(path: Path, table_rows: str) -> Path:
    """An .ods whose one table, « Offres », holds `table_rows`."""
    return write_ods(path, [("Offres", table_rows)])
