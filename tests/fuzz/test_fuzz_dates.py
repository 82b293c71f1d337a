"""The date reader under any input: it never raises, its outcomes are consistent, and the dates people
write (day first, ISO, French words, Excel serials) come back as the same day.

tests/importing/test_dates.py holds the worked examples; these are the properties around them.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.dates import EPOCH_1900, SERIAL_MAX, SERIAL_MIN, parse_date, read_date_column

from .profiles import FUZZ, examples

MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# Digits of other scripts (`\d` matches them), date separators, letters of month names, spaces of every
# width, direction marks: what a pasted date may hold.
DATE_ALPHABET = "0123456789/.-: T Zh+,er é\u00a0\u202f\u200b\u200f\u061c٠١٢٣٤٥٦٧٨٩０１２３\U0001d7ceamjsondfv"

cell_values = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=DATE_ALPHABET, max_size=40),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]).map(CellError),
)


@settings(FUZZ, max_examples=examples(400))
@given(value=cell_values, epoch1904=st.booleans())
def test_parse_date_never_raises_and_is_consistent(value: object, epoch1904: bool) -> None:
    result = parse_date(value, epoch1904=epoch1904)  # type: ignore[arg-type]
    assert result.status in ("ok", "empty", "impossible", "ambiguous", "invalid")
    if result.status in ("ok", "ambiguous"):
        assert isinstance(result.date, dt.date) or (result.status == "ok" and result.value is None)
    else:
        assert result.date is None
    if result.status == "ambiguous":
        assert result.alternative is not None and result.alternative != result.value


@settings(FUZZ, max_examples=examples(100))
@given(st.lists(cell_values, max_size=30))
def test_read_date_column_never_raises(values: list[object]) -> None:
    results = read_date_column(values)  # type: ignore[arg-type]
    assert len(results) == len(values)


days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@settings(FUZZ, max_examples=examples(300))
@given(
    day=days,
    pattern=st.sampled_from(
        ["{d:02d}/{m:02d}/{y:04d}", "{d}/{m}/{y:04d}", "{d:02d}.{m:02d}.{y:04d}", "{d:02d}-{m:02d}-{y:04d}"]
    ),
    time_tail=st.sampled_from(["", " 00:00", " 14:30:05", " 9h05", "T08:00:00Z"]),
    padding=st.sampled_from(["", " ", "\u00a0", "\n"]),
)
def test_day_first_dates_round_trip(day: dt.date, pattern: str, time_tail: str, padding: str) -> None:
    text = padding + pattern.format(d=day.day, m=day.month, y=day.year) + time_tail + padding
    result = parse_date(text)
    assert result.status in ("ok", "ambiguous"), (text, result)
    assert result.date == day, text  # day first, always: « 05/03/2024 » is 5 March
    assert (result.status == "ambiguous") == (day.day <= 12 and day.day != day.month), text


@settings(FUZZ, max_examples=examples(200))
@given(day=days)
def test_iso_and_french_words_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat()).date == day
    first = "1er" if day.day == 1 else str(day.day)
    assert parse_date(f"{first} {MONTHS_FR[day.month - 1]} {day.year}").date == day
    assert parse_date(f"{day.day} {MONTHS_FR[day.month - 1].upper()} {day.year}").date == day


@settings(FUZZ, max_examples=examples(200))
@given(serial=st.integers(min_value=SERIAL_MIN, max_value=SERIAL_MAX - 1), fraction=st.floats(0, 0.999))
def test_excel_serials_round_trip(serial: int, fraction: float) -> None:
    day = EPOCH_1900 + dt.timedelta(days=serial)
    assert parse_date(serial + fraction).date == day  # a time of day is dropped


@settings(FUZZ, max_examples=examples(200))
@given(st.lists(days, min_size=1, max_size=20), st.data())
def test_one_unambiguous_cell_settles_its_column(column: list[dt.date], data: st.DataObject) -> None:
    """A column holding one day-first-only date (day > 12) reads all its other day-first dates as ok."""
    settler = data.draw(st.dates(min_value=dt.date(2000, 1, 13)).filter(lambda d: d.day > 12))
    texts = [f"{d.day:02d}/{d.month:02d}/{d.year:04d}" for d in [*column, settler]]
    results = read_date_column(texts)
    assert [r.status for r in results] == ["ok"] * len(texts)
    assert [r.date for r in results] == [*column, settler]
