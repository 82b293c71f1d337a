"""One open catalogue and what hangs on it: the undo stack and the background runners.

The window shows a session; opening another catalogue makes a new session, and rebuilding the window in
another language keeps the same one (undo history included).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from stewarddesk.catalogue import Catalogue, Changes, Settings
from stewarddesk.gui.undo import UndoController
from stewarddesk.gui.worker import Runner


class Session(QObject):
    """An open catalogue. Every write the window makes is announced by `changed`."""

    changed = Signal(object, bool)  # Changes, requery
    settings_changed = Signal(object)  # Settings

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.undo = UndoController(catalogue, self)
        self.undo.changed.connect(self.changed)

        def opener(path: Path) -> Catalogue:
            return Catalogue.open(path, clock=catalogue.clock, user=catalogue.user)

        # Three lanes, so that nothing quick waits behind something slow: the ids of a search, the counts
        # (facets, totals: slower, and stale as soon as the user types again), long work (imports, exports).
        self.reader = Runner(catalogue.path, name="reader", opener=opener, parent=self)
        self.counter = Runner(catalogue.path, name="counter", opener=opener, parent=self)
        self.runner = Runner(catalogue.path, name="runner", opener=opener, parent=self)
        self._closed = False

    @property
    def path(self) -> Path:
        return self.catalogue.path

    def as_of(self) -> dt.date:
        """Today, by the catalogue's clock: every flag the window shows is computed as of this day."""
        return self.catalogue.clock().date()

    def announce(self, changes: Changes, requery: bool = False) -> None:
        """Tell the views about a write made outside the undo stack (an import, issue 6)."""
        self.changed.emit(changes, requery)

    def save_settings(self, settings: Settings) -> None:
        self.catalogue.save_settings(settings)
        self.settings_changed.emit(settings)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.undo.clear()
        self.reader.shutdown()
        self.counter.shutdown()
        self.runner.shutdown()
        self.catalogue.close()
