"""Undo and redo over the journal: every edit in the window is a `QUndoCommand` around a journaled write.

A command runs its catalogue operation once when it is pushed; undo reverts exactly the journal rows that
operation wrote (`Catalogue.revert`, which refuses when a value changed since, e.g. after an import); redo
runs the operation again. A bulk edit is one operation, hence one step. When an undo or redo is refused,
the command leaves the stack and the user reads why.

Redoing a creation makes a new entry with a new id; later commands still name the old one, so the
controller keeps a map from the ids they knew to the ids of today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from stewarddesk.catalogue import Catalogue, Changes
from stewarddesk.catalogue import journal as journal_mod
from stewarddesk.errors import KnownError
from stewarddesk.fields import EntryKind, Kind
from stewarddesk.gui import display
from stewarddesk.gui.field_undo import redo_keys, undo_keys
from stewarddesk.gui.icons import icon
from stewarddesk.gui.titles import both_texts, of_title
from stewarddesk.i18n import Msg

EDIT_ONE = Msg("gui.undo.edit_one", "modifier « {field} » {of_title}", "edit “{field}” {of_title}")
EDIT_MANY = Msg("gui.undo.edit_many", "modifier « {field} » de {n} entrées", "edit “{field}” of {n} entries")
REVIEW_ONE = Msg("gui.undo.review_one", "marquer « {title} » comme revue", "mark “{title}” as reviewed")
REVIEW_MANY = Msg("gui.undo.review_many", "marquer {n} entrées comme revues", "mark {n} entries as reviewed")
ARCHIVE_ONE = Msg("gui.undo.archive_one", "archiver « {title} »", "archive “{title}”")
ARCHIVE_MANY = Msg("gui.undo.archive_many", "archiver {n} entrées", "archive {n} entries")
RESTORE_ONE = Msg("gui.undo.restore_one", "restaurer « {title} »", "restore “{title}”")
RESTORE_MANY = Msg("gui.undo.restore_many", "restaurer {n} entrées", "restore {n} entries")
SNOOZE_ONE = Msg("gui.undo.snooze_one", "reporter « {title} »", "snooze “{title}”")
SNOOZE_MANY = Msg("gui.undo.snooze_many", "reporter {n} entrées", "snooze {n} entries")
CREATE = Msg("gui.undo.create", "créer « {title} »", "create “{title}”")
UNDO = Msg("gui.undo.undo", "&Annuler", "&Undo")
REDO = Msg("gui.undo.redo", "&Rétablir", "&Redo")
UNDO_WHAT = Msg("gui.undo.undo_what", "&Annuler : {what}", "&Undo: {what}")
REDO_WHAT = Msg("gui.undo.redo_what", "&Rétablir : {what}", "&Redo: {what}")
UNDO_REFUSED = Msg(
    "gui.undo.refused", "Impossible d'annuler « {what} » : {reason}", "Cannot undo “{what}”: {reason}"
)
REDO_REFUSED = Msg(
    "gui.undo.redo_refused", "Impossible de rétablir « {what} » : {reason}", "Cannot redo “{what}”: {reason}"
)

Notify = Callable[[Changes, bool], None]


class CatalogueCommand(QUndoCommand):
    """One journaled write, already done when pushed; undone by reverting its journal rows."""

    def __init__(
        self, controller: UndoController, text: str, do: Callable[[], Changes], done: Changes, requery: bool
    ) -> None:
        super().__init__(text)
        self._controller = controller
        self._do = do
        self._changes = done
        self._requery = requery
        self._pending_first_redo = True

    def redo(self) -> None:
        if self._pending_first_redo:  # QUndoStack.push calls redo(); the write already happened
            self._pending_first_redo = False
            return
        try:
            self._changes = self._do()
        except KnownError as exc:
            self.setObsolete(True)
            self._controller.refused.emit(REDO_REFUSED(what=self.text(), reason=exc))
            return
        self._controller.notify(self._changes, self._requery)

    def undo(self) -> None:
        cat = self._controller.catalogue
        try:
            reverted = cat.revert(journal_mod.entries(cat.conn, self._changes.journal_ids), source="undo")
        except KnownError as exc:
            self.setObsolete(True)
            self._controller.refused.emit(UNDO_REFUSED(what=self.text(), reason=exc))
            return
        for changes in _merge(reverted):
            self._controller.notify(changes, self._requery or bool(changes.deleted))
        if not reverted:
            self._controller.notify(self._changes, self._requery)


def _merge(items: Sequence[Changes]) -> list[Changes]:
    by_kind: dict[Kind, list[Changes]] = {}
    for c in items:
        by_kind.setdefault(c.kind, []).append(c)
    return [Changes.combine(kind, parts) for kind, parts in by_kind.items()]


class _ActionTexts(QObject):
    """Keeps the undo and redo actions' texts and enabled states in step with the stack."""

    def __init__(self, stack: QUndoStack, undo: QAction, redo: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._stack, self._undo, self._redo = stack, undo, redo
        stack.indexChanged.connect(self.refresh)

    def refresh(self, _index: int = 0) -> None:
        self._undo.setEnabled(self._stack.canUndo())
        self._redo.setEnabled(self._stack.canRedo())
        index = self._stack.index()
        for action, step, msg, plain in (
            (self._undo, index - 1, UNDO_WHAT, UNDO),
            (self._redo, index, REDO_WHAT, REDO),
        ):
            # The toolbar says only « Annuler » / « Rétablir »: a description there (two of them, once an
            # edit is undone) pushed the toolbar's last buttons out of sight. The menu says what, the title
            # elided (the command's actionText); the tooltip says it whole (its text).
            action.setIconText(plain().replace("&", ""))
            command = self._stack.command(step) if 0 <= step < self._stack.count() else None
            if command is None:
                action.setText(plain())
                action.setToolTip(plain().replace("&", ""))
                continue
            action.setText(msg(what=command.actionText().replace("&", "&&")))  # a title's & is no mnemonic
            action.setToolTip(msg(what="\0").replace("&", "").replace("\0", command.text()))


class UndoController(QObject):
    """Every write of the window goes through here, so it can be undone and the views hear about it."""

    changed = Signal(object, bool)  # Changes, requery (entries came, went, or moved in or out of a query)
    refused = Signal(str)  # a write, undo or redo the catalogue refused, in a sentence

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.stack = QUndoStack(self)
        self._ids: dict[tuple[Kind, int], int] = {}

    # ------------------------------------------------------------------ plumbing
    def notify(self, changes: Changes, requery: bool) -> None:
        self.changed.emit(changes, requery)

    def resolve(self, kind: Kind, entry_id: int) -> int:
        """Today's id of an entry that a redone creation may have re-made."""
        seen = set()
        while (kind, entry_id) in self._ids and entry_id not in seen:
            seen.add(entry_id)
            entry_id = self._ids[(kind, entry_id)]
        return entry_id

    def _run(self, text: str, do: Callable[[], Changes], *, requery: bool = False) -> Changes | None:
        try:
            changes = do()
        except KnownError as exc:
            self.refused.emit(str(exc))
            return None
        if not changes and not changes.journal_ids:
            return changes  # nothing changed: no undo step
        self.stack.push(CatalogueCommand(self, text, do, changes, requery))
        self.notify(changes, requery)
        return changes

    def _title(self, kind: Kind, entry_id: int) -> str:
        try:
            return display.entry_title(kind, self.catalogue.get(kind, entry_id))
        except KnownError:
            return f"#{entry_id}"

    def _one(self, msg: Msg, kind: Kind, entry_id: int) -> str:
        """`msg` naming one entry: its title elided in the menu and toolbar, whole in the tooltip."""
        return both_texts(lambda title: msg(title=title), self._title(kind, entry_id))

    # ------------------------------------------------------------------ operations
    def update(self, kind: Kind, entry_id: int, values: dict[str, Any]) -> Changes | None:
        """Change fields of one entry; None (and `refused` emitted) when the catalogue refuses a value."""
        name = next(iter(values)) if len(values) == 1 else ""
        field_label = display.header(kind, name) if name else ""
        text = both_texts(
            lambda t: EDIT_ONE(field=field_label, of_title=of_title(t)), self._title(kind, entry_id)
        )
        return self._run(text, lambda: self.catalogue.update(kind, self.resolve(kind, entry_id), values))

    def update_many(self, kind: Kind, ids: Sequence[int], values: dict[str, Any]) -> Changes | None:
        """The same values on many entries: one transaction, one undo step."""
        if len(ids) == 1:
            return self.update(kind, ids[0], values)
        field_label = ", ".join(display.header(kind, n) for n in values)
        text = EDIT_MANY(field=field_label, n=len(ids))
        ids = list(ids)
        return self._run(
            text, lambda: self.catalogue.update_many(kind, [self.resolve(kind, i) for i in ids], values)
        )

    def mark_reviewed(self, kind: EntryKind, ids: Sequence[int], on: dt.date) -> Changes | None:
        """Record a review (the entry's `updated` date does not move: it is not a modification)."""
        ids = list(ids)
        text = self._one(REVIEW_ONE, kind, ids[0]) if len(ids) == 1 else REVIEW_MANY(n=len(ids))
        return self._run(
            text,
            lambda: self.catalogue.mark_reviewed(kind, [self.resolve(kind, i) for i in ids], on),
            requery=True,
        )

    def archive(self, kind: Kind, ids: Sequence[int]) -> Changes | None:
        ids = list(ids)
        text = self._one(ARCHIVE_ONE, kind, ids[0]) if len(ids) == 1 else ARCHIVE_MANY(n=len(ids))
        return self._run(
            text, lambda: self.catalogue.archive(kind, [self.resolve(kind, i) for i in ids]), requery=True
        )

    def restore(self, kind: Kind, ids: Sequence[int]) -> Changes | None:
        ids = list(ids)
        text = self._one(RESTORE_ONE, kind, ids[0]) if len(ids) == 1 else RESTORE_MANY(n=len(ids))
        return self._run(
            text, lambda: self.catalogue.restore(kind, [self.resolve(kind, i) for i in ids]), requery=True
        )

    def snooze(self, kind: EntryKind, ids: Sequence[int], until: dt.date, reason: str) -> Changes | None:
        """Hide entries from the review queue until `until`, with the reason the user gave."""
        ids = list(ids)
        text = self._one(SNOOZE_ONE, kind, ids[0]) if len(ids) == 1 else SNOOZE_MANY(n=len(ids))

        def do() -> Changes:
            return self.catalogue.snooze(kind, [self.resolve(kind, i) for i in ids], until, reason)

        return self._run(text, do, requery=True)

    def create(self, kind: Kind, values: dict[str, Any], text: str | None = None) -> int | None:
        """A new entry; returns its id (None if the catalogue refused the values)."""
        title = str(values.get("name" if kind == "structures" else "title") or "")
        first: list[int] = []

        def do() -> Changes:
            changes = self.catalogue.create(kind, values)
            new_id = changes.created[0]
            if first and first[0] != new_id:
                self._ids[(kind, first[0])] = new_id
            elif not first:
                first.append(new_id)
            return changes

        changes = self._run(text or both_texts(lambda t: CREATE(title=t), title), do, requery=True)
        return changes.created[0] if changes and changes.created else None

    # ------------------------------------------------------------------ menu actions
    def make_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Undo and redo actions whose text says what they will undo or redo (Ctrl+Z, Ctrl+Shift+Z)."""
        undo = QAction(icon("undo"), UNDO(), parent)
        undo.setShortcuts(undo_keys())
        redo = QAction(icon("redo"), REDO(), parent)
        redo.setShortcuts(redo_keys())
        undo.triggered.connect(self.stack.undo)
        redo.triggered.connect(self.stack.redo)
        # A QObject beside the actions: its slot is disconnected when the window that owns them goes.
        updater = _ActionTexts(self.stack, undo, redo, parent)
        updater.refresh()
        return undo, redo

    def clear(self) -> None:
        self.stack.clear()
        self._ids.clear()
