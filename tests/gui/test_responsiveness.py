"""The window keeps answering during a 50,000-row import through the wizard.

A QTimer ticks every 50 ms on the GUI thread while the plan is computed, shown, and applied, and while the
import history shows the batch and undoes it; if anything (the work itself, a result handed back, the preview of 50,000
rows, the summary's 10,000 rejected rows, the history's 50,000 lines, a collection of the plan's objects)
blocked the event loop, the gap between two ticks would show it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.import_wizard.base import MAPPING, PREVIEW, SUMMARY
from stewarddesk.gui.main_window import MainWindow

from .test_import_wizard import click_next, open_wizard

ROWS = 50_000
TICK_MS = 50
# The longest pause allowed between two ticks. Measured 0.10-0.14 s on a two-core machine (a C call of the
# reader or of SQLite holding the interpreter lock); without `work.calm_gc`, the collection of the fresh
# plan alone stalled the loop for 0.2-0.6 s.
MAX_GAP_S = 0.35
NEEDS = ("Financement", "Accompagnement", "Hébergement", "Mise en réseau", "International")
STAGES = ("Création", "Croissance", "Émergence; Création", "")


REJECTED_EVERY = 5  # one row in five has no title: 10,000 rejected rows for the summary to list
REJECTED = ROWS // REJECTED_EVERY
INSERTED = ROWS - REJECTED


def big_csv(path: Path, rows: int = ROWS) -> Path:
    lines = ["Offre;Structure;Besoin;Stades;Email;Revue le"]
    for i in range(rows):
        title = "" if i % REJECTED_EVERY == REJECTED_EVERY - 1 else f"Offre numéro {i} de la semaine"
        lines.append(
            f"{title};{'Impulse' if i % 2 else 'CISAM'};{NEEDS[i % len(NEEDS)]};"
            f"{STAGES[i % len(STAGES)]};contact{i}@example.fr;{1 + i % 28:02d}/{1 + i % 12:02d}/2026"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Ticks:
    """Counts the ticks of a 50 ms timer and keeps the longest gap between two of them, also by phase."""

    def __init__(self) -> None:
        self.count = 0
        self.longest = 0.0
        self.since_phase = 0.0
        self.phases: dict[str, float] = {}
        self.last = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.last = time.monotonic()
        self.timer.start()

    def tick(self) -> None:
        now = time.monotonic()
        gap = now - self.last
        self.longest = max(self.longest, gap)
        self.since_phase = max(self.since_phase, gap)
        self.last = now
        self.count += 1

    def phase(self, name: str) -> None:
        """The longest gap since the previous phase ended is `name`'s."""
        self.since_phase = max(self.since_phase, time.monotonic() - self.last)
        self.phases[name] = round(self.since_phase, 3)
        self.since_phase = 0.0

    def stop(self) -> float:
        self.timer.stop()
        self.tick()
        return self.longest


@pytest.mark.slow
def test_the_event_loop_keeps_turning_during_a_50000_row_import(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = big_csv(tmp_path / "cinquante_mille.csv")
    before = catalogue.total("offers")
    wizard = open_wizard(qtbot, window, source, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    wizard.mapping_page.save_box.setChecked(False)
    ticks = Ticks()
    started = time.monotonic()
    ticks.start()
    click_next(qtbot, wizard, PREVIEW)  # read and plan 50,000 rows, then show them
    assert wizard.preview_page.model.rowCount() == ROWS
    ticks.phase("plan")
    click_next(qtbot, wizard, SUMMARY)  # backup, write 40,000 rows in one transaction, list 10,000 rejected
    qtbot.waitUntil(lambda: not wizard.busy() and not window.session.runner.pending(), timeout=30000)  # type: ignore[union-attr]
    assert wizard.summary_page.rejected.model().rowCount() == REJECTED
    wizard.accept()  # the plan is let go on the worker
    qtbot.waitUntil(lambda: not window.session.runner.pending(), timeout=30000)  # type: ignore[union-attr]
    ticks.phase("apply and summary")
    # The import history opens on that batch: its 40,000 new entries, its 10,000 rejected rows.
    history = window.spreadsheets.open_history()
    assert history is not None
    qtbot.waitUntil(lambda: history.row_table.model().rowCount() >= INSERTED + REJECTED, timeout=30000)
    ticks.phase("history")
    assert catalogue.total("offers") == before + INSERTED
    qtbot.waitUntil(lambda: not history.task.busy(), timeout=30000)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)  # and the whole batch undone from there
    qtbot.waitUntil(lambda: "annulé :" in history.message_text(), timeout=60000)
    qtbot.waitUntil(lambda: not history.task.busy(), timeout=60000)
    ticks.phase("undo")
    history.accept()
    elapsed = time.monotonic() - started
    longest = ticks.stop()
    assert catalogue.total("offers") == before
    # The timer kept its pace: most of the ticks it should have had, and no long pause.
    assert ticks.count >= 0.5 * elapsed * 1000 / TICK_MS, (ticks.count, elapsed, ticks.phases)
    assert longest < MAX_GAP_S, f"GUI thread blocked for {longest:.3f} s (longest by phase: {ticks.phases})"
