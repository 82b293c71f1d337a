"""Faults on disk: a read-only catalogue, a read-only folder, a disk that fills up during an import or its
backup, a backups folder that cannot be written. Each time: one clear line (exit 2), the catalogue
unchanged, and whatever can still work (reading, exporting, backing up elsewhere) works.

As root (CI's container), read-only means a read-only mount — chmod does not stop root — and « the disk
fills up » is a small tmpfs mounted for the test; as another user, chmod does the read-only part and the
full-disk tests are skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .kit import (
    AS_OF,
    bind,
    count,
    digest,
    integrity,
    is_root,
    offer_rows,
    one_clear_line,
    problems,
    remount,
    run,
    tmpfs,
    write_csv,
)


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A catalogue with 50 offers, closed cleanly (no -wal beside it), outside the folders under test."""
    path = tmp_path / "made" / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    sheet = write_csv(tmp_path / "base.csv", offer_rows(50, seed=11))
    assert run("import", sheet, "--db", path, "--kind", "offers", "--as-of", AS_OF).returncode == 0
    shutil.rmtree(path.parent / "catalogue.backups")
    return path


@pytest.fixture
def new_rows(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "nouvelles.csv", offer_rows(20, seed=12, prefix="Nouvelle "))


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    if is_root():
        with bind(path, path, read_only=True):
            yield path
    else:
        path.chmod(0o444)
        try:
            yield path
        finally:
            path.chmod(0o644)


@contextlib.contextmanager
def read_only_folder(folder: Path, source: Path, *, writable_file: bool) -> Iterator[Path]:
    """`folder` holding a copy of the catalogue `source`, the folder read-only (so no -wal/-shm can be
    created beside the catalogue); the file itself writable or not."""
    inside = folder / source.name
    if is_root():
        with tmpfs(folder, "8m"):
            shutil.copyfile(source, inside)
            remount(folder, "ro")
            if writable_file:
                with bind(source, inside, read_only=False):
                    yield inside
            else:
                yield inside
    else:
        folder.mkdir()
        shutil.copyfile(source, inside)
        if not writable_file:
            inside.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield inside
        finally:
            folder.chmod(0o755)


def assert_reading_works(db: Path, tmp_path: Path) -> None:
    stale = run("stale", "--db", db, "--as-of", AS_OF, "--json")
    assert stale.returncode == 0, stale.stderr
    assert run("check", "--db", db).returncode == 0
    export = run("export", "offers", "--db", db, "-o", tmp_path / "export.csv", "--as-of", AS_OF)
    assert export.returncode == 0, export.stderr
    assert len((tmp_path / "export.csv").read_text(encoding="utf-8-sig").splitlines()) == 51
    elsewhere = tmp_path / "copie.sqlite"
    backup = run("backup", "--db", db, "-o", elsewhere)
    assert backup.returncode == 0, backup.stderr
    assert count(elsewhere, "SELECT count(*) FROM offers") == 50


def assert_import_refused(db: Path, sheet: Path, needles: tuple[str, ...]) -> str:
    before = digest(db)
    line = one_clear_line(run("import", sheet, "--db", db, "--kind", "offers", "--as-of", AS_OF))
    assert any(n in line for n in needles), line
    assert digest(db) == before
    return line


def test_a_read_only_catalogue_file(made: Path, new_rows: Path, tmp_path: Path) -> None:
    with read_only_file(made) as db:
        assert_reading_works(db, tmp_path)
        line = assert_import_refused(db, new_rows, ("lecture seule",))
        assert "Rien n'a été écrit" in line
        before = digest(db)
        restore = one_clear_line(run("restore", tmp_path / "copie.sqlite", "--db", db))
        assert "lecture seule" in restore
        assert digest(db) == before
    assert integrity(made) == ["ok"] and count(made, "SELECT count(*) FROM offers") == 50


@pytest.mark.parametrize("writable_file", [False, True], ids=["file-read-only-too", "file-writable"])
def test_a_read_only_folder(made: Path, new_rows: Path, tmp_path: Path, writable_file: bool) -> None:
    """WAL needs -wal and -shm files beside the catalogue: in a read-only folder SQLite cannot create them
    and refuses even to read. The catalogue opens read-only instead (it has no pending WAL): everything
    that reads works; the import is refused in one line, before it writes anything."""
    with read_only_folder(tmp_path / "partage", made, writable_file=writable_file) as db:
        assert_reading_works(db, tmp_path)
        assert_import_refused(db, new_rows, ("lecture seule", "Read-only", "Permission"))
        assert not (db.parent / "catalogue.sqlite-wal").exists()


def test_a_read_only_folder_with_pending_changes_says_so(made: Path, tmp_path: Path) -> None:
    """A -wal left with committed frames (a crash, then the folder turned read-only): the main file alone
    would be out of date, so it is not read as if it were complete."""
    import sqlite3

    conn = sqlite3.connect(made)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE offers SET description = 'en attente' WHERE id = 1")
    conn.commit()
    pending = made.with_name(made.name + "-wal").read_bytes()
    conn.close()  # closing checkpoints: put the pending WAL back as a crash would have left it
    conn = sqlite3.connect(made)
    conn.execute("UPDATE offers SET description = 'avant' WHERE id = 1")
    conn.commit()
    conn.close()
    folder = tmp_path / "partage"
    with read_only_folder(folder, made, writable_file=False) as db:
        if is_root():
            remount(folder, "rw")
            (folder / "catalogue.sqlite-wal").write_bytes(pending)
            remount(folder, "ro")
        else:
            folder.chmod(0o755)
            (folder / "catalogue.sqlite-wal").write_bytes(pending)
            folder.chmod(0o555)
        line = one_clear_line(run("stale", "--db", db, "--as-of", AS_OF))
        assert "modifications en attente" in line


def test_the_disk_fills_up_during_an_import(made: Path, tmp_path: Path) -> None:
    big = write_csv(tmp_path / "gros.csv", offer_rows(20_000, seed=13, prefix="Pleine "))
    with tmpfs(tmp_path / "petit_disque", "3m") as disk:
        db = disk / made.name
        shutil.copyfile(made, db)
        line = assert_import_refused(db, big, ("disque est plein",))
        assert "inchangé" in line
        assert integrity(db) == ["ok"]
        assert count(db, "SELECT count(*) FROM offers") == 50
        assert problems(db) == []
        # With room again, the same import goes through.
        remount(disk, "size=64m")
        again = run("import", big, "--db", db, "--kind", "offers", "--as-of", AS_OF)
        assert again.returncode == 0, again.stderr
        assert count(db, "SELECT count(*) FROM offers") == 20_050
        assert problems(db) == []


def test_the_disk_is_too_full_for_the_backup(made: Path, new_rows: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "petit_disque", "1m") as disk:
        db = disk / made.name
        shutil.copyfile(made, db)
        filler = disk / "remplissage"
        with filler.open("wb") as f, contextlib.suppress(OSError):
            f.write(b"\0" * (1 << 20))  # up to the last block
        filler.write_bytes(b"\0" * (filler.stat().st_size - 64 * 1024))  # 64 KB left: less than a copy
        line = assert_import_refused(db, new_rows, ("sauvegarder",))
        assert "rien n'a été importé" in line
        backup = one_clear_line(run("backup", "--db", db))
        assert "le catalogue est inchangé" in backup
        leftovers = [p.name for p in (disk / "catalogue.backups").iterdir()]
        assert leftovers == [], leftovers  # no partial copy left to fill the disk
        assert count(db, "SELECT count(*) FROM offers") == 50


def test_the_backups_folder_cannot_be_written(made: Path, new_rows: Path, tmp_path: Path) -> None:
    backups = made.parent / "catalogue.backups"
    backups.mkdir()
    frozen = tmp_path / "gel"
    frozen.mkdir()
    with contextlib.ExitStack() as stack:
        if is_root():
            stack.enter_context(bind(frozen, backups, read_only=True))
        else:
            backups.chmod(0o555)
            stack.callback(backups.chmod, 0o755)
        assert not os.access(backups, os.W_OK) or is_root()
        line = assert_import_refused(made, new_rows, ("sauvegarder",))
        assert "rien n'a été importé" in line
        before = digest(made)
        assert "inchangé" in one_clear_line(run("backup", "--db", made))
        other = tmp_path / "ailleurs.sqlite"
        assert run("backup", "--db", made, "-o", other).returncode == 0  # elsewhere, it works
        assert "inchangé" in one_clear_line(run("restore", other, "--db", made))
        assert digest(made) == before
    assert count(made, "SELECT count(*) FROM offers") == 50


def test_the_disk_fills_up_while_the_rejects_are_written(made: Path, tmp_path: Path) -> None:
    rows = offer_rows(3, seed=14, prefix="Rejet ")
    rows[1][2] = "Juridique"  # an unknown need: one rejected row, its workbook (~6 KB) bigger than the disk
    sheet = write_csv(tmp_path / "rejets_attendus.csv", rows)
    with tmpfs(tmp_path / "petit_disque", "4k") as disk:
        ran = run(
            "import", sheet, "--db", made, "--kind", "offers", "--as-of", AS_OF,
            "--rejects", disk / "rejets.xlsx", "--report-json", tmp_path / "rapport.json",
        )  # fmt: skip
        line = one_clear_line(ran, code=1)
        assert "a bien été appliqué" in line and f"stewarddesk undo-import 2 --db {made}" in line
        assert "n'a pas été modifié" not in line and "disque plein" in line
        assert list(disk.iterdir()) == []  # no partial workbook left on the full disk
    assert count(made, "SELECT count(*) FROM offers") == 52  # applied, as the line says
    assert run("undo-import", "2", "--db", made).returncode == 0
    assert count(made, "SELECT count(*) FROM offers") == 50
