"""Group headings: the lone text above a group of rows that names what the group's rows share.

Our formatted actions export puts a heading row above each orientation's actions (the orientation's text,
or « Sans orientation » above the actions without one), and partners' sheets often do the same. Such a
row is a section line (`normalise._is_section_line`: one text alone, perhaps spread by a merged cell);
it is a group heading when its text is the Orientation of one of the data rows below it, before the next
section line — or, above rows without an orientation, what our export calls their group, in either
language. Compared as `vocab.fold` compares texts (case, accents, spacing). A group heading is ignored
without a word; any other section line (a footer, a note) is still reported.
"""

from __future__ import annotations

from stewarddesk import vocab
from stewarddesk.fields import NO_ORIENTATION
from stewarddesk.importing.normalise import NormalisedRow

GROUP_FIELD = "orientation"
_NO_VALUE = frozenset(vocab.fold(NO_ORIENTATION.render(lang)) for lang in ("fr", "en"))


def lone_text(nr: NormalisedRow) -> str | None:
    """The text of a section line (a merged cell repeats one text over the columns it covers)."""
    return next((text for text in nr.fingerprint if text is not None), None)


class GroupHeadings:
    """Follows the sheet's rows in order: `line` for each section line, `row` for each data row. The
    last section line stays open until a data row shows it heads their group, or another one comes."""

    def __init__(self) -> None:
        self._open: tuple[int, str] | None = None  # (sheet row, folded text) of the last section line

    def line(self, nr: NormalisedRow) -> None:
        text = lone_text(nr)
        self._open = (nr.row, vocab.fold_cached(text)) if text is not None else None

    def row(self, nr: NormalisedRow) -> int | None:
        """The sheet row of the open section line if `nr` shows it is its group's heading (closing it),
        else None."""
        if self._open is None or GROUP_FIELD not in nr.values:
            return None
        line, text = self._open
        value = nr.values[GROUP_FIELD]
        if (vocab.fold_cached(value) == text) if value else (text in _NO_VALUE):
            self._open = None
            return line
        return None
