"""The values a review workbook was sent with, read back from its hidden `_export` sheet.

Convention agreed with `exporting/`: a hidden sheet named `_export`; row 1 holds field names (fields.py
names) including `id`; each further row holds one entry's values as exported: codes (not labels), ISO
dates, several values joined by « ; ». With it, a field the partner changed AND that changed in the
catalogue since the export is a conflict, reported and not overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from stewarddesk import vocab
from stewarddesk.fields import FIELDS, EntryKind
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import clean_text
from stewarddesk.importing.dates import parse_date
from stewarddesk.importing.match import parse_id
from stewarddesk.importing.normalise import split_values
from stewarddesk.importing.readers.base import RawRow

BASELINE_SHEET: Final = "_export"

BASELINE_IGNORED = Msg(
    "import.baseline.ignored",
    "la feuille cachée « _export » ne correspond pas à des {kind} : conflits non vérifiés",
    "the hidden sheet “_export” does not describe {kind}: conflicts not checked",
)

Baseline = dict[int, dict[str, Any]]


def read_baseline(rows: Iterable[RawRow], kind: EntryKind) -> Baseline | None:
    """entry id -> {field: value as exported, in the catalogue's forms}; None when the sheet does not
    follow the convention for `kind` (no `id` column, or no field of `kind` at all)."""
    it = iter(rows)
    first = next(it, None)
    if first is None:
        return None
    names = [clean_text(v) or "" for v in first.values]
    fields = {f.name: f for f in FIELDS[kind]}
    if "id" not in names or not any(n in fields for n in names):
        return None
    id_col = names.index("id")
    out: Baseline = {}
    for row in it:
        entry_id = parse_id(row.get(id_col))
        if entry_id is None:
            continue
        values: dict[str, Any] = {}
        for col, name in enumerate(names):
            f = fields.get(name)
            if f is None:
                continue
            raw = row.get(col)
            text = clean_text(raw)
            if f.type == "date":
                result = parse_date(raw)
                values[name] = result.date.isoformat() if result.date else None
            elif text is None:
                values[name] = [] if f.type in ("codes", "list", "structures") else None
            elif f.type == "code":
                assert f.vocab is not None
                values[name] = _code(f.vocab, text)
            elif f.type == "codes":
                values[name] = [c for c in (_code(f.vocab or "", t) for t in split_values(text)) if c]
            elif f.type in ("list", "structures"):
                values[name] = split_values(text)
            elif f.type == "longtext":
                values[name] = text
            else:
                values[name] = " ".join(text.split())
        out[entry_id] = values
    return out


def _code(vocab_key: str, text: str) -> str | None:
    try:
        return vocab.normalise(vocab_key, text)
    except (vocab.UnknownValue, KeyError):
        return text  # kept as exported: it then simply differs from whatever the sheet holds
