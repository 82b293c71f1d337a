"""The window's icons: simple SVGs under `resources/icons/`, loaded once."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from stewarddesk import paths


@cache
def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg` (an empty icon if the file is missing, never an error)."""
    path = paths.icon(name)
    return QIcon(str(path)) if path.is_file() else QIcon()
