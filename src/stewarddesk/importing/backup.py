"""The backup taken before every import: a consistent copy of the catalogue beside it, the newest few kept.

`<folder>/<stem>.backups/<stem>-<YYYYmmdd-HHMMSS>[-N].sqlite`, written with SQLite's online backup API
(consistent even while WAL frames are pending) into a temporary name, then renamed: a backup that exists is
complete. Only files that match our own naming are ever pruned.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.i18n import Msg

BACKUP_FAILED = Msg(
    "import.backup_failed",
    "Impossible de sauvegarder le catalogue avant l'import ({detail}) : rien n'a été importé.",
    "Could not back up the catalogue before the import ({detail}): nothing was imported.",
)


def backup_dir(catalogue_path: Path) -> Path:
    return catalogue_path.parent / f"{catalogue_path.stem}.backups"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.sqlite$")


def list_backups(catalogue_path: Path) -> list[Path]:
    """Our backups of this catalogue, oldest first."""
    folder = backup_dir(catalogue_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(catalogue_path.stem)
    found: list[tuple[str, int, Path]] = []
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if m:
            found.append((m.group(1), int(m.group(2) or 1), p))
    return [p for _, _, p in sorted(found)]


def make_backup(cat: Catalogue) -> Path | None:
    """Copy the catalogue into its backups folder and prune to the newest `Settings.backups_kept`.

    Returns the backup's path, or None when `backups_kept` is 0 (backups turned off).
    Raises KnownError when the copy cannot be written (the import must then not run).
    """
    kept = cat.settings().backups_kept
    if kept <= 0:
        return None
    path = Path(cat.path)
    folder = backup_dir(path)
    stamp = cat.clock().strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{path.stem}-{stamp}.sqlite"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{stamp}-{n}.sqlite"
        partial = target.with_name(target.name + ".part")
        dest = sqlite3.connect(partial)
        try:
            cat.conn.backup(dest)
        finally:
            dest.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise KnownError(BACKUP_FAILED(detail=detail)) from exc
    for old in list_backups(path)[:-kept]:
        # A backup we cannot prune is only wasted space, never a reason to stop the import.
        old.unlink(missing_ok=True)
    return target
