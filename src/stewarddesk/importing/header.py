"""Step two of an import: find the header row, map its columns to fields, and tell the kind of entries.

Partners put title banners above their header (rows 1–10, often merged across the width), write headers
on two lines in the cell, in French or English, with their own wordings. The header is the row, among the
first ones, whose cells name the most fields (`synonyms.SYNONYMS`); cells that are copies of a merged area
(a banner spread over the width) do not count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from stewarddesk.errors import KnownError
from stewarddesk.fields import KINDS, EntryKind
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import clean_text
from stewarddesk.importing.readers.base import RawRow
from stewarddesk.importing.synonyms import HEADER_INDEX, header_key

_NO_HEADER = Msg(
    "importing.header.none",
    "aucune ligne d'en-tête reconnue dans les {rows} premières lignes{where} : il faut des intitulés de "
    "colonnes comme {examples}",
    "no recognisable header row in the first {rows} rows{where}: column headers such as {examples} are "
    "needed",
)
_WHERE = Msg("importing.header.where", " de la feuille « {sheet} »", " of sheet “{sheet}”")
_EXAMPLES = Msg(
    "importing.header.examples",
    "« Offre », « Structure », « Besoin » (offres) ou « Action », « Porteurs », « Statut » (actions)",
    "“Offre”, “Structure”, “Besoin” (offers) or “Action”, “Porteurs”, “Statut” (actions)",
)
_UNKNOWN_KIND = Msg(
    "importing.header.unknown_kind",
    "impossible de savoir si la feuille décrit des offres ou des actions d'après ses colonnes : précisez "
    "--kind offers ou --kind actions",
    "cannot tell offers from actions by the sheet's columns: use --kind offers or --kind actions",
)

SLACK: Final = 5  # rows looked at beyond `max_scan`: blank rows are skipped, so banners may push it down
MIN_SCORE: Final = 2  # a single recognised word is a title banner or a note, not a header


class HeaderError(KnownError):
    """No usable header: `NoHeader` or `UnknownKind`."""


class NoHeader(HeaderError):
    """No row among the first ones names at least two fields."""


class UnknownKind(HeaderError):
    """The kind was not given and the header fits offers and actions equally."""


@dataclass
class HeaderMatch:
    """The header row found, and what its columns mean.

    `row`: the sheet row number of the header (data rows follow it). `index`: its position in the `rows`
    sequence given to `find_header` (so `rows[index + 1:]` are the first data rows). `columns`: 0-based
    column index → field name (a field of `fields.py`, or the pseudo-fields `id` and `alerts`); one column
    per field, the leftmost. `unknown`: (column, header text) of header cells naming no field.
    `duplicates`: (column, header text, field) of further columns naming a field already taken. `headers`:
    every non-empty header cell's text by column (a partner profile's header signature). `kind`: the kind
    the columns were mapped for. `score`: how many distinct fields the header names. `specific`: how many
    of its columns only one kind recognises (how sure the kind is).
    """

    row: int
    index: int
    columns: dict[int, str]
    unknown: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str, str]] = field(default_factory=list)
    headers: dict[int, str] = field(default_factory=dict)
    kind: EntryKind | None = None
    score: int = 0
    specific: int = 0

    @property
    def has_title(self) -> bool:
        return "title" in self.columns.values()

    def column_of(self, name: str) -> int | None:
        """The column mapped to field `name`, or None."""
        for col, f in self.columns.items():
            if f == name:
                return col
        return None


def _match(row: RawRow, index: int, kind: EntryKind, extra: Mapping[str, str]) -> HeaderMatch:
    table = HEADER_INDEX[kind]
    other = HEADER_INDEX["actions" if kind == "offers" else "offers"]
    match = HeaderMatch(row=row.number, index=index, columns={}, kind=kind)
    taken: set[str] = set()
    for col, value in enumerate(row.values):
        if col in row.merged:
            continue
        text = clean_text(value)
        if text is None:
            continue
        match.headers[col] = text
        key = header_key(text)
        name = extra.get(key) or table.get(key)
        if name is None:
            match.unknown.append((col, text))
        elif name in taken:
            match.duplicates.append((col, text, name))
        else:
            taken.add(name)
            match.columns[col] = name
            if key not in other and key not in extra:
                match.specific += 1
    match.score = len(taken)
    return match


def _rank(m: HeaderMatch) -> tuple[int, int, int]:
    # A header naming the title beats one that does not; then more fields; then the earlier row.
    return (int(m.has_title), m.score, -m.index)


def find_header(
    rows: Sequence[RawRow],
    kind: EntryKind | None,
    max_scan: int = 10,
    *,
    extra: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> HeaderMatch:
    """Find the header among the first `max_scan + SLACK` rows given (blank rows already skipped).

    `kind` None: the kind is told from the columns (the one more columns are specific to); `UnknownKind`
    when they fit both kinds equally. `extra`: header text → field name mappings to use before the
    synonyms (a partner profile's column mapping); texts are compared by `header_key`. `sheet` only names
    the sheet in the error message. Raises `NoHeader` when no row names at least `MIN_SCORE` fields.
    """
    extra_keys = {header_key(text): name for text, name in (extra or {}).items()}
    kinds: tuple[EntryKind, ...] = (kind,) if kind is not None else KINDS
    window = rows[: max_scan + SLACK]
    best: HeaderMatch | None = None
    by_row: dict[int, dict[EntryKind, HeaderMatch]] = {}
    for i, row in enumerate(window):
        for k in kinds:
            m = _match(row, i, k, extra_keys)
            by_row.setdefault(i, {})[k] = m
            if m.score >= MIN_SCORE and (best is None or _rank(m) > _rank(best)):
                best = m
    if best is None:
        where = _WHERE(sheet=sheet) if sheet else ""
        raise NoHeader(_NO_HEADER(rows=max_scan + SLACK, where=where, examples=_EXAMPLES()))
    if kind is not None:
        return best
    offers, actions = by_row[best.index]["offers"], by_row[best.index]["actions"]
    if offers.specific > actions.specific:
        return offers
    if actions.specific > offers.specific:
        return actions
    raise UnknownKind(_UNKNOWN_KIND())


def guess_kind(rows: Sequence[RawRow], max_scan: int = 10) -> EntryKind:
    """The kind the header of `rows` describes (`find_header(rows, None).kind`)."""
    found = find_header(rows, None, max_scan).kind
    assert found is not None
    return found
