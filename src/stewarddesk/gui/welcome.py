"""What the window shows when no catalogue is open: why (if opening failed) and the ways out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from stewarddesk.gui.icons import icon
from stewarddesk.i18n import Msg

TITLE = Msg("gui.welcome.title", "Aucun catalogue ouvert", "No catalogue open")
TEXT = Msg(
    "gui.welcome.text",
    "Ouvrez le catalogue de votre équipe, créez-en un nouveau, ou partez d'une copie du catalogue d'exemple.",
    "Open your team's catalogue, create a new one, or start from a copy of the sample catalogue.",
)
OPEN = Msg("gui.welcome.open", "Ouvrir un catalogue…", "Open a catalogue…")
NEW = Msg("gui.welcome.new", "Nouveau catalogue…", "New catalogue…")
SAMPLE = Msg(
    "gui.welcome.sample", "Ouvrir une copie du catalogue d'exemple", "Open a copy of the sample catalogue"
)


class WelcomePage(QWidget):
    """The start page: a message, and buttons to open, create, or try the sample."""

    open_requested = Signal()
    new_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        logo = QLabel(self)
        logo.setPixmap(icon("stewarddesk").pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(TITLE(), self)
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(TEXT(), self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = QLabel(self)
        self.error.setObjectName("welcomeError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setVisible(False)
        self.buttons: dict[str, QPushButton] = {}
        box = QVBoxLayout()
        box.setSpacing(10)
        box.addWidget(logo)
        box.addWidget(title)
        box.addWidget(text)
        box.addWidget(self.error)
        for key, label, ico, signal in (
            ("open", OPEN(), "open", self.open_requested),
            ("new", NEW(), "new-catalogue", self.new_requested),
            ("sample", SAMPLE(), "offers", self.sample_requested),
        ):
            button = QPushButton(icon(ico), label, self)
            button.setObjectName(f"welcome_{key}")
            button.setMinimumHeight(34)
            button.clicked.connect(signal)
            box.addWidget(button)
            self.buttons[key] = button
        inner = QWidget(self)
        inner.setLayout(box)
        inner.setMaximumWidth(520)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(inner, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
