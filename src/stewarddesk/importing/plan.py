"""`prepare_import`: read → header → map → normalise → match → plan. Writes nothing.

The plan says, row by row, what applying it would do (insert, update with old → new per field, unchanged,
reject with reasons) plus the file-level warnings, so the user decides before anything is written.

Decisions worth knowing (see also the module docstrings of `match`, `normalise` and `compare`):
- An empty cell never clears a catalogue value, except in a review workbook that carries its `_export`
  values: there, a cell that held a value when exported and is now empty was cleared by the partner on
  purpose. Elsewhere an empty cell is « not filled in » (partners leave blank what they do not know).
- In a review workbook, a field the partner left as exported is not touched (even if the catalogue changed
  since); a field changed on both sides to different values is a conflict: reported, not written.
- Two rows of one sheet never make two entries: an exact copy of an earlier row is rejected as a duplicate,
  and so is a row that names the same entry (same key or same catalogue entry) as an earlier one.
- A row whose « Revue le » is older than the catalogue entry's review date predates what the catalogue
  knows (an old sheet imported again after a newer review): the fields it would change are conflicts, the
  catalogue's values kept, and review dates never move backwards. Review workbooks' rows, which carry
  their `_export` values, are judged by those instead.
- An ambiguous date is read day first (the French way) and flagged, once per column and text with its rows
  (and on each row for the wizard); an impossible one rejects the row; a text that is not a date at all is
  ignored with a warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import deque
from collections.abc import Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Final

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.structure_merge import merged_into
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, KINDS, EntryKind, Field
from stewarddesk.i18n import Msg, Plural, quoted
from stewarddesk.importing.baseline import BASELINE_IGNORED, BASELINE_SHEET, Baseline, read_baseline
from stewarddesk.importing.compare import is_empty, same_value
from stewarddesk.importing.dates import DateResult, read_date_column
from stewarddesk.importing.gcpause import gc_paused
from stewarddesk.importing.group_headings import GroupHeadings
from stewarddesk.importing.header import HeaderError, NoHeader, find_header
from stewarddesk.importing.mapping import ColumnMapping, resolve_mapping
from stewarddesk.importing.match import CatalogueIndex, parse_id
from stewarddesk.importing.model import AmbiguousDates, ImportPlan, PlannedRow, RowProblem, kind_name
from stewarddesk.importing.normalise import Context, NormalisedRow, normalise_row
from stewarddesk.importing.read import choose_sheets, open_workbook
from stewarddesk.importing.readers.base import RawRow, Workbook
from stewarddesk.importing.readers.meta import column_letters
from stewarddesk.importing.shown import count_text, shown_value, spelled_date
from stewarddesk.progress import CancelToken, Progress

_CHUNK: Final = 500
_HEADER_SAMPLE: Final = 30  # rows read from another sheet to see whether it has a header
_ROWS_SHOWN: Final = 5

EMPTY_SHEET = Msg(
    "import.plan.empty_sheet",
    "la feuille « {sheet} » de « {name} » est vide",
    "sheet “{sheet}” of “{name}” is empty",
)
DUPLICATE_ROW = Msg(
    "import.plan.duplicate_row",
    "doublon exact de la ligne {row} : ignorée",
    "exact duplicate of row {row}: ignored",
)
SAME_ENTRY = Msg(
    "import.plan.same_entry",
    "même entrée que la ligne {row} ({what}) : une seule des deux est importée",
    "same entry as row {row} ({what}): only one of the two is imported",
)
SAME_KEY_OFFER = Msg("import.plan.same_key_offer", "même titre et même structure", "same title and structure")
SAME_KEY_ACTION = Msg("import.plan.same_key_action", "même intitulé et même code", "same title and code")
SAME_CATALOGUE_ENTRY = Msg(
    "import.plan.same_catalogue_entry", "n° {id} du catalogue", "catalogue entry #{id}"
)
SECTION_LINES = Msg(
    "import.plan.section_lines",
    "lignes de section ou de pied de page ignorées : {rows}",
    "section or footer lines ignored: {rows}",
)
OTHER_SHEETS = Msg(
    "import.plan.other_sheets",
    "seule la feuille « {sheet} » est importée ; le classeur a d'autres feuilles de données, laissées de "
    "côté : {names} (importez-les une à une en choisissant la feuille)",
    "only the sheet “{sheet}” is imported; the workbook has other data sheets, left aside: {names} (import "
    "them one by one by choosing the sheet)",
)
NEW_STRUCTURES = Msg(
    "import.plan.new_structures",
    "structures inconnues, créées à l'import : {names}",
    "unknown structures, created by the import: {names}",
)
# Thousands of new structures would make one endless line: the text names the first ones, the plan (and
# the JSON report's `new_structures`) keeps them all.
MAX_LISTED_STRUCTURES = 20
MORE_STRUCTURES = Plural(
    "import.plan.more_structures",
    ("et {count} autre", "et {count} autres"),
    ("and {count} more", "and {count} more"),
)
CONFLICT = Msg(
    "import.plan.conflict",
    "« {field} » modifié dans le fichier (« {sheet} ») et dans le catalogue depuis l'export (« {catalogue} ») "
    ": la valeur du catalogue est gardée",
    "“{field}” changed in the file (“{sheet}”) and in the catalogue since the export (“{catalogue}”): the "
    "catalogue's value is kept",
)
REVIEWED_SINCE = Msg(
    "import.plan.reviewed_since",
    "entrée revue dans le catalogue le {catalogue}, après la date de revue du fichier ({sheet}) : les "
    "informations du fichier sont plus anciennes, la valeur du catalogue est gardée pour {fields}",
    "entry reviewed in the catalogue on {catalogue}, after the file's review date ({sheet}): the file's "
    "information is older, the catalogue's value is kept for {fields}",
)
KEPT_FIELD = Msg(
    "import.plan.kept_field",
    "« {field} » (fichier « {sheet} », catalogue « {catalogue} »)",
    "“{field}” (file “{sheet}”, catalogue “{catalogue}”)",
)
FUTURE_DATE = Msg(
    "import.plan.future_date",
    "{column} : le {date} est postérieur au {as_of}",
    "{column}: {date} is after {as_of}",
)
ROWS = Plural("import.plan.rows", ("ligne {rows}", "lignes {rows}"), ("row {rows}", "rows {rows}"))
AMBIGUOUS_DATES = Msg(
    "import.plan.ambiguous_dates",
    "{column} : « {raw} » lue comme le {date} (jour en premier) mais pourrait être le {other} : vérifiez "
    "({rows})",
    "{column}: “{raw}” read as {date} (day first) but could be {other}: please check ({rows})",
)
ONE_ROW = Msg("import.plan.one_row", "ligne {row}", "row {row}")
COUNTED_ROWS = Msg("import.plan.counted_rows", "{count} lignes : {rows}", "{count} rows: {rows}")
WIDER_THAN_HEADER = Msg(
    "import.plan.wider_than_header",
    "l'en-tête a {header} colonnes mais des lignes en ont {cells} ({rows}) : il manque sans doute un "
    "intitulé dans l'en-tête, et les valeurs de ces lignes sont alors sous le mauvais intitulé ; les "
    "cellules au-delà de l'en-tête sont ignorées : vérifiez l'en-tête du fichier",
    "the header has {header} columns but some rows have {cells} ({rows}): a column name is most likely "
    "missing from the header, and then these rows' values sit under the wrong name; the cells past the "
    "header are ignored: check the file's header",
)
UNLABELLED = Msg(
    "import.plan.unlabelled",
    "valeurs dans des colonnes sans intitulé, ignorées : {cols}",
    "values in columns without a header, ignored: {cols}",
)
OTHER_DATA_SHEETS = Plural(
    "import.plan.other_data_sheets",
    (
        " ; la feuille {names} semble contenir des données : importez-la avec --sheet",
        " ; les feuilles {names} semblent contenir des données : importez-en une avec --sheet",
    ),
    (
        "; sheet {names} seems to hold data: import it with --sheet",
        "; sheets {names} seem to hold data: import one of them with --sheet",
    ),
)
COLUMN_ROWS = Msg("import.plan.column_rows", "colonne {col} ({rows})", "column {col} ({rows})")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fp:
        while chunk := fp.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_ROWS_SHOWN])
    return shown + (", …" if len(rows) > _ROWS_SHOWN else "")


def _counted(rows: Sequence[int]) -> str:
    """« ligne 5 », or « 40 000 lignes : 5, 6, 7, 8, 9, … »."""
    if len(rows) == 1:
        return ONE_ROW(row=rows[0])
    return COUNTED_ROWS(count=count_text(len(rows)), rows=_rows_text(rows))


def _scaled(progress: Progress | None, start: int, span: int) -> Progress | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(start + (span * done // total if total else span), 100)

    return report


def prepare_import(
    cat: Catalogue,
    path: Path,
    *,
    kind: EntryKind | None = None,
    sheet: str | None = None,
    profile: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[int, str] | None = None,
    value_map: Mapping[str, Mapping[str, str]] | None = None,
    as_of: dt.date,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportPlan:
    """Read `path` and compute what importing it would do. Writes nothing.

    `kind`: offers or actions (None: told from the header, or the profile). `sheet`: the sheet to read
    (None: the visible one that looks like data). `profile`: a partner profile's name (a name not saved
    yet is saved on apply with this import's mapping); without it, a saved profile is recognised from the
    header. `header_row` (sheet row number) and `mapping` (column index -> field name; '' ignores a
    column) override detection, as the wizard decides. `value_map`: vocab -> {partner text -> code}, on
    top of the profile's. `as_of`: today, for the checks that need it. `progress(done, 100)`;
    `cancel.check()` raises `Cancelled`.

    Raises KnownError for unusable input (unreadable or unsupported file, no recognisable header, kind
    that cannot be told, no title column) — nothing is written in any case.
    """
    with gc_paused():
        return _prepare(
            cat,
            Path(path),
            kind=kind,
            sheet=sheet,
            profile=profile,
            header_row=header_row,
            mapping=mapping,
            value_map=value_map,
            as_of=as_of,
            progress=progress,
            cancel=cancel,
        )


def _prepare(
    cat: Catalogue,
    path: Path,
    *,
    kind: EntryKind | None,
    sheet: str | None,
    profile: str | None,
    header_row: int | None,
    mapping: Mapping[int, str] | None,
    value_map: Mapping[str, Mapping[str, str]] | None,
    as_of: dt.date,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> ImportPlan:
    with open_workbook(path) as wb:
        choice = choose_sheets(wb, sheet, kind)
        sheet_name = choice.name
        rows = list(wb.rows(sheet_name, _scaled(progress, 0, 50), cancel))
        if not rows:
            raise KnownError(EMPTY_SHEET(sheet=sheet_name, name=path.name))
        try:
            cols = resolve_mapping(
                cat,
                rows,
                kind=kind,
                sheet=sheet_name if wb.format != "csv" else None,  # a CSV has no sheets to name
                profile=profile,
                header_row=header_row,
                mapping=mapping,
                value_map=value_map,
                hidden_columns=wb.hidden_columns(sheet_name),
            )
        except NoHeader as exc:
            others = [] if sheet is not None else _sheets_with_header(wb, sheet_name)
            if not others:
                raise
            names = ", ".join(quoted(name) for name in others)
            raise NoHeader(str(exc) + OTHER_DATA_SHEETS(len(others), names=names)) from None
        warnings = list(cols.warnings) + wb.warnings(sheet_name)
        if choice.others:
            names = ", ".join(quoted(name) for name in choice.others)
            warnings.insert(0, OTHER_SHEETS(sheet=sheet_name, names=names))
        baseline = _baseline(wb, sheet_name, cols.kind, warnings)
        is_csv = wb.format == "csv"
        epoch1904 = wb.epoch1904
    sha = file_sha256(path)
    data = rows[cols.index + 1 :]
    # A CSV record longer than the header's says a header cell is missing (see `_note_unlabelled`).
    record_width = len(rows[cols.index].values) if is_csv else None
    ctx = Context(
        cols.kind,
        cols.columns,
        cols.headers,
        _date_columns(cols, data, epoch1904),
        cols.value_map,
        is_csv,
        epoch1904,
        labelled=frozenset(cols.headers),
        header_width=max(cols.headers, default=-1) + 1,
        record_width=record_width,
    )
    planner = _Planner(cat, cols, baseline, as_of, record_width=record_width)
    total = len(data)
    report = _scaled(progress, 50, 50)
    # Raw rows are let go as they are planned: memory holds the plan, not the sheet twice over.
    pending = deque(data)
    del rows, data
    done = 0
    while pending:
        if cancel is not None:
            cancel.check()
        chunk = [pending.popleft() for _ in range(min(_CHUNK, len(pending)))]
        planner.add([normalise_row(row, ctx) for row in chunk])
        done += len(chunk)
        if report is not None:
            report(done, total)
    planner.finish()
    warnings += planner.warnings
    return ImportPlan(
        kind=cols.kind,
        file=path,
        sha256=sha,
        sheet=sheet_name,
        header_row=cols.row,
        mapping=dict(cols.columns),
        profile=cols.profile_name,
        rows=planner.rows,
        warnings=warnings,
        headers=cols.header_list(),
        value_map=cols.value_map,
        save_profile=cols.save_profile,
        profile_recognised=cols.profile_recognised,
        baseline=baseline is not None,
        new_structures=planner.new_structure_names(),
        new_structure_rows=planner.new_structure_rows(),
        is_csv=is_csv,
        ambiguous_dates=planner.ambiguous_dates(),
    )


def _sheets_with_header(wb: Workbook, chosen: str) -> list[str]:
    """The visible sheets besides `chosen` whose first rows hold a header of either kind: where the data
    may be when the sheet picked by default has none (`choose_sheets` reads them with the kind unsaid, so
    a header both kinds could claim scored nothing there)."""
    found = []
    for info in wb.sheets:
        if info.name == chosen or not info.visible:
            continue
        sample = list(islice(wb.rows(info.name), _HEADER_SAMPLE))
        for k in KINDS:
            try:
                find_header(sample, k)
            except HeaderError:
                continue
            found.append(info.name)
            break
    return found


def _baseline(wb: Workbook, sheet: str, kind: EntryKind, warnings: list[str]) -> Baseline | None:
    if sheet == BASELINE_SHEET or BASELINE_SHEET not in wb.sheet_names():
        return None
    baseline = read_baseline(wb.rows(BASELINE_SHEET), kind)
    if baseline is None:
        warnings.append(BASELINE_IGNORED(kind=kind_name(kind)))
    return baseline


def _date_columns(
    cols: ColumnMapping, data: Sequence[RawRow], epoch1904: bool
) -> dict[int, dict[int, DateResult]]:
    date_fields = {f.name for f in FIELDS[cols.kind] if f.type == "date"}
    out: dict[int, dict[int, DateResult]] = {}
    for col, name in cols.columns.items():
        if name in date_fields:
            results = read_date_column((r.get(col) for r in data), epoch1904=epoch1904)
            out[col] = {r.number: res for r, res in zip(data, results, strict=True)}
    return out


class _Planner:
    """Turns normalised rows into planned rows, in sheet order, chunk by chunk."""

    def __init__(
        self,
        cat: Catalogue,
        cols: ColumnMapping,
        baseline: Baseline | None,
        as_of: dt.date,
        *,
        record_width: int | None = None,
    ):
        self.cat = cat
        self.record_width = record_width
        self._unlabelled: dict[int, list[int]] = {}  # column under no header -> rows with a value there
        self._wider: list[int] = []  # CSV records longer than the header's
        self._widest = 0
        self.kind = cols.kind
        self.cols = cols
        self.baseline = baseline
        self.as_of = as_of.isoformat()
        self.fields: dict[str, Field] = {f.name: f for f in FIELDS[cols.kind]}
        self.index = CatalogueIndex(cat, cols.kind)
        self.structure_known = ("structure" if cols.kind == "offers" else "carriers") in cols.columns.values()
        self.rows: list[PlannedRow] = []
        self.warnings: list[str] = []
        self.sections: list[int] = []  # section and footer lines, group headings excepted
        self._headings = GroupHeadings()
        self._fingerprints: dict[bytes, int] = {}  # digest of a row's cleaned cells -> first row
        self._keys: dict[tuple[str, str], int] = {}
        self._claimed: dict[int, int] = {}
        self._structures = _structure_spellings(cat)
        self._new_structures: dict[str, tuple[str, list[int]]] = {}
        self._folded: dict[str, str] = {}  # structure name as written -> folded
        self._ambiguous: dict[tuple[str, str], AmbiguousDates] = {}  # (column, text) -> its rows
        self._headers = {name: cols.headers.get(col, name) for col, name in cols.columns.items()}
        self._date_columns = {
            name: cols.headers.get(col, name)
            for col, name in cols.columns.items()
            if name in self.fields and self.fields[name].type == "date"
        }

    # ------------------------------------------------------------------ per chunk
    def add(self, chunk: Sequence[NormalisedRow]) -> None:
        matched: list[tuple[NormalisedRow, PlannedRow]] = []
        for nr in chunk:
            planned = self._first_pass(nr)
            if planned is None:
                continue
            self.rows.append(planned)
            if planned.action == "update":
                matched.append((nr, planned))
        entries = {
            e["id"]: e for e in self.cat.rows(self.kind, [p.entry_id for _, p in matched if p.entry_id])
        }
        for nr, planned in matched:
            assert planned.entry_id is not None
            self._diff(nr, planned, entries[planned.entry_id])

    def _first_pass(self, nr: NormalisedRow) -> PlannedRow | None:
        if nr.skip:
            self.sections.append(nr.row)
            self._headings.line(nr)
            return None
        if self.sections:
            heading = self._headings.row(nr)
            if heading is not None and self.sections[-1] == heading:  # the last line met: always
                self.sections.pop()  # a group's heading, not a stray line: nothing to say
        for col in nr.unlabelled:
            self._unlabelled.setdefault(col, []).append(nr.row)
        if nr.wider:
            self._wider.append(nr.row)
            self._widest = max(self._widest, nr.wider)
        planned = PlannedRow(nr.row, "reject", values=nr.values, warnings=list(nr.warnings))
        planned.problems = list(nr.problems)
        planned.ambiguous = nr.ambiguous
        if planned.problems:
            self._note_ambiguous(planned)
            return planned
        first = self._fingerprints.setdefault(_digest(nr.fingerprint), nr.row)
        if first != nr.row:
            planned.problems.append(RowProblem(nr.row, DUPLICATE_ROW(row=first)))
            planned.warnings.clear()  # said once, on the row it copies
            planned.ambiguous = ()
            return planned
        self._note_ambiguous(planned)
        self._resolve_structures(nr)
        self._future_dates(nr, planned)
        exported_title = None
        if self.baseline is not None:
            bid = parse_id(nr.raw_id)
            if bid is not None and bid in self.baseline:
                exported_title = self.baseline[bid].get("title")
        keys = self.index.keys_for(nr.values)
        match = self.index.match(
            nr.values,
            raw_id=nr.raw_id,
            exported_title=exported_title,
            structure_known=self.structure_known,
            keys=keys,
        )
        planned.warnings += match.warnings
        if match.problem:
            planned.problems.append(RowProblem(nr.row, match.problem))
            return planned
        if match.entry_id is not None:
            first = self._claimed.setdefault(match.entry_id, nr.row)
            if first != nr.row:
                what = SAME_CATALOGUE_ENTRY(id=match.entry_id)
                planned.problems.append(RowProblem(nr.row, SAME_ENTRY(row=first, what=what)))
                return planned
            planned.action, planned.entry_id = "update", match.entry_id
            return planned
        key = (keys.title, keys.structure if self.kind == "offers" else keys.code)
        first = self._keys.setdefault(key, nr.row)
        if first != nr.row:
            what = SAME_KEY_OFFER() if self.kind == "offers" else SAME_KEY_ACTION()
            planned.problems.append(RowProblem(nr.row, SAME_ENTRY(row=first, what=what)))
            return planned
        near = self.index.near_duplicate(nr.values, keys)
        if near:
            planned.warnings.append(near)
            planned.near_duplicate = near
        self.index.remember(nr.values, nr.row, keys)
        planned.action = "insert"
        self._note_new_structures(nr)
        return planned

    # ------------------------------------------------------------------ values
    def _resolve_structures(self, nr: NormalisedRow) -> None:
        """Known structures take the catalogue's spelling (« IMPULSE » is « Impulse »)."""
        values = nr.values
        if self.kind == "offers" and values.get("structure"):
            values["structure"] = self._spelling(values["structure"])
        if self.kind == "actions" and values.get("carriers"):
            values["carriers"] = list(dict.fromkeys(self._spelling(n) for n in values["carriers"]))

    def _spelling(self, name: str) -> str:
        key = self._folded.get(name)
        if key is None:
            key = self._folded.setdefault(name, vocab.fold(name))
        return self._structures.get(key, name)

    def _note_new_structures(self, nr: NormalisedRow, changed: Mapping[str, Any] | None = None) -> None:
        source = changed if changed is not None else nr.values
        names: list[str] = []
        if self.kind == "offers" and source.get("structure"):
            names = [source["structure"]]
        elif self.kind == "actions":
            names = list(source.get("carriers") or [])
        for name in names:
            key = self._folded.get(name) or vocab.fold(name)
            if key and key not in self._structures:
                self._new_structures.setdefault(key, (name, []))[1].append(nr.row)

    def _note_ambiguous(self, planned: PlannedRow) -> None:
        for doubt in planned.ambiguous:
            group = self._ambiguous.get((doubt.column, doubt.raw))
            if group is None:
                group = self._ambiguous[(doubt.column, doubt.raw)] = AmbiguousDates(doubt)
            group.rows.append(planned.row)

    def _future_dates(self, nr: NormalisedRow, planned: PlannedRow) -> None:
        for name, column in self._date_columns.items():
            value = nr.values.get(name)
            if value and value > self.as_of:
                planned.warnings.append(FUTURE_DATE(column=column, date=value, as_of=self.as_of))

    def _diff(self, nr: NormalisedRow, planned: PlannedRow, entry: Mapping[str, Any]) -> None:
        exported: Mapping[str, Any] | None = None
        if self.baseline is not None and planned.entry_id is not None:
            bid = parse_id(nr.raw_id)
            if bid == planned.entry_id:
                exported = self.baseline.get(bid)
        for name, new in nr.values.items():
            f = self.fields[name]
            old = entry.get(name)
            if exported is not None and name in exported:
                was = exported[name]
                if same_value(f, new, was):
                    continue  # the partner left it as it was sent
                if not same_value(f, old, was):
                    if not same_value(f, new, old):
                        planned.conflicts[name] = (was, old, new)
                        planned.warnings.append(
                            CONFLICT(
                                field=self._headers.get(name, f.export),
                                sheet=shown_value(f, new),
                                catalogue=shown_value(f, old),
                            )
                        )
                    continue
            elif is_empty(new):
                continue  # empty means « not filled in », never « clear it » (see the module docstring)
            if not same_value(f, new, old):
                planned.changes[name] = (old, new)
        if exported is None and planned.changes:
            self._older_than_catalogue(planned, entry)
        if planned.changes:
            self._note_new_structures(nr, {k: v for k, (_, v) in planned.changes.items()})
        else:
            planned.action = "unchanged"

    def _older_than_catalogue(self, planned: PlannedRow, entry: Mapping[str, Any]) -> None:
        """The sheet's « Revue le » is older than the catalogue's: its changes become conflicts (see the
        module docstring). The tuple's « exported » slot holds None: there was no export."""
        sheet_day = planned.values.get("reviewed")
        catalogue_day = entry.get("reviewed")
        if not sheet_day or not catalogue_day or str(sheet_day) >= str(catalogue_day):
            return
        if set(planned.changes) == {"reviewed"}:
            planned.changes.clear()  # the sheet agrees with the catalogue: only its date is older
            return
        kept = []
        for name, (old, new) in planned.changes.items():
            planned.conflicts[name] = (None, old, new)
            if name != "reviewed":
                f = self.fields[name]
                field = self._headers.get(name, f.export)
                kept.append(KEPT_FIELD(field=field, sheet=shown_value(f, new), catalogue=shown_value(f, old)))
        planned.changes.clear()
        date = self.fields["reviewed"]
        planned.warnings.append(
            REVIEWED_SINCE(
                catalogue=shown_value(date, catalogue_day),
                sheet=shown_value(date, sheet_day),
                fields=", ".join(kept),
            )
        )

    # ------------------------------------------------------------------ end
    def finish(self) -> None:
        # Ambiguous dates once per column and text, not once a row: the rows are listed, then counted.
        for group in self._ambiguous.values():
            doubt, rows = group.first, group.rows
            self.warnings.append(
                AMBIGUOUS_DATES(
                    column=doubt.column,
                    raw=doubt.raw,
                    date=spelled_date(dt.date.fromisoformat(doubt.read_as)),
                    other=spelled_date(dt.date.fromisoformat(doubt.could_be)) if doubt.could_be else "?",
                    rows=_counted(rows),
                )
            )
        self._note_unlabelled()
        if self.sections:
            self.warnings.append(SECTION_LINES(rows=_rows_text(self.sections)))
        if self._new_structures:
            found = list(self._new_structures.values())
            listed = [
                f"{quoted(name)} ({ROWS(len(rows), rows=_rows_text(rows))})"
                for name, rows in found[:MAX_LISTED_STRUCTURES]
            ]
            if len(found) > MAX_LISTED_STRUCTURES:
                more = len(found) - MAX_LISTED_STRUCTURES
                listed.append(MORE_STRUCTURES(more, count=count_text(more)))
            self.warnings.append(NEW_STRUCTURES(names=", ".join(listed)))

    def _note_unlabelled(self) -> None:
        """Values under no header are never dropped silently. In a CSV, a record with more fields than the
        header's is the sign of a header cell gone missing: every value after it sits one column off."""
        found = dict(sorted(self._unlabelled.items()))
        if self.record_width is not None and self._wider:
            self.warnings.append(
                WIDER_THAN_HEADER(header=self.record_width, cells=self._widest, rows=_counted(self._wider))
            )
            found = {c: rows for c, rows in found.items() if c < self.record_width}  # said just above
        if found:
            cols = ", ".join(
                COLUMN_ROWS(col=column_letters(c), rows=_counted(rows)) for c, rows in found.items()
            )
            self.warnings.append(UNLABELLED(cols=cols))

    def ambiguous_dates(self) -> list[AmbiguousDates]:
        return list(self._ambiguous.values())

    def new_structure_names(self) -> list[str]:
        return [name for name, _ in self._new_structures.values()]

    def new_structure_rows(self) -> dict[str, list[int]]:
        return {name: list(rows) for name, rows in self._new_structures.values()}


def _structure_spellings(cat: Catalogue) -> dict[str, str]:
    """Folded structure name -> the catalogue's spelling; a structure merged into another is spelled as
    the one it was merged into (the sheet's « AMU » becomes « Aix-Marseille Université »)."""
    out: dict[str, str] = {}
    names: dict[int, str] = {}
    archived: list[tuple[str, int]] = []
    for sid, key, name, is_archived in cat.conn.execute(
        "SELECT id, name_key, name, archived FROM structures"
    ):
        out[str(key)] = names[int(sid)] = str(name)
        if is_archived:
            archived.append((str(key), int(sid)))
    for key, sid in archived:  # few: structures are archived by hand or by a merge
        target = merged_into(cat, sid)
        if target is not None and target in names:
            out[key] = names[target]
    return out


def _digest(cells: Sequence[str | None]) -> bytes:
    """A short digest of a row's cells: exact duplicates share it, and keeping it rather than the text
    keeps memory flat. The tuple's repr makes the cell boundaries unambiguous (quotes escaped, None
    distinct from 'None') and is several times cheaper than JSON (lone surrogates come out escaped)."""
    text = repr(tuple(cells))
    return hashlib.blake2b(text.encode("utf-8", "backslashreplace"), digest_size=16).digest()
