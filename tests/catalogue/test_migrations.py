"""Forward migrations, as the next schema change will meet them: a catalogue written by this version is
opened by a version with one more migration, which upgrades it in place and keeps everything; this version
then refuses the upgraded file as newer. The next version is simulated by registering one more migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from stewarddesk.catalogue import Catalogue, Query, schema, store
from stewarddesk.errors import KnownError

OFFER = {"title": "Prêt d'honneur innovation", "structure": "Marseille Innovation", "email": "a@mi.fr"}


def next_version(monkeypatch: pytest.MonkeyPatch, *statements: str) -> int:
    """Install, for this test, the schema of a next version: today's migrations plus one."""
    future = Migrations(schema.migrations.name)
    future._migrations = list(schema.migrations._migrations)

    @future(name="m999_next")
    def _next(db: Database) -> None:
        for statement in statements:
            db.execute(statement)

    version = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "migrations", future)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", version)
    monkeypatch.setattr(store, "SCHEMA_VERSION", version)
    return version


def applied(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]


def test_a_newer_version_migrates_an_older_catalogue_and_keeps_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite"
    with Catalogue.new(path, user="claire") as cat:
        (offer_id,) = cat.create("offers", OFFER).created
        cat.update("offers", offer_id, {"need": "funding"})
        settings = cat.settings().with_values(offer_stale_days=200)
        cat.save_settings(settings)
    old_version = schema.SCHEMA_VERSION

    version = next_version(monkeypatch, "ALTER TABLE offers ADD COLUMN audience TEXT")
    with Catalogue.open(path) as cat:
        assert cat.conn.execute("PRAGMA user_version").fetchone()[0] == version
        columns = {r[1] for r in cat.conn.execute("PRAGMA table_info(offers)")}
        assert "audience" in columns
        # Entries, their journal, the search index and the settings came through untouched.
        entry = cat.get("offers", offer_id)
        assert (entry["title"], entry["need"], entry["structure"]) == (
            OFFER["title"],
            "funding",
            "Marseille Innovation",
        )
        assert [(h.op, h.who) for h in cat.history("offers", offer_id)] == [
            ("update", "claire"),
            ("create", "claire"),
        ]
        assert cat.ids("offers", Query(text="honneur")) == [offer_id]
        assert cat.settings().offer_stale_days == 200
        assert cat.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert applied(path)[-1] == "m999_next"

    # Back to this version: the upgraded file is refused as newer, and left as it is.
    monkeypatch.undo()
    before = path.read_bytes()
    with pytest.raises(KnownError) as refused:
        Catalogue.open(path)
    assert str(refused.value) == (
        f"{path} a été écrit par une version plus récente de StewardDesk (schéma {version}, "
        f"cette version connaît le schéma {old_version}) : mettez StewardDesk à jour."
    )
    assert path.read_bytes() == before


def test_a_failing_migration_leaves_the_catalogue_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite"
    with Catalogue.new(path) as cat:
        (offer_id,) = cat.create("offers", OFFER).created
    old_version = schema.SCHEMA_VERSION
    # Its first statement succeeds, its second fails: the migration's transaction undoes both.
    next_version(monkeypatch, "ALTER TABLE offers ADD COLUMN audience TEXT", "SELECT * FROM no_such_table")
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        Catalogue.open(path)
    monkeypatch.undo()
    with Catalogue.open(path) as cat:
        assert cat.conn.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert "audience" not in {r[1] for r in cat.conn.execute("PRAGMA table_info(offers)")}
        assert cat.get("offers", offer_id)["title"] == OFFER["title"]
    assert "m999_next" not in applied(path)
