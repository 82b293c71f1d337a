"""A page of the window for one kind of entry: search box, grid, detail form, and its facet panel.

The page turns the search box, the ticked facets and « show archived » into one `Query`, runs it through
the model (ids from the reader runner, so a million rows never freeze the window) and asks the counter for
the facet counts and the total that the status bar shows (« N entrées sur M »).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Catalogue, Changes, Query
from stewarddesk.errors import Cancelled
from stewarddesk.fields import Kind
from stewarddesk.gui.detail_form import DetailForm
from stewarddesk.gui.display import Column
from stewarddesk.gui.empty_state import CLEAR_HREF, EmptyState, no_match, nothing_yet
from stewarddesk.gui.facets import FacetPanel
from stewarddesk.gui.field_undo import FieldUndo
from stewarddesk.gui.grid import EntryTable
from stewarddesk.gui.icons import icon
from stewarddesk.gui.session import Session
from stewarddesk.gui.table_model import EntryTableModel, ErrorCallback, IdsCallback
from stewarddesk.gui.ui_state import UiState
from stewarddesk.i18n import Msg, current_language, singular
from stewarddesk.progress import CancelToken, Progress

SEARCH_PLACEHOLDER = {
    "offers": Msg(
        "gui.browser.search.offers",
        "Rechercher une offre : titre, description, structure…  (Ctrl+F)",
        "Search offers: title, description, structure…  (Ctrl+F)",
    ),
    "actions": Msg(
        "gui.browser.search.actions",
        "Rechercher une action : code, titre, porteurs, indicateurs…  (Ctrl+F)",
        "Search actions: code, title, carriers, indicators…  (Ctrl+F)",
    ),
    "structures": Msg(
        "gui.browser.search.structures",
        "Rechercher une structure : nom, type, site…  (Ctrl+F)",
        "Search structures: name, kind, site…  (Ctrl+F)",
    ),
}
SHOW_ARCHIVED = Msg("gui.browser.show_archived", "Afficher les archivées", "Show archived")
COUNT = Msg("gui.browser.count", "{n} entrées sur {total}", "{n} entries of {total}")
COUNT_ONE = Msg("gui.browser.count_one", "{n} entrée sur {total}", "{n} entry of {total}")
SEARCHING = Msg("gui.browser.searching", "Recherche…", "Searching…")

SEARCH_DELAY_MS = 120  # a pause this long after a keystroke runs the search (typing stays fluid)
FIRST_ROWS = 200  # shown as soon as the catalogue has them; the rest of the ids follow
FULL_LIST_DELAY_MS = 30
# Facet counts wait for the typing to pause: counting a whole catalogue for every keystroke would only
# slow the next keystroke's search.
FACET_DELAY_MS = 250


def number(n: int) -> str:
    """12 345 in French (narrow no-break space), 12,345 in English."""
    text = f"{n:,}"
    return text.replace(",", "\u202f") if current_language() == "fr" else text


def count_text(n: int, total: int) -> str:
    msg = COUNT_ONE if singular(current_language(), n) else COUNT  # « 0 entrée », "0 entries"
    return msg(n=number(n), total=number(total))


class BrowserPage(QWidget):
    """Browse, search, filter and edit the entries of one kind."""

    status_changed = Signal()
    problem = Signal(str)
    selection_changed = Signal()  # the entries the commands act on (the selected rows, or the current one)

    def __init__(
        self,
        session: Session,
        kind: Kind,
        ui_state: UiState,
        parent: QWidget | None = None,
        *,
        facet_names: tuple[str, ...] | None = None,
        base_query: Query | None = None,
        keep_row_on_loss: bool = False,
        layout_key: str | None = None,
        columns: tuple[Column, ...] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.kind: Kind = kind
        self._base = base_query or Query(sort="name" if kind == "structures" else "title")
        self._load_token = 0
        self._facet_token = 0
        self._closed = False
        self._started = False
        self._facets_for: Query | None = None
        self.total: int | None = None

        self.model = EntryTableModel(
            session.catalogue,
            kind,
            as_of=session.as_of,
            loader=self._load,
            query=self._base,
            columns=columns,
            parent=self,
        )
        self.model.edit_handler = self._edit_cell

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER[kind]())
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_undo = FieldUndo(self)  # Ctrl+Z: the search's own typing, else the window's undo
        self.search_undo.install(self.search)
        self.show_archived = QCheckBox(SHOW_ARCHIVED(), self)

        self.facets = FacetPanel(kind, facet_names)
        self.table = EntryTable(
            self.model, ui_state, layout_key or f"grid/{kind}", keep_row_on_loss=keep_row_on_loss, parent=self
        )
        self.form = DetailForm(kind, session.catalogue, session.undo, session.as_of, self)
        self.empty = EmptyState(self.table)  # what an empty grid says, over it
        self.empty.link.connect(self._empty_link)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([820, 380])
        self.form.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(self.splitter)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_query)
        self._facet_timer = QTimer(self)
        self._facet_timer.setSingleShot(True)
        self._facet_timer.setInterval(FACET_DELAY_MS)
        self._facet_timer.timeout.connect(self.refresh_facets)
        self.search.textEdited.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_query)
        # The clear button sets the text without a textEdited: search at once.
        self.search.textChanged.connect(lambda t: None if t else self._debounce.start(0))
        self.show_archived.toggled.connect(lambda _on: self.apply_query())
        self.facets.filters_changed.connect(self.apply_query)
        self.model.loaded.connect(self._loaded)
        self.model.first_rows.connect(self.status_changed)
        self.model.load_failed.connect(self.problem)
        self.table.current_changed.connect(lambda _id: self._update_form())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_form())
        self.table.current_changed.connect(lambda _id: self.selection_changed.emit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.first_rows):
            signal.connect(lambda *_: self._update_empty())
        self.table.delegate.problem.connect(self.problem)
        self.form.problem.connect(self.problem)
        session.settings_changed.connect(self._settings_changed)

    # ------------------------------------------------------------------ querying
    def current_query(self) -> Query:
        """The query the controls describe (the grid's sort is kept)."""
        return self._base.with_(
            text=self.search.text().strip(),
            filters={**self._base.filters, **self.facets.filters()},
            flags=tuple(self.facets.flags()) or self._base.flags,
            include_archived=self.show_archived.isChecked(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_query(self) -> None:
        self._started = True
        self._debounce.stop()
        self.model.set_query(self.current_query())
        self.status_changed.emit()

    def start(self) -> None:
        """Count the entries in the background (the sidebar shows it); the grid fills when first shown."""
        self.refresh_total()

    def ensure_loaded(self) -> None:
        """Run the first query if the page has not yet shown anything (pages load when first shown)."""
        if not self._started:
            self._started = True
            self.apply_query()

    def close_page(self) -> None:
        """The page is going away: answers still on their way from the reader are dropped."""
        self._closed = True
        self._debounce.stop()
        self._facet_timer.stop()
        self._load_token += 1
        self._facet_token += 1

    def clear_filters(self) -> None:
        """Empty the search box, untick every facet, hide archived entries: one query."""
        for widget in (self.search, self.show_archived, self.facets):
            widget.blockSignals(True)
        try:
            self.search.clear()
            self.show_archived.setChecked(False)
            self.facets.clear()
        finally:
            for widget in (self.search, self.show_archived, self.facets):
                widget.blockSignals(False)
        self.apply_query()

    def active_filters(self) -> int:
        return self.facets.active_count() + bool(self.search.text().strip()) + self.show_archived.isChecked()

    def _load(self, kind: Kind, query: Query, deliver: IdsCallback, fail: ErrorCallback) -> None:
        """Two reads on the reader: the first rows (a LIMIT the index often serves at once), then all ids."""
        self._load_token += 1
        token = self._load_token
        transform = self.filter_ids
        first = FIRST_ROWS

        # Set on the reader thread by the first read, read there by the second (they run in order).
        complete_already = [False]

        def first_rows(cat: Catalogue, _progress: Progress, _cancel: CancelToken) -> list[int] | None:
            if token != self._load_token:  # a newer keystroke already replaced this query
                return None
            ids = cat.ids(kind, query, limit=first)
            complete_already[0] = len(ids) < first
            return transform(cat, query, ids)

        def all_rows(cat: Catalogue, _progress: Progress, _cancel: CancelToken) -> list[int] | None:
            if token != self._load_token:
                return None
            # Every id of a big search takes seconds at 1,000,000 entries: a newer keystroke interrupts
            # it, so its own first rows do not wait behind an answer nobody will see.
            try:
                with cat.reads_stop_when(lambda: token != self._load_token):
                    return transform(cat, query, cat.ids(kind, query))
            except Cancelled:
                return None

        def first_done(ids: list[int] | None) -> None:
            if ids is not None and not self._closed:
                deliver(ids, complete_already[0])
                if not complete_already[0]:
                    # The whole id list is built in Python on the reader thread; starting it only once the
                    # first rows are painted keeps it from competing with that paint for the interpreter.
                    QTimer.singleShot(FULL_LIST_DELAY_MS, submit_all)

        def submit_all() -> None:
            if token == self._load_token and not self._closed:
                self.session.reader.submit(all_rows, on_done=all_done, on_error=failed)

        def all_done(ids: list[int] | None) -> None:
            if ids is not None and not self._closed:
                deliver(ids, True)

        def failed(exc: BaseException) -> None:
            if not self._closed:
                fail(exc)

        self.session.reader.submit(first_rows, on_done=first_done, on_error=failed)

    def filter_ids(self, cat: Catalogue, query: Query, ids: list[int]) -> list[int]:
        """A hook for pages that refine the catalogue's answer (runs on the reader thread)."""
        return ids

    def _loaded(self) -> None:
        self._update_empty()
        self.status_changed.emit()
        # A new sort does not change any count: the facets are asked again only for a new selection.
        key = self.model.query.with_(sort="", descending=False, as_of=None)
        if key != self._facets_for:
            self._facet_timer.start()

    def counting(self) -> bool:
        """True while facet counts are due (waiting for a pause in the typing, or being counted)."""
        return self._facet_timer.isActive()

    def refresh_facets(self) -> None:
        """Ask the counter for every facet's counts under the current query (the latest answer wins)."""
        self._facet_timer.stop()
        self._facets_for = self.model.query.with_(sort="", descending=False, as_of=None)
        self._facet_token += 1
        token = self._facet_token
        query = self.model.query.with_(as_of=self.session.as_of())
        names = self.facets.names
        kind = self.kind

        def work(cat: Catalogue, _p: Progress, _c: CancelToken) -> dict[str, list[tuple[str, int]]] | None:
            counts: dict[str, list[tuple[str, int]]] = {}
            for name in names:
                if token != self._facet_token:
                    return None
                counts[name] = cat.facets(kind, name, query)
            return counts

        def done(counts: dict[str, list[tuple[str, int]]] | None) -> None:
            if counts is not None and token == self._facet_token and not self._closed:
                self.facets.set_counts(counts)

        self.session.counter.submit(work, on_done=done)

    def refresh_total(self) -> None:
        """How many live entries the catalogue holds (the « M » of « N entrées sur M »)."""
        kind = self.kind
        base = self._base.with_(as_of=self.session.as_of(), include_archived=False)

        def work(cat: Catalogue, _p: Progress, _c: CancelToken) -> int:
            return len(self.filter_ids(cat, base, cat.ids(kind, base)))

        def done(total: int) -> None:
            if not self._closed:
                self.total = total
                self.status_changed.emit()

        self.session.counter.submit(work, on_done=done)

    def status_text(self) -> str:
        if self.model.loading:
            return SEARCHING()
        total = self.total if self.total is not None else self.model.rowCount()
        return count_text(self.model.rowCount(), max(total, self.model.rowCount()))

    # ------------------------------------------------------------------ an empty grid
    def empty_message(self) -> str | None:
        """What the grid says when it shows no entry; None while it shows some or is still loading."""
        if self.model.rowCount() or self.model.loading or not self._started:
            return None
        if self.active_filters() - self.show_archived.isChecked():  # archived ones shown hide nothing
            return no_match()
        return nothing_yet(self.kind)

    def _update_empty(self) -> None:
        self.empty.show_message(self.empty_message())

    def _empty_link(self, href: str) -> None:
        if href == CLEAR_HREF:
            self.clear_filters()
            self.table.setFocus()

    # ------------------------------------------------------------------ selection and form
    def has_selection(self) -> bool:
        """Whether the commands have entries to act on (`selected_ids` is not empty), cheaply."""
        return self.table.selectionModel().hasSelection() or self.table.current_id() is not None

    def _update_form(self) -> None:
        rows = self.table.selected_rows()
        if len(rows) > 1:
            self.form.show_several(len(rows))
        else:
            current = self.table.current_id()
            if current != self.form.entry_id or current is None:
                self.form.show_entry(current)

    def selected_ids(self) -> list[int]:
        ids = self.table.selected_ids()
        current = self.table.current_id()
        return ids or ([current] if current is not None else [])

    # ------------------------------------------------------------------ writes
    def _edit_cell(self, kind: Kind, entry_id: int, name: str, value: Any) -> bool:
        return self.session.undo.update(kind, entry_id, {name: value}) is not None

    def apply_changes(self, changes: Changes, requery: bool) -> None:
        if not self._started:  # not shown yet: it will read the catalogue as it is when it is
            if requery or changes.created or changes.deleted:
                self.refresh_total()
            return
        self.model.apply_changes(changes, requery=requery)
        self.form.apply_changes(changes)
        if requery or changes.created or changes.deleted:
            self._facets_for = None  # the same query, other entries: counted again when the new ids are in
            self.refresh_total()
        elif changes.kind == self.kind:
            self.refresh_facets()  # an edited value, or a flag that came or went

    def _settings_changed(self, settings: Any) -> None:
        self.model.set_settings(settings)
        self.form.show_entry(self.form.entry_id)
        if self._started:
            self._facets_for = None
            self.apply_query()
        self.refresh_total()
