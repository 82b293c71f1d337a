"""The id-list table model: Qt's model contract, rows fetched a page at a time, SQL sorting, edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from pytestqt.modeltest import ModelTester

from stewarddesk.catalogue import Catalogue, Changes, Query
from stewarddesk.fields import Kind
from stewarddesk.gui.facets import FacetModel
from stewarddesk.gui.table_model import FLAGS_ROLE, ID_ROLE, EntryTableModel

from .conftest import TODAY, open_catalogue


@pytest.fixture
def cat(catalogue_path: Path) -> Any:
    c = open_catalogue(catalogue_path)
    yield c
    c.close()


def titles(model: EntryTableModel) -> list[str]:
    col = model.column_named("name" if model.kind == "structures" else "title")
    return [model.index(r, col).data() for r in range(model.rowCount())]


@pytest.mark.parametrize("kind", ["offers", "actions", "structures"])
def test_every_table_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, cat: Catalogue, kind: Kind, french: None
) -> None:
    model = EntryTableModel(cat, kind)
    model.refresh()
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    model.set_query(model.query.with_(text="impulse" if kind != "actions" else "numéro 1"))
    qtmodeltester.check(model, force_py=True)


def test_review_queue_model_passes_qt_model_tester(qtmodeltester: ModelTester, cat: Catalogue) -> None:
    from stewarddesk.gui.display import QUEUE_COLUMNS

    model = EntryTableModel(
        cat,
        "actions",
        columns=QUEUE_COLUMNS["actions"],
        query=Query(flags=("stale", "overdue"), sort="reviewed"),
    )
    model.refresh()
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_facet_model_passes_qt_model_tester(qtmodeltester: ModelTester, cat: Catalogue, french: None) -> None:
    model = FacetModel("offers", "need")
    model.set_counts(cat.facets("offers", "need", Query(as_of=TODAY)))
    model.set_checked(["funding", "nonexistent"])
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(model.row_of("funding") or 0), Qt.ItemDataRole.DisplayRole) == "Financement"
    assert model.count_of("nonexistent") == 0  # a ticked value stays listed so it can be unticked


def test_rows_are_fetched_a_page_at_a_time_and_flags_read_no_row(
    cat: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = EntryTableModel(cat, "actions")
    model.refresh()
    assert model.rowCount() == 60
    fetched: list[int] = []
    real_rows = cat.rows

    def counting_rows(kind: Kind, ids: Any) -> Any:
        fetched.append(len(ids))
        return real_rows(kind, ids)

    monkeypatch.setattr(cat, "rows", counting_rows)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            model.flags(model.index(row, column))
    assert fetched == []  # Ctrl+A over 100,000 rows must not read them
    model.index(0, 2).data()
    model.index(5, 3).data()
    assert fetched == [60]  # one page (PAGE=100 > 60 rows) for both cells


def test_sorting_is_a_new_query(cat: Catalogue, french: None) -> None:
    model = EntryTableModel(cat, "actions")
    model.refresh()
    assert titles(model)[:2] == ["Action numéro 01", "Action numéro 02"]
    model.sort(model.column_named("title"), Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "title" and model.query.descending
    assert titles(model)[0] == "Action numéro 60"
    model.sort(model.column_named("flags"), Qt.SortOrder.AscendingOrder)  # computed: not sortable
    assert model.query.sort == "title"


def test_cells_show_labels_tints_and_reasons(cat: Catalogue, french: None) -> None:
    model = EntryTableModel(cat, "offers")
    model.refresh()
    row = titles(model).index("Prêt d'honneur innovation")
    need = model.index(row, model.column_named("need"))
    assert need.data() == "Financement"
    assert need.data(Qt.ItemDataRole.EditRole) == "funding"
    assert isinstance(need.data(Qt.ItemDataRole.BackgroundRole), QColor)
    flags_cell = model.index(row, model.column_named("flags"))
    assert {f.kind for f in flags_cell.data(FLAGS_ROLE)} == {"stale", "incomplete"}
    assert flags_cell.data() == "À revoir +1"
    assert isinstance(flags_cell.data(Qt.ItemDataRole.DecorationRole), QIcon)
    tooltip = model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Non revue depuis 34 mois" in tooltip and "Aucun contact" in tooltip
    assert model.index(row, 0).data(ID_ROLE) == model.id_at(row)
    reviewed = model.index(row, model.column_named("reviewed"))
    assert reviewed.data() == "10/01/2024"


def test_set_data_goes_through_the_edit_handler(cat: Catalogue) -> None:
    model = EntryTableModel(cat, "actions")
    model.refresh()
    calls: list[tuple[Kind, int, str, Any]] = []
    assert not model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable  # no handler: read-only

    def handler(kind: Kind, entry_id: int, name: str, value: Any) -> bool:
        calls.append((kind, entry_id, name, value))
        model.apply_changes(cat.update(kind, entry_id, {name: value}))
        return True

    model.edit_handler = handler
    index = model.index(0, model.column_named("status"))
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "done")
    assert calls == [("actions", model.id_at(0), "status", "done")]
    assert index.data() == "Réalisée" or index.data() == "Completed"
    assert model.setData(index, "done")  # the same value again: nothing to write
    assert len(calls) == 1
    assert not model.setData(QModelIndex(), "x")


def test_apply_changes_refreshes_only_what_moved(cat: Catalogue, qtbot: Any) -> None:
    model = EntryTableModel(cat, "actions")
    model.refresh()
    first = model.id_at(0)
    model.index(0, 2).data()
    with qtbot.waitSignal(model.dataChanged):
        model.apply_changes(cat.update("actions", first, {"title": "Action numéro 01 bis"}))
    assert model.index(0, model.column_named("title")).data() == "Action numéro 01 bis"
    with qtbot.waitSignal(model.modelReset):
        model.apply_changes(Changes("actions", created=(999,)))
    model.apply_changes(Changes("offers", updated=(1,)))  # another kind: nothing to do


def test_model_tester_follows_an_answer_delivered_in_two_parts(
    qtmodeltester: ModelTester, cat: Catalogue, french: None
) -> None:
    """The window's loader shows the first rows of an answer, then appends the rest (rows inserted, no
    reset). Checked once, the tester stays connected and runs its whole check again at every signal of
    that path, of a new query replacing a partial answer, and of a row changed in place."""
    pending: list[tuple[list[int], Any]] = []

    def loader(kind: Kind, query: Query, deliver: Any, fail: Any) -> None:
        pending.append((cat.ids(kind, query), deliver))

    model = EntryTableModel(cat, "actions", loader=loader)
    qtmodeltester.check(model, force_py=True)  # empty, before any answer
    model.refresh()
    ids, deliver = pending.pop()
    deliver(ids[:10], False)  # the first rows
    assert model.rowCount() == 10 and model.loading
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    deliver(ids, True)  # the rest, appended
    assert inserted == [(10, 59)] and model.rowCount() == 60 and not model.loading
    model.set_query(model.query.with_(text="numéro 1"))  # a new query: its first part replaces all
    ids, deliver = pending.pop()
    deliver(ids[:3], False)
    deliver(ids, True)
    assert 0 < model.rowCount() == len(ids) < 60
    model.apply_changes(cat.update("actions", ids[0], {"status": "done"}))  # a row changed in place
    assert model.index(0, model.column_named("status")).data() == "Réalisée"


def test_model_tester_on_the_windows_own_model_while_the_user_searches(
    qtmodeltester: ModelTester, qtbot: Any, window: Any
) -> None:
    """The live offers model of the window (the background reader's loader) while a search is typed and
    cleared: every signal it sends on the way is checked."""
    from .conftest import wait_idle

    offers = window.pages["offers"]
    qtmodeltester.check(offers.model, force_py=True)
    qtbot.keyClicks(offers.search, "cisam")
    qtbot.waitUntil(lambda: offers.model.rowCount() == 2)
    wait_idle(qtbot, window)
    offers.search.clear()
    qtbot.waitUntil(lambda: offers.model.rowCount() == 6)
    wait_idle(qtbot, window)
    # pytest-qt closes the window (which deletes its models) before the tester's own teardown lets go of
    # the model: let go of it now.
    qtmodeltester._cleanup()
    qtmodeltester._model = None
