"""What the fault tests share: real `stewarddesk` processes (exit status, stderr, peak memory), generated
partner sheets, a look at a catalogue from outside, and small file systems mounted for the test."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.check import check

AS_OF = "2026-11-21"
HEADER = ["Offre", "Structure", "Besoin", "Description", "Email", "Statut", "Réf. partenaire", "Revue le"]
STRUCTURES = ("Marseille Innovation", "Impulse", "CISAM", "Provence Angels", "Belle de Mai", "Pépite")
NEEDS = ("Financement", "Accompagnement", "Hébergement", "Mise en réseau / événements", "Formation")
WORDS = [
    "accompagnement",
    "financement",
    "hébergement",
    "pépinière",
    "incubateur",
    "laboratoire",
    "innovation",
    "amorçage",
    "technopôle",
    "métropole",
    "réseau",
    "prototypage",
    "recrutement",
    "international",
    "santé",
    "numérique",
    "énergie",
    "mer",
    "Arbois",
    "Luminy",
    "Château-Gombert",
    "Belle-de-Mai",
    "océan",
    "robotique",
    "photonique",
]


def env(lang: str = "fr_FR.UTF-8") -> dict[str, str]:
    """A user's environment: French, no debug tracebacks, nothing inherited from the test runner."""
    return {"PATH": "/usr/bin:/bin", "LANG": lang, "HOME": "/tmp", "PYTHONIOENCODING": "utf-8"}


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "stewarddesk", *map(str, args)]


@dataclass(frozen=True)
class Ran:
    """A finished process: its exit status (negative: killed by that signal), output, peak resident memory
    (its own, from wait4) and wall time."""

    returncode: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


def run(*args: str | Path, timeout: float = 120) -> Ran:
    """Run `stewarddesk ARGS` as a user would and measure it."""
    return run_measured(command(*args), timeout=timeout)


def run_measured(
    argv: Sequence[str], *, timeout: float = 120, extra_env: dict[str, str] | None = None
) -> Ran:
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        peak_file = Path(tmp) / "peak"
        if list(argv[:3]) == [sys.executable, "-m", "stewarddesk"]:
            argv = [sys.executable, "-c", _MEASURED_CLI, str(peak_file), *argv[3:]]
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env={**env(), **(extra_env or {})})
        status, usage = wait_measured(proc, timeout)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        # The child's own VmHWM when it could report it: wait4's ru_maxrss also counts the memory of the
        # pytest process it was spawned from (Linux keeps the pre-exec peak), hundreds of MB late in a run.
        peak_kb = int(peak_file.read_text()) if peak_file.is_file() else usage.ru_maxrss
        return Ran(
            status,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak_kb / 1024,
            seconds,
        )


# `python -m stewarddesk ARGS`, reporting its peak resident memory (VmHWM) into a file when it exits.
_MEASURED_CLI = """
import atexit, runpy, sys
peak_file = sys.argv[1]

def report():
    with open("/proc/self/status") as status:
        hwm = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w") as out:
        out.write(hwm)

atexit.register(report)
sys.argv = ["stewarddesk", *sys.argv[2:]]
runpy.run_module("stewarddesk", run_name="__main__", alter_sys=True)
"""


def wait_measured(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, os.struct_rusage]:
    """Wait for `proc` and return its exit status and its own resource usage (not its siblings')."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        if time.monotonic() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            pytest.fail(f"{proc.args!r} still running after {timeout} s")
        time.sleep(0.01)


def one_clear_line(ran: Ran, code: int = 2) -> str:
    """DESIGN.md: unusable input exits 2 with one line on stderr, never a traceback."""
    assert ran.returncode == code, (ran.returncode, ran.stderr[-2000:])
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr[-2000:]
    assert "Traceback" not in ran.stderr
    assert lines[0].startswith("stewarddesk: ")
    return lines[0]


# ------------------------------------------------------------------------------------------ sheets
def offer_rows(count: int, *, seed: int, prefix: str = "") -> list[list[str]]:
    """`count` plausible, distinct offers (no near-duplicate titles: those only add warnings)."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        title = f"{prefix}{' '.join(rng.sample(WORDS, 3))} n° {i:06d}"
        rows.append(
            [
                title,
                STRUCTURES[i % len(STRUCTURES)],
                rng.choice(NEEDS),
                " ".join(rng.choices(WORDS, k=rng.randint(3, 25))),
                f"contact{i}@example.fr",
                "Active",
                f"{prefix}REF-{i:06d}",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
            ]
        )
    return rows


def write_csv(path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    """French Excel's CSV: `;`, UTF-8 with BOM."""
    lines = [";".join(header)] + [";".join(cell.replace(";", ",") for cell in row) for row in rows]
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Offres")
    sheet.write_row(0, 0, list(header))
    for n, row in enumerate(rows, start=1):
        sheet.write_row(n, 0, list(row))
    book.close()
    return path


# ------------------------------------------------------------------------------------------ catalogue
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(db: Path, sql: str, params: Sequence[object] = ()) -> int:
    """One number read from outside, through a plain connection (as another program would)."""
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()


def integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def problems(db: Path) -> list[str]:
    """`stewarddesk check`'s findings (SQLite integrity, index and journal against the entries)."""
    with Catalogue.open(db) as cat:
        return check(cat)


# ------------------------------------------------------------------------------------------ file systems
def is_root() -> bool:
    return os.geteuid() == 0


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at `folder` for the test (root only; skipped otherwise), always unmounted."""
    if not is_root():
        pytest.skip("mounting a small file system needs root")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        unmount(folder)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True, capture_output=True)


@contextlib.contextmanager
def bind(source: Path, target: Path, *, read_only: bool) -> Iterator[Path]:
    """Mount `source` (a file or a folder) over `target`, read-only if asked (root only)."""
    if not is_root():
        pytest.skip("bind mounts need root")
    done = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {done.stderr.decode().strip()}")
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True, capture_output=True)
        yield target
    finally:
        unmount(target)


def unmount(folder: Path) -> None:
    for _ in range(50):
        if subprocess.run(["umount", str(folder)], capture_output=True, check=False).returncode == 0:
            return
        time.sleep(0.1)  # a process we killed may still be closing its files
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)
