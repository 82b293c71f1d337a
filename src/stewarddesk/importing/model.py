"""The values an import passes around: a plan (what would change, row by row) and the outcomes of applying
and undoing it.

A plan is computed without writing anything (`prepare_import`), shown to the user, then applied as it is
(`apply_plan`): what the user saw is what gets written. Row numbers are the sheet's own (1 = the first row,
as Excel and LibreOffice show them; for a CSV, the record number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Msg

Action = Literal["insert", "update", "unchanged", "reject"]
ACTIONS: tuple[Action, ...] = ("insert", "update", "unchanged", "reject")

ROW_PREFIX = Msg("import.row_prefix", "ligne {row} : {text}", "row {row}: {text}")
_KIND_NAMES = {
    "offers": Msg("import.kind.offers", "offres", "offers"),
    "actions": Msg("import.kind.actions", "actions", "actions"),
}


def kind_name(kind: str) -> str:
    """« offres » / « actions » in the current language (the code itself for anything else)."""
    msg = _KIND_NAMES.get(kind)
    return msg() if msg else kind


def on_row(row: int, text: str) -> str:
    """« ligne 14 : <text> »: how every row-level message reads in reports and warnings."""
    return ROW_PREFIX(row=row, text=text)


@dataclass
class RowProblem:
    """Why a row cannot be imported. `reason` is the bare sentence (current language), without the row
    number: `PlannedRow.reason` and the report prefix it. `column` is the sheet's header text of the
    offending cell (None when the row as a whole is the problem), so the rejects workbook can mark it."""

    row: int
    reason: str
    column: str | None = None
    field: str | None = None  # the field of the offending cell
    vocab: str | None = None  # for an unknown vocabulary value: its vocabulary (`vocab.VOCABULARIES` key)
    value: str | None = None  # and the text the partner wrote, so a value map can be offered for it

    @property
    def text(self) -> str:
        return on_row(self.row, self.reason)


@dataclass(frozen=True)
class AmbiguousDate:
    """A date cell that reads both ways (« 05/03/2024 ») and that its column did not settle: `column`
    (the sheet's header), `raw` (the text), `read_as` (ISO, day first: what is stored), `could_be` (ISO,
    month first), and `text`, the row's warning saying so (also in the row's `warnings`)."""

    column: str
    raw: str
    read_as: str
    could_be: str | None
    text: str


@dataclass
class AmbiguousDates:
    """One ambiguous date text of one column and every row where it stands: what the report says once,
    instead of once a row (a 40,000-row sheet dated « 12/07/2024 » throughout)."""

    first: AmbiguousDate
    rows: list[int] = field(default_factory=list)


@dataclass
class PlannedRow:
    """What will happen to one data row of the sheet.

    `values`: the row's fields as the catalogue stores them (fields.py names; codes, ISO dates, lists),
    only for the columns the sheet has. `changes` (updates only): field -> (catalogue value, new value).
    `conflicts`: field -> (value exported, value in the catalogue now, value in the sheet), left as the
    catalogue has it: in a review workbook, changed on both sides since the export; elsewhere, a change from
    a row whose « Revue le » is older than the entry's (value exported None: there was no export).
    `warnings` are bare sentences, like `RowProblem.reason`; among them, the row's `ambiguous` dates'
    texts and its `near_duplicate` warning, which reports group or count (a big sheet repeats them).
    """

    row: int
    action: Action
    entry_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)
    ambiguous: tuple[AmbiguousDate, ...] = ()
    near_duplicate: str | None = None

    @property
    def bare_reason(self) -> str:
        """All the row's problems as one line, without the row number: for places that give the row
        beside it (the JSON report's `row`, the rejects workbook's « Ligne d'origine » column)."""
        return " — ".join(p.reason for p in self.problems)

    @property
    def reason(self) -> str:
        """All the row's problems as one line: « ligne 14 : statut « xyz » inconnu … — date impossible … »."""
        return on_row(self.row, self.bare_reason)


@dataclass
class ImportPlan:
    """Everything `apply_plan` needs, and everything the user needs to decide.

    `mapping`: 0-based column index -> field name (fields.py), for the columns that feed a field.
    `headers`: the header row's texts, by column index (for the report, profiles and the rejects copy).
    `value_map`: vocab -> {raw text -> code} used on top of the vocabularies (a profile's, or the wizard's).
    `warnings`: file-level sentences (drift, unknown columns, new structures, skipped section lines…).
    `save_profile`: apply_plan stores this plan's mapping under `profile` (a profile named but not known yet).
    `profile_recognised`: `profile` was recognised from the header (not named by the user).
    `baseline`: True when the sheet is a review workbook carrying its `_export` values (conflict detection).
    `new_structures`: structure names the apply will create (also reported in `warnings`, the first
    `plan.MAX_LISTED_STRUCTURES` by name); `new_structure_rows`: name -> the sheet rows that name it.
    `ambiguous_dates`: the ambiguous date texts, by column and text, with their rows (each also reported
    once in `warnings`).
    """

    kind: EntryKind
    file: Path
    sha256: str
    sheet: str | None
    header_row: int
    mapping: dict[int, str]
    profile: str | None
    rows: list[PlannedRow]
    warnings: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)
    save_profile: bool = False
    profile_recognised: bool = False
    baseline: bool = False
    new_structures: list[str] = field(default_factory=list)
    new_structure_rows: dict[str, list[int]] = field(default_factory=dict)
    is_csv: bool = False
    ambiguous_dates: list[AmbiguousDates] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many rows of each action: keys `inserted`, `updated`, `unchanged`, `rejected`, `conflicts`
        (rows with at least one conflict; such a row is also counted under its action)."""
        counts = dict.fromkeys(("inserted", "updated", "unchanged", "rejected"), 0)
        names = {"insert": "inserted", "update": "updated", "unchanged": "unchanged", "reject": "rejected"}
        conflicts = 0
        for row in self.rows:
            counts[names[row.action]] += 1
            conflicts += bool(row.conflicts)
        counts["conflicts"] = conflicts
        return counts

    def to_report(self, batch_id: int | None, *, dry_run: bool = False) -> dict[str, Any]:
        """DESIGN.md's JSON report (see `report.build_report`)."""
        from stewarddesk.importing.report import build_report

        report: dict[str, Any] = build_report(self, batch_id, dry_run=dry_run)
        return report

    def unknown_values(self) -> dict[str, dict[str, list[int]]]:
        """vocab -> {unknown text -> sheet rows}: what a value map (a profile's, the wizard's) could fix."""
        found: dict[str, dict[str, list[int]]] = {}
        for row in self.rows:
            for p in row.problems:
                if p.vocab is not None and p.value is not None:
                    found.setdefault(p.vocab, {}).setdefault(p.value, []).append(row.row)
        return found

    def profile_columns(self) -> dict[str, str | None]:
        """header text -> field (None: column ignored): this plan's mapping as a profile stores it."""
        columns: dict[str, str | None] = {}
        for col, header in enumerate(self.headers):
            if header.strip():
                columns.setdefault(header, self.mapping.get(col))
        return columns

    def without(self, skip_rows: set[int] | frozenset[int]) -> ImportPlan:
        """The same plan without the rows `skip_rows` (sheet row numbers), e.g. unticked in the wizard."""
        if not skip_rows:
            return self
        from dataclasses import replace

        return replace(self, rows=[r for r in self.rows if r.row not in skip_rows])


@dataclass(frozen=True)
class ApplyResult:
    """What `apply_plan` wrote: the batch it recorded (None: the plan changed nothing, and nothing was
    written), its counts, and the backup taken before (None when backups are off or nothing was written)."""

    batch_id: int | None
    counts: dict[str, int]
    backup_path: Path | None
    created_ids: tuple[int, ...] = ()
    updated_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImportOutcome:
    """`import_file`'s answer: the plan, what was written (None for a dry run), the JSON report, and where
    the rejected rows were written (None: not asked, or none rejected)."""

    plan: ImportPlan
    result: ApplyResult | None
    report: dict[str, Any]
    rejects_path: Path | None = None

    def summary_lines(self) -> list[str]:
        """The lines the command line prints (see `report.summary_lines`)."""
        from stewarddesk.importing.report import REJECTS_WRITTEN, summary_lines

        batch_id = self.result.batch_id if self.result else None
        lines = summary_lines(self.plan, batch_id, dry_run=self.result is None)
        if self.rejects_path is not None:
            lines.append(REJECTS_WRITTEN(path=self.rejects_path))
        return lines


@dataclass(frozen=True)
class UndoOutcome:
    """What `undo_import` restored: entries deleted (the batch's insertions), entries reverted (its updates),
    structures it had created and removed again, and those kept because other entries use them now."""

    batch_id: int
    kind: EntryKind
    deleted: tuple[int, ...]
    reverted: tuple[int, ...]
    structures_deleted: tuple[int, ...] = ()
    structures_kept: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line: how many entries were deleted and restored (and structures, if any)."""
        from stewarddesk.importing.undo import summary

        return summary(self)
