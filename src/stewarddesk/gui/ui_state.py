"""Per-user UI state: language, recent catalogues, window and column layout.

It lives in `QSettings` and only here (STYLE.md: what travels with the catalogue is in the catalogue's own
settings table; what belongs to this person on this machine is here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QSettings

from stewarddesk.i18n import LANGUAGES, Lang

MAX_RECENT: Final = 8


class UiState:
    """Typed access to the user's QSettings (pass a `QSettings` on a temporary file in tests)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "StewardDesk", "StewardDesk"
        )

    # ------------------------------------------------------------------ language
    def language(self) -> Lang | None:
        """The language chosen in the settings dialog; None means "follow the system"."""
        value = str(self.settings.value("language", "") or "")
        return ("fr" if value == "fr" else "en") if value in LANGUAGES else None

    def set_language(self, lang: Lang | None) -> None:
        self.settings.setValue("language", lang or "")

    # ------------------------------------------------------------------ catalogues
    def recent_catalogues(self) -> list[Path]:
        raw = self.settings.value("recent", [])
        items: list[object] = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
        return [Path(str(p)) for p in items if str(p)]

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        items = [path, *(p for p in self.recent_catalogues() if p != path)][:MAX_RECENT]
        self.settings.setValue("recent", [str(p) for p in items])

    def remove_recent(self, path: Path) -> None:
        items = [p for p in self.recent_catalogues() if p != path.resolve() and p != path]
        self.settings.setValue("recent", [str(p) for p in items])

    def clear_recent(self) -> None:
        self.settings.setValue("recent", [])

    def last_catalogue(self) -> Path | None:
        recent = self.recent_catalogues()
        return recent[0] if recent else None

    # ------------------------------------------------------------------ export
    def export_folder(self) -> Path | None:
        """The folder of the last export (the export dialog suggests it again)."""
        value = str(self.settings.value("export/folder", "") or "")
        return Path(value) if value else None

    def set_export_folder(self, folder: Path) -> None:
        self.settings.setValue("export/folder", str(folder))

    # ------------------------------------------------------------------ layout
    def blob(self, key: str) -> QByteArray | None:
        value = self.settings.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self.settings.setValue(f"layout/{key}", value)

    def sync(self) -> None:
        self.settings.sync()
