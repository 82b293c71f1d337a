"""DESIGN.md: « a date that could be read both ways and is not settled by the rest of its column is
flagged, not guessed ». The evidence is the column's own: a sheet whose adoption dates are plainly typed
day first says nothing about who typed its update dates, nor how (they are often filled by someone else,
or pasted from another tool), so those stay flagged, read day first."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import import_file

from .builders import PARTNERS
from .engine_kit import AS_OF, write_csv

pytestmark = pytest.mark.usefixtures("french")

HEADER = ["Action", "Statut", "Date d'adoption", "Revue le"]


def _dated(cat: Catalogue, rows: list[list[str]], tmp_path: Path) -> dict[str, list[int]]:
    path = write_csv(tmp_path / "actions.csv", [HEADER, *rows])
    report = import_file(cat, path, kind="actions", as_of=AS_OF, dry_run=True).report
    return {f"{d['column']} {d['value']}": d["rows"] for d in report["ambiguous_dates"]}


def test_day_first_evidence_in_another_column_settles_nothing(cat: Catalogue, tmp_path: Path) -> None:
    rows = [
        ["Outil d'orientation", "Engagée", "24/03/2022", "12/07/2024"],
        ["Cartographie", "Engagée", "15/03/2022", "05/03/2024"],  # 15/03: the adoption column is day first
        ["Dossier unique", "Engagée", "31/02/2024", "12/07/2024"],  # impossible: rejected, still evidence
    ]
    assert _dated(cat, rows, tmp_path) == {"Revue le 12/07/2024": [2, 4], "Revue le 05/03/2024": [3]}


def test_day_first_evidence_in_the_same_column_settles_it(cat: Catalogue, tmp_path: Path) -> None:
    rows = [
        ["Outil d'orientation", "Engagée", "24/03/2022", "12/07/2024"],
        ["Cartographie", "Engagée", "15/03/2022", "05/03/2024"],
        ["Dossier unique", "Engagée", "05/03/2022", "28/02/2024"],  # 28/02: this column is day first too
    ]
    assert _dated(cat, rows, tmp_path) == {}


def test_amft_partner_sheet_keeps_its_update_dates_flagged(cat: Catalogue) -> None:
    """The AMFT fixture: « Date de mise à jour » holds real dates, a serial number and the texts
    « 12/07/2024 » and « 05/03/2024 », none of which only reads day first; the sheet's one day-first
    text, « 31/02/2024 », is in « Date d'adoption ». Both texts stay flagged, stored day first."""
    path = PARTNERS / "amft_actions_innov_provence.xlsx"
    if not path.exists():
        pytest.skip(f"{path} is not there (the shared fixtures sit beside the repository)")
    outcome = import_file(cat, path, kind="actions", as_of=AS_OF, dry_run=True)
    flagged = {(d["column"], d["value"], d["read_as"]): d["rows"] for d in outcome.report["ambiguous_dates"]}
    assert flagged == {
        ("Date de mise à jour", "12/07/2024", "2024-07-12"): [5, 15, 16],
        ("Date de mise à jour", "05/03/2024", "2024-03-05"): [9],
    }
    reviewed = {row.row: row.values.get("reviewed") for row in outcome.plan.rows}
    assert (reviewed[5], reviewed[9]) == ("2024-07-12", "2024-03-05")
