"""Row heights judged by a real spreadsheet: LibreOffice prints the actions workbook (PDF) and poppler
says where it drew each line of text. Every row must hold all the lines LibreOffice drew in it (no text
cut at the bottom), without many lines to spare.

Skipped without `soffice` (Debian: libreoffice-calc-nogui) or `pdftotext` (poppler-utils). LibreOffice
draws Arial with Liberation Sans (fonts-liberation2), or with its last resort DejaVu Sans: both are
checked for fit; the spare lines only with Liberation Sans, the font our widths are Arial's.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.exporting import export_entries
from stewarddesk.exporting.xlsx_style import LINE_HEIGHT

from .conftest import AS_OF, ORIENTATION_A

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="needs soffice and pdftotext"),
]
TIMEOUT_S = 180
CODE = re.compile(r"[A-Z]\.\d+\.\d+$")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')

TEXTS = [
    "Développement d'un outil digital interactif présentant l'ensemble de l'offre de l'écosystème, qui "
    "doit permettre aux porteurs de projets innovants d'identifier les offres correspondant à leur(s) "
    "besoin(s) et de trouver ainsi le bon interlocuteur.",
    "MÉTROPOLE AIX-MARSEILLE-PROVENCE — WWW MMM « GUIDAGE » DES PORTEURS DE PROJETS À L'INTERNATIONAL",
    "illicite illimité " * 12,
    "Lien : https://www.ampmetropole.fr/innovation/feuille-de-route/actions/accompagnement-des-start-up",
    "Première ligne.\nDeuxième ligne, plus longue que la largeur de la colonne Description sans aucun doute.\n"
    "\nAprès une ligne vide : l’œuvre « 1\u202f200 € » — qu’il s’agisse d’un prêt…",
    "Le financement — le dossier unique de financement permettant aux start-ups de remplir un document "
    "unique et favorisant la lisibilité et l'efficacité du traitement des dossiers. " * 3,
]


@pytest.fixture
def printed(cat: Catalogue, tmp_path: Path) -> tuple[Path, Path]:
    for i, text in enumerate(TEXTS * 2):
        cat.create(
            "actions",
            {
                "code": f"A.9.{i + 1}",
                "orientation": ORIENTATION_A,
                "axis": TEXTS[(i + 1) % len(TEXTS)][: 20 + 15 * i],
                "title": TEXTS[(i + 2) % len(TEXTS)][: 10 + 25 * i],
                "description": text,
                "carriers": ["Aix-Marseille Université", "A*MIDEX", "Club Innov Provence"][: 1 + i % 3],
                "status": "engaged",
                "indicators": TEXTS[(i + 3) % len(TEXTS)][: 30 * i],
            },
        )
    out = tmp_path / "actions.xlsx"
    export_entries(cat, "actions", out, as_of=AS_OF)
    assert SOFFICE is not None
    converted = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    return out, tmp_path / "actions.pdf"


def _our_lines(xlsx: Path) -> dict[str, int]:
    """Each action's row, by code: how many lines its height holds."""
    lines = {}
    for ws in openpyxl.load_workbook(xlsx).worksheets[1:]:
        for row in ws.iter_rows(min_row=5):
            code = row[0].value
            if isinstance(code, str) and CODE.match(code):
                height = ws.row_dimensions[row[0].row].height
                lines[code] = 1 if height is None else round((height - 2) / LINE_HEIGHT)
    return lines


def _drawn_lines(pdf: Path) -> dict[str, int]:
    """Each action's row, by code: how many lines LibreOffice drew in its tallest cell. The cells' text
    is top-aligned in one font size, so their n-th lines share one height: the row's distinct heights."""
    assert PDFTOTEXT is not None
    text = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    drawn: dict[str, int] = {}
    for page in text.stdout.split("<page ")[1:]:
        words = [(float(x), float(y), html.unescape(w)) for x, y, w in WORD.findall(page)]
        left = min((x for x, _, _ in words), default=0)
        # Rows start with a word in the first column: an action's code (one line), or any other line
        # there (a heading, a title) that ends the row above it.
        starts = sorted({(round(y), w) for x, y, w in words if x < left + 5})
        footer = max((y for _, y, _ in words), default=0)  # the page's footer, below the table
        for i, (top, code) in enumerate(starts):
            if not CODE.match(code):
                continue
            bottom = starts[i + 1][0] if i + 1 < len(starts) else footer
            drawn[code] = len({round(y) for _, y, _ in words if top - 1 <= y < bottom - 1})
    return drawn


def _font(pdf: Path) -> str:
    return "Liberation" if b"LiberationSans" in pdf.read_bytes() else "other"


def test_every_row_holds_the_lines_libreoffice_draws(printed: tuple[Path, Path]) -> None:
    xlsx, pdf = printed
    ours, drawn = _our_lines(xlsx), _drawn_lines(pdf)
    assert len(ours) == len(TEXTS) * 2 + 3  # the test's actions and the catalogue's A.1.1, A.1.2, B.1.1
    assert set(drawn) == set(ours)
    cut = {code: (drawn[code], ours[code]) for code in ours if drawn[code] > ours[code]}
    assert cut == {}, "rows too short for the text LibreOffice drew (drawn, held)"
    if _font(pdf) == "Liberation":
        # Excel's margins (see text_width.FILL) cost a line now and then, hardly more.
        roomy = {code: (drawn[code], ours[code]) for code in ours if ours[code] > drawn[code] * 1.15 + 1}
        assert roomy == {}, "rows much taller than the text LibreOffice drew (drawn, held)"
