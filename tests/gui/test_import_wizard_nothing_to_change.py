"""The same sheet through the wizard twice: the second import changes nothing, so the engine records nothing
(no batch, no backup). The summary says so, offers no « Annuler cet import » nor a backup line, and the
catalogue's history and backup folder are as the first import left them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.backups import backup_dir
from stewarddesk.gui.import_wizard import ImportWizard
from stewarddesk.gui.import_wizard.base import MAPPING, PREVIEW, SUMMARY
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.importing.api import list_batches

from .conftest import wait_idle
from .test_import_wizard import click_next, offers, open_wizard

SHEET = """Offre;Structure;Besoin;Email
Atelier levée de fonds;Impulse;Financement;fonds@impulse.example
Permanence propriété industrielle;CISAM;Accompagnement;pi@cisam.example
"""


def import_through_the_wizard(
    qtbot: QtBot, window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> ImportWizard:
    """File › Import…, the suggested mapping (no profile saved), the preview, Import: on the summary."""
    wizard = open_wizard(qtbot, window, path, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    wizard.mapping_page.save_box.setChecked(False)
    click_next(qtbot, wizard, PREVIEW)
    click_next(qtbot, wizard, SUMMARY)
    wait_idle(qtbot, window)
    return wizard


def test_a_sheet_imported_twice_records_nothing_the_second_time(
    qtbot: QtBot,
    window: MainWindow,
    catalogue: Catalogue,
    catalogue_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "ateliers.csv"
    path.write_text(SHEET, encoding="utf-8")
    first = import_through_the_wizard(qtbot, window, path, monkeypatch)
    (batch,) = list_batches(catalogue)
    assert batch.inserted == 2
    summary = first.summary_page
    assert f"Import n° {batch.id}" in summary.headline.text()
    assert summary.undo_button.isVisibleTo(summary) and summary.undo_button.isEnabled()
    assert "historique des imports" in summary.subTitle()
    first.accept()
    backups = sorted(backup_dir(catalogue_path).iterdir())
    assert len(backups) == 1
    after_first = offers(catalogue)

    second = import_through_the_wizard(qtbot, window, path, monkeypatch)
    assert second is not first
    answer = second.state.answer
    assert answer is not None and answer.counts["unchanged"] == 2
    result = second.state.result
    assert result is not None and result.batch_id is None and result.backup_path is None
    summary = second.summary_page
    assert summary.headline.text() == (
        "« ateliers.csv » ne change rien au catalogue (2 lignes inchangées, 0 ligne rejetée) : aucun import "
        "enregistré, rien à annuler."
    )
    # Nothing said of a backup, an entry in the history, or an import to undo.
    assert "Sauvegarde" not in summary.details.text()
    assert summary.subTitle() == (
        "Le catalogue n'a pas changé : ni sauvegarde ni entrée dans l'historique des imports."
    )
    assert not summary.undo_button.isVisibleTo(summary)
    assert not summary.rejects_button.isEnabled()  # no rejected row either
    # The catalogue: the same entries, one batch, one backup.
    assert offers(catalogue) == after_first
    assert [b.id for b in list_batches(catalogue)] == [batch.id]
    assert sorted(backup_dir(catalogue_path).iterdir()) == backups
    finish = second.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    finish.click()
    assert not second.isVisible()
