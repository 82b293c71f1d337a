"""Benchmark of the main window over big catalogues, offscreen.

    .venv/bin/python benchmarks/gui_bench.py [--sizes 100000 1000000] [--dir DIR] [--repeat 3]

For each size, a catalogue of that many offers (and a tenth as many actions) is written with bulk SQL by
`benchmarks/synthetic.py` (kept in DIR and reused), then a fresh process opens it in the window and
measures, with the real background runners:
- open: `MainWindow.open_catalogue` to the first rows painted in the offers grid;
- search: a keystroke in the search box to the grid painted with the new rows, measured from the query
  (after the 120 ms typing pause the box waits for) and from the keystroke;
- re-sort: a click on a column header to the grid painted in the new order;
- scroll: a jump to the end of the grid to the rows painted (fetched on demand);
- select all: Ctrl+A over every row;
- memory: resident size once open, and the process's peak.
Beside each wait, the CPU time the GUI thread and the reader's thread spent on it (the work on its path;
the counts of the facets, on their own thread, are left out): on a shared, loaded machine the waits
stretch with the load, this much less, so it tells what a quiet machine would wait for.
Targets at 100,000 entries (issue 5): first paint < 0.3 s, search update < 50 ms, re-sort < 0.2 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def build(path: Path, n: int) -> float:
    """Write the synthetic catalogue in a child process (the measuring process stays lean)."""
    started = time.perf_counter()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import synthetic; from pathlib import Path; "
        "synthetic.build(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[3]) // 10)"
    )
    subprocess.run([sys.executable, "-c", code, str(HERE), str(path), str(n)], check=True)
    return time.perf_counter() - started


def _rss_mb() -> float:
    with Path("/proc/self/statm").open() as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _cpu_s() -> float:
    """CPU seconds of the calling (GUI) thread and of the reader's thread, which together make the path
    from a keystroke or a click to the rows painted."""
    total = time.thread_time()
    for thread in threading.enumerate():
        if thread.name.startswith("reader") and thread.ident is not None:
            with contextlib.suppress(OSError):  # the thread ended meanwhile
                total += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    return total


def measure(path: Path) -> dict[str, Any]:
    """Open `path` in the window and time what a user waits for (runs in its own process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from stewarddesk.gui.app import create_application, start_language
    from stewarddesk.gui.browser import BrowserPage
    from stewarddesk.gui.grid import EntryTable
    from stewarddesk.gui.main_window import MainWindow
    from stewarddesk.gui.ui_state import UiState

    class PaintProbe(QObject):
        """Notes when a grid paints while it has rows."""

        def __init__(self) -> None:
            super().__init__()
            self.paints: list[float] = []
            self.cpu: dict[float, float] = {}  # paint time -> CPU seconds then (see _cpu_s)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                parent = watched.parent()
                if isinstance(parent, EntryTable) and parent.model().rowCount() > 0 and parent.isVisible():
                    now = time.perf_counter()
                    self.paints.append(now)
                    self.cpu[now] = _cpu_s()
            return False

        def first_after(self, t: float) -> float | None:
            return next((p for p in self.paints if p > t), None)

    from gui_probes import StallProbe
    from gui_probes import until as wait_until

    app = create_application()
    stall = StallProbe()
    probe = PaintProbe()
    app.installEventFilter(probe)
    settings_dir = Path(tempfile.mkdtemp())
    ui_state = UiState(QSettings(str(settings_dir / "ui.ini"), QSettings.Format.IniFormat))
    start_language(ui_state)  # as `stewarddesk` does
    window = MainWindow(ui_state)
    window.resize(1440, 880)
    window.show()
    app.processEvents()
    results: dict[str, Any] = {"rss_before_mb": round(_rss_mb(), 1)}

    def until(done: Callable[[], bool], timeout: float = 300.0) -> None:
        wait_until(app, done, timeout)

    shown_at: list[float] = []  # first rows of an answer on screen (first_rows, or loaded if all at once)
    loaded_at: list[float] = []  # the whole answer in

    def settle(t0: float, page: BrowserPage, cpu0: float) -> dict[str, float]:
        """Wait for the answer to an action made at t0; (first rows painted, all ids in), in ms after t0."""
        until(lambda: any(t > t0 for t in loaded_at) and not page.model.loading)
        first_shown = min(t for t in shown_at + loaded_at if t > t0)
        until(lambda: probe.first_after(first_shown) is not None)
        painted = probe.first_after(first_shown)
        assert painted is not None
        complete = min(t for t in loaded_at if t > t0)
        return {
            "paint_ms": round((painted - t0) * 1000, 1),
            "all_ids_ms": round((complete - t0) * 1000, 1),
            "cpu_ms": round((probe.cpu[painted] - cpu0) * 1000, 1),
        }

    t0, cpu0 = time.perf_counter(), _cpu_s()
    window.open_catalogue(path)
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    page.model.first_rows.connect(lambda: shown_at.append(time.perf_counter()))
    page.model.loaded.connect(lambda: loaded_at.append(time.perf_counter()))
    opened = settle(t0, page, cpu0)
    results["open"] = opened
    results["rows"] = page.model.rowCount()
    session = window.session
    assert session is not None
    until(lambda: session.counter.pending() == 0 and session.reader.pending() == 0)
    results["open_to_counts_s"] = round(time.perf_counter() - t0, 3)
    results["rss_open_mb"] = round(_rss_mb(), 1)

    # Search: one keystroke at a time, each waited for (as a user reads the grid between keys). Timed
    # from the query (after the typing pause the box waits for) and from the keystroke.
    query_started = [0.0]
    query_cpu = [0.0]
    refresh = page.model.refresh

    def timed_refresh() -> None:
        query_started[0], query_cpu[0] = time.perf_counter(), _cpu_s()
        refresh()

    page.model.refresh = timed_refresh  # type: ignore[method-assign]
    page.search.setFocus()
    stall.start()
    searches = []
    typed = ""
    for key in "incub":
        typed += key
        t_key = time.perf_counter()
        QTest.keyClick(page.search, key)
        until(lambda t=t_key: query_started[0] > t)
        timing = settle(query_started[0], page, query_cpu[0])
        searches.append(
            {
                "text": typed,
                "rows": page.model.rowCount(),
                **timing,
                "debounce_ms": round((query_started[0] - t_key) * 1000, 1),
            }
        )
    results["search"] = searches
    page.model.refresh = refresh  # type: ignore[method-assign]
    page.clear_filters()
    until(lambda: not page.model.loading and page.search.text() == "")
    until(lambda: session.counter.pending() == 0)

    sorts = []
    header = page.table.horizontalHeader()
    for name in ("structure", "reviewed", "reviewed", "title"):
        section = page.model.column_named(name)
        t_click, cpu_click = time.perf_counter(), _cpu_s()
        QTest.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(header.sectionViewportPosition(section) + 10, 5),
        )
        sorts.append(
            {"column": name, "descending": page.model.query.descending, **settle(t_click, page, cpu_click)}
        )
    results["sort"] = sorts
    results["longest_stall_ms"] = round(stall.longest * 1000, 1)
    stall.timer.stop()
    until(lambda: session.counter.pending() == 0)

    t_scroll = time.perf_counter()
    page.table.scrollToBottom()
    until(lambda: probe.first_after(t_scroll) is not None)
    results["scroll_to_end_ms"] = round(((probe.first_after(t_scroll) or 0) - t_scroll) * 1000, 1)
    t_mid = time.perf_counter()
    page.table.verticalScrollBar().setValue(page.table.verticalScrollBar().maximum() // 2)
    until(lambda: probe.first_after(t_mid) is not None)
    results["scroll_to_middle_ms"] = round(((probe.first_after(t_mid) or 0) - t_mid) * 1000, 1)

    page.table.setFocus()
    t_all = time.perf_counter()
    QTest.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    results["select_all_ms"] = round((time.perf_counter() - t_all) * 1000, 1)
    results["selected"] = len(page.table.selected_rows())

    results["rss_end_mb"] = round(_rss_mb(), 1)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    window.close()
    app.processEvents()
    del window
    QApplication.processEvents()
    return results


def report(n: int, built_s: float | None, r: dict[str, Any]) -> None:
    print(f"\n=== {n:,} offers ({int(r['rows']):,} live rows in the grid) ===")
    if built_s is not None:
        print(f"catalogue built in {built_s:.1f} s")
    print("                                   first rows painted   all ids in   CPU to paint (GUI + reader)")
    o = r["open"]
    print(
        f"open the catalogue                 {o['paint_ms']:10.0f} ms {o['all_ids_ms']:10.0f} ms"
        f" {o['cpu_ms']:10.0f} ms"
    )
    for s in r["search"]:
        label = f"search {s['text']!r} ({int(s['rows']):,} rows)"
        print(
            f"{label:34} {s['paint_ms']:10.1f} ms {s['all_ids_ms']:10.1f} ms {s['cpu_ms']:10.1f} ms"
            f"   (+{s['debounce_ms']:.0f} ms typing pause)"
        )
    for s in r["sort"]:
        label = f"re-sort by {s['column']} {'desc' if s['descending'] else 'asc'}"
        print(f"{label:34} {s['paint_ms']:10.1f} ms {s['all_ids_ms']:10.1f} ms {s['cpu_ms']:10.1f} ms")
    print(f"facet counts and totals after open {r['open_to_counts_s'] * 1000:10.0f} ms (background)")
    print(f"longest GUI-thread stall, searches and sorts {r['longest_stall_ms']:6.1f} ms")
    print(f"scroll to the end                  {r['scroll_to_end_ms']:10.1f} ms")
    print(f"scroll to the middle               {r['scroll_to_middle_ms']:10.1f} ms")
    label = f"select all ({int(r['selected']):,} rows)"
    print(f"{label:34} {r['select_all_ms']:10.1f} ms")
    print(
        f"memory: {r['rss_before_mb']:.0f} MB before opening, {r['rss_open_mb']:.0f} MB open,"
        f" {r['rss_end_mb']:.0f} MB at the end, peak {r['peak_rss_mb']:.0f} MB"
    )


def median_of(runs: list[Any]) -> Any:
    """The median of each number across runs of the same measurements (the machine is shared and noisy)."""
    first = runs[0]
    if isinstance(first, dict):
        return {k: median_of([r[k] for r in runs]) for k in first}
    if isinstance(first, list):
        return [median_of(list(items)) for items in zip(*runs, strict=True)]
    if isinstance(first, int | float) and not isinstance(first, bool):
        return statistics.median(runs)
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "stewarddesk-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians are printed")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        path = args.dir / f"gui-{n}.sqlite"
        built = None if path.exists() else build(path, n)
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], check=True, capture_output=True, text=True
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        report(n, built, median_of(runs))
        print(f"(medians of {len(runs)} runs, each in a fresh process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
