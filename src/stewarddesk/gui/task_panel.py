"""A progress bar with a Cancel button, inside a page or a dialog, for one job at a time on a `Runner`.

`run_with_progress` (worker.py) opens its own progress dialog; the import wizard and the export dialog
want the bar where the user already looks, under the table they are reading. The work itself goes through
the same runner as everything else long (STYLE.md: one worker mechanism), so it runs off the GUI thread
with its own catalogue connection, and Cancel sets the job's token: the core raises `Cancelled` inside its
transaction and nothing is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from stewarddesk.errors import KnownError
from stewarddesk.gui.worker import Job, Runner, Work
from stewarddesk.i18n import Msg

T = TypeVar("T")
log = logging.getLogger(__name__)

STOP = Msg("gui.task.stop", "Annuler", "Cancel")
STOPPING = Msg("gui.task.stopping", "Annulation en cours…", "Cancelling…")


class TaskPanel(QWidget):
    """Shows the running job's progress; hidden when nothing runs.

    `busy_changed(bool)` tells the page to lock its inputs while a job runs; `cancelled()` is emitted when
    the user clicks Cancel (the job then ends with `Cancelled`, delivered to the `on_error` given to `run`).
    """

    busy_changed = Signal(bool)
    cancelled = Signal()

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskPanel")
        self.runner = runner
        self.jobs: list[Job[Any]] = []  # usually one; a quick read may be queued behind another
        self.label = QLabel(self)
        self.label.setObjectName("taskLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("taskBar")
        self.bar.setMinimumWidth(220)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.stop_button = QPushButton(STOP(), self)
        self.stop_button.setObjectName("taskStop")
        self.stop_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop_button)
        self.hide()

    @property
    def job(self) -> Job[Any] | None:
        """The job submitted last that has not finished (None: idle)."""
        return self.jobs[-1] if self.jobs else None

    def busy(self) -> bool:
        return bool(self.jobs)

    def run(
        self,
        work: Work[T],
        *,
        text: str,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        cancellable: bool = True,
    ) -> Job[T]:
        """Submit `work` to the runner; `on_done(result)` or `on_error(exc)` run later on the GUI thread."""
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first progress report says how much there is
        self.stop_button.setEnabled(cancellable)
        self.stop_button.setVisible(cancellable)
        self.show()

        def done(result: T) -> None:
            self._end(job)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._end(job)
            if not isinstance(exc, KnownError):  # ours, not the user's: keep the traceback in the log
                log.error("%s: unexpected failure", text, exc_info=exc)
            on_error(exc)

        job = self.runner.submit(work, on_done=done, on_error=failed, on_progress=self._progress)
        self.jobs.append(job)
        if len(self.jobs) == 1:
            self.busy_changed.emit(True)
        return job

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _end(self, job: Job[Any]) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        if not self.jobs:
            self.hide()
            self.busy_changed.emit(False)

    def cancel(self) -> None:
        """Ask the running jobs to stop (nothing written); no effect when idle."""
        if not self.jobs:
            return
        for job in self.jobs:
            job.cancel()
        self.label.setText(STOPPING())
        self.stop_button.setEnabled(False)
        self.cancelled.emit()
