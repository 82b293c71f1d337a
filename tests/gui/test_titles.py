"""Titles in the window's sentences: « de » or « d' » in French, long titles elided in the undo texts with
the whole title in the tooltip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.titles import from_title, of_title, short_title

LONG = "Implantation au Technopôle de Château-Gombert pour les jeunes pousses du numérique"


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Implantation au Technopôle", "d'« Implantation au Technopôle »"),
        ("Écosystème", "d'« Écosystème »"),
        ("hôtel d'entreprises", "d'« hôtel d'entreprises »"),
        ("Œuvre commune", "d'« Œuvre commune »"),
        ("Prêt d'honneur", "de « Prêt d'honneur »"),
        ("12/14 du Technopôle", "de « 12/14 du Technopôle »"),
        ("Yes We Camp", "de « Yes We Camp »"),
    ],
)
def test_french_says_de_or_d_before_a_quoted_title(french: None, title: str, said: str) -> None:
    assert of_title(title) == said
    assert from_title(title) == said


def test_english_never_elides(english: None) -> None:
    assert of_title("Implantation") == "of “Implantation”"
    assert from_title("Implantation") == "from “Implantation”"


def test_long_titles_are_cut_at_a_word_with_an_ellipsis() -> None:
    assert short_title("Prêt d'honneur") == "Prêt d'honneur"
    assert short_title("  Prêt\nd'honneur ") == "Prêt d'honneur"
    assert short_title(LONG) == "Implantation au Technopôle de…"  # 40 characters at most, a whole word
    assert short_title("x" * 60) == "x" * 39 + "…"


def _offers(window: MainWindow) -> BrowserPage:
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    return page


def test_undo_texts_elide_long_titles_and_the_tooltip_says_it_whole(
    qtbot: QtBot, window: MainWindow, catalogue: Catalogue
) -> None:
    offers = _offers(window)
    session = window.session
    assert session is not None
    titles = [offers.model.index(r, offers.model.column_named("title")).data() for r in range(6)]
    entry_id = offers.model.id_at(titles.index("Prêt d'honneur innovation"))
    session.undo.update("offers", entry_id, {"title": LONG})
    session.undo.update("offers", entry_id, {"email": "jp@tcg.fr"})
    undo = window.action_map["undo"]
    short = short_title(LONG)
    assert undo.text() == f"&Annuler : modifier « E-mail » d'« {short} »"
    assert undo.toolTip() == f"Annuler : modifier « E-mail » d'« {LONG} »"
    undo.trigger()
    assert catalogue.get("offers", entry_id)["email"] is None
    assert window.action_map["redo"].toolTip() == f"Rétablir : modifier « E-mail » d'« {LONG} »"
    assert undo.text() == "&Annuler : modifier « Offre » de « Prêt d'honneur innovation »"
    # The toolbar's buttons stay short (with both described, the last ones
    # were pushed out of sight); their tooltip says it all.
    for action, said in ((undo, "Annuler"), (window.action_map["redo"], "Rétablir")):
        button = window.toolbar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        assert button.text() == said
    assert window.toolbar.widgetForAction(window.action_map["mark_reviewed"]).isVisible()
