"""The formatted actions workbook comes back whole: its one data sheet, orientation headings and all,
re-imported after a partner's edits updates exactly the edited cells' entries (DESIGN.md), silently."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.exporting import export_entries
from stewarddesk.importing.api import import_file

from .conftest import AS_OF, ORIENTATION_A, ORIENTATION_B
from .workbooks import header_row, layout, load

ORIENTATION_C = "C. Attirer et retenir les talents"


@pytest.fixture
def workbook(cat: Catalogue, out_dir: Path) -> Path:
    """The export of a catalogue with three orientations and actions without one."""
    for code, title, status in (("C.1.1", "Bourses de mobilité", "engaged"), ("C.1.2", "Salon", "done")):
        cat.create(
            "actions",
            {
                "code": code,
                "orientation": ORIENTATION_C,
                "title": title,
                "carrier_type": "metropole",
                "carriers": ["Métropole Aix-Marseille-Provence"],
                "status": status,
                "reviewed": "2026-10-01",
            },
        )
    cat.create("actions", {"code": "D.1", "title": "Autre action sans orientation", "status": "to_define"})
    out = out_dir / "actions.xlsx"
    assert export_entries(cat, "actions", out, as_of=AS_OF).count == 7
    return out


def _edit_statuses(path: Path, new_status: dict[str, str]) -> list[str]:
    """A partner changes the « Statut » cell of some actions (by code) with openpyxl, as Excel would;
    returns the Orientation cells of the rows edited."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    start = header_row(ws, "Code")
    headers = [c.value for c in ws[start]]
    code_col, status_col = headers.index("Code") + 1, headers.index("Statut") + 1
    orientation_col = headers.index("Orientation") + 1
    orientations = []
    for row in range(start + 1, ws.max_row + 1):
        code = ws.cell(row, code_col).value
        if code in new_status:
            ws.cell(row, status_col).value = new_status[code]
            orientations.append(ws.cell(row, orientation_col).value)
    wb.save(path)
    return orientations


def test_the_workbook_is_one_data_sheet_of_orientation_groups(workbook: Path) -> None:
    wb = load(workbook)
    assert wb.sheetnames == ["Synthèse", "Actions"]
    assert layout(wb["Actions"], "Code") == [
        ("heading", "Sans orientation", 0),
        ("entry", "C.1", 1),
        ("entry", "D.1", 1),
        ("heading", ORIENTATION_A, 0),
        ("entry", "A.1.1", 1),
        ("entry", "A.1.2", 1),
        ("heading", ORIENTATION_B, 0),
        ("entry", "B.1.1", 1),
        ("heading", ORIENTATION_C, 0),
        ("entry", "C.1.1", 1),
        ("entry", "C.1.2", 1),
    ]
    summary = [[c for c in row if c is not None] for row in wb["Synthèse"].iter_rows(values_only=True)]
    assert ["(non renseigné)", 2] in summary and [ORIENTATION_C, 2] in summary
    assert ["Total", 1, 1, 1, 4, 7] in summary  # status × term: short, medium, long, none, total


def test_three_statuses_edited_under_three_orientations_update_exactly_three(
    cat: Catalogue, workbook: Path
) -> None:
    edited = _edit_statuses(workbook, {"A.1.2": "Engagée", "B.1.1": "Abandonnée", "C.1.2": "Engagée"})
    assert edited == [ORIENTATION_A, ORIENTATION_B, ORIENTATION_C]
    report = import_file(cat, workbook, kind="actions", as_of=AS_OF).report
    assert (report["inserted"], report["updated"], report["unchanged"], report["rejected"]) == (0, 3, 4, [])
    assert report["warnings"] == []
    status = {a["code"]: a["status"] for a in cat.rows("actions", cat.ids("actions", Query()))}
    assert status == {
        "A.1.1": "engaged",
        "A.1.2": "engaged",
        "B.1.1": "dropped",
        "C.1": "done",
        "C.1.1": "engaged",
        "C.1.2": "engaged",
        "D.1": "to_define",
    }


def test_an_unedited_export_reimports_unchanged_without_a_word(cat: Catalogue, workbook: Path) -> None:
    report = import_file(cat, workbook, kind="actions", as_of=AS_OF).report
    assert (report["inserted"], report["updated"], report["unchanged"], report["rejected"]) == (0, 0, 7, [])
    assert report["warnings"] == []
