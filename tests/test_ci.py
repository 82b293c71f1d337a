""".ci/run fails on any failure, and counts « pytest collected nothing » (exit 5) as one.

The script runs on a copy of the repository's shape where .ci/install and the tools of .venv/bin are stubs
that record their call and exit with the status the test chooses: what is checked is the script's own
logic (order, stopping, exit status), in a second, without installing anything.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def ci_run(tmp_path: Path, **exits: int) -> tuple[int, list[str], str]:
    """Run a copy of .ci/run with stub tools; `exits` gives a tool's exit status (default 0)."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    calls = tmp_path / "calls"
    stubs = {
        ".ci/install": "install",
        ".venv/bin/ruff": "ruff",
        ".venv/bin/mypy": "mypy",
        ".venv/bin/pytest": "pytest",
    }
    for where, name in stubs.items():
        stub = tmp_path / where
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\nexit {exits.get(name, 0)}\n')
        stub.chmod(0o755)
    result = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True, timeout=60, check=False
    )
    called = [line.strip() for line in calls.read_text().splitlines()] if calls.exists() else []
    return result.returncode, called, result.stderr


def test_green_runs_install_lint_types_then_the_readme_test_command(tmp_path: Path) -> None:
    status, called, _ = ci_run(tmp_path)
    assert status == 0
    assert [c.split()[0] for c in called] == ["install", "ruff", "ruff", "mypy", "pytest"]
    assert called[1] == "ruff check src tests benchmarks sample_db"
    assert called[2] == "ruff format --check src tests benchmarks sample_db"
    assert called[-1] == "pytest"  # exactly the README's command: `.venv/bin/pytest`
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```sh\n.venv/bin/pytest\n```" in readme


def test_no_test_collected_is_a_failure(tmp_path: Path) -> None:
    status, _, stderr = ci_run(tmp_path, pytest=5)
    assert status == 1
    assert "collected no tests" in stderr


@pytest.mark.parametrize("failing", ["install", "ruff", "mypy", "pytest"])
def test_any_failing_step_fails_the_run_and_stops_it(tmp_path: Path, failing: str) -> None:
    status, called, _ = ci_run(tmp_path, **{failing: 3})
    assert status != 0
    assert [c.split()[0] for c in called][-1] == failing  # nothing runs after a failure
