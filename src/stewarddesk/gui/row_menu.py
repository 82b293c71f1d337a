"""The menu of a grid's rows: right click on a row, the menu key or Shift+F10.

It holds the window's own actions (same texts, shortcuts, icons and enabled state; triggering one does
what the menu bar does, on the same selection), only those that apply to the page and the selection:

- offers and actions (the review queue's lists too): Marquer comme revu, Reporter… / Copier, Exporter… /
  Dupliquer (one row), Modification groupée… / Archiver or Restaurer;
- structures: Copier / Dupliquer (one row), Modification groupée…, Fusionner les structures… (two rows or
  more) / Archiver or Restaurer.

The grid (`EntryTable.row_menu_requested`) settles which rows the menu is for before asking; this module
only decides what is in it. `install(window)` hooks every grid of every session the window shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.review_queue import ReviewQueuePage
from stewarddesk.gui.table_model import is_archived

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

# Up to this many selected rows, their archived state is read (from the grid's cache, a page of 100 at a
# time) to offer only « Archiver » or only « Restaurer »; beyond, both are offered.
LOOK_LIMIT: Final = 300


def archive_choices(browser: BrowserPage) -> tuple[bool, bool]:
    """(offer « Archiver », offer « Restaurer ») for the selected rows of `browser`."""
    if not browser.show_archived.isChecked():
        return True, False  # archived entries are not shown: every selected row is live
    table = browser.table
    rows = table.selected_rows()
    if not rows and table.currentIndex().isValid():
        rows = [table.currentIndex().row()]
    if len(rows) > LOOK_LIMIT:
        return True, True
    model = browser.model
    states = {is_archived(browser.kind, entry) for entry in map(model.entry, rows) if entry is not None}
    return (not states or False in states), True in states


def row_actions(window: MainWindow, browser: BrowserPage) -> list[list[QAction]]:
    """The menu's actions for the selection of `browser`, in groups (a separator between two)."""
    a = window.action_map
    several = len(browser.selected_ids()) > 1
    structures = browser.kind == "structures"
    groups: list[list[QAction]] = []
    if not structures:
        groups.append([a["mark_reviewed"], a["snooze"]])
    groups.append([a["copy"]] if structures else [a["copy"], a["export"]])
    edit = [a["bulk_edit"]] if several else [a["duplicate"], a["bulk_edit"]]
    if structures and several and "merge_structures" in a:
        edit.append(a["merge_structures"])
    groups.append(edit)
    archive, restore = archive_choices(browser)
    groups.append([a[name] for name, on in (("archive", archive), ("restore", restore)) if on])
    return [g for g in groups if g]


def build_menu(window: MainWindow, browser: BrowserPage) -> QMenu:
    """The menu for the selection of `browser` (not shown: `popup` it, or read its actions)."""
    menu = QMenu(browser.table)
    menu.setObjectName("rowMenu")
    for i, group in enumerate(row_actions(window, browser)):
        if i:
            menu.addSeparator()
        menu.addActions(group)
    return menu


class RowMenus(QObject):
    """Hooks the grids of the window's pages to their rows' menu, for each session the window shows."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.menu: QMenu | None = None  # the one shown, if any
        window.session_changed.connect(self._hook_pages)
        window.page_built.connect(self._hook_pages)
        self._hook_pages()

    def _hook_pages(self, _name: str = "") -> None:
        for page in self.window.pages.values():
            browsers = page.lists.values() if isinstance(page, ReviewQueuePage) else [page]
            for browser in browsers:
                table = browser.table
                if table.property("rowMenu"):
                    continue
                table.setProperty("rowMenu", True)
                # The pages go with their session, and these connections with them.
                table.row_menu_requested.connect(lambda pos, b=browser: self.popup(b, pos))

    def popup(self, browser: BrowserPage, pos: QPoint) -> QMenu | None:
        """Show the menu of `browser`'s selection at `pos` (global); None when one is already open (a
        platform that also turns Shift+F10 into a context menu event asks twice)."""
        if self.menu is not None and self.menu.isVisible():
            return None
        menu = build_menu(self.window, browser)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.destroyed.connect(lambda _o=None, m=menu: self._forget(m))
        self.menu = menu
        menu.popup(pos)
        return menu

    def _forget(self, menu: QMenu) -> None:
        if self.menu is menu:
            self.menu = None


def install(window: MainWindow) -> RowMenus:
    """Give every grid of `window` its rows' menu (call once, after `row_copy.install`: the menu holds
    « Copier »)."""
    return RowMenus(window)
