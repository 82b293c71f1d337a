"""`stewarddesk check --db PATH` as a user runs it: exit 0 and « catalogue sain » on a healthy catalogue;
exit 2 with every problem listed (a count, then one line each, never a traceback) when SQLite's integrity,
the schema, the search index or the journal disagree; and the catalogue is never modified by the check.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from stewarddesk.catalogue.schema import SCHEMA_VERSION

from .kit import AS_OF, digest, offer_rows, one_clear_line, run, write_csv


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A catalogue with 300 offers from an import, closed cleanly (the file alone is the catalogue)."""
    path = tmp_path / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    sheet = write_csv(tmp_path / "base.csv", offer_rows(300, seed=5))
    assert run("import", sheet, "--db", path, "--kind", "offers", "--as-of", AS_OF).returncode == 0
    assert not path.with_name(path.name + "-wal").exists()
    return path


def sql(db: Path, *statements: str) -> None:
    """Change the file behind StewardDesk's back, as another tool would."""
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def listed(db: Path) -> list[str]:
    """Run `check`: exit 2, a headline counting the problems, then the problems, one a line."""
    before = digest(db)
    ran = run("check", "--db", db)
    assert ran.returncode == 2, (ran.returncode, ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr and ran.stdout == ""
    head, *lines = ran.stderr.strip().splitlines()
    assert head.startswith(f"{db} : ") and "problème" in head, head
    assert lines and all(line.startswith("  - ") for line in lines), ran.stderr
    assert head.endswith((f"{len(lines)} problème :", f"{len(lines)} problèmes :")), head
    assert digest(db) == before  # a check never writes
    return [line[4:] for line in lines]


def test_a_healthy_catalogue(db: Path) -> None:
    before = digest(db)
    ran = run("check", "--db", db)
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout.strip() == f"{db} : catalogue sain."
    assert digest(db) == before


def test_damaged_pages_are_listed_one_finding_a_line(db: Path) -> None:
    pages = db.stat().st_size // 4096
    rng = random.Random(9)
    with db.open("r+b") as f:  # scribble over a few pages in the middle of the file
        for page in (pages // 3, pages // 2, 2 * pages // 3):
            f.seek(page * 4096 + 100)
            f.write(rng.randbytes(2000))
    problems = listed(db)
    assert all(p.startswith("Intégrité SQLite : ") for p in problems), problems
    assert not any("***" in p for p in problems), problems


SCHEMA_DAMAGE: dict[str, tuple[str, str]] = {
    # what another tool did: (its SQL, what check says)
    "search index dropped": ("DROP TABLE offers_fts", "Schéma : il manque la table « offers_fts »"),
    "settings dropped": ("DROP TABLE settings", "Schéma : il manque la table « settings »"),
    "journal dropped": ("DROP TABLE journal", "Schéma : il manque la table « journal »"),
    "a column dropped": (
        "ALTER TABLE offers DROP COLUMN site",
        "Schéma : il manque la colonne « site » à la table « offers »",
    ),
    "an index dropped": ("DROP INDEX offers_need", "Schéma : il manque l'index « offers_need »"),
}


@pytest.mark.parametrize("case", list(SCHEMA_DAMAGE))
def test_a_damaged_schema_is_listed_not_a_crash(case: str, db: Path) -> None:
    statement, said = SCHEMA_DAMAGE[case]
    sql(db, statement)
    assert said in listed(db)


def test_a_catalogue_of_a_newer_schema_version_is_refused_in_one_line(db: Path) -> None:
    sql(db, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = digest(db)
    line = one_clear_line(run("check", "--db", db))
    assert f"schéma {SCHEMA_VERSION + 1}" in line and "plus récente" in line, line
    assert digest(db) == before


def _behind_the_journal(db: Path) -> None:
    sql(db, "UPDATE offers SET need = 'training' WHERE id = 7")


def _creation_lost(db: Path) -> None:
    sql(db, "DELETE FROM journal WHERE entity = 'offers' AND entity_id = 12")


def _index_lost_a_row(db: Path) -> None:
    sql(db, "DELETE FROM offers_fts WHERE rowid = 20")


def _index_gained_a_row(db: Path) -> None:
    sql(db, "INSERT INTO offers_fts(rowid, title) VALUES (5000, 'fantôme')")


CONTENT_DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "a write that escaped the journal": (
        _behind_the_journal,
        "Journal : offers n° 7, « need » vaut training mais le journal dit ",
    ),
    "an entry without its creation record": (
        _creation_lost,
        "Journal : offers n° 12 n'a pas d'entrée de création",
    ),
    "the search index lost a row": (
        _index_lost_a_row,
        "Index de recherche : 1 entrée de « offers » absente ou périmée",
    ),
    "the search index holds a row too many": (
        _index_gained_a_row,
        "Index de recherche : 1 ligne en trop pour « offers »",
    ),
}


@pytest.mark.parametrize("case", list(CONTENT_DAMAGE))
def test_index_and_journal_against_the_entries(case: str, db: Path) -> None:
    damage, said = CONTENT_DAMAGE[case]
    damage(db)
    problems = listed(db)
    assert len(problems) == 1 and problems[0].startswith(said), problems
