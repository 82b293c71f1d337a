from __future__ import annotations

from pathlib import Path

import pytest

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


def test_unwritable_target_is_a_known_error(cat: Catalogue, out_dir: Path) -> None:
    target = out_dir / "dir.xlsx"
    target.mkdir()  # a folder where the file should go: the final replace fails
    with pytest.raises(KnownError, match="dir.xlsx"):
        export_entries(cat, "offers", target, as_of=AS_OF)
    assert sorted(p.name for p in out_dir.iterdir()) == ["dir.xlsx"]


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
