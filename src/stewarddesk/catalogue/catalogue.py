"""The catalogue API: the only way the rest of the app reads and writes entries.

Every write is one transaction that also appends to the journal (who, when, field, old -> new, source)
and returns the `Changes` it made. Reads are "ids for a query" and "rows for ids", which is what a table
model over 100,000 entries needs.

A `Catalogue` wraps one sqlite3 connection; connections belong to their thread, so a worker thread opens
its own `Catalogue` on the same path.

This module holds the class: opening, transactions, the journal stamp, settings, reference lists and
structures, and one thin method per operation. The operations themselves live in modules named for what
they do, as plain functions that take the catalogue:

- `reads`: get, rows, ids, count, facets (and how a stored row becomes an `Entry`);
- `edits`: create, update, update_many;
- `lifecycle`: mark_reviewed, archive, restore, snooze, unsnooze, delete, revert;
- `fulltext`: the FTS index those writes keep in step.

Thin methods rather than mixins: the whole API, with its defaults and contracts, reads on one screen here,
each operation is one jump away, and each module type-checks on its own against `Catalogue` (as
`values.prepare` already did). The operation modules are this class's own implementation: they use its
`transaction()` and its `_stamp()`, and call its public methods when one operation is made of others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from stewarddesk import vocab
from stewarddesk.catalogue import edits, journal, lifecycle, reads
from stewarddesk.catalogue import settings as settings_mod
from stewarddesk.catalogue.journal import Changes, JournalEntry, Op, Stamp
from stewarddesk.catalogue.query import Query
from stewarddesk.catalogue.reads import Entry
from stewarddesk.catalogue.settings import Settings
from stewarddesk.catalogue.store import connect, translated_errors
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.fields import EntryKind, Kind
from stewarddesk.progress import CANCELLED

__all__ = ["Catalogue", "Clock", "Entry", "current_user"]

Clock = Callable[[], dt.datetime]
# How many SQLite virtual-machine steps between two questions « still wanted? » (`reads_stop_when`):
# about a millisecond of work, for a negligible cost.
STOP_CHECK_STEPS = 20_000


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME
        return "?"


def _system_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class Catalogue:
    """One open catalogue file. Use as a context manager or call `close()`."""

    def __init__(self, db: Database, path: Path, *, clock: Clock | None = None, user: str | None = None):
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.path = path
        self.clock: Clock = clock or _system_now
        self.user = user or current_user()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls, path: Path | str, *, clock: Clock | None = None, user: str | None = None, read_only: bool = False
    ) -> Catalogue:
        path = Path(path)
        return cls(connect(path, read_only=read_only), path, clock=clock, user=user)

    @classmethod
    def new(cls, path: Path | str, *, clock: Clock | None = None, user: str | None = None) -> Catalogue:
        """Create an empty catalogue at `path` (refused if a non-empty file is there)."""
        path = Path(path)
        cat = cls(connect(path, create=True), path, clock=clock, user=user)
        with cat.transaction():
            settings_mod.save(cat.conn, Settings())
        return cat

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nests (savepoints). SQLite failures a user can cause become KnownError.

        The outer transaction is IMMEDIATE: it takes the write lock before its first read, so a second
        writer waits for the busy timeout (then says the catalogue is busy) instead of failing at once
        when its read-then-write transaction tries to upgrade.
        """
        with translated_errors(self.path):
            if self.conn.in_transaction:
                with self.db.atomic():  # a savepoint
                    yield
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    @contextlib.contextmanager
    def reads_stop_when(self, stop: Callable[[], bool], every: int = STOP_CHECK_STEPS) -> Iterator[None]:
        """Reads inside give up (`Cancelled`) as soon as `stop()` says so: SQLite asks it every `every`
        steps of its virtual machine, so a long read (every id of a 1,000,000-entry search) ends within
        milliseconds when its answer is no longer wanted, instead of holding the reader."""
        self.conn.set_progress_handler(lambda: int(stop()), every)
        try:
            yield
        except (sqlite3.Error, KnownError) as exc:
            if stop():
                raise Cancelled(CANCELLED()) from exc
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    def _rollback(self) -> None:
        # An error such as a full disk may already have ended the transaction.
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def next_id(self, kind: Kind) -> int:
        """The id a new entry of `kind` gets: never one a deleted entry had (its journal stays its own)."""
        row = self.conn.execute(
            f"SELECT max(coalesce((SELECT max(id) FROM {kind}), 0),"
            " coalesce((SELECT max(entity_id) FROM journal WHERE entity=?), 0))",
            (kind,),
        ).fetchone()
        return int(row[0]) + 1

    def _stamp(self, source: str, batch_id: int | None) -> Stamp:
        """Who and when for the journal rows of one write (read inside its transaction)."""
        return Stamp(self.clock().isoformat(timespec="seconds"), self.user, source, batch_id)

    # ------------------------------------------------------------------ settings and reference lists
    def settings(self) -> Settings:
        return settings_mod.load(self.conn)

    def save_settings(self, new: Settings, *, source: str = "manual") -> None:
        with self.transaction():
            old = self.settings()
            settings_mod.save(self.conn, new)
            stamp = self._stamp(source, None)
            diff = [
                (k, getattr(old, k), getattr(new, k)) for k in vars(new) if getattr(old, k) != getattr(new, k)
            ]
            journal.record(
                self.conn, stamp, "structures", 0, "update", [(f"settings.{k}", o, n) for k, o, n in diff]
            )

    def references(self, list_name: str) -> list[str]:
        rows = self.conn.execute("SELECT value FROM reference WHERE list=?", (list_name,))
        return sorted((r[0] for r in rows), key=vocab.fold)

    def add_reference(self, list_name: str, value: str) -> None:
        value = value.strip()
        if value:
            with self.transaction():
                self.conn.execute(
                    "INSERT OR IGNORE INTO reference(list, value) VALUES (?, ?)", (list_name, value)
                )

    def remove_reference(self, list_name: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM reference WHERE list=? AND value=?", (list_name, value))

    # ------------------------------------------------------------------ structures
    def structure_id(
        self, name: str, *, create: bool = False, source: str = "manual", batch_id: int | None = None
    ) -> int | None:
        """The id of the structure called `name` (spelling-insensitive); created if asked. A name of a
        structure merged into another leads to the one it was merged into: « AMU », merged into
        « Aix-Marseille Université », is Aix-Marseille Université for every edit and import since."""
        key = vocab.fold(name)
        if not key:
            return None
        row = self.conn.execute("SELECT id, archived FROM structures WHERE name_key=?", (key,)).fetchone()
        if row:
            if row[1]:
                from stewarddesk.catalogue.structure_merge import merged_into  # it builds on this class

                return merged_into(self, int(row[0])) or int(row[0])
            return int(row[0])
        if not create:
            return None
        return self.create("structures", {"name": name.strip()}, source=source, batch_id=batch_id).created[0]

    def create_structure(self, values: Mapping[str, Any], *, source: str = "manual") -> int:
        return self.create("structures", values, source=source).created[0]

    def structure_names(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM structures WHERE archived=0 ORDER BY name_key")
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ writes (edits.py)
    def create(
        self, kind: Kind, values: Mapping[str, Any], *, source: str = "manual", batch_id: int | None = None
    ) -> Changes:
        """Insert one entry. Raises KnownError (InvalidValue) for a value the field cannot hold."""
        return edits.create(self, kind, values, source=source, batch_id=batch_id)

    def update(
        self,
        kind: Kind,
        entry_id: int,
        values: Mapping[str, Any],
        *,
        source: str = "manual",
        batch_id: int | None = None,
        op: Op = "update",
    ) -> Changes:
        """Change some fields of one entry; only the fields whose value really changes are journaled."""
        return edits.update(self, kind, entry_id, values, source=source, batch_id=batch_id, op=op)

    def update_many(
        self,
        kind: Kind,
        ids: Sequence[int],
        values: Mapping[str, Any],
        *,
        source: str = "manual",
        batch_id: int | None = None,
    ) -> Changes:
        """The same values on many entries, in one transaction (a bulk edit is undone in one step)."""
        return edits.update_many(self, kind, ids, values, source=source, batch_id=batch_id)

    # ------------------------------------------------------------------ lifecycle (lifecycle.py)
    def mark_reviewed(
        self, kind: EntryKind, ids: Sequence[int], on: dt.date, *, source: str = "manual"
    ) -> Changes:
        """Record a review (not a modification: `updated` stays as it was); it ends a snooze."""
        return lifecycle.mark_reviewed(self, kind, ids, on, source=source)

    def archive(self, kind: Kind, ids: Sequence[int], *, source: str = "manual") -> Changes:
        """Archive entries (an offer by its status, others by their flag); archived ones are skipped."""
        return lifecycle.set_archived(self, kind, ids, True, source=source)

    def restore(self, kind: Kind, ids: Sequence[int], *, source: str = "manual") -> Changes:
        """Bring archived entries back (an offer to the status it had before); others are skipped."""
        return lifecycle.set_archived(self, kind, ids, False, source=source)

    def snooze(
        self, kind: EntryKind, ids: Sequence[int], until: dt.date, reason: str, *, source: str = "manual"
    ) -> Changes:
        """Hide flagged entries from the review queue until `until`, saying why."""
        value = {"until": until.isoformat(), "reason": reason}
        return lifecycle.set_snooze(self, kind, ids, value, source=source, batch_id=None)

    def unsnooze(self, kind: EntryKind, ids: Sequence[int], *, source: str = "manual") -> Changes:
        """Put snoozed entries back in the review queue."""
        return lifecycle.set_snooze(self, kind, ids, None, source=source, batch_id=None)

    def delete(
        self, kind: Kind, entry_id: int, *, source: str = "manual", batch_id: int | None = None
    ) -> Changes:
        """Remove an entry (used to undo an import's insertions); the journal keeps its last values."""
        return lifecycle.delete(self, kind, entry_id, source=source, batch_id=batch_id)

    def revert(
        self, entries: Iterable[JournalEntry], *, source: str = "undo", batch_id: int | None = None
    ) -> list[Changes]:
        """Undo journaled field changes, newest first; refuses (KnownError) if a value changed since."""
        return lifecycle.revert(self, entries, source=source, batch_id=batch_id)

    # ------------------------------------------------------------------ reads (reads.py)
    def get(self, kind: Kind, entry_id: int) -> Entry:
        """One entry; raises KnownError when there is no such entry."""
        return reads.get(self.conn, kind, entry_id)

    def rows(self, kind: Kind, ids: Sequence[int]) -> list[Entry]:
        """The entries for `ids`, in that order (missing ids are skipped)."""
        return reads.rows(self.conn, kind, ids)

    def ids(self, kind: Kind, query: Query | None = None, *, limit: int | None = None) -> list[int]:
        """The ids of the entries `query` selects, in its order."""
        return reads.ids(self, kind, query, limit)

    def count(self, kind: Kind, query: Query | None = None) -> int:
        return reads.count(self, kind, query)

    def facets(self, kind: Kind, name: str, query: Query | None = None) -> list[tuple[str, int]]:
        """Each value of field `name` (or 'flags') with how many entries of `query` have it.

        The field's own filter is left out, so the user sees the alternatives to what they picked.
        """
        return reads.facets(self, kind, name, query)

    def history(self, kind: Kind, entry_id: int) -> list[JournalEntry]:
        return journal.history(self.conn, kind, entry_id)

    def total(self, kind: Kind) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {kind}").fetchone()[0])
