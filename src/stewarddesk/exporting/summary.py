"""The summary sheet of a formatted export: counts of what was exported, for a meeting's first slide.

Actions: status × term, by carrier type, by orientation, by flag. Offers: need × status, by flag.
Counted while the rows stream past (nothing is read twice); written as plain numbers, not formulas.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from typing import Any, Final

from xlsxwriter.worksheet import Worksheet

from stewarddesk import vocab
from stewarddesk.catalogue.flags import FLAG_KINDS, FLAG_LABELS
from stewarddesk.exporting.stream import Page
from stewarddesk.exporting.text_width import capacity
from stewarddesk.exporting.xlsx_style import Styles, row_height
from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Msg

_EMPTY: Final = ""  # the key of an empty value in the counters
LABEL_WIDTH: Final = 46.0  # the first column (labels); the others hold counts
COUNT_WIDTH: Final = 17.0
_KIND: Final = operator.attrgetter("kind")

_TOTAL = Msg("exporting.summary.total", "Total", "Total")
_NONE = Msg("exporting.summary.none", "(non renseigné)", "(not set)")
_STATUS_BY_TERM = Msg(
    "exporting.summary.status_by_term", "Actions par statut et temporalité", "Actions by status and term"
)
_BY_CARRIER = Msg("exporting.summary.by_carrier", "Actions par type de porteur", "Actions by carrier type")
_BY_ORIENTATION = Msg("exporting.summary.by_orientation", "Actions par orientation", "Actions by orientation")
_NEED_BY_STATUS = Msg(
    "exporting.summary.need_by_status", "Offres par besoin et statut", "Offers by need and status"
)
_BY_FLAG = Msg("exporting.summary.by_flag", "Entrées signalées, par alerte", "Flagged entries, by flag")
_COUNT = Msg("exporting.summary.count", "Nombre", "Count")
_STATUS = Msg("exporting.summary.status", "Statut", "Status")
_TERM = Msg("exporting.summary.term", "Temporalité", "Term")
_NEED = Msg("exporting.summary.need", "Besoin", "Need")
_CARRIER = Msg("exporting.summary.carrier", "Type de porteur", "Carrier type")
_ORIENTATION = Msg("exporting.summary.orientation", "Orientation", "Orientation")
_FLAG = Msg("exporting.summary.flag", "Alerte", "Flag")


class Summary:
    """The summary of an export, counted as the pages stream past: entries by their stored values of
    the tables' fields (tallied in C: `Counter.update` over `map`), and by flag. `index`: where a field's
    stored value sits in a page's values (`WorkbookRows.index`). `orientations` (actions): the
    selection's orientations with their counts (`Selection.groups`), listed in the order the export
    meets them (`meet`)."""

    def __init__(
        self,
        kind: EntryKind,
        index: Callable[[str], int],
        orientations: Mapping[str | None, int] | None = None,
    ) -> None:
        self.kind = kind
        self.total = 0
        names = ("status", "term", "carrier_type") if kind == "actions" else ("need", "status")
        self._pick = operator.itemgetter(*map(index, names))
        self._tally: Counter[tuple[Any, ...]] = Counter()
        self._groups = {(o or _EMPTY): n for o, n in (orientations or {}).items()}
        self._met: dict[str, None] = {}  # orientations in the order met (an ordered set)
        self.flags: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.carriers: Counter[str] = Counter()
        self.orientations: Counter[str] = Counter()

    def add(self, page: Page) -> None:
        self._tally.update(map(self._pick, page.values))
        # An entry has at most one flag of each kind: counting flags counts flagged entries by kind.
        self.flags.update(map(_KIND, chain.from_iterable(page.flags)))
        self.total += len(page.values)

    def meet(self, orientations: Iterable[Any]) -> None:
        """Orientations as the rows show them, in the export's order (repeats allowed)."""
        for orientation in orientations:
            self._met.setdefault(orientation or _EMPTY)

    def count(self) -> None:
        """Fill `pairs`, `carriers` and `orientations` from the rows added so far (an empty value, NULL
        or "", counted as `_EMPTY`); `write` does it first."""
        self.pairs.clear()
        self.carriers.clear()
        self.orientations.clear()
        for key, n in self._tally.items():
            if self.kind == "actions":
                status, term, carrier = key
                self.pairs[(status or _EMPTY, term or _EMPTY)] += n
                self.carriers[carrier or _EMPTY] += n
            else:
                need, status = key
                self.pairs[(need or _EMPTY, status or _EMPTY)] += n
        for orientation in self._met:
            self.orientations[orientation] = self._groups.get(orientation, 0)

    def write(self, ws: Worksheet, styles: Styles, first_row: int) -> None:
        """Write the tables from `first_row` down."""
        self.count()
        row = first_row
        if self.kind == "actions":
            row = self._cross(ws, styles, row, _STATUS_BY_TERM, _STATUS, "action_status", "term", colour=0)
            row = self._single(ws, styles, row, _BY_CARRIER, _CARRIER, "carrier_type", self.carriers)
            row = self._orientations(ws, styles, row)
        else:
            row = self._cross(ws, styles, row, _NEED_BY_STATUS, _NEED, "need", "offer_status", colour=1)
        self._flags(ws, styles, row)

    def _cross(
        self,
        ws: Worksheet,
        styles: Styles,
        row: int,
        title: Msg,
        corner: Msg,
        rows_vocab: str,
        cols_vocab: str,
        *,
        colour: int,
    ) -> int:
        """A rows_vocab × cols_vocab table with totals; `colour` says which axis holds the statuses."""
        row_codes = _present(vocab.codes(rows_vocab), {a for a, _ in self.pairs})
        col_codes = _present(vocab.codes(cols_vocab), {b for _, b in self.pairs})
        ws.write_string(row, 0, title.render("fr"), styles.bold)
        row += 1
        ws.write_string(row, 0, corner.render("fr"), styles.label_bold)
        for j, code in enumerate(col_codes, start=1):
            fmt = styles.status_key.get(code, styles.label_bold) if colour == 1 else styles.label_bold
            ws.write_string(row, j, _label(cols_vocab, code), fmt)
        ws.write_string(row, len(col_codes) + 1, _TOTAL.render("fr"), styles.label_bold)
        for a in row_codes:
            row += 1
            fmt = styles.status_label_cell.get(a, styles.label) if colour == 0 else styles.label
            ws.write_string(row, 0, _label(rows_vocab, a), fmt)
            for j, b in enumerate(col_codes, start=1):
                ws.write_number(row, j, self.pairs[(a, b)], styles.number)
            ws.write_number(
                row, len(col_codes) + 1, sum(self.pairs[(a, b)] for b in col_codes), styles.number_bold
            )
        row += 1
        ws.write_string(row, 0, _TOTAL.render("fr"), styles.label_bold)
        for j, b in enumerate(col_codes, start=1):
            ws.write_number(row, j, sum(self.pairs[(a, b)] for a in row_codes), styles.number_bold)
        ws.write_number(row, len(col_codes) + 1, self.total, styles.number_bold)
        return row + 2

    def _single(
        self,
        ws: Worksheet,
        styles: Styles,
        row: int,
        title: Msg,
        head: Msg,
        vocab_name: str,
        counts: Counter[str],
    ) -> int:
        ws.write_string(row, 0, title.render("fr"), styles.bold)
        row += 1
        ws.write_string(row, 0, head.render("fr"), styles.label_bold)
        ws.write_string(row, 1, _COUNT.render("fr"), styles.label_bold)
        for code in _present(vocab.codes(vocab_name), set(counts)):
            row += 1
            ws.write_string(row, 0, _label(vocab_name, code), styles.label)
            ws.write_number(row, 1, counts[code], styles.number)
        return row + 2

    def _orientations(self, ws: Worksheet, styles: Styles, row: int) -> int:
        ws.write_string(row, 0, _BY_ORIENTATION.render("fr"), styles.bold)
        row += 1
        ws.write_string(row, 0, _ORIENTATION.render("fr"), styles.label_bold)
        ws.write_string(row, 1, _COUNT.render("fr"), styles.label_bold)
        for orientation, count in self.orientations.items():
            row += 1
            height = row_height([orientation], [capacity(LABEL_WIDTH)])
            if height is not None:
                ws.set_row(row, height)
            ws.write_string(row, 0, orientation or _NONE.render("fr"), styles.label)
            ws.write_number(row, 1, count, styles.number)
        return row + 2

    def _flags(self, ws: Worksheet, styles: Styles, row: int) -> int:
        ws.write_string(row, 0, _BY_FLAG.render("fr"), styles.bold)
        row += 1
        ws.write_string(row, 0, _FLAG.render("fr"), styles.label_bold)
        ws.write_string(row, 1, _COUNT.render("fr"), styles.label_bold)
        for kind in FLAG_KINDS:
            if kind == "overdue" and self.kind == "offers":
                continue
            row += 1
            ws.write_string(row, 0, FLAG_LABELS[kind].render("fr"), styles.label)
            ws.write_number(row, 1, self.flags[kind], styles.number)
        return row + 2


def _present(codes: Sequence[str], seen: set[str]) -> list[str]:
    """The vocabulary's codes in display order, then any odd stored code, then empty — only those seen."""
    ordered = [c for c in codes if c in seen]
    ordered += sorted(c for c in seen if c not in codes and c != _EMPTY)
    if _EMPTY in seen:
        ordered.append(_EMPTY)
    return ordered


def _label(vocab_name: str, code: str) -> str:
    return vocab.label_or_code(vocab_name, code, "fr") if code else _NONE.render("fr")
