"""The entities and their fields, declared once.

The catalogue's columns, the import's column mapping, the export's columns (DESIGN.md's, in order) and the
window's table columns are all read from here, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from stewarddesk.i18n import Msg

Kind = Literal["offers", "actions", "structures"]
EntryKind = Literal["offers", "actions"]
KINDS: Final[tuple[EntryKind, ...]] = ("offers", "actions")

FieldType = Literal["text", "longtext", "date", "code", "codes", "list", "structure", "structures"]


@dataclass(frozen=True)
class Field:
    """One editable field of an entry.

    `type`: text/longtext (free text), date (ISO `YYYY-MM-DD` text), code (one code of `vocab`),
    codes (several codes of `vocab`, a JSON list), list (several free values of the reference list
    `reference`, a JSON list), structure (one structure, by name), structures (several, by name).
    """

    name: str
    export: str  # DESIGN.md's column header
    type: FieldType
    vocab: str | None = None  # key in vocab.VOCABULARIES for code/codes
    reference: str | None = None  # reference list ('sector', 'site') for list/text fields
    required: bool = False


OFFER_FIELDS: Final[tuple[Field, ...]] = (
    Field("title", "Offre", "text", required=True),
    Field("structure", "Structure", "structure"),
    Field("need", "Besoin", "code", vocab="need"),
    Field("stages", "Stades", "codes", vocab="stage"),
    Field("sectors", "Filières", "list", reference="sector"),
    Field("site", "Site", "text", reference="site"),
    Field("description", "Description", "longtext"),
    Field("email", "Email", "text"),
    Field("phone", "Téléphone", "text"),
    Field("url", "Site web", "text"),
    Field("status", "Statut", "code", vocab="offer_status"),
    Field("partner_ref", "Réf. partenaire", "text"),
    Field("reviewed", "Revue le", "date"),
)

ACTION_FIELDS: Final[tuple[Field, ...]] = (
    Field("code", "Code", "text"),
    Field("orientation", "Orientation", "text"),
    Field("axis", "Axe", "text"),
    Field("title", "Action", "text", required=True),
    Field("description", "Description", "longtext"),
    Field("carrier_type", "Type de porteur", "code", vocab="carrier_type"),
    Field("carriers", "Porteurs", "structures"),
    Field("term", "Temporalité", "code", vocab="term"),
    Field("status", "Statut", "code", vocab="action_status"),
    Field("indicators", "Indicateurs", "longtext"),
    Field("adopted", "Date d'adoption", "date"),
    Field("reviewed", "Revue le", "date"),
)

STRUCTURE_FIELDS: Final[tuple[Field, ...]] = (
    Field("name", "Nom", "text", required=True),
    Field("kind", "Type", "text"),
    Field("site", "Site", "text", reference="site"),
    Field("website", "Site web", "text"),
    Field("contact", "Contact", "text"),
)

FIELDS: Final[dict[Kind, tuple[Field, ...]]] = {
    "offers": OFFER_FIELDS,
    "actions": ACTION_FIELDS,
    "structures": STRUCTURE_FIELDS,
}

# DESIGN.md: the computed flags column and the catalogue's own stable identifier end every export.
ALERTS_COLUMN: Final = "Alertes"
ID_COLUMN: Final = "ID"
# The heading the formatted export gives the actions without an orientation (their group comes first);
# the import knows it, in either language, as that group's heading, not as a stray line.
NO_ORIENTATION = Msg("fields.no_orientation", "Sans orientation", "No orientation")


def export_columns(kind: EntryKind) -> list[str]:
    """DESIGN.md's export header, in order."""
    return [f.export for f in FIELDS[kind]] + [ALERTS_COLUMN, ID_COLUMN]


def field(kind: Kind, name: str) -> Field:
    for f in FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(f"{kind} has no field {name!r}")
