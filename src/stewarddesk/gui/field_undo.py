"""Ctrl+Z in a text field: the field's own typing first, then the window's undo stack.

Qt's line and text editors claim Ctrl+Z and Ctrl+Shift+Z (a ShortcutOverride they accept) whenever they
have the focus, even with nothing to undo, so the window's « Annuler » never ran while the cursor was in a
form field. `FieldUndo` lets a field keep those keys only while it has typing of its own to undo (or redo);
otherwise they reach the window's actions. The form forgets a field's typing once its content is saved
(`forget_typing`): the saved edit is then the window's to undo, as in desktop applications.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

# The window's undo and redo keys (undo.py gives its actions these shortcuts). Made when asked: a
# QKeySequence of a standard key needs the application, which does not exist when modules are imported.
UNDO_KEYS: Final = (QKeySequence.StandardKey.Undo,)
REDO_KEYS: Final = ("Ctrl+Shift+Z", "Ctrl+Y")


def undo_keys() -> list[QKeySequence]:
    return [QKeySequence(k) for k in UNDO_KEYS]


def redo_keys() -> list[QKeySequence]:
    return [QKeySequence(k) for k in REDO_KEYS]


def _pressed(event: QKeyEvent) -> str | None:
    """Which of the window's commands the keys of `event` ask for: "undo", "redo" or None."""
    keys = QKeySequence(event.keyCombination())
    if keys in undo_keys():
        return "undo"
    if keys in redo_keys():
        return "redo"
    return None


def has_own(widget: QObject, which: str) -> bool:
    """Whether `widget` has typing of its own to undo (`which` == "undo") or redo."""
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isUndoAvailable() if which == "undo" else widget.isRedoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isUndoAvailable() if which == "undo" else document.isRedoAvailable()
    return False


def forget_typing(widget: QWidget) -> None:
    """The field's content is saved: its typing is no longer its own to undo (text and cursor kept)."""
    if isinstance(widget, QLineEdit):
        if not (widget.isUndoAvailable() or widget.isRedoAvailable()):
            return
        position, blocked = widget.cursorPosition(), widget.blockSignals(True)
        widget.setText(widget.text())  # setText starts a new history
        widget.setCursorPosition(position)
        widget.blockSignals(blocked)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.document().clearUndoRedoStacks()


class FieldUndo(QObject):
    """Installed on text fields: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y go to the window unless the field has its
    own typing to undo or redo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            which = _pressed(event)
            if which is not None and not has_own(watched, which):
                event.ignore()  # not claimed: the shortcut (the window's action) runs
                return True
        return False

    def install(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)
