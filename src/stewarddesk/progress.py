"""Progress reporting and cancellation for long core work (imports, exports, checks).

The core calls `progress(done, total)` now and then and checks `cancel` between rows; it never touches
widgets. The GUI's worker passes a callback that emits a Qt signal; the CLI passes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from stewarddesk.errors import Cancelled
from stewarddesk.i18n import Msg

Progress = Callable[[int, int], None]

CANCELLED = Msg(
    "progress.cancelled",
    "Opération annulée : rien n'a été écrit.",
    "Operation cancelled: nothing was written.",
)


def no_progress(done: int, total: int) -> None:
    """The default callback: report nothing."""


class CancelToken:
    """A cancel flag shared between the GUI thread and a worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if the user asked to stop (call it inside the transaction: it rolls back)."""
        if self._event.is_set():
            raise Cancelled(CANCELLED())
