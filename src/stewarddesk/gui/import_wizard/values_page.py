"""Page 3 (only when needed): the values the vocabularies do not know.

Each unknown text (« Juridique » as a need, « En sommeil » as a status…) is shown once, with the rows that
hold it, whatever its spelling (« juridique », « JURIDIQUE »: one value to the engine); the user maps it to
a value of the vocabulary, or leaves it, and those rows are rejected with their reason. The choices become
the plan's value map, and the partner profile's when the mapping is saved as one (the engine stores it with
the import), so the partner's next file is understood at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stewarddesk import vocab
from stewarddesk.fields import FIELDS, EntryKind
from stewarddesk.gui import display
from stewarddesk.gui.import_wizard.base import PREVIEW, Page
from stewarddesk.gui.import_wizard.work import PlanAnswer, plan_work
from stewarddesk.i18n import Msg, quoted

if TYPE_CHECKING:
    from stewarddesk.gui.import_wizard.wizard import ImportWizard

M = Msg
TITLE = M("gui.import.values.title", "Valeurs inconnues", "Unknown values")
SUBTITLE = M(
    "gui.import.values.subtitle",
    "Ces valeurs ne correspondent à aucune valeur connue du catalogue. Choisissez la valeur qu'elles "
    "désignent, ou laissez « Rejeter ces lignes ».",
    "These values match no value known to the catalogue. Choose the value they stand for, or leave "
    "“Reject these rows”.",
)
COL_FIELD = M("gui.import.values.col_field", "Champ", "Field")
COL_TEXT = M("gui.import.values.col_text", "Valeur dans le fichier", "Value in the file")
COL_ROWS = M("gui.import.values.col_rows", "Lignes", "Rows")
COL_CHOICE = M("gui.import.values.col_choice", "Correspond à", "Stands for")
ALSO_WRITTEN = M("gui.import.values.also", "{text} (aussi écrit {others})", "{text} (also written {others})")
REJECT = M("gui.import.values.reject", "— Rejeter ces lignes —", "— Reject these rows —")
ONE_ROW = M("gui.import.values.one_row", "ligne {rows}", "row {rows}")
ROWS_TEXT = M("gui.import.values.rows", "{count} lignes : {rows}", "{count} rows: {rows}")
SAVED_IN_PROFILE = M(
    "gui.import.values.saved",
    "Les correspondances choisies seront enregistrées dans le profil « {name} » au moment de l'import.",
    "The values you map will be saved in profile “{name}” when the import is applied.",
)
THIS_IMPORT_ONLY = M(
    "gui.import.values.this_import",
    "Les correspondances choisies valent pour cet import seulement (cochez « Enregistrer comme profil "
    "partenaire » à l'étape précédente pour les garder).",
    "The values you map apply to this import only (tick “Save as a partner profile” on the previous "
    "step to keep them).",
)
MORE_UNKNOWN = M(
    "gui.import.values.more",
    "D'autres valeurs inconnues sont apparues dans les mêmes cellules : choisissez-les aussi, ou laissez "
    "rejeter ces lignes.",
    "More unknown values turned up in the same cells: map them too, or let these rows be rejected.",
)
REPLANNING = M(
    "gui.import.values.replanning",
    "Nouvelle préparation avec vos correspondances…",
    "Preparing again with your choices…",
)
_ROWS_SHOWN: Final = 6


def vocab_field_label(kind: EntryKind, vocab_key: str) -> str:
    """The field of `kind` that uses the vocabulary `vocab_key`, as the window names it."""
    for f in FIELDS[kind]:
        if f.vocab == vocab_key:
            return display.header(kind, f.name)
    return vocab_key


def rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_ROWS_SHOWN]) + (", …" if len(rows) > _ROWS_SHOWN else "")
    return ONE_ROW(rows=shown) if len(rows) == 1 else ROWS_TEXT(count=len(rows), rows=shown)


class ValuesPage(Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(TITLE())
        self.setSubTitle(SUBTITLE())
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("valuesTable")
        self.table.setHorizontalHeaderLabels([COL_FIELD(), COL_TEXT(), COL_ROWS(), COL_CHOICE()])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 300)
        self.note = QLabel(self)
        self.note.setObjectName("valuesNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.task)

    def inputs(self) -> list[QWidget]:
        return [self.table]

    def initializePage(self) -> None:
        self.clear_message()
        self._fill()

    def cleanupPage(self) -> None:
        """Going back keeps the choices (they are in the state's value map once Next was clicked)."""

    def _fill(self) -> None:
        answer = self.state.answer
        if answer is None:
            return
        kind = answer.plan.kind
        items = [
            (key, text, rows)
            for key, values in sorted(answer.unknown.items())
            for text, rows in values.items()
        ]
        self.table.setRowCount(len(items))
        self.combos = {}
        for i, (key, text, rows) in enumerate(items):
            self.table.setItem(i, 0, QTableWidgetItem(vocab_field_label(kind, key)))
            others = answer.spellings.get((key, text), [])
            shown = ALSO_WRITTEN(text=text, others=", ".join(quoted(o) for o in others)) if others else text
            value_item = QTableWidgetItem(shown)
            value_item.setToolTip(shown)
            self.table.setItem(i, 1, value_item)
            self.table.setItem(i, 2, QTableWidgetItem(rows_text(rows)))
            combo = QComboBox(self.table)
            combo.addItem(REJECT(), "")
            for code in vocab.codes(key):
                combo.addItem(vocab.label(key, code), code)
            combo.setCurrentIndex(max(combo.findData(self.state.value_map.get(key, {}).get(text, "")), 0))
            self.table.setCellWidget(i, 3, combo)
            self.combos[(key, text)] = combo
        profile = self.state.profile_argument() if self.state.save_profile else None
        self.note.setText(SAVED_IN_PROFILE(name=profile) if profile else THIS_IMPORT_ONLY())

    def set_value(self, vocab_key: str, text: str, code: str) -> None:
        """Map the unknown `text` of `vocab_key` to `code` ('' : reject the rows), as the user does."""
        combo = self.combos[(vocab_key, text)]
        combo.setCurrentIndex(combo.findData(code))

    def choices(self) -> dict[tuple[str, str], str]:
        return {key: str(combo.currentData() or "") for key, combo in self.combos.items()}

    def validatePage(self) -> bool:
        if self.task.busy():
            return False
        if self._ready:
            self._ready = False
            return True
        changed = False
        for (key, text), code in self.choices().items():
            self.state.seen_values.add((key, text))
            current = self.state.value_map.get(key, {}).get(text, "")
            if code != current:
                changed = True
                if code:
                    self.state.value_map.setdefault(key, {})[text] = code
                else:
                    self.state.value_map.get(key, {}).pop(text, None)
        if changed:
            self.wiz.forget_plan()
        if self.state.answer is not None:
            return True
        return self.go_next_after(plan_work(self.wiz.plan_request()), REPLANNING(), self._planned)

    def _planned(self, answer: PlanAnswer) -> bool:
        self.wiz.set_answer(answer)
        fresh = {(k, t) for k, values in answer.unknown.items() for t in values} - self.state.seen_values
        if fresh:
            self._fill()
            self.show_message(MORE_UNKNOWN(), "info")
            return False
        return True

    def nextId(self) -> int:
        return PREVIEW
