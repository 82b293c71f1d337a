"""« Fusionner les structures… »: merge duplicate structures from the Structures view, in one undo step.

The user selects two or more structures, opens the dialog from the Édition menu, picks the one to keep
(by default the one most offers and actions name), reads what will happen, and confirms. The merge is
`catalogue.structure_merge.merge_structures`; its journal rows make one `QUndoCommand` on the session's
stack, so Ctrl+Z reverts the whole merge (the merged-away structures come back from the archive).

`install(window)` is the window's only hook: it adds the action to the Édition menu and keeps it enabled
on the Structures page only.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Catalogue, Changes
from stewarddesk.catalogue import journal as journal_mod
from stewarddesk.catalogue.structure_merge import Fill, MergePlan, merge_structures, plan_merge, usage_counts
from stewarddesk.errors import KnownError
from stewarddesk.fields import Kind, field
from stewarddesk.gui import display
from stewarddesk.gui.icons import icon
from stewarddesk.gui.sidebar import PAGE_LABELS
from stewarddesk.gui.titles import both_texts, from_title, of_title
from stewarddesk.gui.undo import REDO_REFUSED, UNDO_REFUSED, UndoController
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.shown import counted

if TYPE_CHECKING:
    from stewarddesk.gui.main_window import MainWindow

M = Msg
ACTION = M("gui.structure_merge.action", "&Fusionner les structures…", "&Merge structures…")
TITLE = M("gui.structure_merge.title", "Fusionner des structures", "Merge structures")
INTRO = M(
    "gui.structure_merge.intro",
    "Ces {n} structures désignent-elles le même acteur ? Choisissez celle que vous conservez : les offres "
    "et les actions des autres lui seront rattachées, puis les autres seront archivées. "
    "Une seule étape à annuler (Ctrl+Z).",
    "Do these {n} structures name the same actor? Choose the one you keep: the offers and actions of the "
    "others will point to it, then the others are archived. One step to undo (Ctrl+Z).",
)
KEEP = M("gui.structure_merge.keep", "Conserver", "Keep")
ARCHIVED = M("gui.structure_merge.archived", "{name} (archivée)", "{name} (archived)")
PREVIEW_OFFERS = M(
    "gui.structure_merge.preview_offers",
    "Offres rattachées à « {name} » : {n}",
    "Offers moved to “{name}”: {n}",
)
PREVIEW_ACTIONS = M(
    "gui.structure_merge.preview_actions",
    "Actions dont « {name} » devient porteur : {n}",
    "Actions that “{name}” now carries: {n}",
)
PREVIEW_ARCHIVED = M(
    "gui.structure_merge.preview_archived",
    "Archivées ensuite (restaurées si vous annulez) : {names}",
    "Archived afterwards (restored if you undo): {names}",
)
PREVIEW_FILLED = M(
    "gui.structure_merge.preview_filled",
    "Champs vides complétés : {fields}",
    "Empty fields filled in: {fields}",
)
PREVIEW_NOTHING_FILLED = M(
    "gui.structure_merge.preview_nothing_filled",
    "Aucun champ vide {of_name} à compléter",
    "No empty field {of_name} to fill in",
)
PREVIEW_NOT_TAKEN = M(
    "gui.structure_merge.preview_not_taken",
    "Non repris, le champ étant déjà rempli : {fields}",
    "Not taken, the field being already filled: {fields}",
)
QUOTED = M("gui.structure_merge.quoted", "« {name} »", "“{name}”")
FILL_SEPARATOR = M("gui.structure_merge.fill_separator", " ; ", "; ")
FILL = M(
    "gui.structure_merge.fill",
    "{field} = « {value} » ({from_source})",
    "{field} = “{value}” ({from_source})",
)
UNDO_TEXT = M(
    "gui.structure_merge.undo_text",
    "fusionner {n} structures dans « {name} »",
    "merge {n} structures into “{name}”",
)
SELECT_TWO = M(
    "gui.structure_merge.select_two",
    "Sélectionnez au moins deux structures dans la vue Structures pour les fusionner.",
    "Select at least two structures in the Structures view to merge them.",
)
DONE = M(
    "gui.structure_merge.done",
    "{n} structures fusionnées dans « {name} » : {offers}, {actions} rattachées.",
    "{n} structures merged into “{name}”: {offers}, {actions} repointed.",
)
# « 1 offre, 3 actions »: also the duplicates finder's counts.
OFFER_COUNT = Plural(
    "gui.structure_merge.offers", ("{count} offre", "{count} offres"), ("{count} offer", "{count} offers")
)
ACTION_COUNT = Plural(
    "gui.structure_merge.actions",
    ("{count} action", "{count} actions"),
    ("{count} action", "{count} actions"),
)


def describe_plan(plan: MergePlan) -> list[str]:
    """The dialog's preview, one line per consequence: what moves, what is archived, filled, dropped."""

    def fills(items: Sequence[Fill]) -> str:
        return FILL_SEPARATOR().join(
            FILL(
                field=display.header("structures", f.field),
                value=display.format_value(field("structures", f.field), f.value),
                from_source=from_title(f.from_name),
            )
            for f in items
        )

    lines = [
        PREVIEW_OFFERS(name=plan.keep_name, n=len(plan.offers)),
        PREVIEW_ACTIONS(name=plan.keep_name, n=len(plan.actions)),
        PREVIEW_ARCHIVED(names=", ".join(QUOTED(name=n) for n in plan.other_names)),
        PREVIEW_FILLED(fields=fills(plan.filled))
        if plan.filled
        else PREVIEW_NOTHING_FILLED(of_name=of_title(plan.keep_name)),
    ]
    if plan.not_taken:
        lines.append(PREVIEW_NOT_TAKEN(fields=fills(plan.not_taken)))
    return lines


class StructureMergeDialog(QDialog):
    """The selected structures with their offers and actions; a radio picks the one kept; a preview says
    what the merge will do. Opened with `open()`; on `accepted`, `keep()` and `others()` say the choice."""

    def __init__(self, catalogue: Catalogue, ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("structureMergeDialog")
        self.setWindowTitle(TITLE())
        self.catalogue = catalogue
        entries = catalogue.rows("structures", list(dict.fromkeys(ids)))
        self.ids = [int(e["id"]) for e in entries]
        counts = usage_counts(catalogue, self.ids)
        intro = QLabel(INTRO(n=len(entries)), self)
        intro.setWordWrap(True)

        self.table = QTableWidget(len(entries), 4, self)
        self.table.setObjectName("mergeTable")
        self.table.setHorizontalHeaderLabels(
            [KEEP(), PAGE_LABELS["offers"](), PAGE_LABELS["actions"](), display.header("structures", "site")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.group = QButtonGroup(self)
        self.radios: dict[int, QRadioButton] = {}
        for row, entry in enumerate(entries):
            sid = int(entry["id"])
            name = str(entry["name"])
            radio = QRadioButton(ARCHIVED(name=name) if entry.get("archived") else name, self.table)
            radio.setEnabled(not entry.get("archived"))  # an archived structure cannot be the one kept
            self.group.addButton(radio, sid)
            self.radios[sid] = radio
            self.table.setCellWidget(row, 0, radio)
            n_offers, n_actions = counts.get(sid, (0, 0))
            for column, value in ((1, str(n_offers)), (2, str(n_actions)), (3, str(entry.get("site") or ""))):
                item = QTableWidgetItem(value)
                if column < 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

        self.preview = QLabel(self)
        self.preview.setObjectName("mergePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview_lines: list[str] = []  # the preview as plain sentences
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.preview)
        layout.addStretch(1)  # any height to spare goes above the buttons, not between the parts
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        # As tall as its rows (up to ten; then it scrolls): no empty grid between the rows and the preview.
        self.table.resizeRowsToContents()
        rows_height = sum(self.table.rowHeight(r) for r in range(min(len(entries), 10)))
        self.table.setFixedHeight(rows_height + self.table.horizontalHeader().sizeHint().height() + 4)

        # Default: the structure named by the most entries (the first of them on a tie), if it can be kept.
        candidates = [e for e in entries if not e.get("archived")]
        if candidates:
            best = max(candidates, key=lambda e: sum(counts.get(int(e["id"]), (0, 0))))
            self.radios[int(best["id"])].setChecked(True)
        self.group.idToggled.connect(lambda _id, on: self._update_preview() if on else None)
        self._update_preview()

    def keep(self) -> int | None:
        sid = self.group.checkedId()
        return sid if sid != -1 else None

    def others(self) -> list[int]:
        keep = self.keep()
        return [i for i in self.ids if i != keep]

    def choose(self, structure_id: int) -> None:
        """Pick the structure kept (what a click on its radio does)."""
        self.radios[structure_id].setChecked(True)

    def _update_preview(self) -> None:
        keep = self.keep()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.preview_lines = []
        if keep is None:
            self.preview.setText("")
            ok.setEnabled(False)
            return
        try:
            plan = plan_merge(self.catalogue, keep, self.others())
        except KnownError as exc:
            self.preview_lines = [str(exc)]
            self.preview.setText(html.escape(str(exc), quote=False))
            ok.setEnabled(False)
            return
        self.preview_lines = describe_plan(plan)
        items = "".join(f"<li>{html.escape(line, quote=False)}</li>" for line in self.preview_lines)
        self.preview.setText(f"<ul style='margin-left: -20px'>{items}</ul>")
        ok.setEnabled(True)


class MergeCommand(QUndoCommand):
    """One merge on the undo stack: already done when pushed; undo reverts all its journal rows at once;
    redo merges again (the same structures, found by id: an undo restores them, it does not re-create)."""

    def __init__(self, controller: UndoController, keep: int, others: Sequence[int], text: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._keep = keep
        self._others = list(others)
        self._journal_ids: tuple[int, ...] = ()
        self._first_redo = True

    def run(self) -> dict[Kind, Changes]:
        """Merge; raises KnownError when the catalogue refuses."""
        result = merge_structures(self._controller.catalogue, self._keep, self._others)
        self._journal_ids = result.journal_ids
        return result.changes

    def redo(self) -> None:
        if self._first_redo:  # QUndoStack.push calls redo(); the merge already happened
            self._first_redo = False
            return
        try:
            changes = self.run()
        except KnownError as exc:
            self.setObsolete(True)
            self._controller.refused.emit(REDO_REFUSED(what=self.text(), reason=exc))
            return
        _announce(self._controller, changes.values())

    def undo(self) -> None:
        cat = self._controller.catalogue
        try:
            reverted = cat.revert(journal_mod.entries(cat.conn, self._journal_ids), source="undo")
        except KnownError as exc:
            self.setObsolete(True)
            self._controller.refused.emit(UNDO_REFUSED(what=self.text(), reason=exc))
            return
        _announce(self._controller, reverted)


def _announce(controller: UndoController, items: Iterable[Changes]) -> None:
    """Tell the views, one `Changes` per kind; a merge moves entries in and out of queries (a structure
    filter, the archived ones), hence a requery."""
    by_kind: dict[Kind, Changes] = {}
    for c in items:
        by_kind[c.kind] = by_kind[c.kind] | c if c.kind in by_kind else c
    by_kind.setdefault("structures", Changes("structures", structures=True))
    for changes in by_kind.values():
        controller.notify(changes, True)


def merge(controller: UndoController, keep: int, others: Sequence[int]) -> dict[Kind, Changes] | None:
    """Merge `others` into `keep` as one undo step; None (and `refused` emitted) when refused."""
    cat = controller.catalogue
    try:
        name = str(cat.get("structures", keep)["name"])
    except KnownError as exc:
        controller.refused.emit(str(exc))
        return None
    text = both_texts(lambda n: UNDO_TEXT(n=len(others) + 1, name=n), name)
    command = MergeCommand(controller, keep, others, text)
    try:
        changes = command.run()
    except KnownError as exc:
        controller.refused.emit(str(exc))
        return None
    controller.stack.push(command)
    _announce(controller, changes.values())
    return changes


class StructureMergeCommands(QObject):
    """The « Fusionner les structures… » action of the window (Édition menu), on the Structures page."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(icon("merge"), ACTION(), window)
        self.action.setObjectName("mergeStructuresAction")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.action_map["merge_structures"] = self.action
        edit = window.menus["edit"]
        # After « Modification groupée… », before the separator that precedes « Archiver ».
        anchor = window.action_map["bulk_edit"]
        actions = edit.actions()
        following = actions[actions.index(anchor) + 1] if anchor in actions[:-1] else None
        if following is not None:
            edit.insertAction(following, self.action)
        else:
            edit.addAction(self.action)
        window.session_changed.connect(self.update_enabled)
        window.sidebar.page_chosen.connect(lambda _name: self.update_enabled())
        self.update_enabled()

    def update_enabled(self) -> None:
        self.action.setEnabled(
            self.window.session is not None and self.window.current_page_name == "structures"
        )

    def open_dialog(self) -> StructureMergeDialog | None:
        window = self.window
        session = window.session
        browser = window.browser()
        if session is None or browser is None or browser.kind != "structures":
            window.show_problem(SELECT_TWO())
            return None
        ids = browser.selected_ids()
        if len(ids) < 2:
            window.show_problem(SELECT_TWO())
            return None
        return open_merge(window, ids)


def open_merge(
    window: MainWindow, ids: Sequence[int], parent: QWidget | None = None
) -> StructureMergeDialog | None:
    """The merge dialog for the structures `ids` (two or more), applied as one undo step on OK; the kept
    structure is then selected in the Structures view when it is the page shown."""
    session = window.session
    if session is None or len(ids) < 2:
        window.show_problem(SELECT_TWO())
        return None
    dialog = StructureMergeDialog(session.catalogue, ids, parent or window)

    def apply() -> None:
        keep = dialog.keep()
        if keep is None:
            return
        others = dialog.others()
        changes = merge(session.undo, keep, others)
        if changes is not None:
            offers = changes.get("offers")
            actions = changes.get("actions")
            window.statusBar().showMessage(
                DONE(
                    n=len(others) + 1,
                    name=session.catalogue.get("structures", keep)["name"],
                    offers=counted(OFFER_COUNT, len(offers.updated) if offers else 0),
                    actions=counted(ACTION_COUNT, len(actions.updated) if actions else 0),
                ),
                8000,
            )
            browser = window.browser()
            if browser is not None and browser.kind == "structures":
                browser.table.select_ids([keep], keep)

    dialog.accepted.connect(apply)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.dialog = dialog
    return dialog


def install(window: MainWindow) -> StructureMergeCommands:
    """Add « Fusionner les structures… » to `window` (call once, after its menus are built)."""
    return StructureMergeCommands(window)
