"""The left column: the views with their live counts, then the current view's facet filters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.gui.browser import number
from stewarddesk.gui.facets import FacetPanel
from stewarddesk.gui.icons import icon
from stewarddesk.i18n import Msg

VIEWS = Msg("gui.sidebar.views", "VUES", "VIEWS")
FILTERS = Msg("gui.sidebar.filters", "FILTRES", "FILTERS")
CLEAR = Msg("gui.sidebar.clear", "Effacer les filtres", "Clear filters")
CLEAR_N = Msg("gui.sidebar.clear_n", "Effacer les filtres ({n})", "Clear filters ({n})")
CLEAR_TIP = Msg(
    "gui.sidebar.clear_tip",
    "Vider la recherche et décocher tous les filtres (Ctrl+Maj+L)",
    "Empty the search and untick every filter (Ctrl+Shift+L)",
)
PAGE_LABELS = {
    "offers": Msg("gui.sidebar.offers", "Offres", "Offers"),
    "actions": Msg("gui.sidebar.actions", "Actions", "Actions"),
    "structures": Msg("gui.sidebar.structures", "Structures", "Structures"),
    "review": Msg("gui.sidebar.review", "À revoir", "To review"),
}
PAGES = ("offers", "actions", "structures", "review")
PAGE_ICONS = {"offers": "offers", "actions": "actions", "structures": "structures", "review": "review"}


class Sidebar(QWidget):
    """Navigation between the pages (`page_chosen(name)`) and the facet panel of the shown page."""

    page_chosen = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items: dict[str, QListWidgetItem] = {}
        for name in PAGES:
            item = QListWidgetItem(icon(PAGE_ICONS[name]), PAGE_LABELS[name]())
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
            self.items[name] = item
        self.nav.setUniformItemSizes(True)
        self.nav.setFixedHeight(len(PAGES) * (self.nav.sizeHintForRow(0) + 2) + 6)
        self.nav.currentItemChanged.connect(self._chosen)

        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setIcon(icon("clear-filters"))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.clear_button.setAutoRaise(True)
        self.clear_button.setToolTip(CLEAR_TIP())
        self.clear_button.clicked.connect(self.clear_requested)

        self.facet_stack = QStackedWidget(self)
        scroll = QScrollArea(self)
        scroll.setObjectName("facetScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.facet_stack)
        viewport = scroll.viewport()
        assert viewport is not None
        viewport.setAutoFillBackground(False)
        self.facet_stack.setAutoFillBackground(False)

        filters_row = QHBoxLayout()
        filters_row.setContentsMargins(0, 0, 6, 0)
        self.filters_title = QLabel(FILTERS(), self)
        self.filters_title.setObjectName("sidebarTitle")
        filters_row.addWidget(self.filters_title)
        filters_row.addStretch(1)
        filters_row.addWidget(self.clear_button)
        self.set_active_filters(0)
        views_title = QLabel(VIEWS(), self)
        views_title.setObjectName("sidebarTitle")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(views_title)
        layout.addWidget(self.nav)
        layout.addLayout(filters_row)
        facets_box = QVBoxLayout()
        facets_box.setContentsMargins(10, 0, 4, 0)
        facets_box.addWidget(scroll, 1)
        layout.addLayout(facets_box, 1)
        self.setMinimumWidth(230)

    def _chosen(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.page_chosen.emit(str(current.data(Qt.ItemDataRole.UserRole)))

    def select(self, name: str) -> None:
        self.nav.setCurrentItem(self.items[name])

    def set_count(self, name: str, count: int | None) -> None:
        label = PAGE_LABELS[name]()
        self.items[name].setText(label if count is None else f"{label}   {number(count)}")

    def set_active_filters(self, n: int) -> None:
        self.clear_button.setText(CLEAR_N(n=n) if n else CLEAR())
        self.clear_button.setEnabled(n > 0)
        self._active_filters = n
        self._update_heading()

    def add_facets(self, panel: QWidget) -> None:
        """Add a page's facets: a `FacetPanel`, or a stack of them (the review queue, one per tab)."""
        self.facet_stack.addWidget(panel)
        panels = [panel] if isinstance(panel, FacetPanel) else panel.findChildren(FacetPanel)
        for facets in panels:
            facets.groups_changed.connect(self._update_heading)
        if isinstance(panel, QStackedWidget):
            panel.currentChanged.connect(self._update_heading)
        self._update_heading()

    def show_facets(self, panel: QWidget) -> None:
        self.facet_stack.setCurrentWidget(panel)
        self._update_heading()

    def shown_facets(self) -> FacetPanel | None:
        """The facet panel shown now, through the review queue's stack of them."""
        widget = self.facet_stack.currentWidget()
        while isinstance(widget, QStackedWidget):
            widget = widget.currentWidget()
        return widget if isinstance(widget, FacetPanel) else None

    def _update_heading(self, *_: object) -> None:
        # « FILTRES » over no facet at all (an empty catalogue) would promise what is not there; it stays
        # while a search or « archived » filters, so its link can still clear them.
        facets = self.shown_facets()
        shown = (facets is not None and facets.has_groups()) or self._active_filters > 0
        self.filters_title.setHidden(not shown)
        self.clear_button.setHidden(not shown)

    def remove_all_facets(self) -> None:
        while self.facet_stack.count():
            widget = self.facet_stack.widget(0)
            assert widget is not None
            self.facet_stack.removeWidget(widget)
            widget.deleteLater()
        self._update_heading()
