"""The two kinds of failure, classified once in the core.

`KnownError` is about the user's file or environment (a corrupt workbook, a catalogue written by a newer
version, a read-only folder): the CLI prints its message on one line and exits 2, the GUI shows it in a
message box. Anything else is our bug (`BugError` or an unexpected exception): the CLI exits 1.
Neither front door ever shows a traceback to a user.
"""

from __future__ import annotations

import errno
from typing import Final

from stewarddesk.i18n import Msg


class KnownError(Exception):
    """A problem with the user's input or environment, explained in the message (already translated)."""


class BugError(Exception):
    """An internal inconsistency: a bug of ours, not of the user's file."""


class Cancelled(KnownError):
    """The user cancelled a long operation; whatever it was writing was rolled back."""


# The reasons the system gives most often, in the user's words: the C library's own texts are English
# whatever the language (« Read-only file system »), and a library's message is no explanation.
_OS_REASONS: Final[dict[int, Msg]] = {
    errno.EACCES: Msg("errors.os.eacces", "accès refusé", "permission denied"),
    errno.EPERM: Msg("errors.os.eperm", "opération non permise", "operation not permitted"),
    errno.EROFS: Msg("errors.os.erofs", "support en lecture seule", "read-only file system"),
    errno.ENOSPC: Msg("errors.os.enospc", "disque plein", "the disk is full"),
    errno.EDQUOT: Msg("errors.os.edquot", "quota disque dépassé", "disk quota exceeded"),
    errno.ENOENT: Msg("errors.os.enoent", "fichier ou dossier introuvable", "no such file or folder"),
    errno.EEXIST: Msg(
        "errors.os.eexist", "un fichier existe déjà à cet endroit", "a file already exists there"
    ),
    errno.ENOTDIR: Msg(
        "errors.os.enotdir", "un élément du chemin n'est pas un dossier", "a part of the path is not a folder"
    ),
    errno.EISDIR: Msg("errors.os.eisdir", "c'est un dossier, pas un fichier", "it is a folder, not a file"),
    errno.EBUSY: Msg(
        "errors.os.ebusy",
        "fichier occupé par un autre programme",
        "the file is busy (used by another program)",
    ),
    errno.ETXTBSY: Msg(
        "errors.os.etxtbsy",
        "fichier occupé par un autre programme",
        "the file is busy (used by another program)",
    ),
    errno.ENAMETOOLONG: Msg("errors.os.enametoolong", "nom de fichier trop long", "file name too long"),
    errno.EINVAL: Msg(
        "errors.os.einval", "nom de fichier ou opération non valide", "invalid file name or operation"
    ),
    errno.EIO: Msg("errors.os.eio", "erreur de lecture ou d'écriture du disque", "disk read or write error"),
    errno.ELOOP: Msg(
        "errors.os.eloop", "trop de liens symboliques dans le chemin", "too many symbolic links in the path"
    ),
    errno.EMFILE: Msg("errors.os.emfile", "trop de fichiers ouverts", "too many open files"),
    errno.EXDEV: Msg(
        "errors.os.exdev", "déplacement impossible d'un disque à un autre", "cannot move across file systems"
    ),
    errno.ENOTEMPTY: Msg("errors.os.enotempty", "le dossier n'est pas vide", "the folder is not empty"),
    errno.EFBIG: Msg("errors.os.efbig", "fichier trop gros pour ce disque", "file too large for this disk"),
}
_OS_OTHER = Msg("errors.os.other", "erreur système {code}", "system error {code}")
_OS_UNKNOWN = Msg("errors.os.unknown", "erreur d'entrée-sortie ({kind})", "input/output error ({kind})")


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in the user's language (« accès refusé »), from the error's errno.

    Follows a wrapped OSError (xlsxwriter's FileCreateError holds one). An errno without words here is
    named by its symbol (« erreur système ENOTSUP »); an error without errno by its type, never by the
    library's own English sentence.
    """
    seen: BaseException | None = exc
    for _ in range(8):  # a short chain: the error, what it wraps, what caused it
        if seen is None or isinstance(getattr(seen, "errno", None), int):
            break
        wrapped = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = wrapped or seen.__cause__ or seen.__context__
    if seen is None or not isinstance(getattr(seen, "errno", None), int):
        return _OS_UNKNOWN(kind=type(exc).__name__)
    code: int = seen.errno  # type: ignore[attr-defined]
    reason = _OS_REASONS.get(code)
    return reason() if reason is not None else _OS_OTHER(code=errno.errorcode.get(code, str(code)))
