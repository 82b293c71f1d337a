"""The export dialog: the window's current filter, everything, or a partner's review workbook; only the
entries to review; xlsx or csv; written off the GUI thread; then the file or its folder opened. Each test
reads the file written back and compares it with the catalogue."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QFileDialog
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.catalogue.flags import FLAG_KINDS
from stewarddesk.gui import export_dialog
from stewarddesk.gui.export_dialog import ExportDialog, default_name, free_path
from stewarddesk.gui.main_window import MainWindow

from .conftest import TODAY, show_page, wait_idle


def open_export(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    window.action_map["export"].trigger()
    dialog = window.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


def export(qtbot: QtBot, dialog: ExportDialog, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """« Parcourir… » answered with `out`, then « Exporter », and wait for the answer."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.task.busy() and bool(dialog.message_text()), timeout=10000)


def choose(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button or a check box on its box, as a user does: a click in the middle of a button
    stretched by its layout falls beyond its text, where Qt (rightly) ignores it."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fp:
        return list(csv.DictReader(fp, delimiter=";"))


def test_the_current_filter_as_csv_then_open_the_file_and_its_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = window.browser()
    assert browser is not None and browser.kind == "offers"
    qtbot.keyClicks(browser.search, "impulse")
    browser.apply_query()
    wait_idle(qtbot, window)
    shown = browser.model.rowCount()
    column = browser.model.column_named("title")
    titles = {browser.model.index(r, column).data() for r in range(shown)}
    assert 0 < shown < 6

    dialog = open_export(qtbot, window)
    assert dialog.kind_buttons["offers"].isChecked() and dialog.scope_current.isChecked()
    entries = f"{shown} entrée{'s' if shown > 1 else ''}"
    assert f"actuels : {entries})" in dialog.scope_current.text()
    choose(qtbot, dialog.csv)
    assert dialog.path_edit.text().endswith(".csv")
    out = tmp_path / "offres-impulse"  # no suffix typed: the format's is added
    export(qtbot, dialog, out, monkeypatch)
    written = out.with_suffix(".csv")
    assert dialog.exported is not None and dialog.exported.path == written
    assert f"Export terminé : {entries} dans" in dialog.message_text()
    rows = csv_rows(written)
    assert {r["Offre"] for r in rows} == titles
    assert dialog.open_file_button.isVisible() and dialog.open_folder_button.isVisible()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [written, tmp_path]


def test_a_partner_review_workbook_is_an_xlsx_of_its_own_entries(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_export(qtbot, window)
    choose(qtbot, dialog.csv)
    dialog.scope_partner.setChecked(True)
    dialog.partner_box.setCurrentText("Impulse")
    assert dialog.xlsx.isChecked() and not dialog.csv.isEnabled()  # a review workbook is an .xlsx
    assert "revue-impulse-offres" in dialog.path_edit.text()
    out = tmp_path / "revue-impulse.xlsx"
    export(qtbot, dialog, out, monkeypatch)
    assert dialog.exported is not None and dialog.exported.partner == "Impulse"
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header_row = next(
        i for i, row in enumerate(sheet.iter_rows(values_only=True), start=1) if row and row[0] == "Offre"
    )
    titles = {r[0] for r in sheet.iter_rows(min_row=header_row + 1, values_only=True) if r[0]}
    expected = {
        e["title"]
        for e in catalogue.rows("offers", catalogue.ids("offers"))
        if catalogue.get("structures", e["structure_id"])["name"] == "Impulse"
    }
    assert titles == expected == {"Incubateur Impulse", "Club des dirigeants"}


def test_every_action_to_review_as_a_workbook(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_page(qtbot, window, "actions")
    dialog = open_export(qtbot, window)
    assert dialog.kind_buttons["actions"].isChecked()
    choose(qtbot, dialog.scope_all)
    choose(qtbot, dialog.only_flagged)
    assert dialog.scope_all.isChecked() and dialog.only_flagged.isChecked()
    out = tmp_path / "actions.xlsx"
    export(qtbot, dialog, out, monkeypatch)
    flagged = catalogue.count("actions", Query(flags=FLAG_KINDS, as_of=TODAY))
    assert 0 < flagged < catalogue.total("actions")
    assert dialog.exported is not None and dialog.exported.count == flagged
    assert out.is_file()


def test_everything_holds_the_archived_entries_unless_unticked_with_progress_on_the_way(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `stewarddesk export` without a filter: every entry, archived ones included (« Ancienne
    # pépinière »), unless the box is unticked (--no-archived).
    archived = {
        e["title"] for e in catalogue.rows("offers", catalogue.ids("offers", Query(only_archived=True)))
    }
    live = {e["title"] for e in catalogue.rows("offers", catalogue.ids("offers"))}
    assert archived == {"Ancienne pépinière"} and live
    reported = threading.Event()
    go_on = threading.Event()
    real = export_dialog.export_entries

    def watched(cat: Catalogue, kind: Any, out: Path, **kwargs: Any) -> Any:
        outer = kwargs["progress"]

        def progress(done: int, total: int) -> None:
            outer(done, total)
            if not reported.is_set():
                reported.set()  # the bar must show it while the export goes on
                go_on.wait(10)

        return real(cat, kind, out, **{**kwargs, "progress": progress})

    monkeypatch.setattr(export_dialog, "export_entries", watched)
    dialog = open_export(qtbot, window)
    assert not dialog.with_archived.isEnabled()  # it is about « Tout le catalogue » only
    choose(qtbot, dialog.scope_all)
    assert dialog.with_archived.isEnabled() and dialog.with_archived.isChecked()
    choose(qtbot, dialog.csv)
    out = tmp_path / "tout.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert reported.wait(10)
    qtbot.waitUntil(lambda: dialog.task.bar.maximum() > 0)  # off the GUI thread, the window follows it
    assert dialog.task.isVisible() and not dialog.with_archived.isEnabled()
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.task.busy() and bool(dialog.message_text()), timeout=10000)
    rows = csv_rows(out)
    assert {r["Offre"] for r in rows} == live | archived
    assert next(r["Statut"] for r in rows if r["Offre"] == "Ancienne pépinière") == "Archivée"
    assert f"Export terminé : {len(rows)} entrées" in dialog.message_text()
    assert "Dont 1 entrée archivée." in dialog.message_text()

    choose(qtbot, dialog.with_archived)
    assert not dialog.with_archived.isChecked()
    export(qtbot, dialog, tmp_path / "vivantes.csv", monkeypatch)
    assert {r["Offre"] for r in csv_rows(tmp_path / "vivantes.csv")} == live
    assert "archivée" not in dialog.message_text()


def test_a_missing_folder_is_said_in_the_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_export(qtbot, window)
    out = tmp_path / "absent" / "offres.xlsx"
    export(qtbot, dialog, out, monkeypatch)
    assert "n'existe pas" in dialog.message_text() and dialog.message.property("error") is True
    assert not out.exists() and not dialog.open_file_button.isVisible()


def test_cancel_leaves_no_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, go_on = threading.Event(), threading.Event()
    real = export_dialog.export_entries

    def slow(cat: Catalogue, kind: Any, out: Path, **kwargs: Any) -> Any:
        started.set()
        go_on.wait(10)
        return real(cat, kind, out, **kwargs)

    monkeypatch.setattr(export_dialog, "export_entries", slow)
    dialog = open_export(qtbot, window)
    out = tmp_path / "offres.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    assert dialog.task.isVisible() and not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.task.stop_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.task.busy())
    assert "annulé" in dialog.message_text()
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_default_names_never_overwrite(tmp_path: Path) -> None:
    name = default_name("offers", "Aix-Marseille Université", "xlsx", TODAY)
    assert name == "revue-aix-marseille-université-offres-2026-11-21.xlsx"
    first = tmp_path / default_name("actions", None, "csv", TODAY)
    assert free_path(first) == first
    first.write_text("")
    assert free_path(first).name == "actions-feuille-de-route-2026-11-21 (2).csv"


def test_the_folder_suggested_exists_and_the_last_one_used_comes_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new account: a home folder without Documents. The dialog suggested ~/Documents, then refused it.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    dialog = open_export(qtbot, window)
    assert Path(dialog.path_edit.text()) == home / "offres-2026-11-21.xlsx"
    dialog.reject()
    # Documents exists: it is suggested, and the export lands there at once.
    (home / "Documents").mkdir()
    dialog = open_export(qtbot, window)
    suggested = Path(dialog.path_edit.text())
    assert suggested == home / "Documents" / "offres-2026-11-21.xlsx"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.task.busy() and bool(dialog.message_text()), timeout=10000)
    assert dialog.message.property("error") is False and "Export terminé" in dialog.message_text()
    assert openpyxl.load_workbook(suggested, read_only=True).sheetnames
    # An export elsewhere: that folder is suggested next time (remembered beyond this dialog)…
    elsewhere = tmp_path / "partenaires"
    elsewhere.mkdir()
    export(qtbot, dialog, elsewhere / "pour-impulse.xlsx", monkeypatch)
    assert (elsewhere / "pour-impulse.xlsx").exists()
    dialog.reject()
    dialog = open_export(qtbot, window)
    assert Path(dialog.path_edit.text()) == elsewhere / "offres-2026-11-21.xlsx"
    assert window.ui_state.export_folder() == elsewhere
    dialog.reject()
    # … until it is gone: Documents again.
    elsewhere.joinpath("pour-impulse.xlsx").unlink()
    elsewhere.rmdir()
    dialog = open_export(qtbot, window)
    assert Path(dialog.path_edit.text()).parent == home / "Documents"
