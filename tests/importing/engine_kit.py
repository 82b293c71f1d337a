"""Helpers for the import-engine tests: a settable clock, fresh catalogues, sheets built in code."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import openpyxl

from stewarddesk.catalogue import Catalogue

AS_OF = dt.date(2025, 3, 1)

OFFER_HEADER = ["Offre", "Structure", "Besoin", "Stades", "Email", "Statut", "Réf. partenaire", "Revue le"]
ACTION_HEADER = ["Code", "Action", "Type de porteur", "Porteurs", "Temporalité", "Statut", "Date d'adoption"]


class Clock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 1, 10, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def new_catalogue(folder: Path, clock: Clock | None = None, name: str = "catalogue.sqlite") -> Catalogue:
    return Catalogue.new(folder / name, clock=clock or Clock(), user="claire")


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str = "Offres",
    hidden_cols: Sequence[str] = (),
    extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    hidden_sheets: Sequence[str] = (),
) -> Path:
    """An .xlsx with `rows` on its first sheet (openpyxl writes « =… » strings as formulas: pass
    `openpyxl.cell.cell` values only when a formula is meant)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for letter in hidden_cols:
        ws.column_dimensions[letter].hidden = True
    for name, content in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in content:
            other.append(list(row))
        if name in hidden_sheets:
            other.sheet_state = "hidden"
    wb.save(path)
    return path


def write_text_cells_xlsx(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Offres") -> Path:
    """Like `write_xlsx` but every string is stored as text, even « =… » (as Excel does for text typed
    with a leading apostrophe)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, value, book.add_format({"num_format": "dd/mm/yyyy"}))
            else:
                ws.write(r, c, value)
    book.close()
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fp:
        writer = csv.writer(fp, delimiter=";")
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_ids(cat: Catalogue, kind: str) -> list[int]:
    return [int(r[0]) for r in cat.conn.execute(f"SELECT id FROM {kind} ORDER BY id")]


def by_title(cat: Catalogue, kind: Literal["offers", "actions"]) -> dict[str, dict[str, Any]]:
    """Every entry of `kind` (archived ones too), by title."""
    return {e["title"]: e for e in cat.rows(kind, all_ids(cat, kind))}


def journal_count(cat: Catalogue) -> int:
    return int(cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0])
