"""Matching rows to entries: ID, partner reference, (title, structure); duplicates and near-duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import import_file
from stewarddesk.importing.match import parse_id
from stewarddesk.importing.model import ImportPlan, PlannedRow
from stewarddesk.importing.plan import prepare_import

from .engine_kit import AS_OF, all_ids, by_title, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


def plan_rows(cat: Catalogue, path: Path, **kwargs: object) -> dict[int, PlannedRow]:
    plan: ImportPlan = prepare_import(cat, path, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
    return {r.row: r for r in plan.rows}


def test_our_id_finds_the_entry_even_retitled(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Prêt d'honneur innovation", "structure": "MI"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Offre", "Structure", "Statut", "ID"], ["Prêt d'honneur Innovation 2025", "MI", "Suspendue", oid]],
    )
    row = plan_rows(cat, path)[2]
    assert (row.action, row.entry_id) == ("update", oid)
    assert row.changes == {
        "title": ("Prêt d'honneur innovation", "Prêt d'honneur Innovation 2025"),
        "status": ("active", "suspended"),
    }
    assert row.warnings == []


def test_an_id_from_another_catalogue_does_not_hit_a_random_entry(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Club des dirigeants", "structure": "MI"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Offre", "Structure", "ID"], ["Bourse French Tech", "Impulse", oid], ["Pépinière", "MI", 999]],
    )
    rows = plan_rows(cat, path)
    assert rows[2].action == "insert" and rows[2].entry_id is None
    assert rows[2].warnings == [
        f"l'ID {oid} désigne ici « Club des dirigeants », qui ne ressemble pas à cette ligne : ID ignoré ; "
        "aucune entrée n'a ce titre non plus : la ligne sera une nouvelle entrée"
    ]
    assert rows[3].action == "insert"
    assert rows[3].warnings == [
        "ID 999 inconnu dans ce catalogue ; aucune entrée n'a ce titre non plus : la ligne sera une nouvelle entrée"
    ]


def test_unknown_id_falls_through_to_the_title(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Club des dirigeants", "structure": "MI"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx", [["Offre", "Structure", "ID"], ["Club des dirigeants", "MI", 4242]]
    )
    row = plan_rows(cat, path)[2]
    assert (row.action, row.entry_id) == ("unchanged", oid)
    assert row.warnings == [f"ID 4242 inconnu dans ce catalogue ; ligne rapprochée par son titre (n° {oid})"]


def test_partner_reference_with_structure(cat: Catalogue, tmp_path: Path) -> None:
    (a,) = cat.create(
        "offers", {"title": "Prêt Innovation", "structure": "CEPAC", "partner_ref": "00123"}
    ).created
    (b,) = cat.create(
        "offers", {"title": "Prêt Innovation", "structure": "Crédit Agricole", "partner_ref": "00123"}
    ).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure", "Réf. partenaire", "Besoin"],
            ["Prêt Innovation CEPAC 2025", "cepac", "00123", "Financement"],
            ["Prêt Innovation", "Crédit Agricole", "00123", "Financement"],
        ],
    )
    rows = plan_rows(cat, path)
    assert (rows[2].action, rows[2].entry_id) == ("update", a)
    assert rows[2].changes["title"] == ("Prêt Innovation", "Prêt Innovation CEPAC 2025")
    assert "structure" not in rows[2].changes  # « cepac » is CEPAC: the catalogue keeps its spelling
    assert (rows[3].action, rows[3].entry_id) == ("update", b)


def test_same_title_at_two_structures_are_two_offers(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Offre", "Structure"], ["Prêt Innovation", "CEPAC"], ["Prêt Innovation", "BNP Paribas"]],
    )
    first = import_file(cat, path, as_of=AS_OF)
    assert first.report["inserted"] == 2
    again = import_file(cat, path, as_of=AS_OF)
    assert (again.report["inserted"], again.report["updated"], again.report["unchanged"]) == (0, 0, 2)


def test_title_alone_matches_when_the_sheet_has_no_structure_column(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Coworking", "structure": "MI"}).created
    path = write_xlsx(tmp_path / "o.xlsx", [["Offre", "Besoin"], ["Coworking", "Hébergement"]])
    row = plan_rows(cat, path)[2]
    assert (row.action, row.entry_id, row.changes) == ("update", oid, {"need": (None, "hosting")})


def test_several_candidates_is_a_rejection_not_a_guess(cat: Catalogue, tmp_path: Path) -> None:
    cat.create("offers", {"title": "Coworking", "structure": "MI"})
    cat.create("offers", {"title": "Coworking", "structure": "Impulse"})
    path = write_xlsx(tmp_path / "o.xlsx", [["Offre", "Besoin"], ["Coworking", "Hébergement"]])
    row = plan_rows(cat, path)[2]
    assert row.action == "reject" and "plusieurs entrées" in row.reason


def test_actions_by_title_and_code(cat: Catalogue, tmp_path: Path) -> None:
    (a,) = cat.create("actions", {"code": "A.1.1", "title": "Animation du réseau"}).created
    (b,) = cat.create("actions", {"code": "B.2.4", "title": "Guichet unique des financements"}).created
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            ["Code", "Action", "Statut"],
            ["A.1.1", "Animation du réseau", "Engagée"],
            ["C.3.1", "Animation du réseau", "À définir"],  # same words, another action of the roadmap
            ["B.2.4", "Guichet unique des financements innovants", "Réalisée"],  # retitled, same code
        ],
    )
    rows = plan_rows(cat, path, kind="actions")
    assert (rows[2].action, rows[2].entry_id) == ("update", a)
    assert rows[3].action == "insert"
    assert (rows[4].action, rows[4].entry_id) == ("update", b)
    assert rows[4].changes["title"][1] == "Guichet unique des financements innovants"


def test_near_duplicates_are_warned_never_merged(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Pépinière d'entreprises innovantes", "structure": "MI"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure"],
            ["Pépinière d'entreprise innovante", "MI"],
            ["Pépinière d'entreprises innovantes", "Impulse"],
        ],
    )
    rows = plan_rows(cat, path)
    assert rows[2].action == "insert"
    assert any("ressemble" in w and f"n° {oid}" in w for w in rows[2].warnings)
    assert rows[3].action == "insert" and not any("ressemble" in w for w in rows[3].warnings)


def test_near_duplicates_within_the_sheet(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Offre", "Structure"], ["Diagnostic innovation", "MI"], ["Diagnostic innovations", "MI"]],
    )
    rows = plan_rows(cat, path)
    assert rows[3].action == "insert" and any("ligne 2 du fichier" in w for w in rows[3].warnings)


def test_exact_duplicate_rows_and_same_key_rows_make_one_entry(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure", "Besoin"],
            ["Recrutement", "MI", "Recrutement"],
            ["Recrutement", "MI", "Recrutement"],
            ["recrutement", "mi", "Financement"],
        ],
    )
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.report["inserted"] == 1
    reasons = {r["row"]: r["reason"] for r in outcome.report["rejected"]}
    assert reasons[3] == "doublon exact de la ligne 2 : ignorée"
    assert "même entrée que la ligne 2" in reasons[4]
    assert len(all_ids(cat, "offers")) == 1


def test_two_rows_for_one_catalogue_entry(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Coworking", "structure": "MI"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Offre", "Structure", "ID"], ["Coworking", "MI", oid], ["Coworking MI", "MI", oid]],
    )
    rows = plan_rows(cat, path)
    assert rows[2].entry_id == oid
    assert rows[3].action == "reject" and f"n° {oid}" in rows[3].reason


def test_unknown_structures_are_created_and_reported(cat: Catalogue, tmp_path: Path) -> None:
    cat.create("structures", {"name": "Marseille Innovation"})
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure"],
            ["A", "MARSEILLE INNOVATION"],
            ["B", "Provence Angels"],
            ["C", "Provence Angels"],
        ],
    )
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.plan.new_structures == ["Provence Angels"]
    assert any("« Provence Angels » (lignes 3, 4)" in w for w in outcome.report["warnings"])
    offers = by_title(cat, "offers")
    assert offers["A"]["structure"] == "Marseille Innovation"
    assert offers["B"]["structure"] == offers["C"]["structure"] == "Provence Angels"
    assert cat.structure_id("provence angels") is not None


def test_parse_id() -> None:
    assert parse_id(12.0) == 12 and parse_id("12") == 12 and parse_id(" 7 ") == 7
    assert parse_id(12.5) is None and parse_id("abc") is None and parse_id(True) is None
    assert parse_id(0) is None and parse_id(None) is None


def test_titles_that_differ_only_by_their_numbers_are_not_near_duplicates(
    cat: Catalogue, tmp_path: Path
) -> None:
    (oid,) = cat.create("offers", {"title": "Promo 2024", "structure": "MI"}).created
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure"],
            *[[f"Offre test {n}", "MI"] for n in range(12, 40)],  # row 2: 12 … row 29: 39
            ["Promo 2025", "MI"],  # row 30
            ["Promos 2024", "MI"],  # row 31: the same year, a plural: still close to the catalogue's
            ["Lot 01 accompagnement", "MI"],  # row 32
            ["Lot 1 accompagnements", "MI"],  # row 33: 01 is 1
            ["Diagnostic innovation", "MI"],  # row 34
            ["Diagnostic innovation 2", "MI"],  # row 35: a number on one side only: the ratio decides
        ],
    )
    rows = plan_rows(cat, path)
    assert all(rows[r].action == "insert" for r in rows)
    near = {r: row.near_duplicate for r, row in rows.items() if row.near_duplicate}
    assert set(near) == {31, 33, 35}, near
    assert f"n° {oid}" in str(near[31]) and "ligne 32 du fichier" in str(near[33])
    assert near[35] in rows[35].warnings
