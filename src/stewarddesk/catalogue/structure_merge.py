"""Merging duplicate structures: « AMU » and « Aix-Marseille Université » become one actor.

Imports create a structure for every name they do not know, so one actor often ends up under several
spellings. `merge_structures` keeps one of them and folds the others into it, in one transaction:

- every offer of the others points to the kept structure (one journaled `structure` change per offer);
- every action naming one of them among its carriers names the kept one instead, once (an action that
  named both names the kept one a single time), journaled on its `carriers` field;
- the kept structure's empty fields are filled from the others, in the order they were given (a filled
  field is never overwritten; `MergeResult.filled` and `.not_taken` say which is which);
- the others are **archived**, not deleted, each with a journal row saying into which structure it was
  merged (op "archive", no field: `Catalogue.revert` and `check` skip it, the history can show it).

Why archive rather than delete: `Catalogue.revert` does not bring deleted entries back, and an undo must
restore the merged-away structures exactly (same id, same name, same fields, same journal). An archived
structure keeps all of that, and `revert` undoes the archiving like any other. Archived structures are
out of the Structures view (unless « show archived ») and out of `Catalogue.structure_names`, which the
provider and carrier editors offer; their name stays taken (the `name_key` is unique), so an import that
names « AMU » again finds the archived structure: `merged_into` tells where it went, for the import (or
`Catalogue.structure_id`) to follow.

Everything the merge writes is journaled, so `Catalogue.revert(journal.entries(conn, result.journal_ids))`
puts the catalogue back as it was (the entries' `updated` stamps aside: an undo is a write). Offers and
actions are found with SQL (the `offers_structure` index, `json_each` on carriers): merging a structure
used by thousands of offers costs a few statements, not a write per offer through the generic path.
Repointing does not move an offer's or an action's `updated` date: the actor did not change, only its
record was deduplicated (the same rule as renaming a structure, edits._rename_carrier).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from stewarddesk import vocab
from stewarddesk.catalogue import fulltext, journal, reads
from stewarddesk.catalogue.journal import Changes, JournalEntry, Stamp
from stewarddesk.errors import KnownError
from stewarddesk.fields import STRUCTURE_FIELDS, Kind
from stewarddesk.i18n import Msg

if TYPE_CHECKING:
    from stewarddesk.catalogue.catalogue import Catalogue

KEEP_AMONG_OTHERS = Msg(
    "structure_merge.keep_among_others",
    "La structure conservée (n° {id}) ne peut pas être aussi une structure à fusionner.",
    "The structure kept (#{id}) cannot also be one of the structures merged into it.",
)
NOTHING_TO_MERGE = Msg(
    "structure_merge.nothing_to_merge",
    "Choisissez au moins une autre structure à fusionner dans celle que vous conservez.",
    "Choose at least one other structure to merge into the one you keep.",
)
UNKNOWN_STRUCTURE = Msg(
    "structure_merge.unknown_structure",
    "Structure introuvable : n° {id}. Rien n'a été fusionné.",
    "No such structure: #{id}. Nothing was merged.",
)
KEEP_ARCHIVED = Msg(
    "structure_merge.keep_archived",
    "« {name} » est archivée : restaurez-la avant d'y fusionner d'autres structures.",
    "“{name}” is archived: restore it before merging other structures into it.",
)
MERGED_INTO = Msg(
    "structure_merge.merged_into",
    "Fusionnée dans « {name} » (n° {id})",
    "Merged into “{name}” (#{id})",
)

# The fields a merge may fill on the kept structure: all but the name, which is what identifies it.
FILLABLE: Final[tuple[str, ...]] = tuple(f.name for f in STRUCTURE_FIELDS if f.name != "name")


@dataclass(frozen=True)
class Fill:
    """One field of the kept structure and the value an other structure has for it."""

    field: str
    value: Any
    from_id: int
    from_name: str


@dataclass(frozen=True)
class MergePlan:
    """What a merge would do, read without writing (the dialog's preview; `merge_structures` follows it).

    `offers` and `actions`: the ids of the entries that name one of the others (to be repointed).
    `filled`: the empty fields of the kept structure and the value each gets. `not_taken`: the values of
    the others for fields the kept structure already has (they are dropped, not merged).
    """

    keep: int
    keep_name: str
    others: tuple[int, ...]
    other_names: tuple[str, ...]
    offers: tuple[int, ...]
    actions: tuple[int, ...]
    filled: tuple[Fill, ...]
    not_taken: tuple[Fill, ...]


@dataclass(frozen=True)
class MergeResult:
    """What a merge did. `changes` holds one `Changes` per kind it wrote (for the views);
    `journal_ids` every journal row it wrote, oldest first (what an undo reverts)."""

    plan: MergePlan
    changes: dict[Kind, Changes]
    journal_ids: tuple[int, ...] = field(repr=False)

    @property
    def offers_repointed(self) -> int:
        return len(self.plan.offers)

    @property
    def actions_repointed(self) -> int:
        return len(self.plan.actions)

    @property
    def filled(self) -> tuple[Fill, ...]:
        return self.plan.filled

    @property
    def not_taken(self) -> tuple[Fill, ...]:
        return self.plan.not_taken


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plan_merge(cat: Catalogue, keep: int, others: Sequence[int]) -> MergePlan:
    """What merging `others` into `keep` would do; nothing is written.

    Raises KnownError when `keep` is among `others`, when there is no other, when an id is not a
    structure, or when the kept structure is archived. Repeated ids in `others` count once.
    """
    wanted = tuple(dict.fromkeys(int(i) for i in others))
    if keep in wanted:
        raise KnownError(KEEP_AMONG_OTHERS(id=keep))
    if not wanted:
        raise KnownError(NOTHING_TO_MERGE())
    found: dict[int, dict[str, Any]] = {}
    for sid in (keep, *wanted):
        row = cat.conn.execute("SELECT * FROM structures WHERE id=?", (sid,))
        names = reads.column_names(row)
        values = row.fetchone()
        if values is None:
            raise KnownError(UNKNOWN_STRUCTURE(id=sid))
        found[sid] = dict(zip(names, values, strict=True))
    kept = found[keep]
    if kept["archived"]:
        raise KnownError(KEEP_ARCHIVED(name=kept["name"]))
    marks = ",".join("?" * len(wanted))
    offers = tuple(
        int(r[0])
        for r in cat.conn.execute(
            f"SELECT id FROM offers WHERE structure_id IN ({marks}) ORDER BY id", wanted
        )
    )
    other_names = tuple(str(found[i]["name"]) for i in wanted)
    actions = _actions_naming(cat, other_names)
    filled: list[Fill] = []
    not_taken: list[Fill] = []
    for name in FILLABLE:
        taken = not _empty(kept.get(name))
        for sid in wanted:
            value = found[sid].get(name)
            if _empty(value):
                continue
            fill = Fill(name, value, sid, str(found[sid]["name"]))
            if taken:
                if value != kept.get(name) and value not in (f.value for f in filled if f.field == name):
                    not_taken.append(fill)
            else:
                filled.append(fill)
                taken = True
    return MergePlan(
        keep,
        str(kept["name"]),
        wanted,
        other_names,
        offers,
        actions,
        tuple(filled),
        tuple(not_taken),
    )


def _actions_naming(cat: Catalogue, names: Sequence[str]) -> tuple[int, ...]:
    """The actions naming any of `names` among their carriers (stored with the catalogue's spelling,
    as `values.prepare` and the import write them)."""
    if not names:
        return ()
    marks = ",".join("?" * len(names))
    rows = cat.conn.execute(
        "SELECT id FROM actions WHERE EXISTS"
        f" (SELECT 1 FROM json_each(actions.carriers) WHERE value IN ({marks})) ORDER BY id",
        list(names),
    )
    return tuple(int(r[0]) for r in rows)


def merge_structures(
    cat: Catalogue, keep: int, others: Sequence[int], *, source: str = "manual"
) -> MergeResult:
    """Merge the structures `others` into `keep`, in one transaction, everything journaled (see the
    module's docstring for what happens to each kind of entry).

    Raises KnownError, with nothing written, for the refusals of `plan_merge`.
    """
    with cat.transaction():
        plan = plan_merge(cat, keep, others)
        first = int(cat.conn.execute("SELECT coalesce(max(id), 0) FROM journal").fetchone()[0])
        stamp = cat._stamp(source, None)
        structure_changes = Changes("structures")
        if plan.filled:
            # Through the API: checked, journaled and indexed like a hand edit (before the repointing,
            # so that the kept structure's re-indexing of its offers does not include the others').
            structure_changes = cat.update(
                "structures", keep, {f.field: f.value for f in plan.filled}, source=source
            )
        _repoint_offers(cat, plan, stamp)
        _repoint_carriers(cat, plan, stamp)
        for sid in plan.others:
            if cat.get("structures", sid)["archived"]:
                # Archived anew by the merge itself, so that its note follows its own archiving: an
                # undo then ends with an archiving of its own, and `merged_into` says "not merged".
                structure_changes = structure_changes | cat.restore("structures", [sid], source=source)
            structure_changes = structure_changes | cat.archive("structures", [sid], source=source)
            journal.record(
                cat.conn, stamp, "structures", sid, "archive", [(None, None, merge_note_value(plan))]
            )
        rows = cat.conn.execute(
            "SELECT id, entity FROM journal WHERE id > ? ORDER BY id", (first,)
        ).fetchall()
    journal_ids = tuple(int(r[0]) for r in rows)
    by_kind: dict[Kind, list[int]] = {}
    for jid, entity in rows:
        by_kind.setdefault(entity, []).append(int(jid))
    changes: dict[Kind, Changes] = {
        "structures": Changes(
            "structures",
            updated=tuple(dict.fromkeys((keep, *plan.others))),
            fields=structure_changes.fields | {"archived"},
            structures=True,
            journal_ids=tuple(by_kind.get("structures", ())),
        )
    }
    if plan.offers:
        changes["offers"] = Changes(
            "offers",
            updated=plan.offers,
            fields=frozenset({"structure"}),
            journal_ids=tuple(by_kind.get("offers", ())),
        )
    if plan.actions:
        changes["actions"] = Changes(
            "actions",
            updated=plan.actions,
            fields=frozenset({"carriers"}),
            journal_ids=tuple(by_kind.get("actions", ())),
        )
    return MergeResult(plan, changes, journal_ids)


def merge_note_value(plan: MergePlan) -> dict[str, Any]:
    """The journaled reason of a merged-away structure's archiving."""
    return {"merged_into": plan.keep, "name": plan.keep_name}


def _repoint_offers(cat: Catalogue, plan: MergePlan, stamp: Stamp) -> None:
    """Every offer of the others to the kept structure: journal rows, index and offers, a statement per
    other structure whatever the number of offers."""
    new = journal.dump(plan.keep_name)
    for sid, name in zip(plan.others, plan.other_names, strict=True):
        cat.conn.execute(
            "INSERT INTO journal(at, who, source, batch_id, entity, entity_id, op, field, old, new)"
            " SELECT ?, ?, ?, ?, 'offers', id, 'update', 'structure', ?, ? FROM offers"
            " WHERE structure_id=? ORDER BY id",
            (stamp.at, stamp.who, stamp.source, stamp.batch_id, journal.dump(name), new, sid),
        )
        # The index holds each offer's structure name (fulltext.py): only that column moves.
        cat.conn.execute(
            "UPDATE offers_fts SET structure=? WHERE rowid IN (SELECT id FROM offers WHERE structure_id=?)",
            (plan.keep_name, sid),
        )
        cat.conn.execute("UPDATE offers SET structure_id=? WHERE structure_id=?", (plan.keep, sid))


def _repoint_carriers(cat: Catalogue, plan: MergePlan, stamp: Stamp) -> None:
    """The others' names among the actions' carriers become the kept name, once.

    Like edits._rename_carrier (same lookup, same journal row per action), but that one maps one name
    to another and would leave « AMU; Aix-Marseille Université » naming the kept structure twice.
    """
    gone = set(plan.other_names)
    for action_id in plan.actions:
        (text,) = cat.conn.execute("SELECT carriers FROM actions WHERE id=?", (action_id,)).fetchone()
        before = reads.json_list(text)
        after = list(dict.fromkeys(plan.keep_name if c in gone else c for c in before))
        cat.conn.execute(
            "UPDATE actions SET carriers=? WHERE id=?", (json.dumps(after, ensure_ascii=False), action_id)
        )
        journal.record(cat.conn, stamp, "actions", action_id, "update", [("carriers", before, after)])
        fulltext.index(cat.conn, "actions", action_id)


def merged_into(cat: Catalogue, structure_id: int) -> int | None:
    """The structure an archived structure was merged into (following merges of merges), or None when
    it was not merged, or was restored since (an undone merge)."""
    seen: set[int] = set()
    current = structure_id
    while current not in seen:
        seen.add(current)
        row = cat.conn.execute("SELECT archived FROM structures WHERE id=?", (current,)).fetchone()
        if row is None or not row[0]:
            return None if current == structure_id else current
        # The latest archiving or merge note: a structure restored and archived again by hand since
        # its merge was undone is no longer merged (its latest row is then the `archived` change).
        note = cat.conn.execute(
            "SELECT new FROM journal WHERE entity='structures' AND entity_id=?"
            " AND (field='archived' OR (op='archive' AND field IS NULL)) ORDER BY id DESC LIMIT 1",
            (current,),
        ).fetchone()
        target = journal.load(note[0]) if note else None
        if not isinstance(target, dict) or not isinstance(target.get("merged_into"), int):
            return None if current == structure_id else current
        current = int(target["merged_into"])
    return None


def merge_note(item: JournalEntry) -> str | None:
    """The history's line for a merge's journal row (« Fusionnée dans « X » »), None for any other row."""
    if item.entity != "structures" or item.op != "archive" or item.field is not None:
        return None
    if not isinstance(item.new, dict) or "merged_into" not in item.new:
        return None
    return MERGED_INTO(name=item.new.get("name", ""), id=item.new["merged_into"])


def usage_counts(cat: Catalogue, ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """How many offers (provider) and actions (carrier) name each structure of `ids`: (offers, actions).
    Unknown ids are left out."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    names = {
        int(sid): str(name)
        for sid, name in cat.conn.execute(f"SELECT id, name FROM structures WHERE id IN ({marks})", wanted)
    }
    offers = dict(
        cat.conn.execute(
            f"SELECT structure_id, count(*) FROM offers WHERE structure_id IN ({marks}) GROUP BY structure_id",
            wanted,
        ).fetchall()
    )
    by_name: dict[str, int] = {}
    if names:
        name_marks = ",".join("?" * len(names))
        by_name = dict(
            cat.conn.execute(
                "SELECT j.value, count(DISTINCT actions.id) FROM actions, json_each(actions.carriers) j"
                f" WHERE j.value IN ({name_marks}) GROUP BY j.value",
                list(names.values()),
            ).fetchall()
        )
    return {sid: (int(offers.get(sid, 0)), int(by_name.get(name, 0))) for sid, name in names.items()}


# ------------------------------------------------------------------------------------- likely duplicates
# Words that say a structure's legal form, not which actor it is (« Marseille Innovation SAS »).
_LEGAL_FORMS: Final = frozenset(
    {
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "scop",
        "scic",
        "gie",
        "association",
        "asso",
        "ste",
        "societe",
    }
)
# Words left out of an acronym (« Aix-Marseille Université » is « AMU », « Région Sud » is not « RDS »).
_SMALL_WORDS: Final = frozenset(
    {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux"}
)
_NEAR: Final = 0.9  # difflib ratio of two keys above which they are a likely misspelling of each other


def _words(name: str) -> list[str]:
    folded = vocab.fold(name)
    plain = "".join(c if c.isalnum() else " " for c in folded)
    return [w for w in plain.split() if w not in _LEGAL_FORMS]


def _acronym(words: Sequence[str]) -> str:
    letters = [w[0] for w in words if w not in _SMALL_WORDS]
    return "".join(letters) if len(letters) >= 2 else ""


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    """`shorter` appears as consecutive whole words inside `longer`."""
    n = len(shorter)
    return 0 < n < len(longer) and any(
        list(longer[i : i + n]) == list(shorter) for i in range(len(longer) - n + 1)
    )


def suggest_duplicates(cat: Catalogue) -> list[list[int]]:
    """Groups of structures (not archived) whose names probably name the same actor, for a « Doublons
    probables » hint; each group sorted by id, groups by their first id. Nothing is merged.

    Two names are near when, folded (accents, case, punctuation) and without legal forms (« SAS »,
    « SA », « association »…): they are equal, one is the other's words in a row (« Marseille Innovation »
    in « Marseille Innovation Château-Gombert »), one is the other's acronym (« AMU »), or they differ by a
    typo (difflib ratio >= 0.9). Only names sharing a word, a first three letters or an acronym are
    compared, so a catalogue of thousands of structures is not compared pair by pair.
    """
    rows = cat.conn.execute("SELECT id, name FROM structures WHERE archived=0 ORDER BY id").fetchall()
    words = {int(sid): _words(str(name)) for sid, name in rows}
    keys = {sid: " ".join(w) for sid, w in words.items()}
    buckets: dict[str, list[int]] = {}
    for sid, ws in words.items():
        key = keys[sid]
        if not key:
            continue
        tags = {f"w:{w}" for w in ws if len(w) >= 3} | {
            f"p:{key[:3]}",
            f"a:{_acronym(ws)}" if _acronym(ws) else "",
        }
        if len(ws) == 1:
            tags.add(f"a:{ws[0]}")  # a one-word name may be someone's acronym
        for tag in tags - {""}:
            buckets.setdefault(tag, []).append(sid)
    parent = {sid: sid for sid in words}

    def root(sid: int) -> int:
        while parent[sid] != sid:
            parent[sid] = parent[parent[sid]]
            sid = parent[sid]
        return sid

    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > 200:  # a word every other name has (« technopole »): no signal, only cost
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if _near(words[a], words[b], keys[a], keys[b]):
                    parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for sid in words:
        groups.setdefault(root(sid), []).append(sid)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _near(wa: Sequence[str], wb: Sequence[str], ka: str, kb: str) -> bool:
    if ka == kb:
        return True
    if _contains(wa, wb) or _contains(wb, wa):
        return True
    if (len(wa) == 1 and wa[0] == _acronym(wb)) or (len(wb) == 1 and wb[0] == _acronym(wa)):
        return True
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= _NEAR
