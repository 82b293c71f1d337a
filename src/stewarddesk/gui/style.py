"""The window's look: Fusion with a light palette and a few rules (sidebar, invalid fields, primary button).

One place for colours, so a tinted row, a flag icon and a form's alert line agree.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT: Final = "#1f5f8b"
SIDEBAR_BACKGROUND: Final = "#f3f5f8"

STYLE_SHEET: Final = f"""
QWidget#sidebar {{ background: {SIDEBAR_BACKGROUND}; border-right: 1px solid #dde2e8; }}
QListWidget#nav {{ background: transparent; border: none; font-size: 10.5pt; outline: 0; }}
QListWidget#nav::item {{ padding: 7px 8px; border-radius: 6px; margin: 1px 6px; color: #2b3440; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#nav::item:hover:!selected {{ background: #e4e9ef; }}
QLabel#sidebarTitle {{ color: #6b7683; font-weight: bold; font-size: 8.5pt; padding: 10px 12px 2px 12px; }}
QToolButton#facetHeader {{ font-weight: bold; color: #394552; border: none; padding: 4px 2px; }}
QScrollArea#facetScroll {{ background: transparent; border: none; }}
QTableView {{ border: 1px solid #dde2e8; selection-background-color: #cfe2f3; selection-color: #111; }}
QHeaderView::section {{ background: #f6f7f9; border: none; border-bottom: 1px solid #dde2e8;
    border-right: 1px solid #eceff3; padding: 4px 6px; font-weight: 600; color: #394552; }}
QLineEdit#searchBox {{ padding: 5px 6px; border: 1px solid #c8d0da; border-radius: 6px; font-size: 10.5pt; }}
QLineEdit#searchBox:focus {{ border: 1px solid {ACCENT}; }}
QLabel#formTitle {{ font-size: 13pt; font-weight: 600; color: #1d2630; }}
QLabel#formSubtitle {{ color: #5f6b78; }}
QLabel#formFlags {{ background: #fbf8ef; border: 1px solid #efe3c2; border-radius: 6px; padding: 6px 8px; }}
QLabel#formMeta, QLabel#queueHint, QLabel#settingsNote {{ color: #6b7683; }}
QLabel#formPlaceholder {{ color: #8a94a0; font-size: 11pt; }}
QLabel#emptyState {{ color: #5f6b78; font-size: 11pt; }}
*[invalid="true"] {{ border: 1px solid #c0392b; background: #fdecea; }}
QToolButton[primary="true"] {{ background: {ACCENT}; color: white; border-radius: 5px; padding: 5px 10px;
    font-weight: 600; }}
QToolButton[primary="true"]:hover {{ background: #174a6d; }}
QToolButton[primary="true"]:disabled {{ background: #9fb4c4; }}
QToolButton[secondary="true"] {{ background: white; border: 1px solid #c8d0da; border-radius: 5px;
    padding: 4px 9px; }}
QToolButton[secondary="true"]:hover {{ background: #eef3f8; }}
QTabBar#queueTabs::tab {{ padding: 6px 12px; }}
QWidget#welcome QLabel#welcomeTitle {{ font-size: 16pt; font-weight: 600; }}
QLabel#welcomeError {{ color: #a93226; background: #fdecea; border: 1px solid #f5c6c0; border-radius: 6px;
    padding: 8px; }}
QStatusBar QLabel#countLabel {{ padding: 0 8px; color: #394552; }}
"""


def apply_style(app: QApplication) -> None:
    """Fusion everywhere (the same look on every desktop), a light palette, the style sheet."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#fbfcfd"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8fa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe2f3"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#111111"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f3f5f8"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
