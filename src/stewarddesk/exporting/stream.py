"""The rows of a formatted workbook, read a page at a time and turned straight into workbook cells.

`Selection.pages` reads entries the way the catalogue API gives them (a dict per entry, its lists
decoded), for the writers that need whole entries (CSV, review workbooks). The formatted workbook only
needs each exported column's value as a cell, and the entry's flags: `WorkbookRows` selects exactly those
columns as plain SQL rows, a page of the selection's ids at a time (flat memory, cancel between pages),
and converts each column once per distinct value (a vocabulary code, a date, a list of carriers recur on
thousands of rows). Flags come from `FlagRules`, which gives what `flags_for` gives.

The cells are `cells.display_cells`' with dates as Excel serial numbers (`xlsx_style.workbook_date`), so
the writer does not convert them again.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat
from typing import Any, Final, NamedTuple

from stewarddesk.catalogue.flags import Flag, FlagRules
from stewarddesk.catalogue.query import Query, compile_where
from stewarddesk.exporting import source
from stewarddesk.exporting.cells import ARCHIVED_ACTION, JOIN, Cell, alerts, renderer
from stewarddesk.exporting.source import Selection
from stewarddesk.exporting.xlsx_style import workbook_date
from stewarddesk.fields import FIELDS, Field
from stewarddesk.progress import CancelToken, Progress, no_progress

_MEMO_MAX: Final = 16384
# The stored columns read besides the exported fields: the id, and what the flags need (`created`
# counts for a review date never given; offers are archived by their status, actions by a column).
_EXTRA: Final = ("id", "created", "archived")


class Page(NamedTuple):
    """A page of entries, as three lists of the same length, entry by entry: the cells in
    `export_columns` order, the flags (lists shared between entries with the same flags: do not
    modify them), and the stored values (`WorkbookRows.index` says where each column sits)."""

    cells: list[tuple[Cell, ...]]
    flags: list[list[Flag]]
    values: list[tuple[Any, ...]]


class _Memo(dict[Any, Any]):
    """A one-argument function's results by argument: computed on first use, a dict lookup (in C)
    afterwards. Emptied when full, so that a distinct value on every row cannot grow it without end."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: Any) -> Any:
        value = self.function(key)
        if len(self) >= _MEMO_MAX:
            self.clear()
        self[key] = value
        return value


def _decoded(stored: Any) -> Any:
    """A list column's stored JSON, decoded as `Catalogue.rows` decodes it."""
    if stored == "[]":
        return []
    if not isinstance(stored, str):
        return list(stored or [])
    items = _plain_items(stored)
    return json.loads(stored) if items is None else items


def _plain_items(stored: str) -> list[str] | None:
    """The texts of a stored JSON list as the catalogue writes it (`json.dumps` of names), read without
    the parser; None for anything else (escapes, other spacing, odd characters: the parser's job)."""
    if stored.startswith('["') and stored.endswith('"]') and len(stored) >= 4 and "\\" not in stored:
        # Without a backslash, every « " » delimits a string: when all of them belong to the « ", " »
        # separators, the items are the pieces between them.
        inner = stored[2:-2]
        if inner.count('"') == 2 * inner.count('", "') and inner.isprintable():
            return inner.split('", "')
    return None


def _list_cell(render: Callable[[Any], Cell]) -> Callable[[Any], Cell]:
    """`render` of a decoded list of free texts (names, sectors), taking the plain case's short cut:
    its non-empty items joined, which is what `render` makes of a list of texts."""

    def cell(stored: Any) -> Cell:
        items = _plain_items(stored) if isinstance(stored, str) else None
        if items is None:
            return render(_decoded(stored))
        return JOIN.join(filter(None, items)) or None

    return cell


def _converter(f: Field) -> Callable[[Any], Cell] | None:
    """What turns `f`'s stored values into cells (a memo's lookup), or None where the stored value
    already is the cell (text, made NULL by the query when empty)."""
    render = renderer(f)
    if f.type == "date":
        return _Memo(lambda stored: workbook_date(render(stored))).__getitem__
    if f.type in ("list", "structures"):
        return _Memo(_list_cell(render)).__getitem__
    if f.type == "codes":
        return _Memo(lambda stored: render(_decoded(stored))).__getitem__
    if f.type == "code":
        return _Memo(render).__getitem__
    return None


def _column(kind: str, f: Field) -> str:
    if f.type == "structure":
        return "NULLIF(s.name, '')"  # the offers' provider, by the join of the query's source
    if f.type in ("text", "longtext"):
        return f"NULLIF({kind}.{f.name}, '')"  # what `display_value` makes of empty text
    return f"{kind}.{f.name}"


class WorkbookRows:
    """The selection's entries as workbook cells with their flags, a page at a time, in its order."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        kind = self.kind = selection.kind
        fields = FIELDS[kind]
        self.width = len(fields)
        self.columns = [f.name for f in fields] + list(_EXTRA)
        extra = [f"{kind}.{c}" if c != "archived" or kind == "actions" else "NULL" for c in _EXTRA]
        # The query's own FROM clause (the offers' join to their structure), without its conditions:
        # the rows are picked by id.
        from_clause, _, _ = compile_where(
            kind, Query(include_archived=True), selection.settings, selection.as_of
        )
        self.select = (
            f"SELECT {', '.join([_column(kind, f) for f in fields] + extra)}"
            f" FROM {from_clause} WHERE {kind}.id IN "
        )
        self.converters = [_converter(f) for f in fields]
        self.rules = FlagRules(kind, selection.settings, selection.as_of, describe=alerts)
        # Whether a stored list holds anything (an action without carriers is incomplete).
        self._present = _Memo(lambda stored: bool(_decoded(stored)))

    def index(self, name: str) -> int:
        """Where the stored value of `name` (a field, or id/created/archived) sits in a row's values."""
        return self.columns.index(name)

    def pages(self, *, progress: Progress | None = None, cancel: CancelToken | None = None) -> Iterator[Page]:
        """The entries in the selection's order, `source.PAGE` at a time; progress after each page,
        and `Cancelled` raised between pages if asked."""
        page = source.PAGE
        report = progress or no_progress
        ids = self.selection.ids
        total = len(ids)
        report(0, total)
        for start in range(0, total, page):
            if cancel is not None:
                cancel.check()
            yield self._convert(self._read(ids[start : start + page]))
            report(min(start + page, total), total)

    def _read(self, ids: Sequence[int]) -> list[tuple[Any, ...]]:
        """The stored rows of `ids`, in that order. Picked by id rather than read from one cursor in
        the query's order: SQLite would sort whole rows (long descriptions included) for that order,
        which costs more than these lookups by primary key."""
        marks = ",".join("?" * len(ids))
        rows = self.selection.cat.conn.execute(self.select + f"({marks})", ids).fetchall()
        found = dict(zip(map(operator.itemgetter(self.width), rows), rows, strict=True))
        if len(found) == len(ids):
            return list(map(found.__getitem__, ids))
        return [found[i] for i in ids if i in found]  # an id gone since (only outside a snapshot)

    def _column(self, rows: list[tuple[Any, ...]], name: str) -> list[Any]:
        return list(map(operator.itemgetter(self.index(name)), rows))

    def _convert(self, rows: list[tuple[Any, ...]]) -> Page:
        """A page's stored rows as workbook cells and flags: column by column, through `map` and `zip`,
        so that the loops over 14 cells × 1,000 rows run in C."""
        columns: list[Iterable[Any]] = []
        for i, convert in enumerate(self.converters):
            values = map(operator.itemgetter(i), rows)
            columns.append(values if convert is None else list(map(convert, values)))
        n = len(rows)
        if self.kind == "actions":
            # Incomplete when the decoded list of carriers is empty. A carrier shown settles it; else
            # the stored list is decoded: one of blanks shows no carrier yet is not empty (the
            # catalogue never stores one, but `flags_for` reads it so).
            shown = columns[self.index("carriers")]
            complete = list(map(operator.is_not, shown, repeat(None)))
            if False in complete:
                stored = self._column(rows, "carriers")
                for i in compress(range(n), map(operator.not_, complete)):
                    complete[i] = bool(self._present[stored[i]])
            archived, term, adopted = (self._column(rows, c) for c in ("archived", "term", "adopted"))
        else:
            contact = (self._column(rows, c) for c in ("email", "phone", "url"))
            complete = list(map(_has_contact, *contact))
            archived = term = adopted = [None] * n
        judged = self.rules.judge_many(
            self._column(rows, "status"),
            archived,
            self._column(rows, "reviewed"),
            self._column(rows, "created"),
            term,
            adopted,
            complete,
        )
        described: Iterable[Cell] = map(_DESCRIPTION, judged)
        if self.kind == "actions" and any(archived):
            described = list(described)  # archived actions say so in `Alertes` (`display_cells`)
            note = ARCHIVED_ACTION.render("fr")
            for i in compress(range(n), archived):
                described[i] = note
        ids = map(operator.itemgetter(self.width), rows)
        cells = list(zip(*columns, described, ids, strict=True))
        return Page(cells, list(map(_FLAGS, judged)), rows)


_FLAGS: Final = operator.itemgetter(0)  # of FlagRules.judge_many's results
_DESCRIPTION: Final = operator.itemgetter(1)


def _has_contact(email: Any, phone: Any, url: Any) -> bool:
    return bool(email or phone or url)
