"""Sheet metadata of an .xlsx that python-calamine does not expose: hidden rows and columns, error cells,
formulas without a cached value, whole numbers shown with leading zeros by their number format (a postal
code, a phone number), and the extent of the cells (to refuse absurd rectangles before calamine allocates
them).

The small parts (`_rels/.rels`, the workbook and its relationships) are parsed whole with defusedxml. The
worksheets, which can hold hundreds of megabytes of XML, are not parsed: they are inflated in chunks
(through `safety.inflate_member`, bounded) and searched with a few byte patterns for the rare things we
look for. This costs a fraction of calamine's own read and cannot be fooled into expanding entities
(there is no parser).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.readers.meta import SheetMeta, column_index, parse_ref
from stewarddesk.importing.readers.numfmt import CodeFormat, code_format
from stewarddesk.importing.safety import LIMITS, Limits, inflate_member

_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (« x:row »)
_ROW = re.compile(rb"<" + _P + rb"row\b([^>]*)>")
_ATTR_R = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_COL = re.compile(rb"<" + _P + rb"col\b([^>]*)>")
_SHEETDATA = re.compile(rb"<" + _P + rb"sheetData\b")
# Cells holding something (not self-closed) beyond column Z: the only ones that can widen the rectangle
# past 26 columns. Empty styled cells (« <c r="XFD1" s="1"/> ») hold nothing: calamine skips them too.
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d+"[^>/]*>')
_LAST_CREF = re.compile(rb"<" + _P + rb'c\b[^>]*?\br="([A-Z]{1,3}\d+)"')
# A formula followed by no value, by a self-closed one (openpyxl writes « <v /> ») or by an empty one
# (« <v></v> », the cached empty text: sorted out below), then the end of the cell.
_FORMULA_NO_VALUE = re.compile(
    rb"(?:</"
    + _P
    + rb"f>|<"
    + _P
    + rb"f\b[^>]*/>)\s*(<"
    + _P
    + rb"v\s*/>|<"
    + _P
    + rb"v></"
    + _P
    + rb"v>)?\s*</"
    + _P
    + rb"c>"
)
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)</" + _P + rb"v>")
_ATTR_REF = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_OPEN_C = re.compile(rb"<" + _P + rb"c\b")
_CLOSE_C = re.compile(rb"</" + _P + rb"c>")
_OPEN_TAG_REF = re.compile(rb"<" + _P + rb'c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*>')
_MIN_MAX = re.compile(rb'\b(min|max)="(\d+)"')
# An opening cell tag that holds something (not self-closed), with its attributes.
_CELL_ATTRS = re.compile(rb"<" + _P + rb"c\b([^>]*[^/>])?>")
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_OVERLAP: Final = 65536
_MAX_COLUMNS: Final = 16384


@dataclass
class XlsxLayout:
    """Sheet name → worksheet part path inside the archive, the workbook's date system, and the cell styles
    (by index) whose number format shows whole numbers with leading zeros."""

    parts: dict[str, str] = field(default_factory=dict)
    epoch1904: bool = False
    code_styles: dict[int, CodeFormat] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: Element, name: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value
    return None


def _parse(zf: zipfile.ZipFile, name: str, limits: Limits) -> Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limits.max_xml_part:
        return None
    root: Element = SafeET.fromstring(zf.read(info))
    return root


def _rels(zf: zipfile.ZipFile, part: str, limits: Limits) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, resolved target part) for `part`."""
    folder, base = posixpath.split(part)
    root = _parse(zf, posixpath.join(folder, "_rels", base + ".rels"), limits)
    out: dict[str, tuple[str, str]] = {}
    if root is None:
        return out
    for rel in root:
        rid, target, rtype = rel.get("Id"), rel.get("Target"), rel.get("Type", "")
        if not rid or not target or rel.get("TargetMode") == "External":
            continue
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        out[rid] = (rtype, resolved)
    return out


def read_layout(zf: zipfile.ZipFile, limits: Limits = LIMITS) -> XlsxLayout:
    """Map sheet names to worksheet parts (following the relationships: some writers use odd paths).

    Never raises for an odd but readable file: what cannot be found is simply left out (the sheet then has
    no metadata). defusedxml's refusals (entities, DTD) do propagate.
    """
    layout = XlsxLayout()
    workbook = "xl/workbook.xml"
    for rtype, target in _rels(zf, "", limits).values():
        if rtype.endswith("/officeDocument"):
            workbook = target
            break
    root = _parse(zf, workbook, limits)
    if root is None:
        return layout
    rels = _rels(zf, workbook, limits)
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "workbookPr":
            layout.epoch1904 = (_attr(el, "date1904") or "").lower() in ("1", "true")
        elif tag == "sheet":
            name, rid = el.get("name"), _attr(el, "id")
            if name and rid and rid in rels:
                layout.parts[name] = rels[rid][1]
    styles = next((target for rtype, target in rels.values() if rtype.endswith("/styles")), None)
    if styles is not None:
        layout.code_styles = _code_styles(zf, styles, limits)
    return layout


def _code_styles(zf: zipfile.ZipFile, part: str, limits: Limits) -> dict[int, CodeFormat]:
    """Cell style index → its number format, for the styles whose format pads whole numbers with zeros.
    Only custom formats can (Excel's built-in ones never show more than one leading 0). Best effort: a
    styles part that does not parse leaves the numbers as they are (calamine judges the file)."""
    try:
        root = _parse(zf, part, limits)
    except ParseError:
        return {}
    if root is None:
        return {}
    formats: dict[str, CodeFormat] = {}
    found: dict[int, CodeFormat] = {}
    for el in root:
        tag = _local(el.tag)
        if tag == "numFmts":
            for nf in el:
                fmt = code_format(nf.get("formatCode") or "")
                if fmt is not None:
                    formats[nf.get("numFmtId") or ""] = fmt
        elif tag == "cellXfs" and formats:
            for index, xf in enumerate(el):
                fmt = formats.get(xf.get("numFmtId") or "")
                if fmt is not None:
                    found[index] = fmt
    return found


def scan_sheet(
    path: Path,
    zf: zipfile.ZipFile,
    part: str,
    limits: Limits = LIMITS,
    code_styles: dict[int, CodeFormat] | None = None,
) -> SheetMeta:
    """Scan one worksheet part (streamed, bounded) for hidden rows/columns, errors, formulas without value,
    numbers in a cell style of `code_styles` (`SheetMeta.code_formats`) and the extent of its cells."""
    meta = SheetMeta()
    code_pattern = _code_style_pattern(code_styles) if code_styles else None
    try:
        info = zf.getinfo(part)
    except KeyError:
        return meta
    in_head = True
    buf = b""
    max_row = -1
    max_col = 25  # columns A–Z are never counted one by one; only wider references are searched
    with path.open("rb") as fp:
        chunks = inflate_member(path, fp, info, limits)
        done = False
        while not done:
            chunk = next(chunks, None)
            if chunk is None:
                done = True
            else:
                buf += chunk
                if len(buf) < 2 * _OVERLAP:
                    continue
            cut = len(buf) if done else len(buf) - _OVERLAP
            if in_head:
                m = _SHEETDATA.search(buf)
                cols = _COL.finditer(buf, 0, m.start()) if m else _before(_COL, buf, cut)
                for col in cols:
                    _add_hidden_cols(meta, col.group(1))
                if m:
                    in_head = False
            # Byte searches first (fast, in C); the patterns only run where there is something to find.
            if b'hidden="' in buf:
                _add_hidden_rows(meta, buf, cut)
            last = _last_valued_cell(buf, cut)
            if last is not None:
                max_row = max(max_row, last[0])
            for wide in _before(_WIDE_REF, buf, cut):
                max_col = max(max_col, column_index(wide.group(1).decode("ascii")))
            if b"f>" in buf or b"f/>" in buf or b'f t="' in buf:
                for fm in _before(_FORMULA_NO_VALUE, buf, cut):
                    _add_formula_without_value(meta, buf, fm)
            if code_pattern is not None:
                _add_code_formats(meta, buf, cut, code_styles or {}, code_pattern)
            pos = buf.find(b' t="e"')
            while 0 <= pos < cut:
                _add_error(meta, buf, pos + 1)
                pos = buf.find(b' t="e"', pos + 1)
            buf = buf[cut:]
    meta.max_row = max_row
    meta.max_col = min(max_col, _MAX_COLUMNS - 1)
    return meta


def _before(pattern: re.Pattern[bytes], buf: bytes, cut: int) -> Iterator[re.Match[bytes]]:
    """Matches that start before `cut` (the rest of the buffer is seen again with the next chunk)."""
    for m in pattern.finditer(buf):
        if m.start() >= cut:
            return
        yield m


def _add_hidden_rows(meta: SheetMeta, buf: bytes, cut: int) -> None:
    pos = buf.find(b'hidden="')
    while 0 <= pos < cut:
        start = buf.rfind(b"<", 0, pos)
        row = _ROW.match(buf, start) if start >= 0 else None
        if row is not None and row.end() > pos and _HIDDEN.search(row.group(1)):
            r = _ATTR_R.search(row.group(1))
            if r:
                number = int(r.group(1)) - 1
                meta.add_hidden_rows(number, number)
        pos = buf.find(b'hidden="', pos + 1)


def _add_hidden_cols(meta: SheetMeta, attrs: bytes) -> None:
    if not _HIDDEN.search(attrs):
        return
    bounds = {k: int(v) for k, v in _MIN_MAX.findall(attrs)}
    first = max(1, bounds.get(b"min", 1))
    last = min(bounds.get(b"max", first), _MAX_COLUMNS)
    meta.hidden_cols.update(range(first - 1, last))


def _code_style_pattern(code_styles: dict[int, CodeFormat]) -> re.Pattern[bytes]:
    """The attribute of a cell in one of `code_styles` (« s="5" »): searched for directly, so that only
    those cells are looked at, not every cell of the sheet."""
    styles = b"|".join(str(i).encode("ascii") for i in sorted(code_styles))
    return re.compile(rb'\ss="(' + styles + rb')"')


def _add_code_formats(
    meta: SheetMeta, buf: bytes, cut: int, code_styles: dict[int, CodeFormat], pattern: re.Pattern[bytes]
) -> None:
    for style in _before(pattern, buf, cut):
        start = buf.rfind(b"<", 0, style.start())
        end = buf.find(b">", style.end())
        cell = _CELL_ATTRS.match(buf, start) if start >= 0 else None
        if cell is None or cell.end() != end + 1:
            continue  # not a cell's opening tag, or a self-closed (empty) cell
        kind = _ATTR_T.search(cell.group(1) or b"")
        if kind is not None and kind.group(1) != b"n":
            continue  # text, a boolean, an error: only numbers are formatted
        ref = _ATTR_REF.search(cell.group(1) or b"")
        where = parse_ref(ref.group(1).decode("ascii")) if ref else None
        if where is not None:
            meta.code_formats[where] = code_styles[int(style.group(1))]


def _add_formula_without_value(meta: SheetMeta, buf: bytes, fm: re.Match[bytes]) -> None:
    tag = _open_tag_before(buf, fm.start())
    if tag is None:
        return
    if fm.group(1) and fm.group(1).endswith(b"v>") and not fm.group(1).endswith(b"/>"):
        return  # « <v></v> »: the cached result is the empty text (an =IF(…;"";…) that gave "")
    where = parse_ref(tag.group(1).decode("ascii"))
    if where is not None:
        meta.formulas_without_value.append(where)


def _open_tag_before(buf: bytes, pos: int) -> re.Match[bytes] | None:
    found = None
    for m in _OPEN_TAG_REF.finditer(buf, max(0, pos - 16384), pos):
        found = m
    return found


def _last_valued_cell(buf: bytes, cut: int) -> tuple[int, int] | None:
    """The last cell closed by « </c> » (so holding something) that starts before `cut`: cells come in
    row order, so the last one of the last chunk that has any bounds the rows."""
    end = cut
    while True:
        pos = buf.rfind(b"c>", 0, end)
        if pos < 0:
            return None
        start = buf.rfind(b"<", 0, pos)
        if start >= 0 and _CLOSE_C.match(buf, start):
            return _cell_before(buf, start)
        end = pos


def _cell_before(buf: bytes, pos: int) -> tuple[int, int] | None:
    found = None
    for m in _LAST_CREF.finditer(buf, max(0, pos - 16384), pos):
        found = m
    if found is None:
        return None
    return parse_ref(found.group(1).decode("ascii"))


def _add_error(meta: SheetMeta, buf: bytes, pos: int) -> None:
    start = buf.rfind(b"<", 0, pos)
    tag = buf[start:pos]
    if start < 0 or not _OPEN_C.match(tag):
        return
    ref = _ATTR_REF.search(buf[start : buf.find(b">", pos) + 1])
    close = _CLOSE_C.search(buf, pos)
    if ref is None or close is None:
        return
    value = _VALUE.search(buf, pos, close.end())
    where = parse_ref(ref.group(1).decode("ascii"))
    if where is not None and value is not None:
        meta.errors[where] = CellError(value.group(1).decode("utf-8", "replace"))
