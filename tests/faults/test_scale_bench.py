"""`benchmarks/scale_bench.py`, the README's scale figures, runs end to end: on a smaller catalogue here
(40,000 entries; the README's figures are for 1,000,000, run by hand), it prints every figure the README
quotes — the file size, every flag count, every flag with its reason, the search, the filtered export of
about 10,000 entries to .xlsx and .csv — and `check` finds the synthetic catalogue sound. No timing is
asserted (the figures are for people; a loaded machine would make any bound flaky).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue

from .kit import env

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "scale_bench.py"
ENTRIES = 40_000


def figure(out: str, label: str) -> float:
    """The seconds printed on the line that starts with `label`."""
    match = re.search(rf"^  {re.escape(label)}.*?\s([\d.]+) s$", out, re.MULTILINE)
    assert match, f"no line for « {label} » in:\n{out}"
    return float(match.group(1))


def arrow(out: str, after: str) -> str:
    """The « → … » line printed under the line that starts with `after`."""
    match = re.search(rf"^  {re.escape(after)}.*\n\s+→ (.+)$", out, re.MULTILINE)
    assert match, f"no result under « {after} » in:\n{out}"
    return match.group(1)


def number(text: str) -> int:
    return int(text.split()[0].replace(",", ""))


def test_the_scale_benchmark_prints_every_figure_of_the_readme(tmp_path: Path) -> None:
    db = tmp_path / "scale.sqlite"
    done = subprocess.run(
        [sys.executable, str(BENCH), str(ENTRIES), "--keep", str(db)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env(),
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0 and not done.stderr, done.stderr[-3000:]
    assert f"{ENTRIES:,} entries" in out.splitlines()[0]

    assert re.search(r"^  file size\s+[\d.]+ MB$", out, re.MULTILINE), out
    with Catalogue.open(db) as cat:
        assert (cat.total("offers"), cat.total("actions")) == (ENTRIES // 2, ENTRIES // 2)
        flagged = {
            (kind, flag): number(arrow(out, f"count {kind} {flag} (SQL)"))
            for kind in ("offers", "actions")
            for flag in ("stale", "overdue", "incomplete")
        }
    assert flagged[("offers", "stale")] > 0 and flagged[("actions", "overdue")] > 0, flagged
    reasons = number(arrow(out, "every flag of the catalogue with its reason (Python)"))
    assert reasons == sum(flagged.values()), (reasons, flagged)  # SQL and Python agree on the flags
    assert number(arrow(out, "search « incubation santé »")) > 0

    for suffix in ("xlsx", "csv"):
        exported = arrow(out, f"filtered export to .{suffix}")
        assert number(exported) >= 10_000 and "rows" in exported, exported
        figure(out, f"filtered export to .{suffix}")
    assert arrow(out, "check (integrity, index, journal replay)") == "0 problem(s)"


def test_the_exported_workbook_of_the_scale_benchmark_opens(tmp_path: Path) -> None:
    """The filtered export the benchmark times is a real workbook (checked once on a small catalogue)."""
    sys.path.insert(0, str(BENCH.parent))
    try:
        from scale_bench import _about_10k  # type: ignore[import-not-found]
        from synthetic import build  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH.parent))
    from stewarddesk.exporting.api import export_entries

    db = tmp_path / "scale.sqlite"
    build(db, 12_000, 200)
    out = tmp_path / "export.xlsx"
    with Catalogue.open(db) as cat:
        query = _about_10k(cat)
        result = export_entries(cat, "offers", out, query=query, as_of=query.as_of)
        expected = cat.count("offers", query)
    assert result.count == expected >= 10_000
    book = openpyxl.load_workbook(out, read_only=True)
    try:  # the entries' sheet (beside the summary): title, filter line and header above them
        rows = max(
            sum(1 for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row))
            for sheet in book.worksheets
        )
    finally:
        book.close()
    assert expected < rows <= expected + 10
