"""The editing widgets of every field type, shared by the grid's delegate and the detail form.

Each editor offers `value()` (what the catalogue stores: a code, a list, an ISO date, text or None),
`set_value(value)`, `problem()` (why the current text cannot be saved, checked as the user types and shown
by a red frame with the reason in its tooltip) and an `edited` signal when the user is done with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.fields import Field, Kind
from stewarddesk.gui import display, validation
from stewarddesk.gui.icons import icon
from stewarddesk.i18n import Msg

DATE_PLACEHOLDER = Msg("gui.editors.date_placeholder", "JJ/MM/AAAA", "DD/MM/YYYY")
PICK_DATE = Msg("gui.editors.pick_date", "Choisir dans le calendrier", "Pick from the calendar")
ADD_VALUE = Msg("gui.editors.add_value", "＋ Ajouter une valeur…", "＋ Add a value…")
ADD_VALUE_TITLE = Msg("gui.editors.add_value_title", "Nouvelle valeur", "New value")
SEPARATOR_HINT = Msg(
    "gui.editors.separator_hint",
    "Plusieurs structures : séparez-les par « ; »",
    "Several structures: separate them with “;”",
)

_ADD_MARKER = "\x00add"


class FieldEditor(Protocol):
    def value(self) -> Any: ...

    def set_value(self, value: Any) -> None: ...

    def problem(self) -> str | None: ...


def show_problem(widget: QWidget, message: str | None, hint: str = "") -> None:
    """Mark `widget` as invalid (red frame from the app's style sheet) with the reason in its tooltip."""
    invalid = message is not None
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    widget.setToolTip(message or hint)


class TextEditor(QLineEdit):
    """One line of text, checked as typed (e-mail, web address, phone, required)."""

    edited = Signal()

    def __init__(self, f: Field, header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self._header = header
        self._hint = ""
        self.setClearButtonEnabled(not f.required)
        self.textChanged.connect(self._check)
        self.editingFinished.connect(self.edited)

    def _check(self) -> None:
        show_problem(self, self.problem(), self._hint)

    def value(self) -> Any:
        text = self.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))
        self.setCursorPosition(0)

    def problem(self) -> str | None:
        return validation.problem(self.field, self.text(), self._header)


class StructureEditor(TextEditor):
    """A structure's name, completed from the catalogue's structures (a new name creates the structure).

    `picked` when a name is chosen in the completion list (then `edited`): a grid cell closes on it."""

    picked = Signal()

    def __init__(self, f: Field, header: str, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(f, header, parent)
        self._names = QStringListModel(list(names), self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        # Picking a name in the list is a finished edit (the completer sets the text just after); the
        # popup eats the Entrée, so without this a grid cell would wait for a second one.
        completer.activated.connect(lambda _name: QTimer.singleShot(0, self, self._picked))

    def _picked(self) -> None:
        self.picked.emit()
        self.edited.emit()

    def set_names(self, names: Sequence[str]) -> None:
        """The structures to complete from (after one was created or renamed)."""
        self._names.setStringList(list(names))


class StructuresEditor(TextEditor):
    """Several structures separated by « ; », each completed from the catalogue's structures."""

    def __init__(self, f: Field, header: str, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(f, header, parent)
        self._hint = SEPARATOR_HINT()
        self.setToolTip(self._hint)
        self._names = QStringListModel(list(names), self)
        self._completer = QCompleter(self._names, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)

    def set_names(self, names: Sequence[str]) -> None:
        self._names.setStringList(list(names))

    def _popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # QCompleter always makes one
        return popup

    def _segments(self) -> list[str]:
        return self.text().split(";")

    def _complete(self) -> None:
        prefix = self._segments()[-1].strip()
        if not prefix:
            self._popup().hide()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() > 0:
            self._completer.complete()
        else:
            self._popup().hide()

    def _insert(self, name: str) -> None:
        parts = [p.strip() for p in self._segments()[:-1] if p.strip()]
        self.setText("; ".join([*parts, name]) + "; ")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._popup().isVisible() and event.key() in (
            Qt.Key.Key_Enter,
            Qt.Key.Key_Return,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
        ):
            event.ignore()  # the completer's popup takes them
            return
        super().keyPressEvent(event)

    def value(self) -> list[str]:
        return [p.strip() for p in self._segments() if p.strip()]

    def set_value(self, value: Any) -> None:
        self.setText("; ".join(value or []))
        self.setCursorPosition(0)

    def problem(self) -> str | None:
        return validation.problem(self.field, self.value(), self._header)


class LongTextEditor(QPlainTextEdit):
    """A paragraph (description, indicators): saved when the field loses the focus."""

    edited = Signal()

    def __init__(self, f: Field, header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.setTabChangesFocus(True)
        self._dirty = False
        self.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self._dirty = True

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._dirty:
            self._dirty = False
            self.edited.emit()

    def value(self) -> Any:
        return self.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setPlainText("" if value is None else str(value))
        self.blockSignals(False)
        self._dirty = False

    def problem(self) -> str | None:
        return None


class CodeEditor(QComboBox):
    """One code of a vocabulary, chosen by its label."""

    edited = Signal()

    def __init__(self, f: Field, header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert f.vocab is not None
        self.field = f
        if not f.required:
            self.addItem("", "")
        for code in vocab.codes(f.vocab):
            self.addItem(vocab.label(f.vocab, code), code)
        self.activated.connect(lambda _i: self.edited.emit())

    def value(self) -> Any:
        return self.currentData() or None

    def set_value(self, value: Any) -> None:
        code = value or ""
        index = self.findData(code)
        if index < 0:  # an odd code already in the file: shown as is, never silently replaced
            self.addItem(str(code), code)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def problem(self) -> str | None:
        return None


class CheckListEditor(QComboBox):
    """Several values (stages, sectors), each ticked in a drop-down list that stays open while ticking."""

    edited = Signal()

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        allow_new: bool = False,
    ) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        for value, label in choices:
            self._add(value, label)
        if allow_new:
            item = QStandardItem(ADD_VALUE())
            item.setData(_ADD_MARKER, Qt.ItemDataRole.UserRole)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self._model.appendRow(item)
        self.view().viewport().installEventFilter(self)
        self.view().installEventFilter(self)

    def _add(self, value: str, label: str, checked: bool = False) -> QStandardItem:
        item = QStandardItem(label)
        item.setData(value, Qt.ItemDataRole.UserRole)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        rows = self._model.rowCount()
        has_add = rows and self._model.item(rows - 1).data(Qt.ItemDataRole.UserRole) == _ADD_MARKER
        self._model.insertRow(rows - 1 if has_add else rows, item)
        return item

    def _items(self) -> list[QStandardItem]:
        items = (self._model.item(r) for r in range(self._model.rowCount()))
        return [i for i in items if i.data(Qt.ItemDataRole.UserRole) != _ADD_MARKER]

    def _toggle(self, row: int) -> None:
        if not 0 <= row < self._model.rowCount():
            return
        item = self._model.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == _ADD_MARKER:
            text, ok = QInputDialog.getText(self, ADD_VALUE_TITLE(), ADD_VALUE_TITLE())
            if ok and text.strip():
                self._add(text.strip(), text.strip(), checked=True)
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view().viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            index = self.view().indexAt(event.position().toPoint())
            if index.isValid():
                self._toggle(index.row())
            return True  # keep the list open: several values are ticked in one go
        if watched is self.view() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                self._toggle(self.view().currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def hidePopup(self) -> None:
        super().hidePopup()
        self.edited.emit()

    def labels(self) -> list[str]:
        return [i.text() for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def value(self) -> list[str]:
        return [
            str(i.data(Qt.ItemDataRole.UserRole))
            for i in self._items()
            if i.checkState() == Qt.CheckState.Checked
        ]

    def set_value(self, value: Any) -> None:
        wanted = list(value or [])
        known = {str(i.data(Qt.ItemDataRole.UserRole)): i for i in self._items()}
        for v in wanted:
            if v not in known:
                known[v] = self._add(v, v)
        for v, item in known.items():
            item.setCheckState(Qt.CheckState.Checked if v in wanted else Qt.CheckState.Unchecked)
        self.update()

    def problem(self) -> str | None:
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = "; ".join(self.labels())
        option.currentIcon = QIcon()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class DateEditor(QLineEdit):
    """A date typed the French way (21/11/2026) or picked in a calendar; empty is allowed.

    `edited` when the user is done (Enter, leaving the field, a pick); `picked` for a pick in the calendar.
    """

    edited = Signal()
    picked = Signal()

    def __init__(self, f: Field, header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.setPlaceholderText(DATE_PLACEHOLDER())
        self.setClearButtonEnabled(True)
        pick = self.addAction(icon("calendar"), QLineEdit.ActionPosition.TrailingPosition)
        pick.setToolTip(PICK_DATE())
        pick.triggered.connect(self.open_calendar)
        self.textChanged.connect(lambda _t: show_problem(self, self.problem()))
        self.editingFinished.connect(self.edited)
        self._calendar: QCalendarWidget | None = None

    def open_calendar(self) -> QCalendarWidget:
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setGridVisible(True)
        try:
            current = display.parse_date(self.text())
        except ValueError:
            current = None
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.clicked.connect(lambda day: self._picked(calendar, day.toPython()))
        calendar.activated.connect(lambda day: self._picked(calendar, day.toPython()))
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        self._calendar = calendar
        return calendar

    def _picked(self, calendar: QCalendarWidget, day: Any) -> None:
        calendar.close()
        calendar.deleteLater()
        self._calendar = None
        self.set_value(day.isoformat())
        self.picked.emit()
        self.edited.emit()

    def value(self) -> Any:
        day = display.parse_date(self.text())
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        self.setText(display.format_date(str(value)) if value else "")

    def problem(self) -> str | None:
        try:
            display.parse_date(self.text())
        except ValueError as exc:
            return str(exc)
        return None


EditorWidget = TextEditor | LongTextEditor | CodeEditor | CheckListEditor | DateEditor


def make_editor(
    kind: Kind,
    f: Field,
    catalogue: Catalogue,
    parent: QWidget | None = None,
    *,
    compact: bool = False,
    structure_names: Callable[[], list[str]] | None = None,
) -> EditorWidget:
    """The editor for field `f`; `compact` (a grid cell) edits long text on one line."""
    header = display.header(kind, f.name)
    names = structure_names or catalogue.structure_names
    if f.type == "code":
        return CodeEditor(f, header, parent)
    if f.type == "codes":
        assert f.vocab is not None
        return CheckListEditor([(c, vocab.label(f.vocab, c)) for c in vocab.codes(f.vocab)], parent)
    if f.type == "list":
        values = catalogue.references(f.reference) if f.reference else []
        return CheckListEditor([(v, v) for v in values], parent, allow_new=True)
    if f.type == "date":
        return DateEditor(f, header, parent)
    if f.type == "structure":
        return StructureEditor(f, header, names(), parent)
    if f.type == "structures":
        return StructuresEditor(f, header, names(), parent)
    if f.type == "longtext" and not compact:
        return LongTextEditor(f, header, parent)
    editor = TextEditor(f, header, parent)
    if f.reference:
        completer = QCompleter(catalogue.references(f.reference), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
    return editor
