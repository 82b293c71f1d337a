"""A small, bounded reader of Compound File Binary (OLE2) containers: the envelope of .xls workbooks and of
password-protected .xlsx files.

Only what the import needs: the names of the streams (to recognise an encrypted OOXML package) and the bytes
of one stream (the BIFF « Workbook » of an .xls). Every sector chain is followed with a step limit and a
visited set, every size is checked against the file, so a hostile or broken file raises `CfbError` instead
of looping or allocating.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE: Final = 0xFFFFFFFF
_END_OF_CHAIN: Final = 0xFFFFFFFE
_MAX_REGULAR: Final = 0xFFFFFFFA
_DIR_ENTRY: Final = 128


class CfbError(Exception):
    """The container is malformed (the message is technical; callers translate the situation)."""


@dataclass(frozen=True)
class Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class CompoundFile:
    """An OLE2 container held in memory (callers check the file size first)."""

    def __init__(self, data: bytes, *, max_stream: int = 256 * 1024 * 1024) -> None:
        if len(data) < 512 or data[:8] != SIGNATURE:
            raise CfbError("not a compound file")
        self._data = data
        self._max_stream = max_stream
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if sector_shift not in (9, 12) or mini_shift != 6:
            raise CfbError(f"unsupported sector sizes {sector_shift}/{mini_shift}")
        self._sector = 1 << sector_shift
        self._mini = 1 << mini_shift
        (n_fat, first_dir, _tx, self._cutoff, first_minifat, n_minifat, first_difat, n_difat) = (
            struct.unpack_from("<IIIIIIII", data, 44)
        )
        self._n_sectors = max(0, (len(data) - self._sector) // self._sector + 1)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s <= _MAX_REGULAR]
        sector = first_difat
        seen: set[int] = set()
        while sector <= _MAX_REGULAR and len(seen) < n_difat + 1:
            if sector in seen:
                raise CfbError("DIFAT loop")
            seen.add(sector)
            words = struct.unpack_from(f"<{self._sector // 4}I", self._sector_bytes(sector))
            fat_sectors += [s for s in words[:-1] if s <= _MAX_REGULAR]
            sector = words[-1]
        fat_sectors = fat_sectors[: max(n_fat, 0) or len(fat_sectors)]
        fat: list[int] = []
        for s in fat_sectors[: self._n_sectors]:
            fat.extend(struct.unpack_from(f"<{self._sector // 4}I", self._sector_bytes(s)))
        self._fat = fat
        directory = self._chain_bytes(first_dir, self._fat, self._sector, self._sector_bytes)
        self.entries: list[Entry] = []
        for off in range(0, len(directory) - _DIR_ENTRY + 1, _DIR_ENTRY):
            name_len, kind = struct.unpack_from("<HB", directory, off + 64)
            if kind not in (1, 2, 5):
                continue
            name = directory[off : off + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            start, size_low, size_high = struct.unpack_from("<III", directory, off + 116)
            size = size_low if self._sector == 512 else size_low | (size_high << 32)
            self.entries.append(Entry(name, kind, start, size))
        if not self.entries or self.entries[0].kind != 5:
            raise CfbError("no root entry")
        self._root = self.entries[0]
        self._minifat: list[int] | None = None
        self._ministream: bytes | None = None
        self._first_minifat, self._n_minifat = first_minifat, n_minifat

    def _sector_bytes(self, sector: int) -> bytes:
        if sector >= self._n_sectors:
            raise CfbError(f"sector {sector} beyond the end of the file")
        off = (sector + 1) * self._sector
        return self._data[off : off + self._sector]

    def _chain_bytes(
        self, start: int, fat: list[int], unit: int, read: Callable[[int], bytes], limit: int | None = None
    ) -> bytes:
        parts: list[bytes] = []
        total = 0
        seen: set[int] = set()
        sector = start
        cap = self._max_stream if limit is None else limit
        while sector <= _MAX_REGULAR:
            if sector in seen:
                raise CfbError("sector chain loop")
            if sector >= len(fat):
                raise CfbError("sector chain leaves the allocation table")
            seen.add(sector)
            parts.append(read(sector))
            total += unit
            if total > cap + unit:
                raise CfbError("stream larger than allowed")
            sector = fat[sector]
        if sector not in (_END_OF_CHAIN, _FREE):
            raise CfbError("bad end of chain")
        return b"".join(parts)

    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def find(self, *names: str) -> Entry | None:
        wanted = {n.casefold() for n in names}
        for e in self.entries:
            if e.kind == 2 and e.name.casefold() in wanted:
                return e
        return None

    def read(self, entry: Entry) -> bytes:
        """The bytes of a stream, exactly `entry.size` long."""
        if entry.size > self._max_stream:
            raise CfbError("stream larger than allowed")
        if entry.size < self._cutoff:
            data = self._chain_bytes(
                entry.start, self._load_minifat(), self._mini, self._mini_bytes, entry.size
            )
        else:
            data = self._chain_bytes(entry.start, self._fat, self._sector, self._sector_bytes, entry.size)
        if len(data) < entry.size:
            raise CfbError("stream shorter than declared")
        return data[: entry.size]

    def _load_minifat(self) -> list[int]:
        if self._minifat is None:
            raw = b""
            if self._n_minifat:
                raw = self._chain_bytes(self._first_minifat, self._fat, self._sector, self._sector_bytes)
            self._minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))
            self._ministream = self._chain_bytes(
                self._root.start, self._fat, self._sector, self._sector_bytes, self._root.size
            )
        return self._minifat

    def _mini_bytes(self, sector: int) -> bytes:
        assert self._ministream is not None
        off = sector * self._mini
        if off + self._mini > len(self._ministream):
            raise CfbError("mini sector beyond the mini stream")
        return self._ministream[off : off + self._mini]
