"""Export speed: our formatted .xlsx export of 100,000 actions against a raw xlsxwriter write of the same
cells, in the same run; and the CSV export.

Each measurement runs in its own process (so peak memory is its own), alternating ours and raw, and the
medians are compared. The raw write gets the cells ready-made (computing them is not timed) and writes
them with no formats, one sheet: what any export must at least pay (the cells are `display_cells`', the
reference rendering through the catalogue API). Ours end to end includes everything: the query, the
orientations' grouping, the pages of rows read from the catalogue, flags, labels, formats, row heights,
the heading rows and outline levels, the summary. "Writer only" is ours fed, like raw, with its rows
(cells and flags, grouped) read beforehand: the cost of our formatting over the bare writer.
Target: ours within 1.3× of the raw write in the same mode (xlsxwriter's constant_memory, which keeps
memory flat; the default mode's figure is printed too). Judged on CPU time, which other processes on a
shared machine do not inflate the way they inflate wall time; both are printed.

Run: python benchmarks/export_bench.py [N] [--repeat 3] [--keep PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.exporting import export_entries
from stewarddesk.exporting.cells import display_cells
from stewarddesk.exporting.source import Selection
from stewarddesk.exporting.stream import WorkbookRows
from stewarddesk.exporting.xlsx_export import write_formatted
from stewarddesk.fields import export_columns
from synthetic import WORDS

AS_OF = dt.date(2026, 11, 21)
TARGET = 1.3
ORIENTATIONS = [
    "A. De l'émergence à la croissance : accueillir, accompagner et consolider les entreprises innovantes",
    "B. Faire de la métropole un territoire d'expérimentation",
    "C. Attirer et retenir les talents",
    "D. Rayonner à l'international",
    "E. Financer l'innovation",
]
STRUCTURES = [f"Structure {i:03d}" for i in range(300)]


def build(path: Path, n: int, seed: int = 7) -> None:
    """A catalogue of `n` actions with every exported column filled like real ones (bulk SQL)."""
    rng = random.Random(seed)
    now = dt.datetime(2026, 11, 1, 9, 0)
    stamp = now.isoformat(timespec="seconds")
    cat = Catalogue.new(path, clock=lambda: now, user="bench")

    def words(lo: int, hi: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))

    def day() -> str:
        return (dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 2100))).isoformat()

    rows = []
    for i in range(1, n + 1):
        title = f"{words(4, 9).capitalize()} {i}"
        rows.append(
            (
                i,
                f"{rng.choice('ABCDE')}.{rng.randint(1, 4)}.{i}",
                rng.choice(ORIENTATIONS),
                words(3, 8).capitalize(),
                title,
                vocab.fold(title),
                words(15, 60).capitalize() + ".",
                rng.choice(vocab.codes("carrier_type")),
                json.dumps(rng.sample(STRUCTURES, rng.randint(0, 3)), ensure_ascii=False),
                rng.choice(vocab.codes("term")),
                rng.choice(vocab.codes("action_status")),
                words(0, 12) or None,
                day(),
                day(),
                stamp,
                stamp,
                "bench",
            )
        )
    with cat.transaction():
        cat.conn.executemany(
            "INSERT INTO actions(id, code, orientation, axis, title, title_key, description, carrier_type,"
            " carriers, term, status, indicators, adopted, reviewed, created, updated, source)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    cat.conn.execute("ANALYZE")
    cat.close()


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from
    the parent, which would charge the catalogue's build to every measurement."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_one(what: str, db: Path, out: Path) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    with Catalogue.open(db) as cat:
        if what in ("ours-xlsx", "ours-csv"):
            started, cpu = time.perf_counter(), time.process_time()
            result = export_entries(cat, "actions", out, as_of=AS_OF)
            return {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
                "rows": result.count,
                "peak_mb": _peak_mb(),
            }
        selection = Selection(cat, "actions", Query(sort="code", as_of=AS_OF), AS_OF)
        if what == "ours-writer":
            # Our workbook writer fed with rows and flags read beforehand (grouped by orientation, as the
            # export reads them), as raw gets its cells.
            groups = selection.group_by("orientation")
            rows = WorkbookRows(selection)
            ready = list(rows.pages())
            started, cpu = time.perf_counter(), time.process_time()
            count = write_formatted(
                out,
                "actions",
                ready,
                index=rows.index,
                catalogue_name="bench",
                as_of=AS_OF,
                filter_text="toutes les entrées",
                total=len(selection),
                orientations=groups,
            )
            return {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
                "rows": count,
                "peak_mb": _peak_mb(),
            }
        cells = [display_cells("actions", r.entry, r.flags) for page in selection.pages() for r in page]
    return raw_write(out, cells, constant_memory=what == "raw-xlsx-cm")


def raw_write(out: Path, cells: list[list[Any]], *, constant_memory: bool) -> dict[str, Any]:
    import xlsxwriter

    started, cpu = time.perf_counter(), time.process_time()
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": constant_memory, "strings_to_formulas": False})
    ws = wb.add_worksheet("Actions")
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for col, name in enumerate(export_columns("actions")):
        ws.write_string(0, col, name)
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif isinstance(value, int):
                ws.write_number(r, c, value)
            else:
                ws.write_datetime(r, c, value, date_format)
    wb.close()
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rows": len(cells),
        "peak_mb": _peak_mb(),
    }


def measure(what: str, db: Path, folder: Path) -> dict[str, Any]:
    suffix = "csv" if what.endswith("csv") else "xlsx"
    out = folder / f"{what}.{suffix}"
    child = subprocess.run(
        [sys.executable, __file__, "--one", what, str(db), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(child.stdout)
    result["mb"] = out.stat().st_size / 1e6
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="reuse or keep the catalogue at this path")
    parser.add_argument("--one", nargs=3, metavar=("WHAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        what, db, out = args.one
        print(json.dumps(run_one(what, Path(db), Path(out))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "actions.sqlite"
        print(f"StewardDesk export benchmark: {args.n:,} actions × {len(export_columns('actions'))} columns")
        if not db.exists():
            started = time.perf_counter()
            build(db, args.n)
            print(f"  build the catalogue (bulk SQL)          {time.perf_counter() - started:8.1f} s")
        kinds = ("ours-xlsx", "ours-writer", "raw-xlsx-cm", "raw-xlsx", "ours-csv")
        runs: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
        for _ in range(args.repeat):
            for what in kinds:  # interleaved: a noisy machine hurts both sides alike
                runs[what].append(measure(what, db, Path(tmp)))
        print(f"  {'':<34} {'wall s':>7} {'CPU s':>7} {'rows/s':>8} {'peak MB':>8} {'file MB':>8}")
        wall: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for what in kinds:
            wall[what] = statistics.median(r["seconds"] for r in runs[what])
            cpu[what] = statistics.median(r["cpu"] for r in runs[what])
            rows = runs[what][0]["rows"]
            peak = max(r["peak_mb"] for r in runs[what])
            print(
                f"  {LABELS[what]:<34} {wall[what]:7.2f} {cpu[what]:7.2f} {rows / wall[what]:8,.0f}"
                f" {peak:8.0f} {runs[what][0]['mb']:8.1f}"
            )
        for mine, label in (("ours-xlsx", "end to end"), ("ours-writer", "writer only")):
            ratio = cpu[mine] / cpu["raw-xlsx-cm"]
            verdict = "OK" if ratio <= TARGET else "OVER TARGET"
            print(
                f"  ours ({label}) / raw, same mode: CPU {ratio:.2f}×, wall "
                f"{wall[mine] / wall['raw-xlsx-cm']:.2f}×   (target ≤ {TARGET}×: {verdict})"
            )
        print(f"  ours (end to end) / raw, default mode, wall: {wall['ours-xlsx'] / wall['raw-xlsx']:.2f}×")
        print(
            f"  load average during the run: {os.getloadavg()[0]:.2f} (CPU time is the fairer judge when > 1)"
        )
        print("  (raw's peak memory includes its ready-made rows, held in a list)")


LABELS = {
    "ours-xlsx": "our formatted .xlsx export",
    "ours-writer": "  its writer only (rows read before)",
    "raw-xlsx-cm": "raw xlsxwriter, constant_memory",
    "raw-xlsx": "raw xlsxwriter, default mode",
    "ours-csv": "our .csv export",
}


if __name__ == "__main__":
    main()
