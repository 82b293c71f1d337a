"""Page 2: which column feeds which field.

Each header cell of the sheet gets a list of fields, set to what the engine suggests (a recognised partner
profile first, then the usual French and English header names); columns nobody recognised are marked for
the user to decide. The recognised profile is named, with its drift (columns added, removed, renamed since
it was saved), and the mapping can be saved as a profile for the partner's next file. Next computes the plan
on the worker (nothing is written).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.fields import KINDS, EntryKind
from stewarddesk.gui import display
from stewarddesk.gui.import_wizard.base import PREVIEW, VALUES, Page
from stewarddesk.gui.import_wizard.file_page import cell_text, column_letter
from stewarddesk.gui.import_wizard.samples import column_samples, data_rows, is_date_field
from stewarddesk.gui.import_wizard.work import (
    PlanAnswer,
    analyse_header,
    field_choices,
    plan_work,
)
from stewarddesk.i18n import Msg
from stewarddesk.importing.synonyms import ID_FIELD

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

M = Msg
TITLE = M("gui.import.mapping.title", "Correspondance des colonnes", "Column mapping")
SUBTITLE = M(
    "gui.import.mapping.subtitle",
    "Pour chaque colonne du fichier, choisissez le champ du catalogue qu'elle alimente, ou « Ne pas "
    "importer ». Les colonnes non reconnues sont surlignées.",
    "For each column of the file, choose the catalogue field it feeds, or “Do not import”. Columns that "
    "were not recognised are highlighted.",
)
KIND_LABEL = M("gui.import.mapping.kind", "Type d'entrées :", "Kind of entries:")
KIND_NAMES = {
    "offers": M("gui.import.mapping.kind_offers", "Offres", "Offers"),
    "actions": M("gui.import.mapping.kind_actions", "Actions de la feuille de route", "Roadmap actions"),
}
KIND_UNSURE = M(
    "gui.import.mapping.kind_unsure",
    "Les intitulés ne disent pas s'il s'agit d'offres ou d'actions : vérifiez le type d'entrées.",
    "The headings do not tell offers from actions: check the kind of entries.",
)
PROFILE_FOUND = M(
    "gui.import.mapping.profile_found",
    "Profil partenaire reconnu : « {name} » (colonnes communes : {score} %).",
    "Partner profile recognised: “{name}” (columns in common: {score}%).",
)
NO_PROFILE = M(
    "gui.import.mapping.no_profile",
    "Aucun profil partenaire enregistré ne correspond à ces colonnes.",
    "No saved partner profile matches these columns.",
)
COL_LETTER = M("gui.import.mapping.col_letter", "Colonne", "Column")
COL_HEADER = M("gui.import.mapping.col_header", "Intitulé dans le fichier", "Heading in the file")
COL_SAMPLES = M("gui.import.mapping.col_samples", "Exemples de valeurs", "Sample values")
COL_FIELD = M("gui.import.mapping.col_field", "Importée dans", "Imported into")
IGNORE = M("gui.import.mapping.ignore", "— Ne pas importer —", "— Do not import —")
ID_CHOICE = M("gui.import.mapping.id", "ID (identifiant du catalogue)", "ID (catalogue identifier)")
RENAMED_TIP = M(
    "gui.import.mapping.renamed_tip",
    "Colonne renommée depuis « {old} » (profil « {profile} ») : champ proposé d'après le profil, vérifiez-le.",
    "Column renamed from “{old}” (profile “{profile}”): field suggested from the profile, check it.",
)
UNKNOWN_TIP = M(
    "gui.import.mapping.unknown_tip",
    "Intitulé non reconnu : choisissez le champ à la main, ou laissez « Ne pas importer ».",
    "Heading not recognised: choose the field by hand, or leave “Do not import”.",
)
SAVE_PROFILE = M(
    "gui.import.mapping.save_profile",
    "Enregistrer cette correspondance comme profil partenaire :",
    "Save this mapping as a partner profile:",
)
SAVE_HINT = M(
    "gui.import.mapping.save_hint",
    "Le profil est enregistré dans le catalogue au moment de l'import, avec les valeurs que vous "
    "aurez associées : le prochain fichier de ce partenaire sera reconnu.",
    "The profile is saved in the catalogue when the import is applied, with the values you map: the "
    "partner's next file will be recognised.",
)
NO_TITLE = M(
    "gui.import.mapping.no_title",
    "Aucune colonne n'alimente le titre (« {label} ») : choisissez-la pour continuer.",
    "No column feeds the title (“{label}”): choose it to go on.",
)
TWICE = M(
    "gui.import.mapping.twice",
    "« {label} » est choisi pour plusieurs colonnes ({columns}) : une seule colonne par champ.",
    "“{label}” is chosen for several columns ({columns}): one column per field.",
)
NEED_NAME = M(
    "gui.import.mapping.need_name",
    "Donnez un nom au profil partenaire, ou décochez « Enregistrer ».",
    "Give the partner profile a name, or untick “Save”.",
)
PLANNING = M(
    "gui.import.mapping.planning",
    "Préparation de l'import (rien n'est encore écrit)…",
    "Preparing the import (nothing is written yet)…",
)
UNKNOWN_BACKGROUND: Final = QColor("#fff1c1")
_SAMPLES: Final = 3


def profile_name_from(stem: str) -> str:
    """A first name for a new profile, from the file's name: « marseille_innovation_offres_2024 » gives
    « marseille innovation offres »."""
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w and not w.isdigit()]
    return " ".join(words)[:80]


class MappingPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(TITLE())
        self.setSubTitle(SUBTITLE())
        self.combos: dict[int, QComboBox] = {}
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("kindBox")
        for kind in KINDS:
            self.kind_box.addItem(KIND_NAMES[kind](), kind)
        self.kind_box.activated.connect(self._kind_chosen)
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("profileLabel")
        self.profile_label.setWordWrap(True)
        self.drift_label = QLabel(self)
        self.drift_label.setObjectName("driftLabel")
        self.drift_label.setWordWrap(True)
        self.drift_label.setStyleSheet(
            "color: #7a5400; background: #fff6dd; border: 1px solid #f0dba0; border-radius: 6px; padding: 6px;"
        )
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels([COL_LETTER(), COL_HEADER(), COL_SAMPLES(), COL_FIELD()])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 260)
        self.table.setColumnWidth(3, 280)
        self.save_box = QCheckBox(SAVE_PROFILE(), self)
        self.save_box.setObjectName("saveProfile")
        self.save_box.setToolTip(SAVE_HINT())
        self.save_box.toggled.connect(self._save_toggled)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("profileName")
        self.name_edit.setMaxLength(200)
        self.name_edit.textEdited.connect(self._name_edited)

        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(KIND_LABEL(), self))
        kind_row.addWidget(self.kind_box)
        kind_row.addSpacing(16)
        kind_row.addWidget(self.profile_label, 1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_box)
        save_row.addWidget(self.name_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addWidget(self.drift_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(save_row)
        layout.addWidget(self.message)
        layout.addWidget(self.task)

    def inputs(self) -> list[QWidget]:
        return [self.kind_box, self.table, self.save_box, self.name_edit]

    # ------------------------------------------------------------------ filling
    def initializePage(self) -> None:
        if self.state.analysis is None:
            self.analyse()

    def cleanupPage(self) -> None:
        """Going back keeps what the user chose here (QWizard would reset registered fields)."""

    def analyse(self) -> None:
        """Suggest a mapping for the header row chosen on the first page (the GUI thread: one row and the
        profiles table)."""
        preview, number = self.state.preview, self.state.header_row
        if preview is None or number is None:
            return
        row = preview.row(number)
        if row is None:
            return
        analysis = analyse_header(self.session.catalogue, row, self.state.kind)
        self.state.analysis = analysis
        self.state.mapping = dict(analysis.suggested)
        profile = analysis.profile
        self.state.save_profile = True
        self.state.profile_name = profile.profile.name if profile else profile_name_from(preview.path.stem)
        self._fill()

    def _fill(self) -> None:
        analysis, preview = self.state.analysis, self.state.preview
        if analysis is None or preview is None:
            return
        self.clear_message()
        self.kind_box.setCurrentIndex(self.kind_box.findData(analysis.kind))
        match = analysis.profile
        if match is not None:
            self.profile_label.setText(PROFILE_FOUND(name=match.profile.name, score=round(match.score * 100)))
        else:
            self.profile_label.setText(NO_PROFILE())
        drift = match.drift.message(match.profile.name) if match is not None and match.drift else ""
        self.drift_label.setText(drift)
        self.drift_label.setVisible(bool(drift))
        if not analysis.kind_sure:
            self.show_message(KIND_UNSURE(), "warning")
        self.table.setRowCount(0)
        self.combos = {}
        columns = sorted(analysis.headers)
        self.table.setRowCount(len(columns))
        for i, col in enumerate(columns):
            text = analysis.headers[col]
            letter = QTableWidgetItem(column_letter(col))
            heading = QTableWidgetItem(text.replace("\n", " "))
            heading.setToolTip(text)
            sample_item = QTableWidgetItem()
            if col not in analysis.recognised:
                for item in (letter, heading, sample_item):
                    item.setBackground(QBrush(UNKNOWN_BACKGROUND))
                old = analysis.renamed_from.get(col)
                if old is not None and match is not None:
                    heading.setToolTip(RENAMED_TIP(old=old, profile=match.profile.name))
                else:
                    heading.setToolTip(UNKNOWN_TIP())
            self.table.setItem(i, 0, letter)
            self.table.setItem(i, 1, heading)
            self.table.setItem(i, 2, sample_item)
            combo = self._combo(analysis.kind, self.state.mapping.get(col, ""))
            combo.currentIndexChanged.connect(lambda _i, col=col, combo=combo: self._mapped(col, combo))
            self.table.setCellWidget(i, 3, combo)
            self.combos[col] = combo
        self._show_samples()
        self.save_box.setChecked(self.state.save_profile)
        self.name_edit.setText(self.state.profile_name)
        self.name_edit.setEnabled(self.state.save_profile)
        self.completeChanged.emit()

    def _show_samples(self) -> None:
        """Each column's first values below the header, as the import would read them with the mapping
        chosen: the lines it skips (section lines, group headings) give none, a date column's serial
        numbers show as dates."""
        analysis, preview = self.state.analysis, self.state.preview
        if analysis is None or preview is None:
            return
        mapping = self.state.mapping
        is_csv = preview.path.suffix.lower() == ".csv"
        rows = data_rows(preview.data_after(analysis.row), analysis.kind, mapping, analysis.headers,
                         is_csv=is_csv)  # fmt: skip
        for i, col in enumerate(sorted(analysis.headers)):
            item = self.table.item(i, 2)
            if item is None:
                continue
            is_date = is_date_field(analysis.kind, mapping.get(col, ""))
            samples = column_samples(rows, col, is_date=is_date, limit=_SAMPLES)
            item.setText(" · ".join(cell_text(s) for s in samples))
            item.setToolTip("\n".join(samples))

    def _combo(self, kind: EntryKind, current: str) -> QComboBox:
        combo = QComboBox(self.table)
        combo.addItem(IGNORE(), "")
        for name in field_choices(kind):
            combo.addItem(ID_CHOICE() if name == ID_FIELD else display.header(kind, name), name)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    # ------------------------------------------------------------------ choosing
    def _kind_chosen(self, index: int) -> None:
        kind = self.kind_box.itemData(index)
        if kind in KINDS and (self.state.analysis is None or kind != self.state.analysis.kind):
            self.state.kind = kind
            self.wiz.forget_plan()
            self.analyse()

    def _mapped(self, col: int, combo: QComboBox) -> None:
        self.state.mapping[col] = str(combo.currentData() or "")
        self.wiz.forget_plan()
        self._show_samples()  # the title column decides the section lines, a date field how to read
        self.clear_message()

    def set_field(self, col: int, name: str) -> None:
        """Choose `name` ('' : do not import) for sheet column `col` (0-based), as the user does."""
        combo = self.combos[col]
        combo.setCurrentIndex(combo.findData(name))

    def column_of(self, heading: str) -> int:
        """The sheet column whose header reads `heading` (tests and screenshots)."""
        analysis = self.state.analysis
        assert analysis is not None
        return next(c for c, t in analysis.headers.items() if t == heading)

    def _save_toggled(self, on: bool) -> None:
        self.state.save_profile = on
        self.name_edit.setEnabled(on)
        self.wiz.forget_plan()

    def _name_edited(self, text: str) -> None:
        self.state.profile_name = text
        self.wiz.forget_plan()

    # ------------------------------------------------------------------ next
    def problem(self) -> str | None:
        """Why the mapping cannot be used as it is (None: it can)."""
        analysis = self.state.analysis
        if analysis is None:
            return None
        by_field: dict[str, list[int]] = {}
        for col, name in sorted(self.state.mapping.items()):
            if name:
                by_field.setdefault(name, []).append(col)
        if "title" not in by_field:
            return NO_TITLE(label=display.header(analysis.kind, "title"))
        for name, cols in by_field.items():
            if len(cols) > 1:
                label = ID_CHOICE() if name == ID_FIELD else display.header(analysis.kind, name)
                return TWICE(label=label, columns=", ".join(column_letter(c) for c in cols))
        if self.state.save_profile and not self.state.profile_name.strip():
            return NEED_NAME()
        return None

    def validatePage(self) -> bool:
        if self.task.busy():
            return False
        problem = self.problem()
        analysis, preview = self.state.analysis, self.state.preview
        if problem is not None or analysis is None or preview is None:
            if problem:
                self.show_message(problem)
            return False
        if self.state.answer is not None:
            return True  # back and forth without a change: the plan still holds
        return self.go_next_after(plan_work(self.wiz.plan_request()), PLANNING(), self._planned)

    def _planned(self, answer: PlanAnswer) -> bool:
        self.wiz.set_answer(answer)
        return True

    def nextId(self) -> int:
        answer = self.state.answer
        return VALUES if answer is not None and answer.unknown else PREVIEW
