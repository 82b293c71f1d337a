"""The two kinds of failure, classified once in the core.

`KnownError` is about the user's file or environment (a corrupt workbook, a catalogue written by a newer
version, a read-only folder): the CLI prints its message on one line and exits 2, the GUI shows it in a
message box. Anything else is our bug (`BugError` or an unexpected exception): the CLI exits 1.
Neither front door ever shows a traceback to a user.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem with the user's input or environment, explained in the message (already translated)."""


class BugError(Exception):
    """An internal inconsistency: a bug of ours, not of the user's file."""


class Cancelled(KnownError):
    """The user cancelled a long operation; whatever it was writing was rolled back."""
