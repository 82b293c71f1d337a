"""Exports that come back: a partner's review workbook edited and re-imported, a CSV re-imported as is.

Needs the import engine (`stewarddesk.importing.api`); skipped with a reason while it is absent.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.exporting import export_entries
from stewarddesk.fields import EntryKind

from .conftest import AS_OF
from .workbooks import header_row

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("stewarddesk.importing.api") is None,
    reason="the import engine (stewarddesk.importing.api) is not there yet",
)


def _import(cat: Catalogue, path: Path, kind: EntryKind) -> Any:
    from stewarddesk.importing.api import import_file

    return import_file(cat, path, kind=kind, as_of=AS_OF)


def _more_offers(cat: Catalogue) -> None:
    for i in range(1, 5):
        cat.create(
            "offers",
            {
                "title": f"Programme Impulse n° {i}",
                "structure": "Impulse",
                "need": "support",
                "email": f"p{i}@impulse.example",
                "status": "active",
                "reviewed": "2026-05-01",
            },
        )


def _edit_statuses(path: Path, new_status: dict[int, str]) -> None:
    """What a partner does in Excel: change the « Statut » cell of some rows (by entry id)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    start = header_row(ws, "Offre")
    headers = [c.value for c in ws[start]]
    status_col, id_col = headers.index("Statut") + 1, headers.index("ID") + 1
    done = 0
    for row in range(start + 1, ws.max_row + 1):
        entry_id = ws.cell(row, id_col).value
        if entry_id in new_status:
            ws.cell(row, status_col).value = new_status[entry_id]
            done += 1
    assert done == len(new_status)
    wb.save(path)


def test_partner_changes_three_statuses_exactly_three_updated(cat: Catalogue, out_dir: Path) -> None:
    _more_offers(cat)
    out = out_dir / "revue.xlsx"
    exported = export_entries(cat, "offers", out, partner="Impulse", as_of=AS_OF)
    assert exported.count == 6
    ids = [i for i in cat.ids("offers") if cat.get("offers", i)["structure"] == "Impulse"][:3]
    _edit_statuses(out, dict.fromkeys(ids, "Suspendue"))
    outcome = _import(cat, out, "offers")
    report = outcome.report
    assert (report["inserted"], report["updated"], report["rejected"]) == (0, 3, [])
    assert report["unchanged"] == 3
    assert {c["id"] for c in report["changes"]} == set(ids)
    assert all(cat.get("offers", i)["status"] == "suspended" for i in ids)


def test_a_field_changed_on_both_sides_is_a_conflict_not_an_overwrite(cat: Catalogue, out_dir: Path) -> None:
    _more_offers(cat)
    out = out_dir / "revue.xlsx"
    export_entries(cat, "offers", out, partner="Impulse", as_of=AS_OF)
    ids = [i for i in cat.ids("offers") if cat.get("offers", i)["structure"] == "Impulse"]
    both, partner_only = ids[0], ids[1]
    cat.update("offers", both, {"status": "archived"})  # changed in the catalogue since the export
    _edit_statuses(out, {both: "Suspendue", partner_only: "Suspendue"})
    outcome = _import(cat, out, "offers")
    conflicts = outcome.report["conflicts"]
    assert [(c["id"], c["field"]) for c in conflicts] == [(both, "status")]
    assert cat.get("offers", both)["status"] == "archived"  # the catalogue's value kept
    assert cat.get("offers", partner_only)["status"] == "suspended"
    assert outcome.report["inserted"] == 0 and outcome.report["rejected"] == []


@pytest.mark.parametrize("kind", ["offers", "actions"])
def test_a_csv_export_reimports_with_no_change(cat: Catalogue, out_dir: Path, kind: EntryKind) -> None:
    out = out_dir / f"{kind}.csv"
    exported = export_entries(cat, kind, out, as_of=AS_OF)
    report = _import(cat, out, kind).report
    assert (report["inserted"], report["updated"], report["rejected"]) == (0, 0, [])
    assert report["unchanged"] == exported.count


def test_a_formatted_offers_workbook_reimports_with_no_change(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "offers.xlsx"
    exported = export_entries(cat, "offers", out, as_of=AS_OF)
    report = _import(cat, out, "offers").report
    assert (report["inserted"], report["updated"], report["rejected"]) == (0, 0, [])
    assert report["unchanged"] == exported.count


@pytest.mark.parametrize(("kind", "partner"), [("offers", "Impulse"), ("actions", "A*MIDEX")])
def test_an_untouched_review_workbook_changes_nothing(
    cat: Catalogue, out_dir: Path, kind: EntryKind, partner: str
) -> None:
    out = out_dir / "revue.xlsx"
    exported = export_entries(cat, kind, out, partner=partner, as_of=AS_OF)
    report = _import(cat, out, kind).report
    assert (report["inserted"], report["updated"], report["rejected"], report["conflicts"]) == (0, 0, [], [])
    assert report["unchanged"] == exported.count
