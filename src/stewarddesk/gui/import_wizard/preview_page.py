"""Page 4: what the import would do, row by row, before anything is written.

Counts by outcome, one filter button per outcome, the plan table (plan_model.py) with a check box on every
row that would write, and the file-level warnings (columns not recognised, drift, new structures, section
lines skipped). « Importer » moves on to the apply page, which writes exactly what is ticked here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from stewarddesk.gui.import_wizard.base import APPLY, Page
from stewarddesk.gui.import_wizard.plan_model import CHECK, NOTES, OUTCOME, OUTCOMES, ROW, PlanModel
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.shown import REJECTED, UNCHANGED, UPDATED, counted

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

M = Msg
TITLE = M("gui.import.preview.title", "Aperçu de l'import", "Import preview")
SUBTITLE = M(
    "gui.import.preview.subtitle",
    "Rien n'est encore écrit. Vérifiez ce que l'import fera de chaque ligne ; décochez les lignes à laisser "
    "de côté. Les cellules modifiées sont surlignées (survolez-les pour voir l'ancienne valeur).",
    "Nothing is written yet. Check what the import will do with each row; untick the rows to leave out. "
    "Changed cells are highlighted (hover over them to see the old value).",
)
SUMMARY = M(
    "gui.import.preview.summary",
    "{total} : {inserted}, {updated}, {unchanged}, {rejected}.",
    "{total}: {inserted}, {updated}, {unchanged}, {rejected}.",
)
ROWS_READ = Plural(
    "gui.import.preview.rows_read",
    ("{count} ligne lue", "{count} lignes lues"),
    ("{count} row read", "{count} rows read"),
)
NEW = Plural("gui.import.preview.new", ("{count} nouvelle", "{count} nouvelles"), ("{count} new",) * 2)
FILTERS = {
    "all": M("gui.import.preview.filter_all", "Toutes ({n})", "All ({n})"),
    "insert": M("gui.import.preview.filter_insert", "Nouvelles ({n})", "New ({n})"),
    "update": M("gui.import.preview.filter_update", "Mises à jour ({n})", "Updates ({n})"),
    "unchanged": M("gui.import.preview.filter_unchanged", "Inchangées ({n})", "Unchanged ({n})"),
    "reject": M("gui.import.preview.filter_reject", "Rejetées ({n})", "Rejected ({n})"),
    "warnings": M("gui.import.preview.filter_warnings", "Avec avertissement ({n})", "With a warning ({n})"),
}
CHECK_ALL = M("gui.import.preview.check_all", "Tout cocher", "Tick all")
UNCHECK_ALL = M("gui.import.preview.uncheck_all", "Tout décocher", "Untick all")
TO_WRITE = Plural(
    "gui.import.preview.to_write",
    ("{count} ligne sera écrite ({skipped}).", "{count} lignes seront écrites ({skipped})."),
    ("{count} row will be written ({skipped}).", "{count} rows will be written ({skipped})."),
)
LEFT_OUT = Plural(
    "gui.import.preview.left_out",
    ("{count} laissée de côté", "{count} laissées de côté"),
    ("{count} left out",) * 2,
)
FILE_WARNINGS = M("gui.import.preview.file_warnings", "À savoir sur ce fichier :", "About this file:")
IMPORT = M("gui.import.preview.import", "&Importer", "&Import")


class PreviewPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(TITLE())
        self.setSubTitle(SUBTITLE())
        self.setButtonText(QWizard.WizardButton.NextButton, IMPORT())
        self.summary = QLabel(self)
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.model = PlanModel(self)
        self.model.skipped_changed.connect(self._update_counts)
        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        self.filter_buttons: dict[str, QPushButton] = {}
        filter_row = QHBoxLayout()
        for outcome in OUTCOMES:
            button = QPushButton(self)
            button.setObjectName(f"filter_{outcome}")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, o=outcome: self.show_outcome(o))
            self.filters.addButton(button)
            self.filter_buttons[outcome] = button
            filter_row.addWidget(button)
        filter_row.addStretch(1)
        self.filter_buttons["all"].setChecked(True)
        self.table = QTableView(self)
        self.table.setObjectName("planTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setMinimumSectionSize(28)
        self.check_all = QPushButton(CHECK_ALL(), self)
        self.check_all.setObjectName("checkAll")
        self.check_all.clicked.connect(lambda: self.model.set_checked(None, True))
        self.uncheck_all = QPushButton(UNCHECK_ALL(), self)
        self.uncheck_all.setObjectName("uncheckAll")
        self.uncheck_all.clicked.connect(lambda: self.model.set_checked(None, False))
        self.to_write = QLabel(self)
        self.to_write.setObjectName("toWrite")
        self.warnings_label = QLabel(FILE_WARNINGS(), self)
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("fileWarnings")
        self.warnings.setWordWrap(True)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_all)
        check_row.addWidget(self.uncheck_all)
        check_row.addSpacing(12)
        check_row.addWidget(self.to_write, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(check_row)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)

    def inputs(self) -> list[QWidget]:
        return [self.table, self.check_all, self.uncheck_all]

    def isComplete(self) -> bool:
        return self.state.answer is not None

    def initializePage(self) -> None:
        self.clear_message()
        self.show_plan()

    def cleanupPage(self) -> None:
        """Going back keeps the ticks: they belong to the plan, which stays until something changes."""

    def show_plan(self) -> None:
        answer = self.state.answer
        self.model.set_plan(answer.plan if answer else None, self.state.skip_rows)
        self.warnings.clear()
        if answer is None:
            self.summary.clear()
            return
        counts = answer.counts
        total = len(answer.plan.rows)
        self.summary.setText(
            SUMMARY(
                total=counted(ROWS_READ, total),
                inserted=counted(NEW, counts["inserted"]),
                updated=counted(UPDATED, counts["updated"]),
                unchanged=counted(UNCHANGED, counts["unchanged"]),
                rejected=counted(REJECTED, counts["rejected"]),
            )
        )
        numbers = {
            "all": total,
            "insert": counts["inserted"],
            "update": counts["updated"],
            "unchanged": counts["unchanged"],
            "reject": counts["rejected"],
            "warnings": answer.warned_rows,
        }
        for outcome, button in self.filter_buttons.items():
            button.setText(FILTERS[outcome](n=numbers[outcome]))
        self.warnings.addItems(answer.plan.warnings)
        # As tall as its lines (four at most, then it scrolls): the table keeps the room.
        lines = min(max(len(answer.plan.warnings), 1), 4)
        self.warnings.setFixedHeight(lines * (self.warnings.fontMetrics().height() + 4) + 8)
        self.warnings.setVisible(bool(answer.plan.warnings))
        self.warnings_label.setVisible(bool(answer.plan.warnings))
        self._size_columns()
        self._update_counts()
        self.completeChanged.emit()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        self.table.setColumnWidth(CHECK, 30)
        self.table.setColumnWidth(ROW, 56)
        self.table.setColumnWidth(OUTCOME, 110)
        self.table.setColumnWidth(NOTES, 320)
        for i, f in enumerate(self.model.fields):
            width = {"title": 260, "description": 220}.get(f.name, 150)
            self.table.setColumnWidth(NOTES + 1 + i, width)
        header.setStretchLastSection(False)

    def show_outcome(self, outcome: str) -> None:
        """Show only the rows of one outcome (`plan_model.OUTCOMES`), as the filter buttons do."""
        self.filter_buttons[outcome].setChecked(True)
        self.model.set_outcome(outcome)

    def _update_counts(self) -> None:
        answer = self.state.answer
        if answer is None:
            self.to_write.clear()
            return
        writing = answer.counts["inserted"] + answer.counts["updated"]
        skipped = len(self.state.skip_rows)
        self.to_write.setText(counted(TO_WRITE, writing - skipped, skipped=counted(LEFT_OUT, skipped)))

    def nextId(self) -> int:
        return APPLY
