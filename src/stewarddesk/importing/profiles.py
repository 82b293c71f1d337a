"""Partner profiles: a column mapping and a value mapping saved under a name, in the catalogue itself (so
they travel with the file), and recognised again from the sheet's header.

The signature of a sheet is the list of its header texts, folded (`vocab.fold`), in order. A profile is
recognised when its signature and the sheet's share most of their columns; whatever differs is drift,
reported as a warning (added, removed, renamed columns) so the user knows the partner changed their sheet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, KINDS, EntryKind
from stewarddesk.i18n import Msg, quoted
from stewarddesk.importing.model import kind_name

# A sheet is taken for a profile's when at least this share of the two header sets is common (Jaccard).
RECOGNISE_THRESHOLD = 0.6

BAD_PROFILE_NAME = Msg(
    "import.profile.bad_name", "Nom de profil vide ou trop long.", "Profile name empty or too long."
)
BAD_PROFILE_FIELD = Msg(
    "import.profile.bad_field",
    "Profil « {name} » : « {field} » n'est pas un champ des {kind}.",
    "Profile “{name}”: “{field}” is not a field of {kind}.",
)
DRIFT = Msg(
    "import.profile.drift",
    "Le tableau a changé depuis le profil « {name} » : {details}. Vérifiez la correspondance des colonnes.",
    "The sheet changed since profile “{name}”: {details}. Check the column mapping.",
)
DRIFT_ADDED = Msg("import.profile.drift_added", "colonnes ajoutées : {cols}", "columns added: {cols}")
DRIFT_REMOVED = Msg("import.profile.drift_removed", "colonnes disparues : {cols}", "columns removed: {cols}")
DRIFT_RENAMED = Msg("import.profile.drift_renamed", "colonnes renommées : {cols}", "columns renamed: {cols}")


def _quote(text: str) -> str:
    return quoted(text)


@dataclass(frozen=True)
class Profile:
    """`columns`: header text as the partner writes it -> field name, or None for a column deliberately
    ignored. `values`: vocabulary key -> {the partner's text -> code}. `signature`: folded header texts."""

    name: str
    kind: EntryKind
    signature: tuple[str, ...]
    columns: dict[str, str | None]
    values: dict[str, dict[str, str]]
    updated: str = ""

    def field_for(self, header: str) -> tuple[bool, str | None]:
        """(known, field) for a sheet header: known is False when the profile has never seen that column."""
        key = vocab.fold(header)
        for text, name in self.columns.items():
            if vocab.fold(text) == key:
                return True, name
        return False, None


@dataclass(frozen=True)
class Drift:
    """How a sheet's header differs from a profile's: header texts as the sheet / the profile wrote them."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed)

    def message(self, profile_name: str) -> str:
        parts = []
        if self.renamed:
            parts.append(DRIFT_RENAMED(cols=", ".join(f"{_quote(a)} → {_quote(b)}" for a, b in self.renamed)))
        if self.added:
            parts.append(DRIFT_ADDED(cols=", ".join(map(_quote, self.added))))
        if self.removed:
            parts.append(DRIFT_REMOVED(cols=", ".join(map(_quote, self.removed))))
        return DRIFT(name=profile_name, details=" ; ".join(parts))


@dataclass(frozen=True)
class ProfileMatch:
    profile: Profile
    score: float
    drift: Drift = field(default_factory=Drift)


def header_signature(headers: Sequence[str | None]) -> tuple[str, ...]:
    """The folded, non-empty header texts, in order."""
    return tuple(k for k in (vocab.fold(h or "") for h in headers) if k)


def save_profile(
    cat: Catalogue,
    name: str,
    kind: EntryKind,
    signature: Sequence[str],
    columns: Mapping[str, str | None],
    values: Mapping[str, Mapping[str, str]],
) -> Profile:
    """Create or replace the profile `name`. Raises KnownError for an empty name or a field that `kind`
    does not have. Runs in its own transaction (or the caller's, nested)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise KnownError(BAD_PROFILE_NAME())
    known = {f.name for f in FIELDS[kind]} | {"id"}
    for target in columns.values():
        if target is not None and target not in known:
            raise KnownError(BAD_PROFILE_FIELD(name=name, field=target, kind=kind_name(kind)))
    profile = Profile(
        name,
        kind,
        tuple(vocab.fold(s) for s in signature if vocab.fold(s)),
        dict(columns),
        {v: dict(m) for v, m in values.items() if m},
        cat.clock().isoformat(timespec="seconds"),
    )
    with cat.transaction():
        cat.conn.execute(
            'INSERT INTO profiles(name, kind, signature, columns, "values", updated) VALUES (?,?,?,?,?,?)'
            " ON CONFLICT(name) DO UPDATE SET kind=excluded.kind, signature=excluded.signature,"
            ' columns=excluded.columns, "values"=excluded."values", updated=excluded.updated',
            (
                profile.name,
                profile.kind,
                json.dumps(list(profile.signature), ensure_ascii=False),
                json.dumps(profile.columns, ensure_ascii=False),
                json.dumps(profile.values, ensure_ascii=False, sort_keys=True),
                profile.updated,
            ),
        )
    return profile


def _from_row(row: Sequence[Any]) -> Profile | None:
    name, kind, signature, columns, values, updated = row
    if kind not in KINDS:
        return None
    try:
        sig = json.loads(signature)
        cols = json.loads(columns)
        vals = json.loads(values)
    except ValueError:
        return None  # a profile damaged by hand is ignored rather than fatal
    if not isinstance(sig, list) or not isinstance(cols, dict) or not isinstance(vals, dict):
        return None
    return Profile(
        str(name),
        cast(EntryKind, kind),
        tuple(str(s) for s in sig),
        {str(k): (str(v) if v is not None else None) for k, v in cols.items()},
        {str(k): {str(a): str(b) for a, b in m.items()} for k, m in vals.items() if isinstance(m, dict)},
        str(updated),
    )


_SELECT = 'SELECT name, kind, signature, columns, "values", updated FROM profiles'


def load_profile(cat: Catalogue, name: str) -> Profile | None:
    """The profile called `name` (exact name, then case/accent-insensitive), or None."""
    row = cat.conn.execute(_SELECT + " WHERE name=?", (name.strip(),)).fetchone()
    if row is not None:
        return _from_row(row)
    key = vocab.fold(name)
    for profile in list_profiles(cat):
        if vocab.fold(profile.name) == key:
            return profile
    return None


def list_profiles(cat: Catalogue) -> list[Profile]:
    found = (_from_row(r) for r in cat.conn.execute(_SELECT + " ORDER BY name"))
    return [p for p in found if p is not None]


def delete_profile(cat: Catalogue, name: str) -> bool:
    with cat.transaction():
        cur = cat.conn.execute("DELETE FROM profiles WHERE name=?", (name,))
    return cur.rowcount > 0


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard index of two signatures (1.0: the same columns, in any order)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def find_profile_for(
    cat: Catalogue,
    headers: Sequence[str | None],
    kind: EntryKind | None = None,
    *,
    field_of: Callable[[str], str | None] | None = None,
) -> ProfileMatch | None:
    """The saved profile whose signature best matches `headers` (at least `RECOGNISE_THRESHOLD`), of
    `kind` if given, with the drift between them; None when no profile is close enough."""
    signature = header_signature(headers)
    best: ProfileMatch | None = None
    for profile in list_profiles(cat):
        if kind is not None and profile.kind != kind:
            continue
        score = similarity(profile.signature, signature)
        if score >= RECOGNISE_THRESHOLD and (best is None or score > best.score):
            best = ProfileMatch(profile, score)
    if best is None:
        return None
    return ProfileMatch(best.profile, best.score, compute_drift(best.profile, headers, field_of=field_of))


def compute_drift(
    profile: Profile,
    headers: Sequence[str | None],
    *,
    field_of: Callable[[str], str | None] | None = None,
) -> Drift:
    """Columns added, removed and renamed in `headers` relative to `profile`.

    A removed column and an added one are a rename when the new header names the same field (through
    `field_of`, the synonym table), or when it names none and stands where the old one stood and the old
    one fed a field.
    """
    sheet = [(h or "").strip() for h in headers]
    sheet_keys = [vocab.fold(h) for h in sheet]
    known_keys = {vocab.fold(h) for h in profile.columns} | set(profile.signature)
    added = [
        (i, h) for i, (h, k) in enumerate(zip(sheet, sheet_keys, strict=True)) if k and k not in known_keys
    ]
    sheet_set = set(sheet_keys)
    by_key = {vocab.fold(h): h for h in profile.columns}
    removed = [(i, by_key.get(k, k)) for i, k in enumerate(profile.signature) if k not in sheet_set]
    renamed: list[tuple[str, str]] = []
    for pos_new, new in list(added):
        new_field = field_of(new) if field_of else None
        for item in list(removed):
            pos_old, old = item
            old_field = profile.columns.get(old)
            same_field = new_field is not None and new_field == old_field
            # Same place, and the old column fed a field: most likely the partner retitled it.
            same_place = pos_new == pos_old and old_field is not None and new_field is None
            if same_field or same_place:
                renamed.append((old, new))
                removed.remove(item)
                added.remove((pos_new, new))
                break
    return Drift(tuple(h for _, h in added), tuple(h for _, h in removed), tuple(renamed))
