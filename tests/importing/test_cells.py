"""clean_text: trimming, no-break spaces, line breaks, numbers that are codes."""

from __future__ import annotations

import datetime as dt

import pytest

from stewarddesk.importing.cells import CellError, clean_text, format_number, is_blank


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  \u00a0 ", None),
        ("\u00a0Coworking Technopôle\u00a0", "Coworking Technopôle"),
        ("belledemai@marseille-innovation.fr\u00a0", "belledemai@marseille-innovation.fr"),
        ("Marseille Innovation ", "Marseille Innovation"),
        ("ligne 1  \r\nligne 2\rligne 3\n\n", "ligne 1\nligne 2\nligne 3"),
        ("Intitulé\nde l'offre", "Intitulé\nde l'offre"),
        ("a  b", "a  b"),
        ("\u200bzéro\ufeff", "zéro"),
        ("00123", "00123"),
        (4567.0, "4567"),
        (4567, "4567"),
        (30.5, "30.5"),
        (0.1 + 0.2, "0.3"),
        (12345678901234.0, "12345678901234"),
        (1e20, "100000000000000000000"),
        (1e-7, "0.0000001"),
        (True, "VRAI"),
        (False, "FAUX"),
        (dt.date(2024, 7, 12), "2024-07-12"),
        (dt.datetime(2024, 7, 12), "2024-07-12"),
        (dt.datetime(2024, 7, 12, 14, 30), "2024-07-12 14:30:00"),
        (CellError("#REF!"), None),
        ('=HYPERLINK("http://evil","x")', '=HYPERLINK("http://evil","x")'),
    ],
)
def test_clean_text(value: object, expected: str | None) -> None:
    assert clean_text(value) == expected  # type: ignore[arg-type]


def test_numbers_never_in_scientific_notation() -> None:
    for value in (4567.0, 4.567e3, 1.5e16, 2.5e-9, 123456789.125):
        assert "e" not in format_number(value).lower()


def test_is_blank() -> None:
    assert is_blank(None)
    assert is_blank(" \u00a0\n")
    assert not is_blank("x")
    assert not is_blank(0)
    assert not is_blank(CellError("#N/A"))
