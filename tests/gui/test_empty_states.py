"""Empty views say what to do (an empty catalogue, filters that hide everything, an empty review queue),
facets without values are hidden, and the commands on the selection wait for one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.empty_state import CLEAR_HREF
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.review_queue import ReviewQueuePage

from .conftest import TODAY, clock, open_catalogue, show_page, wait_idle

SELECTION_COMMANDS = ("duplicate", "bulk_edit", "archive", "restore", "mark_reviewed", "snooze")


def browser(window: MainWindow, name: str) -> BrowserPage:
    page = window.pages[name]
    assert isinstance(page, BrowserPage)
    return page


def shown_facets(page: BrowserPage) -> list[str]:
    return [name for name, s in page.facets.sections.items() if not s.isHidden()]


def enabled(window: MainWindow) -> set[str]:
    return {name for name in SELECTION_COMMANDS if window.action_map[name].isEnabled()}


def test_an_empty_catalogue_says_how_to_fill_it(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "vide.sqlite"
    Catalogue.new(path, clock=clock).close()
    window = make_window(path)
    offers = browser(window, "offers")
    assert offers.empty.isVisible()
    assert offers.empty.text() == (
        "Aucune offre pour l'instant. Importez le tableur d'un partenaire (Ctrl+I) ou créez une entrée (Ctrl+N)."
    )
    assert shown_facets(offers) == []  # no value to filter on: no empty groups
    assert window.count_label.text() == "0 entrée sur 0"
    assert enabled(window) == set()
    assert window.action_map["new_entry"].isEnabled()
    show_page(qtbot, window, "actions")
    assert browser(window, "actions").empty.text().startswith("Aucune action pour l'instant.")

    show_page(qtbot, window, "offers")
    new_id = window.commands.new_entry()
    assert new_id is not None
    qtbot.waitUntil(lambda: offers.table.current_id() == new_id)
    wait_idle(qtbot, window)
    assert not offers.empty.isVisible()
    # A new offer is active and incomplete, its need and site not filled in (« (vide) » in their facets).
    assert shown_facets(offers) == ["flags", "status", "need", "site"]
    assert enabled(window) == set(SELECTION_COMMANDS)
    with open_catalogue(path) as cat:
        assert cat.total("offers") == 1


def filters_heading(window: MainWindow) -> str:
    """The « FILTRES » heading and its link as the sidebar shows them ("" when hidden)."""
    sidebar = window.sidebar
    if not sidebar.filters_title.isVisible():
        assert not sidebar.clear_button.isVisible()
        return ""
    return f"{sidebar.filters_title.text()} | {sidebar.clear_button.text()}"


def test_the_filters_heading_waits_for_a_facet_to_show(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "vide.sqlite"
    Catalogue.new(path, clock=clock).close()
    window = make_window(path)
    offers = browser(window, "offers")
    wait_idle(qtbot, window)
    assert shown_facets(offers) == []
    assert filters_heading(window) == ""  # no facet under it: no heading
    show_page(qtbot, window, "review")
    assert filters_heading(window) == ""
    show_page(qtbot, window, "offers")

    # A search filters even an empty catalogue: the link that clears it stays at hand.
    qtbot.keyClicks(offers.search, "x")
    qtbot.waitUntil(lambda: filters_heading(window) == "FILTRES | Effacer les filtres (1)")
    offers.search.clear()
    qtbot.waitUntil(lambda: filters_heading(window) == "")

    new_id = window.commands.new_entry()  # facets to show: the heading comes back
    assert new_id is not None
    qtbot.waitUntil(lambda: offers.table.current_id() == new_id)
    wait_idle(qtbot, window)
    assert shown_facets(offers) != []
    assert filters_heading(window) == "FILTRES | Effacer les filtres"
    show_page(qtbot, window, "actions")  # still no action: nothing to filter there
    assert filters_heading(window) == ""
    show_page(qtbot, window, "offers")
    assert filters_heading(window) == "FILTRES | Effacer les filtres"


def test_filters_that_hide_everything_say_so_with_the_way_to_clear_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    offers = browser(window, "offers")
    assert not offers.empty.isVisible()
    assert shown_facets(offers) == ["flags", "status", "need", "stages", "sectors", "site", "structure"]
    qtbot.keyClicks(offers.search, "introuvable")
    qtbot.waitUntil(lambda: offers.model.rowCount() == 0)
    wait_idle(qtbot, window)
    assert offers.empty.isVisible()
    assert offers.empty.text().startswith("Aucune entrée ne correspond aux filtres.<br>")
    assert "Effacer les filtres</a> (Ctrl+Maj+L)" in offers.empty.text()
    offers.empty.linkActivated.emit(CLEAR_HREF)  # the link clicked
    assert offers.search.text() == ""
    qtbot.waitUntil(lambda: offers.model.rowCount() == 6)
    assert not offers.empty.isVisible()


def test_an_empty_review_queue_says_everything_is_up_to_date(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "a-jour.sqlite"
    cat = Catalogue.new(path, clock=clock, user="tester")
    cat.create("offers", {"title": "Incubateur", "email": "a@b.fr", "reviewed": TODAY.isoformat()})
    cat.close()
    window = make_window(path)
    show_page(qtbot, window, "review")
    page = window.pages["review"]
    assert isinstance(page, ReviewQueuePage)
    offers = page.lists["offers"]
    assert offers.empty.isVisible()
    assert offers.empty.text() == "Rien à revoir : toutes les entrées sont à jour."
    assert shown_facets(offers) == []
    assert not any(a.isEnabled() for a in page.queue_actions.values())
    assert enabled(window) == set()


def test_the_commands_on_the_selection_wait_for_one(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    offers = browser(window, "offers")
    offers.table.selectionModel().clear()  # no row selected, none current: nothing to act on
    assert offers.form.entry_id is None
    assert enabled(window) == set()
    offers.table.set_current_row(0)
    assert enabled(window) == set(SELECTION_COMMANDS)
    entry_id = offers.model.id_at(0)
    need = catalogue.get("offers", entry_id)["need"]
    before = offers.facets.model("need").count_of(need)
    assert before
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(offers.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)  # Archiver
    qtbot.waitUntil(lambda: entry_id not in offers.model.ids)
    assert catalogue.get("offers", entry_id)["status"] == "archived"
    wait_idle(qtbot, window)
    assert (offers.facets.model("need").count_of(need) or 0) == before - 1  # the counts follow
    show_page(qtbot, window, "structures")
    structures = browser(window, "structures")
    structures.table.selectionModel().clear()
    assert enabled(window) == set()
    structures.table.set_current_row(0)  # and never « Marquer comme revu » on structures
    assert enabled(window) == {"duplicate", "bulk_edit", "archive", "restore"}

    show_page(qtbot, window, "review")
    page = window.pages["review"]
    assert isinstance(page, ReviewQueuePage)
    queue = page.lists["offers"]
    queue.table.selectionModel().clear()
    assert not any(a.isEnabled() for a in page.queue_actions.values())
    assert enabled(window) == set()
    queue.table.set_current_row(0)
    assert all(a.isEnabled() for a in page.queue_actions.values())
    assert enabled(window) == set(SELECTION_COMMANDS)
    page.show_kind("actions")  # the other list: its own selection
    page.lists["actions"].table.selectionModel().clear()
    assert not page.queue_actions["reviewed"].isEnabled()
    assert not window.action_map["mark_reviewed"].isEnabled()
