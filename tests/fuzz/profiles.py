"""Hypothesis settings for the fuzz tests (applied per test, so other suites keep their own).

`FUZZ` follows the `STEWARDDESK_HYPOTHESIS` profile: `stewarddesk` (the default) is derandomized — the
same examples on every run, so a failure is never a fluke of one run and CI never flickers — writes no
example database into the checkout and has no deadline (a generated workbook's import has its own,
machine-dependent pace). `deep` draws fresh, many more examples for a local hunt:
`STEWARDDESK_HYPOTHESIS=deep .venv/bin/pytest tests/fuzz`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "stewarddesk",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep", parent=settings.get_profile("stewarddesk"), derandomize=False, max_examples=5000
)
FUZZ = settings.get_profile(os.environ.get("STEWARDDESK_HYPOTHESIS", "stewarddesk"))


def examples(default: int) -> int:
    """`default` examples under the default profile, proportionally more under `deep`."""
    return default * FUZZ.max_examples // 200
