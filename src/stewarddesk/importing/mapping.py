"""Step three of an import: which column feeds which field, from the header, a partner profile, or the
wizard's explicit choice, with the warnings the user should read (drift, unknown, hidden, duplicate
columns).

Precedence: an explicit `mapping` (the wizard's final word) over a partner profile's column mapping over
the synonym table (`synonyms.py`, through `header.find_header`). A profile named but not saved yet is
created from this mapping when the import is applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind
from stewarddesk.i18n import Msg, quoted
from stewarddesk.importing.cells import clean_text
from stewarddesk.importing.header import HeaderError, HeaderMatch, NoHeader, find_header
from stewarddesk.importing.kind_check import check_kind
from stewarddesk.importing.model import kind_name
from stewarddesk.importing.profiles import Drift, Profile, compute_drift, find_profile_for, load_profile
from stewarddesk.importing.readers.base import RawRow
from stewarddesk.importing.synonyms import ALERTS_FIELD, ID_FIELD, field_for_header

NO_TITLE_COLUMN = Msg(
    "import.map.no_title",
    "aucune colonne ne donne le titre (« {label} ») : impossible d'importer cette feuille",
    "no column gives the title (“{label}”): this sheet cannot be imported",
)
UNKNOWN_PRESENT = Msg(
    "import.map.unknown_present",
    " ; colonnes non reconnues : {cols}",
    "; columns not recognised: {cols}",
)
PROFILE_TITLE_MISSING = Msg(
    "import.map.profile_title_missing",
    "le profil « {name} » attend le titre (« {label} ») dans la colonne {expected}, absente de cette "
    "feuille{hint} : rétablissez son nom dans le fichier, ou choisissez la colonne du titre dans l'assistant "
    "d'import de la fenêtre",
    "profile “{name}” expects the title (“{label}”) in column {expected}, which this sheet does not have"
    "{hint}: restore its name in the file, or choose the title column in the window's import wizard",
)
PROFILE_TITLE_RENAMED = Msg(
    "import.map.profile_title_renamed",
    " ; {new}, à sa place, est sans doute cette colonne renommée",
    "; {new}, in its place, is most likely that column renamed",
)
NO_HEADER_ROW = Msg(
    "import.map.no_header_row",
    "la ligne d'en-tête {row} est vide ou hors de la feuille",
    "header row {row} is empty or outside the sheet",
)
KIND_NEEDED = Msg(
    "import.map.kind_needed",
    "précisez le type d'entrées (offres ou actions) pour cette correspondance de colonnes",
    "say which kind of entries (offers or actions) this column mapping is for",
)
BAD_FIELD = Msg(
    "import.map.bad_field",
    "« {field} » n'est pas un champ des {kind}",
    "“{field}” is not a field of {kind}",
)
UNKNOWN_COLUMNS = Msg(
    "import.map.unknown_columns",
    "colonnes non reconnues, ignorées : {cols}",
    "columns not recognised, ignored: {cols}",
)
HIDDEN_COLUMNS = Msg(
    "import.map.hidden_columns",
    "colonnes masquées dans le classeur, lues quand même : {cols}",
    "columns hidden in the workbook, read all the same: {cols}",
)
DUPLICATE_COLUMN = Msg(
    "import.map.duplicate_column",
    "colonne « {col} » ignorée : le champ « {field} » est déjà lu dans la colonne « {first} »",
    "column “{col}” ignored: field “{field}” is already read from column “{first}”",
)
PROFILE_OTHER_KIND = Msg(
    "import.map.profile_other_kind",
    "le profil « {name} » décrit des {profile_kind}, pas des {kind}",
    "profile “{name}” describes {profile_kind}, not {kind}",
)


def _quoted(texts: Sequence[str]) -> str:
    return ", ".join(quoted(t) for t in texts)


@dataclass
class ColumnMapping:
    """The header found and what its columns feed.

    `index`: position of the header in the rows given (data rows follow it). `row`: its sheet row number.
    `columns`: column -> field name (fields.py names, plus `id`); ignored columns are absent. `headers`:
    column -> header text. `profile`: the profile applied (None: none); `profile_name`: the name the plan
    records (a new profile's name too); `save_profile`: create it on apply; `profile_recognised`: the
    profile was recognised from the header, not named (what happens to profiles is information, said by
    the report: `report.profile_lines`, not a warning).
    """

    kind: EntryKind
    row: int
    index: int
    columns: dict[int, str]
    headers: dict[int, str]
    warnings: list[str] = field(default_factory=list)
    profile: Profile | None = None
    profile_name: str | None = None
    save_profile: bool = False
    profile_recognised: bool = False
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)

    def header_list(self) -> list[str]:
        width = max([*self.headers, *self.columns, -1]) + 1
        return [self.headers.get(i, "") for i in range(width)]


def _no_title(kind: EntryKind, profile: Profile | None, drift: Drift, unknown: Sequence[str]) -> str:
    """Why there is no title column, and what to do: when a profile expected one, the column it expected
    and the sheet's likely rename of it (never mapped silently: the user decides)."""
    label = next(f.export for f in FIELDS[kind] if f.name == "title")
    expected = [text for text, name in (profile.columns.items() if profile else ()) if name == "title"]
    if profile is None or not expected:
        hint = UNKNOWN_PRESENT(cols=_quoted(unknown)) if unknown else ""
        return NO_TITLE_COLUMN(label=label) + hint
    keys = {vocab.fold(text) for text in expected}
    renamed = [new for old, new in drift.renamed if vocab.fold(old) in keys]
    # Columns the profile knows (and ignores on purpose) cannot be the renamed title.
    unseen = [text for text in unknown if not profile.field_for(text)[0]]
    if renamed:
        hint = PROFILE_TITLE_RENAMED(new=_quoted(renamed))
    else:
        hint = UNKNOWN_PRESENT(cols=_quoted(unseen)) if unseen else ""
    return PROFILE_TITLE_MISSING(name=profile.name, label=label, expected=_quoted(expected), hint=hint)


def _extra(profile: Profile | None) -> dict[str, str] | None:
    if profile is None:
        return None
    return {text: name for text, name in profile.columns.items() if name}


def _header_at(
    rows: Sequence[RawRow],
    header_row: int,
    kind: EntryKind | None,
    extra: Mapping[str, str] | None,
    explicit: bool,
) -> HeaderMatch:
    for index, row in enumerate(rows):
        if row.number == header_row:
            try:
                found = find_header([row], kind, 0, extra=extra)
                found.index = index
                return found
            except NoHeader:
                if not explicit:
                    raise
            headers = {c: t for c, v in enumerate(row.values) if (t := clean_text(v)) is not None}
            return HeaderMatch(row=row.number, index=index, columns={}, headers=headers, kind=kind)
    raise KnownError(NO_HEADER_ROW(row=header_row))


def resolve_mapping(
    cat: Catalogue,
    rows: Sequence[RawRow],
    *,
    kind: EntryKind | None,
    sheet: str | None = None,
    profile: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[int, str] | None = None,
    value_map: Mapping[str, Mapping[str, str]] | None = None,
    hidden_columns: set[int] | frozenset[int] = frozenset(),
) -> ColumnMapping:
    """Find the header among `rows` and decide each column's field. Raises KnownError (header.NoHeader,
    header.UnknownKind, or one of this module's messages) when the sheet cannot be imported."""
    named = load_profile(cat, profile) if profile else None
    if named is not None and kind is not None and named.kind != kind:
        raise KnownError(
            PROFILE_OTHER_KIND(name=named.name, profile_kind=kind_name(named.kind), kind=kind_name(kind))
        )
    forced = kind if named is None and mapping is None else None  # the user's word alone, unchecked yet
    kind = kind or (named.kind if named else None)
    if header_row is not None:
        found = _header_at(rows, header_row, kind, _extra(named), mapping is not None)
    else:
        try:
            found = find_header(rows, kind, extra=_extra(named), sheet=sheet)
        except NoHeader as no_header:
            if forced is not None:  # no header of that kind: maybe a clear one of the other kind
                try:
                    other = find_header(rows, None, sheet=sheet)
                except HeaderError:
                    raise no_header from None
                check_kind(other.headers.values(), forced)
            raise
    if forced is not None:
        check_kind(found.headers.values(), forced)  # offers read as actions would lose their columns
    kind = kind or found.kind
    if kind is None:
        raise KnownError(KIND_NEEDED())
    headers_by_pos = [found.headers.get(i) for i in range(max([*found.headers, -1]) + 1)]

    def field_of(text: str) -> str | None:
        return field_for_header(kind, text)

    out = ColumnMapping(kind, found.row, found.index, {}, dict(found.headers))
    chosen = named
    drift = Drift()
    if profile and named is None:
        out.profile_name, out.save_profile = profile.strip(), True
    elif named is not None:
        out.profile_name = named.name
        drift = compute_drift(named, headers_by_pos, field_of=field_of)
        if drift:
            out.warnings.append(drift.message(named.name))
    elif mapping is None:
        recognised = find_profile_for(cat, headers_by_pos, kind, field_of=field_of)
        if recognised is not None:
            chosen, drift = recognised.profile, recognised.drift
            out.profile_name, out.profile_recognised = chosen.name, True
            if recognised.drift:
                out.warnings.append(recognised.drift.message(chosen.name))
            found = find_header([rows[found.index]], kind, 0, extra=_extra(chosen))
            found.index = out.index
    out.profile = chosen
    columns = dict(found.columns)
    if chosen is not None:
        for col, text in found.headers.items():
            known, target = chosen.field_for(text)
            if known and target is None:
                columns.pop(col, None)  # the profile says: ignore this column
    if mapping is not None:
        allowed = {f.name for f in FIELDS[kind]} | {ID_FIELD}
        columns = {}
        for col, name in mapping.items():
            if not name:
                continue
            if name not in allowed:
                raise KnownError(BAD_FIELD(field=name, kind=kind_name(kind)))
            columns[int(col)] = name
    columns = {c: n for c, n in columns.items() if n != ALERTS_FIELD}
    # A hidden column that names a field is read: our own exports hide columns (the ID, the orientation
    # the actions are grouped by), and data is data. Unknown hidden columns (a partner's internal notes)
    # fall under « not recognised ». Outside our exports, the user is told.
    hidden = sorted(c for c in columns if c in hidden_columns and columns[c] != ID_FIELD)
    if hidden and ID_FIELD not in columns.values():
        out.warnings.append(HIDDEN_COLUMNS(cols=_quoted([out.headers.get(c, "?") for c in hidden])))
    unknown = [text for col, text in found.unknown if col not in columns]
    if unknown:  # the wizard's explicit mapping too: its file-level warnings are the command line's
        out.warnings.append(UNKNOWN_COLUMNS(cols=_quoted(unknown)))
    for col, text, name in found.duplicates:
        # An explicit mapping says it when it, too, reads the field from another column only.
        if mapping is None or (col not in columns and name in columns.values()):
            first = next((out.headers.get(c, "?") for c, n in columns.items() if n == name), "?")
            out.warnings.append(DUPLICATE_COLUMN(col=text, field=name, first=first))
    if "title" not in columns.values():
        raise KnownError(_no_title(kind, chosen, drift, unknown))
    out.columns = columns
    merged: dict[str, dict[str, str]] = {}
    for source in ((chosen.values if chosen else {}), value_map or {}):
        for vocab_key, pairs in source.items():
            merged.setdefault(vocab_key, {}).update(pairs)
    out.value_map = merged
    return out
