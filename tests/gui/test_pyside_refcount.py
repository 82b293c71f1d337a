"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that returns nothing, until the
process aborts (`none_dealloc`, see BASELINES.md). The pin keeps 3.11 below 6.12; this test catches the
bug if a future release brings it back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_eat_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("échauffement")  # first calls may create caches
    before = sys.getrefcount(None)
    for i in range(500):
        label.setText(str(i))  # void methods: each returns None to Python
        label.setToolTip("x")
        label.update()
    after = sys.getrefcount(None)
    assert after >= before - 10, f"None lost {before - after} references over 1,500 void calls"
