"""The real window holding its catalogue while other processes write to it (README « Deux à la fois »):
a real `stewarddesk import` and another program's write transaction, each in its own process.

tests/faults/test_two_at_once.py holds the same rules with the window's connection in a child process;
here it is the window itself, its grid and its messages:
- a command-line import does not wait for the window, and the window shows the imported entries at its
  next read (a search);
- an edit in the window while another process is writing waits for it; if the other finishes in time the
  edit goes through and both are kept; otherwise the window says the catalogue is busy, writes nothing,
  adds no undo step, and the same edit goes through once the other has finished.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.check import check
from stewarddesk.catalogue.store import BUSY_TIMEOUT_S
from stewarddesk.gui.browser import BrowserPage
from stewarddesk.gui.main_window import MainWindow
from tests.faults.kit import AS_OF, command, env, offer_rows, write_csv

from .conftest import wait_idle

# Another StewardDesk process's write (a second window, an import): through the core API, it begins a
# transaction, changes an offer and holds the write lock until told (a line on its stdin) or for the
# seconds given.
HOLDER = r"""
import sys, time
from stewarddesk.catalogue import Catalogue
cat = Catalogue.open(sys.argv[1], user="autre")
with cat.transaction():
    cat.update("offers", 5, {"phone": "04 42 00 00 00"})
    print("holding", flush=True)
    if len(sys.argv) > 2:
        time.sleep(float(sys.argv[2]))
    else:
        sys.stdin.readline()
cat.close()
"""


def holding(path: Path, *seconds: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), *seconds],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def offers_page(window: MainWindow) -> BrowserPage:
    page = window.pages["offers"]
    assert isinstance(page, BrowserPage)
    return page


def edit_cell(window: MainWindow, title: str, column: str, value: str) -> bool:
    """What the grid's editor does when the user confirms a value: `setData` on the model."""
    model = offers_page(window).model
    row = next(
        r for r in range(model.rowCount()) if model.index(r, model.column_named("title")).data() == title
    )
    return bool(model.setData(model.index(row, model.column_named(column)), value))


def sound(path: Path) -> None:
    with Catalogue.open(path) as cat:
        assert check(cat) == []


def test_a_command_line_import_while_the_window_is_open(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    offers = offers_page(window)
    assert offers.model.rowCount() == 6
    sheet = write_csv(tmp_path / "partenaire.csv", offer_rows(20, seed=4, prefix="Importée "))
    started = time.monotonic()
    ran = subprocess.run(
        command("import", sheet, "--db", catalogue_path, "--kind", "offers", "--as-of", AS_OF),
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "20 insérées" in ran.stdout
    assert time.monotonic() - started < BUSY_TIMEOUT_S + 30  # it did not wait for the window's busy timeout
    # The window keeps working: an edit goes through, beside the import.
    assert edit_cell(window, "Incubateur Impulse", "description", "modifiée dans la fenêtre")
    assert catalogue.get("offers", 2)["description"] == "modifiée dans la fenêtre"
    # Its next read sees the imported entries.
    qtbot.keyClicks(offers.search, "importee")  # accents ignored
    qtbot.waitUntil(lambda: offers.model.rowCount() == 20, timeout=10_000)
    wait_idle(qtbot, window)
    offers.search.clear()
    qtbot.waitUntil(lambda: offers.model.rowCount() == 26, timeout=10_000)
    assert catalogue.total("offers") == 27  # the 20 imported, the window's 7 (one archived)
    sound(catalogue_path)


def test_an_edit_while_another_process_writes_is_refused_clearly_then_goes_through(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path, catalogue: Catalogue
) -> None:
    holder = holding(catalogue_path)
    try:
        before = catalogue.get("offers", 2)["description"]
        started = time.monotonic()
        edit_cell(window, "Incubateur Impulse", "description", "pendant l'autre écriture")
        waited = time.monotonic() - started
        qtbot.waitUntil(lambda: "occupé" in window.statusBar().currentMessage())
        assert waited >= BUSY_TIMEOUT_S - 0.5  # it waited for the other writer first
        assert window.session is not None and not window.session.undo.stack.canUndo()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        _, err = holder.communicate(timeout=30)
    assert holder.returncode == 0, err
    assert catalogue.get("offers", 2)["description"] == before  # nothing written by the refused edit
    # The other program's write stands, and the user's same edit now goes through.
    assert edit_cell(window, "Incubateur Impulse", "description", "pendant l'autre écriture")
    assert catalogue.get("offers", 2)["description"] == "pendant l'autre écriture"
    assert catalogue.get("offers", 5)["phone"] == "04 42 00 00 00"
    assert window.session.undo.stack.canUndo()
    sound(catalogue_path)


def test_an_edit_waits_for_a_short_write_of_another_process_and_both_are_kept(
    qtbot: QtBot, window: MainWindow, catalogue_path: Path, catalogue: Catalogue
) -> None:
    holder = holding(catalogue_path, "1.5")  # it commits 1.5 s from now, by itself
    started = time.monotonic()
    assert edit_cell(window, "Incubateur Impulse", "description", "après l'autre écriture")
    assert time.monotonic() - started >= 1.0  # it waited for the other writer
    _, err = holder.communicate(timeout=30)
    assert holder.returncode == 0, err
    assert catalogue.get("offers", 2)["description"] == "après l'autre écriture"
    assert catalogue.get("offers", 5)["phone"] == "04 42 00 00 00"
    assert "occupé" not in window.statusBar().currentMessage()
    sound(catalogue_path)
