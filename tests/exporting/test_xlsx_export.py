from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.exporting import export_entries
from stewarddesk.exporting.xlsx_export import sheet_name

from .conftest import ACTIONS_HEADER, AS_OF, OFFERS_HEADER, ORIENTATION_A, ORIENTATION_B
from .workbooks import as_date, assert_no_formula, entry_records, header_row, layout, load, records, table


@pytest.fixture
def actions_xlsx(cat: Catalogue, out_dir: Path) -> Path:
    out = out_dir / "actions.xlsx"
    result = export_entries(cat, "actions", out, as_of=AS_OF)
    assert (result.count, result.format, result.kind) == (4, "xlsx", "actions")
    return out


def test_actions_on_one_sheet_grouped_by_orientation_under_headings(actions_xlsx: Path) -> None:
    wb = load(actions_xlsx)
    assert wb.sheetnames == ["Synthèse", "Actions"]
    ws = wb["Actions"]
    # A heading at outline level 0 per orientation (the actions without one first), its actions at level
    # 1 under it, in the roadmap's order (by code); the summary rows above their detail.
    assert layout(ws, "Code") == [
        ("heading", "Sans orientation", 0),
        ("entry", "C.1", 1),
        ("heading", ORIENTATION_A, 0),  # the full text, not cut
        ("entry", "A.1.1", 1),
        ("entry", "A.1.2", 1),
        ("heading", ORIENTATION_B, 0),
        ("entry", "B.1.1", 1),
    ]
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    assert ws.sheet_format.outlineLevelRow == 1
    # The Orientation column (a contract column) is shown and filled on every action's row.
    assert not ws.column_dimensions["B"].hidden
    by_code = {r["Code"]: r["Orientation"] for r in entry_records(ws, "Code")}
    assert by_code == {"C.1": None, "A.1.1": ORIENTATION_A, "A.1.2": ORIENTATION_A, "B.1.1": ORIENTATION_B}
    assert "Filtre : toutes les entrées — 4 entrées" in str(ws.cell(2, 1).value)


def test_orientation_headings_are_bands_over_the_table(actions_xlsx: Path) -> None:
    ws = load(actions_xlsx)["Actions"]
    start = header_row(ws, "Code")
    heading = next(
        row
        for row in ws.iter_rows(min_row=start + 1)
        if row[0].value == ORIENTATION_A and row[13].value is None
    )
    first = heading[0]
    assert first.font.b and first.fill.fgColor.rgb.endswith("DDE6F1") and not first.alignment.wrap_text
    # The band spans the visible columns (filled, not merged: a table with merged cells cannot be sorted).
    assert all(c.fill.fgColor.rgb.endswith("DDE6F1") for c in heading[1:13])
    assert all(c.value is None for c in heading[1:])
    assert not ws.merged_cells.ranges
    assert ws.row_dimensions[first.row].height == 18
    # The grid is drawn on the entries' rows (their ID filled), not across the heading's text.
    grid = [rule for cf in ws.conditional_formatting for rule in cf.rules if rule.type == "expression"]
    assert [rule.formula for rule in grid] == [[f'$N{start + 1}<>""']]


def test_data_sheet_has_designs_header_title_and_layout(actions_xlsx: Path) -> None:
    wb = load(actions_xlsx)
    ws = wb["Actions"]
    header, data = table(ws, "Code")
    assert header == ACTIONS_HEADER
    start = header_row(ws, "Code")
    assert start > 1  # a title above
    title = str(ws.cell(1, 1).value)
    assert "catalogue « catalogue »" in title and "21/11/2026" in title
    assert "Filtre : toutes les entrées" in str(ws.cell(2, 1).value)
    assert ws.freeze_panes == f"A{start + 1}"
    assert ws.auto_filter.ref == f"A{start}:N{start + len(data)}"  # headings and actions
    id_letter = "N"
    assert ws.column_dimensions[id_letter].hidden
    assert ws.page_setup.orientation == "landscape"
    # fitToWidth defaults to 1 in the file format (xlsxwriter leaves it out); 0 pages high = as many as needed
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${start}:${start}"
    assert len(ws.conditional_formatting) >= 2  # status colours and the flagged cells
    assert len(entry_records(ws, "Code")) == 4


def test_values_are_labels_real_dates_and_reasons(cat: Catalogue, actions_xlsx: Path) -> None:
    wb = load(actions_xlsx)
    rows = entry_records(wb["Actions"], "Code")
    by_code = {r["Code"]: r for r in rows}
    a11 = by_code["A.1.1"]
    assert a11["Statut"] == "Engagée"
    assert a11["Temporalité"] == "Court terme"
    assert as_date(a11["Date d'adoption"]) == dt.date(2022, 3, 24)
    assert as_date(a11["Revue le"]) == dt.date(2026, 10, 6)
    assert "Échéance du 24/03/2023 dépassée" in a11["Alertes"]
    assert by_code["A.1.2"]["Porteurs"] == "Aix-Marseille Université; A*MIDEX"
    assert by_code["A.1.2"]["Alertes"] is None
    assert a11["ID"] == cat.ids("actions", Query(filters={"code": ("A.1.1",)}))[0]
    for row in rows:
        for header in ("Date d'adoption", "Revue le"):
            if row[header] is not None:
                as_date(row[header])


def test_no_formula_anywhere(cat: Catalogue, out_dir: Path, actions_xlsx: Path) -> None:
    assert_no_formula(actions_xlsx)
    offers = out_dir / "offers.xlsx"
    export_entries(cat, "offers", offers, as_of=AS_OF)
    assert_no_formula(offers)
    ws = load(offers)["Offres"]
    by_title = {r["Offre"]: r for r in records(ws, "Offre")}
    impulse = by_title["Incubation Impulse"]
    assert impulse["Description"].startswith("=HYPERLINK(")  # kept as text, not run
    assert impulse["Téléphone"] == "+33 4 91 00 00 00"
    assert by_title["@Prêt d'honneur"]["Offre"] == "@Prêt d'honneur"
    desc_cell = next(
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=HYPER")
    )
    assert desc_cell.data_type == "s"
    assert desc_cell.quotePrefix  # stays text even when someone edits the cell


def test_offers_workbook_has_designs_header_and_summary(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "offers.xlsx"
    result = export_entries(cat, "offers", out, as_of=AS_OF)
    wb = load(out)
    assert wb.sheetnames == ["Synthèse", "Offres"]
    header, data = table(wb["Offres"], "Offre")
    assert header == OFFERS_HEADER
    assert len(data) == result.count == 3
    summary = [[c for c in row if c is not None] for row in wb["Synthèse"].iter_rows(values_only=True)]
    assert ["Accompagnement", 1, 0, 1] in summary  # need × status: Active, Suspendue, Total
    assert ["Total", 2, 1, 3] in summary


def test_summary_counts_status_by_term_and_carrier_type(actions_xlsx: Path) -> None:
    rows = [
        [c for c in row if c is not None]
        for row in load(actions_xlsx)["Synthèse"].iter_rows(values_only=True)
    ]
    header = next(r for r in rows if r and r[0] == "Statut")
    assert header == ["Statut", "Court terme", "Moyen terme", "Long terme", "(non renseigné)", "Total"]
    assert ["Engagée", 1, 0, 0, 0, 1] in rows
    assert ["Réalisée", 0, 0, 0, 1, 1] in rows
    assert ["Total", 1, 1, 1, 1, 4] in rows
    assert ["Acteurs de l'écosystème", 2] in rows
    assert ["Métropole", 1] in rows
    assert ["Incomplète", 1] in rows and ["Échéance dépassée", 1] in rows


def test_filter_is_stated_in_the_title_block(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "a.xlsx"
    query = Query(filters={"status": ("engaged", "to_start")}, text="outil", sort="code")
    result = export_entries(cat, "actions", out, query=query, as_of=AS_OF)
    assert result.count == 1
    wb = load(out)
    line = str(wb[wb.sheetnames[1]].cell(2, 1).value)
    assert "Statut = Engagée, À engager" in line and "recherche « outil »" in line


def test_only_flagged(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "a.xlsx"
    result = export_entries(cat, "actions", out, only_flagged=True, as_of=AS_OF)
    wb = load(out)
    codes = sorted(r["Code"] for r in entry_records(wb["Actions"], "Code"))
    assert codes == ["A.1.1", "B.1.1"] and result.count == 2
    assert "Alertes : À revoir, Échéance dépassée, Incomplète" in str(wb[wb.sheetnames[1]].cell(2, 1).value)


def test_two_exports_of_the_same_entries_are_identical(cat: Catalogue, out_dir: Path) -> None:
    first, second = out_dir / "1.xlsx", out_dir / "2.xlsx"
    export_entries(cat, "actions", first, as_of=AS_OF)
    export_entries(cat, "actions", second, as_of=AS_OF)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("kind", ["actions", "offers"])
def test_xlsxwriters_public_cell_methods_write_the_same_workbook(
    cat: Catalogue, out_dir: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The export calls xlsxwriter's undecorated cell methods when it has them (`cell_writers`); with
    the public ones (a release that renamed them) the workbook must be the same, byte for byte."""
    from stewarddesk.exporting import xlsx_style

    undecorated, public = out_dir / "undecorated.xlsx", out_dir / "public.xlsx"
    export_entries(cat, kind, undecorated, as_of=AS_OF)  # type: ignore[arg-type]
    monkeypatch.setattr(xlsx_style, "cell_writers", lambda ws: (ws.write_string, ws.write_number))
    export_entries(cat, kind, public, as_of=AS_OF)  # type: ignore[arg-type]
    assert undecorated.read_bytes() == public.read_bytes()


def test_an_empty_selection_still_gives_a_valid_workbook(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "none.xlsx"
    result = export_entries(cat, "offers", out, query=Query(text="introuvable"), as_of=AS_OF)
    assert result.count == 0
    header, data = table(load(out)["Offres"], "Offre")
    assert header == OFFERS_HEADER and data == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Synthèse", "Synthèse"),
        ("A/B: [x]*?", "A B x"),
        ("A. De l'émergence à la croissance : accueillir", "A. De l'émergence à la…"),
        ("'quoted'", "quoted"),
        ("", "Feuille"),
    ],
)
def test_sheet_names_are_valid(text: str, expected: str) -> None:
    name = sheet_name(text, set())
    assert name == expected
    assert len(name) <= 31 and not any(c in name for c in "[]:*?/\\")


def test_sheet_names_are_unique_ignoring_case() -> None:
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in ("Axe", "axe", "AXE")]
    assert names == ["Axe", "axe (2)", "AXE (3)"]
    long = [sheet_name("x" * 40, taken) for _ in range(2)]
    assert long[0] != long[1] and all(len(n) <= 31 for n in long)


def test_many_orientations_stay_on_one_sheet(cat: Catalogue, out_dir: Path) -> None:
    for n in range(40):
        cat.create(
            "actions",
            {"code": f"Z.{n:02d}", "title": f"Action {n}", "orientation": f"Z. Orientation {n:02d}"},
        )
    out = out_dir / "a.xlsx"
    export_entries(cat, "actions", out, as_of=AS_OF)
    wb = load(out)
    assert wb.sheetnames == ["Synthèse", "Actions"]
    rows = layout(wb["Actions"], "Code")
    assert sum(1 for what, _, _ in rows if what == "heading") == 43  # 40, A, B and « Sans orientation »
    assert rows[-2:] == [("heading", "Z. Orientation 39", 0), ("entry", "Z.39", 1)]


def test_text_beyond_excels_cell_limit_is_cut_in_xlsx_and_whole_in_csv(cat: Catalogue, out_dir: Path) -> None:
    long_text = "mot " * 10_000  # 40,000 characters
    cat.create("offers", {"title": "Longue", "structure": "CISAM", "description": long_text})
    export_entries(cat, "offers", out_dir / "o.xlsx", as_of=AS_OF)
    by_title = {r["Offre"]: r for r in records(load(out_dir / "o.xlsx")["Offres"], "Offre")}
    assert by_title["Longue"]["Description"] == long_text[:32767]
    export_entries(cat, "offers", out_dir / "o.csv", as_of=AS_OF)
    assert long_text.strip() in (out_dir / "o.csv").read_text(encoding="utf-8-sig")


def test_a_heading_that_starts_like_a_formula_stays_text(cat: Catalogue, out_dir: Path) -> None:
    cat.create("actions", {"code": "F.1", "title": "Formule", "orientation": "=SOMME(A1:A9) des efforts"})
    out = out_dir / "a.xlsx"
    export_entries(cat, "actions", out, as_of=AS_OF)
    ws = load(out)["Actions"]
    (heading,) = [row[0] for row in ws.iter_rows() if row[0].value == "=SOMME(A1:A9) des efforts"]
    assert heading.data_type == "s" and heading.quotePrefix and heading.font.b
    assert_no_formula(out)
