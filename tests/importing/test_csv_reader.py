"""The CSV reader's refusal of an oversized cell: which line, what limit, in French and in English."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from stewarddesk import i18n
from stewarddesk.importing.read import open_workbook, read_all
from stewarddesk.importing.safety import UnreadableFile

LIMIT = csv.field_size_limit()  # the csv module's default, which the reader keeps
LIMIT_TEXT = f"{LIMIT:,}".replace(",", "\u202f")


@pytest.fixture
def language() -> Iterator[None]:
    """Lets a test call i18n.set_language; the process language is restored afterwards."""
    yield
    i18n.set_language(None)


def refusal(path: Path, lang: i18n.Lang) -> str:
    i18n.set_language(lang)
    with pytest.raises(UnreadableFile) as caught, open_workbook(path) as wb:
        read_all(wb, path.stem)
    return str(caught.value)


@pytest.mark.usefixtures("language")
def test_huge_cell_names_its_line_and_the_limit_in_either_language(tmp_path: Path) -> None:
    path = tmp_path / "offres.csv"
    path.write_text(f"Offre;Description\r\nAtelier;court\r\nPrêt;{'x' * (LIMIT + 1)}\r\n", encoding="utf-8")
    french = refusal(path, "fr")
    assert french == (
        f"« offres.csv » est refusé : la ligne 3 contient une cellule de plus de {LIMIT_TEXT} caractères "
        '(un guillemet « " » ouvert et jamais refermé, ou un fichier endommagé).'
    )
    assert "field" not in french  # no English from the csv module in the French sentence
    assert refusal(path, "en") == (
        f"“offres.csv” is refused: line 3 holds a cell of more than {LIMIT_TEXT} characters "
        '(a quote mark " opened and never closed, or a damaged file).'
    )


@pytest.mark.usefixtures("language")
def test_unclosed_quote_is_blamed_on_the_line_where_it_opens(tmp_path: Path) -> None:
    # The quote opened on record 2 swallows every later line into one cell until the limit.
    lines = "".join(f"Offre {i};Structure {i}\n" for i in range(LIMIT // 20 + 1))
    path = tmp_path / "guillemet.csv"
    path.write_text(f'Offre;Structure\nAtelier;"Impulse\n{lines}', encoding="utf-8")
    assert "la ligne 2 contient une cellule" in refusal(path, "fr")


def test_a_long_cell_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    text = "mot " * (LIMIT // 4 - 1)
    path = tmp_path / "long.csv"
    path.write_text(f"Offre;Description\nAtelier;{text}\n", encoding="utf-8")
    with open_workbook(path) as wb:
        rows = read_all(wb, "long")
    assert rows[1].values == ["Atelier", text]
