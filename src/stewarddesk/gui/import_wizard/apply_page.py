"""Page 5: writing the plan, on the worker, with a progress bar and Cancel.

The engine takes a backup, then writes everything in one transaction; Cancel raises inside it, so a
cancelled import leaves the catalogue exactly as it was (the page says so, and Back leads to the preview to
try again). Once written, the window's views are told what changed and the summary follows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from stewarddesk.catalogue import Changes
from stewarddesk.errors import Cancelled
from stewarddesk.gui.import_wizard.base import APPLY, PREVIEW, SUMMARY, Page
from stewarddesk.gui.import_wizard.work import apply_work, import_changes
from stewarddesk.gui.worker import user_message
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.api import ApplyResult
from stewarddesk.importing.shown import counted

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

M = Msg
TITLE = M("gui.import.apply.title", "Écriture dans le catalogue", "Writing to the catalogue")
SUBTITLE = M(
    "gui.import.apply.subtitle",
    "Une sauvegarde du catalogue est faite, puis tout est écrit d'un seul bloc : si vous annulez, rien "
    "n'est écrit.",
    "The catalogue is backed up, then everything is written in one block: if you cancel, nothing is written.",
)
WRITING = Plural(
    "gui.import.apply.writing",
    ("Écriture de {count} ligne…", "Écriture de {count} lignes…"),
    ("Writing {count} row…", "Writing {count} rows…"),
)
CANCELLED = M(
    "gui.import.apply.cancelled",
    "Import annulé : rien n'a été écrit dans le catalogue. « Précédent » ramène à l'aperçu pour le relancer.",
    "Import cancelled: nothing was written to the catalogue. “Back” leads to the preview to start it again.",
)
FAILED = M(
    "gui.import.apply.failed",
    "{message}\n« Précédent » ramène à l'aperçu.",
    "{message}\n“Back” leads to the preview.",
)


class ApplyPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(TITLE())
        self.setSubTitle(SUBTITLE())
        layout = QVBoxLayout(self)
        layout.addWidget(self.task)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return self.state.result is not None and not self.task.busy()

    def initializePage(self) -> None:
        self.clear_message()
        self.start()

    def cleanupPage(self) -> None:
        """Back (after a cancel or a failure) leaves the plan and the ticks as they were."""

    def start(self) -> None:
        plan = self.state.plan
        if plan is None or self.task.busy():
            return
        self.state.result = None
        skip = frozenset(self.state.skip_rows)
        count = sum(1 for r in plan.rows if r.action in ("insert", "update") and r.row not in skip)
        self._lock_back(True)
        work = apply_work(plan, skip, self.state.save_profile)
        self.task.run(work, text=counted(WRITING, count), on_done=self._applied, on_error=self._failed)

    def _lock_back(self, locked: bool) -> None:
        # QWizard offers no Back while the page before is a commit page: that is the lock while writing.
        self.wiz.page(PREVIEW).setCommitPage(locked)
        self.completeChanged.emit()

    def _applied(self, result: ApplyResult) -> None:
        plan = self.state.plan
        self.state.result = result
        self._lock_back(False)
        if plan is not None:
            self.session.announce(import_changes(plan, result), requery=True)
            if plan.new_structures:
                self.session.announce(Changes("structures"), requery=True)
        self.wiz.imported.emit(result)
        if self.wiz.currentId() == APPLY and self.wiz.isVisible():
            self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self._lock_back(False)
        if isinstance(exc, Cancelled):
            self.show_message(CANCELLED(), "info")
        else:
            self.show_message(FAILED(message=user_message(exc)))

    def nextId(self) -> int:
        return SUMMARY
