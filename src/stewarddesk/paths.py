"""Where things live: package data shipped inside the wheel, and the user's own catalogue."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "StewardDesk"


def package_data(*parts: str) -> Traversable:
    """A file of `resources/` or `sample_db/`, inside the installed package (or the checkout).

    Hatch's force-include copies both folders into the wheel as `stewarddesk/resources` and
    `stewarddesk/sample_db`; in an editable install or a checkout they sit at the repository's top.
    """
    packaged = resources.files("stewarddesk").joinpath(*parts)
    if packaged.is_file() or packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2].joinpath(*parts)
    return checkout


def sample_catalogue() -> Traversable:
    return package_data("sample_db", "catalogue.sqlite")


def icon(name: str) -> Traversable:
    return package_data("resources", "icons", f"{name}.svg")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_catalogue() -> Path:
    """The user's catalogue: in the platform's data folder (~/.local/share/StewardDesk on Linux)."""
    return user_data_dir() / "catalogue.sqlite"
