"""The full-text index (`<kind>_fts`, FTS5) kept in step with the entries, one entry at a time.

An entry's indexed text is its `FTS_TABLES` columns, lists joined by spaces. An offer's row holds its
structure's name, so re-indexing a structure re-indexes its offers. The bulk import fills the index its own
way (importing/apply.py); this module serves the single-entry writes of the catalogue API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from stewarddesk.catalogue import reads
from stewarddesk.catalogue.schema import FTS_TABLES
from stewarddesk.fields import Kind


def index(
    conn: sqlite3.Connection, kind: Kind, entry_id: int, entry: Mapping[str, Any] | None = None
) -> None:
    """(Re)index one entry; `entry` is its current value when the caller already holds it (else read).

    A structure's offers are re-indexed with it.
    """
    cols = FTS_TABLES[kind]
    conn.execute(f"DELETE FROM {kind}_fts WHERE rowid=?", (entry_id,))
    if entry is None:
        entry = reads.get(conn, kind, entry_id)
    values = [" ".join(entry[c]) if isinstance(entry.get(c), list) else entry.get(c) for c in cols]
    conn.execute(
        f"INSERT INTO {kind}_fts(rowid, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
        [entry_id, *values],
    )
    if kind == "structures":
        for (offer_id,) in conn.execute("SELECT id FROM offers WHERE structure_id=?", (entry_id,)).fetchall():
            index(conn, "offers", offer_id)


def drop(conn: sqlite3.Connection, kind: Kind, entry_id: int) -> None:
    """Take a deleted entry out of the index."""
    conn.execute(f"DELETE FROM {kind}_fts WHERE rowid=?", (entry_id,))
