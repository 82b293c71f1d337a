"""How many lines a text takes once wrapped in a column of a workbook: from the font's own widths.

Neither Excel nor LibreOffice fits rows to wrapped text when opening a file, so the workbook writers set
each row's height, and must count the lines as the spreadsheet will wrap them.

The exports' font is Arial 10 (`FONT_NAME`): Excel has it everywhere, and LibreOffice shows it with
Liberation Sans, made to Arial's measures — the same advance widths and the same line height, so one
count fits both. Calibri, Excel's default, does not allow that: Excel spaces its lines by the font's
Windows metrics (1.22 em), LibreOffice and its Carlito by the others (1.00 em), so rows tall enough for
Excel would be a quarter too tall in LibreOffice.

Widths are counted in the unit of column widths: the width of a digit of the workbook's font (what
Excel and LibreOffice multiply a column's « characters » by), in 64ths (`UNIT`). Each character's width is
Arial's, rounded up; characters that Arial lacks count as `WIDE` (wider than any Latin letter: they come
from another font). Lines break at spaces only (both applications also break after a hyphen: the
count may be a line too many, never one too few); a word longer than a line is cut.
"""

from __future__ import annotations

import codecs
import itertools
from bisect import bisect_right
from typing import Final
from zlib import adler32

FONT_NAME: Final = "Arial"
FONT_SIZE: Final = 10
UNIT: Final = 64  # a column-width unit (a digit's width) in width units
WIDE: Final = 160  # a character from another font (CJK, emoji): 2.5 digits
# Excel rounds the digit's width to whole pixels (7 for Arial 10 on a 96 dpi screen) to draw columns,
# and draws text with its true widths: a column of N « characters » holds a little less than N digits.
# LibreOffice gives a hair more (N + 0.2, measured): this margin serves both.
FILL: Final = 0.95

# Characters beyond Latin-1 that French text uses, each encoded as a control character (which text
# cells never hold: xlsxwriter escapes them) that stands for its width in `_ARIAL`; any other as byte 0.
_STAND_INS: Final = {
    "\u2019": "\x01", "\u2018": "\x01", "\u201a": "\x01",  # ’ ‘ ‚
    "\u201c": "\x02", "\u201d": "\x02", "\u201e": "\x02", "\u2039": "\x02", "\u203a": "\x02",  # “ ” „ ‹ ›
    "\u2013": "\x03", "\u20ac": "\x03", "\u2022": "\x03", "\u2020": "\x03", "\u2021": "\x03",  # – € • † ‡
    "\u2014": "\x04", "\u2026": "\x04", "\u2030": "\x04", "\u0152": "\x04", "\u2122": "\x04",  # — … ‰ Œ ™
    "\u0153": "\x05", "\u0178": "\x05", "\u0160": "\x05", "\u017d": "\x05",  # œ Ÿ Š Ž
    "\u202f": "\x06", "\u2009": "\x06", "\u2011": "\x06", "\u2010": "\x06",  # narrow spaces, hyphens
}  # fmt: skip

# Arial's (= Liberation Sans's) advance widths in UNITs, rounded up, by Latin-1 character; the stand-ins
# above get the widest of the characters they stand for.
# fmt: off
_ARIAL: Final = bytes([
    WIDE, 26, 39, 64, 116, 109, 39, *[32] * 25,                                # stand-ins, controls
    32, 32, 41, 64, 64, 103, 77, 22, 39, 39, 45, 68, 32, 39, 32, 32,          # space ! " # $ % & ' ( ) * + , - . /
    64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 32, 32, 68, 68, 68, 64,           # 0-9 : ; < = > ?
    117, 77, 77, 84, 84, 77, 71, 90, 84, 32, 58, 77, 64, 96, 84, 90,          # @ A-O
    77, 90, 84, 77, 71, 84, 77, 109, 77, 77, 71, 32, 32, 32, 54, 64,          # P-Z [ \ ] ^ _
    39, 64, 64, 58, 64, 64, 32, 64, 64, 26, 26, 58, 26, 96, 64, 64,           # ` a-o
    64, 64, 39, 58, 32, 64, 58, 84, 58, 58, 58, 39, 30, 39, 68, 32,           # p-z { | } ~ DEL
    *[64] * 32,                                                                # C1 controls
    32, 39, 64, 64, 64, 64, 30, 64, 39, 85, 43, 64, 68, 39, 85, 64,           # nbsp ¡ … « ¬ shy ® ¯
    47, 64, 39, 39, 39, 67, 62, 39, 39, 39, 43, 64, 96, 96, 96, 71,           # ° … » ¼ ½ ¾ ¿
    77, 77, 77, 77, 77, 77, 116, 84, 77, 77, 77, 77, 32, 32, 32, 32,          # À-Ï
    84, 84, 90, 90, 90, 90, 90, 68, 90, 84, 84, 84, 84, 77, 77, 71,           # Ð-ß
    64, 64, 64, 64, 64, 64, 103, 58, 64, 64, 64, 64, 32, 32, 32, 32,          # à-ï
    64, 64, 64, 64, 64, 64, 64, 64, 71, 64, 64, 64, 64, 58, 64, 58,           # ð-ÿ
])
# fmt: on
_ERRORS: Final = "stewarddesk-wide"


def _stand_ins(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join([_STAND_INS.get(c, "\x00") for c in exc.object[exc.start : exc.end]]), exc.end


codecs.register_error(_ERRORS, _stand_ins)


def capacity(width: float) -> int:
    """What a column `width` « characters » wide holds on one line, in width units."""
    return int(width * UNIT * FILL)


def char_widths(text: str) -> bytes:
    """Each character's width in width units (one byte each: sums and slices run in C)."""
    # Latin-1's codec runs in C; the few characters beyond it go through `_stand_ins`.
    return text.encode("latin-1", _ERRORS).translate(_ARIAL)


def sum_widths(widths: bytes) -> int:
    """The sum of `widths`: for up to `_SAFE_CHARS` of them, the low half of their Adler-32 checksum,
    which is 1 + the sum of the bytes modulo 65,521, computed in C (several times faster than `sum()`)."""
    if len(widths) <= _SAFE_CHARS:
        return (adler32(widths) & 0xFFFF) - 1
    return sum(sum_widths(widths[i : i + _SAFE_CHARS]) for i in range(0, len(widths), _SAFE_CHARS))


_SAFE_CHARS: Final = 65520 // max(_ARIAL)  # so many widths sum to less than Adler-32's modulus
# For the writers' innermost loop, which inlines `char_widths` and `sum_widths`.
WIDTHS_TABLE: Final = _ARIAL
WIDTHS_ERRORS: Final = _ERRORS
SAFE_CHARS: Final = _SAFE_CHARS


def text_width(text: str) -> int:
    """The width of `text` on one line, in width units."""
    return sum_widths(char_widths(text))


def wrapped_lines(text: str, room: int, widths: bytes | None = None) -> int:
    """How many lines `text` takes once wrapped at spaces in `room` width units (line breaks kept; a
    word longer than a line is cut); `widths`: its `char_widths` if already known. A line is found from
    the text's average width, then checked and set right a word at a time: a few sums a line, not one
    step a character."""
    if "\n" in text:
        return sum(wrapped_lines(paragraph, room) for paragraph in text.split("\n"))
    if widths is None:
        widths = char_widths(text)
    total = sum_widths(widths)
    if total <= room:
        return 1
    if room > _FAST_ROOM:
        return _wrapped_by_running_widths(text, widths, room)
    # The export's innermost loop but one: the lines' sums are `_sum`'s, inline, on the Adler-32 side
    # (1 + the sum). A run of more than `_SAFE_CHARS` characters is wider than `_FAST_ROOM`: too long.
    n = len(widths)
    per_line = max(1, room * n // total)
    find, rfind = text.find, text.rfind
    limit, safe, too_long = room + 1, _SAFE_CHARS, _SUM_LIMIT
    start, done, lines = 0, 0, 1  # `done`: the width of text[:start]
    while total - done > room:
        cut = rfind(" ", start + 1, start + per_line + 1)
        if cut < 0:
            cut = find(" ", start + 1)
            cut = n if cut < 0 else cut
        line = adler32(widths[start:cut]) & 0xFFFF if cut - start <= safe else too_long
        while line > limit:  # too long: back a word
            cut = rfind(" ", start + 1, cut)
            if cut < 0:
                break
            line = adler32(widths[start:cut]) & 0xFFFF if cut - start <= safe else too_long
        if cut < 0:  # not one word fits: the first one is cut where the line ends
            cut = _first_fitting(widths, start, room)
            done += sum_widths(widths[start:cut])
            start = cut
        else:
            while cut < n:  # the next word may fit too
                after = find(" ", cut + 1)
                after = n if after < 0 else after
                longer = adler32(widths[start:after]) & 0xFFFF if after - start <= safe else too_long
                if longer > limit:
                    break
                cut, line = after, longer
            done += line - 1 + widths[cut] if cut < n else line - 1
            start = cut + 1  # the space at the break stays at the end of the line
        lines += 1
    return lines


_SUM_LIMIT: Final = 65521
_FAST_ROOM: Final = _SAFE_CHARS * min(_ARIAL)  # lines up to 140 digits wide: wider than any column


def _wrapped_by_running_widths(text: str, widths: bytes, room: int) -> int:
    """`wrapped_lines` in a room wider than `_FAST_ROOM`: from the running widths, one bisection a line."""
    running = list(itertools.accumulate(widths, initial=0))  # running[i]: the width of text[:i]
    rfind = text.rfind
    start, lines, end = 0, 1, len(text)
    while running[end] - running[start] > room:
        fits = bisect_right(running, running[start] + room) - 1  # text[start:fits] fits
        cut = rfind(" ", start + 1, fits + 1)  # a space at the line's end may stick out
        start = cut + 1 if cut > start else max(fits, start + 1)
        lines += 1
    return lines


def _first_fitting(widths: bytes, start: int, room: int) -> int:
    """Where a line that starts at `start` and breaks inside a word ends (one character at least)."""
    running = list(itertools.accumulate(widths[start : start + room + 1]))
    return start + max(1, bisect_right(running, room))
