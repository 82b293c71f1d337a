"""find_header: banners, merged titles, multi-line headers, synonyms, kind guessing, refusals."""

from __future__ import annotations

import pytest

from stewarddesk.importing.cells import CellValue
from stewarddesk.importing.header import NoHeader, UnknownKind, find_header, guess_kind
from stewarddesk.importing.readers.base import RawRow


def rows(
    *lines: list[CellValue], start: int = 1, merged: dict[int, frozenset[int]] | None = None
) -> list[RawRow]:
    merged = merged or {}
    return [
        RawRow(start + i, list(v), merged=merged.get(start + i, frozenset())) for i, v in enumerate(lines)
    ]


BANNER = "Marseille Innovation — Catalogue des offres 2024"


def test_header_under_a_merged_banner() -> None:
    sheet = rows(
        [BANNER] * 5,
        ["Offre"] * 5,  # a banner whose text is a header word, spread over the width by a merge
        [
            "Intitulé\nde l'offre",
            "Structure\nporteuse",
            "Catégorie",
            "Public cible / stade",
            "Suivi interne MI",
        ],
        ["Pépinière", "Marseille Innovation", "Hébergement", "Création", "OK"],
        merged={1: frozenset(range(1, 5)), 2: frozenset(range(1, 5))},
    )
    found = find_header(sheet, "offers")
    assert found.row == 3 and found.index == 2
    assert found.columns == {0: "title", 1: "structure", 2: "need", 3: "stages"}
    assert found.unknown == [(4, "Suivi interne MI")]
    assert found.kind == "offers" and found.score == 4 and found.has_title
    assert found.headers[0] == "Intitulé\nde l'offre"


def test_header_row_numbers_are_the_sheets() -> None:
    sheet = rows(["Titre du document"], ["Intitulé", "Porteur", "Besoin"], ["A", "B", "Financement"], start=7)
    assert find_header(sheet, "offers").row == 8


def test_english_headers() -> None:
    sheet = rows(["Offer name", "Provider", "Need", "Stage", "Website", "Last reviewed"])
    found = find_header(sheet, None)
    assert found.kind == "offers"
    assert set(found.columns.values()) == {"title", "structure", "need", "stages", "url", "reviewed"}


def test_kind_guessed_for_actions() -> None:
    sheet = rows(["Réf.", "Orientation stratégique", "Axe", "Action", "Porteur(s)", "Échéance", "Avancement"])
    found = find_header(sheet, None)
    assert found.kind == "actions"
    assert found.columns[0] == "code" and found.columns[4] == "carriers" and found.columns[6] == "status"
    assert guess_kind(sheet) == "actions"


def test_same_words_map_per_kind() -> None:
    sheet = rows(["Intitulé", "Porteur", "Réf.", "Statut"])
    assert find_header(sheet, "offers").columns == {0: "title", 1: "structure", 2: "partner_ref", 3: "status"}
    assert find_header(sheet, "actions").columns == {0: "title", 1: "carriers", 2: "code", 3: "status"}


def test_unknown_kind_when_columns_fit_both() -> None:
    with pytest.raises(UnknownKind, match="--kind"):
        find_header(rows(["Intitulé", "Porteur", "Statut", "Revue le"]), None)


def test_no_header() -> None:
    with pytest.raises(NoHeader):
        find_header(rows(["Compte rendu du comité"], ["1. Bilan"], ["2. Calendrier"]), "offers")
    with pytest.raises(NoHeader):
        find_header([], None)


def test_header_beyond_the_scan_window_is_not_found() -> None:
    lines: list[list[CellValue]] = [[f"note {i}"] for i in range(20)] + [["Offre", "Structure", "Besoin"]]
    with pytest.raises(NoHeader):
        find_header(rows(*lines), "offers")
    assert find_header(rows(*lines), "offers", max_scan=20).row == 21


def test_a_header_with_a_title_beats_a_longer_one_without() -> None:
    sheet = rows(["Structure", "Email", "Téléphone"], ["Offre", "Besoin"])
    assert find_header(sheet, "offers").row == 2


def test_duplicates_and_empty_cells() -> None:
    found = find_header(rows(["Offre", None, "Email", "Mail contact", "  ", "Besoin"]), "offers")
    assert found.columns == {0: "title", 2: "email", 5: "need"}
    assert found.duplicates == [(3, "Mail contact", "email")]
    assert found.unknown == []


def test_export_header_with_id_and_alerts() -> None:
    from stewarddesk.fields import export_columns

    found = find_header(rows(export_columns("actions")), None)
    assert found.kind == "actions"
    assert found.columns[12] == "alerts" and found.columns[13] == "id"


def test_extra_mappings_from_a_profile() -> None:
    sheet = rows(["Nom du programme", "Opérateur", "Type d'aide"])
    found = find_header(sheet, "offers", extra={"Nom du programme": "title", "Type d'aide": "need"})
    assert found.columns == {0: "title", 1: "structure", 2: "need"}
