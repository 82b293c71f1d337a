"""Reading dates the way French partners write them.

A date cell may hold a real date (with or without a time: the time is dropped), text « JJ/MM/AAAA » or
« JJ/MM/AA » (always day first: « 05/03/2024 » is 5 March), ISO text « 2024-03-05 », French text
« 5 mars 2024 », or an Excel serial number (a number, or five digits typed as text, in a date column).

Outcomes (`DateResult.status`):
- `ok`: a date;
- `empty`: nothing in the cell;
- `impossible`: it has the shape of a date but no such day exists (31/02/2024, 2024-02-30, 2024-13-01):
  the row is rejected by the caller;
- `ambiguous`: day-first text that also reads month-first (« 05/03/2024 ») and that the rest of its
  column does not settle (see `read_date_column`): `value` holds the day-first reading, `alternative` the
  other, and the caller warns;
- `invalid`: not a date at all (« bientôt », a boolean, an error cell).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from stewarddesk.importing.cells import CellError, CellValue, clean_text

DateStatus = Literal["ok", "empty", "impossible", "ambiguous", "invalid"]

EPOCH_1900: Final = dt.date(1899, 12, 30)  # Excel's day 0 (1900 system, with its 1900-02-29 bug folded in)
EPOCH_1904: Final = dt.date(1904, 1, 1)
# Serial numbers taken as dates: 1902-09-26 .. 2119-01-08 — any plausible review or adoption date, and
# not small numbers (quantities, percentages) that happen to sit in a date column.
SERIAL_MIN: Final = 1000
SERIAL_MAX: Final = 80000
# Serials typed as text: five digits only (« 45485 »), so that a year (« 2024 ») is never one.
TEXT_SERIAL_MIN: Final = 20000

_DMY: Final = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_YMD: Final = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_TIME_TAIL: Final = re.compile(r"(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
_SERIAL: Final = re.compile(r"\d{5}(?:[.,]\d+)?")
_WORDS: Final = re.compile(r"(\d{1,2})(?:er)?\s+([^\W\d_]+)\.?\s+(\d{4})")
_MONTHS: Final[dict[str, int]] = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    "january": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "aug": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip


@dataclass(frozen=True)
class DateResult:
    """One cell read as a date. `raw` is the cell as text (for messages: « date impossible (31/02/2024) »).

    `day_first_evidence` / `month_first_evidence`: this cell is text whose first number cannot be a month
    (« 15/03/2024 », and the impossible « 31/02/2024 »), or whose second number cannot be one
    (« 03/15/2024 »): what `read_date_column` weighs to settle the ambiguous cells of the column.
    """

    status: DateStatus
    value: dt.date | None = None
    raw: str = ""
    alternative: dt.date | None = None
    day_first_evidence: bool = False
    month_first_evidence: bool = False

    @property
    def date(self) -> dt.date | None:
        """The date to store: for `ok`, and the day-first reading of an `ambiguous` cell."""
        return self.value if self.status in ("ok", "ambiguous") else None

    @property
    def needs_warning(self) -> bool:
        return self.status == "ambiguous"


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900  # Excel's rule for two-digit years
    return year


def from_serial(serial: float, *, epoch1904: bool = False) -> dt.date | None:
    """An Excel serial number as a date, or None outside the plausible range (`SERIAL_MIN`..`SERIAL_MAX`)."""
    if not SERIAL_MIN <= serial < SERIAL_MAX:
        return None
    return (EPOCH_1904 if epoch1904 else EPOCH_1900) + dt.timedelta(days=int(serial))


def parse_date(value: CellValue, *, epoch1904: bool = False) -> DateResult:
    """Read one cell as a date (see the module docstring for the outcomes). Never raises."""
    if value is None:
        return DateResult("empty")
    if isinstance(value, CellError):
        return DateResult("invalid", raw=value.code)
    if isinstance(value, bool):
        return DateResult("invalid", raw=str(value))
    if isinstance(value, dt.datetime):
        return DateResult("ok", value.date(), raw=value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return DateResult("ok", value, raw=value.isoformat())
    if isinstance(value, int | float):
        raw = clean_text(value) or ""
        day = from_serial(value, epoch1904=epoch1904)
        return DateResult("ok", day, raw=raw) if day else DateResult("invalid", raw=raw)
    text = clean_text(value)
    if text is None:
        return DateResult("empty")
    return _parse_text(text, epoch1904)


def _parse_text(text: str, epoch1904: bool) -> DateResult:
    if _SERIAL.fullmatch(text):
        serial = float(text.replace(",", "."))
        day = from_serial(serial, epoch1904=epoch1904) if serial >= TEXT_SERIAL_MIN else None
        return DateResult("ok", day, raw=text) if day else DateResult("invalid", raw=text)
    m = _YMD.match(text)
    if m and _TIME_TAIL.fullmatch(text, m.end()):
        year, month, day_ = int(m.group(1)), int(m.group(2)), int(m.group(3))
        found = _make(year, month, day_)
        return DateResult("ok", found, raw=text) if found else DateResult("impossible", raw=text)
    m = _DMY.match(text)
    if m and _TIME_TAIL.fullmatch(text, m.end()):
        a, b, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        day_first = _make(year, b, a)
        if day_first is None:
            # Day first is the rule, so both are impossible; but « 03/15/2024 » tells someone typed month
            # first, and « 31/02/2024 » (a slip of the day) that the column is typed day first.
            return DateResult(
                "impossible",
                raw=text,
                day_first_evidence=b <= 12 < a <= 31,
                month_first_evidence=a <= 12 < b <= 31,
            )
        if a > 12 or a == b:
            return DateResult("ok", day_first, raw=text, day_first_evidence=a > 12)
        return DateResult("ambiguous", day_first, raw=text, alternative=_make(year, a, b))
    m = _WORDS.fullmatch(text)
    if m:
        month_no = _MONTHS.get(_fold_month(m.group(2)))
        if month_no is not None:
            found = _make(int(m.group(3)), month_no, int(m.group(1)))
            return DateResult("ok", found, raw=text) if found else DateResult("impossible", raw=text)
    return DateResult("invalid", raw=text)


def _fold_month(word: str) -> str:
    return word.lower().translate(str.maketrans("éèêûô", "eeeuo"))


def read_date_column(values: Iterable[CellValue], *, epoch1904: bool = False) -> list[DateResult]:
    """Read a whole column, settling day/month ambiguity by the rest of it.

    The ambiguous cells (« 05/03/2024 ») become `ok` (day first) when the column holds day-first evidence
    (a text date that only reads day first, « 15/03/2024 », even an impossible one like « 31/02/2024 »)
    and no month-first evidence (« 03/15/2024 »).
    Otherwise they stay `ambiguous`: read day first, flagged for a warning. Real dates and serial numbers
    say nothing about how people type text dates, so they settle nothing; nor do the sheet's other date
    columns (DESIGN.md: « not settled by the rest of its column »): an adoption date copied from the
    roadmap and an update date typed, or pasted from another tool, by someone else are not the same hand.
    """
    results = [parse_date(v, epoch1904=epoch1904) for v in values]
    day_first = any(r.day_first_evidence for r in results)
    month_first = any(r.month_first_evidence for r in results)
    if day_first and not month_first:
        results = [DateResult("ok", r.value, raw=r.raw) if r.status == "ambiguous" else r for r in results]
    return results
