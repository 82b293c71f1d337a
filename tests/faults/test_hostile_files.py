"""Hostile files through the real front door: `stewarddesk import FILE --db DB` refuses each with exit 2
and ONE clear line, leaves the catalogue byte-identical (no backup taken either), and stays within a few
hundred MB of memory (the child process's own peak, from wait4) and a few seconds.

tests/importing/test_safety.py checks the reading layer file by file; this is the whole command, on
bigger bombs (gigabytes), with memory measured where a user would feel it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .hostile import (
    HEADER_ROW,
    NS,
    billion_laughs,
    encrypted_xlsx,
    huge_cell_text,
    inline_row,
    ods,
    worksheet,
    xlsx,
    zip_bomb,
)
from .kit import AS_OF, Ran, count, digest, one_clear_line, run

MEMORY_LIMIT_MB = 300
TIME_LIMIT_S = 30
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    db = tmp_path / "catalogue.sqlite"
    assert run("init", db).returncode == 0
    return db


def refused(db: Path, sheet: Path, needle: str = "") -> str:
    """Import `sheet`: exit 2, one line naming the file, catalogue untouched, memory and time bounded."""
    before = digest(db)
    ran = run("import", sheet, "--db", db, "--kind", "offers", "--as-of", AS_OF, timeout=120)
    line = one_clear_line(ran)
    assert sheet.name in line, line
    assert needle in line, line
    assert_bounded(ran)
    assert digest(db) == before
    assert not db.with_name(db.stem + ".backups").exists()
    return line


def assert_bounded(ran: Ran) -> None:
    assert ran.peak_mb < MEMORY_LIMIT_MB, f"peak memory {ran.peak_mb:.0f} MB"
    assert ran.seconds < TIME_LIMIT_S, f"{ran.seconds:.1f} s"


def sst_row() -> str:
    return worksheet(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')


BUILDERS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "entity bomb in the shared strings": (
        lambda d: xlsx(d / "rires.xlsx", sheet=sst_row(), shared=billion_laughs(f'sst xmlns="{NS}"')),
        "DTD",
    ),
    "entity bomb in the workbook part": (
        lambda d: xlsx(
            d / "classeur.xlsx",
            sheet=worksheet(HEADER_ROW),
            workbook=billion_laughs(f'workbook xmlns="{NS}"'),
        ),
        "DTD",
    ),
    "entity bomb in the worksheet": (
        lambda d: xlsx(d / "feuille.xlsx", sheet=billion_laughs(f'worksheet xmlns="{NS}"')),
        "DTD",
    ),
    "zip bomb: 2 GiB from 2 MB, sizes declared": (lambda d: zip_bomb(d / "bombe.xlsx"), "par sécurité"),
    "zip bomb: 2 GiB declared as 1,000 bytes": (
        lambda d: zip_bomb(d / "menteuse.xlsx", lie=True),
        "par sécurité",
    ),
    "a cell at XFD1048576 (1,048,576 rows x 16,384 columns)": (
        lambda d: xlsx(
            d / "etendue.xlsx",
            sheet=worksheet(
                HEADER_ROW
                + inline_row(2, "Atelier", "Impulse", "x")
                + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                head='<dimension ref="A1:XFD1048576"/>',
            ),
        ),
        "zone trop grande",
    ),
    "ods rows x columns repeated to 17 billion cells": (
        lambda d: ods(
            d / "repetee.ods",
            '<table:table-row><table:table-cell office:value-type="string"><text:p>Offre</text:p>'
            '</table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575">'
            '<table:table-cell office:value-type="float" office:value="1" '
            'table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row>',
        ),
        "zone trop grande",
    ),
    "a 50 MB single cell in a CSV": (
        lambda d: _write(d / "cellule.csv", "Offre;Description\r\nAtelier;" + huge_cell_text() + "\r\n"),
        "ligne 2",
    ),
    "an encrypted .xlsx (OLE container)": (lambda d: encrypted_xlsx(d / "chiffre.xlsx"), "mot de passe"),
    "a web page saved as .xlsx": (
        lambda d: _write(
            d / "export_web.xlsx",
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Offres</title></head><body><table>'
            "<tr><td>Offre</td><td>Structure</td></tr><tr><td>Atelier</td><td>Impulse</td></tr>"
            "</table></body></html>",
        ),
        "page web",
    ),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BUILDERS))
def test_hostile_file_is_refused_in_one_line_with_bounded_memory(
    case: str, catalogue: Path, tmp_path: Path
) -> None:
    build, needle = BUILDERS[case]
    refused(catalogue, build(tmp_path), needle)


@pytest.mark.parametrize(
    "name",
    [
        "sheetjs-test_files/password_2002_40_xor.xls",
        "sheetjs-test_files/password_2002_128_strong.xls",
        "tafia-calamine/pass_protected.ods",
        "tafia-calamine/pass_protected.xlsx",
        "dimastbk-python-calamine/password.xls",
        "dimastbk-python-calamine/password.xlsx",
    ],
)
def test_real_password_protected_workbooks(name: str, catalogue: Path) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"shared corpus absent ({path})")
    refused(catalogue, path, "mot de passe")


@pytest.mark.parametrize("part", ["sst", "worksheet", "workbook"])
def test_entity_bomb_whose_dtd_hides_after_70_kb_is_still_refused(
    part: str, catalogue: Path, tmp_path: Path
) -> None:
    """A comment before the DTD pushes it past the first 64 KB of the part: whatever reader then meets it,
    the command still refuses in one line, within bounds, the catalogue untouched."""
    root = f'{part} xmlns="{NS}"'
    if part == "sst":
        path = xlsx(tmp_path / "rires.xlsx", sheet=sst_row(), shared=billion_laughs(root, padding=70_000))
    elif part == "worksheet":
        path = xlsx(tmp_path / "rires.xlsx", sheet=billion_laughs(root, padding=70_000))
    else:
        path = xlsx(
            tmp_path / "rires.xlsx",
            sheet=worksheet(HEADER_ROW),
            workbook=billion_laughs(root, padding=70_000),
        )
    refused(catalogue, path)


@pytest.mark.parametrize("part", ["sst", "workbook"])
def test_padded_dtd_gets_the_dtd_sentence(part: str, catalogue: Path, tmp_path: Path) -> None:
    root = f'{part} xmlns="{NS}"'
    if part == "sst":
        path = xlsx(tmp_path / "rires.xlsx", sheet=sst_row(), shared=billion_laughs(root, padding=70_000))
    else:
        path = xlsx(
            tmp_path / "rires.xlsx",
            sheet=worksheet(HEADER_ROW),
            workbook=billion_laughs(root, padding=70_000),
        )
    refused(catalogue, path, "DTD")


@pytest.mark.slow
def test_a_50_mb_cell_in_a_small_workbook_is_refused(catalogue: Path, tmp_path: Path) -> None:
    text = huge_cell_text()
    sheet = worksheet(HEADER_ROW + inline_row(2, "Atelier", "Impulse", text))
    path = xlsx(tmp_path / "cellule.xlsx", sheet=sheet)
    assert path.stat().st_size < 1_000_000
    line = refused(catalogue, path, "accepte au plus 32 767")
    # Digits grouped the French way (narrow no-break spaces), as every number in a French sentence.
    millions, thousands = divmod(len(text) // 1000, 1000)  # the reader counts the cell trimmed
    assert f"la cellule C2 contient {millions}\u202f{thousands:03d}\u202f" in line, line


def test_a_declared_but_empty_extent_is_no_reason_to_refuse(catalogue: Path, tmp_path: Path) -> None:
    """`<dimension ref="A1:XFD1048576"/>` alone is what some tools write: the two real rows are imported,
    without allocating the declared rectangle."""
    path = xlsx(
        tmp_path / "declaree.xlsx",
        sheet=worksheet(
            HEADER_ROW + inline_row(2, "Atelier", "Impulse", "x") + inline_row(3, "Pépinière", "CISAM", "y"),
            head='<dimension ref="A1:XFD1048576"/>',
        ),
    )
    ran = run("import", path, "--db", catalogue, "--kind", "offers", "--as-of", AS_OF)
    assert ran.returncode == 0, ran.stderr
    assert_bounded(ran)
    assert count(catalogue, "SELECT count(*) FROM offers") == 2
