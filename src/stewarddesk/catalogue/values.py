"""Checking and converting field values on their way into the catalogue.

Public values (fields.py names: `structure` as a name, lists as lists, dates as ISO text) become the
table's columns (`structure_id`, JSON lists, the folded sort key). A value a field cannot hold raises
`InvalidValue`: the catalogue never stores a silent bad value.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stewarddesk import vocab
from stewarddesk.catalogue import journal
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, Field, Kind
from stewarddesk.i18n import Msg

if TYPE_CHECKING:
    from stewarddesk.catalogue.catalogue import Catalogue

UNKNOWN_FIELD = Msg("values.unknown_field", "Champ inconnu : {field}", "Unknown field: {field}")
REQUIRED = Msg("values.required", "« {field} » est obligatoire.", "“{field}” is required.")
NAME_TAKEN = Msg(
    "values.name_taken",
    "Une structure s'appelle déjà « {name} » (n° {id}) : choisissez un autre nom, ou fusionnez les deux "
    "structures (Édition › Fusionner les structures…).",
    "A structure is already called “{name}” (#{id}): choose another name, or merge the two structures "
    "(Edit › Merge structures…).",
)
NAME_TAKEN_ARCHIVED = Msg(
    "values.name_taken_archived",
    "Une structure archivée s'appelle déjà « {name} » (n° {id}) : restaurez-la (Affichage › Afficher les "
    "archivées) ou choisissez un autre nom.",
    "An archived structure is already called “{name}” (#{id}): restore it (View › Show archived) or choose "
    "another name.",
)
BAD_DATE = Msg(
    "values.bad_date",
    "« {value} » n'est pas une date valide (AAAA-MM-JJ).",
    "“{value}” is not a valid date (YYYY-MM-DD).",
)
BAD_CODE = Msg(
    "values.bad_code",
    "« {value} » n'est pas une valeur permise pour « {field} ».",
    "“{value}” is not an allowed value for “{field}”.",
)


class InvalidValue(KnownError):
    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.field = field_name


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\u00a0", " ").strip()
    return text or None


def _date(f: Field, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise InvalidValue(BAD_DATE(value=value), f.name) from None


def _code(f: Field, value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    assert f.vocab is not None
    if text not in vocab.codes(f.vocab):
        raise InvalidValue(BAD_CODE(value=text, field=f.export), f.name)
    return text


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return out


def prepare(
    cat: Catalogue, kind: Kind, values: Mapping[str, Any], stamp: journal.Stamp, *, partial: bool
) -> tuple[dict[str, Any], bool]:
    """Table columns for `values`; also creates the structures they name. Returns (row, created any)."""
    known = {f.name: f for f in FIELDS[kind]}
    row: dict[str, Any] = {}
    created = False
    for name, value in values.items():
        f = known.get(name)
        if f is None:
            raise InvalidValue(UNKNOWN_FIELD(field=name), name)
        if f.type in ("text", "longtext"):
            row[name] = _text(value)
            if f.reference and row[name]:
                _add_reference(cat, f.reference, row[name])
        elif f.type == "date":
            row[name] = _date(f, value)
        elif f.type == "code":
            row[name] = _code(f, value)
        elif f.type == "codes":
            codes = _list(value)
            for code in codes:
                _code(f, code)
            row[name] = json.dumps(codes)
        elif f.type == "list":
            items = _list(value)
            if f.reference:
                for item in items:
                    _add_reference(cat, f.reference, item)
            row[name] = json.dumps(items, ensure_ascii=False)
        elif f.type == "structure":
            text = _text(value)
            sid, made = _structure(cat, text, stamp) if text else (None, False)
            row["structure_id"] = sid
            created = created or made
        elif f.type == "structures":
            names = []
            for item in (i for i in _list(value) if vocab.fold(i)):
                sid, made = _structure(cat, item, stamp)
                created = created or made
                # Keep the catalogue's spelling of a known structure.
                names.append(cat.get("structures", sid)["name"] if sid else item)
            row[name] = json.dumps(list(dict.fromkeys(names)), ensure_ascii=False)
    for f in FIELDS[kind]:
        if f.required and (f.name in row or not partial) and not vocab.fold(row.get(f.name) or ""):
            raise InvalidValue(REQUIRED(field=f.export), f.name)
    if kind == "structures" and "name" in row:
        row["name_key"] = vocab.fold(row["name"])
    elif "title" in row:
        row["title_key"] = vocab.fold(row["title"])
    if kind == "offers" and not partial and not row.get("status"):
        row["status"] = "active"
    return row, created


def check_name_free(cat: Catalogue, row: Mapping[str, Any], entry_id: int | None) -> None:
    """Refuse (InvalidValue on `name`) a structure name another structure has, spelling aside (the
    catalogue holds one structure per folded name); `entry_id` is the structure being renamed."""
    key = row.get("name_key")
    if not key:
        return
    found = cat.conn.execute(
        "SELECT id, name, archived FROM structures WHERE name_key=? AND id IS NOT ?", (key, entry_id)
    ).fetchone()
    if found is not None:
        message = NAME_TAKEN_ARCHIVED if found[2] else NAME_TAKEN
        raise InvalidValue(message(name=found[1], id=found[0]), "name")


def _structure(cat: Catalogue, name: str, stamp: journal.Stamp) -> tuple[int | None, bool]:
    """The structure called `name` (created, in the same transaction, if unknown) and whether it was new."""
    known = cat.structure_id(name)
    if known is not None:
        return known, False
    sid = cat.structure_id(name, create=True, source=stamp.source, batch_id=stamp.batch_id)
    return sid, sid is not None


def _add_reference(cat: Catalogue, list_name: str, value: str) -> None:
    cat.conn.execute("INSERT OR IGNORE INTO reference(list, value) VALUES (?, ?)", (list_name, value))
