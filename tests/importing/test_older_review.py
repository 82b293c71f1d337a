"""A sheet whose « Revue le » is older than the catalogue's review of the entry predates it: re-importing
it never rolls a newer review back. Its changes are conflicts (the catalogue's values kept), said in one
warning; review dates never move backwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import import_file

from .engine_kit import AS_OF, OFFER_HEADER, by_title, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


def _sheet(path: Path, *rows: list[object]) -> Path:
    return write_xlsx(path, [OFFER_HEADER, *rows])


def _reviewed_entry(cat: Catalogue) -> int:
    (oid,) = cat.create(
        "offers",
        {"title": "Pépinière", "structure": "Marseille Innovation", "need": "hosting", "status": "suspended",
         "email": "new@mi.fr", "reviewed": "2024-11-20"},
    ).created  # fmt: skip
    return oid


def test_an_older_sheet_does_not_roll_back_a_newer_review(cat: Catalogue, tmp_path: Path) -> None:
    oid = _reviewed_entry(cat)
    path = _sheet(
        tmp_path / "old.xlsx",
        ["Pépinière", "Marseille Innovation", "Hébergement", None, "old@mi.fr", "Active", None, "06/06/2024"],
    )
    outcome = import_file(cat, path, as_of=AS_OF)
    report = outcome.report
    assert (report["updated"], report["unchanged"], report["changes"]) == (0, 1, [])
    assert {(c["id"], c["field"], c["catalogue"], c["sheet"]) for c in report["conflicts"]} == {
        (oid, "email", "new@mi.fr", "old@mi.fr"),
        (oid, "status", "suspended", "active"),
        (oid, "reviewed", "2024-11-20", "2024-06-06"),
    }
    entry = by_title(cat, "offers")["Pépinière"]
    assert (entry["email"], entry["status"], entry["reviewed"]) == ("new@mi.fr", "suspended", "2024-11-20")
    (warning,) = [w for w in report["warnings"] if "revue dans le catalogue" in w]
    assert warning == (
        "ligne 2 : entrée revue dans le catalogue le 20/11/2024, après la date de revue du fichier "
        "(06/06/2024) : les informations du fichier sont plus anciennes, la valeur du catalogue est gardée "
        "pour « Email » (fichier « old@mi.fr », catalogue « new@mi.fr »), « Statut » (fichier « Active », "
        "catalogue « Suspendue »)"
    )
    assert any("1 ligne en conflit avec le catalogue" in line for line in outcome.summary_lines())


def test_an_older_sheet_that_agrees_is_unchanged_without_a_word(cat: Catalogue, tmp_path: Path) -> None:
    _reviewed_entry(cat)
    path = _sheet(
        tmp_path / "old.xlsx",
        [
            "Pépinière",
            "Marseille Innovation",
            "Hébergement",
            None,
            "new@mi.fr",
            "Suspendue",
            None,
            "06/06/2024",
        ],
    )
    report = import_file(cat, path, as_of=AS_OF).report
    assert (report["updated"], report["unchanged"], report["conflicts"]) == (0, 1, [])
    assert not [w for w in report["warnings"] if "revue" in w]
    assert by_title(cat, "offers")["Pépinière"]["reviewed"] == "2024-11-20"


def test_a_newer_sheet_or_one_without_review_date_updates_as_before(cat: Catalogue, tmp_path: Path) -> None:
    _reviewed_entry(cat)
    newer = _sheet(
        tmp_path / "new.xlsx",
        ["Pépinière", "Marseille Innovation", "Hébergement", None, "newer@mi.fr", None, None, "15/01/2025"],
    )
    report = import_file(cat, newer, as_of=AS_OF).report
    assert report["conflicts"] == [] and report["updated"] == 1
    undated = _sheet(
        tmp_path / "undated.xlsx",
        ["Pépinière", "Marseille Innovation", "Hébergement", None, "undated@mi.fr", None, None, None],
    )
    report = import_file(cat, undated, as_of=AS_OF).report
    assert report["conflicts"] == [] and report["updated"] == 1
    entry = by_title(cat, "offers")["Pépinière"]
    assert (entry["email"], entry["reviewed"]) == ("undated@mi.fr", "2025-01-15")
