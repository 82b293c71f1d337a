"""The pictures of « Fusionner les structures… » and « Doublons probables… » for the README (called by gui/screenshots.py, on its
temporary copy of the sample catalogue, once the other pictures are taken).

The sample catalogue has no duplicate, so this adds the one an import typically makes: « Marseille
Innovation SAS », with a website and contact the real one lacks and two offers of its own, and an action
naming both spellings. Then the user's walk: the Structures view, both rows selected, the Édition menu's
action, the dialog with the real structure kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from stewarddesk.catalogue import Changes
from stewarddesk.gui.duplicates import DuplicatesDialog
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.structure_merge import StructureMergeDialog

DUPLICATE = "Marseille Innovation SAS"
REAL = "Marseille Innovation"

Wait = Callable[[Callable[[], None]], None]  # run the callback once the background reads are back


def shoot(
    window: MainWindow, wait: Wait, grab: Callable[[QWidget, str], None], then: Callable[[], None]
) -> None:
    """Grab the merge dialog as `structure_merge`, close it (nothing merged), then call `then`."""
    session = window.session
    if session is None:
        then()
        return
    cat = session.catalogue
    cat.create(
        "structures",
        {
            "name": DUPLICATE,
            "kind": "pépinière",
            "website": "https://www.marseille-innovation.fr",
            "contact": "contact@marseille-innovation.fr",
        },
        source="screenshot",
    )
    for title in ("Hébergement en pépinière (Château-Gombert)", "Bureaux partagés Belle de Mai"):
        cat.create(
            "offers",
            {"title": title, "structure": DUPLICATE, "need": "hosting", "email": "pepiniere@mi.example"},
            source="screenshot",
        )
    cat.create(
        "actions",
        {"title": "Réseau des pépinières du territoire", "carriers": [DUPLICATE, REAL], "status": "engaged"},
        source="screenshot",
    )
    for kind in ("structures", "offers", "actions"):
        session.announce(Changes(kind, structures=True), True)
    window.show_page("structures")

    def select_and_open() -> None:
        browser = window.browser()
        real, duplicate = cat.structure_id(REAL), cat.structure_id(DUPLICATE)
        if browser is None or real is None or duplicate is None:
            then()
            return
        browser.table.select_ids([real, duplicate], duplicate)
        window.action_map["merge_structures"].trigger()
        dialog = window.dialog
        if not isinstance(dialog, StructureMergeDialog):
            then()
            return
        dialog.choose(real)
        dialog.adjustSize()

        def shot() -> None:
            grab(dialog, "structure_merge")
            dialog.reject()
            window.action_map["probable_duplicates"].trigger()
            found = window.findChild(DuplicatesDialog)
            if found is None:
                then()
                return
            duplicates: DuplicatesDialog = found

            def when_found(tries: int = 100) -> None:
                if duplicates.searching and tries > 0:
                    QTimer.singleShot(50, lambda: when_found(tries - 1))
                    return
                grab(duplicates, "duplicates")
                duplicates.close()
                then()

            QTimer.singleShot(300, when_found)

        QTimer.singleShot(300, shot)

    wait(select_and_open)
