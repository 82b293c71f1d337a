"""Catalogues that cannot be opened, or not for writing: a locked one (another program holds it), one in a
read-only folder. Each time a clear message and a way out, never a crash; the screen and the file agree.
(Not a catalogue, a newer version, a missing file: test_main_window.py.)"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from stewarddesk.catalogue import store
from stewarddesk.gui.main_window import MainWindow
from stewarddesk.gui.read_only import is_read_only
from tests.faults.kit import is_root, remount, tmpfs

from .conftest import build_catalogue, open_catalogue, wait_idle


def visible_box(qtbot: QtBot, window: MainWindow, name: str) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [b for b in window.findChildren(QMessageBox, name) if b.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[-1]


def test_a_locked_catalogue_says_it_is_busy_and_keeps_the_one_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = build_catalogue(tmp_path / "verrouille.sqlite", n_actions=1)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)  # the real wait is 5 s
    holder = sqlite3.connect(locked, isolation_level=None)  # another program, holding it for itself
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert not window.open_catalogue(locked)
        box = visible_box(qtbot, window, "errorBox")
        assert "occupé par une autre opération" in box.text() and "réessayez" in box.text()
        box.accept()
        assert window.session is not None and window.session.path.name == "catalogue.sqlite"
        assert window.pages["offers"].model.rowCount() == 6  # type: ignore[union-attr]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert window.open_catalogue(locked)  # released: it opens
    wait_idle(qtbot, window)
    assert window.session is not None and window.session.path == locked


@contextlib.contextmanager
def read_only_folder(folder: Path, source: Path) -> Iterator[Path]:
    """A copy of `source` in `folder`, the folder then made read-only (a read-only mount as root, whom
    chmod does not stop)."""
    inside = folder / source.name
    if is_root():
        with tmpfs(folder, "8m"):
            shutil.copyfile(source, inside)
            remount(folder, "ro")
            yield inside
        return
    folder.mkdir()
    shutil.copyfile(source, inside)
    folder.chmod(0o555)
    try:
        yield inside
    finally:
        folder.chmod(0o755)


def test_a_catalogue_in_a_read_only_folder_says_so_at_once_and_offers_a_writable_copy(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    catalogue_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(None)
    with read_only_folder(tmp_path / "cle-usb", catalogue_path) as protected:
        assert is_read_only(protected)
        assert window.open_catalogue(protected)  # it opens, for reading
        wait_idle(qtbot, window)
        box = visible_box(qtbot, window, "readOnlyBox")
        assert "est en lecture seule" in box.text() and "pas le modifier" in box.text()
        assert "enregistrez-en une copie" in box.informativeText()
        notice = window.read_only
        assert [b.text() for b in notice.buttons.values()] == [
            "Enregistrer une copie…",
            "Ouvrir un autre catalogue…",
            "Consulter",
        ]
        assert notice.label.isVisible() and notice.label.text() == "Lecture seule"
        assert window.pages["offers"].model.rowCount() == 6  # type: ignore[union-attr]

        copy = tmp_path / "copie.sqlite"
        monkeypatch.setattr(
            "stewarddesk.gui.read_only.QFileDialog.getSaveFileName", lambda *a, **k: (str(copy), "")
        )
        notice.buttons["save"].click()  # the way out: a copy where one can write, opened in its place
        wait_idle(qtbot, window)
        assert window.session is not None and window.session.path == copy
        assert not notice.label.isVisible()
        offers = window.pages["offers"]
        entry_id = offers.model.id_at(0)  # type: ignore[union-attr]
        window.session.undo.update("offers", entry_id, {"site": "Belle de Mai"})
        with open_catalogue(copy) as cat:
            assert cat.get("offers", entry_id)["site"] == "Belle de Mai"
        with open_catalogue(protected) as original:  # the protected catalogue is as it was
            assert original.get("offers", entry_id)["site"] is None
        window.close()  # before the folder is unmounted


def test_a_writable_catalogue_says_nothing_about_it(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.read_only.label.isVisible()
    assert not [b for b in window.findChildren(QMessageBox, "readOnlyBox") if b.isVisible()]
