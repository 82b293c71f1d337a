"""Two at once: a window holds the catalogue open while a command-line import (or a restore, or a second
window) works on it. Real processes; « the window » is a child process that opens a `Catalogue` and
reads or writes through it on command, the way the GUI's connection does.

The decided behaviour (what users expect, and what these tests hold the product to):

- Readers never wait and are never waited for. A window that merely has the catalogue open, or is in
  the middle of reading it, does not delay an import, an undo or a restore: SQLite's WAL gives the
  window a consistent snapshot, and the window sees the new content on its next read.
- One writer at a time. A writer that finds another one mid-transaction waits (busy timeout, 5 s); if
  the other commits in time it goes ahead, with both writes kept; otherwise it stops with one sentence —
  « Le catalogue est occupé par une autre opération … réessayez dans un instant. » (`stewarddesk` exits
  2) — having written nothing. Never a lost edit, never a mix of the two, never a damaged file.
- A restore is a write like any other: a window sees the restored catalogue on its next read, never a
  torn file.

An edit through the core API waits like an import does: `Catalogue.transaction` begins IMMEDIATE, so
it queues for the write lock instead of failing when its read-then-write transaction would upgrade.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stewarddesk.catalogue.store import BUSY_TIMEOUT_S

from .kit import AS_OF, command, count, env, integrity, offer_rows, one_clear_line, problems, run, write_csv

WINDOW = r"""
import json, sys
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
cat = Catalogue.open(sys.argv[1], user="fenetre")
tx = None
print(json.dumps("ready"), flush=True)
for line in sys.stdin:
    cmd, _, arg = line.strip().partition(" ")
    try:
        if cmd == "begin-read":
            cat.conn.execute("BEGIN")
            out = cat.total("offers")
        elif cmd == "end-read":
            cat.conn.execute("COMMIT")
            out = "ok"
        elif cmd == "count":
            out = cat.total("offers")
        elif cmd == "edit":
            entry, text = arg.split(" ", 1)
            cat.update("offers", int(entry), {"description": text})
            out = "ok"
        elif cmd == "begin-edit":
            entry, text = arg.split(" ", 1)
            tx = cat.transaction()
            tx.__enter__()
            cat.update("offers", int(entry), {"description": text})
            out = "ok"
        elif cmd == "commit":
            tx.__exit__(None, None, None)
            tx = None
            out = "ok"
        elif cmd == "get":
            out = cat.get("offers", int(arg))["description"]
        else:
            out = "unknown " + cmd
    except KnownError as exc:
        out = "error: " + str(exc)
    print(json.dumps(out), flush=True)
"""


class Window:
    """A window's connection in another process, driven line by line."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WINDOW, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        assert self.read() == "ready"

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the window died: {self.proc.stderr.read() if self.proc.stderr else ''}")
        return json.loads(line)

    def ask(self, line: str) -> Any:
        self.send(line)
        return self.read()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A catalogue with 50 offers (ids 1..50) from a first import."""
    path = tmp_path / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    sheet = write_csv(tmp_path / "base.csv", offer_rows(50, seed=3))
    assert run("import", sheet, "--db", path, "--kind", "offers", "--as-of", AS_OF).returncode == 0
    return path


@pytest.fixture
def window(db: Path) -> Iterator[Window]:
    w = Window(db)
    yield w
    w.close()


def sheet(tmp_path: Path, rows: int, prefix: str) -> Path:
    return write_csv(tmp_path / f"{prefix.strip()}.csv", offer_rows(rows, seed=len(prefix), prefix=prefix))


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _reap_children() -> Iterator[None]:
    """A failed assertion must not leave an import running (and its pipes open) into later tests."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def import_process(path: Path, db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        command("import", path, "--db", db, "--kind", "offers", "--as-of", AS_OF),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    _STARTED.append(proc)
    return proc


def assert_sound(db: Path) -> None:
    assert integrity(db) == ["ok"]
    assert problems(db) == []


def test_an_import_does_not_wait_for_a_window_that_reads(db: Path, window: Window, tmp_path: Path) -> None:
    assert window.ask("begin-read") == 50  # the window is in the middle of a read
    started = time.monotonic()
    ran = run("import", sheet(tmp_path, 3, "Nouvelle "), "--db", db, "--kind", "offers", "--as-of", AS_OF)
    assert ran.returncode == 0, ran.stderr
    assert time.monotonic() - started < BUSY_TIMEOUT_S  # it never waited for the reader
    assert window.ask("count") == 50  # the window's read stays consistent while it lasts
    assert window.ask("end-read") == "ok"
    assert window.ask("count") == 53  # and its next read sees the import
    assert_sound(db)


def test_an_import_waits_for_a_window_that_is_writing_then_both_are_kept(
    db: Path, window: Window, tmp_path: Path
) -> None:
    assert window.ask("begin-edit 7 corrigée dans la fenêtre") == "ok"  # uncommitted, holds the catalogue
    started = time.monotonic()
    proc = import_process(sheet(tmp_path, 20, "Attente "), db)
    time.sleep(2.0)
    assert proc.poll() is None  # still waiting for the window
    assert window.ask("commit") == "ok"
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert time.monotonic() - started >= 2.0
    assert "20 insérées" in out
    assert window.ask("get 7") == "corrigée dans la fenêtre"  # no lost edit
    assert count(db, "SELECT count(*) FROM offers") == 70
    assert_sound(db)


def test_an_import_gives_up_after_the_busy_timeout_and_writes_nothing(
    db: Path, window: Window, tmp_path: Path
) -> None:
    path = sheet(tmp_path, 20, "Refusée ")
    assert window.ask("begin-edit 7 longue modification") == "ok"
    ran = run("import", path, "--db", db, "--kind", "offers", "--as-of", AS_OF, timeout=120)
    line = one_clear_line(ran)
    assert "occupé" in line
    assert BUSY_TIMEOUT_S <= ran.seconds < BUSY_TIMEOUT_S + 25
    assert window.ask("commit") == "ok"
    assert count(db, "SELECT count(*) FROM offers") == 50
    assert count(db, "SELECT count(*) FROM batches") == 1
    assert window.ask("get 7") == "longue modification"
    # Once the window is done, the same import goes through.
    again = run("import", path, "--db", db, "--kind", "offers", "--as-of", AS_OF)
    assert again.returncode == 0 and "20 insérées" in again.stdout, again.stderr
    assert_sound(db)


def test_two_imports_at_once_both_land(db: Path, tmp_path: Path) -> None:
    first = import_process(sheet(tmp_path, 2000, "Premier "), db)
    second = import_process(sheet(tmp_path, 2000, "Second "), db)
    for proc in (first, second):
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert count(db, "SELECT count(*) FROM offers") == 4050
    assert count(db, "SELECT count(*) FROM batches") == 3
    assert_sound(db)


def test_an_edit_meeting_another_writer_is_refused_clearly_never_lost(db: Path, window: Window) -> None:
    other = Window(db)
    try:
        assert window.ask("begin-edit 3 première fenêtre") == "ok"
        reply = other.ask("edit 4 seconde fenêtre")
        assert reply == "ok" or ("occupé" in reply and reply.startswith("error: "))
        assert window.ask("commit") == "ok"
        if reply != "ok":
            assert other.ask("edit 4 seconde fenêtre") == "ok"  # the user tries again: it goes through
        assert other.ask("get 3") == "première fenêtre"
        assert window.ask("get 4") == "seconde fenêtre"
    finally:
        other.close()
    assert_sound(db)


def test_an_edit_waits_for_another_writer_like_an_import_does(db: Path, window: Window) -> None:
    other = Window(db)
    try:
        assert window.ask("begin-edit 3 première fenêtre") == "ok"
        other.send("edit 4 seconde fenêtre")
        time.sleep(1.0)
        assert window.ask("commit") == "ok"
        assert other.read() == "ok"
    finally:
        other.close()


def test_a_restore_under_an_open_window(db: Path, window: Window, tmp_path: Path) -> None:
    backup = tmp_path / "avant.sqlite"
    assert run("backup", "--db", db, "-o", backup).returncode == 0
    ran = run("import", sheet(tmp_path, 10, "Après "), "--db", db, "--kind", "offers", "--as-of", AS_OF)
    assert ran.returncode == 0, ran.stderr
    assert window.ask("count") == 60
    assert window.ask("begin-read") == 60  # the window is reading when the restore comes
    restored = run("restore", backup, "--db", db)
    assert restored.returncode == 0, restored.stderr
    assert window.ask("count") == 60  # its read stays whole
    assert window.ask("end-read") == "ok"
    assert window.ask("count") == 50  # then it sees the restored catalogue, without reopening
    assert window.ask("edit 5 après restauration") == "ok"
    assert_sound(db)


def test_a_restore_waits_for_a_writing_window_then_gives_up(db: Path, window: Window, tmp_path: Path) -> None:
    backup = tmp_path / "avant.sqlite"
    assert run("backup", "--db", db, "-o", backup).returncode == 0
    assert window.ask("begin-edit 9 pendant la restauration") == "ok"
    ran = run("restore", backup, "--db", db, timeout=120)
    assert "occupé" in one_clear_line(ran)
    assert ran.seconds >= BUSY_TIMEOUT_S
    # Nothing was restored: no « before the restore » copy is left to suggest otherwise.
    assert list(db.parent.glob("*.backups/*before-restore*")) == []
    assert "avant restauration" not in run("backup", "--list", "--db", db).stdout
    assert window.ask("commit") == "ok"
    assert window.ask("get 9") == "pendant la restauration"  # the window's edit stands
    assert_sound(db)
