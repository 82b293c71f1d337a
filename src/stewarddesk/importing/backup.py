"""The backup taken before every import: a consistent copy of the catalogue beside it, the newest few kept.

`<folder>/<stem>.backups/<stem>-<YYYYmmdd-HHMMSS>[-N].sqlite`, written by `catalogue.backups` (SQLite's
online backup API, consistent even while WAL frames are pending, into a temporary name then renamed: a
backup that exists is complete). Only import backups that match our own naming are ever pruned; manual and
before-restore backups are the user's.
"""

from __future__ import annotations

from pathlib import Path

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.backups import BackupFailed, backup_dir, list_backups, prune, write_backup
from stewarddesk.catalogue.store import ensure_writable
from stewarddesk.errors import KnownError
from stewarddesk.i18n import Msg

__all__ = ["BACKUP_FAILED", "backup_dir", "list_backups", "make_backup"]

BACKUP_FAILED = Msg(
    "import.backup_failed",
    "Impossible de sauvegarder le catalogue avant l'import ({detail}) : rien n'a été importé.",
    "Could not back up the catalogue before the import ({detail}): nothing was imported.",
)


def make_backup(cat: Catalogue) -> Path | None:
    """Copy the catalogue into its backups folder and prune import backups to the newest
    `Settings.backups_kept`.

    Returns the backup's path, or None when `backups_kept` is 0 (backups turned off).
    Raises KnownError when the copy cannot be written (the import must then not run).
    """
    kept = cat.settings().backups_kept
    if kept <= 0:
        return None
    ensure_writable(cat.conn, Path(cat.path))  # a read-only catalogue says so, not « cannot back up »
    try:
        target = write_backup(cat, "import")
    except BackupFailed as exc:
        raise KnownError(BACKUP_FAILED(detail=exc.detail)) from exc
    prune(Path(cat.path), kept, "import")
    return target
