"""The import wizard's values and preview pages on what the first walk (test_import_wizard.py) does not hold:
one unknown value written several ways, asked once and settled for every spelling; an unchanged row; a
near-duplicate warning under « Avec avertissement »; the summary's undo refused; a column renamed since the
partner's profile. Each test checks the pages and the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.import_wizard.base import MAPPING, PREVIEW, SUMMARY, VALUES
from stewarddesk.gui.import_wizard.mapping_page import UNKNOWN_BACKGROUND
from stewarddesk.gui.import_wizard.plan_model import CHECK, NOTES, OUTCOME
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.importing.api import import_file, list_batches, load_profile

from .conftest import TODAY
from .test_import_wizard import HEADER, banner_workbook, click_next, offers, open_wizard

# conftest's « Incubateur Impulse » exactly as the catalogue holds it (unchanged), a title one letter away
# from it (a near-duplicate), and one unknown need written three ways over four rows.
SHEET = """Offre;Structure;Besoin;Stades;Email;Revue le
Incubateur Impulse;Impulse;Accompagnement;Émergence, Création;contact@impulse.example;2026-10-01
Incubateur Impulsse;Impulse;Accompagnement;Création;bis@impulse.example;2026-10-02
Permanence juridique;Impulse;Juridique;Création;;2026-10-03
Conseil aux statuts;CISAM;juridique;Création;;2026-10-04
Atelier contrats;CISAM;JURIDIQUE;Création;;2026-10-05
Veille réglementaire;CISAM;Juridique;Croissance;;2026-10-06
"""
LEGAL = ("Permanence juridique", "Conseil aux statuts", "Atelier contrats", "Veille réglementaire")


def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "juridique_impulse.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def to_values_page(qtbot: QtBot, window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = open_wizard(qtbot, window, path, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    wizard.mapping_page.name_edit.setText("Juridique Impulse")
    wizard.mapping_page.name_edit.textEdited.emit("Juridique Impulse")
    click_next(qtbot, wizard, VALUES)


def test_one_unknown_value_in_three_spellings_is_asked_once_and_mapped_everywhere(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = offers(catalogue)
    to_values_page(qtbot, window, sheet(tmp_path), monkeypatch)
    wizard = window.spreadsheets.wizard
    assert wizard is not None
    page = wizard.values_page
    assert list(page.combos) == [("need", "Juridique")]
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "Juridique (aussi écrit « juridique », « JURIDIQUE »)"
    assert page.table.item(0, 2).text() == "4 lignes : 4, 5, 6, 7"
    page.set_value("need", "Juridique", "support")

    click_next(qtbot, wizard, PREVIEW)
    answer = wizard.state.answer
    assert answer is not None
    assert answer.counts == {"inserted": 5, "updated": 0, "unchanged": 1, "rejected": 0, "conflicts": 0}
    preview = wizard.preview_page
    model = preview.model
    # The unchanged row: said so, and no box to tick (there is nothing to write).
    qtbot.mouseClick(preview.filter_buttons["unchanged"], Qt.MouseButton.LeftButton)
    assert model.rowCount() == 1 and model.planned(0).values["title"] == "Incubateur Impulse"
    assert model.index(0, OUTCOME).data() == "Inchangée"
    assert model.index(0, CHECK).data(Qt.ItemDataRole.CheckStateRole) is None
    # The near-duplicate: under « Avec avertissement », the reason beside it.
    assert preview.filter_buttons["warnings"].text() == "Avec avertissement (1)"
    qtbot.mouseClick(preview.filter_buttons["warnings"], Qt.MouseButton.LeftButton)
    assert model.rowCount() == 1 and model.planned(0).row == 3
    assert "ressemble à « Incubateur Impulse »" in model.index(0, NOTES).data()
    # One new row left out from the keyboard: its box, then the space bar.
    qtbot.mouseClick(preview.filter_buttons["insert"], Qt.MouseButton.LeftButton)
    last = next(r for r in range(model.rowCount()) if model.planned(r).values["title"] == LEGAL[-1])
    preview.table.setFocus()
    preview.table.setCurrentIndex(model.index(last, CHECK))
    qtbot.keyClick(preview.table, Qt.Key.Key_Space)
    assert model.index(last, CHECK).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert wizard.state.skip_rows == {7}
    assert "4 lignes seront écrites (1 laissée de côté)" in preview.to_write.text()
    assert before == offers(catalogue)  # nothing written yet

    click_next(qtbot, wizard, SUMMARY)
    after = offers(catalogue)
    assert LEGAL[-1] not in after
    assert {t: after[t]["need"] for t in LEGAL[:-1]} == dict.fromkeys(LEGAL[:-1], "support")
    assert after["Incubateur Impulsse"]["email"] == "bis@impulse.example"
    assert after["Incubateur Impulse"] == before["Incubateur Impulse"]
    profile = load_profile(catalogue, "Juridique Impulse")
    assert profile is not None and profile.values == {"need": {"Juridique": "support"}}
    wizard.accept()


def test_one_unknown_value_left_alone_rejects_every_spelling(
    qtbot: QtBot,
    qtmodeltester: Any,
    window: MainWindow,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    to_values_page(qtbot, window, sheet(tmp_path), monkeypatch)
    wizard = window.spreadsheets.wizard
    assert wizard is not None
    assert wizard.values_page.choices() == {("need", "Juridique"): ""}  # « Rejeter ces lignes »
    click_next(qtbot, wizard, PREVIEW)
    preview = wizard.preview_page
    qtbot.mouseClick(preview.filter_buttons["reject"], Qt.MouseButton.LeftButton)
    model = preview.model
    assert [model.planned(r).row for r in range(model.rowCount())] == [4, 5, 6, 7]
    assert all("inconnu" in model.index(r, NOTES).data() for r in range(4))
    click_next(qtbot, wizard, SUMMARY)
    listed = wizard.summary_page.rejected.model()
    qtmodeltester.check(listed)
    lines = [listed.index(r, 0).data() for r in range(listed.rowCount())]
    assert [line.split(" : ")[0] for line in lines] == ["ligne 4", "ligne 5", "ligne 6", "ligne 7"]
    assert "« JURIDIQUE » inconnu" in lines[2]
    after = offers(catalogue)
    assert not set(LEGAL) & set(after)
    (batch,) = list_batches(catalogue)
    assert (batch.inserted, batch.unchanged, batch.rejected) == (1, 1, 4)
    profile = load_profile(catalogue, "Juridique Impulse")
    assert profile is not None and profile.values == {}
    wizard.accept()


def test_undo_from_the_summary_refuses_once_an_entry_was_edited_since(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    to_values_page(qtbot, window, sheet(tmp_path), monkeypatch)
    wizard = window.spreadsheets.wizard
    assert wizard is not None
    click_next(qtbot, wizard, PREVIEW)
    click_next(qtbot, wizard, SUMMARY)
    edited = next(
        i for i in catalogue.ids("offers") if catalogue.get("offers", i)["title"] == "Incubateur Impulsse"
    )
    catalogue.update("offers", edited, {"phone": "04 91 00 00 02"})  # by hand, while the summary is open
    summary = wizard.summary_page
    qtbot.mouseClick(summary.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy() and bool(summary.message_text()))
    assert "ne peut pas être annulé" in summary.message_text()
    assert "Incubateur Impulsse" in summary.message_text()
    assert summary.message.property("level") == "error"
    assert wizard.state.undone is None and summary.undo_button.isEnabled()
    (batch,) = list_batches(catalogue)
    assert batch.undone_at is None
    assert offers(catalogue)["Incubateur Impulsse"]["phone"] == "04 91 00 00 02"
    wizard.accept()


def test_a_renamed_column_gets_the_field_it_had_in_the_profile_highlighted_to_check(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Last year's sheet imported under a profile: « Public visé » and « Notes internes » left out.
    import_file(catalogue, banner_workbook(tmp_path / "offres_2026.xlsx"), kind="offers", profile="Partenaire",
                as_of=TODAY)  # fmt: skip
    # This year, the partner retitled « Structure porteuse » (same place, a heading nobody's synonym).
    header = list(HEADER)
    header[1] = "Qui porte l'offre ?"
    path = tmp_path / "offres_2027.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Offres")
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, ["Bourse French Tech", "Impulse", "Financement", "", "", "", "04/10/2026"])
    book.close()

    wizard = open_wizard(qtbot, window, path, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    page = wizard.mapping_page
    assert "Partenaire" in page.profile_label.text()
    assert "« Structure porteuse » → « Qui porte l'offre ? »" in page.drift_label.text()
    renamed, notes = page.column_of("Qui porte l'offre ?"), page.column_of("Notes internes")
    assert wizard.state.mapping[renamed] == "structure"  # suggested from the profile…
    assert page.combos[renamed].currentData() == "structure"
    heading = page.table.item(renamed, 1)
    assert heading.background().color() == UNKNOWN_BACKGROUND  # …but shown to be checked
    assert "renommée depuis « Structure porteuse »" in heading.toolTip()
    # A column the profile leaves out is a choice already made: not highlighted.
    assert wizard.state.mapping[notes] == ""
    assert page.table.item(notes, 1).background().color() != UNKNOWN_BACKGROUND
    page.save_box.setChecked(False)
    click_next(qtbot, wizard, PREVIEW)
    click_next(qtbot, wizard, SUMMARY)
    added = catalogue.rows("offers", catalogue.ids("offers"))
    bourse = next(e for e in added if e["title"] == "Bourse French Tech")
    assert catalogue.get("structures", bourse["structure_id"])["name"] == "Impulse"
    wizard.accept()
