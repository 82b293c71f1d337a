from __future__ import annotations

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue import check as check_mod


def test_check_pages_through_the_catalogue_and_finds_every_kind_of_damage(
    cat: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_mod, "_PAGE", 3)  # many pages over a small catalogue
    for i in range(10):
        cat.create("offers", {"title": f"Offre {i}", "structure": f"Structure {i % 3}", "email": "a@b.fr"})
    cat.delete("offers", 4)
    assert check_mod.check(cat) == []
    cat.conn.execute("UPDATE offers SET need='funding' WHERE id=7")  # behind the journal's back
    cat.conn.execute("DELETE FROM offers_fts WHERE rowid=8")  # index lost a row
    cat.conn.execute("INSERT INTO offers_fts(rowid, title) VALUES (99, 'fantôme')")  # and gained one
    problems = check_mod.check(cat)
    assert any("n° 7" in p and "need" in p for p in problems)
    assert any("absente" in p or "missing" in p for p in problems)
    assert any("en trop" in p or "extra" in p for p in problems)
