"""Screenshots of the window on the sample catalogue, for the README (run under Xvfb or on a desktop).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m stewarddesk.gui.screenshots OUT_DIR [--lang fr|en]

The sample catalogue is copied to a temporary folder (the installed one is never written) and shown as of
2026-11-21, the date its review queue was built for, so the pictures do not change with the calendar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from stewarddesk import paths
from stewarddesk.catalogue import Catalogue
from stewarddesk.gui.app import create_application, install_translations
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.import_wizard.screenshots import Walk
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.reference_lists_screenshot import shoot as reference_shot
from stewarddesk.gui.structure_merge_screenshot import shoot as merge_shot
from stewarddesk.gui.ui_state import UiState
from stewarddesk.i18n import Lang, set_language

AS_OF = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
SIZE = (1440, 880)


def _wait(app: QApplication, window: MainWindow, then: Callable[[], None], tries: int = 400) -> None:
    """Run `then` once every background read has come back (the event loop keeps turning meanwhile)."""
    session = window.session
    busy = session is not None and (
        session.reader.pending() or session.counter.pending() or not window.all_pages_built()
    )
    pages = list(window.pages.values())
    loading = any((p.model.loading or p.counting()) if isinstance(p, BrowserPage) else False for p in pages)
    if (busy or loading) and tries:
        QTimer.singleShot(25, lambda: _wait(app, window, then, tries - 1))
    else:
        QTimer.singleShot(150, then)


def _select_title(window: MainWindow, title: str) -> None:
    browser = window.browser()
    if browser is None:
        return
    column = browser.model.column_named("title")
    for row in range(browser.model.rowCount()):
        if browser.model.index(row, column).data() == title:
            browser.table.set_current_row(row)
            return


def take(out: Path, lang: Lang) -> list[Path]:
    """Save the main window's pages, the import wizard's pages, the import history and the export dialog as
    PNG files in `out`; returns their paths."""
    set_language(lang)
    app = create_application()
    install_translations(app, lang)
    work = Path(tempfile.mkdtemp(prefix="stewarddesk-shots-"))
    db = work / "catalogue.sqlite"
    with paths.sample_catalogue().open("rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    ui_state = UiState(QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ui_state, opener=lambda p: Catalogue.open(p, clock=lambda: AS_OF))
    window.resize(*SIZE)
    window.show()
    window.open_catalogue(db)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    suffix = "" if lang == "fr" else f"_{lang}"
    steps: list[tuple[str, str, str | None]] = [
        ("main_window", "offers", "Implantation au Technopôle de Luminy"),
        ("actions", "actions", None),
        ("review_queue", "review", None),
    ]

    def grab(widget: QWidget, name: str) -> None:
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    def finish() -> None:
        window.close()
        app.quit()

    def step(i: int) -> None:
        if i == len(steps):
            # Then the spreadsheet work: the import wizard page by page, the history, the export dialog;
            # last the structure merge dialog.
            window.show_page("offers")
            refs = functools.partial(reference_shot, window, grab, finish)  # then the reference lists
            merge = functools.partial(merge_shot, window, lambda then: _wait(app, window, then), grab, refs)
            Walk(window, work, grab, merge).start()
            return
        name, page, title = steps[i]
        window.show_page(page)

        def shoot() -> None:
            if title:
                _select_title(window, title)
            else:
                browser = window.browser()
                if browser is not None and browser.model.rowCount():
                    browser.table.set_current_row(0)

            def shot_and_next() -> None:
                grab(window, name)
                step(i + 1)

            window.statusBar().clearMessage()
            QTimer.singleShot(200, shot_and_next)

        _wait(app, window, shoot)

    _wait(app, window, lambda: step(0))
    app.exec()
    shutil.rmtree(work, ignore_errors=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    args = parser.parse_args(argv)
    for path in take(args.out, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
