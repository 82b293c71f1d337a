"""Scale: a 1,000,000-entry catalogue (500,000 offers + 500,000 actions).

Prints: the time to build it, the file size, flag computation over the whole catalogue (SQL counts for the
review queue, and Python reasons for every flagged row), a full-text search, a filtered view, a filtered
export of 10,000 entries, and `check`. Run: python benchmarks/scale_bench.py [N] [--keep PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stewarddesk.catalogue import Catalogue, Query, flags_for
from stewarddesk.catalogue.check import check
from stewarddesk.catalogue.flags import FLAG_KINDS
from stewarddesk.exporting.api import export_entries
from synthetic import build

AS_OF = dt.date(2026, 11, 21)


def timed(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    print(f"  {label:<58} {time.perf_counter() - started:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--keep", type=Path, help="reuse or keep the catalogue at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "scale.sqlite"
        print(f"StewardDesk scale benchmark: {args.n:,} entries")
        # Figures on a shared machine mean little without its load: said at both ends.
        print(f"  {'load average (1 min) at start':<58} {os.getloadavg()[0]:8.1f}")
        if not path.exists():
            timed(
                f"build {args.n:,} entries (bulk SQL, journaled, indexed)",
                lambda: build(path, args.n // 2, args.n // 2),
            )
        print(f"  {'file size':<58} {path.stat().st_size / 1e6:8.1f} MB")
        with Catalogue.open(path) as cat:
            settings = cat.settings()
            for kind in ("offers", "actions"):
                for flag in FLAG_KINDS:
                    n = timed(
                        f"count {kind} {flag} (SQL)",
                        lambda k=kind, f=flag: cat.count(k, Query(flags=(f,), as_of=AS_OF)),
                    )
                    print(f"    → {n:,}")

            def reasons() -> int:
                total = 0
                for kind in ("offers", "actions"):
                    ids = cat.ids(kind, Query(flags=FLAG_KINDS, as_of=AS_OF))
                    for start in range(0, len(ids), 2000):
                        for entry in cat.rows(kind, ids[start : start + 2000]):
                            total += len(flags_for(kind, entry, settings, AS_OF))
                return total

            n = timed("every flag of the catalogue with its reason (Python)", reasons)
            print(f"    → {n:,} flags")
            n = timed(
                "search « incubation santé » (FTS5, all ids)",
                lambda: len(cat.ids("offers", Query(text="incubation santé"))),
            )
            print(f"    → {n:,} offers")
            timed(
                "first page of the default view (ids + 200 rows)",
                lambda: cat.rows("offers", cat.ids("offers")[:200]),
            )
            timed(
                "re-sort by review date", lambda: cat.ids("offers", Query(sort="reviewed", descending=True))
            )
            timed("facet counts for « Besoin »", lambda: cat.facets("offers", "need"))
            query = _about_10k(cat)
            for suffix in ("xlsx", "csv"):
                out = Path(tmp) / f"export.{suffix}"
                result = timed(
                    f"filtered export to .{suffix} (offers of a few structures)",
                    lambda o=out: export_entries(cat, "offers", o, query=query, as_of=AS_OF),
                )
                print(f"    → {result.count:,} rows, {out.stat().st_size / 1e6:.1f} MB")
            problems = timed("check (integrity, index, journal replay)", lambda: check(cat))
            print(f"    → {len(problems)} problem(s)")
        print(
            f"  {'peak memory (max RSS)':<58} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB"
        )
        print(f"  {'load average (1 min) at the end':<58} {os.getloadavg()[0]:8.1f}")


def _about_10k(cat: Catalogue) -> Query:
    """A structure filter selecting about 10,000 offers (whole structures, as a user would pick them)."""
    chosen: list[str] = []
    total = 0
    for name, count in cat.facets("offers", "structure"):
        if total >= 10_000:
            break
        chosen.append(name)
        total += count
    return Query(filters={"structure": tuple(chosen)}, as_of=AS_OF)


if __name__ == "__main__":
    main()
