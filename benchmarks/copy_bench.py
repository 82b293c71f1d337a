"""Benchmark of « Copier » (Ctrl+C) over a big grid, offscreen.

    .venv/bin/python benchmarks/copy_bench.py [--size 100000] [--dir DIR] [--repeat 3]

A catalogue of that many offers is written by `benchmarks/synthetic.py` (kept in DIR, shared with
gui_bench.py), then opened in the window, and this is measured:
- a small selection, copied at once on the GUI thread (`row_copy.SYNC_LIMIT` rows and fewer): the time the
  window waits, from Ctrl+C to the clipboard filled, for 1, 100 and SYNC_LIMIT rows (median of 5);
- Ctrl+A then Ctrl+C on the whole offers grid: the table built on the runner, from Ctrl+C to the clipboard
  filled; the GUI thread's share (handing 40 MB of text and HTML to the clipboard); and the longest time
  the GUI thread went without turning its event loop meanwhile (a frozen window).
The question it answers: where does the copy have to leave the GUI thread, and does the window stay alive
while a 100,000-row copy is built (target: no stall near 200 ms)?
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def measure(path: Path) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A benchmark of the window: Qt is what it measures (like gui_bench.py).
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui_probes import StallProbe
    from gui_probes import until as wait_until
    from stewarddesk.gui import row_copy
    from stewarddesk.gui.app import create_application
    from stewarddesk.gui.browser import BrowserPage
    from stewarddesk.gui.main_window import MainWindow
    from stewarddesk.gui.ui_state import UiState
    from stewarddesk.i18n import set_language

    set_language("fr")
    app = create_application()
    ui_state = UiState(QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ui_state)
    window.resize(1440, 880)
    window.show()

    def until(done: Callable[[], bool], timeout: float = 300.0) -> None:
        wait_until(app, done, timeout)

    window.open_catalogue(path)
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    session = window.session
    assert session is not None
    until(lambda: not page.model.loading and not session.counter.pending() and not session.reader.pending())
    table = page.table
    table.setFocus()
    clipboard = QApplication.clipboard()

    handover: list[float] = []
    real_handover = row_copy.to_clipboard

    def timed_handover(rows: row_copy.CopiedRows) -> Any:
        t = time.perf_counter()
        result = real_handover(rows)
        handover.append(time.perf_counter() - t)
        return result

    row_copy.to_clipboard = timed_handover  # type: ignore[assignment]
    results: dict[str, Any] = {"rows": page.model.rowCount(), "sync_limit": row_copy.SYNC_LIMIT}

    small: dict[str, float] = {}
    for n in (1, 100, row_copy.SYNC_LIMIT):
        times = []
        for start in range(0, min(5 * n, len(page.model.ids) - n + 1), n):  # five selections, if they fit
            table.select_ids(list(page.model.ids[start : start + n]))
            clipboard.clear()
            t = time.perf_counter()
            QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
            assert clipboard.text().count("\n") == n + 1, "the small copy was not made at once"
            times.append(time.perf_counter() - t)
        small[str(n)] = round(statistics.median(times) * 1000, 1)
    results["small_ms"] = small

    QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    clipboard.clear()
    handover.clear()
    stall = StallProbe()
    stall.start()
    t = time.perf_counter()
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    keypress = time.perf_counter() - t
    until(lambda: bool(handover))
    total = time.perf_counter() - t
    stall.timer.stop()
    text = clipboard.text()
    results["all"] = {
        "rows": text.count("\n") - 1,
        "ctrl_c_returns_ms": round(keypress * 1000, 1),
        "clipboard_filled_s": round(total, 2),
        "handover_ms": round(handover[0] * 1000, 1),
        "longest_stall_ms": round(stall.longest * 1000, 1),
        "text_mb": round(len(text.encode()) / 1e6, 1),
        "html_mb": round(len((clipboard.mimeData().html() or "").encode()) / 1e6, 1),
    }
    row_copy.to_clipboard = real_handover  # type: ignore[assignment]
    clipboard.clear()
    window.close()
    app.processEvents()
    del window
    QApplication.processEvents()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "stewarddesk-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs; each figure's median is printed")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    sys.path.insert(0, str(HERE))
    from gui_bench import build, median_of

    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"gui-{args.size}.sqlite"
    if not path.exists():
        print(f"building {path} ({build(path, args.size):.1f} s)")
    runs = []
    for _ in range(args.repeat):  # each in a fresh process, as a user's window would be
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)], check=True, capture_output=True, text=True
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    r = median_of(runs)
    print(f"\n=== « Copier » on {r['rows']:,} offers (medians of {len(runs)} runs) ===")
    print(f"small selections, built at once on the GUI thread (up to {r['sync_limit']} rows):")
    for n, ms in r["small_ms"].items():
        print(f"  {int(n):>6,} rows   Ctrl+C to clipboard filled   {ms:7.1f} ms")
    a = r["all"]
    print(f"Ctrl+A, Ctrl+C: {a['rows']:,} rows built on the runner behind a progress dialog:")
    print(f"  Ctrl+C returns to the event loop after      {a['ctrl_c_returns_ms']:7.1f} ms")
    print(f"  clipboard filled after                      {a['clipboard_filled_s']:7.2f} s")
    print(f"  of which handing it over on the GUI thread  {a['handover_ms']:7.1f} ms")
    print(f"  longest GUI-thread stall meanwhile          {a['longest_stall_ms']:7.1f} ms")
    print(f"  text {a['text_mb']} MB, HTML {a['html_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
