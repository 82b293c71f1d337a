"""A path that cannot be used is refused with what is really wrong with it: a folder given where a file
is expected, a file where a folder should be, a folder that refuses new files. Never « not found » for a
folder, « read-only catalogue » for a catalogue not yet created, or the spreadsheet hint for a folder.

Read-only means a read-only mount as root (chmod does not stop root), chmod otherwise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.kit import is_root, remount, tmpfs

from .kit import one_clear_line, run

# EROFS as root (a read-only mount), EACCES as another user (chmod).
READ_ONLY_REASONS = ("(support en lecture seule)", "(accès refusé)")


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    if is_root():
        with tmpfs(folder, "1m"):
            remount(folder, "ro")
            yield folder
    else:
        folder.mkdir()
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.sqlite"
    assert run("init", path).returncode == 0
    return path


def test_init_on_a_folder(tmp_path: Path) -> None:
    line = one_clear_line(run("init", tmp_path))
    assert line == (
        f"stewarddesk: « {tmp_path} » est un dossier : donnez le chemin du catalogue à créer "
        f"(par exemple {tmp_path}/catalogue.sqlite)."
    )


@pytest.mark.parametrize("below", ["x.db", "a/b/x.db"])
def test_init_below_a_file(tmp_path: Path, below: str) -> None:
    (tmp_path / "notes.txt").write_text("x")
    line = one_clear_line(run("init", tmp_path / "notes.txt" / below))
    assert f"« {tmp_path}/notes.txt » n'est pas un dossier" in line
    assert "File exists" not in line and "Not a directory" not in line


@pytest.mark.parametrize("sample", [False, True], ids=["empty", "sample"])
def test_init_in_a_read_only_folder(tmp_path: Path, sample: bool) -> None:
    with read_only_folder(tmp_path / "partage") as folder:
        args = ("init", folder / "sub" / "c.sqlite", *(["--sample"] if sample else []))
        line = one_clear_line(run(*args))
    assert line.startswith(f"stewarddesk: Impossible de créer un catalogue dans le dossier « {folder} » (")
    assert any(r in line for r in READ_ONLY_REASONS), line
    assert "consulté" not in line  # no catalogue exists yet: nothing to consult


@pytest.mark.parametrize("command", ["stale", "check", "import", "export"])
def test_a_folder_given_as_the_catalogue(tmp_path: Path, command: str) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Offre;Structure\nA;B\n", encoding="utf-8")
    args = {
        "stale": ("stale",),
        "check": ("check",),
        "import": ("import", sheet, "--kind", "offers"),
        "export": ("export", "offers", "-o", tmp_path / "x.csv"),
    }[command]
    line = one_clear_line(run(*args, "--db", tmp_path))
    assert f"« {tmp_path} » est un dossier, pas un catalogue" in line and "introuvable" not in line
    assert f"{tmp_path}/catalogue.sqlite" in line


def test_export_to_a_folder(db: Path, tmp_path: Path) -> None:
    line = one_clear_line(run("export", "offers", "--db", db, "-o", tmp_path))
    assert f"« {tmp_path} » est un dossier : donnez le nom du fichier à écrire" in line
    assert "format" not in line


def test_export_below_a_file(db: Path, tmp_path: Path) -> None:
    line = one_clear_line(run("export", "offers", "--db", db, "-o", db / "x.csv"))
    assert f"« {db} » n'est pas un dossier" in line and "n'existe pas" not in line


def test_export_into_a_read_only_folder(db: Path, tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "partage") as folder:
        line = one_clear_line(run("export", "offers", "--db", db, "-o", folder / "x.csv"))
    assert line.startswith(f"stewarddesk: Impossible d'écrire dans le dossier « {folder} » (")
    assert any(r in line for r in READ_ONLY_REASONS), line
    assert "tableur" not in line and "Read-only" not in line
