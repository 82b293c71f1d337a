"""The rows' menu of the grids: right click (or the menu key, Shift+F10) on offers, actions, structures and
the review queue; which rows it acts on; its entries are the window's own commands and do their work."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.dialogs import SnoozeDialog
from stewarddesk.gui.grid import EntryTable
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.review_queue import ReviewQueuePage
from stewarddesk.gui.row_menu import build_menu

from .conftest import TODAY, offscreen_popups, show_page, wait_idle

pytestmark = offscreen_popups  # the menu is a popup window

NoModifier = Qt.KeyboardModifier.NoModifier


def page(window: MainWindow, name: str) -> BrowserPage:
    p = window.pages[name]
    assert isinstance(p, BrowserPage)
    return p


def row_of(browser: BrowserPage, title: str) -> int:
    key = "name" if browser.kind == "structures" else "title"
    col = browser.model.column_named(key)
    texts = [browser.model.index(r, col).data() for r in range(browser.model.rowCount())]
    return texts.index(title)


def entries(menu: QMenu) -> list[str]:
    """The menu as the user reads it: texts without mnemonics, « — » for a separator."""
    return ["—" if a.isSeparator() else a.text().replace("&", "") for a in menu.actions()]


def shown_menu(qtbot: QtBot, table: EntryTable) -> QMenu:
    menus: list[QMenu] = []

    def found() -> bool:
        menus[:] = [m for m in table.findChildren(QMenu, "rowMenu") if m.isVisible()]
        return len(menus) == 1

    qtbot.waitUntil(found)
    return menus[0]


def close(qtbot: QtBot, menu: QMenu) -> None:
    menu.close()
    qtbot.waitUntil(lambda: not menu.isVisible())


def right_click(
    qtbot: QtBot, table: EntryTable, row: int, modifier: Qt.KeyboardModifier = NoModifier
) -> QMenu:
    """A right click on `row` as the platform delivers it: the press (Qt's own selection handling), the
    release, then the context menu event that the platform sends for it; returns the menu shown."""
    index = table.model().index(row, 1)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    viewport = table.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, modifier, pos)
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, modifier, pos)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos), modifier)
    QApplication.sendEvent(viewport, event)
    return shown_menu(qtbot, table)


def click_row(qtbot: QtBot, table: EntryTable, row: int, modifier: Qt.KeyboardModifier = NoModifier) -> None:
    index = table.model().index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def choose(qtbot: QtBot, menu: QMenu, text: str) -> None:
    """Click the entry `text` of the open menu."""
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


# ---------------------------------------------------------------------- what the menu holds
def test_offers_menu_holds_the_window_commands_for_the_row(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    menu = right_click(qtbot, offers.table, row_of(offers, "Incubateur Impulse"))
    assert entries(menu) == [
        "Marquer comme revu",
        "Reporter…",
        "—",
        "Copier",
        "Exporter…",
        "—",
        "Dupliquer",
        "Modification groupée…",
        "—",
        "Archiver",  # archived offers are hidden: only « Archiver » applies
    ]
    # The window's own actions: same shortcuts, icons and enabled state as in the menu bar.
    named = {a.text(): a for a in menu.actions() if not a.isSeparator()}
    for name in ("mark_reviewed", "copy", "duplicate", "bulk_edit", "archive", "export"):
        action = window.action_map[name]
        assert named[action.text()] is action
    assert named["&Copier"].shortcut().toString() == "Ctrl+C"
    assert named["&Marquer comme revu"].shortcut().toString() == "Ctrl+R"
    assert not named["&Copier"].icon().isNull()
    assert all(a.isEnabled() for a in named.values())
    assert offers.table.selected_rows() == [row_of(offers, "Incubateur Impulse")]
    close(qtbot, menu)


def test_actions_menu_and_several_rows(qtbot: QtBot, window: MainWindow) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    click_row(qtbot, actions.table, 2)
    click_row(qtbot, actions.table, 5, Qt.KeyboardModifier.ShiftModifier)
    menu = right_click(qtbot, actions.table, 4)  # inside the selection: all four rows stay selected
    assert actions.table.selected_rows() == [2, 3, 4, 5]
    # « Dupliquer » copies one entry: not offered for four.
    assert entries(menu) == [
        "Marquer comme revu",
        "Reporter…",
        "—",
        "Copier",
        "Exporter…",
        "—",
        "Modification groupée…",
        "—",
        "Archiver",
    ]
    close(qtbot, menu)


def test_structures_menu_offers_the_merge_for_two_rows_or_more(qtbot: QtBot, window: MainWindow) -> None:
    show_page(qtbot, window, "structures")
    structures = page(window, "structures")
    table = structures.table
    menu = right_click(qtbot, table, row_of(structures, "Impulse"))
    assert entries(menu) == ["Copier", "—", "Dupliquer", "Modification groupée…", "—", "Archiver"]
    close(qtbot, menu)
    click_row(qtbot, table, row_of(structures, "CISAM"), Qt.KeyboardModifier.ControlModifier)
    menu = right_click(qtbot, table, row_of(structures, "Impulse"))
    assert entries(menu) == [
        "Copier",
        "—",
        "Modification groupée…",
        "Fusionner les structures…",
        "—",
        "Archiver",
    ]
    merge = next(a for a in menu.actions() if a.text() == "&Fusionner les structures…")
    assert merge is window.action_map["merge_structures"] and merge.isEnabled()
    assert merge in window.menus["edit"].actions()  # the Édition menu's line, icon included
    # Every line has its icon (« Fusionner » was the one without, its text then out of line).
    assert [a.text() for a in menu.actions() if not a.isSeparator() and a.icon().isNull()] == []
    assert not merge.icon().pixmap(16, 16).isNull()  # the SVG is found and drawn
    close(qtbot, menu)


def test_archive_or_restore_follows_the_rows(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    offers.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: offers.model.rowCount() == 7)
    wait_idle(qtbot, window)
    table = offers.table
    archived = row_of(offers, "Ancienne pépinière")
    live = row_of(offers, "Club des dirigeants")
    menu = right_click(qtbot, table, archived)
    assert entries(menu)[-1:] == ["Restaurer"] and "Archiver" not in entries(menu)
    close(qtbot, menu)
    menu = right_click(qtbot, table, live)
    assert entries(menu)[-1:] == ["Archiver"] and "Restaurer" not in entries(menu)
    close(qtbot, menu)
    click_row(qtbot, table, archived, Qt.KeyboardModifier.ControlModifier)
    menu = right_click(qtbot, table, live)
    assert entries(menu)[-2:] == ["Archiver", "Restaurer"]
    close(qtbot, menu)
    # Restaurer, from the menu of the archived row alone.
    entry_id = offers.model.id_at(archived)
    click_row(qtbot, table, archived)
    menu = right_click(qtbot, table, archived)
    assert table.selected_rows() == [archived]
    choose(qtbot, menu, "Restaurer")
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["status"] == "active")


def test_review_queue_menu(qtbot: QtBot, window: MainWindow) -> None:
    show_page(qtbot, window, "review")
    queue = window.pages["review"]
    assert isinstance(queue, ReviewQueuePage)
    offers = queue.lists["offers"]
    menu = right_click(qtbot, offers.table, 0)
    assert entries(menu)[:5] == ["Marquer comme revu", "Reporter…", "—", "Copier", "Exporter…"]
    assert entries(menu)[-1] == "Archiver"
    close(qtbot, menu)


# ---------------------------------------------------------------------- which rows it acts on
def test_right_click_outside_the_selection_selects_that_row(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    table = offers.table
    click_row(qtbot, table, 0)
    click_row(qtbot, table, 1, Qt.KeyboardModifier.ShiftModifier)
    assert table.selected_rows() == [0, 1]
    menu = right_click(qtbot, table, 3)
    assert table.selected_rows() == [3]
    assert table.current_id() == offers.model.id_at(3)
    assert offers.form.entry_id == offers.model.id_at(3)  # the form follows, as for a left click
    close(qtbot, menu)
    # A Ctrl+right click, which Qt leaves alone, still makes the menu act on the row clicked.
    menu = right_click(qtbot, table, 5, Qt.KeyboardModifier.ControlModifier)
    assert table.selected_rows() == [5]
    close(qtbot, menu)


def test_right_click_below_the_rows_opens_nothing(qtbot: QtBot, window: MainWindow) -> None:
    table = page(window, "offers").table
    viewport = table.viewport()
    pos = QPoint(20, viewport.height() - 5)
    assert not table.indexAt(pos).isValid()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    assert not [m for m in table.findChildren(QMenu, "rowMenu") if m.isVisible()]


def test_keyboard_opens_the_menu_on_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    table = offers.table
    click_row(qtbot, table, 1)
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ShiftModifier)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = shown_menu(qtbot, table)
    assert table.selected_rows() == [1, 2]
    # Under the current row, not wherever the mouse happens to be.
    current = table.visualRect(table.currentIndex())
    assert table.viewport().mapFromGlobal(menu.pos()).y() == current.bottom()
    close(qtbot, menu)
    # The menu key: the platform sends a keyboard context menu event to the grid.
    pos = QPoint(0, 0)
    QApplication.sendEvent(
        table, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, pos, table.mapToGlobal(pos))
    )
    menu = shown_menu(qtbot, table)
    assert table.selected_rows() == [1, 2]
    close(qtbot, menu)


# ---------------------------------------------------------------------- its entries do the work
def test_mark_reviewed_from_the_menu(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    row = row_of(offers, "Prêt d'honneur innovation")
    entry_id = offers.model.id_at(row)
    assert catalogue.get("offers", entry_id)["reviewed"] == "2024-01-10"
    menu = right_click(qtbot, offers.table, row)
    choose(qtbot, menu, "Marquer comme revu")
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["reviewed"] == TODAY.isoformat())
    assert catalogue.history("offers", entry_id)[0].op == "review"


def test_snooze_from_the_offers_grid(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    row = row_of(offers, "Fab lab du CISAM")
    entry_id = offers.model.id_at(row)
    menu = right_click(qtbot, offers.table, row)
    choose(qtbot, menu, "Reporter…")
    qtbot.waitUntil(lambda: isinstance(window.dialog, SnoozeDialog) and window.dialog.isVisible())
    dialog = window.dialog
    assert isinstance(dialog, SnoozeDialog)
    qtbot.keyClicks(dialog.reason, "Attente du partenaire")
    dialog.accept()
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["snooze_reason"] == "Attente du partenaire")
    assert catalogue.get("offers", entry_id)["snoozed_until"]


def test_the_menu_built_without_showing_it(qtbot: QtBot, window: MainWindow) -> None:
    """`build_menu` is what the popup shows; triggering its entry is triggering the window's action."""
    offers = page(window, "offers")
    offers.table.set_current_row(row_of(offers, "Accélérateur M"))
    menu = build_menu(window, offers)
    qtbot.addWidget(menu)
    duplicate = next(a for a in menu.actions() if a.text() == "&Dupliquer")
    assert duplicate is window.action_map["duplicate"]
    duplicate.trigger()
    qtbot.waitUntil(lambda: offers.model.rowCount() == 7)
    assert "Accélérateur M (copie)" in [
        offers.model.index(r, offers.model.column_named("title")).data() for r in range(7)
    ]
