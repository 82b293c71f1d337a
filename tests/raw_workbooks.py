"""Spreadsheet files written part by part, for what no spreadsheet program writes: a one-sheet .xlsx from
its XML parts and an .ods from its tables. Shared by the reading tests (tests/importing/builders.py) and
the hostile files (tests/faults/hostile.py).

Test folders are packages under the `tests` package, so they reach this module as `..raw_workbooks`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEETML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SPREADSHEETML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SPREADSHEETML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def workbook(sheet_name: str, *, workbook_pr: str = "") -> str:
    """The workbook part: one sheet, `sheet_name`, behind `rId1` (sheet1.xml)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f'{workbook_pr}<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def worksheet(sheet_data: str, head: str = "", tail: str = "") -> str:
    """A worksheet part: `head` (e.g. a <dimension>), the rows, then `tail` (e.g. <mergeCells>)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS_MAIN}">{head}'
        f"<sheetData>{sheet_data}</sheetData>{tail}</worksheet>"
    )


def shared_strings(*strings: str) -> str:
    """A shared strings part holding `strings`, indexed from 0."""
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS_MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{items}</sst>'
    )


def write_zip(path: Path, members: dict[str, bytes | str], *, compress: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def write_xlsx(path: Path, *, workbook: str, sheet: str | None, shared: str) -> Path:
    """A one-sheet .xlsx of these parts and the fixed ones (content types, relationships); with `sheet`
    None the worksheet part is left out, for the caller to add its own way."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    }
    if sheet is not None:
        parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/sharedStrings.xml"] = shared
    return write_zip(path, parts)


# ------------------------------------------------------------------------------------------------ ods
ODS_NS = (
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def ods_cell(value: str | float | None = None, attrs: str = "", *, date: str | None = None) -> str:
    if date is not None:
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{date}"{attrs}>'
            f"<text:p>{date}</text:p></table:table-cell>"
        )
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paras = "".join(f"<text:p>{escape(p)}</text:p>" for p in value.split("\n"))
    return f'<table:table-cell office:value-type="string"{attrs}>{paras}</table:table-cell>'


def ods_row(*cells: str, attrs: str = "") -> str:
    return f"<table:table-row{attrs}>{''.join(cells)}</table:table-row>"


def write_ods(
    path: Path, tables: list[tuple[str, str]], *, manifest_extra: str = "", prolog: str = ""
) -> Path:
    """An .ods of `tables` (name, rows XML); `manifest_extra` goes inside content.xml's manifest entry
    (e.g. encryption data), `prolog` before the document element (e.g. a DTD)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content{ODS_NS} office:version="1.2">'
        "<office:body><office:spreadsheet>"
        + "".join(f'<table:table table:name="{escape(n)}">{x}</table:table>' for n, x in tables)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}'
        "</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        # The mimetype member first and stored, as the OpenDocument package format asks.
        zf.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path
