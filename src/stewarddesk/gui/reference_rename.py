"""The « Renommer ou fusionner » question of the reference-list dialog: the new name of a value, and a
live hint when it is a merge (a value already in the list) or close to one (« sante » / « Santé »)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from stewarddesk import vocab
from stewarddesk.catalogue import references
from stewarddesk.catalogue.references import ReferenceUse
from stewarddesk.gui.reference_commands import entries_text
from stewarddesk.gui.titles import of_title
from stewarddesk.i18n import Msg

RENAME_TITLE = Msg("gui.references.rename_title", "Renommer ou fusionner", "Rename or merge")
RENAME_PROMPT = Msg(
    "gui.references.rename_prompt",
    "Nouveau nom {of_value} ({entries}) :",
    "New name {of_value} ({entries}):",
)
RENAME_OK = Msg("gui.references.rename_ok", "Renommer", "Rename")
MERGE_OK = Msg("gui.references.merge_ok", "Fusionner", "Merge")
MERGE_HINT = Msg(
    "gui.references.merge_hint",
    "« {new} » est déjà dans la liste : « {old} » y sera fusionnée ({entries} passeront à « {new} », "
    "sans doublon).",
    "“{new}” is already in the list: “{old}” will be merged into it ({entries} will get “{new}”, "
    "without duplicates).",
)
CLOSE_HINT = Msg(
    "gui.references.close_hint",
    "Valeur proche déjà dans la liste : « {other} ». Tapez-la telle quelle pour fusionner.",
    "A close value is already in the list: “{other}”. Type it exactly to merge.",
)


class RenameDialog(QDialog):
    """Asks for the new name of a value; says when it is a merge (a value already in the list)."""

    def __init__(self, use: ReferenceUse, listed: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renameReferenceDialog")
        self.setWindowTitle(RENAME_TITLE())
        self.use = use
        self.listed = [v for v in listed if v != use.value]
        prompt = QLabel(RENAME_PROMPT(of_value=of_title(use.value), entries=entries_text(use.total)), self)
        prompt.setWordWrap(True)
        self.edit = QLineEdit(use.value, self)
        self.edit.setObjectName("newValue")
        self.edit.selectAll()
        completer = QCompleter(self.listed, self.edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        prompt.setBuddy(self.edit)
        self.hint = QLabel(self)
        self.hint.setObjectName("mergeHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Room for the longest hint from the start: the dialog does not grow (or clip it) as the user types.
        self.hint.setMinimumHeight(self.hint.fontMetrics().lineSpacing() * 3 + 4)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(560)

    def new_value(self) -> str:
        return references.clean(self.edit.text())

    def is_merge(self) -> bool:
        return self.new_value() in self.listed

    def _update(self) -> None:
        new = self.new_value()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(new) and new != self.use.value)
        ok.setText(MERGE_OK() if self.is_merge() else RENAME_OK())
        close = [v for v in self.listed if vocab.fold(v) == vocab.fold(new) and v != new]
        if self.is_merge():
            self.hint.setText(MERGE_HINT(new=new, old=self.use.value, entries=entries_text(self.use.total)))
        elif close:
            self.hint.setText(CLOSE_HINT(other=close[0]))
        else:
            self.hint.setText("")

    def _accept(self) -> None:
        new = self.new_value()
        if new and new != self.use.value:
            self.accept()
