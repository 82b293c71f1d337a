"""The import history: every batch with its file, date, profile and counts, its rows, and the undo of a
batch with the same refusals as `stewarddesk undo-import`; each test checks the dialog and the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui import import_history
from stewarddesk.gui.import_history import HistoryRow, ImportHistoryDialog, batch_rows
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.importing.api import import_file, list_batches

from .conftest import TODAY, wait_idle
from .test_import_wizard import banner_workbook, offers


def imported(catalogue: Catalogue, path: Path, profile: str | None = None) -> int:
    outcome = import_file(catalogue, path, kind="offers", profile=profile, as_of=TODAY)
    assert outcome.result is not None
    return outcome.result.batch_id


def second_file(tmp_path: Path) -> Path:
    path = tmp_path / "impulse_2026.csv"
    path.write_text(
        "Offre;Structure;Besoin;Revue le\n"
        "Club des dirigeants;Impulse;Mise en réseau;01/10/2026\n"  # already there: an update
        "Bourse innovation;Impulse;Financement;02/10/2026\n"
        "Bootcamp;Impulse;Inconnu;\n",
        encoding="utf-8",
    )
    return path


def open_history(qtbot: QtBot, window: MainWindow) -> ImportHistoryDialog:
    window.action_map["import_history"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, ImportHistoryDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.task.busy())
    return dialog


def texts(dialog: ImportHistoryDialog, row: int) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def row_texts(dialog: ImportHistoryDialog) -> list[list[str]]:
    """The batch's rows as the table shows them."""
    model = dialog.row_table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_batches_newest_first_with_their_rows(
    qtbot: QtBot,
    qtmodeltester: Any,
    window: MainWindow,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = imported(catalogue, banner_workbook(tmp_path / "partenaire.xlsx"), profile="Partenaire test")
    second = imported(catalogue, second_file(tmp_path))
    reads: list[int] = []
    real_rows = import_history.batch_rows

    def counted_rows(cat: Catalogue, batch_id: int) -> list[HistoryRow]:
        reads.append(batch_id)
        return real_rows(cat, batch_id)

    monkeypatch.setattr(import_history, "batch_rows", counted_rows)
    dialog = open_history(qtbot, window)
    assert reads == [second]  # the newest batch's rows, read once (a big batch's are 50,000 lines)
    assert dialog.table.rowCount() == 2
    newest, oldest = texts(dialog, 0), texts(dialog, 1)
    assert newest[0] == str(second) and newest[2] == "impulse_2026.csv"
    assert newest[6:10] == ["1", "1", "0", "1"] and newest[10] == "en vigueur"
    assert newest[1] == "21/11/2026 10:00"
    assert oldest[0] == str(first) and oldest[2] == "partenaire.xlsx" and oldest[3] == "Offres 2026"
    assert oldest[5] == "Partenaire test"
    # The newest is selected: its rows, inserted, updated (old → new) and rejected (with the reason).
    assert dialog.selected() is not None and dialog.selected().id == second  # type: ignore[union-attr]
    qtmodeltester.check(dialog.row_model)
    rows = row_texts(dialog)
    outcomes = [r[1] for r in rows]
    assert outcomes.count("Nouvelle") == 1 and outcomes.count("Mise à jour") == 1
    assert outcomes.count("Rejetée") == 1
    update = next(r for r in rows if r[1] == "Mise à jour")
    assert update[0] == "2" and "Club des dirigeants" in update[2]
    assert "Revue le : 15/09/2026 → 01/10/2026" in update[3]
    rejected = next(r for r in rows if r[1] == "Rejetée")
    assert rejected[0] == "4" and "Inconnu" in rejected[3]
    assert any(r[2].endswith("Bourse innovation") for r in rows if r[1] == "Nouvelle")
    # Choosing the other batch shows its rows.
    dialog.select_batch(first)
    qtbot.waitUntil(lambda: not dialog.task.busy() and "partenaire.xlsx" in dialog.batch_line.text())
    rows = row_texts(dialog)
    assert sum(r[1] == "Nouvelle" for r in rows) == 2  # « Juridique » and « Conseil » are not needs
    assert any(r[1] == "Avertissement" and "Public visé" in r[3] for r in rows)


def test_undo_from_the_history_and_the_refusals(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path
) -> None:
    before = offers(catalogue)
    first = imported(catalogue, banner_workbook(tmp_path / "partenaire.xlsx"))
    after_first = offers(catalogue)
    second = imported(catalogue, second_file(tmp_path))
    # An entry of the first import edited by hand since: that import cannot be undone any more.
    entry_id = next(
        i for i in catalogue.ids("offers") if catalogue.get("offers", i)["title"] == "Coaching export"
    )
    catalogue.update("offers", entry_id, {"phone": "04 91 00 00 01"})
    dialog = open_history(qtbot, window)

    dialog.select_batch(first)
    qtbot.waitUntil(lambda: not dialog.task.busy())
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.task.busy() and bool(dialog.message_text()))
    assert "ne peut pas être annulé" in dialog.message_text() and "Coaching export" in dialog.message_text()
    assert dialog.message.property("error") is True
    assert all(b.undone_at is None for b in list_batches(catalogue))

    dialog.select_batch(second)
    qtbot.waitUntil(lambda: not dialog.task.busy())
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.task.busy() and "annulé :" in dialog.message_text())
    wait_idle(qtbot, window)
    assert "1 entrée supprimée, 1 rétablie" in dialog.message_text()
    after = offers(catalogue)
    after_first["Coaching export"]["phone"] = "04 91 00 00 01"
    assert after == after_first
    assert "Bourse innovation" not in after
    undone = {b.id: b.undone_at for b in list_batches(catalogue)}
    assert undone[second] is not None and undone[first] is None
    assert dialog.selected() is not None and dialog.selected().id == second  # type: ignore[union-attr]
    assert texts(dialog, 0)[10].startswith("annulé le")
    assert not dialog.undo_button.isEnabled()
    # The window shows the catalogue as it is.
    offers_page = window.pages["offers"]
    column = offers_page.model.column_named("title")
    titles = {offers_page.model.index(r, column).data() for r in range(offers_page.model.rowCount())}
    assert "Bourse innovation" not in titles and "Coaching export" in titles
    assert set(before) < set(after)


def test_an_already_undone_batch_says_so(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path
) -> None:
    batch = imported(catalogue, second_file(tmp_path))
    dialog = open_history(qtbot, window)
    from stewarddesk.importing.api import undo_import

    undo_import(catalogue, batch)  # undone elsewhere (the command line) while the dialog is open
    assert dialog.undo_button.isEnabled()
    dialog.undo_selected()
    qtbot.waitUntil(lambda: not dialog.task.busy() and bool(dialog.message_text()))
    assert "déjà été annulé" in dialog.message_text()


def test_no_import_yet(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_history(qtbot, window)
    assert dialog.table.rowCount() == 0
    assert "Aucun import" in dialog.batch_line.text()
    assert not dialog.undo_button.isEnabled()


@pytest.mark.parametrize("batch_id", [999])
def test_rows_of_an_unknown_batch_are_none(catalogue: Catalogue, batch_id: int) -> None:
    assert batch_rows(catalogue, batch_id) == []


def long_named_csv(tmp_path: Path, i: int) -> Path:
    """A partner CSV whose long name is also its sheet's (a CSV's sheet is its file's stem)."""
    path = tmp_path / f"marseille_innovation_offres_{2016 + i}_version_definitive_relue.csv"
    path.write_text(
        f"Offre;Structure;Besoin\nOffre longue numéro {i};Impulse;Financement\n", encoding="utf-8"
    )
    return path


def test_many_batches_with_long_names_leave_the_file_readable(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path
) -> None:
    from stewarddesk.importing.api import undo_import

    paths = [long_named_csv(tmp_path, i) for i in range(9)]
    batches = [imported(catalogue, path) for path in paths]
    undo_import(catalogue, batches[4])  # « annulé le … », the widest state
    dialog = open_history(qtbot, window)
    table = dialog.table
    assert table.rowCount() == 9
    chars = table.fontMetrics().averageCharWidth()
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    # The file keeps at least 26 characters (it was left 1-3 by long sheet names and the states), and
    # every column fits the dialog at its size: no horizontal scrolling to see the state.
    assert widths[2] >= 26 * chars
    assert sum(widths) <= table.viewport().width()
    assert texts(dialog, 4)[10].startswith("annulé le")
    assert table.columnWidth(10) >= table.sizeHintForColumn(10)  # the state is shown whole
    assert all(width >= table.horizontalHeader().sectionSizeHint(c) for c, width in enumerate(widths))
    # What does not fit loses its middle (the extension stays), the tooltip has it whole.
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    newest = table.item(0, 2)
    assert newest.text() == paths[-1].name and paths[-1].name in newest.toolTip()
    assert table.item(0, 3).toolTip() == paths[-1].stem
    assert table.item(0, 4).text() == "Offres"
    # A narrower dialog narrows the file, down to its 26 characters; the sheet keeps 10.
    dialog.resize(900, dialog.height())
    qtbot.waitUntil(lambda: table.columnWidth(2) < widths[2])
    assert table.columnWidth(2) >= 26 * chars and table.columnWidth(3) >= 10 * chars


def test_new_entries_show_their_sheet_row(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = tmp_path / "impulse_nouvelles.csv"
    path.write_text(
        "Offre;Structure;Besoin\n"
        "Bourse amorçage;Impulse;Financement\n"  # row 2
        "Atelier juridique;Impulse;Inconnu\n"  # row 3: rejected
        "Club des dirigeants;Impulse;Mise en réseau\n"  # row 4: already there, unchanged
        "Hôtel d'entreprises;Impulse;Hébergement\n"  # row 5
        "Appui export;Impulse;Accompagnement\n",  # row 6
        encoding="utf-8",
    )
    imported(catalogue, path)
    dialog = open_history(qtbot, window)
    rows = row_texts(dialog)
    new = {r[2].split(" — ", 1)[1]: r[0] for r in rows if r[1] == "Nouvelle"}
    assert new == {"Bourse amorçage": "2", "Hôtel d'entreprises": "5", "Appui export": "6"}
    # Each entry is the one its row created, in the sheet's order with the rejected row.
    for title in new:
        entry_id = int(next(r[2] for r in rows if r[2].endswith(title)).split()[1])
        assert catalogue.get("offers", entry_id)["title"] == title
    assert [r[0] for r in rows if r[1] != "Avertissement"] == ["2", "3", "5", "6"]
