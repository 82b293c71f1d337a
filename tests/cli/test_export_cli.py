"""`stewarddesk export` as a user runs it: which entries (archived ones, status filters, a partner's), in
which file, and the one line it answers with."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.fields import export_columns
from tests.exporting.conftest import Clock, fill

from .kit import one_clear_line, run

AS_OF = "2026-11-21"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The export tests' catalogue: 4 offers (« Ancienne offre » archived), 4 actions, one archived here."""
    path = tmp_path / "catalogue.sqlite"
    with Catalogue.new(path, clock=Clock(), user="claire") as cat:
        fill(cat)
        (archived,) = [r["id"] for r in cat.rows("actions", cat.ids("actions")) if r["code"] == "C.1"]
        cat.archive("actions", [archived])
    return path


def titles(out: Path, column: str) -> list[str]:
    with out.open(encoding="utf-8-sig", newline="") as f:
        return [r[column] for r in csv.DictReader(f, delimiter=";")]


def test_export_without_filter_holds_archived_entries(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "offres.csv"
    result = run("export", "offers", "--db", db, "-o", out, "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert "Ancienne offre" in titles(out, "Offre")
    with out.open(encoding="utf-8-sig", newline="") as f:
        status = {r["Offre"]: r["Statut"] for r in csv.DictReader(f, delimiter=";")}
    assert status["Ancienne offre"] == "Archivée" and len(status) == 4
    actions = tmp_path / "actions.csv"
    assert run("export", "actions", "--db", db, "-o", actions, "--as-of", AS_OF).returncode == 0
    assert "Action sans orientation" in titles(actions, "Action")


def test_no_archived_leaves_them_out(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "offres.csv"
    result = run("export", "offers", "--db", db, "-o", out, "--no-archived", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert sorted(titles(out, "Offre")) == ["'@Prêt d'honneur", "Fab lab CISAM+", "Incubation Impulse"]
    actions = tmp_path / "actions.csv"
    assert run("export", "actions", "--db", db, "-o", actions, "--no-archived").returncode == 0
    assert "Action sans orientation" not in titles(actions, "Action") and len(titles(actions, "Action")) == 3


def test_a_review_workbook_holds_the_partners_live_entries_only(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "revue.xlsx"
    result = run("export", "offers", "--db", db, "-o", out, "--partner", "CISAM", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out)["Offres"]
    shown = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert "Fab lab CISAM+" in shown and "Ancienne offre" not in shown


def test_unsupported_suffix_is_refused(db: Path, tmp_path: Path) -> None:
    line = one_clear_line(run("export", "offers", "--db", db, "-o", tmp_path / "x.pdf"))
    assert ".xlsx" in line and ".csv" in line


@pytest.mark.parametrize("given", ["Engagée", "engaged", "engagee", "En cours", "In progress"])
def test_status_filter_takes_labels_codes_and_variants(db: Path, tmp_path: Path, given: str) -> None:
    out = tmp_path / "actions.csv"
    result = run("export", "actions", "--db", db, "-o", out, "--status", given, "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert titles(out, "Action") == ["Outil d'orientation des porteurs de projets"]


def test_status_filter_is_repeatable(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "offres.csv"
    result = run("export", "offers", "--db", db, "-o", out, "--status", "Suspendue", "--status", "archivée")
    assert result.returncode == 0, result.stderr
    assert sorted(titles(out, "Offre")) == ["Ancienne offre", "Fab lab CISAM+"]


def test_unknown_status_is_refused_listing_the_possible_values(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "offres.csv"
    line = one_clear_line(run("export", "offers", "--db", db, "-o", out, "--status", "nope"))
    assert "--status" in line and "« nope »" in line
    assert "Active (active), Suspendue (suspended), Archivée (archived)" in line
    assert not out.exists()
    english = one_clear_line(
        run("export", "actions", "--db", db, "-o", out, "--status", "Engagé!", lang="en_GB")
    )
    assert 'unknown value "Engagé!" for actions' in english and "In progress (engaged)" in english


def test_a_partners_export_to_csv_is_its_entries_as_csv(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cisam.csv"
    result = run("export", "offers", "--db", db, "-o", out, "--partner", "cisam", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert list(rows[0]) == export_columns("offers")
    assert sorted(r["Offre"] for r in rows) == ["Ancienne offre", "Fab lab CISAM+"]
    assert {r["Structure"] for r in rows} == {"CISAM"}
    assert ".xlsx" in run("export", "--help").stdout.split("--partner")[-1]
