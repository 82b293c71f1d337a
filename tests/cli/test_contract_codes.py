"""DESIGN.md, checked from outside: « Codes that look like numbers (postal codes, SIRET, phone numbers) keep
their leading zeros. » A partner who types 0491001010 into a cell formatted « Numéro de téléphone » sees
« 04 91 00 10 10 » while the file holds the number 491001010: the catalogue keeps what the partner sees.
"""

from __future__ import annotations

import csv
from pathlib import Path

import xlsxwriter

from tests.importing.xlsbuild import XlsSheet, xls
from tests.raw_workbooks import ods_cell, ods_row, write_ods

from .kit import run

HEADER = ["Offre", "Structure", "Besoin", "Email", "Téléphone", "Réf. partenaire"]


def _exported(db: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    out = tmp_path / "offres.csv"
    assert run("export", "offers", "--db", db, "-o", out).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return {row["Offre"]: row for row in csv.DictReader(fh, delimiter=";")}


def test_numbers_formatted_as_codes_keep_their_zeros_from_xlsx(tmp_path: Path) -> None:
    sheet = tmp_path / "partenaire.xlsx"
    with xlsxwriter.Workbook(sheet) as wb:  # as Excel writes it: the number, and the cell's format
        ws = wb.add_worksheet("Offres")
        phone = wb.add_format({"num_format": "0# ## ## ## ##"})
        postal = wb.add_format({"num_format": "00000"})
        ten = wb.add_format({"num_format": "0000000000"})
        ws.write_row(0, 0, HEADER)
        ws.write_row(1, 0, ["Prêt d'honneur", "Impulse", "Financement", "a@impulse.fr"])
        ws.write_number(1, 4, 491001010, phone)
        ws.write_number(1, 5, 1234, postal)
        ws.write_row(2, 0, ["Incubation", "Impulse", "Accompagnement", "b@impulse.fr"])
        ws.write_number(2, 4, 442000000, ten)
        ws.write_number(2, 5, 4567)  # a plain number stays as typed: « 4567 », not « 4567.0 »
        ws.write_row(3, 0, ["Hébergement", "Impulse", "Hébergement", "c@impulse.fr", "0491001010", "00123"])
    db = tmp_path / "c.sqlite"
    assert run("init", db).returncode == 0
    result = run("import", sheet, "--db", db, "--kind", "offers")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("partenaire.xlsx : 3 insérées"), result.stdout

    rows = _exported(db, tmp_path)
    assert (rows["Prêt d'honneur"]["Téléphone"], rows["Prêt d'honneur"]["Réf. partenaire"]) == (
        "04 91 00 10 10",
        "01234",
    )
    assert (rows["Incubation"]["Téléphone"], rows["Incubation"]["Réf. partenaire"]) == ("0442000000", "4567")
    assert (rows["Hébergement"]["Téléphone"], rows["Hébergement"]["Réf. partenaire"]) == (
        "0491001010",
        "00123",
    )
    # The same sheet again changes nothing: the zeros are read the same way every time.
    again = run("import", sheet, "--db", db, "--kind", "offers")
    assert again.stdout.startswith("partenaire.xlsx : 0 insérée, 0 mise à jour, 3 inchangées"), again.stdout


def _ods_number(value: float, shown: str) -> str:
    # As LibreOffice writes a number under a format such as « 00000 »: the value, and the text it shows.
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}">'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


def test_numbers_formatted_as_codes_keep_their_zeros_from_ods(tmp_path: Path) -> None:
    texts = [ods_cell(text) for text in ("Prêt d'honneur", "Impulse", "Financement", "a@impulse.fr")]
    rows = ods_row(*(ods_cell(h) for h in HEADER)) + ods_row(
        *texts, _ods_number(491001010, "04 91 00 10 10"), _ods_number(1234, "01234")
    )
    sheet = write_ods(tmp_path / "partenaire.ods", [("Offres", rows)])
    db = tmp_path / "c.sqlite"
    assert run("init", db).returncode == 0
    result = run("import", sheet, "--db", db, "--kind", "offers")
    assert result.returncode == 0, result.stderr
    row = _exported(db, tmp_path)["Prêt d'honneur"]
    assert (row["Téléphone"], row["Réf. partenaire"]) == ("04 91 00 10 10", "01234")


def test_numbers_formatted_as_codes_keep_their_zeros_from_xls(tmp_path: Path) -> None:
    cells: dict[tuple[int, int], str | float] = {(0, c): h for c, h in enumerate(HEADER)}
    cells |= {(1, c): v for c, v in enumerate(["Prêt d'honneur", "Impulse", "Financement", "a@impulse.fr"])}
    cells |= {(1, 4): 491001010.0, (1, 5): 1234.0}
    sheet = tmp_path / "partenaire.xls"
    sheet.write_bytes(xls([XlsSheet("Offres", cells, formatted={(1, 4)})], number_format="0# ## ## ## ##"))
    db = tmp_path / "c.sqlite"
    assert run("init", db).returncode == 0
    result = run("import", sheet, "--db", db, "--kind", "offers")
    assert result.returncode == 0, result.stderr
    row = _exported(db, tmp_path)["Prêt d'honneur"]
    # The phone as the partner sees it; the reference under no format stays the number as typed.
    assert (row["Téléphone"], row["Réf. partenaire"]) == ("04 91 00 10 10", "1234")
