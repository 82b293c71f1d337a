"""Who and when, as the journal records them outside tests: the OS user and the local time, with its offset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue


def test_journal_records_the_os_user_and_the_local_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "mdupont")  # what getpass reads first, as a login shell sets it
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    with Catalogue.new(tmp_path / "c.sqlite") as cat:
        (offer_id,) = cat.create("offers", {"title": "Incubateur Impulse", "structure": "Impulse"}).created
        cat.update("offers", offer_id, {"need": "support"})
        history = cat.history("offers", offer_id)
    after = dt.datetime.now().astimezone()
    assert [(h.op, h.who, h.source) for h in history] == [
        ("update", "mdupont", "manual"),
        ("create", "mdupont", "manual"),
    ]
    assert (history[0].field, history[0].old, history[0].new) == ("need", None, "support")
    for h in history:
        at = dt.datetime.fromisoformat(h.at)
        assert at.utcoffset() is not None, h.at  # an instant, not a wall-clock time of unknown zone
        assert before <= at <= after
