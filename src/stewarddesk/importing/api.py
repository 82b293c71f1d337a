"""The import engine's front: what the command line and the GUI wizard call.

    plan = prepare_import(cat, path, as_of=today)      # reads, maps, normalises, matches: writes nothing
    result = apply_plan(cat, plan)                      # backup, then one transaction, journaled as a batch
    undo_import(cat, result.batch_id)                   # all of it back, or a clear refusal

`import_file` does the first two (or only the first, `dry_run`) and builds the JSON report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.fields import EntryKind
from stewarddesk.importing.apply import apply_plan
from stewarddesk.importing.backup import list_backups, make_backup
from stewarddesk.importing.batches import BatchInfo, batch_report, list_batches
from stewarddesk.importing.model import (
    ApplyResult,
    ImportOutcome,
    ImportPlan,
    PlannedRow,
    RowProblem,
    UndoOutcome,
)
from stewarddesk.importing.outputs import (
    OTHER_CATALOGUE,
    OTHER_SOURCE,
    WHAT_REJECTS,
    OutputFailed,
    check_output,
    check_outputs,
    write_report,
)
from stewarddesk.importing.plan import prepare_import
from stewarddesk.importing.profiles import (
    Drift,
    Profile,
    ProfileMatch,
    delete_profile,
    find_profile_for,
    header_signature,
    list_profiles,
    load_profile,
    save_profile,
)
from stewarddesk.importing.rejects import write_rejects
from stewarddesk.importing.undo import undo_import
from stewarddesk.progress import CancelToken, Progress

__all__ = [
    "ApplyResult",
    "BatchInfo",
    "Drift",
    "ImportOutcome",
    "ImportPlan",
    "OutputFailed",
    "PlannedRow",
    "Profile",
    "ProfileMatch",
    "RowProblem",
    "UndoOutcome",
    "apply_plan",
    "batch_report",
    "check_outputs",
    "delete_profile",
    "find_profile_for",
    "header_signature",
    "import_file",
    "list_backups",
    "list_batches",
    "list_profiles",
    "load_profile",
    "make_backup",
    "prepare_import",
    "save_profile",
    "undo_import",
    "write_rejects",
    "write_report",
]


def import_file(
    cat: Catalogue,
    path: Path,
    *,
    kind: EntryKind | None = None,
    sheet: str | None = None,
    profile: str | None = None,
    dry_run: bool = False,
    as_of: dt.date,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    rejects_out: Path | None = None,
) -> ImportOutcome:
    """Prepare and (unless `dry_run`) apply the import of `path`; write the rejected rows to `rejects_out`
    (.xlsx) when asked and there are some (a dry run writes them too: they are what to send back).

    Raises KnownError for unusable input, with the catalogue untouched — `rejects_out` is checked before
    anything is read or written; `Cancelled` when cancelled (nothing written); `OutputFailed` when the
    import was applied but the rejected rows could not be written after all (the batch is in it)."""
    if rejects_out is not None:
        check_output(
            Path(rejects_out),
            WHAT_REJECTS,
            suffix=".xlsx",
            avoid=((Path(path), OTHER_SOURCE), (cat.path, OTHER_CATALOGUE)),
        )
    plan_progress = None
    if progress is not None and not dry_run:
        outer = progress

        def plan_progress(done: int, total: int) -> None:
            outer(done * 80 // max(total, 1), 100)

    plan = prepare_import(
        cat,
        Path(path),
        kind=kind,
        sheet=sheet,
        profile=profile,
        as_of=as_of,
        progress=plan_progress if not dry_run else progress,
        cancel=cancel,
    )
    result = None
    if not dry_run:
        apply_progress = None
        if progress is not None:
            outer2 = progress

            def apply_progress(done: int, total: int) -> None:
                outer2(80 + done * 20 // max(total, 1), 100)

        result = apply_plan(cat, plan, progress=apply_progress, cancel=cancel)
    report = plan.to_report(result.batch_id if result else None, dry_run=dry_run)
    outcome = ImportOutcome(plan, result, report)
    if rejects_out is None or not plan.counts["rejected"]:
        return outcome
    try:
        write_rejects(plan, Path(path), Path(rejects_out))
    except Exception as exc:
        if result is None or result.batch_id is None:
            raise  # a dry run, or nothing to change: the catalogue is untouched, the error says all
        # Applied: whatever went wrong, the user must learn that the catalogue changed, and how to undo.
        detail = str(exc) if isinstance(exc, KnownError) else type(exc).__name__
        raise OutputFailed(outcome, detail) from exc
    return replace(outcome, rejects_path=Path(rejects_out))
