"""The preview of a sheet older than the catalogue: a row whose « Revue le » predates the entry's review
has its changes turned into conflicts by the plan (catalogue kept). The conflict cells' tooltips say so with
both review dates, not the review workbook's « exporté » (there was no export); the catalogue is unchanged
after the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.import_wizard.base import MAPPING, PREVIEW, SUMMARY
from stewarddesk.gui.import_wizard.plan_model import CONFLICT, older_review
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.importing.model import PlannedRow

from .test_import_wizard import click_next, offers, open_wizard

# conftest's « Incubateur Impulse » was reviewed on 2026-10-01 with contact@impulse.example: this sheet,
# reviewed on 2026-05-01, still has an older address.
SHEET = """Offre;Structure;Email;Revue le
Incubateur Impulse;Impulse;ancien@impulse.example;2026-05-01
"""


def test_an_older_review_conflict_says_both_review_dates_and_keeps_the_catalogue(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = offers(catalogue)
    path = tmp_path / "impulse_ancien.csv"
    path.write_text(SHEET, encoding="utf-8")
    wizard = open_wizard(qtbot, window, path, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    wizard.mapping_page.save_box.setChecked(False)
    click_next(qtbot, wizard, PREVIEW)
    answer = wizard.state.answer
    assert answer is not None and not answer.plan.baseline
    assert answer.counts["conflicts"] == 1 and answer.counts["updated"] == 0
    model = wizard.preview_page.model
    assert model.rowCount() == 1
    columns = [f.name for f in model.fields]
    email = model.index(0, 4 + columns.index("email"))
    reviewed = model.index(0, 4 + columns.index("reviewed"))
    assert email.data() == "ancien@impulse.example"
    assert email.data(Qt.ItemDataRole.BackgroundRole).color() == CONFLICT
    assert email.data(Qt.ItemDataRole.ToolTipRole) == (
        "Conflit : le fichier, revu le 01/05/2026, donne « ancien@impulse.example » ; le catalogue, revu "
        "depuis le 01/10/2026, a « contact@impulse.example ». Le fichier est plus ancien : la valeur du "
        "catalogue est gardée."
    )
    assert reviewed.data(Qt.ItemDataRole.BackgroundRole).color() == CONFLICT
    date_tip = reviewed.data(Qt.ItemDataRole.ToolTipRole)
    assert "fichier (01/05/2026)" in date_tip and "catalogue (01/10/2026)" in date_tip
    assert "export" not in email.data(Qt.ItemDataRole.ToolTipRole) + date_tip
    i18n.set_language("en")
    try:
        tip = email.data(Qt.ItemDataRole.ToolTipRole)
    finally:
        i18n.set_language(None)
    assert tip.startswith("Conflict: the file, reviewed on ") and "“contact@impulse.example”" in tip

    click_next(qtbot, wizard, SUMMARY)
    assert offers(catalogue) == before  # the catalogue's address and review date kept
    wizard.accept()


def test_a_review_workbooks_conflict_is_not_taken_for_an_older_review() -> None:
    # The exported value is what marks a review workbook's conflict, even on the review date itself.
    workbook = PlannedRow(
        3,
        "update",
        conflicts={"reviewed": ("2026-01-01", "2026-10-01", "2026-05-01"), "email": ("a", "b", "c")},
    )
    assert older_review(workbook) is None
    older = PlannedRow(3, "unchanged", conflicts={"reviewed": (None, "2026-10-01", "2026-05-01")})
    assert older_review(older) == ("2026-05-01", "2026-10-01")
