"""The partner sheet the read and import benchmarks share: offers in a partner's own wording (banner
above the header, French column names, vocabulary variants, day-first text dates), as .xlsx and as
French Excel CSV (`;`, Windows-1252)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HEADER = [
    "Intitulé de l'offre",
    "Structure porteuse",
    "Catégorie",
    "Public cible / stade",
    "Filière(s)",
    "Site",
    "Description",
    "Mail contact",
    "Téléphone",
    "Lien",
    "Statut",
    "Réf. partenaire",
    "Date de mise à jour",
    "Montant max (k€)",
    "Suivi interne",
]
WORDS = [
    "accompagnement",
    "financement",
    "hébergement",
    "pépinière",
    "incubateur",
    "laboratoire",
    "innovation",
    "start-up",
    "technopôle",
    "métropole",
    "réseau",
    "prototypage",
    "recrutement",
    "international",
    "santé",
    "numérique",
    "énergie",
    "mer",
]
STRUCTURES = [
    "Marseille Innovation",
    "Impulse",
    "CISAM",
    "Technopôle de l'Arbois",
    "Aix Marseille French Tech",
    "Provence Angels",
    "CEPAC",
    "Bpifrance",
]


def rows(n: int) -> list[list[object]]:
    rng = random.Random(20240712)
    out: list[list[object]] = []
    for i in range(n):
        out.append(
            [
                f"Offre {i} — {' '.join(rng.choices(WORDS, k=4))}",
                rng.choice(STRUCTURES),
                rng.choice(["Hébergement", "Financement", "Accompagnement", "Recrutement", "fab lab"]),
                rng.choice(["Création", "Croissance, Hypercroissance", "Émergence; Création", ""]),
                rng.choice(["Santé", "Numérique", "", "Mer; Industrie"]),
                rng.choice(["Château-Gombert", "Luminy", "", "Belle de Mai"]),
                " ".join(rng.choices(WORDS, k=25)),
                f"contact{i}@example.fr",
                f"04 91 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "" if i % 3 else f"https://example.fr/offre/{i}",
                rng.choice(["Active", "Suspendue", ""]),
                f"{i:05d}",
                dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
                rng.randint(0, 500) if i % 2 else "",
                "",
            ]
        )
    return out


def write_xlsx(path: Path, data: list[list[object]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Offres")
    ws.merge_range(0, 0, 0, len(HEADER) - 1, "Catalogue des offres — banc d'essai")
    ws.write_row(2, 0, HEADER)
    for r, row in enumerate(data, start=3):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), datef)
            elif value != "":
                ws.write(r, c, value)
    wb.close()


def write_csv(path: Path, data: list[list[object]]) -> None:
    with path.open("w", encoding="cp1252", errors="replace", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["Catalogue des offres — banc d'essai"] + [""] * (len(HEADER) - 1))
        out.writerow([])
        out.writerow(HEADER)
        for row in data:
            out.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row])
