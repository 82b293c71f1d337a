"""The catalogue: one SQLite file of structures, offers and actions, with its journal, flags and settings."""

from stewarddesk.catalogue.catalogue import Catalogue, Entry
from stewarddesk.catalogue.flags import Flag, FlagKind, flags_for
from stewarddesk.catalogue.journal import Changes, JournalEntry
from stewarddesk.catalogue.query import Query
from stewarddesk.catalogue.settings import Settings
from stewarddesk.catalogue.values import InvalidValue

__all__ = [
    "Catalogue",
    "Changes",
    "Entry",
    "Flag",
    "FlagKind",
    "InvalidValue",
    "JournalEntry",
    "Query",
    "Settings",
    "flags_for",
]
