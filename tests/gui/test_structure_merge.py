"""« Fusionner les structures… » driven as a user drives it: select two structures, open the dialog from
the Édition menu, choose the one kept, merge, then Ctrl+Z; the screen and the catalogue are checked at
each step, and `check` stays healthy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableView
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.check import check
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.structure_merge import StructureMergeDialog

from .conftest import build_catalogue, open_catalogue, show_page, wait_idle

DUPLICATE = "Marseille Innovation SAS"


@pytest.fixture
def duplicated_path(tmp_path: Path) -> Path:
    """The window's test catalogue, plus a second spelling of Marseille Innovation with its own offer,
    its own website, and an action naming both spellings."""
    path = build_catalogue(tmp_path / "catalogue.sqlite", n_actions=5)
    cat = open_catalogue(path)
    try:
        cat.create_structure({"name": DUPLICATE, "website": "https://mi.example", "kind": "pépinière"})
        cat.create("offers", {"title": "Hébergement en pépinière", "structure": DUPLICATE, "email": "a@b.fr"})
        cat.create("offers", {"title": "Bureaux partagés", "structure": DUPLICATE, "email": "c@b.fr"})
        cat.create(
            "actions", {"title": "Pépinières du territoire", "carriers": [DUPLICATE, "Marseille Innovation"]}
        )
    finally:
        cat.close()
    return path


def page(window: MainWindow, name: str) -> BrowserPage:
    p = window.pages[name]
    assert isinstance(p, BrowserPage)
    return p


def names_shown(view: QTableView) -> list[str]:
    model = view.model()
    col = model.column_named("name")  # type: ignore[attr-defined]
    return [model.index(r, col).data() for r in range(model.rowCount())]


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def click_row(qtbot: QtBot, view: QTableView, row: int, modifier: Qt.KeyboardModifier) -> None:
    index = view.model().index(row, 1)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def offer_structures(cat: Catalogue) -> dict[str, str | None]:
    return {e["title"]: e["structure"] for e in cat.rows("offers", cat.ids("offers"))}


def test_merge_two_structures_from_the_menu_then_undo_with_ctrl_z(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], duplicated_path: Path
) -> None:
    window = make_window(duplicated_path)
    merge_action = window.action_map["merge_structures"]
    assert merge_action in window.menus["edit"].actions()
    assert not merge_action.isEnabled()  # only on the Structures page
    show_page(qtbot, window, "structures")
    assert merge_action.isEnabled()
    structures = page(window, "structures")
    view = structures.table
    activate(qtbot, window)
    shown = names_shown(view)
    assert "Marseille Innovation" in shown and DUPLICATE in shown
    click_row(qtbot, view, shown.index("Marseille Innovation"), Qt.KeyboardModifier.NoModifier)
    click_row(qtbot, view, shown.index(DUPLICATE), Qt.KeyboardModifier.ControlModifier)
    assert len(structures.selected_ids()) == 2

    merge_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, StructureMergeDialog)
    qtbot.waitExposed(dialog)
    cat = window.session.catalogue  # type: ignore[union-attr]
    kept_id = cat.structure_id("Marseille Innovation")
    dup_id = cat.structure_id(DUPLICATE)
    assert kept_id is not None and dup_id is not None
    # The one most entries name is chosen first: the duplicate (2 offers, 1 action) over 1 offer, 1 action.
    assert dialog.keep() == dup_id
    rows = {
        dialog.table.cellWidget(r, 0).text(): (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())  # type: ignore[union-attr]
        for r in range(dialog.table.rowCount())
    }
    assert rows == {"Marseille Innovation": ("1", "1"), DUPLICATE: ("2", "1")}
    radio = dialog.radios[kept_id]
    # On its indicator: a radio stretched over the column only reacts on its indicator and its text.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert dialog.keep() == kept_id
    assert dialog.preview_lines == [
        "Offres rattachées à « Marseille Innovation » : 2",
        "Actions dont « Marseille Innovation » devient porteur : 1",
        f"Archivées ensuite (restaurées si vous annulez) : « {DUPLICATE} »",
        f"Champs vides complétés : Type = « pépinière » (de « {DUPLICATE} ») ; "
        f"Site web = « https://mi.example » (de « {DUPLICATE} »)",
    ]
    assert "https://mi.example" in dialog.preview.text()

    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: DUPLICATE not in names_shown(view))
    wait_idle(qtbot, window)
    assert "Marseille Innovation" in names_shown(view)
    assert offer_structures(cat)["Hébergement en pépinière"] == "Marseille Innovation"
    assert cat.get("structures", kept_id)["website"] == "https://mi.example"
    assert cat.get("structures", dup_id)["archived"] == 1
    assert DUPLICATE not in cat.structure_names()
    assert check(cat) == []
    undo = window.action_map["undo"]
    assert undo.text() == "&Annuler : fusionner 2 structures dans « Marseille Innovation »"
    assert "fusionnées" in window.statusBar().currentMessage()

    # The offers view shows the kept name on the repointed offers.
    show_page(qtbot, window, "offers")
    offers = page(window, "offers")
    col = offers.model.column_named("structure")
    titles = offers.model.column_named("title")
    by_title = {
        offers.model.index(r, titles).data(): offers.model.index(r, col).data()
        for r in range(offers.model.rowCount())
    }
    assert by_title["Bureaux partagés"] == "Marseille Innovation"

    # One Ctrl+Z: everything as it was.
    show_page(qtbot, window, "structures")
    activate(qtbot, window)  # the closed dialog took the activation with it (offscreen platform)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: DUPLICATE in names_shown(view))
    wait_idle(qtbot, window)
    assert offer_structures(cat)["Hébergement en pépinière"] == DUPLICATE
    assert offer_structures(cat)["Bureaux partagés"] == DUPLICATE
    assert cat.get("structures", kept_id)["website"] is None
    assert cat.get("structures", dup_id)["archived"] == 0
    action = cat.rows("actions", cat.ids("actions", None))
    assert next(a for a in action if a["title"] == "Pépinières du territoire")["carriers"] == [
        DUPLICATE,
        "Marseille Innovation",
    ]
    assert check(cat) == []
    assert (
        window.action_map["redo"].text() == "&Rétablir : fusionner 2 structures dans « Marseille Innovation »"
    )

    # And redo merges again.
    window.action_map["redo"].trigger()
    qtbot.waitUntil(lambda: DUPLICATE not in names_shown(view))
    assert cat.get("structures", dup_id)["archived"] == 1
    assert check(cat) == []


def test_the_action_asks_for_two_structures(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], duplicated_path: Path
) -> None:
    window = make_window(duplicated_path)
    show_page(qtbot, window, "structures")
    view = page(window, "structures").table
    activate(qtbot, window)
    click_row(qtbot, view, 0, Qt.KeyboardModifier.NoModifier)
    window.dialog = None
    window.action_map["merge_structures"].trigger()
    assert window.dialog is None
    assert "au moins deux structures" in window.statusBar().currentMessage()
    assert not window.session.undo.stack.canUndo()  # type: ignore[union-attr]


def test_cancel_writes_nothing(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], duplicated_path: Path
) -> None:
    window = make_window(duplicated_path)
    show_page(qtbot, window, "structures")
    view = page(window, "structures").table
    activate(qtbot, window)
    shown = names_shown(view)
    click_row(qtbot, view, shown.index("Marseille Innovation"), Qt.KeyboardModifier.NoModifier)
    click_row(qtbot, view, shown.index(DUPLICATE), Qt.KeyboardModifier.ControlModifier)
    window.action_map["merge_structures"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, StructureMergeDialog)
    cat = window.session.catalogue  # type: ignore[union-attr]
    journal_before = cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal_before
    assert not window.session.undo.stack.canUndo()  # type: ignore[union-attr]
    assert DUPLICATE in names_shown(view)
