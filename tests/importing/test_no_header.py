"""When no header is found, the message says where it looked, and where the data may be instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import prepare_import
from stewarddesk.importing.header import NoHeader

from .engine_kit import AS_OF, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("french")

NOTES = [[f"Compte rendu, point {i}"] for i in range(40)]
DATA = [["Intitulé", "Description", "Revue le"], ["Pépinière", "Hébergement de jeunes pousses", "12/03/2024"]]


def test_a_csv_without_header_is_not_called_a_sheet(cat: Catalogue, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", NOTES)
    with pytest.raises(NoHeader) as refused:
        prepare_import(cat, path, as_of=AS_OF)
    assert str(refused.value).startswith("aucune ligne d'en-tête reconnue dans les 15 premières lignes : ")
    assert "feuille" not in str(refused.value)


def test_no_header_on_the_first_sheet_names_the_sheets_that_look_like_data(
    cat: Catalogue, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "cr.xlsx", NOTES, sheet="Notes", extra_sheets={"Offres": DATA, "Actions": DATA, "Vide": []}
    )
    with pytest.raises(NoHeader) as refused:
        prepare_import(cat, path, as_of=AS_OF)
    message = str(refused.value)
    assert "de la feuille « Notes »" in message
    assert message.endswith(
        " ; les feuilles « Offres », « Actions » semblent contenir des données : importez-en une avec --sheet"
    )
    plan = prepare_import(cat, path, sheet="Offres", kind="offers", as_of=AS_OF)
    assert plan.counts["inserted"] == 1


def test_a_chosen_sheet_without_header_gets_no_suggestion(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cr.xlsx", NOTES, sheet="Notes", extra_sheets={"Offres": DATA})
    with pytest.raises(NoHeader) as refused:
        prepare_import(cat, path, sheet="Notes", as_of=AS_OF)
    assert "--sheet" not in str(refused.value)
