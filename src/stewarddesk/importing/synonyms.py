"""The one table of header wordings: which column header names which field, in French and English.

`SYNONYMS[kind][field]` lists the wordings partners use for `field` (a field name of `fields.py`) in a
sheet of `kind`, plus two pseudo-fields: `id` (our exports' « ID » column, the catalogue's identifier) and
`alerts` (our exports' « Alertes » column, computed: ignored on import). Every export header of
`fields.export_columns(kind)` is included (a test checks it).

Headers are compared through `header_key`: `vocab.fold` (case, accents, apostrophes, dashes, spacing and
line breaks ignored), then plural marks « (s) » dropped, the French linking words (« de », « du »,
« des », « d' », « l' », « la », « le », « les ») dropped, and every remaining punctuation removed, so
« Intitulé\\nde l'offre », « INTITULE DE L'OFFRE », « Intitulé de l’offre » and the short form partners
also write, « Intitulé offre », are one key (so are « Date d'adoption » and « Date adoption »). A wording
may name different fields in the two kinds (« Porteur » is the offer's structure and the action's carriers;
« Réf. » the offer's partner reference and the action's code), never two fields of one kind.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from stewarddesk.fields import FIELDS, KINDS, EntryKind, export_columns
from stewarddesk.vocab import fold

ID_FIELD: Final = "id"
ALERTS_FIELD: Final = "alerts"
PSEUDO_FIELDS: Final = (ID_FIELD, ALERTS_FIELD)

_REVIEWED: Final = (
    "Revue le",
    "Date de revue",
    "Revu le",
    "Date de mise à jour",
    "Dernière mise à jour",
    "Mise à jour",
    "Mise à jour le",
    "Mis à jour le",
    "Date MAJ",
    "MAJ",
    "Date de dernière mise à jour",
    "Date de révision",
    "Last reviewed",
    "Reviewed",
    "Reviewed on",
    "Review date",
    "Last updated",
    "Last update",
    "Updated",
    "Updated on",
)
_DESCRIPTION: Final = (
    "Description",
    "Descriptif",
    "Présentation",
    "Détail",
    "Détails",
    "Contenu",
    "Résumé",
    "Details",
    "Summary",
)
_PSEUDO: Final[dict[str, tuple[str, ...]]] = {
    ID_FIELD: ("ID", "Identifiant StewardDesk", "StewardDesk ID"),
    ALERTS_FIELD: ("Alertes", "Alerte", "Alerts"),
}

SYNONYMS: Final[dict[EntryKind, dict[str, tuple[str, ...]]]] = {
    "offers": {
        "title": (
            "Offre",
            "Intitulé",
            "Intitulé de l'offre",
            "Nom de l'offre",
            "Titre",
            "Titre de l'offre",
            "Libellé",
            "Libellé de l'offre",
            "Nom du dispositif",
            "Dispositif",
            "Offer",
            "Offer name",
            "Offer title",
            "Title",
            "Name",
        ),
        "structure": (
            "Structure",
            "Structure porteuse",
            "Porteur",
            "Porteur(s)",
            "Structure d'accompagnement",
            "Opérateur",
            "Organisme",
            "Organisme porteur",
            "Organisation",
            "Provider",
            "Organisation name",
            "Organization",
            "Operator",
            "Provided by",
        ),
        "need": (
            "Besoin",
            "Besoins",
            "Catégorie",
            "Type de besoin",
            "Type d'offre",
            "Thématique",
            "Need",
            "Category",
            "Offer type",
        ),
        "stages": (
            "Stades",
            "Stade",
            "Stade(s)",
            "Public cible / stade",
            "Stade de développement",
            "Stade du projet",
            "Maturité",
            "Stage",
            "Stages",
            "Target stage",
            "Target stages",
        ),
        "sectors": (
            "Filières",
            "Filière",
            "Filière(s)",
            "Secteur",
            "Secteurs",
            "Secteur d'activité",
            "Secteurs d'activité",
            "Sector",
            "Sectors",
            "Industry",
        ),
        "site": ("Site", "Lieu", "Localisation", "Implantation", "Technopôle", "Location"),
        "description": (*_DESCRIPTION, "Description de l'offre"),
        "email": (
            "Email",
            "E-mail",
            "Mail",
            "Courriel",
            "Mail contact",
            "Contact (mail)",
            "Contact mail",
            "Contact e-mail",
            "E-mail de contact",
            "Adresse mail",
            "Adresse e-mail",
            "Adresse électronique",
            "Contact email",
            "Email address",
        ),
        "phone": (
            "Téléphone",
            "Tél",
            "Tél.",
            "Tel",
            "Contact (tél)",
            "Téléphone de contact",
            "Numéro de téléphone",
            "Phone",
            "Telephone",
            "Phone number",
        ),
        "url": (
            "Site web",
            "Site internet",
            "Lien",
            "URL",
            "Web",
            "Page web",
            "Lien web",
            "Adresse web",
            "Website",
            "Web site",
            "Link",
        ),
        "status": ("Statut", "État", "Statut de l'offre", "Status"),
        "partner_ref": (
            "Réf. partenaire",
            "Référence partenaire",
            "Réf.",
            "Référence",
            "Identifiant partenaire",
            "Code partenaire",
            "Partner ref",
            "Partner reference",
            "Reference",
        ),
        "reviewed": _REVIEWED,
        **_PSEUDO,
    },
    "actions": {
        "code": (
            "Code",
            "N° action",
            "N°",
            "No action",
            "Numéro",
            "Numéro d'action",
            "Numéro de l'action",
            "Réf.",
            "Référence",
            "Code action",
            "Action code",
            "Action no",
            "Action number",
        ),
        "orientation": ("Orientation", "Orientation stratégique", "Orientations", "Strategic orientation"),
        "axis": ("Axe", "Axe stratégique", "Axes", "Axis", "Strategic axis"),
        "title": (
            "Action",
            "Intitulé",
            "Intitulé de l'action",
            "Nom de l'action",
            "Titre",
            "Titre de l'action",
            "Libellé",
            "Libellé de l'action",
            "Action title",
            "Action name",
            "Title",
            "Name",
        ),
        "description": (*_DESCRIPTION, "Description de l'action", "Descriptif de l'action"),
        "carrier_type": (
            "Type de porteur",
            "Type porteur",
            "Type de portage",
            "Portage",
            "Carrier type",
            "Lead type",
        ),
        "carriers": (
            "Porteurs",
            "Porteur",
            "Porteur(s)",
            "Structure porteuse",
            "Structures porteuses",
            "Pilote",
            "Pilotes",
            "Pilote(s)",
            "Carriers",
            "Carrier",
            "Lead",
            "Led by",
        ),
        "term": ("Temporalité", "Échéance", "Horizon", "Terme", "Délai", "Term", "Timeframe", "Time frame"),
        "status": ("Statut", "État", "Avancement", "État d'avancement", "Status", "Progress"),
        "indicators": (
            "Indicateurs",
            "Indicateur",
            "Indicateurs de suivi",
            "Indicateurs de résultat",
            "KPI",
            "Indicators",
            "Key indicators",
        ),
        "adopted": (
            "Date d'adoption",
            "Adoptée le",
            "Adopté le",
            "Adoption",
            "Date de validation",
            "Adopted",
            "Adopted on",
            "Adoption date",
        ),
        "reviewed": _REVIEWED,
        **_PSEUDO,
    },
}

_PLURAL_MARK: Final = re.compile(r"\((?:s|es|x|e)\)")
# Whole words only (« délai », « lead », « date » keep their letters); « d' » and « l' » with their apostrophe.
_LINKING: Final = re.compile(r"\b(?:de|du|des|la|le|les)\b|\b[dl]'")
_NOT_ALNUM: Final = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """The comparison key of a header text (see the module docstring); « » for a header of punctuation."""
    return _NOT_ALNUM.sub("", _LINKING.sub(" ", _PLURAL_MARK.sub("", fold(text))))


def _build(kind: EntryKind) -> dict[str, str]:
    index: dict[str, str] = {}
    # The export's own labels first: our review workbooks must always map back exactly.
    for f, label in zip(
        (*[f.name for f in FIELDS[kind]], ALERTS_FIELD, ID_FIELD), export_columns(kind), strict=True
    ):
        index[header_key(label)] = f
    for f, wordings in SYNONYMS[kind].items():
        for wording in wordings:
            index.setdefault(header_key(wording), f)
    return index


HEADER_INDEX: Final[dict[EntryKind, dict[str, str]]] = {kind: _build(kind) for kind in KINDS}
"""kind → header key → field name (pseudo-fields included)."""


def field_for_header(kind: EntryKind, text: str) -> str | None:
    """The field a header text names in a sheet of `kind`, or None."""
    return HEADER_INDEX[kind].get(header_key(text))
