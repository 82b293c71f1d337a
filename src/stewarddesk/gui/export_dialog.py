"""The export dialog: what (offers or actions; the window's current filter, everything, or one partner's
review workbook; only the entries to review), which format, where. The export runs on the session's runner
with a progress bar and Cancel (the target file is only replaced once complete); at the end the file or its
folder opens with the desktop's own application.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.errors import Cancelled
from stewarddesk.exporting.api import ExportResult, export_entries
from stewarddesk.exporting.filters import default_sort
from stewarddesk.fields import KINDS, EntryKind
from stewarddesk.gui.session import Session
from stewarddesk.gui.task_panel import TaskPanel
from stewarddesk.gui.ui_state import UiState
from stewarddesk.gui.worker import user_message
from stewarddesk.i18n import Msg, Plural
from stewarddesk.importing.shown import counted
from stewarddesk.progress import CancelToken, Progress

M = Msg
TITLE = M("gui.export.title", "Exporter", "Export")
WHAT = M("gui.export.what", "Quoi :", "What:")
KIND_NAMES = {
    "offers": M("gui.export.kind_offers", "Offres", "Offers"),
    "actions": M("gui.export.kind_actions", "Actions de la feuille de route", "Roadmap actions"),
}
WHICH = M("gui.export.which", "Entrées :", "Entries:")
SCOPE_CURRENT = M(
    "gui.export.scope_current",
    "Celles que montre la fenêtre (filtre et recherche actuels)",
    "Those the window shows (current filter and search)",
)
SCOPE_CURRENT_COUNT = Plural(
    "gui.export.scope_current_count",
    (
        "Celles que montre la fenêtre (filtre et recherche actuels : {count} entrée)",
        "Celles que montre la fenêtre (filtre et recherche actuels : {count} entrées)",
    ),
    (
        "Those the window shows (current filter and search: {count} entry)",
        "Those the window shows (current filter and search: {count} entries)",
    ),
)
SCOPE_ALL = M("gui.export.scope_all", "Tout le catalogue", "The whole catalogue")
WITH_ARCHIVED = M(
    "gui.export.with_archived",
    "Avec les entrées archivées (leur statut dit « Archivée »)",
    "With the archived entries (their status says “Archived”)",
)
SCOPE_PARTNER = M(
    "gui.export.scope_partner", "Le classeur de revue d'un partenaire :", "A partner's review workbook:"
)
PARTNER_TIP = M(
    "gui.export.partner_tip",
    "Les offres que la structure propose, ou les actions qu'elle porte, dans un classeur à renvoyer rempli : "
    "il se réimporte tel quel.",
    "The offers the structure provides, or the actions it carries, in a workbook to send back filled in: it "
    "imports again as it is.",
)
ONLY_FLAGGED = M(
    "gui.export.only_flagged",
    "Seulement les entrées à revoir (non revues, en retard ou incomplètes)",
    "Only the entries to review (stale, overdue or incomplete)",
)
FORMAT = M("gui.export.format", "Format :", "Format:")
XLSX = M("gui.export.xlsx", "Classeur Excel mis en forme (.xlsx)", "Formatted Excel workbook (.xlsx)")
CSV = M("gui.export.csv", "CSV pour Excel (.csv, « ; »)", "CSV for Excel (.csv, “;”)")
WHERE = M("gui.export.where", "Fichier :", "File:")
BROWSE = M("gui.export.browse", "Parcourir…", "Browse…")
XLSX_FILTER = M("gui.export.xlsx_filter", "Classeur Excel (*.xlsx)", "Excel workbook (*.xlsx)")
CSV_FILTER = M("gui.export.csv_filter", "Fichier CSV (*.csv)", "CSV file (*.csv)")
EXPORT = M("gui.export.export", "&Exporter", "&Export")
EXPORTING = M("gui.export.exporting", "Export en cours…", "Exporting…")
NO_FILE = M("gui.export.no_file", "Choisissez où enregistrer le fichier.", "Choose where to save the file.")
NO_PARTNER = M(
    "gui.export.no_partner",
    "Le catalogue n'a aucune structure : pas de classeur de revue possible.",
    "The catalogue has no structure: no review workbook possible.",
)
DONE = Plural(
    "gui.export.done",
    ("Export terminé : {count} entrée dans « {path} ».", "Export terminé : {count} entrées dans « {path} »."),
    ("Export done: {count} entry in “{path}”.", "Export done: {count} entries in “{path}”."),
)
ARCHIVED_AMONG = Plural(
    "gui.export.archived_among",
    ("Dont {count} entrée archivée.", "Dont {count} entrées archivées."),
    ("{count} of them archived.", "{count} of them archived."),
)
CANCELLED = M(
    "gui.export.cancelled",
    "Export annulé : aucun fichier n'a été écrit.",
    "Export cancelled: no file was written.",
)
OPEN_FILE = M("gui.export.open_file", "Ouvrir le fichier", "Open the file")
OPEN_FOLDER = M("gui.export.open_folder", "Ouvrir le dossier", "Open the folder")
FILE_NAMES = {
    "offers": M("gui.export.name_offers", "offres", "offers"),
    "actions": M("gui.export.name_actions", "actions-feuille-de-route", "roadmap-actions"),
}
REVIEW_NAME = M("gui.export.name_review", "revue", "review")
_UNSAFE: Final = re.compile(r"[^\w\-]+")


@dataclass(frozen=True)
class ExportChoice:
    """What the dialog asks for, as `export_entries` takes it."""

    kind: EntryKind
    out: Path
    query: Query | None
    partner: str | None
    only_flagged: bool


def default_name(kind: EntryKind, partner: str | None, fmt: str, day: dt.date) -> str:
    """« offres-2026-11-21.xlsx », « revue-impulse-offres-2026-11-21.xlsx »."""
    parts = [REVIEW_NAME(), _UNSAFE.sub("-", partner.lower()).strip("-")] if partner else []
    parts += [FILE_NAMES[kind](), day.isoformat()]
    return "-".join(p for p in parts if p) + "." + fmt


def free_path(path: Path) -> Path:
    """`path`, or « name (2).ext », « name (3).ext »… when it exists: a default never overwrites."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def default_folder(last: Path | None) -> Path:
    """Where the export is suggested: the folder of the last export, else Documents, else the home folder;
    the first that exists (a new account has no Documents: the dialog suggested it, then refused it)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (last, Path(documents) if documents else None):
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


class ExportDialog(QDialog):
    """`current`: for each kind, the query the window shows and how many entries it holds (None: not
    counted yet). `kind`: the kind offered first (the page the user is on)."""

    def __init__(
        self,
        session: Session,
        current: dict[EntryKind, tuple[Query, int | None]],
        kind: EntryKind = "offers",
        parent: QWidget | None = None,
        folder: Path | None = None,
        ui_state: UiState | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(TITLE())
        self.session = session
        self.current = current
        self.exported: ExportResult | None = None
        self._custom_path = False
        self.ui_state = ui_state
        self.folder = folder or default_folder(ui_state.export_folder() if ui_state is not None else None)

        self.kind_group = QButtonGroup(self)
        kind_row = QHBoxLayout()
        self.kind_buttons: dict[EntryKind, QRadioButton] = {}
        for k in KINDS:
            button = QRadioButton(KIND_NAMES[k](), self)
            button.setObjectName(f"kind_{k}")
            self.kind_group.addButton(button)
            self.kind_buttons[k] = button
            kind_row.addWidget(button)
        kind_row.addStretch(1)
        self.scope_current = QRadioButton(SCOPE_CURRENT(), self)
        self.scope_current.setObjectName("scopeCurrent")
        self.scope_all = QRadioButton(SCOPE_ALL(), self)
        self.scope_all.setObjectName("scopeAll")
        self.scope_partner = QRadioButton(SCOPE_PARTNER(), self)
        self.scope_partner.setObjectName("scopePartner")
        self.scope_partner.setToolTip(PARTNER_TIP())
        self.scope_group = QButtonGroup(self)
        for button in (self.scope_current, self.scope_all, self.scope_partner):
            self.scope_group.addButton(button)
        self.partner_box = QComboBox(self)
        self.partner_box.setObjectName("partnerBox")
        self.partner_box.setMinimumContentsLength(28)
        self.partner_box.addItems(session.catalogue.structure_names())
        self.partner_box.setToolTip(PARTNER_TIP())
        partner_row = QHBoxLayout()
        partner_row.addWidget(self.scope_partner)
        partner_row.addWidget(self.partner_box, 1)
        # « Tout le catalogue » is what `stewarddesk export` writes without a filter: the archived entries
        # too, unless told otherwise (--no-archived there, this box here).
        self.with_archived = QCheckBox(WITH_ARCHIVED(), self)
        self.with_archived.setObjectName("withArchived")
        self.with_archived.setChecked(True)
        archived_row = QHBoxLayout()
        archived_row.addSpacing(24)
        archived_row.addWidget(self.with_archived, 1)
        self.only_flagged = QCheckBox(ONLY_FLAGGED(), self)
        self.only_flagged.setObjectName("onlyFlagged")
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.scope_current)
        scope_box.addWidget(self.scope_all)
        scope_box.addLayout(archived_row)
        scope_box.addLayout(partner_row)
        scope_box.addWidget(self.only_flagged)

        self.xlsx = QRadioButton(XLSX(), self)
        self.xlsx.setObjectName("formatXlsx")
        self.csv = QRadioButton(CSV(), self)
        self.csv.setObjectName("formatCsv")
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.xlsx)
        self.format_group.addButton(self.csv)
        self.xlsx.setChecked(True)
        format_row = QHBoxLayout()
        format_row.addWidget(self.xlsx)
        format_row.addWidget(self.csv)
        format_row.addStretch(1)

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.textEdited.connect(self._path_edited)
        self.browse = QPushButton(BROWSE(), self)
        self.browse.setObjectName("browse")
        self.browse.clicked.connect(self.choose_path)
        where_row = QHBoxLayout()
        where_row.addWidget(self.path_edit, 1)
        where_row.addWidget(self.browse)

        form = QFormLayout()
        form.addRow(WHAT(), kind_row)
        form.addRow(WHICH(), scope_box)
        form.addRow(FORMAT(), format_row)
        form.addRow(WHERE(), where_row)

        self.message = QLabel(self)
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.task = TaskPanel(session.runner, self)
        self.task.busy_changed.connect(self._busy_changed)
        self.open_file_button = QPushButton(OPEN_FILE(), self)
        self.open_file_button.setObjectName("openFile")
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button = QPushButton(OPEN_FOLDER(), self)
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.clicked.connect(self.open_folder)
        done_row = QHBoxLayout()
        done_row.addWidget(self.open_file_button)
        done_row.addWidget(self.open_folder_button)
        done_row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton(EXPORT(), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(done_row)
        layout.addWidget(self.task)
        layout.addWidget(self.buttons)
        self._show_done(False)

        self.kind_buttons[kind if kind in KINDS else "offers"].setChecked(True)
        self.scope_current.setChecked(True)
        if self.partner_box.count() == 0:
            self.scope_partner.setEnabled(False)
            self.partner_box.setEnabled(False)
            self.scope_partner.setToolTip(NO_PARTNER())
        for group in (self.kind_group, self.scope_group, self.format_group):
            group.buttonToggled.connect(lambda _b, _on: self._update())
        self.partner_box.currentIndexChanged.connect(lambda _i: self._update())
        self._update()
        self.setMinimumWidth(720)

    # ------------------------------------------------------------------ choices
    def kind(self) -> EntryKind:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def partner(self) -> str | None:
        return self.partner_box.currentText() if self.scope_partner.isChecked() else None

    def choice(self) -> ExportChoice:
        kind = self.kind()
        query: Query | None = None  # a partner's review workbook: its live entries
        if self.scope_current.isChecked() and kind in self.current:
            query = self.current[kind][0]
        elif self.scope_all.isChecked():
            query = Query(include_archived=self.with_archived.isChecked(), sort=default_sort(kind))
        return ExportChoice(
            kind, Path(self.path_edit.text().strip()), query, self.partner(), self.only_flagged.isChecked()
        )

    def _update(self) -> None:
        kind = self.kind()
        count = self.current.get(kind, (None, None))[1]
        self.scope_current.setText(
            counted(SCOPE_CURRENT_COUNT, count) if count is not None else SCOPE_CURRENT()
        )
        self.scope_current.setEnabled(kind in self.current)
        if not self.scope_current.isEnabled() and self.scope_current.isChecked():
            self.scope_all.setChecked(True)
        partner = self.scope_partner.isChecked()
        self.partner_box.setEnabled(self.partner_box.count() > 0)
        if partner and self.csv.isChecked():
            self.xlsx.setChecked(True)  # a review workbook is an .xlsx (drop-down lists, locked columns)
        self.csv.setEnabled(not partner)
        self.with_archived.setEnabled(self.scope_all.isChecked())
        if not self._custom_path:
            name = default_name(kind, self.partner(), self.fmt(), self.session.as_of())
            self.path_edit.setText(str(free_path(self.folder / name)))
        else:
            current = Path(self.path_edit.text().strip())
            if current.suffix.lower() != "." + self.fmt():
                self.path_edit.setText(str(current.with_suffix("." + self.fmt())))

    def _path_edited(self, _text: str) -> None:
        self._custom_path = True

    def choose_path(self) -> None:
        start = self.path_edit.text().strip() or str(self.folder)
        name, _ = QFileDialog.getSaveFileName(
            self, TITLE(), start, XLSX_FILTER() if self.fmt() == "xlsx" else CSV_FILTER()
        )
        if name:
            path = Path(name)
            if path.suffix.lower() != "." + self.fmt():
                path = path.with_suffix("." + self.fmt())
            self._custom_path = True
            self.path_edit.setText(str(path))

    # ------------------------------------------------------------------ export
    def start(self) -> None:
        """Run the export on the runner, as chosen; the result or the failure is said in the dialog."""
        if self.task.busy():
            return
        choice = self.choice()
        if not self.path_edit.text().strip():
            self._say(NO_FILE(), error=True)
            return
        self._show_done(False)
        self.message.hide()
        as_of = self.session.as_of()

        def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> ExportResult:
            return export_entries(
                cat,
                choice.kind,
                choice.out,
                query=choice.query,
                partner=choice.partner,
                only_flagged=choice.only_flagged,
                as_of=as_of,
                progress=progress,
                cancel=cancel,
            )

        self.task.run(work, text=EXPORTING(), on_done=self._done, on_error=self._failed)

    def _done(self, result: ExportResult) -> None:
        self.exported = result
        said = counted(DONE, result.count, path=result.path)
        if result.archived:
            said += " " + counted(ARCHIVED_AMONG, result.archived)
        self._say(said, error=False)
        self._show_done(True)
        self.folder = result.path.parent
        if self.ui_state is not None:
            self.ui_state.set_export_folder(self.folder)
        self._custom_path = False

    def _failed(self, exc: BaseException) -> None:
        self._say(
            CANCELLED() if isinstance(exc, Cancelled) else user_message(exc),
            error=not isinstance(exc, Cancelled),
        )

    def _busy_changed(self, busy: bool) -> None:
        for widget in (self.export_button, self.browse, self.path_edit, self.partner_box, self.only_flagged,
                       self.with_archived,
                       *self.kind_buttons.values(), self.scope_current, self.scope_all, self.scope_partner,
                       self.xlsx, self.csv):  # fmt: skip
            widget.setEnabled(not busy)
        if not busy:
            self._update()

    def _show_done(self, shown: bool) -> None:
        self.open_file_button.setVisible(shown)
        self.open_folder_button.setVisible(shown)

    def _say(self, text: str, *, error: bool) -> None:
        colours = ("#a93226", "#fdecea", "#f5c6c0") if error else ("#1d4e6f", "#eaf2f8", "#c6dbea")
        self.message.setStyleSheet(
            f"color: {colours[0]}; background: {colours[1]}; border: 1px solid {colours[2]}; "
            "border-radius: 6px; padding: 8px;"
        )
        self.message.setProperty("error", error)
        self.message.setText(text)
        self.message.show()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    # ------------------------------------------------------------------ after
    def open_file(self) -> bool:
        return self.exported is not None and QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.exported.path))
        )

    def open_folder(self) -> bool:
        return self.exported is not None and QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.exported.path.parent))
        )

    def reject(self) -> None:
        self.task.cancel()
        super().reject()
