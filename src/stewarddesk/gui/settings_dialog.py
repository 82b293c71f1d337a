"""Settings: the alert thresholds (stored in the catalogue, so they travel with the file) and the language
(this person's choice on this machine, in QSettings). A new language applies at once: the window is
rebuilt in it, keeping the open catalogue and the undo history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stewarddesk.catalogue import Settings
from stewarddesk.i18n import Lang, Msg

TITLE = Msg("gui.settings.title", "Paramètres", "Settings")
ALERTS = Msg(
    "gui.settings.alerts",
    "Alertes — enregistrées dans le catalogue, partagées avec qui l'ouvre",
    "Alerts — saved in the catalogue, shared with whoever opens it",
)
OFFER_STALE = Msg(
    "gui.settings.offer_stale",
    "Offre à revoir si non revue depuis plus de",
    "Offer stale when not reviewed for more than",
)
ENGAGED_STALE = Msg(
    "gui.settings.engaged_stale",
    "Action « Engagée » à revoir si non revue depuis plus de",
    "“In progress” action stale when not reviewed for more than",
)
UNDEFINED_STALE = Msg(
    "gui.settings.undefined_stale",
    "Action « À définir » ou « À préciser » à revoir après",
    "“To be defined” or “to be specified” action stale after",
)
HORIZON_SHORT = Msg(
    "gui.settings.horizon_short", "Échéance d'une action à court terme", "Horizon of a short-term action"
)
HORIZON_MEDIUM = Msg(
    "gui.settings.horizon_medium", "Échéance d'une action à moyen terme", "Horizon of a medium-term action"
)
HORIZON_LONG = Msg(
    "gui.settings.horizon_long",
    "Échéance d'une action à long ou moyen/long terme",
    "Horizon of a long or medium/long-term action",
)
BACKUPS = Msg(
    "gui.settings.backups", "Sauvegardes conservées avant chaque import", "Backups kept before each import"
)
DAYS = Msg("gui.settings.days", " jours", " days")
DAY = Msg("gui.settings.day", " jour", " day")
YEARS = Msg("gui.settings.years", " ans", " years")
YEAR = Msg("gui.settings.year", " an", " year")
INTERFACE = Msg(
    "gui.settings.interface", "Interface — pour vous, sur ce poste", "Interface — for you, on this computer"
)
LANGUAGE = Msg("gui.settings.language", "Langue", "Language")
LANGUAGE_SYSTEM = Msg("gui.settings.language_system", "Celle du système", "The system's")
LANGUAGE_NOTE = Msg(
    "gui.settings.language_note",
    "La nouvelle langue s'applique tout de suite ; le catalogue et l'historique d'annulation restent ouverts.",
    "The new language applies at once; the catalogue and the undo history stay open.",
)


class SettingsDialog(QDialog):
    """Edit the catalogue's thresholds and the interface language."""

    def __init__(self, settings: Settings, language: Lang | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(TITLE())
        self._settings = settings
        self.spins: dict[str, QSpinBox] = {}

        alerts = QGroupBox(ALERTS(), self)
        form = QFormLayout(alerts)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for name, label, unit, top in (
            ("offer_stale_days", OFFER_STALE(), (DAY, DAYS), 3650),
            ("engaged_stale_days", ENGAGED_STALE(), (DAY, DAYS), 3650),
            ("undefined_stale_days", UNDEFINED_STALE(), (DAY, DAYS), 3650),
            ("horizon_short_years", HORIZON_SHORT(), (YEAR, YEARS), 30),
            ("horizon_medium_years", HORIZON_MEDIUM(), (YEAR, YEARS), 30),
            ("horizon_long_years", HORIZON_LONG(), (YEAR, YEARS), 30),
            ("backups_kept", BACKUPS(), None, 100),
        ):
            spin = QSpinBox(alerts)
            spin.setObjectName(name)
            spin.setRange(1, top)
            if unit is not None:
                # « 1 an », « 3 ans »: the unit agrees with the number.
                one, many = unit
                spin.valueChanged.connect(
                    lambda v, s=spin, o=one, m=many: s.setSuffix(o() if v == 1 else m())
                )
            spin.setValue(int(getattr(settings, name)))
            spin.valueChanged.emit(spin.value())
            spin.setMinimumWidth(110)
            form.addRow(label, spin)
            self.spins[name] = spin

        interface = QGroupBox(INTERFACE(), self)
        iform = QFormLayout(interface)
        self.language = QComboBox(interface)
        self.language.setObjectName("language")
        self.language.addItem(LANGUAGE_SYSTEM(), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(language or ""))
        iform.addRow(LANGUAGE(), self.language)
        note = QLabel(LANGUAGE_NOTE(), interface)
        note.setWordWrap(True)
        note.setObjectName("settingsNote")
        iform.addRow(note)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(alerts)
        layout.addWidget(interface)
        layout.addWidget(self.buttons)

    def settings(self) -> Settings:
        return self._settings.with_values(**{name: spin.value() for name, spin in self.spins.items()})

    def chosen_language(self) -> Lang | None:
        value = self.language.currentData()
        return "fr" if value == "fr" else "en" if value == "en" else None
