"""Pausing Python's cyclic garbage collector during an import's bulk work.

An import builds hundreds of thousands of small acyclic objects (rows, values, dicts) and keeps them
alive until the end; the cyclic collector keeps re-scanning them for nothing. Measured on 50,000 rows
(benchmarks/import_bench.py): planning is about twice as fast with it paused. Reference counting still
frees everything that is not cyclic; the collector is restored (and runs normally again) on the way out.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (re-entrant: only the outermost block re-enables it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
