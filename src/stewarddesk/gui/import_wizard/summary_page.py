"""Page 6: what the import wrote, and the two things people do next: undo it if it was wrong, and send the
rejected rows back to the partner (a copy of their sheet, problem cells marked, the reason beside each row).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.gui.import_wizard.base import Page
from stewarddesk.gui.import_wizard.work import rejects_work, undo_changes, undo_work
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.api import UndoOutcome
from stewarddesk.importing.shown import UNCHANGED, UPDATED, counted

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

M = Msg
TITLE = M("gui.import.summary.title", "Import terminé", "Import done")
SUBTITLE = M(
    "gui.import.summary.subtitle",
    "L'import est enregistré dans l'historique des imports (menu Fichier), d'où il peut aussi être annulé.",
    "The import is recorded in the import history (File menu), where it can be undone too.",
)
NOTHING_SUBTITLE = M(
    "gui.import.summary.nothing_subtitle",
    "Le catalogue n'a pas changé : ni sauvegarde ni entrée dans l'historique des imports.",
    "The catalogue did not change: no backup and nothing in the import history.",
)
ADDED = Plural(
    "gui.import.summary.added",
    ("{count} entrée ajoutée", "{count} entrées ajoutées"),
    ("{count} entry added", "{count} entries added"),
)
ROWS_REJECTED = Plural(
    "gui.import.summary.rows_rejected",
    ("{count} ligne rejetée", "{count} lignes rejetées"),
    ("{count} row rejected", "{count} rows rejected"),
)
HEADLINE = M(
    "gui.import.summary.headline",
    "Import n° {batch} de « {file} » : {inserted}, {updated}, {unchanged}, {rejected}.",
    "Import #{batch} of “{file}”: {inserted}, {updated}, {unchanged}, {rejected}.",
)
ROWS_UNCHANGED = Plural(
    "gui.import.summary.rows_unchanged",
    ("{count} ligne inchangée", "{count} lignes inchangées"),
    ("{count} row unchanged", "{count} rows unchanged"),
)
NOTHING_RECORDED = M(
    "gui.import.summary.nothing_recorded",
    "« {file} » ne change rien au catalogue ({unchanged}, {rejected}) : aucun import enregistré, rien à "
    "annuler.",
    "“{file}” changes nothing in the catalogue ({unchanged}, {rejected}): no import recorded, nothing to "
    "undo.",
)
SKIPPED = Plural(
    "gui.import.summary.skipped",
    ("{count} ligne laissée de côté à l'aperçu.", "{count} lignes laissées de côté à l'aperçu."),
    ("{count} row left out in the preview.", "{count} rows left out in the preview."),
)
BACKUP = M(
    "gui.import.summary.backup",
    "Sauvegarde du catalogue faite avant l'import : {path}",
    "Catalogue backed up before the import: {path}",
)
PROFILE_SAVED = M(
    "gui.import.summary.profile",
    "Profil partenaire « {name} » enregistré : son prochain fichier sera reconnu.",
    "Partner profile “{name}” saved: their next file will be recognised.",
)
REJECTED_LIST = M(
    "gui.import.summary.rejected_list",
    "Lignes rejetées (à corriger par le partenaire) :",
    "Rejected rows (for the partner to correct):",
)
UNDO = M("gui.import.summary.undo", "Annuler cet import", "Undo this import")
SAVE_REJECTS = M(
    "gui.import.summary.save_rejects",
    "Enregistrer les lignes rejetées pour le partenaire…",
    "Save the rejected rows for the partner…",
)
REJECTS_FILTER = M("gui.import.summary.rejects_filter", "Classeur Excel (*.xlsx)", "Excel workbook (*.xlsx)")
REJECTS_NAME = M(
    "gui.import.summary.rejects_name", "{stem} - lignes rejetées.xlsx", "{stem} - rejected rows.xlsx"
)
UNDOING = M("gui.import.summary.undoing", "Annulation de l'import…", "Undoing the import…")
UNDONE = M(
    "gui.import.summary.undone", "Import n° {batch} annulé : {summary}.", "Import #{batch} undone: {summary}."
)
WRITING_REJECTS = M(
    "gui.import.summary.writing_rejects", "Écriture des lignes rejetées…", "Writing the rejected rows…"
)
REJECTS_WRITTEN = Plural(
    "gui.import.summary.rejects_written",
    ("{count} ligne rejetée enregistrée dans {path}", "{count} lignes rejetées enregistrées dans {path}"),
    ("{count} rejected row saved to {path}", "{count} rejected rows saved to {path}"),
)


# Up to this many rejected rows wrap their long reasons; beyond, one line each (the full text in the
# tooltip): wrapping makes the list measure every line on the GUI thread, seconds for 10,000 of them.
_WRAPPED_LINES: Final = 300


class LinesModel(QAbstractListModel):
    """Lines of text for a list view, each with itself as tooltip (a long reason cut by the view)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[str] = []

    def set_lines(self, lines: list[str]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.lines[index.row()]


class SummaryPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(TITLE())
        self.setSubTitle(SUBTITLE())
        self.setFinalPage(True)
        self.headline = QLabel(self)
        self.headline.setObjectName("summaryHeadline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-size: 11.5pt; font-weight: 600;")
        self.details = QLabel(self)
        self.details.setObjectName("summaryDetails")
        self.details.setWordWrap(True)
        self.undo_button = QPushButton(UNDO(), self)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(self.undo)
        self.rejects_button = QPushButton(SAVE_REJECTS(), self)
        self.rejects_button.setObjectName("saveRejects")
        self.rejects_button.clicked.connect(self.choose_rejects_file)
        self.rejected_label = QLabel(REJECTED_LIST(), self)
        self.rejected_model = LinesModel(self)
        self.rejected = QListView(self)
        self.rejected.setObjectName("rejectedRows")
        self.rejected.setModel(self.rejected_model)
        # Laid out a hundred lines at a time between events: 10,000 lines at once took 0.1-0.2 s.
        self.rejected.setLayoutMode(QListView.LayoutMode.Batched)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.rejects_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.task)
        layout.addSpacing(12)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.rejected, 1)

    def inputs(self) -> list[QWidget]:
        return [self.undo_button, self.rejects_button]

    def initializePage(self) -> None:
        self.clear_message()
        result, plan = self.state.result, self.state.plan
        if result is None or plan is None:
            return
        counts = result.counts
        # The subtitle, set once for the usual case, would speak of a history entry that does not exist.
        self.setSubTitle(SUBTITLE() if result.batch_id is not None else NOTHING_SUBTITLE())
        if result.batch_id is None:  # nothing to insert or update: the engine wrote nothing
            self.headline.setText(
                NOTHING_RECORDED(
                    file=plan.file.name,
                    unchanged=counted(ROWS_UNCHANGED, counts["unchanged"]),
                    rejected=counted(ROWS_REJECTED, counts["rejected"]),
                )
            )
        else:
            self.headline.setText(
                HEADLINE(
                    batch=result.batch_id,
                    file=plan.file.name,
                    inserted=counted(ADDED, counts["inserted"]),
                    updated=counted(UPDATED, counts["updated"]),
                    unchanged=counted(UNCHANGED, counts["unchanged"]),
                    rejected=counted(ROWS_REJECTED, counts["rejected"]),
                )
            )
        lines = []
        if self.state.skip_rows:
            lines.append(counted(SKIPPED, len(self.state.skip_rows)))
        if plan.profile and (plan.save_profile or self.state.save_profile):
            lines.append(PROFILE_SAVED(name=plan.profile))
        if result.backup_path is not None:
            lines.append(BACKUP(path=result.backup_path))
        self.details.setText("\n".join(lines))
        reasons = self.state.answer.rejected if self.state.answer is not None else []
        wrapped = len(reasons) <= _WRAPPED_LINES
        self.rejected.setWordWrap(wrapped)
        self.rejected.setUniformItemSizes(not wrapped)
        self.rejected_model.set_lines(reasons)
        self.rejected.setVisible(bool(reasons))
        self.rejected_label.setVisible(bool(reasons))
        self._update_buttons()

    def _update_buttons(self) -> None:
        result = self.state.result
        recorded = result is not None and result.batch_id is not None
        self.undo_button.setVisible(result is None or recorded)
        self.undo_button.setEnabled(recorded and self.state.undone is None)
        self.rejects_button.setEnabled(result is not None and result.counts["rejected"] > 0)

    def _busy_changed(self, busy: bool) -> None:
        super()._busy_changed(busy)
        if not busy:
            self._update_buttons()

    # ------------------------------------------------------------------ undo
    def undo(self) -> None:
        result = self.state.result
        if result is None or result.batch_id is None or self.state.undone is not None or self.task.busy():
            return
        self.run(undo_work(result.batch_id), UNDOING(), self._undone)

    def _undone(self, outcome: UndoOutcome) -> None:
        self.state.undone = outcome
        self.session.announce(undo_changes(outcome), requery=True)
        self.show_message(UNDONE(batch=outcome.batch_id, summary=outcome.summary()), "info")
        self._update_buttons()

    # ------------------------------------------------------------------ rejected rows
    def choose_rejects_file(self) -> None:
        plan = self.state.plan
        if plan is None:
            return
        start = plan.file.with_name(REJECTS_NAME(stem=plan.file.stem))
        name, _ = QFileDialog.getSaveFileName(self, SAVE_REJECTS().rstrip("…"), str(start), REJECTS_FILTER())
        if name:
            self.save_rejects(Path(name))

    def save_rejects(self, out: Path) -> None:
        """Write the rejected rows to `out` (.xlsx is added when the name has no suffix)."""
        plan = self.state.plan
        if plan is None or self.task.busy():
            return
        if not out.suffix:
            out = out.with_suffix(".xlsx")

        def written(count: int) -> None:
            self.show_message(counted(REJECTS_WRITTEN, count, path=out), "info")

        self.run(rejects_work(plan, out), WRITING_REJECTS(), written)
