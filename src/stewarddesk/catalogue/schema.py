"""The catalogue's schema and its forward migrations.

The schema version lives in `PRAGMA user_version` (the number of migrations applied) and the file is
marked as ours with `PRAGMA application_id`, so a foreign SQLite file is told apart from an old catalogue.
Migrations are sqlite-utils `Migrations`, each one transactional; add new ones at the end, never edit
an applied one.
"""

from __future__ import annotations

from typing import Final

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID: Final = 0x53544B44  # "STKD": this file is a StewardDesk catalogue

migrations = Migrations("stewarddesk")

# Full-text search: accents folded (« creche » finds « crèche »), one table per kind of entry,
# kept in sync by the catalogue API (structure names and carriers come from other rows).
FTS_TABLES: Final = {
    "offers": ("title", "description", "structure"),
    "actions": ("code", "title", "description", "carriers", "indicators"),
    "structures": ("name", "kind", "site"),
}


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE structures (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,   -- vocab.fold(name): one structure per spelling
            kind TEXT, site TEXT, website TEXT, contact TEXT,
            archived INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL, updated TEXT NOT NULL, source TEXT NOT NULL
        );
        CREATE TABLE offers (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,         -- vocab.fold(title): sort and match without a collation
            structure_id INTEGER REFERENCES structures(id),
            need TEXT, stages TEXT NOT NULL DEFAULT '[]', sectors TEXT NOT NULL DEFAULT '[]',
            site TEXT, description TEXT, email TEXT, phone TEXT, url TEXT,
            status TEXT NOT NULL DEFAULT 'active',
            partner_ref TEXT, reviewed TEXT,
            snoozed_until TEXT, snooze_reason TEXT,
            created TEXT NOT NULL, updated TEXT NOT NULL, source TEXT NOT NULL
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            code TEXT, orientation TEXT, axis TEXT,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            description TEXT, carrier_type TEXT, carriers TEXT NOT NULL DEFAULT '[]',
            term TEXT, status TEXT, indicators TEXT, adopted TEXT, reviewed TEXT,
            archived INTEGER NOT NULL DEFAULT 0,
            snoozed_until TEXT, snooze_reason TEXT,
            created TEXT NOT NULL, updated TEXT NOT NULL, source TEXT NOT NULL
        );
        CREATE INDEX offers_status_title ON offers(status, title_key);
        -- (title, status) covers the default view's order and its "not archived" test without
        -- touching the table: 100,000 ids in about 25 ms.
        CREATE INDEX offers_title ON offers(title_key, status);
        CREATE INDEX offers_need ON offers(need);
        CREATE INDEX offers_reviewed ON offers(reviewed);
        -- "Not reviewed since" (the stale flag, the queue's order): the review date, or the creation
        -- date for an entry never reviewed. flags.sql_condition and query.py use this exact expression.
        CREATE INDEX offers_review_age ON offers(COALESCE(reviewed, substr(created, 1, 10)));
        CREATE INDEX actions_status_age ON actions(status, COALESCE(reviewed, substr(created, 1, 10)));
        CREATE INDEX offers_structure ON offers(structure_id);
        CREATE INDEX offers_partner_ref ON offers(partner_ref);
        CREATE INDEX actions_status_title ON actions(status, title_key);
        CREATE INDEX actions_title ON actions(title_key, archived);
        CREATE INDEX actions_term ON actions(term);
        CREATE INDEX actions_code ON actions(archived, code);  -- roadmap order (A.1.1, A.1.2…) of exports
        CREATE INDEX actions_carrier_type ON actions(carrier_type);
        CREATE INDEX actions_reviewed ON actions(reviewed);
        CREATE INDEX actions_archived_title ON actions(archived, title_key);

        CREATE TABLE reference (
            list TEXT NOT NULL,              -- 'sector' or 'site'
            value TEXT NOT NULL,
            PRIMARY KEY (list, value)
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL,
            file TEXT NOT NULL, sha256 TEXT NOT NULL, sheet TEXT, profile TEXT,
            inserted INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,
            report TEXT,                     -- the JSON report, as the CLI printed it
            undone_at TEXT
        );
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, who TEXT NOT NULL,
            source TEXT NOT NULL,            -- 'manual', 'import', 'sample', 'undo', ...
            batch_id INTEGER REFERENCES batches(id),
            entity TEXT NOT NULL, entity_id INTEGER NOT NULL,
            op TEXT NOT NULL,                -- create, update, review, archive, restore, snooze, delete
            field TEXT, old TEXT, new TEXT   -- JSON values
        );
        CREATE INDEX journal_entity ON journal(entity, entity_id);
        CREATE INDEX journal_batch ON journal(batch_id);

        CREATE TABLE profiles (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            signature TEXT NOT NULL,         -- folded header texts, to recognise the partner's sheet again
            columns TEXT NOT NULL,           -- JSON: header text -> field name
            "values" TEXT NOT NULL,          -- JSON: vocab -> {raw label -> code}
            updated TEXT NOT NULL
        );
        """
    )
    for table, columns in FTS_TABLES.items():
        cols = ", ".join(columns)
        db.execute(
            # Prefix indexes for 2 and 3 characters: typing « inc » searches as fast as a whole word.
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({cols}, "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )


SCHEMA_VERSION: Final = len(migrations._migrations)


def migrate(db: Database) -> None:
    """Apply pending migrations and record the resulting version in `user_version`."""
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
