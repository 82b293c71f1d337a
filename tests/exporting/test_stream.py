"""The formatted export's fast path agrees with the reference rendering, value for value.

`WorkbookRows` (plain SQL rows, converted column by column, flags from `FlagRules`) must give exactly
what the catalogue API and `display_cells`/`flags_for` give, also for the odd values a catalogue edited
by hand may hold; `write_entry_rows` must size rows exactly as `row_height` does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stewarddesk.catalogue import Catalogue, Query, Settings, flags_for
from stewarddesk.catalogue import flags as flags_module
from stewarddesk.catalogue.flags import FlagRules
from stewarddesk.exporting import source, stream
from stewarddesk.exporting.cells import Cell, alerts, display_cells
from stewarddesk.exporting.source import Selection
from stewarddesk.exporting.stream import WorkbookRows, _decoded
from stewarddesk.exporting.summary import Summary
from stewarddesk.exporting.text_width import capacity
from stewarddesk.exporting.xlsx_style import row_height, workbook_date, write_entry_rows
from stewarddesk.fields import EntryKind

from .conftest import AS_OF, Clock, fill

# Stored values the API never writes but a hand-edited or older file may hold.
_ODD_ACTIONS = [
    "UPDATE actions SET orientation = '' WHERE id % 5 = 0",
    "UPDATE actions SET code = NULL WHERE id % 7 = 0",
    "UPDATE actions SET carrier_type = 'zzz' WHERE id % 6 = 0",
    "UPDATE actions SET status = NULL WHERE id % 11 = 0",
    "UPDATE actions SET status = 'weird' WHERE id % 13 = 0",
    "UPDATE actions SET term = '' WHERE id % 9 = 0",
    "UPDATE actions SET adopted = '2024-02-30' WHERE id % 8 = 0",
    "UPDATE actions SET adopted = '1899-06-01' WHERE id % 10 = 0",
    "UPDATE actions SET adopted = 'n/a' WHERE id % 12 = 0",
    "UPDATE actions SET reviewed = NULL WHERE id % 4 = 0",
    "UPDATE actions SET reviewed = '2025-13-01' WHERE id % 14 = 0",
    "UPDATE actions SET reviewed = '2025-01-01T10:00' WHERE id % 15 = 0",
    "UPDATE actions SET created = 'bad' WHERE id % 28 = 0",
    "UPDATE actions SET description = '=1+1' WHERE id % 16 = 0",
    "UPDATE actions SET description = 'ligne\nligne 2\n\nfin' WHERE id % 17 = 0",
    "UPDATE actions SET indicators = '' WHERE id % 3 = 0",
    "UPDATE actions SET carriers = '[]' WHERE id % 18 = 0",
    'UPDATE actions SET carriers = \'["", "X", null]\' WHERE id % 19 = 0',
    "UPDATE actions SET carriers = '[\"\"]' WHERE id % 20 = 0",
    'UPDATE actions SET carriers = \'[ "A" ,"B"]\' WHERE id % 21 = 0',
    "UPDATE actions SET archived = 1 WHERE id % 22 = 0",
]
_ODD_OFFERS = [
    "UPDATE offers SET need = 'zzz' WHERE id % 3 = 0",
    'UPDATE offers SET stages = \'["idea", "unknown"]\' WHERE id % 4 = 0',
    'UPDATE offers SET sectors = \'["Santé", ""]\' WHERE id % 5 = 0',
    "UPDATE offers SET email = '', phone = NULL, url = '' WHERE id % 6 = 0",
    "UPDATE offers SET reviewed = NULL WHERE id % 7 = 0",
    "UPDATE offers SET reviewed = 'bientôt' WHERE id % 8 = 0",
    "UPDATE offers SET partner_ref = '-3' WHERE id % 9 = 0",
]
STATUSES = ["to_define", "to_specify", "to_start", "engaged", "done", "dropped"]
OFFER_STATUSES = ["active", "suspended", "archived"]


@pytest.fixture
def odd(tmp_path: Path) -> Iterator[Catalogue]:
    """The export tests' entries, 60 more actions and 30 more offers of every kind, then odd values."""
    with Catalogue.new(tmp_path / "odd.sqlite", clock=Clock(), user="claire") as cat:
        fill(cat)
        for i in range(60):
            cat.create(
                "actions",
                {
                    "code": f"D.{i % 4}.{i}",
                    "orientation": f"Orientation {i % 3}",
                    "title": f"Action {i}",
                    "description": " ".join(["mot"] * (i % 23))
                    + " un-mot-bien-plus-long-que-la-colonne" * (i % 2),
                    "carrier_type": ["metropole", "ecosystem", "mixed"][i % 3],
                    "carriers": [f"Structure {j}" for j in range(i % 4)],
                    "term": ["short", "medium", "long", "medium_long"][i % 4],
                    "status": STATUSES[i % 6],
                    "adopted": (dt.date(2019, 1, 1) + dt.timedelta(days=97 * i)).isoformat(),
                    "reviewed": (dt.date(2024, 1, 1) + dt.timedelta(days=31 * i)).isoformat(),
                },
            )
        for i in range(30):
            cat.create(
                "offers",
                {
                    "title": f"Offre {i}",
                    "structure": f"Structure {i % 5}",
                    "need": ["support", "funding", "hosting"][i % 3],
                    "stages": ["idea", "growth"][: i % 3],
                    "email": f"o{i}@x.example" if i % 2 else None,
                    "status": OFFER_STATUSES[i % 3],
                    "reviewed": (dt.date(2024, 1, 1) + dt.timedelta(days=41 * i)).isoformat(),
                },
            )
        with cat.transaction():
            for sql in _ODD_ACTIONS + _ODD_OFFERS:
                cat.conn.execute(sql)
        yield cat


def _reference(cat: Catalogue, kind: EntryKind, query: Query) -> list[tuple[tuple[Cell, ...], list[Any]]]:
    """Each entry's workbook cells and flags, the way the catalogue API and `display_cells` give them."""
    selection = Selection(cat, kind, query, AS_OF)
    out = []
    for page in selection.pages():
        for r in page:
            flags = flags_for(kind, r.entry, selection.settings, AS_OF)
            cells = tuple(workbook_date(c) for c in display_cells(kind, r.entry, flags))
            out.append((cells, flags))
    return out


def _fast(cat: Catalogue, kind: EntryKind, query: Query) -> list[tuple[tuple[Cell, ...], list[Any]]]:
    rows = WorkbookRows(Selection(cat, kind, query, AS_OF))
    return [
        (cells, list(flags))
        for page in rows.pages()
        for cells, flags in zip(page.cells, page.flags, strict=True)
    ]


QUERIES = [
    Query(sort="code"),
    Query(sort="title", include_archived=True),
    Query(sort="reviewed", descending=True, flags=("stale", "incomplete")),
]


@pytest.mark.parametrize("kind", ["actions", "offers"])
@pytest.mark.parametrize("query", QUERIES)
def test_rows_are_the_reference_rendering(
    odd: Catalogue, kind: EntryKind, query: Query, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "PAGE", 7)  # several pages, the last one short
    if kind == "offers" and query.sort == "code":
        query = query.with_(sort="structure")
    expected = _reference(odd, kind, query)
    assert len(expected) > 10
    assert _fast(odd, kind, query) == expected


def test_small_memos_give_the_same_rows(odd: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memos emptied when full (every few values here) change nothing but speed."""
    monkeypatch.setattr(stream, "_MEMO_MAX", 2)
    monkeypatch.setattr(flags_module, "_RULES_MAX", 3)
    monkeypatch.setattr(source, "PAGE", 5)
    query = Query(sort="code", include_archived=True)
    assert _fast(odd, "actions", query) == _reference(odd, "actions", query)


def test_the_stored_values_travel_with_the_cells(odd: Catalogue) -> None:
    rows = WorkbookRows(Selection(odd, "actions", Query(sort="code"), AS_OF))
    pages = list(rows.pages())
    assert all(len(p.cells) == len(p.flags) == len(p.values) for p in pages)
    ids = [values[rows.index("id")] for page in pages for values in page.values]
    assert ids == odd.ids("actions", Query(sort="code"))
    for page in pages:
        for cells, values in zip(page.cells, page.values, strict=True):
            assert cells[-1] == values[rows.index("id")]
            assert values[rows.index("status")] in {*STATUSES, None, "weird"}


def test_summary_counts_what_the_entries_hold(odd: Catalogue) -> None:
    query = Query(sort="code", include_archived=True)
    selection = Selection(odd, "actions", query, AS_OF)
    rows = WorkbookRows(selection)
    groups = selection.groups("orientation")
    summary = Summary("actions", rows.index, groups)
    for page in rows.pages():
        summary.add(page)
        summary.meet(cells[1] for cells in page.cells)
    summary.count()
    entries = [r.entry for page in selection.pages() for r in page]
    assert summary.total == len(entries)
    assert summary.pairs == Counter((e["status"] or "", e["term"] or "") for e in entries)
    assert summary.carriers == Counter(e["carrier_type"] or "" for e in entries)
    orientations = Counter(e["orientation"] or "" for e in entries)
    assert list(summary.orientations.items()) == list(orientations.items())  # in the order met
    flagged = Counter(
        k for e in entries for k in {f.kind for f in flags_for("actions", e, selection.settings, AS_OF)}
    )
    assert summary.flags == flagged
    assert list(groups) == sorted(groups, key=lambda o: (o is not None, o or ""))  # empty first
    assert {(o or ""): n for o, n in groups.items()} == orientations


@pytest.mark.parametrize(
    "query", [Query(sort="code", include_archived=True), Query(sort="title", descending=True)]
)
def test_group_by_puts_each_orientation_together_in_the_querys_order(odd: Catalogue, query: Query) -> None:
    odd.create("actions", {"title": "Accents", "orientation": "Économie"})  # after « Orientation … » in UTF-8
    selection = Selection(odd, "actions", query, AS_OF)
    in_query_order = list(selection.ids)
    groups = selection.group_by("orientation")
    assert groups == selection.groups("orientation") and list(groups) == list(selection.groups("orientation"))
    orientation = {e["id"]: e["orientation"] or None for e in odd.rows("actions", in_query_order)}
    expected = [i for value in groups for i in in_query_order if orientation[i] == value]
    assert selection.ids == expected
    assert next(iter(groups)) is None and list(groups)[-1] == "Économie"


# ------------------------------------------------------------------ FlagRules against flags_for

_TEXTS = st.one_of(
    st.none(),
    st.just(""),
    st.dates(dt.date(2015, 1, 1), dt.date(2027, 1, 1)).map(dt.date.isoformat),
    st.dates(dt.date(2015, 1, 1), dt.date(2027, 1, 1)).map(lambda d: d.isoformat() + "T08:30:00"),
    st.sampled_from(["2025-13-01", "2024-02-30", "n/a", "2024-01", "20240101"]),
)
_ENTRY = st.fixed_dictionaries(
    {
        "status": st.sampled_from([*STATUSES, *OFFER_STATUSES, None, "", "weird"]),
        "archived": st.sampled_from([0, 1]),
        "reviewed": _TEXTS,
        "created": _TEXTS,
        "term": st.sampled_from(["short", "medium", "long", "medium_long", None, "", "x"]),
        "adopted": _TEXTS,
        "carriers": st.sampled_from([[], ["A"], [""]]),
        "email": st.sampled_from([None, "", "a@b.fr"]),
        "phone": st.sampled_from([None, "", "0491"]),
        "url": st.sampled_from([None, ""]),
    }
)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["actions", "offers"]),
    entries=st.lists(_ENTRY, max_size=40),
    engaged_days=st.integers(0, 400),
    short_years=st.integers(0, 3),
)
def test_flag_rules_give_flags_for_on_every_entry(
    kind: EntryKind, entries: list[dict[str, Any]], engaged_days: int, short_years: int
) -> None:
    rules_settings = Settings(engaged_stale_days=engaged_days, horizon_short_years=short_years)
    rules = FlagRules(kind, rules_settings, AS_OF, describe=alerts)

    def column(name: str) -> list[Any]:
        return [e[name] for e in entries]

    if kind == "actions":
        complete = [bool(e["carriers"]) for e in entries]
    else:
        complete = [bool(e["email"] or e["phone"] or e["url"]) for e in entries]
    for _ in range(2):  # the second time from the memos
        judged = rules.judge_many(
            column("status"),
            column("archived"),
            column("reviewed"),
            column("created"),
            column("term"),
            column("adopted"),
            complete,
        )
        expected = [flags_for(kind, e, rules_settings, AS_OF) for e in entries]
        assert [list(flags) for flags, _ in judged] == expected
        assert [text for _, text in judged] == [alerts(flags) for flags in expected]


# ------------------------------------------------------------------ lists, heights


@given(st.lists(st.one_of(st.none(), st.text(max_size=6), st.integers()), max_size=4))
def test_stored_lists_decode_as_the_json_parser_does(items: list[Any]) -> None:
    for text in (
        json.dumps(items, ensure_ascii=False),
        json.dumps(items),
        json.dumps(items, separators=(",", ":")),
    ):
        assert _decoded(text) == json.loads(text)


@pytest.mark.parametrize("text", ['["a", "b" ]', '["a", ", "b"]', '["]', '["a\n", "b"]', '["\\u00e9"]'])
def test_odd_json_lists_go_to_the_parser(text: str) -> None:
    try:
        expected: Any = json.loads(text)
    except ValueError:
        with pytest.raises(ValueError):
            _decoded(text)
        return
    assert _decoded(text) == expected


class _Sheet:
    """What `write_entry_rows` asks of a worksheet, recorded."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], Any] = {}
        self.heights: dict[int, float] = {}
        self.levels: dict[int, int] = {}

    def write_string(self, row: int, col: int, value: str, fmt: Any = None) -> None:
        self.cells[(row, col)] = value

    write_number = write_datetime = write_string

    def set_row_pixels(self, row: int, pixels: int | None, fmt: Any = None, options: Any = None) -> None:
        if pixels is not None:
            self.heights[row] = pixels
        self.levels[row] = (options or {}).get("level", 0)


_WORDS = st.text(alphabet="ab", min_size=1, max_size=14)
_CELL_TEXT = st.lists(st.one_of(_WORDS, st.just("\n"), st.just("")), max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(st.none(), _CELL_TEXT), min_size=4, max_size=4), max_size=6))
def test_rows_are_as_tall_as_row_height_says(rows: list[list[str | None]]) -> None:
    widths = [capacity(w) for w in (3, 5, 8, 13)]
    styles = SimpleNamespace(cell_formats=[None] * 4, quoted_formats=[None] * 4, rooms=widths)
    sheet = _Sheet()
    end = write_entry_rows(sheet, styles, 10, rows)  # type: ignore[arg-type]
    assert end == 10 + len(rows)
    for i, cells in enumerate(rows):
        points = row_height(cells, widths)
        # As `Worksheet.set_row` turns points into pixels.
        assert sheet.heights.get(10 + i) == (None if points is None else int(points * 4.0 / 3.0 + 0.5))
        for col, cell in enumerate(cells):
            assert sheet.cells.get((10 + i, col)) == cell


def test_heights_in_pixels_write_what_set_row_writes(tmp_path: Path) -> None:
    """The writer gives heights in pixels (`set_row_pixels`); xlsxwriter must write the same rows as
    when given the points (`set_row`), for every number of lines up to Excel's limit."""
    from zipfile import ZipFile

    import xlsxwriter

    from stewarddesk.exporting.xlsx_style import _pixels, _points

    sheets = []
    for name, set_height in (("points", "set_row"), ("pixels", "set_row_pixels")):
        path = tmp_path / f"{name}.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet()
        for lines in range(2, 40):
            ws.write_string(lines, 0, "x")
            height = _points(lines) if set_height == "set_row" else _pixels(lines)
            getattr(ws, set_height)(lines, height)
        wb.close()
        with ZipFile(path) as z:
            sheets.append(z.read("xl/worksheets/sheet1.xml"))
    assert sheets[0] == sheets[1]
    assert sheets[0].count(b'customHeight="1"') == 38  # up to Excel's limit (409 points, in pixels)


def test_orientation_groups_keep_their_order(cat: Catalogue, out_dir: Path) -> None:
    """One sheet, a heading per orientation in text order, the actions without one first (SQLite's
    order of the groups, as the export has always written them), each group in the query's order; the
    summary lists the orientations in the same order."""
    from stewarddesk.exporting import export_entries

    from .conftest import ORIENTATION_A, ORIENTATION_B
    from .workbooks import layout, load

    out = out_dir / "a.xlsx"
    export_entries(cat, "actions", out, query=Query(sort="code", descending=True), as_of=AS_OF)
    wb = load(out)
    assert wb.sheetnames == ["Synthèse", "Actions"]
    assert layout(wb["Actions"], "Code") == [
        ("heading", "Sans orientation", 0),
        ("entry", "C.1", 1),
        ("heading", ORIENTATION_A, 0),
        ("entry", "A.1.2", 1),  # the query's order (by code, descending) within the group
        ("entry", "A.1.1", 1),
        ("heading", ORIENTATION_B, 0),
        ("entry", "B.1.1", 1),
    ]
    listed = [
        r[0].value
        for r in wb["Synthèse"].iter_rows()
        if r[0].value in (ORIENTATION_A, ORIENTATION_B, "(non renseigné)")
    ]
    assert listed == ["(non renseigné)", ORIENTATION_A, ORIENTATION_B]


def test_entry_rows_take_the_outline_level_they_are_given() -> None:
    widths = [capacity(w) for w in (3, 5, 8, 13)]
    styles = SimpleNamespace(cell_formats=[None] * 4, quoted_formats=[None] * 4, rooms=widths)
    sheet = _Sheet()
    rows = [["a", None, None, None], ["a b " * 20, None, None, None]]
    end = write_entry_rows(sheet, styles, 10, rows, level=1)  # type: ignore[arg-type]
    assert end == 12 and sheet.levels == {10: 1, 11: 1}
    assert 10 not in sheet.heights and sheet.heights[11] > 17  # one line keeps the default height
