"""Small files built in code for the reading tests: hand-made .xlsx/.ods parts, zip archives, CSV bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
PARTNERS = SHARED / "fixtures" / "partners"
CORPUS = SHARED / "corpus"

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_zip(path: Path, members: dict[str, bytes | str], *, compress: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def raw_xlsx(
    path: Path,
    sheet_data: str,
    *,
    shared: list[str] | None = None,
    shared_xml: str | None = None,
    sheet_head: str = "",
    sheet_tail: str = "",
    workbook_pr: str = "",
) -> Path:
    """A one-sheet .xlsx written by hand (« Feuil1 »), for cases no writer produces."""
    strings = shared or []
    sst = shared_xml or (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS_MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'{workbook_pr}<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS_MAIN}">{sheet_head}'
        f"<sheetData>{sheet_data}</sheetData>{sheet_tail}</worksheet>"
    )
    return write_zip(
        path,
        {
            "[Content_Types].xml": _CT,
            "_rels/.rels": _RELS,
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": _WB_RELS,
            "xl/worksheets/sheet1.xml": sheet,
            "xl/sharedStrings.xml": sst,
        },
    )


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
        zf.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path
