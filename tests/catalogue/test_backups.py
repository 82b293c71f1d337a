"""catalogue/backups.py: consistent copies, their names and listing, pruning, and restoring one."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.backups import (
    BackupFailed,
    backup_dir,
    check_backup,
    copy_database,
    describe_backups,
    list_backups,
    prune,
    restore_catalogue,
    write_backup,
)
from stewarddesk.errors import KnownError

from .conftest import Clock


def offers(cat: Catalogue, *titles: str) -> None:
    for title in titles:
        cat.create("offers", {"title": title, "structure": "Impulse"})


def test_names_reasons_and_order(cat: Catalogue, clock: Clock, tmp_path: Path) -> None:
    first = write_backup(cat, "import")
    second = write_backup(cat, "manual")
    third = write_backup(cat, "manual")  # the same second: numbered
    clock.now += dt.timedelta(seconds=1)
    fourth = write_backup(cat, "before-restore")
    assert [p.name for p in (first, second, third, fourth)] == [
        "catalogue-20260302-100000.sqlite",
        "catalogue-20260302-100000-manual.sqlite",
        "catalogue-20260302-100000-2-manual.sqlite",
        "catalogue-20260302-100001-before-restore.sqlite",
    ]
    assert first.parent == backup_dir(cat.path) == tmp_path / "catalogue.backups"
    assert list_backups(cat.path) == [first, second, third, fourth]
    assert list_backups(cat.path, "manual") == [second, third]
    (first.parent / "catalogue-20260302-100002.sqlite.part").write_bytes(b"killed mid-copy")
    (first.parent / "mes notes.sqlite").write_bytes(b"the user's own file")
    assert list_backups(cat.path) == [first, second, third, fourth]  # never anything else
    infos = describe_backups(cat.path)
    assert [(i.reason, i.taken) for i in infos] == [
        ("import", dt.datetime(2026, 3, 2, 10, 0, 0)),
        ("manual", dt.datetime(2026, 3, 2, 10, 0, 0)),
        ("manual", dt.datetime(2026, 3, 2, 10, 0, 0)),
        ("before-restore", dt.datetime(2026, 3, 2, 10, 0, 1)),
    ]


def test_a_backup_is_one_consistent_self_contained_file(cat: Catalogue, tmp_path: Path) -> None:
    offers(cat, "Atelier", "Pépinière")
    # Another connection is in the middle of a write: the backup holds what was committed, nothing else.
    other = sqlite3.connect(cat.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM offers")
    try:
        path = write_backup(cat, target=tmp_path / "copie.sqlite")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert path == tmp_path / "copie.sqlite"
    assert not path.with_name("copie.sqlite-wal").exists()
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM offers").fetchone()[0] == 2
    finally:
        conn.close()
    check_backup(path)
    assert [i.offers for i in describe_backups(cat.path)] == []  # -o elsewhere: not in the folder


def test_target_folder_or_new_file_never_overwrites(cat: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "cle_usb"
    folder.mkdir()
    into = write_backup(cat, target=folder)
    assert into.parent == folder and into.name.endswith("-manual.sqlite")
    taken = tmp_path / "pris.sqlite"
    taken.write_bytes(b"precious")
    with pytest.raises(KnownError, match="existe déjà"):
        write_backup(cat, target=taken)
    assert taken.read_bytes() == b"precious"


def test_a_failed_copy_leaves_nothing(cat: Catalogue, tmp_path: Path) -> None:
    target = tmp_path / "absent" / "x.sqlite"
    with pytest.raises(sqlite3.Error):
        copy_database(cat.conn, [target])
    assert not target.parent.exists()
    blocker = tmp_path / "fichier"
    blocker.write_text("not a folder")
    with pytest.raises(BackupFailed) as info:
        write_backup(cat, target=blocker / "x.sqlite")
    assert "catalogue est inchangé" in str(info.value) and info.value.detail


def test_a_name_taken_meanwhile_is_never_overwritten(cat: Catalogue, tmp_path: Path) -> None:
    # Another process wrote `taken` between our check and our rename: we move on to the next name.
    taken, free = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    taken.write_bytes(b"the other process's backup")
    assert copy_database(cat.conn, [taken, free]) == free
    assert taken.read_bytes() == b"the other process's backup"
    check_backup(free)
    with pytest.raises(FileExistsError):
        copy_database(cat.conn, [taken])
    assert list(tmp_path.glob("*.part")) == []  # nothing left of the refused copy


def test_a_copy_in_progress_elsewhere_is_left_alone_and_old_leftovers_go(cat: Catalogue) -> None:
    folder = backup_dir(cat.path)
    folder.mkdir()
    # What a second import, started in the same second, is writing right now; and what a copy killed
    # two hours ago left behind.
    busy = folder / ".catalogue-20260302-100000.sqlite.1a2b3c4d.part"
    busy.write_bytes(b"being written")
    stale = folder / ".catalogue-20260301-080000.sqlite.deadbeef.part"
    stale.write_bytes(b"killed mid-copy")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    first = write_backup(cat, "import")
    second = write_backup(cat, "import")
    assert (first.name, second.name) == (
        "catalogue-20260302-100000.sqlite",
        "catalogue-20260302-100000-2.sqlite",
    )
    assert busy.read_bytes() == b"being written"
    prune(cat.path, 5, "import")
    assert busy.exists() and not stale.exists()
    assert list_backups(cat.path) == [first, second]


def test_prune_keeps_the_newest_of_one_reason_only(cat: Catalogue, clock: Clock) -> None:
    made = []
    for _ in range(4):
        made.append(write_backup(cat, "import"))
        made.append(write_backup(cat, "manual"))
        clock.now += dt.timedelta(seconds=1)
    removed = prune(cat.path, 2, "import")
    assert removed == [made[0], made[2]]
    assert list_backups(cat.path, "import") == [made[4], made[6]]
    assert len(list_backups(cat.path, "manual")) == 4
    assert prune(cat.path, 0, "manual") == made[1::2]


def test_restore_and_restore_back(cat: Catalogue, clock: Clock, tmp_path: Path) -> None:
    offers(cat, "Atelier")
    backup = write_backup(cat)
    offers(cat, "Pépinière", "Bourse")
    clock.now += dt.timedelta(seconds=1)
    restored = restore_catalogue(cat.path, backup, clock=clock)
    assert restored.source == backup and restored.saved is not None
    assert cat.total("offers") == 1  # this very connection sees the restored catalogue
    with Catalogue.open(restored.saved, read_only=True) as saved:
        assert saved.total("offers") == 3
    clock.now += dt.timedelta(seconds=1)
    back = restore_catalogue(cat.path, restored.saved, clock=clock)
    assert cat.total("offers") == 3 and back.saved is not None


def test_restore_refuses_what_is_not_a_sound_catalogue(cat: Catalogue, tmp_path: Path) -> None:
    offers(cat, "Atelier")
    with pytest.raises(KnownError, match="introuvable"):
        restore_catalogue(cat.path, tmp_path / "absente.sqlite")
    with pytest.raises(KnownError, match="catalogue lui-même"):
        restore_catalogue(cat.path, cat.path)
    foreign = tmp_path / "autre.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(KnownError, match="pas un catalogue"):
        restore_catalogue(cat.path, foreign)
    newer = write_backup(cat, target=tmp_path / "future.sqlite")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(KnownError, match="plus récente"):
        restore_catalogue(cat.path, newer)
    damaged = write_backup(cat, target=tmp_path / "abimee.sqlite")
    data = bytearray(damaged.read_bytes())
    for offset in range(4096, len(data), 4096):  # every b-tree page header but the first page's
        data[offset : offset + 8] = b"\x55" * 8
    damaged.write_bytes(bytes(data))
    with pytest.raises(KnownError, match="endommagée|pas un catalogue"):
        restore_catalogue(cat.path, damaged)
    assert cat.total("offers") == 1
    assert list_backups(cat.path) == []  # refused before anything was saved


def test_restore_where_no_catalogue_is_left(cat: Catalogue, tmp_path: Path) -> None:
    offers(cat, "Atelier")
    backup = write_backup(cat, target=tmp_path / "copie.sqlite")
    target = tmp_path / "perdu" / "catalogue.sqlite"
    assert restore_catalogue(target, backup).saved is None
    with Catalogue.open(target) as back:
        assert back.total("offers") == 1
        assert back.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restore_over_a_catalogue_too_damaged_to_open(cat: Catalogue, tmp_path: Path) -> None:
    offers(cat, "Atelier")
    backup = write_backup(cat, target=tmp_path / "copie.sqlite")
    path = cat.path
    cat.close()
    data = bytearray(path.read_bytes())
    data[16:100] = b"\xee" * 84  # SQLite's header is garbage: the file no longer opens
    path.write_bytes(bytes(data))
    with pytest.raises(KnownError):
        Catalogue.open(path)
    restored = restore_catalogue(path, backup)
    assert restored.saved is not None and restored.saved.read_bytes() == bytes(data)  # kept as it was
    with Catalogue.open(path) as back:
        assert back.total("offers") == 1


def test_restore_never_overwrites_a_file_that_is_not_sqlite(tmp_path: Path, cat: Catalogue) -> None:
    backup = write_backup(cat, target=tmp_path / "copie.sqlite")
    notes = tmp_path / "notes.sqlite"
    notes.write_text("mes notes, pas un catalogue")
    with pytest.raises(KnownError, match="pas un catalogue"):
        restore_catalogue(notes, backup)
    assert notes.read_text() == "mes notes, pas un catalogue"


def test_a_damaged_catalogue_is_said_damaged_with_the_way_back(cat: Catalogue, tmp_path: Path) -> None:
    """Not « not a catalogue »: the user must learn that backups can bring it back."""
    offers(cat, "Atelier")
    damaged = write_backup(cat, target=tmp_path / "abime.sqlite")
    data = bytearray(damaged.read_bytes())
    for offset in range(4096, len(data), 4096):  # every b-tree page header but the first page's
        data[offset : offset + 8] = b"\x55" * 8
    damaged.write_bytes(bytes(data))
    with pytest.raises(KnownError) as caught, Catalogue.open(damaged) as opened:
        opened.total("offers")
    assert "est endommagé" in str(caught.value) and "backup --list" in str(caught.value)
    assert damaged.read_bytes() == bytes(data)
