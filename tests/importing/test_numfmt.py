"""Number formats that show codes with leading zeros (readers/numfmt.py)."""

from __future__ import annotations

import pytest

from stewarddesk.importing.readers.numfmt import code_format, shown


@pytest.mark.parametrize(
    ("code", "value", "text"),
    [
        ("00000", 1234, "01234"),  # Excel's « Code postal »
        ("00000", 13001.0, "13001"),
        ("00000", 123456, "123456"),  # more digits than placeholders: all of them, as Excel shows them
        ("0# ## ## ## ##", 491001010.0, "04 91 00 10 10"),  # Excel's « Numéro de téléphone »
        ("0000000000", 491001010, "0491001010"),
        ("00000;[Red]-00000", 12, "00012"),
        ("[Blue]000", 7, "007"),
        ('"FR"000', 42, "FR042"),
        ("000\\-000", 1234, "001-234"),
        ("00", 0, "00"),
    ],
)
def test_codes_show_their_leading_zeros(code: str, value: float, text: str) -> None:
    fmt = code_format(code)
    assert fmt is not None
    assert shown(fmt, value) == text


@pytest.mark.parametrize(
    "code",
    ["General", "0", "#0", "#,##0", "0.00", "0%", "yyyy-mm-dd", "@", "# ?/?", "[>99]000;00", '"unclosed'],
)
def test_other_formats_leave_the_number_alone(code: str) -> None:
    assert code_format(code) is None


@pytest.mark.parametrize("value", [12.5, -12, True, "12", None])
def test_only_whole_numbers_are_padded(value: object) -> None:
    fmt = code_format("00000")
    assert fmt is not None
    assert shown(fmt, value) is None
