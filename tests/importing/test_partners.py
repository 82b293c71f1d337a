"""The public partner fixtures (../shared/fixtures/partners): every file reads, its header is found at the
row README.md gives, the two unusable files are refused with one line. Skipped without ../shared."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.dates import read_date_column
from stewarddesk.importing.header import find_header
from stewarddesk.importing.read import choose_sheet, open_workbook, read_all
from stewarddesk.importing.safety import UnreadableFile

from .builders import PARTNERS

pytestmark = pytest.mark.skipif(not PARTNERS.is_dir(), reason=f"shared fixtures absent ({PARTNERS})")

HEADER_ROWS = {
    "marseille_innovation_offres_2024.xlsx": 4,
    "impulse_offres_2024.csv": 4,
    "technopole_arbois_offres.ods": 3,
    "banques_innov_financement.xlsx": 5,
    "cisam_offres_2023.xls": 3,
    "amft_actions_innov_provence.xlsx": 3,
    "medinsoft_revue_actions_2025.xlsx": 3,
    "amu_amidex_actions_2024.xlsx": 5,
}


def expected() -> list[dict[str, object]]:
    if not PARTNERS.is_dir():
        return []
    files: list[dict[str, object]] = json.loads((PARTNERS / "expected.json").read_text(encoding="utf-8"))[
        "files"
    ]
    return files


@pytest.mark.parametrize("entry", expected(), ids=lambda e: str(e["file"]))
def test_partner_file(entry: dict[str, object]) -> None:
    path = PARTNERS / str(entry["file"])
    kind = entry["kind"]
    assert kind in ("offers", "actions")
    if entry["exit"] != 0:
        with pytest.raises(UnreadableFile) as info:
            open_workbook(path)
        assert "\n" not in str(info.value)
        return
    with open_workbook(path) as wb:
        sheet = choose_sheet(wb, entry.get("sheet"), kind)  # type: ignore[arg-type]
        rows = read_all(wb, sheet)
    header = find_header(rows, kind)  # type: ignore[arg-type]
    assert header.row == HEADER_ROWS[path.name]
    assert header.has_title
    assert find_header(rows, None).kind == kind  # the kind can be told from the columns alone
    numbers = {r.number for r in rows}
    for blank in entry["blank_rows"]:  # type: ignore[attr-defined]
        assert blank not in numbers
    for item in list(entry["rejected"]) + list(entry["rows"]):  # type: ignore[call-overload]
        assert item["row"] in numbers  # every row the expectations speak of is read, hidden or not


def rows_of(name: str) -> dict[int, list[object]]:
    with open_workbook(PARTNERS / name) as wb:
        sheet = choose_sheet(wb, None)
        return {r.number: r.values for r in read_all(wb, sheet)}


def test_marseille_innovation_details() -> None:
    with open_workbook(PARTNERS / "marseille_innovation_offres_2024.xlsx") as wb:
        assert wb.hidden_columns("Offres MI") == {11}
        rows = {r.number: r for r in read_all(wb, "Offres MI")}
    assert rows[7].values[0] == "Prêt d'honneur innovation"  # cached value of =CONCATENATE(...)
    assert rows[9].values[10] == dt.date(2024, 5, 2)  # =DATE(2024,5,2)
    assert rows[9].values[11] == CellError("#REF!")
    assert rows[7].values[10] == 45485.0
    dates = read_date_column([rows[n].values[10] for n in sorted(rows) if n > 4])
    assert [d.date for d in dates if d.status == "impossible"] == [None]
    assert dt.date(2024, 7, 12) in [d.date for d in dates]


def test_arbois_vertical_merge_and_hidden_column() -> None:
    rows = rows_of("technopole_arbois_offres.ods")
    assert [rows[n][1] for n in (4, 5, 6)] == ["Technopôle de l'Arbois"] * 3
    assert rows[5][0] == "Accélérateur environnement"
    with open_workbook(PARTNERS / "technopole_arbois_offres.ods") as wb:
        assert wb.hidden_columns("Offres") == {9}


def test_amu_hidden_row_is_data() -> None:
    with open_workbook(PARTNERS / "amu_amidex_actions_2024.xlsx") as wb:
        rows = {r.number: r for r in read_all(wb, "Actions AMU")}
    assert rows[10].hidden and rows[10].values[3] == "Diffuser l'innovation dans toutes les formations"


def test_banques_codes_keep_their_form() -> None:
    rows = rows_of("banques_innov_financement.xlsx")
    assert rows[6][11] == "00123"
    assert rows[7][11] == 4567.0
    assert rows[10][0] is None  # =IF(...) whose cached value is empty


def test_impulse_csv_record_numbers() -> None:
    rows = rows_of("impulse_offres_2024.csv")
    assert rows[9][0] == "Mise en relation avec les laboratoires AMU"
    assert "\n" in str(rows[9][6])
    assert rows[10][0] == "Ateliers « Business model »"
    assert rows[14][11] == "45485"


def test_cisam_xls_hidden_sheet_not_chosen() -> None:
    with open_workbook(PARTNERS / "cisam_offres_2023.xls") as wb:
        assert [(s.name, s.visible) for s in wb.sheets] == [
            ("Offres CISAM été 2023", True),
            ("Listes", False),
        ]
        assert choose_sheet(wb, None) == "Offres CISAM été 2023"


def test_unusable_files_messages() -> None:
    for name, words in [
        ("pepite_provence_offres_tronque.xlsx", "incomplet"),
        ("compte_rendu_comite_technopoles.xlsx", "fichier texte"),
    ]:
        with pytest.raises(UnreadableFile, match=words):
            open_workbook(Path(PARTNERS / name))
