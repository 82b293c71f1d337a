"""Undoing an import batch: insertions deleted, updates reverted, refusals named."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.errors import KnownError
from stewarddesk.importing.api import import_file, undo_import

from .engine_kit import AS_OF, Clock, all_ids, by_title, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


def run(cat: Catalogue, path: Path) -> int:
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.result is not None and outcome.result.batch_id is not None
    return outcome.result.batch_id


def test_undo_deletes_insertions_and_reverts_updates(cat: Catalogue, tmp_path: Path, clock: Clock) -> None:
    (kept,) = cat.create("offers", {"title": "Coworking", "structure": "MI", "need": "hosting"}).created
    before = cat.get("offers", kept)
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure", "Besoin", "Stades"],
            ["Coworking", "MI", "Accompagnement", "Création"],
            ["Prêt d'honneur", "Provence Angels", "Financement", ""],
        ],
    )
    clock.tick(minutes=1)
    batch = run(cat, path)
    assert by_title(cat, "offers")["Coworking"]["need"] == "support"
    clock.tick(minutes=1)
    outcome = undo_import(cat, batch)
    assert outcome.deleted == (2,) and outcome.reverted == (kept,)
    assert len(outcome.structures_deleted) == 1  # Provence Angels came with the import
    assert all_ids(cat, "offers") == [kept]
    after = cat.get("offers", kept)
    assert {k: after[k] for k in ("title", "need", "stages", "structure")} == {
        k: before[k] for k in ("title", "need", "stages", "structure")
    }
    assert cat.structure_id("Provence Angels") is None
    assert cat.ids("offers", Query(text="honneur")) == []
    assert cat.conn.execute("SELECT undone_at FROM batches WHERE id=?", (batch,)).fetchone()[0]
    assert "1 entrée supprimée, 1 rétablie" in outcome.summary()
    deleted = cat.history("offers", 2)[0]
    assert (deleted.op, deleted.source, deleted.old["title"]) == ("delete", "undo", "Prêt d'honneur")


def test_undo_is_refused_for_entries_edited_since_naming_them(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure"], ["Coworking", "MI"], ["Club", "MI"]])
    batch = run(cat, path)
    club = by_title(cat, "offers")["Club"]["id"]
    cat.update("offers", club, {"need": "network"})
    with pytest.raises(KnownError, match=r"« Club » \(n° 2\)") as info:
        undo_import(cat, batch)
    assert "Coworking" not in str(info.value)
    assert len(all_ids(cat, "offers")) == 2  # nothing undone
    assert cat.conn.execute("SELECT undone_at FROM batches WHERE id=?", (batch,)).fetchone()[0] is None


def test_undo_is_refused_after_a_later_import_touched_the_entries(cat: Catalogue, tmp_path: Path) -> None:
    first = run(cat, write_xlsx(tmp_path / "a.xlsx", [["Offre", "Structure"], ["Coworking", "MI"]]))
    second = run(
        cat,
        write_xlsx(
            tmp_path / "b.xlsx", [["Offre", "Structure", "Besoin"], ["Coworking", "MI", "Hébergement"]]
        ),
    )
    with pytest.raises(KnownError, match="Coworking"):
        undo_import(cat, first)
    undo_import(cat, second)
    undo_import(cat, first)  # in reverse order, both go
    assert all_ids(cat, "offers") == []


def test_a_second_undo_is_refused_clearly(cat: Catalogue, tmp_path: Path) -> None:
    batch = run(cat, write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure"], ["Coworking", "MI"]]))
    undo_import(cat, batch)
    with pytest.raises(KnownError) as refused:
        undo_import(cat, batch)
    # when, in words and local time (the catalogue stores the timestamp as ISO)
    assert (
        str(refused.value) == f"L'import n° {batch} a déjà été annulé, le 1er mars 2025 à 10\u00a0h\u00a000."
    )


def test_undo_summary_in_english_has_english_punctuation(cat: Catalogue, tmp_path: Path) -> None:
    from stewarddesk import i18n
    from stewarddesk.importing.shown import spelled_moment

    batch = run(cat, write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure"], ["Coworking", "MI"]]))
    i18n.set_language("en")
    assert undo_import(cat, batch).summary() == (
        "1 entry deleted, 0 restored; 1 structure created by the import deleted"
    )
    assert spelled_moment("2026-12-03T12:17:33") == "3 December 2026 at 12:17"


def test_unknown_batch(cat: Catalogue) -> None:
    with pytest.raises(KnownError, match="Aucun import n° 42"):
        undo_import(cat, 42)


def test_structure_created_by_the_import_is_kept_when_used_since(cat: Catalogue, tmp_path: Path) -> None:
    batch = run(
        cat, write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure"], ["Coworking", "Provence Angels"]])
    )
    cat.create("offers", {"title": "Club des business angels", "structure": "Provence Angels"})
    outcome = undo_import(cat, batch)
    assert outcome.structures_kept == ("Provence Angels",) and outcome.structures_deleted == ()
    assert by_title(cat, "offers")["Club des business angels"]["structure"] == "Provence Angels"
    assert "gardée" in outcome.summary()


def test_actions_undo_reverts_carriers(cat: Catalogue, tmp_path: Path) -> None:
    (aid,) = cat.create("actions", {"title": "Club", "carriers": ["Medinsoft"], "status": "to_start"}).created
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [["Action", "Porteurs", "Statut"], ["Club", "Medinsoft; Aix Marseille French Tech", "Engagée"]],
    )
    batch = run(cat, path)
    assert cat.get("actions", aid)["carriers"] == ["Medinsoft", "Aix Marseille French Tech"]
    undo_import(cat, batch)
    entry = cat.get("actions", aid)
    assert (entry["carriers"], entry["status"]) == (["Medinsoft"], "to_start")
    assert cat.structure_id("Aix Marseille French Tech") is None


def test_undo_puts_an_offer_back_under_its_structure(cat: Catalogue, tmp_path: Path) -> None:
    (oid,) = cat.create("offers", {"title": "Coworking", "structure": "MI"}).created
    path = write_xlsx(tmp_path / "o.xlsx", [["Offre", "Structure", "ID"], ["Coworking", "Impulse", oid]])
    batch = run(cat, path)
    assert cat.get("offers", oid)["structure"] == "Impulse"
    assert cat.ids("offers", Query(text="impulse")) == [oid]
    outcome = undo_import(cat, batch)
    assert outcome.reverted == (oid,) and len(outcome.structures_deleted) == 1
    assert cat.get("offers", oid)["structure"] == "MI"
    assert cat.ids("offers", Query(text="impulse")) == []
    assert cat.ids("offers", Query(text="MI")) == [oid]
    last = cat.history("offers", oid)[0]
    assert (last.field, last.old, last.new, last.source, last.batch_id) == (
        "structure",
        "Impulse",
        "MI",
        "undo",
        batch,
    )
