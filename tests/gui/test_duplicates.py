"""« Doublons probables… » driven as a user drives it: from the Structures page, the groups of structures
with close names are listed (found off the GUI thread); « Fusionner… » opens the merge dialog on the
chosen group; after the merge the list is searched again; Ctrl+Z puts everything back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from stewarddesk.gui.duplicates import DuplicatesDialog
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.structure_merge import StructureMergeDialog

from .conftest import build_catalogue, open_catalogue, show_page, wait_idle

DUPLICATE = "MARSEILLE INNOVATION SAS"


@pytest.fixture
def duplicated_path(tmp_path: Path) -> Path:
    path = build_catalogue(tmp_path / "catalogue.sqlite", n_actions=5)
    cat = open_catalogue(path)
    try:
        cat.create_structure({"name": DUPLICATE, "website": "https://mi.example"})
        cat.create("offers", {"title": "Hébergement en pépinière", "structure": DUPLICATE, "email": "a@b.fr"})
    finally:
        cat.close()
    return path


def test_probable_duplicates_then_merge_then_undo(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], duplicated_path: Path
) -> None:
    window = make_window(duplicated_path)
    action = window.action_map["probable_duplicates"]
    assert action in window.menus["edit"].actions()
    assert not action.isEnabled()  # a structures matter: on the Structures page only
    show_page(qtbot, window, "structures")
    assert action.isEnabled()

    action.trigger()
    dialog = window.findChild(DuplicatesDialog)
    assert isinstance(dialog, DuplicatesDialog)
    qtbot.waitUntil(lambda: not dialog.searching)
    shown = [dialog.list.item(r).text() for r in range(dialog.list.count())]
    mine = next(i for i, text in enumerate(shown) if DUPLICATE in text)
    assert "Marseille Innovation (" in shown[mine]
    assert f"{DUPLICATE} (1 offre, 0 action)" in shown[mine]
    assert dialog.status.text().startswith(
        f"{len(shown)} groupe{'s' if len(shown) > 1 else ''} de structures aux noms voisins"
    )

    dialog.list.setCurrentRow(mine)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    merge = window.dialog
    assert isinstance(merge, StructureMergeDialog)
    cat = window.session.catalogue  # type: ignore[union-attr]
    kept, gone = cat.structure_id("Marseille Innovation"), cat.structure_id(DUPLICATE)
    assert kept is not None and gone is not None and kept != gone
    merge.choose(kept)
    qtbot.mouseClick(merge.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    # Merged, and the list searched again: that group is gone.
    qtbot.waitUntil(lambda: not dialog.searching and all(DUPLICATE not in dialog.list.item(r).text()
                                                         for r in range(dialog.list.count())))  # fmt: skip
    assert cat.get("structures", gone)["archived"] == 1
    assert cat.structure_id(DUPLICATE) == kept
    offer = next(e for e in cat.rows("offers", cat.ids("offers")) if e["title"] == "Hébergement en pépinière")
    assert offer["structure"] == "Marseille Innovation"
    dialog.close()
    wait_idle(qtbot, window)

    window.action_map["undo"].trigger()
    wait_idle(qtbot, window)
    assert cat.get("structures", gone)["archived"] == 0
    offer = cat.get("offers", offer["id"])
    assert offer["structure"] == DUPLICATE


def test_no_duplicates_is_said(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "vide.sqlite"
    cat = open_catalogue(build_catalogue(path, n_actions=1))
    try:
        for sid in cat.ids("structures"):
            cat.archive("structures", [sid])
        cat.create_structure({"name": "Zéphyr Conseil"})
    finally:
        cat.close()
    window = make_window(path)
    show_page(qtbot, window, "structures")
    window.action_map["probable_duplicates"].trigger()
    dialog = window.findChild(DuplicatesDialog)
    assert isinstance(dialog, DuplicatesDialog)
    qtbot.waitUntil(lambda: not dialog.searching)
    assert dialog.list.count() == 0
    assert dialog.status.text() == "Aucune structure ne semble en doubler une autre."
    assert not dialog.merge_button.isEnabled()
