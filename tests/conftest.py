"""Shared test set-up: Qt runs offscreen (set before any test module loads Qt)."""

from __future__ import annotations

import os

# No display on CI or in a terminal session: every Qt test draws offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
