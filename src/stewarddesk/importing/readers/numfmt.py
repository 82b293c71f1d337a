"""Whole numbers shown with leading zeros by their cell's number format.

In Excel or LibreOffice a partner types 01234 or 0491001010 into a cell formatted « Code postal » (`00000`)
or « Numéro de téléphone » (`0# ## ## ## ##`): the file holds the number 1234 and the format, and the
partner sees « 01234 ». DESIGN.md wants codes that look like numbers to keep their leading zeros, so the
readers hand over the text the partner sees for such cells.

Only the plain formats that codes use are understood: digit placeholders `0` and `#` with literal text
(quoted, escaped, or a space, hyphen, plus sign, slash or parentheses between groups). Anything else
(decimals, thousands separators, percentages, dates, conditions, fractions) is none of our business and
keeps the number as it is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

_LITERALS: Final = frozenset(" -+()/")


@dataclass(frozen=True)
class CodeFormat:
    """A number format that pads codes: its pieces, each a placeholder (`0`, `#`) or a literal text."""

    pieces: tuple[str, ...]

    @functools.cached_property
    def _template(self) -> tuple[str, tuple[str, ...]]:
        """A `str.format` template with one field per placeholder, and what each placeholder shows when no
        digit is left for it (« 0 » or nothing). Built once: a column of 50,000 codes shares its format."""
        fields = "".join(
            "{}" if p in ("0", "#") else p.replace("{", "{{").replace("}", "}}") for p in self.pieces
        )
        return fields, tuple("0" if p == "0" else "" for p in self.pieces if p in ("0", "#"))

    def render(self, number: int) -> str:
        """`number` (0 or more) as the spreadsheet shows it: digits fill the placeholders from the right,
        a `0` with no digit left shows 0, a `#` nothing; digits beyond the placeholders go before them."""
        template, empty = self._template
        slots = len(empty)
        digits = str(number) if number else ""
        if len(digits) >= slots:
            cut = len(digits) - slots + 1
            return template.format(digits[:cut], *digits[cut:])
        return template.format(*empty[: slots - len(digits)], *digits)


def format_of_shown(text: str, value: object) -> CodeFormat | None:
    """The format under which `value` (a whole number) is shown as `text` with leading zeros, for files that
    give the shown text rather than the format (.ods: « 01234 » beside the value 1234); None when `text` is
    not such a rendering of `value`."""
    if (
        not text.startswith("0")
        or len(text) < 2
        or any(not ch.isdigit() and ch not in _LITERALS for ch in text)
    ):
        return None
    fmt = CodeFormat(tuple("0" if ch.isdigit() else ch for ch in text))
    return fmt if shown(fmt, value) == text else None


@functools.lru_cache(maxsize=256)
def code_format(code: str) -> CodeFormat | None:
    """The `CodeFormat` of a number format code (Excel's syntax), or None when it is not one that can put
    zeros before a whole number (or it is one we do not read: see the module docstring)."""
    section = _first_section(code)
    if section is None:
        return None
    pieces: list[str] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            if end < 0:
                return None
            pieces.append(section[i + 1 : end])
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            pieces.append(section[i + 1])
            i += 2
        elif ch == "[":  # a colour is harmless; a condition or a locale may change everything
            end = section.find("]", i)
            if end < 0 or not section[i + 1 : end].isalpha():
                return None
            i = end + 1
        elif ch in "0#" or ch in _LITERALS:
            pieces.append(ch)
            i += 1
        else:
            return None
    if "0" not in pieces:
        return None  # no zero is ever shown before the number
    if pieces.count("0") < 2 and all(p in ("0", "#") for p in pieces):
        return None  # « 0 », « #0 »: the number as Python writes it, nothing to keep
    return CodeFormat(tuple(pieces))


def _first_section(code: str) -> str | None:
    """The format's section for positive numbers (sections are separated by « ; » outside quotes)."""
    quoted = False
    for i, ch in enumerate(code):
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            return code[:i]
    return None if quoted else code


def shown(fmt: CodeFormat, value: object) -> str | None:
    """The text shown for `value` under `fmt` when it is a whole number (0 or more), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer() or value < 0 or value >= 1e15:
            return None
        value = int(value)
    if not isinstance(value, int) or value < 0:
        return None
    return fmt.render(value)
