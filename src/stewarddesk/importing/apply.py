"""Writing a plan: backup first, then ONE transaction holding the batch row and every change, journaled.

The per-entry Catalogue API costs several queries per row (read back, journal, full-text index); a 50,000-
row import through it is minutes. This module writes the same rows, journal entries and full-text rows as
`Catalogue.create`/`update` (a test compares both paths field by field) with `executemany` on the
catalogue's own connection, inside its transaction: all or nothing, cancellable between chunks.
Structures the plan names but the catalogue lacks are created through the Catalogue API (few, and they
must be journaled with the batch so that an undo removes them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.journal import Stamp, dump
from stewarddesk.catalogue.schema import FTS_TABLES
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind, Field
from stewarddesk.i18n import Msg
from stewarddesk.importing.backup import make_backup
from stewarddesk.importing.compare import same_value
from stewarddesk.importing.gcpause import gc_paused
from stewarddesk.importing.model import ApplyResult, ImportPlan
from stewarddesk.progress import CancelToken, Progress

SOURCE: Final = "import"
_CHUNK: Final = 500

# Encoders built once: `json.dumps` with any keyword builds a new encoder per call, and this runs several
# times per written row. Outputs are those of `json.dumps(x)` and `json.dumps(x, ensure_ascii=False)`.
_JSON_ASCII: Final = json.JSONEncoder().encode
_JSON: Final = json.JSONEncoder(ensure_ascii=False).encode


PLAN_STALE = Msg(
    "import.apply.stale",
    "Le catalogue a changé depuis la préparation de l'import (« {title} », n° {id}, champ « {field} ») : "
    "relancez la préparation. Rien n'a été importé.",
    "The catalogue changed since the import was prepared (“{title}”, #{id}, field “{field}”): prepare it "
    "again. Nothing was imported.",
)
WRONG_KIND = Msg(
    "import.apply.wrong_kind",
    "Ce plan d'import ne s'applique pas à ce catalogue.",
    "This import plan does not apply to this catalogue.",
)


def apply_plan(
    cat: Catalogue,
    plan: ImportPlan,
    *,
    skip_rows: set[int] | frozenset[int] = frozenset(),
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    backup: bool = True,
) -> ApplyResult:
    """Write `plan` (minus `skip_rows`, sheet row numbers) into the catalogue.

    A plan that inserts and updates nothing writes no backup (it would push a useful one out of the few
    kept) and no batch (nothing to undo): the result's `batch_id` is None; only a profile the plan asks to
    save is saved (a setting, not catalogue data). Otherwise a backup is
    taken first (unless `backup` is False or the catalogue keeps none), then one transaction: the `batches`
    row, every insertion and update journaled with that batch id and source 'import', the
    full-text rows, new reference-list values, new structures, and the profile if the plan asks to save
    it. `cancel.check()` runs between chunks: `Cancelled` rolls everything back. Raises KnownError when the
    catalogue changed since the plan was computed (an entry to update no longer holds the plan's old
    value): nothing is written then either.
    """
    if plan.kind not in FIELDS:
        raise KnownError(WRONG_KIND())
    with gc_paused():
        return _apply(cat, plan, skip_rows, progress, cancel, backup)


def _apply(
    cat: Catalogue,
    plan: ImportPlan,
    skip_rows: set[int] | frozenset[int],
    progress: Progress | None,
    cancel: CancelToken | None,
    backup: bool,
) -> ApplyResult:
    plan = plan.without(skip_rows)
    if cancel is not None:
        cancel.check()
    todo = [r for r in plan.rows if r.action in ("insert", "update")]
    if not todo:  # a re-import of the same file, a sheet without data: nothing to record (see docstring)
        if plan.save_profile and plan.profile:
            _save_profile(cat, plan)  # a setting, not catalogue data: kept, though no batch is recorded
        return ApplyResult(None, plan.counts, None)
    backup_path = make_backup(cat) if backup else None
    stamp_at = cat.clock().isoformat(timespec="seconds")
    total = len(todo)
    with cat.transaction():
        cur = cat.conn.execute(
            "INSERT INTO batches(at, who, kind, file, sha256, sheet, profile) VALUES (?,?,?,?,?,?,?)",
            (stamp_at, cat.user, plan.kind, plan.file.name, plan.sha256, plan.sheet, plan.profile),
        )
        batch_id = int(cur.lastrowid or 0)
        writer = BulkWriter(cat, plan.kind, Stamp(stamp_at, cat.user, SOURCE, batch_id))
        updates = {r.entry_id: r.changes for r in todo if r.action == "update" and r.entry_id is not None}
        writer.check_current(updates)
        for start in range(0, total, _CHUNK):
            if cancel is not None:
                cancel.check()
            for row in todo[start : start + _CHUNK]:
                if row.action == "insert":
                    writer.insert(row.values)
                elif row.entry_id is not None:
                    writer.update(row.entry_id, row.changes)
            writer.flush()
            if progress is not None:
                progress(min(start + _CHUNK, total), total)
        writer.finish()
        if cancel is not None:
            cancel.check()
        if plan.save_profile and plan.profile:
            _save_profile(cat, plan)
        counts = plan.counts
        report = plan.to_report(batch_id)
        cat.conn.execute(
            "UPDATE batches SET inserted=?, updated=?, unchanged=?, rejected=?, report=? WHERE id=?",
            (
                counts["inserted"],
                counts["updated"],
                counts["unchanged"],
                counts["rejected"],
                json.dumps(report, ensure_ascii=False),
                batch_id,
            ),
        )
    if progress is not None:
        progress(total, total)
    return ApplyResult(batch_id, counts, backup_path, tuple(writer.created), tuple(writer.updated))


def _text(value: Any) -> str | None:
    """What `catalogue.values` stores for a text: no-break spaces as spaces, trimmed, None when empty."""
    if value is None:
        return None
    text = (value if type(value) is str else str(value)).replace("\u00a0", " ").strip()
    return text or None


def _items(value: Any) -> list[str]:
    if not value:  # None, or an empty list: the common case of an unfilled list field
        return []
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return out


def _save_profile(cat: Catalogue, plan: ImportPlan) -> None:
    from stewarddesk.importing.profiles import header_signature, save_profile

    assert plan.profile is not None
    save_profile(
        cat,
        plan.profile,
        plan.kind,
        header_signature(plan.headers),
        plan.profile_columns(),
        plan.value_map,
    )


class BulkWriter:
    """Inserts and updates of one kind, buffered and written with `executemany` at each `flush()`.

    Storage mirrors `catalogue.values.prepare` (the same columns, JSON forms and sort keys) and the journal
    mirrors `Catalogue.create`/`update` (a `create` row holding every field, one `update` row per changed
    field with decoded old and new values). `stamp.source` is both the journal's source and the entries'
    `source` column ('import'; 'undo' when an undo puts values back). Call inside the caller's transaction.
    """

    def __init__(self, cat: Catalogue, kind: EntryKind, stamp: Stamp) -> None:
        self.cat = cat
        self.kind = kind
        self.stamp = stamp
        self.fields: tuple[Field, ...] = FIELDS[kind]
        self.created: list[int] = []
        self.updated: list[int] = []
        self._structures: dict[str, tuple[int, str]] = {}  # folded name -> (id, the catalogue's spelling)
        self._by_name: dict[str, tuple[int, str]] = {}  # name as given -> the same
        # Fields stored as their text, nothing else to note: `insert` converts them inline (most fields).
        self._plain = frozenset(
            f.name for f in self.fields if f.type in ("text", "longtext", "date", "code") and not f.reference
        )
        self._references: set[tuple[str, str]] = set()
        self._rows: list[list[Any]] = []
        self._journal: list[tuple[Any, ...]] = []
        self._fts: list[list[Any]] = []
        self._reindex: list[int] = []
        self._next_id = self._first_free_id()
        columns = [c for f in self.fields for c in self._columns(f)]
        extra = ["title_key", "created", "updated", "source"]
        self._insert_sql = (
            f"INSERT INTO {kind} (id, {', '.join(columns + extra)})"
            f" VALUES ({', '.join('?' * (len(columns) + len(extra) + 1))})"
        )
        fts_cols = FTS_TABLES[kind]
        self._fts_sql = f"INSERT INTO {kind}_fts(rowid, {', '.join(fts_cols)}) VALUES (?, {', '.join('?' * len(fts_cols))})"

    def _first_free_id(self) -> int:
        return self.cat.next_id(self.kind)

    @staticmethod
    def _columns(f: Field) -> list[str]:
        return ["structure_id"] if f.type == "structure" else [f.name]

    # ------------------------------------------------------------------ values -> columns
    def _structure(self, name: str) -> tuple[int, str]:
        found = self._by_name.get(name)  # a sheet names few structures, on many rows
        if found is not None:
            return found
        key = vocab.fold(name)
        found = self._structures.get(key)
        if found is None:
            sid = self.cat.structure_id(
                name, create=True, source=self.stamp.source, batch_id=self.stamp.batch_id
            )
            assert sid is not None
            spelled = self.cat.conn.execute("SELECT name FROM structures WHERE id=?", (sid,)).fetchone()[0]
            found = (sid, str(spelled))
            self._structures[key] = found
        self._by_name[name] = found
        return found

    def convert(self, f: Field, value: Any) -> tuple[list[Any], Any]:
        """(column values, decoded value as the catalogue reads it back) for one field."""
        if f.type in ("text", "longtext"):
            text = _text(value)
            if f.reference and text:
                self._references.add((f.reference, text))
            return [text], text
        if f.type in ("date", "code"):
            text = _text(value)
            return [text], text
        if f.type == "codes":
            codes = _items(value)
            return [_JSON_ASCII(codes) if codes else "[]"], codes
        if f.type == "list":
            items = _items(value)
            if f.reference:
                self._references.update((f.reference, item) for item in items)
            return [_JSON(items) if items else "[]"], items
        if f.type == "structure":
            text = _text(value)
            if text is None:
                return [None], None
            sid, spelled = self._structure(text)
            return [sid], spelled
        names = list(dict.fromkeys(self._structure(item)[1] for item in _items(value)))
        return [_JSON(names) if names else "[]"], names

    # ------------------------------------------------------------------ writes
    def insert(self, values: Mapping[str, Any]) -> int:
        entry_id = self._next_id
        self._next_id += 1
        row: list[Any] = [entry_id]
        shown: dict[str, Any] = {}
        plain = self._plain
        for f in self.fields:
            name = f.name
            value = values.get(name)
            if name == "status" and self.kind == "offers" and not value:
                value = "active"
            if name in plain:  # what `convert` does for them, without its tuple and list
                shown[name] = text = _text(value)
                row.append(text)
                continue
            cols, decoded = self.convert(f, value)
            row += cols
            shown[name] = decoded
        row += [vocab.fold_cached(shown["title"] or ""), self.stamp.at, self.stamp.at, self.stamp.source]
        self._rows.append(row)
        self._journal.append(self._journal_row(entry_id, "create", None, None, shown))
        self._fts.append(self._fts_row(entry_id, shown))
        self.created.append(entry_id)
        return entry_id

    def update(self, entry_id: int, changes: Mapping[str, tuple[Any, Any]]) -> None:
        if not changes:
            return
        known = {f.name: f for f in self.fields}
        assignments: dict[str, Any] = {}
        journaled: list[tuple[Any, ...]] = []
        for name, (old, new) in changes.items():
            f = known[name]
            cols, decoded = self.convert(f, new)
            for col, value in zip(self._columns(f), cols, strict=True):
                assignments[col] = value
            if name == "title":
                assignments["title_key"] = vocab.fold(decoded or "")
            journaled.append(self._journal_row(entry_id, "update", name, old, decoded))
        assignments.update(updated=self.stamp.at, source=self.stamp.source)
        sets = ", ".join(f"{c}=?" for c in assignments)
        self.cat.conn.execute(f"UPDATE {self.kind} SET {sets} WHERE id=?", [*assignments.values(), entry_id])
        self._journal.extend(journaled)
        self._reindex.append(entry_id)
        self.updated.append(entry_id)

    def _journal_row(self, entry_id: int, op: str, name: str | None, old: Any, new: Any) -> tuple[Any, ...]:
        s = self.stamp
        return (s.at, s.who, s.source, s.batch_id, self.kind, entry_id, op, name, dump(old), dump(new))

    def _fts_row(self, entry_id: int, entry: Mapping[str, Any]) -> list[Any]:
        values = [
            " ".join(entry[c]) if isinstance(entry.get(c), list) else entry.get(c)
            for c in FTS_TABLES[self.kind]
        ]
        return [entry_id, *values]

    def flush(self) -> None:
        conn = self.cat.conn
        if self._rows:
            conn.executemany(self._insert_sql, self._rows)
            self._rows.clear()
        if self._journal:
            conn.executemany(
                "INSERT INTO journal(at, who, source, batch_id, entity, entity_id, op, field, old, new)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                self._journal,
            )
            self._journal.clear()
        if self._fts:
            conn.executemany(self._fts_sql, self._fts)
            self._fts.clear()
        if self._reindex:
            ids = self._reindex
            self._reindex = []
            marks = ",".join("?" * len(ids))
            conn.execute(f"DELETE FROM {self.kind}_fts WHERE rowid IN ({marks})", ids)
            conn.executemany(
                self._fts_sql, [self._fts_row(e["id"], e) for e in self.cat.rows(self.kind, ids)]
            )

    def finish(self) -> None:
        """Flush what is left and add the reference-list values met on the way."""
        self.flush()
        if self._references:
            self.cat.conn.executemany(
                "INSERT OR IGNORE INTO reference(list, value) VALUES (?, ?)", sorted(self._references)
            )
            self._references.clear()

    def check_current(self, updates: Mapping[int, Mapping[str, tuple[Any, Any]]]) -> None:
        """Refuse (KnownError) if an entry to update no longer holds the value the plan saw."""
        ids = list(updates)
        seen: set[int] = set()
        for start in range(0, len(ids), _CHUNK):
            for entry in self.cat.rows(self.kind, ids[start : start + _CHUNK]):
                seen.add(entry["id"])
                for name, (old, _new) in updates[entry["id"]].items():
                    if not same_value(_field(self.kind, name), entry.get(name), old):
                        raise KnownError(PLAN_STALE(title=entry.get("title"), id=entry["id"], field=name))
        for entry_id in ids:
            if entry_id not in seen:
                raise KnownError(PLAN_STALE(title="?", id=entry_id, field="ID"))


def _field(kind: EntryKind, name: str) -> Field:
    for f in FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(name)
