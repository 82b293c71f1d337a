"""Opening a catalogue file safely: refuse what is not ours, migrate what is old, translate SQLite errors.

Every failure a user can cause (wrong file, newer version, locked, read-only, disk full) becomes a
`KnownError` with one clear sentence; the rest stays an exception (our bug).

A catalogue in a read-only folder still opens, for reading only (see `connect`): every write then fails
with the read-only sentence, and nothing is written.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from stewarddesk.catalogue.schema import APPLICATION_ID, SCHEMA_VERSION, migrate
from stewarddesk.errors import KnownError
from stewarddesk.i18n import Msg

NOT_FOUND = Msg("store.not_found", "Catalogue introuvable : {path}", "Catalogue not found: {path}")
EXISTS = Msg("store.exists", "Un fichier existe déjà à cet endroit : {path}", "A file already exists: {path}")
NOT_CATALOGUE = Msg(
    "store.not_catalogue",
    "{path} n'est pas un catalogue StewardDesk.",
    "{path} is not a StewardDesk catalogue.",
)
NEWER = Msg(
    "store.newer",
    "{path} a été écrit par une version plus récente de StewardDesk (schéma {found}, "
    "cette version connaît le schéma {known}) : mettez StewardDesk à jour.",
    "{path} was written by a newer StewardDesk (schema {found}, this version knows schema {known}): "
    "please update StewardDesk.",
)
BUSY = Msg(
    "store.busy",
    "Le catalogue est occupé par une autre opération (une autre fenêtre ou un import) : "
    "réessayez dans un instant.",
    "The catalogue is busy with another operation (another window or an import): try again in a moment.",
)
READ_ONLY = Msg(
    "store.read_only",
    "Le catalogue {path} est en lecture seule (le fichier ou son dossier est protégé en écriture) : "
    "il peut être consulté, pas modifié. Rien n'a été écrit.",
    "The catalogue {path} is read-only (the file or its folder is write-protected): it can be viewed, "
    "not changed. Nothing was written.",
)
READ_ONLY_PENDING = Msg(
    "store.read_only_pending",
    "Le dossier de {path} est en lecture seule et le catalogue a des modifications en attente ({wal}) : "
    "ouvrez-le depuis un dossier où vous pouvez écrire.",
    "The folder of {path} is read-only and the catalogue has pending changes ({wal}): open it from a "
    "folder you can write to.",
)
DISK_FULL = Msg(
    "store.disk_full",
    "Le disque est plein : l'opération a été annulée, le catalogue est inchangé.",
    "The disk is full: the operation was cancelled, the catalogue is unchanged.",
)
CANNOT_OPEN = Msg(
    "store.cannot_open", "Impossible d'ouvrir {path} : {detail}", "Cannot open {path}: {detail}"
)
CORRUPT = Msg(
    "store.corrupt",
    "Le catalogue {path} est endommagé ({detail}) : restaurez une sauvegarde "
    "(stewarddesk backup --list --db {path}, puis stewarddesk restore).",
    "The catalogue {path} is damaged ({detail}): restore a backup "
    "(stewarddesk backup --list --db {path}, then stewarddesk restore).",
)

BUSY_TIMEOUT_S = 5.0


def known_error(exc: sqlite3.Error, path: Path | None = None) -> KnownError | None:
    """The user-facing meaning of a SQLite error, or None if it is ours."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return KnownError(BUSY())
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return KnownError(READ_ONLY(path=path if path is not None else "?"))
    if "disk is full" in text or "disk full" in text:
        return KnownError(DISK_FULL())
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return KnownError(CORRUPT(path=path if path is not None else "?", detail=str(exc)))
    return None


@contextlib.contextmanager
def translated_errors(path: Path | None = None) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        known = known_error(exc, path)
        if known is None:
            raise
        raise known from exc


def connect(path: Path, *, create: bool = False, read_only: bool = False) -> Database:
    """Open (or create) a catalogue, check it is ours and bring its schema up to date."""
    path = Path(path)
    if create:
        if path.exists() and path.stat().st_size > 0:
            raise KnownError(EXISTS(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KnownError(CANNOT_OPEN(path=path, detail=exc.strerror or exc)) from exc
    else:
        if not path.is_file():
            raise KnownError(NOT_FOUND(path=path))
        # Whether it is a SQLite file at all is left to SQLite (`_check_and_migrate`): never open the
        # catalogue with a plain file handle. Closing any handle on a file drops every POSIX lock this
        # process holds on it, those of its open connections included; another process closing its
        # connection then believes it is the last one and deletes the WAL this process still writes to.
    with translated_errors(path):
        try:
            conn = _open_checked(path, create=create, read_only=read_only)
        except sqlite3.OperationalError as exc:
            if create or not _cannot_open(exc):
                raise
            # A WAL catalogue needs its -wal and -shm files beside it: in a read-only folder (a
            # protected share, a locked USB key) SQLite cannot create them and refuses even to read.
            # Without pending WAL frames, the main file alone is the whole catalogue: read it as an
            # immutable file, so that the user can still consult it; any write then says read-only.
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise KnownError(READ_ONLY_PENDING(path=path, wal=wal.name)) from exc
            conn = _open_checked(path, create=False, read_only=True, immutable=True)
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                conn.close()  # it would need a migration, which cannot be written here
                raise KnownError(READ_ONLY(path=path)) from exc
    return Database(conn)


def ensure_writable(conn: sqlite3.Connection, path: Path) -> None:
    """Raise the read-only KnownError if nothing can be written to this catalogue (opened for reading,
    or in a read-only folder or file system), before work that would be wasted: an import's backup.

    SQLite lets a read-only connection begin a write transaction; rewriting a header field with its own
    value is the smallest real write, and it is rolled back."""
    with translated_errors(path):
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id = {app_id}")
        finally:
            conn.execute("ROLLBACK")


def _cannot_open(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith("SQLITE_CANTOPEN") or "unable to open" in str(exc)


def _open_checked(
    path: Path, *, create: bool, read_only: bool, immutable: bool = False
) -> sqlite3.Connection:
    if read_only:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{flags}", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        _check_and_migrate(conn, path, create=create, read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_and_migrate(conn: sqlite3.Connection, path: Path, *, create: bool, read_only: bool) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower() or _cannot_open(exc):
            raise  # busy, or a folder we cannot write to: not a foreign file (see `connect`)
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT" or "malformed" in str(exc):
            raise KnownError(CORRUPT(path=path, detail=str(exc))) from exc
        raise KnownError(NOT_CATALOGUE(path=path)) from exc  # SQLITE_NOTADB: some other kind of file
    if app_id != APPLICATION_ID and not (create and tables == 0):
        raise KnownError(NOT_CATALOGUE(path=path))
    if version > SCHEMA_VERSION:
        raise KnownError(NEWER(path=path, found=version, known=SCHEMA_VERSION))
    conn.execute("PRAGMA foreign_keys = ON")
    if read_only:
        return
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # WAL + NORMAL: a killed process never corrupts the file; only a power cut may lose the last commit.
    conn.execute("PRAGMA synchronous = NORMAL")
    if version < SCHEMA_VERSION:
        migrate(Database(conn))
