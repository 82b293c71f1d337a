"""Reading entries: one by id, many by ids, and "ids / count / facets for a Query".

An entry as the rest of the app sees it (`Entry`) is the table's row with the folded `*_key` columns left
out, list fields decoded from their JSON text, and, for offers, the structure's name joined in as
`structure`. Every read of the catalogue goes through `decode` or `row_decoder`, so the two agree.

Reads of stored rows (`raw`, `get`, `rows`) need only a connection; the query reads (`ids`, `count`,
`facets`) also need the catalogue's settings and clock, so they take the `Catalogue`, whose methods of the
same names are their public door.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from stewarddesk import vocab
from stewarddesk.catalogue.flags import FLAG_KINDS, sql_condition
from stewarddesk.catalogue.query import Query, compile_query, compile_where, fts_match
from stewarddesk.catalogue.store import translated_errors
from stewarddesk.errors import KnownError
from stewarddesk.fields import Kind
from stewarddesk.i18n import Msg

if TYPE_CHECKING:
    from stewarddesk.catalogue.catalogue import Catalogue

Entry = dict[str, Any]
RowDecoder = Callable[[Sequence[Any]], Entry]

NO_SUCH_ENTRY = Msg(
    "catalogue.no_such_entry", "Entrée introuvable : {kind} n° {id}", "No such entry: {kind} #{id}"
)

JSON_FIELDS: Final = frozenset({"stages", "sectors", "carriers"})
_CHUNK: Final = 500  # ids per `IN (...)`: well under SQLite's limit on bound parameters


# ------------------------------------------------------------------------------------- stored rows
def select(kind: Kind) -> str:
    """The SELECT (aliased `t`, to be followed by a WHERE) whose rows `decode` turns into entries."""
    if kind == "offers":
        return "SELECT t.*, s.name AS structure FROM offers t LEFT JOIN structures s ON s.id = t.structure_id"
    return f"SELECT t.* FROM {kind} t"


def raw(conn: sqlite3.Connection, kind: Kind, entry_id: int) -> dict[str, Any]:
    """The stored row of one entry, column by column (keys and JSON text included).

    Raises KnownError when there is no such entry.
    """
    cur = conn.execute(select(kind) + " WHERE t.id=?", (entry_id,))
    row = cur.fetchone()
    if row is None:
        raise KnownError(NO_SUCH_ENTRY(kind=kind, id=entry_id))
    return dict(zip(column_names(cur), row, strict=True))


def decode(raw_row: Mapping[str, Any]) -> Entry:
    """A stored row as an entry: `*_key` columns dropped, list fields decoded."""
    entry = {k: v for k, v in raw_row.items() if not k.endswith("_key")}
    for name in JSON_FIELDS & set(entry):
        entry[name] = json_list(entry[name])
    return entry


def get(conn: sqlite3.Connection, kind: Kind, entry_id: int) -> Entry:
    """One entry; raises KnownError when there is no such entry."""
    return decode(raw(conn, kind, entry_id))


def rows(conn: sqlite3.Connection, kind: Kind, ids: Sequence[int]) -> list[Entry]:
    """The entries for `ids`, in that order (missing ids are skipped)."""
    found: dict[int, Entry] = {}
    head = select(kind)
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        cur = conn.execute(head + f" WHERE t.id IN ({','.join('?' * len(chunk))})", chunk)
        decode_row = row_decoder(column_names(cur))
        for row in cur:
            entry = decode_row(row)
            found[entry["id"]] = entry
    return [found[i] for i in ids if i in found]


def column_names(cur: sqlite3.Cursor) -> tuple[str, ...]:
    return tuple(d[0] for d in cur.description)


def json_list(value: Any) -> Any:
    """A list field's stored JSON text decoded (its usual empty value without the parser)."""
    if value == "[]":
        return []
    return json.loads(value) if isinstance(value, str) else list(value or [])


@functools.lru_cache(maxsize=64)
def row_decoder(names: tuple[str, ...]) -> RowDecoder:
    """What `decode(dict(zip(names, row)))` does, planned once per result shape: reads of many rows (the
    table, the exports) then pay one dict per row, not a dict copy and a string test per cell."""
    keep = [i for i, name in enumerate(names) if not name.endswith("_key")]
    kept = tuple(names[i] for i in keep)
    lists = tuple(name for name in kept if name in JSON_FIELDS)
    pick: Callable[[Sequence[Any]], Sequence[Any]]
    if len(keep) == len(names):
        pick = tuple
    elif len(keep) > 1:
        pick = cast(Callable[[Sequence[Any]], Sequence[Any]], operator.itemgetter(*keep))
    else:
        pick = lambda row: [row[i] for i in keep]  # noqa: E731 (itemgetter of one index gives no tuple)

    def decode_row(row: Sequence[Any]) -> Entry:
        entry = dict(zip(kept, pick(row), strict=True))
        for name in lists:
            value = entry[name]
            entry[name] = [] if value == "[]" else json_list(value)
        return entry

    return decode_row


# ------------------------------------------------------------------------------------- queries
# A search matching at least this many entries has its first page read by walking the sort's index (see
# `ids`); fewer are sorted outright, which costs next to nothing.
DENSE_SEARCH: Final = 2000


def ids(cat: Catalogue, kind: Kind, query: Query | None, limit: int | None) -> list[int]:
    """The ids of the entries `query` selects, in its order (at most `limit`)."""
    query = query or Query()
    settings, as_of = cat.settings(), _as_of(cat, query)
    sql, params = compile_query(kind, query, settings, as_of)
    if limit is not None:
        with translated_errors(cat.path):
            if _dense_search(cat.conn, kind, query):
                # SQLite drives a search from its matches, then sorts them all before the LIMIT: 40 ms for
                # « inc » at 100,000 offers, seconds at 1,000,000. Walking the sort's index and keeping
                # the matching rows stops after the first page (8-14 ms) — when an index gives that order.
                fast, fast_params = compile_query(kind, query, settings, as_of, search_as_filter=True)
                plan = cat.conn.execute("EXPLAIN QUERY PLAN " + fast, fast_params).fetchall()
                if not any("TEMP B-TREE FOR ORDER BY" in str(step[-1]) for step in plan):
                    sql, params = fast, fast_params
        sql += f" LIMIT {int(limit)}"
    with translated_errors(cat.path):
        return [r[0] for r in cat.conn.execute(sql, params)]


def _dense_search(conn: sqlite3.Connection, kind: Kind, query: Query) -> bool:
    """Whether `query`'s full-text search matches at least `DENSE_SEARCH` entries (read no further)."""
    match = fts_match(query.text)
    if match is None:
        return False
    sql = f"SELECT count(*) FROM (SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH ? LIMIT {DENSE_SEARCH})"
    return int(conn.execute(sql, (match,)).fetchone()[0]) >= DENSE_SEARCH


def count(cat: Catalogue, kind: Kind, query: Query | None) -> int:
    """How many entries `query` selects (no sort: cheaper than `len(ids(...))`)."""
    query = query or Query()
    source, where, params = compile_where(kind, query, cat.settings(), _as_of(cat, query))
    with translated_errors(cat.path):
        return int(cat.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0])


def facets(cat: Catalogue, kind: Kind, name: str, query: Query | None) -> list[tuple[str, int]]:
    """Each value of field `name` (or 'flags') with how many entries of `query` have it, most first.

    The field's own filter is left out, so the user sees the alternatives to what they picked.
    """
    query = query or Query()
    as_of = _as_of(cat, query)
    settings = cat.settings()
    if name == "flags":
        source, where, params = compile_where(kind, query.with_(flags=()), settings, as_of)
        out: list[tuple[str, int]] = []
        for flag in FLAG_KINDS:
            cond, cparams = sql_condition(kind, flag, settings, as_of)  # type: ignore[arg-type]
            sql = f"SELECT count(*) FROM {source} WHERE {where} AND {cond}"
            out.append((flag, int(cat.conn.execute(sql, [*params, *cparams]).fetchone()[0])))
        return out
    filters = {k: v for k, v in query.filters.items() if k != name}
    source, where, params = compile_where(kind, query.with_(filters=filters), settings, as_of)
    if name in JSON_FIELDS:
        sql = f"SELECT j.value, count(*) FROM {source}, json_each({kind}.{name}) j WHERE {where} GROUP BY j.value"
    elif name == "structure" and kind == "offers":
        sql = f"SELECT s.name, count(*) FROM {source} WHERE {where} AND s.id IS NOT NULL GROUP BY s.name"
    else:
        sql = f"SELECT {kind}.{name}, count(*) FROM {source} WHERE {where} GROUP BY {kind}.{name}"
    with translated_errors(cat.path):
        found = [(r[0] if r[0] is not None else "", int(r[1])) for r in cat.conn.execute(sql, params)]
    return sorted(found, key=lambda r: (-r[1], vocab.fold(str(r[0]))))


def _as_of(cat: Catalogue, query: Query) -> dt.date:
    """The day flags are computed for: the query's, else today by the catalogue's clock."""
    return query.as_of or cat.clock().date()
