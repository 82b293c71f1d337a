"""Every public partner file gives exactly the outcome its `expected.json` states, on a fresh catalogue,
and a second import of the same file changes nothing.

The files and their expectations live in `../shared/fixtures/partners/` beside the repository; without
them these tests are skipped (the standalone tests build their sheets in code).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stewarddesk import i18n, vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind, Field
from stewarddesk.importing.api import import_file

from .engine_kit import AS_OF, Clock, all_ids, file_hash, journal_count

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


def _by_export(kind: EntryKind) -> dict[str, Field]:
    return {f.export: f for f in FIELDS[kind]}


def _shown(f: Field, value: Any) -> list[str]:
    """An entry's value as the export shows it, one item per value (French labels for codes)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if f.vocab:
        return [vocab.label(f.vocab, str(v), "fr") for v in items]
    return [str(v) for v in items]


def _check(column: str, expected: Any, shown: list[str]) -> None:
    joined = "; ".join(shown)
    if isinstance(expected, str):
        assert _norm(joined) == _norm(expected), column
        return
    ((how, want),) = expected.items()
    if how == "set":
        assert {_norm(s) for s in shown} == {_norm(w) for w in want}, column
    elif how == "any_of":
        assert _norm(joined) in {_norm(w) for w in want}, column
    elif how == "contains":
        assert _norm(want) in _norm(joined), column
    elif how in ("safe_contains", "safe_digits"):
        if how == "safe_contains":
            assert _norm(want) in _norm(joined), column
        else:
            assert re.sub(r"\D", "", joined).endswith(want), column
        # « safe »: the export must not start the cell with a formula trigger; the catalogue keeps the
        # text as typed, the export neutralises it.
        cells = pytest.importorskip("stewarddesk.exporting.cells")
        assert not cells.csv_safe(joined).startswith(("=", "+", "-", "@")), column
    else:
        raise AssertionError(f"unknown expectation {how!r}")


def _entry_for(cat: Catalogue, kind: EntryKind, key: dict[str, str]) -> dict[str, Any]:
    columns = _by_export(kind)
    found = [
        e
        for e in cat.rows(kind, all_ids(cat, kind))
        if all(
            _norm("; ".join(_shown(columns[c], e.get(columns[c].name)))) == _norm(v) for c, v in key.items()
        )
    ]
    assert len(found) == 1, f"{key}: {len(found)} entries"
    return found[0]


@pytest.mark.parametrize("case", VALID, ids=[c["file"] for c in VALID])
def test_partner_file_gives_the_expected_outcome(case: dict[str, Any], tmp_path: Path) -> None:
    kind: EntryKind = case["kind"]
    path = PARTNERS / case["file"]
    with Catalogue.new(tmp_path / "catalogue.sqlite", clock=Clock(), user="claire") as cat:
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
        columns = _by_export(kind)
        for row in case["rows"]:
            entry = _entry_for(cat, kind, row["key"])
            for column, expected in row["expect"].items():
                f = columns[column]
                _check(f"row {row['row']}: {column}", expected, _shown(f, entry.get(f.name)))

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
