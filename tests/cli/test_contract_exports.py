"""DESIGN.md's export contract, checked from outside on files `stewarddesk export` writes: one header row
with DESIGN.md's columns in order (written out here as DESIGN.md writes them, not taken from the code),
French labels, dates as real dates (.xlsx) or `YYYY-MM-DD` (.csv), several values joined by `; `, `ID`
hidden or locked, a title allowed above the header in .xlsx and never in .csv, UTF-8 with BOM and `;`, and
text starting with `=`, `+`, `-`, `@` never written as a live formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from .kit import run

COLUMNS = {
    "actions": "Code, Orientation, Axe, Action, Description, Type de porteur, Porteurs, Temporalité, Statut, "
    "Indicateurs, Date d'adoption, Revue le, Alertes, ID",
    "offers": "Offre, Structure, Besoin, Stades, Filières, Site, Description, Email, Téléphone, Site web, "
    "Statut, Réf. partenaire, Revue le, Alertes, ID",
}
DATES = {"actions": ("Date d'adoption", "Revue le"), "offers": ("Revue le",)}
TRIGGERS = ("=", "+", "-", "@")


def _columns(kind: str) -> list[str]:
    return COLUMNS[kind].split(", ")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalogue, plus entries whose text looks like formulas and holds several values."""
    folder = tmp_path_factory.mktemp("exports")
    path = folder / "catalogue.sqlite"
    assert run("init", path, "--sample").returncode == 0
    sheet = folder / "offres.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Offre", "Structure", "Besoin", "Stades", "Description", "Téléphone", "Revue le"])
        writer.writerow(["=HYPERLINK(\"http://evil\",\"x\")", "Impulse", "Financement", "Émergence, Création",
                         "@SOMME(A1)", "+33 4 91 00 10 10", "12/07/2024"])  # fmt: skip
        writer.writerow(
            ["Ateliers", "Impulse", "Formation", "Croissance", "- un\n- deux", "0491001010", "2024-07-13"]
        )
    result = run("import", sheet, "--db", path, "--kind", "offers")
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("kind", ["offers", "actions"])
def test_csv_is_what_french_excel_opens(db: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.csv"
    assert run("export", kind, "--db", db, "-o", out).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + _columns(kind)[0].encode())  # BOM, then the header: no title
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == _columns(kind)
    assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    for record in records:
        for name in DATES[kind]:
            assert re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", record[name]), (name, record[name])
        assert record["ID"].isdigit()
        assert not any(value.startswith(TRIGGERS) for value in record.values()), record


def test_csv_neutralises_formulas_and_joins_values(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "offres.csv"
    assert run("export", "offers", "--db", db, "-o", out).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        records = {r["Structure"] + r["Besoin"]: r for r in csv.DictReader(fh, delimiter=";")}
    forged = records["ImpulseFinancement"]
    assert forged["Offre"] == '\'=HYPERLINK("http://evil","x")'
    assert (forged["Description"], forged["Téléphone"]) == ("'@SOMME(A1)", "'+33 4 91 00 10 10")
    assert set(forged["Stades"].split("; ")) == {"Émergence", "Création"}
    assert forged["Revue le"] == "2024-07-12"
    assert records["ImpulseFormation"]["Description"] == "'- un\n- deux"
    assert records["ImpulseFormation"]["Téléphone"] == "0491001010"


def _data_sheets(path: Path, kind: str) -> list[tuple[openpyxl.worksheet.worksheet.Worksheet, int]]:
    """Every visible sheet holding DESIGN.md's header row, with that row's number."""
    found = []
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows(min_row=1, max_row=10):
            if [c.value for c in row[: len(_columns(kind))]] == _columns(kind):
                found.append((ws, row[0].row))
                break
    return found


@pytest.mark.parametrize("kind", ["offers", "actions"])
@pytest.mark.parametrize("partner", [None, "Impulse"])
def test_workbooks_have_one_header_real_dates_and_a_guarded_id(
    db: Path, tmp_path: Path, kind: str, partner: str | None
) -> None:
    out = tmp_path / f"{kind}.xlsx"
    args = ["--partner", partner] if partner else []
    assert run("export", kind, "--db", db, "-o", out, *args).returncode == 0
    sheets = _data_sheets(out, kind)
    assert sheets, "no sheet with DESIGN.md's header"
    entries = 0
    for ws, header in sheets:
        columns = _columns(kind)
        assert ws.max_column == len(columns) or all(
            ws.cell(r, len(columns) + 1).value is None for r in range(header, ws.max_row + 1)
        )
        id_col = columns.index("ID") + 1
        id_hidden = ws.column_dimensions[get_column_letter(id_col)].hidden
        for r in range(header + 1, ws.max_row + 1):
            if ws.cell(r, id_col).value is None:
                continue
            entries += 1
            assert isinstance(ws.cell(r, id_col).value, int)
            assert id_hidden or (ws.protection.sheet and ws.cell(r, id_col).protection.locked)
            for name in DATES[kind]:
                value = ws.cell(r, columns.index(name) + 1).value
                assert value is None or isinstance(value, dt.datetime | dt.date), (name, value)
            for c in range(1, len(columns) + 1):
                cell = ws.cell(r, c)
                assert cell.data_type != "f", cell.coordinate  # never a live formula
    assert entries > 0 or (kind == "actions" and partner == "Impulse")
