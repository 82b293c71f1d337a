"""Sheet metadata of an .ods that python-calamine does not expose: merged cells (calamine leaves covered
cells empty), hidden rows and columns, error cells, the null date, and the extent of the cells holding
something (to refuse absurd rectangles, such as repeated rows × repeated columns asking for billions of
cells, before calamine allocates them).

content.xml is parsed once, streamed, with defusedxml (entities and DTDs refused). Repeated rows and
columns (`number-rows-repeated`, `number-columns-repeated`) are counted, never expanded: LibreOffice writes
a million empty rows as one element.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.readers.meta import SheetMeta
from stewarddesk.importing.safety import LIMITS, Limits, inflate_member

_TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CALCEXT_NS: Final = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_T = "{" + _TABLE_NS + "}"
_TABLE = _T + "table"
_ROW = _T + "table-row"
_COLUMN = _T + "table-column"
_CELL = _T + "table-cell"
_COVERED = _T + "covered-table-cell"
_NULL_DATE = _T + "null-date"
_ROWS_REPEATED = _T + "number-rows-repeated"
_COLS_REPEATED = _T + "number-columns-repeated"
_ROWS_SPANNED = _T + "number-rows-spanned"
_COLS_SPANNED = _T + "number-columns-spanned"
_VISIBILITY = _T + "visibility"
_NAME = _T + "name"
_VALUE_TYPE = "{" + _OFFICE_NS + "}value-type"
_CALC_VALUE_TYPE = "{" + _CALCEXT_NS + "}value-type"
_MAX_ROWS: Final = 1 << 31  # a sanity bound on repeat counts, far above any real sheet
_MAX_MERGES: Final = 100_000


@dataclass
class OdsLayout:
    """Per-sheet metadata, by sheet name, and the document's date system."""

    sheets: dict[str, SheetMeta] = field(default_factory=dict)
    epoch1904: bool = False


class _Stream:
    """content.xml's inflated chunks as a file-like object for iterparse."""

    def __init__(self, chunks: object) -> None:
        self._chunks = iter(chunks)  # type: ignore[call-overload]
        self._buf = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buf) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buf += chunk
        if size < 0:
            out, self._buf = self._buf, b""
        else:
            out, self._buf = self._buf[:size], self._buf[size:]
        return out


def _count(value: str | None) -> int:
    try:
        n = int(value) if value else 1
    except ValueError:
        return 1
    return min(max(n, 1), _MAX_ROWS)


def scan_content(path: Path, zf: zipfile.ZipFile, limits: Limits = LIMITS) -> OdsLayout:
    """Parse content.xml once and gather every table's metadata (0-based coordinates)."""
    layout = OdsLayout()
    info = zf.getinfo("content.xml")
    with path.open("rb") as fp:
        stream = _Stream(inflate_member(path, fp, info, limits))
        meta: SheetMeta | None = None
        row = col = 0
        col_def = 0
        row_repeat = 1
        row_has_value = False
        row_hidden = False
        stack: list[Element] = []
        for event, el in SafeET.iterparse(stream, events=("start", "end")):
            tag = el.tag
            if event == "start":
                stack.append(el)
                if tag == _TABLE:
                    meta = SheetMeta(merges=[])
                    layout.sheets[el.get(_NAME, f"Sheet{len(layout.sheets) + 1}")] = meta
                    row = col = col_def = 0
                elif meta is None:
                    continue
                elif tag == _COLUMN:
                    n = min(_count(el.get(_COLS_REPEATED)), 16384)
                    if el.get(_VISIBILITY) in ("collapse", "filter"):
                        meta.hidden_cols.update(range(col_def, min(col_def + n, 16384)))
                    col_def += n
                elif tag == _ROW:
                    col = 0
                    row_repeat = _count(el.get(_ROWS_REPEATED))
                    row_hidden = el.get(_VISIBILITY) in ("collapse", "filter")
                    row_has_value = False
                continue
            # end events
            stack.pop()
            if tag == _NULL_DATE:
                layout.epoch1904 = (el.get(_T + "date-value") or "").startswith("1904")
            if meta is None:
                continue
            if tag in (_CELL, _COVERED):
                n = _count(el.get(_COLS_REPEATED))
                has_value = el.get(_VALUE_TYPE) is not None or any(
                    child.tag.rsplit("}", 1)[-1] != "annotation" for child in el
                )
                if has_value:
                    row_has_value = True
                    meta.max_col = max(meta.max_col, col + n - 1)
                if tag == _CELL:
                    rs, cs = _count(el.get(_ROWS_SPANNED)), _count(el.get(_COLS_SPANNED))
                    if (rs > 1 or cs > 1) and meta.merges is not None and len(meta.merges) < _MAX_MERGES:
                        meta.merges.append((row, col, row + rs - 1, col + cs - 1))
                    if el.get(_CALC_VALUE_TYPE) == "error":
                        text = "".join(el.itertext()).strip()
                        if text.startswith(("#", "Err:")):
                            meta.errors[(row, col)] = CellError(text)
                col += n
                el.clear()
            elif tag == _ROW:
                if row_has_value:
                    meta.max_row = max(meta.max_row, row + row_repeat - 1)
                if row_hidden:
                    meta.add_hidden_rows(row, row + row_repeat - 1)
                row += row_repeat
                el.clear()
                if stack:
                    stack[-1].remove(el)  # keep memory flat: 50,000 cleared rows still weigh
            elif tag == _TABLE:
                meta = None
                el.clear()
    return layout
