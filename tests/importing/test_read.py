"""Readers: .xlsx, .ods, .xls and CSV built in code; merged cells, hidden rows and columns, formulas,
errors, dates, encodings, separators, record numbers, sheet choice, progress and cancel."""

from __future__ import annotations

import codecs
import datetime as dt
import resource
import time
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from stewarddesk.errors import Cancelled
from stewarddesk.importing.cells import CellError
from stewarddesk.importing.read import RawRow, UnknownSheet, choose_sheet, open_workbook, read_all
from stewarddesk.progress import CancelToken

from .builders import ods_cell, ods_row, raw_xlsx, write_ods
from .xlsbuild import XlsSheet, xls


def by_number(rows: list[RawRow]) -> dict[int, RawRow]:
    return {r.number: r for r in rows}


# ------------------------------------------------------------------------------------------------ xlsx


@pytest.fixture
def partner_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "partenaire.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Offres")
    ws.merge_range(0, 0, 0, 3, "Catalogue des offres 2024")
    ws.write_row(2, 0, ["Intitulé de l'offre", "Structure porteuse", "Date de mise à jour", "Suivi interne"])
    ws.write_row(3, 0, ["Pépinière", "Marseille Innovation"])
    ws.write_datetime(3, 2, dt.datetime(2024, 3, 15), datef)
    ws.write_formula(4, 0, '=CONCATENATE("Prêt ","innovation")', None, "Prêt innovation")
    ws.merge_range(4, 1, 6, 1, "Technopôle")  # vertical merge over three data rows
    ws.write_formula(4, 2, "=DATE(2024,5,2)", datef, 45414)
    ws.write_formula(4, 3, "=#REF!+1", None, "#REF!")
    ws.write_row(5, 0, ["Coworking"])
    ws.write_number(5, 2, 45485)
    ws.write_row(6, 0, ["Réf 00123", None, "12/07/2024", "00123"])
    ws.set_row(6, None, None, {"hidden": True})
    ws.set_column(3, 3, None, None, {"hidden": True})
    notes = wb.add_worksheet("Notes")
    notes.write(0, 0, "Notes libres")
    wb.close()
    return path


def test_xlsx_values_merges_hidden_formulas(partner_xlsx: Path) -> None:
    with open_workbook(partner_xlsx) as wb:
        assert wb.format == "xlsx"
        assert [s.name for s in wb.sheets] == ["Offres", "Notes"]
        assert choose_sheet(wb, None) == "Offres"
        rows = by_number(read_all(wb, "Offres"))
        assert sorted(rows) == [1, 3, 4, 5, 6, 7]  # row 2 is blank: skipped
        assert rows[1].values[:4] == ["Catalogue des offres 2024"] * 4
        assert rows[1].merged == frozenset({1, 2, 3})
        assert rows[4].values[:3] == ["Pépinière", "Marseille Innovation", dt.date(2024, 3, 15)]
        assert rows[5].values[0] == "Prêt innovation"  # the cached value, not the formula
        assert rows[5].values[2] == dt.date(2024, 5, 2)
        assert rows[5].values[3] == CellError("#REF!")
        assert [rows[n].values[1] for n in (5, 6, 7)] == ["Technopôle"] * 3
        assert rows[6].merged == frozenset({1}) and rows[5].merged == frozenset()
        assert rows[6].values[2] == 45485  # a serial number in General format stays a number
        assert rows[7].hidden and not rows[6].hidden
        assert rows[7].values[3] == "00123"
        assert wb.hidden_columns("Offres") == {3}
        assert wb.warnings("Offres") == []


def test_formula_without_cached_value_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "openpyxl.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Feuil1"
    ws.append(["Offre", "Structure"])
    ws.append(["Pépinière", '=UPPER("mi")'])  # openpyxl writes formulas without a cached value
    book.save(path)
    with open_workbook(path) as wb:
        rows = read_all(wb, "Feuil1")
        assert rows[1].values == ["Pépinière", None]
        warnings = wb.cell_warnings("Feuil1")
        assert [(w.row, w.col, w.ref) for w in warnings] == [(2, 1, "B2")]
        assert "B2" in wb.warnings("Feuil1")[0]


def test_xlsx_1904_dates(tmp_path: Path) -> None:
    path = tmp_path / "mac.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"date_1904": True})
    ws = wb.add_worksheet("Feuil1")
    ws.write_datetime(0, 0, dt.datetime(2024, 7, 12), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_number(0, 1, 43783)
    wb.close()
    with open_workbook(path) as book:
        assert book.epoch1904
        row = read_all(book, "Feuil1")[0]
        assert row.values[0] == dt.date(2024, 7, 12)


def test_data_starting_away_from_a1_keeps_columns(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "decale.xlsx",
        '<row r="4"><c r="C4" t="s"><v>0</v></c><c r="D4" t="s"><v>1</v></c></row>'
        '<row r="5"><c r="C5" t="s"><v>2</v></c><c r="D5"><v>3</v></c></row>',
        shared=["Offre", "Structure", "Pépinière"],
    )
    with open_workbook(path) as wb:
        rows = read_all(wb, "Feuil1")
        assert [(r.number, r.values) for r in rows] == [
            (4, [None, None, "Offre", "Structure"]),
            (5, [None, None, "Pépinière", 3.0]),
        ]


def test_hidden_rows_and_columns_by_hand(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "prefix.xlsx",
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Offre</t></is></c></row>'
        '<row r="2" hidden="1"><c r="A2" t="inlineStr"><is><t>cachée</t></is></c></row>',
        sheet_head='<cols><col min="2" max="3" width="9" hidden="true"/></cols>',
    )
    with open_workbook(path) as wb:
        assert [(r.number, r.hidden) for r in read_all(wb, "Feuil1")] == [(1, False), (2, True)]
        assert wb.hidden_columns("Feuil1") == {1, 2}


# ------------------------------------------------------------------------------------------------- ods


def arbois_like(tmp_path: Path, repeated: int = 1_048_000) -> Path:
    table = (
        '<table:table-column table:number-columns-repeated="3"/>'
        '<table:table-column table:visibility="collapse"/>'
        '<table:table-column table:number-columns-repeated="1020"/>'
        + ods_row(
            ods_cell("Offres de l'Arbois", ' table:number-columns-spanned="4" table:number-rows-spanned="1"'),
            '<table:covered-table-cell table:number-columns-repeated="3"/>',
        )
        + ods_row('<table:table-cell table:number-columns-repeated="1024"/>')
        + ods_row(
            ods_cell("Intitulé\nde l'offre"),
            ods_cell("Structure\nporteuse"),
            ods_cell("Dernière mise à jour"),
            ods_cell("Code analytique"),
        )
        + ods_row(
            ods_cell("Pépinière"),
            ods_cell("Arbois", ' table:number-rows-spanned="3"'),
            ods_cell(date="2024-06-03"),
            ods_cell("ARB-01"),
        )
        + ods_row(
            '<table:table-cell office:value-type="string"><office:annotation><dc:creator>X</dc:creator>'
            "<text:p>commentaire</text:p></office:annotation><text:p>Accélérateur</text:p></table:table-cell>",
            "<table:covered-table-cell/>",
            ods_cell(date="2024-05-21T09:15:00"),
            ods_cell("ARB-02"),
        )
        + ods_row(ods_cell("Fab lab"), "<table:covered-table-cell/>", ods_cell(45485.0), ods_cell("ARB-03"))
        + ods_row(ods_cell("Cachée"), ods_cell("Autre"), attrs=' table:visibility="collapse"')
        + f'<table:table-row table:number-rows-repeated="{repeated}">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    legend = ods_row(ods_cell("Statut"), ods_cell("Active / Suspendue"))
    return write_ods(tmp_path / "arbois.ods", [("Offres", table), ("Légende", legend)])


def test_ods_merges_hidden_and_a_million_repeated_rows(tmp_path: Path) -> None:
    path = arbois_like(tmp_path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with open_workbook(path) as wb:
        assert wb.format == "ods"
        sheet = choose_sheet(wb, None, "offers")
        assert sheet == "Offres"
        rows = by_number(read_all(wb, sheet))
        hidden = wb.hidden_columns(sheet)
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert elapsed < 10, elapsed
    assert grown_mb < 200, grown_mb
    assert sorted(rows) == [1, 3, 4, 5, 6, 7]
    assert rows[1].values[:4] == ["Offres de l'Arbois"] * 4
    assert rows[3].values[:2] == ["Intitulé\nde l'offre", "Structure\nporteuse"]
    assert [rows[n].values[1] for n in (4, 5, 6)] == ["Arbois"] * 3
    assert rows[5].values[0] == "Accélérateur"  # the annotation is not part of the value
    assert rows[4].values[2] == dt.date(2024, 6, 3)
    assert rows[5].values[2] == dt.datetime(2024, 5, 21, 9, 15)
    assert rows[6].values[2] == 45485.0
    assert rows[7].hidden and not rows[6].hidden
    assert hidden == {3}


def test_ods_error_cells(tmp_path: Path) -> None:
    table = ods_row(ods_cell("Offre"), ods_cell("Structure")) + ods_row(
        ods_cell("Pépinière"),
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
    )
    with open_workbook(write_ods(tmp_path / "err.ods", [("F", table)])) as wb:
        assert read_all(wb, "F")[1].values[1] == CellError("#DIV/0!")


# ------------------------------------------------------------------------------------------------- xls


def test_xls_merges_hidden_errors_and_hidden_sheet(tmp_path: Path) -> None:
    offers = XlsSheet(
        "Offres CISAM été 2023",
        cells={
            (0, 0): "CISAM — offres",
            (2, 0): "Nom de l'offre",
            (2, 1): "Structure porteuse",
            (2, 2): "Date de mise à jour",
            (3, 0): "Fab lab",
            (3, 1): "CISAM",
            (3, 2): 45485.0,
            (4, 0): "Soft landing",
        },
        errors={(3, 3): 0x2A},
        merges=[(0, 0, 0, 2), (3, 4, 1, 1)],
        hidden_rows={4},
        hidden_cols={3},
    )
    path = tmp_path / "cisam.xls"
    path.write_bytes(xls([offers, XlsSheet("Listes", cells={(0, 0): "Hébergement"}, hidden=True)]))
    with open_workbook(path) as wb:
        assert wb.format == "xls"
        assert [(s.name, s.visible) for s in wb.sheets] == [
            ("Offres CISAM été 2023", True),
            ("Listes", False),
        ]
        sheet = choose_sheet(wb, None)
        assert sheet == "Offres CISAM été 2023"
        rows = by_number(read_all(wb, sheet))
        assert rows[1].values[:3] == ["CISAM — offres"] * 3
        assert rows[4].values == ["Fab lab", "CISAM", 45485.0, CellError("#N/A")]
        assert rows[5].values[:2] == ["Soft landing", "CISAM"] and rows[5].hidden
        assert wb.hidden_columns(sheet) == {3}


def test_xls_1904(tmp_path: Path) -> None:
    path = tmp_path / "mac.xls"
    path.write_bytes(xls([XlsSheet("F", cells={(0, 0): "x"})], date1904=True))
    with open_workbook(path) as wb:
        assert wb.epoch1904


# ------------------------------------------------------------------------------------------------- CSV

CSV_ROWS = [
    ["IMPULSE – Incubateur", "", "", ""],
    ["", "", "", ""],
    ["Intitulé", "Porteur", "Description", "Montant max (k€)"],
    ["Prêt d'honneur « Seed »", "Impulse  ", 'jusqu\'à 30 000 € ; "cœur" de cible', "30,5"],
    ["Mise en relation", "Impulse", "ligne 1\nligne 2", ""],
    ["Code 00123", "Impulse", "’œ€", "0045"],
]


def csv_text(sep: str, newline: str) -> str:
    def enc(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in f'{sep}"\n') else v

    return newline.join(sep.join(enc(v) for v in row) for row in CSV_ROWS) + newline


@pytest.mark.parametrize(
    ("encoding", "bom", "sep", "newline"),
    [
        ("cp1252", b"", ";", "\r\n"),
        ("utf-8", b"", ";", "\n"),
        ("utf-8", codecs.BOM_UTF8, ",", "\r\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\t", "\r\n"),
        ("utf-16-be", codecs.BOM_UTF16_BE, ";", "\n"),
        ("cp1252", b"", ",", "\r"),
    ],
)
def test_csv_encodings_separators_line_ends(
    tmp_path: Path, encoding: str, bom: bytes, sep: str, newline: str
) -> None:
    path = tmp_path / "impulse.csv"
    text = csv_text(sep, newline)
    if "\r" in newline:
        text = text.replace("ligne 1\nligne 2", "ligne 1\r\nligne 2")
    path.write_bytes(bom + text.encode(encoding))
    with open_workbook(path) as wb:
        assert wb.format == "csv"
        assert choose_sheet(wb, None) == "impulse"
        rows = read_all(wb, "impulse")
    assert [r.number for r in rows] == [1, 3, 4, 5, 6]  # record numbers; the quoted line break adds none
    assert rows[1].values == ["Intitulé", "Porteur", "Description", "Montant max (k€)"]
    assert rows[2].values == [
        "Prêt d'honneur « Seed »",
        "Impulse  ",
        'jusqu\'à 30 000 € ; "cœur" de cible',
        "30,5",
    ]
    assert rows[3].values[2] in ("ligne 1\nligne 2", "ligne 1\r\nligne 2")
    assert rows[4].values == ["Code 00123", "Impulse", "’œ€", "0045"]


def test_csv_progress_and_cancel(tmp_path: Path) -> None:
    path = tmp_path / "gros.csv"
    path.write_text("Offre;Structure\n" + "".join(f"Offre {i};S\n" for i in range(3000)), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    with open_workbook(path) as wb:
        assert len(list(wb.rows("gros", progress=lambda d, t: seen.append((d, t))))) == 3001
        assert seen and seen[-1][0] == seen[-1][1] == path.stat().st_size
        token = CancelToken()
        token.cancel()
        with pytest.raises(Cancelled):
            list(wb.rows("gros", cancel=token))


def test_workbook_progress_and_cancel(tmp_path: Path) -> None:
    path = tmp_path / "gros.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("F")
    for i in range(2000):
        ws.write_row(i, 0, [f"Offre {i}", "S"])
    book.close()
    seen: list[tuple[int, int]] = []
    with open_workbook(path) as wb:
        assert len(list(wb.rows("F", progress=lambda d, t: seen.append((d, t))))) == 2000
        assert seen[-1] == (2000, 2000)
        token = CancelToken()
        token.cancel()
        with pytest.raises(Cancelled):
            list(wb.rows("F", cancel=token))


# ------------------------------------------------------------------------------------------- choose_sheet


def test_choose_sheet_by_name_and_by_content(tmp_path: Path) -> None:
    path = tmp_path / "plusieurs.xlsx"
    book = xlsxwriter.Workbook(str(path))
    notes = book.add_worksheet("Notes")
    for i in range(30):
        notes.write(i, 0, f"note {i}")
    data = book.add_worksheet("Actions été")
    data.write_row(0, 0, ["N° action", "Intitulé de l'action", "État"])
    data.write_row(1, 0, ["A.1.1", "Outil d'orientation", "Engagée"])
    hidden = book.add_worksheet("Listes")
    hidden.write_row(0, 0, ["Offre", "Structure", "Besoin", "Stades", "Email"])
    hidden.hide()
    book.close()
    with open_workbook(path) as wb:
        assert choose_sheet(wb, None) == "Actions été"  # the header wins over the longer notes
        assert choose_sheet(wb, "actions ETE") == "Actions été"
        assert choose_sheet(wb, "Listes") == "Listes"  # asked for by name: hidden is fine
        with pytest.raises(UnknownSheet, match="Notes"):
            choose_sheet(wb, "Feuil9")
        with pytest.raises(UnknownSheet):
            list(wb.rows("Feuil9"))
