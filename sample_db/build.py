"""Rebuild the sample catalogue from the curated seed data in `sample_data.py`.

    python sample_db/build.py [OUT]        # default: catalogue.sqlite beside this script

OUT is deleted and written again through the catalogue API (so the sample holds exactly what the API
would write: journal rows, full-text index, reference lists, default settings), with a fixed clock and
user, so two builds hold the same rows.

The clock is 2026-11-02 09:00 (Paris time): the sample's review dates all lie before it, and the review
queue as of 2026-11-21 (`sample_data.REVIEW_AS_OF`) shows every kind of flag. The finished file is left in
rollback-journal mode, compacted, with no -wal/-shm beside it, so it is one self-contained file that can be
opened read-only where it is installed; the catalogue switches a copy to WAL when it opens it for writing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path
from typing import Final

from stewarddesk.catalogue import Catalogue

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_data  # beside this script, which is not a package

BUILD_TIME: Final = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
BUILD_USER: Final = "stewarddesk-sample"
SOURCE: Final = "sample"
DEFAULT_OUT: Final = Path(__file__).resolve().parent / "catalogue.sqlite"


def build(out: Path) -> None:
    """Delete `out` (and any -wal/-shm beside it) and write the sample catalogue there."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    cat = Catalogue.new(out, clock=lambda: BUILD_TIME, user=BUILD_USER)
    try:
        for sector in sample_data.SECTORS:
            cat.add_reference("sector", sector)
        for site in sample_data.SITES:
            cat.add_reference("site", site)
        for structure in sample_data.STRUCTURES:
            cat.create("structures", structure, source=SOURCE)
        for offer in sample_data.OFFERS:
            cat.create("offers", offer, source=SOURCE)
        for action in sample_data.ACTIONS:
            cat.create("actions", action, source=SOURCE)
    finally:
        cat.close()
    _compact(out)


def _compact(out: Path) -> None:
    conn = sqlite3.connect(out, isolation_level=None)
    try:
        # sqlite-utils stamps each applied migration with the real time; the build's own keeps it stable.
        applied = str(BUILD_TIME.astimezone(dt.UTC))
        conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", (applied,))
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0] in ("-h", "--help")):
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    out = Path(argv[0]) if argv else DEFAULT_OUT
    build(out)
    print(
        f"{out}: {len(sample_data.STRUCTURES)} structures, {len(sample_data.OFFERS)} offers, "
        f"{len(sample_data.ACTIONS)} actions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
