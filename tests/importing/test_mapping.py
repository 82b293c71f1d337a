"""Column mapping: header found under banners, kind told by the columns, explicit mappings, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.importing.api import prepare_import

from .engine_kit import AS_OF, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


def test_header_under_a_banner_and_kind_told_by_the_columns(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            ["Feuille de route Innov Provence — actions"],
            [],
            ["N° action", "Intitulé de l'action", "Porteur", "Échéance", "Avancement", "Taux"],
            ["A.1.1", "Outil d'orientation", "Métropole Aix-Marseille-Provence", "CT", "En cours", "50 %"],
        ],
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert (plan.kind, plan.header_row, plan.sheet) == ("actions", 3, "Offres")
    assert plan.mapping == {0: "code", 1: "title", 2: "carriers", 3: "term", 4: "status"}
    assert plan.headers[:2] == ["N° action", "Intitulé de l'action"]
    (row,) = plan.rows
    assert row.row == 4 and row.values["status"] == "engaged" and row.values["term"] == "short"
    assert any("« Taux »" in w for w in plan.warnings)


def test_kind_that_cannot_be_told_is_unusable_input(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [["Intitulé", "Statut", "Description"], ["A", "Active", "x"]])
    with pytest.raises(KnownError, match="--kind"):
        prepare_import(cat, path, as_of=AS_OF)
    assert prepare_import(cat, path, kind="offers", as_of=AS_OF).rows[0].values["status"] == "active"


def test_no_header_and_no_title_column_are_unusable_input(cat: Catalogue, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="en-tête"):
        prepare_import(cat, write_xlsx(tmp_path / "n.xlsx", [["bonjour"], [1, 2, 3]]), as_of=AS_OF)
    no_title = write_xlsx(
        tmp_path / "t.xlsx", [["Structure", "Besoin", "Stades"], ["MI", "Financement", "Création"]]
    )
    with pytest.raises(KnownError, match="titre"):
        prepare_import(cat, no_title, kind="offers", as_of=AS_OF)


def test_alerts_ignored_hidden_columns_read(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Coworking", "structure": "MI", "need": "hosting"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure", "Besoin", "Alertes", "ID", "Suivi interne"],
            ["Coworking", "MI", "Hébergement", "Non revue depuis 14 mois", oid, "#REF!"],
        ],
        hidden_cols=["C", "E", "F"],
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert plan.mapping == {0: "title", 1: "structure", 2: "need", 4: "id"}
    assert not any("masquées" in w for w in plan.warnings)  # our own export's layout: nothing to say
    assert any("non reconnues" in w and "« Suivi interne »" in w for w in plan.warnings)
    (row,) = plan.rows
    assert (row.action, row.entry_id) == ("unchanged", oid)


def test_hidden_field_columns_of_a_partner_sheet_are_read_and_said(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx", [["Offre", "Structure", "Besoin"], ["A", "MI", "Hébergement"]], hidden_cols=["C"]
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert plan.rows[0].values["need"] == "hosting"
    assert any("masquées" in w and "« Besoin »" in w for w in plan.warnings)


def test_a_second_column_for_the_same_field_is_ignored_with_a_warning(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure", "Intitulé"], ["A", "MI", "B"]])
    plan = prepare_import(cat, path, kind="offers", as_of=AS_OF)
    assert plan.rows[0].values["title"] == "A"
    assert any("« Intitulé » ignorée" in w and "« Offre »" in w for w in plan.warnings)


def test_explicit_header_row_and_mapping_as_the_wizard_decides(cat: Catalogue, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "o.csv",
        [["Liste 2025"], ["Nom", "Qui", "Quoi", "Divers"], ["Prêt", "Impulse", "Financement", "x"]],
    )
    with pytest.raises(KnownError):
        prepare_import(cat, path, kind="offers", as_of=AS_OF)
    plan = prepare_import(
        cat,
        path,
        kind="offers",
        header_row=2,
        mapping={0: "title", 1: "structure", 2: "need", 3: ""},
        as_of=AS_OF,
    )
    assert plan.header_row == 2 and plan.mapping == {0: "title", 1: "structure", 2: "need"}
    assert plan.rows[0].values == {"title": "Prêt", "structure": "Impulse", "need": "funding"}
    with pytest.raises(KnownError, match="carriers"):
        prepare_import(cat, path, kind="offers", header_row=2, mapping={0: "carriers"}, as_of=AS_OF)
    with pytest.raises(KnownError, match="ligne d'en-tête 9"):
        prepare_import(cat, path, kind="offers", header_row=9, mapping={0: "title"}, as_of=AS_OF)


def test_sheet_is_chosen_or_named(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Notes de réunion"], ["rien à importer"]],
        sheet="Notes",
        extra_sheets={"Données": [["Offre", "Structure"], ["Prêt", "Impulse"]]},
    )
    assert prepare_import(cat, path, as_of=AS_OF, kind="offers").sheet == "Données"
    assert prepare_import(cat, path, as_of=AS_OF, kind="offers", sheet="données").sheet == "Données"
    with pytest.raises(KnownError, match="Inconnue"):
        prepare_import(cat, path, as_of=AS_OF, kind="offers", sheet="Inconnue")


def test_other_data_sheets_are_named_not_silently_left(cat: Catalogue, tmp_path: Path) -> None:
    """One sheet per category (a partner's workbook; ours group orientations on one sheet): only one is
    imported, and the plan says which others hold data too; notes and a summary are not named."""
    header = ["Code", "Action", "Statut"]
    path = write_xlsx(
        tmp_path / "feuilles.xlsx",
        [["Synthèse"], ["Statut", "Nombre"], ["Engagée", 3]],
        sheet="Synthèse",
        extra_sheets={
            "A. Émergence": [
                header,
                ["A.1.1", "Outil d'orientation", "Engagée"],
                ["A.1.2", "Carte", "À définir"],
            ],
            "B. Expérimentation": [header, ["B.1.1", "Territoire test", "Engagée"]],
            "Notes": [["rien à importer"]],
        },
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert plan.sheet == "A. Émergence" and plan.counts["inserted"] == 2
    assert plan.warnings[0] == (
        "seule la feuille « A. Émergence » est importée ; le classeur a d'autres feuilles de données, "
        "laissées de côté : « B. Expérimentation » (importez-les une à une en choisissant la feuille)"
    )
    chosen = prepare_import(cat, path, as_of=AS_OF, sheet="B. Expérimentation")
    assert chosen.counts["inserted"] == 1
    assert not any("laissées de côté" in w for w in chosen.warnings)  # chosen by name: nothing to say


def test_empty_sheet_with_a_header_plans_nothing(cat: Catalogue, tmp_path: Path) -> None:
    plan = prepare_import(cat, write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure"]]), as_of=AS_OF)
    assert plan.rows == [] and plan.counts["inserted"] == 0
