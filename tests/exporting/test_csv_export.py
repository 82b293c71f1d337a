from __future__ import annotations

import csv
import io
from pathlib import Path

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.exporting import export_entries

from .conftest import ACTIONS_HEADER, AS_OF, OFFERS_HEADER


def _read(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_is_french_excels_dialect(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "actions.csv"
    result = export_entries(cat, "actions", out, as_of=AS_OF)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    first_line = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert first_line == ";".join(ACTIONS_HEADER)  # no title line, «;» separator
    rows = _read(out)
    assert rows[0] == ACTIONS_HEADER
    assert len(rows) - 1 == result.count == 4
    assert result.format == "csv" and result.kind == "actions"


def test_csv_values_labels_iso_dates_joins_alerts_ids(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "actions.csv"
    export_entries(cat, "actions", out, as_of=AS_OF)
    rows = [dict(zip(ACTIONS_HEADER, r, strict=True)) for r in _read(out)[1:]]
    by_code = {r["Code"]: r for r in rows}
    a11 = by_code["A.1.1"]
    assert a11["Statut"] == "Engagée"
    assert a11["Temporalité"] == "Court terme"
    assert a11["Type de porteur"] == "Métropole"
    assert a11["Date d'adoption"] == "2022-03-24"
    assert a11["Revue le"] == "2026-10-06"
    assert a11["Description"] == "Un outil interactif.\nSeconde ligne de la description."
    assert a11["Alertes"].startswith("Échéance du 24/03/2023 dépassée")
    assert by_code["A.1.2"]["Porteurs"] == "Aix-Marseille Université; A*MIDEX"
    b11 = by_code["B.1.1"]
    assert b11["Alertes"] == "Toujours « À définir » et non revue depuis 15 mois; Aucun porteur indiqué"
    assert int(a11["ID"]) == cat.ids("actions", Query(filters={"code": ("A.1.1",)}))[0]


def test_csv_neutralises_formula_triggers(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "offers.csv"
    export_entries(cat, "offers", out, as_of=AS_OF)
    rows = [dict(zip(OFFERS_HEADER, r, strict=True)) for r in _read(out)[1:]]
    by_title = {r["Offre"].lstrip("'"): r for r in rows}
    impulse = by_title["Incubation Impulse"]
    assert impulse["Description"].startswith("'=HYPERLINK(")
    assert impulse["Téléphone"] == "'+33 4 91 00 00 00"
    assert impulse["Réf. partenaire"] == "'-12"
    assert impulse["Stades"] == "Création; Croissance"
    assert impulse["Filières"] == "Santé; Numérique"
    assert by_title["@Prêt d'honneur"]["Offre"] == "'@Prêt d'honneur"
    assert by_title["Fab lab CISAM+"]["Téléphone"] == "0491000000"  # leading zero kept
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_leaves_archived_out_unless_asked(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "offers.csv"
    assert export_entries(cat, "offers", out, as_of=AS_OF).count == 3
    every = export_entries(cat, "offers", out, query=Query(include_archived=True), as_of=AS_OF)
    assert every.count == 4
    assert any(r[10] == "Archivée" for r in _read(out)[1:])


def test_quotes_and_separators_inside_fields_survive(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "offers.csv"
    export_entries(cat, "offers", out, as_of=AS_OF)
    rows = [dict(zip(OFFERS_HEADER, r, strict=True)) for r in _read(out)[1:]]
    pret = next(r for r in rows if r["Offre"] == "'@Prêt d'honneur")
    assert pret["Description"] == 'Ligne 1\nLigne 2 ; avec « guillemets » et "doubles"'
