"""The import wizard: a partner's spreadsheet into the catalogue, seeing everything before it is written.

    file & header row → column mapping → unknown values (when there are some) → preview → apply → summary

Everything slow (reading, planning, applying, undoing, writing the rejected rows) runs on the session's
long-work runner (gui/worker.py) with a progress bar on the page; the pages only decide. The state the pages
share is `WizardState` (base.py). Opened without blocking (`open()`), like every dialog of the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from stewarddesk.gui.icons import icon
from stewarddesk.gui.import_wizard.apply_page import ApplyPage
from stewarddesk.gui.import_wizard.base import (
    APPLY,
    FILE,
    MAPPING,
    PREVIEW,
    SUMMARY,
    VALUES,
    Page,
    WizardState,
)
from stewarddesk.gui.import_wizard.file_page import FilePage
from stewarddesk.gui.import_wizard.mapping_page import MappingPage
from stewarddesk.gui.import_wizard.preview_page import PreviewPage
from stewarddesk.gui.import_wizard.summary_page import SummaryPage
from stewarddesk.gui.import_wizard.values_page import ValuesPage
from stewarddesk.gui.import_wizard.work import PlanAnswer, PlanRequest, release_work
from stewarddesk.gui.session import Session
from stewarddesk.i18n import Msg

TITLE = Msg("gui.import.wizard.title", "Importer un tableur partenaire", "Import a partner spreadsheet")


class ImportWizard(QWizard):
    """`imported(ApplyResult)` is emitted once the plan is written (the views were already told)."""

    imported = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(TITLE())
        self.setWindowIcon(icon("stewarddesk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.session = session
        self.state = WizardState(as_of=session.as_of())
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.values_page = ValuesPage(self)
        self.preview_page = PreviewPage(self)
        self.apply_page = ApplyPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (FILE, self.file_page),
            (MAPPING, self.mapping_page),
            (VALUES, self.values_page),
            (PREVIEW, self.preview_page),
            (APPLY, self.apply_page),
            (SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(FILE)
        self.resize(1180, 760)
        self.finished.connect(self._finished)
        if path is not None:
            self.file_page.load(Path(path))

    def pages(self) -> list[Page]:
        return [self.file_page, self.mapping_page, self.values_page, self.preview_page, self.apply_page,
                self.summary_page]  # fmt: skip

    def busy(self) -> bool:
        return any(p.task.busy() for p in self.pages())

    # ------------------------------------------------------------------ state
    def forget_from_file(self) -> None:
        """The file, sheet or header row changed: what was decided after it no longer holds."""
        self.state.analysis = None
        self.state.kind = None
        self.state.value_map = {}
        self.state.seen_values = set()
        self.forget_plan()

    def forget_plan(self) -> None:
        """The mapping or the value map changed: the plan must be computed again."""
        self.set_answer(None)

    def set_answer(self, answer: PlanAnswer | None) -> None:
        """Keep `answer` as the current plan; the previous one is let go on the worker (a big plan frees
        slowly, see work.py)."""
        old = self.state.answer
        if old is answer:
            return
        self.state.answer = answer
        self.state.skip_rows.clear()
        self.preview_page.model.set_plan(None, self.state.skip_rows)
        if old is not None:
            self.session.runner.submit(release_work(old.plan))

    def plan_request(self) -> PlanRequest:
        """The decisions of the first pages, as `prepare_import` takes them."""
        preview, analysis = self.state.preview, self.state.analysis
        assert preview is not None and analysis is not None
        return PlanRequest(
            path=preview.path,
            sheet=preview.sheet,
            kind=analysis.kind,
            header_row=analysis.row,
            mapping=dict(self.state.mapping),
            profile=self.state.profile_argument(),
            value_map={k: dict(v) for k, v in self.state.value_map.items()},
            as_of=self.state.as_of,
        )

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """Cancel (or Escape): a job still running is cancelled first (nothing written), then we close."""
        for page in self.pages():
            page.task.cancel()
        super().reject()

    def _finished(self, _result: int) -> None:
        self.state.result = None
        self.set_answer(None)
