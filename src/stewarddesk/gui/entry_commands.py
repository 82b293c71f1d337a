"""What the window does to the selected entries: new, duplicate, bulk edit, archive, restore, review,
snooze (in the review queue and in the offers' and actions' grids). Every write goes through the session's
undo stack; the views hear about it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from stewarddesk.catalogue import Changes
from stewarddesk.fields import FIELDS, EntryKind, Kind
from stewarddesk.gui import dialogs
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.review_queue import ReviewQueuePage
from stewarddesk.i18n import Msg

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

M = Msg
NEW_TITLE = {
    "offers": M("gui.new.offer", "Nouvelle offre", "New offer"),
    "actions": M("gui.new.action", "Nouvelle action", "New action"),
    "structures": M("gui.new.structure", "Nouvelle structure", "New structure"),
}
COPY_SUFFIX = M("gui.new.copy", "{title} (copie)", "{title} (copy)")
NOTHING_SELECTED = M(
    "gui.status.nothing_selected",
    "Sélectionnez d'abord une ou plusieurs entrées.",
    "Select one or more entries first.",
)
NOT_FOR_STRUCTURES = M(
    "gui.status.not_for_structures",
    "Les structures n'ont pas de revue : choisissez une offre ou une action.",
    "Structures have no review: choose an offer or an action.",
)


class EntryCommands(QObject):
    """The entry operations of the window's menus and toolbar, on the grid the user is looking at."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _selection(self) -> tuple[BrowserPage, list[int]] | None:
        browser = self.window.browser()
        if browser is None or self.window.session is None:
            return None
        ids = browser.selected_ids()
        if not ids:
            self.window.show_problem(NOTHING_SELECTED())
            return None
        return browser, ids

    def new_entry(self) -> int | None:
        browser = self.window.browser()
        if browser is None or self.window.session is None:
            return None
        kind = browser.kind
        values: dict[str, Any] = {"name" if kind == "structures" else "title": self._unique_title(kind)}
        if kind == "offers":
            values["status"] = "active"
        new_id = self.window.session.undo.create(kind, values)
        if new_id is not None:
            self._select_when_loaded(browser, new_id, focus_title=True)
        return new_id

    def duplicate(self) -> int | None:
        selection = self._selection()
        if selection is None or self.window.session is None:
            return None
        browser, ids = selection
        kind = browser.kind
        entry = self.window.session.catalogue.get(kind, browser.table.current_id() or ids[0])
        key = "name" if kind == "structures" else "title"
        values = {f.name: entry.get(f.name) for f in FIELDS[kind]}
        values[key] = self._unique_title(kind, COPY_SUFFIX(title=entry.get(key)))
        for cleared in ("reviewed", "partner_ref"):
            values.pop(cleared, None)  # a copy has not been reviewed, and is not the partner's row
        if kind == "offers" and values.get("status") == "archived":
            values["status"] = "active"
        new_id = self.window.session.undo.create(kind, values, text=None)
        if new_id is not None:
            self._select_when_loaded(browser, new_id, focus_title=True)
        return new_id

    def _unique_title(self, kind: Kind, base: str | None = None) -> str:
        """Structures' names are unique; a new one gets a number if needed."""
        title = base or NEW_TITLE[kind]()
        if kind != "structures" or self.window.session is None:
            return title
        n, candidate = 2, title
        while self.window.session.catalogue.structure_id(candidate) is not None:
            candidate, n = f"{title} {n}", n + 1
        return candidate

    def _select_when_loaded(self, browser: BrowserPage, entry_id: int, *, focus_title: bool) -> None:
        def select() -> None:
            browser.model.loaded.disconnect(select)
            browser.table.select_ids([entry_id], entry_id)
            if focus_title:
                key = "name" if browser.kind == "structures" else "title"
                editor = browser.form.editors[key]
                editor.setFocus()
                if hasattr(editor, "selectAll"):
                    editor.selectAll()

        browser.model.loaded.connect(select)

    def bulk_edit(self) -> dialogs.BulkEditDialog | None:
        selection = self._selection()
        if selection is None or self.window.session is None:
            return None
        browser, ids = selection
        session = self.window.session
        dialog = dialogs.BulkEditDialog(browser.kind, len(ids), session.catalogue, self.window)

        def apply() -> None:
            session.undo.update_many(browser.kind, ids, {dialog.field_name(): dialog.value()})

        dialog.accepted.connect(apply)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.window.dialog = dialog
        return dialog

    def archive(self) -> Changes | None:
        selection = self._selection()
        if selection is None or self.window.session is None:
            return None
        page = self.window.page()
        if isinstance(page, ReviewQueuePage):
            return page.archive()  # the queue's own: the selection moves on to the next entry
        browser, ids = selection
        return self.window.session.undo.archive(browser.kind, ids)

    def restore(self) -> Changes | None:
        selection = self._selection()
        if selection is None or self.window.session is None:
            return None
        browser, ids = selection
        return self.window.session.undo.restore(browser.kind, ids)

    def mark_reviewed(self) -> Changes | None:
        selection = self._selection()
        if selection is None or self.window.session is None:
            return None
        page = self.window.page()
        if isinstance(page, ReviewQueuePage):
            return page.mark_reviewed()  # the queue's own: the selection moves on to the next entry
        browser, ids = selection
        if browser.kind == "structures":
            self.window.show_problem(NOT_FOR_STRUCTURES())
            return None
        kind: EntryKind = browser.kind
        return self.window.session.undo.mark_reviewed(kind, ids, self.window.session.as_of())

    def snooze(self) -> dialogs.SnoozeDialog | None:
        page = self.window.page()
        if isinstance(page, ReviewQueuePage):
            self.window.dialog = page.snooze()
            return self.window.dialog
        # From the offers' or actions' grid (its rows' menu, the Revue menu): the same dialog and write.
        selection = self._selection()
        if selection is None or self.window.session is None:
            return None
        browser, ids = selection
        if browser.kind == "structures":
            self.window.show_problem(NOT_FOR_STRUCTURES())
            return None
        kind: EntryKind = browser.kind
        session = self.window.session
        dialog = dialogs.SnoozeDialog(len(ids), session.as_of(), self.window)

        def apply() -> None:
            until = dialog.until_date()
            if until is not None:
                session.undo.snooze(kind, ids, until, dialog.reason.text().strip())

        dialog.accepted.connect(apply)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.window.dialog = dialog
        return dialog
