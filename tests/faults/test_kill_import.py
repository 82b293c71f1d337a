"""`stewarddesk import` of a 50,000-row sheet killed (SIGKILL) at 50 random moments: the catalogue is
always valid and holds all of that import or none of it, its journal agrees with its entries (`check`),
and the next import works.

Each round starts from the same base catalogue (200 offers from a first import), runs a real
`python -m stewarddesk import` process on a 50,000-row sheet that updates those 200 offers and inserts the
rest, and kills it. One complete import is measured first: when it starts writing (its WAL grows: the
backup is done, the transaction runs), when it commits (the batch is visible), when it ends. The moments
are then drawn (seeded) three ways: anywhere over the import's duration (30 rounds: start-up, reading,
planning, backup, transaction, exit), while it writes its transaction (12: the rollback side), and after
its commit while it checkpoints and exits (8: the « all » side, recovered from the WAL). Where each kill
really landed is observed (before any write, inside the transaction, after the commit), and each of the
three must have had its share: the kills are not all before the import starts, nor all after it ends.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import pytest

from .kit import (
    AS_OF,
    command,
    count,
    env,
    integrity,
    offer_rows,
    problems,
    run,
    write_csv,
)

pytestmark = pytest.mark.slow

BASE_OFFERS = 200
ROWS = 50_000
SEED = 20261122


@dataclass(frozen=True)
class Sheet:
    """A sheet to kill imports of, with the moments of one complete import (seconds from its start): the
    first write into the catalogue (the WAL starts growing: the backup is done, the transaction runs),
    the commit (the batch is visible), the process's end."""

    path: Path
    rows: int
    write: float = 0.0
    commit: float = 0.0
    end: float = 0.0


Moment = Literal["anywhere", "writing", "committed"]
# Where a kill really landed: before the import wrote anything, inside its transaction, after its commit.
Landed = Literal["before writing", "in the transaction", "after the commit"]


def build_sheets(folder: Path) -> tuple[Path, Path, Path]:
    """The base catalogue (200 offers, import n° 1), the 50,000-row sheet to kill, the next import's sheet."""
    base_rows = offer_rows(BASE_OFFERS, seed=SEED)
    base_sheet = write_csv(folder / "base.csv", base_rows)
    base = folder / "base.sqlite"
    assert run("init", base).returncode == 0
    first = run("import", base_sheet, "--db", base, "--kind", "offers", "--as-of", AS_OF)
    assert first.returncode == 0, first.stderr
    assert count(base, "SELECT count(*) FROM offers") == BASE_OFFERS
    assert not base.with_name(base.name + "-wal").exists()  # closed cleanly: the file alone is the catalogue

    def sheet_rows(total: int) -> list[list[str]]:
        rows = offer_rows(total, seed=SEED)
        assert rows[:BASE_OFFERS] == base_rows
        for row in rows[:BASE_OFFERS]:
            row[3] = "mise à jour — " + row[3]  # the same offers, a new description: 200 updates
        return rows

    big = write_csv(folder / "big.csv", sheet_rows(ROWS))
    following = write_csv(folder / "next.csv", offer_rows(30, seed=SEED + 1, prefix="Suivante "))
    return base, big, following


def import_process(sheet: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command("import", sheet, "--db", db, "--kind", "offers", "--as-of", AS_OF),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env(),
    )


def wal(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def writing(db: Path) -> bool:
    """The import's transaction has started writing (watched without opening the catalogue)."""
    path = wal(db)
    return path.exists() and path.stat().st_size > 0


def committed(db: Path) -> bool:
    """The second batch is visible: the import has committed. A short-lived connection, so that the
    importer remains the last one and checkpoints at its close as it does for users."""
    try:
        return count(db, "SELECT count(*) FROM batches") == 2
    except sqlite3.OperationalError:
        return False  # busy for a moment: ask again


def wait_for(proc: subprocess.Popen[bytes], condition: Callable[[], bool], every: float) -> float | None:
    """Poll until `condition` holds (returns the time, monotonic) or the process ends (None)."""
    while proc.poll() is None:
        if condition():
            return time.monotonic()
        time.sleep(every)
    return None


def measure(base: Path, sheet: Path, rows: int, folder: Path) -> Sheet:
    """One complete import on a copy of the base: when it writes, commits and ends."""
    db = folder / "measure.sqlite"
    shutil.copyfile(base, db)
    started = time.monotonic()
    proc = import_process(sheet, db)
    wrote = wait_for(proc, lambda: writing(db), 0.005)
    done = wait_for(proc, lambda: committed(db), 0.02)
    _, err = proc.communicate(timeout=300)
    end = time.monotonic()
    assert proc.returncode == 0, err.decode()
    assert wrote is not None and done is not None, "the import ended before it was seen writing"
    assert assert_all_or_nothing(db, rows) == "all"
    return Sheet(sheet, rows, wrote - started, done - started, end - started)


def assert_all_or_nothing(db: Path, rows: int) -> str:
    """The catalogue holds the whole second import or nothing of it; returns which."""
    assert integrity(db) == ["ok"]
    offers = count(db, "SELECT count(*) FROM offers")
    batches = count(db, "SELECT count(*) FROM batches")
    updated = count(db, "SELECT count(*) FROM offers WHERE description LIKE 'mise à jour — %'")
    journaled = count(db, "SELECT count(*) FROM journal WHERE batch_id = 2")
    if offers == BASE_OFFERS:
        assert (batches, updated, journaled) == (1, 0, 0), (offers, batches, updated, journaled)
        return "none"
    assert (offers, batches, updated) == (rows, 2, BASE_OFFERS), (offers, batches, updated)
    assert journaled >= rows  # one creation per new offer, one line per changed field of the 200
    return "all"


def kill_round(
    base: Path, sheet: Sheet, following: Path, db: Path, moment: Moment, rng: random.Random
) -> Landed:
    for side in ("", "-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)
    shutil.copyfile(base, db)
    proc = import_process(sheet.path, db)
    if moment == "anywhere":
        time.sleep(rng.uniform(0, sheet.end))
    elif moment == "writing":
        if wait_for(proc, lambda: writing(db), 0.005) is not None:
            time.sleep(rng.uniform(0, sheet.commit - sheet.write))
    elif wait_for(proc, lambda: committed(db), 0.02) is not None:
        time.sleep(rng.uniform(0, sheet.end - sheet.commit))  # closing: the checkpoint, the summary, the exit
    wrote = writing(db)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, -signal.SIGKILL), err.decode()
    outcome = assert_all_or_nothing(db, sheet.rows)
    if moment == "committed":
        assert outcome == "all"
    assert problems(db) == []
    after = run("import", following, "--db", db, "--kind", "offers", "--as-of", AS_OF)
    assert after.returncode == 0, after.stderr
    assert "30 insérées" in after.stdout
    total = sheet.rows if outcome == "all" else BASE_OFFERS
    assert count(db, "SELECT count(*) FROM offers") == total + 30
    if outcome == "all":
        return "after the commit"
    return "in the transaction" if wrote else "before writing"


# 50 kills: most anywhere in the import, some while it writes its transaction, some after its commit
# (while it checkpoints and exits).
PLAN: list[tuple[Moment, int]] = [("anywhere", 30), ("writing", 12), ("committed", 8)]


def test_an_import_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    base, big, following = build_sheets(tmp_path)
    sheet = measure(base, big, ROWS, tmp_path)
    rng = random.Random(SEED)
    rounds = [moment for moment, times in PLAN for _ in range(times)]
    rng.shuffle(rounds)
    landed: Counter[tuple[Moment, Landed]] = Counter()
    for n, moment in enumerate(rounds):
        db = tmp_path / f"round{n:02d}.sqlite"
        landed[moment, kill_round(base, sheet, following, db, moment, rng)] += 1
        for leftover in tmp_path.glob(f"round{n:02d}.*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    print(
        f"{ROWS:,} rows: writes at {sheet.write:.1f} s, commits at {sheet.commit:.1f} s, ends at {sheet.end:.1f} s"
    )
    print("kills:", dict(landed))
    assert landed.total() == 50
    where = Counter(dict.fromkeys(get_args(Landed), 0))
    for (_, phase), n in landed.items():
        where[phase] += n
    assert min(where.values()) >= 5, dict(where)  # every phase had its share of kills
    assert sum(n for (moment, _), n in landed.items() if moment == "anywhere") == 30
