from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from stewarddesk.catalogue.flags import NO_CARRIER, Flag
from stewarddesk.exporting.cells import (
    code_cells,
    csv_safe,
    csv_unescape,
    display_cells,
    display_value,
    export_sheet_columns,
)
from stewarddesk.fields import export_columns, field

from .conftest import ACTIONS_HEADER, OFFERS_HEADER


def test_export_columns_are_designs() -> None:
    assert export_columns("actions") == ACTIONS_HEADER
    assert export_columns("offers") == OFFERS_HEADER


def test_csv_safe_neutralises_every_owasp_trigger() -> None:
    for text in ("=1+1", "+33 4 91", "-12", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(text) == "'" + text
    for text in ("Texte", "1+1", "a=b", "", "'", "'texte"):
        assert csv_safe(text) == text


def test_csv_safe_escapes_an_existing_quote_before_a_trigger_so_it_reverses() -> None:
    assert csv_safe("'=1") == "''=1"
    assert csv_unescape("''=1") == "'=1"
    assert csv_unescape("'texte") == "'texte"  # a real apostrophe stays


# The import engine's rule, copied from importing/normalise.py: both sides must agree.
_IMPORT_RULE = re.compile(r"^'(?='*[=+\-@\t\r])")


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " ", "1"]), max_size=8))
def test_csv_neutralisation_round_trips_and_is_safe(text: str) -> None:
    safe = csv_safe(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_unescape(safe) == text
    assert _IMPORT_RULE.sub("", safe, count=1) == text


def test_display_values_are_french_labels_dates_and_joins() -> None:
    assert display_value(field("actions", "status"), "engaged") == "Engagée"
    assert display_value(field("actions", "term"), "medium_long") == "Moyen/long terme"
    assert display_value(field("offers", "stages"), ["idea", "growth"]) == "Émergence; Croissance"
    assert display_value(field("offers", "sectors"), ["Santé", "Mer"]) == "Santé; Mer"
    assert display_value(field("actions", "adopted"), "2022-03-24") == dt.date(2022, 3, 24)
    assert display_value(field("actions", "status"), None) is None
    assert display_value(field("offers", "stages"), []) is None
    assert display_value(field("actions", "status"), "odd") == "odd"  # never lost, never a crash


def test_rows_follow_the_headers() -> None:
    entry = {
        "id": 7,
        "code": "A.1",
        "title": "T",
        "carriers": [],
        "status": "to_define",
        "adopted": "2024-01-02",
    }
    row = display_cells("actions", entry, [Flag("incomplete", NO_CARRIER)])
    assert len(row) == len(ACTIONS_HEADER)
    by_header = dict(zip(ACTIONS_HEADER, row, strict=True))
    assert by_header["Statut"] == "À définir"
    assert by_header["Alertes"] == "Aucun porteur indiqué"
    assert by_header["ID"] == 7
    assert by_header["Date d'adoption"] == dt.date(2024, 1, 2)
    codes = dict(zip(export_sheet_columns("actions"), code_cells("actions", entry), strict=True))
    assert codes["status"] == "to_define"
    assert codes["adopted"] == "2024-01-02"
    assert codes["carriers"] is None
    assert codes["id"] == "7"
