"""What the import wizard asks of the engine, as plain functions: no widgets here.

Each `*_work` function returns the `work(catalogue, progress, cancel)` the window's runner runs on its own
thread (gui/worker.py); `analyse_header` is quick and runs on the GUI thread. Everything goes through the
engine's public functions (importing/api.py, read.py, header.py, profiles.py): the wizard decides the sheet,
the header row, the mapping and the value map, and `prepare_import` / `apply_plan` do the rest exactly as
for the command line.

A 50,000-row plan is a few million small objects. Two things about them would stall the window while a
worker thread holds the interpreter lock, so they are handled here:
- the engine pauses the cyclic collector while it plans and applies; when it turns it back on, the first
  collection walks every object made meanwhile in one go (half a second). `calm_gc` freezes those objects
  instead (`gc.freeze`), and `release_work` lets them go again when the wizard is done with the plan;
- freeing a big plan at once is one long deallocation: `release_work` drops it in slices, on the worker.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Final

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, Changes
from stewarddesk.fields import FIELDS, KINDS, EntryKind
from stewarddesk.gui.worker import Work
from stewarddesk.importing.api import (
    ApplyResult,
    ImportPlan,
    ProfileMatch,
    UndoOutcome,
    apply_plan,
    find_profile_for,
    prepare_import,
    undo_import,
    write_rejects,
)
from stewarddesk.importing.cells import clean_text
from stewarddesk.importing.gcpause import gc_paused
from stewarddesk.importing.header import HeaderError, HeaderMatch, find_header
from stewarddesk.importing.kind_check import other_kind
from stewarddesk.importing.read import RawRow, SheetInfo, choose_sheet, open_workbook
from stewarddesk.importing.synonyms import ALERTS_FIELD, ID_FIELD, field_for_header
from stewarddesk.progress import CancelToken, Progress

PREVIEW_ROWS: Final = 40  # rows shown on the first page: banners, the header and the first data rows
_RELEASE_SLICE: Final = 2000


@contextlib.contextmanager
def calm_gc() -> Iterator[None]:
    """Run engine work with the cyclic collector paused, and freeze what it leaves alive on the way out,
    so that turning the collector back on does not walk millions of fresh objects at once (see the module
    docstring). `release_work` undoes the freeze."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class SheetPreview:
    """The first rows of one sheet of the file, and the header row found among them (None: none)."""

    path: Path
    sheets: tuple[SheetInfo, ...]
    sheet: str
    rows: tuple[RawRow, ...]
    header_row: int | None

    def row(self, number: int) -> RawRow | None:
        return next((r for r in self.rows if r.number == number), None)

    def data_after(self, number: int) -> list[RawRow]:
        """The preview rows below the header row `number`."""
        return [r for r in self.rows if r.number > number]


def detect_header(rows: list[RawRow]) -> HeaderMatch | None:
    """The header row among `rows` as the engine would find it, whatever the kind (None: no header)."""
    found: list[HeaderMatch] = []
    for kind in KINDS:
        try:
            found.append(find_header(rows, kind))
        except HeaderError:
            continue
    if not found:
        return None
    return max(found, key=lambda m: (int(m.has_title), m.score, -m.index))


def preview_work(path: Path, sheet: str | None) -> Work[SheetPreview]:
    """Open `path` (the safety checks run first: a damaged file is a KnownError with one clear line) and
    read the first rows of `sheet` (None: the sheet the engine would choose)."""

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> SheetPreview:
        with open_workbook(path) as wb:
            name = choose_sheet(wb, sheet)
            rows = list(islice(wb.rows(name, progress, cancel), PREVIEW_ROWS))
            sheets = tuple(wb.sheets)
        match = detect_header(rows)
        return SheetPreview(path, sheets, name, tuple(rows), match.row if match else None)

    return work


@dataclass
class HeaderAnalysis:
    """What the wizard proposes for one header row.

    `suggested`: column -> field name ('' : not imported), for every non-empty header cell. `recognised`:
    the columns whose header the synonyms or the profile know (a column the profile leaves out included). `kind_sure`: the kind was told by the
    columns or a profile (False: the header fits both kinds, or neither, and the user should say).
    `renamed_from`: the columns the profile's drift calls a rename of one of its own (« Mail contact » →
    « Adresse électronique du contact »), suggested with the old column's field but not `recognised`: the
    page keeps them highlighted for the user to confirm (the command line maps nothing by guess).
    """

    row: int
    kind: EntryKind
    kind_sure: bool
    headers: dict[int, str]
    suggested: dict[int, str]
    recognised: set[int] = field(default_factory=set)
    profile: ProfileMatch | None = None
    renamed_from: dict[int, str] = field(default_factory=dict)  # column -> the profile's old heading

    def headers_by_position(self) -> list[str | None]:
        return [self.headers.get(i) for i in range(max([*self.headers, -1]) + 1)]


def _guess_kind(row: RawRow) -> EntryKind | None:
    try:
        return find_header([row], None, 0).kind
    except HeaderError:
        return None


def analyse_header(cat: Catalogue, row: RawRow, kind: EntryKind | None) -> HeaderAnalysis:
    """Map the cells of `row` to fields of `kind` (None: told from the header, or a saved profile): the
    partner profile recognised from these headers first (the command line's precedence), then the
    synonyms. Reads only the profiles table: quick enough for the GUI thread."""
    headers = {c: t for c, v in enumerate(row.values) if c not in row.merged and (t := clean_text(v))}
    by_position = [headers.get(i) for i in range(max([*headers, -1]) + 1)]
    guessed = kind or _guess_kind(row)
    # A kind chosen by the user is unsure too when the columns are clearly the other kind's (the core's rule).
    sure = guessed is not None and (kind is None or other_kind(headers.values(), kind) is None)
    chosen: EntryKind = guessed or "offers"
    match = find_profile_for(cat, by_position, kind, field_of=lambda text: field_for_header(chosen, text))
    if match is not None and kind is None:
        sure = True
        if match.profile.kind != chosen:  # the profile knows better than the header's words
            chosen = match.profile.kind
            match = find_profile_for(
                cat, by_position, chosen, field_of=lambda text: field_for_header(chosen, text)
            )
    extra = {t: n for t, n in match.profile.columns.items() if n} if match else None
    try:
        found = find_header([row], chosen, 0, extra=extra)
        columns = dict(found.columns)
    except HeaderError:
        columns = {}
    left_out: set[int] = set()  # the profile says: this column is not imported (a choice, not a stranger)
    if match is not None:
        for col, text in headers.items():
            known, target = match.profile.field_for(text)
            if known and target is None:
                columns.pop(col, None)
                left_out.add(col)
    columns = {c: n for c, n in columns.items() if n != ALERTS_FIELD}
    renamed = _renamed_columns(match, headers, columns) if match is not None else {}
    suggested = {c: columns.get(c) or renamed.get(c, ("", ""))[1] for c in headers}
    renamed_from = {c: old for c, (old, _name) in renamed.items()}
    recognised = set(columns) | left_out
    return HeaderAnalysis(row.number, chosen, sure, headers, suggested, recognised, match, renamed_from)


def _renamed_columns(
    match: ProfileMatch, headers: Mapping[int, str], columns: Mapping[int, str]
) -> dict[int, tuple[str, str]]:
    """column -> (the profile's old heading, its field) for each rename the drift found, when the new
    column is not mapped otherwise and no other column feeds that field."""
    used = set(columns.values())
    by_key = {vocab.fold(text): c for c, text in headers.items()}
    found: dict[int, tuple[str, str]] = {}
    for old, new in match.drift.renamed:
        col = by_key.get(vocab.fold(new))
        _known, name = match.profile.field_for(old)
        if col is None or col in columns or not name or name in used or name == ALERTS_FIELD:
            continue
        found[col] = (old, name)
        used.add(name)
    return found


def field_choices(kind: EntryKind) -> list[str]:
    """The fields a column can feed, in the form's order, and the catalogue's own ID."""
    return [f.name for f in FIELDS[kind]] + [ID_FIELD]


@dataclass(frozen=True)
class PlanRequest:
    """Everything the wizard decided; `prepare_import` gets it as explicit choices."""

    path: Path
    sheet: str
    kind: EntryKind
    header_row: int
    mapping: Mapping[int, str]
    profile: str | None
    value_map: Mapping[str, Mapping[str, str]]
    as_of: dt.date


@dataclass(frozen=True)
class PlanAnswer:
    """A plan and what the wizard reads of it at once, computed on the worker (50,000 rows take a while
    to count): the unknown vocabulary values (vocab -> text -> sheet rows, one text per value whatever
    its spelling) with their other spellings ((vocab, text) -> the others), the counts, and the rejected
    rows' reasons (10,000 sentences are worth making off the GUI thread)."""

    plan: ImportPlan
    unknown: dict[str, dict[str, list[int]]]
    counts: dict[str, int]
    warned_rows: int
    spellings: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)  # each rejected row's reason, for the summary


def one_per_value(
    unknown: Mapping[str, Mapping[str, list[int]]],
) -> tuple[dict[str, dict[str, list[int]]], dict[tuple[str, str], list[str]]]:
    """The unknown values with « Juridique », « juridique » and « JURIDIQUE » as one: the engine compares a
    value map's texts through `vocab.fold`, so one choice settles every spelling, and asking once per
    spelling would let two answers contradict each other. Returns vocab -> first spelling -> every row
    (in order), and (vocab, first spelling) -> the other spellings."""
    merged: dict[str, dict[str, list[int]]] = {}
    spellings: dict[tuple[str, str], list[str]] = {}
    for key, values in unknown.items():
        first_of: dict[str, str] = {}
        out = merged.setdefault(key, {})
        for text, rows in values.items():
            first = first_of.setdefault(vocab.fold(text), text)
            out.setdefault(first, []).extend(rows)
            if first != text:
                spellings.setdefault((key, first), []).append(text)
        for first, rows in out.items():
            out[first] = sorted(set(rows))
    return merged, spellings


def plan_work(request: PlanRequest) -> Work[PlanAnswer]:
    """Compute the plan (writes nothing). Raises KnownError when the sheet cannot be imported as asked."""

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> PlanAnswer:
        with calm_gc():
            plan = prepare_import(
                cat,
                request.path,
                kind=request.kind,
                sheet=request.sheet,
                profile=request.profile,
                header_row=request.header_row,
                mapping=dict(request.mapping),
                value_map={k: dict(v) for k, v in request.value_map.items()},
                as_of=request.as_of,
                progress=progress,
                cancel=cancel,
            )
            warned = sum(1 for r in plan.rows if r.warnings and r.action != "reject")
            unknown, spellings = one_per_value(plan.unknown_values())
            rejected = [r.reason for r in plan.rows if r.action == "reject"]
            return PlanAnswer(plan, unknown, plan.counts, warned, spellings, rejected)

    return work


def apply_work(plan: ImportPlan, skip_rows: frozenset[int], save_profile: bool) -> Work[ApplyResult]:
    """Write `plan` without `skip_rows` (backup first, one transaction, cancellable: nothing written).
    `save_profile`: store the plan's mapping and value map under its profile name, in the same transaction
    (a new name is saved anyway: the plan asks for it)."""

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> ApplyResult:
        target = plan
        if save_profile and plan.profile and not plan.save_profile:
            from dataclasses import replace

            target = replace(plan, save_profile=True)
        with calm_gc():
            return apply_plan(cat, target, skip_rows=skip_rows, progress=progress, cancel=cancel)

    return work


def undo_work(batch_id: int) -> Work[UndoOutcome]:
    """Undo a whole batch, or a KnownError saying why not (edited since, already undone)."""

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> UndoOutcome:
        # A 50,000-row batch's journal and entries: collected as they go, not by a full collection
        # holding the interpreter lock (and the window) meanwhile.
        with gc_paused():
            return undo_import(cat, batch_id)

    return work


def rejects_work(plan: ImportPlan, out: Path) -> Work[int]:
    """Write the rejected rows back into a copy of the partner's sheet (.xlsx): how many were written."""

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> int:
        return write_rejects(plan, plan.file, out)

    return work


def release_work(plan: ImportPlan | None) -> Work[None]:
    """Let a plan go in slices on the worker, then unfreeze what `calm_gc` froze (see the docstring)."""
    holder = [plan]

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> None:
        dropped = holder.pop()
        if dropped is not None:
            rows = dropped.rows
            while rows:
                del rows[-_RELEASE_SLICE:]
            del dropped, rows
        gc.unfreeze()

    return work


def import_changes(plan: ImportPlan, result: ApplyResult) -> Changes:
    """What an applied import changed, for the window's views."""
    return Changes(
        plan.kind,
        created=result.created_ids,
        updated=result.updated_ids,
        structures=bool(plan.new_structures),
    )


def undo_changes(outcome: UndoOutcome) -> Changes:
    return Changes(
        outcome.kind,
        updated=outcome.reverted,
        deleted=outcome.deleted,
        structures=bool(outcome.structures_deleted),
    )
