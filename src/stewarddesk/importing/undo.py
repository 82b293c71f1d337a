"""Undoing a whole import batch: its insertions deleted, its updates reverted, in one transaction.

The journal says what the batch did. An entry touched by anything else since (a hand edit, a review,
another import) is not ours to roll back any more: the undo is refused and names those entries, so the
user decides. Structures the batch created are removed again, unless something else uses them by now.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, cast

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.journal import JournalEntry, Stamp, dump, for_batch
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, KINDS, EntryKind, Kind
from stewarddesk.i18n import Msg, Plural, quoted
from stewarddesk.importing.apply import BulkWriter
from stewarddesk.importing.model import UndoOutcome
from stewarddesk.importing.shown import count_text, spelled_moment

SOURCE: Final = "undo"
_CHUNK: Final = 500
_NAMED_MAX: Final = 10

NO_BATCH = Msg(
    "import.undo.no_batch", "Aucun import n° {batch} dans ce catalogue.", "No import #{batch} here."
)
ALREADY_UNDONE = Msg(
    "import.undo.already",
    "L'import n° {batch} a déjà été annulé, le {at}.",
    "Import #{batch} was already undone, on {at}.",
)
EDITED_SINCE = Plural(
    "import.undo.edited_since",
    (
        "L'import n° {batch} ne peut pas être annulé : {count} entrée a été modifiée depuis : {entries}. "
        "Rien n'a été annulé.",
        "L'import n° {batch} ne peut pas être annulé : {count} entrées ont été modifiées depuis : {entries}. "
        "Rien n'a été annulé.",
    ),
    (
        "Import #{batch} cannot be undone: {count} entry changed since: {entries}. Nothing was undone.",
        "Import #{batch} cannot be undone: {count} entries changed since: {entries}. Nothing was undone.",
    ),
)
NAMED_ENTRY = Msg("import.undo.named_entry", "« {title} » (n° {id})", "“{title}” (#{id})")
ENTRY_NUMBER = Msg("import.undo.entry_number", "n° {id}", "#{id}")
MORE = Plural("import.undo.more", ("et {count} autre", "et {count} autres"), ("and {count} more",) * 2)
SUMMARY_DELETED = Plural(
    "import.undo.summary",
    ("{count} entrée supprimée", "{count} entrées supprimées"),
    ("{count} entry deleted", "{count} entries deleted"),
)
SUMMARY_REVERTED = Plural(
    "import.undo.summary_reverted", ("{count} rétablie", "{count} rétablies"), ("{count} restored",) * 2
)
SUMMARY_STRUCTURES = Plural(
    "import.undo.summary_structures",
    ("{count} structure créée par l'import supprimée", "{count} structures créées par l'import supprimées"),
    ("{count} structure created by the import deleted", "{count} structures created by the import deleted"),
)
SUMMARY_JOIN = Msg("import.undo.summary_join", " ; ", "; ")
SUMMARY_KEPT = Plural(
    "import.undo.summary_kept",
    (
        "structure gardée car utilisée ailleurs : {names}",
        "structures gardées car utilisées ailleurs : {names}",
    ),
    ("structure kept as used elsewhere: {names}", "structures kept as used elsewhere: {names}"),
)


def undo_import(cat: Catalogue, batch_id: int) -> UndoOutcome:
    """Restore what batch `batch_id` changed, in one transaction, and mark the batch undone.

    Raises KnownError (nothing written) for an unknown batch, a batch already undone, or when any entry
    the batch inserted or updated was changed since by something else (the message names them).
    """
    with cat.transaction():
        row = cat.conn.execute("SELECT kind, undone_at FROM batches WHERE id=?", (batch_id,)).fetchone()
        if row is None:
            raise KnownError(NO_BATCH(batch=batch_id))
        kind_text, undone_at = row
        if undone_at:
            raise KnownError(ALREADY_UNDONE(batch=batch_id, at=spelled_moment(str(undone_at))))
        kind = cast(EntryKind, kind_text if kind_text in KINDS else "offers")
        items = for_batch(cat.conn, batch_id, created_values=False)
        entries = [i for i in items if i.entity in KINDS]
        structures = [i for i in items if i.entity == "structures" and i.op == "create"]
        last = max((i.id for i in items), default=0)
        since = _touched_since(cat, last, batch_id) if items else set()
        edited = sorted({(i.entity, i.entity_id) for i in entries} & since)
        if edited:
            raise KnownError(_edited_message(cat, batch_id, edited))
        # The undo's own journal rows carry the batch id too: the batch's whole story in one place, and a
        # later undo of an earlier batch can tell them from edits made by hand.
        stamp = Stamp(cat.clock().isoformat(timespec="seconds"), cat.user, SOURCE, batch_id)
        created = sorted({i.entity_id for i in entries if i.op == "create"})
        deleted = _delete(cat, kind, created, stamp)
        created_set = set(created)
        reverted = _revert(
            cat, [i for i in entries if i.op != "create" and i.entity_id not in created_set], stamp
        )
        gone, kept = _remove_structures(cat, structures, since, stamp)
        cat.conn.execute("UPDATE batches SET undone_at=? WHERE id=?", (stamp.at, batch_id))
    return UndoOutcome(batch_id, kind, tuple(deleted), tuple(reverted), tuple(gone), tuple(kept))


def summary(outcome: UndoOutcome) -> str:
    deleted, reverted = len(outcome.deleted), len(outcome.reverted)
    parts = [
        f"{SUMMARY_DELETED(deleted, count=count_text(deleted))}, {SUMMARY_REVERTED(reverted, count=count_text(reverted))}"
    ]
    if outcome.structures_deleted:
        gone = len(outcome.structures_deleted)
        parts.append(SUMMARY_STRUCTURES(gone, count=count_text(gone)))
    if outcome.structures_kept:
        names = ", ".join(quoted(n) for n in outcome.structures_kept)
        parts.append(SUMMARY_KEPT(len(outcome.structures_kept), names=names))
    return SUMMARY_JOIN().join(parts)


def _touched_since(cat: Catalogue, last_id: int, batch_id: int) -> set[tuple[str, int]]:
    """Entries written since the batch by anything but the batch itself and batches undone since (their
    changes and their undo cancel out)."""
    rows = cat.conn.execute(
        "SELECT DISTINCT entity, entity_id FROM journal"
        " WHERE id > ? AND op != 'snooze' AND (batch_id IS NULL OR (batch_id != ? AND batch_id NOT IN"
        " (SELECT id FROM batches WHERE undone_at IS NOT NULL)))",
        (last_id, batch_id),
    )
    return {(str(e), int(i)) for e, i in rows}


def _edited_message(cat: Catalogue, batch_id: int, edited: Sequence[tuple[str, int]]) -> str:
    names = []
    for entity, entity_id in edited[:_NAMED_MAX]:
        row = cat.conn.execute(f"SELECT title FROM {entity} WHERE id=?", (entity_id,)).fetchone()
        names.append(NAMED_ENTRY(title=row[0], id=entity_id) if row else ENTRY_NUMBER(id=entity_id))
    if len(edited) > _NAMED_MAX:
        more = len(edited) - _NAMED_MAX
        names.append(MORE(more, count=count_text(more)))
    return EDITED_SINCE(len(edited), batch=batch_id, count=count_text(len(edited)), entries=", ".join(names))


def _delete(cat: Catalogue, kind: Kind, ids: Sequence[int], stamp: Stamp) -> list[int]:
    """Bulk version of `Catalogue.delete`: the same journal rows (op delete, the last values)."""
    done: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        rows = cat.rows(kind, chunk)
        journal_rows = [
            (
                stamp.at,
                stamp.who,
                stamp.source,
                stamp.batch_id,
                kind,
                e["id"],
                "delete",
                None,
                dump({f.name: e.get(f.name) for f in FIELDS[kind]}),
                None,
            )
            for e in rows
        ]
        marks = ",".join("?" * len(chunk))
        cat.conn.execute(f"DELETE FROM {kind} WHERE id IN ({marks})", chunk)
        cat.conn.execute(f"DELETE FROM {kind}_fts WHERE rowid IN ({marks})", chunk)
        cat.conn.executemany(
            "INSERT INTO journal(at, who, source, batch_id, entity, entity_id, op, field, old, new)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            journal_rows,
        )
        done += [e["id"] for e in rows]
    return done


def _revert(cat: Catalogue, items: Sequence[JournalEntry], stamp: Stamp) -> list[int]:
    """Put back the old value of every field the batch updated, journaled as updates (source 'undo').

    Written with the import's own bulk writer rather than `Catalogue.update`: the same journal and
    full-text rows, and a structure put back on an offer really is (the structure is a joined column).
    """
    by_entry: dict[tuple[Kind, int], dict[str, tuple[Any, Any]]] = {}
    for item in sorted(items, key=lambda i: i.id, reverse=True):
        if item.field is None or item.op not in ("update", "review"):
            continue
        # Newest first: the oldest `old` wins when a field changed twice within the batch.
        by_entry.setdefault((item.entity, item.entity_id), {})[item.field] = (item.new, item.old)
    writers: dict[Kind, BulkWriter] = {}
    for (entity, entity_id), changes in by_entry.items():
        if entity not in KINDS:
            continue
        writer = writers.get(entity)
        if writer is None:
            writer = writers[entity] = BulkWriter(cat, entity, stamp)
        writer.update(entity_id, changes)
    for writer in writers.values():
        writer.finish()
    return sorted({entity_id for _, entity_id in by_entry})


def _remove_structures(
    cat: Catalogue, created: Sequence[JournalEntry], since: set[tuple[str, int]], stamp: Stamp
) -> tuple[list[int], list[str]]:
    gone: list[int] = []
    kept: list[str] = []
    for item in created:
        row = cat.conn.execute("SELECT name FROM structures WHERE id=?", (item.entity_id,)).fetchone()
        if row is None:
            continue
        name = str(row[0])
        used = cat.conn.execute(
            "SELECT 1 FROM offers WHERE structure_id=? UNION ALL"
            " SELECT 1 FROM actions WHERE EXISTS (SELECT 1 FROM json_each(carriers) WHERE value=?) LIMIT 1",
            (item.entity_id, name),
        ).fetchone()
        if used or ("structures", item.entity_id) in since:
            kept.append(name)
            continue
        cat.delete("structures", item.entity_id, source=stamp.source, batch_id=stamp.batch_id)
        gone.append(item.entity_id)
    return gone, kept
