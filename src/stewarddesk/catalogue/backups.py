"""Backups of a catalogue, and restoring one: consistent copies through SQLite's online backup API.

Where: `<folder>/<stem>.backups/<stem>-<YYYYmmdd-HHMMSS>[-N][-<reason>].sqlite`, the time read from the
catalogue's clock. Reasons: none for the copy an import takes first (`import`), `-manual` for
`stewarddesk backup`, `-before-restore` for the copy of the current state a restore takes first. Only
import backups are pruned (to `Settings.backups_kept`, by the import engine); the others are the user's.

Guarantees:
- a backup is consistent even while another connection writes (the backup API reads one snapshot);
- a backup that exists is complete: it is written under a temporary `.part` name, then renamed; a failed
  copy removes its partial file (a full disk must not stay full because of us);
- a backup is a plain single-file SQLite database (rollback journal, not WAL), so it can be copied,
  mailed or kept on a read-only medium;
- a restore checks that the file is a catalogue this version can open and that SQLite finds it sound,
  takes a `-before-restore` backup of the current state (so a restore is itself undone by restoring that
  one), then copies the backup INTO the live file through the same API, as one write transaction: a window
  holding the catalogue open sees the old content or the new, never a torn file. A writer holding the
  catalogue makes the restore wait up to the busy timeout, then refuse with the busy sentence.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import os
import re
import secrets
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from stewarddesk.catalogue.catalogue import Catalogue
from stewarddesk.catalogue.store import BUSY, BUSY_TIMEOUT_S, EXISTS, connect, translated_errors
from stewarddesk.errors import KnownError
from stewarddesk.i18n import Msg

Reason = Literal["import", "manual", "before-restore"]
REASONS: Final[tuple[Reason, ...]] = ("import", "manual", "before-restore")
_SUFFIX: Final[dict[Reason, str]] = {"import": "", "manual": "-manual", "before-restore": "-before-restore"}
_STAMP: Final = "%Y%m%d-%H%M%S"
PART: Final = ".part"

WRITE_FAILED = Msg(
    "backups.write_failed",
    "Impossible d'écrire la sauvegarde dans {folder} ({detail}) : le catalogue est inchangé.",
    "Could not write the backup into {folder} ({detail}): the catalogue is unchanged.",
)
NOT_FOUND = Msg("backups.not_found", "Sauvegarde introuvable : {path}", "Backup not found: {path}")
DAMAGED = Msg(
    "backups.damaged",
    "La sauvegarde {path} est endommagée ({detail}) : rien n'a été restauré.",
    "The backup {path} is damaged ({detail}): nothing was restored.",
)
CANNOT_LIST = Msg(
    "backups.cannot_list",
    "Impossible de lire le dossier des sauvegardes {folder} ({detail}).",
    "Cannot read the backups folder {folder} ({detail}).",
)
SAME_FILE = Msg(
    "backups.same_file",
    "{path} est le catalogue lui-même, pas une sauvegarde : rien n'a été restauré.",
    "{path} is the catalogue itself, not a backup: nothing was restored.",
)


class BackupFailed(KnownError):
    """A copy could not be written. `detail` is the system's reason, for callers that phrase their own
    sentence (the import says « nothing was imported »)."""

    def __init__(self, folder: Path, detail: str) -> None:
        self.folder = folder
        self.detail = detail
        super().__init__(WRITE_FAILED(folder=folder, detail=detail))


@dataclass(frozen=True)
class BackupInfo:
    """One backup as `stewarddesk backup --list` shows it; the counts are None when it cannot be read."""

    path: Path
    taken: dt.datetime
    reason: Reason
    size: int
    offers: int | None
    actions: int | None


@dataclass(frozen=True)
class Restored:
    """What `restore_catalogue` did: the backup it copied in, and where the previous state was saved
    (None when there was no catalogue at that path yet)."""

    source: Path
    saved: Path | None


def backup_dir(catalogue_path: Path) -> Path:
    catalogue_path = Path(catalogue_path)
    return catalogue_path.parent / f"{catalogue_path.stem}.backups"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?(-manual|-before-restore)?\.sqlite$")


def _parse(catalogue_path: Path, name: str) -> tuple[str, int, Reason] | None:
    m = _pattern(Path(catalogue_path).stem).match(name)
    if not m:
        return None
    reason = next(r for r, suffix in _SUFFIX.items() if suffix == (m.group(3) or ""))
    return m.group(1), int(m.group(2) or 1), reason


def list_backups(catalogue_path: Path, reason: Reason | None = None) -> list[Path]:
    """Our backups of this catalogue (of one `reason`, or all), oldest first. Files that do not follow our
    naming (the user's own, `.part` leftovers of a killed copy) are never listed, hence never pruned."""
    folder = backup_dir(catalogue_path)
    if not folder.is_dir():
        return []
    found: list[tuple[str, int, int, Path]] = []
    try:
        for p in folder.iterdir():
            parsed = _parse(catalogue_path, p.name)
            if parsed and (reason is None or parsed[2] == reason) and p.is_file():
                with contextlib.suppress(FileNotFoundError):  # pruned meanwhile by another process
                    # Within one second, the order they were written in.
                    found.append((parsed[0], parsed[1], p.stat().st_mtime_ns, p))
    except OSError as exc:
        raise KnownError(CANNOT_LIST(folder=folder, detail=_detail(exc))) from exc
    return [p for *_, p in sorted(found)]


def describe_backups(catalogue_path: Path) -> list[BackupInfo]:
    """Every backup of this catalogue with its date, reason, size and entry counts, oldest first."""
    out: list[BackupInfo] = []
    for path in list_backups(catalogue_path):
        parsed = _parse(catalogue_path, path.name)
        assert parsed is not None
        stamp, _, reason = parsed
        offers = actions = None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                offers = int(conn.execute("SELECT count(*) FROM offers").fetchone()[0])
                actions = int(conn.execute("SELECT count(*) FROM actions").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # shown as unreadable; `restore` would refuse it with the reason
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            continue  # pruned meanwhile
        out.append(BackupInfo(path, dt.datetime.strptime(stamp, _STAMP), reason, size, offers, actions))
    return out


def copy_database(source: sqlite3.Connection, names: Iterable[Path]) -> Path:
    """Write a consistent single-file copy of `source` under the first of `names` that is free; returns it.

    The copy is written under a temporary name of its own, then given its name with a hard link, which
    fails rather than overwrite: two imports started in the same second each keep their own backup
    (`-2` for the second), and neither touches the other's partial file. Raises OSError (FileExistsError
    when every name is taken) or sqlite3.Error; the partial file is removed.
    """
    names = iter(names)
    first = next(names)
    partial = first.with_name(f".{first.name}.{secrets.token_hex(4)}{PART}")
    try:
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dest)
            # The copy inherits WAL mode from the catalogue; a backup is one self-contained file.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        return _claim(partial, itertools.chain([first], names))
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + "-journal").unlink(missing_ok=True)


def _claim(partial: Path, names: Iterable[Path]) -> Path:
    """Give `partial` the first free name of `names`, never replacing a file that is there."""
    for target in names:
        try:
            os.link(partial, target)
        except FileExistsError:
            continue
        except OSError:
            # No hard links on this file system (FAT, some network shares): the check-then-rename
            # leaves a tiny window, which only a same-second second backup could ever hit.
            if target.exists():
                continue
            partial.replace(target)
        return target
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(partial))


def _forget_partials(folder: Path, stem: str) -> None:
    """Remove what copies killed midway left behind (an hour old: a copy takes seconds)."""
    if not folder.is_dir():
        return
    too_old = time.time() - 3600
    for p in folder.glob(f"*{stem}*{PART}*"):
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < too_old:
                p.unlink()


def _detail(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def write_backup(cat: Catalogue, reason: Reason = "manual", *, target: Path | None = None) -> Path:
    """Back `cat` up into its backups folder (or at `target`: a file that must not exist, or a folder to
    write the usual name into). Returns the backup's path.

    Raises `BackupFailed` when the copy cannot be written (read-only folder, disk full), `KnownError` when
    `target` is an existing file (never overwritten). The catalogue is never changed.
    """
    path = Path(cat.path)
    folder = backup_dir(path)
    if target is not None:
        target = Path(target)
        if target.is_dir():
            folder, target = target, None
        elif target.exists():
            raise KnownError(EXISTS(path=target))
        else:
            folder = target.parent
    stamp = cat.clock().strftime(_STAMP)
    suffix = _SUFFIX[reason]
    names: Iterable[Path]
    if target is None:
        names = (
            folder / f"{path.stem}-{stamp}{'' if n == 1 else f'-{n}'}{suffix}.sqlite"
            for n in itertools.count(1)
        )
    else:
        names = [target]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return copy_database(cat.conn, (name for name in names if not name.exists()))
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(folder, _detail(exc)) from exc


def prune(catalogue_path: Path, keep: int, reason: Reason = "import") -> list[Path]:
    """Delete the oldest backups of `reason` beyond the newest `keep`; returns those deleted. A backup that
    cannot be deleted is only wasted space: it is skipped, never an error."""
    _forget_partials(backup_dir(catalogue_path), Path(catalogue_path).stem)
    removed: list[Path] = []
    for old in list_backups(catalogue_path, reason)[: -keep if keep > 0 else None]:
        try:
            old.unlink(missing_ok=True)
            removed.append(old)
        except OSError:
            continue
    return removed


def check_backup(path: Path) -> None:
    """Raise KnownError unless `path` is a catalogue this version can open and SQLite finds sound."""
    path = Path(path)
    if not path.is_file():
        raise KnownError(NOT_FOUND(path=path))
    try:
        opened = connect(path, read_only=True)
    except KnownError as exc:
        if isinstance(exc.__cause__, sqlite3.DatabaseError) and "malformed" in str(exc.__cause__):
            raise KnownError(DAMAGED(path=path, detail=exc.__cause__)) from exc  # not « restore a backup »
        raise
    with Catalogue(opened, path) as backup:
        try:
            rows = [str(r[0]) for r in backup.conn.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            raise KnownError(DAMAGED(path=path, detail=exc)) from exc
    if rows != ["ok"]:
        raise KnownError(DAMAGED(path=path, detail=rows[0]))


def restore_catalogue(
    catalogue_path: Path, backup: Path, *, clock: Callable[[], dt.datetime] | None = None
) -> Restored:
    """Replace the catalogue at `catalogue_path` by the content of `backup` (see the module docstring).

    A catalogue that cannot be opened any more (damaged, or written by a newer version) but is still a
    SQLite file is saved as it is (a byte copy, with its -wal) and replaced by a fresh copy of `backup`.
    Raises KnownError, the catalogue unchanged: the backup is not a catalogue, is damaged or newer, is the
    catalogue itself; the current state cannot be saved first; the catalogue is busy or read-only.
    """
    catalogue_path, backup = Path(catalogue_path), Path(backup)
    if catalogue_path.exists() and backup.exists() and backup.resolve() == catalogue_path.resolve():
        raise KnownError(SAME_FILE(path=backup))
    check_backup(backup)
    if not catalogue_path.exists():
        _copy_file_from(backup, catalogue_path)
        return Restored(backup, None)
    try:
        cat = Catalogue.open(catalogue_path, clock=clock)
    except KnownError:
        if not _is_sqlite(catalogue_path):
            raise  # not a damaged catalogue but some other file: never overwrite it
        saved = _save_damaged(catalogue_path, clock)
        _copy_file_from(backup, catalogue_path)
        return Restored(backup, saved)
    with cat:
        saved = write_backup(cat, "before-restore")
        with Catalogue(connect(backup, read_only=True), backup) as src:
            deadline = time.monotonic() + BUSY_TIMEOUT_S

            def give_up_when_busy(status: int, remaining: int, total: int) -> None:
                # sqlite3's backup() retries a busy destination forever (sleeping 250 ms between
                # steps): stop after the same wait as every other write.
                if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
                    raise KnownError(BUSY())

            try:
                with translated_errors(catalogue_path):
                    src.conn.backup(cat.conn, progress=give_up_when_busy)
            except BaseException:
                # Nothing was restored: the copy of the current state taken for it is only clutter that
                # the next `backup --list` would show as if a restore had happened.
                saved.unlink(missing_ok=True)
                raise
    Catalogue.open(catalogue_path).close()  # an older backup is migrated to this version's schema now
    return Restored(backup, saved)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _save_damaged(catalogue_path: Path, clock: Callable[[], dt.datetime] | None) -> Path:
    """A byte copy of a catalogue SQLite cannot open (and of its -wal), as a `-before-restore` backup."""
    folder = backup_dir(catalogue_path)
    now = clock() if clock is not None else dt.datetime.now()
    target = folder / f"{catalogue_path.stem}-{now.strftime(_STAMP)}{_SUFFIX['before-restore']}.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        n = 1
        while target.exists():
            n += 1
            target = target.with_name(
                f"{catalogue_path.stem}-{now.strftime(_STAMP)}-{n}{_SUFFIX['before-restore']}.sqlite"
            )
        shutil.copyfile(catalogue_path, target)
        wal = catalogue_path.with_name(catalogue_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        raise BackupFailed(folder, _detail(exc)) from exc
    return target


def _copy_file_from(backup: Path, catalogue_path: Path) -> None:
    """Put a copy of `backup` at `catalogue_path` (absent, or a damaged catalogue saved beforehand)."""
    tmp = catalogue_path.with_name(catalogue_path.name + ".restoring")
    with Catalogue(connect(backup, read_only=True), backup) as src:
        try:
            catalogue_path.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)  # left by a restore killed midway
            copy_database(src.conn, [tmp])
            # The old file's WAL would be replayed onto the new one: it goes first.
            for side in ("-wal", "-shm"):
                catalogue_path.with_name(catalogue_path.name + side).unlink(missing_ok=True)
            tmp.replace(catalogue_path)
        except (OSError, sqlite3.Error) as exc:
            tmp.unlink(missing_ok=True)
            raise BackupFailed(catalogue_path.parent, _detail(exc)) from exc
    Catalogue.open(catalogue_path).close()  # WAL on, schema brought up to date
