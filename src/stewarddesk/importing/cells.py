"""Cell values as the readers give them, and the cleaning of a cell into text.

Readers never clean: they hand over what the file holds (a `RawRow` of `CellValue`s), so that the mapping
step can tell « 4567 » typed as a number from « 4567 » typed as text when it matters. `clean_text` is the
one place that turns any cell into the text a person sees, the way every text field of an entry is stored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Final, TypeAlias


@dataclass(frozen=True)
class CellError:
    """A formula whose cached value is a spreadsheet error: `code` is « #REF! », « #N/A », « #DIV/0! »…"""

    code: str

    def __str__(self) -> str:
        return self.code


CellValue: TypeAlias = str | int | float | bool | dt.date | dt.datetime | CellError | None
"""One cell as read: text, number, boolean, date, date with time, error, or None for an empty cell.

`dt.datetime` is a subclass of `dt.date`: test for it first. Times of day and durations (which no field of
ours holds) arrive as text (« 10:10:10 »)."""

# No-break and other fixed-width spaces people paste from Word or web pages: they are spaces.
_SPACES: Final = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2002\u2003\u2009\u200a\t\v\f"), " ")
# Invisible characters that only get in the way of comparing and searching.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LINE_END_SPACES: Final = re.compile(r"[ ]+\n")
# Beyond 15 significant digits a float no longer holds an exact integer (Excel's own limit).
_EXACT_INT_LIMIT: Final = 1e15


def clean_text(value: CellValue) -> str | None:
    """The text of a cell, cleaned; None when nothing is left.

    Guarantees: leading and trailing whitespace removed (no-break spaces and line breaks included); every
    no-break or fixed-width space becomes a plain space; invisible characters (zero-width space, BOM, soft
    hyphen) are dropped; line breaks inside the text are kept as « \\n » (CRLF and CR become LF), without
    the spaces that preceded them. Inner runs of spaces are kept: a title's spacing is the mapper's choice.

    Numbers keep the form of a code: an integral float is written without « .0 » (4567.0 → « 4567 ») and
    never in scientific notation (4567.0 is never « 4.567e3 »); text such as « 00123 » is text and stays
    « 00123 ». Dates become ISO text (« 2024-07-12 », « 2024-07-12 14:30:00 » with a time), booleans
    « VRAI »/« FAUX » as French Excel shows them. An error cell (`CellError`) gives None: it holds no
    value; the mapper reports it.
    """
    if value is None or isinstance(value, CellError):
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "VRAI" if value else "FAUX"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = format_number(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    else:
        text = value.isoformat()
    if not text:
        return None
    text = text.translate(_SPACES).translate(_INVISIBLE)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        text = _LINE_END_SPACES.sub("\n", text)
    text = text.strip()
    return text or None


def format_number(value: float) -> str:
    """A float as a person would type it: no « .0 » on integers, no exponent, no float noise (0.1 + 0.2
    gives « 0.3 »). NaN and infinities, which no spreadsheet cell holds, give « nan »/« inf »."""
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < _EXACT_INT_LIMIT:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        # repr chose an exponent (very large or very small): write the digits out instead.
        text = format(value, ".15f").rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.0f}"
    elif len(text) > 17:
        text = f"{value:.15g}"
    return text


def is_blank(value: CellValue) -> bool:
    """True for an empty cell or one holding only whitespace (no-break spaces included)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.translate(_SPACES).translate(_INVISIBLE).strip()
    return False
