"""Creating and editing entries: `create`, `update` and `update_many` behind the `Catalogue` methods.

Each runs in one transaction, journals what it changed (a creation as one row holding every field; an
update as one row per field whose value really changes) and keeps the full-text index in step. Renaming a
structure also renames it among the actions' carriers, journaled on each action.

Values arrive as public values (fields.py names) and are checked and converted by `values.prepare`, which
raises `InvalidValue` (a KnownError) for a value a field cannot hold.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from stewarddesk.catalogue import fulltext, journal, reads
from stewarddesk.catalogue.journal import Changes, Op, Stamp
from stewarddesk.catalogue.values import check_name_free, prepare
from stewarddesk.fields import FIELDS, Kind

if TYPE_CHECKING:
    from stewarddesk.catalogue.catalogue import Catalogue

# Written by the catalogue itself, never a field a user edits: not compared, not journaled.
_SYSTEM_COLUMNS: Final = ("created", "updated", "source")


def create(
    cat: Catalogue, kind: Kind, values: Mapping[str, Any], *, source: str, batch_id: int | None
) -> Changes:
    """Insert one entry with a fresh id (`Catalogue.next_id`); journal it; index it."""
    with cat.transaction():
        stamp = cat._stamp(source, batch_id)
        row, created_structures = prepare(cat, kind, values, stamp, partial=False)
        if kind == "structures":
            check_name_free(cat, row, None)
        row.update(id=cat.next_id(kind), created=stamp.at, updated=stamp.at, source=source)
        cols = list(row)
        cur = cat.conn.execute(
            f"INSERT INTO {kind} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols],
        )
        new_id = int(cur.lastrowid or 0)
        # Read back once: the stored entry (defaults, joined structure name) is both what the journal
        # shows and what the index holds.
        entry = reads.get(cat.conn, kind, new_id)
        shown = {f.name: entry.get(f.name) for f in FIELDS[kind]}
        ids = journal.record(cat.conn, stamp, kind, new_id, "create", [(None, None, shown)])
        fulltext.index(cat.conn, kind, new_id, entry)
        return Changes(
            kind,
            created=(new_id,),
            fields=frozenset(shown),
            structures=created_structures,
            journal_ids=tuple(ids),
        )


def update(
    cat: Catalogue,
    kind: Kind,
    entry_id: int,
    values: Mapping[str, Any],
    *,
    source: str,
    batch_id: int | None,
    op: Op,
) -> Changes:
    """Change some fields of one entry; only the fields whose value really changes are written and
    journaled (as `op`). The entry's `updated` and `source` move for an "update" only, not for a review,
    an archive or a restore. Raises KnownError when there is no such entry."""
    with cat.transaction():
        old = cat.get(kind, entry_id)
        stamp = cat._stamp(source, batch_id)
        row, created_structures = prepare(cat, kind, values, stamp, partial=True)
        if kind == "structures":
            check_name_free(cat, row, entry_id)
        new_raw = {**reads.raw(cat.conn, kind, entry_id), **row}
        if "structure_id" in row:  # the public value is the name, joined from structures
            new_raw["structure"] = (
                cat.get("structures", row["structure_id"])["name"] if row["structure_id"] else None
            )
        new_entry_values = reads.decode(new_raw)
        changed = [
            (name, old.get(name), new_entry_values.get(name))
            for name in _public_names(kind, row)
            if old.get(name) != new_entry_values.get(name)
        ]
        if not changed:
            return Changes(kind)
        changed_names = {n for n, _, _ in changed}
        db_cols = [c for c in row if _public_name(kind, c) in changed_names]
        if kind == "offers" and "structure" in changed_names:
            db_cols = sorted(set(db_cols) | {"structure_id"})
        assignments = {c: row[c] for c in db_cols}
        if op == "update":
            assignments.update(updated=stamp.at, source=source)
        sets = ", ".join(f"{c}=?" for c in assignments)
        cat.conn.execute(f"UPDATE {kind} SET {sets} WHERE id=?", [*assignments.values(), entry_id])
        ids = journal.record(cat.conn, stamp, kind, entry_id, op, changed)
        fulltext.index(cat.conn, kind, entry_id)
        if kind == "structures" and "name" in changed_names:
            _rename_carrier(cat, old["name"], new_entry_values["name"], stamp)
        return Changes(
            kind,
            updated=(entry_id,),
            fields=frozenset(changed_names),
            structures=created_structures or kind == "structures",
            journal_ids=tuple(ids),
        )


def update_many(
    cat: Catalogue,
    kind: Kind,
    ids: Sequence[int],
    values: Mapping[str, Any],
    *,
    source: str,
    batch_id: int | None,
) -> Changes:
    """The same values on many entries, in one transaction (a bulk edit is undone in one step)."""
    with cat.transaction():
        parts = [cat.update(kind, entry_id, values, source=source, batch_id=batch_id) for entry_id in ids]
    return Changes.combine(kind, parts)


def _rename_carrier(cat: Catalogue, old: str, new: str, stamp: Stamp) -> None:
    """A structure renamed: the actions that name it among their carriers follow, each journaled."""
    rows = cat.conn.execute(
        "SELECT id, carriers FROM actions WHERE EXISTS (SELECT 1 FROM json_each(carriers) WHERE value=?)",
        (old,),
    ).fetchall()
    for action_id, carriers in rows:
        before = json.loads(carriers)
        after = [new if c == old else c for c in before]
        cat.conn.execute(
            "UPDATE actions SET carriers=? WHERE id=?", (json.dumps(after, ensure_ascii=False), action_id)
        )
        journal.record(cat.conn, stamp, "actions", action_id, "update", [("carriers", before, after)])
        fulltext.index(cat.conn, "actions", action_id)


def _public_name(kind: Kind, column: str) -> str:
    return "structure" if kind == "offers" and column == "structure_id" else column


def _public_names(kind: Kind, row: Mapping[str, Any]) -> list[str]:
    return [_public_name(kind, c) for c in row if not c.endswith("_key") and c not in _SYSTEM_COLUMNS]
