"""The main window driven as a user drives it: search, facets, cell edits, undo/redo, bulk edit, archive,
opening catalogues, remembered columns; each test checks the screen and the catalogue."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView, QWidget
from pytestqt.qtbot import QtBot

from stewarddesk import __version__, paths, vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.app import create_application
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.dialogs import BulkEditDialog
from stewarddesk.gui.editors import CodeEditor, DateEditor
from stewarddesk.gui.main_window import MainWindow

from .conftest import offscreen_popups, open_catalogue, show_page, wait_idle


def page(window: MainWindow, name: str) -> BrowserPage:
    p = window.pages[name]
    assert isinstance(p, BrowserPage)
    return p


def column_texts(view: QTableView, name: str) -> list[str]:
    model = view.model()
    col = model.column_named(name)  # type: ignore[attr-defined]
    return [model.index(r, col).data() for r in range(model.rowCount())]


def click_row(
    qtbot: QtBot, view: QTableView, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    index = view.model().index(row, 1)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def message_box(qtbot: QtBot, parent: QWidget) -> QMessageBox:
    boxes: list[QMessageBox] = []

    def found() -> bool:
        boxes[:] = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
        return bool(boxes)

    qtbot.waitUntil(found)
    return boxes[-1]


# ---------------------------------------------------------------------- finding
def test_status_bar_counts_live_entries(qtbot: QtBot, window: MainWindow) -> None:
    assert window.count_label.text() == "6 entrées sur 6"  # the archived offer is hidden
    assert "Ancienne pépinière" not in column_texts(page(window, "offers").table, "title")
    assert window.sidebar.items["offers"].text().endswith("6")


def test_typing_in_the_search_box_filters_as_you_type(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    qtbot.keyClicks(offers.search, "creche")  # accents ignored
    qtbot.waitUntil(lambda: offers.model.rowCount() == 1)
    wait_idle(qtbot, window)
    assert column_texts(offers.table, "title") == ["Crèche d'entreprises de Luminy"]
    assert window.count_label.text() == "1 entrée sur 6"
    offers.search.clear()
    qtbot.waitUntil(lambda: offers.model.rowCount() == 6)


def test_ctrl_z_in_the_search_box_undoes_the_search_typing_then_the_last_edit(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    offers = page(window, "offers")
    activate(qtbot, window)
    row = column_texts(offers.table, "title").index("Fab lab du CISAM")
    entry_id = offers.model.id_at(row)
    offers.table.set_current_row(row)
    assert window.session is not None
    window.session.undo.update("offers", entry_id, {"site": "Belle de Mai"})
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(offers.table, Qt.Key.Key_F, ctrl)
    qtbot.waitUntil(offers.search.hasFocus)
    qtbot.keyClicks(offers.search, "fab")
    qtbot.keyClick(offers.search, Qt.Key.Key_Z, ctrl)  # the search's own typing first
    assert offers.search.text() == ""
    assert catalogue.get("offers", entry_id)["site"] == "Belle de Mai"
    qtbot.keyClick(offers.search, Qt.Key.Key_Z, ctrl)  # nothing left of its own: the window's undo
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["site"] is None)
    assert window.action_map["redo"].text() == "&Rétablir : modifier « Site » de « Fab lab du CISAM »"


def test_search_matches_structure_names(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    qtbot.keyClicks(offers.search, "cisam")
    qtbot.waitUntil(lambda: offers.model.rowCount() == 2)
    assert sorted(column_texts(offers.table, "title")) == ["Accélérateur M", "Fab lab du CISAM"]


def test_picking_facets_filters_and_clear_filters_is_one_click(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    need = offers.facets.sections["need"]
    qtbot.waitUntil(lambda: need.model.row_of("support") is not None)
    assert need.model.count_of("support") == 2
    row = need.model.row_of("support")
    assert row is not None
    rect = need.list.visualRect(need.model.index(row))
    qtbot.mouseClick(need.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: offers.model.rowCount() == 2)
    assert sorted(column_texts(offers.table, "title")) == ["Accélérateur M", "Incubateur Impulse"]
    wait_idle(qtbot, window)
    assert window.count_label.text() == "2 entrées sur 6"
    assert window.sidebar.clear_button.text() == "Effacer les filtres (1)"
    # Flags facet: counts follow the other filters (AND across fields).
    flags = offers.facets.sections["flags"]
    assert flags.model.count_of("stale") == 1
    stale_row = flags.model.row_of("stale")
    assert stale_row is not None
    qtbot.mouseClick(
        flags.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=flags.list.visualRect(flags.model.index(stale_row)).center(),
    )
    qtbot.waitUntil(lambda: offers.model.rowCount() == 1)
    assert column_texts(offers.table, "title") == ["Accélérateur M"]
    qtbot.mouseClick(window.sidebar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: offers.model.rowCount() == 6)
    assert offers.facets.active_count() == 0
    wait_idle(qtbot, window)
    assert not window.sidebar.clear_button.isEnabled()


def test_the_longest_french_facet_labels_fit_beside_their_counts(qtbot: QtBot, window: MainWindow) -> None:
    """« Mise en réseau / événements », « Lien recherche / laboratoires »: whole, not « Lien recherche /
    laborat… », in a new window; and the ten needs without a scroll bar of their own inside the sidebar's."""
    need = page(window, "offers").facets.sections["need"]
    need.model.set_counts([(code, 1) for code in vocab.codes("need")])  # every need in use
    qtbot.waitUntil(lambda: need.list.isVisible() and need.model.rowCount() == 10)
    labels = [need.model.index(r).data() for r in range(need.model.rowCount())]
    assert "Mise en réseau / événements" in labels and "Lien recherche / laboratoires" in labels
    assert need.list.sizeHintForColumn(0) <= need.list.viewport().width()  # label, check box and count
    assert not need.list.verticalScrollBar().isVisible()


def test_show_archived(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    qtbot.mouseClick(offers.show_archived, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: offers.model.rowCount() == 7)
    assert "Ancienne pépinière" in column_texts(offers.table, "title")


# ---------------------------------------------------------------------- editing, undo, redo
@offscreen_popups
def test_edit_a_cell_through_its_delegate_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    view = actions.table
    activate(qtbot, window)
    row = column_texts(view, "title").index("Action numéro 01")
    entry_id = actions.model.id_at(row)
    assert catalogue.get("actions", entry_id)["status"] == "to_define"
    index = actions.model.index(row, actions.model.column_named("status"))
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(CodeEditor)
    assert editor is not None
    qtbot.waitUntil(lambda: editor.view().isVisible())
    popup = editor.view()
    popup.setCurrentIndex(editor.model().index(editor.findData("done"), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: index.data() == "Réalisée")
    assert catalogue.get("actions", entry_id)["status"] == "done"
    history = catalogue.history("actions", entry_id)
    assert (history[0].op, history[0].field, history[0].old, history[0].new) == (
        "update",
        "status",
        "to_define",
        "done",
    )
    assert history[0].source == "manual" and history[0].who == "tester"

    undo, redo = window.action_map["undo"], window.action_map["redo"]
    assert undo.text() == "&Annuler : modifier « Statut » d'« Action numéro 01 »"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: index.data() == "À définir")
    assert catalogue.get("actions", entry_id)["status"] == "to_define"
    assert redo.text() == "&Rétablir : modifier « Statut » d'« Action numéro 01 »"
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: index.data() == "Réalisée")
    assert catalogue.get("actions", entry_id)["status"] == "done"


def test_a_bad_date_typed_in_a_cell_is_refused_not_written(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    view = actions.table
    index = actions.model.index(0, actions.model.column_named("reviewed"))
    before = catalogue.get("actions", actions.model.id_at(0))["reviewed"]
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(DateEditor)
    assert editor is not None
    editor.clear()
    qtbot.keyClicks(editor, "31/02/2026")
    assert editor.property("invalid") is True
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "31/02/2026" in window.statusBar().currentMessage())
    assert catalogue.get("actions", actions.model.id_at(0))["reviewed"] == before
    assert not window.session.undo.stack.canUndo()  # type: ignore[union-attr]


@offscreen_popups
def test_bulk_edit_fifty_rows_in_one_step_undone_in_one_step(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    view = actions.table
    activate(qtbot, window)
    click_row(qtbot, view, 0)
    for _ in range(49):
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ids = actions.selected_ids()
    assert len(ids) == 50
    qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.dialog, BulkEditDialog) and window.dialog.isVisible())
    dialog = window.dialog
    assert isinstance(dialog, BulkEditDialog)
    dialog.set_field("term")
    editor = dialog.editor
    assert isinstance(editor, CodeEditor)
    editor.setCurrentIndex(editor.findData("long"))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(catalogue.get("actions", i)["term"] == "long" for i in ids))
    assert set(column_texts(view, "term")[:50]) == {"Long terme"}
    stack = window.session.undo.stack  # type: ignore[union-attr]
    assert stack.count() == 1
    assert window.action_map["undo"].text() == "&Annuler : modifier « Temporalité » de 50 entrées"
    window.action_map["undo"].trigger()
    qtbot.waitUntil(lambda: column_texts(view, "term")[0] != "Long terme")
    terms = {catalogue.get("actions", i)["term"] for i in ids}
    assert terms == {"short", "medium", "long", "medium_long"}  # every one back to its own value
    window.action_map["redo"].trigger()
    qtbot.waitUntil(lambda: set(column_texts(view, "term")[:50]) == {"Long terme"})


def test_bulk_edit_review_date_status_and_carrier_type(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    view = actions.table
    view.selectAll()
    ids = actions.selected_ids()
    assert len(ids) == 60
    dialog = window.commands.bulk_edit()
    assert dialog is not None
    dialog.set_field("reviewed")
    assert isinstance(dialog.editor, DateEditor)
    qtbot.keyClicks(dialog.editor, "01/12/2026")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: catalogue.get("actions", ids[-1])["reviewed"] == "2026-12-01")
    dialog = window.commands.bulk_edit()
    assert dialog is not None
    dialog.set_field("status")
    assert isinstance(dialog.editor, CodeEditor)
    dialog.editor.setCurrentIndex(dialog.editor.findData("engaged"))
    dialog.accept()
    qtbot.waitUntil(lambda: {catalogue.get("actions", i)["status"] for i in ids} == {"engaged"})
    dialog = window.commands.bulk_edit()
    assert dialog is not None
    dialog.set_field("carrier_type")
    assert isinstance(dialog.editor, CodeEditor)
    dialog.editor.setCurrentIndex(dialog.editor.findData("mixed"))
    dialog.accept()
    qtbot.waitUntil(lambda: {catalogue.get("actions", i)["carrier_type"] for i in ids} == {"mixed"})
    qtbot.waitUntil(lambda: set(column_texts(view, "carrier_type")) == {"Mixte (collective)"})
    assert window.session.undo.stack.count() == 3  # type: ignore[union-attr]
    window.action_map["undo"].trigger()  # one step: every carrier type back to its own
    qtbot.waitUntil(lambda: len({catalogue.get("actions", i)["carrier_type"] for i in ids}) == 3)


# ---------------------------------------------------------------------- entries
def test_archive_and_restore(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    view = offers.table
    activate(qtbot, window)
    row = column_texts(view, "title").index("Fab lab du CISAM")
    entry_id = offers.model.id_at(row)
    click_row(qtbot, view, row)
    qtbot.keyClick(view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Fab lab du CISAM" not in column_texts(view, "title"))
    assert catalogue.get("offers", entry_id)["status"] == "archived"
    wait_idle(qtbot, window)
    assert window.count_label.text() == "5 entrées sur 5"
    offers.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: "Fab lab du CISAM" in column_texts(view, "title"))
    offers.table.select_ids([entry_id], entry_id)
    assert window.commands.restore()
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["status"] == "active")
    assert [h.op for h in catalogue.history("offers", entry_id)[:2]] == ["restore", "archive"]


def test_new_and_duplicate_entries(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    offers = page(window, "offers")
    new_id = window.commands.new_entry()
    assert new_id is not None
    qtbot.waitUntil(lambda: offers.form.entry_id == new_id)
    assert catalogue.get("offers", new_id)["title"] == "Nouvelle offre"
    title = offers.form.editors["title"]
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, "Pret a la creation")  # QTest types ASCII only
    qtbot.keyClick(title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", new_id)["title"] == "Pret a la creation")
    copy_id = window.commands.duplicate()
    assert copy_id is not None and copy_id != new_id
    assert catalogue.get("offers", copy_id)["title"] == "Pret a la creation (copie)"
    qtbot.waitUntil(lambda: offers.model.rowCount() == 8)
    window.action_map["undo"].trigger()  # undo the copy
    qtbot.waitUntil(lambda: offers.model.rowCount() == 7)
    assert catalogue.ids("offers") and copy_id not in catalogue.ids("offers")


def test_structures_are_browsed_and_edited(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    show_page(qtbot, window, "structures")
    structures = page(window, "structures")
    assert column_texts(structures.table, "name") == [
        "Aix-Marseille Université",
        "CISAM",
        "Impulse",
        "Marseille Innovation",
    ]
    structures.table.select_ids([structures.model.id_at(1)])
    assert window.commands.mark_reviewed() is None  # structures have no review
    assert "pas de revue" in window.statusBar().currentMessage()


# ---------------------------------------------------------------------- menus
def test_every_command_of_the_menus_has_its_icon(qtbot: QtBot, window: MainWindow) -> None:
    """Menu lines without an icon stand out of line (« Doublons probables… », « Listes de référence… » had
    none). Sub-menus and ticked options (« Afficher les archivées ») show their own mark instead."""
    missing = [
        f"{name}: {a.text()}"
        for name, menu in window.menus.items()
        for a in menu.actions()
        if not a.isSeparator()
        and a.menu() is None
        and not a.isCheckable()
        and a.icon().pixmap(16, 16).isNull()
    ]
    assert missing == []
    edit = [a.text() for a in window.menus["edit"].actions()]
    assert {"Doublons &probables…", "&Listes de référence…"} <= set(edit)


# Aide › Raccourcis clavier says these; each must be a shortcut of its command on every platform (Qt's
# standard keys differ: « Quitter » has none on Windows, hence its Ctrl+Q of its own).
SAID_SHORTCUTS = {
    "find": "Ctrl+F",
    "clear_filters": "Ctrl+Shift+L",
    "page_offers": "Ctrl+1",
    "page_review": "Ctrl+4",
    "new_entry": "Ctrl+N",
    "duplicate": "Ctrl+D",
    "bulk_edit": "Ctrl+M",
    "copy": "Ctrl+C",
    "undo": "Ctrl+Z",
    "redo": "Ctrl+Shift+Z",
    "mark_reviewed": "Ctrl+R",
    "archive": "Ctrl+Del",
    "restore": "Ctrl+Shift+Del",
    "import": "Ctrl+I",
    "export": "Ctrl+E",
    "import_history": "Ctrl+H",
    "open_catalogue": "Ctrl+O",
    "quit": "Ctrl+Q",
}


def test_the_shortcuts_the_help_lists_are_the_commands_own(qtbot: QtBot, window: MainWindow) -> None:
    box = window.show_shortcuts()
    for name, key in SAID_SHORTCUTS.items():
        said = key.replace("Shift", "Maj").replace("Del", "Suppr")
        assert said in box.text(), said
        keys = [
            k.toString(QKeySequence.SequenceFormat.PortableText) for k in window.action_map[name].shortcuts()
        ]
        assert key in keys, (name, keys)
    box.accept()


def test_quitter_closes_the_window_and_releases_the_catalogue(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path
) -> None:
    window.action_map["quit"].trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.session is None
    with open_catalogue(catalogue_path) as cat:
        assert cat.total("offers") == 7


# ---------------------------------------------------------------------- catalogues
def test_the_window_title_is_the_catalogue_then_the_application_once(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path
) -> None:
    app = create_application()  # the application's display name, which the desktop puts after the title
    assert app.applicationDisplayName() == "StewardDesk"
    handle = window.windowHandle()
    assert handle is not None
    # What the title bar shows is « catalogue.sqlite — StewardDesk »: the window's part names the file only.
    assert handle.title() == "catalogue.sqlite"
    assert window.windowFilePath() == str(catalogue_path)
    window.set_session(None)
    assert handle.title() == "StewardDesk"  # the welcome page: the name once (the desktop adds nothing)
    assert window.windowFilePath() == ""


def test_opening_a_file_that_is_not_a_catalogue_says_so_and_keeps_the_current_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("ceci n'est pas une base", encoding="utf-8")
    assert not window.open_catalogue(bad)
    box = message_box(qtbot, window)
    assert "n'est pas un catalogue StewardDesk" in box.text()
    assert "Traceback" not in box.text()
    box.accept()
    assert window.session is not None and window.session.path.name == "catalogue.sqlite"
    assert page(window, "offers").model.rowCount() == 6


def test_opening_a_newer_or_missing_catalogue_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.sqlite"
    Catalogue.new(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert not window.open_catalogue(newer)
    assert "version plus récente" in message_box(qtbot, window).text()
    assert not window.open_catalogue(tmp_path / "absent.sqlite")
    qtbot.waitUntil(
        lambda: any("introuvable" in b.text() for b in window.findChildren(QMessageBox) if b.isVisible())
    )


def test_a_bad_catalogue_at_start_shows_the_welcome_page_with_ways_out(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    window = make_window(None)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert not window.open_catalogue(bad)
    assert window.page_stack.currentWidget() is window.welcome
    assert window.welcome.error.isVisible()
    assert not window.action_map["new_entry"].isEnabled()
    message_box(qtbot, window).accept()
    created = tmp_path / "nouveau.sqlite"
    assert window.new_catalogue(created)
    wait_idle(qtbot, window)
    assert window.page_stack.currentWidget() is window.pages["offers"]
    assert window.count_label.text() == "0 entrée sur 0"


def test_recent_catalogues_are_remembered(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "autre.sqlite"
    Catalogue.new(other).close()
    assert window.open_catalogue(other)
    wait_idle(qtbot, window)
    assert window.ui_state.recent_catalogues()[:2] == [other.resolve(), catalogue_path.resolve()]
    window.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert str(catalogue_path.resolve()) in texts
    next(a for a in window.recent_menu.actions() if a.text() == str(catalogue_path.resolve())).trigger()
    wait_idle(qtbot, window)
    assert window.session is not None
    assert window.session.path.resolve() == catalogue_path.resolve()
    assert page(window, "offers").model.rowCount() == 6


def test_column_choice_and_widths_are_remembered(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], catalogue_path: Path
) -> None:
    window = make_window(catalogue_path)
    offers = page(window, "offers")
    header = offers.table.horizontalHeader()
    structure = offers.model.column_named("structure")
    email = offers.model.column_named("email")
    assert header.isSectionHidden(email)
    window.columns_menu.aboutToShow.emit()  # Affichage > Colonnes: the shown grid's columns
    assert "E-mail" in [a.text() for a in window.columns_menu.actions()]
    menu = offers.table.columns_menu()
    next(a for a in menu.actions() if a.text() == "E-mail").trigger()
    next(a for a in menu.actions() if a.text() == "Structure").trigger()
    header.resizeSection(offers.model.column_named("title"), 411)
    window.close()
    again = make_window(catalogue_path)
    offers = page(again, "offers")
    header = offers.table.horizontalHeader()
    assert not header.isSectionHidden(email)
    assert header.isSectionHidden(structure)
    assert header.sectionSize(offers.model.column_named("title")) == 411


# Closes a window, opens another with the same settings, and prints what each shows. Run on an offscreen
# screen of 1920 × 1080: the tests' own offscreen screen is 800 pixels wide, and Qt fits a restored
# window into its screen (size, place, then the splitters), which would hide what is remembered.
_REOPEN = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.ui_state import UiState

i18n.set_language("fr")
app = QApplication([])
ui_state = UiState(QSettings(sys.argv[2], QSettings.Format.IniFormat))


def shown(window):
    for _ in range(50):
        app.processEvents()
    page = window.pages["offers"]
    return {"size": [window.width(), window.height()], "pos": [window.x(), window.y()],
            "sidebar": window.splitter.sizes()[0], "form": page.splitter.sizes()[-1]}


window = MainWindow(ui_state)
window.show()
window.open_catalogue(Path(sys.argv[1]))
window.resize(1210, 770)
window.move(60, 40)
shown(window)
window.splitter.setSizes([333, 877])
page = window.pages["offers"]
page.splitter.setSizes([sum(page.splitter.sizes()) - 444, 444])
before = shown(window)
window.close()
again = MainWindow(ui_state)
again.show()
again.open_catalogue(Path(sys.argv[1]))
print(json.dumps({"before": before, "after": shown(again)}))
again.close()
"""


def test_window_size_place_sidebar_and_form_widths_are_remembered(
    catalogue_path: Path, tmp_path: Path
) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    done = subprocess.run(
        [sys.executable, "-c", _REOPEN, str(catalogue_path), str(tmp_path / "ui.ini")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"]["size"] == [1210, 770] and seen["before"]["sidebar"] == 333
    assert seen["after"] == seen["before"]  # size, place, sidebar and form widths, as they were left


def test_about_says_the_version_and_the_open_catalogue(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path
) -> None:
    window.menus["help"].aboutToShow.emit()
    window.action_map["about"].trigger()
    box = message_box(qtbot, window)
    assert box.windowTitle() == "À propos de StewardDesk"
    assert f"StewardDesk {__version__}" in box.text()
    assert str(catalogue_path) in box.text()
    assert "Métropole Aix-Marseille-Provence" in box.text()
    box.accept()


def test_catalogue_connection_is_released_when_the_window_closes(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path
) -> None:
    session = window.session
    assert session is not None
    window.close()
    assert window.session is None
    # Every connection is closed: the file can be replaced (Windows would refuse while one is open).
    with open_catalogue(catalogue_path) as cat:
        assert cat.total("offers") == 7


def test_the_welcome_page_opens_a_copy_of_the_sample(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not Path(str(paths.sample_catalogue())).is_file():
        pytest.skip("the sample catalogue is not built")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    window = make_window(None)
    assert window.page_stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.buttons["sample"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.session is not None
    assert window.session.path == paths.user_data_dir() / "catalogue-exemple.sqlite"
    assert page(window, "offers").model.rowCount() >= 15
