"""Generated partner sheets through the whole import (`importing.api.import_file`), as .xlsx (openpyxl) and
as CSV, each on a fresh catalogue.

A sheet: a header row somewhere in rows 1–10 (a banner or notes above it), real header wordings from
`importing/synonyms.py` re-spelt (case, accents, line breaks, stray punctuation) mixed with unknown, empty
and duplicated columns and columns with a header but nothing below it, in any order; then data rows of any
cell type — numbers, dates, booleans, error values (#REF!…), formulas, very long text, control characters,
emoji, right-to-left text, leading zeros.

Properties:
- nothing but a KnownError ever comes out (a refusal is an answer; a traceback is a bug);
- every data row is accounted for: inserted, updated, unchanged, or rejected with a reason naming its row;
  only a blank row, or a lone text on a title-less row (a section heading) that a file warning names or
  that names the Orientation of the rows below it (a group heading), is left out of the plan; in particular every row with a plain title is in it; the JSON report is JSON;
- the rejected rows can be written back to a workbook;
- the catalogue stays sound (`check`: index and journal agree with the entries);
- importing the same file again changes nothing (no insertion, no update, no journal line).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.check import check
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, NO_ORIENTATION, EntryKind, Field
from stewarddesk.importing.api import import_file
from stewarddesk.importing.model import ACTIONS, ImportPlan
from stewarddesk.importing.normalise import cell_text
from stewarddesk.importing.synonyms import SYNONYMS

from .profiles import FUZZ, examples

AS_OF = dt.date(2026, 11, 21)
CLOCK = dt.datetime(2026, 11, 21, 9, 30)
SAFE_TITLE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9' ]*$")

WORDS = ["Atelier", "Prêt", "d'honneur", "Incubation", "Bourse", "French", "Tech", "Pépinière", "Luminy"]
STRUCTURES = ["Impulse", "CISAM", "Marseille Innovation", "Aix-Marseille Université", "Provence Angels"]
ODD_TEXT = st.lists(
    st.sampled_from(
        [
            *"aéZ09 ;,/-'\"",
            "\n",
            "\r",
            "\t",
            "\x07",
            "\x1f",
            "\u00a0",
            "\u200b",
            "\u200f",
            "\u202e",
            "🚀",
            "👩‍🔬",
            "שלום",
            "مرحبا",
            "\u0301",
            "\ufeff",
            "=",
            "+",
            "@",
        ]
    ),
    max_size=20,
).map("".join)
ERRORS = ["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!"]


def any_cell() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.just(""),
        ODD_TEXT,
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
        st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
        st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31)),
        st.booleans(),
        st.sampled_from(ERRORS),
        st.sampled_from(["=A1+1", "=SOMME(B2:B9)", "+33 4 91 00 00 00", "-", "@contact", "00123", "0612"]),
        st.integers(min_value=5_000, max_value=33_000).map(Long),
    )


@dataclass(frozen=True)
class Long:
    """A very long text (up to Excel's 32,767 characters and a little beyond), kept short in reports: a
    failing example's repr stays readable."""

    length: int

    def text(self) -> str:
        return ("Très long texte — " * self.length)[: self.length]


def field_cell(f: Field) -> st.SearchStrategy[Any]:
    """Plausible values of a field most of the time, anything at all otherwise."""
    if f.name == "title":
        plausible: st.SearchStrategy[Any] = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(
            " ".join
        )
    elif f.type in ("structure", "structures"):
        plausible = st.lists(st.sampled_from(STRUCTURES), min_size=1, max_size=2).map("; ".join)
    elif f.type in ("code", "codes") and f.vocab:
        labels = [t.fr for t in vocab.VOCABULARIES[f.vocab]] + [t.code for t in vocab.VOCABULARIES[f.vocab]]
        plausible = st.lists(st.sampled_from(labels), min_size=1, max_size=2 if f.type == "codes" else 1).map(
            "; ".join
        )
    elif f.type == "date":
        plausible = st.one_of(
            st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
            st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)).map(
                lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"
            ),
        )
    else:
        plausible = st.lists(st.sampled_from([*WORDS, " ", "-", "@", ".", "0", "1"]), max_size=8).map("".join)
    return st.one_of(plausible, plausible, plausible, any_cell())


class Empty:
    """The type of a column with a header but no value at all."""


EMPTY = Empty()


def _cells_of(f: Field | Empty | None) -> st.SearchStrategy[Any]:
    if isinstance(f, Empty):
        return st.none()
    return field_cell(f) if f else any_cell()


@st.composite
def respelt_header(draw: st.DrawFn, wording: str) -> str:
    text = wording
    if draw(st.booleans()):
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = draw(st.sampled_from([str, str.upper, str.lower, str.title]))(text)
    if " " in text and draw(st.booleans()):
        text = text.replace(" ", "\n", 1)
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " ", " :", " *", "  "]))


@dataclass
class Sheet:
    kind: EntryKind
    grid: list[list[Any]]  # row 0 is the sheet's row 1
    header_row: int  # 1-based

    def data_rows(self, header_row: int) -> range:
        return range(header_row + 1, len(self.grid) + 1)


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    kind: EntryKind = draw(st.sampled_from(["offers", "actions"]))
    fields = {f.name: f for f in FIELDS[kind]}
    names = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=len(fields)))
    if "title" not in names and draw(st.integers(0, 9)) > 0:
        names.append("title")
    columns: list[tuple[str, Field | Empty | None]] = [
        (draw(respelt_header(draw(st.sampled_from(SYNONYMS[kind][n])))), fields[n]) for n in names
    ]
    noise = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["", "Commentaire", "Remarques internes", "N°", "Colonne1", "Montant (k€)"]),
                ODD_TEXT,
            ),
            max_size=3,
        )
    )
    columns += [(h, None) for h in noise]
    if columns and draw(st.booleans()):
        columns.append(draw(st.sampled_from(columns)))  # a duplicated column
    empty = draw(st.lists(st.sampled_from(["", "Notes", "Colonne2"]), max_size=2))  # nothing below them
    columns += [(h, EMPTY) for h in empty]
    columns = draw(st.permutations(columns))
    header_row = draw(st.integers(1, 10))
    above: list[list[Any]] = []
    for _ in range(header_row - 1):
        above.append(
            draw(
                st.sampled_from(
                    [
                        [],
                        ["Catalogue des offres — mise à jour"],
                        ["Source : Marseille Innovation", None, "12/03/2025"],
                        [None, "Document de travail"],
                    ]
                )
            )
        )
    rows = draw(
        st.lists(
            st.tuples(*[_cells_of(f) for _, f in columns]).map(list),
            max_size=12,
        )
    )
    if rows and draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(rows))))  # a duplicated row
    return Sheet(kind, [*above, [h for h, _ in columns], *rows], header_row)


# ------------------------------------------------------------------------------------------ writers
def xlsx_value(value: Any) -> Any:
    if isinstance(value, Long):
        value = value.text()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # what openpyxl (and Excel) cannot store
    return value


def write_xlsx(sheet: Sheet, path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Offres" if sheet.kind == "offers" else "Actions"
    for r, row in enumerate(sheet.grid, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, xlsx_value(value))
    book.save(path)
    return path


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Long):
        return value.text()
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def write_csv(sheet: Sheet, path: Path, delimiter: str, encoding: str) -> Path:
    with path.open("w", newline="", encoding=encoding, errors="strict") as f:
        writer = csv.writer(f, delimiter=delimiter)
        for row in sheet.grid:
            writer.writerow([csv_text(v) for v in row])
    return path


# ------------------------------------------------------------------------------------------ properties
def entries(cat: Catalogue) -> tuple[int, int, int, int]:
    one = cat.conn.execute
    return (
        cat.total("offers"),
        cat.total("actions"),
        cat.total("structures"),
        int(one("SELECT count(*) FROM journal").fetchone()[0]),
    )


def _seen(value: Any, is_csv: bool) -> bool:
    """Whether a cell as written holds something the reader sees: not blank, and in a workbook neither an
    error value nor a formula (openpyxl writes formulas without the value Excel would cache)."""
    if not is_csv and isinstance(value, str) and (value in ERRORS or value.startswith("=")):
        return False
    return cell_text(value, is_csv=is_csv) is not None


def _heads_a_group(plan: ImportPlan, grid: list[list[Any]], r: int, text: str) -> bool:
    """Whether the lone text of row `r` is the Orientation of a planned row below it, before the next
    row left out that is not blank (or « Sans orientation » above one without): a group heading."""
    planned = {p.row: p for p in plan.rows}
    for below in range(r + 1, len(grid) + 1):
        if below not in planned:
            if any(_seen(v, plan.is_csv) for v in grid[below - 1]):
                return False
            continue
        values = planned[below].values
        if "orientation" not in values:
            return False
        orientation = values["orientation"]
        if orientation and vocab.fold(orientation) == vocab.fold(text):
            return True
        if not orientation and vocab.fold(text) in {
            vocab.fold(NO_ORIENTATION.render(g)) for g in ("fr", "en")
        }:
            return True
    return False


def import_twice(sheet: Sheet, path: Path, grid: list[list[Any]], kind: EntryKind | None) -> None:
    db = path.with_name(f"catalogue-{path.suffix[1:]}.sqlite")
    rejects = path.with_name(f"rejets-{path.suffix[1:]}.xlsx")
    with Catalogue.new(db, clock=lambda: CLOCK, user="fuzz") as cat:
        try:
            outcome = import_file(cat, path, kind=kind, as_of=AS_OF, rejects_out=rejects)
        except KnownError as exc:
            assert str(exc).strip() and "\n" not in str(exc).strip()
            assert entries(cat)[:3] == (0, 0, 0)  # refused: nothing written
            return
        plan, report = outcome.plan, outcome.report
        json.dumps(report)  # DESIGN.md's report is JSON
        numbers = [r.row for r in plan.rows]
        assert len(numbers) == len(set(numbers)), "a row planned twice"
        data = range(plan.header_row + 1, len(grid) + 1)
        assert set(numbers) <= set(data), (plan.header_row, numbers)
        for row in plan.rows:
            assert row.action in ACTIONS
            if row.action == "reject":
                assert row.problems and all(p.reason.strip() for p in row.problems)
                assert str(row.row) in row.reason
        # A data row outside the plan is blank (nothing the reader can see), or a lone text on a row
        # (a section heading) that the file's warnings name, or a group's heading.
        said = " ".join(plan.warnings)
        for r in sorted(set(data) - set(numbers)):
            filled = [v for v in grid[r - 1] if _seen(v, path.suffix == ".csv")]
            assert len(filled) <= 1, f"row {r} vanished: {grid[r - 1]!r}"
            if filled and not re.search(rf"(ignorées|ignored)\W*(\d+, )*{r}\b", said):
                text = cell_text(filled[0], is_csv=path.suffix == ".csv")
                assert text is not None and _heads_a_group(plan, grid, r, text), (r, filled, plan.warnings)
        titles = [c for c, name in plan.mapping.items() if name == "title"]
        for r in data:
            cells = grid[r - 1]
            title = cells[titles[0]] if titles and titles[0] < len(cells) else None
            if isinstance(title, str) and SAFE_TITLE.match(title):
                assert r in numbers, f"row {r} with title {title!r} vanished"
        counts = plan.counts
        assert counts["inserted"] + counts["updated"] + counts["unchanged"] + counts["rejected"] == len(
            numbers
        )
        assert len(report["rejected"]) == counts["rejected"]
        assert check(cat) == []
        before = entries(cat)
        again = import_file(cat, path, kind=plan.kind, as_of=AS_OF)
        assert (again.report["inserted"], again.report["updated"]) == (0, 0), again.report["changes"][:3]
        assert entries(cat) == before
        assert check(cat) == []


@settings(FUZZ, max_examples=examples(40))
@given(
    sheet=sheets(),
    tell_kind=st.booleans(),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]),
)
def test_generated_sheets_import_cleanly_and_reimport_changes_nothing(
    sheet: Sheet, tell_kind: bool, delimiter: str, encoding: str
) -> None:
    kind = sheet.kind if tell_kind else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx_grid = [[xlsx_value(v) for v in row] for row in sheet.grid]
        import_twice(sheet, write_xlsx(sheet, folder / "partenaire.xlsx"), xlsx_grid, kind)
        csv_grid = [[csv_text(v) or None for v in row] for row in sheet.grid]
        try:
            path = write_csv(sheet, folder / "partenaire.csv", delimiter, encoding)
        except UnicodeEncodeError:
            path = write_csv(sheet, folder / "partenaire.csv", delimiter, "utf-8-sig")
        import_twice(sheet, path, csv_grid, kind)


@pytest.mark.parametrize("title", ["-", "—", "_"])
def test_a_title_of_punctuation_alone_is_not_inserted_again(title: str, tmp_path: Path) -> None:
    """Found by the fuzzer: « - » alone folds to an empty key that no re-import could match; such a
    placeholder is a missing title (rejected), never an entry."""
    sheet = Sheet("actions", [["Action", "Type de porteur"], [title, "Métropole"]], 1)
    path = write_xlsx(sheet, tmp_path / "actions.xlsx")
    with Catalogue.new(tmp_path / "c.sqlite", clock=lambda: CLOCK, user="fuzz") as cat:
        import_file(cat, path, kind="actions", as_of=AS_OF)
        again = import_file(cat, path, kind="actions", as_of=AS_OF)
        assert again.report["inserted"] == 0


@pytest.mark.parametrize(("kind", "header"), [("offers", "Structure"), ("actions", "Porteurs")])
@pytest.mark.parametrize("name", ["-", "—"])
def test_a_structure_of_punctuation_alone_is_no_structure(
    kind: EntryKind, header: str, name: str, tmp_path: Path
) -> None:
    title = "Offre" if kind == "offers" else "Action"
    path = write_xlsx(Sheet(kind, [[title, header], ["Atelier", name]], 1), tmp_path / "p.xlsx")
    with Catalogue.new(tmp_path / "c.sqlite", clock=lambda: CLOCK, user="fuzz") as cat:
        outcome = import_file(cat, path, kind=kind, as_of=AS_OF)
        assert outcome.report["inserted"] == 1
        assert cat.total("structures") == 0
