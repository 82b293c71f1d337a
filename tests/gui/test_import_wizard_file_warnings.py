"""The wizard's preview says every file-level warning the command line says for the same file: a column
not recognised (ignored), a second column for a field already read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.import_wizard.base import MAPPING, PREVIEW
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.importing.api import prepare_import

from .conftest import TODAY
from .test_import_wizard import click_next, open_wizard


def partner_csv(path: Path) -> Path:
    path.write_text(
        "Offre;Structure;Besoin;Montant max (k€);Intitulé\n"
        "Prêt d'amorçage;Impulse;Financement;50;Prêt d'amorçage (bis)\n"
        "Club des fondateurs;Impulse;Mise en réseau;;\n",
        encoding="utf-8",
    )
    return path


def test_the_preview_says_the_columns_the_command_line_says(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = partner_csv(tmp_path / "impulse_offres_2026.csv")
    cli = prepare_import(catalogue, path, kind="offers", as_of=TODAY).warnings  # what the CLI prints
    assert any("Montant max (k€)" in w for w in cli) and any("Intitulé" in w for w in cli)
    wizard = open_wizard(qtbot, window, path, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    click_next(qtbot, wizard, PREVIEW)
    page = wizard.preview_page
    shown = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert page.warnings.isVisible()
    assert "colonnes non reconnues, ignorées : « Montant max (k€) »" in shown
    assert set(cli) <= set(shown), sorted(set(cli) - set(shown))
    # Mapped by hand, a column is no longer « not recognised ».
    wizard.back()
    qtbot.waitUntil(lambda: wizard.currentId() == MAPPING)
    mapping = wizard.mapping_page
    combo = mapping.combos[mapping.column_of("Montant max (k€)")]
    combo.setCurrentIndex(combo.findData("description"))
    click_next(qtbot, wizard, PREVIEW)
    shown = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert not any("Montant max" in w for w in shown)
