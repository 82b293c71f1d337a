"""A cell the import cannot read (a formula never computed, an error) never blanks a catalogue value: the
field is left out of the row (an update keeps the catalogue's value, an insert lacks it), with a warning."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import import_file
from stewarddesk.importing.normalise import Context, normalise_row
from stewarddesk.importing.readers.base import RawRow

from .engine_kit import AS_OF, by_title
from .test_plan import review_workbook, seed

pytestmark = pytest.mark.usefixtures("french")


def _set_cell(path: Path, title: str, column: str, value: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Offres"]
    header = [c.value for c in ws[2]]
    for row in ws.iter_rows(min_row=3):
        if row[0].value == title:
            row[header.index(column)].value = value
    wb.save(path)  # openpyxl stores a formula without any computed value


def test_formula_without_value_in_a_review_workbook_keeps_the_catalogue_value(
    cat: Catalogue, tmp_path: Path
) -> None:
    ids = seed(cat)
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), {})
    _set_cell(path, "Prêt d'honneur", "Description", '=HYPERLINK("http://evil")')
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.report["changes"] == []
    assert (outcome.report["updated"], outcome.report["unchanged"]) == (0, 3)
    assert by_title(cat, "offers")["Prêt d'honneur"]["description"] == "Prêt à taux zéro"
    assert any(
        "formule sans valeur calculée" in w and "laissé tel quel" in w for w in outcome.report["warnings"]
    )


def test_formula_without_value_beside_a_real_edit_updates_only_the_edit(
    cat: Catalogue, tmp_path: Path
) -> None:
    ids = seed(cat)
    pret = ids["Prêt d'honneur"]
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), {(pret, "Email"): "pret@mi.fr"})
    _set_cell(path, "Prêt d'honneur", "Description", "=A3")
    outcome = import_file(cat, path, as_of=AS_OF)
    assert [(c["id"], c["fields"]) for c in outcome.report["changes"]] == [
        (pret, {"email": [None, "pret@mi.fr"]})
    ]
    assert by_title(cat, "offers")["Prêt d'honneur"]["description"] == "Prêt à taux zéro"


def test_a_new_row_with_a_formula_without_value_is_inserted_without_that_field(
    cat: Catalogue, tmp_path: Path
) -> None:
    ids = seed(cat)
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), {})
    wb = openpyxl.load_workbook(path)
    wb["Offres"].append(["Nouvelle offre", "Marseille Innovation", "Formation", None, None, None, "=B3"])
    wb.save(path)
    outcome = import_file(cat, path, as_of=AS_OF)
    assert (outcome.report["inserted"], outcome.report["unchanged"]) == (1, 3)
    new = by_title(cat, "offers")["Nouvelle offre"]
    assert (new["need"], new["description"]) == ("training", None)


def test_an_error_cell_leaves_its_field_out_of_the_row() -> None:
    from stewarddesk.importing.cells import CellError

    ctx = Context(
        "offers", {0: "title", 1: "description", 2: "email"}, {0: "Offre", 1: "Description", 2: "Email"}
    )
    out = normalise_row(RawRow(4, ["Club", CellError("#REF!"), None], unreadable=frozenset({2})), ctx)
    assert out.values == {"title": "Club"}  # neither the error nor the formula without value is « empty »
    assert out.warnings == [
        "Description : la cellule contient l'erreur #REF! : ignorée, le champ est laissé tel quel"
    ]
