"""DESIGN.md, checked from outside: every public partner file through the installed command, as the fixtures'
README.md runs it (`stewarddesk init DB`, then `stewarddesk import FILE --db DB --kind KIND`), and what the
contract says of the command line around it: the JSON report's keys and shapes, exit statuses, one line on
stderr for unusable files with the catalogue identical byte for byte, `undo-import` of the batch, `check`.

The values the CSV export shows are compared in tests/importing/test_fixtures.py (in process, faster);
here every step is a real process, as an outside checker runs it.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from .kit import one_clear_line, run

PARTNERS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "partners"
EXPECTED = PARTNERS / "expected.json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not EXPECTED.is_file(), reason=f"partner fixtures not found at {PARTNERS}"),
]


def _cases(code: int) -> list[dict[str, Any]]:
    if not EXPECTED.is_file():
        return []
    files: list[dict[str, Any]] = json.loads(EXPECTED.read_text(encoding="utf-8"))["files"]
    return [c for c in files if c["exit"] == code]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as French Excel wants it
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    return path


@pytest.mark.parametrize("case", _cases(0), ids=lambda c: c["file"])
def test_a_partner_file_imports_reports_and_undoes(case: dict[str, Any], db: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "rapport.json"
    imported = run(
        "import", PARTNERS / case["file"], "--db", db, "--kind", case["kind"], "--report-json", report_path
    )
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr

    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert {"batch_id", "kind", "inserted", "updated", "unchanged", "rejected", "warnings"} <= set(report)
    assert isinstance(report["batch_id"], int) and report["kind"] == case["kind"]
    assert (report["inserted"], report["updated"]) == (case["inserted"], 0)
    assert all(
        set(r) >= {"row", "reason"} and isinstance(r["row"], int) and r["reason"] for r in report["rejected"]
    )
    assert all(isinstance(w, str) for w in report["warnings"])
    rejected = {r["row"] for r in report["rejected"]}
    must = {r["row"] for r in case["rejected"]}
    may = {r["row"] for r in case["may_reject"]}
    assert must <= rejected <= must | may, rejected

    out = tmp_path / "export.csv"
    assert run("export", case["kind"], "--db", db, "-o", out).returncode == 0
    assert len(_csv_rows(out)) == case["inserted"]

    undone = run("undo-import", str(report["batch_id"]), "--db", db)
    assert undone.returncode == 0, undone.stderr
    assert run("export", case["kind"], "--db", db, "-o", out).returncode == 0
    assert _csv_rows(out) == []  # the batch's entries are gone, the header stays
    checked = run("check", "--db", db)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("case", _cases(2), ids=lambda c: c["file"])
def test_an_unusable_file_is_refused_in_one_line_leaving_the_catalogue_as_it_was(
    case: dict[str, Any], db: Path, tmp_path: Path
) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    report_path = tmp_path / "rapport.json"
    refused = run(
        "import", PARTNERS / case["file"], "--db", db, "--kind", case["kind"], "--report-json", report_path
    )
    line = one_clear_line(refused, 2)
    assert case["file"] in line
    assert refused.stdout == ""
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not report_path.exists()
    assert not (db.parent / "catalogue.backups").exists()  # no backup either: nothing was going to change
