"""The detail form beside the grid: every field of the current entry, its flags with their reasons, and
its history from the journal.

Each field is saved when the user is done with it (Enter, leaving the field, a choice in a list) through
the undo stack, so every change in the form is one undoable step. A value that cannot be saved stays in
the field, framed in red with the reason, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Catalogue, Changes, Entry, flags_for
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, Kind
from stewarddesk.gui import display
from stewarddesk.gui.editors import EditorWidget, StructureEditor, StructuresEditor, make_editor, show_problem
from stewarddesk.gui.field_undo import FieldUndo, forget_typing
from stewarddesk.gui.history_view import HistoryView, format_when, source_label
from stewarddesk.gui.table_model import SEVERITY
from stewarddesk.gui.undo import UndoController
from stewarddesk.i18n import Msg

TAB_FIELDS = Msg("gui.form.tab_fields", "Fiche", "Details")
TAB_HISTORY = Msg("gui.form.tab_history", "Historique ({n})", "History ({n})")
NOTHING_SELECTED = Msg(
    "gui.form.nothing_selected",
    "Sélectionnez une entrée pour voir sa fiche.",
    "Select an entry to see its details.",
)
SEVERAL_SELECTED = Msg(
    "gui.form.several_selected",
    "{n} entrées sélectionnées : « Modification groupée » (Ctrl+M) les modifie en une fois.",
    "{n} entries selected: “Bulk edit” (Ctrl+M) changes them in one step.",
)
META = Msg(
    "gui.form.meta",
    "Créée le {created} · modifiée le {updated} · origine : {source}",
    "Created {created} · modified {updated} · source: {source}",
)
ARCHIVED_NOTE = Msg("gui.form.archived", "Archivée", "Archived")
SNOOZED_NOTE = Msg(
    "gui.form.snoozed",
    "Reportée jusqu'au {day} : {reason}",
    "Snoozed until {day}: {reason}",
)
NO_FLAGS = Msg("gui.form.no_flags", "Aucune alerte", "No alerts")
FLAG_COLOURS = {"overdue": "#b03a2e", "stale": "#9a6700", "incomplete": "#3d5f8f"}


class DetailForm(QWidget):
    """Every field of one entry, editable; `edited(changes)` after each saved field."""

    problem = Signal(str)

    def __init__(
        self,
        kind: Kind,
        catalogue: Catalogue,
        undo: UndoController,
        as_of: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind: Kind = kind
        self.catalogue = catalogue
        self.undo = undo
        self._as_of = as_of
        self.entry_id: int | None = None
        self.entry: Entry | None = None
        self.setObjectName("detailForm")

        self.title = QLabel(self)
        self.title.setObjectName("formTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("formSubtitle")
        self.subtitle.setWordWrap(True)
        self.flags_label = QLabel(self)
        self.flags_label.setObjectName("formFlags")
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder = QLabel(NOTHING_SELECTED(), self)
        self.placeholder.setObjectName("formPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.editors: dict[str, EditorWidget] = {}
        # Ctrl+Z in a field undoes its unsaved typing, else the window's last edit (field_undo.py).
        self.field_undo = FieldUndo(self)
        fields_page = QWidget()
        form = QFormLayout(fields_page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setContentsMargins(8, 8, 8, 8)
        for f in FIELDS[kind]:
            editor = make_editor(kind, f, catalogue, fields_page)
            editor.setObjectName(f"field_{f.name}")
            editor.setMinimumWidth(60)  # long labels in a drop-down must not widen the form
            if isinstance(editor, QComboBox):
                editor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                editor.setMinimumContentsLength(8)
            editor.edited.connect(lambda name=f.name: self.commit(name))
            label = display.header(kind, f.name) + (" *" if f.required else "")
            form.addRow(label, editor)
            if f.type == "longtext":
                editor.setMinimumHeight(70)
                editor.setMaximumHeight(120)
            self.editors[f.name] = editor
            self.field_undo.install(editor)
        self.meta = QLabel(fields_page)
        self.meta.setObjectName("formMeta")
        self.meta.setWordWrap(True)
        form.addRow(self.meta)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields_page)
        self.history = HistoryView(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, TAB_FIELDS())
        self.tabs.addTab(self.history, TAB_HISTORY(n=0))
        self.tabs.setDocumentMode(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.flags_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.placeholder, 1)
        self.show_entry(None)

    # ------------------------------------------------------------------ showing
    def show_entry(self, entry_id: int | None) -> None:
        """Show entry `entry_id` (None: nothing selected)."""
        entry = None
        if entry_id is not None:
            try:
                entry = self.catalogue.get(self.kind, entry_id)
            except KnownError:
                entry = None
        self.entry_id = entry_id if entry is not None else None
        self.entry = entry
        has = entry is not None
        for w in (self.title, self.subtitle, self.flags_label, self.tabs):
            w.setVisible(has)
        self.placeholder.setVisible(not has)
        if entry is None:
            self.placeholder.setText(NOTHING_SELECTED())
            return
        self.title.setText(display.entry_title(self.kind, entry))
        self.subtitle.setText(self._subtitle(entry))
        self.subtitle.setVisible(bool(self.subtitle.text()))
        self._show_flags(entry)
        for name, editor in self.editors.items():
            editor.blockSignals(True)
            editor.set_value(entry.get(name))
            show_problem(editor, None)
            editor.blockSignals(False)
        self.meta.setText(
            META(
                created=format_when(str(entry.get("created") or "")),
                updated=format_when(str(entry.get("updated") or "")),
                source=source_label(str(entry.get("source") or "")),
            )
        )
        items = self.catalogue.history(self.kind, entry["id"])
        self.history.set_entries(items)
        self.tabs.setTabText(1, TAB_HISTORY(n=self.history.topLevelItemCount()))

    def show_several(self, n: int) -> None:
        self.show_entry(None)
        self.placeholder.setText(SEVERAL_SELECTED(n=n))

    def _subtitle(self, entry: Entry) -> str:
        parts: list[str] = []
        if self.kind == "offers" and entry.get("structure"):
            parts.append(str(entry["structure"]))
        if self.kind == "actions" and entry.get("code"):
            parts.append(str(entry["code"]))
        if (self.kind == "offers" and entry.get("status") == "archived") or entry.get("archived"):
            parts.append(ARCHIVED_NOTE())
        if entry.get("snoozed_until") and str(entry["snoozed_until"]) >= self._as_of().isoformat():
            parts.append(
                SNOOZED_NOTE(
                    day=display.format_date(str(entry["snoozed_until"])),
                    reason=entry.get("snooze_reason") or "",
                )
            )
        return " · ".join(parts)

    def _show_flags(self, entry: Entry) -> None:
        if self.kind == "structures":
            self.flags_label.setVisible(False)
            return
        flags = flags_for(self.kind, entry, self.catalogue.settings(), self._as_of())
        flags.sort(key=lambda f: SEVERITY.index(f.kind))
        if not flags:
            self.flags_label.setText(f"<span style='color:#2e7d32'>✓ {NO_FLAGS()}</span>")
            return
        lines = [
            f"<span style='color:{FLAG_COLOURS[f.kind]}'><b>{f.label()}</b> — {_escape(f.reason())}</span>"
            for f in flags
        ]
        self.flags_label.setText("<br>".join(lines))

    def apply_changes(self, changes: Changes) -> None:
        """Reload the shown entry if a write touched it (an undo, a bulk edit, the queue)."""
        if changes.structures or changes.kind == "structures":
            names = self.catalogue.structure_names()
            for editor in self.editors.values():
                if isinstance(editor, StructureEditor | StructuresEditor):
                    editor.set_names(names)
        if self.entry_id is None:
            return
        mine = changes.kind == self.kind and self.entry_id in (*changes.updated, *changes.deleted)
        renamed = changes.kind == "structures" and self.kind != "structures"  # shown in offers, carriers
        if mine or renamed:
            self.show_entry(self.entry_id)

    # ------------------------------------------------------------------ saving
    def commit(self, name: str) -> bool:
        """Save field `name` if it changed and is valid; True when the catalogue holds the shown value."""
        if self.entry_id is None or self.entry is None:
            return False
        editor = self.editors[name]
        message = editor.problem()
        value: Any = None
        if message is None:
            try:
                value = editor.value()
            except ValueError as exc:
                message = str(exc)
        if message is not None:
            show_problem(editor, message)
            self.problem.emit(message)
            return False
        if not _same(self.entry.get(name), value):
            changes = self.undo.update(self.kind, self.entry_id, {name: value})
            if changes is None:  # refused by the catalogue; the reason went to the status bar
                self._show_stored(name)
                return False
            if not changes:  # the catalogue kept its value: show what it holds, never a value it does not
                self._show_stored(name)
        forget_typing(editor)  # saved: Ctrl+Z in the field now undoes the edit, on the window's stack
        return True

    def _show_stored(self, name: str) -> None:
        if self.entry_id is None:
            return
        self.entry = self.catalogue.get(self.kind, self.entry_id)
        editor = self.editors[name]
        editor.blockSignals(True)
        editor.set_value(self.entry.get(name))
        editor.blockSignals(False)


def _same(old: Any, new: Any) -> bool:
    if old in (None, "", []) and new in (None, "", []):
        return True
    return bool(old == new)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
