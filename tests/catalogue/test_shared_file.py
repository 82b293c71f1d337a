"""The catalogue open in a window while commands use the same file (README: « Deux à la fois »).

SQLite's locks are POSIX locks, which a process loses on a file as soon as it closes any handle on that
file, even one it never locked. A process that opened the catalogue once more (a worker's connection, a
check of the file) and so lost its locks would let another process, closing its own connection, take
itself for the last user and delete the WAL the first one still writes to: its later edits are lost.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stewarddesk.catalogue import Catalogue

_OPEN_AND_CLOSE = (
    "import sys; from stewarddesk.catalogue import Catalogue; Catalogue.open(sys.argv[1]).close()"
)
_NAMES = (
    "import sys; from stewarddesk.catalogue import Catalogue\n"
    "with Catalogue.open(sys.argv[1]) as cat:\n"
    "    print(sorted(r[0] for r in cat.conn.execute('SELECT name FROM structures')))"
)


def _python(code: str, path: Path) -> str:
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def test_another_process_closing_the_catalogue_loses_nothing_of_an_open_window(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.sqlite"
    Catalogue.new(path).close()
    wal = path.with_name(path.name + "-wal")
    with Catalogue.open(path) as window:
        window.create("structures", {"name": "Avant"}, source="test")
        Catalogue.open(path).close()  # the window opens the file again, as its workers do
        _python(_OPEN_AND_CLOSE, path)  # `stewarddesk stale` runs meanwhile, and ends
        assert wal.exists(), "the other process deleted the WAL of a catalogue still open here"
        window.create("structures", {"name": "Après"}, source="test")
        assert "Après" in _python(_NAMES, path)
    assert _python(_NAMES, path).strip() == "['Après', 'Avant']"
