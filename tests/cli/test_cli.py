"""The command line as a user meets it: real processes, exit codes, one-line errors, no traceback."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from stewarddesk import paths
from stewarddesk.cli import build_parser
from stewarddesk.fields import export_columns

from .kit import one_clear_line, run

AS_OF = "2026-11-21"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    # Committed with the code: its absence is a failure, not a reason to skip.
    assert paths.sample_catalogue().is_file(), "sample_db/catalogue.sqlite is missing"
    db = tmp_path / "c.sqlite"
    assert run("init", db, "--sample").returncode == 0
    return db


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {
        "gui",
        "init",
        "import",
        "undo-import",
        "export",
        "stale",
        "check",
        "backup",
        "restore",
    }
    for name in commands:
        result = run(name, "--help")
        assert result.returncode == 0 and result.stdout.startswith("utilisation : stewarddesk"), name


@pytest.mark.parametrize("lang", ["fr_FR.UTF-8", "en_GB.UTF-8"])
def test_import_help_names_every_extension_the_importer_reads(lang: str) -> None:
    from stewarddesk.importing.safety import EXTENSIONS

    for args in (("--help",), ("import", "--help")):
        shown = " ".join(run(*args, lang=lang).stdout.split())  # argparse wraps lines anywhere
        listed = shown[shown.index("(.xlsx") :].split(")")[0]
        assert [w.strip(",;(") for w in listed.split() if w.startswith((".", "(."))] == [
            *(e for e, f in EXTENSIONS.items() if f != "csv" or e == ".csv"),
            *(e for e, f in EXTENSIONS.items() if f == "csv" and e != ".csv"),
        ], listed


def test_init_creates_an_empty_catalogue_and_refuses_to_overwrite(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    result = run("init", db)
    assert result.returncode == 0 and db.is_file()
    before = db.read_bytes()
    line = one_clear_line(run("init", db))
    assert "existe déjà" in line
    assert db.read_bytes() == before


def test_stale_lists_every_kind_of_flag_with_reasons(sample: Path) -> None:
    result = run("stale", "--db", sample, "--as-of", AS_OF, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["as_of"] == AS_OF
    assert all(report["counts"][k] > 0 for k in ("stale", "overdue", "incomplete"))
    reasons = [f["reason"] for e in report["entries"] for f in e["flags"]]
    assert any(r.startswith("Non revue depuis") for r in reasons)
    assert any(r.startswith("Échéance du ") and "dépassée" in r for r in reasons)
    english = json.loads(run("stale", "--db", sample, "--as-of", AS_OF, "--json", lang="en_GB.UTF-8").stdout)
    assert any(f["reason"].startswith("Not reviewed for") for e in english["entries"] for f in e["flags"])


def test_stale_plain_text(sample: Path) -> None:
    result = run("stale", "--db", sample, "--as-of", AS_OF)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "entrées signalées au 2026-11-21" in lines[0]
    # Grouped by kind under a French heading, each entry by its number, its title and its reasons.
    assert any(line.startswith("Offres (") for line in lines) and any(
        line.startswith("Actions (") for line in lines
    )
    luminy = next(line for line in lines if "Implantation au Technopôle de Luminy" in line)
    assert luminy.lstrip().startswith("n° ") and "Non revue depuis 37 mois ; Aucun contact" in luminy
    english = run("stale", "--db", sample, "--as-of", AS_OF, lang="en_GB.UTF-8").stdout
    assert "Offers (" in english and "Not reviewed for 37 months; No contact" in english


def test_export_csv_has_designs_columns_and_dialect(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    result = run("export", "actions", "--db", sample, "-o", out, "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == export_columns("actions")
    assert len(rows) > 5
    statuses = {r[rows[0].index("Statut")] for r in rows[1:]}
    assert "Engagée" in statuses


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("stale", "--db", "{missing}"), "introuvable"),
        (("stale", "--db", "/etc/hostname"), "pas un catalogue"),
        (("stale", "--db", "{db}", "--as-of", "2026-13-01"), "date invalide"),
        (("export", "offers", "--db", "{db}", "-o", "{tmp}/x.pdf"), ""),
        (("frobnicate",), "choix « frobnicate » invalide"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    sample: Path, tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    values = {"missing": tmp_path / "nope.sqlite", "db": sample, "tmp": tmp_path}
    line = one_clear_line(run(*(a.format(**values) for a in args)))
    assert needle in line


def test_a_newer_catalogue_is_refused_by_every_command_and_left_as_it_is(
    sample: Path, tmp_path: Path
) -> None:
    import sqlite3

    with sqlite3.connect(sample) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version + 1}")
    with sqlite3.connect(sample) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the whole catalogue in its file, to compare
    before = sample.read_bytes()
    for args in (
        ("stale", "--db", sample),
        ("export", "actions", "--db", sample, "-o", tmp_path / "a.csv"),
        ("import", "/dev/null", "--db", sample),
    ):
        line = one_clear_line(run(*args))
        assert line == (
            f"stewarddesk: {sample} a été écrit par une version plus récente de StewardDesk (schéma "
            f"{version + 1}, cette version connaît le schéma {version}) : mettez StewardDesk à jour."
        ), args
    assert sample.read_bytes() == before
    assert not (tmp_path / "a.csv").exists()


def test_unexpected_errors_exit_1_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run("init", db)
    import sqlite3

    with sqlite3.connect(db) as conn:  # sabotage the schema: our bug territory, not the user's
        conn.execute("DROP TABLE settings")
    one_clear_line(run("stale", "--db", db), code=1)


def test_check_healthy_then_damaged(sample: Path) -> None:
    result = run("check", "--db", sample)
    assert result.returncode == 0 and "sain" in result.stdout
    import sqlite3

    with sqlite3.connect(sample) as conn:  # a write that bypassed the journal and the index
        conn.execute("UPDATE actions SET status='done' WHERE id=1")
        conn.execute("DELETE FROM offers_fts WHERE rowid=1")
    result = run("check", "--db", sample)
    assert result.returncode == 2
    assert "Journal" in result.stderr and "Index de recherche" in result.stderr


def test_a_kind_the_columns_contradict_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    assert run("init", db).returncode == 0
    sheet = tmp_path / "offres.csv"
    sheet.write_text("Offre;Structure;Besoin;Stades\nPépinière;Impulse;Hébergement;Création\n", "utf-8")
    line = one_clear_line(run("import", sheet, "--db", db, "--kind", "actions"))
    assert line == (
        "stewarddesk: ces intitulés de colonnes sont ceux d'offres, pas d'actions : retirez --kind ou "
        "utilisez --kind offers"
    )
    english = one_clear_line(
        run("import", sheet, "--db", db, "--kind", "actions", "--dry-run", lang="en_GB.UTF-8")
    )
    assert english.endswith("drop --kind or use --kind offers")
    done = run("import", sheet, "--db", db, "--kind", "offers")
    assert done.returncode == 0 and "1 insérée" in done.stdout
