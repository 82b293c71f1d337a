"""Settings: the stale thresholds are saved in the catalogue and the flags follow at once."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.review_queue import ReviewQueuePage
from stewarddesk.gui.settings_dialog import SettingsDialog

from .conftest import show_page, wait_idle


def test_thresholds_are_stored_in_the_catalogue_and_flags_follow(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    show_page(qtbot, window, "review")
    queue = window.pages["review"]
    assert isinstance(queue, ReviewQueuePage)
    offers = queue.lists["offers"]
    assert offers.model.rowCount() == 3
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert dialog.spins["offer_stale_days"].value() == 365
    dialog.spins["offer_stale_days"].setValue(100)
    dialog.accept()
    qtbot.waitUntil(lambda: catalogue.settings().offer_stale_days == 100)
    wait_idle(qtbot, window)
    # Reviewed 2026-06-01 (173 days before 2026-11-21) is now stale too; 2026-09-15 (67 days) is not.
    qtbot.waitUntil(lambda: offers.model.rowCount() == 4)
    history = [h for h in catalogue.history("structures", 0) if h.field == "settings.offer_stale_days"]
    assert history and (history[0].old, history[0].new) == (365, 100)
