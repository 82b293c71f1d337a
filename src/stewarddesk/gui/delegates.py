"""Editing a grid cell with the field's own editor (drop-down labels, dates, ticked lists, completion).

The delegate never writes: it hands the value to the model, whose edit handler goes through the undo
stack. A value that cannot be saved is not written and the reason is announced (`problem`), so the window
can show it: never a silent bad value.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from stewarddesk.gui.editors import (
    CheckListEditor,
    CodeEditor,
    DateEditor,
    FieldEditor,
    StructureEditor,
    make_editor,
)
from stewarddesk.gui.table_model import FLAGS_ROLE, EntryTableModel, by_severity, flag_icon

Index = QModelIndex | QPersistentModelIndex


class FieldDelegate(QStyledItemDelegate):
    """Creates the right editor for each column of an `EntryTableModel`."""

    problem = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        if not isinstance(model, EntryTableModel):
            return super().createEditor(parent, option, index)
        column = model.column(index.column())
        if column.field is None:  # the alerts column is never editable (flags() says so)
            return super().createEditor(parent, option, index)
        editor = make_editor(model.kind, column.field, model.catalogue, parent, compact=True)
        editor.setAutoFillBackground(True)
        # A choice made in a list, a calendar or the structures' completion is final: commit it and close the cell at once. (Typed
        # text is committed by the view itself, on Enter or when the cell loses the focus.)
        if isinstance(editor, CodeEditor | CheckListEditor):
            editor.edited.connect(lambda: self._finish(editor))
        elif isinstance(editor, DateEditor | StructureEditor):
            editor.picked.connect(lambda: self._finish(editor))
        if isinstance(editor, CodeEditor | CheckListEditor):
            QTimer.singleShot(0, editor, editor.showPopup)
        return editor

    def _finish(self, editor: QWidget) -> None:
        if editor.isVisible():  # not when the view already closed it (Escape, focus lost)
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not hasattr(editor, "set_value"):
            super().setEditorData(editor, index)
            return
        cast(FieldEditor, editor).set_value(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not hasattr(editor, "value"):
            super().setModelData(editor, model, index)
            return
        field_editor = cast(FieldEditor, editor)
        message = field_editor.problem()
        value: Any = None
        if message is None:
            try:
                value = field_editor.value()
            except ValueError as exc:
                message = str(exc)
        if message is not None:
            self.problem.emit(message)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        editor.setGeometry(option.rect)


class FlagsDelegate(QStyledItemDelegate):
    """The alerts cell: one icon per flag, most severe first, then the main flag's label."""

    ICON = 16
    GAP = 3

    def __init__(self, parent: QObject | None = None, *, show_reason: bool = False) -> None:
        super().__init__(parent)
        self.show_reason = show_reason  # the review queue says why, the grids say what

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Not initStyleOption: it asks the model for every role, the label and the icon included, which
        # this cell draws itself (it was half the time of painting a page of rows). The cell's background
        # (the row's tint) is the one role the style needs.
        item = QStyleOptionViewItem(option)
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is not None:
            item.backgroundBrush = QBrush(background)
        flags = by_severity(index.data(FLAGS_ROLE) or [])
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        if not flags:
            return
        rect: QRect = item.rect
        x = rect.left() + 5
        top = rect.top() + (rect.height() - self.ICON) // 2
        kinds = list(dict.fromkeys(f.kind for f in flags))
        for kind in kinds:
            flag_icon(kind).paint(painter, QRect(x, top, self.ICON, self.ICON))
            x += self.ICON + self.GAP
        painter.save()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        palette = item.palette
        painter.setPen(
            palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        )
        text_rect = QRect(x + 3, rect.top(), max(rect.right() - x - 6, 0), rect.height())
        metrics = item.fontMetrics
        label = flags[0].reason() if self.show_reason else flags[0].label()
        text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 2 * (self.ICON + self.GAP), size.height())
