"""The review queue: oldest review first, one key to mark reviewed (a review, not a modification), edit,
archive, snooze with a reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.dialogs import SnoozeDialog
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.review_queue import QueueList, ReviewQueuePage

from .conftest import TODAY, show_page, wait_idle


def queue_page(qtbot: QtBot, window: MainWindow) -> ReviewQueuePage:
    show_page(qtbot, window, "review")
    page = window.pages["review"]
    assert isinstance(page, ReviewQueuePage)
    return page


def titles(queue: QueueList) -> list[str]:
    col = queue.model.column_named("title")
    return [queue.model.index(r, col).data() for r in range(queue.model.rowCount())]


def test_queue_lists_flagged_entries_oldest_review_first_with_reasons(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page = queue_page(qtbot, window)
    offers = page.lists["offers"]
    assert titles(offers)[:3] == ["Prêt d'honneur innovation", "Fab lab du CISAM", "Accélérateur M"]
    reviewed = [catalogue.get("offers", i)["reviewed"] for i in offers.model.ids]
    assert reviewed == sorted(reviewed)
    reason = offers.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Non revue depuis 34 mois" in reason
    assert page.tabs.tabText(0) == "Offres (3)"
    actions = page.lists["actions"]
    assert actions.model.rowCount() > 0
    assert window.sidebar.items["review"].text().endswith(str(3 + actions.model.rowCount()))


def test_one_key_marks_reviewed_records_a_review_and_moves_on(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page = queue_page(qtbot, window)
    offers = page.lists["offers"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # « Fab lab du CISAM » is only stale (it has a phone number): reviewed, it leaves the queue.
    offers.table.set_current_row(1)
    first, second = offers.model.id_at(1), offers.model.id_at(2)
    before = catalogue.get("offers", first)
    offers.table.setFocus()
    qtbot.keyClick(offers.table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: first not in offers.model.ids)
    after = catalogue.get("offers", first)
    assert after["reviewed"] == TODAY.isoformat()
    assert after["updated"] == before["updated"]  # a review is not a modification
    last = catalogue.history("offers", first)[0]
    assert (last.op, last.field, last.old, last.new) == ("review", "reviewed", "2025-01-02", "2026-11-21")
    assert offers.table.current_id() == second  # the next one is ready for the next key
    wait_idle(qtbot, window)
    assert page.tabs.tabText(0) == "Offres (2)"
    assert window.action_map["undo"].text() == "&Annuler : marquer « Fab lab du CISAM » comme revue"
    window.action_map["undo"].trigger()
    qtbot.waitUntil(lambda: first in offers.model.ids)
    assert catalogue.get("offers", first)["reviewed"] == "2025-01-02"


def test_reviewing_an_incomplete_entry_keeps_it_in_the_queue_for_its_other_flag(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page = queue_page(qtbot, window)
    offers = page.lists["offers"]
    offers.table.set_current_row(0)
    entry_id = offers.model.id_at(0)  # stale and without any contact
    assert page.mark_reviewed()
    qtbot.waitUntil(lambda: offers.model.ids[-1:] == [entry_id])  # reviewed today: now the newest
    assert catalogue.get("offers", entry_id)["reviewed"] == TODAY.isoformat()
    flags = offers.model.index(offers.model.rowCount() - 1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Aucun contact" in flags and "Non revue" not in flags


def test_snooze_with_a_reason_takes_the_entry_out_until_then(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page = queue_page(qtbot, window)
    offers = page.lists["offers"]
    offers.table.set_current_row(0)
    entry_id = offers.model.id_at(0)
    dialog = page.snooze()
    assert isinstance(dialog, SnoozeDialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a snooze always says why
    qtbot.keyClicks(dialog.reason, "En attente du partenaire")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entry_id not in offers.model.ids)
    entry = catalogue.get("offers", entry_id)
    assert entry["snooze_reason"] == "En attente du partenaire"
    assert entry["snoozed_until"] == (TODAY + dt.timedelta(days=91)).isoformat()
    window.action_map["undo"].trigger()
    qtbot.waitUntil(lambda: entry_id in offers.model.ids)


def test_archive_from_the_queue(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    page = queue_page(qtbot, window)
    page.show_kind("actions")
    actions = page.lists["actions"]
    actions.table.set_current_row(0)
    entry_id = actions.model.id_at(0)
    page.queue_actions["archive"].trigger()
    qtbot.waitUntil(lambda: entry_id not in actions.model.ids)
    assert catalogue.get("actions", entry_id)["archived"] == 1


def test_edit_from_the_queue_focuses_the_form(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    page = queue_page(qtbot, window)
    offers = page.lists["offers"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    offers.table.set_current_row(0)
    entry_id = offers.model.id_at(0)
    offers.table.setFocus()
    qtbot.keyClick(offers.table, Qt.Key.Key_E)
    email = offers.form.editors["email"]
    qtbot.waitUntil(lambda: offers.form.editors["title"].hasFocus())
    email.setFocus()
    qtbot.keyClicks(email, "pret@mi.example")
    qtbot.keyClick(email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] == "pret@mi.example")
    # Still stale (not reviewed), no longer incomplete: it stays in the queue with one flag less.
    qtbot.waitUntil(lambda: offers.form.flags_label.text().count("<b>") == 1)
    assert entry_id in offers.model.ids
