"""The review queue: flagged entries, oldest review first, each with its reason, worked through by key.

One tab per kind (offers, actions) with its count. « Marquer comme revu » (R) records a review, not a
modification; the next entry becomes current at once. Entries can also be edited in the form beside,
archived, or snoozed until a date with a reason (snoozed entries leave the queue until then).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Changes, Query
from stewarddesk.catalogue.flags import FLAG_KINDS
from stewarddesk.fields import EntryKind
from stewarddesk.gui.browser import BrowserPage, number
from stewarddesk.gui.dialogs import SnoozeDialog
from stewarddesk.gui.display import QUEUE_COLUMNS
from stewarddesk.gui.icons import icon
from stewarddesk.gui.session import Session
from stewarddesk.gui.ui_state import UiState
from stewarddesk.i18n import Msg

TAB_OFFERS = Msg("gui.queue.tab_offers", "Offres ({n})", "Offers ({n})")
TAB_ACTIONS = Msg("gui.queue.tab_actions", "Actions ({n})", "Actions ({n})")
MARK_REVIEWED = Msg("gui.queue.mark_reviewed", "Marquer comme revu", "Mark as reviewed")
MARK_REVIEWED_TIP = Msg(
    "gui.queue.mark_reviewed_tip",
    "Rien n'a changé : enregistre une revue datée d'aujourd'hui, sans modifier l'entrée (touche R).",
    "Nothing changed: records a review dated today, without modifying the entry (key R).",
)
EDIT = Msg("gui.queue.edit", "Modifier", "Edit")
EDIT_TIP = Msg(
    "gui.queue.edit_tip", "Modifier la fiche à droite (touche E).", "Edit the form on the right (key E)."
)
ARCHIVE = Msg("gui.queue.archive", "Archiver", "Archive")
SNOOZE = Msg("gui.queue.snooze", "Reporter…", "Snooze…")
SNOOZE_TIP = Msg(
    "gui.queue.snooze_tip",
    "Retirer de la file jusqu'à une date, avec une raison (touche S).",
    "Take out of the queue until a date, with a reason (key S).",
)
HINT = Msg(
    "gui.queue.hint",
    "Les entrées signalées, de la plus anciennement revue à la plus récente.",
    "Flagged entries, least recently reviewed first.",
)
EMPTY = Msg(
    "gui.queue.empty",
    "Rien à revoir : toutes les entrées sont à jour.",
    "Nothing to review: every entry is up to date.",
)


class QueueList(BrowserPage):
    """The flagged entries of one kind, oldest review first, without the snoozed ones."""

    def __init__(self, session: Session, kind: EntryKind, ui_state: UiState, parent: QWidget | None = None):
        super().__init__(
            session,
            kind,
            ui_state,
            parent,
            facet_names=("flags",),
            base_query=Query(flags=FLAG_KINDS, sort="review_age", hide_snoozed=True),
            keep_row_on_loss=True,
            layout_key=f"queue/{kind}",
            columns=QUEUE_COLUMNS[kind],
        )
        self.table.flags_delegate.show_reason = True
        self.entry_kind: EntryKind = kind
        self.show_archived.setVisible(False)

    def apply_changes(self, changes: Changes, requery: bool) -> None:
        # Any write may add or remove a flag: the queue always runs its query again.
        super().apply_changes(changes, requery=changes.kind == self.kind or requery)

    def empty_message(self) -> str | None:
        message = super().empty_message()
        if message is None or self.active_filters():
            return message
        return EMPTY()


class CompactButton(QToolButton):
    """A tool button that shows its text beside its icon when there is room, its icon alone otherwise;
    it never asks for more than the icon alone, so it does not set the window's minimum width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # Its text when there is room, down to its icon alone (a tool button's policy is fixed).
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._hints: dict[Qt.ToolButtonStyle, QSize] = {}

    def _hint(self, style: Qt.ToolButtonStyle) -> QSize:
        # Measured once per look (Qt measures the style shown); changing the style here asks for one
        # more layout pass, which then finds the measure kept.
        if style not in self._hints:
            shown = self.toolButtonStyle()
            self.setToolButtonStyle(style)
            self._hints[style] = self.sizeHint()
            self.setToolButtonStyle(shown)
        return self._hints[style]

    def full_width(self) -> int:
        """The width with its text beside its icon."""
        return self._hint(Qt.ToolButtonStyle.ToolButtonTextBesideIcon).width()

    def set_compact(self, compact: bool) -> None:
        icon_only = Qt.ToolButtonStyle.ToolButtonIconOnly
        wanted = icon_only if compact else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if self.toolButtonStyle() != wanted:
            self.setToolButtonStyle(wanted)

    def minimumSizeHint(self) -> QSize:
        return self._hint(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._hints.clear()  # the style sheet or the font came after the first measure
        super().changeEvent(event)


class ReviewQueuePage(QWidget):
    """Both queues behind a tab bar, with the review actions above them."""

    status_changed = Signal()
    problem = Signal(str)
    selection_changed = Signal()

    def __init__(self, session: Session, ui_state: UiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lists: dict[EntryKind, QueueList] = {
            "offers": QueueList(session, "offers", ui_state, self),
            "actions": QueueList(session, "actions", ui_state, self),
        }
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("queueTabs")
        self.tabs.setDrawBase(False)
        self.tabs.setUsesScrollButtons(False)  # both tabs always readable, whatever the language
        self.tabs.setExpanding(False)
        self.tabs.setToolTip(HINT())
        self.tabs.addTab(icon("offers"), "")
        self.tabs.addTab(icon("actions"), "")
        self.stack = QStackedWidget(self)
        self.facet_stack = QStackedWidget()
        for queue in self.lists.values():
            self.stack.addWidget(queue)
            self.facet_stack.addWidget(queue.facets)
            queue.status_changed.connect(self._status_changed)
            queue.problem.connect(self.problem)
            queue.selection_changed.connect(self._selection_changed)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.queue_actions: dict[str, QAction] = {}
        self._compact: list[CompactButton] = []
        bar = QHBoxLayout()
        self._bar = bar
        bar.setContentsMargins(8, 8, 8, 0)
        bar.setSpacing(6)
        bar.addWidget(self.tabs)
        bar.addStretch(1)
        for key, text, tip, shortcut, name, slot in (
            ("reviewed", MARK_REVIEWED(), MARK_REVIEWED_TIP(), "R", "reviewed", self.mark_reviewed),
            ("edit", EDIT(), EDIT_TIP(), "E", "bulk-edit", self.edit_current),
            ("snooze", SNOOZE(), SNOOZE_TIP(), "S", "snooze", self.snooze),
            ("archive", ARCHIVE(), "", "", "archive", self.archive),
        ):
            # The primary button is dark blue: its icon is drawn in white.
            action = QAction(icon("reviewed-light" if key == "reviewed" else name), text, self)
            action.setToolTip(f"{tip}" if tip else text)
            if shortcut:
                action.setIconText(f"{text}  ({shortcut})")  # the one key, where the eye is
                action.setShortcut(QKeySequence(shortcut))
                # One key, in the queue only (typing an R in the form's fields types an R).
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                for queue in self.lists.values():
                    queue.table.addAction(action)
            action.triggered.connect(slot)
            button = QToolButton(self) if key == "reviewed" else CompactButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setObjectName(f"queue_{key}")
            button.setProperty("primary" if key == "reviewed" else "secondary", True)
            bar.addWidget(button)
            self.queue_actions[key] = action
            if isinstance(button, CompactButton):
                self._compact.append(button)
            else:
                self._primary = button
        for queue in self.lists.values():
            queue.table.set_single_key_shortcuts({Qt.Key.Key_R, Qt.Key.Key_E, Qt.Key.Key_S})
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._dialog: SnoozeDialog | None = None
        self._update_tabs()
        self._update_actions()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Too narrow for every button's text (a small screen, a wide sidebar): the secondary ones keep
        # their icon only, their text in the tooltip; the window's minimum width does not count their text.
        layout = self._bar
        margins = layout.contentsMargins()
        fixed = self.tabs.sizeHint().width() + self._primary.sizeHint().width()
        spacing = layout.spacing() * (layout.count() - 1) + margins.left() + margins.right()
        wide = fixed + sum(b.full_width() for b in self._compact) + spacing
        for button in self._compact:
            button.set_compact(event.size().width() < wide)

    # ------------------------------------------------------------------ the page interface
    @property
    def current(self) -> QueueList:
        return cast(QueueList, self.stack.currentWidget())

    @property
    def facets(self) -> QStackedWidget:
        return self.facet_stack

    def start(self) -> None:
        for queue in self.lists.values():
            queue.start()

    def ensure_loaded(self) -> None:
        for queue in self.lists.values():
            queue.ensure_loaded()

    def close_page(self) -> None:
        for queue in self.lists.values():
            queue.close_page()

    def status_text(self) -> str:
        return self.current.status_text()

    def clear_filters(self) -> None:
        self.current.clear_filters()

    def apply_changes(self, changes: Changes, requery: bool) -> None:
        for queue in self.lists.values():
            queue.apply_changes(changes, requery)

    def show_kind(self, kind: EntryKind) -> None:
        self.tabs.setCurrentIndex(0 if kind == "offers" else 1)

    def _tab_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.facet_stack.setCurrentIndex(index)
        self.current.table.setFocus()
        self.status_changed.emit()
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._update_actions()
        self.selection_changed.emit()

    def _update_actions(self) -> None:
        """The review buttons act on the selected entries: disabled while none is."""
        chosen = self.current.has_selection()
        for action in self.queue_actions.values():
            action.setEnabled(chosen)

    def _status_changed(self) -> None:
        self._update_tabs()
        self.status_changed.emit()

    def _update_tabs(self) -> None:
        for i, (kind, queue) in enumerate(self.lists.items()):
            n = queue.total if queue.total is not None else queue.model.rowCount()
            msg = TAB_OFFERS if kind == "offers" else TAB_ACTIONS
            self.tabs.setTabText(i, msg(n=number(n)))

    def flagged_count(self) -> int | None:
        totals = [q.total for q in self.lists.values()]
        return None if any(t is None for t in totals) else sum(t or 0 for t in totals)

    # ------------------------------------------------------------------ review actions
    def mark_reviewed(self) -> Changes | None:
        queue = self.current
        ids = queue.selected_ids()
        if not ids:
            return None
        on = self.session.as_of()
        return _moving_on(queue, ids, lambda: self.session.undo.mark_reviewed(queue.entry_kind, ids, on))

    def archive(self) -> Changes | None:
        queue = self.current
        ids = queue.selected_ids()
        if not ids:
            return None
        return _moving_on(queue, ids, lambda: self.session.undo.archive(queue.entry_kind, ids))

    def edit_current(self) -> None:
        form = self.current.form
        if form.entry_id is None:
            return
        first = next(iter(form.editors.values()))
        form.tabs.setCurrentIndex(0)
        first.setFocus()

    def snooze(self) -> SnoozeDialog | None:
        queue = self.current
        ids = queue.selected_ids()
        if not ids:
            return None
        dialog = SnoozeDialog(len(ids), self.session.as_of(), self)

        def done() -> None:
            until = dialog.until_date()
            if until is not None:
                reason = dialog.reason.text().strip()
                _moving_on(queue, ids, lambda: self.session.undo.snooze(queue.entry_kind, ids, until, reason))

        dialog.accepted.connect(done)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._dialog = dialog
        return dialog


def _moving_on(queue: QueueList, ids: list[int], write: Callable[[], Changes | None]) -> Changes | None:
    """Run `write` on the selected entries of `queue`; the selection then moves on to the entry that came
    after them, so R, R, R works through the queue even when a reviewed entry stays in it (still incomplete,
    it only moves to the end)."""
    call_off = queue.table.move_on_from(ids)
    changes = write()
    if not changes:
        call_off()  # refused, or nothing written: no new query is coming
    return changes
