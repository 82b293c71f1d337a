"""An entry's life after its creation: review, archive and restore, snooze and unsnooze, delete, and the
undo of any journaled change (`revert`), behind the `Catalogue` methods of the same names.

Archiving an offer is a status ("archived"; restoring puts back the status it had before), while
structures and actions carry an `archived` flag. A snooze is journaled as the pair (until, reason) so that
undoing a snooze, or a review that ended one, puts back exactly the snooze there was. Each operation is
one transaction and returns the `Changes` it made; an entry already in the asked state is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from stewarddesk import vocab
from stewarddesk.catalogue import fulltext, journal, reads
from stewarddesk.catalogue.journal import Changes, JournalEntry, Op
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind, Kind
from stewarddesk.i18n import Msg, quoted

if TYPE_CHECKING:
    from stewarddesk.catalogue.catalogue import Catalogue

CHANGED_SINCE = Msg(
    "catalogue.changed_since",
    "« {title} » a été modifiée depuis : « {field} » vaut maintenant {current}. Rien n'a été annulé.",
    "“{title}” was changed since: “{field}” is now {current}. Nothing was undone.",
)
SNOOZE_CHANGED_SINCE = Msg(
    "catalogue.snooze_changed_since",
    "« {title} » a été reportée ou revue depuis. Rien n'a été annulé.",
    "“{title}” was snoozed or reviewed since. Nothing was undone.",
)
EMPTY = Msg("catalogue.changed_since.empty", "vide", "empty")
ENTRY_NUMBER = Msg("catalogue.changed_since.entry_number", "n° {id}", "#{id}")

Snooze = dict[str, str]  # {"until": ISO date, "reason": text}, as journaled


def mark_reviewed(
    cat: Catalogue, kind: EntryKind, ids: Sequence[int], on: dt.date, *, source: str
) -> Changes:
    """Record a review on each entry (op "review": `updated` stays) and end its snooze: reviewed, it is
    back in turn."""
    parts: list[Changes] = []
    with cat.transaction():
        for entry_id in ids:
            parts.append(cat.update(kind, entry_id, {"reviewed": on.isoformat()}, source=source, op="review"))
            parts.append(set_snooze(cat, kind, [entry_id], None, source=source, batch_id=None))
    return Changes.combine(kind, parts)


def set_archived(cat: Catalogue, kind: Kind, ids: Sequence[int], archived: bool, *, source: str) -> Changes:
    """Archive (or restore) entries; those already so are skipped."""
    parts: list[Changes] = []
    op: Op = "archive" if archived else "restore"
    with cat.transaction():
        stamp = cat._stamp(source, None)
        for entry_id in ids:
            if kind == "offers":
                current = cat.get(kind, entry_id)["status"]
                if (current == "archived") == archived:
                    continue
                target = "archived" if archived else _status_before_archive(cat, entry_id)
                parts.append(cat.update(kind, entry_id, {"status": target}, source=source, op=op))
                continue
            row = reads.raw(cat.conn, kind, entry_id)
            if bool(row["archived"]) == archived:
                continue
            cat.conn.execute(
                f"UPDATE {kind} SET archived=?, updated=? WHERE id=?", (int(archived), stamp.at, entry_id)
            )
            jids = journal.record(cat.conn, stamp, kind, entry_id, op, [("archived", not archived, archived)])
            parts.append(
                Changes(kind, updated=(entry_id,), fields=frozenset({"archived"}), journal_ids=tuple(jids))
            )
    return Changes.combine(kind, parts)


def _status_before_archive(cat: Catalogue, entry_id: int) -> str:
    """The status an archived offer had before its (latest) archiving; "active" if the journal lost it."""
    for item in journal.history(cat.conn, "offers", entry_id):
        if item.field == "status" and item.new == "archived" and item.old not in (None, "archived"):
            return str(item.old)
    return "active"


def snooze_of(cat: Catalogue, kind: Kind, entry_id: int) -> Snooze | None:
    """The entry's snooze as journaled, or None."""
    row = reads.raw(cat.conn, kind, entry_id)
    if not row.get("snoozed_until"):
        return None
    return {"until": row["snoozed_until"], "reason": row.get("snooze_reason") or ""}


def set_snooze(
    cat: Catalogue, kind: Kind, ids: Sequence[int], value: Snooze | None, *, source: str, batch_id: int | None
) -> Changes:
    """Give entries the snooze `value` (None: none), journaled as op "snooze" on the pseudo-field
    "snooze"; entries that already have it are skipped."""
    parts: list[Changes] = []
    with cat.transaction():
        stamp = cat._stamp(source, batch_id)
        for entry_id in ids:
            old = snooze_of(cat, kind, entry_id)
            if old == value:
                continue
            cat.conn.execute(
                f"UPDATE {kind} SET snoozed_until=?, snooze_reason=? WHERE id=?",
                (value["until"] if value else None, value["reason"] if value else None, entry_id),
            )
            jids = journal.record(cat.conn, stamp, kind, entry_id, "snooze", [("snooze", old, value)])
            parts.append(
                Changes(kind, updated=(entry_id,), fields=frozenset({"snooze"}), journal_ids=tuple(jids))
            )
    return Changes.combine(kind, parts)


def delete(cat: Catalogue, kind: Kind, entry_id: int, *, source: str, batch_id: int | None) -> Changes:
    """Remove an entry, journaling its last values; a deleted structure's offers lose their structure.
    Raises KnownError when there is no such entry."""
    with cat.transaction():
        old = cat.get(kind, entry_id)
        stamp = cat._stamp(source, batch_id)
        if kind == "structures":
            cat.conn.execute("UPDATE offers SET structure_id=NULL WHERE structure_id=?", (entry_id,))
        cat.conn.execute(f"DELETE FROM {kind} WHERE id=?", (entry_id,))
        fulltext.drop(cat.conn, kind, entry_id)
        shown = {f.name: old.get(f.name) for f in FIELDS[kind]}
        ids = journal.record(cat.conn, stamp, kind, entry_id, "delete", [(None, shown, None)])
        return Changes(kind, deleted=(entry_id,), journal_ids=tuple(ids))


def revert(
    cat: Catalogue, entries: Iterable[JournalEntry], *, source: str, batch_id: int | None
) -> list[Changes]:
    """Undo journaled changes, newest first, all or nothing: a creation by deleting the entry, a snooze
    or a field by putting back its old value (journaled as new changes). Settings changes and deletions are skipped.

    Raises KnownError (CHANGED_SINCE) if a value is no longer the one the journal row left.
    """
    done: list[Changes] = []
    with cat.transaction():
        for item in sorted(entries, key=lambda e: e.id, reverse=True):
            if item.op == "create":
                done.append(cat.delete(item.entity, item.entity_id, source=source, batch_id=batch_id))
                continue
            if item.op == "snooze":
                if snooze_of(cat, item.entity, item.entity_id) != item.new:
                    raise KnownError(SNOOZE_CHANGED_SINCE(title=_title(cat, item)))
                done.append(
                    set_snooze(cat, item.entity, [item.entity_id], item.old, source=source, batch_id=batch_id)
                )
                continue
            if item.field is None or item.field.startswith("settings."):
                continue
            current = cat.get(item.entity, item.entity_id).get(item.field)
            if current != item.new:
                raise KnownError(_changed_since(cat, item, current))
            if item.field == "archived":
                method = cat.restore if item.new else cat.archive
                done.append(method(item.entity, [item.entity_id], source=source))
                continue
            op: Op = "review" if item.op == "review" else "update"
            done.append(
                cat.update(
                    item.entity,
                    item.entity_id,
                    {item.field: item.old},
                    source=source,
                    batch_id=batch_id,
                    op=op,
                )
            )
    return done


def _title(cat: Catalogue, item: JournalEntry) -> str:
    entry = cat.get(item.entity, item.entity_id)
    return str(
        entry.get("name" if item.entity == "structures" else "title") or ENTRY_NUMBER(id=item.entity_id)
    )


def _changed_since(cat: Catalogue, item: JournalEntry, current: object) -> str:
    """Which entry, which field (its column header) and what it holds now, as the user reads them."""
    f = next((f for f in FIELDS[item.entity] if f.name == item.field), None)
    if current is None or current == "" or current == []:
        shown = EMPTY()
    else:
        values = current if isinstance(current, list) else [current]
        if f is not None and f.vocab:
            values = [vocab.label_or_code(f.vocab, str(v)) for v in values]
        shown = quoted("; ".join(str(v) for v in values))
    field = f.export if f is not None else str(item.field)
    return CHANGED_SINCE(title=_title(cat, item), field=field, current=shown)
