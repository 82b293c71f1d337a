"""The export entry point the CLI and the window call: which entries, which file, written atomically.

`export_entries` picks the format from the file's suffix (.xlsx: the formatted workbook, or a partner's
review workbook; .csv: French Excel's CSV, of a partner's entries too), selects the entries with the shared `Query`, streams them page
by page, and writes to a temporary file beside the target that replaces it only once complete: a failed or
cancelled export leaves the previous file (or none), never half a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from xlsxwriter.exceptions import FileCreateError

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.errors import KnownError, os_reason
from stewarddesk.exporting.csv_export import ENCODING, write_csv
from stewarddesk.exporting.filters import describe_query, effective_query, partner_query
from stewarddesk.exporting.review import write_review
from stewarddesk.exporting.source import Selection
from stewarddesk.exporting.stream import WorkbookRows
from stewarddesk.exporting.xlsx_export import HEADER_ROW, write_formatted
from stewarddesk.exporting.xlsx_style import MAX_ROWS
from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Msg
from stewarddesk.progress import CancelToken, Progress

ExportFormat = Literal["xlsx", "csv"]
FORMATS: Final[dict[str, ExportFormat]] = {".xlsx": "xlsx", ".csv": "csv"}

UNSUPPORTED_FORMAT = Msg(
    "exporting.unsupported_format",
    "« {name} » : format d'export non pris en charge ; choisissez un fichier .xlsx ou .csv.",
    "“{name}”: unsupported export format; choose an .xlsx or .csv file.",
)
OUT_IS_FOLDER = Msg(
    "exporting.out_is_folder",
    "« {path} » est un dossier : donnez le nom du fichier à écrire (par exemple {example}).",
    "“{path}” is a folder: give the name of the file to write (for example {example}).",
)
NO_FOLDER = Msg(
    "exporting.no_folder",
    "Le dossier « {folder} » n'existe pas : choisissez un autre emplacement pour l'export.",
    "The folder “{folder}” does not exist: choose another place for the export.",
)
NOT_A_FOLDER = Msg(
    "exporting.not_a_folder",
    "« {folder} » n'est pas un dossier : choisissez un autre emplacement pour l'export.",
    "“{folder}” is not a folder: choose another place for the export.",
)
FOLDER_NOT_WRITABLE = Msg(
    "exporting.folder_not_writable",
    "Impossible d'écrire dans le dossier « {folder} » ({reason}) : choisissez un autre emplacement pour "
    "l'export.",
    "Cannot write in the folder “{folder}” ({reason}): choose another place for the export.",
)
CANNOT_WRITE = Msg(
    "exporting.cannot_write",
    "Impossible d'écrire « {name} » : {detail}.",
    "Cannot write “{name}”: {detail}.",
)
CANNOT_REPLACE = Msg(
    "exporting.cannot_replace",
    "Impossible de remplacer « {name} » ({detail}) : si le fichier est ouvert dans un tableur, fermez-le et "
    "recommencez.",
    "Cannot replace “{name}” ({detail}): if the file is open in a spreadsheet, close it and try again.",
)
TOO_MANY_ROWS = Msg(
    "exporting.too_many_rows",
    "{count} entrées dépassent la taille d'une feuille Excel : exportez en .csv ou filtrez.",
    "{count} entries exceed the size of an Excel sheet: export as .csv or filter.",
)


_LOCKED: Final = (errno.EACCES, errno.EPERM, errno.EBUSY)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: where, how many entries, of which kind, in which format (and for whom)."""

    path: Path
    count: int
    kind: EntryKind
    format: ExportFormat
    partner: str | None = None
    archived: int = 0  # how many of the `count` entries are archived (0 unless the query includes them)


def export_format(out: Path) -> ExportFormat:
    """The format `out`'s suffix names (case ignored); KnownError for any other suffix."""
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise KnownError(UNSUPPORTED_FORMAT(name=out.name))
    return fmt


def export_entries(
    cat: Catalogue,
    kind: EntryKind,
    out: Path,
    *,
    query: Query | None = None,
    partner: str | None = None,
    only_flagged: bool = False,
    as_of: dt.date,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Export the entries `query` selects (all live entries by default) to `out`.

    - `.csv`: DESIGN.md's CSV (UTF-8 with BOM, «;», ISO dates, no title).
    - `.xlsx` without `partner`: the formatted workbook (title, key, summary, actions grouped by
      orientation under heading rows).
    - `.xlsx` with `partner` (a structure's name, spelling-insensitive): its review workbook, holding the
      offers it provides or the actions it carries, within `query` if one is given.
    - `.csv` with `partner`: those same entries as an ordinary CSV export (a CSV has no drop-down lists nor
      hidden sheet: the review workbook's features are .xlsx only).
    `only_flagged` keeps the entries flagged stale, overdue or incomplete as of `as_of` (unless `query`
    already names flags). Flags and `Alertes` are computed as of `as_of`.

    Raises KnownError (one clear line) for an unsupported suffix, an unknown
    partner (naming close names), a missing or unwritable folder, too many rows for a sheet; `Cancelled`
    when `cancel` is set. In every failure the target file is left as it was.
    """
    out = Path(out)
    _check_target(out)
    fmt = export_format(out)
    partner_name: str | None = None
    base: Query | None = query
    if partner is not None:
        pq = partner_query(cat, kind, partner)
        (partner_name,) = next(iter(pq.filters.values()))
        base = query.with_(filters={**query.filters, **pq.filters}) if query is not None else pq
    selected = effective_query(kind, base, only_flagged=only_flagged, as_of=as_of)
    with _snapshot(cat):
        count = _write(cat, kind, out, fmt, selected, partner_name, as_of, progress, cancel)
        archived = _archived_among(cat, kind, selected, count)
    return ExportResult(out, count, kind, fmt, partner_name, archived)


def _check_target(out: Path) -> None:
    """KnownError saying what is wrong with where `out` would go: a folder named instead of a file, a
    folder missing, or a file where a folder should be (the format and the rights are checked later)."""
    if out.is_dir():
        raise KnownError(OUT_IS_FOLDER(path=out, example=out / "export.xlsx"))
    folder = out.parent
    if not folder.is_dir():
        raise KnownError((NOT_A_FOLDER if folder.exists() else NO_FOLDER)(folder=folder))


def _archived_among(cat: Catalogue, kind: EntryKind, query: Query, count: int) -> int:
    """How many of the `count` entries `query` selected are archived."""
    if query.only_archived:
        return count
    return cat.count(kind, query.with_(only_archived=True)) if query.include_archived else 0


def _write(
    cat: Catalogue,
    kind: EntryKind,
    out: Path,
    fmt: ExportFormat,
    query: Query,
    partner_name: str | None,
    as_of: dt.date,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> int:
    selection = Selection(cat, kind, query, as_of)
    if fmt == "xlsx" and len(selection) > MAX_ROWS - HEADER_ROW - 1:
        raise KnownError(TOO_MANY_ROWS(count=len(selection)))
    catalogue_name = cat.path.stem
    with _atomic(out) as tmp:
        if fmt == "csv":
            with tmp.open("w", encoding=ENCODING, newline="") as stream:
                count = write_csv(stream, kind, selection.pages(progress=progress, cancel=cancel))
        elif partner_name is not None:
            count = write_review(
                tmp,
                cat,
                kind,
                selection.pages(progress=progress, cancel=cancel),
                partner=partner_name,
                catalogue_name=catalogue_name,
                as_of=as_of,
                total=len(selection),
            )
        else:
            # Actions by orientation, each group under its heading row.
            groups = selection.group_by("orientation") if kind == "actions" else None
            rows = WorkbookRows(selection)
            count = write_formatted(
                tmp,
                kind,
                rows.pages(progress=progress, cancel=cancel),
                index=rows.index,
                catalogue_name=catalogue_name,
                as_of=as_of,
                filter_text=describe_query(kind, selection.query),
                total=len(selection),
                orientations=groups,
            )
    return count


@contextlib.contextmanager
def _snapshot(cat: Catalogue) -> Iterator[None]:
    """One read transaction around the whole export: the ids, the counts in the titles and the rows
    all come from the same state of the catalogue, even if another window writes meanwhile (WAL lets
    it write; we keep reading the snapshot). Nested in a caller's transaction, that one is used."""
    if cat.conn.in_transaction:
        yield
        return
    cat.conn.execute("BEGIN")
    try:
        yield
    finally:
        cat.conn.execute("ROLLBACK")  # nothing was written: ending the read is all it does


@contextlib.contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary path beside `out` that replaces `out` only if the block completes."""
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    try:
        # Created here (not by mkstemp) so the file gets the user's usual permissions, not 0600.
        tmp.open("xb").close()
    except OSError as exc:  # nothing written yet: it is the folder that refuses
        raise KnownError(FOLDER_NOT_WRITABLE(folder=out.parent, reason=os_reason(exc))) from None
    replacing = False
    try:
        yield tmp
        replacing = True
        tmp.replace(out)  # atomic on the same file system (os.replace)
    except (OSError, FileCreateError) as exc:
        # The folder took the new file but the old one cannot be replaced: it is locked (under Windows,
        # by the spreadsheet that has it open). Any other failure is said as it is, without that hint.
        locked = replacing and getattr(exc, "errno", None) in _LOCKED and out.exists()
        said = CANNOT_REPLACE if locked else CANNOT_WRITE
        raise KnownError(said(name=out.name, detail=os_reason(exc))) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
