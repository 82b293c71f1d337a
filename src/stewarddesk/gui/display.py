"""How field values look in the window: column headers, labels for codes, dates the French way.

The values themselves stay the catalogue's (codes, ISO dates, lists); this module only turns them into
text for the eye and reads back what people type in a date field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from stewarddesk import vocab
from stewarddesk.fields import FIELDS, Field, Kind
from stewarddesk.i18n import Msg, current_language

FLAGS_COLUMN: Final = "flags"

_HEADERS_EN: Final[dict[tuple[Kind, str], str]] = {
    ("offers", "title"): "Offer",
    ("offers", "structure"): "Structure",
    ("offers", "need"): "Need",
    ("offers", "stages"): "Stages",
    ("offers", "sectors"): "Sectors",
    ("offers", "site"): "Site",
    ("offers", "description"): "Description",
    ("offers", "email"): "Email",
    ("offers", "phone"): "Phone",
    ("offers", "url"): "Website",
    ("offers", "status"): "Status",
    ("offers", "partner_ref"): "Partner ref.",
    ("offers", "reviewed"): "Reviewed on",
    ("actions", "code"): "Code",
    ("actions", "orientation"): "Orientation",
    ("actions", "axis"): "Axis",
    ("actions", "title"): "Action",
    ("actions", "description"): "Description",
    ("actions", "carrier_type"): "Carrier type",
    ("actions", "carriers"): "Carriers",
    ("actions", "term"): "Term",
    ("actions", "status"): "Status",
    ("actions", "indicators"): "Indicators",
    ("actions", "adopted"): "Adopted on",
    ("actions", "reviewed"): "Reviewed on",
    ("structures", "name"): "Name",
    ("structures", "kind"): "Kind",
    ("structures", "site"): "Site",
    ("structures", "website"): "Website",
    ("structures", "contact"): "Contact",
}
# French headers are DESIGN.md's export headers (the same name in the grid, the form and the workbooks),
# except the French spelling of « E-mail ».
_HEADERS_FR: Final[dict[tuple[Kind, str], str]] = {
    ("offers", "email"): "E-mail",
}

HEADERS: Final[dict[tuple[Kind, str], Msg]] = {
    (kind, f.name): Msg(
        f"gui.column.{kind}.{f.name}", _HEADERS_FR.get((kind, f.name), f.export), _HEADERS_EN[(kind, f.name)]
    )
    for kind, fields in FIELDS.items()
    for f in fields
}
FLAGS_HEADER = Msg("gui.column.flags", "Alertes", "Alerts")
REASON_HEADER = Msg("gui.column.reason", "Pourquoi la revoir", "Why review it")
EMPTY_VALUE = Msg("gui.display.empty", "(vide)", "(empty)")
BAD_DATE = Msg(
    "gui.display.bad_date",
    "« {text} » n'est pas une date : écrivez JJ/MM/AAAA (par exemple 21/11/2026).",
    "“{text}” is not a date: type DD/MM/YYYY (for example 21/11/2026).",
)


def header(kind: Kind, name: str) -> str:
    if name == FLAGS_COLUMN:
        return FLAGS_HEADER()
    return HEADERS[(kind, name)]()


@dataclass(frozen=True)
class Column:
    """One column of a grid: a field of the entry, or the computed alerts."""

    name: str
    field: Field | None
    width: int
    visible: bool = True
    title: Msg | None = None  # a header other than the field's own

    def header(self, kind: Kind) -> str:
        return self.title() if self.title is not None else header(kind, self.name)

    @property
    def sortable(self) -> bool:
        return self.field is not None

    @property
    def editable(self) -> bool:
        return self.field is not None


def _col(kind: Kind, name: str, width: int, visible: bool = True) -> Column:
    f = next(f for f in FIELDS[kind] if f.name == name)
    return Column(name, f, width, visible)


COLUMNS: Final[dict[Kind, tuple[Column, ...]]] = {
    "offers": (
        Column(FLAGS_COLUMN, None, 120),
        _col("offers", "title", 290),
        _col("offers", "structure", 175),
        _col("offers", "reviewed", 100),
        _col("offers", "need", 165),
        _col("offers", "stages", 150),
        _col("offers", "sectors", 140),
        _col("offers", "site", 170),
        _col("offers", "status", 90),
        _col("offers", "email", 170, visible=False),
        _col("offers", "phone", 120, visible=False),
        _col("offers", "url", 170, visible=False),
        _col("offers", "partner_ref", 110, visible=False),
        _col("offers", "description", 300, visible=False),
    ),
    "actions": (
        Column(FLAGS_COLUMN, None, 185),
        _col("actions", "code", 70),
        _col("actions", "title", 320),
        _col("actions", "status", 105),
        _col("actions", "term", 130),
        _col("actions", "carrier_type", 170),
        _col("actions", "carriers", 220),
        _col("actions", "adopted", 95),
        _col("actions", "reviewed", 100),
        _col("actions", "orientation", 260, visible=False),
        _col("actions", "axis", 220, visible=False),
        _col("actions", "description", 300, visible=False),
        _col("actions", "indicators", 220, visible=False),
    ),
    "structures": (
        _col("structures", "name", 280),
        _col("structures", "kind", 180),
        _col("structures", "site", 200),
        _col("structures", "website", 220),
        _col("structures", "contact", 220),
    ),
}


# The review queue leads with the reason (« Non revue depuis 14 mois »), then what identifies the entry.
QUEUE_COLUMNS: Final[dict[Kind, tuple[Column, ...]]] = {
    "offers": (
        Column(FLAGS_COLUMN, None, 330, title=REASON_HEADER),
        _col("offers", "title", 300),
        _col("offers", "structure", 180),
        _col("offers", "reviewed", 100),
        _col("offers", "need", 165),
        _col("offers", "status", 90),
        _col("offers", "email", 170, visible=False),
        _col("offers", "phone", 120, visible=False),
        _col("offers", "url", 170, visible=False),
        _col("offers", "site", 170, visible=False),
    ),
    "actions": (
        Column(FLAGS_COLUMN, None, 360, title=REASON_HEADER),
        _col("actions", "code", 70),
        _col("actions", "title", 300),
        _col("actions", "status", 105),
        _col("actions", "reviewed", 100),
        _col("actions", "term", 130),
        _col("actions", "adopted", 95),
        _col("actions", "carriers", 220),
        _col("actions", "carrier_type", 170, visible=False),
    ),
}


def format_date(value: str | None) -> str:
    """ISO `YYYY-MM-DD` as the user reads it: 21/11/2026 in French, 2026-11-21 in English."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%d/%m/%Y") if current_language() == "fr" else day.isoformat()


_DATE_DMY: Final = re.compile(r"^\s*(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})\s*$")
_DATE_ISO: Final = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """What a person typed in a date field: day first (21/11/2026, 21.11.26) or ISO; empty is None.

    Raises ValueError with a message to show when the text is not a date.
    """
    if not text.strip():
        return None
    iso = _DATE_ISO.match(text)
    dmy = _DATE_DMY.match(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            year = int(dmy[3])
            return dt.date(year + 2000 if year < 100 else year, int(dmy[2]), int(dmy[1]))
    except ValueError:
        pass
    raise ValueError(BAD_DATE(text=text.strip()))


def format_value(f: Field, value: Any) -> str:
    """The text of a cell: labels for codes, dates the user's way, lists joined by « ; »."""
    if value is None or value == "" or value == []:
        return ""
    if f.type == "date":
        return format_date(str(value))
    if f.type == "code" and f.vocab:
        return vocab.label_or_code(f.vocab, str(value))
    if f.type == "codes" and f.vocab:
        return "; ".join(vocab.label_or_code(f.vocab, str(v)) for v in _as_list(value))
    if f.type in ("list", "structures"):
        return "; ".join(str(v) for v in _as_list(value))
    text = str(value)
    if f.type == "longtext":
        text = " ".join(text.split())
    return text


def _as_list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else [value]


def entry_title(kind: Kind, entry: dict[str, Any] | None) -> str:
    if not entry:
        return ""
    return str(entry.get("name" if kind == "structures" else "title") or "")
