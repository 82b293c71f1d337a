"""DESIGN.md's command line, checked from outside: every command and flag it names, run as it writes them
with bad input, exits 2 with one clear line on stderr, nothing on stdout, no traceback, and leaves the
catalogue as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .kit import one_clear_line, run

BAD = [
    # (arguments, a word the line must hold)
    (("init", "{db}"), "existe déjà"),
    (("init", "{db}", "--sample"), "existe déjà"),
    (("import", "{tmp}/absent.xlsx", "--db", "{db}"), "introuvable"),
    (("import", "{tmp}/notes.pdf", "--db", "{db}"), "format non pris en charge"),
    (("import", "{tmp}/offres.csv", "--db", "{db}", "--kind", "structures"), "--kind"),
    (("import", "{tmp}/offres.csv", "--db", "{db}", "--sheet", "Feuil2"), "Feuil2"),
    (("import", "{tmp}/offres.csv", "--db", "{tmp}/absent.sqlite"), "introuvable"),
    (("import", "{tmp}/offres.csv"), "--db"),
    (("undo-import", "abc", "--db", "{db}"), "abc"),
    (("undo-import", "99999999999999999999999", "--db", "{db}"), "99999999999999999999999"),
    (("undo-import", "42", "--db", "{db}"), "42"),
    (("export", "structures", "--db", "{db}", "-o", "{tmp}/x.csv"), "structures"),
    (("export", "offers", "--db", "{db}", "-o", "{tmp}/x.pdf"), "x.pdf"),
    (("export", "offers", "--db", "{db}"), "-o"),
    (("export", "offers", "--db", "{db}", "-o", "{tmp}/x.xlsx", "--partner", "Personne"), "Personne"),
    (("stale", "--db", "{db}", "--as-of", "31/12/2025"), "31/12/2025"),
    (("stale", "--db", "{db}", "--as-of", "0001-01-01", "--json"), "0001-01-01"),  # no day before year 1
    (("export", "actions", "--db", "{db}", "-o", "{tmp}/x.csv", "--as-of", "0001-01-01"), "0001-01-01"),
    (("stale", "--db", "{tmp}/absent.sqlite"), "introuvable"),
    (("stale", "--db", "{tmp}/notes.pdf"), "pas un catalogue"),
    (("gui", "--db"), "--db"),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("bad")
    db = tmp / "catalogue.sqlite"
    assert run("init", db, "--sample").returncode == 0
    (tmp / "notes.pdf").write_bytes(b"%PDF-1.4 not a spreadsheet\n")
    (tmp / "offres.csv").write_text("Offre;Structure;Besoin\nIncubation;Impulse;Accompagnement\n", "utf-8")
    return {"db": db, "tmp": tmp}


@pytest.mark.parametrize(("args", "needle"), BAD, ids=lambda a: " ".join(a) if isinstance(a, tuple) else None)
def test_bad_input_is_refused_in_one_line_with_exit_2(
    files: dict[str, Path], args: tuple[str, ...], needle: str
) -> None:
    db = files["db"]
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run(*(a.format(**files) for a in args))
    line = one_clear_line(result, 2)
    assert needle in line, line
    assert result.stdout == ""
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
