"""The detail form: every field, flags with reasons, history from the journal, validation as you type."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.editors import CheckListEditor, StructureEditor, TextEditor
from stewarddesk.gui.main_window import MainWindow

from .conftest import offscreen_popups


def offers_page(window: MainWindow, title: str) -> tuple[BrowserPage, int]:
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    col = page.model.column_named("title")
    row = [page.model.index(r, col).data() for r in range(page.model.rowCount())].index(title)
    page.table.set_current_row(row)
    return page, page.model.id_at(row)


def test_form_shows_fields_flags_and_history(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    page, entry_id = offers_page(window, "Prêt d'honneur innovation")
    form = page.form
    qtbot.waitUntil(lambda: form.entry_id == entry_id)
    assert form.title.text() == "Prêt d'honneur innovation"
    assert form.subtitle.text() == "Marseille Innovation"
    assert "Non revue depuis 34 mois" in form.flags_label.text()
    assert "Aucun contact" in form.flags_label.text()
    assert form.editors["need"].currentText() == "Financement"  # type: ignore[union-attr]
    assert form.editors["reviewed"].text() == "10/01/2024"  # type: ignore[union-attr]
    assert form.history.topLevelItemCount() == 1
    assert form.history.topLevelItem(0).text(2) == "Création de l'entrée"  # type: ignore[union-attr]
    assert form.tabs.tabText(1) == "Historique (1)"


@pytest.mark.parametrize(
    ("source", "shown"),
    [("sample", "catalogue d'exemple"), ("import", "import d'un tableur"), ("manual", "saisie")],
)
def test_the_entrys_origin_is_said_in_french(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    catalogue_path: Path,
    source: str,
    shown: str,
) -> None:
    with sqlite3.connect(catalogue_path) as conn:
        conn.execute("UPDATE offers SET source = ?", (source,))
    conn.close()
    window = make_window(catalogue_path)
    page, entry_id = offers_page(window, "Incubateur Impulse")
    qtbot.waitUntil(lambda: page.form.entry_id == entry_id)
    assert page.form.meta.text().endswith(f"origine : {shown}")


def test_editing_a_field_in_the_form_writes_it_with_its_history(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page, entry_id = offers_page(window, "Incubateur Impulse")
    form = page.form
    site = form.editors["site"]
    site.setFocus()
    qtbot.keyClicks(site, "Belle de Mai")
    qtbot.keyClick(site, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["site"] == "Belle de Mai")
    qtbot.waitUntil(lambda: form.history.topLevelItemCount() == 2)
    assert form.history.topLevelItem(0).text(2) == "Site : ∅ → Belle de Mai"  # type: ignore[union-attr]
    assert form.history.topLevelItem(0).text(1) == "tester"  # type: ignore[union-attr]
    site_col = page.model.column_named("site")
    row = page.model.row_of(entry_id)
    assert row is not None
    qtbot.waitUntil(lambda: page.model.index(row, site_col).data() == "Belle de Mai")


def test_a_bad_email_is_shown_as_you_type_and_never_written(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page, entry_id = offers_page(window, "Incubateur Impulse")
    email = page.form.editors["email"]
    email.setFocus()
    email.clear()  # type: ignore[union-attr]
    qtbot.keyClicks(email, "contact-at-impulse")
    assert email.property("invalid") is True
    assert "n'est pas une adresse e-mail" in email.toolTip()
    qtbot.keyClick(email, Qt.Key.Key_Return)
    assert catalogue.get("offers", entry_id)["email"] == "contact@impulse.example"
    qtbot.waitUntil(lambda: "adresse e-mail" in window.statusBar().currentMessage())
    qtbot.keyClicks(email, "@impulse.fr")
    assert email.property("invalid") is False
    qtbot.keyClick(email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] == "contact-at-impulse@impulse.fr")
    # The corrected address went in: the status bar no longer complains about the refused one.
    qtbot.waitUntil(lambda: "adresse e-mail" not in window.statusBar().currentMessage())


def test_an_empty_title_is_refused(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    page, entry_id = offers_page(window, "Incubateur Impulse")
    title = page.form.editors["title"]
    title.setFocus()
    title.clear()  # type: ignore[union-attr]
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert "obligatoire" in title.toolTip()
    assert catalogue.get("offers", entry_id)["title"] == "Incubateur Impulse"


@offscreen_popups
def test_stages_are_ticked_in_a_list(qtbot: QtBot, window: MainWindow, catalogue: Catalogue) -> None:
    page, entry_id = offers_page(window, "Incubateur Impulse")
    stages = page.form.editors["stages"]
    assert isinstance(stages, CheckListEditor)
    assert stages.value() == ["idea", "creation"]
    stages.showPopup()
    view = stages.view()
    qtbot.waitUntil(view.isVisible)
    growth = stages.model().index(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(growth).center())
    assert view.isVisible()  # the list stays open while ticking
    stages.hidePopup()
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["stages"] == ["idea", "creation", "growth"])
    assert stages.labels() == ["Émergence", "Création", "Croissance"]


@offscreen_popups
def test_structure_field_completes_known_structures(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page, entry_id = offers_page(window, "Incubateur Impulse")
    structure = page.form.editors["structure"]
    assert isinstance(structure, StructureEditor)
    completer = structure.completer()
    completer.setCompletionPrefix("mars")  # anywhere in the name, any case
    found = {completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())}
    assert found == {"Marseille Innovation", "Aix-Marseille Université"}
    structure.setFocus()
    structure.clear()
    qtbot.keyClicks(structure, "innov")
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["structure"] == "Marseille Innovation")
    assert catalogue.total("structures") == 4  # the known one, not a new one


@offscreen_popups
def test_the_form_never_shows_a_value_the_catalogue_did_not_take(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    page, entry_id = offers_page(window, "Incubateur Impulse")
    structure = page.form.editors["structure"]
    structure.setFocus()
    structure.clear()  # type: ignore[union-attr]
    qtbot.keyClicks(structure, "Nouvelle structure X")
    qtbot.keyClick(structure, Qt.Key.Key_Return)
    stored = catalogue.get("offers", entry_id)["structure"]
    qtbot.waitUntil(lambda: structure.text() == stored)  # type: ignore[union-attr]


def test_ctrl_z_in_a_field_undoes_the_typing_then_the_saved_edit(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page, entry_id = offers_page(window, "Prêt d'honneur innovation")
    qtbot.waitUntil(lambda: page.form.entry_id == entry_id)
    email, phone = page.form.editors["email"], page.form.editors["phone"]
    assert isinstance(email, TextEditor) and isinstance(phone, TextEditor)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    email.setFocus()
    qtbot.keyClicks(email, "pret@mi.fr")
    qtbot.keyClick(email, Qt.Key.Key_Tab)  # saved: one step on the window's undo stack
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] == "pret@mi.fr")
    assert window.action_map["undo"].text() == (
        "&Annuler : modifier « E-mail » de « Prêt d'honneur innovation »"
    )
    # Unsaved typing in a field: Ctrl+Z undoes the typing, the catalogue is not touched.
    qtbot.waitUntil(phone.hasFocus)
    qtbot.keyClicks(phone, "04")
    qtbot.keyClick(phone, Qt.Key.Key_Z, ctrl)
    assert phone.text() == ""
    assert catalogue.get("offers", entry_id)["email"] == "pret@mi.fr"
    # Nothing of its own left to undo: Ctrl+Z undoes the saved edit, and the form shows it.
    qtbot.keyClick(phone, Qt.Key.Key_Z, ctrl)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] is None)
    qtbot.waitUntil(lambda: email.text() == "")
    # Back in the saved field (its own typing is saved): Ctrl+Maj+Z redoes the edit, Ctrl+Z undoes it again.
    email.setFocus()
    qtbot.keyClick(email, Qt.Key.Key_Z, ctrl | shift)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] == "pret@mi.fr")
    assert email.text() == "pret@mi.fr"
    qtbot.keyClick(email, Qt.Key.Key_Z, ctrl)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] is None)
    qtbot.keyClick(email, Qt.Key.Key_Y, ctrl)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["email"] == "pret@mi.fr")
    assert catalogue.get("offers", entry_id)["phone"] is None


def test_ctrl_z_in_the_description_undoes_its_typing_then_the_saved_edit(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page, entry_id = offers_page(window, "Incubateur Impulse")
    qtbot.waitUntil(lambda: page.form.entry_id == entry_id)
    description, site = page.form.editors["description"], page.form.editors["site"]
    ctrl = Qt.KeyboardModifier.ControlModifier
    site.setFocus()
    qtbot.keyClicks(site, "Belle de Mai")
    qtbot.keyClick(site, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["site"] == "Belle de Mai")
    description.setFocus()
    qtbot.keyClicks(description, "Un an")
    qtbot.keyClick(description, Qt.Key.Key_Z, ctrl)
    assert description.toPlainText() == ""  # type: ignore[union-attr]
    assert catalogue.get("offers", entry_id)["site"] == "Belle de Mai"
    qtbot.keyClick(description, Qt.Key.Key_Z, ctrl)
    qtbot.waitUntil(lambda: catalogue.get("offers", entry_id)["site"] is None)
    assert site.text() == ""  # type: ignore[union-attr]
    assert catalogue.get("offers", entry_id)["description"] is None
