"""Which entries an export holds: the shared `Query`, a partner's entries, and the filter said in words.

The window, the CLI and the exports select entries with the same `catalogue.Query` value, so "export what I
see" exports exactly what the window shows. A partner (a structure of the catalogue) reviews its own offers,
or the actions it carries.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Final

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.catalogue.flags import FLAG_KINDS, FLAG_LABELS
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind
from stewarddesk.i18n import Msg

UNKNOWN_PARTNER = Msg(
    "exporting.unknown_partner",
    "Structure « {name} » introuvable dans le catalogue. Noms proches : {close}",
    "No structure called “{name}” in the catalogue. Close names: {close}",
)
UNKNOWN_PARTNER_NONE = Msg(
    "exporting.unknown_partner_none",
    "Structure « {name} » introuvable dans le catalogue (aucun nom proche).",
    "No structure called “{name}” in the catalogue (no close name).",
)
_QUOTED = Msg("exporting.quoted_name", "« {name} »", "“{name}”")
_ALL = Msg("exporting.filter.all", "toutes les entrées", "all entries")
_ARCHIVED_TOO = Msg("exporting.filter.archived_too", "archives comprises", "archived included")
_ONLY_ARCHIVED = Msg("exporting.filter.only_archived", "archives seulement", "archived only")
_SEARCH = Msg("exporting.filter.search", "recherche « {text} »", "search “{text}”")
_FLAGS = Msg("exporting.filter.flags", "Alertes : {flags}", "Flags: {flags}")
_EMPTY = Msg("exporting.filter.empty", "(vide)", "(empty)")
_PARTNER_OFFERS = Msg("exporting.filter.partner_offers", "offres de {name}", "offers of {name}")
_PARTNER_ACTIONS = Msg(
    "exporting.filter.partner_actions", "actions portées par {name}", "actions carried by {name}"
)

_CLOSE_MAX: Final = 5
# The field a partner is found by: an offer's provider structure, an action's carriers.
_PARTNER_FIELD: Final[dict[EntryKind, str]] = {"offers": "structure", "actions": "carriers"}


def resolve_partner(cat: Catalogue, name: str) -> str:
    """The catalogue's spelling of the structure `name` names (case, accents and dashes ignored).

    Raises KnownError naming up to five close names when there is no such structure.
    """
    sid = cat.structure_id(name)
    if sid is not None:
        return str(cat.get("structures", sid)["name"])
    names = [str(r[0]) for r in cat.conn.execute("SELECT name FROM structures ORDER BY name_key")]
    raise KnownError(_unknown_partner_message(name, names))


def close_names(name: str, names: list[str]) -> list[str]:
    """Up to five of `names` that look like `name`: containing it, or spelled nearly alike."""
    key = vocab.fold(name)
    by_key = {vocab.fold(n): n for n in names}
    found = [n for k, n in by_key.items() if key and (key in k or k in key)]
    for k in difflib.get_close_matches(key, list(by_key), n=_CLOSE_MAX, cutoff=0.6):
        if by_key[k] not in found:
            found.append(by_key[k])
    return found[:_CLOSE_MAX]


def _unknown_partner_message(name: str, names: list[str]) -> str:
    close = close_names(name, names)
    if not close:
        return UNKNOWN_PARTNER_NONE(name=name)
    return UNKNOWN_PARTNER(name=name, close=", ".join(_QUOTED(name=n) for n in close))


def partner_query(cat: Catalogue, kind: EntryKind, partner: str) -> Query:
    """The entries `partner` reviews: the offers it provides, or the actions it carries (live ones).

    Raises KnownError (with close names) when `partner` is not a structure of the catalogue.
    """
    name = resolve_partner(cat, partner)
    return Query(filters={_PARTNER_FIELD[kind]: (name,)}, sort=default_sort(kind))


def default_sort(kind: EntryKind) -> str:
    """Roadmap actions read in the order of their codes (A.1.1, A.1.2…); offers by title."""
    return "code" if kind == "actions" else "title"


def effective_query(kind: EntryKind, query: Query | None, *, only_flagged: bool, as_of: dt.date) -> Query:
    """The query an export runs: `query` (or all live entries in the default order), restricted to flagged
    entries if asked, with its `as_of` set so the flag filter and the `Alertes` column agree."""
    query = query or Query(sort=default_sort(kind))
    if only_flagged and not query.flags:
        query = query.with_(flags=FLAG_KINDS)
    return query.with_(as_of=as_of)


def _values_text(kind: EntryKind, name: str, values: tuple[str, ...]) -> str:
    known = {f.name: f for f in FIELDS[kind]}
    f = known.get(name)
    shown: list[str] = []
    for value in values:
        if value == "":
            shown.append(_EMPTY.render("fr"))
        elif f is not None and f.vocab is not None:
            shown.append(vocab.label_or_code(f.vocab, value, "fr"))
        else:
            shown.append(value)
    return ", ".join(shown)


def describe_query(kind: EntryKind, query: Query, *, partner: str | None = None) -> str:
    """The filter of `query`, in French words, for a workbook's title line (« Statut = Engagée ; … »)."""
    known = {f.name: f for f in FIELDS[kind]}
    parts: list[str] = []
    if partner:
        msg = _PARTNER_OFFERS if kind == "offers" else _PARTNER_ACTIONS
        parts.append(msg.render("fr", name=partner))
    for name, values in sorted(query.filters.items()):
        if not values or (partner and name == _PARTNER_FIELD[kind] and values == (partner,)):
            continue
        label = known[name].export if name in known else name
        parts.append(f"{label} = {_values_text(kind, name, values)}")
    if query.flags:
        flags = ", ".join(FLAG_LABELS[f].render("fr") for f in query.flags)
        parts.append(_FLAGS.render("fr", flags=flags))
    if query.text.strip():
        parts.append(_SEARCH.render("fr", text=query.text.strip()))
    if query.only_archived:
        parts.append(_ONLY_ARCHIVED.render("fr"))
    elif query.include_archived:
        parts.append(_ARCHIVED_TOO.render("fr"))
    return " ; ".join(parts) if parts else _ALL.render("fr")
