"""The mapping page's example values: each column's first values below the header, as the import reads
them. The lines the import skips (section and footer lines, group headings: `normalise_row`'s own rule)
give none, and dates show as the day the import stores (a serial number 45485 is 12/07/2024)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from stewarddesk.fields import FIELDS, EntryKind
from stewarddesk.gui.display import format_date
from stewarddesk.importing.cells import clean_text
from stewarddesk.importing.dates import read_date_column
from stewarddesk.importing.normalise import Context, normalise_row
from stewarddesk.importing.read import RawRow


def data_rows(
    rows: Sequence[RawRow], kind: EntryKind, mapping: Mapping[int, str], headers: Mapping[int, str], *,
    is_csv: bool,
) -> list[RawRow]:  # fmt: skip
    """The rows of `rows` the import would take as data with this mapping (which column is the title
    decides what a section line is)."""
    ctx = Context(kind, {c: name for c, name in mapping.items() if name}, headers, is_csv=is_csv)
    return [r for r in rows if not r.is_blank() and not normalise_row(r, ctx).skip]


def column_samples(rows: Sequence[RawRow], col: int, *, is_date: bool, limit: int) -> list[str]:
    """The first `limit` different values of column `col`. In a column feeding a date field, each as the
    import reads it (the column settles day or month first, as `read_date_column` does); a cell the
    sheet formats as a date is shown as one wherever it is."""
    values = [r.get(col) for r in rows]
    dates = read_date_column(values) if is_date else None
    out: list[str] = []
    for i, value in enumerate(values):
        day = dates[i].date if dates is not None else None
        if day is None and isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
        text = format_date(day.isoformat()) if day is not None else clean_text(value)
        if text and text not in out:
            out.append(text)
            if len(out) == limit:
                break
    return out


def is_date_field(kind: EntryKind, name: str) -> bool:
    return any(f.name == name and f.type == "date" for f in FIELDS[kind])
