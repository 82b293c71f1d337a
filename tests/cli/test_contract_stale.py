"""DESIGN.md's stale, overdue and incomplete rules, checked from outside on entries at their boundaries: a
partner sheet imported with `stewarddesk import`, then `stewarddesk stale --as-of … --json` and the
`Alertes` column of `stewarddesk export … --as-of …`, which must agree.

As of 2025-06-30: 365 days back is 2024-06-30, 180 days back is 2025-01-01; a short-term action adopted on
2024-06-30 reaches its horizon that very day (overdue from the next one).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from .kit import run

AS_OF = "2025-06-30"
ACTIONS = [
    # Code, Action, Type de porteur, Porteurs, Temporalité, Statut, Date d'adoption, Revue le → flags
    (
        "A1",
        "Engagée revue il y a 180 jours",
        "M",
        "Court terme",
        "Engagée",
        "2025-06-01",
        "2025-01-01",
        set(),
    ),
    (
        "A2",
        "Engagée revue il y a 181 jours",
        "M",
        "Court terme",
        "Engagée",
        "2025-06-01",
        "2024-12-31",
        {"stale"},
    ),
    ("A3", "À définir depuis 365 jours", "M", "Court terme", "À définir", "2025-06-01", "2024-06-30", set()),
    (
        "A4",
        "À définir depuis 366 jours",
        "M",
        "Court terme",
        "À définir",
        "2025-06-01",
        "2024-06-29",
        {"stale"},
    ),
    (
        "A5",
        "À préciser depuis 366 jours",
        "M",
        "Court terme",
        "À préciser",
        "2025-06-01",
        "2024-06-29",
        {"stale"},
    ),
    ("A6", "À engager jamais stale", "M", "Court terme", "À engager", "2025-06-01", "2019-01-01", set()),
    ("A7", "Court terme à l'échéance", "M", "Court terme", "À engager", "2024-06-30", "2025-06-01", set()),
    ("A8", "Court terme échu", "M", "Court terme", "À engager", "2024-06-29", "2025-06-01", {"overdue"}),
    ("A9", "Moyen terme à l'échéance", "M", "Moyen terme", "Engagée", "2022-06-30", "2025-06-01", set()),
    ("A10", "Moyen terme échu", "M", "Moyen terme", "Engagée", "2022-06-29", "2025-06-01", {"overdue"}),
    ("A11", "Long terme échu", "M", "Long terme", "À engager", "2020-06-29", "2025-06-01", {"overdue"}),
    (
        "A12",
        "Moyen/long à l'échéance",
        "M",
        "Moyen/long terme",
        "À engager",
        "2020-06-30",
        "2025-06-01",
        set(),
    ),
    ("A13", "Réalisée ancienne", "M", "Court terme", "Réalisée", "2000-01-01", "2025-06-01", set()),
    ("A14", "Abandonnée ancienne", "M", "Court terme", "Abandonnée", "2000-01-01", "2025-06-01", set()),
    ("A15", "Sans temporalité", "M", "", "À engager", "2000-01-01", "2025-06-01", set()),
    ("A16", "Sans porteur", "", "Court terme", "À engager", "2025-06-01", "2025-06-01", {"incomplete"}),
]
OFFERS = [
    # Offre, Email, Téléphone, Site web, Statut, Revue le → flags
    ("O1 revue il y a 365 jours", "a@b.fr", "", "", "Active", "2024-06-30", set()),
    ("O2 revue il y a 366 jours", "a@b.fr", "", "", "Active", "2024-06-29", {"stale"}),
    ("O3 sans contact", "", "", "", "Active", "2025-06-01", {"incomplete"}),
    ("O4 un téléphone suffit", "", "04 91 00 00 00", "", "Suspendue", "2025-06-01", set()),
    ("O5 un site suffit", "", "", "https://x.fr", "Active", "2025-06-01", set()),
    ("O6 archivée", "", "", "", "Archivée", "2000-01-01", set()),
]


def _write(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stale")
    path = folder / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    actions = _write(
        folder / "actions.csv",
        [
            "Code",
            "Action",
            "Type de porteur",
            "Porteurs",
            "Temporalité",
            "Statut",
            "Date d'adoption",
            "Revue le",
        ],
        [(code, title, "Métropole", who, *rest) for code, title, who, *rest, _flags in ACTIONS],
    )
    offers = _write(
        folder / "offres.csv",
        ["Offre", "Structure", "Besoin", "Email", "Téléphone", "Site web", "Statut", "Revue le"],
        [(title, "Impulse", "Financement", *rest) for title, *rest, _flags in OFFERS],
    )
    for sheet, kind in ((actions, "actions"), (offers, "offers")):
        result = run("import", sheet, "--db", path, "--kind", kind)
        assert result.returncode == 0 and " 0 rejetée" in result.stdout.splitlines()[0], result.stdout
    return path


def _expected() -> dict[str, set[str]]:
    found = {title: flags for _code, title, *_rest, flags in ACTIONS}
    found |= {title: flags for title, *_rest, flags in OFFERS}
    return {title: flags for title, flags in found.items() if flags}


def test_stale_json_flags_exactly_the_entries_past_their_boundary(db: Path) -> None:
    result = run("stale", "--db", db, "--as-of", AS_OF, "--json")
    assert result.returncode == 0 and result.stderr == ""
    listed = json.loads(result.stdout)
    assert listed["as_of"] == AS_OF
    flagged = {e["title"]: {f["flag"] for f in e["flags"]} for e in listed["entries"]}
    assert flagged == _expected()
    assert all(f["reason"] for e in listed["entries"] for f in e["flags"])  # each flag says why
    assert listed["counts"] == {
        kind: sum(kind in flags for flags in _expected().values())
        for kind in ("stale", "overdue", "incomplete")
    }


@pytest.mark.parametrize("kind", ["offers", "actions"])
def test_the_exports_alerts_agree_with_stale(db: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.csv"
    assert run("export", kind, "--db", db, "-o", out, "--as-of", AS_OF).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    title = "Offre" if kind == "offers" else "Action"
    # An archived entry carries no flag (stale --json says so); its Alertes may still say it is archived.
    alerted = {row[title] for row in rows if row["Alertes"] and row["Statut"] != "Archivée"}
    titles = {t for t, *_ in OFFERS} if kind == "offers" else {a[1] for a in ACTIONS}
    assert alerted == set(_expected()) & titles
