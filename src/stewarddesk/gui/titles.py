"""An entry's title inside a sentence: elided when long, and « de » or « d' » before it in French.

French elides « de » before a vowel or a mute h, also before a quoted title: « modifier « E-mail »
d'« Implantation au Technopôle de Luminy » », « … de « Prêt d'honneur » ». Whether an h is mute cannot be
told from the spelling; most are (« d'Hôtel Technoptic »), so every h elides.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Final

from stewarddesk.i18n import Msg, current_language

TITLE_LIMIT: Final = 40  # characters of a title in the undo and redo texts (menu and toolbar)

OF = Msg("gui.titles.of", "de « {title} »", "of “{title}”")
OF_ELIDED = Msg("gui.titles.of_elided", "d'« {title} »", "of “{title}”")
FROM = Msg("gui.titles.from", "de « {title} »", "from “{title}”")
FROM_ELIDED = Msg("gui.titles.from_elided", "d'« {title} »", "from “{title}”")

_ELIDING: Final = frozenset("aeiouhœæ")


def elides(title: str) -> bool:
    """Whether French « de » becomes « d' » before `title` (a vowel or an h, accents aside)."""
    first = title.strip()[:1].lower()
    base = unicodedata.normalize("NFD", first)[:1]
    return base in _ELIDING


def of_title(title: str) -> str:
    """« de « title » » or « d'« title » » in French; “of “title”” in English."""
    return (OF_ELIDED if current_language() == "fr" and elides(title) else OF)(title=title)


def from_title(title: str) -> str:
    """« de « title » » or « d'« title » » in French; “from “title”” in English."""
    return (FROM_ELIDED if current_language() == "fr" and elides(title) else FROM)(title=title)


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """`title` on one line, cut to `limit` characters with « … » (at a word's end when one is near)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:  # a whole last word, unless that drops too much of the title
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—'’") + "…"


def both_texts(sentence: Callable[[str], str], title: str) -> str:
    """A command's text for `QUndoCommand`: the sentence with the whole title, then (after "\\n", Qt's
    separator of its text and action text) with the title elided: the menu and toolbar show the short
    one, the tooltip and messages the whole one."""
    full, short = sentence(" ".join(title.split())), sentence(short_title(title))
    return full if full == short else f"{full}\n{short}"
