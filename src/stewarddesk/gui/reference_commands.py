"""Reference-list operations as steps of the window's undo stack, run where they will not freeze it.

`ReferenceRunner` runs the work of `catalogue/references.py` for one session: at once on the GUI thread when
it touches at most `SYNC_LIMIT` entries, else on the session's runner (its own connection) behind a
window-modal progress dialog with Cancel, shown at once so that nothing else is typed meanwhile. Renaming a
value that 16,500 offers of a 100,000-entry catalogue share takes 4 to 6 s through `Catalogue.update`, and
its undo as long (benchmarks/synthetic.py's catalogue, this machine).

`ReferenceCommand` is the undo step, like gui/undo.py's `CatalogueCommand`: already done when pushed,
undone by `references.revert` of its journal rows (which also puts the list back), redone by running it
again. A background undo or redo ends after the stack has moved: when the catalogue refuses it (an entry
changed since), the command leaves the stack as a refused synchronous one does, and the user reads why;
when the user cancels it, the stack moves back and the command stays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget

from stewarddesk.catalogue import Catalogue, Changes, references
from stewarddesk.catalogue import journal as journal_mod
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.gui.browser import number
from stewarddesk.gui.session import Session
from stewarddesk.gui.undo import REDO_REFUSED, UNDO_REFUSED
from stewarddesk.gui.worker import run_with_progress, user_message
from stewarddesk.i18n import Msg
from stewarddesk.progress import CancelToken, Progress, no_progress

ENTRIES_ONE = Msg("gui.references.entries_one", "1 entrée", "1 entry")
ENTRIES_MANY = Msg("gui.references.entries_many", "{n} entrées", "{n} entries")
WORKING = Msg("gui.references.working", "Mise à jour des entrées…", "Updating the entries…")
UNDOING = Msg("gui.references.undoing", "Annulation en cours…", "Undoing…")

# Entries an operation (or its undo) may touch on the GUI thread: 0.3 to 0.6 ms each through
# `Catalogue.update`, so under 0.1 s. Above, the session's runner does it.
SYNC_LIMIT: Final = 150

Work = Callable[[Catalogue, Progress, CancelToken], list[Changes]]


def entries_text(n: int) -> str:
    """« 1 entrée », « 12 entrées », « 16 532 entrées »."""
    return ENTRIES_ONE() if n == 1 else ENTRIES_MANY(n=number(n))


class ReferenceRunner(QObject):
    """Runs reference-list work for one session: small work at once on the GUI thread, big work on the
    session's runner behind a window-modal progress dialog. `finished` follows every run, whatever its
    outcome, so the dialog shows the counts as they are now."""

    finished = Signal()
    busy_changed = Signal(bool)

    def __init__(self, session: Session, parent_widget: Callable[[], QWidget]) -> None:
        super().__init__(session)
        self.session = session
        self._parent_widget = parent_widget
        self.busy = False

    def run(
        self,
        work: Work,
        size: int,
        title: str,
        on_done: Callable[[list[Changes]], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if size <= SYNC_LIMIT:
            try:
                result = work(self.session.catalogue, no_progress, CancelToken())
            except KnownError as exc:
                on_error(exc)
            else:
                on_done(result)
            self.finished.emit()
            return
        self._set_busy(True)

        def done(result: list[Changes]) -> None:
            self._set_busy(False)
            on_done(result)
            self.finished.emit()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            on_error(exc)
            self.finished.emit()

        _job, dialog = run_with_progress(
            self._parent_widget(), self.session.runner, work, title=title, on_done=done, on_error=failed
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # at once: modal from the first instant, so no other write slips in meanwhile

    def set_parent_widget(self, parent_widget: Callable[[], QWidget]) -> None:
        self._parent_widget = parent_widget

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def notify(self, changes: Sequence[Changes]) -> None:
        """Tell the views which entries changed (the entries' facets move: a requery)."""
        for c in references.merge([c for c in changes if c]):
            self.session.undo.notify(c, True)


class ReferenceCommand(QUndoCommand):
    """One reference-list operation, already done when pushed; undone by `references.revert` of its
    journal rows, redone by running it again. Runs through `ReferenceRunner`, hence maybe later."""

    def __init__(self, runner: ReferenceRunner, text: str, do: Work, size: int, done: list[Changes]) -> None:
        super().__init__(text)
        self._runner = runner
        self._do = do
        self._size = size
        self._done = done
        self._pending_first_redo = True
        self._in_call = False
        # After a background undo or redo that failed, the stack has already moved: the command is asked
        # to move it back without running ("noop": cancelled) or to leave the stack ("obsolete": refused).
        self._skip: Literal["", "noop", "obsolete"] = ""

    def _take_skip(self) -> bool:
        skip, self._skip = self._skip, ""
        if skip == "obsolete":
            self.setObsolete(True)
        return bool(skip)

    def redo(self) -> None:
        if self._pending_first_redo:  # QUndoStack.push calls redo(); the write already happened
            self._pending_first_redo = False
            return
        if self._take_skip():
            return
        self._in_call = True
        try:
            self._runner.run(
                self._do, self._size, WORKING(), self._redone, lambda e: self._failed(e, undoing=False)
            )
        finally:
            self._in_call = False

    def undo(self) -> None:
        if self._take_skip():
            return
        ids = references.journal_ids(self._done)

        def work(cat: Catalogue, _progress: Progress, cancel: CancelToken) -> list[Changes]:
            cancel.check()
            return references.revert(cat, journal_mod.entries(cat.conn, ids))

        self._in_call = True
        try:
            self._runner.run(
                work, self._size, UNDOING(), self._runner.notify, lambda e: self._failed(e, True)
            )
        finally:
            self._in_call = False

    def _redone(self, result: list[Changes]) -> None:
        self._done = result
        self._runner.notify(result)

    def _failed(self, exc: BaseException, undoing: bool) -> None:
        cancelled = isinstance(exc, Cancelled)
        if not cancelled:
            message = UNDO_REFUSED if undoing else REDO_REFUSED
            self._runner.session.undo.refused.emit(message(what=self.text(), reason=user_message(exc)))
        if self._in_call:  # run on the GUI thread, inside undo()/redo(): the stack drops it by itself
            self.setObsolete(True)
            return
        stack = self._runner.session.undo.stack
        self._skip = "noop" if cancelled else "obsolete"
        if undoing and stack.command(stack.index()) is self:
            stack.redo()
        elif not undoing and stack.command(stack.index() - 1) is self:
            stack.undo()
        else:
            self._skip = ""
