"""Reading speed: our reader (python-calamine + metadata overlay, or CSV) against raw calamine and openpyxl's
read-only mode, on a generated offers sheet (default 50,000 rows × 15 columns: French text, dates, empty
cells, a merged banner above the header).

Prints rows/s and peak memory (ru_maxrss of a fresh process per measurement, so readers do not inherit each
other's peaks). Run: python benchmarks/read_bench.py [ROWS] [--keep DIR] [--skip-openpyxl]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from partner_sheet import HEADER, rows, write_csv, write_xlsx

# ----------------------------------------------------------------------------------- measured readers


def read_ours(path: Path) -> int:
    from stewarddesk.importing.read import choose_sheet, open_workbook

    with open_workbook(path) as wb:
        sheet = choose_sheet(wb, None)
        count = sum(1 for _ in wb.rows(sheet))
        wb.hidden_columns(sheet)
        wb.warnings(sheet)
    return count


def read_calamine(path: Path) -> int:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(1 for _ in book.get_sheet_by_index(0).iter_rows())


def read_openpyxl(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    count = sum(1 for _ in ws.iter_rows(values_only=True))
    wb.close()
    return count


def read_csv_module(path: Path) -> int:
    with path.open(encoding="cp1252", newline="") as fh:
        return sum(1 for _ in csv.reader(fh, delimiter=";"))


READERS: dict[str, Callable[[Path], int]] = {
    "ours": read_ours,
    "calamine": read_calamine,
    "openpyxl": read_openpyxl,
    "csv": read_csv_module,
}


def measure_here(name: str, path: Path) -> None:
    started = time.perf_counter()
    count = READERS[name](path)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": count, "seconds": elapsed, "peak_mb": peak}))


def measure(name: str, path: Path) -> dict[str, float]:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", name, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=50_000)
    parser.add_argument("--keep", type=Path, help="write the generated files here (kept)")
    parser.add_argument("--skip-openpyxl", action="store_true", help="openpyxl is ten times slower")
    parser.add_argument("--measure", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_here(args.measure[0], Path(args.measure[1]))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="read_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    data = rows(args.rows)
    xlsx, csv_path = folder / "offres.xlsx", folder / "offres.csv"
    started = time.perf_counter()
    write_xlsx(xlsx, data)
    write_csv(csv_path, data)
    print(f"{args.rows:,} rows × {len(HEADER)} columns; generated in {time.perf_counter() - started:.1f} s")
    print(
        f"  {xlsx.name}: {xlsx.stat().st_size / 1e6:.1f} MB   {csv_path.name}: {csv_path.stat().st_size / 1e6:.1f} MB"
    )
    print(f"  {'file':<6} {'reader':<34} {'time':>8} {'rows/s':>10} {'peak MB':>9}")
    plan = [
        ("xlsx", "ours", "stewarddesk (calamine + overlay)"),
        ("xlsx", "calamine", "python-calamine iter_rows (raw)"),
        ("xlsx", "openpyxl", "openpyxl read_only, values_only"),
        ("csv", "ours", "stewarddesk (csv)"),
        ("csv", "csv", "csv module (raw)"),
    ]
    for fmt, name, label in plan:
        if name == "openpyxl" and args.skip_openpyxl:
            continue
        result = measure(name, xlsx if fmt == "xlsx" else csv_path)
        rate = result["rows"] / result["seconds"] if result["seconds"] else float("inf")
        print(f"  {fmt:<6} {label:<34} {result['seconds']:7.2f}s {rate:10,.0f} {result['peak_mb']:9.0f}")
    if not args.keep:
        for path in (xlsx, csv_path):
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
