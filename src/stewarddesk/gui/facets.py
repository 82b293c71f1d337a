"""Facet filters: every value of a field with how many entries of the current search have it.

Ticking values filters the grid (OR inside a field, AND across fields, as `Query.filters` says). Counts
come from `Catalogue.facets`, computed in the background by the page; the field's own ticks are left out
of its counts so the alternatives stay visible. A ticked value stays listed even when its count drops to 0,
so it can always be unticked. A facet with no value to offer is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from stewarddesk import vocab
from stewarddesk.catalogue.flags import FLAG_KINDS, FLAG_LABELS
from stewarddesk.fields import Kind, field
from stewarddesk.gui import display
from stewarddesk.gui.style import SIDEBAR_BACKGROUND
from stewarddesk.gui.table_model import flag_icon

Index = QModelIndex | QPersistentModelIndex
COUNT_ROLE: Final = Qt.ItemDataRole.UserRole + 10
VALUE_ROLE: Final = Qt.ItemDataRole.UserRole + 11

FACETS: Final[dict[str, tuple[str, ...]]] = {
    "offers": ("flags", "status", "need", "stages", "sectors", "site", "structure"),
    "actions": ("flags", "status", "term", "carrier_type", "carriers", "orientation"),
    "structures": ("kind", "site"),
}
# A fixed vocabulary (the ten needs, the six statuses) shows whole: a list that scrolls inside the sidebar,
# itself scrolling, catches the wheel halfway down. Longer lists (sites, structures) scroll from here.
_MAX_VISIBLE_ROWS: Final = 12


def value_label(kind: Kind, name: str, value: str) -> str:
    """How a facet value reads: labels for codes and flags, « (vide) » for an empty value."""
    if not value:
        return display.EMPTY_VALUE()
    if name == "flags":
        return FLAG_LABELS[value]() if value in FLAG_LABELS else value
    f = field(kind, name)
    if f.vocab:
        return vocab.label_or_code(f.vocab, value)
    return value


class FacetModel(QAbstractListModel):
    """The values of one facet with their counts; ticked values are the filter."""

    checked_changed = Signal()

    def __init__(self, kind: Kind, name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind: Kind = kind
        self.name = name
        self._items: list[tuple[str, int]] = []
        self._checked: list[str] = []

    def set_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        """New counts; the order is the catalogue's (most frequent first), flags in their fixed order."""
        items = [(str(v), int(n)) for v, n in counts]
        if self.name == "flags":
            by_flag = dict(items)
            # Offers have no horizon: « Échéance dépassée » is for actions only.
            items = [(f, by_flag.get(f, 0)) for f in FLAG_KINDS if self.kind == "actions" or f != "overdue"]
        seen = {v for v, _ in items}
        items += [(v, 0) for v in self._checked if v not in seen]
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def checked(self) -> tuple[str, ...]:
        return tuple(self._checked)

    def set_checked(self, values: Sequence[str]) -> None:
        self._checked = list(dict.fromkeys(values))
        known = {v for v, _ in self._items}
        missing = [v for v in self._checked if v not in known]
        if missing:
            self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(missing) - 1)
            self._items += [(v, 0) for v in missing]
            self.endInsertRows()
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))
        self.checked_changed.emit()

    def toggle(self, row: int) -> None:
        value = self._items[row][0]
        values = [v for v in self._checked if v != value]
        if value not in self._checked:
            values.append(value)
        self.set_checked(values)

    def value_at(self, row: int) -> str:
        return self._items[row][0]

    def row_of(self, value: str) -> int | None:
        for i, (v, _) in enumerate(self._items):
            if v == value:
                return i
        return None

    def has_values(self) -> bool:
        """Whether the facet has a value to offer (one with entries, or one ticked, so it can be unticked)."""
        return bool(self._checked) or any(n > 0 for _, n in self._items)

    def count_of(self, value: str) -> int | None:
        row = self.row_of(value)
        return None if row is None else self._items[row][1]

    # Qt's interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        value, count = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value_label(self.kind, self.name, value)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if value in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and self.name == "flags":
            return flag_icon(value)
        if role == COUNT_ROLE:
            return count
        if role == VALUE_ROLE:
            return value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        want = Qt.CheckState(value) == Qt.CheckState.Checked if isinstance(value, int) else bool(value)
        is_checked = self._items[index.row()][0] in self._checked
        if want != is_checked:
            self.toggle(index.row())
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable


class _CountDelegate(QStyledItemDelegate):
    """Paints the count right-aligned and grey, the label elided before it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        count = index.data(COUNT_ROLE)
        text = str(count) if count is not None else ""
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(text) + 12
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        rect = QRect(option.rect)
        item.rect = QRect(rect.left(), rect.top(), rect.width() - width, rect.height())
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, option.widget)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#ffffff" if selected else "#7b8794"))
        count_rect = QRect(rect.right() - width, rect.top(), width - 6, rect.height())
        painter.drawText(count_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 40, max(size.height(), 22))


class FacetList(QListView):
    """A facet's values; a click anywhere on a line ticks or unticks it."""

    def __init__(self, model: FacetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(_CountDelegate(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        # The list sits on the sidebar's grey: its base takes that colour (a transparent base would leave
        # the check boxes without a background).
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(SIDEBAR_BACKGROUND))
        self.setPalette(palette)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        model.modelReset.connect(self._fit)
        model.rowsInserted.connect(self._fit)
        self._fit()

    def facet_model(self) -> FacetModel:
        return cast(FacetModel, self.model())

    # A click anywhere on a line (check box or label) ticks it once: the view's own check box handling
    # is bypassed so the two never both toggle.
    def mousePressEvent(self, event: Any) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and event.button() == Qt.MouseButton.LeftButton:
            self.facet_model().toggle(index.row())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.currentIndex().isValid():
                self.facet_model().toggle(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _fit(self) -> None:
        rows = min(max(self.model().rowCount(), 1), _MAX_VISIBLE_ROWS)
        row_height = max(self.sizeHintForRow(0), 22) if self.model().rowCount() else 22
        self.setFixedHeight(rows * row_height + 2 * self.frameWidth() + 2)


class FacetSection(QWidget):
    """A collapsible facet: a header button and the list of values."""

    shown_changed = Signal()  # the facet was hidden or shown again (see `_update_shown`)

    def __init__(self, kind: Kind, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FacetModel(kind, name, self)
        self.title = display.header(kind, name) if name != "flags" else display.FLAGS_HEADER()
        self.button = QToolButton(self)
        self.button.setText(self.title)
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.button.setObjectName("facetHeader")
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.list = FacetList(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(0)
        layout.addWidget(self.button)
        layout.addWidget(self.list)
        self.button.toggled.connect(self._expand)
        self.model.checked_changed.connect(self._update_title)
        # A facet without values (an empty catalogue, a field nobody filled in) is not shown at all.
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.checked_changed):
            signal.connect(lambda *_: self._update_shown())
        self._update_shown()

    def _update_shown(self) -> None:
        hidden = not self.model.has_values()
        if hidden != self.isHidden():
            self.setHidden(hidden)
            self.shown_changed.emit()

    def _expand(self, on: bool) -> None:
        self.list.setVisible(on)
        self.button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _update_title(self) -> None:
        n = len(self.model.checked())
        self.button.setText(f"{self.title} ({n})" if n else self.title)
        font = self.button.font()
        font.setBold(bool(n))
        self.button.setFont(font)


class FacetPanel(QWidget):
    """All the facets of one kind of entry. `filters_changed` fires when a value is ticked or unticked."""

    filters_changed = Signal()
    groups_changed = Signal()  # a facet was hidden or shown again: `has_groups` may have changed

    def __init__(self, kind: Kind, names: Sequence[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: Kind = kind
        self.names = tuple(names or FACETS[kind])
        self.sections: dict[str, FacetSection] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for name in self.names:
            section = FacetSection(kind, name, self)
            section.model.checked_changed.connect(self._changed)
            section.shown_changed.connect(self.groups_changed)
            self.sections[name] = section
            layout.addWidget(section)
        layout.addStretch(1)
        self._muted = False

    def _changed(self) -> None:
        if not self._muted:
            self.filters_changed.emit()

    def model(self, name: str) -> FacetModel:
        return self.sections[name].model

    def has_groups(self) -> bool:
        """Whether any facet is shown (none in an empty catalogue: the sidebar then hides its heading)."""
        return any(not s.isHidden() for s in self.sections.values())

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {
            name: s.model.checked()
            for name, s in self.sections.items()
            if name != "flags" and s.model.checked()
        }

    def flags(self) -> tuple[str, ...]:
        section = self.sections.get("flags")
        return section.model.checked() if section else ()

    def active_count(self) -> int:
        return sum(len(s.model.checked()) for s in self.sections.values())

    def set_counts(self, counts: dict[str, list[tuple[str, int]]]) -> None:
        for name, values in counts.items():
            if name in self.sections:
                self.sections[name].model.set_counts(values)

    def clear(self) -> None:
        """Untick everything (one `filters_changed`)."""
        if not self.active_count():
            return
        self._muted = True
        try:
            for section in self.sections.values():
                section.model.set_checked([])
        finally:
            self._muted = False
        self.filters_changed.emit()
