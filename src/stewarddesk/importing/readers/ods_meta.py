"""Sheet metadata of an .ods that python-calamine does not expose: merged cells (calamine leaves covered
cells empty), hidden rows and columns, error cells, whole numbers shown with leading zeros (« 01234 »: the
text LibreOffice wrote beside the value), the null date, and the extent of the cells holding
something (to refuse absurd rectangles, such as repeated rows × repeated columns asking for billions of
cells, before calamine allocates them).

content.xml is inflated once (bounded, by `safety.inflate_member`) and tokenized (see `scan_content`).
Repeated rows and columns (`number-rows-repeated`, `number-columns-repeated`) are counted, never expanded:
LibreOffice writes a million empty rows as one element.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.readers.meta import SheetMeta
from stewarddesk.importing.readers.numfmt import CodeFormat, format_of_shown
from stewarddesk.importing.safety import LIMITS, Limits, inflate_member

_TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CALCEXT_NS: Final = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MAX_ROWS: Final = 1 << 31  # a sanity bound on repeat counts, far above any real sheet
_MAX_MERGES: Final = 100_000


@dataclass
class OdsLayout:
    """Per-sheet metadata, by sheet name, and the document's date system."""

    sheets: dict[str, SheetMeta] = field(default_factory=dict)
    epoch1904: bool = False


def _count(value: str | None) -> int:
    try:
        n = int(value) if value else 1
    except ValueError:
        return 1
    return min(max(n, 1), _MAX_ROWS)


def scan_content(path: Path, zf: zipfile.ZipFile, limits: Limits = LIMITS) -> OdsLayout:
    """Scan content.xml once and gather every table's metadata (0-based coordinates).

    Not an XML parser: a tokenizer over tables, columns and rows, then, row by row, over cells only where
    the row needs it (repeated, merged or error cells); a plain row is measured by counting its cells.
    Ten times faster than building elements for the whole document, and it expands no entity by
    construction. The namespace prefixes are read from the document's declarations.
    """
    layout = OdsLayout()
    info = zf.getinfo("content.xml")
    with path.open("rb") as fp:
        data = b"".join(inflate_member(path, fp, info, limits))
    prefixes = _prefixes(data)
    tp = re.escape(prefixes.get(_TABLE_NS, b"table"))
    structure = re.compile(rb"<(/?)" + tp + rb":(table-row|table-column|table|null-date)\b([^>]*?)(/?)>")
    row_close = re.compile(rb"</" + tp + rb":table-row>")
    cell = re.compile(rb"<" + tp + rb":(?:covered-)?table-cell\b([^>]*?)(/?)>")
    cell_open = b"<" + prefixes.get(_TABLE_NS, b"table") + b":"
    attr = _attribute_finder(prefixes)
    meta: SheetMeta | None = None
    row = col_def = 0
    pos = 0
    while True:
        m = structure.search(data, pos)
        if m is None:
            break
        pos = m.end()
        closing, name, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        if name == b"table":
            if closing:
                meta = None
            else:
                meta = SheetMeta(merges=[])
                title = attr(attrs, _TABLE_NS, b"name")
                layout.sheets[title or f"Sheet{len(layout.sheets) + 1}"] = meta
                row = col_def = 0
            continue
        if name == b"null-date":
            layout.epoch1904 = (attr(attrs, _TABLE_NS, b"date-value") or "").startswith("1904")
            continue
        if meta is None or closing:
            continue
        if name == b"table-column":
            n = min(_count(attr(attrs, _TABLE_NS, b"number-columns-repeated")), 16384)
            if attr(attrs, _TABLE_NS, b"visibility") in ("collapse", "filter"):
                meta.hidden_cols.update(range(col_def, min(col_def + n, 16384)))
            col_def += n
            continue
        # a row: its cells run to its closing tag
        repeat = _count(attr(attrs, _TABLE_NS, b"number-rows-repeated")) if b"repeated" in attrs else 1
        if b"visibility" in attrs and attr(attrs, _TABLE_NS, b"visibility") in ("collapse", "filter"):
            meta.add_hidden_rows(row, row + repeat - 1)
        if not empty:
            close = row_close.search(data, pos)
            end = close.start() if close else len(data)
            segment = data[pos:end]
            pos = close.end() if close else end
            last = _row_extent(meta, row, segment, cell, cell_open, attr)
            if last >= 0:
                meta.max_row = max(meta.max_row, row + repeat - 1)
                meta.max_col = max(meta.max_col, last)
        row += repeat
    return layout


def _row_extent(
    meta: SheetMeta,
    row: int,
    segment: bytes,
    cell: re.Pattern[bytes],
    cell_open: bytes,
    attr: Callable[[bytes, str, bytes], str | None],
) -> int:
    """The last column of `row` holding something (-1: none), recording merges, errors and numbers shown
    with leading zeros on the way."""
    if (
        b"repeated" not in segment
        and b"spanned" not in segment
        and b"error" not in segment
        and b":p>0" not in segment  # a shown text starting with 0: maybe a code such as « 01234 »
    ):
        # One element per column: count them. An upper bound is all the area check needs.
        cells = segment.count(cell_open + b"table-cell") + segment.count(cell_open + b"covered-table-cell")
        holds = b"value-type" in segment or b"</" in segment
        return cells - 1 if cells and holds else -1
    col = 0
    last = -1
    for m in cell.finditer(segment):
        attrs, empty = m.group(1), m.group(2)
        n = _count(attr(attrs, _TABLE_NS, b"number-columns-repeated")) if b"repeated" in attrs else 1
        if b"value-type" in attrs or not empty:
            last = col + n - 1
        if b"spanned" in attrs and m.group(0)[len(cell_open) :].startswith(b"table-cell"):
            rs = _count(attr(attrs, _TABLE_NS, b"number-rows-spanned"))
            cs = _count(attr(attrs, _TABLE_NS, b"number-columns-spanned"))
            if (rs > 1 or cs > 1) and meta.merges is not None and len(meta.merges) < _MAX_MERGES:
                meta.merges.append((row, col, row + rs - 1, col + cs - 1))
        if b"error" in attrs and attr(attrs, _CALCEXT_NS, b"value-type") == "error":
            text = _text_until_close(segment, m.end())
            if text.startswith(("#", "Err:")):
                meta.errors[(row, col)] = CellError(text)
        if b"float" in attrs and not empty and attr(attrs, _OFFICE_NS, b"value-type") == "float":
            fmt = _code_shown(attr(attrs, _OFFICE_NS, b"value"), segment, m.end())
            if fmt is not None:
                meta.code_formats.update(((row, c), fmt) for c in range(col, col + min(n, 256)))
        col = min(col + n, _MAX_ROWS)
    return last


def _code_shown(value: str | None, segment: bytes, start: int) -> CodeFormat | None:
    """The cell's format when its shown text is its whole number with leading zeros (« 01234 » for 1234)."""
    try:
        number = float(value or "")
    except ValueError:
        return None
    text = _text_until_close(segment, start)
    return format_of_shown(text, number) if text.startswith("0") else None


def _valued(meta: SheetMeta, col: int, repeat: int) -> None:
    meta.max_col = max(meta.max_col, col + repeat - 1)


_XMLNS = re.compile(rb'xmlns:([\w.-]+)="([^"]*)"')
_TAGS = re.compile(rb"<[^>]*>")


def _prefixes(data: bytes) -> dict[str, bytes]:
    head = data[:65536]  # the declarations sit on the root element, at the top
    return {uri.decode("utf-8", "replace"): prefix for prefix, uri in _XMLNS.findall(head)}


def _attribute_finder(prefixes: dict[str, bytes]) -> Callable[[bytes, str, bytes], str | None]:
    cache: dict[tuple[str, bytes], re.Pattern[bytes]] = {}

    def find(attrs: bytes, namespace: str, local: bytes) -> str | None:
        key = (namespace, local)
        pattern = cache.get(key)
        if pattern is None:
            prefix = prefixes.get(namespace, b"")
            pattern = re.compile(rb"\s" + re.escape(prefix) + rb":" + re.escape(local) + rb'="([^"]*)"')
            cache[key] = pattern
        m = pattern.search(attrs)
        return html.unescape(m.group(1).decode("utf-8", "replace")) if m else None

    return find


def _text_until_close(data: bytes, start: int) -> str:
    end = data.find(b"table-cell>", start)
    end = data.rfind(b"<", start, end) if end >= 0 else start + 200
    raw = data[start : max(end, start)]
    return _TAGS.sub(b"", raw).decode("utf-8", "replace").strip()
