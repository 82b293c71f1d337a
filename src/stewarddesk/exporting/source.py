"""The entries of an export, fetched page by page with their flags.

An export of 100,000 actions holds only the ordered ids in memory; rows (and their flags) are fetched a
page at a time, so memory stays flat whatever the size, and cancel is honoured between pages.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from stewarddesk.catalogue import Catalogue, Entry, Flag, Query, flags_for
from stewarddesk.catalogue.query import compile_where
from stewarddesk.fields import EntryKind
from stewarddesk.progress import CancelToken, Progress, no_progress

PAGE: Final = 1000


@dataclass(frozen=True)
class ExportRow:
    """One entry as `Catalogue.rows` gives it, and its flags as of the export's date."""

    entry: Entry
    flags: list[Flag]


class Selection:
    """The ids a query selects, in its order, and the means to read them a page at a time."""

    def __init__(self, cat: Catalogue, kind: EntryKind, query: Query, as_of: dt.date) -> None:
        self.cat = cat
        self.kind = kind
        self.query = query
        self.as_of = as_of
        self.ids: list[int] = cat.ids(kind, query)
        self.settings = cat.settings()

    def __len__(self) -> int:
        return len(self.ids)

    def groups(self, field_name: str) -> dict[str | None, int]:
        """Each distinct value of a plain column among the selected entries (None for empty), in
        SQLite's text order (empty first), with how many entries have it. One aggregate query: the
        rows are not read."""
        # The query's conditions without its order (wrapping the ordered query in `id IN (...)` would
        # sort for nothing, and cost twice as much).
        source, where, params = compile_where(self.kind, self.query, self.settings, self.as_of)
        grouped = (
            f"SELECT NULLIF({self.kind}.{field_name}, ''), count(*) FROM {source} WHERE {where}"
            f" GROUP BY 1 ORDER BY 1"
        )
        return {value: int(n) for value, n in self.cat.conn.execute(grouped, params)}

    def group_by(self, field_name: str) -> dict[str | None, int]:
        """Put the entries of each value of a plain column together, keeping the query's order within
        each: `ids` reordered, the values in `groups`' order (empty first). Returns what `groups` does,
        from the same one query (Python orders text by code point: SQLite's BINARY order of UTF-8)."""
        source, where, params = compile_where(self.kind, self.query, self.settings, self.as_of)
        t = self.kind
        rows = self.cat.conn.execute(
            f"SELECT {t}.id, NULLIF({t}.{field_name}, '') FROM {source} WHERE {where}", params
        ).fetchall()
        values = list(map(operator.itemgetter(1), rows))
        counts = Counter(values)
        order = sorted(counts, key=lambda value: (value is not None, value or ""))
        if len(order) > 1:
            rank = {value: n for n, value in enumerate(order)}
            rank_of = dict(zip(map(operator.itemgetter(0), rows), map(rank.__getitem__, values), strict=True))
            self.ids.sort(key=rank_of.__getitem__)  # a stable sort
        return {value: counts[value] for value in order}

    def pages(
        self,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        page: int | None = None,
    ) -> Iterator[Sequence[ExportRow]]:
        """The selected entries in order, `page` (default `PAGE`) at a time; raises `Cancelled` between
        pages if asked."""
        page = page or PAGE
        report = progress or no_progress
        total = len(self.ids)
        report(0, total)
        for start in range(0, total, page):
            if cancel is not None:
                cancel.check()
            entries = self.cat.rows(self.kind, self.ids[start : start + page])
            yield [ExportRow(e, flags_for(self.kind, e, self.settings, self.as_of)) for e in entries]
            report(min(start + page, total), total)
