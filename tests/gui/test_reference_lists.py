"""« Listes de référence… » driven as a user drives it: opened from the Édition menu, values renamed,
merged, added and deleted by typing, counts and grids following, each step undone with Ctrl+Z; the
catalogue checked each time. Big work (forced by a zero `SYNC_LIMIT`) runs on the session's runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui import reference_commands
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.reference_lists import ReferenceListsDialog
from stewarddesk.gui.reference_rename import RenameDialog

from .conftest import offscreen_popups, open_catalogue, wait_idle

CTRL = Qt.KeyboardModifier.ControlModifier


def open_dialog(qtbot: QtBot, window: MainWindow) -> ReferenceListsDialog:
    """Through the Édition menu, as a user does."""
    edit = window.menus["edit"]
    (action,) = [a for a in edit.actions() if a.text() == "&Listes de référence…"]
    assert action.isEnabled()
    action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, ReferenceListsDialog)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Give `widget`'s window the keyboard, as the window manager does when a dialog opens (the offscreen
    platform has none; without it, keys would go to the window focused before)."""
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


def sectors_of(path: Path, title: str) -> list[str]:
    with open_catalogue(path) as cat:
        (entry,) = [e for e in cat.rows("offers", cat.ids("offers")) if e["title"] == title]
        return list(entry["sectors"])


def grid_text(window: MainWindow, title: str, field: str) -> str:
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    model = page.model
    titles = [model.index(r, model.column_named("title")).data() for r in range(model.rowCount())]
    return str(model.index(titles.index(title), model.column_named(field)).data() or "")


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest cannot type « é » (it asserts), so those go as plain key events."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def choose(qtbot: QtBot, dialog: ReferenceListsDialog, value: str) -> None:
    """Select the row of `value` with the keyboard (Home, then Down until it is there)."""
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    for _ in range(dialog.table.rowCount() + 1):
        current = dialog.selected()
        if current is not None and current.value == value:
            return
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    raise AssertionError(f"{value!r} is not in the table")


def test_rename_a_sector_by_typing_then_undo_from_the_window(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path
) -> None:
    assert grid_text(window, "Prêt d'honneur innovation", "sectors") == "Santé"
    dialog = open_dialog(qtbot, window)
    assert dialog.list_box.currentText() == "Filières"
    assert dialog.row_texts() == [("Mer", "0"), ("Numérique", "1"), ("Santé", "1")]
    assert dialog.search.isHidden()  # three values fit on screen

    choose(qtbot, dialog, "Santé")
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    prompt = dialog.prompt
    assert isinstance(prompt, RenameDialog)
    activate(qtbot, prompt)
    prompt.edit.selectAll()
    type_text(qtbot, prompt.edit, "Santé humaine")
    assert prompt.hint.text() == ""
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: ("Santé humaine", "1") in dialog.row_texts())
    assert dialog.row_texts() == [("Mer", "0"), ("Numérique", "1"), ("Santé humaine", "1")]
    assert dialog.selected() is not None and dialog.selected().value == "Santé humaine"  # type: ignore[union-attr]
    assert sectors_of(catalogue_path, "Prêt d'honneur innovation") == ["Santé humaine"]
    with open_catalogue(catalogue_path) as cat:
        assert cat.references("sector") == ["Mer", "Numérique", "Santé humaine"]
    qtbot.waitUntil(lambda: grid_text(window, "Prêt d'honneur innovation", "sectors") == "Santé humaine")
    undo = window.action_map["undo"]
    assert undo.text() == "&Annuler : renommer « Santé » en « Santé humaine » (1 entrée)"

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)

    qtbot.waitUntil(lambda: grid_text(window, "Prêt d'honneur innovation", "sectors") == "Santé")
    assert sectors_of(catalogue_path, "Prêt d'honneur innovation") == ["Santé"]
    with open_catalogue(catalogue_path) as cat:
        assert cat.references("sector") == ["Mer", "Numérique", "Santé"]  # « Santé humaine » gone too
    assert (
        window.action_map["redo"].text() == "&Rétablir : renommer « Santé » en « Santé humaine » (1 entrée)"
    )
    wait_idle(qtbot, window)


@offscreen_popups  # the completer offers « Santé »
def test_merge_says_so_and_keeps_one_value(qtbot: QtBot, window: MainWindow, catalogue_path: Path) -> None:
    with open_catalogue(catalogue_path) as cat:
        cat.update("offers", 3, {"sectors": ["Numérique", "Santé"]})  # « Fab lab du CISAM » holds both
    dialog = open_dialog(qtbot, window)
    assert dialog.row_texts() == [("Mer", "0"), ("Numérique", "1"), ("Santé", "2")]
    choose(qtbot, dialog, "Numérique")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    prompt = dialog.prompt
    assert isinstance(prompt, RenameDialog)
    activate(qtbot, prompt)
    prompt.edit.selectAll()
    type_text(qtbot, prompt.edit, "sante")
    assert "« Santé »" in prompt.hint.text()  # close to a listed value: says which
    prompt.edit.selectAll()
    type_text(qtbot, prompt.edit, "Santé")
    assert prompt.is_merge()
    assert "fusionnée" in prompt.hint.text()
    assert prompt.buttons.button(prompt.buttons.StandardButton.Ok).text() == "Fusionner"
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.row_texts() == [("Mer", "0"), ("Santé", "2")])
    assert sectors_of(catalogue_path, "Fab lab du CISAM") == ["Santé"]  # no duplicate
    assert window.action_map["undo"].text() == "&Annuler : fusionner « Numérique » dans « Santé » (1 entrée)"
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)  # Ctrl+Z inside the dialog too
    qtbot.waitUntil(lambda: dialog.row_texts() == [("Mer", "0"), ("Numérique", "1"), ("Santé", "2")])
    assert sectors_of(catalogue_path, "Fab lab du CISAM") == ["Numérique", "Santé"]
    wait_idle(qtbot, window)


def test_delete_a_used_site_asks_first_then_undo(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.list_box.setFocus()
    qtbot.keyClick(dialog.list_box, Qt.Key.Key_Down)
    assert dialog.list_box.currentText() == "Sites d'implantation"
    assert dialog.table.horizontalHeaderItem(1).text() == "Offres"  # type: ignore[union-attr]
    assert dialog.table.horizontalHeaderItem(2).text() == "Structures"  # type: ignore[union-attr]
    assert dialog.row_texts() == [("Technopôle de Luminy", "1", "0")]
    choose(qtbot, dialog, "Technopôle de Luminy")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    box = dialog.prompt
    assert isinstance(box, QMessageBox)
    assert "1 entrée (1 offre)" in box.text()
    assert "un site est vidé" in box.text()
    # Cancel first: nothing happens.
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert catalogue.references("site") == ["Technopôle de Luminy"]

    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    box = dialog.prompt
    assert isinstance(box, QMessageBox)
    confirm = box.findChild(QPushButton, "confirmRemove")
    assert confirm is not None
    confirm.click()
    qtbot.waitUntil(lambda: dialog.row_texts() == [])
    (offer,) = [
        e for e in catalogue.rows("offers", catalogue.ids("offers")) if e["title"].startswith("Crèche")
    ]
    assert offer["site"] is None
    assert catalogue.references("site") == []
    assert window.action_map["undo"].text() == "&Annuler : supprimer « Technopôle de Luminy » (1 entrée)"
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: dialog.row_texts() == [("Technopôle de Luminy", "1", "0")])
    assert catalogue.get("offers", offer["id"])["site"] == "Technopôle de Luminy"
    assert catalogue.references("site") == ["Technopôle de Luminy"]
    wait_idle(qtbot, window)


@offscreen_popups
def test_add_a_value_then_search_a_long_list(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    box = dialog.prompt
    assert isinstance(box, QInputDialog)
    box.setTextValue("  Industrie ")
    box.accept()
    qtbot.waitUntil(lambda: ("Industrie", "0") in dialog.row_texts())
    assert catalogue.references("sector") == ["Industrie", "Mer", "Numérique", "Santé"]
    assert window.action_map["undo"].text() == "&Annuler : ajouter « Industrie » à « Filières »"
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: ("Industrie", "0") not in dialog.row_texts())
    assert catalogue.references("sector") == ["Mer", "Numérique", "Santé"]

    for i in range(10):
        catalogue.add_reference("sector", f"Filière {i}")
    dialog.refresh()
    assert dialog.search.isVisible()
    qtbot.keyClick(dialog.table, Qt.Key.Key_F, CTRL)
    assert dialog.search.hasFocus()
    type_text(qtbot, dialog.search, "SANTE")
    assert dialog.row_texts() == [("Santé", "1")]
    wait_idle(qtbot, window)


@offscreen_popups
def test_ctrl_z_in_the_search_undoes_its_typing_then_the_last_operation(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    for i in range(10):
        catalogue.add_reference("sector", f"Filière {i}")
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    box = dialog.prompt
    assert isinstance(box, QInputDialog)
    box.setTextValue("Industrie")
    box.accept()
    qtbot.waitUntil(lambda: ("Industrie", "0") in dialog.row_texts())
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F, CTRL)
    assert dialog.search.hasFocus()
    qtbot.keyClicks(dialog.search, "indus")
    assert dialog.row_texts() == [("Industrie", "0")]

    qtbot.keyClick(dialog.search, Qt.Key.Key_Z, CTRL)  # the search's own typing first
    assert dialog.search.text() == ""
    assert len(dialog.row_texts()) == 14
    assert "Industrie" in catalogue.references("sector")

    qtbot.keyClick(dialog.search, Qt.Key.Key_Z, CTRL)  # nothing of its own left: the addition is undone
    qtbot.waitUntil(lambda: ("Industrie", "0") not in dialog.row_texts())
    assert "Industrie" not in catalogue.references("sector")
    assert window.action_map["redo"].text() == "&Rétablir : ajouter « Industrie » à « Filières »"

    redo = CTRL | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(dialog.search, Qt.Key.Key_Z, redo)  # redo: the search's typing first, then the addition
    assert dialog.search.text() == "indus"
    assert dialog.row_texts() == []
    assert "Industrie" not in catalogue.references("sector")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Z, redo)
    qtbot.waitUntil(lambda: ("Industrie", "0") in dialog.row_texts())
    assert "Industrie" in catalogue.references("sector")
    wait_idle(qtbot, window)


@pytest.fixture
def big_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every operation counts as big: it runs on the session's runner, as at 100,000 entries."""
    monkeypatch.setattr(reference_commands, "SYNC_LIMIT", 0)


def test_big_work_runs_on_the_runner_and_undoes_there(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path, big_work: None
) -> None:
    session = window.session
    assert session is not None
    dialog = open_dialog(qtbot, window)
    choose(qtbot, dialog, "Santé")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    prompt = dialog.prompt
    assert isinstance(prompt, RenameDialog)
    activate(qtbot, prompt)
    prompt.edit.selectAll()
    type_text(qtbot, prompt.edit, "Health")
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.undo.stack.count() == 1, timeout=10000)
    assert not dialog.runner.busy
    assert sectors_of(catalogue_path, "Prêt d'honneur innovation") == ["Health"]
    assert ("Health", "1") in dialog.row_texts()

    session.undo.stack.undo()
    qtbot.waitUntil(lambda: ("Santé", "1") in dialog.row_texts(), timeout=10000)
    assert sectors_of(catalogue_path, "Prêt d'honneur innovation") == ["Santé"]
    session.undo.stack.redo()
    qtbot.waitUntil(lambda: ("Health", "1") in dialog.row_texts(), timeout=10000)
    assert sectors_of(catalogue_path, "Prêt d'honneur innovation") == ["Health"]
    wait_idle(qtbot, window)


def test_a_refused_background_undo_leaves_the_stack(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path, big_work: None
) -> None:
    session = window.session
    assert session is not None
    dialog = open_dialog(qtbot, window)
    choose(qtbot, dialog, "Santé")
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    prompt = dialog.prompt
    assert isinstance(prompt, RenameDialog)
    activate(qtbot, prompt)
    prompt.edit.selectAll()
    type_text(qtbot, prompt.edit, "Health")
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.undo.stack.count() == 1, timeout=10000)
    with open_catalogue(catalogue_path) as cat:
        cat.update("offers", 1, {"sectors": ["Mer"]})  # changed since, elsewhere
    with qtbot.waitSignal(session.undo.refused, timeout=10000) as refused:
        session.undo.stack.undo()
    assert "Impossible d'annuler « renommer « Santé » en « Health » (1 entrée) »" in str(refused.args[0])
    qtbot.waitUntil(lambda: session.undo.stack.count() == 0)
    assert sectors_of(catalogue_path, "Prêt d'honneur innovation") == ["Mer"]
    wait_idle(qtbot, window)
