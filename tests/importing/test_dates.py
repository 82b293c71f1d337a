"""parse_date and read_date_column: every way partners write a date."""

from __future__ import annotations

import datetime as dt

import pytest

from stewarddesk.importing.cells import CellError
from stewarddesk.importing.dates import parse_date, read_date_column

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2024, 3, 15), D(2024, 3, 15)),
        (dt.datetime(2024, 2, 1, 14, 30), D(2024, 2, 1)),
        ("15/03/2024", D(2024, 3, 15)),
        ("15/03/24", D(2024, 3, 15)),
        ("15.03.2024", D(2024, 3, 15)),
        ("15-03-2024", D(2024, 3, 15)),
        ("12/12/2024", D(2024, 12, 12)),
        (" 13/07/2024\u00a0", D(2024, 7, 13)),
        ("13/07/2024 14:30", D(2024, 7, 13)),
        ("2024-09-30", D(2024, 9, 30)),
        ("2024-09-30T10:15:00", D(2024, 9, 30)),
        ("2024-09-30 10:15", D(2024, 9, 30)),
        ("2024/09/30", D(2024, 9, 30)),
        (45485, D(2024, 7, 12)),
        (45485.0, D(2024, 7, 12)),
        (45485.75, D(2024, 7, 12)),
        ("45485", D(2024, 7, 12)),
        ("12 juillet 2024", D(2024, 7, 12)),
        ("1er mars 2024", D(2024, 3, 1)),
        ("5 févr. 2024", D(2024, 2, 5)),
        ("01/01/29", D(2029, 1, 1)),
        ("01/01/30", D(1930, 1, 1)),
    ],
)
def test_dates_read(value: object, expected: dt.date) -> None:
    result = parse_date(value)  # type: ignore[arg-type]
    assert result.status == "ok", result
    assert result.date == expected


@pytest.mark.parametrize(
    "text", ["31/02/2024", "30/02/2023", "2024-02-30", "2024-13-01", "32/01/2024", "29/02/2023"]
)
def test_impossible_dates(text: str) -> None:
    result = parse_date(text)
    assert result.status == "impossible"
    assert result.date is None
    assert result.raw == text


def test_leap_day_exists() -> None:
    assert parse_date("29/02/2024").date == D(2024, 2, 29)


@pytest.mark.parametrize(
    "value", ["bientôt", "T3 2024", "2024", True, CellError("#N/A"), 3, "123", 3.5, "12/2024"]
)
def test_not_dates(value: object) -> None:
    assert parse_date(value).status == "invalid"  # type: ignore[arg-type]


def test_empty() -> None:
    assert parse_date(None).status == "empty"
    assert parse_date(" \u00a0").status == "empty"


def test_ambiguous_is_day_first_with_a_flag() -> None:
    result = parse_date("05/03/2024")
    assert result.status == "ambiguous"
    assert result.needs_warning
    assert result.date == D(2024, 3, 5)
    assert result.alternative == D(2024, 5, 3)


def test_same_day_and_month_is_not_ambiguous() -> None:
    assert parse_date("07/07/2024").status == "ok"


def test_1904_serials() -> None:
    assert parse_date(45485, epoch1904=True).date == D(2028, 7, 13)
    assert parse_date("45485", epoch1904=True).date == D(2028, 7, 13)


def test_column_settles_ambiguity_by_day_first_evidence() -> None:
    results = read_date_column(["05/03/2024", "15/01/2025", D(2024, 1, 1), None])
    assert [r.status for r in results] == ["ok", "ok", "ok", "empty"]
    assert results[0].date == D(2024, 3, 5)


def test_column_without_evidence_keeps_the_flag() -> None:
    results = read_date_column(["05/03/2024", "12/07/2024", D(2024, 1, 31), 45485])
    assert [r.status for r in results] == ["ambiguous", "ambiguous", "ok", "ok"]
    assert results[1].date == D(2024, 7, 12)


def test_column_with_contrary_evidence_does_not_settle() -> None:
    # « 03/15/2024 » says someone typed month first: the ambiguous ones stay flagged; day first is the rule,
    # so « 03/15/2024 » itself is impossible.
    results = read_date_column(["05/03/2024", "15/01/2025", "03/15/2024"])
    assert [r.status for r in results] == ["ambiguous", "ok", "impossible"]


def test_an_impossible_day_first_date_still_says_the_column_is_day_first() -> None:
    # « 31/02/2024 » is rejected, but 31 can only be a day: the partner types day first (the partner
    # fixtures' rule « JJ/MM/AAAA, toujours jour/mois »), so « 12/07/2024 » beside it is 12 July, unflagged.
    results = read_date_column(["12/07/2024", "31/02/2024", D(2024, 3, 15), "12/07/24"])
    assert [r.status for r in results] == ["ok", "impossible", "ok", "ok"]
    assert results[0].date == results[3].date == D(2024, 7, 12)
    # Numbers that are neither day nor month (« 45/02/2024 ») say nothing.
    assert [r.status for r in read_date_column(["12/07/2024", "45/02/2024"])] == ["ambiguous", "impossible"]
    assert [r.status for r in read_date_column(["12/07/2024", "02/45/2024"])] == ["ambiguous", "impossible"]
