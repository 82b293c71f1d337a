"""Field values as the import's messages show them: what the user reads in the window, not what the
catalogue stores. Labels for codes (« Suspendue », not « suspended »), several values joined by « ; »,
dates as the grid shows them (21/11/2026 in French, ISO in English) or spelled out where the point is
to tell day from month (« 12 juillet 2024 »), counts with their thousands grouped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from stewarddesk import vocab
from stewarddesk.fields import Field
from stewarddesk.i18n import Msg, Plural, current_language

EMPTY = Msg("import.shown.empty", "(vide)", "(empty)")

_MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def shown_date(value: Any) -> str:
    """An ISO date as the grid shows it: 21/11/2026 in French, 2026-11-21 in English (anything that is
    not an ISO date as it is)."""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%d/%m/%Y") if current_language() == "fr" else day.isoformat()


def spelled_date(day: dt.date) -> str:
    """« 12 juillet 2024 », « 1er mai 2024 » / "12 July 2024": no way to take the day for the month."""
    lang = current_language()
    month = _MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


AT_TIME = Msg("import.shown.at_time", "{date} à {hour}\u00a0h\u00a0{minute}", "{date} at {hour}:{minute}")


def spelled_moment(stamp: str) -> str:
    """A stored timestamp (ISO, with its offset) in local time, in words: « 3 décembre 2026 à 13 h 17 » /
    "3 December 2026 at 13:17" (the text as it is when it is not a timestamp)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # stored as written (UTC on some machines): the user reads local time
    return AT_TIME(date=spelled_date(moment.date()), hour=moment.hour, minute=f"{moment.minute:02d}")


def shown_value(f: Field | None, value: Any) -> str:
    """A field's value (the catalogue's form) as the user reads it; « (vide) » for nothing."""
    if value is None or value == "" or value == []:
        return EMPTY()
    items = value if isinstance(value, list | tuple) else [value]
    if f is not None and f.vocab:
        items = [vocab.label_or_code(f.vocab, str(v)) for v in items]
    elif f is not None and f.type == "date":
        items = [shown_date(v) for v in items]
    return "; ".join(str(v) for v in items)  # as the grid and the exports join them


def count_text(count: int) -> str:
    """40 000 (narrow no-break space) in French, 40,000 in English."""
    text = f"{count:,}"
    return text.replace(",", "\u202f") if current_language() == "fr" else text


def counted(words: Plural, count: int, /, **params: object) -> str:
    """`words` agreeing with `count`, the count shown with its thousands grouped."""
    return words(count, **({"count": count_text(count)} | params))


# An import's outcome, row by row (the rows are « lignes » / « entrées »: feminine in French).
INSERTED = Plural("import.count.inserted", ("{count} insérée", "{count} insérées"), ("{count} inserted",) * 2)
UPDATED = Plural(
    "import.count.updated", ("{count} mise à jour", "{count} mises à jour"), ("{count} updated",) * 2
)
UNCHANGED = Plural(
    "import.count.unchanged", ("{count} inchangée", "{count} inchangées"), ("{count} unchanged",) * 2
)
REJECTED = Plural("import.count.rejected", ("{count} rejetée", "{count} rejetées"), ("{count} rejected",) * 2)
