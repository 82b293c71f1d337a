"""LibreOffice opens every kind of export and converts it to CSV and PDF without error.

A real spreadsheet application is the judge of what our writers produce: it must open the workbooks,
print them (PDF), and read the text that looks like a formula as text. Skipped when `soffice` is missing
(Debian: `apt-get install libreoffice-calc-nogui`).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.exporting import export_entries

from .conftest import ACTIONS_HEADER, AS_OF, OFFERS_HEADER, ORIENTATION_A, ORIENTATION_B

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
# UTF-8 CSV of every sheet, one file per sheet («-1»), «;» separated, cells as shown.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1"
TIMEOUT_S = 180


def _convert(files: list[Path], target: str, out: Path, profile: Path) -> None:
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",  # our own profile: runs in parallel safely
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr


@pytest.fixture
def exports(cat: Catalogue, out_dir: Path) -> dict[str, Path]:
    files = {
        "actions": out_dir / "actions.xlsx",
        "offers": out_dir / "offers.xlsx",
        "review_offers": out_dir / "review_offers.xlsx",
        "review_actions": out_dir / "review_actions.xlsx",
        "csv": out_dir / "offers_csv.csv",
    }
    export_entries(cat, "actions", files["actions"], as_of=AS_OF)
    export_entries(cat, "offers", files["offers"], as_of=AS_OF)
    export_entries(cat, "offers", files["review_offers"], partner="Impulse", as_of=AS_OF)
    export_entries(cat, "actions", files["review_actions"], partner="A*MIDEX", as_of=AS_OF)
    export_entries(cat, "offers", files["csv"], as_of=AS_OF)
    return files


def _sheet_csv(folder: Path, stem: str, sheet: str) -> list[list[str]]:
    text = (folder / f"{stem}-{sheet}.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_libreoffice_converts_every_export_to_pdf_and_csv(exports: dict[str, Path], tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"
    pdf_dir, csv_dir = tmp_path / "pdf", tmp_path / "csv"
    workbooks = [p for p in exports.values() if p.suffix == ".xlsx"]
    _convert([*workbooks, exports["csv"]], "pdf", pdf_dir, profile)
    for path in exports.values():
        pdf = pdf_dir / f"{path.stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF"), path.name
        assert pdf.stat().st_size > 1000
    _convert(workbooks, CSV_FILTER, csv_dir, profile)

    offers = _sheet_csv(csv_dir, "offers", "Offres")
    start = next(i for i, r in enumerate(offers) if r[:1] == ["Offre"])
    assert offers[start] == OFFERS_HEADER
    by_title = {r[0]: dict(zip(OFFERS_HEADER, r, strict=True)) for r in offers[start + 1 :]}
    # text that looks like a formula stays text in a real spreadsheet, too
    assert by_title["Incubation Impulse"]["Description"].startswith("=HYPERLINK(")
    assert by_title["Incubation Impulse"]["Téléphone"] == "+33 4 91 00 00 00"
    assert by_title["@Prêt d'honneur"]["Revue le"] == "01/01/2024"  # a real date, shown the French way

    summary = _sheet_csv(csv_dir, "actions", "Synthèse")
    assert [c for c in next(r for r in summary if r[:1] == ["Total"]) if c] == [
        "Total",
        "1",
        "1",
        "1",
        "1",
        "4",
    ]
    sheets = [p.name for p in csv_dir.iterdir() if p.name.startswith("actions-")]
    assert sorted(sheets) == ["actions-Actions.csv", "actions-Synthèse.csv"]
    actions = _sheet_csv(csv_dir, "actions", "Actions")
    start = actions.index(ACTIONS_HEADER)
    # Each orientation's heading row, then its actions (their Orientation column filled).
    assert [r[0] for r in actions[start + 1 :] if any(r)] == [
        "Sans orientation",
        "C.1",
        ORIENTATION_A,
        "A.1.1",
        "A.1.2",
        ORIENTATION_B,
        "B.1.1",
    ]
    assert {r[1] for r in actions[start + 1 :] if r[0] in ("A.1.1", "A.1.2")} == {ORIENTATION_A}

    review = _sheet_csv(csv_dir, "review_offers", "_export")
    assert review[0][-1] == "id" and len(review) == 3
