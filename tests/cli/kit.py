"""Running the command line as a user does: a real process, French by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str | Path, lang: str = "fr_FR.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": lang, "HOME": "/tmp", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "stewarddesk", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def one_clear_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The one line a refusal prints on stderr (and no traceback), checking the exit status."""
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]
