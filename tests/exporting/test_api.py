from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.exporting import api, export_entries
from stewarddesk.exporting.filters import close_names, describe_query, partner_query
from stewarddesk.progress import CancelToken

from .conftest import AS_OF, fill


@pytest.mark.parametrize("name", ["out.pdf", "out.xls", "out", "out.xlsm"])
def test_unsupported_suffix_is_one_clear_line(cat: Catalogue, out_dir: Path, name: str) -> None:
    with pytest.raises(KnownError) as err:
        export_entries(cat, "offers", out_dir / name, as_of=AS_OF)
    assert ".xlsx" in str(err.value) and ".csv" in str(err.value) and "\n" not in str(err.value)
    assert list(out_dir.iterdir()) == []


def test_suffix_case_does_not_matter(cat: Catalogue, out_dir: Path) -> None:
    assert export_entries(cat, "offers", out_dir / "OUT.CSV", as_of=AS_OF).format == "csv"
    assert export_entries(cat, "offers", out_dir / "OUT.XLSX", as_of=AS_OF).format == "xlsx"


def test_missing_folder(cat: Catalogue, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="n'existe pas|does not exist"):
        export_entries(cat, "offers", tmp_path / "nowhere" / "x.csv", as_of=AS_OF)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_cancel_leaves_the_previous_file_and_no_temporary(cat: Catalogue, out_dir: Path, suffix: str) -> None:
    out = out_dir / f"x.{suffix}"
    out.write_bytes(b"previous")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_entries(cat, "actions", out, as_of=AS_OF, cancel=token)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in out_dir.iterdir()] == [out.name]


def test_cancel_midway_through_the_pages(
    tmp_path: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled after the first page of a multi-page export: no file at all."""
    from stewarddesk.exporting import source

    monkeypatch.setattr(source, "PAGE", 2)
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2:
            token.cancel()

    with Catalogue.new(tmp_path / "c.sqlite") as cat:
        fill(cat)
        with pytest.raises(Cancelled):
            export_entries(cat, "actions", out_dir / "a.xlsx", as_of=AS_OF, progress=progress, cancel=token)
    assert seen == [(0, 4), (2, 4)]
    assert list(out_dir.iterdir()) == []


def test_progress_reaches_the_total(cat: Catalogue, out_dir: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_entries(cat, "offers", out_dir / "o.csv", as_of=AS_OF, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


@pytest.fixture
def french() -> Iterator[None]:
    i18n.set_language("fr")
    yield
    i18n.set_language(None)


@pytest.mark.usefixtures("french")
def test_a_folder_named_as_the_target_is_said_to_be_a_folder(cat: Catalogue, out_dir: Path) -> None:
    target = out_dir / "dir.xlsx"
    target.mkdir()
    with pytest.raises(KnownError) as err:
        export_entries(cat, "offers", target, as_of=AS_OF)
    assert str(err.value) == (
        f"« {target} » est un dossier : donnez le nom du fichier à écrire (par exemple {target}/export.xlsx)."
    )
    assert sorted(p.name for p in out_dir.iterdir()) == ["dir.xlsx"]


@pytest.mark.usefixtures("french")
def test_a_file_where_the_folder_should_be(cat: Catalogue, out_dir: Path) -> None:
    (out_dir / "notes.txt").write_text("x")
    with pytest.raises(KnownError) as err:
        export_entries(cat, "offers", out_dir / "notes.txt" / "x.csv", as_of=AS_OF)
    assert "« " + str(out_dir / "notes.txt") + " » n'est pas un dossier" in str(err.value)


@pytest.mark.usefixtures("french")
def test_a_locked_target_hints_at_the_spreadsheet_other_failures_do_not(
    cat: Catalogue, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = out_dir / "o.csv"
    out.write_bytes(b"previous")

    def locked(self: Path, target: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(KnownError) as err:
        export_entries(cat, "offers", out, as_of=AS_OF)
    assert str(err.value) == (
        "Impossible de remplacer « o.csv » (accès refusé) : si le fichier est ouvert dans un tableur, "
        "fermez-le et recommencez."
    )
    monkeypatch.undo()

    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(api, "write_csv", full)
    with pytest.raises(KnownError) as err:
        export_entries(cat, "offers", out, as_of=AS_OF)
    assert str(err.value) == "Impossible d'écrire « o.csv » : disque plein."
    assert [p.name for p in out_dir.iterdir()] == ["o.csv"] and out.read_bytes() == b"previous"


def test_more_rows_than_a_sheet_holds(cat: Catalogue, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "MAX_ROWS", 6)
    with pytest.raises(KnownError, match=r"\.csv"):
        export_entries(cat, "actions", out_dir / "a.xlsx", as_of=AS_OF)
    assert export_entries(cat, "actions", out_dir / "a.csv", as_of=AS_OF).count == 4


def test_partner_query_and_a_query_combine(cat: Catalogue, out_dir: Path) -> None:
    query = Query(filters={"status": ("suspended",)})
    result = export_entries(cat, "offers", out_dir / "r.xlsx", partner="cisam", query=query, as_of=AS_OF)
    assert result.count == 1 and result.partner == "CISAM"


def test_partner_query_selects_offers_by_structure_and_actions_by_carrier(cat: Catalogue) -> None:
    offers = partner_query(cat, "offers", "IMPULSE")
    assert offers.filters == {"structure": ("Impulse",)}
    assert len(cat.ids("offers", offers)) == 2
    actions = partner_query(cat, "actions", "aix marseille universite")
    assert actions.filters == {"carriers": ("Aix-Marseille Université",)}
    assert len(cat.ids("actions", actions)) == 1


def test_close_names() -> None:
    names = ["Aix Marseille French Tech", "Aix-Marseille Université", "Impulse", "CISAM"]
    assert close_names("French Tech", names) == ["Aix Marseille French Tech"]
    assert close_names("Impuls", names) == ["Impulse"]
    assert close_names("qqqq", names) == []


def test_describe_query() -> None:
    assert describe_query("actions", Query()) == "toutes les entrées"
    text = describe_query(
        "actions",
        Query(
            filters={"term": ("short", ""), "carriers": ("Medinsoft",)},
            flags=("stale",),
            text=" outil ",
            include_archived=True,
        ),
    )
    assert text == (
        "Porteurs = Medinsoft ; Temporalité = Court terme, (vide) ; Alertes : À revoir ; "
        "recherche « outil » ; archives comprises"
    )


def test_the_export_reads_one_snapshot_while_another_window_writes(
    cat: Catalogue, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stewarddesk.exporting import source

    monkeypatch.setattr(source, "PAGE", 2)
    other = Catalogue.open(cat.path)
    victim = cat.ids("offers")[-1]

    def progress(done: int, total: int) -> None:
        if done == 2:  # between the pages: another connection writes and commits
            other.create("offers", {"title": "Ajoutée pendant l'export", "email": "a@b.example"})
            other.update("offers", victim, {"title": "Renommée pendant l'export"})

    try:
        result = export_entries(cat, "offers", out_dir / "o.csv", as_of=AS_OF, progress=progress)
    finally:
        other.close()
    text = (out_dir / "o.csv").read_text(encoding="utf-8-sig")
    assert result.count == 3
    assert "pendant l'export" not in text
    assert cat.count("offers") == 4  # the writes did happen, after our snapshot
