"""A real wheel carries everything the app needs: nothing is read from the checkout at run time.

The wheel is built from the checkout, then installed (plain, not editable) into a throwaway virtual
environment, and its `stewarddesk` command is run from an empty folder: init --sample, stale, export.
The environment borrows the already-installed dependencies (PySide6 and the rest) through a .pth line
instead of downloading them again; the test's own site-packages is appended after the environment's,
and the editable install's path hook in it is never processed, so `stewarddesk` can only come from the
wheel.
"""

from __future__ import annotations

import csv
import json
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from stewarddesk.fields import export_columns

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("stewarddesk-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed in it (not editable), and its bin folder."""
    env = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    python = env / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env_site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    (env_site / "borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return env / "bin"


def run(bin_dir: Path, home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "fr_FR.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [*map(str, args)], cwd=home, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_wheel_holds_the_sample_catalogue_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "stewarddesk/sample_db/catalogue.sqlite" in names
    assert "stewarddesk/resources/icons/stewarddesk.svg" in names
    assert "stewarddesk/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    # The wheel carries exactly the committed sample catalogue.
    packed = zipfile.ZipFile(wheel).read("stewarddesk/sample_db/catalogue.sqlite")
    assert packed == (ROOT / "sample_db" / "catalogue.sqlite").read_bytes()


def test_installed_wheel_works_away_from_the_checkout(venv: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    where = run(
        venv,
        home,
        venv / "python",
        "-c",
        "import sys, stewarddesk, stewarddesk.paths as p; print(stewarddesk.__file__);"
        "print(p.sample_catalogue()); print(p.icon('stewarddesk'));"
        "print(any(x.rstrip('/') in (sys.argv[1], sys.argv[1] + '/src') for x in sys.path))",
        ROOT,
    )
    assert where.returncode == 0, where.stderr
    *files, checkout_on_path = where.stdout.splitlines()
    assert all(f.startswith(str(venv.parent)) for f in files), files
    assert checkout_on_path == "False"

    command = venv / "stewarddesk"  # the console script the wheel declares
    assert run(venv, home, command, "--version").stdout.startswith("StewardDesk ")
    db = home / "c.sqlite"
    init = run(venv, home, command, "init", db, "--sample")
    assert init.returncode == 0, init.stderr
    assert init.stdout.strip() == f"Catalogue d'exemple créé : {db}"

    stale = run(venv, home, command, "stale", "--db", db, "--as-of", "2026-11-21", "--json")
    assert stale.returncode == 0, stale.stderr
    report = json.loads(stale.stdout)
    assert all(report["counts"][flag] > 0 for flag in ("stale", "overdue", "incomplete")), report["counts"]

    out = home / "a.csv"
    export = run(venv, home, command, "export", "actions", "--db", db, "-o", out)
    assert export.returncode == 0, export.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == export_columns("actions")
    assert len(rows) == 1 + 9  # the roadmap's nine actions
    workbook = home / "o.xlsx"
    assert run(venv, home, command, "export", "offers", "--db", db, "-o", workbook).returncode == 0
    assert zipfile.is_zipfile(workbook)
