"""The first page of a search read by walking the sort's index gives the same rows as the full sort."""

from __future__ import annotations

import random

import pytest

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, Query, reads
from stewarddesk.errors import Cancelled

WORDS = ["incubateur", "incubation", "prêt", "honneur", "pépinière", "accélérateur", "fab", "lab", "santé"]


@pytest.fixture
def filled(cat: Catalogue) -> Catalogue:
    rng = random.Random(4)
    needs = vocab.codes("need")
    with cat.transaction():
        for i in range(120):
            title = " ".join(rng.choice(WORDS) for _ in range(3)).capitalize()
            reviewed = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if i % 4 else None
            cat.create(
                "offers",
                {
                    "title": f"{title} {i % 7}",
                    "structure": f"Structure {i % 5}",
                    "need": rng.choice(needs),
                    "reviewed": reviewed,
                    "status": "archived" if i % 11 == 0 else "active",
                },
            )
            cat.create("actions", {"title": f"{title} action", "code": f"A.{i % 4}.{i}"})
    return cat


@pytest.mark.parametrize("kind", ["offers", "actions"])
@pytest.mark.parametrize("sort", ["title", "reviewed", "review_age", "id", "structure", "code", "need"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("text", ["inc", "incub prêt", "santé", "zzz"])
def test_the_first_page_is_the_head_of_the_full_list(
    filled: Catalogue, monkeypatch: pytest.MonkeyPatch, kind: str, sort: str, descending: bool, text: str
) -> None:
    monkeypatch.setattr(reads, "DENSE_SEARCH", 5)  # every search but « zzz » takes the index walk
    for query in (
        Query(text=text, sort=sort, descending=descending),
        Query(text=text, sort=sort, descending=descending, include_archived=True),
        Query(text=text, sort=sort, descending=descending, filters={"need": ("funding", "")}),
    ):
        if kind == "actions" and "need" in (query.filters.keys() | {sort}):
            continue
        everything = filled.ids(kind, query)  # type: ignore[arg-type]
        for limit in (1, 7, 40, 500):
            assert filled.ids(kind, query, limit=limit) == everything[:limit]  # type: ignore[arg-type]


def test_a_dense_search_walks_the_title_index(filled: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan the first page takes (what makes it fast at 100,000 entries)."""
    monkeypatch.setattr(reads, "DENSE_SEARCH", 5)
    seen: list[str] = []
    filled.conn.set_trace_callback(seen.append)
    filled.ids("offers", Query(text="inc"), limit=50)
    filled.conn.set_trace_callback(None)
    assert any("+offers.id IN" in s and s.endswith("LIMIT 50") for s in seen)
    seen.clear()
    filled.conn.set_trace_callback(seen.append)
    filled.ids("offers", Query(text="zzz"), limit=50)  # nothing to walk for: the matches drive it
    filled.conn.set_trace_callback(None)
    assert not any("+offers.id IN" in s for s in seen)


def test_a_read_gives_up_once_its_answer_is_no_longer_wanted(filled: Catalogue) -> None:
    """What interrupts a superseded search on the window's reader (seconds at 1,000,000 entries)."""
    wanted = [True]
    with filled.reads_stop_when(lambda: not wanted[0], every=1):
        everything = filled.ids("offers", Query(text="inc"))  # still wanted: read whole
    assert everything == filled.ids("offers", Query(text="inc"))
    wanted[0] = False
    with pytest.raises(Cancelled), filled.reads_stop_when(lambda: not wanted[0], every=1):
        filled.ids("offers", Query(text="inc"))
    # Outside the block the connection reads normally again, whatever the question would answer.
    assert filled.ids("offers", Query(text="inc")) == everything
