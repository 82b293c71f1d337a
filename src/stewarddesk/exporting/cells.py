"""Turning an entry into the cells of an export row: French labels, real dates, «; » joins, safe text.

Two renderings of the same entry:
- `display_cells` is what people read (DESIGN.md's export contract): vocabulary codes as French labels,
  dates as `datetime.date`, several values joined by «; », the flags' French reasons in `Alertes` (or
  « Archivée » for an archived action, see `ARCHIVED_ACTION`), the id in `ID`. The CSV writer turns the dates into ISO text; the workbook writers write them as real dates.
- `code_cells` is the same entry in code form, for the hidden `_export` sheet of a review workbook: codes
  as codes, dates as ISO text, lists joined by «; ». The import compares a returned workbook against it.

Text never reaches a file as something a spreadsheet would run: `csv_safe` neutralises formula triggers
in CSV (OWASP's rule, reversibly, see its docstring), and the workbook writers only ever write strings as
strings (xlsxwriter itself escapes the control characters XML cannot hold, and cuts text at Excel's limit
of 32,767 characters per cell: identically in a review workbook's table and its `_export` sheet).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeAlias

from stewarddesk import vocab
from stewarddesk.catalogue.flags import Flag
from stewarddesk.fields import FIELDS, KINDS, EntryKind, Field
from stewarddesk.i18n import Msg

Cell: TypeAlias = str | int | dt.date | None
"""One exported cell: text, a date, the entry's id (an int, in `ID`), or nothing."""

JOIN: Final = "; "  # DESIGN.md: several values joined by «; »

# OWASP CSV injection: a field beginning with one of these may be run as a formula by a spreadsheet.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
CSV_ESCAPE: Final = "'"
# A field needs the escape if, once its leading escapes are set aside, it begins with a trigger. Escaping
# « '=… » as well (into « ''=… ») keeps the rule reversible: the import strips exactly one «'».
_NEEDS_ESCAPE: Final = re.compile(r"^'*[=+\-@\t\r]")

# Excel's own limit on the text of one cell; longer text is cut there by every writer.
MAX_CELL_CHARS: Final = 32767


def csv_safe(text: str) -> str:
    """`text` as a CSV field that no spreadsheet will run as a formula.

    Rule (OWASP): a field beginning with «=», «+», «-», «@», a tab or a carriage return gets a leading «'».
    A field that already begins with «'» followed (after any further «'») by one of those gets one more
    «'». Reverse, on import: if a field matches `^'+[=+\\-@\\t\\r]`, remove its first character.
    """
    return CSV_ESCAPE + text if _NEEDS_ESCAPE.match(text) else text


def csv_unescape(text: str) -> str:
    """The reverse of `csv_safe` (the import engine's rule, kept here so the two are tested together)."""
    return text[1:] if text.startswith(CSV_ESCAPE) and _NEEDS_ESCAPE.match(text[1:]) else text


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None and str(v) != ""]


@functools.lru_cache(maxsize=16384)
def _iso_day(text: str) -> dt.date | None:
    # Cached: an export of 100,000 entries holds a few thousand distinct dates.
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        return _iso_day(value)
    return None


Renderer = Callable[[Any], Cell]


def _render_text(value: Any) -> Cell:
    if type(value) is str:
        return value or None
    return None if value is None else (str(value) or None)


def _render_date(value: Any) -> Cell:
    if type(value) is str:  # how the catalogue stores dates: the common case first
        day = _iso_day(value) if len(value) >= 10 else None
        return value if day is None and value else day
    day = _date(value)
    if day is None and value:
        return str(value)  # an unreadable stored date is shown as it is rather than lost
    return day


def _render_list(value: Any) -> Cell:
    items = value if type(value) is list and all(type(v) is str and v for v in value) else _as_list(value)
    return JOIN.join(items) or None


def renderer(f: Field) -> Renderer:
    """The function that renders `f`'s values (built once per field: exports call it a million times)."""
    if f.type == "date":
        return _render_date
    if f.type in ("code", "codes"):
        assert f.vocab is not None
        labels = {code: vocab.label(f.vocab, code, "fr") for code in vocab.codes(f.vocab)}
        if f.type == "code":
            return lambda value: (labels.get(value) or str(value)) if value else None
        return lambda value: JOIN.join(labels.get(c) or c for c in _as_list(value)) or None
    if f.type in ("list", "structures"):
        return _render_list
    return _render_text


_RENDERERS: Final[dict[EntryKind, list[tuple[str, Renderer]]]] = {
    kind: [(f.name, renderer(f)) for f in FIELDS[kind]] for kind in KINDS
}


def display_value(f: Field, value: Any) -> Cell:
    """One field's value as people read it (French labels, a real date, «; » joins); None when empty."""
    return renderer(f)(value)


def code_value(f: Field, value: Any) -> str | None:
    """One field's value in code form: codes, ISO dates, lists joined by «; »; None when empty."""
    if f.type == "date":
        day = _date(value)
        return day.isoformat() if day else (str(value) if value else None)
    if f.type in ("codes", "list", "structures"):
        return JOIN.join(_as_list(value)) or None
    if value is None:
        return None
    return str(value) or None


# An archived action has no flags (it needs no review), and no contract column says it is archived (an
# archived offer's Statut does): its `Alertes` cell says it, so a printed table or a CSV shows it. The
# import ignores `Alertes` (computed), so a re-imported export still changes nothing.
ARCHIVED_ACTION: Final = Msg("exporting.archived_action", "Archivée", "Archived")


def alerts(flags: Sequence[Flag]) -> str | None:
    """The `Alertes` cell: the flags' French reasons joined by «; »."""
    if not flags:
        return None
    if len(flags) == 1:
        return _reason_fr(flags[0]) or None
    return JOIN.join([_reason_fr(flag) for flag in flags]) or None


# Each flag's French reason, by the flag's identity: `flags_for` hands out one shared (immutable) flag
# for all the entries with the same reason, so 100,000 entries render a few thousand reasons. Keyed by
# identity, not by value, because hashing a flag costs as much as rendering it; the entry keeps the flag
# alive, so its id cannot be reused while it is cached. Cleared when full: a cache, never a leak.
_REASONS: dict[int, tuple[Flag, str]] = {}
_REASONS_MAX: Final = 16384


def _reason_fr(flag: Flag) -> str:
    hit = _REASONS.get(id(flag))
    if hit is not None and hit[0] is flag:
        return hit[1]
    text = flag.reason("fr")
    if len(_REASONS) >= _REASONS_MAX:
        _REASONS.clear()
    _REASONS[id(flag)] = (flag, text)
    return text


def display_cells(kind: EntryKind, entry: Mapping[str, Any], flags: Sequence[Flag]) -> list[Cell]:
    """The export row of `entry`, in `fields.export_columns(kind)` order."""
    get = entry.get
    cells: list[Cell] = [render(get(name)) for name, render in _RENDERERS[kind]]
    cells.append(ARCHIVED_ACTION.render("fr") if kind == "actions" and get("archived") else alerts(flags))
    cells.append(int(entry["id"]))
    return cells


def export_sheet_columns(kind: EntryKind) -> list[str]:
    """The header of a review workbook's hidden `_export` sheet: fields.py names, then `id`."""
    return [f.name for f in FIELDS[kind]] + ["id"]


def code_cells(kind: EntryKind, entry: Mapping[str, Any]) -> list[str | None]:
    """The `_export` row of `entry`, in `export_sheet_columns(kind)` order."""
    cells = [code_value(f, entry.get(f.name)) for f in FIELDS[kind]]
    cells.append(str(entry["id"]))
    return cells
