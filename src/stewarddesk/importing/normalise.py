"""Step four of an import: one raw row becomes the fields of an entry, or the reasons it cannot.

Every value is cleaned the same way (`cells.clean_text`: trim, no-break spaces, invisible characters);
one-line fields also lose their inner line breaks. Vocabulary values go through the partner profile's
value map, then `vocab.normalise(_many)`: an unknown value is a row problem naming the value and the
allowed ones, never a guess. Dates come pre-read by column (`dates.read_date_column`, so that the column
settles day/month ambiguity). Text that looks like a formula stays text (we never evaluate anything); in
a CSV, the « ' » our CSV export puts before = + - @ tab CR (OWASP neutralisation) is taken off again.

A row with no title whose only content is one text (possibly spread over the width by a merged cell) is
a section heading or a footer: it is skipped, never an entry, never a rejection (the plan names these lines
in a warning, except a group's heading: see `group_headings`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from stewarddesk import vocab
from stewarddesk.fields import FIELDS, EntryKind, Field
from stewarddesk.i18n import Msg
from stewarddesk.importing.cells import _INVISIBLE, _SPACES, CellError, CellValue, clean_text
from stewarddesk.importing.dates import DateResult, parse_date
from stewarddesk.importing.model import AmbiguousDate, RowProblem
from stewarddesk.importing.readers.base import RawRow
from stewarddesk.importing.shown import spelled_date
from stewarddesk.importing.synonyms import ID_FIELD
from stewarddesk.vocab import UnknownValue

MISSING_TITLE = Msg("import.row.missing_title", "titre manquant", "missing title")
IMPOSSIBLE_DATE = Msg(
    "import.row.impossible_date",
    "{column} : date impossible ({raw})",
    "{column}: impossible date ({raw})",
)
NOT_A_DATE = Msg(
    "import.row.not_a_date",
    "{column} : « {raw} » n'est pas une date : valeur ignorée",
    "{column}: “{raw}” is not a date: value ignored",
)
AMBIGUOUS_DATE = Msg(
    "import.row.ambiguous_date",
    "{column} : « {raw} » lue comme le {date} (jour en premier) mais pourrait être le {other} : vérifiez",
    "{column}: “{raw}” read as {date} (day first) but could be {other}: please check",
)
CELL_ERROR = Msg(
    "import.row.cell_error",
    "{column} : la cellule contient l'erreur {code} : ignorée, le champ est laissé tel quel",
    "{column}: the cell holds the error {code}: ignored, the field is left as it is",
)
ODD_EMAIL = Msg(
    "import.row.odd_email",
    "{column} : « {raw} » ne ressemble pas à une adresse e-mail",
    "{column}: “{raw}” does not look like an email address",
)

# Our CSV export writes «'» before these (OWASP CSV injection guidance); read back, it goes.
_NEUTRALISED: Final = re.compile(r"^'(?='*[=+\-@\t\r])")
_SEPARATORS: Final = re.compile(r"[;,\n]")
# The characters `clean_text` replaces or drops, plus line ends: text without any is only trimmed.
_NEEDS_CLEANING: Final = re.compile(
    "[" + re.escape("".join(chr(c) for c in (*_SPACES, *_INVISIBLE))) + "\r\n]"
)
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class NormalisedRow:
    """A data row after normalisation. `values`: fields.py names, the catalogue's forms. `raw_id`: the ID
    cell (our exports), for the matcher. `skip`: a section or footer line. `fingerprint`: the row's cleaned
    cells, to recognise an exact duplicate. `ambiguous`: its ambiguous dates (their texts in `warnings`).
    `unlabelled`: the columns where it has a value under no header text (ignored: the plan says so);
    `wider`: the number of fields of a CSV record longer than the header's (0 otherwise)."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    raw_id: CellValue = None
    skip: bool = False
    fingerprint: tuple[str | None, ...] = ()
    ambiguous: tuple[AmbiguousDate, ...] = ()  # a tuple: no list allocated for the many rows without
    unlabelled: tuple[int, ...] = ()  # columns where the row has a value but the header no text
    wider: int = 0  # a CSV record with more fields than the header's: how many


@dataclass(frozen=True)
class Context:
    """What normalising a row needs besides the row: the kind, the column mapping, the header texts (for
    messages), the pre-read date columns (column -> sheet row number -> result), the value map, whether
    the file is a CSV (for un-neutralising) and the workbook's date system."""

    kind: EntryKind
    mapping: Mapping[int, str]
    headers: Mapping[int, str]
    dates: Mapping[int, Mapping[int, DateResult]] = field(default_factory=dict)
    value_map: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    is_csv: bool = False
    epoch1904: bool = False
    # Columns whose header cell has a text, and the header's width (None: not checked): a value in any
    # other column is under no header, and would be dropped without a word.
    labelled: frozenset[int] = frozenset()
    header_width: int | None = None
    record_width: int | None = None  # a CSV's header record: how many fields it has

    @cached_property
    def gaps(self) -> bool:
        """The header has empty cells between its texts (so even a row no wider than it may hold a value
        under no header)."""
        return self.header_width is not None and len(self.labelled) < self.header_width

    @cached_property
    def columns(self) -> list[tuple[int, str, Field | None, str]]:
        """(column, field name, field or None for `id`, header text) for each mapped column, computed
        once: `normalise_row` runs on every row of the sheet."""
        known = {f.name: f for f in FIELDS[self.kind]}
        out: list[tuple[int, str, Field | None, str]] = []
        for col, name in self.mapping.items():
            if name == ID_FIELD or name in known:
                out.append((col, name, known.get(name), self.headers.get(col) or name))
        return out

    @cached_property
    def title_header(self) -> str | None:
        return next((header for _, name, _, header in self.columns if name == "title"), None)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cell_text(value: CellValue, *, is_csv: bool) -> str | None:
    """A cell as cleaned text (`cells.clean_text`); in a CSV, our export's formula neutralisation undone."""
    if isinstance(value, str):
        if is_csv and value.startswith("'"):
            value = _NEUTRALISED.sub("", value, count=1)
        if not _NEEDS_CLEANING.search(value):
            # clean_text's result for such text, without its two translations (most cells of a sheet).
            return value.strip() or None
    return clean_text(value)


def _cleaned(values: list[CellValue], is_csv: bool) -> list[str | None]:
    """`cell_text` of every cell, with its commonest cases inlined (this runs on every cell of the sheet):
    an empty cell, and a text needing only a trim (no CSV neutralisation to undo)."""
    needs_cleaning = _NEEDS_CLEANING.search
    out: list[str | None] = []
    append = out.append
    for v in values:
        if v is None:
            append(None)
        elif type(v) is str and not needs_cleaning(v) and not (is_csv and v.startswith("'")):
            append(v.strip() or None)
        else:
            append(cell_text(v, is_csv=is_csv))
    return out


def split_values(text: str) -> list[str]:
    """Several free values in one cell: separated by «;», «,» or line breaks; de-duplicated, in order."""
    items = (_one_line(part) for part in _SEPARATORS.split(text))
    return list(dict.fromkeys(item for item in items if item))


def normalise_row(row: RawRow, ctx: Context) -> NormalisedRow:
    """The fields of `row` as the catalogue stores them, or its problems. Never raises for bad data."""
    out = NormalisedRow(row.number)
    cleaned = _cleaned(row.values, ctx.is_csv)
    while cleaned and cleaned[-1] is None:
        cleaned.pop()
    out.fingerprint = tuple(cleaned)
    width = len(cleaned)
    if ctx.record_width is not None and len(row.values) > ctx.record_width:
        out.wider = len(row.values)
    if ctx.header_width is not None and (width > ctx.header_width or ctx.gaps):
        labelled, merged = ctx.labelled, row.merged
        out.unlabelled = tuple(
            c for c, text in enumerate(cleaned) if text is not None and c not in labelled and c not in merged
        )
    raw = row.values
    raw_width = len(raw)
    unreadable = row.unreadable
    for col, name, f, column in ctx.columns:
        value = raw[col] if 0 <= col < raw_width else None  # `row.get(col)`, inlined: runs on every cell
        if f is None:  # the ID column of our exports
            out.raw_id = value
            continue
        # A cell the file gives no value for (an error, a formula never computed) is not an emptied cell:
        # the field is left out, so an update keeps the catalogue's value and an insert just lacks it.
        if isinstance(value, CellError):
            out.warnings.append(CELL_ERROR(column=column, code=value.code))
            continue
        if col in unreadable:
            continue  # the reader's warning names the cell
        if f.type == "date":
            result = ctx.dates.get(col, {}).get(row.number) or parse_date(value, epoch1904=ctx.epoch1904)
            _date(out, f, column, result)
            continue
        text = cleaned[col] if col < width else None  # an error cell's is None
        if text is None:
            out.values[name] = [] if f.type in ("codes", "list", "structures") else None
            continue
        try:
            out.values[name] = _convert(f, text, ctx)
        except UnknownValue as exc:
            out.problems.append(RowProblem(row.number, str(exc), column, name, exc.vocab, exc.raw))
            continue
        if name == "email" and not _EMAIL.match(out.values[name] or ""):
            out.warnings.append(ODD_EMAIL(column=column, raw=text))
    title = out.values.get("title")
    if title and not vocab.fold_cached(title):
        title = None  # « - » or « — » alone: a placeholder, not a title (and nothing to match it by)
    if _is_section_line(row, out.fingerprint, has_title=bool(title)):
        out.skip = True
        out.values.clear()
        out.problems.clear()
        out.warnings.clear()
        out.ambiguous = ()
        out.unlabelled, out.wider = (), 0
        return out
    if not title:
        out.problems.insert(0, RowProblem(row.number, MISSING_TITLE(), ctx.title_header, "title"))
    return out


def _convert(f: Field, text: str, ctx: Context) -> Any:
    if f.type == "longtext":
        return text
    if f.type == "structure":
        text = _one_line(text)
        return text if vocab.fold_cached(text) else None  # « - » or « — »: the partner's way of saying "none"
    if f.type == "text":
        text = _one_line(text)
        if f.name == "email":
            text = text.removeprefix("mailto:").strip()
        return text
    if f.type == "code":
        assert f.vocab is not None
        return vocab.normalise(f.vocab, text, ctx.value_map.get(f.vocab))
    if f.type == "codes":
        assert f.vocab is not None
        return vocab.normalise_many(f.vocab, text, ctx.value_map.get(f.vocab))
    # list (sectors) and structures (carriers); a lone « - » names nothing
    return [item for item in split_values(text) if vocab.fold_cached(item)]


def _date(out: NormalisedRow, f: Field, column: str, result: DateResult) -> None:
    if result.status == "empty":
        out.values[f.name] = None
    elif result.status == "impossible":
        reason = IMPOSSIBLE_DATE(column=column, raw=result.raw)
        out.problems.append(RowProblem(out.row, reason, column, f.name, value=result.raw))
    elif result.status == "invalid":
        out.warnings.append(NOT_A_DATE(column=column, raw=result.raw))
    else:
        day = result.date
        out.values[f.name] = day.isoformat() if day else None
        if result.status == "ambiguous" and day is not None:
            other = result.alternative
            text = AMBIGUOUS_DATE(
                column=column,
                raw=result.raw,
                date=spelled_date(day),
                other=spelled_date(other) if other else "?",
            )
            out.warnings.append(text)
            could_be = other.isoformat() if other else None
            out.ambiguous += (AmbiguousDate(column, result.raw, day.isoformat(), could_be, text),)


def _is_section_line(row: RawRow, fingerprint: tuple[str | None, ...], *, has_title: bool) -> bool:
    """A heading or footer: one text alone on a row without a title, or one text that a merged cell
    spread over the width (then the title column may hold a copy of it)."""
    filled = [(col, text) for col, text in enumerate(fingerprint) if text is not None]
    if len(filled) == 1:
        return not has_title
    if len({text for _, text in filled}) != 1:
        return False
    return sum(1 for col, _ in filled if col in row.merged) == len(filled) - 1
