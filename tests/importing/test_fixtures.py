"""Every public partner file gives exactly the outcome its `expected.json` states, on a fresh catalogue:
the import's report, then the command line's CSV export (exactly `inserted` rows, the expected values),
as the fixtures' README.md checks it; and a second import of the same file changes nothing.

The files and their expectations live in `../shared/fixtures/partners/` beside the repository; without
them these tests are skipped (the standalone tests build their sheets in code).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stewarddesk import cli, i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.fields import EntryKind, export_columns
from stewarddesk.importing.api import import_file

from .engine_kit import AS_OF, Clock, file_hash, journal_count

REPO = Path(__file__).resolve().parents[2]
PARTNERS = REPO.parent / "shared" / "fixtures" / "partners"
EXPECTED = PARTNERS / "expected.json"

pytestmark = pytest.mark.skipif(
    not EXPECTED.is_file(), reason=f"partner fixtures not found at {PARTNERS} (../shared beside the repo)"
)


def _cases() -> list[dict[str, Any]]:
    if not EXPECTED.is_file():
        return []
    files: list[dict[str, Any]] = json.loads(EXPECTED.read_text(encoding="utf-8"))["files"]
    return files


CASES = _cases()
VALID = [c for c in CASES if c["exit"] == 0]
UNUSABLE = [c for c in CASES if c["exit"] == 2]


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    i18n.set_language("fr")
    yield
    i18n.set_language(None)


def _norm(text: str) -> str:
    """Expectations ignore surrounding spaces and the typographic apostrophe."""
    return text.strip().replace("\u2019", "'")


_TRIGGERS = ("=", "+", "-", "@")


def _check(column: str, expected: Any, cell: str) -> None:
    """One exported cell against README.md's expectation (several values are joined by «; »)."""
    shown = [v for v in cell.split("; ") if v.strip()]
    if isinstance(expected, str):
        assert _norm(cell) == _norm(expected), column
        return
    ((how, want),) = expected.items()
    if how == "set":
        assert {_norm(s) for s in shown} == {_norm(w) for w in want}, column
    elif how == "any_of":
        assert _norm(cell) in {_norm(w) for w in want}, column
    elif how == "contains":
        assert _norm(want) in _norm(cell), column
    elif how == "safe_contains":
        assert _norm(want) in _norm(cell) and not cell.startswith(_TRIGGERS), column
    elif how == "safe_digits":
        assert re.sub(r"\D", "", cell).endswith(want) and not cell.startswith(_TRIGGERS), column
    else:
        raise AssertionError(f"unknown expectation {how!r}")


def _cli_export(db: Path, kind: EntryKind, out: Path) -> list[dict[str, str]]:
    """README.md's check, as a user runs it: `stewarddesk export KIND --db DB -o OUT.csv`, no filter."""
    assert cli.main(["export", kind, "--db", str(db), "-o", str(out), "--as-of", AS_OF.isoformat()]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == export_columns(kind)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _row_for(exported: list[dict[str, str]], key: dict[str, str]) -> dict[str, str]:
    found = [r for r in exported if all(_norm(r[c]) == _norm(v) for c, v in key.items())]
    assert len(found) == 1, f"{key}: {len(found)} rows in the export"
    return found[0]


@pytest.mark.parametrize("case", VALID, ids=[c["file"] for c in VALID])
def test_partner_file_gives_the_expected_outcome(case: dict[str, Any], tmp_path: Path) -> None:
    kind: EntryKind = case["kind"]
    path = PARTNERS / case["file"]
    db = tmp_path / "catalogue.sqlite"
    with Catalogue.new(db, clock=Clock(), user="claire") as cat:
        outcome = import_file(cat, path, kind=kind, as_of=AS_OF)
        report = outcome.report
        assert report["inserted"] == case["inserted"]
        assert report["updated"] == 0
        assert cat.total(kind) == case["inserted"]
        rejected = {r["row"] for r in report["rejected"]}
        must = {r["row"] for r in case["rejected"]}
        may = {r["row"] for r in case["may_reject"]}
        assert must <= rejected <= must | may, report["rejected"]
        planned = {r.row for r in outcome.plan.rows}
        assert not planned & set(case["blank_rows"]), "blank rows are skipped silently"
        assert not {r.row for r in outcome.plan.rows if r.action == "insert"} & (must | may)

    # README.md: « l'export CSV doit montrer exactement `inserted` lignes, et les valeurs listées ».
    exported = _cli_export(db, kind, tmp_path / "export.csv")
    assert len(exported) == case["inserted"]
    for row in case["rows"]:
        cells = _row_for(exported, row["key"])
        for column, expected in row["expect"].items():
            _check(f"row {row['row']}: {column}", expected, cells[column])
    assert not [c for r in exported for c in r.values() if c.startswith(_TRIGGERS)], "a live formula"

    with Catalogue.open(db, clock=Clock()) as cat:
        before = journal_count(cat)
        again = import_file(cat, path, kind=kind, as_of=AS_OF)
        assert (again.report["inserted"], again.report["updated"]) == (0, 0)
        assert again.report["unchanged"] == case["inserted"]
        assert journal_count(cat) == before


@pytest.mark.parametrize("case", UNUSABLE, ids=[c["file"] for c in UNUSABLE])
def test_unusable_file_is_refused_with_the_catalogue_untouched(case: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "catalogue.sqlite"
    Catalogue.new(db, clock=Clock(), user="claire").close()
    before = file_hash(db)
    with Catalogue.open(db, clock=Clock()) as cat, pytest.raises(KnownError) as info:
        import_file(cat, PARTNERS / case["file"], kind=case["kind"], as_of=AS_OF)
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert case["file"] in message
    assert file_hash(db) == before
    assert not (tmp_path / "catalogue.backups").exists()
