"""The pictures of « Listes de référence… » for the README (called by gui/screenshots.py, on its temporary
copy of the sample catalogue, once the other pictures are taken): the dialog on the sites list (two count
columns, the longest labels), then the rename question as a merge, with its hint (the longest sentence)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.reference_lists import ReferenceListsDialog
from stewarddesk.gui.reference_rename import RenameDialog

SHOWN_LIST = "site"
SELECTED = "Technopôle de Château-Gombert"
MERGED_INTO = "Technopôle de l'Arbois"


def shoot(window: MainWindow, grab: Callable[[QWidget, str], None], then: Callable[[], None]) -> None:
    """Grab the dialog as `reference_lists` and the rename question as `reference_rename`; close both
    (nothing changed), then call `then`."""
    window.action_map["reference_lists"].trigger()
    dialog = window.dialog
    if not isinstance(dialog, ReferenceListsDialog):
        then()
        return
    dialog.list_box.setCurrentIndex(dialog.list_box.findData(SHOWN_LIST))
    dialog.select_value(SELECTED)

    def ask() -> None:
        grab(dialog, "reference_lists")
        dialog.ask_rename()
        prompt = dialog.prompt
        if isinstance(prompt, RenameDialog):
            prompt.edit.setText(MERGED_INTO)
        QTimer.singleShot(200, lambda: shot_prompt(prompt))

    def shot_prompt(prompt: QWidget | None) -> None:
        if prompt is not None:
            grab(prompt, "reference_rename")
            prompt.close()
        dialog.reject()
        then()

    QTimer.singleShot(200, ask)
