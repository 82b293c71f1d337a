"""Curating the reference lists (sectors, sites): each value with how many entries use it; add, rename,
merge and remove values, with every entry that uses the value updated.

Which fields use which list is read from `fields.py` (`Field.reference`): today `sector` is the offers'
`sectors` (a JSON list) and `site` is the offers' and the structures' `site` (text). Entries are found with
SQL (`json_each` for a list field, a plain comparison for a text field), archived ones included, and
changed through `Catalogue.update`: each change is journaled like a hand edit and `Catalogue.revert` undoes
it. Each operation is one transaction.

The list itself. The `reference` table only grows on its own (an edit or an import adds the values it
meets, and nothing records whether a value came from an entry or was added by hand), and `Catalogue.revert`
puts entries back through `Catalogue.update`, which adds their old values again. So an undone rename gets
« sante » back by itself, but would also keep the « Santé » it added. To undo exactly, the operations here
journal the list's own change as one more row, following the convention `Catalogue.save_settings` set for
catalogue-level changes (reference lists are catalogue settings, STYLE.md): entity "structures", id 0,
field "settings.reference.<list>", `old` = the values the operation took out of the list, `new` = those it
put in. `Catalogue.revert` skips such rows (as it skips settings), history views and `check` ignore them;
`revert` here undoes the entries with `Catalogue.revert` and then the list: the values taken out come back,
and a value put in goes away unless an entry uses it by then (someone may have used it since). Renaming
onto an existing value is a merge: the value was already listed, so its undo leaves it there.

`Catalogue.add_reference` stays the quiet door for the import and the editors; `add` here is the journaled
one, so that a value added by hand in the reference-list dialog is one undoable step too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from stewarddesk import vocab
from stewarddesk.catalogue import journal
from stewarddesk.catalogue.journal import Changes, JournalEntry
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, Field, Kind
from stewarddesk.i18n import Msg, Plural
from stewarddesk.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from stewarddesk.catalogue.catalogue import Catalogue

EMPTY_VALUE = Msg("references.empty_value", "Une valeur ne peut pas être vide.", "A value cannot be empty.")
NO_SUCH_VALUE = Msg(
    "references.no_such_value",
    "« {value} » n'est ni dans la liste ni utilisé par une entrée.",
    "“{value}” is neither in the list nor used by any entry.",
)
STILL_USED = Plural(
    "references.still_used",
    (
        "« {value} » est utilisé par {count} entrée : retirez-le de cette entrée pour le supprimer. "
        "Rien n'a été modifié.",
        "« {value} » est utilisé par {count} entrées : retirez-le de ces entrées pour le supprimer. "
        "Rien n'a été modifié.",
    ),
    (
        "“{value}” is used by {count} entry: remove it from that entry to delete it. Nothing was changed.",
        "“{value}” is used by {count} entries: remove it from those entries to delete it. "
        "Nothing was changed.",
    ),
)

JOURNAL_PREFIX: Final = "settings.reference."
# The catalogue-level pseudo-entry of the journal (as `Catalogue.save_settings` writes it).
_JOURNAL_ENTITY: Final[Kind] = "structures"
_JOURNAL_ID: Final = 0


@dataclass(frozen=True)
class ReferenceUse:
    """One value of a reference list: how many entries of each kind use it (archived ones included) and
    whether it is in the list itself (a value only entries hold is not)."""

    value: str
    counts: Mapping[Kind, int]
    listed: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def lists() -> tuple[str, ...]:
    """The reference lists some field uses, in the order fields.py first names them."""
    return tuple(dict.fromkeys(f.reference for fs in FIELDS.values() for f in fs if f.reference))


def fields_of(list_name: str) -> list[tuple[Kind, Field]]:
    """The fields that take their values from `list_name` (raises ValueError for an unknown list)."""
    found = [(kind, f) for kind, fs in FIELDS.items() for f in fs if f.reference == list_name]
    if not found:
        raise ValueError(f"no field uses the reference list {list_name!r}")
    return found


def kinds_of(list_name: str) -> list[Kind]:
    """The kinds of entries whose fields use `list_name`, without repeats."""
    return list(dict.fromkeys(kind for kind, _ in fields_of(list_name)))


# ----------------------------------------------------------------------------------------- reading
def usage(cat: Catalogue, list_name: str) -> list[ReferenceUse]:
    """Every value of the list and every value entries hold for it, with its counts per kind (0 when
    unused), sorted as the list is (accents and case folded)."""
    kinds = kinds_of(list_name)
    counts: dict[str, dict[Kind, int]] = {}
    for kind, f in fields_of(list_name):
        if f.type == "list":
            sql = (
                f"SELECT j.value, count(DISTINCT t.id) FROM {kind} t, json_each(t.{f.name}) j "
                "WHERE j.value IS NOT NULL AND j.value != '' GROUP BY j.value"
            )
        else:
            sql = f"SELECT {f.name}, count(*) FROM {kind} WHERE {f.name} != '' GROUP BY {f.name}"
        for value, n in cat.conn.execute(sql):
            per_kind = counts.setdefault(str(value), dict.fromkeys(kinds, 0))
            per_kind[kind] += int(n)  # two fields of one kind on one list would add up
    listed = set(cat.references(list_name))
    for value in listed:
        counts.setdefault(value, dict.fromkeys(kinds, 0))
    return [
        ReferenceUse(value, counts[value], value in listed)
        for value in sorted(counts, key=lambda v: (vocab.fold(v), v))
    ]


def users(cat: Catalogue, kind: Kind, f: Field, value: str) -> list[tuple[int, list[str] | str]]:
    """The (id, current value) of every entry of `kind` whose field `f` holds `value`, archived included."""
    if f.type == "list":
        rows = cat.conn.execute(
            f"SELECT id, {f.name} FROM {kind} t "
            f"WHERE EXISTS (SELECT 1 FROM json_each(t.{f.name}) WHERE value=?) ORDER BY id",
            (value,),
        )
        return [(int(i), list(json.loads(text))) for i, text in rows]
    rows = cat.conn.execute(f"SELECT id, {f.name} FROM {kind} WHERE {f.name}=? ORDER BY id", (value,))
    return [(int(i), str(text)) for i, text in rows]


def count_users(cat: Catalogue, list_name: str, value: str) -> dict[Kind, int]:
    """How many entries of each kind use `value` (archived included)."""
    out = dict.fromkeys(kinds_of(list_name), 0)
    for kind, f in fields_of(list_name):
        out[kind] += len(users(cat, kind, f, value))
    return out


# ----------------------------------------------------------------------------------------- writing
def clean(value: str) -> str:
    """A value as the catalogue stores it (no-break spaces made plain, ends trimmed), as `values` does."""
    return value.replace("\u00a0", " ").strip()


def add(cat: Catalogue, list_name: str, value: str, *, source: str = "manual") -> list[Changes]:
    """Put `value` in the list (journaled, so it can be undone); nothing when it is already there.

    Raises KnownError for an empty value."""
    fields_of(list_name)
    value = clean(value)
    if not value:
        raise KnownError(EMPTY_VALUE())
    with cat.transaction():
        if value in _listed(cat, list_name):
            return []
        return [_change_list(cat, list_name, removed=[], added=[value], source=source)]


def rename(
    cat: Catalogue,
    list_name: str,
    old: str,
    new: str,
    *,
    source: str = "manual",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[Changes]:
    """Every entry holding `old` gets `new` instead (in a list field, in its place, once: an entry that
    held both keeps one), each through `Catalogue.update`; the list loses `old` and gains `new`. Onto a
    value already there, this is a merge. One transaction; returns the changes per kind of entry, then the
    list's own (a `Changes` with no entries, carrying its journal row).

    Raises KnownError for an empty `new`, or an `old` that is neither listed nor used; `Cancelled` when
    `cancel` is set (nothing written). `progress(done, total)` counts the entries.
    """
    new = clean(new)
    if not new:
        raise KnownError(EMPTY_VALUE())
    if new == old:
        return []
    with cat.transaction():
        before = _listed(cat, list_name)
        listed = old in before
        # Read before the entries change: `Catalogue.update` adds the values it writes to the list.
        added = [] if new in before else [new]
        done = _rewrite(cat, list_name, old, new, source=source, progress=progress, cancel=cancel)
        if not listed and not done:
            raise KnownError(NO_SUCH_VALUE(value=old))
        done.append(_change_list(cat, list_name, removed=[old] if listed else [], added=added, source=source))
        return done


def remove(
    cat: Catalogue,
    list_name: str,
    value: str,
    *,
    from_entries: bool,
    source: str = "manual",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[Changes]:
    """Take `value` out of the list; with `from_entries`, out of every entry that holds it too (a list
    field loses the item, a text field becomes empty), each through `Catalogue.update`. One transaction.

    Raises KnownError (STILL_USED, with the count) when entries use it and not `from_entries`, or when
    the value is neither listed nor used; `Cancelled` when `cancel` is set (nothing written).
    """
    with cat.transaction():
        listed = value in _listed(cat, list_name)
        used = sum(count_users(cat, list_name, value).values())
        if used and not from_entries:
            raise KnownError(STILL_USED(used, value=value))
        if not listed and not used:
            raise KnownError(NO_SUCH_VALUE(value=value))
        done = _rewrite(cat, list_name, value, None, source=source, progress=progress, cancel=cancel)
        done.append(_change_list(cat, list_name, removed=[value] if listed else [], added=[], source=source))
        return done


def revert(cat: Catalogue, entries: Iterable[JournalEntry], *, source: str = "undo") -> list[Changes]:
    """Undo what `add`, `rename` or `remove` journaled (any journal rows, in fact): the entries through
    `Catalogue.revert` (which refuses, KnownError, when a value changed since), then the list: values the
    operation took out come back, values it put in go unless an entry uses them now. One transaction;
    returns the changes joined per kind."""
    items = list(entries)
    list_rows = sorted(
        (e for e in items if e.field is not None and e.field.startswith(JOURNAL_PREFIX)),
        key=lambda e: e.id,
        reverse=True,
    )
    with cat.transaction():
        done = merge(cat.revert(items, source=source))
        for row in list_rows:
            assert row.field is not None
            list_name = row.field.removeprefix(JOURNAL_PREFIX)
            listed = _listed(cat, list_name)
            back = [v for v in row.old or [] if v not in listed]
            gone = [
                v for v in row.new or [] if v in listed and not any(count_users(cat, list_name, v).values())
            ]
            if back or gone:
                done.append(_change_list(cat, list_name, removed=gone, added=back, source=source))
    return done


def merge(changes: Sequence[Changes]) -> list[Changes]:
    """The changes joined into one per kind, in order of first appearance (what the views need to hear),
    in linear time (`Changes.__or__` copies its tuples: quadratic over a revert of 16,000 rows)."""
    kinds = list(dict.fromkeys(c.kind for c in changes))
    return [_joined(kind, [c for c in changes if c.kind == kind]) for kind in kinds]


def journal_ids(changes: Sequence[Changes]) -> list[int]:
    """Every journal row of an operation's changes (what `revert` needs to undo it)."""
    return [i for c in changes for i in c.journal_ids]


# ----------------------------------------------------------------------------------------- helpers
def _listed(cat: Catalogue, list_name: str) -> set[str]:
    rows = cat.conn.execute("SELECT value FROM reference WHERE list=?", (list_name,))
    return {r[0] for r in rows}


def _rewrite(
    cat: Catalogue,
    list_name: str,
    old: str,
    new: str | None,
    *,
    source: str,
    progress: Progress,
    cancel: CancelToken | None,
) -> list[Changes]:
    """Every entry holding `old` gets `new` (None: nothing) in its place; the changes, one per kind."""
    found = [(kind, f, users(cat, kind, f, old)) for kind, f in fields_of(list_name)]
    total = sum(len(u) for _, _, u in found)
    done = 0
    out: list[Changes] = []
    for kind in kinds_of(list_name):
        # Gathered here, joined once: `Changes.__or__` copies its tuples, quadratic over 16,000 entries.
        parts: list[Changes] = []
        for f, entries in ((f, u) for k, f, u in found if k == kind):
            for entry_id, current in entries:
                if cancel is not None:
                    cancel.check()
                if done % 100 == 0:
                    progress(done, total)
                done += 1
                value: list[str] | str | None
                if isinstance(current, list):
                    replaced = [new if item == old else item for item in current]
                    value = list(dict.fromkeys(v for v in replaced if v is not None))
                else:
                    value = new
                parts.append(cat.update(kind, entry_id, {f.name: value}, source=source))
        if parts:
            out.append(_joined(kind, parts))
    progress(total, total)
    return out


def _joined(kind: Kind, parts: Sequence[Changes]) -> Changes:
    return Changes(
        kind,
        created=tuple(i for c in parts for i in c.created),
        updated=tuple(dict.fromkeys(i for c in parts for i in c.updated)),
        deleted=tuple(i for c in parts for i in c.deleted),
        fields=frozenset().union(*(c.fields for c in parts)),
        structures=any(c.structures for c in parts),
        journal_ids=tuple(i for c in parts for i in c.journal_ids),
    )


def _change_list(
    cat: Catalogue, list_name: str, *, removed: list[str], added: list[str], source: str
) -> Changes:
    """Take `removed` out of the list and put `added` in, journaled as one catalogue-level row."""
    cat.conn.executemany("DELETE FROM reference WHERE list=? AND value=?", [(list_name, v) for v in removed])
    cat.conn.executemany(
        "INSERT OR IGNORE INTO reference(list, value) VALUES (?, ?)", [(list_name, v) for v in added]
    )
    ids = journal.record(
        cat.conn,
        cat._stamp(source, None),
        _JOURNAL_ENTITY,
        _JOURNAL_ID,
        "update",
        [(JOURNAL_PREFIX + list_name, sorted(removed), sorted(added))],
    )
    return Changes(_JOURNAL_ENTITY, journal_ids=tuple(ids))
