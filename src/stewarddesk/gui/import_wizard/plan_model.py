"""The plan as a table: one line per row of the sheet, what will happen to it, its values, and why.

Updated cells are highlighted with the catalogue's value and the file's in the tooltip (old → new); cells
in conflict and the cells that make a row rejected are coloured too. A conflict's tooltip says which kind it
is: changed on both sides since a review workbook was exported, or the value of a row whose « Revue le » is
older than the catalogue's review (plan.py's rule: no export, so both review dates are what to compare). Rows that would write something (insert, update) carry a check box: unticked,
the row is skipped. A filter shows one kind of outcome; the model keeps only the indices it shows, so a
50,000-row plan filters in a few milliseconds.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from stewarddesk.fields import FIELDS, Field
from stewarddesk.gui import display
from stewarddesk.i18n import Msg
from stewarddesk.importing.api import ImportPlan, PlannedRow

M = Msg
OUTCOMES: Final = ("all", "insert", "update", "unchanged", "reject", "warnings")
OUTCOME_LABELS = {
    "insert": M("gui.import.outcome.insert", "Nouvelle", "New"),
    "update": M("gui.import.outcome.update", "Mise à jour", "Update"),
    "unchanged": M("gui.import.outcome.unchanged", "Inchangée", "Unchanged"),
    "reject": M("gui.import.outcome.reject", "Rejetée", "Rejected"),
}
COL_ROW = M("gui.import.plan.col_row", "Ligne", "Row")
COL_OUTCOME = M("gui.import.plan.col_outcome", "Résultat", "Outcome")
COL_NOTES = M("gui.import.plan.col_notes", "Remarques", "Notes")
CHECK_TIP = M(
    "gui.import.plan.check_tip",
    "Décochez pour ne pas importer cette ligne.",
    "Untick to leave this row out of the import.",
)
CHANGED_TIP = M("gui.import.plan.changed_tip", "Avant : {old}\nAprès : {new}", "Before: {old}\nAfter: {new}")
CONFLICT_TIP = M(
    "gui.import.plan.conflict_tip",
    "Conflit : exporté « {exported} », catalogue « {catalogue} », fichier « {sheet} ». La valeur du "
    "catalogue est gardée.",
    "Conflict: exported “{exported}”, catalogue “{catalogue}”, file “{sheet}”. The catalogue's value is "
    "kept.",
)
OLDER_REVIEW_TIP = M(
    "gui.import.plan.older_review_tip",
    "Conflit : le fichier, revu le {sheet_day}, donne « {sheet} » ; le catalogue, revu depuis le "
    "{catalogue_day}, a « {catalogue} ». Le fichier est plus ancien : la valeur du catalogue est gardée.",
    "Conflict: the file, reviewed on {sheet_day}, says “{sheet}”; the catalogue, reviewed since on "
    "{catalogue_day}, has “{catalogue}”. The file is older: the catalogue's value is kept.",
)
OLDER_REVIEW_DATE_TIP = M(
    "gui.import.plan.older_review_date_tip",
    "Date de revue du fichier ({sheet_day}) antérieure à celle du catalogue ({catalogue_day}) : les "
    "informations du fichier sont plus anciennes, la date et les valeurs du catalogue sont gardées.",
    "The file's review date ({sheet_day}) is earlier than the catalogue's ({catalogue_day}): the file's "
    "information is older, the catalogue's date and values are kept.",
)
EMPTY = M("gui.import.plan.empty", "(vide)", "(empty)")
CHANGE = M("gui.import.plan.change", "{field} : {old} → {new}", "{field}: {old} → {new}")

CHANGED: Final = QColor("#ffe9a8")
CONFLICT: Final = QColor("#fbd3b0")
PROBLEM: Final = QColor("#f8cfcf")
OUTCOME_COLOURS: Final = {
    "insert": QColor("#1e7b34"),
    "update": QColor("#8a5a00"),
    "unchanged": QColor("#6b7683"),
    "reject": QColor("#a93226"),
}
# The notes (why a row is rejected, what an update changes) come right after the outcome: they are what
# the user reads first, and the field columns run on to the right.
CHECK, ROW, OUTCOME, NOTES = 0, 1, 2, 3
_FIXED: Final = 4


def shown(f: Field, value: Any) -> str:
    text = display.format_value(f, value)
    return text if text else EMPTY()


def older_review(planned: PlannedRow) -> tuple[Any, Any] | None:
    """(the sheet's review date, the catalogue's) when the row's conflicts come from its older « Revue le »,
    else None. plan.py records those with no exported value and always with the review date among them (the
    sheet's, older, differs from the catalogue's); a review workbook's conflicts carry their exported values."""
    reviewed = planned.conflicts.get("reviewed")
    if reviewed is None or any(exported is not None for exported, _, _ in planned.conflicts.values()):
        return None
    _, catalogue_day, sheet_day = reviewed
    if not sheet_day or not catalogue_day or str(sheet_day) >= str(catalogue_day):
        return None
    return sheet_day, catalogue_day


class PlanModel(QAbstractTableModel):
    """Read-only rows of an `ImportPlan`, plus a skip set the check boxes edit."""

    skipped_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.fields: list[Field] = []
        self.skip: set[int] = set()
        self.outcome = "all"
        self._shown: list[int] = []

    # ------------------------------------------------------------------ content
    def set_plan(self, plan: ImportPlan | None, skip: set[int]) -> None:
        """Show `plan` (None: nothing); `skip` is the set of sheet rows left out, edited in place."""
        self.beginResetModel()
        self.plan = plan
        self.skip = skip
        mapped = set(plan.mapping.values()) if plan is not None else set()
        self.fields = [f for f in FIELDS[plan.kind] if f.name in mapped] if plan is not None else []
        self._shown = self._indices()
        self.endResetModel()

    def set_outcome(self, outcome: str) -> None:
        """Show only one kind of outcome: `OUTCOMES` (« warnings »: rows with a warning or a conflict)."""
        self.beginResetModel()
        self.outcome = outcome
        self._shown = self._indices()
        self.endResetModel()

    def _indices(self) -> list[int]:
        if self.plan is None:
            return []
        rows = self.plan.rows
        if self.outcome == "all":
            return list(range(len(rows)))
        if self.outcome == "warnings":
            return [i for i, r in enumerate(rows) if r.action != "reject" and (r.warnings or r.conflicts)]
        return [i for i, r in enumerate(rows) if r.action == self.outcome]

    def planned(self, row: int) -> PlannedRow:
        assert self.plan is not None
        return self.plan.rows[self._shown[row]]

    def row_of(self, sheet_row: int) -> int | None:
        """The table row showing sheet row `sheet_row`, if it is shown."""
        for i, index in enumerate(self._shown):
            if self.plan is not None and self.plan.rows[index].row == sheet_row:
                return i
        return None

    def set_checked(self, rows: list[int] | None, checked: bool) -> None:
        """Tick or untick the table rows `rows` (None: every shown row that can be ticked)."""
        if self.plan is None:
            return
        targets = range(len(self._shown)) if rows is None else rows
        for row in targets:
            planned = self.planned(row)
            if planned.action in ("insert", "update"):
                if checked:
                    self.skip.discard(planned.row)
                else:
                    self.skip.add(planned.row)
        if self._shown:
            self.dataChanged.emit(self.index(0, CHECK), self.index(len(self._shown) - 1, CHECK))
        self.skipped_changed.emit()

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _FIXED + len(self.fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == CHECK:
            return ""
        if section == ROW:
            return COL_ROW()
        if section == OUTCOME:
            return COL_OUTCOME()
        if section == NOTES:
            return COL_NOTES()
        if self.plan is not None and _FIXED <= section < _FIXED + len(self.fields):
            return display.header(self.plan.kind, self.fields[section - _FIXED].name)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == CHECK and self.planned(index.row()).action in ("insert", "update"):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or index.column() != CHECK or role != Qt.ItemDataRole.CheckStateRole:
            return False
        planned = self.planned(index.row())
        if planned.action not in ("insert", "update"):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked:
            self.skip.discard(planned.row)
        else:
            self.skip.add(planned.row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.skipped_changed.emit()
        return True

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or self.plan is None:
            return None
        planned = self.planned(index.row())
        col = index.column()
        if col == CHECK:
            if role == Qt.ItemDataRole.CheckStateRole and planned.action in ("insert", "update"):
                return Qt.CheckState.Unchecked if planned.row in self.skip else Qt.CheckState.Checked
            if role == Qt.ItemDataRole.ToolTipRole and planned.action in ("insert", "update"):
                return CHECK_TIP()
            return None
        if col == ROW:
            return planned.row if role == Qt.ItemDataRole.DisplayRole else None
        if col == OUTCOME:
            if role == Qt.ItemDataRole.DisplayRole:
                return OUTCOME_LABELS[planned.action]()
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OUTCOME_COLOURS[planned.action])
            return None
        if col == NOTES:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.notes(planned, full=role == Qt.ItemDataRole.ToolTipRole)
            if role == Qt.ItemDataRole.ForegroundRole and planned.action == "reject":
                return QBrush(OUTCOME_COLOURS["reject"])
            return None
        if col < _FIXED + len(self.fields):
            return self._field_data(planned, self.fields[col - _FIXED], role)
        return None

    def _field_data(self, planned: PlannedRow, f: Field, role: int) -> Any:
        name = f.name
        if role == Qt.ItemDataRole.DisplayRole:
            if name in planned.changes:
                return display.format_value(f, planned.changes[name][1])
            if name in planned.values:
                return display.format_value(f, planned.values[name])
            problem = next((p for p in planned.problems if p.field == name and p.value), None)
            return problem.value if problem is not None else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if name in planned.conflicts:
                return QBrush(CONFLICT)
            if name in planned.changes:
                return QBrush(CHANGED)
            if any(p.field == name for p in planned.problems):
                return QBrush(PROBLEM)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if name in planned.conflicts:
                exported, current, sheet = planned.conflicts[name]
                days = older_review(planned)
                if days is not None:
                    reviewed = self._field("reviewed")
                    sheet_day, catalogue_day = shown(reviewed, days[0]), shown(reviewed, days[1])
                    if name == "reviewed":
                        return OLDER_REVIEW_DATE_TIP(sheet_day=sheet_day, catalogue_day=catalogue_day)
                    return OLDER_REVIEW_TIP(
                        sheet_day=sheet_day,
                        catalogue_day=catalogue_day,
                        sheet=shown(f, sheet),
                        catalogue=shown(f, current),
                    )
                return CONFLICT_TIP(
                    exported=shown(f, exported), catalogue=shown(f, current), sheet=shown(f, sheet)
                )
            if name in planned.changes:
                old, new = planned.changes[name]
                return CHANGED_TIP(old=shown(f, old), new=shown(f, new))
            reasons = [p.reason for p in planned.problems if p.field == name]
            if reasons:
                return "\n".join(reasons)
            value = planned.values.get(name)
            return display.format_value(f, value) if f.type == "longtext" and value else None
        return None

    def _field(self, name: str) -> Field:
        assert self.plan is not None
        return next(f for f in FIELDS[self.plan.kind] if f.name == name)

    def notes(self, planned: PlannedRow, *, full: bool = False) -> str:
        """Why a row is rejected; for an update, what changes (old → new); then what to check about it."""
        if planned.action == "reject":
            texts = [p.reason for p in planned.problems]
        else:
            texts = []
            if planned.changes and self.plan is not None:
                known = {f.name: f for f in FIELDS[self.plan.kind]}
                texts += [
                    CHANGE(
                        field=display.header(self.plan.kind, name) if name in known else name,
                        old=shown(known[name], old) if name in known else str(old),
                        new=shown(known[name], new) if name in known else str(new),
                    )
                    for name, (old, new) in planned.changes.items()
                ]
            texts += planned.warnings
        return ("\n" if full else " — ").join(texts)
