"""An entry's change history, read from the journal: who changed what, when, from where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from stewarddesk.catalogue import JournalEntry
from stewarddesk.catalogue.structure_merge import merge_note
from stewarddesk.fields import FIELDS, Kind
from stewarddesk.gui import display
from stewarddesk.i18n import Msg, current_language

WHEN = Msg("gui.history.when", "Quand", "When")
WHO = Msg("gui.history.who", "Qui", "Who")
WHAT = Msg("gui.history.what", "Modification", "Change")
CREATED = Msg("gui.history.created", "Création de l'entrée", "Entry created")
DELETED = Msg("gui.history.deleted", "Entrée supprimée", "Entry deleted")
REVIEWED = Msg("gui.history.reviewed", "Revue le {day} (sans modification)", "Reviewed on {day} (no change)")
ARCHIVED = Msg("gui.history.archived", "Archivée", "Archived")
RESTORED = Msg("gui.history.restored", "Restaurée", "Restored")
SNOOZED = Msg("gui.history.snoozed", "Reportée jusqu'au {day} : {reason}", "Snoozed until {day}: {reason}")
CHANGED = Msg("gui.history.changed", "{field} : {old} → {new}", "{field}: {old} → {new}")
SOURCE_MANUAL = Msg("gui.history.source.manual", "saisie", "manual edit")
SOURCE_UNDO = Msg("gui.history.source.undo", "annulation", "undo")
SOURCE_IMPORT = Msg("gui.history.source.import", "import n° {batch}", "import #{batch}")
SOURCE_IMPORT_ANY = Msg("gui.history.source.import_any", "import d'un tableur", "spreadsheet import")
SOURCE_SAMPLE = Msg("gui.history.source.sample", "catalogue d'exemple", "sample catalogue")
SOURCE_OTHER = Msg("gui.history.source.other", "{source}", "{source}")
SOURCE_TIP = Msg("gui.history.source_tip", "Origine : {source}", "Source: {source}")
NOTHING = Msg("gui.history.nothing", "∅", "∅")


def format_when(at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return moment.strftime("%d/%m/%Y %H:%M" if current_language() == "fr" else "%Y-%m-%d %H:%M")


def source_text(item: JournalEntry) -> str:
    return source_label(item.source, item.batch_id)


def source_label(source: str, batch_id: int | None = None) -> str:
    """Where a change or an entry came from, in the user's words (the catalogue stores a code)."""
    if batch_id is not None:
        return SOURCE_IMPORT(batch=batch_id)
    known = {
        "manual": SOURCE_MANUAL,
        "undo": SOURCE_UNDO,
        "import": SOURCE_IMPORT_ANY,
        "sample": SOURCE_SAMPLE,
    }
    message = known.get(source)
    return message() if message is not None else SOURCE_OTHER(source=source)


def _value(kind: Kind, name: str, value: Any) -> str:
    known = {f.name: f for f in FIELDS[kind]}
    if value is None or value == "" or value == []:
        return NOTHING()
    text = display.format_value(known[name], value) if name in known else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def describe(item: JournalEntry) -> str:
    """One line saying what a journal row did, in the user's words."""
    kind = item.entity
    if item.op == "create":
        return CREATED()
    if item.op == "delete":
        return DELETED()
    if item.op == "review" and item.field == "reviewed":
        return REVIEWED(day=display.format_date(str(item.new)) if item.new else NOTHING())
    if item.op == "archive":
        return merge_note(item) or ARCHIVED()
    if item.op == "restore":
        return RESTORED()
    if item.op == "snooze" and isinstance(item.new, dict):
        return SNOOZED(
            day=display.format_date(str(item.new.get("until"))), reason=item.new.get("reason") or ""
        )
    name = item.field or ""
    label = display.header(kind, name) if (kind, name) in display.HEADERS else name
    return CHANGED(field=label, old=_value(kind, name, item.old), new=_value(kind, name, item.new))


class HistoryView(QTreeWidget):
    """The journal rows of one entry, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([WHEN(), WHO(), WHAT()])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(False)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def set_entries(self, items: Sequence[JournalEntry]) -> None:
        self.clear()
        rows = []
        for item in items:
            if item.field is not None and item.field.startswith("settings."):
                continue
            row = QTreeWidgetItem([format_when(item.at), item.who, describe(item)])
            tip = f"{describe(item)}\n{SOURCE_TIP(source=source_text(item))}"
            for column in range(3):
                row.setToolTip(column, tip)
            rows.append(row)
        self.addTopLevelItems(rows)
