"""The one runner for long work: results and failures come back on the GUI thread by signal, the work runs
on another thread with its own catalogue connection, and Cancel leaves nothing written."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.gui.worker import Runner, run_with_progress, user_message
from stewarddesk.progress import CancelToken, Progress

from .conftest import open_catalogue


@pytest.fixture
def runner(catalogue_path: Path) -> Any:
    r = Runner(catalogue_path, opener=open_catalogue)
    yield r
    r.shutdown()


def test_work_runs_off_the_gui_thread_on_its_own_connection(qtbot: QtBot, runner: Runner) -> None:
    seen: dict[str, Any] = {}

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> int:
        seen["thread"] = threading.current_thread()
        seen["conn"] = cat.conn
        progress(1, 2)
        progress(2, 2)
        return cat.total("offers")

    results: list[int] = []
    progress_seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.submit(work, on_done=results.append, on_progress=lambda d, t: progress_seen.append((d, t)))
    assert results == [7]
    assert seen["thread"] is not threading.main_thread()
    assert progress_seen[-1] == (2, 2)
    runner.submit(lambda cat, p, c: cat.conn, on_done=lambda conn: results.append(conn is seen["conn"]))
    qtbot.waitUntil(lambda: len(results) == 2)
    assert results[1] is True  # one connection per runner, reused


def test_a_known_error_comes_back_as_a_sentence(qtbot: QtBot, runner: Runner) -> None:
    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> None:
        raise KnownError("Le fichier est protégé par un mot de passe.")

    with qtbot.waitSignal(runner.failed) as blocker:
        runner.submit(work)
    assert blocker.args == ["Le fichier est protégé par un mot de passe."]


def test_an_unexpected_error_is_not_a_traceback(qtbot: QtBot, runner: Runner, caplog: Any) -> None:
    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> None:
        raise ZeroDivisionError("division by zero")

    errors: list[BaseException] = []
    runner.submit(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    message = user_message(errors[0])
    assert "ZeroDivisionError" in message and "Traceback" not in message


def test_cancel_rolls_back_everything(qtbot: QtBot, runner: Runner, catalogue: Catalogue) -> None:
    started = threading.Event()
    go_on = threading.Event()

    def work(cat: Catalogue, progress: Progress, cancel: CancelToken) -> None:
        with cat.transaction():
            for i in range(100):
                cat.create("structures", {"name": f"Structure temporaire {i}"})
                if i == 10:
                    started.set()
                    go_on.wait(5)
                cancel.check()

    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []
    job, dialog = run_with_progress(parent, runner, work, title="Import", on_error=errors.append)
    assert started.wait(5)
    dialog.show()  # it shows itself after 300 ms of work; no need to wait for that here
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: job.finished)
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert catalogue.total("structures") == 4
    assert not dialog.isVisible()


def test_a_runner_without_catalogue_says_so(qtbot: QtBot) -> None:
    runner = Runner(None)
    try:
        with qtbot.waitSignal(runner.failed) as blocker:
            runner.submit(lambda cat, p, c: None)
        assert blocker.args[0] in ("Aucun catalogue n'est ouvert.", "No catalogue is open.")
    finally:
        runner.shutdown()
