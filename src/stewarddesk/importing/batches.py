"""The import batches recorded in the catalogue: what the history of imports shows, and each one's report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from stewarddesk.catalogue import Catalogue


@dataclass(frozen=True)
class BatchInfo:
    """One applied import: when, by whom, which file (name and sha256), sheet, profile, counts, and when it
    was undone (None: still in effect)."""

    id: int
    at: str
    who: str
    kind: str
    file: str
    sha256: str
    sheet: str | None
    profile: str | None
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    undone_at: str | None


_COLUMNS = (
    "id, at, who, kind, file, sha256, sheet, profile, inserted, updated, unchanged, rejected, undone_at"
)


def list_batches(cat: Catalogue, *, limit: int | None = None) -> list[BatchInfo]:
    """The import batches, newest first."""
    sql = f"SELECT {_COLUMNS} FROM batches ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [BatchInfo(*row) for row in cat.conn.execute(sql)]


def batch_report(cat: Catalogue, batch_id: int) -> dict[str, Any] | None:
    """The JSON report stored with a batch (None if there is no such batch or it has no report)."""
    row = cat.conn.execute("SELECT report FROM batches WHERE id=?", (batch_id,)).fetchone()
    if row is None or not row[0]:
        return None
    report = json.loads(row[0])
    return report if isinstance(report, dict) else None
