"""The rejected rows written back for the partner: only them, problem cells marked, reason beside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.importing.api import OutputFailed, import_file, prepare_import, write_rejects

from .engine_kit import AS_OF, write_csv, write_text_cells_xlsx

pytestmark = pytest.mark.usefixtures("french")


HEADER = ["Offre", "Structure", "Besoin", "Description", "Revue le"]


def test_rejects_workbook_holds_header_and_rejected_rows_marked(cat: Catalogue, tmp_path: Path) -> None:
    source = write_text_cells_xlsx(
        tmp_path / "mi.xlsx",
        [
            ["Marseille Innovation — offres 2024"],
            HEADER,
            ["Pépinière", "MI", "Hébergement", "ok", dt.date(2024, 3, 15)],
            ["Prêt", "MI", "Juridique", '=HYPERLINK("http://evil","x")', "31/02/2024"],
            [None, "MI", "Financement", "sans titre", None],
        ],
    )
    out = tmp_path / "rejets.xlsx"
    outcome = import_file(cat, source, as_of=AS_OF, rejects_out=out)
    assert outcome.rejects_path == out
    assert any(str(out) in line for line in outcome.summary_lines())
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws is not None
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == [*HEADER, "Ligne d'origine", "Motif du rejet"]
    assert [r[0] for r in rows[1:]] == ["Prêt", None]
    prêt = rows[1]
    assert prêt[3] == '=HYPERLINK("http://evil","x")' and ws.cell(2, 4).data_type == "s"  # text, not formula
    assert prêt[5] == 4 and prêt[6].startswith("besoin « Juridique » inconnu")
    assert "date impossible (31/02/2024)" in prêt[6]
    besoin, revue = ws.cell(2, 3), ws.cell(2, 5)
    assert besoin.fill.fgColor.rgb.endswith("F8CBAD") and besoin.comment is not None
    assert "Juridique" in besoin.comment.text
    assert revue.comment is not None and "31/02/2024" in revue.comment.text
    assert ws.cell(2, 1).comment is None  # only the problem cells are marked
    assert ws.cell(3, 1).comment is not None and "titre manquant" in ws.cell(3, 1).comment.text
    assert rows[2][5:] == [5, "titre manquant"]  # the row in its own column, not repeated in the reason


def test_rejects_from_a_csv_and_nothing_written_when_nothing_rejected(cat: Catalogue, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "o.csv", [HEADER, ["A", "MI", "Inconnu", "", ""], ["B", "MI", "Formation", "", ""]]
    )
    plan = prepare_import(cat, source, as_of=AS_OF)
    assert write_rejects(plan, source, tmp_path / "r.xlsx") == 1
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert ws is not None and ws.max_row == 2 and ws.cell(2, 1).value == "A"
    clean = write_csv(tmp_path / "c.csv", [HEADER, ["B", "MI", "Formation", "", ""]])
    outcome = import_file(cat, clean, as_of=AS_OF, rejects_out=tmp_path / "none.xlsx")
    assert outcome.rejects_path is None and not (tmp_path / "none.xlsx").exists()


def test_rejects_must_be_an_xlsx(cat: Catalogue, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "o.csv", [HEADER, ["A", "MI", "Inconnu", "", ""]])
    plan = prepare_import(cat, source, as_of=AS_OF)
    with pytest.raises(KnownError, match=r"\.xlsx"):
        write_rejects(plan, source, tmp_path / "r.csv")


def test_a_bad_rejects_path_is_refused_before_the_import(cat: Catalogue, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "o.csv", [HEADER, ["A", "MI", "Inconnu", "", ""], ["B", "MI", "Formation", "", ""]]
    )
    for bad in (tmp_path / "absent" / "r.xlsx", tmp_path / "r.csv", tmp_path, source):
        with pytest.raises(KnownError) as info:
            import_file(cat, source, as_of=AS_OF, rejects_out=bad)
        assert "\n" not in str(info.value)
    assert cat.conn.execute("SELECT count(*) FROM batches").fetchone()[0] == 0
    assert cat.conn.execute("SELECT count(*) FROM offers").fetchone()[0] == 0


def test_rejects_failing_after_the_apply_raise_output_failed_with_the_batch(
    cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv(
        tmp_path / "o.csv", [HEADER, ["A", "MI", "Inconnu", "", ""], ["B", "MI", "Formation", "", ""]]
    )

    def full(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputFailed) as info:
        import_file(cat, source, as_of=AS_OF, rejects_out=tmp_path / "r.xlsx")
    outcome = info.value.outcome
    assert outcome.result is not None and outcome.report["inserted"] == 1
    message = info.value.message(cat.path)
    assert f"L'import n° {outcome.result.batch_id} a bien été appliqué" in message
    assert "disque plein" in message and "undo-import" in message
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "r.xlsx").exists()
