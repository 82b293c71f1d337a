"""Text widths in Arial's measures, and the lines a text takes once wrapped."""

from __future__ import annotations

import itertools
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from stewarddesk.exporting.text_width import (
    UNIT,
    WIDE,
    capacity,
    char_widths,
    text_width,
    wrapped_lines,
)


def reference_lines(text: str, room: int) -> int:
    """The same wrapping one character at a time: the longest run that fits, back to its last space."""
    if "\n" in text:
        return sum(reference_lines(paragraph, room) for paragraph in text.split("\n"))
    running = list(itertools.accumulate(char_widths(text), initial=0))
    start, lines = 0, 1
    while running[-1] - running[start] > room:
        fits = bisect_right(running, running[start] + room) - 1
        cut = text.rfind(" ", start + 1, fits + 1)
        start = cut + 1 if cut > start else max(fits, start + 1)
        lines += 1
    return lines


def test_widths_are_arials() -> None:
    assert text_width("0123456789") == 10 * UNIT  # column widths count digits
    assert text_width(" ") == UNIT // 2
    assert text_width("il") < text_width("00") < text_width("MW")
    assert text_width("é") == text_width("e") and text_width("É") == text_width("E")
    # French typography beyond Latin-1: as wide as Arial draws them (or wider), never ignored
    assert text_width("l’œuvre — « 1\u202f200 € »") >= text_width("l'oeuvre - < 1 200 E >")
    assert text_width("漢字😀") == 3 * WIDE  # from another font: wider than any Latin letter


def test_a_column_holds_a_little_less_than_its_width_in_digits() -> None:
    assert wrapped_lines("0" * 19, capacity(20)) == 1
    assert wrapped_lines("0" * 20, capacity(20)) == 2  # Excel's margin for its rounded digit


def test_wrapping_at_spaces() -> None:
    room = 7 * UNIT
    assert wrapped_lines("", room) == 1
    assert wrapped_lines("123 456 789", room) == 2  # « 123 456 » (6.5 digits) / « 789 »
    assert wrapped_lines("1234567890123456", 5 * UNIT) == 4  # a word longer than a line is cut
    assert wrapped_lines("un\ndeux\n\ntrois", room) == 4  # line breaks kept, empty lines count
    assert wrapped_lines("0123456 0123456", room) == 2  # the space at a line's end may stick out


_WORD = st.one_of(
    st.text(alphabet="abcilmWMéÉ0’«»—\u202f", min_size=1, max_size=12),
    st.text(alphabet="xy", min_size=30, max_size=120),  # longer than a line
)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.one_of(_WORD, st.just("\n"), st.just("")), min_size=1, max_size=80),
    room=st.integers(min_value=20, max_value=200 * UNIT),  # past 140 digits: the other way
)
def test_wrapped_lines_is_the_one_character_at_a_time_wrapping(words: list[str], room: int) -> None:
    text = " ".join(words)
    assert wrapped_lines(text, room) == reference_lines(text, room)


def test_long_texts_sum_exactly() -> None:
    """Widths are summed through Adler-32 in pieces: a 50,000-character text is summed right."""
    text = ("Mot " * 12_500)[:-1]
    assert text_width(text) == sum(char_widths(text))
    for width in (42, 180):
        assert wrapped_lines(text, capacity(width)) == reference_lines(text, capacity(width))
