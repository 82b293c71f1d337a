"""The catalogue API: the only way the rest of the app reads and writes entries.

Every write is one transaction that also appends to the journal (who, when, field, old -> new, source)
and returns the `Changes` it made. Reads are "ids for a query" and "rows for ids", which is what a table
model over 100,000 entries needs.

A `Catalogue` wraps one sqlite3 connection; connections belong to their thread, so a worker thread opens
its own `Catalogue` on the same path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from stewarddesk import vocab
from stewarddesk.catalogue import journal
from stewarddesk.catalogue import settings as settings_mod
from stewarddesk.catalogue.flags import FLAG_KINDS, sql_condition
from stewarddesk.catalogue.journal import Changes, JournalEntry, Op, Stamp
from stewarddesk.catalogue.query import Query, compile_query, compile_where
from stewarddesk.catalogue.schema import FTS_TABLES
from stewarddesk.catalogue.settings import Settings
from stewarddesk.catalogue.store import connect, translated_errors
from stewarddesk.catalogue.values import prepare
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind, Kind
from stewarddesk.i18n import Msg

Clock = Callable[[], dt.datetime]
Entry = dict[str, Any]

NO_SUCH_ENTRY = Msg(
    "catalogue.no_such_entry", "Entrée introuvable : {kind} n° {id}", "No such entry: {kind} #{id}"
)
CHANGED_SINCE = Msg(
    "catalogue.changed_since",
    "« {field} » a été modifié depuis ({expected} → {current}) : rien n'a été annulé.",
    "“{field}” was changed since ({expected} → {current}): nothing was undone.",
)

_JSON_FIELDS = {"stages", "sectors", "carriers"}
_SYSTEM_COLUMNS = ("created", "updated", "source")


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
        self._source_override: str | None = None

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
        """The id of the structure called `name` (spelling-insensitive); created if asked."""
        key = vocab.fold(name)
        if not key:
            return None
        row = self.conn.execute("SELECT id FROM structures WHERE name_key=?", (key,)).fetchone()
        if row:
            return int(row[0])
        if not create:
            return None
        return self.create("structures", {"name": name.strip()}, source=source, batch_id=batch_id).created[0]

    def create_structure(self, values: Mapping[str, Any], *, source: str = "manual") -> int:
        return self.create("structures", values, source=source).created[0]

    def structure_names(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM structures WHERE archived=0 ORDER BY name_key")
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ writes
    def create(
        self, kind: Kind, values: Mapping[str, Any], *, source: str = "manual", batch_id: int | None = None
    ) -> Changes:
        """Insert one entry. Raises KnownError (InvalidValue) for a value the field cannot hold."""
        with self.transaction():
            stamp = self._stamp(source, batch_id)
            row, created_structures = prepare(self, kind, values, stamp, partial=False)
            row.update(id=self.next_id(kind), created=stamp.at, updated=stamp.at, source=source)
            cols = list(row)
            cur = self.conn.execute(
                f"INSERT INTO {kind} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols],
            )
            new_id = int(cur.lastrowid or 0)
            entry = self.get(kind, new_id)
            shown = {f.name: entry.get(f.name) for f in FIELDS[kind]}
            ids = journal.record(self.conn, stamp, kind, new_id, "create", [(None, None, shown)])
            self._index(kind, new_id)
            return Changes(
                kind,
                created=(new_id,),
                fields=frozenset(shown),
                structures=created_structures,
                journal_ids=tuple(ids),
            )

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
        with self.transaction():
            old = self.get(kind, entry_id)
            stamp = self._stamp(source, batch_id)
            row, created_structures = prepare(self, kind, values, stamp, partial=True)
            new_raw = {**self._raw(kind, entry_id), **row}
            if "structure_id" in row:  # the public value is the name, joined from structures
                new_raw["structure"] = (
                    self.get("structures", row["structure_id"])["name"] if row["structure_id"] else None
                )
            new_entry_values = self._decode(kind, new_raw)
            changed = [
                (name, old.get(name), new_entry_values.get(name))
                for name in _public_names(kind, row)
                if old.get(name) != new_entry_values.get(name)
            ]
            if not changed:
                return Changes(kind)
            db_cols = [c for c in row if _public_name(kind, c) in {n for n, _, _ in changed}]
            if kind == "offers" and "structure" in {n for n, _, _ in changed}:
                db_cols = sorted(set(db_cols) | {"structure_id"})
            assignments = {c: row[c] for c in db_cols}
            if op == "update":
                assignments.update(updated=stamp.at, source=source)
            sets = ", ".join(f"{c}=?" for c in assignments)
            self.conn.execute(f"UPDATE {kind} SET {sets} WHERE id=?", [*assignments.values(), entry_id])
            ids = journal.record(self.conn, stamp, kind, entry_id, op, changed)
            self._index(kind, entry_id)
            if kind == "structures" and "name" in {n for n, _, _ in changed}:
                self._rename_carrier(old["name"], new_entry_values["name"], stamp)
            return Changes(
                kind,
                updated=(entry_id,),
                fields=frozenset(n for n, _, _ in changed),
                structures=created_structures or kind == "structures",
                journal_ids=tuple(ids),
            )

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
        total = Changes(kind)
        with self.transaction():
            for entry_id in ids:
                total = total | self.update(kind, entry_id, values, source=source, batch_id=batch_id)
        return total

    def mark_reviewed(
        self, kind: EntryKind, ids: Sequence[int], on: dt.date, *, source: str = "manual"
    ) -> Changes:
        """Record a review (not a modification: `updated` stays as it was)."""
        total = Changes(kind)
        with self.transaction():
            for entry_id in ids:
                total = total | self.update(
                    kind, entry_id, {"reviewed": on.isoformat()}, source=source, op="review"
                )
                total = total | self._set_snooze(kind, [entry_id], None, source)  # reviewed: back in turn
        return total

    def archive(self, kind: Kind, ids: Sequence[int], *, source: str = "manual") -> Changes:
        return self._set_archived(kind, ids, True, source)

    def restore(self, kind: Kind, ids: Sequence[int], *, source: str = "manual") -> Changes:
        return self._set_archived(kind, ids, False, source)

    def _set_archived(self, kind: Kind, ids: Sequence[int], archived: bool, source: str) -> Changes:
        total = Changes(kind)
        op: Op = "archive" if archived else "restore"
        with self.transaction():
            stamp = self._stamp(source, None)
            for entry_id in ids:
                if kind == "offers":
                    current = self.get(kind, entry_id)["status"]
                    if (current == "archived") == archived:
                        continue
                    target = "archived" if archived else self._status_before_archive(entry_id)
                    total = total | self.update(kind, entry_id, {"status": target}, source=source, op=op)
                    continue
                raw = self._raw(kind, entry_id)
                if bool(raw["archived"]) == archived:
                    continue
                self.conn.execute(
                    f"UPDATE {kind} SET archived=?, updated=? WHERE id=?", (int(archived), stamp.at, entry_id)
                )
                jids = journal.record(
                    self.conn, stamp, kind, entry_id, op, [("archived", not archived, archived)]
                )
                total = total | Changes(
                    kind, updated=(entry_id,), fields=frozenset({"archived"}), journal_ids=tuple(jids)
                )
        return total

    def _status_before_archive(self, entry_id: int) -> str:
        for item in journal.history(self.conn, "offers", entry_id):
            if item.field == "status" and item.new == "archived" and item.old not in (None, "archived"):
                return str(item.old)
        return "active"

    def snooze(
        self, kind: EntryKind, ids: Sequence[int], until: dt.date, reason: str, *, source: str = "manual"
    ) -> Changes:
        """Hide flagged entries from the review queue until `until`, saying why."""
        return self._set_snooze(kind, ids, {"until": until.isoformat(), "reason": reason}, source)

    def unsnooze(self, kind: EntryKind, ids: Sequence[int], *, source: str = "manual") -> Changes:
        """Put snoozed entries back in the review queue."""
        return self._set_snooze(kind, ids, None, source)

    def _snooze_of(self, kind: Kind, entry_id: int) -> dict[str, str] | None:
        raw = self._raw(kind, entry_id)
        if not raw.get("snoozed_until"):
            return None
        return {"until": raw["snoozed_until"], "reason": raw.get("snooze_reason") or ""}

    def _set_snooze(
        self,
        kind: Kind,
        ids: Sequence[int],
        value: dict[str, str] | None,
        source: str,
        batch_id: int | None = None,
    ) -> Changes:
        # Journaled as the pair (until, reason) so that undoing a snooze, or a review that ended one,
        # puts back exactly the snooze there was.
        total = Changes(kind)
        with self.transaction():
            stamp = self._stamp(source, batch_id)
            for entry_id in ids:
                old = self._snooze_of(kind, entry_id)
                if old == value:
                    continue
                self.conn.execute(
                    f"UPDATE {kind} SET snoozed_until=?, snooze_reason=? WHERE id=?",
                    (value["until"] if value else None, value["reason"] if value else None, entry_id),
                )
                jids = journal.record(self.conn, stamp, kind, entry_id, "snooze", [("snooze", old, value)])
                total = total | Changes(
                    kind, updated=(entry_id,), fields=frozenset({"snooze"}), journal_ids=tuple(jids)
                )
        return total

    def delete(
        self, kind: Kind, entry_id: int, *, source: str = "manual", batch_id: int | None = None
    ) -> Changes:
        """Remove an entry (used to undo an import's insertions); the journal keeps its last values."""
        with self.transaction():
            old = self.get(kind, entry_id)
            stamp = self._stamp(source, batch_id)
            if kind == "structures":
                self.conn.execute("UPDATE offers SET structure_id=NULL WHERE structure_id=?", (entry_id,))
            self.conn.execute(f"DELETE FROM {kind} WHERE id=?", (entry_id,))
            self.conn.execute(f"DELETE FROM {kind}_fts WHERE rowid=?", (entry_id,))
            shown = {f.name: old.get(f.name) for f in FIELDS[kind]}
            ids = journal.record(self.conn, stamp, kind, entry_id, "delete", [(None, shown, None)])
            return Changes(kind, deleted=(entry_id,), journal_ids=tuple(ids))

    def revert(
        self, entries: Iterable[JournalEntry], *, source: str = "undo", batch_id: int | None = None
    ) -> list[Changes]:
        """Undo journaled field changes, newest first; refuses (KnownError) if a value changed since."""
        done: list[Changes] = []
        with self.transaction():
            for item in sorted(entries, key=lambda e: e.id, reverse=True):
                if item.op == "create":
                    done.append(self.delete(item.entity, item.entity_id, source=source, batch_id=batch_id))
                    continue
                if item.op == "snooze":
                    if self._snooze_of(item.entity, item.entity_id) != item.new:
                        raise KnownError(CHANGED_SINCE(field="snooze", expected=item.new, current=None))
                    done.append(self._set_snooze(item.entity, [item.entity_id], item.old, source, batch_id))
                    continue
                if item.field is None or item.field.startswith("settings."):
                    continue
                current = self.get(item.entity, item.entity_id).get(item.field)
                if current != item.new:
                    raise KnownError(CHANGED_SINCE(field=item.field, expected=item.new, current=current))
                if item.field == "archived":
                    method = self.restore if item.new else self.archive
                    done.append(method(item.entity, [item.entity_id], source=source))
                    continue
                op: Op = "review" if item.op == "review" else "update"
                done.append(
                    self.update(
                        item.entity,
                        item.entity_id,
                        {item.field: item.old},
                        source=source,
                        batch_id=batch_id,
                        op=op,
                    )
                )
        return done

    # ------------------------------------------------------------------ reads
    def get(self, kind: Kind, entry_id: int) -> Entry:
        return self._decode(kind, self._raw(kind, entry_id))

    def _raw(self, kind: Kind, entry_id: int) -> dict[str, Any]:
        cur = self.conn.execute(self._select(kind) + " WHERE t.id=?", (entry_id,))
        row = cur.fetchone()
        if row is None:
            raise KnownError(NO_SUCH_ENTRY(kind=kind, id=entry_id))
        return dict(zip(_names(cur), row, strict=True))

    @staticmethod
    def _select(kind: Kind) -> str:
        if kind == "offers":
            return (
                "SELECT t.*, s.name AS structure FROM offers t"
                " LEFT JOIN structures s ON s.id = t.structure_id"
            )
        return f"SELECT t.* FROM {kind} t"

    @staticmethod
    def _decode(kind: Kind, raw: Mapping[str, Any]) -> Entry:
        entry = {k: v for k, v in raw.items() if not k.endswith("_key")}
        for name in _JSON_FIELDS & set(entry):
            entry[name] = _json_list(entry[name])
        return entry

    def rows(self, kind: Kind, ids: Sequence[int]) -> list[Entry]:
        """The entries for `ids`, in that order (missing ids are skipped)."""
        found: dict[int, Entry] = {}
        select = self._select(kind)
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            cur = self.conn.execute(select + f" WHERE t.id IN ({','.join('?' * len(chunk))})", chunk)
            decode = _row_decoder(_names(cur))
            for row in cur:
                entry = decode(row)
                found[entry["id"]] = entry
        return [found[i] for i in ids if i in found]

    def ids(self, kind: Kind, query: Query | None = None, *, limit: int | None = None) -> list[int]:
        """The ids of the entries `query` selects, in its order."""
        query = query or Query()
        sql, params = compile_query(kind, query, self.settings(), self._as_of(query))
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with translated_errors(self.path):
            return [r[0] for r in self.conn.execute(sql, params)]

    def count(self, kind: Kind, query: Query | None = None) -> int:
        query = query or Query()
        source, where, params = compile_where(kind, query, self.settings(), self._as_of(query))
        with translated_errors(self.path):
            return int(
                self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
            )

    def facets(self, kind: Kind, name: str, query: Query | None = None) -> list[tuple[str, int]]:
        """Each value of field `name` (or 'flags') with how many entries of `query` have it.

        The field's own filter is left out, so the user sees the alternatives to what they picked.
        """
        query = query or Query()
        as_of = self._as_of(query)
        settings = self.settings()
        if name == "flags":
            source, where, params = compile_where(kind, query.with_(flags=()), settings, as_of)
            out: list[tuple[str, int]] = []
            for flag in FLAG_KINDS:
                cond, cparams = sql_condition(kind, flag, settings, as_of)  # type: ignore[arg-type]
                sql = f"SELECT count(*) FROM {source} WHERE {where} AND {cond}"
                out.append((flag, int(self.conn.execute(sql, [*params, *cparams]).fetchone()[0])))
            return out
        filters = {k: v for k, v in query.filters.items() if k != name}
        source, where, params = compile_where(kind, query.with_(filters=filters), settings, as_of)
        if name in _JSON_FIELDS:
            sql = f"SELECT j.value, count(*) FROM {source}, json_each({kind}.{name}) j WHERE {where} GROUP BY j.value"
        elif name == "structure" and kind == "offers":
            sql = f"SELECT s.name, count(*) FROM {source} WHERE {where} AND s.id IS NOT NULL GROUP BY s.name"
        else:
            sql = f"SELECT {kind}.{name}, count(*) FROM {source} WHERE {where} GROUP BY {kind}.{name}"
        with translated_errors(self.path):
            rows = [(r[0] if r[0] is not None else "", int(r[1])) for r in self.conn.execute(sql, params)]
        return sorted(rows, key=lambda r: (-r[1], vocab.fold(str(r[0]))))

    def history(self, kind: Kind, entry_id: int) -> list[JournalEntry]:
        return journal.history(self.conn, kind, entry_id)

    def total(self, kind: Kind) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {kind}").fetchone()[0])

    def _as_of(self, query: Query) -> dt.date:
        return query.as_of or self.clock().date()

    # ------------------------------------------------------------------ full-text index
    def _index(self, kind: Kind, entry_id: int) -> None:
        cols = FTS_TABLES[kind]
        self.conn.execute(f"DELETE FROM {kind}_fts WHERE rowid=?", (entry_id,))
        entry = self.get(kind, entry_id)
        values = [" ".join(entry[c]) if isinstance(entry.get(c), list) else entry.get(c) for c in cols]
        self.conn.execute(
            f"INSERT INTO {kind}_fts(rowid, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
            [entry_id, *values],
        )
        if kind == "structures":
            for (offer_id,) in self.conn.execute(
                "SELECT id FROM offers WHERE structure_id=?", (entry_id,)
            ).fetchall():
                self._index("offers", offer_id)

    def _rename_carrier(self, old: str, new: str, stamp: Stamp) -> None:
        rows = self.conn.execute(
            "SELECT id, carriers FROM actions WHERE EXISTS (SELECT 1 FROM json_each(carriers) WHERE value=?)",
            (old,),
        ).fetchall()
        for action_id, carriers in rows:
            before = json.loads(carriers)
            after = [new if c == old else c for c in before]
            self.conn.execute(
                "UPDATE actions SET carriers=? WHERE id=?", (json.dumps(after, ensure_ascii=False), action_id)
            )
            journal.record(self.conn, stamp, "actions", action_id, "update", [("carriers", before, after)])
            self._index("actions", action_id)


def _names(cur: sqlite3.Cursor) -> tuple[str, ...]:
    return tuple(d[0] for d in cur.description)


def _json_list(value: Any) -> Any:
    """A list field's stored JSON text decoded (its usual empty value without the parser)."""
    if value == "[]":
        return []
    return json.loads(value) if isinstance(value, str) else list(value or [])


RowDecoder = Callable[[Sequence[Any]], Entry]


@functools.lru_cache(maxsize=64)
def _row_decoder(names: tuple[str, ...]) -> RowDecoder:
    """What `_decode(kind, dict(zip(names, row)))` does, planned once per result shape: reads of many
    rows (the table, the exports) then pay one dict per row, not a dict copy and a string test per cell."""
    keep = [i for i, name in enumerate(names) if not name.endswith("_key")]
    kept = tuple(names[i] for i in keep)
    lists = tuple(name for name in kept if name in _JSON_FIELDS)
    pick: Callable[[Sequence[Any]], Sequence[Any]]
    if len(keep) == len(names):
        pick = tuple
    elif len(keep) > 1:
        pick = cast(Callable[[Sequence[Any]], Sequence[Any]], operator.itemgetter(*keep))
    else:
        pick = lambda row: [row[i] for i in keep]  # noqa: E731 (itemgetter of one index gives no tuple)

    def decode(row: Sequence[Any]) -> Entry:
        entry = dict(zip(kept, pick(row), strict=True))
        for name in lists:
            value = entry[name]
            entry[name] = [] if value == "[]" else _json_list(value)
        return entry

    return decode


def _public_name(kind: Kind, column: str) -> str:
    return "structure" if kind == "offers" and column == "structure_id" else column


def _public_names(kind: Kind, row: Mapping[str, Any]) -> list[str]:
    return [_public_name(kind, c) for c in row if not c.endswith("_key") and c not in _SYSTEM_COLUMNS]
