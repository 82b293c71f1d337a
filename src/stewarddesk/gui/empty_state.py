"""What an empty grid says: a short message centred over it (the column headers stay), saying what to do.

An empty catalogue points to the import and to a new entry; filters that hide everything say so, with a
link that clears them; an empty review queue says that everything is up to date. The page chooses the
message (`BrowserPage.empty_message`); this widget only shows it over the grid's viewport.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

from stewarddesk.fields import Kind
from stewarddesk.i18n import Msg

NOTHING_YET = {
    "offers": Msg(
        "gui.empty.offers",
        "Aucune offre pour l'instant. Importez le tableur d'un partenaire (Ctrl+I) ou créez une entrée "
        "(Ctrl+N).",
        "No offers yet. Import a partner's spreadsheet (Ctrl+I) or create an entry (Ctrl+N).",
    ),
    "actions": Msg(
        "gui.empty.actions",
        "Aucune action pour l'instant. Importez le tableur d'un partenaire (Ctrl+I) ou créez une entrée "
        "(Ctrl+N).",
        "No actions yet. Import a partner's spreadsheet (Ctrl+I) or create an entry (Ctrl+N).",
    ),
    "structures": Msg(
        "gui.empty.structures",
        "Aucune structure pour l'instant. Importez le tableur d'un partenaire (Ctrl+I) ou créez une entrée "
        "(Ctrl+N).",
        "No structures yet. Import a partner's spreadsheet (Ctrl+I) or create an entry (Ctrl+N).",
    ),
}
NO_MATCH = Msg(
    "gui.empty.no_match",
    "Aucune entrée ne correspond aux filtres.",
    "No entry matches the filters.",
)
CLEAR_LINK = Msg(
    "gui.empty.clear_link",
    "<a href='{href}'>Effacer les filtres</a> (Ctrl+Maj+L)",
    "<a href='{href}'>Clear the filters</a> (Ctrl+Shift+L)",
)
CLEAR_HREF = "clear-filters"
WIDTH = 440  # at most: a few short lines, centred


def nothing_yet(kind: Kind) -> str:
    return NOTHING_YET[kind]()


def no_match() -> str:
    """The filters hide every entry: say so, with the link that clears them (`CLEAR_HREF`)."""
    return f"{NO_MATCH()}<br>{CLEAR_LINK(href=CLEAR_HREF)}"


class EmptyState(QLabel):
    """A message centred over the viewport of `view`, shown while the view has no rows; `link(href)` when
    a link in it is clicked (or activated from the keyboard)."""

    link = Signal(str)

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.linkActivated.connect(self.link)
        self.hide()
        view.viewport().installEventFilter(self)

    def show_message(self, text: str | None) -> None:
        """Show `text` (rich text; None or "" hides the message)."""
        if not text:
            self.hide()
            return
        if text != self.text():
            self.setText(text)
        self._place()
        self.show()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        area = parent.rect()
        width = max(min(area.width() - 32, WIDTH), 120)
        height = self.heightForWidth(width)
        top = max((area.height() - height) // 2 - 20, 8)  # a little above the middle reads as centred
        self.setGeometry(QRect(area.left() + (area.width() - width) // 2, top, width, height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
