"""What every page of the import wizard shares: the wizard's state, a message line, a task panel, and the
« Next starts a background job, and moves on when it is done » pattern."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from stewarddesk.errors import Cancelled
from stewarddesk.fields import EntryKind
from stewarddesk.gui.import_wizard.work import HeaderAnalysis, PlanAnswer, SheetPreview
from stewarddesk.gui.session import Session
from stewarddesk.gui.task_panel import TaskPanel
from stewarddesk.gui.worker import Work, user_message
from stewarddesk.importing.api import ApplyResult, ImportPlan, UndoOutcome

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

T = TypeVar("T")

# Page ids, in the order the user meets them.
FILE, MAPPING, VALUES, PREVIEW, APPLY, SUMMARY = range(6)

MESSAGE_STYLE = {
    "error": "color: #a93226; background: #fdecea; border: 1px solid #f5c6c0; border-radius: 6px; padding: 8px;",
    "info": "color: #1d4e6f; background: #eaf2f8; border: 1px solid #c6dbea; border-radius: 6px; padding: 8px;",
    "warning": "color: #7a5400; background: #fff6dd; border: 1px solid #f0dba0; border-radius: 6px; "
    "padding: 8px;",
}


@dataclass
class WizardState:
    """What the user decided so far, page by page, and what the engine answered."""

    as_of: dt.date
    preview: SheetPreview | None = None
    header_row: int | None = None
    kind: EntryKind | None = None  # the user's explicit choice; None: as the header says
    analysis: HeaderAnalysis | None = None
    mapping: dict[int, str] = field(default_factory=dict)  # column -> field ('' : not imported)
    save_profile: bool = True
    profile_name: str = ""
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)
    seen_values: set[tuple[str, str]] = field(default_factory=set)  # (vocab, text) shown on the values page
    answer: PlanAnswer | None = None
    skip_rows: set[int] = field(default_factory=set)
    result: ApplyResult | None = None
    undone: UndoOutcome | None = None

    @property
    def plan(self) -> ImportPlan | None:
        return self.answer.plan if self.answer is not None else None

    def profile_argument(self) -> str | None:
        """The profile `prepare_import` gets: the name to save under, else the recognised one (whose value
        map then applies), else none."""
        if self.save_profile and self.profile_name.strip():
            return self.profile_name.strip()
        if self.analysis is not None and self.analysis.profile is not None:
            return self.analysis.profile.profile.name
        return None


class Page(QWizardPage):
    """A wizard page with a message line and a task panel; `validatePage` may run a job first."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.session: Session = wizard.session
        self.state: WizardState = wizard.state
        self.message = QLabel(self)
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.task = TaskPanel(self.session.runner, self)
        self.task.busy_changed.connect(self._busy_changed)
        self._ready = False  # the job Next started has finished: the next validatePage lets it through

    # ------------------------------------------------------------------ messages
    def show_message(self, text: str, level: str = "error") -> None:
        self.message.setText(text)
        self.message.setProperty("level", level)
        self.message.setStyleSheet(MESSAGE_STYLE[level])
        self.message.show()

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def message_text(self) -> str:
        return self.message.text()

    # ------------------------------------------------------------------ jobs
    def inputs(self) -> list[QWidget]:
        """The widgets to lock while a job runs."""
        return []

    def _busy_changed(self, busy: bool) -> None:
        for widget in self.inputs():
            widget.setEnabled(not busy)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.task.busy()

    def run(self, work: Work[T], text: str, on_done: Callable[[T], None]) -> None:
        """Run `work` on the runner with this page's progress bar; a failure is said on the page."""
        self.clear_message()
        self.task.run(work, text=text, on_done=on_done, on_error=self.job_failed)

    def job_failed(self, exc: BaseException) -> None:
        self._ready = False
        self.show_message(user_message(exc), "info" if isinstance(exc, Cancelled) else "error")

    def go_next_after(self, work: Work[T], text: str, keep: Callable[[T], bool]) -> bool:
        """For `validatePage`: the first call starts `work` and says no; when it is done, `keep(result)`
        and, if it says so, the wizard moves on (the second call says yes)."""
        if self._ready:
            self._ready = False
            return True

        def done(result: T) -> None:
            if not keep(result):
                return
            self._ready = True
            self.wiz.next()
            self._ready = False

        self.run(work, text, done)
        return False
