"""Editing a grid cell through each kind of delegate editor, as a user does (F2, then the editor's own
keys): a date typed or picked, stages and sectors ticked in a list, a structure completed from the
catalogue. Each time: what the cell shows, what the catalogue holds, and one step of Ctrl+Z back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QCalendarWidget, QTableView
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.editors import CheckListEditor, DateEditor, StructureEditor, StructuresEditor
from stewarddesk.gui.main_window import MainWindow

from .conftest import offscreen_popups, show_page

CTRL = Qt.KeyboardModifier.ControlModifier


def page(window: MainWindow, name: str) -> BrowserPage:
    p = window.pages[name]
    assert isinstance(p, BrowserPage)
    return p


def start_editing(qtbot: QtBot, window: MainWindow, p: BrowserPage, title: str, column: str) -> QModelIndex:
    """Make the cell (row titled `title`, `column`) current and press F2, as a user does."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    model = p.model
    titles = [model.index(r, model.column_named("title")).data() for r in range(model.rowCount())]
    index = model.index(titles.index(title), model.column_named(column))
    p.table.scrollTo(index)
    p.table.setFocus()
    p.table.setCurrentIndex(index)
    qtbot.keyClick(p.table, Qt.Key.Key_F2)
    return index


def undo_then_redo(qtbot: QtBot, window: MainWindow, p: BrowserPage, index: QModelIndex, shown: str) -> None:
    before = index.data()
    qtbot.keyClick(p.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: index.data() == shown)
    qtbot.keyClick(p.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: index.data() == before)


def test_a_date_typed_in_a_cell_is_written_and_undone(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    index = start_editing(qtbot, window, actions, "Action numéro 03", "adopted")
    entry_id = actions.model.id_at(index.row())
    editor = actions.table.viewport().findChild(DateEditor)
    assert editor is not None and editor.text() == "24/03/2022"  # the cell's value, the French way
    editor.selectAll()
    qtbot.keyClicks(editor, "15/09/2023")
    assert editor.property("invalid") is not True
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: index.data() == "15/09/2023")
    assert catalogue.get("actions", entry_id)["adopted"] == "2023-09-15"
    assert (
        window.action_map["undo"].text() == "&Annuler : modifier « Date d'adoption » d'« Action numéro 03 »"
    )
    undo_then_redo(qtbot, window, actions, index, "24/03/2022")
    assert catalogue.get("actions", entry_id)["adopted"] == "2023-09-15"


@offscreen_popups
def test_a_date_picked_in_the_cells_calendar_is_written(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    offers = page(window, "offers")
    index = start_editing(qtbot, window, offers, "Incubateur Impulse", "reviewed")
    entry_id = offers.model.id_at(index.row())
    editor = offers.table.viewport().findChild(DateEditor)
    assert editor is not None
    calendar = editor.open_calendar()  # the calendar button at the end of the field
    assert isinstance(calendar, QCalendarWidget)
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2026, 10, 1)  # opens on the cell's date
    calendar.setSelectedDate(QDate(2026, 11, 20))
    days = calendar.findChild(QTableView)  # the calendar's grid of days has the keyboard
    assert days is not None
    qtbot.keyClick(days, Qt.Key.Key_Return)  # picks the selected day
    qtbot.waitUntil(lambda: index.data() == "20/11/2026")
    assert catalogue.get("offers", entry_id)["reviewed"] == dt.date(2026, 11, 20).isoformat()
    assert offers.table.state() != QAbstractItemView.State.EditingState  # a pick closes the cell at once


@offscreen_popups
def test_stages_are_ticked_in_the_cells_list(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    index = start_editing(qtbot, window, offers, "Accélérateur M", "stages")
    entry_id = offers.model.id_at(index.row())
    assert index.data() == "Croissance"
    editor = offers.table.viewport().findChild(CheckListEditor)
    assert editor is not None
    popup = editor.view()
    qtbot.waitUntil(popup.isVisible)  # the list opens by itself
    labels = [editor.model().index(r, 0).data() for r in range(editor.model().rowCount())]
    assert labels == ["Émergence", "Création", "Croissance", "Hypercroissance"]
    for label in ("Création", "Hypercroissance"):
        popup.setCurrentIndex(editor.model().index(labels.index(label), 0))
        qtbot.keyClick(popup, Qt.Key.Key_Space)  # ticks, the list stays open
        assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # Entrée closes the list and finishes the edit
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["stages"] == ["creation", "growth", "scale"])
    assert index.data() == "Création; Croissance; Hypercroissance"
    assert window.session is not None and window.session.undo.stack.count() == 1
    undo_then_redo(qtbot, window, offers, index, "Croissance")
    assert catalogue.get("offers", entry_id)["stages"] == ["creation", "growth", "scale"]


@offscreen_popups
def test_sectors_are_ticked_in_the_cells_list_from_the_reference_list(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    offers = page(window, "offers")
    index = start_editing(qtbot, window, offers, "Incubateur Impulse", "sectors")
    entry_id = offers.model.id_at(index.row())
    editor = offers.table.viewport().findChild(CheckListEditor)
    assert editor is not None
    popup = editor.view()
    qtbot.waitUntil(popup.isVisible)
    labels = [editor.model().index(r, 0).data() for r in range(editor.model().rowCount())]
    assert {"Santé", "Numérique", "Mer"} <= set(labels)  # the catalogue's own list
    popup.setCurrentIndex(editor.model().index(labels.index("Mer"), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Space)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["sectors"] == ["Mer"])
    assert index.data() == "Mer"


@offscreen_popups
def test_a_structure_is_completed_in_the_cell(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    index = start_editing(qtbot, window, offers, "Club des dirigeants", "structure")
    entry_id = offers.model.id_at(index.row())
    editor = offers.table.viewport().findChild(StructureEditor)
    assert editor is not None and editor.text() == "Impulse"
    editor.clear()
    qtbot.keyClicks(editor, "univ")  # anywhere in the name, any case
    popup = editor.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Aix-Marseille Université"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # picking a name is a finished choice: no second Entrée
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["structure"] == "Aix-Marseille Université")
    qtbot.waitUntil(lambda: index.data() == "Aix-Marseille Université")
    assert catalogue.total("structures") == 4  # the known structure, not a new one
    undo_then_redo(qtbot, window, offers, index, "Impulse")


@offscreen_popups
def test_carriers_are_completed_one_after_the_other_in_the_cell(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    index = start_editing(qtbot, window, actions, "Action numéro 05", "carriers")  # no carrier yet
    entry_id = actions.model.id_at(index.row())
    assert catalogue.get("actions", entry_id)["carriers"] == []
    editor = actions.table.viewport().findChild(StructuresEditor)
    assert editor is not None
    for typed in ("impu", "cis"):
        qtbot.keyClicks(editor, typed)
        popup = editor._popup()
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.text() == "Impulse; CISAM; "
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("actions", entry_id)["carriers"] == ["Impulse", "CISAM"])
    assert index.data() == "Impulse; CISAM"
