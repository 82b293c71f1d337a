"""The import wizard driven as a user drives it, on partner files built here: a banner above the header,
headings nobody recognises mapped by hand, unknown values mapped by hand, a corrupt file, ticks in the
preview, Cancel while writing, undo and rejected rows from the summary; each step checks the screen and
the catalogue. Once also on the real partner fixtures of /work/shared (skipped when absent)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QTableWidget, QWizard
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.exporting.api import export_entries
from stewarddesk.fields import FIELDS
from stewarddesk.gui.import_wizard import ImportWizard, work
from stewarddesk.gui.import_wizard.base import APPLY, FILE, MAPPING, PREVIEW, SUMMARY, VALUES
from stewarddesk.gui.import_wizard.plan_model import CHANGED, CHECK, CONFLICT, NOTES
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.importing.api import list_batches, load_profile
from stewarddesk.importing.safety import EXTENSIONS

from .conftest import TODAY, offscreen_popups, wait_idle

HEADER = [
    "Intitulé de l'offre",
    "Structure porteuse",
    "Catégorie",
    "Public visé",  # nobody's synonym: mapped to the stages by hand
    "Courriel du référent",  # mapped to the email by hand
    "Notes internes",  # left out
    "Date de mise à jour",
]
ROWS: list[list[Any]] = [
    # Already in the catalogue (conftest OFFERS[0]): the review date changes -> an update.
    ["Prêt d'honneur innovation", "Marseille Innovation", "Financement", "Création", "", "", "15/09/2026"],
    ["Atelier brevets", "Impulse", "Juridique", "Création", "pi@impulse.example", "à relancer", "01/10/2026"],
    ["Coaching export", "CISAM", "International", "Croissance", "export@cisam.example", "", "02/10/2026"],
    ["", "CISAM", "Accompagnement", "Création", "", "ligne sans titre", ""],
    ["Mentorat dirigeants", "Impulse", "Conseil", "Croissance", "mentor@impulse.example", "", ""],
    ["Hôtel d'entreprises", "Nouvelle Structure Test", "Hébergement", "Création", "", "", "03/10/2026"],
]


def banner_workbook(path: Path, rows: list[list[Any]] = ROWS) -> Path:
    """A partner sheet with a two-line banner above the header (header on row 4), as partners send."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Offres 2026")
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "Catalogue des offres — partenaire test")
    sheet.merge_range(1, 0, 1, len(HEADER) - 1, "Mis à jour en octobre 2026")
    sheet.write_row(3, 0, HEADER)
    for i, row in enumerate(rows, start=4):
        for c, value in enumerate(row):
            if value != "":
                sheet.write_string(i, c, value)
    notes = book.add_worksheet("Notes")
    notes.write_string(0, 0, "Feuille de notes, sans données")
    book.close()
    return path


def corrupt_workbook(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage, not a zip archive at all" * 40)
    return path


def open_wizard(
    qtbot: QtBot, window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> ImportWizard:
    """File > Import (Ctrl+I), then « Choisir un fichier… » answered with `path`; waits for the preview."""
    window.action_map["import"].trigger()
    wizard = window.dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(wizard.file_page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            not wizard.busy() and (wizard.state.preview is not None or bool(wizard.file_page.message_text()))
        )
    )
    return wizard


def click_next(qtbot: QtBot, wizard: ImportWizard, expected: int) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == expected and not wizard.busy(), timeout=15000)


def click_preview_row(qtbot: QtBot, table: QTableWidget, sheet_row: int) -> None:
    labels = [table.verticalHeaderItem(i).text() for i in range(table.rowCount())]
    i = next(i for i, text in enumerate(labels) if text.split()[0] == str(sheet_row))
    rect = table.visualRect(table.model().index(i, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def offers(cat: Catalogue) -> dict[str, dict[str, Any]]:
    """Every offer's fields by title (not its bookkeeping: an undo restores values, not timestamps)."""
    names = [f.name for f in FIELDS["offers"]]
    entries = cat.rows("offers", cat.ids("offers", Query(include_archived=True)))
    return {e["title"]: {n: e.get(n) for n in names} for e in entries}


@offscreen_popups
def test_walk_the_wizard_banner_unknown_headers_unknown_values_apply_undo(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = offers(catalogue)
    source = banner_workbook(tmp_path / "partenaire_test_offres_2026.xlsx")
    wizard = open_wizard(qtbot, window, source, monkeypatch)

    # Page 1: the data sheet is chosen, the header found below the banner; a click moves it, another back.
    page1 = wizard.file_page
    assert wizard.currentId() == FILE
    assert page1.sheet_box.currentData() == "Offres 2026"
    assert [page1.sheet_box.itemData(i) for i in range(page1.sheet_box.count())] == ["Offres 2026", "Notes"]
    assert wizard.state.header_row == 4
    assert "4" in page1.header_hint.text()
    click_preview_row(qtbot, page1.table, 1)
    assert wizard.state.header_row == 1 and "1" in page1.header_hint.text()
    click_preview_row(qtbot, page1.table, 4)
    assert wizard.state.header_row == 4

    # Page 2: recognised headings are mapped, the unknown ones are not; two are mapped by hand.
    click_next(qtbot, wizard, MAPPING)
    page2 = wizard.mapping_page
    analysis = wizard.state.analysis
    assert analysis is not None and analysis.kind == "offers" and analysis.profile is None
    public, mail, notes = (
        page2.column_of(h) for h in ("Public visé", "Courriel du référent", "Notes internes")
    )
    assert {public, mail, notes}.isdisjoint(analysis.recognised)
    assert wizard.state.mapping[page2.column_of("Catégorie")] == "need"
    assert wizard.state.mapping[public] == ""
    assert page2.combos[public].currentData() == ""
    page2.set_field(public, "stages")
    page2.set_field(mail, "email")
    assert page2.save_box.isChecked()
    page2.name_edit.clear()
    qtbot.keyClicks(page2.name_edit, "Partenaire test")

    # Page 3: the two needs the vocabulary does not know; one is mapped by hand, the other left.
    click_next(qtbot, wizard, VALUES)
    page3 = wizard.values_page
    assert set(page3.combos) == {("need", "Juridique"), ("need", "Conseil")}
    assert "Partenaire test" in page3.note.text()
    page3.set_value("need", "Juridique", "support")

    # Page 4: the plan.
    click_next(qtbot, wizard, PREVIEW)
    answer = wizard.state.answer
    assert answer is not None
    assert answer.counts == {"inserted": 3, "updated": 1, "unchanged": 0, "rejected": 2, "conflicts": 0}
    page4 = wizard.preview_page
    model = page4.model
    assert model.rowCount() == 6
    assert "Nouvelles (3)" in page4.filter_buttons["insert"].text()
    update_row = model.row_of(5)
    assert update_row is not None
    reviewed_col = 4 + [f.name for f in model.fields].index("reviewed")
    cell = model.index(update_row, reviewed_col)
    assert cell.data() == "15/09/2026"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == CHANGED
    assert "10/01/2024" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "15/09/2026" in cell.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(page4.filter_buttons["reject"], Qt.MouseButton.LeftButton)
    assert model.rowCount() == 2
    reasons = [model.index(r, NOTES).data() for r in range(2)]
    assert any("titre manquant" in r for r in reasons) and any("Conseil" in r for r in reasons)
    assert not (model.flags(model.index(0, CHECK)) & Qt.ItemFlag.ItemIsUserCheckable)
    qtbot.mouseClick(page4.filter_buttons["insert"], Qt.MouseButton.LeftButton)
    coaching = next(
        r for r in range(model.rowCount()) if model.planned(r).values["title"] == "Coaching export"
    )
    assert model.setData(
        model.index(coaching, CHECK), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert wizard.state.skip_rows == {7}
    assert "3 lignes seront écrites (1 laissée de côté)" in page4.to_write.text()
    assert any(
        "Nouvelle Structure Test" in page4.warnings.item(i).text() for i in range(page4.warnings.count())
    )
    assert before == offers(catalogue)  # nothing written yet

    # Page 5 then 6: written off the GUI thread, then the summary.
    assert wizard.button(QWizard.WizardButton.NextButton).text().replace("&", "") == "Importer"
    click_next(qtbot, wizard, SUMMARY)
    wait_idle(qtbot, window)
    after = offers(catalogue)
    assert set(after) - set(before) == {"Atelier brevets", "Hôtel d'entreprises"}
    assert "Coaching export" not in after  # unticked
    assert after["Atelier brevets"]["need"] == "support"  # mapped by hand
    assert after["Atelier brevets"]["email"] == "pi@impulse.example"  # heading mapped by hand
    assert after["Atelier brevets"]["stages"] == ["creation"]
    assert after["Prêt d'honneur innovation"]["reviewed"] == "2026-09-15"
    assert catalogue.structure_id("Nouvelle Structure Test") is not None
    profile = load_profile(catalogue, "Partenaire test")
    assert profile is not None and profile.kind == "offers"
    assert profile.values == {"need": {"Juridique": "support"}}
    assert profile.columns["Public visé"] == "stages" and profile.columns["Notes internes"] is None
    (batch,) = list_batches(catalogue)
    assert (batch.inserted, batch.updated, batch.rejected, batch.profile) == (2, 1, 2, "Partenaire test")
    summary = wizard.summary_page
    assert f"Import n° {batch.id}" in summary.headline.text()
    assert "2 entrées ajoutées" in summary.headline.text()
    # The window shows the new offers.
    offers_page = window.pages["offers"]
    titles = [offers_page.model.index(r, offers_page.model.column_named("title")).data()
              for r in range(offers_page.model.rowCount())]  # fmt: skip
    assert "Atelier brevets" in titles

    # The rejected rows go back to the partner; then the whole import is undone.
    rejects = tmp_path / "rejets.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(rejects), ""))
    qtbot.mouseClick(summary.rejects_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rejects.exists() and not wizard.busy())
    assert "2 lignes rejetées" in summary.message_text()
    sheet = openpyxl.load_workbook(rejects).active
    assert sheet is not None
    written = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in written] == [None, "Mentorat dirigeants"]
    qtbot.mouseClick(summary.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.undone is not None and not wizard.busy())
    wait_idle(qtbot, window)
    assert "annulé" in summary.message_text()
    assert not summary.undo_button.isEnabled()
    assert offers(catalogue) == before
    assert catalogue.structure_id("Nouvelle Structure Test") is None
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()


@offscreen_popups
def test_the_saved_profile_is_recognised_next_time(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = banner_workbook(tmp_path / "offres.xlsx")
    wizard = open_wizard(qtbot, window, source, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    page2 = wizard.mapping_page
    page2.set_field(page2.column_of("Public visé"), "stages")
    page2.name_edit.setText("Partenaire test")
    page2.name_edit.textEdited.emit("Partenaire test")
    click_next(qtbot, wizard, VALUES)
    wizard.values_page.set_value("need", "Juridique", "support")
    click_next(qtbot, wizard, PREVIEW)
    click_next(qtbot, wizard, SUMMARY)
    wizard.accept()

    # The partner's next file, one column renamed: the profile is named, the drift shown, the hand-made
    # choices come back, and « Juridique » is known now.
    header = list(HEADER)
    header[4] = "Courriel"
    rows = [r[:] for r in ROWS]
    rows[0][0] = "Prêt d'honneur innovation (2027)"
    path = tmp_path / "offres_2027.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Offres")
    sheet.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    second = open_wizard(qtbot, window, path, monkeypatch)
    assert second is not wizard
    click_next(qtbot, second, MAPPING)
    page2 = second.mapping_page
    assert "Partenaire test" in page2.profile_label.text()
    assert page2.drift_label.isVisible() and "Courriel" in page2.drift_label.text()
    assert second.state.mapping[page2.column_of("Public visé")] == "stages"
    assert second.state.mapping[page2.column_of("Notes internes")] == ""
    assert page2.name_edit.text() == "Partenaire test"
    click_next(qtbot, second, VALUES)
    assert set(second.values_page.combos) == {("need", "Conseil")}
    second.reject()
    qtbot.waitUntil(lambda: not second.busy())


def test_a_corrupt_file_is_said_inside_the_wizard(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, window, corrupt_workbook(tmp_path / "abime.xlsx"), monkeypatch)
    page = wizard.file_page
    text = page.message_text()
    assert "abime.xlsx" in text and "Traceback" not in text and "Erreur interne" not in text
    assert page.message.isVisible()
    assert wizard.state.preview is None
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # A good file afterwards works in the same wizard.
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(banner_workbook(tmp_path / "b.xlsx")), "")
    )
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.preview is not None and not wizard.busy())
    assert page.isComplete() and not page.message.isVisible()
    assert list_batches(catalogue) == []


def test_a_sheet_without_a_header_asks_for_a_click(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "libre.csv"
    path.write_text("Nom;Commentaire\nAtelier;rien\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path, monkeypatch)
    assert wizard.state.header_row is None
    assert "cliquez sur la ligne" in wizard.file_page.message_text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    click_preview_row(qtbot, wizard.file_page.table, 1)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    click_next(qtbot, wizard, MAPPING)
    page2 = wizard.mapping_page
    assert wizard.state.analysis is not None and not wizard.state.analysis.kind_sure
    assert "offres ou d'actions" in page2.message_text()
    # Nothing maps the title yet: Next says so and stays.
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == MAPPING and "titre" in page2.message_text()
    page2.set_field(0, "title")
    page2.set_field(1, "description")
    page2.set_field(0, "title")
    click_next(qtbot, wizard, PREVIEW)  # no unknown value: straight to the preview
    assert wizard.state.answer is not None and wizard.state.answer.counts["inserted"] == 1


def test_cancel_while_writing_leaves_nothing_written(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[f"Offre annulable {i}", "Impulse", "Financement", "Création", "", "", ""] for i in range(1500)]
    source = banner_workbook(tmp_path / "gros.xlsx", rows)
    before = offers(catalogue)
    started, go_on = threading.Event(), threading.Event()
    real_apply = work.apply_plan

    def slow_apply(cat: Catalogue, plan: Any, **kwargs: Any) -> Any:
        outer = kwargs["progress"]

        def progress(done: int, total: int) -> None:
            outer(done, total)
            if not started.is_set():
                started.set()  # the first 500 rows are written, inside the transaction
                go_on.wait(10)

        return real_apply(cat, plan, **{**kwargs, "progress": progress})

    monkeypatch.setattr(work, "apply_plan", slow_apply)
    wizard = open_wizard(qtbot, window, source, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    click_next(qtbot, wizard, PREVIEW)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == APPLY
    assert started.wait(10)
    page = wizard.apply_page
    assert page.task.isVisible() and not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    # The bar follows the worker: 500 of the 1,500 rows written (inside the transaction) when it stopped.
    qtbot.waitUntil(lambda: page.task.bar.maximum() == 1500)
    assert page.task.bar.value() == 500
    qtbot.mouseClick(page.task.stop_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not wizard.busy())
    assert "rien n'a été écrit" in page.message_text()
    assert wizard.currentId() == APPLY and wizard.state.result is None
    assert offers(catalogue) == before
    assert list_batches(catalogue) == []
    assert load_profile(catalogue, "gros") is None
    # Back to the preview, and the same plan goes through this time.
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert back.isEnabled()
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PREVIEW
    monkeypatch.setattr(work, "apply_plan", real_apply)
    click_next(qtbot, wizard, SUMMARY)
    assert len(offers(catalogue)) == len(before) + 1500


def test_cancel_closes_the_wizard_without_writing(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, window, banner_workbook(tmp_path / "a.xlsx"), monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible() and not wizard.busy())
    assert list_batches(catalogue) == []


def test_a_file_dropped_on_the_window_opens_the_wizard(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    source = banner_workbook(tmp_path / "depose.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    assert window.spreadsheets.accepts(mime)
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.pdf"))])
    assert not window.spreadsheets.accepts(other)
    event = QDropEvent(
        QPointF(QPoint(200, 200)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    wizard = window.dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.state.preview is not None and not wizard.busy())
    assert wizard.state.preview is not None and wizard.state.preview.path == source
    assert wizard.state.header_row == 4
    wizard.reject()


def test_the_file_dialog_and_the_drop_offer_every_format_the_importer_reads(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel's « Texte Unicode » export (.txt) and tab-separated text (.tsv) included.
    assert {".tsv", ".txt"} <= set(EXTENSIONS)
    for ext in EXTENSIONS:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(tmp_path / f"offres{ext.upper()}"))])
        assert window.spreadsheets.accepts(mime), ext
    filters: list[str] = []

    def answer(*args: Any, **kwargs: Any) -> tuple[str, str]:
        filters.append(args[3])
        return "", ""

    window.action_map["import"].trigger()
    wizard = window.dialog
    assert isinstance(wizard, ImportWizard)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    qtbot.mouseClick(wizard.file_page.choose_button, Qt.MouseButton.LeftButton)
    assert filters and filters[0].startswith("Tableurs (")
    offered = filters[0].split(";;")[0].removeprefix("Tableurs (").removesuffix(")").split()
    assert offered == [f"*{ext}" for ext in EXTENSIONS]
    wizard.reject()

    # A tab-separated .txt dropped on the window is read like any sheet.
    text = tmp_path / "export excel.txt"
    text.write_text("\t".join(HEADER) + "\n" + "\t".join(str(v) for v in ROWS[1]) + "\n", encoding="utf-16")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text))])
    window.dropEvent(
        QDropEvent(
            QPointF(QPoint(200, 200)),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    wizard = window.dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.state.preview is not None and not wizard.busy())
    assert wizard.state.preview is not None and wizard.state.preview.path == text
    assert wizard.state.header_row == 1
    wizard.reject()


SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "partners"


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared partner fixtures at {SHARED}")
@pytest.mark.parametrize(
    ("name", "inserted", "rejected_rows"),
    [
        ("marseille_innovation_offres_2024.xlsx", 9, {10, 15, 17, 21}),
        ("impulse_offres_2024.csv", 7, {10, 11, 12}),
        ("amft_actions_innov_provence.xlsx", 10, {14, 15, 17}),
    ],
)
def test_real_partner_files_with_the_suggested_choices(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    inserted: int,
    rejected_rows: set[int],
) -> None:
    db = tmp_path / "vide.sqlite"
    Catalogue.new(db).close()
    window = make_window(db)
    wizard = open_wizard(qtbot, window, SHARED / name, monkeypatch)
    assert wizard.state.header_row is not None
    click_next(qtbot, wizard, MAPPING)
    wizard.mapping_page.save_box.setChecked(False)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() in (VALUES, PREVIEW) and not wizard.busy(), timeout=15000)
    if wizard.currentId() == VALUES:
        click_next(qtbot, wizard, PREVIEW)  # every unknown value left to be rejected
    answer = wizard.state.answer
    assert answer is not None
    rejected = {r.row for r in answer.plan.rows if r.action == "reject"}
    assert rejected_rows <= rejected
    click_next(qtbot, wizard, SUMMARY)
    result = wizard.state.result
    assert result is not None and result.counts["inserted"] == inserted
    cat = Catalogue.open(db)
    try:
        assert cat.total(answer.plan.kind) == inserted
    finally:
        cat.close()
    wizard.accept()


def test_the_plan_model_is_a_sound_qt_model(
    qtbot: QtBot, qtmodeltester: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, window, banner_workbook(tmp_path / "a.xlsx"), monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    click_next(qtbot, wizard, VALUES)
    click_next(qtbot, wizard, PREVIEW)
    model = wizard.preview_page.model
    qtmodeltester.check(model)
    for outcome in ("reject", "update", "warnings", "all"):
        wizard.preview_page.show_outcome(outcome)
        qtmodeltester.check(model)
    wizard.preview_page.uncheck_all.click()
    assert wizard.state.skip_rows == {5, 7, 10}  # the insertions and the update; rejected rows have no box
    wizard.preview_page.check_all.click()
    assert wizard.state.skip_rows == set()
    wizard.reject()


@offscreen_popups
def test_another_sheet_and_another_kind(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, window, banner_workbook(tmp_path / "a.xlsx"), monkeypatch)
    page = wizard.file_page
    qtbot.keyClick(page.sheet_box, Qt.Key.Key_Down)  # the next sheet in the list, from the keyboard
    qtbot.waitUntil(lambda: not wizard.busy() and wizard.state.preview is not None)
    assert wizard.state.preview is not None and wizard.state.preview.sheet == "Notes"
    assert wizard.state.header_row is None and "cliquez" in page.message_text()
    qtbot.keyClick(page.sheet_box, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: not wizard.busy() and wizard.state.header_row == 4)
    click_next(qtbot, wizard, MAPPING)
    mapping = wizard.mapping_page
    assert mapping.kind_box.currentData() == "offers"
    mapping.kind_box.setCurrentIndex(mapping.kind_box.findData("actions"))
    mapping.kind_box.activated.emit(mapping.kind_box.currentIndex())
    assert wizard.state.analysis is not None and wizard.state.analysis.kind == "actions"
    combo = mapping.combos[mapping.column_of("Intitulé de l'offre")]
    assert "term" in [combo.itemData(i) for i in range(combo.count())]
    wizard.reject()


def test_unknown_values_found_after_a_first_choice_are_asked_too(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stades.csv"
    path.write_text(
        "Offre;Structure;Besoin;Stades\nAtelier;Impulse;Financement;Étudiants, Seniors\n", "utf-8"
    )
    wizard = open_wizard(qtbot, window, path, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    wizard.mapping_page.save_box.setChecked(False)
    click_next(qtbot, wizard, VALUES)
    page = wizard.values_page
    assert set(page.combos) == {("stage", "Étudiants")}
    assert "cet import seulement" in page.note.text()
    page.set_value("stage", "Étudiants", "idea")
    click_next(qtbot, wizard, VALUES)  # the same cell names another unknown stage: asked as well
    assert ("stage", "Seniors") in page.combos and "D'autres valeurs" in page.message_text()
    page.set_value("stage", "Seniors", "growth")
    click_next(qtbot, wizard, PREVIEW)
    click_next(qtbot, wizard, SUMMARY)
    atelier = offers(catalogue)["Atelier"]
    assert atelier["stages"] == ["idea", "growth"]
    assert load_profile(catalogue, "stades") is None  # not saved: for this import only


def test_the_file_menu_holds_import_export_and_history(qtbot: QtBot, window: MainWindow) -> None:
    actions = window.menus["file"].actions()
    names = {id(a): n for n, a in window.action_map.items()}
    order = [names.get(id(a)) for a in actions]
    separator = actions.index(window.file_tools_separator)
    assert order[separator - 3 : separator] == ["import", "export", "import_history"]
    assert window.action_map["import"].shortcut().toString() == "Ctrl+I"
    window.set_session(None)
    assert not window.action_map["import"].isEnabled()
    assert window.spreadsheets.open_import() is None


def test_a_partner_review_workbook_comes_back_with_its_edits_and_a_conflict(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = tmp_path / "revue-impulse.xlsx"
    export_entries(catalogue, "offers", sent, partner="Impulse", as_of=TODAY)
    # The partner suspends one offer and changes the other's email; meanwhile the catalogue changed that
    # same email in its own way: a conflict, kept as the catalogue has it.
    club = next(
        i for i in catalogue.ids("offers") if catalogue.get("offers", i)["title"] == "Club des dirigeants"
    )
    catalogue.update("offers", club, {"email": "bureau@impulse.example"})
    book = openpyxl.load_workbook(sent)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows() if r[0].value == "Offre")
    col = {c.value: c.column - 1 for c in header}
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if row[col["Offre"]].value == "Incubateur Impulse":
            row[col["Statut"]].value = "Suspendue"
        if row[col["Offre"]].value == "Club des dirigeants":
            row[col["Email"]].value = "club2@impulse.example"
    back = tmp_path / "revue-impulse-retour.xlsx"
    book.save(back)

    wizard = open_wizard(qtbot, window, back, monkeypatch)
    click_next(qtbot, wizard, MAPPING)
    page2 = wizard.mapping_page
    assert wizard.state.mapping[page2.column_of("ID")] == "id"
    page2.save_box.setChecked(False)
    click_next(qtbot, wizard, PREVIEW)
    answer = wizard.state.answer
    assert answer is not None and answer.plan.baseline
    assert (answer.counts["updated"], answer.counts["inserted"], answer.counts["conflicts"]) == (1, 0, 1)
    model = wizard.preview_page.model
    email_col = 4 + [f.name for f in model.fields].index("email")
    status_col = 4 + [f.name for f in model.fields].index("status")
    rows = {model.planned(r).values.get("title"): r for r in range(model.rowCount())}
    incubator, club_row = rows["Incubateur Impulse"], rows["Club des dirigeants"]
    assert model.index(incubator, status_col).data(Qt.ItemDataRole.BackgroundRole).color() == CHANGED
    assert model.index(club_row, email_col).data(Qt.ItemDataRole.BackgroundRole).color() == CONFLICT
    assert "bureau@impulse.example" in model.index(club_row, email_col).data(Qt.ItemDataRole.ToolTipRole)
    wizard.preview_page.show_outcome("warnings")
    assert model.rowCount() == 1 and model.planned(0).values["title"] == "Club des dirigeants"
    click_next(qtbot, wizard, SUMMARY)
    after = offers(catalogue)
    assert after["Incubateur Impulse"]["status"] == "suspended"
    assert after["Club des dirigeants"]["email"] == "bureau@impulse.example"
