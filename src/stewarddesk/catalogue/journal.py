"""The one journal: every write records who, when, what (field, old -> new) and where it came from.

Form history, `undo-import` and GUI undo/redo are all views of this table. Values are stored as JSON so
lists and None survive the round trip.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from stewarddesk.fields import Kind

Op = Literal["create", "update", "review", "archive", "restore", "snooze", "delete"]


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: str
    who: str
    source: str
    batch_id: int | None
    entity: Kind
    entity_id: int
    op: Op
    field: str | None
    old: Any
    new: Any


@dataclass(frozen=True)
class Changes:
    """What a write changed, so the window refreshes exactly that (Anki's OpChanges)."""

    kind: Kind
    created: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    deleted: tuple[int, ...] = ()
    fields: frozenset[str] = frozenset()
    structures: bool = False  # a structure was created or renamed along the way
    journal_ids: tuple[int, ...] = field(default=(), repr=False)

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __or__(self, other: Changes) -> Changes:
        return Changes.combine(self.kind, (self, other))

    @staticmethod
    def combine(kind: Kind, parts: Iterable[Changes]) -> Changes:
        """All of `parts` (of one kind) as one, in a single pass: a bulk edit of 10,000 entries joins
        10,000 of them, which `a | b | …` would copy over and over."""
        created: list[int] = []
        updated: dict[int, None] = {}
        deleted: list[int] = []
        fields: set[str] = set()
        structures = False
        journal_ids: list[int] = []
        for part in parts:
            if part.kind != kind:
                raise ValueError("cannot merge changes of different kinds")
            created += part.created
            updated.update(dict.fromkeys(part.updated))
            deleted += part.deleted
            fields |= part.fields
            structures = structures or part.structures
            journal_ids += part.journal_ids
        return Changes(
            kind,
            tuple(created),
            tuple(updated),
            tuple(deleted),
            frozenset(fields),
            structures,
            tuple(journal_ids),
        )


# Built once: `json.dumps` with keywords builds a new encoder per call, and imports journal every field.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def dump(value: Any) -> str | None:
    """A journal value as stored: JSON, keys sorted, non-ASCII kept (None stays NULL)."""
    return None if value is None else _ENCODE(value)


def load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


@dataclass(frozen=True)
class Stamp:
    """Who, when and from where: shared by every journal row of one operation."""

    at: str
    who: str
    source: str
    batch_id: int | None = None


def record(
    conn: sqlite3.Connection,
    stamp: Stamp,
    entity: Kind,
    entity_id: int,
    op: Op,
    changes: Iterable[tuple[str | None, Any, Any]],
) -> list[int]:
    """Append one journal row per (field, old, new); returns their ids."""
    ids = []
    for name, old, new in changes:
        cur = conn.execute(
            "INSERT INTO journal(at, who, source, batch_id, entity, entity_id, op, field, old, new)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                stamp.at,
                stamp.who,
                stamp.source,
                stamp.batch_id,
                entity,
                entity_id,
                op,
                name,
                dump(old),
                dump(new),
            ),
        )
        ids.append(int(cur.lastrowid or 0))
    return ids


def _entry(row: sqlite3.Row | tuple[Any, ...]) -> JournalEntry:
    (id_, at, who, source, batch_id, entity, entity_id, op, name, old, new) = tuple(row)
    return JournalEntry(id_, at, who, source, batch_id, entity, entity_id, op, name, load(old), load(new))


_COLUMNS = "id, at, who, source, batch_id, entity, entity_id, op, field, old, new"


def history(conn: sqlite3.Connection, entity: Kind, entity_id: int) -> list[JournalEntry]:
    """The entry's journal, newest first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM journal WHERE entity=? AND entity_id=? ORDER BY id DESC",
        (entity, entity_id),
    )
    return [_entry(r) for r in rows]


def for_batch(conn: sqlite3.Connection, batch_id: int, *, created_values: bool = True) -> list[JournalEntry]:
    """The batch's journal rows, oldest first. `created_values=False` leaves out the values a `create` row
    holds (`new` is None then): an import of 50,000 rows journals 50,000 full entries, which an undo does
    not need to decode (it deletes those entries and journals their current values)."""
    columns = (
        _COLUMNS
        if created_values
        else _COLUMNS.replace(", new", ", CASE WHEN op='create' THEN NULL ELSE new END")
    )
    rows = conn.execute(f"SELECT {columns} FROM journal WHERE batch_id=? ORDER BY id", (batch_id,))
    return [_entry(r) for r in rows]


def entries(conn: sqlite3.Connection, ids: Iterable[int]) -> list[JournalEntry]:
    wanted = list(ids)
    out: list[JournalEntry] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM journal WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk
        )
        out.extend(_entry(r) for r in rows)
    return out
