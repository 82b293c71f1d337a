"""Applying a plan: one transaction, a batch, the journal, the search index, backups, cancel, dry run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.catalogue.journal import for_batch
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.importing.api import apply_plan, import_file, prepare_import
from stewarddesk.importing.backup import list_backups
from stewarddesk.progress import CancelToken

from .engine_kit import AS_OF, Clock, all_ids, by_title, file_hash, journal_count, new_catalogue, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


HEADER = ["Offre", "Structure", "Besoin", "Stades", "Filières", "Site", "Email", "Statut", "Revue le"]


def sheet(tmp_path: Path, *rows: list[Any], name: str = "o.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [HEADER, *rows])


ROW_A = ["Pépinière", "Marseille Innovation", "Hébergement", "Création; Croissance", "Santé, ICC", "Belle de Mai",
         "pepiniere@mi.fr", "Active", "15/03/2024"]  # fmt: skip
ROW_B = ["Prêt d'honneur", "Impulse", "Financement", "Émergence", "", "", "pret@impulse.fr", "", "2024-07-12"]


def test_apply_records_a_batch_and_journals_every_change_with_it(cat: Catalogue, tmp_path: Path) -> None:
    path = sheet(tmp_path, ROW_A, ROW_B)
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.result is not None
    batch_id = outcome.result.batch_id
    assert outcome.report["batch_id"] == batch_id
    row = cat.conn.execute(
        "SELECT file, sha256, sheet, profile, inserted, updated, unchanged, rejected, report, who, kind"
        " FROM batches WHERE id=?",
        (batch_id,),
    ).fetchone()
    assert row[:8] == ("o.xlsx", file_hash(path), "Offres", None, 2, 0, 0, 0)
    assert json.loads(row[8]) == outcome.report
    assert row[9:] == ("claire", "offers")
    journal = for_batch(cat.conn, batch_id)
    created = {(j.entity, j.new["name"] if j.entity == "structures" else j.new["title"]) for j in journal}
    assert created == {
        ("offers", "Pépinière"),
        ("offers", "Prêt d'honneur"),
        ("structures", "Marseille Innovation"),
        ("structures", "Impulse"),
    }
    assert all(j.op == "create" and j.source == "import" for j in journal)
    offers = by_title(cat, "offers")
    a = offers["Pépinière"]
    assert (a["need"], a["stages"], a["sectors"], a["site"], a["reviewed"], a["status"]) == (
        "hosting",
        ["creation", "growth"],
        ["Santé", "ICC"],
        "Belle de Mai",
        "2024-03-15",
        "active",
    )
    assert offers["Prêt d'honneur"]["status"] == "active"  # empty status: the catalogue's default
    assert {"Santé", "ICC"} <= set(cat.references("sector"))
    assert "Belle de Mai" in cat.references("site")


def test_bulk_path_writes_what_the_catalogue_api_writes(tmp_path: Path, clock: Clock) -> None:
    values = {
        "title": "Pépinière",
        "structure": "Marseille Innovation",
        "need": "hosting",
        "stages": ["creation", "growth"],
        "sectors": ["Santé", "ICC"],
        "site": "Belle de Mai",
        "email": "pepiniere@mi.fr",
        "status": "active",
        "reviewed": "2024-03-15",
    }
    with (
        new_catalogue(tmp_path, clock, "api.sqlite") as by_api,
        new_catalogue(tmp_path, clock, "imp.sqlite") as by_import,
    ):
        by_api.create("offers", values, source="import")
        import_file(by_import, sheet(tmp_path, ROW_A), as_of=AS_OF)
        for table in ("offers", "structures", "offers_fts", "structures_fts", "reference"):
            rows_api = by_api.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            rows_imp = by_import.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            assert rows_api == rows_imp, table
        journal_sql = (
            "SELECT at, who, source, entity, entity_id, op, field, old, new FROM journal ORDER BY id"
        )
        assert by_api.conn.execute(journal_sql).fetchall() == by_import.conn.execute(journal_sql).fetchall()


def test_bulk_updates_write_what_the_catalogue_api_writes(tmp_path: Path, clock: Clock) -> None:
    start = {
        "title": "Pépinière",
        "structure": "MI",
        "need": "hosting",
        "stages": ["creation"],
        "site": "Luminy",
    }
    change = {"need": "support", "stages": ["growth", "scale"], "sectors": ["Mer"], "site": "Belle de Mai",
              "reviewed": "2025-01-15", "description": "Ateliers\npartagés"}  # fmt: skip
    header = ["Offre", "Structure", "Besoin", "Stades", "Filières", "Site", "Revue le", "Description"]
    row = ["Pépinière", "MI", "Accompagnement", "Croissance; Hypercroissance", "Mer", "Belle de Mai", "15/01/2025",
           "Ateliers\npartagés"]  # fmt: skip
    with (
        new_catalogue(tmp_path, clock, "api.sqlite") as by_api,
        new_catalogue(tmp_path, clock, "imp.sqlite") as by_import,
    ):
        for cat in (by_api, by_import):
            cat.create("offers", start)
        clock.tick(days=1)
        by_api.update("offers", 1, change, source="import")
        outcome = import_file(by_import, write_xlsx(tmp_path / "u.xlsx", [header, row]), as_of=AS_OF)
        assert outcome.report["updated"] == 1
        for table in ("offers", "structures", "offers_fts", "reference"):
            sql = f"SELECT * FROM {table} ORDER BY 1"
            assert by_api.conn.execute(sql).fetchall() == by_import.conn.execute(sql).fetchall(), table
        journal_sql = (
            "SELECT at, who, source, entity, entity_id, op, field, old, new FROM journal ORDER BY field, id"
        )
        assert by_api.conn.execute(journal_sql).fetchall() == by_import.conn.execute(journal_sql).fetchall()


def test_full_text_search_finds_imported_and_updated_entries(cat: Catalogue, tmp_path: Path) -> None:
    import_file(cat, sheet(tmp_path, ROW_A), as_of=AS_OF)
    assert len(cat.ids("offers", Query(text="pepiniere"))) == 1
    changed = [*ROW_A]
    changed[0] = "Pépinière"
    header = ["Offre", "Structure", "Description"]
    path = write_xlsx(
        tmp_path / "d.xlsx", [header, ["Pépinière", "Marseille Innovation", "ateliers partagés"]]
    )
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.report["updated"] == 1
    assert len(cat.ids("offers", Query(text="ateliers"))) == 1
    assert len(cat.ids("offers", Query(text="marseille innovation"))) == 1


def test_only_fields_present_are_updated_and_empty_cells_never_clear(cat: Catalogue, tmp_path: Path) -> None:
    import_file(cat, sheet(tmp_path, ROW_A), as_of=AS_OF)
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [
            ["Offre", "Structure", "Besoin", "Email"],
            ["Pépinière", "Marseille Innovation", "Accompagnement", None],
        ],
    )
    outcome = import_file(cat, path, as_of=AS_OF)
    assert outcome.report["updated"] == 1
    assert outcome.report["changes"] == [{"row": 2, "id": 1, "fields": {"need": ["hosting", "support"]}}]
    entry = by_title(cat, "offers")["Pépinière"]
    assert entry["need"] == "support"
    assert entry["email"] == "pepiniere@mi.fr"  # empty cell: not filled in, not « clear it »
    assert entry["stages"] == ["creation", "growth"]  # column absent: untouched
    history = cat.history("offers", entry["id"])
    assert (history[0].field, history[0].old, history[0].new, history[0].batch_id) == (
        "need",
        "hosting",
        "support",
        outcome.result.batch_id if outcome.result else None,
    )


def test_reimporting_the_same_file_changes_nothing(cat: Catalogue, tmp_path: Path) -> None:
    path = sheet(tmp_path, ROW_A, ROW_B)
    import_file(cat, path, as_of=AS_OF)
    before = journal_count(cat)
    again = import_file(cat, path, as_of=AS_OF)
    assert (again.report["inserted"], again.report["updated"], again.report["unchanged"]) == (0, 0, 2)
    assert journal_count(cat) == before
    assert again.result is not None and again.result.backup_path is None  # nothing written, no backup
    assert len(list_backups(cat.path)) == 1
    # Nor a batch: an import that changes nothing has nothing to undo, and the history stays as it was.
    assert again.result.batch_id is None and again.report["batch_id"] is None
    assert cat.conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 1
    assert any("aucun import enregistré" in line for line in again.summary_lines())


def test_dry_run_writes_nothing(cat: Catalogue, tmp_path: Path) -> None:
    path = sheet(tmp_path, ROW_A, ROW_B)
    outcome = import_file(cat, path, as_of=AS_OF, dry_run=True)
    assert outcome.result is None and outcome.report["batch_id"] is None and outcome.report["dry_run"]
    assert outcome.report["inserted"] == 2
    assert all_ids(cat, "offers") == [] and journal_count(cat) == 0
    assert cat.conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 0
    assert cat.conn.execute("SELECT count(*) FROM structures").fetchone()[0] == 0
    assert list_backups(cat.path) == []
    lines = outcome.summary_lines()
    assert any("nouvelle entrée « Pépinière »" in line for line in lines)
    assert any("rien n'a été écrit" in line for line in lines)


def test_unusable_input_leaves_the_catalogue_byte_identical(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "catalogue.sqlite"
    new_catalogue(tmp_path, clock).close()
    before = file_hash(db)
    bad = tmp_path / "notes.xlsx"
    bad.write_text("compte rendu du comité", encoding="utf-8")
    headerless = write_xlsx(tmp_path / "h.xlsx", [["bonjour"], ["1", "2"]])
    for path in (bad, headerless, tmp_path / "missing.xlsx"):
        with Catalogue.open(db, clock=clock) as cat, pytest.raises(KnownError):
            import_file(cat, path, as_of=AS_OF)
    assert file_hash(db) == before
    assert not (tmp_path / "catalogue.backups").exists()


def test_a_read_only_catalogue_says_so_before_any_backup(tmp_path: Path, clock: Clock) -> None:
    """Not « cannot back up the catalogue (Read-only file system) »: the catalogue itself is read-only."""
    db = tmp_path / "catalogue.sqlite"
    new_catalogue(tmp_path, clock).close()
    before = file_hash(db)
    with Catalogue.open(db, clock=clock, read_only=True) as cat, pytest.raises(KnownError) as caught:
        import_file(cat, sheet(tmp_path, ROW_A), as_of=AS_OF)
    assert "lecture seule" in str(caught.value) and "sauvegarder" not in str(caught.value)
    assert file_hash(db) == before
    assert not (tmp_path / "catalogue.backups").exists()


def test_backups_are_taken_before_each_import_and_pruned(
    cat: Catalogue, tmp_path: Path, clock: Clock
) -> None:
    cat.save_settings(cat.settings().with_values(backups_kept=2))
    for n in range(4):
        clock.tick(seconds=1)
        outcome = import_file(cat, sheet(tmp_path, [f"Offre {n}", "MI"], name=f"o{n}.xlsx"), as_of=AS_OF)
        assert outcome.result is not None and outcome.result.backup_path is not None
        assert outcome.result.backup_path.parent == tmp_path / "catalogue.backups"
    backups = list_backups(cat.path)
    assert [b.name for b in backups] == [
        "catalogue-20250301-100003.sqlite",
        "catalogue-20250301-100004.sqlite",
    ]
    # The newest backup holds the catalogue as it was before the last import: three offers.
    with Catalogue.open(backups[-1], read_only=True) as old:
        assert old.total("offers") == 3


def test_two_backups_in_the_same_second_do_not_collide(cat: Catalogue, tmp_path: Path) -> None:
    from stewarddesk.importing.backup import make_backup

    first, second = make_backup(cat), make_backup(cat)
    assert first is not None and second is not None and first != second
    assert second.name == "catalogue-20250301-100000-2.sqlite"


def test_cancel_in_the_middle_of_the_apply_writes_nothing(cat: Catalogue, tmp_path: Path) -> None:
    path = sheet(tmp_path, *[[f"Offre {n}", f"Structure {n % 7}"] for n in range(1200)])
    plan = prepare_import(cat, path, as_of=AS_OF)
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        token.cancel()  # after the first chunk has been written inside the transaction

    with pytest.raises(Cancelled):
        apply_plan(cat, plan, progress=progress, cancel=token)
    assert seen == [500]
    for table in ("offers", "structures", "batches", "journal", "offers_fts", "reference"):
        assert cat.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_skip_rows_leaves_rows_out(cat: Catalogue, tmp_path: Path) -> None:
    plan = prepare_import(cat, sheet(tmp_path, ROW_A, ROW_B), as_of=AS_OF)
    result = apply_plan(cat, plan, skip_rows={2})
    assert result.counts["inserted"] == 1
    assert list(by_title(cat, "offers")) == ["Prêt d'honneur"]


def test_a_stale_plan_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    import_file(cat, sheet(tmp_path, ROW_A), as_of=AS_OF)
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [["Offre", "Structure", "Besoin"], ["Pépinière", "Marseille Innovation", "Financement"]],
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    cat.update("offers", 1, {"need": "training"})
    before = journal_count(cat)
    with pytest.raises(KnownError, match="a changé depuis la préparation"):
        apply_plan(cat, plan)
    assert journal_count(cat) == before
    assert by_title(cat, "offers")["Pépinière"]["need"] == "training"


def test_ids_of_undone_entries_are_never_reused(cat: Catalogue, tmp_path: Path) -> None:
    from stewarddesk.importing.api import undo_import

    first = import_file(cat, sheet(tmp_path, ROW_A, ROW_B), as_of=AS_OF)
    assert first.result is not None
    undo_import(cat, first.result.batch_id)
    second = import_file(cat, sheet(tmp_path, ROW_B, name="b.xlsx"), as_of=AS_OF)
    assert second.result is not None
    (new_id,) = second.result.created_ids
    assert new_id not in first.result.created_ids


KILLED_SCRIPT = """
import datetime as dt, sys, time
from pathlib import Path
from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import apply_plan, prepare_import

cat = Catalogue.open(sys.argv[1])
plan = prepare_import(cat, Path(sys.argv[2]), as_of=dt.date(2025, 3, 1))

def progress(done, total):
    print("inside the transaction", done, flush=True)
    time.sleep(60)

apply_plan(cat, plan, progress=progress)
"""


def test_a_process_killed_during_the_apply_leaves_a_valid_catalogue_without_the_import(
    tmp_path: Path, clock: Clock
) -> None:
    import os
    import signal
    import subprocess
    import sys

    db = tmp_path / "catalogue.sqlite"
    with new_catalogue(tmp_path, clock) as cat:
        cat.create("offers", {"title": "Déjà là", "structure": "MI"})
    path = sheet(tmp_path, *[[f"Offre {n}", f"Structure {n % 5}"] for n in range(1500)])
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_SCRIPT, str(db), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("inside the transaction 500")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)  # reaps it and closes its pipes
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    with Catalogue.open(db, clock=clock) as cat:
        assert cat.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [e["title"] for e in cat.rows("offers", all_ids(cat, "offers"))] == ["Déjà là"]
        assert cat.conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 0
        assert cat.conn.execute("SELECT count(*) FROM structures").fetchone()[0] == 1
        assert journal_count(cat) == 2  # the structure and the offer created before
