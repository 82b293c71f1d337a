"""The command line speaks one language at a time: argparse's own texts, the help and the messages follow
LANG; plurals agree with their number; English has no French punctuation; system errors are in words."""

from __future__ import annotations

import errno
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from xlsxwriter.exceptions import FileCreateError

from stewarddesk import i18n
from stewarddesk.errors import os_reason
from stewarddesk.i18n import Plural

from .kit import one_clear_line, run

COMMANDS = ("gui", "init", "import", "undo-import", "export", "stale", "check", "backup", "restore")
# argparse's English texts, which must not reach a French user.
SAID = Plural("test.cli.plural", ("{count} entrée", "{count} entrées"), ("{count} entry", "{count} entries"))
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "show this help message", "show program's version")


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language(None)


def test_help_is_all_french_in_french() -> None:
    for args in [("--help",), *((c, "--help") for c in COMMANDS)]:
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("utilisation : stewarddesk"), args
        assert "afficher cette aide et quitter" in result.stdout, args
        assert not [t for t in ARGPARSE_ENGLISH if t in result.stdout], args
    assert "fichier du catalogue (SQLite)" in run("export", "--help").stdout


def test_help_is_all_english_in_english() -> None:
    for args in [("--help",), *((c, "--help") for c in COMMANDS)]:
        result = run(*args, lang="en_US.UTF-8")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: stewarddesk"), args
        assert "show this help message and exit" in result.stdout, args
        for french in ("utilisation", "afficher", "fichier", "entrées", "catalogue d'", "«"):
            assert french not in result.stdout, (args, french)
    exported = run("export", "--help", lang="en_US.UTF-8").stdout
    assert "--db PATH" in exported and "catalogue file (SQLite)" in exported


@pytest.mark.parametrize(
    ("args", "french", "english"),
    [
        (("frobnicate",), "choix « frobnicate » invalide", "invalid choice: 'frobnicate'"),
        (
            ("import",),
            "arguments obligatoires manquants : FICHIER, --db",
            "the following arguments are required",
        ),
        (
            ("undo-import", "abc", "--db", "x"),
            "numéro d'import invalide « abc »",
            'invalid import number "abc"',
        ),
        (("export", "pdf", "--db", "x", "-o", "y.csv"), "choix « pdf » invalide", "invalid choice: 'pdf'"),
        (
            ("stale", "--db", "x", "--nope"),
            "arguments non reconnus : --nope",
            "unrecognized arguments: --nope",
        ),
        (("stale", "--db"), "argument --db : une valeur attendue", "argument --db: expected one argument"),
        (
            ("stale", "--db", "x", "--as-of", "21/11/2026"),
            "date invalide « 21/11/2026 »",
            'invalid date "21/11',
        ),
    ],
)
def test_usage_errors_speak_the_users_language(args: tuple[str, ...], french: str, english: str) -> None:
    assert french in one_clear_line(run(*args))
    line = one_clear_line(run(*args, lang="en_GB.UTF-8"))
    assert english in line and "«" not in line


def test_plurals_agree_in_both_languages() -> None:
    said = SAID
    assert [said.render("fr", n) for n in (0, 1, 2)] == ["0 entrée", "1 entrée", "2 entrées"]
    assert [said.render("en", n) for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]


def test_the_export_line_agrees_with_its_count(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    assert run("init", db).returncode == 0
    result = run("export", "offers", "--db", db, "-o", tmp_path / "x.csv")
    assert result.returncode == 0 and result.stderr.startswith("0 entrée exportée dans"), result.stderr
    result = run("export", "offers", "--db", db, "-o", tmp_path / "x.csv", lang="en_GB.UTF-8")
    assert result.returncode == 0 and result.stderr.startswith("0 entries exported to"), result.stderr


def test_english_messages_carry_no_french_punctuation_nor_plural_brackets() -> None:
    for name in (
        "stewarddesk.cli",
        "stewarddesk.argparse_texts",
        "stewarddesk.errors",
        "stewarddesk.exporting.api",
    ):
        importlib.import_module(name)
    importlib.import_module("stewarddesk.exporting.review")
    mine = ("cli.", "argparse.", "errors.", "exporting.")
    messages = {k: m for k, m in i18n.all_messages().items() if k.startswith(mine)}
    assert len(messages) > 100
    for key, msg in messages.items():
        for mark in ("«", "»", "n°", "(s)", "(y/ies)"):
            assert mark not in msg.en, (key, msg.en)
        assert "(s)" not in msg.fr, (key, msg.fr)


@pytest.mark.usefixtures("english")
def test_system_errors_are_said_in_words() -> None:
    assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "read-only file system"
    i18n.set_language("fr")
    assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "support en lecture seule"
    assert os_reason(FileExistsError(errno.EEXIST, "File exists")) == "un fichier existe déjà à cet endroit"
    assert os_reason(FileCreateError(PermissionError(errno.EACCES, "Permission denied"))) == "accès refusé"
    assert os_reason(OSError(errno.ENOTSUP, "Operation not supported")) == "erreur système ENOTSUP"
    assert os_reason(ValueError("Unrecognized sheet:type")) == "erreur d'entrée-sortie (ValueError)"
