"""Settings that travel with the catalogue file (stale thresholds, how many backups to keep).

Declared once as a typed dataclass with DESIGN.md's defaults; stored as JSON values in the `settings`
table, so a catalogue copied to a colleague keeps its rules. Unknown keys are ignored, missing keys take
their default (an older file gains new settings without a migration).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Settings:
    offer_stale_days: int = 365
    engaged_stale_days: int = 180
    undefined_stale_days: int = 365  # actions still `to_define` / `to_specify`
    horizon_short_years: int = 1
    horizon_medium_years: int = 3
    horizon_long_years: int = 5  # long and medium_long
    backups_kept: int = 5

    def horizon_years(self, term: str | None) -> int | None:
        return {
            "short": self.horizon_short_years,
            "medium": self.horizon_medium_years,
            "long": self.horizon_long_years,
            "medium_long": self.horizon_long_years,
        }.get(term or "")

    def with_values(self, **values: Any) -> Settings:
        return replace(self, **values)


def load(conn: sqlite3.Connection) -> Settings:
    stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name in stored:
            try:
                value = json.loads(stored[f.name])
            except ValueError:
                continue
            if isinstance(value, int) and value >= 0:
                values[f.name] = value
    return Settings(**values)


def save(conn: sqlite3.Connection, settings: Settings) -> None:
    """Write every setting (call inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
        [(k, json.dumps(v)) for k, v in asdict(settings).items()],
    )
