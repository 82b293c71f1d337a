"""Plans over our own exports: round trips, review workbooks with their `_export` values, conflicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.fields import export_columns
from stewarddesk.importing.api import import_file, prepare_import

from .engine_kit import AS_OF, Clock, by_title, journal_count, new_catalogue, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


def seed(cat: Catalogue) -> dict[str, int]:
    ids = {}
    for values in (
        {"title": "Pépinière", "structure": "Marseille Innovation", "need": "hosting", "email": "p@mi.fr",
         "stages": ["creation"], "reviewed": "2024-03-15"},
        {"title": "Prêt d'honneur", "structure": "Marseille Innovation", "need": "funding",
         "description": "Prêt à taux zéro", "reviewed": "2024-07-12"},
        {"title": "Club des dirigeants", "structure": "Marseille Innovation", "need": "network"},
    ):  # fmt: skip
        (ids[str(values["title"])],) = cat.create("offers", values).created
    return ids


def review_workbook(path: Path, cat: Catalogue, ids: list[int], edits: dict[tuple[int, str], Any]) -> Path:
    """A review workbook the way `exporting/` writes one (DESIGN.md columns, hidden `_export` sheet in
    code form), with the partner's `edits` (entry id, export column) -> new cell value applied."""
    header = export_columns("offers")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Offres"
    ws.append(["Revue des offres de « Marseille Innovation »"])
    ws.append(header)
    hidden = wb.create_sheet("_export")
    names = ["title", "structure", "need", "stages", "sectors", "site", "description", "email", "phone", "url",
             "status", "partner_ref", "reviewed", "id"]  # fmt: skip
    hidden.append(names)
    for entry in cat.rows("offers", ids):
        code_row = [
            "; ".join(entry[n]) if isinstance(entry.get(n), list) else entry.get(n) for n in names[:-1]
        ] + [str(entry["id"])]
        hidden.append(["" if v is None else v for v in code_row])
        shown = {
            "Offre": entry["title"],
            "Structure": entry["structure"],
            "Besoin": {
                "hosting": "Hébergement",
                "funding": "Financement",
                "network": "Mise en réseau / événements",
            }[entry["need"]],
            "Stades": "; ".join({"creation": "Création", "growth": "Croissance"}[s] for s in entry["stages"]),
            "Description": entry["description"],
            "Email": entry["email"],
            "Statut": "Active",
            "Revue le": dt.date.fromisoformat(entry["reviewed"]) if entry["reviewed"] else None,
            "ID": entry["id"],
        }
        for (entry_id, column), value in edits.items():
            if entry_id == entry["id"]:
                shown[column] = value
        ws.append([shown.get(h) for h in header])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def test_review_workbook_unchanged_reimports_as_nothing(cat: Catalogue, tmp_path: Path) -> None:
    ids = seed(cat)
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), {})
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert plan.baseline and plan.counts == {
        "inserted": 0,
        "updated": 0,
        "unchanged": 3,
        "rejected": 0,
        "conflicts": 0,
    }


def test_partner_edits_update_exactly_the_edited_cells(cat: Catalogue, tmp_path: Path) -> None:
    ids = seed(cat)
    edits = {
        (ids["Pépinière"], "Besoin"): "Accompagnement",
        (ids["Pépinière"], "Revue le"): "15/01/2025",
        (ids["Prêt d'honneur"], "Description"): None,  # cleared by the partner: cleared here too
    }
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), edits)
    outcome = import_file(cat, path, as_of=AS_OF)
    by_id = {c["id"]: c["fields"] for c in outcome.report["changes"]}
    assert by_id == {
        ids["Pépinière"]: {"need": ["hosting", "support"], "reviewed": ["2024-03-15", "2025-01-15"]},
        ids["Prêt d'honneur"]: {"description": ["Prêt à taux zéro", None]},
    }
    assert outcome.report["unchanged"] == 1
    assert by_title(cat, "offers")["Prêt d'honneur"]["description"] is None


def test_changed_on_both_sides_is_a_conflict_not_an_overwrite(cat: Catalogue, tmp_path: Path) -> None:
    ids = seed(cat)
    pep, pret = ids["Pépinière"], ids["Prêt d'honneur"]
    path = review_workbook(
        tmp_path / "r.xlsx",
        cat,
        list(ids.values()),
        {(pep, "Besoin"): "Accompagnement", (pret, "Email"): "pret@mi.fr"},
    )
    cat.update("offers", pep, {"need": "funding"})  # we changed it too, since the export
    cat.update("offers", pret, {"description": "Prêt sans garantie"})  # the partner did not touch this one
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.report["conflicts"] == [
        {
            "row": 3,
            "id": pep,
            "field": "need",
            "exported": "hosting",
            "catalogue": "funding",
            "sheet": "support",
        }
    ]
    assert any("ligne 3 : « Besoin » modifié dans le fichier" in w for w in outcome.report["warnings"])
    assert [c["id"] for c in outcome.report["changes"]] == [pret]
    entries = by_title(cat, "offers")
    assert entries["Pépinière"]["need"] == "funding"  # kept
    assert entries["Prêt d'honneur"]["description"] == "Prêt sans garantie"  # our edit survives
    assert entries["Prêt d'honneur"]["email"] == "pret@mi.fr"  # the partner's edit lands


def test_a_new_row_in_a_review_workbook_is_inserted(cat: Catalogue, tmp_path: Path) -> None:
    ids = seed(cat)
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), {})
    wb = openpyxl.load_workbook(path)
    wb["Offres"].append(["Nouvelle offre", "Marseille Innovation", "Formation"])
    wb.save(path)
    outcome = import_file(cat, path, as_of=AS_OF)
    assert (outcome.report["inserted"], outcome.report["unchanged"]) == (1, 3)


def test_exports_round_trip_to_nothing(tmp_path: Path, clock: Clock) -> None:
    export_entries = pytest.importorskip("stewarddesk.exporting.api").export_entries
    with new_catalogue(tmp_path, clock) as cat:
        ids = seed(cat)
        cat.create("actions", {"code": "A.1.1", "title": "Outil", "carriers": ["Medinsoft"], "term": "short",
                               "status": "engaged", "adopted": "2022-03-24", "description": "=HYPERLINK(x)"})  # fmt: skip
        cat.update("offers", ids["Club des dirigeants"], {"description": "+33 : réservé", "phone": "-"})
        before = journal_count(cat)
        for kind in ("offers", "actions"):
            for suffix in (".csv", ".xlsx"):
                out = tmp_path / f"{kind}{suffix}"
                export_entries(cat, kind, out, as_of=AS_OF)
                outcome = import_file(cat, out, kind=kind, as_of=AS_OF)
                assert (
                    outcome.report["inserted"],
                    outcome.report["updated"],
                    outcome.report["rejected"],
                ) == (
                    0,
                    0,
                    [],
                ), (out.name, outcome.report)
        review = tmp_path / "review.xlsx"
        export_entries(cat, "offers", review, partner="Marseille Innovation", as_of=AS_OF)
        wb = openpyxl.load_workbook(review)
        ws = wb["Offres"]
        header = [c.value for c in next(r for r in ws.iter_rows() if r[0].value == "Offre")]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "Club des dirigeants":
                row[header.index("Besoin")].value = "Formation"
        wb.save(review)
        outcome = import_file(cat, review, as_of=AS_OF)
        assert outcome.plan.baseline
        assert [(c["id"], c["fields"]) for c in outcome.report["changes"]] == [
            (ids["Club des dirigeants"], {"need": ["network", "training"]})
        ]
        # Everything else held still: only this import's batch wrote to the journal since.
        rows = cat.conn.execute("SELECT DISTINCT batch_id FROM journal WHERE id > ?", (before,)).fetchall()
        assert rows == [(outcome.result.batch_id if outcome.result else None,)]


def test_sheet_with_unknown_columns_only_updates_known_fields(cat: Catalogue, tmp_path: Path) -> None:
    seed(cat)
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["Offre", "Structure", "Montant"], ["Pépinière", "Marseille Innovation", 5000]],
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert plan.rows[0].action == "unchanged"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "ligne 3 : « Statut » modifié dans le fichier (« Suspendue ») et dans le catalogue depuis "
                "l'export (« Archivée ») : la valeur du catalogue est gardée",
                "ligne 3 : « Stades » modifié dans le fichier (« Création; Croissance ») et dans le catalogue "
                "depuis l'export (« Croissance ») : la valeur du catalogue est gardée",
                "ligne 3 : « Revue le » modifié dans le fichier (« 01/09/2024 ») et dans le catalogue depuis "
                "l'export (« 20/12/2024 ») : la valeur du catalogue est gardée",
            ],
        ),
        (
            "en",
            [
                "row 3: “Statut” changed in the file (“Suspended”) and in the catalogue since the export "
                "(“Archived”): the catalogue's value is kept",
                "row 3: “Stades” changed in the file (“Company creation; Growth”) and in the catalogue since "
                "the export (“Growth”): the catalogue's value is kept",
                "row 3: “Revue le” changed in the file (“2024-09-01”) and in the catalogue since the export "
                "(“2024-12-20”): the catalogue's value is kept",
            ],
        ),
    ],
)
def test_conflicts_show_values_as_the_user_reads_them(
    cat: Catalogue, tmp_path: Path, lang: i18n.Lang, expected: list[str]
) -> None:
    ids = seed(cat)
    pep = ids["Pépinière"]
    edits = {
        (pep, "Statut"): "Suspendue",
        (pep, "Stades"): "Création; Croissance",
        (pep, "Revue le"): "01/09/2024",
    }
    path = review_workbook(tmp_path / "r.xlsx", cat, list(ids.values()), edits)  # type: ignore[arg-type]
    cat.update("offers", pep, {"status": "archived", "stages": ["growth"], "reviewed": "2024-12-20"})
    i18n.set_language(lang)
    outcome = import_file(cat, path, as_of=AS_OF)
    warned = [w for w in outcome.report["warnings"] if "catalogue" in w and w.startswith(("ligne", "row"))]
    assert sorted(warned) == sorted(expected)
    conflicts = {c["field"]: (c["catalogue"], c["sheet"]) for c in outcome.report["conflicts"]}
    assert conflicts["status"] == ("archived", "suspended")  # the JSON keeps the codes, for programs
    assert by_title(cat, "offers")["Pépinière"]["status"] == "archived"
