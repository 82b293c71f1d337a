"""What the GUI benchmarks share: a probe of a frozen window (the longest time the GUI thread went without
turning its event loop), and a wait that keeps that loop turning. Imported once QT_QPA_PLATFORM is set."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication


class StallProbe(QObject):
    """Ticks every 5 ms; `longest` is the widest gap between two ticks since `start`."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def until(app: QApplication, done: Callable[[], bool], timeout: float = 300.0) -> None:
    """Turn the event loop until `done()` (TimeoutError after `timeout` seconds)."""
    deadline = time.perf_counter() + timeout
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not finish in time")
        time.sleep(0.0005)
