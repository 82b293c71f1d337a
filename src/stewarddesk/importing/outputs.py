"""What an import writes besides the catalogue: the rejected rows (.xlsx) and the JSON report.

Their paths are checked BEFORE the import reads or writes anything (`check_output`): a typo in a folder
name must cost nothing, not leave an applied import behind an error. When writing one still fails after
the import was applied (disk full, a folder removed meanwhile), the failure is an `OutputFailed`, which
is not a `KnownError`: the catalogue did change, and the message says so, with the batch to undo.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stewarddesk.errors import KnownError, os_reason
from stewarddesk.i18n import Msg
from stewarddesk.importing.shown import INSERTED, UPDATED, counted

if TYPE_CHECKING:
    from stewarddesk.importing.model import ImportOutcome

WRONG_SUFFIX = Msg(
    "import.output.wrong_suffix",
    "{path} : {what} doit être un fichier {suffix}",
    "{path}: {what} must be a {suffix} file",
)
WHAT_REJECTS = Msg("import.output.what_rejects", "le fichier des lignes rejetées", "the rejected-rows file")
WHAT_REPORT = Msg("import.output.what_report", "le rapport JSON", "the JSON report")
IS_A_FOLDER = Msg(
    "import.output.is_folder",
    "{path} est un dossier : donnez un nom de fichier pour {what}",
    "{path} is a folder: give a file name for {what}",
)
NO_FOLDER = Msg(
    "import.output.no_folder",
    "impossible d'écrire {what} {path} : le dossier {folder} n'existe pas",
    "cannot write {what} {path}: folder {folder} does not exist",
)
PARENT_NOT_FOLDER = Msg(
    "import.output.parent_not_folder",
    "impossible d'écrire {what} {path} : {folder} n'est pas un dossier",
    "cannot write {what} {path}: {folder} is not a folder",
)
FOLDER_READ_ONLY = Msg(
    "import.output.folder_read_only",
    "impossible d'écrire {what} {path} : pas le droit d'écrire dans le dossier {folder}",
    "cannot write {what} {path}: no permission to write in folder {folder}",
)
FILE_READ_ONLY = Msg(
    "import.output.file_read_only",
    "impossible d'écrire {what} {path} : ce fichier existe et est en lecture seule",
    "cannot write {what} {path}: the file exists and is read-only",
)
SAME_AS_INPUT = Msg(
    "import.output.same_as_input",
    "{what} ne peut pas être écrit dans {path}, qui est {other} : choisissez un autre nom",
    "{what} cannot be written to {path}, which is {other}: choose another name",
)
OTHER_SOURCE = Msg("import.output.other_source", "le fichier importé", "the file being imported")
OTHER_CATALOGUE = Msg("import.output.other_catalogue", "le catalogue", "the catalogue")
OTHER_REJECTS = Msg("import.output.other_rejects", "le fichier des lignes rejetées", "the rejected-rows file")
CANNOT_WRITE = Msg(
    "import.output.cannot_write",
    "impossible d'écrire {what} {path} : {detail}",
    "cannot write {what} {path}: {detail}",
)
APPLIED_BUT = Msg(
    "import.output.applied_but",
    "L'import n° {batch} a bien été appliqué au catalogue ({inserted}, {updated}), "
    "mais {detail}. Pour l'annuler : stewarddesk undo-import {batch} --db {db}",
    "Import #{batch} was applied to the catalogue ({inserted}, {updated}), but {detail}. "
    "To undo it: stewarddesk undo-import {batch} --db {db}",
)


class OutputFailed(Exception):
    """Writing an output failed AFTER the import was applied. `outcome`: what was written to the
    catalogue (its batch); `detail`: why the output could not be written (one translated clause)."""

    def __init__(self, outcome: ImportOutcome, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail

    def message(self, db: Path | str) -> str:
        """One line: the import was applied (batch, counts), what failed, and the command that undoes it."""
        result = self.outcome.result
        assert result is not None  # raised only after an apply
        counts = result.counts
        return APPLIED_BUT(
            batch=result.batch_id,
            inserted=counted(INSERTED, counts.get("inserted", 0)),
            updated=counted(UPDATED, counts.get("updated", 0)),
            detail=self.detail,
            db=db,
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_output(
    path: Path,
    what: Msg,
    *,
    suffix: str | None = None,
    avoid: Iterable[tuple[Path | None, Msg]] = (),
) -> None:
    """Refuse, with one clear line (a KnownError), an output path that cannot be written: wrong `suffix`,
    a folder, a missing or read-only parent folder, a read-only file, or one of the `avoid` files (the
    file imported, the catalogue: overwriting them would lose data). Writes nothing."""
    path = Path(path)
    if suffix is not None and path.suffix.lower() != suffix:
        raise KnownError(WRONG_SUFFIX(path=path, what=what(), suffix=suffix))
    for other, name in avoid:
        if other is not None and _same_file(path, Path(other)):
            raise KnownError(SAME_AS_INPUT(what=what(), path=path, other=name()))
    if path.is_dir():
        raise KnownError(IS_A_FOLDER(path=path, what=what()))
    folder = path.parent
    if not folder.is_dir():
        missing = not folder.exists()
        raise KnownError((NO_FOLDER if missing else PARENT_NOT_FOLDER)(what=what(), path=path, folder=folder))
    # Outputs are written beside the target, then moved over it: the folder must take new files.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KnownError(FOLDER_READ_ONLY(what=what(), path=path, folder=folder))
    if path.exists() and not os.access(path, os.W_OK):
        raise KnownError(FILE_READ_ONLY(what=what(), path=path))


def check_outputs(
    *,
    source: Path,
    catalogue: Path,
    rejects: Path | None = None,
    report: Path | None = None,
) -> None:
    """`check_output` for each output an import was asked for (None: not asked), and that they differ."""
    inputs = ((source, OTHER_SOURCE), (catalogue, OTHER_CATALOGUE))
    if rejects is not None:
        check_output(rejects, WHAT_REJECTS, suffix=".xlsx", avoid=inputs)
    if report is not None:
        check_output(report, WHAT_REPORT, avoid=(*inputs, (rejects, OTHER_REJECTS)))


def write_report(report: dict[str, Any], path: Path) -> None:
    """Write the JSON report to `path` whole or not at all (a `.part` file moved over it). Raises
    KnownError when it cannot be written."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise KnownError(CANNOT_WRITE(what=WHAT_REPORT(), path=path, detail=os_reason(exc))) from exc
