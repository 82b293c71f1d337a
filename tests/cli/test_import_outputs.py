"""`stewarddesk import` with its outputs (`--rejects`, `--report-json`): a bad path is refused before
anything is written, and an output that fails after the import was applied says that it WAS applied."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from stewarddesk import cli, i18n
from tests.importing.engine_kit import file_hash, write_csv

from .kit import one_clear_line, run

AS_OF = "2025-03-01"
HEADER = ["Offre", "Structure", "Besoin", "Revue le"]


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    """Two good offers and one rejected (unknown need)."""
    return write_csv(
        tmp_path / "offres.csv",
        [
            HEADER,
            ["Pépinière", "MI", "Hébergement", "15/03/2024"],
            ["Prêt", "MI", "Financement", ""],
            ["Conseil", "MI", "Juridique", ""],
        ],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    return path


def offers(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM offers").fetchone()[0])


def batches(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM batches").fetchone()[0])


@pytest.mark.parametrize(
    ("option", "target", "needle"),
    [
        ("--rejects", "{tmp}/rejets.csv", "doit être un fichier .xlsx"),
        ("--rejects", "{tmp}/absent/rejets.xlsx", "n'existe pas"),
        ("--rejects", "{sheet}/rejets.xlsx", "n'est pas un dossier"),
        ("--rejects", "{tmp}", "doit être un fichier .xlsx"),
        ("--report-json", "{tmp}/absent/r.json", "le dossier {tmp}/absent n'existe pas"),
        ("--report-json", "{tmp}", "est un dossier"),
        ("--report-json", "{db}", "qui est le catalogue"),
        ("--report-json", "{sheet}", "qui est le fichier importé"),
    ],
)
def test_a_bad_output_path_is_refused_before_anything_is_written(
    sheet: Path, db: Path, tmp_path: Path, option: str, target: str, needle: str
) -> None:
    before = file_hash(db), file_hash(sheet)
    values = {"tmp": tmp_path, "sheet": sheet, "db": db}
    line = one_clear_line(run("import", sheet, "--db", db, option, target.format(**values), "--as-of", AS_OF))
    assert needle.format(**values) in line
    assert "Erreur interne" not in line
    assert (file_hash(db), file_hash(sheet)) == before  # not even a batch, not even a backup
    assert not (tmp_path / "catalogue.backups").exists()


def test_rejects_and_report_must_be_two_files(sheet: Path, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sortie.xlsx"
    line = one_clear_line(run("import", sheet, "--db", db, "--rejects", out, "--report-json", out))
    assert "fichier des lignes rejetées" in line and offers(db) == 0


def test_good_outputs_are_written_after_the_import(sheet: Path, db: Path, tmp_path: Path) -> None:
    rejects, report = tmp_path / "rejets.xlsx", tmp_path / "rapport.json"
    ran = run("import", sheet, "--db", db, "--rejects", rejects, "--report-json", report, "--as-of", AS_OF)
    assert ran.returncode == 0, ran.stderr
    assert offers(db) == 2 and json.loads(report.read_text(encoding="utf-8"))["inserted"] == 2
    ws = openpyxl.load_workbook(rejects).active
    assert ws is not None and ws.cell(2, 1).value == "Conseil"
    assert not list(tmp_path.glob("*.part"))


def test_dry_run_still_writes_the_rejects_and_says_the_catalogue_is_untouched(
    sheet: Path, db: Path, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejets.xlsx"
    ran = run("import", sheet, "--db", db, "--dry-run", "--rejects", rejects, "--as-of", AS_OF)
    assert ran.returncode == 0, ran.stderr
    assert "Simulation : rien n'a été écrit dans le catalogue." in ran.stdout
    assert f"Lignes rejetées écrites dans {rejects}" in ran.stdout
    assert rejects.is_file() and offers(db) == 0 and batches(db) == 0


def _disk_full(self: object) -> None:
    try:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    except OSError as exc:
        raise FileCreateError(exc) from None


def test_rejects_failing_after_the_apply_say_it_was_applied_and_how_to_undo(
    sheet: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.set_language("fr")
    monkeypatch.setattr(xlsxwriter.Workbook, "close", _disk_full)  # the disk fills up while it is written
    report = tmp_path / "rapport.json"
    try:
        code = cli.main(
            ["import", str(sheet), "--db", str(db), "--rejects", str(tmp_path / "r.xlsx"),
             "--report-json", str(report), "--as-of", AS_OF]
        )  # fmt: skip
    finally:
        i18n.set_language(None)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1
    assert "a bien été appliqué" in err[0] and "n'a pas été modifié" not in err[0]
    assert f"stewarddesk undo-import 1 --db {db}" in err[0]
    assert "r.xlsx" in err[0] and "disque plein" in err[0]
    assert offers(db) == 2 and batches(db) == 1
    assert json.loads(report.read_text(encoding="utf-8"))["batch_id"] == 1  # the report still written
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "r.xlsx").exists()


def test_report_failing_after_the_apply_says_it_was_applied(
    sheet: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_text = Path.write_text

    def no_space(self: Path, *args: Any, **kwargs: Any) -> int:
        if self.name.endswith(".json.part"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", no_space)
    i18n.set_language("en")
    try:
        code = cli.main(
            [
                "import",
                str(sheet),
                "--db",
                str(db),
                "--report-json",
                str(tmp_path / "r.json"),
                "--as-of",
                AS_OF,
            ]
        )
    finally:
        i18n.set_language(None)
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and "Import #1 was applied" in err and "stewarddesk undo-import 1" in err
    assert "the JSON report" in err and "the disk is full" in err and offers(db) == 2
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("content", ["header only", "same again"])
def test_an_import_that_changes_nothing_records_nothing(
    content: str, sheet: Path, db: Path, tmp_path: Path
) -> None:
    if content == "header only":
        sheet = tmp_path / "hdr.csv"
        sheet.write_text("Offre;Structure\n", "utf-8")
    else:
        assert run("import", sheet, "--db", db).returncode == 0
    backups = sorted((tmp_path / "catalogue.backups").glob("*")) if content == "same again" else []
    before = batches(db)
    report = tmp_path / "r.json"
    result = run("import", sheet, "--db", db, "--report-json", report)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "Rien à changer dans le catalogue : aucun import enregistré (ni sauvegarde ni historique)."
    )
    assert "undo-import" not in result.stdout
    assert batches(db) == before  # no batch: nothing to undo
    assert sorted((tmp_path / "catalogue.backups").glob("*")) == backups  # no backup pushing one out
    assert json.loads(report.read_text("utf-8"))["batch_id"] is None
