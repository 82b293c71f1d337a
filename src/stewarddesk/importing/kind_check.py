"""Is a kind forced by the user (`--kind`, the wizard's choice) clearly wrong for a header?

An offers sheet imported with `--kind actions` still finds a title (« Offre » is no action heading, but
« Description », « Revue le »… are both kinds'), so the import would turn every offer into an action and
drop the offer columns as « not recognised ». The header says otherwise when none of its columns belongs
to the forced kind alone while several belong to the other kind alone: the command line refuses, the
wizard asks the user to check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from stewarddesk.errors import KnownError
from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Msg
from stewarddesk.importing.model import kind_name
from stewarddesk.importing.synonyms import HEADER_INDEX, header_key

# Columns only the other kind knows that make it « clearly » the other kind (one could be a coincidence).
CLEARLY: Final = 2

OTHER_KIND = Msg(
    "import.kind.other_kind",
    "ces intitulés de colonnes sont ceux d'{other}, pas d'{kind} : retirez --kind ou utilisez --kind "
    "{other_code}",
    "these column headings are those of {other}, not {kind}: drop --kind or use --kind {other_code}",
)


class KindMismatch(KnownError):
    """The forced kind's columns are clearly the other kind's (see the module docstring)."""


def other_kind(headers: Iterable[str], kind: EntryKind) -> EntryKind | None:
    """The other kind when `headers` (a header row's texts) are clearly its columns and not `kind`'s."""
    other: EntryKind = "actions" if kind == "offers" else "offers"
    own, theirs = HEADER_INDEX[kind], HEADER_INDEX[other]
    fields_own: set[str] = set()
    fields_theirs: set[str] = set()
    for text in headers:
        key = header_key(text)
        if key in own and key not in theirs:
            fields_own.add(own[key])
        elif key in theirs and key not in own:
            fields_theirs.add(theirs[key])
    return other if not fields_own and len(fields_theirs) >= CLEARLY else None


def check_kind(headers: Iterable[str], kind: EntryKind) -> None:
    """Raise `KindMismatch` when `kind` is clearly not the kind of these headers."""
    other = other_kind(headers, kind)
    if other is not None:
        raise KindMismatch(OTHER_KIND(other=kind_name(other), kind=kind_name(kind), other_code=other))
