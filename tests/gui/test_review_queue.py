"""The review queue: oldest review first, one key to mark reviewed (a review, not a modification), edit,
archive, snooze with a reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
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


def test_r_r_r_works_through_the_queue_even_when_a_reviewed_entry_stays_in_it(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page = queue_page(qtbot, window)
    offers = page.lists["offers"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    offers.table.set_current_row(0)
    offers.table.setFocus()
    assert titles(offers) == ["Prêt d'honneur innovation", "Fab lab du CISAM", "Accélérateur M"]
    pret, fab_lab, accelerateur = offers.model.ids
    # « Prêt d'honneur » is also incomplete: reviewed, it goes to the end of the queue; the selection
    # moves on to the entry that was next, now in the same row, and the form shows it.
    qtbot.keyClick(offers.table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: offers.model.ids[-1:] == [pret])
    wait_idle(qtbot, window)
    assert offers.table.current_id() == fab_lab
    assert offers.table.selected_ids() == [fab_lab]
    assert offers.form.title.text() == "Fab lab du CISAM"
    qtbot.keyClick(offers.table, Qt.Key.Key_R)  # a second R reviews the next entry, not the same again
    qtbot.waitUntil(lambda: fab_lab not in offers.model.ids)
    wait_idle(qtbot, window)
    assert offers.table.current_id() == accelerateur
    assert catalogue.get("offers", fab_lab)["reviewed"] == TODAY.isoformat()
    assert [h.op for h in catalogue.history("offers", pret)].count("review") == 1
    # The menus' « Marquer comme revu » (Ctrl+R) and « Archiver » (Ctrl+Suppr) move on the same way.
    qtbot.keyClick(offers.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: accelerateur not in offers.model.ids)
    wait_idle(qtbot, window)
    assert titles(offers) == ["Prêt d'honneur innovation"]
    assert offers.table.current_id() == pret
    assert offers.form.title.text() == "Prêt d'honneur innovation"


def test_snooze_and_archive_in_the_queue_move_on_to_the_next_entry(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page = queue_page(qtbot, window)
    page.show_kind("actions")
    actions = page.lists["actions"]
    actions.table.set_current_row(0)
    first, second, third = actions.model.ids[:3]
    dialog = page.snooze()
    assert isinstance(dialog, SnoozeDialog)
    qtbot.keyClicks(dialog.reason, "Comite en mars")  # QTest types ASCII only
    dialog.accept()
    qtbot.waitUntil(lambda: first not in actions.model.ids)
    wait_idle(qtbot, window)
    assert actions.table.current_id() == second
    window.action_map["archive"].trigger()
    qtbot.waitUntil(lambda: second not in actions.model.ids)
    wait_idle(qtbot, window)
    assert actions.table.current_id() == third
    assert catalogue.get("actions", second)["archived"] == 1
    assert catalogue.get("actions", first)["snooze_reason"] == "Comite en mars"


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


def test_the_queue_fits_a_small_screen_its_buttons_down_to_their_icons(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A 1280-pixel screen at 125 % gives a window of 1024 pixels: the queue's buttons must not make the
    window wider than that (they did: 1,097). Narrow, the secondary buttons keep their icon and say their
    text in the tooltip; wide again, their text comes back."""
    page = queue_page(qtbot, window)
    assert window.minimumSizeHint().width() <= 1000
    buttons = {name: page.findChild(QToolButton, f"queue_{name}") for name in ("edit", "snooze", "archive")}
    window.resize(1000, 700)
    icon_only = Qt.ToolButtonStyle.ToolButtonIconOnly
    qtbot.waitUntil(lambda: all(b.toolButtonStyle() == icon_only for b in buttons.values()))
    assert "jusqu'à une date" in buttons["snooze"].toolTip()  # what it does, its key
    primary = page.findChild(QToolButton, "queue_reviewed")
    assert primary.text() == "Marquer comme revu  (R)" and primary.toolButtonStyle() != icon_only
    assert primary.geometry().right() < min(b.geometry().left() for b in buttons.values())  # all in sight
    assert max(b.geometry().right() for b in buttons.values()) <= page.width()
    window.resize(1440, 880)
    beside = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    qtbot.waitUntil(lambda: all(b.toolButtonStyle() == beside for b in buttons.values()))
