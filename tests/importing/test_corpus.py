"""The real-world corpus (../shared/corpus): every file reads or is refused with a KnownError — never
another exception, never a hang (30 s), never more than a few hundred MB. Each file runs in its own process
so that a hang or a memory blow-up is measured, not suffered. Skipped without ../shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .builders import CORPUS, REPO

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus absent ({CORPUS})")

CHILD = r"""
import json, sys
from pathlib import Path
from stewarddesk.errors import KnownError
from stewarddesk.importing.header import HeaderError, find_header
from stewarddesk.importing.read import choose_sheet, open_workbook
outcome = {}
try:
    with open_workbook(Path(sys.argv[1])) as wb:
        counts = {}
        for sheet in wb.sheet_names():
            rows = list(wb.rows(sheet))
            counts[sheet] = len(rows)
            wb.hidden_columns(sheet)
            wb.warnings(sheet)
            try:
                find_header(rows, None)
            except HeaderError:
                pass
        choose_sheet(wb, None) if wb.sheets else None
    outcome = {"status": "read", "rows": sum(counts.values())}
except KnownError as exc:
    outcome = {"status": "refused", "message": str(exc)}
# VmHWM is this process's own peak: ru_maxrss would also count the parent's, inherited through exec.
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
outcome["maxrss_mb"] = hwm / 1024
print(json.dumps(outcome))
"""


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file(path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["status"] in ("read", "refused")
    if outcome["status"] == "refused":
        assert "\n" not in outcome["message"] and path.name in outcome["message"]
    assert outcome["maxrss_mb"] < 400, outcome
