"""The one runner for work that must not block the window (Anki's `taskman`, STYLE.md).

A `Runner` runs core functions one at a time on its own thread, each with the runner's own `Catalogue`
connection (sqlite3 connections belong to their thread), and brings the result or the failure back to the
GUI thread by a queued signal. Work is a plain function `work(catalogue, progress, cancel) -> result`:
the core's usual signature, so imports and exports (issue 6) run here unchanged.

The window keeps three runners (`Session`): `reader` for the ids of a query, `counter` for facet counts and
totals, `runner` for long work with a progress dialog (imports, exports), so that a search never waits
behind a count or an import.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.i18n import Msg
from stewarddesk.progress import CancelToken, Progress

T = TypeVar("T")
Work = Callable[[Catalogue, Progress, CancelToken], T]

log = logging.getLogger(__name__)

INTERNAL_ERROR = Msg(
    "gui.worker.internal_error",
    "Erreur interne ({detail}) : l'opération n'a rien écrit. Signalez-la à l'équipe StewardDesk.",
    "Internal error ({detail}): the operation wrote nothing. Please report it to the StewardDesk team.",
)
NO_CATALOGUE = Msg("gui.worker.no_catalogue", "Aucun catalogue n'est ouvert.", "No catalogue is open.")
CANCEL = Msg("gui.worker.cancel", "Annuler", "Cancel")

# Progress is reported at most this often: a worker calling back for every row must not flood the GUI.
_PROGRESS_INTERVAL_S = 0.05


def user_message(exc: BaseException) -> str:
    """What to tell the user about a failure: a KnownError's own sentence, else a short internal error."""
    if isinstance(exc, KnownError):
        return str(exc)
    return INTERNAL_ERROR(detail=f"{type(exc).__name__}: {exc}")


class _Relay(QObject):
    """Lives on the GUI thread; runs the callables the worker sends it."""

    call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


class Job(Generic[T]):
    """One submitted piece of work: cancel it, or ask whether it finished."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.token = CancelToken()
        self.finished = False
        self.result: T | None = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.token.cancel()


class Runner(QObject):
    """Runs work on one background thread with its own connection to the catalogue at `path`."""

    failed = Signal(str)  # a failure nobody handled: the window shows it
    busy_changed = Signal(bool)

    def __init__(
        self,
        path: Path | None = None,
        *,
        name: str = "worker",
        opener: Callable[[Path], Catalogue] = Catalogue.open,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._path = path
        self._opener = opener
        self._name = name
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._relay = _Relay(self)
        self._numbers = itertools.count(1)
        self._pending = 0
        self._closed = False
        # Only the worker thread touches these two.
        self._catalogue: Catalogue | None = None
        self._catalogue_path: Path | None = None

    @property
    def path(self) -> Path | None:
        return self._path

    def set_path(self, path: Path | None) -> None:
        """Work submitted from now on runs on the catalogue at `path` (the worker reopens its connection)."""
        self._path = path

    def pending(self) -> int:
        """How many submitted jobs have not delivered their result yet."""
        return self._pending

    def submit(
        self,
        work: Work[T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Job[T]:
        """Queue `work`; `on_done(result)` or `on_error(exc)` run later on the GUI thread.

        Without `on_error`, a failure is announced by the `failed` signal (a cancellation is not a failure).
        """
        job: Job[T] = Job(next(self._numbers))
        if self._closed:
            raise RuntimeError("runner is shut down")
        path = self._path
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if on_progress is not None and (now - last[0] >= _PROGRESS_INTERVAL_S or done >= total):
                last[0] = now
                self._relay.call.emit(lambda: on_progress(done, total))

        def body() -> None:
            try:
                job.token.check()
                result = work(self._open(path), progress, job.token)
            except BaseException as exc:  # delivered to the GUI thread, never lost in the executor
                job.error = exc
                self._relay.call.emit(lambda e=exc: self._deliver_error(job, e, on_error))
            else:
                job.result = result
                self._relay.call.emit(lambda: self._deliver(job, result, on_done))

        self._executor.submit(body)
        return job

    def _open(self, path: Path | None) -> Catalogue:
        """The worker's own connection to `path` (runs on the worker thread)."""
        if path is None:
            raise KnownError(NO_CATALOGUE())
        if self._catalogue is not None and self._catalogue_path == path:
            return self._catalogue
        self._close_catalogue()
        self._catalogue = self._opener(path)
        self._catalogue_path = path
        return self._catalogue

    def _close_catalogue(self) -> None:
        if self._catalogue is not None:
            self._catalogue.close()
        self._catalogue = None
        self._catalogue_path = None

    def _finish(self, job: Job[Any]) -> None:
        job.finished = True
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def _deliver(self, job: Job[T], result: T, on_done: Callable[[T], None] | None) -> None:
        self._finish(job)
        if on_done is not None:
            on_done(result)

    def _deliver_error(
        self, job: Job[Any], exc: BaseException, on_error: Callable[[BaseException], None] | None
    ) -> None:
        self._finish(job)
        if on_error is not None:
            on_error(exc)
        elif not isinstance(exc, Cancelled):
            if not isinstance(exc, KnownError):
                log.error("%s: unexpected failure", self._name, exc_info=exc)
            self.failed.emit(user_message(exc))

    def shutdown(self) -> None:
        """Let the running job finish, drop the queued ones, close the worker's connection."""
        if self._closed:
            return
        self._closed = True
        self._executor.submit(self._close_catalogue)
        self._executor.shutdown(wait=True, cancel_futures=False)


def run_with_progress(
    parent: QWidget,
    runner: Runner,
    work: Work[T],
    *,
    title: str,
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> tuple[Job[T], QProgressDialog]:
    """Run `work` on `runner` behind a window-modal progress dialog with a Cancel button.

    Cancel sets the job's token; the core raises `Cancelled` inside its transaction, so nothing is written.
    The dialog closes itself when the job ends, whatever the outcome.
    """
    dialog = QProgressDialog(title, CANCEL(), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def done(result: T) -> None:
        dialog.close()
        if on_done is not None:
            on_done(result)

    def error(exc: BaseException) -> None:
        dialog.close()
        if on_error is not None:
            on_error(exc)
        elif not isinstance(exc, Cancelled):
            runner.failed.emit(user_message(exc))

    job = runner.submit(work, on_done=done, on_error=error, on_progress=progress)
    dialog.canceled.connect(job.cancel)
    return job, dialog
