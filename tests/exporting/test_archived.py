"""Archived actions in an export: their row says « Archivée » (in `Alertes`: no contract column says it,
unlike an archived offer's Statut), greyed in the workbook rather than shown as an alert, and a
re-import of the export changes nothing, leaving them archived."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.exporting import export_entries

from .conftest import ACTIONS_HEADER, AS_OF
from .workbooks import entry_records, load

EVERYTHING = Query(include_archived=True)  # what the command line exports by default


@pytest.fixture
def archived_id(cat: Catalogue) -> int:
    """B.1.1 archived: flagged stale and incomplete while live, it has no flag once archived."""
    (action,) = cat.ids("actions", Query(filters={"code": ("B.1.1",)}))
    cat.archive("actions", [action])
    return action


def _csv_rows(path: Path) -> dict[str, dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ACTIONS_HEADER  # no column added or moved
    return {r[0]: dict(zip(ACTIONS_HEADER, r, strict=True)) for r in rows[1:]}


def test_csv_row_of_an_archived_action_says_so(cat: Catalogue, out_dir: Path, archived_id: int) -> None:
    out = out_dir / "actions.csv"
    result = export_entries(cat, "actions", out, query=EVERYTHING, as_of=AS_OF)
    assert (result.count, result.archived) == (4, 1)
    rows = _csv_rows(out)
    assert rows["B.1.1"]["Alertes"] == "Archivée"
    assert rows["B.1.1"]["Statut"] == "À définir"  # its status is kept as it was
    assert int(rows["B.1.1"]["ID"]) == archived_id
    assert rows["A.1.1"]["Alertes"].startswith(
        "Échéance du 24/03/2023 dépassée"
    )  # live entries keep their reasons
    assert rows["A.1.2"]["Alertes"] == ""


def test_workbook_row_of_an_archived_action_says_so_in_grey(
    cat: Catalogue, out_dir: Path, archived_id: int
) -> None:
    out = out_dir / "actions.xlsx"
    export_entries(cat, "actions", out, query=EVERYTHING, as_of=AS_OF)
    wb = load(out)
    sheet = "Actions"
    (row,) = [r for r in entry_records(wb[sheet], "Code") if r["Code"] == "B.1.1"]
    assert (row["Code"], row["Alertes"], row["ID"]) == ("B.1.1", "Archivée", archived_id)
    alerts_letter = "M"
    rules = [
        rule
        for cf in wb[sheet].conditional_formatting
        if str(cf.sqref).startswith(alerts_letter)
        for rule in cf.rules
    ]
    first = min(rules, key=lambda r: r.priority)
    # Its own grey rule comes first and stops there: not painted as an alert.
    assert (first.type, first.operator, first.formula, first.stopIfTrue) == (
        "cellIs",
        "equal",
        ['"Archivée"'],
        True,
    )
    assert first.dxf.font.i and first.dxf.fill.bgColor.rgb.endswith("E7E6E6")
    assert any(r.type == "notContainsBlanks" for r in rules)  # the alerts' highlight is still there


def test_live_only_export_has_no_archived_row(cat: Catalogue, out_dir: Path, archived_id: int) -> None:
    out = out_dir / "actions.csv"
    export_entries(cat, "actions", out, as_of=AS_OF)
    rows = _csv_rows(out)
    assert "B.1.1" not in rows
    assert all(r["Alertes"] != "Archivée" for r in rows.values())


@pytest.mark.skipif(
    importlib.util.find_spec("stewarddesk.importing.api") is None, reason="the import engine is not there yet"
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_reimporting_the_export_changes_nothing_and_keeps_it_archived(
    cat: Catalogue, out_dir: Path, archived_id: int, suffix: str
) -> None:
    from stewarddesk.importing.api import import_file

    out = out_dir / f"actions{suffix}"
    exported = export_entries(cat, "actions", out, query=EVERYTHING, as_of=AS_OF)
    before = cat.get("actions", archived_id)
    report = import_file(cat, out, kind="actions", as_of=AS_OF).report
    assert (report["inserted"], report["updated"], report["rejected"]) == (0, 0, [])
    assert report["unchanged"] == exported.count
    assert report["warnings"] == []  # the workbook's orientation headings are not stray lines
    assert cat.get("actions", archived_id) == before
    assert cat.get("actions", archived_id)["archived"]
