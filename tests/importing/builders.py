"""Small files built in code for the reading tests: hand-made .xlsx/.ods parts, zip archives, CSV bytes.

The parts themselves come from tests/raw_workbooks.py, shared with the hostile files of tests/faults.
"""

from __future__ import annotations

from pathlib import Path

from tests.raw_workbooks import (
    NS_MAIN,
    ods_cell,
    ods_row,
    shared_strings,
    workbook,
    worksheet,
    write_ods,
    write_xlsx,
    write_zip,
)

# The shared part builders the reading tests use are offered here with this folder's own.
__all__ = [
    "CORPUS",
    "NS_MAIN",
    "PARTNERS",
    "REPO",
    "SHARED",
    "ods_cell",
    "ods_row",
    "raw_xlsx",
    "write_ods",
    "write_zip",
]

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
PARTNERS = SHARED / "fixtures" / "partners"
CORPUS = SHARED / "corpus"


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
    return write_xlsx(
        path,
        workbook=workbook("Feuil1", workbook_pr=workbook_pr),
        sheet=worksheet(sheet_data, sheet_head, sheet_tail),
        shared=shared_xml or shared_strings(*(shared or [])),
    )
