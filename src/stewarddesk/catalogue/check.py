"""`stewarddesk check`: is this catalogue sound?

Looks at SQLite's own integrity, the schema (its version, and every table, column, index and trigger this
version creates), the full-text index against the entries, and the journal against the entries (replaying
the journal must give every entry's current values: a write that escaped the journal shows up here).
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from stewarddesk.catalogue.catalogue import Catalogue
from stewarddesk.catalogue.schema import APPLICATION_ID, FTS_TABLES, SCHEMA_VERSION, migrate
from stewarddesk.fields import FIELDS, Kind
from stewarddesk.i18n import Msg, Plural
from stewarddesk.progress import CancelToken

INTEGRITY = Msg("check.integrity", "Intégrité SQLite : {detail}", "SQLite integrity: {detail}")
FOREIGN_KEY = Msg(
    "check.foreign_key",
    "Référence cassée dans {table} (ligne {rowid})",
    "Broken reference in {table} (row {rowid})",
)
VERSION = Msg(
    "check.version",
    "Version de schéma {found} au lieu de {expected}",
    "Schema version {found} instead of {expected}",
)
MISSING_OBJECT = {
    "table": Msg(
        "check.missing_table", "Schéma : il manque la table « {name} »", "Schema: table “{name}” is missing"
    ),
    "index": Msg(
        "check.missing_index", "Schéma : il manque l'index « {name} »", "Schema: index “{name}” is missing"
    ),
    "trigger": Msg(
        "check.missing_trigger",
        "Schéma : il manque le déclencheur « {name} »",
        "Schema: trigger “{name}” is missing",
    ),
    "view": Msg(
        "check.missing_view", "Schéma : il manque la vue « {name} »", "Schema: view “{name}” is missing"
    ),
}
MISSING_COLUMN = Msg(
    "check.missing_column",
    "Schéma : il manque la colonne « {column} » à la table « {table} »",
    "Schema: column “{column}” is missing from table “{table}”",
)
FTS_MISSING = Plural(
    "check.fts_missing",
    (
        "Index de recherche : {count} entrée de « {kind} » absente ou périmée",
        "Index de recherche : {count} entrées de « {kind} » absentes ou périmées",
    ),
    (
        "Search index: {count} {kind} entry missing or out of date",
        "Search index: {count} {kind} entries missing or out of date",
    ),
)
FTS_EXTRA = Plural(
    "check.fts_extra",
    (
        "Index de recherche : {count} ligne en trop pour « {kind} »",
        "Index de recherche : {count} lignes en trop pour « {kind} »",
    ),
    ("Search index: {count} extra row for {kind}", "Search index: {count} extra rows for {kind}"),
)
NOT_JOURNALED = Msg(
    "check.not_journaled",
    "Journal : {kind} n° {id}, « {field} » vaut {current} mais le journal dit {journaled}",
    "Journal: {kind} #{id}, “{field}” is {current} but the journal says {journaled}",
)
NO_CREATION = Msg(
    "check.no_creation",
    "Journal : {kind} n° {id} n'a pas d'entrée de création",
    "Journal: {kind} #{id} has no creation record",
)


def check(
    cat: Catalogue, *, progress: Callable[[int, int], None] | None = None, cancel: CancelToken | None = None
) -> list[str]:
    """Every problem found, as sentences; an empty list means the catalogue is healthy."""
    problems: list[str] = []
    conn = cat.conn
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:  # damage bad enough to stop the check itself halfway
        rows = [str(exc)]
    if rows != ["ok"]:
        # One finding a line (SQLite heads its first row with « *** in database main *** »).
        details = [line for r in rows for line in str(r).splitlines() if not line.startswith("*** ")]
        problems.extend(INTEGRITY(detail=d) for d in details[:20])
        return problems  # the rest would read garbage
    problems.extend(FOREIGN_KEY(table=t, rowid=r) for t, r, *_ in conn.execute("PRAGMA foreign_key_check"))
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version != SCHEMA_VERSION or app_id != APPLICATION_ID:
        problems.append(VERSION(found=version, expected=SCHEMA_VERSION))
    missing, tables_whole = _check_schema(conn)
    problems.extend(missing)
    if not tables_whole:
        return problems  # a table or column is gone: comparing entries would only fail on it
    kinds: list[Kind] = ["structures", "offers", "actions"]
    for step, kind in enumerate(kinds):
        if cancel:
            cancel.check()
        problems.extend(_check_index(cat, kind))
        problems.extend(_check_journal(cat, kind))
        if progress:
            progress(step + 1, len(kinds))
    return problems


# FTS5's own tables, which come and go with their index table.
_FTS_SHADOW = re.compile(r"_fts_(config|content|data|docsize|idx)$")


@functools.cache
def _expected_schema() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """What this version's migrations create: every object's type by name, and every table's columns,
    read from a fresh in-memory catalogue (the migrations are the only description of the schema)."""
    conn = sqlite3.connect(":memory:")
    try:
        migrate(Database(conn))
        return _schema_of(conn)
    finally:
        conn.close()


def _schema_of(conn: Any) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    objects = {
        str(name): str(kind)
        for kind, name in conn.execute("SELECT type, name FROM sqlite_master")
        if not str(name).startswith(("sqlite_", "_sqlite")) and not _FTS_SHADOW.search(str(name))
    }
    columns = {
        name: tuple(str(r[1]) for r in conn.execute("SELECT * FROM pragma_table_info(?)", (name,)))
        for name, kind in objects.items()
        if kind == "table"
    }
    return objects, columns


def _check_schema(conn: Any) -> tuple[list[str], bool]:
    """Every table, column, index and trigger of this version's schema that the catalogue lacks (a
    catalogue edited by another tool, or damaged), and whether its tables are whole (no table or column
    missing); what it has in addition is not our business."""
    expected_objects, expected_columns = _expected_schema()
    objects, columns = _schema_of(conn)
    out: list[str] = []
    tables_whole = True
    for name, kind in expected_objects.items():
        if objects.get(name) != kind:
            out.append(MISSING_OBJECT[kind](name=name))
            tables_whole = tables_whole and kind != "table"
        elif kind == "table":
            lacking = [c for c in expected_columns[name] if c not in columns[name]]
            out.extend(MISSING_COLUMN(column=c, table=name) for c in lacking)
            tables_whole = tables_whole and not lacking
    return out, tables_whole


_PAGE = 10_000  # entries compared at a time: memory stays flat whatever the catalogue's size


def _pages(cat: Catalogue, kind: Kind) -> list[tuple[int, int]]:
    """(first id, last id) ranges covering the entries, the full-text rows and the journal of `kind`."""
    top = cat.conn.execute(
        f"SELECT max(coalesce((SELECT max(id) FROM {kind}), 0), coalesce((SELECT max(rowid) FROM {kind}_fts), 0),"
        " coalesce((SELECT max(entity_id) FROM journal WHERE entity=?), 0))",
        (kind,),
    ).fetchone()[0]
    return [(lo, lo + _PAGE - 1) for lo in range(0, int(top) + 1, _PAGE)]


def _index_values(kind: Kind, entry: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        " ".join(entry[c]) if isinstance(entry.get(c), list) else entry.get(c) for c in FTS_TABLES[kind]
    )


def _entries(cat: Catalogue, kind: Kind, lo: int, hi: int) -> list[dict[str, Any]]:
    ids = [r[0] for r in cat.conn.execute(f"SELECT id FROM {kind} WHERE id BETWEEN ? AND ?", (lo, hi))]
    return cat.rows(kind, ids)


def _check_index(cat: Catalogue, kind: Kind) -> list[str]:
    cols = ", ".join(FTS_TABLES[kind])
    stale = extra = 0
    for lo, hi in _pages(cat, kind):
        indexed = {
            r[0]: tuple(r[1:])
            for r in cat.conn.execute(
                f"SELECT rowid, {cols} FROM {kind}_fts WHERE rowid BETWEEN ? AND ?", (lo, hi)
            )
        }
        entries = _entries(cat, kind, lo, hi)
        stale += sum(1 for e in entries if indexed.get(e["id"]) != _index_values(kind, e))
        extra += len(set(indexed) - {e["id"] for e in entries})
    out = []
    if stale:
        out.append(FTS_MISSING(stale, kind=kind))
    if extra:
        out.append(FTS_EXTRA(extra, kind=kind))
    return out


def _check_journal(cat: Catalogue, kind: Kind) -> list[str]:
    """Replay the journal: the last journaled value of every field must be the entry's value."""
    names = [f.name for f in FIELDS[kind]]
    out: list[str] = []
    for lo, hi in _pages(cat, kind):
        replayed: dict[int, dict[str, Any]] = {}
        created: set[int] = set()
        cur = cat.conn.execute(
            "SELECT entity_id, op, field, new FROM journal WHERE entity=? AND entity_id BETWEEN ? AND ? ORDER BY id",
            (kind, lo, hi),
        )
        for entity_id, op, field, new in cur:
            value = None if new is None else json.loads(new)
            if op == "create":
                created.add(entity_id)
                replayed[entity_id] = dict(value or {})
            elif op == "delete":
                replayed.pop(entity_id, None)
                created.discard(entity_id)
            elif field and op != "snooze" and not field.startswith("settings."):
                replayed.setdefault(entity_id, {})[field] = value
        for entry in _entries(cat, kind, lo, hi):
            if entry["id"] not in created:
                out.append(NO_CREATION(kind=kind, id=entry["id"]))
                continue
            journaled = replayed.get(entry["id"], {})
            for name in names:
                if name in journaled and journaled[name] != entry.get(name):
                    out.append(
                        NOT_JOURNALED(
                            kind=kind,
                            id=entry["id"],
                            field=name,
                            current=entry.get(name),
                            journaled=journaled[name],
                        )
                    )
            if len(out) > 50:
                return out
    return out
