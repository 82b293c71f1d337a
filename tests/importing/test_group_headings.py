"""Group headings: a lone text naming the Orientation of the rows below it is skipped without a warning;
other lone texts (notes, footers) are still named among the section lines ignored."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.model import ImportPlan
from stewarddesk.importing.plan import prepare_import

from .engine_kit import AS_OF, write_xlsx

pytestmark = pytest.mark.usefixtures("french")

HEADER = ["Code", "Orientation", "Action", "Statut"]


def plan_of(cat: Catalogue, path: Path) -> ImportPlan:
    return prepare_import(cat, path, as_of=AS_OF, kind="actions")


def sections(plan: ImportPlan) -> str | None:
    found = [w for w in plan.warnings if "lignes de section" in w]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_heading_naming_its_rows_orientation_is_skipped_silently(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            ["B. Rayonnement"],  # row 2: the heading of the rows below
            ["B.1", "B. Rayonnement", "Club", "Engagée"],
            ["B.2", "B. Rayonnement", "Salon", "À définir"],
            [None, None, None, "Document de travail"],  # row 5: a note
            ["C.1", "C. Talents", "Bourses", "Engagée"],
            ["Total : 3 actions"],  # row 7: a footer
        ],
        sheet="Actions",
    )
    plan = plan_of(cat, path)
    assert [(r.row, r.action) for r in plan.rows] == [(3, "insert"), (4, "insert"), (6, "insert")]
    assert sections(plan) == "lignes de section ou de pied de page ignorées : 5, 7"


def test_headings_are_compared_as_folded_text_and_by_any_row_of_their_group(
    cat: Catalogue, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            ["b.  rayonnement"],  # case and spacing aside, the orientation of row 4
            ["X.1", "Autre", "Déplacée par le partenaire", "Engagée"],
            ["B.1", "B. Rayonnement", "Club", "Engagée"],
            [None, "C. Talents"],  # in another column: still the group's heading
            ["C.1", "C. Talents", "Bourses", "Engagée"],
        ],
        sheet="Actions",
    )
    plan = plan_of(cat, path)
    assert plan.counts["inserted"] == 3
    assert sections(plan) is None


def test_a_heading_names_only_the_rows_up_to_the_next_lone_text(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            ["B. Rayonnement"],  # row 2: no row of its group has this orientation
            ["C.1", "C. Talents", "Bourses", "Engagée"],
            ["Note"],  # row 4
            ["B.1", "B. Rayonnement", "Club", "Engagée"],
        ],
        sheet="Actions",
    )
    assert sections(plan_of(cat, path)) == "lignes de section ou de pied de page ignorées : 2, 4"


@pytest.mark.parametrize("text", ["Sans orientation", "No orientation", "SANS ORIENTATION"])
def test_our_heading_of_rows_without_orientation_is_known(cat: Catalogue, tmp_path: Path, text: str) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER,
            [text],
            ["Z.1", None, "Club", "Engagée"],
            ["Sans orientation"],
            ["B.1", "B. X", "Y", "Engagée"],
        ],
        sheet="Actions",
    )
    plan = plan_of(cat, path)
    assert plan.counts["inserted"] == 2
    # Above rows that have an orientation, « Sans orientation » heads nothing: it is reported.
    assert sections(plan) == "lignes de section ou de pied de page ignorées : 4"


def test_a_heading_merged_over_the_width_is_skipped_silently(cat: Catalogue, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(["B. Rayonnement"])
    ws.merge_cells("A2:D2")  # its text reaches every column, Orientation included
    ws.append(["B.1", "B. Rayonnement", "Club", "Engagée"])
    ws.append(["Fin du document"])
    ws.merge_cells("A4:D4")
    wb.save(tmp_path / "a.xlsx")
    plan = plan_of(cat, tmp_path / "a.xlsx")
    assert [(r.row, r.action) for r in plan.rows] == [(3, "insert")]
    assert sections(plan) == "lignes de section ou de pied de page ignorées : 4"


def test_without_an_orientation_column_lone_texts_are_reported(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["Code", "Action", "Statut"], ["Sans orientation"], ["B.1", "Club", "Engagée"]],
        sheet="Actions",
    )
    assert sections(plan_of(cat, path)) == "lignes de section ou de pied de page ignorées : 2"
