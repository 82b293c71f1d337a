"""`stewarddesk backup` and `stewarddesk restore` as a user meets them: real processes, exit 0 or 2, one
clear line for every refusal, never a traceback, and a restore that can itself be undone."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from stewarddesk import paths

from .kit import one_clear_line, run

AS_OF = "2026-11-21"


def offers(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM offers").fetchone()[0])
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    if not paths.sample_catalogue().is_file():
        pytest.skip("sample_db/catalogue.sqlite has not been built")
    path = tmp_path / "c.sqlite"
    assert run("init", path, "--sample").returncode == 0
    return path


@pytest.fixture
def new_offers(tmp_path: Path) -> Path:
    path = tmp_path / "nouvelles.csv"
    path.write_text("Offre;Structure\r\nAtelier prototypage;Impulse\r\nBourse French Tech;CISAM\r\n", "utf-8")
    return path


def written(result: subprocess.CompletedProcess[str]) -> Path:
    assert result.returncode == 0, result.stderr
    m = re.fullmatch(r"Sauvegarde écrite : (.+)", result.stdout.strip())
    assert m, result.stdout
    return Path(m.group(1))


def test_both_commands_have_help() -> None:
    for name in ("backup", "restore"):
        result = run(name, "--help")
        assert result.returncode == 0 and result.stdout.startswith("utilisation : stewarddesk"), name


def test_backup_into_the_backups_folder_then_elsewhere(db: Path, tmp_path: Path) -> None:
    first = written(run("backup", "--db", db))
    assert first.parent == tmp_path / "c.backups" and first.name.endswith("-manual.sqlite")
    assert offers(first) == offers(db) > 0
    assert run("check", "--db", first).returncode == 0  # a backup is a sound catalogue itself
    target = tmp_path / "cle" / "c-copie.sqlite"
    target.parent.mkdir()
    assert written(run("backup", "--db", db, "-o", target)) == target
    into = written(run("backup", "--db", db, "-o", target.parent))
    assert into.parent == target.parent
    before = digest(target)
    assert "existe déjà" in one_clear_line(run("backup", "--db", db, "-o", target))
    assert digest(target) == before


def test_backup_list(db: Path, new_offers: Path) -> None:
    assert "Aucune sauvegarde" in run("backup", "--db", db, "--list").stdout
    written(run("backup", "--db", db))
    imported = run("import", new_offers, "--db", db, "--kind", "offers", "--as-of", AS_OF)
    assert imported.returncode == 0, imported.stderr
    listing = run("backup", "--db", db, "--list")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all(f"{offers(db) - 2} offres, " in line for line in lines)
    assert any("manuelle" in line for line in lines) and any("avant import" in line for line in lines)
    english = run("backup", "--db", db, "--list", lang="en_GB.UTF-8").stdout
    assert "before an import" in english and f"{offers(db) - 2} offers and " in english


def test_restore_then_undo_the_restore(db: Path, new_offers: Path) -> None:
    before = offers(db)
    backup = written(run("backup", "--db", db))
    assert run("import", new_offers, "--db", db, "--kind", "offers", "--as-of", AS_OF).returncode == 0
    assert offers(db) == before + 2
    restored = run("restore", backup, "--db", db)
    assert restored.returncode == 0, restored.stderr
    assert offers(db) == before
    assert run("check", "--db", db).returncode == 0
    way_back = re.search(r"stewarddesk restore (\S+) --db (\S+)$", restored.stdout.strip())
    assert way_back, restored.stdout
    saved = Path(way_back.group(1))
    assert saved.name.endswith("-before-restore.sqlite") and offers(saved) == before + 2
    again = run("restore", saved, "--db", db)  # the restore is undone by restoring what it saved
    assert again.returncode == 0, again.stderr
    assert offers(db) == before + 2
    assert run("check", "--db", db).returncode == 0


def test_restore_to_a_lost_catalogue(db: Path, tmp_path: Path) -> None:
    backup = written(run("backup", "--db", db, "-o", tmp_path / "copie.sqlite"))
    lost = tmp_path / "nouveau" / "catalogue.sqlite"
    result = run("restore", backup, "--db", lost)
    assert result.returncode == 0 and "recréé" in result.stdout, result.stderr
    assert offers(lost) == offers(db)


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "absente.sqlite", "introuvable"),
        (lambda d: _text(d / "offres.csv", "Offre;Structure\n"), "pas un catalogue"),
        (lambda d: _foreign(d / "autre.sqlite"), "pas un catalogue"),
        (lambda d: _text(d / "vide.sqlite", ""), "pas un catalogue"),
    ],
)
def test_restore_refuses_in_one_line_and_changes_nothing(
    db: Path, tmp_path: Path, make: Callable[[Path], Path], needle: str
) -> None:
    before = digest(db)
    line = one_clear_line(run("restore", make(tmp_path), "--db", db))
    assert needle in line, line
    assert digest(db) == before
    assert not (tmp_path / "c.backups").exists()  # refused before saving anything


def test_restore_onto_itself_and_usage_errors(db: Path, tmp_path: Path) -> None:
    assert "lui-même" in one_clear_line(run("restore", db, "--db", db))
    one_clear_line(run("backup", "--db", db, "--list", "-o", tmp_path / "x.sqlite"))
    one_clear_line(run("restore", "--db", db))
    assert "introuvable" in one_clear_line(run("backup", "--db", tmp_path / "absent.sqlite"))


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE comptes(x)")
    conn.close()
    return path
