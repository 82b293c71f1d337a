from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.exporting import export_entries
from stewarddesk.exporting.cells import export_sheet_columns
from stewarddesk.fields import FIELDS, EntryKind

from .conftest import ACTIONS_HEADER, AS_OF, OFFERS_HEADER
from .workbooks import as_date, assert_no_formula, header_row, load, records, table


def _review(cat: Catalogue, out_dir: Path, kind: EntryKind, partner: str, **kw: Any) -> Path:
    out = out_dir / f"revue-{kind}.xlsx"
    result = export_entries(cat, kind, out, partner=partner, as_of=AS_OF, **kw)
    assert result.format == "xlsx" and result.partner is not None
    return out


def test_offers_review_holds_the_partners_offers(cat: Catalogue, out_dir: Path) -> None:
    out = _review(cat, out_dir, "offers", "impulse")  # spelling-insensitive
    wb = load(out)
    assert wb.sheetnames == ["Offres", "Instructions", "_listes", "_export"]
    header, _ = table(wb["Offres"], "Offre")
    assert header == OFFERS_HEADER
    titles = sorted(r["Offre"] for r in records(wb["Offres"], "Offre"))
    assert titles == ["@Prêt d'honneur", "Incubation Impulse"]
    assert "Impulse" in str(wb["Offres"].cell(1, 1).value)
    assert_no_formula(out)


def test_actions_review_holds_the_actions_the_partner_carries(cat: Catalogue, out_dir: Path) -> None:
    out = _review(cat, out_dir, "actions", "A*MIDEX")
    wb = load(out)
    header, _ = table(wb["Actions"], "Code")
    assert header == ACTIONS_HEADER
    assert [r["Code"] for r in records(wb["Actions"], "Code")] == ["A.1.2"]


def _validations(ws: Any) -> dict[str, Any]:
    """Column letter → the data validation covering that column's first data row."""
    out: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    return out


@pytest.mark.parametrize("kind", ["offers", "actions"])
def test_every_vocabulary_column_has_a_french_drop_down(
    cat: Catalogue, out_dir: Path, kind: EntryKind
) -> None:
    partner = "Impulse" if kind == "offers" else "A*MIDEX"
    wb = load(_review(cat, out_dir, kind, partner))
    ws = wb.worksheets[0]
    lists = wb["_listes"]
    validations = _validations(ws)
    start = header_row(ws, FIELDS[kind][0].export)
    for col, f in enumerate(FIELDS[kind], start=1):
        letter = ws.cell(start, col).column_letter
        if f.vocab is None:
            continue
        dv = validations[letter]
        assert dv.type == "list", f.name
        sheet, ref = dv.formula1.split("!")
        assert sheet.strip("'") == "_listes"
        first, last = ref.replace("$", "").split(":")
        offered = [c.value for row in lists[f"{first}:{last}"] for c in row]
        assert offered == [vocab.label(f.vocab, code, "fr") for code in vocab.codes(f.vocab)]
        # one value only: refused otherwise; several values: offered, with a notice
        # («stop», the file format's default, is left out of the file: None)
        assert dv.errorStyle == (None if f.type == "code" else "information"), f.name
        assert dv.showErrorMessage
    for f in FIELDS[kind]:
        if f.type == "date":
            letter = ws.cell(start, [x.name for x in FIELDS[kind]].index(f.name) + 1).column_letter
            assert validations[letter].type == "date"


def test_id_and_alerts_are_locked_the_rest_editable(cat: Catalogue, out_dir: Path) -> None:
    wb = load(_review(cat, out_dir, "offers", "Impulse"))
    ws = wb["Offres"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False  # «False» here means: not prevented
    start = header_row(ws, "Offre")
    row = start + 1
    for col, name in enumerate(OFFERS_HEADER, start=1):
        cell = ws.cell(row, col)
        if cell.value is not None:  # empty cells are not written: the column's format applies
            assert cell.protection.locked == (name in ("Alertes", "ID")), name
    # the empty rows below the table stay editable (new entries) through the columns' own format,
    # except ID and Alertes; text columns are formatted as text so « 0491… » keeps its zero
    for letter, name in zip("ABCDEFGHIJKLMNO", OFFERS_HEADER, strict=True):
        assert ws.column_dimensions[letter].protection.locked == (name in ("Alertes", "ID")), name
    assert ws.column_dimensions["I"].number_format == "@"  # Téléphone
    assert ws.cell(start, 1).protection.locked  # the header itself is locked


def test_the_hidden_export_sheet_holds_the_values_in_code_form(cat: Catalogue, out_dir: Path) -> None:
    wb = load(_review(cat, out_dir, "offers", "Impulse"))
    exported = wb["_export"]
    assert exported.sheet_state == "veryHidden"  # not in Excel's Unhide menu
    assert wb["_listes"].sheet_state == "hidden"
    rows = [list(r) for r in exported.iter_rows(values_only=True)]
    assert rows[0] == export_sheet_columns("offers") == [f.name for f in FIELDS["offers"]] + ["id"]
    baseline = {r[-1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    shown = records(wb["Offres"], "Offre")
    assert [str(r["ID"]) for r in shown] == [r[-1] for r in rows[1:]]  # same entries, same order
    for row in shown:
        entry = cat.get("offers", row["ID"])
        base = baseline[str(row["ID"])]
        assert base["title"] == entry["title"] == row["Offre"]
        assert base["status"] == entry["status"]  # a code, not « Active »
        assert base["need"] == entry["need"]
        assert base["reviewed"] == entry["reviewed"]  # ISO text
        assert as_date(row["Revue le"]) == dt.date.fromisoformat(entry["reviewed"])
        assert base["stages"] == ("; ".join(entry["stages"]) or None)
        assert base["structure"] == "Impulse"
    impulse = next(b for b in baseline.values() if b["title"] == "Incubation Impulse")
    assert impulse["stages"] == "creation; growth"
    assert impulse["sectors"] == "Santé; Numérique"
    assert impulse["description"].startswith("=HYPERLINK(")  # as text: the sheet is read, not run
    assert all(isinstance(v, str) or v is None for r in rows for v in r)


def test_instructions_in_french(cat: Catalogue, out_dir: Path) -> None:
    wb = load(_review(cat, out_dir, "actions", "A*MIDEX"))
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Comment remplir ce classeur" in text
    assert "« A*MIDEX »" in text and "21/11/2026" in text
    assert "séparez-les par « ; »" in text and "« ID »" in text
    # The drop-down columns named are the actions' own (no « besoin » in an actions workbook).
    assert "(type de porteur, temporalité, statut) n'acceptent que les valeurs proposées" in text
    offers = load(_review(cat, out_dir, "offers", "Impulse"))
    text = " ".join(str(c.value) for row in offers["Instructions"].iter_rows() for c in row if c.value)
    assert "(besoin, statut) n'acceptent que les valeurs proposées" in text


def test_only_flagged_review(cat: Catalogue, out_dir: Path) -> None:
    wb = load(_review(cat, out_dir, "offers", "Impulse", only_flagged=True))
    assert [r["Offre"] for r in records(wb["Offres"], "Offre")] == ["@Prêt d'honneur"]
    assert len(list(wb["_export"].iter_rows())) == 2


def test_unknown_partner_names_close_names(cat: Catalogue, out_dir: Path) -> None:
    with pytest.raises(KnownError) as err:
        export_entries(cat, "offers", out_dir / "r.xlsx", partner="Impuls", as_of=AS_OF)
    message = str(err.value)
    assert "« Impuls »" in message and "« Impulse »" in message
    assert "\n" not in message
    with pytest.raises(KnownError, match="aucun nom proche|no close name"):
        export_entries(cat, "offers", out_dir / "r.xlsx", partner="Zzzzqx", as_of=AS_OF)
    assert not (out_dir / "r.xlsx").exists()


def test_a_partners_csv_is_the_csv_export_of_its_entries(cat: Catalogue, out_dir: Path) -> None:
    out = out_dir / "r.csv"
    result = export_entries(cat, "offers", out, partner="impulse", as_of=AS_OF)
    assert (result.format, result.partner, result.count) == ("csv", "Impulse", 2)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == OFFERS_HEADER  # the columns of any CSV export, no review sheet
    assert {r[1] for r in rows[1:]} == {"Impulse"}
